// Package routing decides which server URL Vapi sends a server event to.
//
// Vapi lets a webhook destination (a `server` object) be set on four levels:
// a function tool, an assistant, a phone number and the org. An event is sent
// to exactly one of them: the first level, in that order of priority, that
// has a server URL, among the levels that can receive that event at all.
// This package is the only implementation of that rule; the
// vapi_effective_server_url data source and the effective_server_url
// provider function both call [Resolve], so they cannot disagree.
//
// The package is pure: it reads no API and knows nothing about Terraform.
package routing

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/vapi-community/terraform-provider-vapi/internal/catalog"
)

// Level is a place where a server URL can be set. Its value is the name the
// provider shows to users (in `source` and `chain`).
type Level string

// The levels, from highest to lowest priority.
const (
	LevelFunctionTool Level = "function_tool"
	LevelAssistant    Level = "assistant"
	LevelPhoneNumber  Level = "phone_number"
	LevelOrg          Level = "org"
)

// SourceNone is [Result.Source] when no considered level has a server URL:
// Vapi then has nowhere to send the event.
const SourceNone Level = "none"

// EventAssistantRequest is the event Vapi sends to ask which assistant should
// answer a call to a phone number that has none. It is not in the API's
// serverMessages enum because an assistant cannot opt out of it: it is sent
// before any assistant is known.
const EventAssistantRequest = "assistant-request"

// ErrUnknownEvent is wrapped by the error [Resolve] and [LevelsFor] return
// for an event that is neither a serverMessages value nor
// [EventAssistantRequest]. The error's text lists the valid events.
var ErrUnknownEvent = errors.New("unknown event")

// finalTranscript is the serverMessages value that subscribes an assistant to
// final transcripts only; it is a filter on the `transcript` event.
const finalTranscript = `transcript[transcriptType="final"]`

// ValidEvents returns every event the rule accepts: the API's serverMessages
// enum in catalog order, then [EventAssistantRequest]. The slice is new on
// every call, so callers may keep or change it.
func ValidEvents() []string {
	return append(catalog.ServerMessages.Strings(), EventAssistantRequest)
}

// LevelsFor returns the levels that can receive event, highest priority
// first:
//   - `tool-calls` and its legacy form `function-call` are sent to the
//     function tool's own server first, then down the usual chain;
//   - `assistant-request` is sent before any assistant is chosen, so only the
//     phone number and the org can receive it;
//   - every other event goes to the assistant, the phone number or the org.
//
// An event outside [ValidEvents] gives an error wrapping [ErrUnknownEvent].
func LevelsFor(event string) ([]Level, error) {
	switch {
	case event == "tool-calls" || event == "function-call":
		return []Level{LevelFunctionTool, LevelAssistant, LevelPhoneNumber, LevelOrg}, nil
	case event == EventAssistantRequest:
		return []Level{LevelPhoneNumber, LevelOrg}, nil
	case catalog.ServerMessages.Contains(event):
		return []Level{LevelAssistant, LevelPhoneNumber, LevelOrg}, nil
	default:
		return nil, fmt.Errorf("%w %q; the valid events are %s",
			ErrUnknownEvent, event, strings.Join(ValidEvents(), ", "))
	}
}

// Destination is the server configuration found on one level.
type Destination struct {
	// ID identifies the object holding the server (tool, assistant, phone
	// number or org id); "" when the caller does not know it. It is only
	// reported back in the chain.
	ID string
	// Inline is true for a function tool that lives inside the assistant
	// (model.tools) rather than as a tool of its own; ID is then the
	// assistant's. It is only reported back in the chain.
	Inline bool
	// URL is the level's server.url; "" means the level has no server URL and
	// the event falls through to the next level.
	URL string
	// URLUnknown is true when the URL is not known yet (a value Terraform
	// knows only after the apply). Such a level decides nothing: when no
	// level above it has a URL, the answer is not known either.
	URLUnknown bool
	// CredentialID is the level's server.credentialId; "" when unset.
	CredentialID string
	// TimeoutSeconds is the level's server.timeoutSeconds; nil when unset
	// (Vapi then waits its default of 20 seconds).
	TimeoutSeconds *float64
}

// Input is everything the rule needs to route one event.
type Input struct {
	// Event is the message type, one of [ValidEvents].
	Event string
	// Levels holds what is known about each level. A missing level is the
	// same as one without a server URL. Levels the event cannot use are
	// ignored and reported in [Result.Ignored].
	Levels map[Level]Destination
	// ServerMessages is the assistant's serverMessages list; it is read only
	// when ServerMessagesSet is true.
	ServerMessages []string
	// PhoneNumberAnswers is true when the phone number has an assistant, a
	// squad or a workflow of its own: Vapi then never asks for an assistant,
	// so assistant-request is not sent at all.
	PhoneNumberAnswers bool
	// ServerMessagesSet tells an explicit list (possibly empty, which
	// silences every event) from an unset one. Leave it false both when the
	// assistant did not set serverMessages and when no assistant is known at
	// all, for example for a phone-number-only query: the assistant that
	// will take such a call (a transient one, or one chosen at run time
	// through assistant-request) cannot be read in advance, and one that
	// does not set the list gets the API's defaults, so
	// [catalog.DefaultServerMessages] is the best prediction.
	ServerMessagesSet bool
}

