package routing_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/vapi-community/terraform-provider-vapi/internal/catalog"
	"github.com/vapi-community/terraform-provider-vapi/internal/routing"
)

const (
	ft  = routing.LevelFunctionTool
	as  = routing.LevelAssistant
	pn  = routing.LevelPhoneNumber
	org = routing.LevelOrg
)

// fullDestination gives a level an id, a credential and a timeout of its own
// (and a URL only when withURL), so that a value leaking from a level that
// did not win shows up in the assertions.
func fullDestination(level routing.Level, i int, withURL bool) routing.Destination {
	timeout := float64(10 + i)
	d := routing.Destination{
		ID:             string(level) + "-id",
		CredentialID:   string(level) + "-cred",
		TimeoutSeconds: &timeout,
	}
	if withURL {
		d.URL = "https://" + string(level) + ".example.com/hook"
	}
	return d
}

// TestResolveMatrix covers all 16 combinations of the four levels with and
// without a URL, for one event of each class. The expected winners are
// written out by hand rather than computed, so the test does not restate the
// rule it checks.
func TestResolveMatrix(t *testing.T) {
	t.Parallel()

	classes := []struct {
		name       string
		events     []string
		considered []routing.Level
	}{
		{"tool-calls class", []string{"tool-calls", "function-call"}, []routing.Level{ft, as, pn, org}},
		{"assistant-request class", []string{"assistant-request"}, []routing.Level{pn, org}},
		{"other class", []string{"status-update", "end-of-call-report", `transcript[transcriptType="final"]`, "call.artifact.upload"}, []routing.Level{as, pn, org}},
	}

	none := routing.SourceNone
	// Columns: which levels have a URL, then the expected source for the
	// tool-calls, assistant-request and other classes.
	rows := []struct {
		ftURL, asURL, pnURL, orgURL bool
		toolCalls, assistantRequest routing.Level
		other                       routing.Level
	}{
		{false, false, false, false, none, none, none},
		{false, false, false, true, org, org, org},
		{false, false, true, false, pn, pn, pn},
		{false, false, true, true, pn, pn, pn},
		{false, true, false, false, as, none, as},
		{false, true, false, true, as, org, as},
		{false, true, true, false, as, pn, as},
		{false, true, true, true, as, pn, as},
		{true, false, false, false, ft, none, none},
		{true, false, false, true, ft, org, org},
		{true, false, true, false, ft, pn, pn},
		{true, false, true, true, ft, pn, pn},
		{true, true, false, false, ft, none, as},
		{true, true, false, true, ft, org, as},
		{true, true, true, false, ft, pn, as},
		{true, true, true, true, ft, pn, as},
	}

	for _, row := range rows {
		levels := map[routing.Level]routing.Destination{
			ft:  fullDestination(ft, 0, row.ftURL),
			as:  fullDestination(as, 1, row.asURL),
			pn:  fullDestination(pn, 2, row.pnURL),
			org: fullDestination(org, 3, row.orgURL),
		}
		want := []routing.Level{row.toolCalls, row.assistantRequest, row.other}
		for ci, class := range classes {
			for _, event := range class.events {
				name := fmt.Sprintf("%s/%s/ft=%t,as=%t,pn=%t,org=%t", class.name, event, row.ftURL, row.asURL, row.pnURL, row.orgURL)
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					got, err := routing.Resolve(routing.Input{Event: event, Levels: levels})
					if err != nil {
						t.Fatalf("Resolve: %v", err)
					}
					assertWinner(t, got, levels, want[ci])
					assertChain(t, got, levels, class.considered, want[ci])
					var wantIgnored []routing.Level
					for _, l := range []routing.Level{ft, as, pn, org} {
						if !slices.Contains(class.considered, l) {
							wantIgnored = append(wantIgnored, l)
						}
					}
					if !slices.Equal(got.Ignored, wantIgnored) {
						t.Errorf("Ignored = %v, want %v", got.Ignored, wantIgnored)
					}
				})
			}
		}
	}
}

func assertWinner(t *testing.T, got routing.Result, levels map[routing.Level]routing.Destination, want routing.Level) {
	t.Helper()
	if got.Source != want {
		t.Fatalf("Source = %q, want %q", got.Source, want)
	}
	if want == routing.SourceNone {
		if got.URL != "" || got.CredentialID != "" || got.TimeoutSeconds != nil {
			t.Errorf("no winner but URL = %q, CredentialID = %q, TimeoutSeconds = %v", got.URL, got.CredentialID, got.TimeoutSeconds)
		}
		return
	}
	w := levels[want]
	if got.URL != w.URL {
		t.Errorf("URL = %q, want %q", got.URL, w.URL)
	}
	if got.CredentialID != w.CredentialID {
		t.Errorf("CredentialID = %q, want %q", got.CredentialID, w.CredentialID)
	}
	if got.TimeoutSeconds == nil || *got.TimeoutSeconds != *w.TimeoutSeconds {
		t.Errorf("TimeoutSeconds = %v, want %v", got.TimeoutSeconds, *w.TimeoutSeconds)
	}
}

