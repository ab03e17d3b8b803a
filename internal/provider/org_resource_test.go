package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

const orgAddr = "vapi_org.this"

// orgConfig writes a vapi_org; an empty argument leaves that attribute out.
func orgConfig(orgID, name, serverURL string) string {
	var b strings.Builder
	b.WriteString("resource \"vapi_org\" \"this\" {\n")
	if orgID != "" {
		fmt.Fprintf(&b, "  org_id = %q\n", orgID)
	}
	if name != "" {
		fmt.Fprintf(&b, "  name = %q\n", name)
	}
	if serverURL != "" {
		fmt.Fprintf(&b, `  server {
    url             = %q
    timeout_seconds = 30
    headers         = { "X-Env" = "test" }
  }
`, serverURL)
	}
	b.WriteString("}\n")
	return b.String()
}

// storedOrg returns the key's org as the emulator stores it.
func (e *testEnv) storedOrg() map[string]any {
	e.t.Helper()
	org, ok := e.emu.Object(emulator.KindOrg, e.emu.OrgID())
	if !ok {
		e.t.Fatalf("the org %s is gone from the emulator", e.emu.OrgID())
	}
	return org
}

// storedOrgServerURL is the url of the org's server in the emulator, "" for none.
func (e *testEnv) storedOrgServerURL() string {
	server, _ := e.storedOrg()["server"].(map[string]any)
	url, _ := server["url"].(string)
	return url
}

// checkOrgKeptWithoutServer is the CheckDestroy of vapi_org: destroy clears
// the server and leaves the org.
func (e *testEnv) checkOrgKeptWithoutServer(*terraform.State) error {
	org, ok := e.emu.Object(emulator.KindOrg, e.emu.OrgID())
	if !ok {
		return fmt.Errorf("destroy deleted the org %s", e.emu.OrgID())
	}
	if s, ok := org["server"]; ok && s != nil {
		return fmt.Errorf("destroy left the org's server: %v", s)
	}
	return nil
}

// expectOrgPatchesManageOnly fails when a PATCH to the org sent a key other
// than the ones vapi_org manages.
func (e *testEnv) expectOrgPatchesManageOnly(*terraform.State) error {
	for _, r := range e.emu.Requests() {
		if r.Method != http.MethodPatch || !strings.HasPrefix(r.Path, "/org/") {
			continue
		}
		var body map[string]any
		if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
			return fmt.Errorf("PATCH %s body is not a JSON object: %q", r.Path, r.Body)
		}
		for k := range body {
			if k != "name" && k != "server" {
				return fmt.Errorf("PATCH %s sent the unmanaged property %q: %s", r.Path, k, r.Body)
			}
		}
	}
	return nil
}

// Without org_id the resource manages the API key's own org, found by GET /org.
func TestOrgResource_lifecycle(t *testing.T) {
	t.Parallel()
	storedURL := func(want string) func(*testEnv) resource.TestCheckFunc {
		return func(env *testEnv) resource.TestCheckFunc {
			return func(*terraform.State) error {
				if got := env.storedOrgServerURL(); got != want {
					return fmt.Errorf("org server url in the API = %q, want %q", got, want)
				}
				if got := env.storedOrg()["name"]; got != "Acme Voice" {
					return fmt.Errorf("org name in the API = %v", got)
				}
				return nil
			}
		}
	}
	config := func(env *testEnv, serverURL string) string { return env.config(orgConfig("", "Acme Voice", serverURL)) }
	lifecycleCase{
		addr:       orgAddr,
		kind:       emulator.KindOrg,
		collection: "/org",
		adopted:    true,
		config: func(env *testEnv, version int) string {
			return config(env, fmt.Sprintf("https://hooks.example.com/v%d", version))
		},
		createdState: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("name"), knownvalue.StringExact("Acme Voice")),
			statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("server").AtSliceIndex(0).AtMapKey("timeout_seconds"), knownvalue.Float64Exact(30)),
		},
		created: storedURL("https://hooks.example.com/v1"),
		updated: storedURL("https://hooks.example.com/v2"),
		drift: func(obj map[string]any) {
			server, _ := obj["server"].(map[string]any)
			server["url"] = "https://evil.example.com"
		},
		destroyed: func(env *testEnv) error { return env.checkOrgKeptWithoutServer(nil) },
		more: func(_ *testing.T, env *testEnv) []resource.TestStep {
			return []resource.TestStep{{
				// The id and org_id are the key's org, found by GET /org.
				Config: config(env, "https://hooks.example.com/v2"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("id"), knownvalue.StringExact(env.emu.OrgID())),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("org_id"), knownvalue.StringExact(env.emu.OrgID())),
				},
			}}
		},
	}.run(t)
}

