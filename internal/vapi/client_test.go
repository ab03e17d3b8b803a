package vapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// testKey looks like a real private key so that a leak is easy to grep for.
const testKey = "5b0c7d3e-91aa-4c1e-8f00-keep-me-secret"

// fakeClock is both Options.Now and Options.Sleep: Sleep records the wait and
// advances the clock instead of blocking.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)}
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.waits = append(f.waits, d)
	f.now = f.now.Add(d)
	return nil
}

func (f *fakeClock) Waits() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.waits...)
}

// hit is one request as the test server saw it.
type hit struct {
	Method string
	Path   string
	Header http.Header
	Body   string
}

type testServer struct {
	*httptest.Server
	mu   sync.Mutex
	hits []hit
}

// newServer starts a server that records every request and lets handle
// answer it; n is the 1-based number of the request.
func newServer(t *testing.T, handle func(w http.ResponseWriter, r *http.Request, n int)) *testServer {
	t.Helper()
	s := &testServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("reading request body: %v", err)
		}
		s.mu.Lock()
		s.hits = append(s.hits, hit{Method: r.Method, Path: r.URL.RequestURI(), Header: r.Header.Clone(), Body: string(body)})
		n := len(s.hits)
		s.mu.Unlock()
		handle(w, r, n)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *testServer) Hits() []hit {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]hit(nil), s.hits...)
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// newTestClient returns a client for baseURL with three retries and a fake
// clock; change adjusts the options first.
func newTestClient(t *testing.T, baseURL string, change func(*Options)) (*Client, *fakeClock) {
	t.Helper()
	clock := newFakeClock()
	o := Options{
		BaseURL:      baseURL,
		APIKey:       testKey,
		UserAgent:    "terraform-provider-vapi/test",
		MaxRetries:   3,
		RetryWaitMin: time.Second,
		RetryWaitMax: 30 * time.Second,
		Sleep:        clock.Sleep,
		Now:          clock.Now,
	}
	if change != nil {
		change(&o)
	}
	c, err := NewClient(o)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c, clock
}

func TestDoSendsHeadersAndBody(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		writeJSON(w, http.StatusOK, `{"id":"tool-1","type":"function"}`)
	})
	c, _ := newTestClient(t, srv.URL, nil)

	var created FunctionTool
	if err := c.Do(t.Context(), http.MethodPost, "/tool", map[string]any{"type": "function"}, &created); err != nil {
		t.Fatalf("POST: %v", err)
	}
	if created.ID != "tool-1" || created.Type != "function" {
		t.Errorf("decoded %+v", created)
	}
	if err := c.Do(t.Context(), http.MethodGet, "/tool/tool-1?limit=1", nil, nil); err != nil {
		t.Fatalf("GET: %v", err)
	}

	hits := srv.Hits()
	if len(hits) != 2 {
		t.Fatalf("server saw %d requests, want 2", len(hits))
	}
	for _, h := range hits {
		if got := h.Header.Get("Authorization"); got != "Bearer "+testKey {
			t.Errorf("%s Authorization = %q", h.Method, got)
		}
		if got := h.Header.Get("User-Agent"); got != "terraform-provider-vapi/test" {
			t.Errorf("%s User-Agent = %q", h.Method, got)
		}
		if got := h.Header.Get("Accept"); got != "application/json" {
			t.Errorf("%s Accept = %q", h.Method, got)
		}
	}
	post, get := hits[0], hits[1]
	if got := post.Header.Get("Content-Type"); got != "application/json" {
		t.Errorf("POST Content-Type = %q", got)
	}
	if post.Body != `{"type":"function"}` {
		t.Errorf("POST body = %q", post.Body)
	}
	if got := get.Header.Get("Content-Type"); got != "" {
		t.Errorf("GET without a body sent Content-Type %q", got)
	}
	if get.Body != "" || get.Path != "/tool/tool-1?limit=1" {
		t.Errorf("GET reached the server as %q with body %q", get.Path, get.Body)
	}
}

func TestDoMissingAPIKey(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		writeJSON(w, http.StatusOK, `{}`)
	})
	c, _ := newTestClient(t, srv.URL, func(o *Options) { o.APIKey = "" })

	err := c.Do(t.Context(), http.MethodGet, "/assistant", nil, nil)
	if !errors.Is(err, ErrMissingAPIKey) {
		t.Fatalf("err = %v, want ErrMissingAPIKey", err)
	}
	for _, want := range []string{"VAPI_API_KEY", "api_key"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
	if n := len(srv.Hits()); n != 0 {
		t.Errorf("server saw %d requests, want none", n)
	}
}

func TestDoDecodeFailureNamesMethodAndPath(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if r.URL.Path == "/tool/empty" {
			w.WriteHeader(http.StatusOK)
			return
		}
		writeJSON(w, http.StatusOK, `<html>not json</html>`)
	})
	c, _ := newTestClient(t, srv.URL, nil)

	for _, path := range []string{"/tool/abc", "/tool/empty"} {
		var out FunctionTool
		err := c.Do(t.Context(), http.MethodGet, path, nil, &out)
		if err == nil {
			t.Fatalf("GET %s: no error for an undecodable body", path)
		}
		if !strings.Contains(err.Error(), "GET "+path) {
			t.Errorf("error %q does not name the call", err)
		}
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			t.Errorf("a 2xx decode failure is not an API error: %v", err)
		}
	}
	if err := c.Do(t.Context(), http.MethodDelete, "/tool/abc", nil, nil); err != nil {
		t.Errorf("a body is not decoded when out is nil, got %v", err)
	}
}

