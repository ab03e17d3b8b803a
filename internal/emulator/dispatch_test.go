package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestSimulateCallSendsTheCallsEvents(t *testing.T) {
	t.Parallel()
	e := New(Options{})
	hooks := newHookServer(t)
	toolID := e.Put(KindTool, map[string]any{
		"type": "function", "function": map[string]any{"name": "get_weather"},
		"server": server(hooks.URL+"/tool", map[string]any{"secret": hidden("legacy-tool")}),
	})
	assistantID := e.Put(KindAssistant, map[string]any{
		"name": "support",
		"model": map[string]any{"provider": "openai", "model": "gpt-4o", "toolIds": []any{toolID}, "tools": []any{
			map[string]any{"type": "endCall"},
			map[string]any{"type": "function", "function": map[string]any{"name": "lookup_order"},
				"server": server(hooks.URL+"/inline", map[string]any{"secret": hidden("inline-tool")})},
		}},
		"server":      server(hooks.URL+"/assistant", nil),
		"credentials": []any{map[string]any{"provider": "openai", "apiKey": hidden("llm-key")}},
	})
	phoneID := e.Put(KindPhoneNumber, map[string]any{
		"provider": "vapi", "number": "+14155550199", "assistantId": assistantID,
		"server":         server(hooks.URL+"/phone", nil),
		"authentication": map[string]any{"username": "user", "password": "sip-password-hidden"},
	})
	clock := newFakeClock()
	rep, err := e.SimulateCall(t.Context(), CallSpec{PhoneNumberID: phoneID, Functions: []string{"get_weather", "lookup_order"}, CustomerNumber: "+15550001111"},
		DispatchOptions{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}

	wantSent := []string{"status-update ringing", "status-update in-progress", "tool-calls get_weather",
		"tool-calls lookup_order", "status-update ended", "end-of-call-report"}
	if got := sentEvents(rep); !reflect.DeepEqual(got, wantSent) {
		t.Fatalf("sent %q, want %q", got, wantSent)
	}
	for _, tt := range []string{"transcript partial", "transcript final"} {
		if ev := eventNamed(t, rep, tt); ev.Skipped != SkipUnsubscribed || ev.Attempts != nil {
			t.Errorf("%s: %+v, want skipped as unsubscribed", tt, ev)
		}
	}
	if rep.CallType != "inboundPhoneCall" || rep.PhoneNumberID != phoneID || rep.AssistantID != assistantID ||
		rep.EndedReason != "customer-ended-call" || !uuidV4Re.MatchString(rep.CallID) {
		t.Fatalf("report %+v", rep)
	}

	reqs := hooks.requests()
	var paths []string
	for _, r := range reqs {
		paths = append(paths, r.Path)
	}
	if want := []string{"/assistant", "/assistant", "/tool", "/inline", "/assistant", "/assistant"}; !reflect.DeepEqual(paths, want) {
		t.Fatalf("paths %q, want %q", paths, want)
	}
	for i, r := range reqs {
		m := r.Message
		call, _ := m["call"].(map[string]any)
		pn, _ := m["phoneNumber"].(map[string]any)
		asst, _ := m["assistant"].(map[string]any)
		customer, _ := m["customer"].(map[string]any)
		if call["id"] != rep.CallID || call["orgId"] != e.OrgID() || call["type"] != "inboundPhoneCall" ||
			pn["id"] != phoneID || asst["id"] != assistantID || customer["number"] != "+15550001111" {
			t.Errorf("request %d: message %v", i, m)
		}
		if m["timestamp"] != float64(clock.Now().UnixMilli()) {
			t.Errorf("request %d: timestamp %v", i, m["timestamp"])
		}
		if r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("request %d: content type %q", i, r.Header.Get("Content-Type"))
		}
		for _, secret := range []string{hidden("llm-key"), "sip-password-hidden", hidden("legacy-tool"), hidden("inline-tool")} {
			if strings.Contains(string(r.Body), secret) {
				t.Errorf("request %d: body holds %q", i, secret)
			}
		}
	}
	if reqs[0].Message["status"] != "ringing" || reqs[1].Message["status"] != "in-progress" ||
		reqs[4].Message["status"] != "ended" || reqs[4].Message["endedReason"] != "customer-ended-call" {
		t.Errorf("statuses: %v %v %v", reqs[0].Message, reqs[1].Message, reqs[4].Message)
	}
	if reqs[5].typ() != "end-of-call-report" || reqs[5].Message["endedReason"] != "customer-ended-call" {
		t.Errorf("end-of-call-report: %v", reqs[5].Message)
	}
	if got := reqs[2].Header.Get("X-Vapi-Secret"); got != hidden("legacy-tool") {
		t.Errorf("the tool's legacy secret is sent as %q", got)
	}

	// tool-calls carries the call in both lists, as the spec's example does.
	for i, name := range map[int]string{2: "get_weather", 3: "lookup_order"} {
		var body struct {
			Message struct {
				Type         string           `json:"type"`
				ToolCallList []map[string]any `json:"toolCallList"`
				ToolWith     []map[string]any `json:"toolWithToolCallList"`
			} `json:"message"`
		}
		if err := json.Unmarshal(reqs[i].Body, &body); err != nil {
			t.Fatal(err)
		}
		calls, with := body.Message.ToolCallList, body.Message.ToolWith
		if body.Message.Type != "tool-calls" || len(calls) != 1 || len(with) != 1 {
			t.Fatalf("tool-calls body %s", reqs[i].Body)
		}
		fn, _ := calls[0]["function"].(map[string]any)
		withFn, _ := with[0]["function"].(map[string]any)
		id, _ := calls[0]["id"].(string)
		if !strings.HasPrefix(id, "call_") || calls[0]["type"] != "function" || fn["name"] != name || fn["arguments"] != "{}" ||
			!reflect.DeepEqual(with[0]["toolCall"], calls[0]) || with[0]["type"] != "function" || withFn["name"] != name {
			t.Errorf("tool-calls %s: %s", name, reqs[i].Body)
		}
	}

	standalone := eventNamed(t, rep, "tool-calls get_weather")
	inline := eventNamed(t, rep, "tool-calls lookup_order")
	if standalone.Level != LevelFunctionTool || standalone.ObjectID != toolID || standalone.Inline ||
		inline.Level != LevelFunctionTool || inline.ObjectID != assistantID || !inline.Inline {
		t.Errorf("tool levels: %+v / %+v", standalone, inline)
	}
	if ended := eventNamed(t, rep, "status-update ended"); ended.Level != LevelAssistant || ended.ObjectID != assistantID ||
		ended.URL != hooks.URL+"/assistant" || !ended.Delivered || len(ended.Attempts) != 1 || ended.Attempts[0].Status != http.StatusOK {
		t.Errorf("ended: %+v", ended)
	}
}

