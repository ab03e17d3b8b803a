package emulator

import (
	"context"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"
)

// fakeClock is a Clock on which time moves only when the dispatcher sleeps
// (instantly, the wait recorded) or the test fires the next timer.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
	timers []*fakeTimer
}

type fakeTimer struct {
	at      time.Time
	d       time.Duration
	f       func()
	stopped bool
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}

func (c *fakeClock) AfterFunc(d time.Duration, f func()) func() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{at: c.now.Add(d), d: d, f: f}
	c.timers = append(c.timers, t)
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		was := !t.stopped
		t.stopped = true
		return was
	}
}

// fireNext moves the clock to the earliest pending timer, fires it and
// returns the duration that timer was set for.
func (c *fakeClock) fireNext(t *testing.T) time.Duration {
	t.Helper()
	c.mu.Lock()
	var next *fakeTimer
	for _, tm := range c.timers {
		if !tm.stopped && (next == nil || tm.at.Before(next.at)) {
			next = tm
		}
	}
	if next == nil {
		c.mu.Unlock()
		t.Fatal("no pending timer")
		return 0
	}
	next.stopped = true
	c.now = next.at
	c.mu.Unlock()
	go next.f()
	return next.d
}

func (c *fakeClock) slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.sleeps)
}

// hookRequest is one request a hookServer got.
type hookRequest struct {
	Path   string
	Header http.Header
	Body   []byte
	// Message is the decoded "message" object.
	Message map[string]any
}

func (r hookRequest) typ() string { s, _ := r.Message["type"].(string); return s }

// hookServer is a webhook receiver that records every request and answers
// through answer (default: 200 {}).
type hookServer struct {
	*httptest.Server
	mu     sync.Mutex
	got    []hookRequest
	answer func(r hookRequest) (int, string)
}

func newHookServer(t *testing.T) *hookServer {
	t.Helper()
	h := &hookServer{}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		hr := hookRequest{Path: r.URL.Path, Header: r.Header.Clone(), Body: body}
		var env struct {
			Message map[string]any `json:"message"`
		}
		_ = json.Unmarshal(body, &env)
		hr.Message = env.Message
		h.mu.Lock()
		h.got = append(h.got, hr)
		answer := h.answer
		h.mu.Unlock()
		status, out := http.StatusOK, "{}"
		if answer != nil {
			status, out = answer(hr)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, out)
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *hookServer) setAnswer(f func(r hookRequest) (int, string)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.answer = f
}

func (h *hookServer) requests() []hookRequest {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.got)
}

// hidden is a secret value for tests, built so that no literal looks like a
// hard-coded credential.
func hidden(name string) string { return "hidden-" + name }

// server is a server object for the URL with extra fields.
func server(url string, extra map[string]any) map[string]any {
	s := map[string]any{"url": url}
	maps.Copy(s, extra)
	return s
}

// simulate runs a call on a fake clock and fails the test on error.
func simulate(t *testing.T, e *Emulator, spec CallSpec) *CallReport {
	t.Helper()
	rep, err := e.SimulateCall(t.Context(), spec, DispatchOptions{Clock: newFakeClock()})
	if err != nil {
		t.Fatalf("SimulateCall(%+v): %v", spec, err)
	}
	return rep
}

// sent lists a report's events as "type detail" for those actually sent.
func sentEvents(rep *CallReport) []string {
	var out []string
	for _, ev := range rep.Events {
		if ev.Skipped == "" {
			out = append(out, label(ev))
		}
	}
	return out
}

func label(ev EventReport) string {
	if ev.Detail == "" {
		return ev.Type
	}
	return ev.Type + " " + ev.Detail
}

// eventNamed returns the report of the event with the label, failing when
// there is not exactly one.
func eventNamed(t *testing.T, rep *CallReport, want string) EventReport {
	t.Helper()
	var found []EventReport
	for _, ev := range rep.Events {
		if label(ev) == want {
			found = append(found, ev)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d events %q in %+v", len(found), want, rep.Events)
	}
	return found[0]
}
