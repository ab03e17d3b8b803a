# Every object of the org that can hold a server URL, with the URL it holds,
# set by this configuration, another one or the dashboard.
data "vapi_server_urls" "all" {}

locals {
  # The objects that have a server URL, with its host and a label for messages.
  webhooks = [
    for o in data.vapi_server_urls.all.objects : merge(o, {
      host  = try(regex("^[a-z]+://([^/:?#]+)", o.url)[0], "")
      label = o.inline ? "the function ${o.function_name} of the assistant ${coalesce(o.name, o.id)}" : "the ${replace(o.level, "_", " ")} ${coalesce(o.name, o.id)}"
    }) if o.url != null
  ]
  staging_webhooks = [for w in local.webhooks : w if endswith(w.host, ".staging.example.com")]
}

# Audits run on every plan and apply; a failed assertion is a warning that
# names the objects, and never stops the run.
check "no_production_webhook_points_at_staging" {
  assert {
    condition     = length(local.staging_webhooks) == 0
    error_message = "Server URLs point at a staging host: ${join("; ", [for w in local.staging_webhooks : "${w.label} (${w.id}) sends to ${w.url}"])}."
  }
}

check "webhooks_use_https" {
  assert {
    condition     = alltrue([for w in local.webhooks : startswith(w.url, "https://")])
    error_message = "Server URLs without https://: ${join("; ", [for w in local.webhooks : "${w.label}: ${w.url}" if !startswith(w.url, "https://")])}."
  }
}

# Which server URLs each level holds, for a review.
output "server_urls_by_level" {
  value = {
    for level in ["function_tool", "assistant", "phone_number", "org"] :
    level => [for w in local.webhooks : w.url if w.level == level]
  }
}