func TestSimulatedWebCallDoesNotRing(t *testing.T) {
	t.Parallel()
	e := New(Options{})
	hooks := newHookServer(t)
	e.Put(KindOrg, map[string]any{"id": e.OrgID(), "server": server(hooks.URL+"/org", nil)})
	assistantID := e.Put(KindAssistant, map[string]any{"name": "web"})
	rep := simulate(t, e, CallSpec{AssistantID: assistantID})
	want := []string{"status-update in-progress", "status-update ended", "end-of-call-report"}
	if got := sentEvents(rep); !reflect.DeepEqual(got, want) || rep.CallType != "webCall" {
		t.Fatalf("sent %q (%s), want %q", got, rep.CallType, want)
	}
	for _, r := range hooks.requests() {
		call, _ := r.Message["call"].(map[string]any)
		if _, has := r.Message["phoneNumber"]; has || r.Path != "/org" || call["type"] != "webCall" {
			t.Errorf("web call message %v at %s", r.Message, r.Path)
		}
	}
}

// TestRoutingPriorityMatrix sets a server URL on every subset of the four
// levels and checks where each event class goes: the first level with a URL
// among those the event can use (API notes §10.3), for a standalone and an
// inline tool, with and without assistant-request.
func TestRoutingPriorityMatrix(t *testing.T) {
	t.Parallel()
	all := []WebhookLevel{LevelFunctionTool, LevelAssistant, LevelPhoneNumber, LevelOrg}
	// The §10.3 table: which levels can receive which event.
	canUse := func(event string) []WebhookLevel {
		switch event {
		case "tool-calls":
			return all
		case "assistant-request":
			return []WebhookLevel{LevelPhoneNumber, LevelOrg}
		default:
			return []WebhookLevel{LevelAssistant, LevelPhoneNumber, LevelOrg}
		}
	}
	for mask := range 1 << len(all) {
		var set []WebhookLevel
		for i, l := range all {
			if mask&(1<<i) != 0 {
				set = append(set, l)
			}
		}
		for _, inline := range []bool{false, true} {
			t.Run(fmt.Sprintf("%v/inline=%t", set, inline), func(t *testing.T) {
				t.Parallel()
				e := New(Options{})
				hooks := newHookServer(t)
				srv := func(l WebhookLevel) map[string]any {
					if slices.Contains(set, l) {
						return server(hooks.URL+"/"+string(l), nil)
					}
					return nil
				}
				tool := map[string]any{"type": "function", "function": map[string]any{"name": "f"}}
				if s := srv(LevelFunctionTool); s != nil {
					tool["server"] = s
				}
				model := map[string]any{"provider": "openai", "model": "gpt-4o"}
				var toolID string
				if inline {
					model["tools"] = []any{tool}
				} else {
					toolID = e.Put(KindTool, tool)
					model["toolIds"] = []any{toolID}
				}
				asst := map[string]any{"model": model}
				if s := srv(LevelAssistant); s != nil {
					asst["server"] = s
				}
				assistantID := e.Put(KindAssistant, asst)
				if s := srv(LevelOrg); s != nil {
					e.Put(KindOrg, map[string]any{"id": e.OrgID(), "server": s})
				}
				phone := func(withAssistant bool) string {
					pn := map[string]any{"provider": "vapi", "number": "+14155550199"}
					if withAssistant {
						pn["assistantId"] = assistantID
					}
					if s := srv(LevelPhoneNumber); s != nil {
						pn["server"] = s
					}
					return e.Put(KindPhoneNumber, pn)
				}
				hooks.setAnswer(func(r hookRequest) (int, string) {
					if r.typ() == "assistant-request" {
						return http.StatusOK, `{"assistantId":"` + assistantID + `"}`
					}
					return http.StatusOK, "{}"
				})
				ids := map[WebhookLevel]string{LevelFunctionTool: toolID, LevelAssistant: assistantID, LevelOrg: e.OrgID()}
				if inline {
					ids[LevelFunctionTool] = assistantID
				}
				for _, withAssistant := range []bool{true, false} {
					phoneID := phone(withAssistant)
					ids[LevelPhoneNumber] = phoneID
					before := len(hooks.requests())
					rep := simulate(t, e, CallSpec{PhoneNumberID: phoneID, Functions: []string{"f"}})
					assistantKnown := rep.AssistantID != ""
					sent := 0
					for _, ev := range rep.Events {
						want := LevelNone
						for _, l := range canUse(ev.Type) {
							if slices.Contains(set, l) && (l != LevelAssistant || assistantKnown) {
								want = l
								break
							}
						}
						if ev.Level != want {
							t.Errorf("%s: level %s, want %s", label(ev), ev.Level, want)
							continue
						}
						if want == LevelNone {
							if ev.Skipped == "" || ev.URL != "" {
								t.Errorf("%s: %+v, want not sent", label(ev), ev)
							}
							continue
						}
						if ev.URL != hooks.URL+"/"+string(want) || ev.ObjectID != ids[want] || ev.Inline != (inline && want == LevelFunctionTool) {
							t.Errorf("%s: %+v", label(ev), ev)
						}
						if ev.Skipped == "" {
							if !ev.Delivered {
								t.Errorf("%s: not delivered: %+v", label(ev), ev)
							}
							got := hooks.requests()[before+sent]
							if got.Path != "/"+string(want) || got.typ() != ev.Type {
								t.Errorf("%s: received as %s at %s", label(ev), got.typ(), got.Path)
							}
							sent++
						}
					}
					if n := len(hooks.requests()) - before; n != sent {
						t.Errorf("the receivers got %d requests, the report says %d were sent", n, sent)
					}
					wantEnd := "customer-ended-call"
					if !withAssistant && !slices.Contains(set, LevelPhoneNumber) && !slices.Contains(set, LevelOrg) {
						wantEnd = "call-start-error-neither-assistant-nor-server-set"
					}
					if rep.EndedReason != wantEnd {
						t.Errorf("ended %q, want %q", rep.EndedReason, wantEnd)
					}
				}
			})
		}
	}
}

