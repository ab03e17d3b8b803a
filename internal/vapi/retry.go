package vapi

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// call is the state of one Do. go-retryablehttp's CheckRetry and Backoff do
// not receive the request, so each Do builds a retryablehttp.Client whose
// callbacks are methods of its own call and therefore know the method. The
// callbacks run one after another on Do's goroutine, so call needs no lock.
type call struct {
	client *Client
	method string
	path   string
	body   []byte

	// repeatable is true for the methods that may be sent again after a 5xx
	// or a connection error. A POST creates an object: repeating it after an
	// answer that may have come after the create would make a duplicate.
	// Vapi's PATCH sets fields to given values, so repeating it is harmless.
	repeatable bool

	attempt   int           // 1-based number of the attempt in flight
	sentAt    time.Time     // when the attempt in flight was sent
	wait      time.Duration // wait chosen by backoff for the next attempt
	lastIssue string        // why the previous attempt is being retried

	trace   *attemptTrace // the round trip of the attempt in flight, nil before it starts
	unknown bool          // the latest attempt may have been carried out with its answer lost (see OutcomeUnknown)
}

func (c *Client) newCall(method, path string, body []byte) *call {
	return &call{
		client: c,
		method: method,
		path:   path,
		body:   body,
		repeatable: method == http.MethodGet ||
			method == http.MethodPatch ||
			method == http.MethodDelete,
	}
}

// retryableClient wires the call's policy into go-retryablehttp. Backoff only
// computes the wait and returns 0; PrepareRetry then performs it through
// Options.Sleep, so every wait is injectable and ends when the context does.
// ctx is the request's context, handed to the log hooks so that tflog keeps
// the provider's per-request fields (a response from a custom transport may
// lack the Request to take it from).
func (cl *call) retryableClient(ctx context.Context) *retryablehttp.Client {
	return &retryablehttp.Client{
		HTTPClient: cl.tracedClient(),
		// A nil Logger keeps retryablehttp silent (its default writes to
		// stderr) and makes it pass a nil logger to the hooks, which write
		// to tflog instead.
		Logger:       nil,
		RetryWaitMin: cl.client.retryWaitMin,
		RetryWaitMax: cl.client.retryWaitMax,
		RetryMax:     cl.client.maxRetries,
		CheckRetry:   cl.checkRetry,
		Backoff:      cl.backoff,
		PrepareRetry: cl.prepareRetry,
		RequestLogHook: func(_ retryablehttp.Logger, req *http.Request, retry int) {
			cl.trace = nil
			cl.logRequest(ctx, req, retry)
		},
		ResponseLogHook: func(_ retryablehttp.Logger, resp *http.Response) {
			cl.client.noteServerDate(resp.Header.Get("Date"))
			cl.logResponse(ctx, resp)
		},
		// The last response comes back unread, so Do can turn Vapi's error
		// body into an *APIError instead of "giving up after N attempts".
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
}

// checkRetry retries 429 for every method, and 5xx (except 501) and
// connection errors only for repeatable methods.
func (cl *call) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	// Judged before anything else: every attempt ends here, and the last
	// one's outcome is what Do reports.
	cl.unknown = cl.attemptUnknown(resp, err)
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		if !cl.repeatable {
			return false, nil
		}
		cl.lastIssue = err.Error()
		// The default policy knows which transport errors are permanent
		// (bad certificate, unsupported scheme, redirect loop).
		return retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		cl.lastIssue = resp.Status
		return true, nil
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		cl.lastIssue = resp.Status
		return cl.repeatable, nil
	default:
		return false, nil
	}
}

func (cl *call) backoff(minWait, maxWait time.Duration, retry int, resp *http.Response) time.Duration {
	cl.wait = retryWait(minWait, maxWait, retry, resp, cl.client.now())
	// retryablehttp would wait on its own timer, which tests cannot replace;
	// prepareRetry does the real wait.
	return 0
}

func (cl *call) prepareRetry(req *http.Request) error {
	ctx := req.Context()
	tflog.Debug(ctx, "Retrying Vapi API request", map[string]any{
		"method":  cl.method,
		"path":    cl.path,
		"attempt": cl.attempt + 1,
		"wait":    cl.wait.String(),
		"reason":  cl.lastIssue,
	})
	if err := cl.client.sleep(ctx, cl.wait); err != nil {
		return &waitError{err: err}
	}
	return cl.client.throttle(ctx)
}

// failure turns an error from the retry loop into the error Do returns,
// marked for OutcomeUnknown when the latest attempt may have been carried
// out.
func (cl *call) failure(ctx context.Context, err error) error {
	maybeDone := ""
	if cl.unknown {
		maybeDone = "the request may have been carried out: "
	}
	attempts := "1 attempt"
	if cl.attempt != 1 {
		attempts = strconv.Itoa(cl.attempt) + " attempts"
	}
	var failed error
	var we *waitError
	switch ctxErr := ctx.Err(); {
	case ctxErr != nil:
		failed = fmt.Errorf("%s %s: %s%w", cl.method, cl.path, maybeDone, ctxErr)
	case errors.As(err, &we):
		failed = fmt.Errorf("%s %s: %s%w", cl.method, cl.path, maybeDone, we)
	case cl.unknown:
		failed = fmt.Errorf("%s %s: the Vapi API at %s did not answer after %s; the request may have been carried out: %w",
			cl.method, cl.path, cl.client.baseURL, attempts, err)
	default:
		failed = fmt.Errorf("%s %s: the Vapi API at %s could not be reached after %s: %w",
			cl.method, cl.path, cl.client.baseURL, attempts, err)
	}
	if cl.unknown {
		return &outcomeUnknownError{err: failed}
	}
	return failed
}

// retryWait is the wait before retry number retry+1: the server's
// Retry-After when it sent one, else exponential backoff with jitter. Both
// are capped at maxWait so a server asking for an hour cannot stall an apply.
func retryWait(minWait, maxWait time.Duration, retry int, resp *http.Response, now time.Time) time.Duration {
	if resp != nil {
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), now); ok {
			return min(d, maxWait)
		}
	}
	return backoffWithJitter(minWait, maxWait, retry)
}

// parseRetryAfter reads a Retry-After value: delay seconds or an HTTP date.
// A date in the past means "now".
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(math.MaxInt64/time.Second) {
			return time.Duration(math.MaxInt64), true
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// backoffWithJitter picks a wait in [ceiling/2, ceiling], where ceiling is
// minWait*2^(retry+1) capped at maxWait, and never below minWait. The random
// half spreads out the retries of Terraform's parallel operations.
func backoffWithJitter(minWait, maxWait time.Duration, retry int) time.Duration {
	ceiling := minWait
	for range retry + 1 {
		if ceiling > maxWait/2 {
			ceiling = maxWait
			break
		}
		ceiling *= 2
	}
	half := ceiling / 2
	return max(half+randomUpTo(ceiling-half), minWait)
}

// randomUpTo returns a uniformly random duration in [0, n].
func randomUpTo(n time.Duration) time.Duration {
	v, err := rand.Int(rand.Reader, big.NewInt(int64(n)+1))
	if err != nil {
		// crypto/rand does not fail on supported platforms; a wait without
		// jitter is still a correct wait.
		return 0
	}
	return time.Duration(v.Int64())
}

// sleepContext is the default Options.Sleep.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
