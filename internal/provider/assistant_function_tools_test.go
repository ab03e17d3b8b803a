package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

// inlineToolsConfig is an assistant with two inline function tools; the
// second has its own server at serverURL.
func inlineToolsConfig(serverURL string) string {
	return fmt.Sprintf(`
resource "vapi_assistant" "support" {
  name = "Support"
  model {
    provider = "openai"
    model    = "gpt-4o"
    function_tools {
      name        = "get_weather"
      description = "Current weather for a city"
      parameters  = jsonencode({ type = "object", properties = { city = { type = "string" } } })
    }
    function_tools {
      name   = "lookup_order"
      strict = true
      server {
        url             = %q
        timeout_seconds = 12
        headers         = { "X-Env" = "test" }
      }
    }
  }
}
`, serverURL)
}

// inlineTool returns the stored inline tool of the only assistant by
// function name.
func inlineTool(env *testEnv, name string) map[string]any {
	tools, _ := field(assistantObject(env), "model", "tools").([]any)
	for _, t := range tools {
		if field(t, "function", "name") == name {
			tool, _ := t.(map[string]any)
			return tool
		}
	}
	return nil
}

func TestAssistantResource_inlineFunctionTools(t *testing.T) {
	t.Parallel()
	toolServer := func(want string) func(*testEnv) resource.TestCheckFunc {
		return func(env *testEnv) resource.TestCheckFunc {
			return func(*terraform.State) error {
				tool := inlineTool(env, "lookup_order")
				if tool["type"] != "function" || field(tool, "server", "url") != want || field(tool, "function", "strict") != true {
					return fmt.Errorf("unexpected inline tool lookup_order: %v", tool)
				}
				if inlineTool(env, "get_weather") == nil {
					return fmt.Errorf("the inline tool get_weather is missing: %v", field(assistantObject(env), "model", "tools"))
				}
				return nil
			}
		}
	}
	lookupServer := tfjsonpath.New("model").AtSliceIndex(0).AtMapKey("function_tools").AtSliceIndex(1).AtMapKey("server").AtSliceIndex(0)
	lifecycleCase{
		addr:       assistantAddr,
		kind:       emulator.KindAssistant,
		collection: "/assistant",
		config: func(env *testEnv, version int) string {
			return env.config(inlineToolsConfig(fmt.Sprintf("https://hooks.example.com/orders/v%d", version)))
		},
		createdState: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(assistantAddr, lookupServer.AtMapKey("timeout_seconds"), knownvalue.Float64Exact(12)),
		},
		created: toolServer("https://hooks.example.com/orders/v1"),
		// The server of an inline tool changes with one PATCH of the assistant.
		updated: toolServer("https://hooks.example.com/orders/v2"),
		drift: func(obj map[string]any) {
			tools, _ := field(obj, "model", "tools").([]any)
			server, _ := field(tools[1], "server").(map[string]any)
			server["url"] = "https://evil.example.com"
		},
		more: func(t *testing.T, env *testEnv) []resource.TestStep {
			config := env.config(inlineToolsConfig("https://hooks.example.com/orders/v2"))
			return []resource.TestStep{
				{
					// Inline tools of other types set outside Terraform, and the
					// inline tools' own settings it does not manage, are no diff
					// and survive an update.
					PreConfig: func() {
						mustMutate(t, env, emulator.KindAssistant, func(obj map[string]any) {
							model, _ := obj["model"].(map[string]any)
							tools, _ := model["tools"].([]any)
							lookup, _ := tools[1].(map[string]any)
							lookup["messages"] = []any{map[string]any{"type": "request-start", "content": "One moment."}}
							model["tools"] = append([]any{map[string]any{"type": "endCall"}}, tools...)
						})
					},
					Config:   config,
					PlanOnly: true,
				},
				{
					Config: env.config(inlineToolsConfig("https://hooks.example.com/orders/v3")),
					Check: func(*terraform.State) error {
						tools, _ := field(assistantObject(env), "model", "tools").([]any)
						if len(tools) != 3 || field(tools[0], "type") != "endCall" {
							return fmt.Errorf("the endCall tool set outside Terraform was not kept: %v", tools)
						}
						if field(inlineTool(env, "lookup_order"), "messages") == nil {
							return fmt.Errorf("the inline tool's messages were not kept: %v", inlineTool(env, "lookup_order"))
						}
						return nil
					},
				},
				{
					// A function tool added in the dashboard shows in the plan as
					// one to remove: the inline function tools are managed whole.
					PreConfig: func() {
						mustMutate(t, env, emulator.KindAssistant, func(obj map[string]any) {
							model, _ := obj["model"].(map[string]any)
							tools, _ := model["tools"].([]any)
							model["tools"] = append(tools, map[string]any{"type": "function",
								"function": map[string]any{"name": "added_in_dashboard"}})
						})
					},
					Config: env.config(inlineToolsConfig("https://hooks.example.com/orders/v3")),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(assistantAddr, plancheck.ResourceActionUpdate),
					}},
					Check: func(*terraform.State) error {
						if inlineTool(env, "added_in_dashboard") != nil {
							return fmt.Errorf("the function tool added in the dashboard is still there")
						}
						return nil
					},
				},
			}
		},
	}.run(t)
}

func TestAssistantResource_inlineFunctionToolsInvalid(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	body := func(tools string) string {
		return `
  name = "a"
  model {
    provider = "openai"
    model    = "gpt-4o"
` + tools + `
  }`
	}
	expectInvalidBlocks(t, env, `resource "vapi_assistant" "bad"`, []invalidBody{
		{"the same name twice", body(`
    function_tools {
      name = "f"
    }
    function_tools {
      name = "f"
    }`), regexp.MustCompile(`(?s)Duplicate Function Name.*both named "f"`)},
		{"a name with a space", body(`
    function_tools {
      name = "get weather"
    }`), regexp.MustCompile(`(?s)function_tools\[0\].name.*letters, digits`)},
		{"parameters of type string", body(`
    function_tools {
      name       = "f"
      parameters = jsonencode({ type = "string" })
    }`), regexp.MustCompile(`(?s)Invalid Function Parameters.*function_tools\[0\].parameters`)},
		{"a server URL that is not one", body(`
    function_tools {
      name = "f"
      server {
        url = "not a url"
      }
    }`), regexp.MustCompile(`(?s)function_tools\[0\].server\[0\].url.*not\s+an\s+absolute`)},
	})
}