func TestServerMessagesDecideWhatIsSent(t *testing.T) {
	t.Parallel()
	statuses := []string{"status-update ringing", "status-update in-progress", "status-update ended"}
	for _, tc := range []struct {
		name string
		list []any // nil: serverMessages unset
		want []string
	}{
		{"unset means the API's defaults", nil, append(append(slices.Clone(statuses[:2]), "tool-calls f"), "status-update ended", "end-of-call-report")},
		{"empty silences everything", []any{}, nil},
		{"transcript gets partial and final", []any{"transcript"}, []string{"transcript partial", "transcript final"}},
		{"the final filter gets final ones only", []any{finalTranscriptFilter}, []string{"transcript final"}},
		{"status updates only", []any{"status-update"}, statuses},
		{"tool calls and the report", []any{"tool-calls", "end-of-call-report"}, []string{"tool-calls f", "end-of-call-report"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := New(Options{})
			hooks := newHookServer(t)
			asst := map[string]any{"server": server(hooks.URL, nil), "model": map[string]any{
				"provider": "openai", "model": "gpt-4o", "tools": []any{map[string]any{"type": "function", "function": map[string]any{"name": "f"}}},
			}}
			if tc.list != nil {
				asst["serverMessages"] = tc.list
			}
			phoneID := e.Put(KindPhoneNumber, map[string]any{"provider": "vapi", "assistantId": e.Put(KindAssistant, asst)})
			rep := simulate(t, e, CallSpec{PhoneNumberID: phoneID, Functions: []string{"f"}})
			if got := sentEvents(rep); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("sent %q, want %q", got, tc.want)
			}
			var received []string
			for _, r := range hooks.requests() {
				l := r.typ()
				if d, ok := r.Message["status"].(string); ok {
					l += " " + d
				}
				if d, ok := r.Message["transcriptType"].(string); ok {
					l += " " + d
				}
				if r.typ() == "tool-calls" {
					l += " f"
				}
				received = append(received, l)
			}
			if !reflect.DeepEqual(received, tc.want) {
				t.Errorf("received %q, want %q", received, tc.want)
			}
			for _, ev := range rep.Events {
				if !slices.Contains(tc.want, label(ev)) && ev.Skipped != SkipUnsubscribed {
					t.Errorf("%s: skipped %q, want %q", label(ev), ev.Skipped, SkipUnsubscribed)
				}
			}
		})
	}
}

