package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

// emulatorMode is one way the emulator answers. The lifecycle of every
// resource runs in each: the plain mode echoes what it stores; the realistic
// one answers as the live API may (defaults filled in, fields the spec does
// not know yet, response-only values, explicit nulls, lists in any order,
// trimmed credential lists).
type emulatorMode struct {
	name string
	opts func(*emulator.Options)
}

var emulatorModes = []emulatorMode{
	{name: "plain", opts: func(*emulator.Options) {}},
	{name: "realistic", opts: func(o *emulator.Options) { o.Realistic = true }},
}

// lifecycleCase is what is special to one resource in the lifecycle that
// every resource goes through; run writes the rest once: create (and the
// empty plan that terraform-plugin-testing checks after every apply), an
// in-place update with exactly one PATCH, drift from a change made outside
// Terraform, deletion outside Terraform, import with `terraform import` and
// with an import block, and destroy.
type lifecycleCase struct {
	// addr is the resource's address in the configuration.
	addr string
	// kind is the kind of object the resource manages in the emulator.
	kind emulator.Kind
	// collection is the API path of the kind, where the update's PATCH goes.
	collection string
	// config returns the configuration: version 1 is created, version 2 is
	// an in-place change of it.
	config func(env *testEnv, version int) string
	// created and updated check the emulator after version 1 and 2.
	created, updated func(env *testEnv) resource.TestCheckFunc
	// createdState checks the state after version 1.
	createdState []statecheck.StateCheck
	// drift changes, outside Terraform, a field the configuration manages.
	drift func(obj map[string]any)
	// importIgnore lists the attributes an import cannot know (secrets).
	importIgnore []string
	// adopted is true for a resource that adopts an object it never creates
	// (vapi_org): it cannot be deleted outside Terraform, and destroy leaves
	// it; destroyed then checks what destroy did.
	adopted   bool
	destroyed func(env *testEnv) error
	// versionChecks skip the test on CLIs that lack a feature it uses.
	versionChecks []tfversion.TerraformVersionCheck
	// more are steps special to the resource, run after the imports with the
	// same environment.
	more func(t *testing.T, env *testEnv) []resource.TestStep
}

// run runs the lifecycle in every emulator mode, each with its own emulator.
func (c lifecycleCase) run(t *testing.T) {
	for _, mode := range emulatorModes {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, mode.opts)
			resource.UnitTest(t, resource.TestCase{
				TerraformVersionChecks:   c.versionChecks,
				ProtoV6ProviderFactories: env.factories(),
				CheckDestroy:             c.checkDestroy(env),
				Steps:                    c.steps(t, env),
			})
		})
	}
}

func (c lifecycleCase) steps(t *testing.T, env *testEnv) []resource.TestStep {
	// Each step adds its own value to the comparison.
	sameID := statecheck.CompareValue(compare.ValuesSame())
	idCheck := func() statecheck.StateCheck { return sameID.AddStateValue(c.addr, tfjsonpath.New("id")) }
	orNothing := func(f func(*testEnv) resource.TestCheckFunc) resource.TestCheckFunc {
		if f == nil {
			return func(*terraform.State) error { return nil }
		}
		return f(env)
	}
	steps := []resource.TestStep{
		{
			Config:            c.config(env, 1),
			ConfigStateChecks: append([]statecheck.StateCheck{idCheck()}, c.createdState...),
			Check:             orNothing(c.created),
		},
		{
			// An in-place change: the same object, one PATCH, nothing created.
			PreConfig: env.emu.ResetRequests,
			Config:    c.config(env, 2),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(c.addr, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{idCheck()},
			Check: resource.ComposeAggregateTestCheckFunc(
				env.expectRequests("PATCH", c.collection, 1),
				env.expectRequests("POST", c.collection, 0),
				env.expectRequests("DELETE", c.collection, 0),
				orNothing(c.updated),
			),
		},
		{
			// A change made outside Terraform shows as a diff and is put back.
			PreConfig: func() {
				if err := env.emu.Mutate(c.kind, c.objectID(t, env), c.drift); err != nil {
					t.Fatal(err)
				}
			},
			Config: c.config(env, 2),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(c.addr, plancheck.ResourceActionUpdate),
			}},
			Check: orNothing(c.updated),
		},
	}
	if !c.adopted {
		steps = append(steps, resource.TestStep{
			// Deleted outside Terraform: the refresh drops it (a warning, not
			// an error) and the apply creates it again.
			PreConfig: func() { env.emu.Remove(c.kind, c.objectID(t, env)) },
			Config:    c.config(env, 2),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(c.addr, plancheck.ResourceActionCreate),
			}},
		})
	}
	steps = append(steps,
		resource.TestStep{
			// terraform import: the imported state equals the applied one.
			ResourceName:            c.addr,
			ImportState:             true,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: c.importIgnore,
		},
		resource.TestStep{
			// An import block plans no change at all.
			Config:          c.config(env, 2),
			ResourceName:    c.addr,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithID,
		},
	)
	if c.more != nil {
		steps = append(steps, c.more(t, env)...)
	}
	return steps
}

// objectID is the id of the object the resource manages: the only one of
// its kind, or the key's org.
func (c lifecycleCase) objectID(t *testing.T, env *testEnv) string {
	t.Helper()
	if c.kind == emulator.KindOrg {
		return env.emu.OrgID()
	}
	return env.onlyID(c.kind)
}

func (c lifecycleCase) checkDestroy(env *testEnv) func(*terraform.State) error {
	return func(s *terraform.State) error {
		if c.destroyed != nil {
			return c.destroyed(env)
		}
		if left := env.emu.Objects(c.kind); len(left) > 0 {
			return fmt.Errorf("%d %s object(s) left after destroy", len(left), c.kind)
		}
		return nil
	}
}
