terraform {
  required_providers {
    vapi = { source = "vapi-community/vapi" }
  }
}

# With no arguments the provider reads VAPI_API_KEY (or VAPI_TOKEN) and,
# optionally, VAPI_BASE_URL from the environment.
provider "vapi" {}

# Every argument can also be set in the configuration. An organization in the
# EU region uses the EU endpoint.
provider "vapi" {
  alias = "eu"

  api_key             = var.vapi_eu_api_key
  base_url            = "https://api.eu.vapi.ai"
  max_retries         = 4
  requests_per_second = 10
}

variable "vapi_eu_api_key" {
  description = "A private API key of the EU organization."
  type        = string
  sensitive   = true
}
