package emulator

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/vapi-community/terraform-provider-vapi/internal/jsonvalue"
)

// SimulateCall plays what Vapi does during one call: it sends the call's
// server messages, signed and authenticated, to the server URLs configured
// in the emulator, and reports where each went. The readings it makes:
//
//   - An inbound phone call (CallSpec.PhoneNumberID) whose number has none
//     of assistantId, squadId, workflowId first sends assistant-request to
//     the number's server, else the org's. The answer {assistantId} or
//     {assistant} (validated as POST /assistant would) picks the assistant;
//     {error} ends the call (assistant-request-returned-error); a failed
//     request ends it (assistant-request-failed), and so does an answer with
//     no assistant (assistant-request-returned-no-assistant) or an invalid
//     one (assistant-request-returned-invalid-assistant). Squads,
//     workflows and transfer destinations, in the answer or on the number,
//     are not simulated: the report says so and the simulation stops.
//     assistantOverrides are not applied (the report notes them), nor is
//     the number's fallbackDestination.
//   - The statuses sent are ringing (phone calls only; a web call does not
//     ring), in-progress and ended, of the API's status enum. A call ended
//     normally has endedReason customer-ended-call.
//   - The caller's words are one user transcript, sent partial then final;
//     they are not in the default serverMessages, so only an assistant that
//     subscribes gets them (`transcript` both, the final-transcript filter
//     the final one).
//   - Each function named in CallSpec.Functions is one tool-calls message
//     with arguments "{}", in order. The answer is read from a 2xx only.
//   - An event goes to one URL: the first level with a server URL among
//     those that can receive it (see [WebhookLevel]); nothing is sent for an
//     event the assistant is not subscribed to. Before an assistant is
//     known (assistant-request, a call ended by it) the API's default
//     serverMessages apply.
//   - Bodies are {"message": {...}} with type, timestamp (ms), call,
//     phoneNumber, customer and assistant as the API shows them (secrets
//     removed), and the type's own fields.
//
// Input errors (no such phone number or assistant, both or neither given,
// an unknown or ambiguous function name) wrap [ErrInvalidCall] or
// [ErrNotFound]. A function name can only be checked once the assistant is
// known; when assistant-request chose it, the error comes with the report of
// what was sent so far.
func (e *Emulator) SimulateCall(ctx context.Context, spec CallSpec, opts DispatchOptions) (*CallReport, error) {
	d := newDispatcher(opts, &e.oauthTokens)
	defer d.close()
	c, err := e.startCall(spec, d.clock.Now())
	if err != nil {
		return nil, err
	}
	if c.report.NotSimulated != "" {
		return c.report, nil
	}
	if c.assistant != nil {
		if err := c.resolveFunctions(); err != nil {
			return nil, err
		}
	}
	if c.phone != nil && c.assistant == nil {
		if !c.requestAssistant(ctx, d) {
			return c.report, nil
		}
		if err := c.resolveFunctions(); err != nil {
			return c.report, err
		}
	}
	if c.phone != nil {
		c.setStatus(ctx, d, "ringing")
	}
	c.startedAt = d.clock.Now()
	c.setStatus(ctx, d, "in-progress")
	for _, tt := range []string{"partial", "final"} {
		c.send(ctx, d, outgoing{event: eventTranscript, detail: tt, fields: map[string]any{
			"role": "user", "transcriptType": tt, "transcript": "What's the weather in San Francisco?",
		}})
	}
	for _, fn := range c.functions {
		c.callTool(ctx, d, fn)
	}
	c.end(ctx, d, "customer-ended-call")
	return c.report, nil
}

// CallSpec is one simulated call: exactly one of PhoneNumberID (an inbound
// phone call) and AssistantID (a web call).
type CallSpec struct {
	PhoneNumberID string `json:"phoneNumberId,omitempty"`
	AssistantID   string `json:"assistantId,omitempty"`
	// Functions are the names of the functions the model calls, in order.
	Functions []string `json:"functions,omitempty"`
	// CustomerNumber is the caller of a phone call; empty means +14155550100.
	CustomerNumber string `json:"customerNumber,omitempty"`
}

// Errors of a call that cannot be simulated as specified.
var (
	ErrInvalidCall = errors.New("invalid call")
	ErrNotFound    = errors.New("not found")
)

