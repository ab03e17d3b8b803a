package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

// expectObjects fails unless the emulator holds exactly n objects of kind.
func (e *testEnv) expectObjects(kind emulator.Kind, n int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := len(e.emu.Objects(kind)); got != n {
			return fmt.Errorf("the API holds %d %s object(s), want %d", got, kind, n)
		}
		return nil
	}
}

// Vapi stores the tool and the connection drops before its answer: the
// apply adopts the tool it finds instead of failing, and no second one is
// ever made, in either emulator mode.
func TestLostCreate_adoptsTheObjectTheAPIMade(t *testing.T) {
	t.Parallel()
	for _, mode := range emulatorModes {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, mode.opts)
			env.emu.AddFault(emulator.Fault{Method: http.MethodPost, PathPrefix: "/tool", DropAfterHandling: true, Times: 1})
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{{
					Config: env.config(functionToolConfig("https://hooks.example.com/a")),
					Check: resource.ComposeAggregateTestCheckFunc(
						env.expectObjects(emulator.KindTool, 1),
						env.expectRequests(http.MethodPost, "/tool", 1),
						func(s *terraform.State) error {
							if id := s.RootModule().Resources[toolAddr].Primary.ID; id != env.onlyID(emulator.KindTool) {
								return fmt.Errorf("the state holds %s, not the tool the API made", id)
							}
							return nil
						},
					),
				}},
			})
		})
	}
}

// A credential's secrets are never returned and the realistic API lists
// credentials trimmed to {id, name, provider}: the match reads the
// candidates whole, and ignores what the API never shows.
func TestLostCreate_credentialListedTrimmed(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, func(o *emulator.Options) { o.Realistic = true })
	env.emu.AddFault(emulator.Fault{Method: http.MethodPost, PathPrefix: "/credential", DropAfterHandling: true, Times: 1})
	// Another credential of the same name but another plan does not match.
	env.emu.Put(emulator.KindCredential, map[string]any{"provider": "custom-credential", "name": "prod-webhook",
		"authenticationPlan": map[string]any{"type": "bearer", "token": "x", "headerName": "Authorization"}})
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: env.config(writeOnlyBearerConfig("prod-webhook", "X-Vapi-Secret")),
			Check:  env.expectObjects(emulator.KindCredential, 2),
		}},
	})
}

// When more than one object made since the request holds what was sent, the
// apply cannot tell which is its own: it fails naming them all and how to
// import one, instead of adopting the wrong one or making a third.
func TestLostCreate_ambiguousMatchIsReported(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	twin := env.emu.Put(emulator.KindTool, map[string]any{"type": "function", "async": false,
		"function": map[string]any{"name": "get_weather", "description": "Current weather for a city"}})
	env.emu.AddFault(emulator.Fault{Method: http.MethodPost, PathPrefix: "/tool", DropAfterHandling: true, Times: 1})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: env.config(functionToolConfig("")),
			ExpectError: regexp.MustCompile(`(?s)Unable to Create Function Tool.*2 objects made since\s+the\s+request.*` +
				twin + `.*terraform\s+import`),
			Check: env.expectObjects(emulator.KindTool, 2),
		}},
	})
	if n := len(env.emu.Objects(emulator.KindTool)); n != 2 {
		t.Fatalf("the API holds %d tools, want the twin and the one the lost create made", n)
	}
}

// A 502 leaves the outcome open too; when nothing was made, the error says
// so, and the next apply makes exactly one.
func TestLostCreate_nothingMadeIsSaid(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.emu.AddFault(emulator.Fault{Method: http.MethodPost, PathPrefix: "/tool", Status: http.StatusBadGateway, Times: 1})
	config := env.config(functionToolConfig(""))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: config, ExpectError: regexp.MustCompile(`(?s)502 Bad Gateway.*no\s+Function\s+Tool\s+holding\s+what\s+was\s+sent\s+was\s+made`)},
			{Config: config, Check: env.expectObjects(emulator.KindTool, 1)},
		},
	})
}
