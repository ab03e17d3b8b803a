# A function tool is imported by its id.
terraform import vapi_function_tool.example 6f5cbd1e-2a7b-4c34-9a0e-3d8f0c6b1a52
