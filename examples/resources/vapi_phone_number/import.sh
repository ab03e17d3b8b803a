# A phone number is imported by its id. Vapi never returns telephony secrets
# (such as a Twilio auth token): the first apply after the import sends them.
terraform import vapi_phone_number.example 7a9c1e3f-5b7d-4a6c-8e0f-2b4d6f8a0c3e
