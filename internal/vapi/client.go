// Package vapi is the HTTP client the provider uses to talk to the Vapi REST
// API: authentication, retries, client-side rate limiting, logging through
// tflog and typed API errors.
package vapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/time/rate"
)

// DefaultBaseURL is the Vapi API endpoint used when Options.BaseURL is empty.
const DefaultBaseURL = "https://api.vapi.ai"

// DefaultMaxRetries is the number of retries when Options.MaxRetries is
// negative.
const DefaultMaxRetries = 4

const (
	defaultMinRetryWait = time.Second
	defaultMaxRetryWait = 30 * time.Second

	// defaultAttemptTimeout bounds one attempt when the caller supplies no
	// HTTP client, so that a stalled connection cannot hang an apply that has
	// no deadline of its own.
	defaultAttemptTimeout = 60 * time.Second
)

// Options configures a Client. The zero value talks to DefaultBaseURL with no
// retries and no rate limit; everything nondeterministic (transport, sleep,
// clock) can be injected so tests run against httptest servers without
// real waiting.
type Options struct {
	// BaseURL defaults to DefaultBaseURL; a trailing slash is trimmed. It must
	// pass ValidateBaseURL.
	BaseURL string
	// APIKey is the private Vapi API key. It may be empty: then every Do
	// returns ErrMissingAPIKey, which lets the provider configure without a
	// key and fail only when a resource actually needs the API.
	APIKey string
	// UserAgent is sent as the User-Agent header of every request.
	UserAgent string
	// MaxRetries is the number of retries after the first attempt: 0 means
	// none, a negative value selects the default of 4.
	MaxRetries int
	// RequestsPerSecond > 0 spaces requests (every attempt, retries included)
	// at most this many per second; 0 means no client-side limit.
	RequestsPerSecond float64
	// HTTPClient is optional; when set it is used as is (its Transport,
	// Timeout and redirect policy).
	HTTPClient *http.Client
	// RetryWaitMin is the first backoff step; default 1s.
	RetryWaitMin time.Duration
	// RetryWaitMax caps every backoff and every Retry-After; default 30s.
	RetryWaitMax time.Duration
	// Sleep performs every wait of the client: backoff between attempts and
	// rate-limit spacing. It must return promptly with an error (normally
	// ctx.Err()) when ctx is done. Default: a timer that honours ctx.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock used for Retry-After HTTP dates, the rate limiter
	// and ServerClockSkew; default time.Now.
	Now func() time.Time
}

// Client calls the Vapi API. It is safe for concurrent use.
type Client struct {
	baseURL      string
	apiKey       string
	userAgent    string
	maxRetries   int
	retryWaitMin time.Duration
	retryWaitMax time.Duration
	httpClient   *http.Client
	limiter      *rate.Limiter
	sleep        func(ctx context.Context, d time.Duration) error
	now          func() time.Time
	clock        serverClock
}

// NewClient returns a Client for o. It fails only when o.BaseURL is not
// acceptable to ValidateBaseURL; a missing API key is reported by Do instead.
func NewClient(o Options) (*Client, error) {
	base := o.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	if err := ValidateBaseURL(base); err != nil {
		return nil, err
	}

	c := &Client{
		baseURL:      strings.TrimRight(base, "/"),
		apiKey:       o.APIKey,
		userAgent:    o.UserAgent,
		maxRetries:   o.MaxRetries,
		retryWaitMin: o.RetryWaitMin,
		retryWaitMax: o.RetryWaitMax,
		httpClient:   o.HTTPClient,
		limiter:      newLimiter(o.RequestsPerSecond),
		sleep:        o.Sleep,
		now:          o.Now,
	}
	if c.maxRetries < 0 {
		c.maxRetries = DefaultMaxRetries
	}
	if c.retryWaitMin <= 0 {
		c.retryWaitMin = defaultMinRetryWait
	}
	if c.retryWaitMax <= 0 {
		c.retryWaitMax = defaultMaxRetryWait
	}
	c.retryWaitMax = max(c.retryWaitMax, c.retryWaitMin)
	if c.httpClient == nil {
		c.httpClient = &http.Client{
			Transport: cleanhttp.DefaultPooledTransport(),
			Timeout:   defaultAttemptTimeout,
		}
	}
	if c.sleep == nil {
		c.sleep = sleepContext
	}
	if c.now == nil {
		c.now = time.Now
	}
	return c, nil
}

