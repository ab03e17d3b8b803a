package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
)

// TestEffectiveServerURLDataSource_matrix reads all 48 cases of the matrix
// (16 URL combinations for one event of each class) in two applies and
// checks every exported attribute against expectations written here: the
// winner's url, credential and timeout (never a lower level's, never those
// of a server without a URL) and the whole chain.
func TestEffectiveServerURLDataSource_matrix(t *testing.T) {
	t.Parallel()
	m := newServerURLMatrix(t)

	// chainCredential is the credential each level's object holds.
	chainCredential := func(level string, set bool) knownvalue.Check {
		switch {
		case level == "function_tool" && set:
			return knownvalue.StringExact(matrixCredTool)
		case level == "assistant" && set:
			return knownvalue.StringExact(matrixCredAssistant)
		case level == "org" && set:
			return knownvalue.StringExact(matrixCredOrg)
		case (level == "function_tool" || level == "phone_number") && !set:
			return knownvalue.StringExact(matrixCredStray)
		}
		return knownvalue.Null()
	}
	checks := func(orgURL bool) []statecheck.StateCheck {
		answers := map[string]knownvalue.Check{}
		for _, c := range m.casesWithOrgURL(orgURL) {
			winner := "none"
			chain := make([]knownvalue.Check, 0, len(c.reaches))
			for _, level := range c.reaches {
				if c.set[level] && winner == "none" {
					winner = level
				}
				var url knownvalue.Check = knownvalue.Null()
				if c.set[level] {
					url = knownvalue.StringExact(matrixURL(level))
				}
				chain = append(chain, knownvalue.ObjectExact(map[string]knownvalue.Check{
					"inline": knownvalue.Bool(false), "level": knownvalue.StringExact(level),
					"id":            knownvalue.StringExact(m.id(c, level)),
					"url":           url,
					"credential_id": chainCredential(level, c.set[level]),
				}))
			}
			var url knownvalue.Check = knownvalue.Null()
			if winner != "none" {
				url = knownvalue.StringExact(matrixURL(winner))
			}
			credential, timeout := matrixWinner(winner)
			answers[c.name] = knownvalue.ObjectExact(map[string]knownvalue.Check{
				"url":             url,
				"source":          knownvalue.StringExact(winner),
				"credential_id":   credential,
				"timeout_seconds": timeout,
				// The assistants leave serverMessages unset, and the API's
				// default list holds tool-calls and status-update.
				"subscribed": knownvalue.Bool(true),
				"chain":      knownvalue.ListExact(chain),
			})
		}
		return []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("answers", knownvalue.MapExact(answers))}
	}

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: m.env.factories(),
		Steps:                    m.steps(t, false, checks),
	})
}

const followAddr = "data.vapi_effective_server_url.lookup"

func followConfig(toolServer string) string {
	return fmt.Sprintf(`
resource "vapi_function_tool" "lookup" {
  name = "lookup_order"
  %s
}

data "vapi_effective_server_url" "lookup" {
  event            = "tool-calls"
  function_tool_id = vapi_function_tool.lookup.id
}
`, toolServer)
}

// TestEffectiveServerURLDataSource_followsChangeInSameApply changes the
// function tool's server URL, then removes it, and checks that the data
// source's answer follows in the same apply each time: Terraform defers the
// read of a data source that depends on a changing resource until the change
// is applied.
func TestEffectiveServerURLDataSource_followsChangeInSameApply(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	if err := env.emu.Mutate(emulator.KindOrg, env.emu.OrgID(), func(org map[string]any) {
		org["server"] = map[string]any{"url": "https://org.example.com/hook"}
	}); err != nil {
		t.Fatal(err)
	}
	answer := func(url, source string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(followAddr, tfjsonpath.New("url"), knownvalue.StringExact(url)),
			statecheck.ExpectKnownValue(followAddr, tfjsonpath.New("source"), knownvalue.StringExact(source)),
			statecheck.ExpectKnownValue(followAddr, tfjsonpath.New("timeout_seconds"), knownvalue.Float64Exact(20)),
			statecheck.ExpectKnownValue(followAddr, tfjsonpath.New("org_id"), knownvalue.StringExact(env.emu.OrgID())),
		}
	}

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed(emulator.KindTool),
		Steps: []resource.TestStep{
			{
				Config:            env.config(followConfig(`server { url = "https://hooks.example.com/v1" }`)),
				ConfigStateChecks: answer("https://hooks.example.com/v1", "function_tool"),
			},
			{
				Config:            env.config(followConfig(`server { url = "https://hooks.example.com/v2" }`)),
				ConfigStateChecks: answer("https://hooks.example.com/v2", "function_tool"),
			},
			{
				Config:            env.config(followConfig("")),
				ConfigStateChecks: answer("https://org.example.com/hook", "org"),
			},
		},
	})
}

