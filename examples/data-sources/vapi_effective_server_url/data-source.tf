# Where Vapi sends events now, as it holds the objects. The data source is
# read when Terraform reads it: at plan time, unless its arguments are
# unknown or a resource in its depends_on has changes. Passing ids does not
# defer it, so list the level resources in depends_on to read it after the
# apply whenever one of them changes. (For the routing after the apply, in
# the plan, use provider::vapi::effective_server over the planned server
# blocks.)
data "vapi_effective_server_url" "tool_calls" {
  event            = "tool-calls"
  function_tool_id = vapi_function_tool.lookup_order.id
  phone_number_id  = vapi_phone_number.support.id # its assistant is used when assistant_id is not set
  depends_on       = [vapi_function_tool.lookup_order, vapi_phone_number.support]
}

# A function that lives inside the assistant is found by its name.
data "vapi_effective_server_url" "inline_tool_calls" {
  event         = "tool-calls"
  function_name = "get_weather"
  assistant_id  = var.assistant_id
}

# assistant-request is sent before an assistant is chosen, and only for a
# phone number without an assistant, squad or workflow of its own.
data "vapi_effective_server_url" "assistant_request" {
  event           = "assistant-request"
  phone_number_id = vapi_phone_number.support.id
  depends_on      = [vapi_phone_number.support]
}

output "tool_calls" {
  value = {
    url        = data.vapi_effective_server_url.tool_calls.url
    source     = data.vapi_effective_server_url.tool_calls.source # function_tool, assistant, phone_number, org or none
    subscribed = data.vapi_effective_server_url.tool_calls.subscribed
  }
}

output "inline_tool_url" {
  value = data.vapi_effective_server_url.inline_tool_calls.url
}

output "assistant_request" {
  value = {
    url        = data.vapi_effective_server_url.assistant_request.url
    subscribed = data.vapi_effective_server_url.assistant_request.subscribed
  }
}

resource "vapi_function_tool" "lookup_order" {
  name = "lookup_order"
  server {
    url = "https://hooks.example.com/vapi/tools/lookup-order"
  }
}

resource "vapi_phone_number" "support" {
  vapi {
    number_desired_area_code = "415"
  }
  server {
    url = "https://hooks.example.com/vapi/phone"
  }
}

variable "assistant_id" {
  type = string
}
