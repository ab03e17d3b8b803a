package emulator

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

func TestWebhookReceiver(t *testing.T) {
	t.Parallel()
	plans := map[string]map[string]any{
		"bearer": {"type": "bearer", "token": "receiver-token", "headerName": "X-Vapi-Secret", "bearerPrefixEnabled": false},
		"hmac":   {"type": "hmac", "secretKey": "receiver-key", "algorithm": "sha512", "payloadFormat": "{method}|{url}|{body}"},
	}
	for name, plan := range plans {
		for _, senderPlan := range []map[string]any{plan, plans[map[string]string{"bearer": "hmac", "hmac": "bearer"}[name]]} {
			var mu sync.Mutex
			var got []ReceivedWebhook
			recv, err := NewWebhookReceiver(map[string]any{"provider": "custom-credential", "authenticationPlan": plan}, "asst-1",
				func(r ReceivedWebhook) { mu.Lock(); defer mu.Unlock(); got = append(got, r) })
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(recv)
			rep, err := SendTestEvent(t.Context(), "tool-calls", server(srv.URL+"/hook?x=1", nil),
				map[string]any{"provider": "custom-credential", "authenticationPlan": senderPlan}, DispatchOptions{})
			srv.Close()
			if err != nil {
				t.Fatal(err)
			}
			same := senderPlan["type"] == plan["type"]
			wantStatus, wantAuth := http.StatusOK, "ok ("+name+")"
			if !same {
				wantStatus, wantAuth = http.StatusUnauthorized, "FAILED ("+name
			}
			if len(rep.Attempts) != 1 || rep.Attempts[0].Status != wantStatus || len(got) != 1 ||
				!strings.HasPrefix(got[0].Auth, wantAuth) || got[0].Type != "tool-calls" || got[0].Path != "/hook" {
				t.Errorf("%s receiver, %s sender: %+v, logged %+v", name, senderPlan["type"], rep, got)
			}
			if same {
				var answer struct {
					Results []map[string]any `json:"results"`
				}
				if err := json.Unmarshal(rep.Answer, &answer); err != nil || len(answer.Results) != 1 || answer.Results[0]["name"] != "get_weather" {
					t.Errorf("%s: answer %s", name, rep.Answer)
				}
			}
		}
	}

	// Without a credential it checks nothing and offers its assistant.
	var got []ReceivedWebhook
	recv, err := NewWebhookReceiver(nil, "asst-1", func(r ReceivedWebhook) { got = append(got, r) })
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(recv)
	defer srv.Close()
	rep, err := SendTestEvent(t.Context(), "assistant-request", server(srv.URL, nil), nil, DispatchOptions{})
	if err != nil || string(rep.Answer) != `{"assistantId":"asst-1"}` || len(got) != 1 || got[0].Auth != "none configured" {
		t.Errorf("%v %+v %+v", err, rep, got)
	}
	if _, err := NewWebhookReceiver(map[string]any{"provider": "custom-credential"}, "", nil); err == nil {
		t.Error("a credential without a plan was accepted")
	}
}
