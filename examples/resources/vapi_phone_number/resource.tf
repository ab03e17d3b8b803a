# A free Vapi number in the 415 area code. Its server URL receives
# assistant-request (when it has no assistant_id) and the events of
# assistants that have no server URL of their own.
resource "vapi_phone_number" "example" {
  name = "Support line"
  vapi {
    number_desired_area_code = "415"
  }
  server {
    url           = "https://hooks.example.com/vapi/phone"
    credential_id = var.webhook_credential_id
  }
}

# A Twilio number answered by an assistant.
resource "vapi_phone_number" "twilio" {
  name         = "Sales line"
  assistant_id = var.sales_assistant_id
  twilio {
    number      = "+14155550123"
    account_sid = "AC00000000000000000000000000000000"
    auth_token  = var.twilio_auth_token
    sms_enabled = false
  }
}

# A number of your own SIP trunk (a byo-sip-trunk credential).
resource "vapi_phone_number" "byo" {
  name = "Office line"
  byo {
    number                    = "+4930123456789"
    credential_id             = var.sip_trunk_credential_id
    number_e164_check_enabled = true
  }
  server {
    url = "https://hooks.example.com/vapi/office"
  }
}

variable "webhook_credential_id" {
  type = string
}

variable "sales_assistant_id" {
  type = string
}

variable "sip_trunk_credential_id" {
  type = string
}

variable "twilio_auth_token" {
  type      = string
  sensitive = true
}