// CallReport is what a simulated call sent, event by event.
type CallReport struct {
	CallID string `json:"callId"`
	// CallType is the call's type: inboundPhoneCall or webCall.
	CallType      string `json:"callType"`
	PhoneNumberID string `json:"phoneNumberId,omitempty"`
	// AssistantID is the assistant that took the call; empty for a transient
	// one (then TransientAssistant is true) or when none was found.
	AssistantID        string `json:"assistantId,omitempty"`
	TransientAssistant bool   `json:"transientAssistant,omitempty"`
	// EndedReason is the call's endedReason; empty when the simulation
	// stopped at something it does not simulate.
	EndedReason string `json:"endedReason,omitempty"`
	// NotSimulated says what stopped the simulation early.
	NotSimulated string `json:"notSimulated,omitempty"`
	// Notes are parts of the configuration the simulation ignored.
	Notes  []string      `json:"notes,omitempty"`
	Events []EventReport `json:"events"`
}

// Why an event was not sent.
const (
	SkipUnsubscribed = "unsubscribed"
	SkipNoURL        = "no-url"
)

// EventReport is one server message: where it went, how it was
// authenticated and what came back. It never holds a secret: header values
// are not reported, URLs and answers are masked.
type EventReport struct {
	Type string `json:"type"`
	// Detail tells messages of one type apart: a status-update's status, a
	// tool call's function name, a transcript's transcriptType.
	Detail string `json:"detail,omitempty"`
	// Level is the level that decided the URL, or none; empty for a test
	// event, which has no levels.
	Level    WebhookLevel `json:"level,omitempty"`
	URL      string       `json:"url,omitempty"`
	ObjectID string       `json:"objectId,omitempty"`
	// Inline is true when the deciding level is an inline tool of the
	// assistant (then ObjectID is the assistant's).
	Inline bool `json:"inline,omitempty"`
	// Skipped is SkipUnsubscribed or SkipNoURL when nothing was sent.
	Skipped        string       `json:"skipped,omitempty"`
	TimeoutSeconds float64      `json:"timeoutSeconds,omitempty"`
	Auth           []AuthReport `json:"auth,omitempty"`
	// ServerHeaders are the names of the level's server.headers, sent as
	// configured.
	ServerHeaders []string  `json:"serverHeaders,omitempty"`
	Attempts      []Attempt `json:"attempts,omitempty"`
	Delivered     bool      `json:"delivered"`
	// Error says why the event was not (or not successfully) sent, or why
	// its answer was unusable.
	Error string `json:"error,omitempty"`
	// Answer is the answer used: an assistant-request's or a tool call's.
	Answer json.RawMessage `json:"answer,omitempty"`
}

// AuthReport is one authentication applied to an event.
type AuthReport struct {
	// Kind is AuthBearer, AuthHMAC, AuthOAuth2 or AuthLegacySecret.
	Kind         string   `json:"kind"`
	CredentialID string   `json:"credentialId,omitempty"`
	Headers      []string `json:"headers"`
	// Overridden lists the headers that server.headers replaced.
	Overridden []string `json:"overridden,omitempty"`
}

// Attempt is one try at sending an event.
type Attempt struct {
	// Status is the HTTP status; 0 when no answer came.
	Status    int     `json:"status,omitempty"`
	LatencyMS float64 `json:"latencyMs"`
	TimedOut  bool    `json:"timedOut,omitempty"`
	Error     string  `json:"error,omitempty"`
}

// simCall is the state of one simulated call.
type simCall struct {
	e      *Emulator
	orgID  string
	report *CallReport

	customer  string
	createdAt time.Time
	startedAt time.Time
	status    string

	org         map[string]any
	phone       map[string]any
	assistant   map[string]any
	assistantID string
	tools       map[string]map[string]any
	functions   []functionTool
	names       []string
}

