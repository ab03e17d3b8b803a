environment      = "dev"
org_id           = "0d5e7a8c-1f2b-4c3d-9e4f-5a6b7c8d9e01"
webhook_base_url = "https://hooks.dev.example.com"

# In dev, the tool's calls go to an engineer's tunnel.
tool_server = {
  url             = "https://lookup-order.tunnel.example.com/vapi"
  timeout_seconds = 60
}
