// Package emulator is a stateful, in-memory implementation of the part of the
// Vapi REST API (https://api.vapi.ai) that the Terraform provider uses:
// /tool, /credential, /assistant, /phone-number (+ /v2/phone-number) and /org.
// Go tests run it in-process with httptest.NewServer(emulator.New(...)); the
// vapi-emulator command serves it for demos and for trying the provider
// without an account.
//
// It follows the API, not convenience: bodies are validated by hand-written
// copies of the API's DTOs (schemas.go) with NestJS/class-validator whitelist
// semantics and messages, and answers carry the API's status codes and error
// bodies. Readings chosen where the public material is silent:
//
//   - By default responses echo exactly what was sent plus the server-assigned
//     fields (id, orgId, createdAt, updatedAt; a phone number's status and a
//     free number's digits; a custom credential's authenticationSession). No
//     defaults are filled in, so "timeoutSeconds": 20 comes back only if sent.
//   - Options.Realistic (or its parts alone) answers as the evolving API
//     does: the spec's defaults (internal/specfacts) filled in and stored;
//     fields no spec schema knows at the top level, in server and in an
//     assistant's model, never stored; a random jwtSecret per org and a
//     random OAuth2 authenticationSession; unset response properties (top
//     level and server) as null; GET /credential cut to id, name, provider;
//     lists in a seeded shuffle.
//   - Secrets (credential token/secretKey/clientSecret, Twilio tokens, SIP
//     password, the legacy server.secret) are stored but never echoed.
//   - Every phone number is "active" at once, so a plan after apply is quiet.
//     A free number bought by area code gets "+1" + area code + "555" + four
//     digits from a per-emulator counter.
//   - A vapi phone number needs exactly one of numberDesiredAreaCode or sipUri;
//     the area code must be three digits; a sipUri must be
//     sip:<user>@sip.vapi.ai (or sip.eu.vapi.ai).
//   - Tools other than "function" and credentials other than
//     "custom-credential" are accepted and stored as sent (only their
//     discriminator is checked, and the fields the spec marks "not returned"
//     are never echoed); changing the discriminator on PATCH is a 400.
//   - 404 bodies are NestJS's {"message":"<Noun> not found","error":"Not
//     Found","statusCode":404} with the nouns Tool, Credential, Assistant,
//     Phone number and Org; an id that is not a UUID is 400 "Validation failed
//     (uuid is expected)"; an unknown route is 404 "Cannot <METHOD> <url>".
//   - GET /org lists the key's org and those AddOrg adds (or, with
//     Options.OrgListAsObject, answers the key's org as an object); /org/{id}
//     for any other org is 404 "Org not found". With
//     Options.OrgEndpointsForbidden every /org route answers 403.
//   - Objects whose top-level "__pinned" is true (set through Mutate or Put)
//     answer DELETE with 409 assistant_pinned / tool_pinned. Top-level keys
//     starting with "__" are hidden markers: never echoed, never accepted from
//     the API.
//   - Lists are ordered by createdAt descending unless Options.ListOrder says
//     otherwise; timestamps handed out are strictly increasing (1 ms apart at
//     least), so paging with createdAtLt is exact and updatedAt always moves
//     on PATCH. limit=0 returns no objects. Unknown query parameters are
//     rejected like unknown body properties.
//   - A body that is not valid JSON is 400 before routing and auth (NestJS's
//     body parser runs first), with a string message.
//   - Faults apply before authentication, as a proxy in front of the API would;
//     a DropAfterHandling fault loses the answer after the API acted.
//   - Every answer carries a Date header from the emulator's clock.
//
// Beyond the REST API it plays calls: SimulateCall sends the server messages
// of a call, routed, signed and authenticated as Vapi does, to the server
// URLs stored in it, and reports where each went (also served as POST
// /__emulator/calls, see CallsPath). SendTestEvent sends one such message to
// any server, and WebhookReceiver stands in for a webhook server.
package emulator

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/vapi-community/terraform-provider-vapi/internal/specfacts"
)

// Kind names a collection of stored objects.
type Kind string

// The kinds of objects the emulator stores.
const (
	KindTool        Kind = "tool"
	KindCredential  Kind = "credential"
	KindAssistant   Kind = "assistant"
	KindPhoneNumber Kind = "phone-number"
	KindOrg         Kind = "org"
)

