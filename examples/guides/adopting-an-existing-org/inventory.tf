# Every object of the org that can hold a server URL.
data "vapi_server_urls" "inventory" {}

locals {
  # The resource that imports each level. An inline function tool is part of
  # its assistant's vapi_assistant and is imported with it.
  resource_types = {
    org           = "vapi_org"
    phone_number  = "vapi_phone_number"
    assistant     = "vapi_assistant"
    function_tool = "vapi_function_tool"
  }
  standalone = [
    for o in data.vapi_server_urls.inventory.objects : merge(o, {
      slug = trim(replace(lower(coalesce(o.name, o.level)), "/[^a-z0-9]+/", "_"), "_")
    }) if !o.inline
  ]
  # One import per object, named after the object and the start of its id
  # (a name must start with a letter), and one per custom credential the
  # servers authenticate with.
  imports = concat(
    [for o in local.standalone : {
      to = "${local.resource_types[o.level]}.${join("_", compact([can(regex("^[a-z]", o.slug)) ? "" : o.level, o.slug, substr(o.id, 0, 8)]))}"
      id = o.id
    }],
    [for id in sort(distinct(compact(data.vapi_server_urls.inventory.objects[*].credential_id))) : {
      to = "vapi_custom_credential.credential_${substr(id, 0, 8)}"
      id = id
    }],
  )
}

# The import blocks, as text: terraform output -raw import_blocks > imports.tf
output "import_blocks" {
  value = join("", [for i in local.imports : <<-EOT
    import {
      to = ${i.to}
      id = "${i.id}"
    }

    EOT
  ])
}
