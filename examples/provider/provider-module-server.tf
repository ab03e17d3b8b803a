# A module that takes a server as a variable writes it with a dynamic block:
# `var.server[*]` is a list of one object, or no object when the variable is
# null, and the block then exists or not.
variable "server" {
  description = "Where the tool's calls go, or null for the assistant's server URL."
  type = object({
    url             = string
    credential_id   = optional(string)
    timeout_seconds = optional(number)
    headers         = optional(map(string))
  })
  default = null
}

resource "vapi_function_tool" "lookup" {
  name = "lookup_order"

  dynamic "server" {
    for_each = var.server[*]
    content {
      url             = server.value.url
      credential_id   = server.value.credential_id
      timeout_seconds = server.value.timeout_seconds
      headers         = server.value.headers
    }
  }
}

# A reference to a block reads its one object: server[0], or one() when the
# block may be absent.
output "lookup_server_url" {
  value = one(vapi_function_tool.lookup.server[*].url)
}
