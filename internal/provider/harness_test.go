package provider

import (
	"context"
	"fmt"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
)

// testEnv is one in-process emulator and the provider factories that talk to
// it. Every Terraform-level test gets its own, so tests run in parallel.
type testEnv struct {
	t   *testing.T
	emu *emulator.Emulator
	url string

	mu     sync.Mutex
	sleeps []time.Duration

	// batchWindow, when set, is how long the first reads of a kind wait
	// for others in the providers the factories serve.
	batchWindow time.Duration
}

func newTestEnv(t *testing.T, opts ...func(*emulator.Options)) *testEnv {
	t.Helper()
	o := emulator.Options{APIKey: "test-key-" + t.Name(), OrgName: "Test Org", Seed: 1}
	for _, f := range opts {
		f(&o)
	}
	emu := emulator.New(o)
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	return &testEnv{t: t, emu: emu, url: srv.URL}
}

// providerConfig is the provider block every test configuration starts with.
func (e *testEnv) providerConfig() string {
	return fmt.Sprintf(`
provider "vapi" {
  api_key  = %q
  base_url = %q
}
`, e.emu.APIKey(), e.url)
}

// config prefixes a configuration with the provider block.
func (e *testEnv) config(body string) string {
	return e.providerConfig() + body
}

// factories serve the provider in-process. The client's waits are recorded
// instead of slept, so retries cost no time.
func (e *testEnv) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	p := newProvider("test", func(o *vapi.Options) {
		o.Sleep = func(ctx context.Context, d time.Duration) error {
			e.mu.Lock()
			e.sleeps = append(e.sleeps, d)
			e.mu.Unlock()
			return ctx.Err()
		}
	})()
	if vp, ok := p.(*vapiProvider); ok {
		vp.batchWindow = e.batchWindow
	}
	return map[string]func() (tfprotov6.ProviderServer, error){
		"vapi": NewProtocol6Server(p),
	}
}

// recordedSleeps returns a copy of the waits the provider's clients asked
// for (retry backoff and rate-limit spacing), oldest first.
func (e *testEnv) recordedSleeps() []time.Duration {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]time.Duration(nil), e.sleeps...)
}

// checkDestroyed returns a CheckDestroy that fails while any object of kind
// is left in the emulator.
func (e *testEnv) checkDestroyed(kind emulator.Kind) func(*terraform.State) error {
	return func(*terraform.State) error {
		if left := e.emu.Objects(kind); len(left) > 0 {
			return fmt.Errorf("%d %s object(s) left after destroy", len(left), kind)
		}
		return nil
	}
}

// expectRequests returns a Check that the emulator saw exactly n requests of
// method on paths under prefix since the last ResetRequests.
func (e *testEnv) expectRequests(method, prefix string, n int) func(*terraform.State) error {
	return func(*terraform.State) error {
		if got := e.emu.CountRequests(method, prefix); got != n {
			return fmt.Errorf("expected %d %s %s request(s), the emulator saw %d: %v", n, method, prefix, got, e.emu.Requests())
		}
		return nil
	}
}

// expectNoWrites fails when the emulator saw any write request.
func (e *testEnv) expectNoWrites(t *testing.T) {
	t.Helper()
	if n := e.emu.WriteCount(); n != 0 {
		t.Fatalf("expected no write request to reach the API, the emulator saw %d: %v", n, e.emu.Requests())
	}
}

// objectID returns the id of the only object of kind in the emulator.
func (e *testEnv) onlyID(kind emulator.Kind) string {
	e.t.Helper()
	objs := e.emu.Objects(kind)
	if len(objs) != 1 {
		e.t.Fatalf("expected exactly one %s object, found %d", kind, len(objs))
	}
	id, ok := objs[0]["id"].(string)
	if !ok {
		e.t.Fatalf("%s object without a string id: %v", kind, objs[0])
	}
	return id
}

// invalidCase is a configuration that must fail with want.
type invalidCase struct {
	name, config string
	want         *regexp.Regexp
}

// expectInvalid plans every case and checks that no request at all reached
// the API.
func expectInvalid(t *testing.T, env *testEnv, cases []invalidCase, checks ...tfversion.TerraformVersionCheck) {
	t.Helper()
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: c.config, PlanOnly: true, ExpectError: c.want})
	}
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   checks,
		ProtoV6ProviderFactories: env.factories(),
		Steps:                    steps,
	})
	env.expectNoWrites(t)
	if reqs := env.emu.Requests(); len(reqs) != 0 {
		t.Fatalf("expected no request to reach the API, the emulator saw %v", reqs)
	}
}

// invalidBody is the body of a block that must fail with want.
type invalidBody struct {
	name, body string
	want       *regexp.Regexp
}

// expectInvalidBlocks plans each body inside block (such as
// `resource "vapi_org" "bad"`), after the provider block, with expectInvalid.
func expectInvalidBlocks(t *testing.T, env *testEnv, block string, bodies []invalidBody) {
	t.Helper()
	cases := make([]invalidCase, 0, len(bodies))
	for _, b := range bodies {
		cases = append(cases, invalidCase{name: b.name, config: env.config(block + " {\n" + b.body + "\n}\n"), want: b.want})
	}
	expectInvalid(t, env, cases)
}

// mustMutate edits the only object of kind outside Terraform.
func mustMutate(t *testing.T, env *testEnv, kind emulator.Kind, fn func(map[string]any)) {
	t.Helper()
	if err := env.emu.Mutate(kind, env.onlyID(kind), fn); err != nil {
		t.Fatal(err)
	}
}

func noStateValueContains(secret string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		for addr, rs := range s.RootModule().Resources {
			for k, v := range rs.Primary.Attributes {
				if strings.Contains(v, secret) {
					return fmt.Errorf("the write-only secret is in the state at %s.%s", addr, k)
				}
			}
		}
		return nil
	}
}

// functionTestFactories serve the real provider with no API behind it: the
// function is pure, so it needs neither an API key nor the emulator.
func functionTestFactories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"vapi": NewProtocol6Server(New("test")()),
	}
}
