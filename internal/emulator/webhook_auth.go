package emulator

import (
	"bytes"
	"context"
	"crypto"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// How Vapi authenticates a webhook with a server's credentialId (API notes
// §7.2 and §10.2; docs' server-authentication page). Readings where the
// public material is silent:
//
//   - HMAC: the timestamp is Unix seconds (as Svix, whose {svix-id}
//     placeholder the plan supports, and Stripe use); with includeTimestamp
//     false no timestamp header is sent, the default payload is "{body}"
//     and {timestamp} in a custom payload is empty. The message id is
//     "msg_" and 32 hex digits, one per event, kept across retries; the
//     timestamp and signature are fresh on every attempt.
//   - OAuth2: the token request is the client-credentials grant as a form
//     POST (grant_type, client_id, client_secret, scope when set). A token
//     is reused until expires_in has passed; an answer without expires_in is
//     used for one request only. A non-2xx answer or one without
//     access_token fails the event, which is then not sent.
//   - A credential id that is not a custom-credential (or the older webhook)
//     credential of the org fails the event, which is then not sent.

// The kinds of authentication a report names.
const (
	AuthBearer       = "bearer"
	AuthHMAC         = "hmac"
	AuthOAuth2       = "oauth2"
	AuthLegacySecret = "legacy-secret"
)

// hmacAlgorithms maps the plan's algorithm names to hashes. crypto/tls,
// which net/http links in, registers SHA-1, so the registry always has it.
var hmacAlgorithms = map[string]crypto.Hash{
	"sha256": crypto.SHA256,
	"sha512": crypto.SHA512,
	"sha1":   crypto.SHA1,
}

// webhookAuth is one credential's authenticationPlan, ready to apply.
type webhookAuth struct {
	kind         string
	credentialID string
	bearer       bearerPlan
	hmac         hmacPlan
	oauth        oauthPlan
}

type bearerPlan struct {
	header, value string
}

type hmacPlan struct {
	secret           []byte
	hash             crypto.Hash
	signatureHeader  string
	timestampHeader  string
	prefix           string
	payloadFormat    string
	messageIDHeader  string
	includeTimestamp bool
	base64           bool
}

type oauthPlan struct {
	url, clientID, clientSecret, scope string
}

// parseCredential reads a stored (or CLI-given) credential. Every failure
// names the credential and the field but never a secret.
func parseCredential(id string, cred map[string]any) (*webhookAuth, error) {
	provider, _ := cred["provider"].(string)
	if provider != "custom-credential" && provider != "webhook" {
		return nil, fmt.Errorf("credential %s is a %q credential; webhooks authenticate with custom-credential (or webhook) credentials", id, provider)
	}
	plan, _ := cred["authenticationPlan"].(map[string]any)
	str := func(k string) string { s, _ := plan[k].(string); return s }
	flag := func(k string, def bool) bool {
		if b, ok := plan[k].(bool); ok {
			return b
		}
		return def
	}
	or := func(s, def string) string {
		if s == "" {
			return def
		}
		return s
	}
	a := &webhookAuth{credentialID: id}
	switch t := str("type"); t {
	case AuthBearer:
		if str("token") == "" {
			return nil, fmt.Errorf("credential %s: the bearer plan has no token", id)
		}
		a.kind = AuthBearer
		a.bearer.header = or(str("headerName"), "Authorization")
		a.bearer.value = str("token")
		if flag("bearerPrefixEnabled", true) {
			a.bearer.value = "Bearer " + a.bearer.value
		}
	case AuthHMAC:
		h, known := hmacAlgorithms[str("algorithm")]
		if !known || !h.Available() {
			return nil, fmt.Errorf("credential %s: unsupported HMAC algorithm %q (sha256, sha512 or sha1)", id, str("algorithm"))
		}
		secret := []byte(str("secretKey"))
		if flag("secretIsBase64", false) {
			decoded, err := base64.StdEncoding.DecodeString(str("secretKey"))
			if err != nil {
				return nil, fmt.Errorf("credential %s: secretIsBase64 is true but secretKey is not valid base64", id)
			}
			secret = decoded
		}
		if len(secret) == 0 {
			return nil, fmt.Errorf("credential %s: the hmac plan has no secretKey", id)
		}
		a.kind = AuthHMAC
		a.hmac = hmacPlan{
			secret:           secret,
			hash:             h,
			signatureHeader:  or(str("signatureHeader"), "x-signature"),
			timestampHeader:  or(str("timestampHeader"), "x-timestamp"),
			prefix:           str("signaturePrefix"),
			messageIDHeader:  str("messageIdHeader"),
			includeTimestamp: flag("includeTimestamp", true),
			base64:           str("signatureEncoding") == "base64",
		}
		defaultFormat := "{timestamp}.{body}"
		if !a.hmac.includeTimestamp {
			defaultFormat = "{body}"
		}
		a.hmac.payloadFormat = or(str("payloadFormat"), defaultFormat)
	case AuthOAuth2:
		a.kind = AuthOAuth2
		a.oauth = oauthPlan{url: str("url"), clientID: str("clientId"), clientSecret: str("clientSecret"), scope: str("scope")}
		if a.oauth.url == "" || a.oauth.clientID == "" || a.oauth.clientSecret == "" {
			return nil, fmt.Errorf("credential %s: the oauth2 plan needs url, clientId and clientSecret", id)
		}
	default:
		return nil, fmt.Errorf("credential %s: unknown authenticationPlan type %q (bearer, hmac or oauth2)", id, t)
	}
	return a, nil
}

// headerNames are the headers the credential sets, for the report.
func (a *webhookAuth) headerNames() []string {
	switch a.kind {
	case AuthBearer:
		return []string{a.bearer.header}
	case AuthHMAC:
		names := []string{a.hmac.signatureHeader}
		if a.hmac.includeTimestamp {
			names = append(names, a.hmac.timestampHeader)
		}
		if a.hmac.messageIDHeader != "" {
			names = append(names, a.hmac.messageIDHeader)
		}
		return names
	default:
		return []string{"Authorization"}
	}
}

// signedRequest is what an HMAC signature may cover.
type signedRequest struct {
	method, url string
	body        []byte
	messageID   string
	now         time.Time
}

// apply sets the credential's headers on h for one attempt.
func (a *webhookAuth) apply(ctx context.Context, d *dispatcher, h http.Header, req signedRequest, timeout time.Duration) error {
	switch a.kind {
	case AuthBearer:
		setHeader(h, a.bearer.header, a.bearer.value)
	case AuthHMAC:
		ts := ""
		if a.hmac.includeTimestamp {
			ts = strconv.FormatInt(req.now.Unix(), 10)
			setHeader(h, a.hmac.timestampHeader, ts)
		}
		if a.hmac.messageIDHeader != "" {
			setHeader(h, a.hmac.messageIDHeader, req.messageID)
		}
		setHeader(h, a.hmac.signatureHeader, a.hmac.sign(req, ts))
	case AuthOAuth2:
		token, err := d.tokens.get(ctx, d, a, timeout)
		if err != nil {
			return err
		}
		setHeader(h, "Authorization", "Bearer "+token)
	}
	return nil
}

// sign returns the signature header's value: prefix + enc(HMAC(payload)).
// The placeholders are substituted in one pass, so a body that happens to
// contain "{timestamp}" is signed as it is.
func (p hmacPlan) sign(req signedRequest, ts string) string {
	payload := strings.NewReplacer(
		"{body}", string(req.body),
		"{timestamp}", ts,
		"{method}", req.method,
		"{url}", req.url,
		"{svix-id}", req.messageID,
	).Replace(p.payloadFormat)
	mac := hmac.New(p.hash.New, p.secret)
	_, _ = mac.Write([]byte(payload))
	sum := mac.Sum(nil)
	if p.base64 {
		return p.prefix + base64.StdEncoding.EncodeToString(sum)
	}
	return p.prefix + hex.EncodeToString(sum)
}

// setHeader sets a header under the name exactly as configured, replacing
// any header of the same name in another case: server.headers are sent
// verbatim, and HTTP names compare case-insensitively.
func setHeader(h http.Header, name, value string) []string {
	var replaced []string
	for k := range h {
		if strings.EqualFold(k, name) {
			replaced = append(replaced, k)
			delete(h, k)
		}
	}
	h[name] = []string{value}
	return replaced
}

// tokenCache keeps OAuth2 access tokens per credential until they expire,
// as Vapi refreshes them only then. Its zero value is ready.
type tokenCache struct {
	mu     sync.Mutex
	tokens map[string]cachedToken
}

type cachedToken struct {
	value   string
	expires time.Time
}

// key ties a token to the credential and its plan, so that a credential
// changed by PATCH gets a new token.
func (p oauthPlan) key(credentialID string) string {
	sum := sha256.Sum256([]byte(strings.Join([]string{credentialID, p.url, p.clientID, p.clientSecret, p.scope}, "\x00")))
	return hex.EncodeToString(sum[:])
}

// maxTokenAnswer bounds a token endpoint's answer.
const maxTokenAnswer = 64 << 10

func (c *tokenCache) get(ctx context.Context, d *dispatcher, a *webhookAuth, timeout time.Duration) (string, error) {
	key := a.oauth.key(a.credentialID)
	now := d.clock.Now()
	c.mu.Lock()
	cached, ok := c.tokens[key]
	c.mu.Unlock()
	if ok && now.Before(cached.expires) {
		return cached.value, nil
	}
	token, lifetime, err := d.fetchToken(ctx, a.credentialID, a.oauth, timeout)
	if err != nil {
		return "", err
	}
	if lifetime > 0 {
		c.mu.Lock()
		if c.tokens == nil {
			c.tokens = map[string]cachedToken{}
		}
		c.tokens[key] = cachedToken{value: token, expires: now.Add(lifetime)}
		c.mu.Unlock()
	}
	return token, nil
}

// fetchToken runs the client-credentials grant against the plan's URL, with
// the event's timeout and the same loopback rule as webhooks. Errors never
// quote the answer, which may echo the secret.
func (d *dispatcher) fetchToken(ctx context.Context, credentialID string, p oauthPlan, timeout time.Duration) (string, time.Duration, error) {
	fail := func(format string, args ...any) (string, time.Duration, error) {
		return "", 0, fmt.Errorf("credential %s: oauth2 token from %s: %s", credentialID, maskURL(p.url), fmt.Sprintf(format, args...))
	}
	if err := d.checkTarget(p.url); err != nil {
		return fail("%v", err)
	}
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {p.clientID}, "client_secret": {p.clientSecret}}
	if p.scope != "" {
		form.Set("scope", p.scope)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stop := d.clock.AfterFunc(timeout, func() { cancel(errSendTimeout) })
	defer stop()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url, strings.NewReader(form.Encode()))
	if err != nil {
		return fail("invalid URL")
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := d.client.Do(req)
	if err != nil {
		return fail("%s", describeSendError(ctx, err, timeout))
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxTokenAnswer))
	_ = resp.Body.Close()
	if err != nil {
		return fail("%s", describeSendError(ctx, err, timeout))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fail("status %d", resp.StatusCode)
	}
	var answer struct {
		AccessToken string  `json:"access_token"`
		TokenType   string  `json:"token_type"`
		ExpiresIn   float64 `json:"expires_in"`
	}
	if err := json.NewDecoder(bytes.NewReader(raw)).Decode(&answer); err != nil || answer.AccessToken == "" {
		return fail("the answer has no access_token")
	}
	if answer.TokenType != "" && !strings.EqualFold(answer.TokenType, "bearer") {
		return fail("token_type %q is not Bearer", answer.TokenType)
	}
	return answer.AccessToken, time.Duration(answer.ExpiresIn * float64(time.Second)), nil
}
