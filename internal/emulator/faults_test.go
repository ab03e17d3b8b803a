package emulator

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestFaultStatusAnswers(t *testing.T) {
	t.Parallel()
	e, a := newAPI(t, Options{})
	e.AddFault(Fault{Method: http.MethodPost, PathPrefix: "/tool", Status: http.StatusTooManyRequests, RetryAfter: "3", Times: 1})
	r := a.call(http.MethodPost, "/tool", map[string]any{"type": "function"})
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") != "3" ||
		r.raw != `{"statusCode":429,"message":"ThrottlerException: Too Many Requests"}` {
		t.Fatalf("429: %d %v %s", r.status, r.header, r.raw)
	}
	if len(e.Objects(KindTool)) != 0 {
		t.Fatal("a faulted POST stored a tool")
	}
	a.call(http.MethodGet, "/tool", nil).want(http.StatusOK)
	a.create("/tool", map[string]any{"type": "function"})

	reqs := e.Requests()
	if len(reqs) != 3 || !reqs[0].Faulted || reqs[0].Status != http.StatusTooManyRequests || reqs[1].Faulted || reqs[2].Faulted {
		t.Fatalf("log %+v", reqs)
	}
	if e.WriteCount() != 2 || e.CountRequests(http.MethodPost, "/tool") != 2 {
		t.Fatal("faulted requests are not counted")
	}

	e.AddFault(Fault{PathPrefix: "/assistant", Status: http.StatusInternalServerError})
	e.AddFault(Fault{PathPrefix: "/credential", Status: http.StatusServiceUnavailable})
	e.AddFault(Fault{PathPrefix: "/phone-number", Status: http.StatusBadGateway, Body: "<html>bad gateway</html>"})
	for _, tc := range []struct{ path, want string }{
		{"/assistant", `{"statusCode":500,"message":"Internal server error"}`},
		{"/credential", `{"message":"Service Unavailable","error":"Service Unavailable","statusCode":503}`},
		{"/phone-number", "<html>bad gateway</html>"},
	} {
		// Faults come before authentication, like a proxy in front of the API.
		if r := a.callWith(http.MethodGet, tc.path, nil, ""); r.raw != tc.want {
			t.Errorf("GET %s: %d %s", tc.path, r.status, r.raw)
		}
	}
	e.ClearFaults()
	a.call(http.MethodGet, "/assistant", nil).want(http.StatusOK)
}

// statuses sends n GETs and returns their statuses.
func statuses(a *api, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = a.call(http.MethodGet, "/tool", nil).status
	}
	return out
}

func TestFaultRateIsDeterministicBySeed(t *testing.T) {
	t.Parallel()
	run := func(seed int64) []int {
		e, a := newAPI(t, Options{Seed: seed})
		e.AddFault(Fault{Method: http.MethodGet, Status: http.StatusServiceUnavailable, Rate: 0.5})
		return statuses(a, 40)
	}
	first, again, other := run(7), run(7), run(8)
	if !reflect.DeepEqual(first, again) {
		t.Fatalf("same seed, different faults:\n%v\n%v", first, again)
	}
	if reflect.DeepEqual(first, other) {
		t.Fatal("different seeds, same faults")
	}
	hits := 0
	for _, s := range first {
		if s == http.StatusServiceUnavailable {
			hits++
		}
	}
	if hits < 10 || hits > 30 {
		t.Fatalf("%d of 40 hit at rate 0.5", hits)
	}

	e, a := newAPI(t, Options{Seed: 7})
	e.AddFault(Fault{Status: http.StatusServiceUnavailable, Rate: 0.5, Times: 2})
	hits = 0
	for _, s := range statuses(a, 40) {
		if s == http.StatusServiceUnavailable {
			hits++
		}
	}
	if hits != 2 {
		t.Fatalf("Times 2 fired %d times", hits)
	}
}

func TestFaultDropsConnection(t *testing.T) {
	t.Parallel()
	e, a := newAPI(t, Options{})
	e.AddFault(Fault{Method: http.MethodPost, Drop: true, Times: 1})
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, a.base+"/tool", strings.NewReader(`{"type":"function"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+a.key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		_ = resp.Body.Close()
		t.Fatalf("dropped request answered %d", resp.StatusCode)
	}
	if len(e.Objects(KindTool)) != 0 {
		t.Fatal("a dropped POST stored a tool")
	}
	reqs := e.Requests()
	if len(reqs) != 1 || !reqs[0].Faulted || reqs[0].Status != 0 {
		t.Fatalf("log %+v", reqs)
	}
	a.create("/tool", map[string]any{"type": "function"})

	// Without a hijackable connection the handler aborts instead.
	e.AddFault(Fault{Drop: true})
	defer func() {
		if p := recover(); !errors.Is(asError(p), http.ErrAbortHandler) {
			t.Fatalf("recovered %v", p)
		}
	}()
	e.ServeHTTP(httptest.NewRecorder(), httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/tool", nil))
}

func asError(p any) error {
	err, _ := p.(error)
	return err
}

func TestFaultLatency(t *testing.T) {
	t.Parallel()
	e, a := newAPI(t, Options{})
	e.AddFault(Fault{PathPrefix: "/tool", Latency: 40 * time.Millisecond})
	e.AddFault(Fault{PathPrefix: "/tool", Latency: 40 * time.Millisecond, Status: http.StatusBadGateway, Method: http.MethodDelete})
	start := time.Now()
	a.create("/tool", map[string]any{"type": "function"})
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Fatalf("latency fault took %v", d)
	}
	start = time.Now()
	a.call(http.MethodDelete, "/tool/"+newUUID(), nil).want(http.StatusBadGateway)
	if d := time.Since(start); d < 80*time.Millisecond {
		t.Fatalf("latencies of matching faults add up; took %v", d)
	}
	if reqs := e.Requests(); reqs[0].Faulted || !reqs[1].Faulted {
		t.Fatalf("log %+v", reqs)
	}
}

func TestLatencyHonoursCancellation(t *testing.T) {
	t.Parallel()
	e, a := newAPI(t, Options{Latency: 5 * time.Second})
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.base+"/tool", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+a.key)
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		t.Fatal("request finished despite the deadline")
	}
	// The handler stops sleeping when the client goes away.
	deadline := time.Now().Add(2 * time.Second)
	for len(e.Requests()) == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if reqs := e.Requests(); len(reqs) != 1 || reqs[0].Status != 0 || time.Since(start) > 2*time.Second {
		t.Fatalf("log %+v after %v", reqs, time.Since(start))
	}

	_, quick := newAPI(t, Options{Latency: 20 * time.Millisecond})
	start = time.Now()
	quick.call(http.MethodGet, "/tool", nil).want(http.StatusOK)
	if time.Since(start) < 20*time.Millisecond {
		t.Fatal("Latency not applied")
	}
}