func TestDoRejectsPathWithoutSlash(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		writeJSON(w, http.StatusOK, `{}`)
	})
	c, _ := newTestClient(t, srv.URL, nil)
	if err := c.Do(t.Context(), http.MethodGet, "tool", nil, nil); err == nil {
		t.Fatal("want an error for a path without a leading slash")
	}
	if n := len(srv.Hits()); n != 0 {
		t.Errorf("server saw %d requests", n)
	}
}

func TestDoBodyMarshalError(t *testing.T) {
	c, _ := newTestClient(t, "http://127.0.0.1:1", nil)
	err := c.Do(t.Context(), http.MethodPost, "/tool", map[string]any{"f": func() {}}, nil)
	var unsupported *json.UnsupportedTypeError
	if !errors.As(err, &unsupported) || !strings.Contains(err.Error(), "POST /tool") {
		t.Fatalf("err = %v, want a named json.UnsupportedTypeError", err)
	}
}

func TestDoCancelDuringRequest(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
		w.WriteHeader(http.StatusOK)
	})
	c, _ := newTestClient(t, srv.URL, nil)

	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	err := c.Do(ctx, http.MethodGet, "/assistant", nil, nil)
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("Do returned after %s; cancellation must end the request", elapsed)
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n := len(srv.Hits()); n != 1 {
		t.Errorf("server saw %d requests, want 1 (no retry after cancel)", n)
	}
}

func TestNewClientDefaults(t *testing.T) {
	c, err := NewClient(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.baseURL != DefaultBaseURL || c.maxRetries != 0 ||
		c.retryWaitMin != time.Second || c.retryWaitMax != 30*time.Second ||
		c.limiter != nil || c.httpClient == nil || c.sleep == nil || c.now == nil {
		t.Errorf("zero Options gave %+v", c)
	}

	c, err = NewClient(Options{BaseURL: "http://127.0.0.1:8080/", MaxRetries: -1, RetryWaitMin: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if c.baseURL != "http://127.0.0.1:8080" {
		t.Errorf("trailing slash kept: %q", c.baseURL)
	}
	if c.maxRetries != 4 {
		t.Errorf("negative MaxRetries gave %d retries, want 4", c.maxRetries)
	}
	if c.retryWaitMax != time.Minute {
		t.Errorf("RetryWaitMax %s is below RetryWaitMin 1m", c.retryWaitMax)
	}

	hc := &http.Client{}
	c, err = NewClient(Options{HTTPClient: hc})
	if err != nil || c.httpClient != hc {
		t.Errorf("the given HTTP client is not used (err %v)", err)
	}

	if _, err := NewClient(Options{BaseURL: "http://api.vapi.ai"}); err == nil {
		t.Error("NewClient accepted plain http to a remote host")
	}
}

func TestValidateBaseURL(t *testing.T) {
	tests := []struct {
		url     string
		wantErr string // "" = valid
	}{
		{"https://api.vapi.ai", ""},
		{"https://api.eu.vapi.ai/", ""},
		{"https://proxy.example.com/vapi", ""},
		{"http://127.0.0.1:8080", ""},
		{"http://127.9.8.7", ""},
		{"http://localhost:3000", ""},
		{"http://LOCALHOST", ""},
		{"http://[::1]:8080", ""},
		{"", "must not be empty"},
		{"http://api.vapi.ai", "base_url must use https:// (http:// is allowed only for loopback hosts such as 127.0.0.1, used by the local emulator)"},
		{"http://10.0.0.1", "allowed only for loopback hosts"},
		{"http://localhost.example.com", "allowed only for loopback hosts"},
		{"ftp://api.vapi.ai", "must use https://, not ftp://"},
		{"api.vapi.ai", "must be an absolute URL"},
		{"https://", "must be an absolute URL"},
		{"https://api.vapi.ai/%zz", "not a valid URL"},
		{"https://user:pass@api.vapi.ai", "must not contain a user name or password"},
		{"https://api.vapi.ai?x=1", "must not contain a query string"},
	}
	for _, tt := range tests {
		err := ValidateBaseURL(tt.url)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("ValidateBaseURL(%q) = %v, want nil", tt.url, err)
		case tt.wantErr != "" && err == nil:
			t.Errorf("ValidateBaseURL(%q) = nil, want an error containing %q", tt.url, tt.wantErr)
		case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
			t.Errorf("ValidateBaseURL(%q) = %q, want it to contain %q", tt.url, err, tt.wantErr)
		}
	}
}

func TestIsLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "LocalHost": true, "api.localhost": true, "127.0.0.1": true, "127.8.9.10": true, "::1": true,
		"localhost.example.com": false, "example.com": false, "10.0.0.1": false, "": false, "0.0.0.0": false,
	} {
		if got := IsLoopbackHost(host); got != want {
			t.Errorf("IsLoopbackHost(%q) = %v, want %v", host, got, want)
		}
	}
}
