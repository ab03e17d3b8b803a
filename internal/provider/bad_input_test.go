package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

// Bad input fails at validate or plan time, with an error on the attribute at
// fault, before any request reaches the API. The resource test files check
// each resource's own attributes; these are the provider block, the function,
// the data source, values that come from other resources, and the errors only
// the API can find.

// onAttribute matches an error that names the attribute and then says what.
// name is written as in state paths, "server.0.url"; Terraform prints it
// "server[0].url".
func onAttribute(name, what string) *regexp.Regexp {
	printed := regexp.MustCompile(`\.(\d+)(\.|$)`).ReplaceAllString(name, "[$1]$2")
	return regexp.MustCompile(`(?s)` + regexp.QuoteMeta(printed) + `.*` + words(what))
}

// unknownSetting matches the error of a provider setting that is not known
// at plan time.
func unknownSetting(name string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)Unknown Vapi Provider Setting.*` + name + `\s+=.*` +
		words("`"+name+"` depends on a value that is not known until apply"))
}

func TestBadInput_providerBlock(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	withProvider := func(settings string) string {
		return fmt.Sprintf(`
provider "vapi" {
  api_key = %q
  %s
}

resource "terraform_data" "later" {
  input = "known only after apply"
}

resource "vapi_function_tool" "t" {
  name = "t"
}
`, env.emu.APIKey(), settings)
	}
	expectInvalid(t, env, []invalidCase{
		{"http to a public host", withProvider(`base_url = "http://example.com"`),
			onAttribute("base_url", "must use https:// (http:// is allowed only for loopback hosts")},
		{"another scheme", withProvider(`base_url = "ftp://api.vapi.ai"`), onAttribute("base_url", "must use https://, not ftp://")},
		{"credentials in the URL", withProvider(`base_url = "https://me:pw@api.vapi.ai"`),
			onAttribute("base_url", "must not contain a user name or password")},
		{"query string", withProvider(`base_url = "https://api.vapi.ai/?region=eu"`),
			onAttribute("base_url", "must not contain a query string or fragment")},
		{"not absolute", withProvider(`base_url = "api.vapi.ai"`), onAttribute("base_url", "must be an absolute URL")},
		{"empty", withProvider(`base_url = ""`), onAttribute("base_url", "must not be empty")},
		{"negative retries", withProvider(`max_retries = -1`), onAttribute("max_retries", "value must be between 0 and 20, got: -1")},
		{"too many retries", withProvider(`max_retries = 21`), onAttribute("max_retries", "value must be between 0 and 20, got: 21")},
		{"retries not a number", withProvider(`max_retries = "many"`), onAttribute(`"max_retries"`, "a number is required")},
		{"zero rate", withProvider(`requests_per_second = 0`), onAttribute("requests_per_second", "value must be at least 0.1")},
		{"negative rate", withProvider(`requests_per_second = -5`), onAttribute("requests_per_second", "value must be at least 0.1")},
		{"unknown key", fmt.Sprintf(`
provider "vapi" {
  api_key  = terraform_data.later.output
  base_url = %q
}

resource "terraform_data" "later" {
  input = "known only after apply"
}

resource "vapi_function_tool" "t" {
  name = "t"
}
`, env.url), unknownSetting("api_key")},
		{"unknown base URL", withProvider(`base_url = "https://${terraform_data.later.id}.example.com"`),
			unknownSetting("base_url")},
	})
}

func TestBadInput_functionAndDataSource(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	const uuid = "0b3a3c3e-8f7e-4f2a-9d55-2f1f5b0c9a11"
	dataSource := func(args string) string {
		return env.config(`
data "vapi_effective_server_url" "bad" {
` + args + `
}
`)
	}
	expectInvalid(t, env, []invalidCase{
		{"function: empty event", env.config(`
output "empty" {
  value = provider::vapi::effective_server_url("", null, null, null, "https://org.example.com")
}
`), regexp.MustCompile(`(?s)Invalid value for "event" parameter: unknown event ""`)},
		{"function: a URL of the wrong type", env.config(`
