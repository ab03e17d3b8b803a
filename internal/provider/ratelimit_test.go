package provider

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
)

// The provider's requests_per_second holds the request rate of a parallel
// apply. The client's clock is frozen and its waits are recorded instead of
// slept, so each recorded wait is exactly how long after the first request
// the limiter scheduled a request: with a rate r, the requests of an apply of
// n objects must be scheduled at 1/r, 2/r, ..., (n-1)/r. No wall clock is
// involved, so the test is exact and fast.
func TestRateLimit_requestsPerSecondSpacesParallelCreates(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	const (
		n   = 10
		rps = 5
	)
	frozen := time.Now()
	var mu sync.Mutex
	var waits []time.Duration
	recorded := func() []time.Duration {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(waits)
	}
	factories := map[string]func() (tfprotov6.ProviderServer, error){
		"vapi": NewProtocol6Server(newProvider("test", func(o *vapi.Options) {
			o.Now = func() time.Time { return frozen }
			o.Sleep = func(ctx context.Context, d time.Duration) error {
				mu.Lock()
				waits = append(waits, d)
				mu.Unlock()
				return ctx.Err()
			}
		})()),
	}
	before := 0

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		CheckDestroy:             env.checkDestroyed(emulator.KindTool),
		Steps: []resource.TestStep{
			{
				// Terraform's default -parallelism is 10: the ten creates
				// are issued at once, and only the limiter spaces them.
				Config: toolsConfig(env, fmt.Sprintf("requests_per_second = %d", rps), n),
				Check: func(*terraform.State) error {
					if got := env.emu.CountRequests(http.MethodPost, "/tool"); got != n {
						return fmt.Errorf("expected %d POST /tool, the emulator saw %d", n, got)
					}
					got := recorded()
					slices.Sort(got)
					if len(got) != n-1 {
						return fmt.Errorf("expected %d limiter waits (every create but the first), recorded %v", n-1, got)
					}
					for i, d := range got {
						want := time.Duration(i+1) * time.Second / rps
						if diff := d - want; diff < -time.Millisecond || diff > time.Millisecond {
							return fmt.Errorf("create %d was scheduled %v after the first, expected %v: %v", i+2, d, want, got)
						}
					}
					var total time.Duration
					for _, d := range got {
						total += d
					}
					t.Logf("%d parallel creates at %d/s: scheduled over %v (%v of waits in all)", n, rps, got[len(got)-1], total)
					return nil
				},
			},
			{
				// Without the setting there is no client-side limit: the
				// refresh of the ten tools waits for nothing.
				PreConfig: func() { before = len(recorded()) },
				Config:    toolsConfig(env, "", n),
				Check: func(*terraform.State) error {
					if got := recorded()[before:]; len(got) != 0 {
						return fmt.Errorf("expected no waits without requests_per_second, recorded %v", got)
					}
					return nil
				},
			},
		},
	})
}