// startCall reads what the call needs from the store.
func (e *Emulator) startCall(spec CallSpec, now time.Time) (*simCall, error) {
	if (spec.PhoneNumberID == "") == (spec.AssistantID == "") {
		return nil, fmt.Errorf("%w: give exactly one of phoneNumberId (an inbound phone call) and assistantId (a web call)", ErrInvalidCall)
	}
	c := &simCall{
		e:         e,
		orgID:     e.orgID,
		report:    &CallReport{CallID: newUUID(), CallType: "webCall", Events: []EventReport{}},
		customer:  spec.CustomerNumber,
		createdAt: now,
		names:     spec.Functions,
	}
	if c.customer == "" {
		c.customer = "+14155550100"
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if rec := e.findOrg(e.orgID); rec != nil {
		c.org = jsonvalue.CloneObject(rec.obj)
	}
	assistantID := spec.AssistantID
	if spec.PhoneNumberID != "" {
		rec := collectionOf(KindPhoneNumber).find(e, spec.PhoneNumberID)
		if rec == nil {
			return nil, fmt.Errorf("%w: phone number %s", ErrNotFound, spec.PhoneNumberID)
		}
		c.phone = jsonvalue.CloneObject(rec.obj)
		c.report.CallType = "inboundPhoneCall"
		c.report.PhoneNumberID = spec.PhoneNumberID
		assistantID, _ = c.phone["assistantId"].(string)
		for _, k := range []string{"squadId", "workflowId"} {
			if id, _ := c.phone[k].(string); id != "" && assistantID == "" {
				c.report.NotSimulated = fmt.Sprintf("the phone number answers with %s %s; squads and workflows are not simulated", k, id)
			}
		}
		if _, ok := c.phone["fallbackDestination"]; ok {
			c.note("the phone number's fallbackDestination is not simulated")
		}
	}
	if assistantID != "" {
		rec := collectionOf(KindAssistant).find(e, assistantID)
		if rec == nil {
			return nil, fmt.Errorf("%w: assistant %s", ErrNotFound, assistantID)
		}
		c.assistant = jsonvalue.CloneObject(rec.obj)
		c.assistantID = assistantID
		c.report.AssistantID = assistantID
	}
	c.tools = map[string]map[string]any{}
	for id, rec := range e.store[KindTool] {
		if rec.obj["orgId"] == e.orgID {
			c.tools[id] = jsonvalue.CloneObject(rec.obj)
		}
	}
	return c, nil
}

func (c *simCall) note(s string) { c.report.Notes = append(c.report.Notes, s) }

// resolveFunctions finds every named function among the assistant's tools.
func (c *simCall) resolveFunctions() error {
	for _, name := range c.names {
		fn, err := findFunction(c.assistant, c.assistantID, name, c.tools)
		if err != nil {
			return err
		}
		c.functions = append(c.functions, fn)
	}
	return nil
}

// outgoing is one server message to send.
type outgoing struct {
	event  string
	detail string
	fields map[string]any
	tool   *functionTool
}

// requestAssistant sends assistant-request and applies its answer. It
// reports whether the call goes on.
func (c *simCall) requestAssistant(ctx context.Context, d *dispatcher) bool {
	rep, answer := c.send(ctx, d, outgoing{event: eventAssistantRequest})
	if rep.Skipped == SkipNoURL {
		c.end(ctx, d, "call-start-error-neither-assistant-nor-server-set")
		return false
	}
	if !rep.Delivered {
		c.end(ctx, d, "assistant-request-failed")
		return false
	}
	var m map[string]any
	if err := json.Unmarshal(answer, &m); err != nil || m == nil {
		rep.Error = "the answer is not a JSON object"
		c.end(ctx, d, "assistant-request-failed")
		return false
	}
	showAnswer(rep, answer)

	// The API's precedence: error, then destination, then the rest.
	if msg, ok := m["error"].(string); ok && msg != "" {
		c.end(ctx, d, "assistant-request-returned-error")
		return false
	}
	for _, k := range []string{"destination", "squadId", "squad", "workflowId", "workflow"} {
		if _, ok := m[k]; ok {
			c.report.NotSimulated = fmt.Sprintf("assistant-request answered with %q; only assistantId, assistant and error are simulated", k)
			return false
		}
	}
	if _, ok := m["assistantOverrides"]; ok {
		c.note("the assistant-request answer's assistantOverrides are not applied")
	}
	switch {
	case m["assistantId"] != nil:
		id, _ := m["assistantId"].(string)
		c.e.mu.Lock()
		rec := collectionOf(KindAssistant).find(c.e, id)
		if rec != nil {
			c.assistant = jsonvalue.CloneObject(rec.obj)
		}
		c.e.mu.Unlock()
		if rec == nil {
			rep.Error = fmt.Sprintf("assistant %q not found", id)
			c.end(ctx, d, "assistant-request-returned-invalid-assistant")
			return false
		}
		c.assistantID = id
		c.report.AssistantID = id
	case m["assistant"] != nil:
		a, ok := m["assistant"].(map[string]any)
		var problems []string
		if ok {
			problems = validate(createAssistantRule, a)
		}
		if !ok || len(problems) > 0 {
			rep.Error = fmt.Sprintf("invalid transient assistant: %v", problems)
			if !ok {
				rep.Error = "invalid transient assistant: not an object"
			}
			c.end(ctx, d, "assistant-request-returned-invalid-assistant")
			return false
		}
		c.assistant = a
		c.report.TransientAssistant = true
	default:
		c.end(ctx, d, "assistant-request-returned-no-assistant")
		return false
	}
	return true
}

func (c *simCall) setStatus(ctx context.Context, d *dispatcher, status string) {
	c.status = status
	c.send(ctx, d, outgoing{event: eventStatusUpdate, detail: status, fields: map[string]any{"status": status}})
}

// end sends the ended status and the end-of-call report.
func (c *simCall) end(ctx context.Context, d *dispatcher, reason string) {
	c.report.EndedReason = reason
	c.status = "ended"
	c.send(ctx, d, outgoing{event: eventStatusUpdate, detail: "ended", fields: map[string]any{"status": "ended", "endedReason": reason}})
	fields := map[string]any{
		"endedReason": reason,
		"artifact":    map[string]any{"messages": []any{}, "transcript": ""},
		"analysis":    map[string]any{},
		"endedAt":     d.clock.Now().UTC().Format(stampLayout),
	}
	if !c.startedAt.IsZero() {
		fields["startedAt"] = c.startedAt.UTC().Format(stampLayout)
		fields["artifact"] = map[string]any{"messages": []any{}, "transcript": "User: What's the weather in San Francisco?"}
	}
	c.send(ctx, d, outgoing{event: eventEndOfCallReport, fields: fields})
}

func (c *simCall) callTool(ctx context.Context, d *dispatcher, fn functionTool) {
	name := functionName(fn.def)
	toolCall := map[string]any{
		"id":       "call_" + randomHex(12),
		"type":     "function",
		"function": map[string]any{"name": name, "arguments": "{}"},
	}
	with := map[string]any{"type": "function", "function": fn.def["function"], "toolCall": toolCall}
	for _, k := range []string{"async", "server", "messages"} {
		if v, ok := fn.def[k]; ok {
			with[k] = v
		}
	}
	rep, answer := c.send(ctx, d, outgoing{event: eventToolCalls, detail: name, tool: &fn, fields: map[string]any{
		"toolCallList":         []any{toolCall},
		"toolWithToolCallList": []any{with},
	}})
	if rep.Delivered {
		showAnswer(rep, answer)
	}
}

// showAnswer records an answer in the report: a transient assistant as the
// API would show it, then every secret-named value masked.
func showAnswer(rep *EventReport, answer []byte) {
	var v any
	if err := json.Unmarshal(answer, &v); err != nil {
		rep.Error = "the answer is not JSON; the model gets no result"
		return
	}
	if m, ok := v.(map[string]any); ok {
		if a, ok := m["assistant"].(map[string]any); ok {
			m["assistant"] = assistantView(a)
		}
	}
	maskJSON(v)
	rep.Answer, _ = json.Marshal(v)
}

// send routes, authenticates and delivers one message, appends its report
// and returns it with the answer.
func (c *simCall) send(ctx context.Context, d *dispatcher, o outgoing) (*EventReport, []byte) {
	levels := map[WebhookLevel]destination{}
	if c.org != nil {
		levels[LevelOrg] = destination{level: LevelOrg, id: c.orgID, server: parseServer(c.org["server"])}
	}
	if c.phone != nil {
		levels[LevelPhoneNumber] = destination{level: LevelPhoneNumber, id: c.report.PhoneNumberID, server: parseServer(c.phone["server"])}
	}
	if c.assistant != nil {
		levels[LevelAssistant] = destination{level: LevelAssistant, id: c.assistantID, server: parseServer(c.assistant["server"])}
	}
	if o.tool != nil {
		levels[LevelFunctionTool] = destination{level: LevelFunctionTool, id: o.tool.id, inline: o.tool.inline, server: o.tool.server}
	}
	dest, found := routeEvent(o.event, levels)
	c.report.Events = append(c.report.Events, EventReport{Type: o.event, Detail: o.detail, Level: dest.level, ObjectID: dest.id, Inline: dest.inline})
	rep := &c.report.Events[len(c.report.Events)-1]
	if found {
		rep.URL = maskURL(dest.server.url)
	}
	var subscriptions []string
	if c.assistant != nil {
		subscriptions = serverMessagesOf(c.assistant)
	}
	switch {
	case !subscribedTo(o.event, o.detail, subscriptions):
		rep.Skipped = SkipUnsubscribed
		return rep, nil
	case !found:
		rep.Skipped = SkipNoURL
		return rep, nil
	}
	dl := delivery{server: dest.server, timeout: sendTimeout(o.event, dest.server)}
	if id := dest.server.credentialID; id != "" {
		auth, err := c.e.webhookCredential(id)
		if err != nil {
			rep.Error = err.Error()
			return rep, nil
		}
		dl.auth = auth
	}
	body, err := json.Marshal(map[string]any{"message": c.message(o, d.clock.Now())})
	if err != nil {
		rep.Error = "cannot encode the message: " + err.Error()
		return rep, nil
	}
	dl.body = body
	answer := d.deliver(ctx, dl, rep)
	return rep, answer
}

// webhookCredential reads a credential of the org for a webhook.
func (e *Emulator) webhookCredential(id string) (*webhookAuth, error) {
	e.mu.Lock()
	rec := e.store[KindCredential][id]
	var cred map[string]any
	if rec != nil && rec.obj["orgId"] == e.orgID {
		cred = jsonvalue.CloneObject(rec.obj)
	}
	e.mu.Unlock()
	if cred == nil {
		return nil, fmt.Errorf("credential %s not found, so the event was not sent", id)
	}
	return parseCredential(id, cred)
}

// message is the body's "message" object.
func (c *simCall) message(o outgoing, now time.Time) map[string]any {
	m := map[string]any{"type": o.event, "timestamp": now.UnixMilli(), "call": c.callObject(now)}
	for k, v := range o.fields {
		m[k] = v
	}
	if c.phone != nil {
		pn := visible(c.phone)
		redact(createPhoneNumberRule, pn)
		m["phoneNumber"] = pn
		m["customer"] = map[string]any{"number": c.customer}
	}
	if c.assistant != nil {
		m["assistant"] = assistantView(c.assistant)
	}
	return m
}

// assistantView is an assistant as the API shows it: markers and secrets
// removed, also from its inline tools, which the assistant's DTO takes as
// they come.
func assistantView(a map[string]any) map[string]any {
	out := visible(a)
	redact(createAssistantRule, out)
	if model, ok := out["model"].(map[string]any); ok {
		tools, _ := model["tools"].([]any)
		for _, raw := range tools {
			if tool, ok := raw.(map[string]any); ok {
				redact(createToolRule, tool)
			}
		}
	}
	return out
}

// callObject is the Call as the message carries it at this point.
func (c *simCall) callObject(now time.Time) map[string]any {
	call := map[string]any{
		"id":        c.report.CallID,
		"orgId":     c.orgID,
		"type":      c.report.CallType,
		"createdAt": c.createdAt.UTC().Format(stampLayout),
		"updatedAt": now.UTC().Format(stampLayout),
	}
	if c.status != "" {
		call["status"] = c.status
	}
	if c.phone != nil {
		call["phoneNumberId"] = c.report.PhoneNumberID
		call["customer"] = map[string]any{"number": c.customer}
	}
	if c.assistantID != "" {
		call["assistantId"] = c.assistantID
	}
	if !c.startedAt.IsZero() {
		call["startedAt"] = c.startedAt.UTC().Format(stampLayout)
	}
	if c.status == "ended" {
		call["endedAt"] = now.UTC().Format(stampLayout)
		call["endedReason"] = c.report.EndedReason
	}
	return call
}
