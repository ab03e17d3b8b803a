package provider

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

const (
	phoneAddr       = "vapi_phone_number.support"
	phoneAssistantA = "0b1e6a2c-9a4f-4d7e-8c3b-5f2a7d9e1c40"
	phoneAssistantB = "6d3f8b1a-2c5e-4f9a-b7d0-1e4c8a6f3b52"
)

// freeNumberConfig is a free number bought by area code; serverURL "" leaves
// the server block out.
func freeNumberConfig(areaCode, assistantID, serverURL string) string {
	server := ""
	if serverURL != "" {
		server = fmt.Sprintf(`
  server {
    url             = %q
    timeout_seconds = 15
  }`, serverURL)
	}
	return fmt.Sprintf(`
resource "vapi_phone_number" "support" {
  name         = "Support line"
  assistant_id = %q
  vapi {
    number_desired_area_code = %q
  }
  %s
}
`, assistantID, areaCode, server)
}

// storedPhoneNumber returns the only phone number the emulator holds, secrets
// included (the API stores them; it only never returns them).
func storedPhoneNumber(t *testing.T, env *testEnv) map[string]any {
	t.Helper()
	obj, ok := env.emu.Object(emulator.KindPhoneNumber, env.onlyID(emulator.KindPhoneNumber))
	if !ok {
		t.Fatal("no phone number in the emulator")
	}
	return obj
}

// phoneNumberRequestBodies decodes the bodies of the requests of method to
// /phone-number paths since the last ResetRequests.
func phoneNumberRequestBodies(t *testing.T, env *testEnv, method string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, r := range env.emu.Requests() {
		if r.Method != method || !strings.HasPrefix(r.Path, "/phone-number") {
			continue
		}
		var body map[string]any
		if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
			t.Fatalf("%s %s: body is not a JSON object: %v", r.Method, r.Path, err)
		}
		out = append(out, body)
	}
	return out
}

// onlyPatchBody returns the body of the one PATCH sent since the last
// ResetRequests.
func onlyPatchBody(t *testing.T, env *testEnv) map[string]any {
	t.Helper()
	bodies := phoneNumberRequestBodies(t, env, "PATCH")
	if len(bodies) != 1 {
		t.Fatalf("expected exactly one PATCH /phone-number, got %d: %v", len(bodies), env.emu.Requests())
	}
	return bodies[0]
}

// lastPatchBody is the body of the latest PATCH /phone-number, nil if none.
func lastPatchBody(t *testing.T, env *testEnv) map[string]any {
	t.Helper()
	bodies := phoneNumberRequestBodies(t, env, "PATCH")
	if len(bodies) == 0 {
		return nil
	}
	return bodies[len(bodies)-1]
}

