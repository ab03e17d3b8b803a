# terraform query (Terraform 1.14 and later) lists the function tools of the API
# key's org. With include_resource, each result carries the whole resource,
# from which `terraform query -generate-config-out=generated.tf` writes
# configuration and import blocks.
list "vapi_function_tool" "all" {
  provider         = vapi
  include_resource = true
}

# Only those named exactly "get_weather": Vapi's lists cannot filter by name, so
# the provider reads every page and applies the filter.
list "vapi_function_tool" "named" {
  provider = vapi
  config {
    name = "get_weather"
  }
}
