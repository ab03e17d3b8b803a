package routing_test

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/vapi-community/terraform-provider-vapi/internal/catalog"
	"github.com/vapi-community/terraform-provider-vapi/internal/routing"
)

// FuzzResolve checks the rule's invariants on arbitrary input: the answer is
// always the first considered level with a URL, its credential and timeout
// come from that level alone, and the chain is exactly the considered levels
// in order. The seeds run in every plain `go test`; `go test -fuzz
// FuzzResolve ./internal/routing/` explores further.
//
// Arguments: the event; URL, credential and timeout of the function tool,
// assistant, phone number and org levels; timeoutMask bit i leaves level i's
// timeout unset; serverMessages is a comma-separated list used when
// serverMessagesSet.
func FuzzResolve(f *testing.F) {
	f.Add("tool-calls", "https://t", "https://a", "https://p", "https://o", "ct", "ca", "cp", "co", 1.0, 2.0, 3.0, 4.0, uint8(0), false, "")
	f.Add("tool-calls", "", "https://a", "", "https://o", "ct", "", "cp", "co", 1.0, 2.0, 3.0, 4.0, uint8(2), false, "")
	f.Add("function-call", "", "", "", "", "ct", "ca", "cp", "co", 1.0, 2.0, 3.0, 4.0, uint8(15), true, "function-call")
	f.Add("assistant-request", "https://t", "https://a", "", "https://o", "", "", "", "co", 1.0, 2.0, 3.0, 300.0, uint8(0), true, "")
	f.Add("assistant-request", "https://t", "https://a", "https://p", "", "ct", "ca", "cp", "", 1.0, 2.0, 3.0, 4.0, uint8(4), false, "")
	f.Add("status-update", "https://t", "", "", "https://o", "ct", "ca", "cp", "co", 1.0, 2.0, 3.0, 4.0, uint8(8), true, "end-of-call-report,hang")
	f.Add("end-of-call-report", "", "", "https://p", "", "", "", "", "", 0.0, 0.0, 0.0, 0.0, uint8(0), false, "")
	f.Add("transcript", "", "https://a", "", "", "", "ca", "", "", 1.0, 20.0, 3.0, 4.0, uint8(0), true, `transcript[transcriptType="final"]`)
	f.Add("no-such-event", "https://t", "https://a", "https://p", "https://o", "", "", "", "", 1.0, 2.0, 3.0, 4.0, uint8(0), false, "")
	f.Add("", "", "", "", "", "", "", "", "", 0.0, 0.0, 0.0, 0.0, uint8(0), false, "")

	f.Fuzz(func(t *testing.T, event, urlT, urlA, urlP, urlO, credT, credA, credP, credO string,
		toT, toA, toP, toO float64, timeoutMask uint8, serverMessagesSet bool, serverMessages string,
	) {
		order := []routing.Level{routing.LevelFunctionTool, routing.LevelAssistant, routing.LevelPhoneNumber, routing.LevelOrg}
		urls := []string{urlT, urlA, urlP, urlO}
		creds := []string{credT, credA, credP, credO}
		timeouts := []float64{toT, toA, toP, toO}
		levels := map[routing.Level]routing.Destination{}
		for i, l := range order {
			d := routing.Destination{ID: string(l), URL: urls[i], CredentialID: creds[i]}
			if timeoutMask&(1<<i) == 0 {
				d.TimeoutSeconds = &timeouts[i]
			}
			levels[l] = d
		}
		var list []string
		if serverMessages != "" {
			list = strings.Split(serverMessages, ",")
		}

		got, err := routing.Resolve(routing.Input{Event: event, Levels: levels, ServerMessages: list, ServerMessagesSet: serverMessagesSet})

		valid := slices.Contains(routing.ValidEvents(), event)
		if !valid {
			if !errors.Is(err, routing.ErrUnknownEvent) {
				t.Fatalf("Resolve(%q) error = %v, want ErrUnknownEvent", event, err)
			}
			assertListsValidEvents(t, err)
			return
		}
		if err != nil {
			t.Fatalf("Resolve(%q): %v", event, err)
		}

		considered, err := routing.LevelsFor(event)
		if err != nil {
			t.Fatalf("LevelsFor(%q): %v", event, err)
		}
		if len(got.Chain) != len(considered) {
			t.Fatalf("Chain has %d entries, want %d", len(got.Chain), len(considered))
		}
		winner := routing.SourceNone
		for i, l := range considered {
			if got.Chain[i].Level != l {
				t.Fatalf("Chain[%d].Level = %q, want %q", i, got.Chain[i].Level, l)
			}
			if winner == routing.SourceNone && levels[l].URL != "" {
				winner = l
			}
			if got.Chain[i].Winner != (winner == l) {
				t.Errorf("Chain[%d].Winner = %t, first level with a URL is %q", i, got.Chain[i].Winner, winner)
			}
		}
		if got.Source != winner {
			t.Fatalf("Source = %q, want the first considered level with a URL, %q", got.Source, winner)
		}
		if winner == routing.SourceNone {
			if got.URL != "" || got.CredentialID != "" || got.TimeoutSeconds != nil {
				t.Errorf("no winner but URL %q, CredentialID %q, TimeoutSeconds %v", got.URL, got.CredentialID, got.TimeoutSeconds)
			}
		} else {
			w := levels[winner]
			if got.URL != w.URL || got.CredentialID != w.CredentialID {
				t.Errorf("URL %q, CredentialID %q, want the winner's %q, %q", got.URL, got.CredentialID, w.URL, w.CredentialID)
			}
			if (got.TimeoutSeconds == nil) != (w.TimeoutSeconds == nil) ||
				(w.TimeoutSeconds != nil && !sameFloat(*got.TimeoutSeconds, *w.TimeoutSeconds)) {
				t.Errorf("TimeoutSeconds %v, want the winner's %v", got.TimeoutSeconds, w.TimeoutSeconds)
			}
		}

		switch {
		case event == routing.EventAssistantRequest && !got.Subscribed:
			t.Error("assistant-request reported as not subscribed")
		case serverMessagesSet && slices.Contains(list, event) && !got.Subscribed:
			t.Errorf("%q is in the assistant's list %q but not subscribed", event, list)
		case !serverMessagesSet && catalog.DefaultServerMessages.Contains(event) && !got.Subscribed:
			t.Errorf("%q is in the default list but not subscribed", event)
		case !serverMessagesSet && event != routing.EventAssistantRequest && !catalog.DefaultServerMessages.Contains(event) && got.Subscribed:
			t.Errorf("%q is not in the default list but subscribed", event)
		}

		// Every level has an ID here, so every level the event cannot use
		// must be reported.
		var ignored []routing.Level
		for _, l := range order {
			if !slices.Contains(considered, l) {
				ignored = append(ignored, l)
			}
		}
		if !slices.Equal(got.Ignored, ignored) {
			t.Errorf("Ignored = %v, want %v", got.Ignored, ignored)
		}
	})
}

// sameFloat compares fuzzed timeouts, for which NaN must equal NaN.
func sameFloat(a, b float64) bool {
	return a == b || (math.IsNaN(a) && math.IsNaN(b))
}
