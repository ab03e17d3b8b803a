# A static secret in a header of every webhook request: the classic
# "X-Vapi-Secret: <token>". The write-only token_wo keeps the secret out of
# the plan and state; bump token_wo_version to send a new one.
resource "vapi_custom_credential" "example" {
  name = "webhook-secret"
  bearer {
    token_wo              = var.webhook_secret
    token_wo_version      = 1
    header_name           = "X-Vapi-Secret"
    bearer_prefix_enabled = false
  }
}

# An HMAC signature of every request, which your server verifies.
resource "vapi_custom_credential" "signed" {
  name = "webhook-hmac"
  hmac {
    secret_key_wo         = var.hmac_secret
    secret_key_wo_version = 1
    algorithm             = "sha256"
    signature_header      = "X-Signature"
    timestamp_header      = "X-Timestamp"
    signature_prefix      = "sha256="
  }
}

# OAuth 2 client credentials: Vapi fetches an access token from your token
# endpoint and sends it as a bearer token.
resource "vapi_custom_credential" "oauth" {
  name = "webhook-oauth2"
  oauth2 {
    url                      = "https://auth.example.com/oauth/token"
    client_id                = "vapi-webhooks"
    client_secret_wo         = var.oauth_client_secret
    client_secret_wo_version = 1
    scope                    = "webhooks:write"
  }
}

# Use a credential on any level that has a server block.
resource "vapi_org" "example" {
  server {
    url           = "https://hooks.example.com/vapi"
    credential_id = vapi_custom_credential.example.id
  }
}

variable "webhook_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "hmac_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "oauth_client_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}