output "list" {
  value = provider::vapi::effective_server_url("tool-calls", ["https://a.example.com"], null, null, null)
}
`), regexp.MustCompile(`(?s)Invalid value for "function_tool_url" parameter: string required`)},
		{"data source: empty event", dataSource(`  event = ""`), onAttribute("event", `unknown event ""`)},
		{"data source: function tool id not a UUID", dataSource(`
  event            = "tool-calls"
  function_tool_id = "get_weather"`), onAttribute("function_tool_id", "must be a UUID")},
		{"data source: phone number id not a UUID", dataSource(`
  event           = "status-update"
  phone_number_id = "+14155550123"`), onAttribute("phone_number_id", "must be a UUID")},
		{"data source: a valid id with an unknown event", dataSource(`
  event        = "call-ended"
  assistant_id = "` + uuid + `"`), onAttribute("event", `unknown event "call-ended"`)},
	}, skipBelow(tfversion.Version1_8_0))
}

// Values that come from other resources are checked as soon as they are
// known, which for names and literals is plan time.
func TestBadInput_crossResource(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	const hooks = `
resource "vapi_custom_credential" "hooks" {
  name   = "hooks"
  bearer {
    token = "t"
  }
}
`
	const tool = `
resource "vapi_function_tool" "weather" {
  name = "get_weather"
}
`
	expectInvalid(t, env, []invalidCase{
		{"tool server credential given the credential's name", env.config(hooks + `
resource "vapi_function_tool" "t" {
  name   = "t"
  server {
    url = "https://h.example.com"
    credential_id = vapi_custom_credential.hooks.name
  }
}
`), onAttribute("server.0.credential_id", "must be the id of a vapi_custom_credential")},
		{"assistant tool ids given a tool's name", env.config(tool + `
resource "vapi_assistant" "a" {
  name  = "a"
  model {
    provider = "openai"
    model = "gpt-4o"
    tool_ids = [vapi_function_tool.weather.name]
  }
}
`), onAttribute("model.0.tool_ids", "must be the id of a vapi_function_tool")},
		{"org server credential given a tool's name", env.config(tool + `
resource "vapi_org" "o" {
  server {
    url = "https://h.example.com"
    credential_id = vapi_function_tool.weather.name
  }
}
`), onAttribute("server.0.credential_id", "must be the id of a vapi_custom_credential")},
		{"org backoff retries 11", env.config(`
resource "vapi_org" "o" {
  server {
    url          = "https://h.example.com"
    backoff_plan {
      type = "fixed"
      max_retries = 11
      base_delay_seconds = 1
    }
  }
}
`), onAttribute("server.0.backoff_plan.0.max_retries", "must be a whole number from 0 to 10, got: 11")},
		{"assistant backoff delay 11", env.config(`
resource "vapi_assistant" "a" {
  name = "a"
  server {
    url          = "https://h.example.com"
    backoff_plan {
      type = "fixed"
      max_retries = 1
      base_delay_seconds = 11
    }
  }
}
`), onAttribute("server.0.backoff_plan.0.base_delay_seconds", "value must be between 0 and 10, got: 11")},
		{"phone number excluded status 99", env.config(`
resource "vapi_phone_number" "p" {
  vapi {
    number_desired_area_code = "415"
  }
  server {
    url          = "https://h.example.com"
    backoff_plan {
      type = "fixed"
      max_retries = 1
      base_delay_seconds = 1
      excluded_status_codes = [99]
    }
  }
}
`), onAttribute("server.0.backoff_plan.0.excluded_status_codes", "must be a whole number from 100 to 599, got: 99")},
		{"assistant server URL of another scheme", env.config(`
resource "vapi_assistant" "a" {
  name   = "a"
  server {
    url = "ftp://h.example.com/vapi"
  }
}
`), onAttribute("server.0.url", "is not an absolute https:// (or http://) URL")},
		{"credential with an empty header name", env.config(`
resource "vapi_custom_credential" "copy" {
  name   = "copy"
  bearer {
    token = "t"
    header_name = ""
  }
}
`), onAttribute("bearer.0.header_name", "length must be at least 1")},
	})
}

// Errors only the API can find come back with Vapi's own message and status,
// and with what to do where there is something to do.
func TestBadInput_apiErrors(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	tool := `
resource "vapi_function_tool" "t" {
  name = "t"
}
`
	steps := []resource.TestStep{
		{
			// The model provider is left open in the schema (Vapi adds
			// providers often), so only the API rejects an unknown one.
			Config: env.config(`
resource "vapi_assistant" "a" {
  name  = "a"
  model {
    provider = "not-a-provider"
    model = "m"
  }
}
`),
			ExpectError: diagnostic("Unable to Create Assistant",
				"Vapi answered 400 Bad Request to POST /assistant: model.provider must be one of the following values: anthropic,"),
		},
		{
			Config: fmt.Sprintf(`
