import {
  to = vapi_custom_credential.example
  id = "0b8e3f6a-5c1d-4e2f-8a9b-7c6d5e4f3a21"
}
