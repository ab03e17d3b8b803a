# The voice agent of one environment. Every environment applies this module
# to its own org; only the variables differ.

variable "environment" {
  type = string
}

variable "org_id" {
  description = "The org this environment's API key must belong to."
  type        = string
}

variable "webhook_base_url" {
  type = string
}

variable "tool_server" {
  type = object({
    url             = string
    timeout_seconds = optional(number)
  })
  default = null
}

variable "webhook_token" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "webhook_token_version" {
  description = "Change it whenever webhook_token changes, to send the new one."
  type        = number
  default     = 1
}

# Stops the plan, before any change, when VAPI_API_KEY belongs to another
# environment's org.
data "vapi_server_urls" "org" {
  lifecycle {
    postcondition {
      condition     = one([for o in self.objects : o.id if o.level == "org"]) == var.org_id
      error_message = "VAPI_API_KEY is not a key of the ${var.environment} org ${var.org_id}: run this environment with its own key."
    }
  }
}

resource "vapi_custom_credential" "hooks" {
  name = "hooks-${var.environment}"
  bearer {
    token_wo              = var.webhook_token
    token_wo_version      = var.webhook_token_version
    header_name           = "X-Vapi-Secret"
    bearer_prefix_enabled = false
  }
}

resource "vapi_function_tool" "lookup_order" {
  name        = "lookup_order"
  description = "Looks an order up by its number."
  parameters = jsonencode({
    type       = "object"
    properties = { order = { type = "string" } }
    required   = ["order"]
  })

  # A server block only in the environments that set tool_server:
  # var.tool_server[*] is a list of one object, or of none when it is null.
  dynamic "server" {
    for_each = var.tool_server[*]
    content {
      url             = server.value.url
      timeout_seconds = server.value.timeout_seconds
      credential_id   = vapi_custom_credential.hooks.id
    }
  }
}

resource "vapi_assistant" "support" {
  name          = "support-${var.environment}"
  first_message = "Hello, how can I help?"
  model {
    provider = "openai"
    model    = "gpt-4o"
    tool_ids = [vapi_function_tool.lookup_order.id]
  }
  server {
    url           = "${var.webhook_base_url}/vapi/assistant"
    credential_id = vapi_custom_credential.hooks.id
  }
}

resource "vapi_phone_number" "support" {
  name         = "support-${var.environment}"
  assistant_id = vapi_assistant.support.id
  vapi {
    number_desired_area_code = "415"
  }
}

output "tool_calls_go_to" {
  description = "Where the tool's calls go after the apply, and with which credential."
  value = provider::vapi::effective_server("tool-calls",
    vapi_function_tool.lookup_order.server,
    vapi_assistant.support.server,
    vapi_phone_number.support.server,
    [], # the org's server is not managed here; [] (not null) works in OpenTofu too
  )
}
