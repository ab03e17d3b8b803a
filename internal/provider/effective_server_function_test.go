package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// levelServer is the server block a level passes in the matrix: a list of
// one object with a URL, credential and timeout of its own.
func levelServer(level string, i int) string {
	return fmt.Sprintf(`[{ url = "https://%s.example.com/hook", credential_id = "cred-%s", timeout_seconds = %d }]`,
		level, level, 10+i)
}

// All 16 combinations of the four levels having a server or not (written as
// null or an empty list, alternately), for one event of each class: the
// whole winning server is returned, never a lower level's credential or
// timeout.
func TestEffectiveServerFunction_matrix(t *testing.T) {
	t.Parallel()
	null := nullServer(t)
	var config strings.Builder
	var checks []statecheck.StateCheck
	for _, class := range functionMatrixClasses {
		for mask := range 16 {
			name := fmt.Sprintf("%s_%04b", class.prefix, mask)
			args := make([]string, len(functionMatrixLevels))
			set := map[string]int{}
			for i, level := range functionMatrixLevels {
				args[i] = []string{null, "[]"}[(mask+i)%2]
				if mask&(8>>i) != 0 {
					args[i] = levelServer(level, i)
					set[level] = i
				}
			}
			fmt.Fprintf(&config, "output %q {\n  value = provider::vapi::effective_server(%q, %s)\n}\n",
				name, class.event, strings.Join(args, ", "))
			want := map[string]knownvalue.Check{"source": knownvalue.StringExact("none"), "url": knownvalue.Null(),
				"credential_id": knownvalue.Null(), "timeout_seconds": knownvalue.Null()}
			for _, level := range class.reaches {
				if i, ok := set[level]; ok {
					want = map[string]knownvalue.Check{
						"source":          knownvalue.StringExact(level),
						"url":             knownvalue.StringExact("https://" + level + ".example.com/hook"),
						"credential_id":   knownvalue.StringExact("cred-" + level),
						"timeout_seconds": knownvalue.Float64Exact(float64(10 + i)),
					}
					break
				}
			}
			checks = append(checks, statecheck.ExpectKnownOutputValue(name, knownvalue.ObjectExact(want)))
		}
	}
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: functionTestFactories(),
		Steps:                    []resource.TestStep{{Config: config.String(), ConfigStateChecks: checks}},
	})
}

// Both functions return a known result whenever the known arguments decide
// it: a higher level with a known URL decides whatever the unknown lower
// levels hold, and a level the event cannot reach does not matter; an
// unknown level above every known URL leaves the result unknown until the
// apply. A winner known but for its credential is known but for that.
func TestRoutingFunctions_unknownArguments(t *testing.T) {
	t.Parallel()
	config := `
resource "terraform_data" "later" {
  input = "https://later.example.com/hook"
}

resource "terraform_data" "block" {
  input = [{ url = "https://later.example.com/hook" }]
}

resource "terraform_data" "event" {
  input = "status-update"
}

locals {
  later = terraform_data.later.output
  known = "https://known.example.com/hook"
}

output "url_decided_above_unknown" {
  value = provider::vapi::effective_server_url("tool-calls", local.known, local.later, null, local.later)
}
output "url_unknown_above" {
  value = provider::vapi::effective_server_url("status-update", null, local.later, local.known, null)
}
output "url_unknown_level_not_reached" {
  value = provider::vapi::effective_server_url("assistant-request", local.later, local.later, local.known, null)
}
output "url_unknown_event" {
  value = provider::vapi::effective_server_url(terraform_data.event.output, local.known, null, null, null)
}
output "server_decided_above_unknown" {
  value = provider::vapi::effective_server("status-update", NULL_SERVER, [{ url = local.known, timeout_seconds = 9 }],
    [{ url = local.later }], terraform_data.block.output)
}
output "server_unknown_above" {
  value = provider::vapi::effective_server("tool-calls", [{ url = local.later }], [{ url = local.known }], NULL_SERVER, NULL_SERVER)
}
output "server_unknown_credential" {
  value = provider::vapi::effective_server("status-update", NULL_SERVER, [{ url = local.known, credential_id = local.later }], NULL_SERVER, NULL_SERVER)
}
output "server_unknown_block_not_reached" {
  value = provider::vapi::effective_server("assistant-request", NULL_SERVER, terraform_data.block.output, [{ url = local.known }], NULL_SERVER)
}
`
	config = strings.ReplaceAll(config, "NULL_SERVER", nullServer(t))
	known := func(source string, timeout float64) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"source": knownvalue.StringExact(source), "url": knownvalue.StringExact("https://known.example.com/hook"),
			"credential_id": knownvalue.Null(), "timeout_seconds": knownvalue.Float64Exact(timeout),
		})
	}
	knownURL := func(source string) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"source": knownvalue.StringExact(source), "url": knownvalue.StringExact("https://known.example.com/hook"),
		})
	}
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: functionTestFactories(),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownOutputValue("url_decided_above_unknown", knownURL("function_tool")),
				plancheck.ExpectUnknownOutputValue("url_unknown_above"),
				plancheck.ExpectKnownOutputValue("url_unknown_level_not_reached", knownURL("phone_number")),
				plancheck.ExpectUnknownOutputValue("url_unknown_event"),
				plancheck.ExpectKnownOutputValue("server_decided_above_unknown", known("assistant", 9)),
				plancheck.ExpectUnknownOutputValue("server_unknown_above"),
				plancheck.ExpectKnownOutputValueAtPath("server_unknown_credential", tfjsonpath.New("url"),
					knownvalue.StringExact("https://known.example.com/hook")),
				plancheck.ExpectUnknownOutputValueAtPath("server_unknown_credential", tfjsonpath.New("credential_id")),
				plancheck.ExpectKnownOutputValue("server_unknown_block_not_reached", known("phone_number", 20)),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("url_unknown_above", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"source": knownvalue.StringExact("assistant"), "url": knownvalue.StringExact("https://later.example.com/hook")})),
				statecheck.ExpectKnownOutputValueAtPath("server_unknown_above", tfjsonpath.New("source"),
					knownvalue.StringExact("function_tool")),
				statecheck.ExpectKnownOutputValueAtPath("server_unknown_credential", tfjsonpath.New("credential_id"),
					knownvalue.StringExact("https://later.example.com/hook")),
			},
		}},
	})
}
