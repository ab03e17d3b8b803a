environment      = "prod"
org_id           = "7a1c3e5f-2b4d-4f6a-8c9e-0b1d2f3a4c05"
webhook_base_url = "https://hooks.example.com"
