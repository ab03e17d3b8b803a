# The org-wide settings of the organization that owns the API key. The org's
# server URL is the last fallback: it receives every event that no function
# tool, assistant or phone number routes elsewhere. Destroying this resource
# clears the org's server; it never deletes the org.
resource "vapi_org" "example" {
  name = "Example Inc."

  server {
    url             = "https://hooks.example.com/vapi"
    credential_id   = var.webhook_credential_id
    timeout_seconds = 20
    headers = {
      "X-Env" = "prod"
    }
    backoff_plan {
      type               = "fixed"
      max_retries        = 2
      base_delay_seconds = 2
    }
    static_ip_addresses_enabled = false
  }
}

variable "webhook_credential_id" {
  type = string
}
