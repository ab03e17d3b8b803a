import {
  to = vapi_phone_number.example
  id = "7a9c1e3f-5b7d-4a6c-8e0f-2b4d6f8a0c3e"
}