// TestEffectiveServerURLDataSource_assistantAndSubscription covers the
// assistant: taken from the phone number when assistant_id is unset,
// subscribed false when its serverMessages leave the event out (or are an
// empty list), never used for assistant-request; and an answer of none.
func TestEffectiveServerURLDataSource_assistantAndSubscription(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	picky := env.emu.Put(emulator.KindAssistant, map[string]any{
		"server":         map[string]any{"url": "https://assistant.example.com/hook", "timeoutSeconds": 45},
		"serverMessages": []string{"end-of-call-report"},
	})
	silent := env.emu.Put(emulator.KindAssistant, map[string]any{
		"server":         map[string]any{"url": "https://silent.example.com/hook"},
		"serverMessages": []string{},
	})
	phone := env.emu.Put(emulator.KindPhoneNumber, map[string]any{
		"provider": "vapi", "number": "+14155550111", "status": "active", "assistantId": picky,
		"server": map[string]any{"url": "https://phone.example.com/hook", "credentialId": matrixCredStray},
	})
	squadPhone := env.emu.Put(emulator.KindPhoneNumber, map[string]any{
		"provider": "vapi", "number": "+14155550112", "status": "active", "squadId": "0b9e7f1c-2a6b-4f8e-9d1a-3c5e7f9a1b2d",
	})

	ds := func(name string) string { return "data.vapi_effective_server_url." + name }
	attr := func(name, attribute string, want knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(ds(name), tfjsonpath.New(attribute), want)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: env.config(fmt.Sprintf(`
data "vapi_effective_server_url" "inferred" {
  event           = "status-update"
  phone_number_id = %[1]q
}

data "vapi_effective_server_url" "inferred_subscribed" {
  event           = "end-of-call-report"
  phone_number_id = %[1]q
}

data "vapi_effective_server_url" "assistant_request" {
  event           = "assistant-request"
  phone_number_id = %[1]q
}

data "vapi_effective_server_url" "silent" {
  event        = "tool-calls"
  assistant_id = %[2]q
}

data "vapi_effective_server_url" "nowhere" {
  event           = "hang"
  phone_number_id = %[3]q
  org_id          = %[4]q
}
`, phone, silent, squadPhone, env.emu.OrgID())),
			ConfigStateChecks: []statecheck.StateCheck{
				attr("inferred", "assistant_id", knownvalue.StringExact(picky)),
				attr("inferred", "source", knownvalue.StringExact("assistant")),
				attr("inferred", "url", knownvalue.StringExact("https://assistant.example.com/hook")),
				attr("inferred", "timeout_seconds", knownvalue.Float64Exact(45)),
				attr("inferred", "credential_id", knownvalue.Null()),
				attr("inferred", "subscribed", knownvalue.Bool(false)),
				attr("inferred", "chain", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"inline": knownvalue.Bool(false), "level": knownvalue.StringExact("assistant"), "id": knownvalue.StringExact(picky),
						"url": knownvalue.StringExact("https://assistant.example.com/hook"), "credential_id": knownvalue.Null(),
					}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"inline": knownvalue.Bool(false), "level": knownvalue.StringExact("phone_number"), "id": knownvalue.StringExact(phone),
						"url": knownvalue.StringExact("https://phone.example.com/hook"), "credential_id": knownvalue.StringExact(matrixCredStray),
					}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"inline": knownvalue.Bool(false), "level": knownvalue.StringExact("org"), "id": knownvalue.StringExact(env.emu.OrgID()),
						"url": knownvalue.Null(), "credential_id": knownvalue.Null(),
					}),
				})),
				attr("inferred_subscribed", "subscribed", knownvalue.Bool(true)),
				attr("inferred_subscribed", "source", knownvalue.StringExact("assistant")),

				attr("assistant_request", "assistant_id", knownvalue.Null()),
				attr("assistant_request", "source", knownvalue.StringExact("phone_number")),
				attr("assistant_request", "credential_id", knownvalue.StringExact(matrixCredStray)),
				attr("assistant_request", "timeout_seconds", knownvalue.Float64Exact(20)),
				// The number answers with its own assistant: Vapi never asks.
				attr("assistant_request", "subscribed", knownvalue.Bool(false)),

				attr("silent", "source", knownvalue.StringExact("assistant")),
				attr("silent", "subscribed", knownvalue.Bool(false)),

				attr("nowhere", "source", knownvalue.StringExact("none")),
				attr("nowhere", "url", knownvalue.Null()),
				attr("nowhere", "credential_id", knownvalue.Null()),
				attr("nowhere", "timeout_seconds", knownvalue.Null()),
				attr("nowhere", "assistant_id", knownvalue.Null()),
				attr("nowhere", "org_id", knownvalue.StringExact(env.emu.OrgID())),
				attr("nowhere", "subscribed", knownvalue.Bool(true)),
			},
		}},
	})
}

