# A function the assistant's model can call. Vapi sends the call to the tool's
# own server URL, which takes priority over the assistant's, the phone number's
# and the org's.
resource "vapi_function_tool" "example" {
  name        = "get_weather"
  description = "Returns the current weather for a city."
  parameters = jsonencode({
    type = "object"
    properties = {
      location = { type = "string", description = "The city, e.g. Berlin" }
      unit     = { type = "string", enum = ["celsius", "fahrenheit"] }
    }
    required = ["location"]
  })
  strict = true
  async  = false

  server {
    url             = "https://tools.example.com/weather"
    credential_id   = vapi_custom_credential.tools.id
    timeout_seconds = 10
    headers = {
      "X-Env" = "prod"
    }
    backoff_plan {
      type                  = "exponential"
      max_retries           = 3
      base_delay_seconds    = 1
      excluded_status_codes = [400, 401, 403, 404]
    }
  }
}

# The secret Vapi sends to the tool's server.
resource "vapi_custom_credential" "tools" {
  name = "tools-secret"
  bearer {
    token_wo         = var.tools_secret
    token_wo_version = 1
  }
}

variable "tools_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}
