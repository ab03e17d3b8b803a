package provider

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vapi-community/terraform-provider-vapi/internal/ciskip"
	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
)

// The TestAcc tests run against the real Vapi API: `make testacc`, with TF_ACC=1
// and VAPI_API_KEY (and VAPI_BASE_URL for an EU org). They create objects named
// "tf-acc-…" and delete them again. resource.Test skips them without TF_ACC.
// TestAccOrg changes the org's server URL and runs only with VAPI_ACC_ORG=1.

func accPreCheck(t *testing.T) {
	t.Helper()
	if os.Getenv("VAPI_API_KEY") == "" {
		t.Fatal("VAPI_API_KEY must be set for acceptance tests")
	}
}

func accFactories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"vapi": NewProtocol6Server(New("acc")()),
	}
}

func accClient(t *testing.T) *vapi.Client {
	t.Helper()
	c, err := vapi.NewClient(vapi.Options{
		APIKey:     os.Getenv("VAPI_API_KEY"),
		BaseURL:    firstNonEmpty(os.Getenv("VAPI_BASE_URL"), vapi.DefaultBaseURL),
		UserAgent:  "terraform-provider-vapi/acc",
		MaxRetries: vapi.DefaultMaxRetries,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// accCheckGone fails while any resource of type in the state still exists in
// Vapi; apiPath is the collection path ("/tool").
func accCheckGone(t *testing.T, resourceType, apiPath string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		client := accClient(t)
		for _, rs := range s.RootModule().Resources {
			if rs.Type != resourceType {
				continue
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			err := client.Do(ctx, http.MethodGet, apiPath+"/"+rs.Primary.ID, nil, nil)
			cancel()
			if err == nil {
				return fmt.Errorf("%s %s still exists", resourceType, rs.Primary.ID)
			}
			if !vapi.IsNotFound(err) {
				return err
			}
		}
		return nil
	}
}

func accName() string {
	return fmt.Sprintf("tf-acc-%d", time.Now().UnixNano()%1_000_000_000)
}

func TestAccFunctionTool(t *testing.T) {
	name := accName()
	config := func(url string) string {
		return fmt.Sprintf(`
resource "vapi_custom_credential" "hooks" {
  name   = %[1]q
  bearer {
    token = "acc-secret-token"
    header_name = "X-Vapi-Secret"
    bearer_prefix_enabled = false
  }
}

resource "vapi_function_tool" "acc" {
  name        = "tf_acc_lookup"
  description = "Acceptance test tool"
  parameters  = jsonencode({ type = "object", properties = { id = { type = "string" } }, required = ["id"] })
  server {
    url           = %[2]q
    credential_id = vapi_custom_credential.hooks.id
  }
}
`, name, url)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { accPreCheck(t) },
		ProtoV6ProviderFactories: accFactories(),
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			accCheckGone(t, "vapi_function_tool", "/tool"),
			accCheckGone(t, "vapi_custom_credential", "/credential"),
		),
		Steps: []resource.TestStep{
			{Config: config("https://hooks.example.com/acc/a")},
			{
				Config: config("https://hooks.example.com/acc/b"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("vapi_function_tool.acc", plancheck.ResourceActionUpdate),
				}},
			},
			{ResourceName: "vapi_function_tool.acc", ImportState: true, ImportStateVerify: true},
			{
				ResourceName:            "vapi_custom_credential.hooks",
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"bearer.0.token"},
			},
		},
	})
}

func TestAccAssistant(t *testing.T) {
	name := accName()
	config := func(url string, temperature float64) string {
		return fmt.Sprintf(`
resource "vapi_assistant" "acc" {
  name          = %q
  first_message = "Hello from an acceptance test."
  model {
    provider      = "openai"
    model         = "gpt-4o"
    system_prompt = "You are a test assistant."
    temperature   = %v
  }
  voice {
    provider = "vapi"
    voice_id = "Elliot"
  }
  server {
    url = %q
  }
  server_messages = ["end-of-call-report", "status-update", "tool-calls"]
}
`, name, temperature, url)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { accPreCheck(t) },
		ProtoV6ProviderFactories: accFactories(),
		CheckDestroy:             accCheckGone(t, "vapi_assistant", "/assistant"),
		Steps: []resource.TestStep{
			{Config: config("https://hooks.example.com/acc/assistant", 0.5)},
			{
				Config: config("https://hooks.example.com/acc/assistant2", 0.7),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("vapi_assistant.acc", plancheck.ResourceActionUpdate),
				}},
			},
			{ResourceName: "vapi_assistant.acc", ImportState: true, ImportStateVerify: true},
		},
	})
}

// A SIP number (sip:…@sip.vapi.ai) costs nothing and needs no area code
// inventory, unlike a free number bought by area code (five per account).
func TestAccPhoneNumber(t *testing.T) {
	name := accName()
	config := func(url string) string {
		return fmt.Sprintf(`
resource "vapi_phone_number" "acc" {
  name = %[1]q
  vapi {
    sip_uri = "sip:%[1]s@sip.vapi.ai"
  }
  server {
    url = %[2]q
  }
}
`, name, url)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { accPreCheck(t) },
		ProtoV6ProviderFactories: accFactories(),
		CheckDestroy:             accCheckGone(t, "vapi_phone_number", "/phone-number"),
		Steps: []resource.TestStep{
			{Config: config("https://hooks.example.com/acc/phone")},
			{Config: config("https://hooks.example.com/acc/phone2")},
			{ResourceName: "vapi_phone_number.acc", ImportState: true, ImportStateVerify: true},
		},
	})
}

func TestAccEffectiveServerURL(t *testing.T) {
	name := accName()
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { accPreCheck(t) },
		ProtoV6ProviderFactories: accFactories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "vapi_function_tool" "acc" {
  name   = "tf_acc_route"
  server {
    url = "https://hooks.example.com/acc/tool"
  }
}

resource "vapi_assistant" "acc" {
  name   = %q
  model {
    provider = "openai"
    model = "gpt-4o"
    tool_ids = [vapi_function_tool.acc.id]
  }
  server {
    url = "https://hooks.example.com/acc/assistant"
  }
}

data "vapi_effective_server_url" "tool_calls" {
  event            = "tool-calls"
  function_tool_id = vapi_function_tool.acc.id
  assistant_id     = vapi_assistant.acc.id
}

data "vapi_effective_server_url" "status" {
  event        = "status-update"
  assistant_id = vapi_assistant.acc.id
}
`, name),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.vapi_effective_server_url.tool_calls", tfjsonpath.New("source"), knownvalue.StringExact("function_tool")),
				statecheck.ExpectKnownValue("data.vapi_effective_server_url.status", tfjsonpath.New("url"), knownvalue.StringExact("https://hooks.example.com/acc/assistant")),
			},
		}},
	})
}

func TestAccOrg(t *testing.T) {
	if os.Getenv("VAPI_ACC_ORG") != "1" {
		ciskip.Skip(t, "acc-org-opt-in", "TestAccOrg changes the organization's server URL: set VAPI_ACC_ORG=1 to run it")
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { accPreCheck(t) },
		ProtoV6ProviderFactories: accFactories(),
		Steps: []resource.TestStep{
			{Config: `
resource "vapi_org" "this" {
  server {
    url = "https://hooks.example.com/acc/org"
  }
}
`},
			{ResourceName: "vapi_org.this", ImportState: true, ImportStateVerify: true},
		},
	})
}