provider "vapi" {
  api_key  = "not-the-key"
  base_url = %q
}
`, env.url) + tool,
			ExpectError: regexp.MustCompile(`(?s)Unable to Create Function Tool.*` +
				words("Vapi answered 401 Unauthorized to POST /tool: Invalid Key.") + `.*` +
				words("Check the API key: it must be a private key of the organization, set as the provider's `api_key` argument or in the VAPI_API_KEY environment variable.")),
		},
	}
	if os.Getenv(envKey) == "" && os.Getenv(envKeyFallback) == "" {
		steps = append(steps, resource.TestStep{
			// No key at all: the first API call says where a key comes
			// from, without sending anything.
			Config: fmt.Sprintf(`
provider "vapi" {
  base_url = %q
}
`, env.url) + tool,
			ExpectError: diagnostic("Unable to Create Function Tool",
				"no Vapi API key is configured: set the VAPI_API_KEY environment variable or the api_key provider argument"),
		})
	}
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: env.factories(), Steps: steps})

	for _, kind := range []emulator.Kind{emulator.KindAssistant, emulator.KindTool} {
		if objs := env.emu.Objects(kind); len(objs) != 0 {
			t.Errorf("a rejected create left %d %s object(s)", len(objs), kind)
		}
	}
	// One POST /assistant (400) and one POST /tool (401); the missing key
	// sends nothing.
	if n := env.emu.WriteCount(); n != 2 {
		t.Errorf("expected exactly 2 write requests, the emulator saw %d: %v", n, env.emu.Requests())
	}
}

// A pinned tool cannot be deleted: the destroy fails with Vapi's 409 and says
// what to do; once the pin is gone, the destroy succeeds.
func TestBadInput_deletePinnedTool(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	config := env.config(`
resource "vapi_function_tool" "t" {
  name = "pinned"
}
`)
	pin := func(pinned bool) func() {
		return func() {
			mustMutate(t, env, emulator.KindTool, func(obj map[string]any) { obj["__pinned"] = pinned })
		}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed(emulator.KindTool),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: pin(true),
				Config:    config,
				Destroy:   true,
				ExpectError: regexp.MustCompile(`(?s)Unable to Delete Function Tool.*` +
					words("Vapi answered 409 Conflict to DELETE /tool/") + `.*` +
					words("A version of this Function Tool is pinned") + `.*` + words("Remove the pin")),
			},
			{
				// Still in the state and in the API; unpinned, the final
				// destroy works.
				PreConfig: pin(false),
				Config:    config,
				PlanOnly:  true,
			},
		},
	})
}

// A fraction where a whole number belongs is refused on the attribute,
// without the framework's "This is always an error in the provider": for
// every whole-number attribute of every resource, generated from the schemas.
func TestBadInput_fractionsInWholeNumbers(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	var cases []invalidCase
	schemas := resourceSchemas(t)
	for _, resourceType := range sortedKeys(schemas) {
		for _, n := range walkSchema(resourceType, schemas[resourceType]) {
			value := ""
			switch a := n.attr.(type) {
			case rschema.Int64Attribute:
				value = "2.5"
			case rschema.Float64Attribute:
				if slices.ContainsFunc(a.Validators, func(v validator.Float64) bool { _, ok := v.(wholeNumber); return ok }) {
					value = "2.5"
				}
			case rschema.SetAttribute:
				if a.ElementType == types.Int64Type || a.ElementType == types.Float64Type {
					value = "[2.5]"
				}
			}
			if value == "" {
				continue
			}
			s, prefix, ok := sampleFor(n)
			if !ok {
				t.Fatalf("no churn sample for %s.%s", resourceType, n.name())
			}
			// A companion-only attribute (a *_wo_version) is written with its
			// write-only value, as the churn writes the value with it.
			s.set = value
			c := churnCase{node: n, sample: s, apiPrefix: prefix}
			if resourceType == "vapi_org" {
				c.orgID = "0b3a3c3e-8f7e-4f2a-9d55-2f1f5b0c9a11"
			}
			cases = append(cases, invalidCase{
				name:   resourceType + "." + n.name(),
				config: env.config(c.config(0, 0)),
				want: regexp.MustCompile(`(?s)Invalid Number.*` + regexp.QuoteMeta(n.path[len(n.path)-1]) +
					`.*must\s+be\s+a\s+whole\s+number.*got:\s+2.5`),
			})
		}
	}
	if len(cases) < 10 {
		t.Fatalf("only %d whole-number attributes found", len(cases))
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: c.config, PlanOnly: true, ExpectError: c.want})
	}
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: env.factories(),
		Steps:                    steps,
	})
	if reqs := env.emu.Requests(); len(reqs) != 0 {
		t.Fatalf("expected no request to reach the API, the emulator saw %v", reqs)
	}
}

// What a new user or a reviewer writes by mistake, refused on the attribute
// before any request reaches the API.
func TestBadInput_mistakesRefusedBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	var cases []invalidCase
	for _, c := range []struct {
		name, body string
		want       *regexp.Regexp
	}{
		{"a trailing space in the URL", `url = "https://hooks.example.com/vapi "`,
			regexp.MustCompile(`(?s)Invalid URL.*server\[0\].url.*spaces\s+or\s+line\s+breaks\s+around\s+it`)},
		{"a user and password in the URL", `url = "https://vapi:s3cret@hooks.example.com/vapi"`,
			regexp.MustCompile(`(?s)Credentials in URL.*server\[0\].url.*user\s+name\s+or\s+password\s+\(vapi@\)`)},
	} {
		levels := serverLevels(c.body)
		for _, addr := range sortedKeys(levels) {
			cases = append(cases, invalidCase{name: addr + ": " + c.name, config: env.config(levels[addr]), want: c.want})
		}
	}
	resourceBody := func(resourceType, body string) string {
		return env.config(fmt.Sprintf("resource %q \"bad\" {\n%s\n}\n", resourceType, body))
	}
	cases = append(cases,
		invalidCase{"parameters that are not an object schema", resourceBody("vapi_function_tool", `
  name       = "t"
  parameters = jsonencode({ type = "string" })`), regexp.MustCompile(`(?s)Invalid Function Parameters.*parameters.*type\s+"object".*got\s+type\s+"string"`)},
		invalidCase{"parameters whose properties are a list", resourceBody("vapi_function_tool", `
  name       = "t"
  parameters = jsonencode({ type = "object", properties = ["city"] })`), regexp.MustCompile(`(?s)Invalid Function Parameters.*"properties" must be an object`)},
		invalidCase{"an area code starting with 0", resourceBody("vapi_phone_number", `
  vapi {
    number_desired_area_code = "041"
  }`), regexp.MustCompile(`(?s)vapi\[0\].number_desired_area_code.*must be a US area code.*first of them 2 to 9`)},
		invalidCase{"an assistant id that is not one", resourceBody("vapi_phone_number", `
  assistant_id = "support"
  vapi {
    number_desired_area_code = "415"
  }`), onAttribute("assistant_id", "must be the id of a vapi_assistant")},
		invalidCase{"a squad id that is not one", resourceBody("vapi_phone_number", `
  squad_id = "support"
  vapi {
    number_desired_area_code = "415"
  }`), onAttribute("squad_id", "must be the id of a Vapi squad")},
		invalidCase{"a workflow id that is not one", resourceBody("vapi_phone_number", `
  workflow_id = "support"
  vapi {
    number_desired_area_code = "415"
  }`), onAttribute("workflow_id", "must be the id of a Vapi workflow")},
		invalidCase{"a tool id that is not one", resourceBody("vapi_assistant", `
  name = "a"
  model {
    provider = "openai"
    model    = "gpt-4o"
    tool_ids = ["get_weather"]
  }`), regexp.MustCompile(`(?s)model\[0\].tool_ids.*must be the id of a\s+vapi_function_tool`)},
	)
	expectInvalid(t, env, cases)
}

// A webhook URL over http:// to a host that is not loopback is allowed (a
// test server, say) but warned about: Vapi's credential would cross the
// network in clear text.
func TestBadInput_plainHTTPWebhookIsWarnedAbout(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	levels := serverLevels(`url = "http://hooks.example.com/vapi"`)
	var config strings.Builder
	for _, addr := range sortedKeys(levels) {
		config.WriteString(levels[addr])
	}
	config.WriteString(`resource "vapi_function_tool" "local" {
  name = "local"
  server {
    url = "http://127.0.0.1:8080/hooks"
  }
}
`)
	cli := newCLIRun(t, env, config.String())
	out := cli.mustRun(t, "validate", "-json")
	var result struct {
		Valid       bool `json:"valid"`
		Diagnostics []struct {
			Severity, Summary, Detail string
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(out), &result); err != nil {
		t.Fatalf("terraform validate -json: %v\n%s", err, out)
	}
	var warned int
	for _, d := range result.Diagnostics {
		if d.Severity == "warning" && d.Summary == "Unencrypted URL" && strings.Contains(d.Detail, "clear text") &&
			strings.Contains(d.Detail, "http://hooks.example.com/vapi") {
			warned++
		}
	}
	if !result.Valid || warned != len(levels) || len(result.Diagnostics) != len(levels) {
		t.Fatalf("expected a valid configuration with an Unencrypted URL warning on each of the %d levels and none "+
			"for loopback, got:\n%s", len(levels), out)
	}
	if reqs := env.emu.Requests(); len(reqs) != 0 {
		t.Fatalf("validate reached the API: %v", reqs)
	}
}
