package provider

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

// skipWithoutWriteOnly skips a guide's test on a Terraform older than 1.11,
// which has no write-only arguments: the guides need them.
func skipWithoutWriteOnly(t *testing.T) {
	t.Helper()
	skipBelowTerraform(t, "1.11.0")
}

// orgToAdopt is what seedOrgToAdopt stored: the ids the import blocks must
// name, the secrets Vapi holds but never returns (by the write-only attribute
// the guide fills in), and the server whose secret header the guide adds.
type orgToAdopt struct {
	ids             []string
	writeOnly       map[string]string
	hiddenHeader    string
	hiddenHeaderURL string
}

// seedOrgToAdopt stores an org made in the dashboard: a server on every
// level, credentials of two kinds, a Twilio number and a SIP number with
// their secrets, an inline function tool, and a server with a secret header.
func seedOrgToAdopt(t *testing.T, emu *emulator.Emulator) orgToAdopt {
	t.Helper()
	o := orgToAdopt{writeOnly: map[string]string{}, hiddenHeader: "X-Api-Key", hiddenHeaderURL: "https://hooks.example.com/assistant"}
	// Long enough for every secret's rules (a SIP password has 20 to 40
	// characters).
	for _, name := range []string{"token_wo", "secret_key_wo", "auth_token_wo", "password_wo"} {
		o.writeOnly[name] = "value-of-" + name + "-0123456789"
	}
	put := func(kind emulator.Kind, obj map[string]any) string {
		id := emu.Put(kind, obj)
		o.ids = append(o.ids, id)
		return id
	}
	bearer := put(emulator.KindCredential, map[string]any{"provider": "custom-credential", "name": "hooks",
		"authenticationPlan": map[string]any{"type": "bearer", "token": o.writeOnly["token_wo"], "headerName": "X-Vapi-Secret",
			"bearerPrefixEnabled": false}})
	hmac := put(emulator.KindCredential, map[string]any{"provider": "custom-credential", "name": "signed",
		"authenticationPlan": map[string]any{"type": "hmac", "secretKey": o.writeOnly["secret_key_wo"], "algorithm": "sha256"}})
	// A credential no server uses is not in the inventory.
	emu.Put(emulator.KindCredential, map[string]any{"provider": "custom-credential", "name": "unused",
		"authenticationPlan": map[string]any{"type": "bearer", "token": "x"}})
	tool := put(emulator.KindTool, map[string]any{"type": "function", "function": map[string]any{"name": "lookup_order",
		"parameters": map[string]any{"type": "object", "properties": map[string]any{"order": map[string]any{"type": "string"}}}},
		"server": map[string]any{"url": "https://hooks.example.com/orders", "credentialId": hmac}})
	put(emulator.KindAssistant, map[string]any{"name": "Support",
		"model": map[string]any{"provider": "openai", "model": "gpt-4o", "toolIds": []any{tool}, "tools": []any{
			map[string]any{"type": "function", "function": map[string]any{"name": "get_weather"},
				"server": map[string]any{"url": "https://hooks.example.com/weather", "credentialId": bearer}},
			map[string]any{"type": "endCall"}}},
		"server": map[string]any{"url": o.hiddenHeaderURL, "headers": map[string]any{"X-Env": "prod", o.hiddenHeader: "header-secret"}}})
	put(emulator.KindPhoneNumber, map[string]any{"provider": "twilio", "number": "+14155550111", "name": "Sales line",
		"twilioAccountSid": "AC1", "twilioAuthToken": o.writeOnly["auth_token_wo"], "status": "active",
		"server": map[string]any{"url": "https://hooks.example.com/sales"}})
	put(emulator.KindPhoneNumber, map[string]any{"provider": "vapi", "sipUri": "sip:support@sip.vapi.ai", "status": "active",
		"authentication": map[string]any{"realm": "sip.vapi.ai", "username": "support-user-0123456789",
			"password": o.writeOnly["password_wo"]}})
	if err := emu.Mutate(emulator.KindOrg, emu.OrgID(), func(org map[string]any) {
		org["server"] = map[string]any{"url": "https://hooks.example.com/org", "credentialId": bearer}
	}); err != nil {
		t.Fatal(err)
	}
	o.ids = append(o.ids, emu.OrgID())
	return o
}

