package provider

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/vapi-community/terraform-provider-vapi/internal/ciskip"
	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

// Reliability: Terraform runs against the in-process emulator while it
// injects faults (internal/emulator/faults.go). The client's waits are
// recorded instead of slept (env.factories), so retries cost no time, except
// in the interrupt test, which runs the real binary with real waits.

// toolsConfig is a provider block with extra settings and n function tools.
func toolsConfig(env *testEnv, providerSettings string, n int) string {
	return fmt.Sprintf(`
provider "vapi" {
  api_key  = %q
  base_url = %q
  %s
}

resource "vapi_function_tool" "many" {
  count = %d
  name  = "tool_${count.index}"
}
`, env.emu.APIKey(), env.url, providerSettings, n)
}

// diagnostic matches an error diagnostic with this summary and a detail that
// contains detail. Words may be separated by any whitespace: Terraform wraps
// long lines wherever it likes.
func diagnostic(summary, detail string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)Error: ` + words(summary) + `.*` + words(detail))
}

func words(text string) string {
	fields := strings.Fields(text)
	for i, f := range fields {
		fields[i] = regexp.QuoteMeta(f)
	}
	return strings.Join(fields, `\s+`)
}

// toolPosts counts the POST /tool requests the emulator saw and how many of
// them a fault answered.
func toolPosts(env *testEnv) (posts, faulted int) {
	for _, r := range env.emu.Requests() {
		if r.Method == http.MethodPost && r.Path == "/tool" {
			posts++
			if r.Faulted {
				faulted++
			}
		}
	}
	return posts, faulted
}

// With 30% of all requests rate-limited, an apply of 20 tools still converges
// with exactly 20 tools: a POST is sent again only after a 429 (which Vapi
// answers before creating anything), and every retry waits the Retry-After.
func TestFaults_rateLimitedApply(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.emu.AddFault(emulator.Fault{Status: http.StatusTooManyRequests, RetryAfter: "2", Rate: 0.3})
	const n = 20

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed(emulator.KindTool),
		Steps: []resource.TestStep{{
			// max_retries = 10 makes a run of failures on one request
			// (0.3^11) negligible, so the test cannot flake.
			Config: toolsConfig(env, "max_retries = 10", n),
			Check: func(*terraform.State) error {
				if got := len(env.emu.Objects(emulator.KindTool)); got != n {
					return fmt.Errorf("expected exactly %d tools in the API, found %d", n, got)
				}
				posts, faulted := toolPosts(env)
				if faulted == 0 {
					return fmt.Errorf("no POST was rate-limited, so the test proves nothing: %v", env.emu.Requests())
				}
				if posts != n+faulted {
					return fmt.Errorf("expected %d POST /tool (%d creates + %d resent after a 429), the emulator saw %d",
						n+faulted, n, faulted, posts)
				}
				allFaulted := 0
				for _, r := range env.emu.Requests() {
					if r.Faulted {
						allFaulted++
					}
				}
				sleeps := env.recordedSleeps()
				if len(sleeps) != allFaulted {
					return fmt.Errorf("expected one wait per 429 (%d), recorded %d: %v", allFaulted, len(sleeps), sleeps)
				}
				for _, d := range sleeps {
					if d != 2*time.Second {
						return fmt.Errorf("expected every wait to be the 2 s Retry-After, recorded %v", sleeps)
					}
				}
				t.Logf("%d POST /tool for %d tools: %d answered 429 and resent after 2 s", posts, n, faulted)
				return nil
			},
		}},
	})
}

// With 30% of reads answered 500, a plan (which refreshes every tool)
// succeeds and is empty.
func TestFaults_readServerErrorsDuringRefresh(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	const n = 10
	config := toolsConfig(env, "max_retries = 8", n)

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					env.emu.ResetRequests()
					// The first reads fail for sure (a refresh of many tools is
					// one list, which a rate alone might spare), then 30%.
					env.emu.AddFault(emulator.Fault{Method: http.MethodGet, Status: http.StatusInternalServerError, Times: 2})
					env.emu.AddFault(emulator.Fault{Method: http.MethodGet, Status: http.StatusInternalServerError, Rate: 0.3})
				},
				// PlanOnly runs a plan with refresh and fails unless it is empty.
				Config:   config,
				PlanOnly: true,
			},
		},
	})

	faulted := 0
	for _, r := range env.emu.Requests() {
		if r.Method == http.MethodGet && r.Faulted {
			faulted++
		}
	}
	if faulted == 0 {
		t.Fatalf("no GET was answered 500, so the test proves nothing: %v", env.emu.Requests())
	}
	t.Logf("%d GETs answered 500 during the refresh and destroy; all retried", faulted)
}

// A 500 on a create is not retried (the object may exist already): the apply
// fails with Vapi's message, no duplicate is made, and the next apply
// converges.
func TestFaults_serverErrorOnCreate(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.emu.AddFault(emulator.Fault{Method: http.MethodPost, PathPrefix: "/tool", Status: http.StatusInternalServerError, Times: 1})
	config := env.config(`