func assertChain(t *testing.T, got routing.Result, levels map[routing.Level]routing.Destination, considered []routing.Level, winner routing.Level) {
	t.Helper()
	if len(got.Chain) != len(considered) {
		t.Fatalf("Chain has %d entries, want %d: %+v", len(got.Chain), len(considered), got.Chain)
	}
	for i, e := range got.Chain {
		l := considered[i]
		d := levels[l]
		if e.Level != l || e.ID != d.ID || e.URL != d.URL || e.CredentialID != d.CredentialID {
			t.Errorf("Chain[%d] = %+v, want level %s with %+v", i, e, l, d)
		}
		if e.TimeoutSeconds == nil || *e.TimeoutSeconds != *d.TimeoutSeconds {
			t.Errorf("Chain[%d].TimeoutSeconds = %v, want %v", i, e.TimeoutSeconds, *d.TimeoutSeconds)
		}
		if e.Winner != (l == winner) {
			t.Errorf("Chain[%d].Winner = %t for %s, winner is %s", i, e.Winner, l, winner)
		}
	}
}

// TestResolveNoMixing checks that an unset credential or timeout on the
// winner is reported as unset, not borrowed from a lower level.
func TestResolveNoMixing(t *testing.T) {
	t.Parallel()
	timeout := 45.0
	got, err := routing.Resolve(routing.Input{
		Event: "tool-calls",
		Levels: map[routing.Level]routing.Destination{
			as:  {URL: "https://assistant.example.com"},
			org: {URL: "https://org.example.com", CredentialID: "org-cred", TimeoutSeconds: &timeout},
		},
	})
	if err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	if got.Source != as || got.CredentialID != "" || got.TimeoutSeconds != nil {
		t.Errorf("got Source %q, CredentialID %q, TimeoutSeconds %v; want assistant with neither", got.Source, got.CredentialID, got.TimeoutSeconds)
	}
}

// TestResolveMissingLevels checks that levels absent from the input still
// appear in the chain, empty, so that the chain always shows the whole
// priority order.
func TestResolveMissingLevels(t *testing.T) {
	t.Parallel()
	got, err := routing.Resolve(routing.Input{Event: "tool-calls"})
	if err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	want := []routing.ChainEntry{{Level: ft}, {Level: as}, {Level: pn}, {Level: org}}
	if !slices.EqualFunc(got.Chain, want, func(a, b routing.ChainEntry) bool { return a == b }) {
		t.Errorf("Chain = %+v, want %+v", got.Chain, want)
	}
	if got.Source != routing.SourceNone || got.URL != "" || !got.Subscribed || got.Ignored != nil {
		t.Errorf("got %+v, want no source, subscribed, nothing ignored", got)
	}
}

// TestResolveDoesNotAlias checks that the result owns its timeouts: a caller
// changing the result must not change its input, or the other way round.
func TestResolveDoesNotAlias(t *testing.T) {
	t.Parallel()
	timeout := 30.0
	got, err := routing.Resolve(routing.Input{
		Event:  "status-update",
		Levels: map[routing.Level]routing.Destination{org: {URL: "https://org.example.com", TimeoutSeconds: &timeout}},
	})
	if err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	*got.TimeoutSeconds = 1
	*got.Chain[2].TimeoutSeconds = 2
	if timeout != 30 {
		t.Errorf("input timeout changed to %v", timeout)
	}
	if *got.TimeoutSeconds != 1 {
		t.Errorf("result timeout shares storage with the chain: %v", *got.TimeoutSeconds)
	}
}

func TestResolveSubscribed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		event string
		set   bool
		list  []string
		want  bool
	}{
		{"default list includes tool-calls", "tool-calls", false, nil, true},
		{"default list includes status-update", "status-update", false, nil, true},
		{"default list leaves out transcript", "transcript", false, nil, false},
		{"default list leaves out model-output", "model-output", false, nil, false},
		{"explicit list includes the event", "model-output", true, []string{"model-output"}, true},
		{"explicit list leaves out the event", "status-update", true, []string{"end-of-call-report"}, false},
		{"explicit empty list silences everything", "tool-calls", true, []string{}, false},
		{"nil list counts as empty when set", "tool-calls", true, nil, false},
		{"list is ignored when not set", "model-output", false, []string{"model-output"}, false},
		{"assistant-request is always sent", "assistant-request", true, []string{}, true},
		{"assistant-request without an assistant", "assistant-request", false, nil, true},
		{"final-only filter still sends transcripts", "transcript", true, []string{`transcript[transcriptType="final"]`}, true},
		{"transcript includes final transcripts", `transcript[transcriptType="final"]`, true, []string{"transcript"}, true},
		{"final filter is not in the default list", `transcript[transcriptType="final"]`, false, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := routing.Resolve(routing.Input{Event: tt.event, ServerMessages: tt.list, ServerMessagesSet: tt.set})
			if err != nil {
				t.Fatalf("Resolve: %v", err)
			}
			if got.Subscribed != tt.want {
				t.Errorf("Subscribed = %t, want %t", got.Subscribed, tt.want)
			}
		})
	}
}

