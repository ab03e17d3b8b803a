package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
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
	env := newTestEnv(t)
	sameID := statecheck.CompareValue(compare.ValuesSame())

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed(emulator.KindTool),
		Steps: []resource.TestStep{
			{
				// Create; the harness then checks that a plan is empty.
				Config: env.config(functionToolConfig("https://hooks.example.com/a")),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(toolAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(toolAddr, tfjsonpath.New("server").AtSliceIndex(0).AtMapKey("url"), knownvalue.StringExact("https://hooks.example.com/a")),
					statecheck.ExpectKnownValue(toolAddr, tfjsonpath.New("server").AtSliceIndex(0).AtMapKey("static_ip_addresses_enabled"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(toolAddr, tfjsonpath.New("strict"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(toolAddr, tfjsonpath.New("org_id"), knownvalue.StringExact(env.emu.OrgID())),
				},
				Check: func(*terraform.State) error {
					tool, ok := env.emu.Object(emulator.KindTool, env.onlyID(emulator.KindTool))
					if !ok || tool["type"] != "function" {
						return fmt.Errorf("expected a function tool in the emulator, got %v", tool)
					}
					return nil
				},
			},
			{
				// Changing server.url is an in-place update with exactly one PATCH.
				PreConfig: env.emu.ResetRequests,
				Config:    env.config(functionToolConfig("https://hooks.example.com/b")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(toolAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(toolAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(toolAddr, tfjsonpath.New("server").AtSliceIndex(0).AtMapKey("url"), knownvalue.StringExact("https://hooks.example.com/b")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.expectRequests("PATCH", "/tool", 1),
					env.expectRequests("POST", "/tool", 0),
				),
			},
			{
				// A change made outside Terraform shows as a diff and is put back.
				PreConfig: func() {
					mustMutate(t, env, emulator.KindTool, func(obj map[string]any) {
						server, _ := obj["server"].(map[string]any)
						server["url"] = "https://evil.example.com"
					})
				},
				Config: env.config(functionToolConfig("https://hooks.example.com/b")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(toolAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(toolAddr, tfjsonpath.New("server").AtSliceIndex(0).AtMapKey("url"), knownvalue.StringExact("https://hooks.example.com/b")),
				}},
			},
			{
				// Deleted outside Terraform: the next apply creates it again.
				PreConfig: func() { env.emu.Remove(emulator.KindTool, env.onlyID(emulator.KindTool)) },
				Config:    env.config(functionToolConfig("https://hooks.example.com/b")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(toolAddr, plancheck.ResourceActionCreate),
				}},
			},
			{
				// terraform import: the imported state equals the applied one.
				ResourceName:      toolAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// An import {} block plans no change at all.
				Config:          env.config(functionToolConfig("https://hooks.example.com/b")),
				ResourceName:    toolAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			{
				// Removing the block clears the server URL at this level.
				Config: env.config(functionToolConfig("")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(toolAddr, tfjsonpath.New("server"), knownvalue.ListSizeExact(0)),
				},
				Check: func(*terraform.State) error {
					tool, _ := env.emu.Object(emulator.KindTool, env.onlyID(emulator.KindTool))
					if s, ok := tool["server"]; ok && s != nil {
						return fmt.Errorf("server not cleared in the API: %v", s)
					}
					return nil
				},
			},
		},
	})
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

// mustMutate edits the only object of kind outside Terraform.
func mustMutate(t *testing.T, env *testEnv, kind emulator.Kind, fn func(map[string]any)) {
	t.Helper()
	if err := env.emu.Mutate(kind, env.onlyID(kind), fn); err != nil {
		t.Fatal(err)
	}
}
