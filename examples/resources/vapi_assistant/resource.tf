resource "vapi_assistant" "example" {
  name               = "Support"
  first_message      = "Hello! How can I help you today?"
  first_message_mode = "assistant-speaks-first"

  model {
    provider      = "openai"
    model         = "gpt-4o"
    system_prompt = "You are the friendly support agent of Example Inc. Keep answers short."
    temperature   = 0.5
    max_tokens    = 250
    tool_ids      = [vapi_function_tool.lookup_order.id]
  }

  voice {
    provider = "vapi"
    voice_id = "Elliot"
  }

  transcriber {
    provider = "deepgram"
    model    = "nova-3"
    language = "en"
  }

  # The assistant's events go here unless a function tool has its own server.
  server {
    url             = "https://hooks.example.com/vapi/assistant"
    timeout_seconds = 20
  }
  # The events Vapi sends to the server URL at all.
  server_messages = ["end-of-call-report", "status-update", "tool-calls", "transfer-destination-request"]

  end_call_message        = "Thanks for calling. Goodbye!"
  end_call_phrases        = ["goodbye", "talk to you later"]
  voicemail_message       = "Hi, this is Example Inc. returning your call. Please call us back."
  max_duration_seconds    = 600
  silence_timeout_seconds = 30
  background_sound        = "office"
  client_messages         = ["transcript", "status-update", "hang"]

  # Included in the assistant's events.
  metadata = jsonencode({ team = "support", tier = 1 })
}

resource "vapi_function_tool" "lookup_order" {
  name        = "lookup_order"
  description = "Looks up an order by its number."
  parameters = jsonencode({
    type = "object"
    properties = {
      order_number = { type = "string" }
    }
    required = ["order_number"]
  })
}
