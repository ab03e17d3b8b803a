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
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

// The rules of the server block that are the same on every level, checked
// through Terraform. The removal of each optional part is in the churn test
// (churn_test.go), which covers every level.

// serverLevels is a resource of each of the four levels with a server block
// holding body; name is its address.
func serverLevels(body string) map[string]string {
	return map[string]string{
		"vapi_function_tool.t": fmt.Sprintf("resource \"vapi_function_tool\" \"t\" {\n  name = \"t\"\n%s\n}\n", nestIn([]string{"server"}, body)),
		"vapi_assistant.t":     fmt.Sprintf("resource \"vapi_assistant\" \"t\" {\n  name = \"t\"\n%s\n}\n", nestIn([]string{"server"}, body)),
		"vapi_phone_number.t": fmt.Sprintf("resource \"vapi_phone_number\" \"t\" {\n  vapi {\n    number_desired_area_code = \"415\"\n  }\n%s\n}\n",
			nestIn([]string{"server"}, body)),
		"vapi_org.t": fmt.Sprintf("resource \"vapi_org\" \"t\" {\n%s\n}\n", nestIn([]string{"server"}, body)),
	}
}

// Bad headers fail at plan time on every level, with an error on the
// header, before any request.
func TestServerBlock_headerRules(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	bodies := []struct {
		name, body string
		want       *regexp.Regexp
	}{
		{"a secret's name in plain headers", `url = "https://h.example.com"
headers = { "X-Api-Key" = "k" }`, regexp.MustCompile(`(?s)Secret Header in Plain Headers.*server\[0\].headers.*"X-Api-Key".*secret_headers_wo`)},
		{"Authorization in plain headers", `url = "https://h.example.com"
headers = { authorization = "Bearer k" }`, regexp.MustCompile(`(?s)Secret Header in Plain Headers.*"authorization"`)},
		{"the same name in both maps, in another case", `url = "https://h.example.com"
headers = { "X-Env" = "prod" }
secret_headers_wo = { "x-env" = "s" }`, regexp.MustCompile(`(?s)Header Set Twice.*"x-env" is also in headers\s+\(as\s+"X-Env"\)`)},
		{"an empty header name", `url = "https://h.example.com"
headers = { "" = "v" }`, regexp.MustCompile(`(?s)Invalid Header Name.*"" is not an HTTP header name`)},
		{"a header name with a space", `url = "https://h.example.com"
headers = { "X Env" = "v" }`, regexp.MustCompile(`(?s)Invalid Header Name.*"X Env" is not an HTTP header name`)},
		{"a header value with a line break", `url = "https://h.example.com"
headers = { "X-Env" = "prod\r\nX-Injected: 1" }`, regexp.MustCompile(`(?s)Invalid Header Value.*line break`)},
		{"a secret header name with a colon", `url = "https://h.example.com"
secret_headers_wo = { "X-Key:" = "v" }`, regexp.MustCompile(`(?s)Invalid Header Name.*"X-Key:"`)},
		{"a version without secret headers", `url = "https://h.example.com"
secret_headers_wo_version = 2`, regexp.MustCompile(`(?s)Version Without Write-Only Value.*secret_headers_wo_version is set`)},
	}
	var cases []invalidCase
	for _, b := range bodies {
		levels := serverLevels(b.body)
		for _, addr := range sortedKeys(levels) {
			cases = append(cases, invalidCase{name: addr + ": " + b.name, config: env.config(levels[addr]), want: b.want})
		}
	}
	expectInvalid(t, env, cases, skipBelow(tfversion.Version1_11_0))
}

