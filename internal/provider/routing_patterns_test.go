package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// The two documented patterns, across one apply that changes two levels at
// once (the assistant's server removed, the org's URL changed): the
// function over the planned server blocks shows the new routing in the plan,
// and the data source with depends_on on the levels is right after that
// same apply. No routing output is sensitive.
func TestRoutingPatterns_twoLevelsChangeInOneApply(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	null := nullServer(t)
	config := func(assistantServer, orgURL string) string {
		c := env.config(fmt.Sprintf(`
resource "vapi_org" "this" {
  server {
    url = %q
  }
}

resource "vapi_assistant" "support" {
  name = "Support"
  %s
}

resource "vapi_phone_number" "support" {
  assistant_id = vapi_assistant.support.id
  vapi {
    number_desired_area_code = "415"
  }
}

# Where status-update events will go after the apply: read in the plan.
output "planned" {
  value = provider::vapi::effective_server("status-update", NULL_SERVER, vapi_assistant.support.server,
    vapi_phone_number.support.server, vapi_org.this.server)
}

# Where they go now: read after the apply whenever a level changes.
data "vapi_effective_server_url" "now" {
  event           = "status-update"
  assistant_id    = vapi_assistant.support.id
  phone_number_id = vapi_phone_number.support.id
  org_id          = vapi_org.this.id
  depends_on      = [vapi_org.this, vapi_assistant.support, vapi_phone_number.support]
}

output "now" {
  value = { source = data.vapi_effective_server_url.now.source, url = data.vapi_effective_server_url.now.url }
}

output "sensitive" {
  value = [issensitive(provider::vapi::effective_server("status-update", NULL_SERVER, vapi_assistant.support.server,
    vapi_phone_number.support.server, vapi_org.this.server)), issensitive(data.vapi_effective_server_url.now.url)]
}
`, orgURL, assistantServer))
		return strings.ReplaceAll(c, "NULL_SERVER", null)
	}
	route := func(source, url string) knownvalue.Check {
		return knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"source": knownvalue.StringExact(source), "url": knownvalue.StringExact(url)})
	}
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: config(`server {
    url = "https://hooks.example.com/assistant"
  }`, "https://hooks.example.com/org-a"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("planned", route("assistant", "https://hooks.example.com/assistant")),
					statecheck.ExpectKnownOutputValue("now", route("assistant", "https://hooks.example.com/assistant")),
				},
			},
			{
				Config: config("", "https://hooks.example.com/org-b"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					// The reviewer reads the new routing in the plan.
					plancheck.ExpectKnownOutputValue("planned", route("org", "https://hooks.example.com/org-b")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("planned", route("org", "https://hooks.example.com/org-b")),
					statecheck.ExpectKnownOutputValue("now", route("org", "https://hooks.example.com/org-b")),
					statecheck.ExpectKnownOutputValue("sensitive", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.Bool(false), knownvalue.Bool(false)})),
				},
			},
		},
	})
}
