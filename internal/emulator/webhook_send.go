package emulator

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
)

// Clock is the time a dispatch runs on: timestamps, latencies, per-send
// timeouts and the waits between retries. Tests pass a fake one so that
// nothing sleeps.
type Clock interface {
	Now() time.Time
	// Sleep waits d, or until ctx ends (then it returns ctx's error).
	Sleep(ctx context.Context, d time.Duration) error
	// AfterFunc calls f in its own goroutine once d has passed, unless stop
	// is called first; stop reports whether it prevented the call.
	AfterFunc(d time.Duration, f func()) (stop func() bool)
}

// realClock is the wall clock.
type realClock struct{}

func (realClock) Now() time.Time                                   { return time.Now() }
func (realClock) Sleep(ctx context.Context, d time.Duration) error { return sleep(ctx, d) }
func (realClock) AfterFunc(d time.Duration, f func()) func() bool  { return time.AfterFunc(d, f).Stop }

// DispatchOptions configures how the emulator sends webhooks. The zero value
// sends only to loopback hosts, on the wall clock.
type DispatchOptions struct {
	// Clock drives timestamps, latencies, timeouts and retry waits; nil means
	// the wall clock.
	Clock Clock
	// AllowNonLoopback lets webhooks (and OAuth2 token requests) go to hosts
	// other than loopback ones. Without it a URL whose host is not localhost
	// or a loopback address is refused before anything is dialled, and the
	// dialer refuses any address that is not loopback, so neither a DNS name
	// nor a redirect can lead a request off the machine.
	AllowNonLoopback bool
}

// Send limits. Vapi's own: a server's timeoutSeconds defaults to 20 and is
// 1–300; assistant-request always gets 7.5 s (docs' events page; the
// assistant-request page says about 5 s, the notes and the events page 7.5).
const (
	defaultSendTimeout     = 20 * time.Second
	assistantRequestWindow = 7500 * time.Millisecond
	minSendTimeout         = time.Second
	maxSendTimeout         = 300 * time.Second
	// maxAnswer bounds what is read of a webhook's answer.
	maxAnswer = 1 << 20
)

// errSendTimeout is the cause of a send cancelled by its timeout.
var errSendTimeout = errors.New("send timed out")

// dispatcher sends webhooks for one simulated call or test event.
type dispatcher struct {
	clock    Clock
	allowAny bool
	client   *http.Client
	tokens   *tokenCache
}

func newDispatcher(opts DispatchOptions, tokens *tokenCache) *dispatcher {
	d := &dispatcher{clock: opts.Clock, allowAny: opts.AllowNonLoopback, tokens: tokens}
	if d.clock == nil {
		d.clock = realClock{}
	}
	dialer := &net.Dialer{Control: func(_, address string, _ syscall.RawConn) error {
		if d.allowAny {
			return nil
		}
		host, _, err := net.SplitHostPort(address)
		if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
			return fmt.Errorf("refused to connect to %s: not a loopback address", address)
		}
		return nil
	}}
	d.client = &http.Client{
		// No proxy: a proxy would be dialled instead of the target, and the
		// loopback rule is about the target.
		Transport: &http.Transport{DialContext: dialer.DialContext, ForceAttemptHTTP2: true},
		// Redirects are answers, not followed: a 3xx is a failed delivery.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return d
}

// close releases the dispatcher's idle connections.
func (d *dispatcher) close() { d.client.CloseIdleConnections() }

// checkTarget refuses URLs the dispatcher must not send to.
func (d *dispatcher) checkTarget(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return errors.New("refused: not an absolute http(s) URL")
	}
	if d.allowAny || vapi.IsLoopbackHost(u.Hostname()) {
		return nil
	}
	return fmt.Errorf("refused: %s is not a loopback host (allow others with AllowNonLoopback / -allow-non-loopback)", u.Hostname())
}

// sendTimeout is the per-attempt timeout of an event at a server.
func sendTimeout(event string, s serverConfig) time.Duration {
	if event == eventAssistantRequest {
		return assistantRequestWindow
	}
	if s.timeout == nil {
		return defaultSendTimeout
	}
	return min(max(time.Duration(*s.timeout*float64(time.Second)), minSendTimeout), maxSendTimeout)
}

// delivery is one event to send to one server.
type delivery struct {
	server  serverConfig
	auth    *webhookAuth
	body    []byte
	timeout time.Duration
}

// deliver sends d.body with its authentication, retrying per the server's
// backoffPlan, and fills rep. It returns the answer of the successful
// attempt, nil when there was none.
func (d *dispatcher) deliver(ctx context.Context, dl delivery, rep *EventReport) []byte {
	rep.TimeoutSeconds = dl.timeout.Seconds()
	if err := d.checkTarget(dl.server.url); err != nil {
		rep.Error = err.Error()
		return nil
	}
	if dl.server.secret != "" {
		rep.Auth = append(rep.Auth, AuthReport{Kind: AuthLegacySecret, Headers: []string{"X-Vapi-Secret"}})
	}
	if dl.auth != nil {
		rep.Auth = append(rep.Auth, AuthReport{Kind: dl.auth.kind, CredentialID: dl.auth.credentialID, Headers: dl.auth.headerNames()})
	}
	for _, h := range dl.server.headers {
		rep.ServerHeaders = append(rep.ServerHeaders, h[0])
	}
	messageID := "msg_" + randomHex(16)
	retries := 0
	if dl.server.backoff != nil {
		retries = dl.server.backoff.maxRetries
	}
	for n := 0; ; n++ {
		header, err := d.headers(ctx, dl, rep, messageID)
		if err != nil {
			rep.Error = err.Error()
			return nil
		}
		attempt, answer := d.attempt(ctx, dl, header)
		rep.Attempts = append(rep.Attempts, attempt)
		if attempt.Status >= 200 && attempt.Status <= 299 {
			rep.Delivered = true
			return answer
		}
		if ctx.Err() != nil {
			rep.Error = "stopped: " + ctx.Err().Error()
			return nil
		}
		if n >= retries || slices.Contains(dl.server.backoff.excluded, attempt.Status) {
			return nil
		}
		if err := d.clock.Sleep(ctx, dl.server.backoff.delay(n)); err != nil {
			rep.Error = "stopped: " + err.Error()
			return nil
		}
	}
}

