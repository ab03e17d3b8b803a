terraform {
  required_providers {
    vapi = {
      source = "vapi-community/vapi"
    }
  }
  # Each environment keeps its own state: with workspaces, one per
  # environment in this backend (configure yours here).
}
