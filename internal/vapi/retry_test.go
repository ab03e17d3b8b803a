package vapi

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestRetryAfterHonoured(t *testing.T) {
	clockStart := newFakeClock().Now()
	tests := []struct {
		name       string
		retryAfter string
		want       time.Duration
	}{
		{"seconds", "3", 3 * time.Second},
		{"zero seconds", "0", 0},
		{"HTTP date", clockStart.Add(5 * time.Second).Format(http.TimeFormat), 5 * time.Second},
		{"HTTP date in the past", clockStart.Add(-time.Hour).Format(http.TimeFormat), 0},
		{"seconds above RetryWaitMax", "3600", 30 * time.Second},
		{"HTTP date beyond RetryWaitMax", clockStart.Add(24 * time.Hour).Format(http.TimeFormat), 30 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
				if n == 1 {
					w.Header().Set("Retry-After", tt.retryAfter)
					writeJSON(w, http.StatusTooManyRequests, `{"statusCode":429,"message":"ThrottlerException: Too Many Requests"}`)
					return
				}
				writeJSON(w, http.StatusOK, `{"id":"a1"}`)
			})
			c, clock := newTestClient(t, srv.URL, nil)

			if err := c.Do(t.Context(), http.MethodGet, "/assistant/a1", nil, nil); err != nil {
				t.Fatalf("Do: %v", err)
			}
			if got := clock.Waits(); !slices.Equal(got, []time.Duration{tt.want}) {
				t.Errorf("waits = %v, want [%s]", got, tt.want)
			}
			if n := len(srv.Hits()); n != 2 {
				t.Errorf("server saw %d requests, want 2", n)
			}
		})
	}
}

func TestPostRetriedOnlyAfter429(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if n == 1 {
			w.Header().Set("Retry-After", "2")
			writeJSON(w, http.StatusTooManyRequests, `{"statusCode":429,"message":"Rate limit exceeded"}`)
			return
		}
		writeJSON(w, http.StatusCreated, `{"id":"tool-1"}`)
	})
	c, clock := newTestClient(t, srv.URL, nil)

	var out FunctionTool
	if err := c.Do(t.Context(), http.MethodPost, "/tool", map[string]any{"type": "function"}, &out); err != nil {
		t.Fatalf("Do: %v", err)
	}
	if out.ID != "tool-1" {
		t.Errorf("decoded %+v", out)
	}
	hits := srv.Hits()
	if len(hits) != 2 {
		t.Fatalf("server saw %d POSTs, want 2", len(hits))
	}
	if hits[0].Body != hits[1].Body || hits[1].Body != `{"type":"function"}` {
		t.Errorf("retried body %q differs from first %q", hits[1].Body, hits[0].Body)
	}
	if got := clock.Waits(); !slices.Equal(got, []time.Duration{2 * time.Second}) {
		t.Errorf("waits = %v, want [2s]", got)
	}
}

func TestServerErrorRetriedForRepeatableMethods(t *testing.T) {
	for _, method := range []string{http.MethodGet, http.MethodPatch, http.MethodDelete} {
		t.Run(method, func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
				if n <= 2 {
					writeJSON(w, http.StatusServiceUnavailable, `{"statusCode":503,"message":"Service Unavailable"}`)
					return
				}
				writeJSON(w, http.StatusOK, `{"id":"a1"}`)
			})
			c, clock := newTestClient(t, srv.URL, nil)

			var body any
			if method == http.MethodPatch {
				body = map[string]any{"name": "x"}
			}
			if err := c.Do(t.Context(), method, "/assistant/a1", body, nil); err != nil {
				t.Fatalf("Do: %v", err)
			}
			if n := len(srv.Hits()); n != 3 {
				t.Errorf("server saw %d requests, want 3", n)
			}
			waits := clock.Waits()
			if len(waits) != 2 {
				t.Fatalf("waits = %v, want two backoff waits", waits)
			}
			// Exponential with jitter: retry i waits within [min*2^i, min*2^(i+1)].
			for i, w := range waits {
				low, high := time.Second<<i, time.Second<<(i+1)
				if w < low || w > high {
					t.Errorf("wait %d = %s, want within [%s, %s]", i, w, low, high)
				}
			}
		})
	}
}