func TestAssistantRequestAnswers(t *testing.T) {
	t.Parallel()
	type setup struct {
		e               *Emulator
		phoneHook       *hookServer
		assistantHook   *hookServer
		storedID        string
		phoneID         string
		transientServer string
	}
	for _, tc := range []struct {
		name string
		// answer is the phone number server's answer to assistant-request.
		answer     func(s setup) (int, string)
		wantEnded  string
		wantNotSim string
		// wantAt lists the paths (phone hook "P", assistant hook "A") the
		// call's messages reached, in order.
		wantAt      []string
		wantTrans   bool
		wantAsstID  bool
		wantErrText string
	}{
		{name: "assistantId", answer: func(s setup) (int, string) { return http.StatusOK, `{"assistantId":"` + s.storedID + `"}` },
			wantEnded: "customer-ended-call", wantAt: []string{"P", "A", "A", "A", "A"}, wantAsstID: true},
		{name: "transient assistant", answer: func(s setup) (int, string) {
			return http.StatusOK, `{"assistant":{"name":"dyn","serverMessages":["status-update"],"server":{"url":"` + s.transientServer + `","headers":{"X-Api-Key":"transient-header-secret"}}}}`
		}, wantEnded: "customer-ended-call", wantAt: []string{"P", "A", "A", "A"}, wantTrans: true},
		{name: "error", answer: func(setup) (int, string) { return http.StatusOK, `{"error":"All agents are busy."}` },
			wantEnded: "assistant-request-returned-error", wantAt: []string{"P", "P", "P"}},
		{name: "error wins over assistantId", answer: func(s setup) (int, string) {
			return http.StatusOK, `{"error":"no","assistantId":"` + s.storedID + `"}`
		}, wantEnded: "assistant-request-returned-error", wantAt: []string{"P", "P", "P"}},
		{name: "squadId", answer: func(setup) (int, string) { return http.StatusOK, `{"squadId":"s"}` },
			wantNotSim: `"squadId"`, wantAt: []string{"P"}},
		{name: "workflow", answer: func(setup) (int, string) { return http.StatusOK, `{"workflow":{}}` },
			wantNotSim: `"workflow"`, wantAt: []string{"P"}},
		{name: "destination", answer: func(s setup) (int, string) {
			return http.StatusOK, `{"destination":{"type":"number","number":"+15551230000"},"assistantId":"` + s.storedID + `"}`
		}, wantNotSim: `"destination"`, wantAt: []string{"P"}},
		{name: "nothing", answer: func(setup) (int, string) { return http.StatusOK, `{}` },
			wantEnded: "assistant-request-returned-no-assistant", wantAt: []string{"P", "P", "P"}},
		{name: "unknown assistantId", answer: func(setup) (int, string) { return http.StatusOK, `{"assistantId":"` + newUUID() + `"}` },
			wantEnded: "assistant-request-returned-invalid-assistant", wantAt: []string{"P", "P", "P"}, wantErrText: "not found"},
		{name: "invalid transient assistant", answer: func(setup) (int, string) { return http.StatusOK, `{"assistant":{"name":7}}` },
			wantEnded: "assistant-request-returned-invalid-assistant", wantAt: []string{"P", "P", "P"}, wantErrText: "name must be a string"},
		{name: "not JSON", answer: func(setup) (int, string) { return http.StatusOK, `assistant please` },
			wantEnded: "assistant-request-failed", wantAt: []string{"P", "P", "P"}, wantErrText: "not a JSON object"},
		{name: "server error", answer: func(setup) (int, string) { return http.StatusInternalServerError, `{}` },
			wantEnded: "assistant-request-failed", wantAt: []string{"P", "P", "P"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := setup{e: New(Options{}), phoneHook: newHookServer(t), assistantHook: newHookServer(t)}
			s.transientServer = s.assistantHook.URL
			s.storedID = s.e.Put(KindAssistant, map[string]any{"server": server(s.assistantHook.URL, nil), "serverMessages": []any{"status-update", "end-of-call-report"}})
			s.phoneID = s.e.Put(KindPhoneNumber, map[string]any{"provider": "vapi", "server": server(s.phoneHook.URL, nil)})
			s.phoneHook.setAnswer(func(hookRequest) (int, string) { return tc.answer(s) })
			rep := simulate(t, s.e, CallSpec{PhoneNumberID: s.phoneID})

			if rep.EndedReason != tc.wantEnded || !strings.Contains(rep.NotSimulated, tc.wantNotSim) || (tc.wantNotSim == "") != (rep.NotSimulated == "") {
				t.Fatalf("ended %q, not simulated %q; want %q, %q", rep.EndedReason, rep.NotSimulated, tc.wantEnded, tc.wantNotSim)
			}
			if rep.TransientAssistant != tc.wantTrans || (rep.AssistantID == s.storedID) != tc.wantAsstID {
				t.Errorf("assistant %q transient %t", rep.AssistantID, rep.TransientAssistant)
			}
			var at []string
			for _, r := range s.phoneHook.requests() {
				at = append(at, "P:"+r.typ())
			}
			for _, r := range s.assistantHook.requests() {
				at = append(at, "A:"+r.typ())
			}
			var got []string
			for _, a := range at {
				got = append(got, a[:1])
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tc.wantAt))
			if !reflect.DeepEqual(got, want) {
				t.Errorf("messages reached %q, want %q", at, tc.wantAt)
			}
			ar := rep.Events[0]
			if ar.Type != "assistant-request" || ar.Level != LevelPhoneNumber || ar.TimeoutSeconds != 7.5 {
				t.Errorf("assistant-request %+v", ar)
			}
			if !strings.Contains(ar.Error, tc.wantErrText) || (tc.wantErrText == "") != (ar.Error == "") {
				t.Errorf("assistant-request error %q, want %q", ar.Error, tc.wantErrText)
			}
			if tc.wantTrans && (!strings.Contains(string(ar.Answer), `"X-Api-Key":"***"`) || strings.Contains(string(ar.Answer), "transient-header-secret")) {
				t.Errorf("answer shown as %s", ar.Answer)
			}
			if rep.EndedReason != "" && rep.EndedReason != "customer-ended-call" {
				ended := s.phoneHook.requests()[1]
				if ended.Message["status"] != "ended" || ended.Message["endedReason"] != tc.wantEnded {
					t.Errorf("ended message %v", ended.Message)
				}
			}
		})
	}
}