resource "vapi_function_tool" "one" {
  name = "created_once"
}
`)

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed(emulator.KindTool),
		Steps: []resource.TestStep{
			{
				Config: config,
				ExpectError: diagnostic("Unable to Create Function Tool",
					"Vapi answered 500 Internal Server Error to POST /tool: Internal server error"),
			},
			{
				PreConfig: func() {
					if posts, _ := toolPosts(env); posts != 1 {
						t.Errorf("the failed create sent %d POST /tool, expected exactly 1", posts)
					}
					if left := env.emu.Objects(emulator.KindTool); len(left) != 0 {
						t.Errorf("the failed create left %d tool(s) in the API", len(left))
					}
				},
				Config: config,
				Check: func(*terraform.State) error {
					env.onlyID(emulator.KindTool)
					if posts, _ := toolPosts(env); posts != 2 {
						return fmt.Errorf("expected 2 POST /tool in total, the emulator saw %d", posts)
					}
					return nil
				},
			},
		},
	})
}

// closedLoopbackURL returns the URL of a loopback port that nothing listens
// on, so that every connection is refused at once.
func closedLoopbackURL(t *testing.T) string {
	t.Helper()
	var lc net.ListenConfig
	ln, err := lc.Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return url
}

// With the API unreachable the error says so, names the attempts and comes
// after max_retries retries of a read, but a single attempt of a create.
func TestFaults_unreachableAPI(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	unreachable := fmt.Sprintf(`
provider "vapi" {
  api_key     = %q
  base_url    = %q
  max_retries = 2
}
`, env.emu.APIKey(), closedLoopbackURL(t))
	const tool = `
resource "vapi_function_tool" "one" {
  name = "unreachable"
}
`
	sleepsBefore := 0

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed(emulator.KindTool),
		Steps: []resource.TestStep{
			{
				// A create is never resent after a connection error.
				Config:      unreachable + tool,
				ExpectError: regexp.MustCompile(`(?s)Unable to Create Function Tool.*could not be reached\s+after\s+1\s+attempt:.*connection\s+refused`),
			},
			{
				PreConfig: func() {
					if got := env.recordedSleeps(); len(got) != 0 {
						t.Errorf("the failed create waited %v; a POST must not be retried after a connection error", got)
					}
				},
				Config: env.config(tool),
			},
			{
				// A refresh retries the read max_retries times.
				PreConfig:   func() { sleepsBefore = len(env.recordedSleeps()) },
				Config:      unreachable + tool,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Unable to Read Function Tool.*could not be reached\s+after\s+3\s+attempts:.*connection\s+refused`),
			},
			{
				PreConfig: func() {
					if got := env.recordedSleeps()[sleepsBefore:]; len(got) != 2 {
						t.Errorf("expected the read to wait twice (max_retries = 2), recorded %v", got)
					}
				},
				// Back to the emulator, so the final destroy can run.
				Config: env.config(tool),
			},
		},
	})
}

// An interrupt (Ctrl-C) while the provider waits out a 25 s Retry-After ends
// terraform within seconds: terraform asks the provider to stop, the
// framework cancels the request's context, and the client's wait honours it.
// It runs the real binary with real waits, as a user would.
func TestFaults_interruptDuringBackoff(t *testing.T) {
	if testing.Short() {
		ciskip.Skip(t, "short", "-short: builds the provider and runs terraform with real waits")
	}
	t.Parallel()
	emu := emulator.New(emulator.Options{})
	emu.AddFault(emulator.Fault{Method: http.MethodPost, PathPrefix: "/tool", Status: http.StatusTooManyRequests, RetryAfter: "25"})
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)

	ws := newCLIWorkspace(t, fmt.Sprintf(`
provider "vapi" {
  api_key  = %q
  base_url = %q
}

resource "vapi_function_tool" "one" {
  name = "interrupted"
}
`, emu.APIKey(), srv.URL))

	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	var out bytes.Buffer
	cmd := ws.prepare(terraformApply(ctx, ws.terraform), nil)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}

	rateLimited := func() bool {
		for _, r := range emu.Requests() {
			if r.Method == http.MethodPost && r.Status == http.StatusTooManyRequests {
				return true
			}
		}
		return false
	}
	for deadline := time.Now().Add(time.Minute); !rateLimited(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			cancel()
			_ = cmd.Wait()
			t.Fatalf("terraform never sent POST /tool:\n%s", out.String())
		}
	}
	// Let the provider get from the 429 into its wait.
	time.Sleep(500 * time.Millisecond)

	interrupted := time.Now()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	elapsed := time.Since(interrupted)
	t.Logf("terraform exited %v after the interrupt (%v)", elapsed.Round(time.Millisecond), err)

	if err == nil {
		t.Errorf("terraform apply succeeded after an interrupt:\n%s", out.String())
	}
	if elapsed > 10*time.Second {
		t.Errorf("terraform took %v to exit after the interrupt; the 25 s wait was not cancelled:\n%s", elapsed, out.String())
	}
	if !regexp.MustCompile(`(?s)Terraform\s+stopped\s+the\s+operation.*context\s+canceled.*import\s+it`).MatchString(out.String()) {
		t.Errorf("expected the failed create to explain the interruption and what to check:\n%s", out.String())
	}
	if tools := emu.Objects(emulator.KindTool); len(tools) != 0 {
		t.Errorf("the interrupted apply created %d tool(s)", len(tools))
	}
	for _, r := range emu.Requests() {
		if r.Method == http.MethodPost && !r.Faulted {
			t.Errorf("a POST reached the API after the interrupt: %+v", r)
		}
	}
}
