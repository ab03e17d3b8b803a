package emulator

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRetriesFollowTheBackoffPlan(t *testing.T) {
	t.Parallel()
	sec := func(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }
	for _, tc := range []struct {
		name     string
		plan     map[string]any // nil: no backoffPlan
		statuses []int          // the receiver's answers, in order (then 200)
		want     []int
		sleeps   []time.Duration
	}{
		{"no plan, no retry", nil, []int{503}, []int{503}, nil},
		{"maxRetries 0", map[string]any{"type": "fixed", "maxRetries": 0, "baseDelaySeconds": 1}, []int{503}, []int{503}, nil},
		{"fixed", map[string]any{"type": "fixed", "maxRetries": 3, "baseDelaySeconds": 2}, []int{503, 500},
			[]int{503, 500, 200}, []time.Duration{sec(2), sec(2)}},
		{"exponential until retries run out", map[string]any{"type": "exponential", "maxRetries": 3, "baseDelaySeconds": 1},
			[]int{503, 503, 503, 503}, []int{503, 503, 503, 503}, []time.Duration{sec(1), sec(2), sec(4)}},
		{"exponential with a fractional base", map[string]any{"type": "exponential", "maxRetries": 2, "baseDelaySeconds": 0.5},
			[]int{429, 429}, []int{429, 429, 200}, []time.Duration{sec(0.5), sec(1)}},
		{"an excluded status is final", map[string]any{"type": "fixed", "maxRetries": 3, "baseDelaySeconds": 1, "excludedStatusCodes": []any{400, 404}},
			[]int{404}, []int{404}, nil},
		{"other statuses are still retried", map[string]any{"type": "fixed", "maxRetries": 3, "baseDelaySeconds": 1, "excludedStatusCodes": []any{400, 404}},
			[]int{502}, []int{502, 200}, []time.Duration{sec(1)}},
		{"a redirect is a failure, not followed", map[string]any{"type": "fixed", "maxRetries": 1, "baseDelaySeconds": 1},
			[]int{307}, []int{307, 200}, []time.Duration{sec(1)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := New(Options{})
			hooks := newHookServer(t)
			var mu sync.Mutex
			n := 0
			hooks.setAnswer(func(hookRequest) (int, string) {
				mu.Lock()
				defer mu.Unlock()
				n++
				if n <= len(tc.statuses) {
					return tc.statuses[n-1], "{}"
				}
				return http.StatusOK, "{}"
			})
			srv := server(hooks.URL, nil)
			if tc.plan != nil {
				srv["backoffPlan"] = tc.plan
			}
			clock := newFakeClock()
			rep := webCall(t, e, srv, []any{"end-of-call-report"}, clock)
			ev := eventNamed(t, rep, "end-of-call-report")
			var got []int
			for _, a := range ev.Attempts {
				got = append(got, a.Status)
			}
			if !reflect.DeepEqual(got, tc.want) || ev.Delivered != (tc.want[len(tc.want)-1] == 200) {
				t.Errorf("attempts %v (delivered %t), want %v", got, ev.Delivered, tc.want)
			}
			if !reflect.DeepEqual(clock.slept(), tc.sleeps) {
				t.Errorf("waited %v, want %v", clock.slept(), tc.sleeps)
			}
			if len(hooks.requests()) != len(tc.want) {
				t.Errorf("the receiver got %d requests", len(hooks.requests()))
			}
		})
	}
}

func TestConnectionErrorsAreRetried(t *testing.T) {
	t.Parallel()
	var lc net.ListenConfig
	ln, err := lc.Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	_ = ln.Close()
	e := New(Options{})
	clock := newFakeClock()
	rep := webCall(t, e, server(closed, map[string]any{"backoffPlan": map[string]any{"type": "fixed", "maxRetries": 2, "baseDelaySeconds": 3}}),
		[]any{"end-of-call-report"}, clock)
	ev := eventNamed(t, rep, "end-of-call-report")
	if len(ev.Attempts) != 3 || ev.Delivered || ev.Attempts[0].Status != 0 || !strings.Contains(ev.Attempts[0].Error, "refused") {
		t.Errorf("attempts %+v", ev.Attempts)
	}
	if want := []time.Duration{3 * time.Second, 3 * time.Second}; !reflect.DeepEqual(clock.slept(), want) {
		t.Errorf("waited %v, want %v", clock.slept(), want)
	}
}