func TestPhoneNumberWithSquadIsNotSimulated(t *testing.T) {
	t.Parallel()
	e := New(Options{})
	hooks := newHookServer(t)
	phoneID := e.Put(KindPhoneNumber, map[string]any{"provider": "vapi", "squadId": newUUID(), "server": server(hooks.URL, nil)})
	rep := simulate(t, e, CallSpec{PhoneNumberID: phoneID})
	if !strings.Contains(rep.NotSimulated, "squadId") || len(rep.Events) != 0 || len(hooks.requests()) != 0 {
		t.Fatalf("report %+v, %d requests", rep, len(hooks.requests()))
	}
}

func TestFunctionLookup(t *testing.T) {
	t.Parallel()
	e := New(Options{})
	hooks := newHookServer(t)
	fn := func(name string, srvPath string) map[string]any {
		return map[string]any{"type": "function", "function": map[string]any{"name": name}, "server": server(hooks.URL+srvPath, nil)}
	}
	listed := e.Put(KindTool, fn("listed", "/listed"))
	pinned := e.Put(KindTool, fn("pinned", "/pinned"))
	twin := e.Put(KindTool, fn("twin", "/twin-standalone"))
	e.Put(KindTool, fn("unlisted", "/unlisted"))
	assistantID := e.Put(KindAssistant, map[string]any{"model": map[string]any{
		"provider": "openai", "model": "gpt-4o",
		"toolIds":  []any{listed, twin, newUUID()},
		"toolRefs": []any{map[string]any{"toolId": pinned, "version": "v1"}},
		"tools":    []any{fn("twin", "/twin-inline"), map[string]any{"type": "transferCall", "function": map[string]any{"name": "listedx"}}},
	}})
	rep := simulate(t, e, CallSpec{AssistantID: assistantID, Functions: []string{"listed", "pinned", "listed"}})
	var paths []string
	for _, r := range hooks.requests() {
		paths = append(paths, r.Path)
	}
	if want := []string{"/listed", "/pinned", "/listed"}; !reflect.DeepEqual(paths, want) {
		t.Errorf("tool calls went to %q, want %q", paths, want)
	}
	if ev := rep.Events[len(rep.Events)-3]; ev.ObjectID != listed || ev.Detail != "listed" {
		t.Errorf("last tool call %+v", ev)
	}
	for _, tc := range []struct{ name, want string }{
		{"unlisted", `the assistant has no function "unlisted" (its functions are listed, pinned, twin)`},
		{"listedx", `no function "listedx"`},
		{"twin", `function "twin" is defined 2 times (an inline tool of the assistant, standalone tool ` + twin + `)`},
	} {
		before := len(hooks.requests())
		_, err := e.SimulateCall(t.Context(), CallSpec{AssistantID: assistantID, Functions: []string{tc.name}}, DispatchOptions{Clock: newFakeClock()})
		if !errors.Is(err, ErrInvalidCall) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
		if len(hooks.requests()) != before {
			t.Errorf("%s: something was sent for a call that cannot be simulated", tc.name)
		}
	}
}

