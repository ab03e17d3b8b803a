package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestSendTestEvent(t *testing.T) {
	t.Parallel()
	hooks := newHookServer(t)
	hooks.setAnswer(func(r hookRequest) (int, string) {
		if r.typ() == "assistant-request" {
			return http.StatusOK, `{"assistantId":"a1"}`
		}
		return http.StatusOK, `{"results":[{"toolCallId":"x","result":"18C"}]}`
	})
	hmacCred := map[string]any{"provider": "custom-credential", "authenticationPlan": map[string]any{
		"type": "hmac", "secretKey": hidden("test-event"), "algorithm": "sha256",
	}}
	for _, event := range SampleEvents() {
		before := len(hooks.requests())
		rep, err := SendTestEvent(t.Context(), event, server(hooks.URL+"/check", map[string]any{"headers": map[string]any{"X-Env": "test"}}),
			hmacCred, DispatchOptions{Clock: newFakeClock()})
		if err != nil {
			t.Fatalf("%s: %v", event, err)
		}
		reqs := hooks.requests()[before:]
		if len(reqs) != 1 || !rep.Delivered || len(rep.Attempts) != 1 || rep.Type != event || rep.Level != "" {
			t.Fatalf("%s: %+v, %d requests", event, rep, len(reqs))
		}
		r := reqs[0]
		call, _ := r.Message["call"].(map[string]any)
		if r.typ() != event || r.Path != "/check" || r.Header.Get("X-Env") != "test" || call["id"] == nil || r.Message["phoneNumber"] == nil {
			t.Errorf("%s: received %s at %s: %s", event, r.typ(), r.Path, r.Body)
		}
		mac := hmac.New(sha256.New, []byte(hidden("test-event")))
		mac.Write([]byte(r.Header.Get("x-timestamp") + "." + string(r.Body)))
		if r.Header.Get("x-signature") != hex.EncodeToString(mac.Sum(nil)) {
			t.Errorf("%s: signature %q does not verify", event, r.Header.Get("x-signature"))
		}
		_, hasAssistant := r.Message["assistant"]
		if hasAssistant == (event == "assistant-request") {
			t.Errorf("%s: assistant in the message: %t", event, hasAssistant)
		}
		answered := event == "assistant-request" || event == "tool-calls"
		if (len(rep.Answer) > 0) != answered {
			t.Errorf("%s: answer %s", event, rep.Answer)
		}
		if want := map[string]string{"status-update": "in-progress", "tool-calls": "get_weather", "transcript": "final"}[event]; rep.Detail != want {
			t.Errorf("%s: detail %q, want %q", event, rep.Detail, want)
		}
	}
	for _, tc := range []struct {
		event string
		srv   map[string]any
		cred  map[string]any
		want  string
	}{
		{"hang", server(hooks.URL, nil), nil, `cannot send a sample "hang" event`},
		{"tool-calls", map[string]any{}, nil, "no url"},
		{"tool-calls", server(hooks.URL, nil), map[string]any{"provider": "custom-credential", "authenticationPlan": map[string]any{"type": "bearer"}},
			"authenticationPlan.token must be a string"},
		{"tool-calls", server(hooks.URL, nil), map[string]any{"provider": "twilio", "authToken": "x"}, `"twilio" credential`},
	} {
		_, err := SendTestEvent(t.Context(), tc.event, tc.srv, tc.cred, DispatchOptions{})
		if !errors.Is(err, ErrInvalidCall) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %v %v: %v, want %q", tc.event, tc.srv, tc.cred, err, tc.want)
		}
	}
	rep, err := SendTestEvent(t.Context(), "tool-calls", server("https://hooks.example.com/vapi", nil), nil, DispatchOptions{})
	if err != nil || !strings.Contains(rep.Error, "not a loopback host") || rep.Attempts != nil {
		t.Errorf("non-loopback: %v %+v", err, rep)
	}
}
