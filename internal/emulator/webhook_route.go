package emulator

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// This file is the emulator's own reading of where Vapi sends a server
// event (API notes §10.3). It deliberately shares no code with the
// provider's internal/routing: the emulator plays the API, and a test that
// compares the two can only catch a misreading if they were written apart.

// WebhookLevel is a place where a server URL can be set. The values are the
// names the provider shows in `source` and `chain`.
type WebhookLevel string

// The levels, highest priority first, and the level of an event that has
// nowhere to go.
const (
	LevelFunctionTool WebhookLevel = "function_tool"
	LevelAssistant    WebhookLevel = "assistant"
	LevelPhoneNumber  WebhookLevel = "phone_number"
	LevelOrg          WebhookLevel = "org"
	LevelNone         WebhookLevel = "none"
)

// The server messages the simulation sends.
const (
	eventAssistantRequest = "assistant-request"
	eventStatusUpdate     = "status-update"
	eventTranscript       = "transcript"
	eventToolCalls        = "tool-calls"
	eventEndOfCallReport  = "end-of-call-report"
)

// finalTranscriptFilter is the serverMessages value that subscribes to final
// transcripts only.
const finalTranscriptFilter = `transcript[transcriptType="final"]`

// defaultServerMessages is what an assistant receives when it does not set
// serverMessages (spec description of serverMessages; Vapi's gitops).
var defaultServerMessages = []string{
	"conversation-update", "end-of-call-report", "function-call", "hang",
	"speech-update", "status-update", "tool-calls", "transfer-destination-request",
	"handoff-destination-request", "user-interrupted", "assistant.started",
}

// webhookLevels is the priority stack for an event: "Events are only sent to
// 1 server URL in the priority stack" — custom tool, assistant, phone number,
// org. Only tool calls can go to a tool; assistant-request is sent before any
// assistant is known, so only the phone number and the org can take it.
func webhookLevels(event string) []WebhookLevel {
	switch event {
	case eventToolCalls, "function-call":
		return []WebhookLevel{LevelFunctionTool, LevelAssistant, LevelPhoneNumber, LevelOrg}
	case eventAssistantRequest:
		return []WebhookLevel{LevelPhoneNumber, LevelOrg}
	default:
		return []WebhookLevel{LevelAssistant, LevelPhoneNumber, LevelOrg}
	}
}

// subscribedTo reports whether an assistant's serverMessages let Vapi send
// one message. list is nil when the assistant leaves serverMessages unset
// (or no assistant is known yet), which means the API's defaults.
// assistant-request cannot be opted out of. A transcript is partial or
// final: `transcript` subscribes to both, the final-transcript filter to the
// final ones only.
func subscribedTo(event, transcriptType string, list []string) bool {
	if event == eventAssistantRequest {
		return true
	}
	if list == nil {
		list = defaultServerMessages
	}
	if event == eventTranscript && transcriptType == "final" && slices.Contains(list, finalTranscriptFilter) {
		return true
	}
	return slices.Contains(list, event)
}

