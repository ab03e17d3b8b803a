terraform {
  required_providers {
    vapi = {
      source = "vapi-community/vapi"
    }
  }
}
