# Where does Vapi send the tool-calls of a function tool, on a call to a
# phone number? The phone number's assistant is used when assistant_id is
# not set; the org is the API key's own.
data "vapi_effective_server_url" "tool_calls" {
  event            = "tool-calls"
  function_tool_id = var.function_tool_id
  phone_number_id  = var.phone_number_id
}

# assistant-request is sent before an assistant is chosen: only the phone
# number and the org can receive it.
data "vapi_effective_server_url" "assistant_request" {
  event           = "assistant-request"
  phone_number_id = var.phone_number_id
}

output "tool_calls" {
  value = {
    url        = data.vapi_effective_server_url.tool_calls.url
    source     = data.vapi_effective_server_url.tool_calls.source # function_tool, assistant, phone_number, org or none
    subscribed = data.vapi_effective_server_url.tool_calls.subscribed
  }
}

output "assistant_request_url" {
  value = data.vapi_effective_server_url.assistant_request.url
}

variable "function_tool_id" {
  type = string
}

variable "phone_number_id" {
  type = string
}