// serverMessagesOf returns an assistant's serverMessages, nil when unset or
// null (the API then uses its defaults) and non-nil, possibly empty, when set.
func serverMessagesOf(assistant map[string]any) []string {
	raw, ok := assistant["serverMessages"].([]any)
	if !ok {
		return nil
	}
	out := make([]string, 0, len(raw))
	for _, v := range raw {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// serverConfig is a level's server object as the dispatcher uses it.
// Stored objects can come from Put, which skips validation, so every field
// is read leniently: a value of the wrong type counts as unset.
type serverConfig struct {
	url          string
	credentialID string
	timeout      *float64
	// headers keep the names as written; sorted by name so that the order
	// they are applied in, and reported, is stable.
	headers [][2]string
	backoff *backoffPlan
	// secret is the legacy shared secret, sent as X-Vapi-Secret.
	secret string
}

// backoffPlan is the API's BackoffPlan.
type backoffPlan struct {
	exponential bool
	maxRetries  int
	baseDelay   float64
	excluded    []int
}

// parseServer reads a server object; anything but an object is no server.
func parseServer(v any) serverConfig {
	m, _ := v.(map[string]any)
	var s serverConfig
	s.url, _ = m["url"].(string)
	s.credentialID, _ = m["credentialId"].(string)
	s.secret, _ = m["secret"].(string)
	if t, ok := m["timeoutSeconds"].(float64); ok {
		s.timeout = &t
	}
	if h, ok := m["headers"].(map[string]any); ok {
		for _, name := range slices.Sorted(maps.Keys(h)) {
			if v, ok := h[name].(string); ok {
				s.headers = append(s.headers, [2]string{name, v})
			}
		}
	}
	if b, ok := m["backoffPlan"].(map[string]any); ok {
		plan := &backoffPlan{}
		plan.exponential = b["type"] == "exponential"
		if n, ok := b["maxRetries"].(float64); ok {
			plan.maxRetries = int(min(max(n, 0), 10))
		}
		if d, ok := b["baseDelaySeconds"].(float64); ok {
			plan.baseDelay = min(max(d, 0), 10)
		}
		codes, _ := b["excludedStatusCodes"].([]any)
		for _, c := range codes {
			if n, ok := c.(float64); ok {
				plan.excluded = append(plan.excluded, int(n))
			}
		}
		s.backoff = plan
	}
	return s
}

// destination is one level's server as a candidate for an event.
type destination struct {
	level WebhookLevel
	// id is the object holding the server; for an inline tool, its
	// assistant's (empty for a transient assistant).
	id     string
	inline bool
	server serverConfig
}

// routeEvent picks the first level, in the event's priority order, whose server
// has a URL. Levels the event cannot use are ignored whatever they hold.
func routeEvent(event string, levels map[WebhookLevel]destination) (destination, bool) {
	for _, level := range webhookLevels(event) {
		if d, ok := levels[level]; ok && d.server.url != "" {
			return d, true
		}
	}
	return destination{level: LevelNone}, false
}

// functionTool is a function tool the assistant can call.
type functionTool struct {
	// id is the standalone tool's id, or for an inline tool its assistant's.
	id     string
	inline bool
	// def is the tool as the tool-calls message carries it: the API's view,
	// secrets removed.
	def    map[string]any
	server serverConfig
}

// findFunction finds the tool that a function name calls: one of the
// assistant's inline function tools (model.tools) or a standalone function
// tool it lists in model.toolIds or pins in model.toolRefs. tools holds the
// stored tools by id. Vapi does not document which of two tools with one
// name wins, so such a name is an error naming both.
func findFunction(assistant map[string]any, assistantID, name string, tools map[string]map[string]any) (functionTool, error) {
	model, _ := assistant["model"].(map[string]any)
	var found []functionTool
	var names []string
	inline, _ := model["tools"].([]any)
	for _, raw := range inline {
		tool, _ := raw.(map[string]any)
		fn := functionName(tool)
		if fn == "" {
			continue
		}
		names = append(names, fn)
		if fn == name {
			found = append(found, functionTool{id: assistantID, inline: true, def: toolView(tool), server: parseServer(tool["server"])})
		}
	}
	seen := map[string]bool{}
	for _, id := range standaloneToolIDs(model) {
		tool := tools[id]
		if seen[id] || tool == nil {
			continue
		}
		seen[id] = true
		fn := functionName(tool)
		if fn == "" {
			continue
		}
		names = append(names, fn)
		if fn == name {
			found = append(found, functionTool{id: id, def: toolView(tool), server: parseServer(tool["server"])})
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		slices.Sort(names)
		known := "it has no function tools"
		if len(names) > 0 {
			known = "its functions are " + strings.Join(slices.Compact(names), ", ")
		}
		return functionTool{}, fmt.Errorf("%w: the assistant has no function %q (%s)", ErrInvalidCall, name, known)
	default:
		where := make([]string, len(found))
		for i, f := range found {
			where[i] = "standalone tool " + f.id
			if f.inline {
				where[i] = "an inline tool of the assistant"
			}
		}
		return functionTool{}, fmt.Errorf("%w: function %q is defined %d times (%s); Vapi does not document which one is called",
			ErrInvalidCall, name, len(found), strings.Join(where, ", "))
	}
}

// standaloneToolIDs lists model.toolIds, then the tools pinned by
// model.toolRefs. The emulator keeps no tool versions, so a pinned tool is
// its current state.
func standaloneToolIDs(model map[string]any) []string {
	var ids []string
	list, _ := model["toolIds"].([]any)
	for _, v := range list {
		if id, ok := v.(string); ok {
			ids = append(ids, id)
		}
	}
	refs, _ := model["toolRefs"].([]any)
	for _, v := range refs {
		ref, _ := v.(map[string]any)
		if id, ok := ref["toolId"].(string); ok {
			ids = append(ids, id)
		}
	}
	return ids
}

// functionName is a function tool's function.name, "" for any other tool.
func functionName(tool map[string]any) string {
	if tool["type"] != "function" {
		return ""
	}
	fn, _ := tool["function"].(map[string]any)
	name, _ := fn["name"].(string)
	return name
}

// toolView is a tool as the API shows it: markers and secrets removed.
func toolView(tool map[string]any) map[string]any {
	out := visible(tool)
	redact(createToolRule, out)
	return out
}