func TestPhoneNumberResource_lifecycle(t *testing.T) {
	t.Parallel()
	stored := func(assistantID, serverURL string) func(*testEnv) resource.TestCheckFunc {
		return func(env *testEnv) resource.TestCheckFunc {
			return func(*terraform.State) error {
				pn := storedPhoneNumber(t, env)
				if pn["provider"] != "vapi" || pn["numberDesiredAreaCode"] != "415" || pn["assistantId"] != assistantID ||
					field(pn, "server", "url") != serverURL {
					return fmt.Errorf("unexpected phone number in the emulator: %v", pn)
				}
				return nil
			}
		}
	}
	config := func(env *testEnv, version int) string {
		if version == 1 {
			return env.config(freeNumberConfig("415", phoneAssistantA, "https://hooks.example.com/a"))
		}
		return env.config(freeNumberConfig("415", phoneAssistantB, "https://hooks.example.com/b"))
	}
	lifecycleCase{
		addr:       phoneAddr,
		kind:       emulator.KindPhoneNumber,
		collection: "/phone-number",
		config:     config,
		createdState: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(phoneAddr, tfjsonpath.New("number"), knownvalue.StringRegexp(regexp.MustCompile(`^\+1415\d{7}$`))),
			statecheck.ExpectKnownValue(phoneAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
			statecheck.ExpectKnownValue(phoneAddr, tfjsonpath.New("server").AtSliceIndex(0).AtMapKey("timeout_seconds"), knownvalue.Float64Exact(15)),
			statecheck.ExpectKnownValue(phoneAddr, tfjsonpath.New("twilio"), knownvalue.ListSizeExact(0)),
		},
		created: stored(phoneAssistantA, "https://hooks.example.com/a"),
		updated: func(env *testEnv) resource.TestCheckFunc {
			return resource.ComposeAggregateTestCheckFunc(stored(phoneAssistantB, "https://hooks.example.com/b")(env),
				func(*terraform.State) error {
					// The PATCH never carries the area code, which buys a number once.
					if body := lastPatchBody(t, env); body != nil {
						if _, sent := body["numberDesiredAreaCode"]; sent {
							return fmt.Errorf("PATCH sent numberDesiredAreaCode: %v", body)
						}
					}
					return nil
				})
		},
		drift: func(obj map[string]any) {
			server, _ := obj["server"].(map[string]any)
			server["url"] = "https://evil.example.com"
		},
		more: func(_ *testing.T, env *testEnv) []resource.TestStep {
			return []resource.TestStep{
				{
					// An update plans an active number's status as known (no
					// "known after apply" noise) and the digits as they are.
					Config: env.config(freeNumberConfig("415", phoneAssistantA, "https://hooks.example.com/b")),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(phoneAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(phoneAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
						plancheck.ExpectKnownValue(phoneAddr, tfjsonpath.New("number"), knownvalue.StringRegexp(regexp.MustCompile(`^\+1415`))),
					}},
				},
				{
					// The status moving (here back to activating) is a state
					// update, not a diff.
					PreConfig: func() {
						if err := env.emu.Mutate(emulator.KindPhoneNumber, env.onlyID(emulator.KindPhoneNumber),
							func(obj map[string]any) { obj["status"] = "activating" }); err != nil {
							t.Fatal(err)
						}
					},
					Config:   env.config(freeNumberConfig("415", phoneAssistantA, "https://hooks.example.com/b")),
					PlanOnly: true,
				},
			}
		},
	}.run(t)
}

func TestPhoneNumberResource_twilioWriteOnlyToken(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	const writeOnlyValue = "twilio-auth-token-never-in-state"
	const twilioAddr = "vapi_phone_number.twilio"
	config := func(number string, version int) string {
		return env.config(fmt.Sprintf(`
resource "vapi_phone_number" "twilio" {
  name = "Sales line"
  twilio {
    number                = %q
    account_sid           = "AC0123456789abcdef0123456789abcdef"
    auth_token_wo         = %q
    auth_token_wo_version = %d
    sms_enabled           = false
  }
}
`, number, writeOnlyValue, version))
	}

	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: config("+14155550100", 1),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(twilioAddr, tfjsonpath.New("twilio").AtSliceIndex(0).AtMapKey("auth_token_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(twilioAddr, tfjsonpath.New("number"), knownvalue.StringExact("+14155550100")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(noStateValueContains(writeOnlyValue), func(*terraform.State) error {
					pn := storedPhoneNumber(t, env)
					if pn["provider"] != "twilio" || pn["twilioAuthToken"] != writeOnlyValue || pn["smsEnabled"] != false {
						return fmt.Errorf("the API did not receive the twilio number with its write-only token: %v", pn)
					}
					return nil
				}),
			},
			{
				// A new number and version update in place; the plan knows the
				// new number, and the token is sent again.
				PreConfig: env.emu.ResetRequests,
				Config:    config("+14155550101", 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(twilioAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(twilioAddr, tfjsonpath.New("number"), knownvalue.StringExact("+14155550101")),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(noStateValueContains(writeOnlyValue), func(*terraform.State) error {
					body := onlyPatchBody(t, env)
					if body["provider"] != "twilio" || body["twilioAuthToken"] != writeOnlyValue || body["number"] != "+14155550101" {
						return fmt.Errorf("unexpected PATCH body: %v", body)
					}
					return nil
				}),
			},
		},
	})
}

