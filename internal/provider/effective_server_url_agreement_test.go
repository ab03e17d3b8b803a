package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

// The server settings of the matrix. Each level's server differs in its
// credential and timeout, so a test can tell that they come from the winner;
// the servers without a URL still carry a credential or a timeout, which
// must never leak into the answer.
const (
	matrixCredTool      = "11111111-1111-4111-8111-111111111111"
	matrixCredAssistant = "22222222-2222-4222-8222-222222222222"
	matrixCredOrg       = "44444444-4444-4444-8444-444444444444"
	matrixCredStray     = "99999999-9999-4999-8999-999999999999"
)

// matrixURL is the server URL the matrix gives a level.
func matrixURL(level string) string { return "https://" + level + ".example.com/hook" }

// matrixWinner is what the data source must export when level wins; level
// "none" when none does.
func matrixWinner(level string) (credentialID, timeout knownvalue.Check) {
	switch level {
	case "function_tool":
		return knownvalue.StringExact(matrixCredTool), knownvalue.Float64Exact(11)
	case "assistant":
		return knownvalue.StringExact(matrixCredAssistant), knownvalue.Float64Exact(defaultServerTimeoutSeconds)
	case "phone_number":
		return knownvalue.Null(), knownvalue.Float64Exact(33)
	case "org":
		return knownvalue.StringExact(matrixCredOrg), knownvalue.Float64Exact(44)
	}
	return knownvalue.Null(), knownvalue.Null()
}

// serverURLCase is one data source of the matrix: an event class and which
// of the four levels (functionMatrixLevels) have a server URL.
type serverURLCase struct {
	name  string
	event string
	// reaches are the levels the event can use, written out by the function
	// test so that expectations do not come from the code under test.
	reaches []string
	set     map[string]bool
}

// serverURLMatrix is the fixture shared by the data source's matrix test and
// the agreement test: every combination of the four levels having a server
// URL or not (16), for one event of each class. Two objects per level are
// enough (with and without a URL), stored in the emulator outside Terraform,
// and each case is a data source picking its combination of ids. The org is
// the one exception: an API key sees one org, so the cases are read in two
// applies, while the org has a server URL and after it is removed.
type serverURLMatrix struct {
	env *testEnv
	// objects holds, per level, the id of the object with a server URL
	// (true) and of the one without (false).
	objects map[string]map[bool]string
	cases   []serverURLCase
}

// newServerURLMatrix stores a function tool, an assistant and a phone number
// with a server URL and the same without one, and gives the org a server
// URL. Both assistants list both tools, so no case draws the
// tool-not-in-tool_ids warning.
func newServerURLMatrix(t *testing.T) *serverURLMatrix {
	t.Helper()
	env := newTestEnv(t)
	m := &serverURLMatrix{env: env, objects: map[string]map[bool]string{}}
	tool := func(server map[string]any) string {
		return env.emu.Put(emulator.KindTool, map[string]any{
			"type": "function", "function": map[string]any{"name": "matrix_tool"}, "server": server,
		})
	}
	m.objects["function_tool"] = map[bool]string{
		true:  tool(map[string]any{"url": matrixURL("function_tool"), "credentialId": matrixCredTool, "timeoutSeconds": 11}),
		false: tool(map[string]any{"timeoutSeconds": 99, "credentialId": matrixCredStray}),
	}
	model := map[string]any{"provider": "openai", "model": "gpt-4o",
		"toolIds": []string{m.objects["function_tool"][true], m.objects["function_tool"][false]}}
	m.objects["assistant"] = map[bool]string{
		true: env.emu.Put(emulator.KindAssistant, map[string]any{"name": "with url", "model": model,
			"server": map[string]any{"url": matrixURL("assistant"), "credentialId": matrixCredAssistant}}),
		false: env.emu.Put(emulator.KindAssistant, map[string]any{"name": "without url", "model": model}),
	}
	m.objects["phone_number"] = map[bool]string{
		true: env.emu.Put(emulator.KindPhoneNumber, map[string]any{"provider": "vapi", "number": "+14155550101",
			"status": "active", "server": map[string]any{"url": matrixURL("phone_number"), "timeoutSeconds": 33}}),
		false: env.emu.Put(emulator.KindPhoneNumber, map[string]any{"provider": "vapi", "number": "+14155550102",
			"status": "active", "server": map[string]any{"credentialId": matrixCredStray}}),
	}
	m.setOrgServer(t, map[string]any{"url": matrixURL("org"), "credentialId": matrixCredOrg, "timeoutSeconds": 44})

	for _, class := range functionMatrixClasses {
		for mask := range 16 {
			set := map[string]bool{}
			for i, level := range functionMatrixLevels {
				set[level] = mask&(8>>i) != 0
			}
			m.cases = append(m.cases, serverURLCase{
				name:    fmt.Sprintf("%s_%04b", class.prefix, mask),
				event:   class.event,
				reaches: class.reaches,
				set:     set,
			})
		}
	}
	return m
}

// setOrgServer sets the org's server outside Terraform; nil removes it.
func (m *serverURLMatrix) setOrgServer(t *testing.T, server map[string]any) {
	t.Helper()
	err := m.env.emu.Mutate(emulator.KindOrg, m.env.emu.OrgID(), func(org map[string]any) {
		if server == nil {
			delete(org, "server")
			return
		}
		org["server"] = server
	})
	if err != nil {
		t.Fatal(err)
	}
}