// TestEffectiveServerURLDataSource_invalidConfigs checks that bad arguments
// fail at plan time on the right attribute, before any request.
func TestEffectiveServerURLDataSource_invalidConfigs(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	cases := []struct {
		body string
		want *regexp.Regexp
	}{
		{`event = "tool_calls"`, regexp.MustCompile(`(?s)Unknown Server Event.*with data.vapi_effective_server_url.bad.*` +
			`event: unknown event "tool_calls";\s+the\s+valid\s+events\s+are\s+assistant\.started,.*tool-calls,.*assistant-request`)},
		{`event = "knowledge-base-request"`, regexp.MustCompile(`unknown event "knowledge-base-request"`)},
		{`function_tool_id = "1"`, regexp.MustCompile(`The argument "event" is required`)},
		{"event = \"tool-calls\"\n  assistant_id = \"not-a-uuid\"", regexp.MustCompile(`(?s)assistant_id.*must be a UUID`)},
		{"event = \"tool-calls\"\n  org_id = \"42\"", regexp.MustCompile(`(?s)org_id.*must be a UUID`)},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      env.config("data \"vapi_effective_server_url\" \"bad\" {\n  " + c.body + "\n}\n"),
			PlanOnly:    true,
			ExpectError: c.want,
		})
	}
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: env.factories(), Steps: steps})
	if reqs := env.emu.Requests(); len(reqs) != 0 {
		t.Errorf("invalid configurations reached the API: %v", reqs)
	}
}

// TestEffectiveServerURLDataSource_notFound checks that an id that does not
// exist is an error naming the argument and the id, never an empty answer.
func TestEffectiveServerURLDataSource_notFound(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	const missing = "0c0ffee0-0000-4000-8000-000000000404"
	orphan := env.emu.Put(emulator.KindPhoneNumber, map[string]any{
		"provider": "vapi", "number": "+14155550121", "status": "active", "assistantId": missing,
	})
	cases := []struct {
		body string
		want *regexp.Regexp
	}{
		{`function_tool_id = "` + missing + `"`, regexp.MustCompile(`(?s)Function Tool Not Found.*function_tool_id = "` + missing + `"`)},
		{`assistant_id = "` + missing + `"`, regexp.MustCompile(`(?s)Assistant Not Found.*assistant_id = "` + missing + `"`)},
		{`phone_number_id = "` + missing + `"`, regexp.MustCompile(`(?s)Phone Number Not Found.*phone_number_id = "` + missing + `"`)},
		{`org_id = "` + missing + `"`, regexp.MustCompile(`(?s)Org Not Found.*org_id = "` + missing + `"`)},
		{`phone_number_id = "` + orphan + `"`, regexp.MustCompile(`(?s)Assistant Not Found.*phone_number_id.*` +
			`The phone number\s+"` + orphan + `"\s+answers\s+calls\s+with\s+the\s+assistant\s+"` + missing + `"`)},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      env.config("data \"vapi_effective_server_url\" \"missing\" {\n  event = \"tool-calls\"\n  " + c.body + "\n}\n"),
			PlanOnly:    true,
			ExpectError: c.want,
		})
	}
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: env.factories(), Steps: steps})
}