func TestResolveErrors(t *testing.T) {
	t.Parallel()
	for _, event := range []string{"", "tool-call", "knowledge-base-request", "voice-request", "Status-Update", " status-update"} {
		_, err := routing.Resolve(routing.Input{Event: event})
		if !errors.Is(err, routing.ErrUnknownEvent) {
			t.Errorf("Resolve(%q) error = %v, want ErrUnknownEvent", event, err)
			continue
		}
		assertListsValidEvents(t, err)
	}

	_, err := routing.Resolve(routing.Input{
		Event:  "tool-calls",
		Levels: map[routing.Level]routing.Destination{routing.SourceNone: {URL: "https://x.example.com"}},
	})
	if err == nil || errors.Is(err, routing.ErrUnknownEvent) || !strings.Contains(err.Error(), `unknown level "none"`) {
		t.Errorf("Resolve with level %q: error = %v, want an unknown level error", routing.SourceNone, err)
	}
}

func assertListsValidEvents(t *testing.T, err error) {
	t.Helper()
	for _, e := range routing.ValidEvents() {
		if !strings.Contains(err.Error(), e) {
			t.Errorf("error %q does not list %q", err, e)
		}
	}
}

func TestValidEvents(t *testing.T) {
	t.Parallel()
	got := routing.ValidEvents()
	want := append(catalog.ServerMessages.Strings(), "assistant-request")
	if !slices.Equal(got, want) {
		t.Errorf("ValidEvents() = %v, want %v", got, want)
	}
	got[0] = "changed"
	if routing.ValidEvents()[0] == "changed" {
		t.Error("ValidEvents shares its backing array between calls")
	}
	for _, e := range want {
		if _, err := routing.LevelsFor(e); err != nil {
			t.Errorf("LevelsFor(%q): %v", e, err)
		}
	}
}

func TestResolveIgnoresOnlyNonEmptyLevels(t *testing.T) {
	t.Parallel()
	got, err := routing.Resolve(routing.Input{
		Event: "assistant-request",
		Levels: map[routing.Level]routing.Destination{
			ft: {},
			as: {ID: "a1"},
		},
	})
	if err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	if !slices.Equal(got.Ignored, []routing.Level{as}) {
		t.Errorf("Ignored = %v, want [assistant]", got.Ignored)
	}
}

// Every combination of the four levels being without a URL, with one, or
// with one not known yet, for every class of event: the answer is the first
// considered level with a URL when no level before it is unknown, and
// undecided otherwise; an unknown level after the winner changes nothing.
func TestResolveUnknownURLs(t *testing.T) {
	order := []routing.Level{routing.LevelFunctionTool, routing.LevelAssistant, routing.LevelPhoneNumber, routing.LevelOrg}
	const (
		none = iota
		set
		unknown
	)
	for _, event := range []string{"tool-calls", "assistant-request", "status-update"} {
		considered, err := routing.LevelsFor(event)
		if err != nil {
			t.Fatal(err)
		}
		for combo := range 81 {
			states := make([]int, 4)
			levels := map[routing.Level]routing.Destination{}
			for i, l := range order {
				states[i] = combo / []int{1, 3, 9, 27}[i] % 3
				switch states[i] {
				case set:
					levels[l] = routing.Destination{URL: "https://" + string(l)}
				case unknown:
					levels[l] = routing.Destination{URLUnknown: true}
				}
			}
			got, err := routing.Resolve(routing.Input{Event: event, Levels: levels})
			if err != nil {
				t.Fatal(err)
			}
			wantSource, wantUndecided := routing.SourceNone, false
			for _, l := range considered {
				st := states[slices.Index(order, l)]
				if st == unknown {
					wantUndecided = true
					break
				}
				if st == set {
					wantSource = l
					break
				}
			}
			if got.Undecided != wantUndecided || (!wantUndecided && got.Source != wantSource) {
				t.Errorf("%s with states %v: got source %s undecided %v, want %s undecided %v",
					event, states, got.Source, got.Undecided, wantSource, wantUndecided)
			}
			if !got.Undecided && got.Source != routing.SourceNone && got.URL != "https://"+string(got.Source) {
				t.Errorf("%s with states %v: url %q of source %s", event, states, got.URL, got.Source)
			}
		}
	}
}

// assistant-request is sent only when the phone number has no assistant,
// squad or workflow of its own.
func TestResolveAssistantRequestSubscription(t *testing.T) {
	for _, answers := range []bool{false, true} {
		got, err := routing.Resolve(routing.Input{Event: routing.EventAssistantRequest, PhoneNumberAnswers: answers,
			Levels: map[routing.Level]routing.Destination{routing.LevelPhoneNumber: {URL: "https://p"}}})
		if err != nil {
			t.Fatal(err)
		}
		if got.Subscribed == answers {
			t.Errorf("phone number answers %v: subscribed %v", answers, got.Subscribed)
		}
	}
	// Other events do not care who answers the number.
	got, err := routing.Resolve(routing.Input{Event: "status-update", PhoneNumberAnswers: true})
	if err != nil || !got.Subscribed {
		t.Errorf("status-update with an answering number: subscribed %v, %v", got.Subscribed, err)
	}
}
