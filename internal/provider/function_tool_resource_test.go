package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

const toolAddr = "vapi_function_tool.weather"

func functionToolConfig(serverURL string) string {
	server := ""
	if serverURL != "" {
		server = fmt.Sprintf(`
  server {
    url             = %q
    timeout_seconds = 30
    headers         = { "X-Env" = "test" }
    backoff_plan {
      type                  = "exponential"
      max_retries           = 3
      base_delay_seconds    = 1
      excluded_status_codes = [400, 401]
    }
  }`, serverURL)
	}
	return fmt.Sprintf(`
resource "vapi_function_tool" "weather" {
  name        = "get_weather"
  description = "Current weather for a city"
  parameters = jsonencode({
    type       = "object"
    properties = { location = { type = "string" } }
    required   = ["location"]
  })
  %s
}
`, server)
}

func TestFunctionToolResource_lifecycle(t *testing.T) {
	t.Parallel()
	storedServerURL := func(want string) func(*testEnv) resource.TestCheckFunc {
		return func(env *testEnv) resource.TestCheckFunc {
			return func(*terraform.State) error {
				tool, _ := env.emu.Object(emulator.KindTool, env.onlyID(emulator.KindTool))
				if tool["type"] != "function" || field(tool, "server", "url") != want {
					return fmt.Errorf("expected a function tool with server.url %s in the emulator, got %v", want, tool)
				}
				return nil
			}
		}
	}
	lifecycleCase{
		addr:       toolAddr,
		kind:       emulator.KindTool,
		collection: "/tool",
		config: func(env *testEnv, version int) string {
			return env.config(functionToolConfig(fmt.Sprintf("https://hooks.example.com/v%d", version)))
		},
		createdState: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(toolAddr, tfjsonpath.New("server").AtSliceIndex(0).AtMapKey("static_ip_addresses_enabled"), knownvalue.Bool(false)),
			statecheck.ExpectKnownValue(toolAddr, tfjsonpath.New("strict"), knownvalue.Bool(false)),
		},
		created: storedServerURL("https://hooks.example.com/v1"),
		updated: storedServerURL("https://hooks.example.com/v2"),
		drift: func(obj map[string]any) {
			server, _ := obj["server"].(map[string]any)
			server["url"] = "https://evil.example.com"
		},
	}.run(t)
}

// An update keeps the server fields this provider does not manage
// (encryptedPaths here), because Vapi's PATCH replaces the server object whole.
func TestFunctionToolResource_updateKeepsUnmanagedServerFields(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: env.config(functionToolConfig("https://hooks.example.com/a"))},
			{
				PreConfig: func() {
					mustMutate(t, env, emulator.KindTool, func(obj map[string]any) {
						server, _ := obj["server"].(map[string]any)
						server["encryptedPaths"] = []any{"message.call.customer.number"}
					})
				},
				Config: env.config(functionToolConfig("https://hooks.example.com/c")),
				Check: func(*terraform.State) error {
					tool, _ := env.emu.Object(emulator.KindTool, env.onlyID(emulator.KindTool))
					server, _ := tool["server"].(map[string]any)
					if server["url"] != "https://hooks.example.com/c" || server["encryptedPaths"] == nil {
						return fmt.Errorf("expected the new url and the unmanaged encryptedPaths, got %v", server)
					}
					return nil
				},
			},
		},
	})
}

func TestFunctionToolResource_parametersComparedSemantically(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(`
resource "vapi_function_tool" "t" {
  name       = "lookup"
  parameters = <<JSON
{ "required": ["id"],   "type": "object",
  "properties": { "id": { "type": "string" } } }
JSON
}
`),
			},
		},
	})
}

func TestFunctionToolResource_invalidConfigs(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	cases := []invalidBody{
		{"name with a space", `name = "get weather"`, regexp.MustCompile(`(?s)Attribute name.*letters, digits`)},
		{"server url not a url", `
  name   = "ok"
  server {
    url = "not a url"
  }`, regexp.MustCompile(`(?s)server\[0\].url.*not an absolute`)},
		{"credential id not a uuid", `
  name   = "ok"
  server {
    url = "https://h.example.com"
    credential_id = "abc"
  }`, regexp.MustCompile(`(?s)server\[0\].credential_id.*must be the id of a\s+vapi_custom_credential`)},
		{"timeout 0", `
  name   = "ok"
  server {
    url = "https://h.example.com"
    timeout_seconds = 0
  }`, regexp.MustCompile(`(?s)server\[0\].timeout_seconds.*between 1 and 300, got:\s+0`)},
		{"timeout 301", `
  name   = "ok"
  server {
    url = "https://h.example.com"
    timeout_seconds = 301
  }`, regexp.MustCompile(`(?s)server\[0\].timeout_seconds.*between 1 and 300, got:\s+301`)},
		{"parameters not an object", `
  name       = "ok"
  parameters = jsonencode(["a"])`, regexp.MustCompile(`(?s)parameters.*JSON Schema object`)},
		{"backoff type", `
  name   = "ok"
  server {
    url          = "https://h.example.com"
    backoff_plan {
      type = "linear"
      max_retries = 1
      base_delay_seconds = 1
    }
  }`, regexp.MustCompile(`(?s)server\[0\].backoff_plan\[0\].type.*value must be one of`)},
	}
	expectInvalidBlocks(t, env, `resource "vapi_function_tool" "bad"`, cases)
}
