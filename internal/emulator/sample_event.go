package emulator

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// SampleEvents returns the server messages SendTestEvent can send, in a new
// slice.
func SampleEvents() []string {
	return []string{eventAssistantRequest, eventStatusUpdate, eventTranscript, eventToolCalls, eventEndOfCallReport}
}

// SendTestEvent sends one sample server message, authenticated as Vapi
// would, to any webhook server: for checking that a real server verifies
// Vapi's signatures. event is one of SampleEvents(). server is an API Server
// object (url, timeoutSeconds, headers, backoffPlan, secret); credential is a
// credential body as POSTed to /credential, or nil for none. Loopback hosts
// only unless opts.AllowNonLoopback. The error is for bad input; a failed
// send is in the report.
func SendTestEvent(ctx context.Context, event string, server, credential map[string]any, opts DispatchOptions) (*EventReport, error) {
	if !slices.Contains(SampleEvents(), event) {
		return nil, fmt.Errorf("%w: cannot send a sample %q event; the sample events are %s", ErrInvalidCall, event, strings.Join(SampleEvents(), ", "))
	}
	srv := parseServer(server)
	if srv.url == "" {
		return nil, fmt.Errorf("%w: the server has no url", ErrInvalidCall)
	}
	dl := delivery{server: srv, timeout: sendTimeout(event, srv)}
	if credential != nil {
		if msgs := validate(createCredentialRule, credential); len(msgs) > 0 {
			return nil, fmt.Errorf("%w: the credential is not one the API accepts: %s", ErrInvalidCall, strings.Join(msgs, "; "))
		}
		auth, err := parseCredential("(given)", credential)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrInvalidCall, err)
		}
		auth.credentialID = ""
		dl.auth = auth
	}
	d := newDispatcher(opts, &tokenCache{})
	defer d.close()
	c, o := sampleCall(event, d)
	body, err := json.Marshal(map[string]any{"message": c.message(o, d.clock.Now())})
	if err != nil {
		return nil, err
	}
	dl.body = body
	rep := &EventReport{Type: event, Detail: o.detail, URL: maskURL(srv.url)}
	answer := d.deliver(ctx, dl, rep)
	if rep.Delivered && (event == eventAssistantRequest || event == eventToolCalls) {
		showAnswer(rep, answer)
	}
	return rep, nil
}

// sampleCall is a made-up phone call to a made-up assistant with one inline
// function tool, get_weather, in the state the event is sent in.
func sampleCall(event string, d *dispatcher) (*simCall, outgoing) {
	now := d.clock.Now()
	tool := map[string]any{
		"type": "function",
		"function": map[string]any{
			"name":        "get_weather",
			"description": "Current weather for a city",
			"parameters": map[string]any{
				"type":       "object",
				"properties": map[string]any{"location": map[string]any{"type": "string"}},
				"required":   []any{"location"},
			},
		},
	}
	c := &simCall{
		orgID:     newUUID(),
		report:    &CallReport{CallID: newUUID(), CallType: "inboundPhoneCall", PhoneNumberID: newUUID()},
		customer:  "+14155550100",
		createdAt: now,
		startedAt: now,
		status:    "in-progress",
		phone:     map[string]any{"provider": "vapi", "number": "+14155550199", "name": "Sample number"},
	}
	c.phone["id"] = c.report.PhoneNumberID
	if event != eventAssistantRequest {
		c.assistantID = newUUID()
		c.assistant = map[string]any{
			"id": c.assistantID, "name": "Sample assistant",
			"model": map[string]any{"provider": "openai", "model": "gpt-4o", "tools": []any{tool}},
		}
	}
	switch event {
	case eventAssistantRequest:
		// Asked before the call starts.
		c.status, c.startedAt = "", time.Time{}
		return c, outgoing{event: event}
	case eventStatusUpdate:
		return c, outgoing{event: event, detail: "in-progress", fields: map[string]any{"status": "in-progress"}}
	case eventTranscript:
		return c, outgoing{event: event, detail: "final", fields: map[string]any{
			"role": "user", "transcriptType": "final", "transcript": "What's the weather in San Francisco?",
		}}
	case eventToolCalls:
		toolCall := map[string]any{
			"id": "call_" + randomHex(12), "type": "function",
			"function": map[string]any{"name": "get_weather", "arguments": `{"location":"San Francisco"}`},
		}
		return c, outgoing{event: event, detail: "get_weather", fields: map[string]any{
			"toolCallList":         []any{toolCall},
			"toolWithToolCallList": []any{map[string]any{"type": "function", "function": tool["function"], "toolCall": toolCall}},
		}}
	default:
		c.status = "ended"
		c.report.EndedReason = "customer-ended-call"
		return c, outgoing{event: eventEndOfCallReport, fields: map[string]any{
			"endedReason": "customer-ended-call",
			"artifact":    map[string]any{"messages": []any{}, "transcript": "User: What's the weather in San Francisco?"},
			"analysis":    map[string]any{},
			"startedAt":   now.UTC().Format(stampLayout),
			"endedAt":     now.UTC().Format(stampLayout),
		}}
	}
}