func TestSimulateCallInputErrors(t *testing.T) {
	t.Parallel()
	e := New(Options{})
	hooks := newHookServer(t)
	assistantID := e.Put(KindAssistant, map[string]any{"name": "a"})
	missing := newUUID()
	phoneID := e.Put(KindPhoneNumber, map[string]any{"provider": "vapi", "assistantId": missing})
	for _, tc := range []struct {
		spec CallSpec
		want error
		text string
	}{
		{CallSpec{}, ErrInvalidCall, "exactly one"},
		{CallSpec{AssistantID: assistantID, PhoneNumberID: phoneID}, ErrInvalidCall, "exactly one"},
		{CallSpec{PhoneNumberID: newUUID()}, ErrNotFound, "phone number"},
		{CallSpec{AssistantID: newUUID()}, ErrNotFound, "assistant"},
		{CallSpec{PhoneNumberID: phoneID}, ErrNotFound, "assistant " + missing},
	} {
		rep, err := e.SimulateCall(t.Context(), tc.spec, DispatchOptions{})
		if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) || rep != nil {
			t.Errorf("%+v: %v, want %v %q", tc.spec, err, tc.want, tc.text)
		}
	}
	// A function checked only after assistant-request comes with the report
	// of what was sent.
	hooks.setAnswer(func(hookRequest) (int, string) { return http.StatusOK, `{"assistantId":"` + assistantID + `"}` })
	dyn := e.Put(KindPhoneNumber, map[string]any{"provider": "vapi", "server": server(hooks.URL, nil)})
	rep, err := e.SimulateCall(t.Context(), CallSpec{PhoneNumberID: dyn, Functions: []string{"nope"}}, DispatchOptions{})
	if !errors.Is(err, ErrInvalidCall) || rep == nil || len(rep.Events) != 1 || rep.Events[0].Type != "assistant-request" {
		t.Fatalf("%v, %+v", err, rep)
	}
}

