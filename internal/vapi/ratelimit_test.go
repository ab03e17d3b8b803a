package vapi

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"
)

func TestRateLimitSpacesRequests(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		writeJSON(w, http.StatusOK, `[]`)
	})
	c, clock := newTestClient(t, srv.URL, func(o *Options) { o.RequestsPerSecond = 2 })
	start := clock.Now()

	for range 4 {
		if err := c.Do(t.Context(), http.MethodGet, "/tool", nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	// The first request passes; each later one waits half a second on the
	// fake clock, so four requests span 1.5 s: two per second.
	want := []time.Duration{500 * time.Millisecond, 500 * time.Millisecond, 500 * time.Millisecond}
	if got := clock.Waits(); !slices.Equal(got, want) {
		t.Errorf("waits = %v, want %v", got, want)
	}
	if elapsed := clock.Now().Sub(start); elapsed != 1500*time.Millisecond {
		t.Errorf("four requests took %s of fake time, want 1.5s", elapsed)
	}
	if n := len(srv.Hits()); n != 4 {
		t.Errorf("server saw %d requests", n)
	}
}

func TestRateLimitAppliesToRetries(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if n == 1 {
			w.Header().Set("Retry-After", "0")
			writeJSON(w, http.StatusTooManyRequests, `{}`)
			return
		}
		writeJSON(w, http.StatusOK, `{}`)
	})
	c, clock := newTestClient(t, srv.URL, func(o *Options) { o.RequestsPerSecond = 1 })

	if err := c.Do(t.Context(), http.MethodPost, "/tool", map[string]any{}, nil); err != nil {
		t.Fatal(err)
	}
	// Retry-After: 0, then a full second for the limiter.
	if got, want := clock.Waits(), []time.Duration{0, time.Second}; !slices.Equal(got, want) {
		t.Errorf("waits = %v, want %v", got, want)
	}
}

func TestRateLimitWaitHonoursContext(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		writeJSON(w, http.StatusOK, `{}`)
	})
	// One request per 1000 s with the real Sleep and clock.
	c, _ := newTestClient(t, srv.URL, func(o *Options) {
		o.RequestsPerSecond = 0.001
		o.Sleep = nil
		o.Now = nil
	})
	if err := c.Do(t.Context(), http.MethodGet, "/tool", nil, nil); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	err := c.Do(ctx, http.MethodGet, "/tool", nil, nil)
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("Do returned after %s; cancel must end the rate-limit wait", elapsed)
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n := len(srv.Hits()); n != 1 {
		t.Errorf("server saw %d requests, want only the first", n)
	}
}

func TestNoRateLimitByDefault(t *testing.T) {
	for _, rps := range []float64{0, -1} {
		if newLimiter(rps) != nil {
			t.Errorf("RequestsPerSecond %v created a limiter", rps)
		}
	}
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		writeJSON(w, http.StatusOK, `{}`)
	})
	c, clock := newTestClient(t, srv.URL, nil)
	for range 5 {
		if err := c.Do(t.Context(), http.MethodGet, "/tool", nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	if waits := clock.Waits(); len(waits) != 0 {
		t.Errorf("waits = %v without a rate limit", waits)
	}
}