// ValidateBaseURL reports whether s can serve as the API base URL. https is
// required so the API key never crosses the network in clear text; plain
// http is accepted only for loopback hosts (127.0.0.0/8, ::1, localhost),
// where the local emulator listens. Errors are worded for provider users.
func ValidateBaseURL(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("base_url must not be empty")
	}
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("base_url is not a valid URL: %w", err)
	}
	if u.Scheme == "" || u.Hostname() == "" {
		return fmt.Errorf("base_url %q must be an absolute URL such as %s", s, DefaultBaseURL)
	}
	if u.User != nil {
		// URLs end up in logs and error messages.
		return errors.New("base_url must not contain a user name or password; the API key is set with api_key")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return errors.New("base_url must not contain a query string or fragment: request paths are appended to it")
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if IsLoopbackHost(u.Hostname()) {
			return nil
		}
		return errors.New("base_url must use https:// (http:// is allowed only for loopback hosts such as 127.0.0.1, used by the local emulator)")
	default:
		return fmt.Errorf("base_url must use https://, not %s://", u.Scheme)
	}
}

// IsLoopbackHost reports whether host (a URL's Hostname) names this machine:
// localhost, a name under .localhost (RFC 6761), or a loopback address. It
// judges the name only; a dialer that must be sure checks what it resolves to.
func IsLoopbackHost(host string) bool {
	h := strings.ToLower(host)
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Do sends one API call and decodes a 2xx JSON answer into out.
//
// body is nil or any JSON-marshalable value; out is nil or a pointer. path
// starts with "/" and may carry a query string. A non-2xx answer is returned
// as *APIError (after retries, see retry.go); context cancellation ends any
// wait at once and yields an error wrapping ctx.Err().
func (c *Client) Do(ctx context.Context, method, path string, body, out any) error {
	if c.apiKey == "" {
		return ErrMissingAPIKey
	}
	if !strings.HasPrefix(path, "/") {
		return fmt.Errorf("%s %s: the request path must start with /", method, path)
	}

	// rawBody stays a nil interface without a body: a typed nil []byte would
	// make retryablehttp send an empty body.
	var payload []byte
	var rawBody any
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("%s %s: encoding the request body: %w", method, path, err)
		}
		payload, rawBody = b, b
	}

	// Whatever else masks secrets, the key itself must never reach a log line.
	ctx = tflog.MaskLogStrings(ctx, c.apiKey)

	req, err := retryablehttp.NewRequestWithContext(ctx, method, c.baseURL+path, rawBody)
	if err != nil {
		return fmt.Errorf("%s %s: building the request: %w", method, path, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.apiKey)
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}

	cl := c.newCall(method, path, payload)
	if err := c.throttle(ctx); err != nil {
		return cl.failure(ctx, err)
	}
	resp, err := cl.retryableClient(ctx).Do(req)
	if err != nil {
		if resp != nil {
			// retryablehttp has already drained this response; closing
			// again only guarantees the connection is released.
			_ = resp.Body.Close()
		}
		return cl.failure(ctx, err)
	}
	defer func() { _ = resp.Body.Close() }()

	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return cl.unreadable(fmt.Errorf("%s %s: reading the %d response: %w", method, path, resp.StatusCode, err))
	}
	cl.logResponseBody(ctx, resp.StatusCode, data)

	if !isSuccess(resp.StatusCode) {
		return newAPIError(method, path, resp.StatusCode, data, c.apiKey)
	}
	if out == nil {
		return nil
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return cl.unreadable(fmt.Errorf("%s %s: the API answered %d with an empty body where a JSON object was expected", method, path, resp.StatusCode))
	}
	if err := json.Unmarshal(data, out); err != nil {
		return cl.unreadable(fmt.Errorf("%s %s: decoding the %d response: %w", method, path, resp.StatusCode, err))
	}
	return nil
}

// unreadable marks err, a failure to read the final answer, for
// OutcomeUnknown when that answer may follow a request carried out: a 2xx
// whose body is lost, or a 5xx that leaves the outcome open.
func (cl *call) unreadable(err error) error {
	if cl.unknown {
		return &outcomeUnknownError{err: err}
	}
	return err
}
