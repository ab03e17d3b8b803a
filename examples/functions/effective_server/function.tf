# Where each event will go after this apply: pass each level's `server` as it
# is in the plan. An output built this way shows the routing in the plan a
# reviewer reads, before anything changes.
output "routing_after_apply" {
  value = {
    for event in ["tool-calls", "status-update", "end-of-call-report", "assistant-request"] :
    event => provider::vapi::effective_server(
      event,
      vapi_function_tool.lookup_order.server, # level 1: only tool-calls of this tool
      vapi_assistant.support.server,          # level 2
      vapi_phone_number.support.server,       # level 3
      vapi_org.this.server,                   # level 4
    )
  }
  # "tool-calls" = { source = "function_tool", url = "https://hooks.example.com/vapi/tools/lookup-order",
  #                  credential_id = "...", timeout_seconds = 20 }
}

resource "vapi_function_tool" "lookup_order" {
  name = "lookup_order"
  server {
    url = "https://hooks.example.com/vapi/tools/lookup-order"
  }
}

resource "vapi_assistant" "support" {
  name = "Support"
  server {
    url             = "https://hooks.example.com/vapi/assistant"
    timeout_seconds = 30
  }
}

resource "vapi_phone_number" "support" {
  vapi {
    number_desired_area_code = "415"
  }
}

resource "vapi_org" "this" {
  server {
    url = "https://hooks.example.com/vapi/org"
  }
}
