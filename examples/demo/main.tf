# The demo that `make demo` applies against the bundled emulator. The provider
# reads VAPI_BASE_URL and VAPI_API_KEY from the environment.
terraform {
  required_providers {
    vapi = {
      source = "vapi-community/vapi"
    }
  }
}

provider "vapi" {}

resource "vapi_custom_credential" "hooks" {
  name = "demo-webhook-secret"
  bearer = {
    token                 = "demo-secret-token"
    header_name           = "X-Vapi-Secret"
    bearer_prefix_enabled = false
  }
}

resource "vapi_function_tool" "weather" {
  name        = "get_weather"
  description = "Current weather for a city"
  parameters = jsonencode({
    type       = "object"
    properties = { location = { type = "string", description = "City name" } }
    required   = ["location"]
  })

  server = {
    url           = "https://tools.example.com/weather"
    credential_id = vapi_custom_credential.hooks.id
    backoff_plan = {
      type                  = "exponential"
      max_retries           = 3
      base_delay_seconds    = 1
      excluded_status_codes = [400, 401, 403, 404]
    }
  }
}

output "function_tool_id" {
  value = vapi_function_tool.weather.id
}

output "function_tool_server_url" {
  value = vapi_function_tool.weather.server.url
}

output "credential_id" {
  value = vapi_custom_credential.hooks.id
}
