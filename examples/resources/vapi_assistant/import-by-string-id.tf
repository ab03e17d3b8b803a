import {
  to = vapi_assistant.example
  id = "2d4c6e8a-1b3d-4f5a-9c7e-0a2b4c6d8e1f"
}