// With org_id, adopting an org that already has settings: the unmanaged name
// is read and kept, a server URL the configuration does not declare is
// cleared, and no other org setting is ever sent or changed.
func TestOrgResource_adoptByOrgIDTouchesOnlyManagedSettings(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	orgID := env.emu.OrgID()
	mustMutate(t, env, emulator.KindOrg, func(obj map[string]any) {
		obj["server"] = map[string]any{"url": "https://old.example.com"}
		obj["billingLimit"] = 250
		obj["concurrencyLimit"] = 5
		obj["hipaaEnabled"] = true
	})
	unmanagedKept := func(*terraform.State) error {
		org := env.storedOrg()
		if org["billingLimit"] != 250.0 || org["concurrencyLimit"] != 5.0 || org["hipaaEnabled"] != true || org["name"] != "Test Org" {
			return fmt.Errorf("unmanaged org settings changed: %v", org)
		}
		return nil
	}

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkOrgKeptWithoutServer,
		Steps: []resource.TestStep{
			{
				// No server block: adopting clears the org's server URL.
				Config: env.config(orgConfig(orgID, "", "")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("id"), knownvalue.StringExact(orgID)),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("name"), knownvalue.StringExact("Test Org")),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("server"), knownvalue.ListSizeExact(0)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					func(*terraform.State) error {
						if s, ok := env.storedOrg()["server"]; ok && s != nil {
							return fmt.Errorf("adopting without a server block left the server: %v", s)
						}
						return nil
					},
					unmanagedKept,
					env.expectOrgPatchesManageOnly,
				),
			},
			{
				Config: env.config(orgConfig(orgID, "", "https://hooks.example.com/c")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(orgAddr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(unmanagedKept, env.expectOrgPatchesManageOnly),
			},
			{
				// Server fields this provider does not manage survive an update,
				// because Vapi's PATCH replaces the server object whole.
				PreConfig: func() {
					mustMutate(t, env, emulator.KindOrg, func(obj map[string]any) {
						server, _ := obj["server"].(map[string]any)
						server["encryptedPaths"] = []any{"message.call.customer.number"}
					})
				},
				Config: env.config(orgConfig(orgID, "", "https://hooks.example.com/d")),
				Check: resource.ComposeAggregateTestCheckFunc(
					func(*terraform.State) error {
						server, _ := env.storedOrg()["server"].(map[string]any)
						if server["url"] != "https://hooks.example.com/d" || server["encryptedPaths"] == nil {
							return fmt.Errorf("expected the new url and the unmanaged encryptedPaths, got %v", server)
						}
						return nil
					},
					unmanagedKept,
					env.expectOrgPatchesManageOnly,
				),
			},
			{
				// An import {} block with org_id in the configuration plans no change.
				Config:          env.config(orgConfig(orgID, "", "https://hooks.example.com/d")),
				ResourceName:    orgAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
		},
	})
}

// Renaming sends only the name and server; the name then shows out-of-band
// renames as a diff.
func TestOrgResource_name(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkOrgKeptWithoutServer,
		Steps: []resource.TestStep{
			{Config: env.config(orgConfig("", "Renamed", ""))},
			{
				PreConfig: func() {
					mustMutate(t, env, emulator.KindOrg, func(obj map[string]any) { obj["name"] = "Dashboard Name" })
				},
				Config: env.config(orgConfig("", "Renamed", "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(orgAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(orgAddr, tfjsonpath.New("name"), knownvalue.StringExact("Renamed")),
				}},
				Check: func(*terraform.State) error {
					if got := env.storedOrg()["name"]; got != "Renamed" {
						return fmt.Errorf("org name in the API = %v", got)
					}
					return env.expectOrgPatchesManageOnly(nil)
				},
			},
		},
	})
}

// When the /org endpoints are refused to the key, the error says so and what
// to do, whether the org was given or found through a listed object.
func TestOrgResource_orgEndpointsForbidden(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, func(o *emulator.Options) { o.OrgEndpointsForbidden = true })
	forbidden := regexp.MustCompile(`(?s)Unable to Adopt Org.*403\s+Forbidden.*organization's\s+settings.*vapi_function_tool`)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				// Nothing to learn the org from: the error asks for org_id.
				Config:      env.config(orgConfig("", "", "https://hooks.example.com/a")),
				ExpectError: regexp.MustCompile(`(?s)Unable to Find the API Key's Org.*Set\s+org_id`),
			},
			{
				Config:      env.config(orgConfig(env.emu.OrgID(), "", "https://hooks.example.com/a")),
				ExpectError: forbidden,
			},
			{
				PreConfig:   func() { env.emu.Put(emulator.KindAssistant, map[string]any{"name": "found"}) },
				Config:      env.config(orgConfig("", "", "")),
				ExpectError: forbidden,
			},
		},
	})
	if n := env.emu.CountRequests("", "/org/"); n == 0 {
		t.Fatal("expected the adoptions to reach /org/{id}")
	}
}

// An org cannot be deleted through this provider; if one disappears all the
// same, it leaves the state and adopting it again fails with the API's error.
func TestOrgResource_orgDeletedOutOfBand(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	config := env.config(orgConfig(env.emu.OrgID(), "", "https://hooks.example.com/a"))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					if !env.emu.Remove(emulator.KindOrg, env.emu.OrgID()) {
						t.Fatal("the org was not in the emulator")
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(orgAddr, plancheck.ResourceActionCreate),
				}},
				ExpectError: regexp.MustCompile(`(?s)Unable to Adopt Org.*Org not found.*cannot\s+be\s+created`),
			},
		},
	})
}

