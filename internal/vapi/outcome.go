package vapi

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
)

// OutcomeUnknown reports whether err leaves open whether the request was
// carried out: it may have reached the API and changed something, but no
// answer says what. That is the case for a connection closed or reset after
// the request was written, a timeout or a cancellation while waiting for the
// answer, an answer of 500, 502, 503 or 504, and a 2xx answer that could not
// be read. It is false for errors that prove nothing was done: no connection
// could be made (DNS failure, connection refused), any 4xx answer, a missing
// API key, a context cancelled before the request was sent.
//
// A create that fails with such an error must look for the object before
// reporting failure, or a retried apply makes a duplicate.
func OutcomeUnknown(err error) bool {
	var unknown *outcomeUnknownError
	if errors.As(err, &unknown) {
		return true
	}
	var apiErr *APIError
	return errors.As(err, &apiErr) && answerLeavesOutcomeOpen(apiErr.StatusCode)
}

// answerLeavesOutcomeOpen reports whether an error status may come after
// the request was carried out: a proxy that timed out on the API (502, 504),
// an API that failed after writing (500), an overloaded one (503). Other
// statuses are refusals.
func answerLeavesOutcomeOpen(status int) bool {
	switch status {
	case http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	default:
		return false
	}
}

// outcomeUnknownError marks an error of Do after which the request may have
// been carried out; OutcomeUnknown looks for it.
type outcomeUnknownError struct {
	err error
}

func (e *outcomeUnknownError) Error() string { return e.err.Error() }

func (e *outcomeUnknownError) Unwrap() error { return e.err }

// attemptTrace follows one round trip through net/http's client trace. The
// callbacks run on the transport's goroutines, hence the atomics.
type attemptTrace struct {
	// canceledBefore is set when the context was done before the round
	// trip began: nothing was sent.
	canceledBefore bool
	// connecting: the transport began to get a connection, so it reports
	// trace events (a custom RoundTripper may report none).
	connecting atomic.Bool
	// connected: the transport got a connection and began to write.
	connected atomic.Bool
	// writeFailed: writing the request failed, and a server does not act on
	// a request it did not receive whole.
	writeFailed atomic.Bool
}

func (at *attemptTrace) clientTrace() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		GetConn:      func(string) { at.connecting.Store(true) },
		GotConn:      func(httptrace.GotConnInfo) { at.connected.Store(true) },
		WroteRequest: func(info httptrace.WroteRequestInfo) { at.writeFailed.Store(info.Err != nil) },
	}
}

// mayHaveSent reports whether the round trip that failed with err may have
// delivered the request. When in doubt it says yes: a false "nothing was
// done" is what makes duplicates.
func (at *attemptTrace) mayHaveSent(err error) bool {
	switch {
	case at.canceledBefore:
		return false
	case at.connected.Load():
		return !at.writeFailed.Load()
	case at.connecting.Load():
		// The transport never got a connection: DNS, dial or TLS failed.
		return false
	default:
		return !isDialError(err)
	}
}

// isDialError reports whether err says that no connection could be made. It
// judges errors of transports that report no trace events.
func isDialError(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

// tracingTransport gives every round trip of a call its own attemptTrace, so
// that a late event of an earlier attempt cannot be taken for one of the
// current attempt. RoundTrip runs on the goroutine of Do, as CheckRetry does.
type tracingTransport struct {
	base http.RoundTripper
	cl   *call
}

func (t *tracingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	at := &attemptTrace{canceledBefore: req.Context().Err() != nil}
	t.cl.trace = at
	return t.base.RoundTrip(req.WithContext(httptrace.WithClientTrace(req.Context(), at.clientTrace())))
}

// CloseIdleConnections lets http.Client.CloseIdleConnections, which
// retryablehttp calls after a failure, reach the wrapped transport.
func (t *tracingTransport) CloseIdleConnections() {
	if ci, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

// tracedClient returns a copy of the client's HTTP client whose transport
// traces each round trip for cl.
func (cl *call) tracedClient() *http.Client {
	hc := *cl.client.httpClient
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	hc.Transport = &tracingTransport{base: base, cl: cl}
	return &hc
}

// attemptUnknown reports whether the attempt that ended with resp or err may
// have been carried out without the client learning the result. A 2xx
// counts: if Do fails after it (cancellation, an unreadable body), the
// request was carried out and its answer lost.
func (cl *call) attemptUnknown(resp *http.Response, err error) bool {
	if err == nil && resp != nil {
		return isSuccess(resp.StatusCode) || answerLeavesOutcomeOpen(resp.StatusCode)
	}
	// No round trip: the request never left (http.Client refused it).
	if cl.trace == nil {
		return false
	}
	return cl.trace.mayHaveSent(err)
}

func isSuccess(status int) bool { return status >= 200 && status <= 299 }
