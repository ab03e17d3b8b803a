package vapi

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// roundTripFunc is a transport that reports no trace events, as a custom
// RoundTripper may.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// hangUp closes the connection after the request was read, without an
// answer.
func hangUp(t *testing.T) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, _ *http.Request, _ int) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		_ = conn.Close()
	}
}

func TestOutcomeUnknownFromDo(t *testing.T) {
	type scenario struct {
		name   string
		method string
		// serve answers requests; nil means no server listens.
		serve  func(t *testing.T) func(http.ResponseWriter, *http.Request, int)
		change func(*Options)
		// ctx returns the context for Do; nil means the test's.
		ctx      func(t *testing.T) context.Context
		want     bool
		wantText string
	}
	always := func(status int, body string) func(*testing.T) func(http.ResponseWriter, *http.Request, int) {
		return func(*testing.T) func(http.ResponseWriter, *http.Request, int) {
			return func(w http.ResponseWriter, _ *http.Request, _ int) { writeJSON(w, status, body) }
		}
	}
	shortTimeout := func(o *Options) { o.HTTPClient = &http.Client{Timeout: 200 * time.Millisecond} }
	tests := []scenario{
		{
			name: "connection closed after the request was read", method: http.MethodPost,
			serve: hangUp, want: true,
			wantText: "did not answer after 1 attempt; the request may have been carried out",
		},
		{
			name: "connection closed on every retry", method: http.MethodPatch,
			serve: hangUp, want: true,
			wantText: "did not answer after 4 attempts; the request may have been carried out",
		},
		{
			name: "no answer before the client's timeout", method: http.MethodPost,
			serve: func(t *testing.T) func(http.ResponseWriter, *http.Request, int) {
				release := make(chan struct{})
				t.Cleanup(func() { close(release) })
				return func(_ http.ResponseWriter, r *http.Request, _ int) {
					select {
					case <-r.Context().Done():
					case <-release:
					}
				}
			},
			change: shortTimeout, want: true,
			wantText: "the request may have been carried out",
		},
		{name: "502 answer", method: http.MethodPost, serve: always(http.StatusBadGateway, `{}`), want: true},
		{name: "503 after the retries", method: http.MethodGet, serve: always(http.StatusServiceUnavailable, `{}`), want: true},
		{name: "201 with a body that is not JSON", method: http.MethodPost, serve: always(http.StatusCreated, `<html>`), want: true},
		{name: "201 with an empty body", method: http.MethodPost, serve: always(http.StatusCreated, ``), want: true},
		{name: "400 answer", method: http.MethodPost, serve: always(http.StatusBadRequest, `{"message":["name must be a string"]}`)},
		{name: "404 answer", method: http.MethodDelete, serve: always(http.StatusNotFound, `{"message":"Not Found"}`)},
		{name: "429 after the retries", method: http.MethodPost, serve: always(http.StatusTooManyRequests, `{}`)},
		{
			name: "not listening", method: http.MethodPost, want: false,
			wantText: "could not be reached after 1 attempt",
		},
		{
			name: "DNS failure", method: http.MethodPost,
			serve: always(http.StatusCreated, `{}`),
			change: func(o *Options) {
				o.HTTPClient = &http.Client{Transport: &http.Transport{
					DialContext: func(context.Context, string, string) (net.Conn, error) {
						return nil, &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "api.vapi.ai", IsNotFound: true}}
					},
				}}
			},
			wantText: "could not be reached",
		},
		{
			name: "timeout while connecting", method: http.MethodPost,
			change: func(o *Options) {
				o.HTTPClient = &http.Client{Timeout: 100 * time.Millisecond, Transport: &http.Transport{
					DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
						<-ctx.Done()
						return nil, ctx.Err()
					},
				}}
			},
		},
		{
			name: "TLS handshake refused", method: http.MethodPost,
			change: func(o *Options) {
				o.HTTPClient = &http.Client{Transport: &http.Transport{
					DialTLSContext: func(context.Context, string, string) (net.Conn, error) {
						return nil, errors.New("tls: handshake failure")
					},
				}}
				o.BaseURL = "https://127.0.0.1:1"
			},
		},
		{
			name: "missing API key", method: http.MethodPost,
			serve:  always(http.StatusCreated, `{}`),
			change: func(o *Options) { o.APIKey = "" },
		},
		{
			name: "context cancelled before sending", method: http.MethodPost,
			serve: always(http.StatusCreated, `{}`),
			ctx: func(t *testing.T) context.Context {
				ctx, cancel := context.WithCancel(t.Context())
				cancel()
				return ctx
			},
		},
		{
			name: "context cancelled during the wait after a 429", method: http.MethodPost,
			serve: always(http.StatusTooManyRequests, `{}`),
			change: func(o *Options) {
				o.Sleep = func(context.Context, time.Duration) error { return context.Canceled }
			},
		},
		{
			name: "backoff failed after a 503", method: http.MethodPatch,
			serve: always(http.StatusServiceUnavailable, `{}`),
			change: func(o *Options) {
				o.Sleep = func(context.Context, time.Duration) error { return context.Canceled }
			},
			want: true, wantText: "the request may have been carried out: waiting before the next attempt",
		},
		{
			name: "transport without trace events that could not dial", method: http.MethodPost,
			serve: always(http.StatusCreated, `{}`),
			change: func(o *Options) {
				o.HTTPClient = &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
					return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
				})}
			},
		},
		{
			name: "transport without trace events that lost the connection", method: http.MethodPost,
			serve: always(http.StatusCreated, `{}`),
			change: func(o *Options) {
				o.HTTPClient = &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
					return nil, io.ErrUnexpectedEOF
				})}
			},
			want: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := closedPortURL(t)
			if tt.serve != nil {
				base = newServer(t, tt.serve(t)).URL
			}
			c, _ := newTestClient(t, base, func(o *Options) {
				if tt.change != nil {
					tt.change(o)
				}
			})
			ctx := t.Context()
			if tt.ctx != nil {
				ctx = tt.ctx(t)
			}
			var out FunctionTool
			err := c.Do(ctx, tt.method, "/tool", map[string]any{"type": "function"}, &out)
			if err == nil {
				t.Fatal("Do succeeded")
			}
			if got := OutcomeUnknown(err); got != tt.want {
				t.Errorf("OutcomeUnknown(%v) = %v, want %v", err, got, tt.want)
			}
			if !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("error %q does not contain %q", err, tt.wantText)
			}
			if !tt.want && strings.Contains(err.Error(), "may have been carried out") {
				t.Errorf("error %q claims an unknown outcome", err)
			}
		})
	}
}