// ChainEntry is one considered level, as reported in [Result.Chain].
type ChainEntry struct {
	// Level is the level's name.
	Level Level
	// Destination is what the input held for the level (zero if nothing).
	Destination
	// Winner is true for the level the event is sent to.
	Winner bool
}

// Result is where Vapi sends the event.
type Result struct {
	// Undecided is true when a level whose URL is not known yet comes before
	// any level with a URL: then nothing else in Result but Chain and
	// Subscribed holds, since the winner is not known.
	Undecided bool
	// URL is the winning level's server URL; "" when Source is [SourceNone].
	URL string
	// Source is the winning level, or [SourceNone].
	Source Level
	// CredentialID is the winning level's credential; "" when it sets none,
	// even if a lower level sets one: Vapi uses one server object whole.
	CredentialID string
	// TimeoutSeconds is the winning level's configured timeout; nil when it
	// sets none. For [EventAssistantRequest] Vapi ignores it and waits 7.5
	// seconds, a limit that cannot be configured.
	TimeoutSeconds *float64
	// Subscribed is false when Vapi will not send the event at all because
	// the assistant's serverMessages (or the API's default list when unset)
	// leave it out, or, for [EventAssistantRequest], because the phone number
	// has an assistant, squad or workflow of its own.
	Subscribed bool
	// Chain lists every level the event can use, highest priority first,
	// whether or not the input held anything for it.
	Chain []ChainEntry
	// Ignored lists the levels the input held a non-empty destination for
	// but that the event cannot use (a function tool for `status-update`, an
	// assistant for `assistant-request`), so that callers can warn about
	// them. Nil when there are none.
	Ignored []Level
}

// Resolve applies the routing rule to in. It returns an error wrapping
// [ErrUnknownEvent] for an event outside [ValidEvents], and an error for a
// key of in.Levels that is not one of the four levels.
func Resolve(in Input) (Result, error) {
	considered, err := LevelsFor(in.Event)
	if err != nil {
		return Result{}, err
	}
	all := []Level{LevelFunctionTool, LevelAssistant, LevelPhoneNumber, LevelOrg}
	for level := range in.Levels {
		if !slices.Contains(all, level) {
			return Result{}, fmt.Errorf("unknown level %q; the levels are %s, %s, %s and %s",
				level, LevelFunctionTool, LevelAssistant, LevelPhoneNumber, LevelOrg)
		}
	}

	res := Result{Source: SourceNone, Subscribed: subscribed(in)}
	for _, level := range considered {
		dest := in.Levels[level]
		dest.TimeoutSeconds = copyFloat(dest.TimeoutSeconds)
		if res.Source == SourceNone && dest.URLUnknown {
			res.Undecided = true
		}
		winner := res.Source == SourceNone && !res.Undecided && dest.URL != "" && !dest.URLUnknown
		if winner {
			res.URL = dest.URL
			res.Source = level
			res.CredentialID = dest.CredentialID
			res.TimeoutSeconds = copyFloat(dest.TimeoutSeconds)
		}
		res.Chain = append(res.Chain, ChainEntry{Level: level, Destination: dest, Winner: winner})
	}
	// Iterate over the fixed order, not the map, so Ignored is deterministic.
	for _, level := range all {
		dest, ok := in.Levels[level]
		if ok && !slices.Contains(considered, level) && !isZero(dest) {
			res.Ignored = append(res.Ignored, level)
		}
	}
	return res, nil
}

// subscribed reports whether Vapi sends in.Event at all. assistant-request
// is sent only for a phone number that answers with none of its own
// assistant, squad or workflow. Every other event needs the assistant's
// serverMessages (or the API's default list) to hold it; a list holding only
// the final-transcript filter still receives `transcript` events, and a
// list holding `transcript` receives the final ones too, so the two values
// stand in for each other.
func subscribed(in Input) bool {
	if in.Event == EventAssistantRequest {
		return !in.PhoneNumberAnswers
	}
	list := catalog.DefaultServerMessages.Strings()
	if in.ServerMessagesSet {
		list = in.ServerMessages
	}
	if slices.Contains(list, in.Event) {
		return true
	}
	switch in.Event {
	case "transcript":
		return slices.Contains(list, finalTranscript)
	case finalTranscript:
		return slices.Contains(list, "transcript")
	}
	return false
}

func isZero(d Destination) bool {
	return d.ID == "" && d.URL == "" && !d.URLUnknown && d.CredentialID == "" && d.TimeoutSeconds == nil
}

// copyFloat keeps results from aliasing the caller's input.
func copyFloat(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
