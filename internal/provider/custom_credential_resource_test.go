package provider

import (
	"fmt"
	"regexp"
	"strings"
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

const hooksAddr = "vapi_custom_credential.hooks"

func bearerCredentialConfig(name, header string) string {
	return fmt.Sprintf(`
resource "vapi_custom_credential" "hooks" {
  name = %q
  bearer {
    token                 = "s3cr3t-bearer-token"
    header_name           = %q
    bearer_prefix_enabled = false
  }
}
`, name, header)
}

// writeOnlyBearerConfig is a bearer credential whose token is write-only and
// has no version, the form that imports with an empty plan.
func writeOnlyBearerConfig(name, header string) string {
	return fmt.Sprintf(`
resource "vapi_custom_credential" "hooks" {
  name = %q
  bearer {
    token_wo              = "s3cr3t-bearer-token"
    header_name           = %q
    bearer_prefix_enabled = false
  }
}
`, name, header)
}

// storedPlan returns the authentication plan the emulator holds, secrets
// included (the API stores them; it only never returns them).
func storedPlan(t *testing.T, env *testEnv) map[string]any {
	t.Helper()
	cred, ok := env.emu.Object(emulator.KindCredential, env.onlyID(emulator.KindCredential))
	if !ok {
		t.Fatal("no credential in the emulator")
	}
	plan, _ := cred["authenticationPlan"].(map[string]any)
	return plan
}

func TestCustomCredentialResource_lifecycle(t *testing.T) {
	t.Parallel()
	storedHeader := func(want string) func(*testEnv) resource.TestCheckFunc {
		return func(env *testEnv) resource.TestCheckFunc {
			return func(*terraform.State) error {
				// An update resends the whole plan, secret included.
				if p := storedPlan(t, env); p["token"] != "s3cr3t-bearer-token" || p["headerName"] != want {
					return fmt.Errorf("unexpected stored plan: %v", p)
				}
				return nil
			}
		}
	}
	lifecycleCase{
		addr:       hooksAddr,
		kind:       emulator.KindCredential,
		collection: "/credential",
		config: func(env *testEnv, version int) string {
			if version == 1 {
				return env.config(writeOnlyBearerConfig("prod-webhook", "X-Vapi-Secret"))
			}
			return env.config(writeOnlyBearerConfig("prod-webhook-2", "Authorization"))
		},
		versionChecks: []tfversion.TerraformVersionCheck{skipBelow(tfversion.Version1_11_0)},
		createdState: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(hooksAddr, tfjsonpath.New("bearer").AtSliceIndex(0).AtMapKey("header_name"), knownvalue.StringExact("X-Vapi-Secret")),
			statecheck.ExpectKnownValue(hooksAddr, tfjsonpath.New("bearer").AtSliceIndex(0).AtMapKey("token"), knownvalue.Null()),
		},
		created: storedHeader("X-Vapi-Secret"),
		updated: storedHeader("Authorization"),
		drift: func(obj map[string]any) {
			plan, _ := obj["authenticationPlan"].(map[string]any)
			plan["headerName"] = "X-Changed"
		},
	}.run(t)
}

func TestCustomCredentialResource_writeOnlySecretNotInState(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	const secret = "hmac-secret-never-in-state"
	config := func(version int) string {
		return env.config(fmt.Sprintf(`
resource "vapi_custom_credential" "hooks" {
  name = "signed"
  hmac {
    secret_key_wo         = %q
    secret_key_wo_version = %d
    algorithm             = "sha256"
    signature_prefix      = "sha256="
  }
}
`, secret, version))
	}
	noSecretInState := func(s *terraform.State) error {
		for addr, rs := range s.RootModule().Resources {
			for k, v := range rs.Primary.Attributes {
				if strings.Contains(v, secret) {
					return fmt.Errorf("the write-only secret is in the state at %s.%s", addr, k)
				}
			}
		}
		return nil
	}

	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: config(1),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(hooksAddr, tfjsonpath.New("hmac").AtSliceIndex(0).AtMapKey("secret_key_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(hooksAddr, tfjsonpath.New("hmac").AtSliceIndex(0).AtMapKey("signature_header"), knownvalue.StringExact("x-signature")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(noSecretInState, func(*terraform.State) error {
					if got := storedPlan(t, env)["secretKey"]; got != secret {
						return fmt.Errorf("the API did not receive the write-only secret: %v", got)
					}
					return nil
				}),
			},
			{
				// Bumping the version sends the secret again, in place.
				PreConfig: env.emu.ResetRequests,
				Config:    config(2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(hooksAddr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(noSecretInState, env.expectRequests("PATCH", "/credential", 1)),
			},
		},
	})
}

// With a write-only secret and no version, an import block plans no change.
func TestCustomCredentialResource_importBlockWriteOnly(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	config := env.config(`
resource "vapi_custom_credential" "hooks" {
  oauth2 {
    url              = "https://auth.example.com/token"
    client_id        = "vapi"
    client_secret_wo = "oauth-client-secret"
    scope            = "webhooks"
  }
}
`)
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: config},
			{Config: config, ResourceName: hooksAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID},
		},
	})
}

func TestCustomCredentialResource_switchingPlanTypeReplaces(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: env.config(bearerCredentialConfig("c", "Authorization"))},
			{
				Config: env.config(`
resource "vapi_custom_credential" "hooks" {
  name = "c"
  hmac {
    secret_key = "k"
    algorithm  = "sha512"
  }
}
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(hooksAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
			},
		},
	})
}

func TestCustomCredentialResource_invalidConfigs(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	cases := []invalidBody{
		{"two plans", `
  bearer {
    token = "t"
  }
  hmac {
    secret_key = "k"
    algorithm = "sha256"
  }`, regexp.MustCompile(`(?s)Conflicting Blocks.*bearer and hmac cannot be used together`)},
		{"no plan", `name = "x"`, regexp.MustCompile(`(?s)Missing Block.*Write one of the blocks bearer, hmac or oauth2`)},
		{"token and token_wo", `
  bearer {
    token = "t"
    token_wo = "t"
  }`, regexp.MustCompile(`(?s)Secret Set Twice.*bearer\[0\].token and bearer\[0\].token_wo are both set`)},
		{"no token", `
  bearer {
    header_name = "X"
  }`, regexp.MustCompile(`(?s)Missing Secret.*The block bearer\[0\] needs its secret: set token_wo`)},
		{"hmac algorithm", `
  hmac {
    secret_key = "k"
    algorithm = "md5"
  }`, regexp.MustCompile(`(?s)hmac\[0\].algorithm.*value must be one of`)},
		{"name too long", `
  name   = "` + strings.Repeat("n", 41) + `"
  bearer {
    token = "t"
  }`, regexp.MustCompile(`(?s)Attribute name.*length must be between 1 and 40`)},
		{"version without wo", `
  bearer {
    token = "t"
    token_wo_version = 1
  }`, regexp.MustCompile(`(?s)Version Without Write-Only Value.*bearer\[0\].token_wo_version is set but\s+bearer\[0\].token_wo is not`)},
	}
	expectInvalidBlocks(t, env, `resource "vapi_custom_credential" "bad"`, cases)
}
