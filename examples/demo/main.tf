# The demo that `make demo` applies against the bundled emulator: a server URL
# on each of the four levels, the routing a reviewer reads in the plan, and
# the routing Vapi holds after the apply. The provider reads VAPI_BASE_URL and
# VAPI_API_KEY from the environment; the four URLs are the demo's webhook
# receivers on loopback.
terraform {
  required_providers {
    vapi = { source = "vapi-community/vapi" }
  }
}

provider "vapi" {}

variable "org_url" {
  description = "The org's server URL: the last fallback."
  type        = string
  default     = "https://hooks.example.com/org"
}

variable "phone_url" {
  description = "The phone number's server URL."
  type        = string
  default     = "https://hooks.example.com/phone"
}

variable "assistant_url" {
  description = "The assistant's server URL, or \"\" for none: then its events fall through to the phone number."
  type        = string
  default     = "https://hooks.example.com/assistant"
}

variable "tool_url" {
  description = "The get_weather tool's server URL."
  type        = string
  default     = "https://hooks.example.com/tools/weather"
}

variable "webhook_token" {
  description = "The bearer token Vapi sends to every server URL."
  type        = string
  default     = "demo-secret-token"
  sensitive   = true
  ephemeral   = true
}

# How Vapi authenticates to the webhook servers: a bearer token, write-only
# (never in the plan or the state).
resource "vapi_custom_credential" "hooks" {
  name = "demo-webhooks"
  bearer {
    token_wo = var.webhook_token
  }
}

# Level 4 (lowest): the organization, the catch-all.
resource "vapi_org" "this" {
  server {
    url           = var.org_url
    credential_id = vapi_custom_credential.hooks.id
  }
}

# Level 1 (highest): a standalone function tool's own server receives its
# tool-calls.
resource "vapi_function_tool" "weather" {
  name        = "get_weather"
  description = "Current weather for a city"
  parameters = jsonencode({
    type       = "object"
    properties = { city = { type = "string", description = "City name" } }
    required   = ["city"]
  })
  server {
    url           = var.tool_url
    credential_id = vapi_custom_credential.hooks.id
    backoff_plan {
      type                  = "exponential"
      max_retries           = 3
      base_delay_seconds    = 1
      excluded_status_codes = [400, 401, 403, 404]
    }
  }
}

# Level 2: the assistant. Its inline function tool lookup_order has no server
# of its own, so its calls go to the assistant's.
resource "vapi_assistant" "support" {
  name          = "Support"
  first_message = "Hi! How can I help?"
  model {
    provider      = "openai"
    model         = "gpt-4o"
    system_prompt = "You are a friendly support agent."
    tool_ids      = [vapi_function_tool.weather.id]
    function_tools {
      name        = "lookup_order"
      description = "Looks an order up by its number."
      parameters  = jsonencode({ type = "object", properties = { order = { type = "string" } } })
    }
  }
  voice {
    provider = "vapi"
    voice_id = "Elliot"
  }
  dynamic "server" {
    for_each = var.assistant_url == "" ? [] : [var.assistant_url]
    content {
      url           = server.value
      credential_id = vapi_custom_credential.hooks.id
    }
  }
  server_messages = ["status-update", "end-of-call-report", "tool-calls"]
}

# Level 3: the phone number. It answers with the assistant, so Vapi never
# sends it an assistant-request.
resource "vapi_phone_number" "inbound" {
  name         = "Inbound line"
  assistant_id = vapi_assistant.support.id
  vapi {
    number_desired_area_code = "415"
  }
  server {
    url           = var.phone_url
    credential_id = vapi_custom_credential.hooks.id
  }
}

locals {
  # The events of a call to the number, in the order Vapi sends them, with
  # each level's server: the function tool level is the tool that handles
  # the call (standalone, inline, or none).
  events = [
    { name = "status-update", event = "status-update", tool = null },
    { name = "tool-calls get_weather", event = "tool-calls", tool = vapi_function_tool.weather.server },
    { name = "tool-calls lookup_order", event = "tool-calls", tool = vapi_assistant.support.model[0].function_tools[0].server },
    { name = "end-of-call-report", event = "end-of-call-report", tool = null },
  ]
  level = {
    function_tool = "function tool", assistant = "assistant", phone_number = "phone number", org = "org", none = "nowhere"
  }
}

# Where each event will go after this apply, from the planned server blocks:
# what a reviewer reads in the plan of a pull request.
output "routing_after_apply" {
  value = join("\n", [for e in local.events : format("%-24s -> %-13s %s", e.name,
    local.level[provider::vapi::effective_server(e.event, e.tool, vapi_assistant.support.server,
    vapi_phone_number.inbound.server, vapi_org.this.server).source],
    coalesce(provider::vapi::effective_server(e.event, e.tool, vapi_assistant.support.server,
  vapi_phone_number.inbound.server, vapi_org.this.server).url, "-"))])
}

# Where each event goes now, as Vapi holds it: read after the apply whenever
# a level changes (depends_on), with whether the assistant subscribes.
data "vapi_effective_server_url" "now" {
  for_each = { for i, e in local.events : format("%d %s", i, e.name) => e }

  event            = each.value.event
  function_tool_id = each.value.name == "tool-calls get_weather" ? vapi_function_tool.weather.id : null
  function_name    = each.value.name == "tool-calls lookup_order" ? "lookup_order" : null
  phone_number_id  = vapi_phone_number.inbound.id
  org_id           = vapi_org.this.id
  depends_on       = [vapi_org.this, vapi_phone_number.inbound, vapi_assistant.support, vapi_function_tool.weather]
}

output "routing_now" {
  value = join("\n", [for key, route in data.vapi_effective_server_url.now : format("%-24s -> %-13s %s",
    substr(key, 2, -1), route.subscribed ? local.level[route.source] : "not sent",
  route.subscribed ? coalesce(route.url, "-") : "(the assistant's server_messages leave it out)")])
}

output "phone_number_id" {
  value = vapi_phone_number.inbound.id
}