// The guide "Adopting an existing Vapi org", followed step by step on an org
// made outside Terraform: its inventory rendered into import blocks, the
// configuration generated for them, the secrets filled in as the guide
// says, a plan of imports alone, the apply, and an empty plan. Nothing is
// written to Vapi.
func TestGuide_adoptingAnExistingOrg(t *testing.T) {
	t.Parallel()
	skipWithoutWriteOnly(t)
	for _, mode := range emulatorModes {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, mode.opts)
			org := seedOrgToAdopt(t, env.emu)
			cli := newCLIRun(t, env, readFile(t, filepath.Join(examplesDir, "guides", "adopting-an-existing-org"), "inventory.tf"))

			// The inventory, rendered into plain import blocks.
			cli.mustRun(t, "apply", "-auto-approve")
			blocks := cli.mustRun(t, "output", "-raw", "import_blocks")
			ids := regexp.MustCompile(`(?m)^import \{\n  to = vapi_[a-z_]+\.[a-z][a-z0-9_]*\n  id = "([0-9a-f-]+)"\n\}\n`).FindAllStringSubmatch(blocks, -1)
			var got []string
			for _, m := range ids {
				got = append(got, m[1])
			}
			slices.Sort(got)
			slices.Sort(org.ids)
			if !slices.Equal(got, org.ids) {
				t.Fatalf("the rendered import blocks import %v, want %v:\n%s", got, org.ids, blocks)
			}
			cli.write(t, "imports.tf", blocks)

			// The configuration is generated; the plan stops at the secrets
			// Vapi never returns, naming each, and shows the secret header a
			// server would lose.
			out, err := cli.run(t, "plan", "-generate-config-out=generated.tf")
			if err == nil {
				t.Fatalf("the plan of the generated configuration passes with its writeOnly missing:\n%s", out)
			}
			flat := strings.Join(strings.Fields(out), " ")
			for _, want := range []string{"set token_wo", "set secret_key_wo", "set password_wo", "Missing Twilio Credentials",
				fmt.Sprintf(`- secret_header_names = [ - "%s", ] -> null`, org.hiddenHeader)} {
				if !strings.Contains(flat, want) {
					t.Errorf("the first plan does not say %q:\n%s", want, out)
				}
			}
			generated := readFile(t, cli.dir, "generated.tf")

			// Filled in as the guide says: each write-only secret from an
			// ephemeral variable, the secret header in the server that holds
			// it, and no *_wo_version.
			filled, variables := fillGeneratedSecrets(t, cli, generated, org)
			cli.write(t, "generated.tf", filled)
			cli.write(t, "writeOnly.tf", variables)
			plan := cli.mustRun(t, "plan")
			if want := fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", len(org.ids)); !strings.Contains(plan, want) {
				t.Fatalf("the plan of the filled configuration is not %q:\n%s\n\nconfiguration:\n%s", want, plan, filled)
			}
			cli.mustRun(t, "apply", "-auto-approve")
			if out := cli.mustRun(t, "plan", "-detailed-exitcode"); !strings.Contains(out, "No changes.") {
				t.Fatalf("the plan after the adoption is not empty:\n%s", out)
			}
			env.expectNoWrites(t)
		})
	}
}

// fillGeneratedSecrets does what the guide says to the generated
// configuration: every `NAME_wo = null` of a secret becomes
// `var.RESOURCE_NAME`, declared ephemeral in writeOnly.tf and given through
// TF_VAR_, and the server
// whose plan drops a secret header gets it in secret_headers_wo. It returns
// the configuration and writeOnly.tf, and sets the variables in cli's
// environment.
func fillGeneratedSecrets(t *testing.T, cli *cliRun, generated string, org orgToAdopt) (string, string) {
	t.Helper()
	secretLine := regexp.MustCompile(`(?m)^(\s*)(token_wo|secret_key_wo|client_secret_wo|auth_token_wo|password_wo)(\s*)= null`)
	label := regexp.MustCompile(`^resource "[a-z_]+" "([a-z0-9_]+)"`)
	var variables strings.Builder
	var filled strings.Builder
	// Each resource block starts a chunk; its label names its variables.
	for i, chunk := range strings.SplitAfter(generated, "\n\n") {
		lines := strings.SplitN(chunk, "\n", 3)
		name := ""
		for _, l := range lines {
			if m := label.FindStringSubmatch(l); m != nil {
				name = m[1]
			}
		}
		chunk = secretLine.ReplaceAllStringFunc(chunk, func(line string) string {
			m := secretLine.FindStringSubmatch(line)
			if name == "" {
				t.Fatalf("a secret outside a resource block in chunk %d:\n%s", i, chunk)
			}
			variable := name + "_" + strings.TrimSuffix(m[2], "_wo")
			fmt.Fprintf(&variables, "variable %q {\n  type      = string\n  sensitive = true\n  ephemeral = true\n}\n\n", variable)
			cli.env = append(cli.env, "TF_VAR_"+variable+"="+org.writeOnly[m[2]])
			return m[1] + m[2] + m[3] + "= var." + variable
		})
		filled.WriteString(chunk)
	}
	out := filled.String()
	// The server block lists its arguments in order, so the
	// secret_headers_wo before the server's url is its own.
	at := strings.Index(out, `url                         = "`+org.hiddenHeaderURL+`"`)
	if at < 0 {
		t.Fatalf("no server with the url %s in the generated configuration:\n%s", org.hiddenHeaderURL, out)
	}
	const unset = "secret_headers_wo           = null"
	from := strings.LastIndex(out[:at], unset)
	if from < 0 {
		t.Fatalf("no secret_headers_wo in the server of %s:\n%s", org.hiddenHeaderURL, out)
	}
	variable := "support_api_key"
	fmt.Fprintf(&variables, "variable %q {\n  type      = string\n  sensitive = true\n  ephemeral = true\n}\n", variable)
	cli.env = append(cli.env, "TF_VAR_"+variable+"=header-secret")
	out = out[:from] + fmt.Sprintf("secret_headers_wo           = { %q = var.%s }", org.hiddenHeader, variable) + out[from+len(unset):]
	return out, variables.String()
}
