package emulator

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestAdminCallsRoute(t *testing.T) {
	t.Parallel()
	e, a := newAPI(t, Options{})
	hooks := newHookServer(t)
	assistantID := a.create("/assistant", map[string]any{"name": "a", "server": map[string]any{"url": hooks.URL + "/a"}})["id"]
	phoneID := a.create("/phone-number", map[string]any{"provider": "vapi", "numberDesiredAreaCode": "415", "assistantId": assistantID})["id"]
	e.ResetRequests()

	r := a.call(http.MethodPost, CallsPath, map[string]any{"phoneNumberId": phoneID}).want(http.StatusOK)
	if _, err := http.ParseTime(r.header.Get("Date")); err != nil {
		t.Errorf("Date header %q: %v", r.header.Get("Date"), err)
	}
	var rep CallReport
	if err := json.Unmarshal([]byte(r.raw), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.PhoneNumberID != phoneID || rep.AssistantID != assistantID || rep.EndedReason != "customer-ended-call" ||
		len(rep.Events) != 6 || len(hooks.requests()) != 4 {
		t.Fatalf("report %s; %d webhooks", r.raw, len(hooks.requests()))
	}
	if got := rep.Events[0]; got.Type != "status-update" || got.Level != LevelAssistant || got.URL != hooks.URL+"/a" || !got.Delivered {
		t.Errorf("first event %+v", got)
	}
	if n := len(e.Requests()); n != 0 {
		t.Errorf("the emulator's own route is in the API request log (%d requests)", n)
	}

	for _, tc := range []struct {
		method, auth string
		body         any
		status       int
		message      string
	}{
		{http.MethodPost, "", map[string]any{"phoneNumberId": phoneID}, http.StatusUnauthorized, "Invalid Key"},
		{http.MethodPost, "Bearer " + a.key, map[string]any{"phoneNumber": phoneID}, http.StatusBadRequest, `unknown field "phoneNumber"`},
		{http.MethodPost, "Bearer " + a.key, map[string]any{}, http.StatusBadRequest, "exactly one of phoneNumberId"},
		{http.MethodPost, "Bearer " + a.key, map[string]any{"assistantId": newUUID()}, http.StatusNotFound, "not found: assistant"},
		{http.MethodPost, "Bearer " + a.key, map[string]any{"assistantId": assistantID, "functions": []any{"nope"}}, http.StatusBadRequest, `no function "nope"`},
		{http.MethodGet, "Bearer " + a.key, nil, http.StatusNotFound, "Cannot GET " + CallsPath},
	} {
		r := a.callWith(tc.method, CallsPath, tc.body, tc.auth).want(tc.status)
		if msg, _ := r.object()["message"].(string); !strings.Contains(msg, tc.message) {
			t.Errorf("%s %v: %s, want %q", tc.method, tc.body, r.raw, tc.message)
		}
	}
	a.call(http.MethodPost, "/__emulator/other", map[string]any{}).want(http.StatusNotFound)
}