// TestEffectiveServerURLDataSource_orgForbidden runs against an API that
// refuses /org to API keys: without org_id the answer still comes when a
// higher level wins (the org cannot change it), and is an error when the
// org would decide; with org_id it is an error.
func TestEffectiveServerURLDataSource_orgForbidden(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, func(o *emulator.Options) { o.OrgEndpointsForbidden = true })
	phone := env.emu.Put(emulator.KindPhoneNumber, map[string]any{
		"provider": "vapi", "number": "+14155550131", "status": "active",
		"server": map[string]any{"url": "https://phone.example.com/hook"},
	})
	const addr = "data.vapi_effective_server_url.routed"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(fmt.Sprintf(`
data "vapi_effective_server_url" "routed" {
  event           = "assistant-request"
  phone_number_id = %q
}
`, phone)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("source"), knownvalue.StringExact("phone_number")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("org_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("chain").AtSliceIndex(1), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"inline": knownvalue.Bool(false), "level": knownvalue.StringExact("org"), "id": knownvalue.Null(), "url": knownvalue.Null(), "credential_id": knownvalue.Null(),
					})),
				},
			},
			{
				Config:      env.config(`data "vapi_effective_server_url" "routed" { event = "hang" }`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Org Not Readable.*Set\s+org_id.*403 Forbidden`),
			},
			{
				Config: env.config(fmt.Sprintf(`
data "vapi_effective_server_url" "routed" {
  event  = "hang"
  org_id = %q
}
`, env.emu.OrgID())),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Org Not Readable.*org_id = "` + env.emu.OrgID() + `": Vapi refused`),
			},
		},
	})
}

// resolveFixture is an emulator with one object of each level, each with a
// server URL, the assistant listing the tool, and the phone number answering
// with the assistant; and a client whose transport the test chooses.
type resolveFixture struct {
	emu                         *emulator.Emulator
	url                         string
	tool, assistant, phone      string
	otherTool, phoneNoAssistant string
}

func newResolveFixture(t testing.TB, opts emulator.Options) *resolveFixture {
	t.Helper()
	emu := emulator.New(opts)
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	f := &resolveFixture{emu: emu, url: srv.URL}
	server := func(level string) map[string]any {
		return map[string]any{"url": "https://" + level + ".example.com/hook"}
	}
	f.tool = emu.Put(emulator.KindTool, map[string]any{"type": "function", "function": map[string]any{"name": "t"}, "server": server("tool")})
	f.otherTool = emu.Put(emulator.KindTool, map[string]any{"type": "function", "function": map[string]any{"name": "u"}})
	f.assistant = emu.Put(emulator.KindAssistant, map[string]any{"server": server("assistant"),
		"model": map[string]any{"provider": "openai", "model": "gpt-4o", "toolIds": []string{f.tool}}})
	f.phone = emu.Put(emulator.KindPhoneNumber, map[string]any{"provider": "vapi", "number": "+14155550141",
		"status": "active", "assistantId": f.assistant, "server": server("phone")})
	f.phoneNoAssistant = emu.Put(emulator.KindPhoneNumber, map[string]any{"provider": "vapi", "number": "+14155550142",
		"status": "active", "server": server("phone")})
	if !opts.OrgEndpointsForbidden {
		if err := emu.Mutate(emulator.KindOrg, emu.OrgID(), func(org map[string]any) { org["server"] = server("org") }); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// data returns provider data whose client sends through transport (nil:
// the client's default).
func (f *resolveFixture) data(t testing.TB, transport http.RoundTripper) *providerData {
	t.Helper()
	opts := vapi.Options{BaseURL: f.url, APIKey: f.emu.APIKey(), MaxRetries: 0}
	if transport != nil {
		opts.HTTPClient = &http.Client{Transport: transport}
	}
	client, err := vapi.NewClient(opts)
	if err != nil {
		t.Fatal(err)
	}
	return &providerData{client: client, orgs: newOrgFinder(client)}
}

// roundBarrier is a transport that holds requests back until the expected
// number of them are in flight together, then lets that round go. Requests
// sent one after the other would each wait for company in vain, so the
// recorded rounds show exactly which reads ran at the same time: the number
// of round trips a resolution costs, whatever the machine's speed.
type roundBarrier struct {
	sizes []int
	wait  time.Duration

	mu      sync.Mutex
	rounds  [][]string
	current []string
	release chan struct{}
}

func newRoundBarrier(sizes ...int) *roundBarrier {
	return &roundBarrier{sizes: sizes, wait: 3 * time.Second, release: make(chan struct{})}
}

func (b *roundBarrier) RoundTrip(r *http.Request) (*http.Response, error) {
	b.mu.Lock()
	if len(b.rounds) >= len(b.sizes) {
		b.rounds = append(b.rounds, []string{r.URL.Path})
		b.mu.Unlock()
		return http.DefaultTransport.RoundTrip(r)
	}
	b.current = append(b.current, r.URL.Path)
	release := b.release
	if len(b.current) == b.sizes[len(b.rounds)] {
		b.closeRound()
	}
	b.mu.Unlock()

	timer := time.NewTimer(b.wait)
	defer timer.Stop()
	select {
	case <-release:
	case <-timer.C:
		// The round never filled up: close it as it is, so the recorded
		// rounds show the reads that did not run together.
		b.mu.Lock()
		if b.release == release {
			b.closeRound()
		}
		b.mu.Unlock()
	}
	return http.DefaultTransport.RoundTrip(r)
}

// closeRound records the current round and releases it; b.mu is held.
func (b *roundBarrier) closeRound() {
	slices.Sort(b.current)
	b.rounds = append(b.rounds, b.current)
	b.current = nil
	close(b.release)
	b.release = make(chan struct{})
}

func (b *roundBarrier) recorded() [][]string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.rounds)
}

