# The demo that `make demo` applies against the bundled emulator: a server URL
# at each of the four levels, and where Vapi sends each event class as a
# result. The provider reads VAPI_BASE_URL and VAPI_API_KEY from the
# environment.
terraform {
  required_providers {
    vapi = { source = "vapi-community/vapi" }
  }
}

provider "vapi" {}

# How Vapi authenticates to the webhook servers: the classic secret header.
resource "vapi_custom_credential" "hooks" {
  name = "demo-webhook-secret"
  bearer {
    token                 = "demo-secret-token"
    header_name           = "X-Vapi-Secret"
    bearer_prefix_enabled = false
  }
}

# Level 4 (lowest): the organization, the catch-all.
resource "vapi_org" "this" {
  server {
    url           = "https://hooks.example.com/org"
    credential_id = vapi_custom_credential.hooks.id
  }
}

# Level 1 (highest): the tool's own server receives its tool-calls.
resource "vapi_function_tool" "weather" {
  name        = "get_weather"
  description = "Current weather for a city"
  parameters = jsonencode({
    type       = "object"
    properties = { location = { type = "string", description = "City name" } }
    required   = ["location"]
  })

  server {
    url           = "https://tools.example.com/weather"
    credential_id = vapi_custom_credential.hooks.id
    backoff_plan {
      type                  = "exponential"
      max_retries           = 3
      base_delay_seconds    = 1
      excluded_status_codes = [400, 401, 403, 404]
    }
  }
}

# A tool without a server: its calls fall through to the assistant.
resource "vapi_function_tool" "lookup_order" {
  name        = "lookup_order"
  description = "Looks up an order by its number"
  parameters = jsonencode({
    type       = "object"
    properties = { order_number = { type = "string" } }
  })
}

# Level 2: the assistant's server receives its call events.
resource "vapi_assistant" "support" {
  name          = "Support"
  first_message = "Hi! How can I help?"
  model {
    provider      = "openai"
    model         = "gpt-4o"
    system_prompt = "You are a friendly support agent."
    tool_ids      = [vapi_function_tool.weather.id, vapi_function_tool.lookup_order.id]
  }
  voice {
    provider = "vapi"
    voice_id = "Elliot"
  }
  server {
    url             = "https://hooks.example.com/assistant"
    credential_id   = vapi_custom_credential.hooks.id
    timeout_seconds = 30
  }
  server_messages = ["end-of-call-report", "status-update", "tool-calls"]
}

# Level 3: the phone number. With no assistant of its own, an inbound call
# first asks its server which assistant to use (assistant-request).
resource "vapi_phone_number" "inbound" {
  name = "Inbound line"
  vapi {
    number_desired_area_code = "415"
  }
  server {
    url = "https://hooks.example.com/phone"
  }
}

locals {
  # Each event class, and the objects a call would involve.
  queries = {
    "tool-calls (get_weather)"    = { event = "tool-calls", tool = vapi_function_tool.weather.id, assistant = vapi_assistant.support.id, phone = vapi_phone_number.inbound.id }
    "tool-calls (lookup_order)"   = { event = "tool-calls", tool = vapi_function_tool.lookup_order.id, assistant = vapi_assistant.support.id, phone = vapi_phone_number.inbound.id }
    "end-of-call-report"          = { event = "end-of-call-report", tool = null, assistant = vapi_assistant.support.id, phone = vapi_phone_number.inbound.id }
    "status-update"               = { event = "status-update", tool = null, assistant = vapi_assistant.support.id, phone = vapi_phone_number.inbound.id }
    "transcript (not subscribed)" = { event = "transcript", tool = null, assistant = vapi_assistant.support.id, phone = vapi_phone_number.inbound.id }
    "assistant-request"           = { event = "assistant-request", tool = null, assistant = null, phone = vapi_phone_number.inbound.id }
    "status-update (web call)"    = { event = "status-update", tool = null, assistant = null, phone = null }
  }
}

data "vapi_effective_server_url" "route" {
  for_each = local.queries

  event            = each.value.event
  function_tool_id = each.value.tool
  assistant_id     = each.value.assistant
  phone_number_id  = each.value.phone
  org_id           = vapi_org.this.id
}

output "routing" {
  description = "For each event class: where Vapi sends it, which level decided, and whether it is sent at all."
  value = {
    for name, route in data.vapi_effective_server_url.route : name =>
    route.subscribed ? "${route.url} (from the ${route.source})" : "not sent: the assistant's server_messages leave it out"
  }
}

# The same rule as a pure function, for URLs known at plan time.
output "function_example" {
  value = provider::vapi::effective_server_url("status-update", null, null, vapi_phone_number.inbound.server[0].url, vapi_org.this.server[0].url)
}

output "phone_number" {
  value = vapi_phone_number.inbound.number
}
