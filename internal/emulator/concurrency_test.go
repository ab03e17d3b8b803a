package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// TestConcurrentUse drives every entry point from many goroutines at once;
// under -race it proves the state is guarded and nothing is shared.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	e, a := newAPI(t, Options{Seed: 1})
	throttle := Fault{Method: http.MethodGet, PathPrefix: "/assistant", Status: http.StatusTooManyRequests, Rate: 0.2}
	e.AddFault(throttle)
	const workers, rounds = 8, 15
	auth := "Bearer " + a.key
	// send reports a failure without stopping the worker's goroutine.
	send := func(method, path string, body any, want int) string {
		r, err := a.try(method, path, body, auth)
		if err != nil || (want != 0 && r.status != want) {
			t.Errorf("%s %s: %v %d %s", method, path, err, r.status, r.raw)
		}
		return r.raw
	}
	var wg sync.WaitGroup
	kept := make([][]string, workers)
	for w := range workers {
		wg.Go(func() {
			for i := range rounds {
				raw := send(http.MethodPost, "/assistant", map[string]any{"name": fmt.Sprintf("w%d-%d", w, i),
					"metadata": map[string]any{"w": w}, "server": map[string]any{"url": "https://h.example"}}, http.StatusCreated)
				var created struct{ ID string }
				if err := json.Unmarshal([]byte(raw), &created); err != nil || created.ID == "" {
					t.Errorf("create: %s", raw)
					return
				}
				id := created.ID
				send(http.MethodPatch, "/assistant/"+id, map[string]any{"firstMessage": "hi"}, http.StatusOK)
				send(http.MethodGet, "/assistant/"+id, nil, 0)
				send(http.MethodGet, "/assistant?limit=5", nil, 0)
				if err := e.Mutate(KindAssistant, id, func(o map[string]any) { o["voicemailMessage"] = "vm" }); err != nil {
					t.Error(err)
				}
				if got, ok := e.Object(KindAssistant, id); ok {
					got["name"] = "scribble"
				}
				_ = e.Objects(KindAssistant)
				_ = e.Requests()
				_ = e.CountRequests(http.MethodPost, "/assistant")
				if i%3 == 0 {
					send(http.MethodDelete, "/assistant/"+id, nil, http.StatusOK)
					continue
				}
				kept[w] = append(kept[w], id)
			}
		})
	}
	wg.Go(func() {
		for range rounds {
			e.AddFault(Fault{PathPrefix: "/nothing", Status: http.StatusBadGateway})
			e.Put(KindTool, map[string]any{"type": "dtmf"})
			e.ClearFaults()
			e.AddFault(throttle)
		}
	})
	wg.Wait()

	want := 0
	for _, ids := range kept {
		want += len(ids)
		for _, id := range ids {
			obj, ok := e.Object(KindAssistant, id)
			if !ok || obj["firstMessage"] != "hi" || obj["voicemailMessage"] != "vm" || obj["name"] == "scribble" {
				t.Fatalf("assistant %s: %v", id, obj)
			}
		}
	}
	if got := len(e.Objects(KindAssistant)); got != want {
		t.Fatalf("%d assistants stored, want %d", got, want)
	}
	if got := e.CountRequests(http.MethodPost, "/assistant"); got != workers*rounds {
		t.Fatalf("%d creates logged", got)
	}
}