// TestConcurrentSimulatedCalls plays calls at once, sharing the OAuth2 token
// cache, while the assistant changes; under -race it shows that a call reads
// the store only under the lock and keeps no shared state unguarded.
func TestConcurrentSimulatedCalls(t *testing.T) {
	t.Parallel()
	tokens := newHookServer(t)
	tokens.setAnswer(func(hookRequest) (int, string) {
		return http.StatusOK, `{"access_token":"shared","token_type":"Bearer","expires_in":600}`
	})
	e := New(Options{})
	hooks := newHookServer(t)
	credID := credential(e, map[string]any{"type": "oauth2", "url": tokens.URL, "clientId": "c", "clientSecret": hidden("c")})
	assistantID := e.Put(KindAssistant, map[string]any{"server": server(hooks.URL, map[string]any{"credentialId": credID})})
	const calls = 8
	errs := make(chan error, calls)
	for i := range calls {
		go func() {
			rep, err := e.SimulateCall(t.Context(), CallSpec{AssistantID: assistantID}, DispatchOptions{})
			if err == nil && len(sentEvents(rep)) != 3 {
				err = fmt.Errorf("call %d sent %q", i, sentEvents(rep))
			}
			errs <- err
		}()
	}
	for i := range calls {
		if err := e.Mutate(KindAssistant, assistantID, func(obj map[string]any) { obj["name"] = fmt.Sprint(i) }); err != nil {
			t.Error(err)
		}
	}
	for range calls {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if n := len(hooks.requests()); n != 3*calls {
		t.Errorf("%d webhooks, want %d", n, 3*calls)
	}
	for _, r := range hooks.requests() {
		if r.Header.Get("Authorization") != "Bearer shared" {
			t.Errorf("Authorization %q", r.Header.Get("Authorization"))
		}
	}
}

// TestSimulatedCallInRealisticMode plays a call against objects created
// through the API in realistic mode, which stores the spec's defaults with
// them: the call behaves as with the defaults left out.
func TestSimulatedCallInRealisticMode(t *testing.T) {
	t.Parallel()
	e, a := newAPI(t, Options{Realistic: true})
	hooks := newHookServer(t)
	toolID := strField(t, a.create("/tool", map[string]any{"type": "function", "function": map[string]any{"name": "f"},
		"server": map[string]any{"url": hooks.URL + "/tool"}}), "id")
	assistantID := strField(t, a.create("/assistant", map[string]any{"name": "r",
		"model":  map[string]any{"provider": "openai", "model": "gpt-4o", "toolIds": []any{toolID}},
		"server": map[string]any{"url": hooks.URL + "/assistant"}}), "id")
	phoneID := strField(t, a.create("/phone-number", map[string]any{"provider": "vapi", "numberDesiredAreaCode": "415",
		"assistantId": assistantID}), "id")
	rep := simulate(t, e, CallSpec{PhoneNumberID: phoneID, Functions: []string{"f"}})
	want := []string{"status-update ringing", "status-update in-progress", "tool-calls f", "status-update ended", "end-of-call-report"}
	if got := sentEvents(rep); !reflect.DeepEqual(got, want) {
		t.Errorf("sent %q, want %q", got, want)
	}
	for _, ev := range rep.Events {
		if ev.Skipped == "" && (!ev.Delivered || ev.TimeoutSeconds != 20) {
			t.Errorf("%s: %+v", label(ev), ev)
		}
	}
}