// casesWithOrgURL returns the cases of one of the two applies.
func (m *serverURLMatrix) casesWithOrgURL(orgURL bool) []serverURLCase {
	var out []serverURLCase
	for _, c := range m.cases {
		if c.set["org"] == orgURL {
			out = append(out, c)
		}
	}
	return out
}

// id returns the id of the object case c uses for level.
func (m *serverURLMatrix) id(c serverURLCase, level string) string {
	if level == "org" {
		return m.env.emu.OrgID()
	}
	return m.objects[level][c.set[level]]
}

// hclURL returns the URL case c gives level, as an HCL literal.
func (c serverURLCase) hclURL(level string) string {
	if !c.set[level] {
		return "null"
	}
	return fmt.Sprintf("%q", matrixURL(level))
}

// config is the configuration of one apply of the matrix: a local list of
// the cases whose org has a server URL (orgURL) or not, one data source per
// case through count (terraform-plugin-testing's state checks cannot follow
// for_each's string keys), and outputs keyed by case name: `answers` holds every data source's result;
// `agree` tells, per case, whether the data source and the provider function
// give the same url and source for the URLs the case's objects hold.
// The agree output needs provider functions (Terraform 1.8); without
// withFunction the configuration runs on any Terraform the provider supports.
func (m *serverURLMatrix) config(orgURL, withFunction bool) string {
	var b strings.Builder
	b.WriteString(m.env.providerConfig())
	b.WriteString("locals {\n  cases = [\n")
	for _, c := range m.casesWithOrgURL(orgURL) {
		fmt.Fprintf(&b, "    {\n      name = %q, event = %q\n", c.name, c.event)
		fmt.Fprintf(&b, "      function_tool_id = %q, assistant_id = %q, phone_number_id = %q\n",
			m.id(c, "function_tool"), m.id(c, "assistant"), m.id(c, "phone_number"))
		fmt.Fprintf(&b, "      urls = { function_tool = %s, assistant = %s, phone_number = %s, org = %s }\n    },\n",
			c.hclURL("function_tool"), c.hclURL("assistant"), c.hclURL("phone_number"), c.hclURL("org"))
	}
	b.WriteString(`  ]
}

data "vapi_effective_server_url" "matrix" {
  count            = length(local.cases)
  event            = local.cases[count.index].event
  function_tool_id = local.cases[count.index].function_tool_id
  assistant_id     = local.cases[count.index].assistant_id
  phone_number_id  = local.cases[count.index].phone_number_id
}

output "answers" {
  value = { for i, a in data.vapi_effective_server_url.matrix : local.cases[i].name => {
    url             = a.url
    source          = a.source
    credential_id   = a.credential_id
    timeout_seconds = a.timeout_seconds
    subscribed      = a.subscribed
    chain           = a.chain
  } }
}
`)
	if withFunction {
		b.WriteString(`
output "agree" {
  value = { for i, c in local.cases : c.name => (
    data.vapi_effective_server_url.matrix[i].url == provider::vapi::effective_server_url(
      c.event, c.urls.function_tool, c.urls.assistant, c.urls.phone_number, c.urls.org).url &&
    data.vapi_effective_server_url.matrix[i].source == provider::vapi::effective_server_url(
      c.event, c.urls.function_tool, c.urls.assistant, c.urls.phone_number, c.urls.org).source
  ) }
}
`)
	}
	return b.String()
}

// steps returns the matrix's two applies: the org with its server URL, then
// without it; checks gives each apply's state checks.
func (m *serverURLMatrix) steps(t *testing.T, withFunction bool, checks func(orgURL bool) []statecheck.StateCheck) []resource.TestStep {
	return []resource.TestStep{
		{Config: m.config(true, withFunction), ConfigStateChecks: checks(true)},
		{
			PreConfig:         func() { m.setOrgServer(t, nil) },
			Config:            m.config(false, withFunction),
			ConfigStateChecks: checks(false),
		},
	}
}

// TestEffectiveServerURL_agreement proves that the data source and the
// provider function agree on all 48 cases of the matrix, the function getting
// the URLs held by the objects that the data source reads.
func TestEffectiveServerURL_agreement(t *testing.T) {
	t.Parallel()
	m := newServerURLMatrix(t)

	spot := func(name, level string) statecheck.StateCheck {
		want := map[string]knownvalue.Check{"url": knownvalue.Null(), "source": knownvalue.StringExact("none")}
		if level != "none" {
			want = map[string]knownvalue.Check{"url": knownvalue.StringExact(matrixURL(level)), "source": knownvalue.StringExact(level)}
		}
		return statecheck.ExpectKnownOutputValueAtPath("answers", tfjsonpath.New(name), knownvalue.ObjectPartial(want))
	}
	spots := map[bool][]statecheck.StateCheck{
		// Spot checks, so that agreement cannot be two wrong answers alike.
		true: {
			spot("tool_calls_1111", "function_tool"),
			spot("tool_calls_0101", "assistant"),
			spot("assistant_request_1101", "org"),
			spot("status_update_1011", "phone_number"),
		},
		false: {
			spot("tool_calls_0110", "assistant"),
			spot("assistant_request_1100", "none"),
			spot("status_update_1000", "none"),
		},
	}
	checks := func(orgURL bool) []statecheck.StateCheck {
		agree := map[string]knownvalue.Check{}
		for _, c := range m.casesWithOrgURL(orgURL) {
			agree[c.name] = knownvalue.Bool(true)
		}
		return append([]statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("agree", knownvalue.MapExact(agree)),
		}, spots[orgURL]...)
	}

	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: m.env.factories(),
		Steps:                    m.steps(t, true, checks),
	})
}