// Secret headers reach the API with the plain ones, in its one headers map;
// their values never reach the state, and their names do not come back into
// headers (not even a name without a secret's look). A change of names is an
// update without a version bump; a change of value needs the bump.
func TestServerBlock_secretHeaders(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	const addr = "vapi_function_tool.t"
	// version 0 leaves secret_headers_wo_version out.
	config := func(secret string, version int) string {
		v := ""
		if version > 0 {
			v = fmt.Sprintf("secret_headers_wo_version = %d", version)
		}
		return env.config(fmt.Sprintf(`
resource "vapi_function_tool" "t" {
  name = "t"
  server {
    url               = "https://h.example.com"
    headers           = { "X-Env" = "prod" }
    secret_headers_wo = %s
    %s
  }
}
`, secret, v))
	}
	storedHeaders := func(want map[string]any) resource.TestCheckFunc {
		return func(*terraform.State) error {
			tool, _ := env.emu.Object(emulator.KindTool, env.onlyID(emulator.KindTool))
			if got := field(tool, "server", "headers"); fmt.Sprint(got) != fmt.Sprint(want) {
				return fmt.Errorf("headers in the API = %v, want %v", got, want)
			}
			return nil
		}
	}
	names := func(n ...string) knownvalue.Check {
		checks := make([]knownvalue.Check, len(n))
		for i, s := range n {
			checks[i] = knownvalue.StringExact(s)
		}
		return knownvalue.SetExact(checks)
	}
	serverAt := func(name string) tfjsonpath.Path { return tfjsonpath.New("server").AtSliceIndex(0).AtMapKey(name) }
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: config(`{ "X-Tenant" = "tenant-secret-1", "X-Api-Key" = "key-1" }`, 1),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, serverAt("headers"), knownvalue.MapExact(map[string]knownvalue.Check{
						"X-Env": knownvalue.StringExact("prod")})),
					statecheck.ExpectKnownValue(addr, serverAt("secret_header_names"), names("X-Api-Key", "X-Tenant")),
					statecheck.ExpectKnownValue(addr, serverAt("secret_headers_wo"), knownvalue.Null()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					storedHeaders(map[string]any{"X-Api-Key": "key-1", "X-Env": "prod", "X-Tenant": "tenant-secret-1"}),
					noStateValueContains("tenant-secret-1"), noStateValueContains("key-1"),
				),
			},
			{
				// A new value alone, without a version bump: Terraform cannot
				// tell, so nothing is planned.
				Config:   config(`{ "X-Tenant" = "tenant-secret-2", "X-Api-Key" = "key-1" }`, 1),
				PlanOnly: true,
			},
			{
				// The bump sends the new value.
				Config: config(`{ "X-Tenant" = "tenant-secret-2", "X-Api-Key" = "key-1" }`, 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: storedHeaders(map[string]any{"X-Api-Key": "key-1", "X-Env": "prod", "X-Tenant": "tenant-secret-2"}),
			},
			{
				// A renamed secret header is an update without a bump, and the
				// old name leaves the API.
				Config: config(`{ "X-Tenant-Id" = "tenant-secret-2", "X-Api-Key" = "key-1" }`, 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, serverAt("secret_header_names"), names("X-Api-Key", "X-Tenant-Id")),
				}},
				Check: storedHeaders(map[string]any{"X-Api-Key": "key-1", "X-Env": "prod", "X-Tenant-Id": "tenant-secret-2"}),
			},
			{
				// A secret header added in the dashboard shows by name as drift,
				// never in headers, and the apply removes it.
				PreConfig: func() {
					mustMutate(t, env, emulator.KindTool, func(obj map[string]any) {
						headers, _ := field(obj, "server", "headers").(map[string]any)
						headers["X-Dashboard-Token"] = "dashboard-secret"
					})
				},
				Config: config(`{ "X-Tenant-Id" = "tenant-secret-2", "X-Api-Key" = "key-1" }`, 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, serverAt("headers"), knownvalue.MapExact(map[string]knownvalue.Check{
						"X-Env": knownvalue.StringExact("prod")})),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					storedHeaders(map[string]any{"X-Api-Key": "key-1", "X-Env": "prod", "X-Tenant-Id": "tenant-secret-2"}),
					noStateValueContains("dashboard-secret"),
				),
			},
			{
				// Without a version, and with secret headers whose names say
				// so, the configuration that an import produces.
				Config: config(`{ "X-Tenant-Token" = "tenant-secret-2", "X-Api-Key" = "key-1" }`, 0),
				Check:  storedHeaders(map[string]any{"X-Api-Key": "key-1", "X-Env": "prod", "X-Tenant-Token": "tenant-secret-2"}),
			},
			{
				// After an import the headers with a secret's name stay out of
				// headers too, and the configured names match what was read:
				// the import plans nothing.
				Config:          config(`{ "X-Tenant-Token" = "tenant-secret-2", "X-Api-Key" = "key-1" }`, 0),
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
		},
	})
}

// Values built from a server block are not sensitive: headers are plain and
// the secret ones are write-only, so a routing output needs no
// `sensitive = true` (Terraform marks any value built from a sensitive one).
func TestServerBlock_notSensitive(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: env.config(`
resource "vapi_assistant" "a" {
  name = "a"
  server {
    url                       = "https://a.example.com"
    headers                   = { "X-Env" = "prod" }
    secret_headers_wo         = { "X-Api-Key" = "never-shown" }
    secret_headers_wo_version = 1
  }
}

output "server_sensitive" {
  value = issensitive(vapi_assistant.a.server)
}

output "route" {
  value = provider::vapi::effective_server_url("status-update", null, vapi_assistant.a.server[0].url, null, null)
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("server_sensitive", knownvalue.Bool(false)),
				statecheck.ExpectKnownOutputValue("route", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"url": knownvalue.StringExact("https://a.example.com"), "source": knownvalue.StringExact("assistant")})),
			},
		}},
	})
}