func TestOrgResource_invalidConfigs(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	cases := []struct {
		name, body string
		want       *regexp.Regexp
	}{
		{"name of 41 characters", fmt.Sprintf("name = %q", strings.Repeat("n", 41)),
			regexp.MustCompile(`(?s)Attribute name string length must be at most 40`)},
		{"org_id not a uuid", `org_id = "my-org"`, regexp.MustCompile(`(?s)Attribute org_id must be the id of a Vapi organization`)},
		{"server url not a url", `server { url = "not a url" }`, regexp.MustCompile(`(?s)server\[0\].url.*not an absolute`)},
	}
	steps := make([]resource.TestStep, 0, len(cases)+1)
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      env.config("resource \"vapi_org\" \"this\" {\n  " + c.body + "\n}\n"),
			PlanOnly:    true,
			ExpectError: c.want,
		})
	}
	steps = append(steps, resource.TestStep{
		Config:        env.config(orgConfig("", "", "")),
		ResourceName:  orgAddr,
		ImportState:   true,
		ImportStateId: "my-org",
		ExpectError:   regexp.MustCompile(`(?s)Invalid Import ID.*UUID`),
	})
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: env.factories(), Steps: steps})
	env.expectNoWrites(t)
	if reqs := env.emu.Requests(); slices.ContainsFunc(reqs, func(r emulator.Request) bool { return strings.HasPrefix(r.Path, "/org") }) {
		t.Fatalf("invalid configurations reached the API: %v", reqs)
	}
}

// org_id in other letter case is the same org; another org replaces the
// resource, which here fails because the key sees no other org.
func TestOrgResource_orgIDChange(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	orgID := env.emu.OrgID()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkOrgKeptWithoutServer,
		Steps: []resource.TestStep{
			{Config: env.config(orgConfig(orgID, "", "https://hooks.example.com/a"))},
			{
				Config: env.config(orgConfig(strings.ToUpper(orgID), "", "https://hooks.example.com/a")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(orgAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("id"), knownvalue.StringExact(orgID)),
				},
			},
			{
				Config: env.config(orgConfig("00000000-0000-4000-8000-000000000000", "", "https://hooks.example.com/a")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(orgAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ExpectError: regexp.MustCompile(`(?s)Unable to Adopt Org.*Org not found`),
			},
		},
	})
}

// Adopting an org whose server URL was set in the dashboard says, in the
// plan, which URL the apply removes or replaces: a production webhook must
// not go without a word.
func TestOrgResource_planNamesTheURLItReplaces(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	const dashboardURL = "https://prod.example.com/vapi-webhooks"
	if err := env.emu.Mutate(emulator.KindOrg, env.emu.OrgID(), func(obj map[string]any) {
		obj["server"] = map[string]any{"url": dashboardURL}
	}); err != nil {
		t.Fatal(err)
	}
	cli := newCLIRun(t, env, `resource "vapi_org" "this" {
  name = "Acme"
}
`)
	out := cli.mustRun(t, "plan")
	for _, want := range []string{"Org Server URL Will Be Removed", dashboardURL, "add a server block"} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
			t.Errorf("the plan does not say %q:\n%s", want, out)
		}
	}
	cli.write(t, "main.tf", env.config(orgConfig("", "Acme", "https://new.example.com/vapi")))
	out = strings.Join(strings.Fields(cli.mustRun(t, "plan")), " ")
	for _, want := range []string{"Org Server URL Will Be Replaced", dashboardURL, "https://new.example.com/vapi"} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan does not say %q:\n%s", want, out)
		}
	}
	// The same URL is no news.
	cli.write(t, "main.tf", env.config(orgConfig("", "Acme", dashboardURL)))
	if out := cli.mustRun(t, "plan"); strings.Contains(out, "Org Server URL") {
		t.Errorf("a plan that keeps the URL warns:\n%s", out)
	}
	// An org the key cannot read: the plan says that a URL would be replaced.
	env.emu.AddFault(emulator.Fault{Method: http.MethodGet, PathPrefix: "/org/", Status: http.StatusForbidden})
	out = strings.Join(strings.Fields(cli.mustRun(t, "plan")), " ")
	if !strings.Contains(out, "Org Server URL Not Checked") || !strings.Contains(out, "403") {
		t.Errorf("the plan does not warn that the org could not be checked:\n%s", out)
	}
	env.expectNoWrites(t)
}

// GET /org may answer one org as an object rather than a list of one: the
// org is found either way.
func TestOrgResource_orgListAsObject(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, func(o *emulator.Options) { o.OrgListAsObject = true })
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: env.config(orgConfig("", "", "https://hooks.example.com/org") + `
data "vapi_effective_server_url" "org" {
  event      = "status-update"
  depends_on = [vapi_org.this]
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("id"), knownvalue.StringExact(env.emu.OrgID())),
				statecheck.ExpectKnownValue("data.vapi_effective_server_url.org", tfjsonpath.New("url"),
					knownvalue.StringExact("https://hooks.example.com/org")),
			},
		}},
	})
}