// TestResolveEffectiveServerURL_roundTrips checks how many round trips a
// resolution costs and that it reads only the levels the event can use:
// one round for the usual cases, two when the assistant comes from the
// phone number.
func TestResolveEffectiveServerURL_roundTrips(t *testing.T) {
	t.Parallel()
	f := newResolveFixture(t, emulator.Options{})
	cases := []struct {
		name   string
		query  effectiveServerURLQuery
		rounds [][]string
		source string
	}{
		{
			name:   "tool-calls reads the four levels at once",
			query:  effectiveServerURLQuery{Event: "tool-calls", FunctionToolID: f.tool, AssistantID: f.assistant, PhoneNumberID: f.phone},
			rounds: [][]string{{"/assistant/" + f.assistant, "/org", "/phone-number/" + f.phone, "/tool/" + f.tool}},
			source: "function_tool",
		},
		{
			name:  "the inferred assistant is read once the phone number is known",
			query: effectiveServerURLQuery{Event: "tool-calls", FunctionToolID: f.tool, PhoneNumberID: f.phone},
			rounds: [][]string{
				{"/org", "/phone-number/" + f.phone, "/tool/" + f.tool},
				{"/assistant/" + f.assistant},
			},
			source: "function_tool",
		},
		{
			name:   "assistant-request reads neither the tool nor the assistant",
			query:  effectiveServerURLQuery{Event: "assistant-request", FunctionToolID: f.tool, AssistantID: f.assistant, PhoneNumberID: f.phone},
			rounds: [][]string{{"/org", "/phone-number/" + f.phone}},
			source: "phone_number",
		},
		{
			name:   "status-update does not read the tool",
			query:  effectiveServerURLQuery{Event: "status-update", FunctionToolID: f.tool, AssistantID: f.assistant, OrgID: f.emu.OrgID()},
			rounds: [][]string{{"/assistant/" + f.assistant, "/org/" + f.emu.OrgID()}},
			source: "assistant",
		},
		{
			name:   "the org alone",
			query:  effectiveServerURLQuery{Event: "hang"},
			rounds: [][]string{{"/org"}},
			source: "org",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			sizes := make([]int, len(c.rounds))
			for i, r := range c.rounds {
				sizes[i] = len(r)
			}
			barrier := newRoundBarrier(sizes...)
			answer, diags := resolveEffectiveServerURL(context.Background(), f.data(t, barrier), c.query)
			if diags.HasError() {
				t.Fatalf("resolve: %v", diags)
			}
			if string(answer.Source) != c.source {
				t.Errorf("source = %q, want %q", answer.Source, c.source)
			}
			if got := barrier.recorded(); !slices.EqualFunc(got, c.rounds, slices.Equal) {
				t.Errorf("requests by round trip:\n got %q\nwant %q", got, c.rounds)
			}
		})
	}
}

