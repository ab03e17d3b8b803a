package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Import by identity through the CLI (OpenTofu, and Terraform 1.12 or
// later): every resource made by an apply, forgotten by the state, then
// found again by an import block that names only its identity. The plan
// imports each with nothing to change, and after the apply the plan is
// empty. The configuration is the same before and after, so a field the
// import reads differently from the create would show as a change.
func TestIdentity_importBlocksThroughTheCLI(t *testing.T) {
	t.Parallel()
	skipBelowTerraform(t, "1.12.0")
	env := newTestEnv(t)
	resources := map[string]string{
		"vapi_custom_credential.hook": `
resource "vapi_custom_credential" "hook" {
  name = "hook"
  # No token_wo_version: an import cannot know the version, so one in the
  # configuration plans the secret's resend (as the resource's docs say).
  bearer {
    token_wo = "secret-token"
  }
}`,
		"vapi_function_tool.weather": `
resource "vapi_function_tool" "weather" {
  name = "get_weather"
  server {
    url           = "https://tools.example.com/weather"
    credential_id = vapi_custom_credential.hook.id
  }
}`,
		"vapi_assistant.support": `
resource "vapi_assistant" "support" {
  name = "Support"
  model {
    provider = "openai"
    model    = "gpt-4o"
    tool_ids = [vapi_function_tool.weather.id]
  }
  server {
    url = "https://hooks.example.com/assistant"
  }
}`,
		"vapi_phone_number.support": `
resource "vapi_phone_number" "support" {
  assistant_id = vapi_assistant.support.id
  vapi {
    number_desired_area_code = "415"
  }
}`,
		"vapi_org.this": `
resource "vapi_org" "this" {
  server {
    url = "https://hooks.example.com/org"
  }
}`,
	}
	var config strings.Builder
	var addresses []string
	for _, address := range sortedKeys(resources) {
		config.WriteString(resources[address])
		addresses = append(addresses, address)
	}
	cli := newCLIRun(t, env, config.String())
	cli.mustRun(t, "apply", "-auto-approve")

	// The ids, from the state, before the state forgets them.
	ids := map[string]string{}
	idLine := regexp.MustCompile(`(?m)^\s*id\s+=\s+"([^"]+)"`)
	for _, address := range addresses {
		m := idLine.FindStringSubmatch(cli.mustRun(t, "state", "show", address))
		if m == nil {
			t.Fatalf("state show %s: no id", address)
		}
		ids[address] = m[1]
	}
	cli.mustRun(t, append([]string{"state", "rm"}, addresses...)...)

	var imports strings.Builder
	for _, address := range addresses {
		fmt.Fprintf(&imports, "import {\n  to       = %s\n  identity = { id = %q }\n}\n", address, ids[address])
	}
	cli.write(t, "imports.tf", imports.String())
	before := len(env.emu.Requests())
	plan := cli.mustRun(t, "plan")
	if want := fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", len(addresses)); !strings.Contains(plan, want) {
		t.Fatalf("the plan of the imports is not %q:\n%s", want, plan)
	}
	cli.mustRun(t, "apply", "-auto-approve")
	if out := cli.mustRun(t, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("the plan after importing by identity is not empty:\n%s", out)
	}
	for _, r := range env.emu.Requests()[before:] {
		if r.Method != "GET" {
			t.Errorf("importing by identity wrote to the API: %s %s", r.Method, r.Path)
		}
	}
}

// terraform-plugin-testing's own import by identity: it reads the identity
// from `show -json` of the state, which OpenTofu 1.12 writes as Terraform
// 1.12 does, then plans an import block with it and wants no changes.
func TestIdentity_pluginTestingImportBlock(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	config := env.config(`
resource "vapi_function_tool" "weather" {
  name = "get_weather"
  server {
    url = "https://tools.example.com/weather"
  }
}
`)
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: config},
			{
				Config:          config,
				ResourceName:    "vapi_function_tool.weather",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}
