# terraform query (Terraform 1.14 and later) lists the assistants of the API
# key's org. With include_resource, each result carries the whole resource,
# from which `terraform query -generate-config-out=generated.tf` writes
# configuration and import blocks.
list "vapi_assistant" "all" {
  provider         = vapi
  include_resource = true
}

# Only those named exactly "Support": Vapi's lists cannot filter by name, so
# the provider reads every page and applies the filter.
list "vapi_assistant" "named" {
  provider = vapi
  config {
    name = "Support"
  }
}
