# Arguments: event, then the server URL of the function tool, the assistant,
# the phone number and the org; null where a level sets none.
output "tool_calls_destination" {
  value = provider::vapi::effective_server_url(
    "tool-calls",
    null,
    "https://hooks.example.com/vapi/assistant",
    null,
    "https://hooks.example.com/vapi/org",
  )
  # { source = "assistant", url = "https://hooks.example.com/vapi/assistant" }
}

output "assistant_request_destination" {
  value = provider::vapi::effective_server_url(
    "assistant-request",
    null,
    "https://hooks.example.com/vapi/assistant",
    null,
    "https://hooks.example.com/vapi/org",
  )
  # { source = "org", url = "https://hooks.example.com/vapi/org" }: an
  # assistant cannot receive assistant-request.
}
