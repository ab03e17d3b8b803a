package provider

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vapi-community/terraform-provider-vapi/internal/catalog"
	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

const (
	assistantAddr   = "vapi_assistant.support"
	assistantToolID = "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
)

// assistantConfig is an assistant that sets every attribute; serverURL ""
// leaves the server block out.
func assistantConfig(serverURL, temperature, prompt string) string {
	server := ""
	if serverURL != "" {
		server = fmt.Sprintf(`
  server {
    url             = %q
    timeout_seconds = 25
    headers         = { "X-Env" = "test" }
  }`, serverURL)
	}
	return fmt.Sprintf(`
resource "vapi_assistant" "support" {
  name               = "Support"
  first_message      = "Hello! How can I help?"
  first_message_mode = "assistant-waits-for-user"

  model {
    provider      = "openai"
    model         = "gpt-4o"
    system_prompt = %q
    temperature   = %s
    max_tokens    = 300
    tool_ids      = [%q]
  }
  voice {
    provider = "vapi"
    voice_id = "Elliot"
  }
  transcriber {
    provider = "deepgram"
    model    = "nova-3"
    language = "en"
  }
  %s

  server_messages         = ["end-of-call-report", "status-update", "tool-calls"]
  client_messages         = ["transcript", "hang"]
  end_call_message        = "Goodbye!"
  end_call_phrases        = ["goodbye", "bye for now"]
  voicemail_message       = "Please call us back."
  max_duration_seconds    = 900
  silence_timeout_seconds = 30
  background_sound        = "off"
  metadata = jsonencode({
    team   = "cx"
    tier   = 2
    tags   = ["a", "b"]
    nested = { on = true, ratio = 0.25 }
  })
}
`, prompt, temperature, assistantToolID, server)
}

const minimalAssistantConfig = `
resource "vapi_assistant" "support" {
  name = "Support"
}
`

// assistantObject returns the only assistant the emulator holds.
func assistantObject(env *testEnv) map[string]any {
	obj, _ := env.emu.Object(emulator.KindAssistant, env.onlyID(emulator.KindAssistant))
	return obj
}

// expectField returns a Check that the emulator's assistant holds want (as
// decoded from JSON) at keys.
func expectField(env *testEnv, want any, keys ...any) func(*terraform.State) error {
	return func(*terraform.State) error {
		if got := field(assistantObject(env), keys...); !reflect.DeepEqual(got, want) {
			return fmt.Errorf("assistant field %v: got %#v, want %#v", keys, got, want)
		}
		return nil
	}
}

func TestAssistantResource_lifecycle(t *testing.T) {
	t.Parallel()
	const prompt = "You are a helpful support agent."
	config := func(env *testEnv, version int) string {
		if version == 1 {
			return env.config(assistantConfig("https://hooks.example.com/a", "0.5", prompt))
		}
		return env.config(assistantConfig("https://hooks.example.com/b", "0.9", prompt))
	}
	lifecycleCase{
		addr:       assistantAddr,
		kind:       emulator.KindAssistant,
		collection: "/assistant",
		config:     config,
		createdState: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(assistantAddr, tfjsonpath.New("created_at"), knownvalue.NotNull()),
			statecheck.ExpectKnownValue(assistantAddr, tfjsonpath.New("model").AtSliceIndex(0).AtMapKey("system_prompt"),
				knownvalue.StringExact(prompt)),
			statecheck.ExpectKnownValue(assistantAddr, tfjsonpath.New("server").AtSliceIndex(0).AtMapKey("timeout_seconds"), knownvalue.Float64Exact(25)),
		},
		created: func(env *testEnv) resource.TestCheckFunc {
			return resource.ComposeAggregateTestCheckFunc(
				// The system prompt is the model's system message.
				expectField(env, []any{map[string]any{"role": "system", "content": prompt}}, "model", "messages"),
				// Nested metadata values round-trip as JSON, not as strings.
				expectField(env, map[string]any{"team": "cx", "tier": float64(2), "tags": []any{"a", "b"},
					"nested": map[string]any{"on": true, "ratio": 0.25}}, "metadata"),
				expectField(env, float64(900), "maxDurationSeconds"),
				expectField(env, "assistant-waits-for-user", "firstMessageMode"),
				expectField(env, []any{assistantToolID}, "model", "toolIds"),
			)
		},
		updated: func(env *testEnv) resource.TestCheckFunc {
			return resource.ComposeAggregateTestCheckFunc(
				expectField(env, "https://hooks.example.com/b", "server", "url"),
				expectField(env, 0.9, "model", "temperature"),
				expectField(env, "Support", "name"),
				expectField(env, prompt, "model", "messages", 0, "content"),
			)
		},
		drift: func(obj map[string]any) {
			obj["name"] = "Renamed"
			model, _ := obj["model"].(map[string]any)
			model["temperature"] = 1.7
			model["messages"] = []any{map[string]any{"role": "system", "content": "Be rude."}}
		},
	}.run(t)
}

