package provider

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

// The guide "One org per environment", followed with its example: one
// configuration and module applied to a dev and a prod org, each in its own
// workspace with its own API key from VAPI_API_KEY; each org gets its own
// server URLs (a tool server in dev only, through the dynamic block), and a
// run with another environment's key stops at the plan.
//
// Not parallel: the provider, served from the test process, reads
// VAPI_API_KEY and VAPI_BASE_URL from this process's environment.
func TestGuide_environments(t *testing.T) {
	skipWithoutWriteOnly(t)
	dir := filepath.Join(examplesDir, "guides", "environments")
	orgOf := regexp.MustCompile(`(?m)^org_id\s*=\s*"([0-9a-f-]+)"`)
	envs := map[string]*testEnv{}
	for _, name := range []string{"dev", "prod"} {
		m := orgOf.FindStringSubmatch(readFile(t, dir, name+".tfvars"))
		if m == nil {
			t.Fatalf("%s.tfvars sets no org_id", name)
		}
		envs[name] = newTestEnv(t, func(o *emulator.Options) { o.OrgID, o.OrgName = m[1], "acme-"+name })
	}

	cli := newCLIRun(t, envs["dev"], "")
	// The example as a user has it, but for the provider's address: the
	// tests serve theirs under another.
	for _, name := range []string{"main.tf", "versions.tf", "dev.tfvars", "prod.tfvars",
		filepath.Join("modules", "voice-agent", "main.tf"), filepath.Join("modules", "voice-agent", "versions.tf")} {
		if err := os.MkdirAll(filepath.Join(cli.dir, filepath.Dir(name)), 0o700); err != nil {
			t.Fatal(err)
		}
		cli.write(t, name, strings.ReplaceAll(readFile(t, dir, name), `"vapi-community/vapi"`, `"hashicorp/vapi"`))
	}
	cli.env = append(cli.env, "TF_VAR_webhook_token=hooks-secret")
	cli.mustRun(t, "get")
	useKeyOf := func(env *testEnv) {
		t.Setenv("VAPI_API_KEY", env.emu.APIKey())
		t.Setenv("VAPI_BASE_URL", env.url)
	}

	for _, c := range []struct {
		env, toolURL, assistantURL, toolCallsFrom string
	}{
		{"dev", "https://lookup-order.tunnel.example.com/vapi", "https://hooks.dev.example.com/vapi/assistant", "function_tool"},
		{"prod", "", "https://hooks.example.com/vapi/assistant", "assistant"},
	} {
		cli.mustRun(t, "workspace", "new", c.env)
		useKeyOf(envs[c.env])
		cli.mustRun(t, "apply", "-auto-approve", "-var-file="+c.env+".tfvars")

		emu := envs[c.env].emu
		tools, assistants := emu.Objects(emulator.KindTool), emu.Objects(emulator.KindAssistant)
		if len(tools) != 1 || len(assistants) != 1 || len(emu.Objects(emulator.KindPhoneNumber)) != 1 ||
			len(emu.Objects(emulator.KindCredential)) != 1 {
			t.Fatalf("%s: the org holds %d tools, %d assistants, %d phone numbers, %d credentials, want one of each",
				c.env, len(tools), len(assistants), len(emu.Objects(emulator.KindPhoneNumber)), len(emu.Objects(emulator.KindCredential)))
		}
		toolServer, _ := tools[0]["server"].(map[string]any)
		if got, _ := toolServer["url"].(string); got != c.toolURL {
			t.Errorf("%s: the tool's server URL is %q, want %q", c.env, got, c.toolURL)
		}
		assistantServer, _ := assistants[0]["server"].(map[string]any)
		if got, _ := assistantServer["url"].(string); got != c.assistantURL {
			t.Errorf("%s: the assistant's server URL is %q, want %q", c.env, got, c.assistantURL)
		}
		if name, _ := assistants[0]["name"].(string); name != "support-"+c.env {
			t.Errorf("%s: the assistant is named %q", c.env, name)
		}
		var out struct{ Source, URL string }
		if err := json.Unmarshal([]byte(cli.mustRun(t, "output", "-json", "tool_calls_go_to")), &out); err != nil {
			t.Fatal(err)
		}
		if out.Source != c.toolCallsFrom {
			t.Errorf("%s: tool calls go to the %s's server, want the %s's", c.env, out.Source, c.toolCallsFrom)
		}
		if plan := cli.mustRun(t, "plan", "-var-file="+c.env+".tfvars"); !strings.Contains(plan, "No changes.") {
			t.Fatalf("%s: the plan after the apply is not empty:\n%s", c.env, plan)
		}
	}

	// prod's configuration run with dev's key stops at the plan and writes
	// nothing to either org.
	devWrites := envs["dev"].emu.WriteCount()
	prodWrites := envs["prod"].emu.WriteCount()
	useKeyOf(envs["dev"])
	out, err := cli.run(t, "plan", "-var-file=prod.tfvars")
	flat := strings.Join(strings.Fields(out), " ")
	if err == nil || !strings.Contains(flat, "VAPI_API_KEY is not a key of the prod org") {
		t.Fatalf("prod planned with dev's key (%v):\n%s", err, out)
	}
	if envs["dev"].emu.WriteCount() != devWrites || envs["prod"].emu.WriteCount() != prodWrites {
		t.Fatal("a plan with another environment's key wrote to an org")
	}
}
