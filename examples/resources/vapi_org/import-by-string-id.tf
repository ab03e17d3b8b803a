import {
  to = vapi_org.example
  id = "9e1a3c5d-7f2b-4d6e-8a0c-1e3f5a7b9d2c"
}