// Options configures an Emulator. The zero value is usable.
type Options struct {
	// APIKey is the one private key the emulator accepts; empty means a random
	// UUID (read it back with APIKey).
	APIKey string
	// OrgID is the key's org, created at start; empty means a random UUID.
	OrgID string
	// OrgName is the name of that org; empty leaves the org unnamed.
	OrgName string
	// Seed seeds the deterministic choice of which requests a Fault with a
	// Rate hits.
	Seed int64
	// Latency is added to every request; a cancelled request stops waiting.
	Latency time.Duration
	// OrgEndpointsForbidden makes every /org route answer 403 to the API key,
	// a reading of reports that /org is for dashboard sessions only.
	OrgEndpointsForbidden bool
	// Now is the clock for createdAt/updatedAt and the Date header; nil means
	// time.Now. It is called with the emulator locked.
	Now func() time.Time

	// Realistic turns on every reading below that makes answers differ from
	// what was sent, as the real API's do: FillDefaults, ExtraFields,
	// ResponseOnly, ExplicitNulls, TrimCredentialList, and shuffled lists
	// unless ListOrder picks another order. Each can also be set alone.
	Realistic bool
	// FillDefaults stores the spec's defaults (internal/specfacts) of the
	// variant's Create DTO with a created object, and in the nested objects a
	// PATCH replaces, so that reads return them (server.timeoutSeconds 20, ...).
	FillDefaults bool
	// ExtraFields adds to every answered object fields that no spec schema
	// knows, as the API does when it evolves: one at the top level, one in
	// server and one in an assistant's model (when present). They are never
	// stored, so a client that sends them back gets the whitelist's 400.
	ExtraFields bool
	// ResponseOnly gives every org a random jwtSecret and an oauth2 custom
	// credential a random authenticationSession, values only the API sets.
	ResponseOnly bool
	// ExplicitNulls answers the unset properties of the variant's response
	// schema, and of a top-level server object, as JSON null.
	ExplicitNulls bool
	// ListOrder orders the legacy lists (bare arrays); the paginated /v2
	// lists keep their documented sortOrder.
	ListOrder ListOrder
	// TrimCredentialList answers GET /credential with only id, name and
	// provider per credential, as Vapi's gitops reads it; GET /credential/{id}
	// stays whole.
	TrimCredentialList bool
	// OrgListAsObject answers GET /org with the key's org as an object instead
	// of an array, a reading of third-party reports.
	OrgListAsObject bool
}

// ListOrder is the order of the legacy lists, which the API does not
// document.
type ListOrder string

// The list orders. The zero value is newest first, or shuffled with
// Options.Realistic.
const (
	// ListNewestFirst orders by createdAt descending; limit keeps the newest.
	ListNewestFirst ListOrder = "newest"
	// ListOldestFirst orders by createdAt ascending; limit keeps the oldest.
	ListOldestFirst ListOrder = "oldest"
	// ListShuffled keeps the newest limit objects, in an order drawn from a
	// generator seeded by Options.Seed: a client must not depend on the
	// order, and paging by createdAtLt still works if it takes the oldest
	// createdAt of a page rather than its last element.
	ListShuffled ListOrder = "shuffled"
)

// ListOrders are the valid ListOrder values.
var ListOrders = []ListOrder{ListNewestFirst, ListOldestFirst, ListShuffled}

// Emulator is the in-memory Vapi API. It is an http.Handler and is safe for
// concurrent use.
type Emulator struct {
	apiKey       string
	orgID        string
	latency      time.Duration
	orgForbidden bool
	now          func() time.Time

	fillDefaults, extraFields, responseOnly, explicitNulls bool
	trimCredentialList, orgListAsObject                    bool
	listOrder                                              ListOrder
	facts                                                  *specfacts.Facts

	mu        sync.Mutex
	store     map[Kind]map[string]*record
	seq       int64
	lastStamp time.Time
	numbers   int
	faults    []*faultState
	rng       splitMix
	// listRng draws the shuffled list orders; apart from rng, so that
	// shuffles do not move which requests a Fault's Rate hits.
	listRng  splitMix
	requests []Request
	// orgs are the ids of the orgs visible to the key, the key's own first.
	orgs []string

	// oauthTokens caches the OAuth2 tokens webhooks are sent with.
	oauthTokens tokenCache
}

// record is a stored object with its insertion order, which breaks createdAt
// ties in lists.
type record struct {
	obj map[string]any
	seq int64
}