func TestOutcomeUnknownCancelWhileWaitingForTheAnswer(t *testing.T) {
	arrived := make(chan struct{})
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		close(arrived)
		<-r.Context().Done()
	})
	c, _ := newTestClient(t, srv.URL, nil)
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		<-arrived
		cancel()
	}()
	err := c.Do(ctx, http.MethodPost, "/tool", map[string]any{"type": "function"}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if !OutcomeUnknown(err) {
		t.Errorf("OutcomeUnknown(%v) = false for a request the server had received", err)
	}
}

func TestOutcomeUnknownByStatus(t *testing.T) {
	for status := 100; status <= 599; status++ {
		want := status == 500 || status == 502 || status == 503 || status == 504
		err := &APIError{StatusCode: status, Method: http.MethodPost, Path: "/tool"}
		if got := OutcomeUnknown(err); got != want {
			t.Errorf("status %d: OutcomeUnknown = %v, want %v", status, got, want)
		}
		if got := OutcomeUnknown(errors.Join(errors.New("creating tool"), err)); got != want {
			t.Errorf("status %d wrapped: OutcomeUnknown = %v, want %v", status, got, want)
		}
	}
	for _, err := range []error{nil, errors.New("502"), ErrMissingAPIKey, context.Canceled} {
		if OutcomeUnknown(err) {
			t.Errorf("OutcomeUnknown(%v) = true", err)
		}
	}
}

// TestAttemptTraceMayHaveSent covers the trace states the servers of
// TestOutcomeUnknownFromDo cannot produce on demand.
func TestAttemptTraceMayHaveSent(t *testing.T) {
	type events struct{ canceledBefore, connecting, connected, writeFailed bool }
	dialErr := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	tests := []struct {
		name   string
		events events
		err    error
		want   bool
	}{
		{"context done before the round trip", events{canceledBefore: true}, context.Canceled, false},
		{"no connection was made", events{connecting: true}, io.ErrUnexpectedEOF, false},
		{"request written, then the connection lost", events{connecting: true, connected: true}, io.ErrUnexpectedEOF, true},
		{"writing the request failed", events{connecting: true, connected: true, writeFailed: true}, io.ErrUnexpectedEOF, false},
		{"no trace events, dial failed", events{}, dialErr, false},
		{"no trace events, DNS failed", events{}, &net.DNSError{Err: "no such host", Name: "api.vapi.ai"}, false},
		{"no trace events, connection lost", events{}, io.ErrUnexpectedEOF, true},
		{"no trace events, cancelled during the round trip", events{}, context.Canceled, true},
	}
	for _, tt := range tests {
		at := &attemptTrace{canceledBefore: tt.events.canceledBefore}
		at.connecting.Store(tt.events.connecting)
		at.connected.Store(tt.events.connected)
		at.writeFailed.Store(tt.events.writeFailed)
		if got := at.mayHaveSent(tt.err); got != tt.want {
			t.Errorf("%s: mayHaveSent = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestTracingTransportForwardsCloseIdleConnections(t *testing.T) {
	closed := 0
	base := &idleCloser{RoundTripper: http.DefaultTransport, closed: &closed}
	tt := &tracingTransport{base: base}
	tt.CloseIdleConnections()
	if closed != 1 {
		t.Errorf("CloseIdleConnections reached the base transport %d times, want 1", closed)
	}
	// A base without the method is left alone.
	(&tracingTransport{base: roundTripFunc(nil)}).CloseIdleConnections()
}

type idleCloser struct {
	http.RoundTripper
	closed *int
}

func (c *idleCloser) CloseIdleConnections() { *c.closed++ }
