package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

// The emulator plays calls with a routing of its own, written from the API
// notes apart from internal/routing; the data source predicts the same
// routing from what it reads. Over the whole level matrix (each of the four
// levels with a server URL or without, a standalone and an inline tool),
// where the emulator sends each event of a call is where the data source
// says it goes.
func TestDispatchAgreesWithTheDataSource(t *testing.T) {
	t.Parallel()
	// One receiver for all levels: the path tells the level.
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		var body struct {
			Message struct {
				Type string `json:"type"`
			} `json:"message"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		if body.Message.Type == "assistant-request" {
			// Ends the call: only the assistant-request is compared.
			_, _ = w.Write([]byte(`{"error":"closed"}`))
			return
		}
		_, _ = w.Write([]byte(`{"results":[]}`))
	}))
	t.Cleanup(receiver.Close)
	levels := []string{"function_tool", "assistant", "phone_number", "org"}
	for mask := range 16 {
		for _, inline := range []bool{false, true} {
			has := func(level string) bool {
				for i, l := range levels {
					if l == level {
						return mask&(8>>i) != 0
					}
				}
				return false
			}
			server := func(level string) map[string]any {
				if !has(level) {
					return nil
				}
				return map[string]any{"url": receiver.URL + "/" + level}
			}
			name := fmt.Sprintf("%04b/inline=%v", mask, inline)
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				emu := emulator.New(emulator.Options{APIKey: "k"})
				data := newTestClient(t, emu)
				if s := server("org"); s != nil {
					if err := emu.Mutate(emulator.KindOrg, emu.OrgID(), func(o map[string]any) { o["server"] = s }); err != nil {
						t.Fatal(err)
					}
				}
				model := map[string]any{"provider": "openai", "model": "gpt-4o"}
				fn := map[string]any{"type": "function", "function": map[string]any{"name": "lookup"}}
				if s := server("function_tool"); s != nil {
					fn["server"] = s
				}
				if inline {
					model["tools"] = []any{fn}
				} else {
					model["toolIds"] = []any{emu.Put(emulator.KindTool, fn)}
				}
				assistant := map[string]any{"name": "a", "model": model}
				if s := server("assistant"); s != nil {
					assistant["server"] = s
				}
				assistantID := emu.Put(emulator.KindAssistant, assistant)
				phone := map[string]any{"provider": "vapi", "number": "+14155550100", "status": "active", "assistantId": assistantID}
				if s := server("phone_number"); s != nil {
					phone["server"] = s
				}
				phoneID := emu.Put(emulator.KindPhoneNumber, phone)

				// The same number without an assistant of its own: Vapi asks it
				// which assistant to use.
				delete(phone, "assistantId")
				askingID := emu.Put(emulator.KindPhoneNumber, phone)

				report, err := emu.SimulateCall(context.Background(),
					emulator.CallSpec{PhoneNumberID: phoneID, Functions: []string{"lookup"}}, emulator.DispatchOptions{})
				if err != nil {
					t.Fatal(err)
				}
				asking, err := emu.SimulateCall(context.Background(), emulator.CallSpec{PhoneNumberID: askingID}, emulator.DispatchOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if len(asking.Events) == 0 || asking.Events[0].Type != "assistant-request" {
					t.Fatalf("a call to a number without an assistant did not start with assistant-request: %+v", asking.Events)
				}
				events := append(report.Events, asking.Events[0])
				phones := append(make([]string, len(report.Events)), askingID)
				compared := 0
				for i, ev := range events {
					if ev.Skipped == emulator.SkipUnsubscribed || strings.HasPrefix(ev.Type, "transcript") {
						continue
					}
					q := effectiveServerURLQuery{Event: ev.Type, PhoneNumberID: phoneID}
					if phones[i] != "" {
						q.PhoneNumberID = phones[i]
					}
					if ev.Type == "tool-calls" {
						q.FunctionName = "lookup"
					}
					answer, diags := resolveEffectiveServerURL(context.Background(), data, q)
					if diags.HasError() {
						t.Fatalf("%s: %v", ev.Type, diags)
					}
					predicted := string(answer.Source)
					sent := string(ev.Level)
					if ev.Skipped == emulator.SkipNoURL {
						sent = "none"
					}
					if predicted != sent {
						t.Errorf("%s %s: the emulator sent it to the %s level, the data source says %s", ev.Type, ev.Detail, sent, predicted)
					}
					if predicted != "none" && !strings.HasSuffix(answer.URL, "/"+predicted) {
						t.Errorf("%s: the data source's URL %s is not the %s level's", ev.Type, answer.URL, predicted)
					}
					if ev.Type == "tool-calls" && predicted == "function_tool" && answer.Chain[0].Inline != inline {
						t.Errorf("tool-calls: chain says inline %v, the tool is inline %v", answer.Chain[0].Inline, inline)
					}
					compared++
				}
				if compared < 5 {
					t.Fatalf("only %d events compared: %+v", compared, report.Events)
				}
			})
		}
	}
}