// delay is the wait before retry n (0 for the first): baseDelaySeconds, or
// for an exponential plan baseDelaySeconds × 2^n. maxRetries ≤ 10 and
// baseDelaySeconds ≤ 10 bound it.
func (p *backoffPlan) delay(n int) time.Duration {
	d := p.baseDelay
	if p.exponential {
		d *= float64(uint(1) << uint(n))
	}
	return time.Duration(d * float64(time.Second))
}

// headers builds one attempt's headers: the legacy secret, the credential,
// then server.headers verbatim, which override the others (§3: "an
// Authorization here overrides the credential's").
func (d *dispatcher) headers(ctx context.Context, dl delivery, rep *EventReport, messageID string) (http.Header, error) {
	h := http.Header{"Content-Type": {"application/json"}}
	if dl.server.secret != "" {
		setHeader(h, "X-Vapi-Secret", dl.server.secret)
	}
	if dl.auth != nil {
		req := signedRequest{method: http.MethodPost, url: dl.server.url, body: dl.body, messageID: messageID, now: d.clock.Now()}
		if err := dl.auth.apply(ctx, d, h, req, dl.timeout); err != nil {
			return nil, err
		}
	}
	var overridden []string
	for _, kv := range dl.server.headers {
		for _, old := range setHeader(h, kv[0], kv[1]) {
			if !strings.EqualFold(old, "Content-Type") {
				overridden = append(overridden, kv[0])
			}
		}
	}
	for i := range rep.Auth {
		rep.Auth[i].Overridden = nil
		for _, name := range rep.Auth[i].Headers {
			if slices.ContainsFunc(overridden, func(o string) bool { return strings.EqualFold(o, name) }) {
				rep.Auth[i].Overridden = append(rep.Auth[i].Overridden, name)
			}
		}
	}
	return h, nil
}

// attempt is one POST, bounded by the timeout on the dispatcher's clock.
func (d *dispatcher) attempt(ctx context.Context, dl delivery, header http.Header) (Attempt, []byte) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stop := d.clock.AfterFunc(dl.timeout, func() { cancel(errSendTimeout) })
	start := d.clock.Now()
	var a Attempt
	answer, err := d.post(ctx, dl.server.url, header, dl.body, &a.Status)
	stop()
	a.LatencyMS = float64(d.clock.Now().Sub(start)) / float64(time.Millisecond)
	if err != nil {
		a.Status = 0
		a.TimedOut = errors.Is(context.Cause(ctx), errSendTimeout)
		a.Error = describeSendError(ctx, err, dl.timeout)
		return a, nil
	}
	return a, answer
}

func (d *dispatcher) post(ctx context.Context, target string, header http.Header, body []byte, status *int) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header = header
	resp, err := d.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	*status = resp.StatusCode
	return io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
}

// describeSendError words a failed request without its URL, whose query
// may hold a secret.
func describeSendError(ctx context.Context, err error, timeout time.Duration) string {
	if errors.Is(context.Cause(ctx), errSendTimeout) {
		return fmt.Sprintf("timed out after %s", timeout)
	}
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err
	}
	return err.Error()
}

// secretName reports whether a header, query parameter or JSON key name
// says its value is a secret: the rule INTERFACE.md gives for server
// headers (Authorization, or a name holding key, token, secret, password,
// signature or cookie), plus anything with "auth" in it.
func secretName(name string) bool {
	n := strings.ToLower(name)
	for _, part := range []string{"auth", "key", "token", "secret", "password", "signature", "cookie"} {
		if strings.Contains(n, part) {
			return true
		}
	}
	return false
}

// masked replaces a secret in reports.
const masked = "***"

// maskURL is a URL fit for a report: user info and the values of
// secret-named query parameters masked.
func maskURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(invalid URL)"
	}
	userInfo := u.User != nil
	u.User = nil
	if u.RawQuery != "" {
		parts := strings.Split(u.RawQuery, "&")
		for i, p := range parts {
			k, _, hasValue := strings.Cut(p, "=")
			name, err := url.QueryUnescape(k)
			if err != nil {
				name = k
			}
			if hasValue && secretName(name) {
				parts[i] = k + "=" + masked
			}
		}
		u.RawQuery = strings.Join(parts, "&")
	}
	if userInfo {
		// Set by hand: url.User would percent-encode the mask.
		return strings.Replace(u.String(), "//", "//"+masked+"@", 1)
	}
	return u.String()
}

// maskJSON masks, in place, string values under secret-named keys at any
// depth of decoded JSON.
func maskJSON(v any) {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if _, isString := x.(string); isString && secretName(k) {
				t[k] = masked
				continue
			}
			maskJSON(x)
		}
	case []any:
		for _, x := range t {
			maskJSON(x)
		}
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	// crypto/rand.Read never fails on supported platforms.
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