// TestResolveEffectiveServerURL_warnings checks the warnings, each on the
// argument it is about, for answers that are right but may surprise.
func TestResolveEffectiveServerURL_warnings(t *testing.T) {
	t.Parallel()
	f := newResolveFixture(t, emulator.Options{})
	forbidden := newResolveFixture(t, emulator.Options{OrgEndpointsForbidden: true})
	refAssistant := f.emu.Put(emulator.KindAssistant, map[string]any{"model": map[string]any{
		"provider": "openai", "model": "gpt-4o", "toolRefs": []any{map[string]any{"toolId": f.otherTool, "version": 1}},
	}})
	cases := []struct {
		name    string
		fixture *resolveFixture
		query   effectiveServerURLQuery
		want    []diag.Diagnostic
	}{
		{
			name:  "none when the assistant lists the tool",
			query: effectiveServerURLQuery{Event: "tool-calls", FunctionToolID: f.tool, AssistantID: f.assistant, PhoneNumberID: f.phone},
		},
		{
			name:  "a tool the assistant's model does not list",
			query: effectiveServerURLQuery{Event: "tool-calls", FunctionToolID: f.otherTool, AssistantID: f.assistant},
			want: []diag.Diagnostic{diag.NewAttributeWarningDiagnostic(path.Root("function_tool_id"), "Function Tool Not Used by the Assistant",
				fmt.Sprintf("The function tool %q is not in the model.tool_ids of the assistant %q, so that assistant's "+
					"model cannot call it and Vapi sends no tool-calls event for it on the assistant's calls. url and "+
					"source tell where its calls would go once it is added.", f.otherTool, f.assistant))},
		},
		{
			name:  "the inferred assistant does not list the tool either",
			query: effectiveServerURLQuery{Event: "function-call", FunctionToolID: f.otherTool, PhoneNumberID: f.phone},
			want: []diag.Diagnostic{diag.NewAttributeWarningDiagnostic(path.Root("function_tool_id"), "Function Tool Not Used by the Assistant",
				fmt.Sprintf("The function tool %q is not in the model.tool_ids of the assistant %q, so that assistant's "+
					"model cannot call it and Vapi sends no function-call event for it on the assistant's calls. url and "+
					"source tell where its calls would go once it is added.", f.otherTool, f.assistant))},
		},
		{
			name:  "none for a tool pinned through toolRefs",
			query: effectiveServerURLQuery{Event: "tool-calls", FunctionToolID: f.otherTool, AssistantID: refAssistant},
		},
		{
			name:  "levels the event cannot use",
			query: effectiveServerURLQuery{Event: "assistant-request", FunctionToolID: f.tool, AssistantID: f.assistant},
			want: []diag.Diagnostic{
				diag.NewAttributeWarningDiagnostic(path.Root("function_tool_id"), "Function Tool Not Used",
					"function_tool_id is not used: Vapi sends assistant-request events to the phone number, then the "+
						"org, so the function tool's server URL cannot receive them."),
				diag.NewAttributeWarningDiagnostic(path.Root("assistant_id"), "Assistant Not Used",
					"assistant_id is not used: Vapi sends assistant-request events to the phone number, then the org, "+
						"so the assistant's server URL cannot receive them."),
			},
		},
		{
			name:  "a phone number without an assistant",
			query: effectiveServerURLQuery{Event: "status-update", PhoneNumberID: f.phoneNoAssistant},
			want: []diag.Diagnostic{diag.NewAttributeWarningDiagnostic(path.Root("phone_number_id"), "Phone Number Has No Assistant",
				fmt.Sprintf("The phone number %q has no assistantId (it answers with a squad, a workflow or an assistant "+
					"chosen through assistant-request), so no assistant was read: the assistant level counts as having "+
					"no server URL, and subscribed follows the API's default server messages. Set assistant_id to "+
					"route with a given assistant.", f.phoneNoAssistant))},
		},
		{
			name:    "an org that cannot be read and does not matter",
			fixture: forbidden,
			query:   effectiveServerURLQuery{Event: "status-update", AssistantID: forbidden.assistant},
			want: []diag.Diagnostic{diag.NewAttributeWarningDiagnostic(path.Root("org_id"), "Org Not Readable",
				"The API key's org could not be read (GET /org: 403 Forbidden: Forbidden resource), so chain shows no "+
					"url for it. This does not change the answer: the assistant has a server URL and comes first.")},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			fixture := c.fixture
			if fixture == nil {
				fixture = f
			}
			_, diags := resolveEffectiveServerURL(context.Background(), fixture.data(t, nil), c.query)
			if !diags.Equal(c.want) {
				t.Errorf("diagnostics:\n got %v\nwant %v", diags, c.want)
			}
		})
	}
}

