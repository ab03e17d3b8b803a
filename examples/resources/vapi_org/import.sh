# An org is imported by its id (the org of the API key, or another org the
# key may manage).
terraform import vapi_org.example 9e1a3c5d-7f2b-4d6e-8a0c-1e3f5a7b9d2c