func TestServerErrorNotRetriedForPost(t *testing.T) {
	for _, status := range []int{http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				w.Header().Set("Retry-After", "1")
				writeJSON(w, status, `{"statusCode":500,"message":"create may or may not have happened"}`)
			})
			c, clock := newTestClient(t, srv.URL, nil)

			err := c.Do(t.Context(), http.MethodPost, "/assistant", map[string]any{"name": "a"}, nil)
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != status {
				t.Fatalf("err = %v, want an APIError %d", err, status)
			}
			if apiErr.Message != "create may or may not have happened" {
				t.Errorf("Message = %q", apiErr.Message)
			}
			if n := len(srv.Hits()); n != 1 {
				t.Errorf("server saw %d POSTs, want exactly 1", n)
			}
			if waits := clock.Waits(); len(waits) != 0 {
				t.Errorf("waits = %v, want none", waits)
			}
		})
	}
}

func TestFinalErrorBodySurvivesRetries(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		writeJSON(w, http.StatusServiceUnavailable,
			fmt.Sprintf(`{"statusCode":503,"error":"Service Unavailable","message":"overloaded (answer %d)"}`, n))
	})
	c, clock := newTestClient(t, srv.URL, nil)

	err := c.Do(t.Context(), http.MethodGet, "/tool", nil, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v (%T), want *APIError", err, err)
	}
	if apiErr.StatusCode != http.StatusServiceUnavailable || apiErr.Message != "overloaded (answer 4)" || apiErr.ErrorCode != "Service Unavailable" {
		t.Errorf("got %d %q %q, want the fourth answer", apiErr.StatusCode, apiErr.Message, apiErr.ErrorCode)
	}
	if want := "GET /tool: 503 Service Unavailable: overloaded (answer 4)"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err, want)
	}
	if n := len(srv.Hits()); n != 4 {
		t.Errorf("server saw %d requests, want 1 + 3 retries", n)
	}
	if n := len(clock.Waits()); n != 3 {
		t.Errorf("%d waits, want 3", n)
	}
}

func TestTooManyRequestsExhausted(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Retry-After", "1")
		writeJSON(w, http.StatusTooManyRequests, `{"statusCode":429,"message":"Rate limit exceeded"}`)
	})
	c, clock := newTestClient(t, srv.URL, func(o *Options) { o.MaxRetries = 2 })

	err := c.Do(t.Context(), http.MethodPost, "/tool", map[string]any{}, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusTooManyRequests || apiErr.Message != "Rate limit exceeded" {
		t.Fatalf("err = %v, want the 429 APIError", err)
	}
	if n := len(srv.Hits()); n != 3 {
		t.Errorf("server saw %d POSTs, want 3", n)
	}
	if got := clock.Waits(); !slices.Equal(got, []time.Duration{time.Second, time.Second}) {
		t.Errorf("waits = %v", got)
	}
}

func TestNoRetriesWhenMaxRetriesZero(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		writeJSON(w, http.StatusTooManyRequests, `{"message":"Rate limit exceeded"}`)
	})
	c, clock := newTestClient(t, srv.URL, func(o *Options) { o.MaxRetries = 0 })
	if err := c.Do(t.Context(), http.MethodGet, "/tool", nil, nil); err == nil {
		t.Fatal("want an error")
	}
	if n := len(srv.Hits()); n != 1 || len(clock.Waits()) != 0 {
		t.Errorf("%d requests and waits %v, want 1 and none", n, clock.Waits())
	}
}

// closedPortURL returns a loopback URL on which nothing listens.
func closedPortURL(t *testing.T) string {
	t.Helper()
	var lc net.ListenConfig
	ln, err := lc.Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return "http://" + addr
}

