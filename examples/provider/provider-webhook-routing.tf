# One server URL on each level. Vapi sends an event to the first level that
# has a server URL, in the order function tool > assistant > phone number > org,
# among the levels that may receive that event.

# The secret that Vapi sends with every webhook, on every level.
resource "vapi_custom_credential" "hooks" {
  name = "webhook-secret"
  bearer {
    token_wo              = var.webhook_secret
    token_wo_version      = 1
    header_name           = "X-Vapi-Secret"
    bearer_prefix_enabled = false
  }
}

# Org: receives whatever no other level routes, e.g. end-of-call reports of
# assistants that have no server URL.
resource "vapi_org" "this" {
  server {
    url           = "https://hooks.example.com/vapi/org"
    credential_id = vapi_custom_credential.hooks.id
  }
}

# Phone number: receives assistant-request (the call needs an assistant) and
# the events of assistants that have no server URL.
resource "vapi_phone_number" "support" {
  name = "Support line"
  vapi {
    number_desired_area_code = "415"
  }
  server {
    url           = "https://hooks.example.com/vapi/phone"
    credential_id = vapi_custom_credential.hooks.id
  }
}

# Function tool: receives the tool-calls of this tool only.
resource "vapi_function_tool" "lookup_order" {
  name        = "lookup_order"
  description = "Looks up an order by its number."
  parameters = jsonencode({
    type = "object"
    properties = {
      order_number = { type = "string", description = "The order number" }
    }
    required = ["order_number"]
  })
  server {
    url           = "https://hooks.example.com/vapi/tools/lookup-order"
    credential_id = vapi_custom_credential.hooks.id
  }
}

# Assistant: receives its own events (status updates, end-of-call reports,
# tool-calls of tools without a server URL, ...).
resource "vapi_assistant" "support" {
  name          = "Support"
  first_message = "Hello! How can I help you today?"
  model {
    provider      = "openai"
    model         = "gpt-4o"
    system_prompt = "You are the support agent of Example Inc."
    tool_ids      = [vapi_function_tool.lookup_order.id]
  }
  voice {
    provider = "vapi"
    voice_id = "Elliot"
  }
  server {
    url           = "https://hooks.example.com/vapi/assistant"
    credential_id = vapi_custom_credential.hooks.id
  }
  server_messages = ["end-of-call-report", "status-update", "tool-calls"]
}

# Where will each event go after this apply? The function reads the planned
# server blocks, so a reviewer sees the routing in the plan of a pull request.
output "routing_after_apply" {
  value = {
    for event in ["tool-calls", "status-update", "assistant-request"] :
    event => provider::vapi::effective_server(
      event,
      vapi_function_tool.lookup_order.server,
      vapi_assistant.support.server,
      vapi_phone_number.support.server,
      vapi_org.this.server,
    )
  }
}

# Where do they go now, as Vapi holds it? The data source reads the API; with
# depends_on on the levels it is read after the apply whenever one changes
# (passing their ids alone would read it at plan time, before the change).
data "vapi_effective_server_url" "tool_calls" {
  event            = "tool-calls"
  function_tool_id = vapi_function_tool.lookup_order.id
  assistant_id     = vapi_assistant.support.id
  phone_number_id  = vapi_phone_number.support.id
  depends_on       = [vapi_function_tool.lookup_order, vapi_assistant.support, vapi_phone_number.support, vapi_org.this]
}

output "tool_calls_now" {
  value = {
    url        = data.vapi_effective_server_url.tool_calls.url
    source     = data.vapi_effective_server_url.tool_calls.source
    subscribed = data.vapi_effective_server_url.tool_calls.subscribed
  }
}

variable "webhook_secret" {
  description = "The secret Vapi sends in the X-Vapi-Secret header."
  type        = string
  sensitive   = true
  ephemeral   = true
}