// Secrets kept in state are never read back: no diff after apply, and an
// import leaves them out.
func TestPhoneNumberResource_twilioAPIKey(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	const twilioAddr = "vapi_phone_number.twilio"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(`
resource "vapi_phone_number" "twilio" {
  twilio {
    number      = "+14155550102"
    account_sid = "AC0123456789abcdef0123456789abcdef"
    api_key     = "SK0123456789abcdef0123456789abcdef"
    api_secret  = "twilio-api-secret"
  }
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectSensitiveValue(twilioAddr, tfjsonpath.New("twilio").AtSliceIndex(0).AtMapKey("api_secret")),
					statecheck.ExpectKnownValue(twilioAddr, tfjsonpath.New("twilio").AtSliceIndex(0).AtMapKey("sms_enabled"), knownvalue.Bool(true)),
				},
				Check: func(*terraform.State) error {
					pn := storedPhoneNumber(t, env)
					if pn["twilioApiKey"] != "SK0123456789abcdef0123456789abcdef" || pn["twilioApiSecret"] != "twilio-api-secret" {
						return fmt.Errorf("the API did not receive the API key and secret: %v", pn)
					}
					if _, sent := pn["twilioAuthToken"]; sent {
						return fmt.Errorf("an auth token was sent though none is configured: %v", pn)
					}
					return nil
				},
			},
			{
				ResourceName:            twilioAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"twilio.0.api_key", "twilio.0.api_secret"},
			},
		},
	})
}

// Switching blocks or changing the area code replaces the number; the
// telephony credential_id and the webhook server.credential_id go to their
// own API fields.
func TestPhoneNumberResource_replacements(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	trunkID := env.emu.Put(emulator.KindCredential, map[string]any{"provider": "byo-sip-trunk", "name": "office trunk"})
	webhookCredID := env.emu.Put(emulator.KindCredential, map[string]any{
		"provider":           "custom-credential",
		"authenticationPlan": map[string]any{"type": "bearer", "token": "t"},
	})
	newID := statecheck.CompareValue(compare.ValuesDiffer())

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed(emulator.KindPhoneNumber),
		Steps: []resource.TestStep{
			{
				Config:            env.config(freeNumberConfig("415", phoneAssistantA, "")),
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(phoneAddr, tfjsonpath.New("id"))},
			},
			{
				Config: env.config(freeNumberConfig("212", phoneAssistantA, "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(phoneAddr, plancheck.ResourceActionReplace),
					plancheck.ExpectUnknownValue(phoneAddr, tfjsonpath.New("number")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					newID.AddStateValue(phoneAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(phoneAddr, tfjsonpath.New("number"), knownvalue.StringRegexp(regexp.MustCompile(`^\+1212\d{7}$`))),
				},
			},
			{
				Config: env.config(fmt.Sprintf(`
resource "vapi_phone_number" "support" {
  name = "Office line"
  byo {
    number                    = "+4930123456789"
    credential_id             = %q
    number_e164_check_enabled = false
  }
  server {
    url           = "https://hooks.example.com/office"
    credential_id = %q
  }
  fallback_destination {
    type      = "number"
    number    = "+4930987654321"
    extension = "12"
    message   = "Connecting you to the front desk."
  }
}
`, trunkID, webhookCredID)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(phoneAddr, plancheck.ResourceActionReplace),
					plancheck.ExpectKnownValue(phoneAddr, tfjsonpath.New("number"), knownvalue.StringExact("+4930123456789")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					newID.AddStateValue(phoneAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(phoneAddr, tfjsonpath.New("vapi"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(phoneAddr, tfjsonpath.New("fallback_destination").AtSliceIndex(0).AtMapKey("number_e164_check_enabled"), knownvalue.Null()),
				},
				Check: func(*terraform.State) error {
					pn := storedPhoneNumber(t, env)
					server, _ := pn["server"].(map[string]any)
					if pn["provider"] != "byo-phone-number" || pn["credentialId"] != trunkID || pn["numberE164CheckEnabled"] != false ||
						server["credentialId"] != webhookCredID {
						return fmt.Errorf("unexpected byo phone number in the emulator: %v", pn)
					}
					fallback, _ := pn["fallbackDestination"].(map[string]any)
					if fallback["type"] != "number" || fallback["extension"] != "12" {
						return fmt.Errorf("unexpected fallback destination: %v", fallback)
					}
					return nil
				},
			},
		},
	})
}

func TestPhoneNumberResource_carriers(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	vonageCred := env.emu.Put(emulator.KindCredential, map[string]any{"provider": "vonage", "name": "vonage"})
	telnyxCred := env.emu.Put(emulator.KindCredential, map[string]any{"provider": "telnyx", "name": "telnyx"})
	config := func(block, number, credentialID string) string {
		return env.config(fmt.Sprintf(`
resource "vapi_phone_number" "support" {
  %s {
    number        = %q
    credential_id = %q
  }
}
`, block, number, credentialID))
	}

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: config("vonage", "+14155550110", vonageCred),
				Check: func(*terraform.State) error {
					if pn := storedPhoneNumber(t, env); pn["provider"] != "vonage" || pn["credentialId"] != vonageCred {
						return fmt.Errorf("unexpected vonage number in the emulator: %v", pn)
					}
					return nil
				},
			},
			{
				// A carrier's number changes in place.
				PreConfig: env.emu.ResetRequests,
				Config:    config("vonage", "+14155550111", vonageCred),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(phoneAddr, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					if body := onlyPatchBody(t, env); body["provider"] != "vonage" || body["number"] != "+14155550111" {
						return fmt.Errorf("unexpected PATCH body: %v", body)
					}
					return nil
				},
			},
			{
				Config: config("telnyx", "+14155550111", telnyxCred),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(phoneAddr, plancheck.ResourceActionReplace),
				}},
				Check: func(*terraform.State) error {
					if pn := storedPhoneNumber(t, env); pn["provider"] != "telnyx" || pn["credentialId"] != telnyxCred {
						return fmt.Errorf("unexpected telnyx number in the emulator: %v", pn)
					}
					return nil
				},
			},
		},
	})
}

// An update keeps what this provider does not manage (server.encryptedPaths,
// hooks, the fallback's transferPlan) because Vapi's PATCH replaces nested
// objects whole, and resends the SIP password, which Vapi never returns.
func TestPhoneNumberResource_sipUpdateKeepsUnmanagedFields(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	const password = "sip-password-0123456789"
	config := func(serverURL, realm, fallback string) string {
		return env.config(fmt.Sprintf(`
resource "vapi_phone_number" "support" {
  vapi {
    sip_uri = "sip:support-line@sip.vapi.ai"
    authentication {
      realm    = %q
      username = "support-line-username"
      password = %q
    }
  }
  server {
    url = %q
  }
  fallback_destination %s
}
`, realm, password, serverURL, fallback))
	}
	numberFallback := `{
    type    = "number"
    number  = "+14155550199"
    message = "One moment."
  }`
	sipFallback := `{
    type        = "sip"
    sip_uri     = "sip:desk@pbx.example.com"
    description = "The front desk"
  }`

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: config("https://hooks.example.com/a", "sip.vapi.ai", numberFallback),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(phoneAddr, tfjsonpath.New("number"), knownvalue.Null()),
					statecheck.ExpectSensitiveValue(phoneAddr, tfjsonpath.New("vapi").AtSliceIndex(0).AtMapKey("authentication").AtSliceIndex(0).AtMapKey("password")),
				},
			},
			{
				PreConfig: func() {
					mustMutate(t, env, emulator.KindPhoneNumber, func(obj map[string]any) {
						server, _ := obj["server"].(map[string]any)
						server["encryptedPaths"] = []any{"message.call.customer.number"}
						fallback, _ := obj["fallbackDestination"].(map[string]any)
						fallback["transferPlan"] = map[string]any{"mode": "blind-transfer"}
						obj["hooks"] = []any{map[string]any{"on": "call.ringing", "do": []any{map[string]any{"type": "say", "exact": "Hi"}}}}
					})
					env.emu.ResetRequests()
				},
				Config: config("https://hooks.example.com/c", "sip.eu.vapi.ai", sipFallback),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(phoneAddr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.expectRequests("PATCH", "/phone-number", 1),
					func(*terraform.State) error {
						pn := storedPhoneNumber(t, env)
						server, _ := pn["server"].(map[string]any)
						if server["url"] != "https://hooks.example.com/c" || server["encryptedPaths"] == nil {
							return fmt.Errorf("expected the new url and the unmanaged encryptedPaths, got %v", server)
						}
						if pn["hooks"] == nil {
							return fmt.Errorf("hooks were wiped: %v", pn)
						}
						fallback, _ := pn["fallbackDestination"].(map[string]any)
						if fallback["type"] != "sip" || fallback["transferPlan"] == nil || fallback["number"] != nil || fallback["message"] != nil {
							return fmt.Errorf("expected a sip fallback that kept transferPlan only, got %v", fallback)
						}
						auth, _ := pn["authentication"].(map[string]any)
						if auth["realm"] != "sip.eu.vapi.ai" || auth["password"] != password {
							return fmt.Errorf("expected the new realm and the password, got %v", auth)
						}
						return nil
					},
				),
			},
		},
	})
}

func TestPhoneNumberResource_invalidConfigs(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	const twilio = `
    number      = "+14155550100"
    account_sid = "AC0123456789abcdef0123456789abcdef"`
	cases := []invalidBody{
		{"two blocks", `
  vapi {
    number_desired_area_code = "415"
  }
  byo {
    credential_id = "0b1e6a2c-9a4f-4d7e-8c3b-5f2a7d9e1c40"
  }`, regexp.MustCompile(`(?s)Conflicting Blocks.*The blocks vapi and byo cannot be used together`)},
		{"assistant id not a uuid", `
  assistant_id = "support-assistant"
  vapi {
    number_desired_area_code = "415"
  }`, regexp.MustCompile(`(?s)Attribute assistant_id must be the id of a vapi_assistant`)},
		{"no block", `name = "x"`, regexp.MustCompile(`(?s)Missing Block.*Write one of the blocks vapi, twilio, vonage, telnyx or byo`)},
		{"area code of two digits", `
  vapi {
    number_desired_area_code = "41"
  }`, regexp.MustCompile(`(?s)vapi\[0\].number_desired_area_code.*must be a US area code`)},
		{"area code and sip uri", `
  vapi {
    number_desired_area_code = "415"
    sip_uri                  = "sip:a@sip.vapi.ai"
  }`, regexp.MustCompile(`(?s)Conflicting Free Number Choice.*sets both number_desired_area_code and sip_uri`)},
		{"free number without area code or sip uri", `
  vapi {}`, regexp.MustCompile(`(?s)Missing Free Number Choice.*needs number_desired_area_code.*or sip_uri`)},
		{"sip uri not a sip uri", `
  vapi {
    sip_uri = "https://sip.vapi.ai/a"
  }`, regexp.MustCompile(`(?s)vapi\[0\].sip_uri.*sip:<username>@sip.vapi.ai`)},
		{"twilio without credentials", `
  twilio {` + twilio + `
  }`, regexp.MustCompile(`(?s)Missing Twilio Credentials`)},
		{"twilio api key without secret", `
  twilio {` + twilio + `
    api_key = "SK0123"
  }`, regexp.MustCompile(`(?s)Incomplete Twilio API Key`)},
		{"sip username of 10 characters", `
  vapi {
    sip_uri        = "sip:a@sip.vapi.ai"
    authentication {
      username = "0123456789"
      password = "01234567890123456789"
    }
  }`, regexp.MustCompile(`(?s)vapi\[0\].authentication\[0\].username.*length must be between 20\s+and\s+40`)},
		{"name of 41 characters", `
  name = "` + strings.Repeat("n", 41) + `"
  vapi {
    number_desired_area_code = "415"
  }`, regexp.MustCompile(`(?s)Attribute name.*length\s+must\s+be\s+at\s+most\s+40`)},
		{"server url not a url", `
  vapi {
    number_desired_area_code = "415"
  }
  server {
    url = "not a url"
  }`, regexp.MustCompile(`(?s)server\[0\].url.*not an absolute`)},
		{"telephony credential not a uuid", `
  vonage {
    number = "+14155550100"
    credential_id = "abc"
  }`, regexp.MustCompile(`(?s)vonage\[0\].credential_id.*telephony\s+credential`)},
		{"number fallback without number", `
  vapi {
    number_desired_area_code = "415"
  }
  fallback_destination {
    type = "number"
    sip_uri = "sip:a@b.example.com"
  }`, regexp.MustCompile(`(?s)fallback_destination\[0\].number.*needs\s+number.*fallback_destination\[0\].sip_uri.*does\s+not\s+take|(?s)fallback_destination\[0\].sip_uri.*does\s+not\s+take.*fallback_destination\[0\].number.*needs\s+number`)},
		{"sip fallback with an extension", `
  vapi {
    number_desired_area_code = "415"
  }
  fallback_destination {
    type = "sip"
    sip_uri = "sip:a@b.example.com"
    extension = "12"
  }`, regexp.MustCompile(`(?s)fallback_destination\[0\].extension.*does\s+not\s+take\s+extension`)},
	}
	expectInvalidBlocks(t, env, `resource "vapi_phone_number" "bad"`, cases)
}

// Should the live API not return numberDesiredAreaCode (the spec says it does),
// a refresh must not read it as removed: that would plan a replacement, which
// buys a new number.
func TestPhoneNumberResource_areaCodeNotEchoedPlansNothing(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	config := env.config(freeNumberConfig("415", phoneAssistantA, ""))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					mustMutate(t, env, emulator.KindPhoneNumber, func(obj map[string]any) {
						delete(obj, "numberDesiredAreaCode")
					})
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
		},
	})
}

// A per-language fallback message set in the dashboard (a CustomMessage,
// which this provider does not manage) reads as unset and survives every
// update, as does any other setting of the destination the configuration
// does not write.
func TestPhoneNumberResource_updateKeepsPerLanguageFallbackMessage(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	perLanguage := map[string]any{"type": "custom-message", "contents": []any{
		map[string]any{"type": "text", "text": "Un segundo, por favor.", "language": "es"},
		map[string]any{"type": "text", "text": "One moment.", "language": "en"},
	}}
	config := func(name string) string {
		return env.config(fmt.Sprintf(`
resource "vapi_phone_number" "support" {
  name = %q
  vapi {
    number_desired_area_code = "415"
  }
  fallback_destination {
    type   = "number"
    number = "+14155550199"
  }
}
`, name))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: config("a")},
			{
				PreConfig: func() {
					mustMutate(t, env, emulator.KindPhoneNumber, func(obj map[string]any) {
						fallback, _ := obj["fallbackDestination"].(map[string]any)
						fallback["message"] = perLanguage
					})
				},
				Config:   config("a"),
				PlanOnly: true,
			},
			{
				Config: config("b"),
				Check: func(*terraform.State) error {
					if got := field(storedPhoneNumber(t, env), "fallbackDestination", "message"); !reflect.DeepEqual(got, perLanguage) {
						return fmt.Errorf("the per-language message was not kept: %v", got)
					}
					return nil
				},
			},
		},
	})
}