// Vapi's PATCH replaces model, voice, transcriber and server whole. An update
// must send back what the configuration does not manage: other messages, a
// model's, voice's or transcriber's other settings, server.encryptedPaths.
func TestAssistantResource_updateKeepsUnmanagedFields(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	userMsg := map[string]any{"role": "user", "content": "Where is my order?"}
	assistantMsg := map[string]any{"role": "assistant", "content": "Let me check."}

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: env.config(assistantConfig("https://hooks.example.com/a", "0.5", "Prompt one."))},
			{
				PreConfig: func() {
					mustMutate(t, env, emulator.KindAssistant, func(obj map[string]any) {
						model, _ := obj["model"].(map[string]any)
						model["emotionRecognitionEnabled"] = true
						model["reasoningEffort"] = "low"
						system := field(model, "messages", 0)
						model["messages"] = []any{userMsg, system, assistantMsg}
						voice, _ := obj["voice"].(map[string]any)
						voice["speed"] = 1.2
						transcriber, _ := obj["transcriber"].(map[string]any)
						transcriber["smartFormat"] = true
						server, _ := obj["server"].(map[string]any)
						server["encryptedPaths"] = []any{"message.call.customer.number"}
					})
				},
				Config: env.config(assistantConfig("https://hooks.example.com/b", "1.1", "Prompt two.")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(assistantAddr, plancheck.ResourceActionUpdate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					expectField(env, 1.1, "model", "temperature"),
					expectField(env, "https://hooks.example.com/b", "server", "url"),
					expectField(env, true, "model", "emotionRecognitionEnabled"),
					expectField(env, "low", "model", "reasoningEffort"),
					// Only the system message changed; the others kept their places.
					expectField(env, []any{userMsg, map[string]any{"role": "system", "content": "Prompt two."}, assistantMsg},
						"model", "messages"),
					expectField(env, 1.2, "voice", "speed"),
					expectField(env, true, "transcriber", "smartFormat"),
					expectField(env, []any{"message.call.customer.number"}, "server", "encryptedPaths"),
				),
			},
			{
				// A new model provider starts the model afresh: the openai-only
				// reasoningEffort would be refused by anthropic. Messages stay.
				Config: env.config(strings.Replace(strings.Replace(
					assistantConfig("https://hooks.example.com/b", "1.1", "Prompt two."),
					`"openai"`, `"anthropic"`, 1), `"gpt-4o"`, `"claude-sonnet-4-5"`, 1)),
				Check: resource.ComposeAggregateTestCheckFunc(
					expectField(env, "anthropic", "model", "provider"),
					expectField(env, nil, "model", "reasoningEffort"),
					expectField(env, nil, "model", "emotionRecognitionEnabled"),
					expectField(env, []any{userMsg, map[string]any{"role": "system", "content": "Prompt two."}, assistantMsg},
						"model", "messages"),
					expectField(env, 1.2, "voice", "speed"),
				),
			},
		},
	})
}