// Request is one request as the emulator received it, with the status it
// answered (0 when the connection was dropped or the caller went away).
type Request struct {
	Method, Path, Query string
	Body                string
	Status              int
	// Faulted is true when an injected fault answered instead of the API.
	Faulted bool
}

// maxBody bounds a request body; the API's own limit is larger than anything
// the provider sends.
const maxBody = 10 << 20

// New returns an Emulator holding only the key's org.
func New(o Options) *Emulator {
	e := &Emulator{
		apiKey:             o.APIKey,
		orgID:              o.OrgID,
		latency:            o.Latency,
		orgForbidden:       o.OrgEndpointsForbidden,
		now:                o.Now,
		fillDefaults:       o.FillDefaults || o.Realistic,
		extraFields:        o.ExtraFields || o.Realistic,
		responseOnly:       o.ResponseOnly || o.Realistic,
		explicitNulls:      o.ExplicitNulls || o.Realistic,
		trimCredentialList: o.TrimCredentialList || o.Realistic,
		orgListAsObject:    o.OrgListAsObject,
		listOrder:          o.ListOrder,
		facts:              specfacts.Load(),
		store:              map[Kind]map[string]*record{},
		rng:                newSplitMix(o.Seed),
		listRng:            newSplitMix(^o.Seed),
	}
	if e.listOrder == "" {
		e.listOrder = ListNewestFirst
		if o.Realistic {
			e.listOrder = ListShuffled
		}
	}
	if e.apiKey == "" {
		e.apiKey = newUUID()
	}
	if e.orgID == "" {
		e.orgID = newUUID()
	}
	if e.now == nil {
		e.now = time.Now
	}
	e.addOrg(e.orgID, o.OrgName)
	return e
}

// AddOrg adds an org the key can see besides its own, as when the key's user
// belongs to several: GET /org lists it and GET/PATCH /org/{id} work on it.
// Objects are still created in the key's org. It returns the org's id.
func (e *Emulator) AddOrg(name string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.addOrg(newUUID(), name)
}

func (e *Emulator) addOrg(id, name string) string {
	org := map[string]any{"id": id}
	if name != "" {
		org["name"] = name
	}
	if e.responseOnly {
		org["jwtSecret"] = randomToken()
	}
	e.put(KindOrg, org)
	e.orgs = append(e.orgs, id)
	return id
}

// APIKey returns the key the emulator accepts.
func (e *Emulator) APIKey() string { return e.apiKey }

// OrgID returns the id of the key's org.
func (e *Emulator) OrgID() string { return e.orgID }

// ServeHTTP answers one API request.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if e.serveAdmin(w, r) {
		return
	}
	req := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	req.Body = string(body)
	if err != nil {
		resp := errorResponse(http.StatusRequestEntityTooLarge, "request entity too large")
		req.Status = resp.status
		e.record(req)
		e.send(w, resp)
		return
	}
	ctx := r.Context()
	if err := sleep(ctx, e.latency); err != nil {
		e.record(req)
		return
	}
	f := e.pickFault(r.Method, r.URL.Path)
	if f.matched {
		if err := sleep(ctx, f.latency); err != nil {
			e.record(req)
			return
		}
		if f.drop || f.status != 0 {
			req.Faulted = true
			if f.drop {
				e.record(req)
				drop(w)
				return
			}
			req.Status = f.status
			e.record(req)
			e.send(w, f.response())
			return
		}
	}
	resp := e.handle(r.Method, r.URL, r.Header, body)
	req.Status = resp.status
	if f.dropAfter {
		// The API did its work; only the answer is lost on the way back.
		req.Faulted = true
		e.record(req)
		drop(w)
		return
	}
	e.record(req)
	e.send(w, resp)
}

// send writes an answer with a Date header from the emulator's clock, which
// clients may use to estimate their clock's skew.
func (e *Emulator) send(w http.ResponseWriter, resp response) {
	e.mu.Lock()
	date := e.now().UTC().Format(http.TimeFormat)
	e.mu.Unlock()
	w.Header().Set("Date", date)
	resp.write(w)
}

