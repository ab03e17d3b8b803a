# A custom credential is imported by its id. Vapi never returns the secret:
# the first apply after the import sends the configured one.
terraform import vapi_custom_credential.example 0b8e3f6a-5c1d-4e2f-8a9b-7c6d5e4f3a21