// A name-only assistant applies and plans quietly, also when the API fills
// in defaults of its own; those survive updates, and removing attributes from
// the configuration clears them in the API.
func TestAssistantResource_minimal(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	apiDefaults := map[string]any{
		"serverMessages":        toAnySlice(catalog.DefaultServerMessages.Strings()),
		"clientMessages":        []any{"conversation-update", "transcript"},
		"backgroundSound":       "office",
		"silenceTimeoutSeconds": float64(30),
		"model":                 map[string]any{"provider": "openai", "model": "gpt-4o", "temperature": 0.5, "maxTokens": float64(250)},
		"voice":                 map[string]any{"provider": "vapi", "voiceId": "Elliot"},
		"transcriber":           map[string]any{"provider": "deepgram", "model": "nova-2", "language": "en"},
	}

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed(emulator.KindAssistant),
		Steps: []resource.TestStep{
			{
				Config: env.config(minimalAssistantConfig),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(assistantAddr, tfjsonpath.New("first_message_mode"), knownvalue.StringExact("assistant-speaks-first")),
					statecheck.ExpectKnownValue(assistantAddr, tfjsonpath.New("max_duration_seconds"), knownvalue.Float64Exact(600)),
					statecheck.ExpectKnownValue(assistantAddr, tfjsonpath.New("server_messages"), knownvalue.Null()),
					statecheck.ExpectKnownValue(assistantAddr, tfjsonpath.New("model"), knownvalue.ListSizeExact(0)),
				},
				Check: func(*terraform.State) error {
					obj := assistantObject(env)
					for _, key := range []string{"model", "voice", "transcriber", "server", "serverMessages", "metadata"} {
						if _, ok := obj[key]; ok {
							return fmt.Errorf("minimal assistant sent %s: %v", key, obj)
						}
					}
					return nil
				},
			},
			{
				// An API that fills its defaults in, and one that leaves even the
				// documented ones out, both read as no change.
				PreConfig: func() {
					mustMutate(t, env, emulator.KindAssistant, func(obj map[string]any) {
						for k, v := range apiDefaults {
							obj[k] = v
						}
						delete(obj, "firstMessageMode")
						delete(obj, "maxDurationSeconds")
					})
				},
				Config:   env.config(minimalAssistantConfig),
				PlanOnly: true,
			},
			{
				// An update keeps what the API filled in.
				Config: env.config(strings.Replace(minimalAssistantConfig, `"Support"`, `"Support 2"`, 1)),
				Check: func(*terraform.State) error {
					obj := assistantObject(env)
					for k, v := range apiDefaults {
						if !reflect.DeepEqual(obj[k], v) {
							return fmt.Errorf("update changed %s: got %#v, want %#v", k, obj[k], v)
						}
					}
					return nil
				},
			},
			{Config: env.config(assistantConfig("https://hooks.example.com/a", "0.5", "Prompt."))},
			{
				// Back to name only: every attribute removed is cleared.
				Config: env.config(minimalAssistantConfig),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(assistantAddr, tfjsonpath.New("first_message_mode"), knownvalue.StringExact("assistant-speaks-first")),
					statecheck.ExpectKnownValue(assistantAddr, tfjsonpath.New("max_duration_seconds"), knownvalue.Float64Exact(600)),
				},
				Check: func(*terraform.State) error {
					obj := assistantObject(env)
					for _, key := range []string{"firstMessage", "model", "voice", "transcriber", "server", "serverMessages",
						"clientMessages", "endCallMessage", "endCallPhrases", "voicemailMessage", "silenceTimeoutSeconds",
						"backgroundSound", "metadata"} {
						if obj[key] != nil {
							return fmt.Errorf("%s not cleared: %#v", key, obj[key])
						}
					}
					if obj["firstMessageMode"] != "assistant-speaks-first" || obj["maxDurationSeconds"] != float64(600) {
						return fmt.Errorf("defaults not restored: %v", obj)
					}
					return nil
				},
			},
		},
	})
}

func TestAssistantResource_invalidConfigs(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	model := func(attrs string) string {
		return "name = \"ok\"\nmodel {\n" + attrs + "\n}"
	}
	cases := []struct {
		name, body string
		want       string
	}{
		{"server message", `
  name            = "ok"
  server_messages = ["not-a-message"]`, `server_messages.*value must be one of`},
		{"client message", `
  name            = "ok"
  client_messages = ["end-of-call-report"]`, `client_messages.*value must be one of`},
		{"temperature 3", model(`provider = "openai"
model = "gpt-4o"
temperature = 3`), `model\[0\].temperature.*between 0.* and 2`},
		{"max tokens 10", model(`provider = "openai"
model = "gpt-4o"
max_tokens = 10`), `model\[0\].max_tokens.*whole number from 50 to 10000`},
		{"model without provider", model(`model = "gpt-4o"`), `model.*"provider" is required`},
		{"model without name", model(`provider = "openai"`), `Missing Model Name.*required when model.provider is "openai"`},
		{"tool id not a uuid", model(`provider = "openai"
model = "gpt-4o"
tool_ids = ["weather"]`), `model\[0\].tool_ids.*must be the id of a\s+vapi_function_tool`},
		{"max duration 5", `
  name                 = "ok"
  max_duration_seconds = 5`, `max_duration_seconds.*whole number from 10 to 43200`},
		{"silence timeout 5", `
  name                    = "ok"
  silence_timeout_seconds = 5`, `silence_timeout_seconds.*whole number from 10 to 3600`},
		{"name of 41 characters", `name = "` + strings.Repeat("n", 41) + `"`, `Attribute name.*length must be between 1 and 40`},
		{"first message mode", `
  name               = "ok"
  first_message_mode = "bogus"`, `first_message_mode.*value must be one of`},
		{"end call message too long", `
  name             = "ok"
  end_call_message = "` + strings.Repeat("x", 1001) + `"`, `end_call_message.*length must be at most 1000`},
		{"voicemail message too long", `
  name              = "ok"
  voicemail_message = "` + strings.Repeat("x", 1001) + `"`, `voicemail_message.*length must be at most 1000`},
		{"end call phrase of 1 character", `
  name             = "ok"
  end_call_phrases = ["x"]`, `end_call_phrases.*length must be between 2 and 140`},
		{"background sound", `
  name             = "ok"
  background_sound = "jungle"`, `background_sound.*"off", "office" or the http`},
		{"metadata not an object", `
  name     = "ok"
  metadata = jsonencode(["a"])`, `metadata.*JSON object`},
		{"voice without voice id", `
  name  = "ok"
  voice {
    provider = "vapi"
  }`, `voice.*"voice_id" is required`},
	}
	bodies := make([]invalidBody, 0, len(cases))
	for _, c := range cases {
		bodies = append(bodies, invalidBody{name: c.name, body: c.body, want: regexp.MustCompile(`(?s)` + c.want)})
	}
	expectInvalidBlocks(t, env, `resource "vapi_assistant" "bad"`, bodies)
}