// drop closes the connection without an answer. Where the connection cannot be
// hijacked (HTTP/2, recorders) the handler is aborted, which net/http turns
// into a reset stream or a closed connection.
func drop(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// response is an answer prepared under the lock and written after it.
type response struct {
	status int
	body   any
	raw    []byte
	header http.Header
}

func (resp response) write(w http.ResponseWriter) {
	for k, vs := range resp.header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	b := resp.raw
	if b == nil {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(resp.body); err != nil {
			b = []byte(`{"message":"Internal server error","statusCode":500}`)
			resp.status = http.StatusInternalServerError
		} else {
			b = bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(resp.status)
	_, _ = w.Write(b)
}

// nestBody is NestJS's HttpException body, fields in NestJS's order.
type nestBody struct {
	Message    any    `json:"message"`
	Error      string `json:"error"`
	StatusCode int    `json:"statusCode"`
}

func errorResponse(status int, message any) response {
	return response{status: status, body: nestBody{Message: message, Error: http.StatusText(status), StatusCode: status}}
}

func reply(status int, body any) response { return response{status: status, body: body} }

const unauthorizedMessage = "Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa."

// handle routes a request and runs it against the store.
func (e *Emulator) handle(method string, u *url.URL, h http.Header, raw []byte) response {
	body, resp, failed := parseBody(h, raw)
	if failed {
		return resp
	}
	rt, found := route(method, strings.TrimSuffix(u.Path, "/"))
	if !found {
		target := u.Path
		if u.RawQuery != "" {
			target += "?" + u.RawQuery
		}
		return errorResponse(http.StatusNotFound, "Cannot "+method+" "+target)
	}
	if !e.authorized(h.Get("Authorization")) {
		return errorResponse(http.StatusUnauthorized, unauthorizedMessage)
	}
	if rt.org && e.orgForbidden {
		return errorResponse(http.StatusForbidden, "Forbidden resource")
	}
	if rt.id != "" && !rt.org && !isUUID(rt.id) {
		return errorResponse(http.StatusBadRequest, "Validation failed (uuid is expected)")
	}
	if (method == http.MethodPost || method == http.MethodPatch) && body == nil {
		body = map[string]any{}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return rt.run(e, u.Query(), body)
}

// parseBody decodes a JSON body as NestJS's body parser would: only JSON
// content types are read, and invalid JSON fails before anything else.
func parseBody(h http.Header, raw []byte) (map[string]any, response, bool) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, response{}, false
	}
	if ct := h.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || !strings.HasSuffix(mt, "json") {
			return nil, response{}, false
		}
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, errorResponse(http.StatusBadRequest, jsonSyntaxMessage(err)), true
	}
	m, isObject := v.(map[string]any)
	if !isObject {
		return nil, errorResponse(http.StatusBadRequest, []string{"request body must be a JSON object"}), true
	}
	return m, response{}, false
}

// jsonSyntaxMessage words a decoding error as JavaScript's JSON.parse does,
// which is what the API's body parser reports.
func jsonSyntaxMessage(err error) string {
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) && !strings.Contains(syntax.Error(), "end of JSON input") {
		return fmt.Sprintf("Unexpected token in JSON at position %d", max(syntax.Offset-1, 0))
	}
	return "Unexpected end of JSON input"
}

func (e *Emulator) authorized(header string) bool {
	scheme, key, found := strings.Cut(header, " ")
	return found && strings.EqualFold(scheme, "Bearer") && key == e.apiKey
}

// record appends to the request log.
func (e *Emulator) record(r Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.requests = append(e.requests, r)
}

// Requests returns a copy of the request log, oldest first. It holds every
// request that reached the emulator, including 401s and faulted ones.
func (e *Emulator) Requests() []Request {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Request(nil), e.requests...)
}

// ResetRequests empties the request log.
func (e *Emulator) ResetRequests() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.requests = nil
}

// CountRequests counts logged requests with the method ("" = any) whose path
// starts with pathPrefix. Faulted requests count: they reached the emulator.
func (e *Emulator) CountRequests(method, pathPrefix string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, r := range e.requests {
		if (method == "" || strings.EqualFold(method, r.Method)) && strings.HasPrefix(r.Path, pathPrefix) {
			n++
		}
	}
	return n
}

// WriteCount counts logged POST, PATCH, PUT and DELETE requests, faulted ones
// included.
func (e *Emulator) WriteCount() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, r := range e.requests {
		switch r.Method {
		case http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete:
			n++
		}
	}
	return n
}

// randomToken returns 32 random hex digits, for secrets the API makes up.
func randomToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// newUUID returns a random version 4 UUID.
func newUUID() string {
	var b [16]byte
	// crypto/rand.Read never fails on supported platforms (it crashes the
	// program instead), so its error carries no information.
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
