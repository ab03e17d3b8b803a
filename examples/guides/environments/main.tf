# One configuration for every environment. The provider takes the API key of
# the environment's org from VAPI_API_KEY (and, for an org in the EU region,
# the endpoint from VAPI_BASE_URL), so no key is written here and a run can
# only reach the org whose key it is given.
provider "vapi" {}

variable "environment" {
  description = "dev, uat or prod."
  type        = string
}

variable "org_id" {
  description = "The id of the environment's Vapi org (dashboard: Organization Settings)."
  type        = string
}

variable "webhook_base_url" {
  description = "Where the environment's webhook server listens."
  type        = string
}

variable "tool_server" {
  description = "A server of its own for the lookup_order tool, or null to send its calls to the assistant's server."
  type = object({
    url             = string
    timeout_seconds = optional(number)
  })
  default = null
}

variable "webhook_token" {
  description = "The environment's webhook secret, sent in X-Vapi-Secret (TF_VAR_webhook_token)."
  type        = string
  sensitive   = true
  ephemeral   = true
}

module "voice_agent" {
  source = "./modules/voice-agent"

  environment      = var.environment
  org_id           = var.org_id
  webhook_base_url = var.webhook_base_url
  tool_server      = var.tool_server
  webhook_token    = var.webhook_token
}

output "tool_calls_go_to" {
  value = module.voice_agent.tool_calls_go_to
}
