package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

// function_name finds the function tool an assistant calls: inline,
// standalone in tool_ids, or pinned in toolRefs; the chain says which.
func TestEffectiveServerURLDataSource_functionName(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	standalone := env.emu.Put(emulator.KindTool, map[string]any{"type": "function",
		"function": map[string]any{"name": "get_weather"}, "server": map[string]any{"url": "https://tools.example.com/weather",
			"credentialId": churnUUID1}})
	pinned := env.emu.Put(emulator.KindTool, map[string]any{"type": "function",
		"function": map[string]any{"name": "pinned_fn"}, "server": map[string]any{"url": "https://tools.example.com/pinned"}})
	twin := env.emu.Put(emulator.KindTool, map[string]any{"type": "function", "function": map[string]any{"name": "lookup_order"}})
	inline := func(name, url string) map[string]any {
		tool := map[string]any{"type": "function", "function": map[string]any{"name": name}}
		if url != "" {
			tool["server"] = map[string]any{"url": url, "timeoutSeconds": 11}
		}
		return tool
	}
	assistant := env.emu.Put(emulator.KindAssistant, map[string]any{"name": "a",
		"server": map[string]any{"url": "https://assistant.example.com"},
		"model": map[string]any{"provider": "openai", "model": "gpt-4o",
			"toolIds":  []any{standalone, twin},
			"toolRefs": []any{map[string]any{"toolId": pinned, "version": "3"}},
			"tools": []any{map[string]any{"type": "endCall"}, inline("lookup_order", ""),
				inline("inline_fn", "https://inline.example.com/fn"), inline("bare_inline", "")}}})
	phone := env.emu.Put(emulator.KindPhoneNumber, map[string]any{"provider": "vapi", "number": "+14155550100",
		"assistantId": assistant, "status": "active"})
	query := func(name, function, extra string) string {
		return fmt.Sprintf(`
data "vapi_effective_server_url" %q {
  event         = "tool-calls"
  function_name = %q
  %s
}
`, name, function, extra)
	}
	at := func(name string) string { return "data.vapi_effective_server_url." + name }
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(query("inline", "inline_fn", `assistant_id = "`+assistant+`"`) +
					query("standalone", "get_weather", `assistant_id = "`+assistant+`"`) +
					query("pinned", "pinned_fn", `assistant_id = "`+assistant+`"`) +
					query("via_phone", "inline_fn", `phone_number_id = "`+phone+`"`) +
					query("falls_through", "bare_inline", `assistant_id = "`+assistant+`"`)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(at("inline"), tfjsonpath.New("source"), knownvalue.StringExact("function_tool")),
					statecheck.ExpectKnownValue(at("inline"), tfjsonpath.New("url"), knownvalue.StringExact("https://inline.example.com/fn")),
					statecheck.ExpectKnownValue(at("inline"), tfjsonpath.New("timeout_seconds"), knownvalue.Float64Exact(11)),
					statecheck.ExpectKnownValue(at("inline"), tfjsonpath.New("chain").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"level": knownvalue.StringExact("function_tool"), "id": knownvalue.StringExact(assistant), "inline": knownvalue.Bool(true),
						"url": knownvalue.StringExact("https://inline.example.com/fn"), "credential_id": knownvalue.Null(),
					})),
					statecheck.ExpectKnownValue(at("standalone"), tfjsonpath.New("chain").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"level": knownvalue.StringExact("function_tool"), "id": knownvalue.StringExact(standalone), "inline": knownvalue.Bool(false),
						"url": knownvalue.StringExact("https://tools.example.com/weather"), "credential_id": knownvalue.StringExact(churnUUID1),
					})),
					statecheck.ExpectKnownValue(at("standalone"), tfjsonpath.New("credential_id"), knownvalue.StringExact(churnUUID1)),
					statecheck.ExpectKnownValue(at("pinned"), tfjsonpath.New("url"), knownvalue.StringExact("https://tools.example.com/pinned")),
					statecheck.ExpectKnownValue(at("via_phone"), tfjsonpath.New("url"), knownvalue.StringExact("https://inline.example.com/fn")),
					// An inline tool without a server falls through to the assistant's.
					statecheck.ExpectKnownValue(at("falls_through"), tfjsonpath.New("source"), knownvalue.StringExact("assistant")),
					statecheck.ExpectKnownValue(at("falls_through"), tfjsonpath.New("chain").AtSliceIndex(0).AtMapKey("inline"), knownvalue.Bool(true)),
				},
			},
			{
				// An inline and a standalone tool of one name: Vapi does not say
				// which wins, so neither is guessed.
				Config: env.config(query("ambiguous", "lookup_order", `assistant_id = "`+assistant+`"`)),
				ExpectError: regexp.MustCompile(`(?s)Function Name Is Ambiguous.*inline function tool lookup_order.*` +
					`function\s+tool\s+` + twin),
			},
			{
				Config:      env.config(query("missing", "no_such_fn", `assistant_id = "`+assistant+`"`)),
				ExpectError: regexp.MustCompile(`(?s)Function Not Found.*no_such_fn.*inline function tools: lookup_order,\s+inline_fn,\s+bare_inline`),
			},
			{
				Config:      env.config(query("no_assistant", "inline_fn", "")),
				ExpectError: regexp.MustCompile(`(?s)No Assistant to Find the Function In`),
			},
			{
				Config:      env.config(query("both", "inline_fn", `function_tool_id = "`+standalone+`"`)),
				ExpectError: regexp.MustCompile(`(?s)function_tool_id.*function_name|function_name.*function_tool_id`),
			},
			// A valid configuration last, for the destroy that ends the test.
			{Config: env.config(query("inline", "inline_fn", `assistant_id = "`+assistant+`"`))},
		},
	})
}

// assistant-request is sent only for a phone number without an assistant,
// squad or workflow of its own: with one, subscribed is false.
func TestEffectiveServerURLDataSource_assistantRequestSubscription(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	number := func(extra map[string]any) string {
		obj := map[string]any{"provider": "vapi", "number": "+14155550100", "status": "active",
			"server": map[string]any{"url": "https://phone.example.com"}}
		for k, v := range extra {
			obj[k] = v
		}
		return env.emu.Put(emulator.KindPhoneNumber, obj)
	}
	numbers := map[string]string{
		"none":      number(nil),
		"assistant": number(map[string]any{"assistantId": churnUUID1}),
		"squad":     number(map[string]any{"squadId": churnUUID1}),
		"workflow":  number(map[string]any{"workflowId": churnUUID1}),
	}
	var config string
	var checks []statecheck.StateCheck
	for _, name := range sortedKeys(numbers) {
		config += fmt.Sprintf("data \"vapi_effective_server_url\" %q {\n  event = \"assistant-request\"\n  phone_number_id = %q\n}\n",
			name, numbers[name])
		checks = append(checks, statecheck.ExpectKnownValue("data.vapi_effective_server_url."+name,
			tfjsonpath.New("subscribed"), knownvalue.Bool(name == "none")))
	}
	// The assistant of the number does not exist: it is not read for
	// assistant-request, which is sent before any assistant is chosen.
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps:                    []resource.TestStep{{Config: env.config(config), ConfigStateChecks: checks}},
	})
}
