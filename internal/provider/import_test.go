package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

// writeOnlyFillers maps the name of every write-only argument of the
// resources to an HCL value a user would put there. Secret headers are
// filled with the header the imported server holds (X-Api-Key).
func writeOnlyFillers(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for resourceType, s := range resourceSchemas(t) {
		for _, n := range walkSchema(resourceType, s) {
			if n.attr == nil || !n.attr.IsWriteOnly() {
				continue
			}
			name := n.path[len(n.path)-1]
			switch n.attr.GetType().(type) {
			case basetypes.StringType:
				out[name] = fmt.Sprintf("%q", "filled-"+name)
			case basetypes.MapType:
				out[name] = `{ "X-Api-Key" = "filled-header" }`
			default:
				t.Fatalf("%s: %s: no filler for a write-only %s", resourceType, n.name(), n.attr.GetType())
			}
		}
	}
	return out
}

// An id of the wrong kind of object is refused at import, saying what it is,
// instead of being imported and then planned for destruction.
func TestImport_refusesAnotherKind(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	openAI := env.emu.Put(emulator.KindCredential, map[string]any{"provider": "openai", "name": "llm", "apiKey": "sk-x"})
	endCall := env.emu.Put(emulator.KindTool, map[string]any{"type": "endCall"})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config:        env.config(writeOnlyBearerConfig("x", "Authorization")),
				ResourceName:  hooksAddr,
				ImportState:   true,
				ImportStateId: openAI,
				ExpectError:   regexp.MustCompile(`(?s)Not a Custom Credential.*` + openAI + `.*of\s+provider\s+"openai"`),
			},
			{
				Config:        env.config(functionToolConfig("")),
				ResourceName:  toolAddr,
				ImportState:   true,
				ImportStateId: endCall,
				ExpectError:   regexp.MustCompile(`(?s)Not a Function Tool.*` + endCall + `.*of\s+type\s+"endCall"`),
			},
		},
	})
	env.expectNoWrites(t)
}

// Configuration generated for imported objects (plain import blocks and
// `terraform plan -generate-config-out`) is valid once its secrets are
// filled in, and until then says in words what is missing; filled in, the
// import plans no change and the plan after the apply is empty.
func TestImport_generatedConfiguration(t *testing.T) {
	t.Parallel()
	skipBelowTerraform(t, "1.11.0") // write-only arguments
	env := newTestEnv(t, func(o *emulator.Options) { o.Realistic = true })
	server := map[string]any{"url": "https://hooks.example.com/x", "timeoutSeconds": 30,
		"headers":     map[string]any{"X-Env": "prod", "X-Api-Key": "header-secret"},
		"backoffPlan": map[string]any{"type": "fixed", "maxRetries": 2, "baseDelaySeconds": 1}}
	ids := map[string]string{
		"vapi_custom_credential.bearer": env.emu.Put(emulator.KindCredential, map[string]any{"provider": "custom-credential",
			"name": "hooks", "authenticationPlan": map[string]any{"type": "bearer", "token": "t", "headerName": "X-Vapi-Secret",
				"bearerPrefixEnabled": false}}),
		"vapi_custom_credential.hmac": env.emu.Put(emulator.KindCredential, map[string]any{"provider": "custom-credential",
			"authenticationPlan": map[string]any{"type": "hmac", "secretKey": "k", "algorithm": "sha256"}}),
		"vapi_function_tool.weather": env.emu.Put(emulator.KindTool, map[string]any{"type": "function",
			"function": map[string]any{"name": "get_weather", "parameters": map[string]any{"type": "object",
				"properties": map[string]any{"city": map[string]any{"type": "string"}}}}, "server": server}),
		"vapi_assistant.support": env.emu.Put(emulator.KindAssistant, map[string]any{"name": "Support",
			"model":  map[string]any{"provider": "openai", "model": "gpt-4o", "temperature": 0.4},
			"voice":  map[string]any{"provider": "vapi", "voiceId": "Elliot"},
			"server": server, "serverMessages": []any{"tool-calls"}}),
		"vapi_phone_number.free": env.emu.Put(emulator.KindPhoneNumber, map[string]any{"provider": "vapi",
			"numberDesiredAreaCode": "415", "number": "+14155550100", "status": "active", "name": "Support",
			"server": server, "fallbackDestination": map[string]any{"type": "number", "number": "+14155550199"}}),
		"vapi_phone_number.twilio": env.emu.Put(emulator.KindPhoneNumber, map[string]any{"provider": "twilio",
			"number": "+14155550111", "twilioAccountSid": "AC1", "twilioAuthToken": "secret", "status": "active"}),
		"vapi_org.this": env.emu.OrgID(),
	}
	if err := env.emu.Mutate(emulator.KindOrg, env.emu.OrgID(), func(o map[string]any) { o["server"] = server }); err != nil {
		t.Fatal(err)
	}
	var imports strings.Builder
	for _, addr := range sortedKeys(ids) {
		imports.WriteString("import {\n  to = " + addr + "\n  id = \"" + ids[addr] + "\"\n}\n")
	}
	cli := newCLIRun(t, env, imports.String())
	// The plan writes the configuration, then fails on the secrets it lacks.
	if out, err := cli.run(t, "plan", "-generate-config-out=generated.tf"); err == nil {
		t.Fatalf("the plan of the generated configuration passes with its secrets missing:\n%s", out)
	}
	generated := readFile(t, cli.dir, "generated.tf")

	// Unfilled, validation names each missing secret in words, not in path
	// expressions.
	out, err := cli.run(t, "validate")
	if err == nil {
		t.Fatalf("the generated configuration validates with its secrets missing:\n%s", generated)
	}
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{"needs its secret: set token_wo", "needs its secret: set secret_key_wo",
		"Missing Twilio Credentials"} {
		if !strings.Contains(flat, want) {
			t.Errorf("validate does not say %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "<.") || strings.Contains(out, "MatchRelative") {
		t.Errorf("validate speaks in path expressions:\n%s", out)
	}

	// Filled in as the resources' docs say: every write-only argument the
	// generated configuration leaves null gets a value.
	filled := generated
	for name, value := range writeOnlyFillers(t) {
		filled = regexp.MustCompile(`(?m)^(\s*)`+name+`(\s*)= null`).ReplaceAllString(filled, "${1}"+name+"${2}= "+value)
	}
	cli.write(t, "generated.tf", filled)
	plan := cli.mustRun(t, "plan")
	if !strings.Contains(plan, "7 to import, 0 to add, 0 to change, 0 to destroy") {
		t.Fatalf("the import of the filled configuration plans changes:\n%s\n\nconfiguration:\n%s", plan, filled)
	}
	cli.mustRun(t, "apply", "-auto-approve")
	if out := cli.mustRun(t, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("the plan after the import is not empty:\n%s", out)
	}
	env.expectNoWrites(t)
}