// TestEffectiveServerURLDataSource_readWarning calls the data source's Read
// as Terraform does, with framework values, and checks that the warning about
// a tool the assistant does not list reaches Terraform with the answer.
func TestEffectiveServerURLDataSource_readWarning(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newResolveFixture(t, emulator.Options{})

	ds := NewEffectiveServerURLDataSource()
	var schemaResp datasource.SchemaResponse
	ds.Schema(ctx, datasource.SchemaRequest{}, &schemaResp)
	configurable, ok := ds.(datasource.DataSourceWithConfigure)
	if !ok {
		t.Fatal("the data source does not take provider data")
	}
	var configureResp datasource.ConfigureResponse
	configurable.Configure(ctx, datasource.ConfigureRequest{ProviderData: f.data(t, nil)}, &configureResp)

	objectType, ok := schemaResp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		t.Fatal("the schema is not an object")
	}
	given := map[string]string{"event": "tool-calls", "function_tool_id": f.otherTool, "assistant_id": f.assistant}
	values := map[string]tftypes.Value{}
	for name, typ := range objectType.AttributeTypes {
		values[name] = tftypes.NewValue(typ, nil)
		if v, ok := given[name]; ok {
			values[name] = tftypes.NewValue(tftypes.String, v)
		}
	}
	req := datasource.ReadRequest{Config: tfsdk.Config{Schema: schemaResp.Schema, Raw: tftypes.NewValue(objectType, values)}}
	resp := datasource.ReadResponse{State: tfsdk.State{Schema: schemaResp.Schema, Raw: tftypes.NewValue(objectType, nil)}}
	ds.Read(ctx, req, &resp)

	if resp.Diagnostics.HasError() || resp.Diagnostics.WarningsCount() != 1 {
		t.Fatalf("diagnostics = %v, want one warning", resp.Diagnostics)
	}
	warning := resp.Diagnostics.Warnings()[0]
	withPath, ok := warning.(diag.DiagnosticWithPath)
	if !ok || !withPath.Path().Equal(path.Root("function_tool_id")) ||
		!strings.Contains(warning.Detail(), "is not in the model.tool_ids of the assistant") {
		t.Errorf("warning = %v, want one on function_tool_id about model.tool_ids", warning)
	}
	var state effectiveServerURLModel
	if diags := resp.State.Get(ctx, &state); diags.HasError() {
		t.Fatal(diags)
	}
	// The other tool has no server URL, so the assistant's answers.
	if state.Source.ValueString() != "assistant" || state.URL.ValueString() != "https://assistant.example.com/hook" ||
		state.OrgID.ValueString() != f.emu.OrgID() || len(state.Chain.Elements()) != 4 {
		t.Errorf("state = %+v", state)
	}
}

// Without org_id, the org is looked up only as the last resort: when the
// lookup fails for any reason (here the API answers 500 to GET /org) and a
// higher level decides the answer, the data source answers; when none does,
// the error says why the org matters and what the API answered.
func TestEffectiveServerURLDataSource_orgLookupFailureOnlyMattersWhenTheOrgDecides(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	assistantID := env.emu.Put(emulator.KindAssistant, map[string]any{"name": "a",
		"server": map[string]any{"url": "https://assistant.example.com"}})
	bare := env.emu.Put(emulator.KindAssistant, map[string]any{"name": "b"})
	env.emu.AddFault(emulator.Fault{Method: http.MethodGet, PathPrefix: "/org", Status: http.StatusInternalServerError})
	query := func(id string) string {
		return env.config(fmt.Sprintf(`
data "vapi_effective_server_url" "q" {
  event        = "status-update"
  assistant_id = %q
}
`, id))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: query(assistantID),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.vapi_effective_server_url.q", tfjsonpath.New("source"), knownvalue.StringExact("assistant")),
					statecheck.ExpectKnownValue("data.vapi_effective_server_url.q", tfjsonpath.New("url"),
						knownvalue.StringExact("https://assistant.example.com")),
				},
			},
			{
				Config:      query(bare),
				ExpectError: regexp.MustCompile(`(?s)Org Not Readable.*org_id.*500 Internal Server Error`),
			},
		},
	})
}