// TestTimeouts lets a receiver stall and fires the send's timer on the fake
// clock: the timer must be the level's timeoutSeconds (default 20 s), and
// 7.5 s for assistant-request whatever the level says.
func TestTimeouts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		event   string
		timeout any // the server's timeoutSeconds; nil: unset
		want    time.Duration
		ended   string
	}{
		{"a tool's own timeout", "tool-calls", 3, 3 * time.Second, "customer-ended-call"},
		{"the default", "tool-calls", nil, 20 * time.Second, "customer-ended-call"},
		{"assistant-request ignores the level's timeout", "assistant-request", 60, 7500 * time.Millisecond, "assistant-request-failed"},
		{"assistant-request without timeoutSeconds", "assistant-request", nil, 7500 * time.Millisecond, "assistant-request-failed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := New(Options{})
			fine := newHookServer(t)
			arrived := make(chan struct{}, 1)
			// The event under test stalls; the rest of the call is answered.
			stalled := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				// Reading the body lets the server notice the client leave.
				body, _ := io.ReadAll(r.Body)
				if strings.Contains(string(body), `"type":"`+tc.event+`"`) {
					arrived <- struct{}{}
					<-r.Context().Done()
					return
				}
				_, _ = io.WriteString(w, "{}")
			}))
			t.Cleanup(stalled.Close)
			slow := server(stalled.URL, nil)
			if tc.timeout != nil {
				slow["timeoutSeconds"] = tc.timeout
			}
			assistantID := e.Put(KindAssistant, map[string]any{"server": server(fine.URL, nil), "model": map[string]any{
				"provider": "openai", "model": "gpt-4o",
				"tools": []any{map[string]any{"type": "function", "function": map[string]any{"name": "f"}, "server": slow}},
			}})
			spec := CallSpec{AssistantID: assistantID, Functions: []string{"f"}}
			if tc.event == "assistant-request" {
				spec = CallSpec{PhoneNumberID: e.Put(KindPhoneNumber, map[string]any{"provider": "vapi", "server": slow})}
			}
			clock := newFakeClock()
			type result struct {
				rep *CallReport
				err error
			}
			done := make(chan result, 1)
			go func() {
				rep, err := e.SimulateCall(t.Context(), spec, DispatchOptions{Clock: clock})
				done <- result{rep, err}
			}()
			<-arrived
			if got := clock.fireNext(t); got != tc.want {
				t.Errorf("the send's timer was set for %s, want %s", got, tc.want)
			}
			res := <-done
			if res.err != nil {
				t.Fatal(res.err)
			}
			ev := res.rep.Events[0]
			if tc.event == "tool-calls" {
				ev = eventNamed(t, res.rep, "tool-calls f")
			}
			wantMS := float64(tc.want) / float64(time.Millisecond)
			if len(ev.Attempts) != 1 || !ev.Attempts[0].TimedOut || ev.Attempts[0].LatencyMS != wantMS ||
				ev.Attempts[0].Error != "timed out after "+tc.want.String() || ev.TimeoutSeconds != tc.want.Seconds() || ev.Delivered {
				t.Errorf("%s: %+v", label(ev), ev)
			}
			if res.rep.EndedReason != tc.ended {
				t.Errorf("ended %q, want %q", res.rep.EndedReason, tc.ended)
			}
		})
	}
}

func TestOnlyLoopbackUnlessAllowed(t *testing.T) {
	t.Parallel()
	refused := []string{"http://192.0.2.1/hook", "https://example.com/x", "http://[2001:db8::1]:8080/", "http://0.0.0.0:1/", "http://10.0.0.1:80/"}
	invalid := []string{"ftp://localhost/x", "/relative", "localhost:8080"}
	loopback := []string{"http://127.0.0.1:1/", "http://127.9.9.9/", "http://[::1]:1/", "http://localhost:1/", "https://api.localhost/"}

	local := newDispatcher(DispatchOptions{}, &tokenCache{})
	anywhere := newDispatcher(DispatchOptions{AllowNonLoopback: true}, &tokenCache{})
	for _, u := range refused {
		if err := local.checkTarget(u); err == nil || !strings.Contains(err.Error(), "not a loopback host") {
			t.Errorf("%s: %v, want refused", u, err)
		}
		if err := anywhere.checkTarget(u); err != nil {
			t.Errorf("%s with AllowNonLoopback: %v", u, err)
		}
	}
	for _, u := range invalid {
		if err := anywhere.checkTarget(u); err == nil {
			t.Errorf("%s: accepted", u)
		}
	}
	for _, u := range loopback {
		if err := local.checkTarget(u); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}

	// The dialer refuses what the URL check would let through, such as a
	// name that resolves elsewhere; here, an address handed to it directly.
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://10.255.255.1:9/", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := local.client.Do(req)
	if err == nil {
		_ = resp.Body.Close()
	}
	if err == nil || !strings.Contains(err.Error(), "not a loopback address") || ctx.Err() != nil {
		t.Errorf("dialling a non-loopback address: %v", err)
	}

	// A simulated call reports refused events and sends nothing.
	e := New(Options{})
	for _, u := range refused {
		rep := webCall(t, e, server(u, nil), nil, newFakeClock())
		ev := eventNamed(t, rep, "status-update in-progress")
		if !strings.Contains(ev.Error, "refused") || ev.Attempts != nil || ev.Delivered || ev.URL != u {
			t.Errorf("%s: %+v", u, ev)
		}
	}
	hooks := newHookServer(t)
	byName := strings.Replace(hooks.URL, "127.0.0.1", "localhost", 1)
	if ev := eventNamed(t, webCall(t, e, server(byName, nil), nil, newFakeClock()), "status-update in-progress"); !ev.Delivered {
		t.Errorf("localhost: %+v", ev)
	}
}

func TestMaskURL(t *testing.T) {
	t.Parallel()
	for _, tc := range [][2]string{
		{"https://h.example/hook", "https://h.example/hook"},
		{"https://h.example/hook?env=prod", "https://h.example/hook?env=prod"},
		{"https://h.example/hook?api_key=abc&env=prod", "https://h.example/hook?api_key=***&env=prod"},
		{"https://h.example/hook?Token=abc&sig=x&x-auth", "https://h.example/hook?Token=***&sig=x&x-auth"},
		{"https://u:p@h.example/", "https://***@h.example/"},
		{"https://just-a-user@h.example/", "https://***@h.example/"},
		{"::not a url", "(invalid URL)"},
	} {
		if got := maskURL(tc[0]); got != tc[1] {
			t.Errorf("maskURL(%q) = %q, want %q", tc[0], got, tc[1])
		}
	}
}