// A pinned assistant cannot be deleted; the error says why and what to do.
func TestAssistantResource_deletePinned(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	pin := func(pinned bool) func() {
		return func() {
			mustMutate(t, env, emulator.KindAssistant, func(obj map[string]any) { obj["__pinned"] = pinned })
		}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed(emulator.KindAssistant),
		Steps: []resource.TestStep{
			{Config: env.config(minimalAssistantConfig)},
			{
				PreConfig:   pin(true),
				Config:      env.config(minimalAssistantConfig),
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Unable to Delete Assistant.*409.*is pinned.*Remove the pin`),
			},
			{
				// The assistant is still managed; once unpinned, destroy works.
				PreConfig: pin(false),
				Config:    env.config(minimalAssistantConfig),
				PlanOnly:  true,
			},
		},
	})
}

func TestWithSystemPrompt(t *testing.T) {
	t.Parallel()
	sys := func(c string) map[string]any { return map[string]any{"role": "system", "content": c} }
	user := map[string]any{"role": "user", "content": "hi"}
	asst := map[string]any{"role": "assistant", "content": "hello"}
	withExtra := map[string]any{"role": "system", "content": "old", "name": "kept"}
	cases := []struct {
		name     string
		messages []any
		prompt   any
		want     []any
	}{
		{"none, no prompt", nil, nil, []any{}},
		{"none, prompt", nil, "p", []any{sys("p")}},
		{"prompt goes first", []any{user, asst}, "p", []any{sys("p"), user, asst}},
		{"replaced in place", []any{user, sys("old"), asst}, "p", []any{user, sys("p"), asst}},
		{"removed", []any{user, sys("old"), asst}, nil, []any{user, asst}},
		{"only the first system message", []any{sys("a"), sys("b")}, "p", []any{sys("p"), sys("b")}},
		{"other keys kept", []any{withExtra}, "p", []any{map[string]any{"role": "system", "content": "p", "name": "kept"}}},
	}
	for _, c := range cases {
		if got := withSystemPrompt(c.messages, c.prompt); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

func TestMergeByProvider(t *testing.T) {
	t.Parallel()
	existing := map[string]any{"provider": "11labs", "voiceId": "a", "stability": 0.5}
	same := mergeByProvider(existing, map[string]any{"provider": "11labs", "voiceId": "b", "model": nil})
	if want := (map[string]any{"provider": "11labs", "voiceId": "b", "stability": 0.5}); !reflect.DeepEqual(same, want) {
		t.Errorf("same provider: got %v, want %v", same, want)
	}
	other := mergeByProvider(existing, map[string]any{"provider": "vapi", "voiceId": "Elliot", "model": nil})
	if want := (map[string]any{"provider": "vapi", "voiceId": "Elliot"}); !reflect.DeepEqual(other, want) {
		t.Errorf("new provider: got %v, want %v", other, want)
	}
}

func toAnySlice(values []string) []any {
	out := make([]any, len(values))
	for i, v := range values {
		out[i] = v
	}
	return out
}