func TestConnectionRefused(t *testing.T) {
	base := closedPortURL(t)
	tests := []struct {
		method       string
		wantAttempts string
		wantWaits    int
	}{
		{http.MethodGet, "after 4 attempts", 3},
		{http.MethodDelete, "after 4 attempts", 3},
		{http.MethodPost, "after 1 attempt:", 0},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			c, clock := newTestClient(t, base, nil)
			err := c.Do(t.Context(), tt.method, "/tool", nil, nil)
			if err == nil {
				t.Fatal("want an error")
			}
			want := fmt.Sprintf("%s /tool: the Vapi API at %s could not be reached %s", tt.method, base, tt.wantAttempts)
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q\ndoes not contain %q", err, want)
			}
			if !errors.Is(err, syscall.ECONNREFUSED) {
				t.Errorf("error %v does not wrap ECONNREFUSED", err)
			}
			var apiErr *APIError
			if errors.As(err, &apiErr) {
				t.Error("a connection failure is not an API error")
			}
			if n := len(clock.Waits()); n != tt.wantWaits {
				t.Errorf("%d waits, want %d", n, tt.wantWaits)
			}
		})
	}
}

func TestCancelDuringBackoffReturnsPromptly(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Retry-After", "3600")
		writeJSON(w, http.StatusServiceUnavailable, `{"message":"down"}`)
	})
	// The real Sleep: the hour-long wait must end with the context.
	c, _ := newTestClient(t, srv.URL, func(o *Options) {
		o.Sleep = nil
		o.RetryWaitMax = 2 * time.Hour
	})

	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	err := c.Do(ctx, http.MethodGet, "/assistant", nil, nil)
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("Do returned after %s; cancel must end the wait at once", elapsed)
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if !strings.HasPrefix(err.Error(), "GET /assistant: ") {
		t.Errorf("error %q does not name the call", err)
	}
	if n := len(srv.Hits()); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}

func TestSleepFailureIsNotReportedAsUnreachable(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		writeJSON(w, http.StatusBadGateway, `{}`)
	})
	boom := errors.New("boom")
	c, _ := newTestClient(t, srv.URL, func(o *Options) {
		o.Sleep = func(context.Context, time.Duration) error { return boom }
	})
	err := c.Do(t.Context(), http.MethodGet, "/tool", nil, nil)
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want it to wrap the Sleep error", err)
	}
	if strings.Contains(err.Error(), "could not be reached") {
		t.Errorf("error %q blames the network", err)
	}
}

func TestBackoffWithJitterBounds(t *testing.T) {
	const minWait, maxWait = time.Second, 30 * time.Second
	for retry := range 8 {
		ceiling := min(minWait<<(retry+1), maxWait)
		low := max(ceiling/2, minWait)
		seen := map[time.Duration]bool{}
		for range 200 {
			w := backoffWithJitter(minWait, maxWait, retry)
			if w < low || w > ceiling {
				t.Fatalf("retry %d: wait %s outside [%s, %s]", retry, w, low, ceiling)
			}
			seen[w] = true
		}
		if len(seen) < 2 {
			t.Errorf("retry %d: 200 waits were all %v; want jitter", retry, seen)
		}
	}
	if w := backoffWithJitter(time.Second, time.Duration(1<<62), 200); w <= 0 {
		t.Errorf("a huge retry number overflowed to %s", w)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := newFakeClock().Now()
	tests := []struct {
		value  string
		want   time.Duration
		wantOK bool
	}{
		{"3", 3 * time.Second, true},
		{" 7 ", 7 * time.Second, true},
		{"0", 0, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{"99999999999999999999", 0, false},
		{"9999999999999", time.Duration(1<<63 - 1), true},
		{"-1", 0, false},
		{"soon", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.value, now)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("parseRetryAfter(%q) = %s, %v; want %s, %v", tt.value, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestRetryableClientLoggerIsNil(t *testing.T) {
	c, _ := newTestClient(t, "https://api.vapi.ai", nil)
	if rc := c.newCall(http.MethodGet, "/tool", nil).retryableClient(t.Context()); rc.Logger != nil {
		t.Errorf("retryablehttp Logger = %v; it would write to stderr", rc.Logger)
	}
}
