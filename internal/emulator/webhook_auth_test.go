package emulator

import (
	"crypto"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// credential stores a custom credential with the plan and returns its id.
func credential(e *Emulator, plan map[string]any) string {
	return e.Put(KindCredential, map[string]any{"provider": "custom-credential", "name": "hooks", "authenticationPlan": plan})
}

// webCall runs a web call to an assistant whose server is srv and that
// subscribes to serverMessages (nil: the defaults), on clock.
func webCall(t *testing.T, e *Emulator, srv map[string]any, serverMessages []any, clock *fakeClock) *CallReport {
	t.Helper()
	asst := map[string]any{"server": srv}
	if serverMessages != nil {
		asst["serverMessages"] = serverMessages
	}
	rep, err := e.SimulateCall(t.Context(), CallSpec{AssistantID: e.Put(KindAssistant, asst)}, DispatchOptions{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestBearerCredential(t *testing.T) {
	t.Parallel()
	for _, headerName := range []string{"", "X-Vapi-Secret"} {
		for _, prefix := range []any{nil, true, false} {
			t.Run(fmt.Sprintf("header=%q/prefix=%v", headerName, prefix), func(t *testing.T) {
				t.Parallel()
				e := New(Options{})
				hooks := newHookServer(t)
				plan := map[string]any{"type": "bearer", "token": "bearer-token-value"}
				wantHeader, wantValue := "Authorization", "Bearer bearer-token-value"
				if headerName != "" {
					plan["headerName"] = headerName
					wantHeader = headerName
				}
				if prefix != nil {
					plan["bearerPrefixEnabled"] = prefix
					if prefix == false {
						wantValue = "bearer-token-value"
					}
				}
				credID := credential(e, plan)
				rep := webCall(t, e, server(hooks.URL, map[string]any{"credentialId": credID}), nil, newFakeClock())
				reqs := hooks.requests()
				if len(reqs) != 3 {
					t.Fatalf("%d requests", len(reqs))
				}
				for _, r := range reqs {
					if got := r.Header.Values(wantHeader); !reflect.DeepEqual(got, []string{wantValue}) {
						t.Errorf("%s: %q, want %q", wantHeader, got, wantValue)
					}
					if wantHeader != "Authorization" && r.Header.Get("Authorization") != "" {
						t.Errorf("Authorization sent too: %q", r.Header.Get("Authorization"))
					}
				}
				want := []AuthReport{{Kind: AuthBearer, CredentialID: credID, Headers: []string{wantHeader}}}
				if got := rep.Events[0].Auth; !reflect.DeepEqual(got, want) {
					t.Errorf("auth report %+v, want %+v", got, want)
				}
			})
		}
	}
}

// hmacOf is the signature computed here from the notes, independently of
// the dispatcher's code.
func hmacOf(h func() hash.Hash, key []byte, payload string) []byte {
	mac := hmac.New(h, key)
	mac.Write([]byte(payload))
	return mac.Sum(nil)
}

func TestHMACDefaultSignature(t *testing.T) {
	t.Parallel()
	e := New(Options{})
	hooks := newHookServer(t)
	credID := credential(e, map[string]any{"type": "hmac", "secretKey": "hmac-secret-key", "algorithm": "sha256"})
	clock := newFakeClock()
	rep := webCall(t, e, server(hooks.URL+"/signed?x=1", map[string]any{"credentialId": credID}), nil, clock)
	reqs := hooks.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests", len(reqs))
	}
	for _, r := range reqs {
		ts := r.Header.Get("x-timestamp")
		if ts != strconv.FormatInt(clock.Now().Unix(), 10) {
			t.Errorf("x-timestamp %q, want the Unix seconds %d", ts, clock.Now().Unix())
		}
		want := hex.EncodeToString(hmacOf(sha256.New, []byte("hmac-secret-key"), ts+"."+string(r.Body)))
		if got := r.Header.Get("x-signature"); got != want {
			t.Errorf("x-signature %q, want %q over %q", got, want, ts+"."+string(r.Body))
		}
	}
	want := []AuthReport{{Kind: AuthHMAC, CredentialID: credID, Headers: []string{"x-signature", "x-timestamp"}}}
	if got := rep.Events[0].Auth; !reflect.DeepEqual(got, want) {
		t.Errorf("auth report %+v, want %+v", got, want)
	}
}

func TestHMACOptions(t *testing.T) {
	t.Parallel()
	rawKey := []byte{0, 1, 2, 250, 251, 252, 'k'}
	for _, tc := range []struct {
		name string
		plan map[string]any
		// sigHeader, tsHeader ("" when none is sent), idHeader are where
		// to look; want computes the signature from the request.
		sigHeader, tsHeader, idHeader string
		want                          func(r hookRequest, url, ts, id string) string
	}{
		{
			name: "sha512 base64 prefix and header names",
			plan: map[string]any{"algorithm": "sha512", "secretKey": "k512", "signatureEncoding": "base64",
				"signaturePrefix": "sha512=", "signatureHeader": "X-Hub-Signature", "timestampHeader": "X-Hub-Time"},
			sigHeader: "X-Hub-Signature", tsHeader: "X-Hub-Time",
			want: func(r hookRequest, _, ts, _ string) string {
				return "sha512=" + base64.StdEncoding.EncodeToString(hmacOf(sha512.New, []byte("k512"), ts+"."+string(r.Body)))
			},
		},
		{
			name:      "without timestamp",
			plan:      map[string]any{"algorithm": "sha256", "secretKey": "k", "includeTimestamp": false},
			sigHeader: "x-signature",
			want: func(r hookRequest, _, _, _ string) string {
				return hex.EncodeToString(hmacOf(sha256.New, []byte("k"), string(r.Body)))
			},
		},
		{
			name: "svix style with a base64 secret",
			plan: map[string]any{"algorithm": "sha256", "secretKey": base64.StdEncoding.EncodeToString(rawKey), "secretIsBase64": true,
				"payloadFormat": "{svix-id}.{timestamp}.{body}", "messageIdHeader": "svix-id", "timestampHeader": "svix-timestamp",
				"signatureHeader": "svix-signature", "signaturePrefix": "v1,", "signatureEncoding": "base64"},
			sigHeader: "svix-signature", tsHeader: "svix-timestamp", idHeader: "svix-id",
			want: func(r hookRequest, _, ts, id string) string {
				return "v1," + base64.StdEncoding.EncodeToString(hmacOf(sha256.New, rawKey, id+"."+ts+"."+string(r.Body)))
			},
		},
		{
			name:      "sha1 over method and url",
			plan:      map[string]any{"algorithm": "sha1", "secretKey": "k1", "payloadFormat": "{method} {url}\n{body}"},
			sigHeader: "x-signature", tsHeader: "x-timestamp",
			want: func(r hookRequest, url, _, _ string) string {
				return hex.EncodeToString(hmacOf(crypto.SHA1.New, []byte("k1"), "POST "+url+"\n"+string(r.Body)))
			},
		},
		{
			name:      "timestamp placeholder without timestamp",
			plan:      map[string]any{"algorithm": "sha256", "secretKey": "k", "includeTimestamp": false, "payloadFormat": "{timestamp}|{body}"},
			sigHeader: "x-signature",
			want: func(r hookRequest, _, _, _ string) string {
				return hex.EncodeToString(hmacOf(sha256.New, []byte("k"), "|"+string(r.Body)))
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := New(Options{})
			hooks := newHookServer(t)
			tc.plan["type"] = "hmac"
			credID := credential(e, tc.plan)
			url := hooks.URL + "/path?q=1"
			webCall(t, e, server(url, map[string]any{"credentialId": credID}), nil, newFakeClock())
			ids := map[string]bool{}
			for _, r := range hooks.requests() {
				ts := ""
				if tc.tsHeader != "" {
					if ts = r.Header.Get(tc.tsHeader); ts == "" {
						t.Errorf("no %s header", tc.tsHeader)
					}
				} else if r.Header.Get("x-timestamp") != "" {
					t.Error("a timestamp header was sent with includeTimestamp false")
				}
				id := ""
				if tc.idHeader != "" {
					id = r.Header.Get(tc.idHeader)
					if !strings.HasPrefix(id, "msg_") || ids[id] {
						t.Errorf("message id %q (seen before: %t)", id, ids[id])
					}
					ids[id] = true
				}
				if got, want := r.Header.Get(tc.sigHeader), tc.want(r, url, ts, id); got != want {
					t.Errorf("%s %q, want %q", tc.sigHeader, got, want)
				}
			}
		})
	}
}

func TestOAuth2TokensAreFetchedAndCached(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var fetches []map[string]string
	expiresIn := 60
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil || r.Method != http.MethodPost ||
			r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		mu.Lock()
		fetches = append(fetches, map[string]string{
			"grant_type": r.PostForm.Get("grant_type"), "client_id": r.PostForm.Get("client_id"),
			"client_secret": r.PostForm.Get("client_secret"), "scope": r.PostForm.Get("scope"),
		})
		n := len(fetches)
		mu.Unlock()
		if r.PostForm.Get("client_id") == "refused" {
			w.WriteHeader(http.StatusUnauthorized)
			// Echo the secret, as a careless endpoint might.
			_, _ = io.WriteString(w, `{"error":"bad client secret `+hidden("refused")+`"}`)
			return
		}
		answer := map[string]any{"access_token": fmt.Sprintf("access-token-%d", n), "token_type": "Bearer"}
		if r.URL.Path == "/expiring" {
			answer["expires_in"] = expiresIn
		}
		_ = json.NewEncoder(w).Encode(answer)
	}))
	t.Cleanup(tokens.Close)
	fetchCount := func() int { mu.Lock(); defer mu.Unlock(); return len(fetches) }

	e := New(Options{})
	hooks := newHookServer(t)
	credID := credential(e, map[string]any{"type": "oauth2", "url": tokens.URL + "/expiring", "clientId": "client-1",
		"clientSecret": hidden("oauth-client"), "scope": "hooks:write"})
	srv := server(hooks.URL, map[string]any{"credentialId": credID})

	clock := newFakeClock()
	rep := webCall(t, e, srv, nil, clock)
	rep2 := webCall(t, e, srv, nil, clock)
	if n := fetchCount(); n != 1 {
		t.Fatalf("%d token fetches for two calls within the token's lifetime, want 1", n)
	}
	if want := map[string]string{"grant_type": "client_credentials", "client_id": "client-1",
		"client_secret": hidden("oauth-client"), "scope": "hooks:write"}; !reflect.DeepEqual(fetches[0], want) {
		t.Errorf("token request %v, want %v", fetches[0], want)
	}
	later := newFakeClock()
	later.now = clock.Now().Add(time.Duration(expiresIn)*time.Second + time.Millisecond)
	webCall(t, e, srv, nil, later)
	if n := fetchCount(); n != 2 {
		t.Fatalf("%d token fetches after expiry, want 2", n)
	}
	var auths []string
	for _, r := range hooks.requests() {
		auths = append(auths, r.Header.Get("Authorization"))
	}
	want := []string{"Bearer access-token-1", "Bearer access-token-1", "Bearer access-token-1",
		"Bearer access-token-1", "Bearer access-token-1", "Bearer access-token-1",
		"Bearer access-token-2", "Bearer access-token-2", "Bearer access-token-2"}
	if !reflect.DeepEqual(auths, want) {
		t.Errorf("Authorization headers %q, want %q", auths, want)
	}
	for _, r := range []*CallReport{rep, rep2} {
		if got := r.Events[0].Auth; !reflect.DeepEqual(got, []AuthReport{{Kind: AuthOAuth2, CredentialID: credID, Headers: []string{"Authorization"}}}) {
			t.Errorf("auth report %+v", got)
		}
	}

	// Without expires_in a token serves one request.
	noExpiry := credential(e, map[string]any{"type": "oauth2", "url": tokens.URL + "/forever", "clientId": "client-2", "clientSecret": "s2"})
	before := fetchCount()
	webCall(t, e, server(hooks.URL, map[string]any{"credentialId": noExpiry}), nil, newFakeClock())
	if n := fetchCount() - before; n != 3 {
		t.Errorf("%d fetches for three events without expires_in, want 3", n)
	}

	// A refused token request fails the event, which is not sent, and the
	// report does not echo what the token endpoint said.
	refused := credential(e, map[string]any{"type": "oauth2", "url": tokens.URL + "/expiring", "clientId": "refused", "clientSecret": hidden("refused")})
	sentBefore := len(hooks.requests())
	rep = webCall(t, e, server(hooks.URL, map[string]any{"credentialId": refused}), nil, newFakeClock())
	ev := rep.Events[0]
	if ev.Delivered || ev.Attempts != nil || !strings.Contains(ev.Error, "status 401") || len(hooks.requests()) != sentBefore {
		t.Errorf("refused token: %+v", ev)
	}
	if raw, _ := json.Marshal(rep); strings.Contains(string(raw), hidden("refused")) {
		t.Errorf("the report holds the client secret: %s", raw)
	}
}

func TestServerHeadersAreSentVerbatimAndOverride(t *testing.T) {
	t.Parallel()
	e := New(Options{})
	hooks := newHookServer(t)
	bearer := credential(e, map[string]any{"type": "bearer", "token": hidden("from-credential")})
	custom := credential(e, map[string]any{"type": "bearer", "token": "custom", "headerName": "X-Vapi-Secret", "bearerPrefixEnabled": false})
	for _, tc := range []struct {
		name       string
		credID     string
		headers    map[string]any
		want       map[string][]string
		overridden []string
	}{
		{"plain headers", "", map[string]any{"X-Env": "prod", "x-team": "voice"},
			map[string][]string{"X-Env": {"prod"}, "X-Team": {"voice"}, "Authorization": nil}, nil},
		{"headers beside a credential", bearer, map[string]any{"X-Env": "prod"},
			map[string][]string{"X-Env": {"prod"}, "Authorization": {"Bearer " + hidden("from-credential")}}, nil},
		{"Authorization overrides the credential", bearer, map[string]any{"Authorization": "Bearer from-headers"},
			map[string][]string{"Authorization": {"Bearer from-headers"}}, []string{"Authorization"}},
		{"a name in another case overrides too", custom, map[string]any{"x-vapi-secret": "from-headers"},
			map[string][]string{"X-Vapi-Secret": {"from-headers"}}, []string{"X-Vapi-Secret"}},
	} {
		before := len(hooks.requests())
		srv := server(hooks.URL, map[string]any{"headers": tc.headers})
		if tc.credID != "" {
			srv["credentialId"] = tc.credID
		}
		rep := webCall(t, e, srv, []any{"end-of-call-report"}, newFakeClock())
		reqs := hooks.requests()[before:]
		if len(reqs) != 1 {
			t.Fatalf("%s: %d requests", tc.name, len(reqs))
		}
		for name, want := range tc.want {
			if got := reqs[0].Header.Values(name); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %s = %q, want %q", tc.name, name, got, want)
			}
		}
		ev := eventNamed(t, rep, "end-of-call-report")
		var overridden []string
		for _, a := range ev.Auth {
			overridden = append(overridden, a.Overridden...)
		}
		if !reflect.DeepEqual(overridden, tc.overridden) || len(ev.ServerHeaders) != len(tc.headers) {
			t.Errorf("%s: report %+v", tc.name, ev)
		}
	}
	// Names keep their case on the wire; Go's server would hide it.
	h := http.Header{"X-Vapi-Secret": {"a"}}
	if replaced := setHeader(h, "x-vapi-secret", "b"); !reflect.DeepEqual(replaced, []string{"X-Vapi-Secret"}) ||
		!reflect.DeepEqual(h, http.Header{"x-vapi-secret": {"b"}}) {
		t.Errorf("setHeader: %v replaced %q", h, replaced)
	}
}

func TestCredentialProblemsAreReported(t *testing.T) {
	t.Parallel()
	e := New(Options{})
	hooks := newHookServer(t)
	missing := newUUID()
	twilio := e.Put(KindCredential, map[string]any{"provider": "twilio", "authToken": "tw"})
	otherOrg := e.Put(KindCredential, map[string]any{"orgId": newUUID(), "provider": "custom-credential",
		"authenticationPlan": map[string]any{"type": "bearer", "token": "t"}})
	badBase64 := credential(e, map[string]any{"type": "hmac", "algorithm": "sha256", "secretKey": "%%%", "secretIsBase64": true})
	for id, want := range map[string]string{
		missing:   "credential " + missing + " not found",
		twilio:    `is a "twilio" credential`,
		otherOrg:  "credential " + otherOrg + " not found",
		badBase64: "secretKey is not valid base64",
	} {
		rep := webCall(t, e, server(hooks.URL, map[string]any{"credentialId": id}), nil, newFakeClock())
		for _, ev := range rep.Events {
			if ev.Skipped != "" {
				continue
			}
			if !strings.Contains(ev.Error, want) || ev.Attempts != nil || ev.Delivered {
				t.Errorf("%s: %+v, want error %q", label(ev), ev, want)
			}
		}
	}
	if n := len(hooks.requests()); n != 0 {
		t.Errorf("%d requests sent with an unusable credential", n)
	}
}

// TestReportHoldsNoSecret plays a call that uses every kind of secret and
// checks that each reached its receiver and none is in the report.
func TestReportHoldsNoSecret(t *testing.T) {
	t.Parallel()
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"access_token":"oauth-access-token","token_type":"Bearer","expires_in":3600}`)
	}))
	t.Cleanup(tokens.Close)
	e := New(Options{APIKey: "the-api-key"})
	hooks := newHookServer(t)
	bearer := credential(e, map[string]any{"type": "bearer", "token": "bearer-secret"})
	hmacCred := credential(e, map[string]any{"type": "hmac", "algorithm": "sha256", "secretKey": "hmac-secret"})
	oauth := credential(e, map[string]any{"type": "oauth2", "url": tokens.URL, "clientId": "c", "clientSecret": "client-secret"})
	phoneID := e.Put(KindPhoneNumber, map[string]any{"provider": "vapi", "server": server(
		"http://user:userinfo-secret@"+strings.TrimPrefix(hooks.URL, "http://")+"/phone?token=url-secret&plain=1",
		map[string]any{"credentialId": hmacCred})})
	hooks.setAnswer(func(r hookRequest) (int, string) {
		if r.typ() != "assistant-request" {
			return http.StatusOK, `{"results":[{"toolCallId":"x","result":"fine","apiKey":"answer-key-secret"}]}`
		}
		return http.StatusOK, `{"assistant":{"serverMessages":["tool-calls","status-update"],` +
			`"credentials":[{"provider":"openai","apiKey":"transient-api-key"}],` +
			`"model":{"provider":"openai","model":"gpt-4o","tools":[{"type":"function","function":{"name":"f"},"server":{"url":"` + hooks.URL + `/tool","credentialId":"` + bearer + `","secret":"legacy-shared-value","headers":{"X-Api-Key":"header-secret"}}}]},` +
			`"server":{"url":"` + hooks.URL + `/assistant","credentialId":"` + oauth + `","headers":{"X-Auth-Token":"answer-header-secret"}}}}`
	})
	rep, err := e.SimulateCall(t.Context(), CallSpec{PhoneNumberID: phoneID, Functions: []string{"f"}}, DispatchOptions{Clock: newFakeClock()})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range hooks.requests() {
		for name, vs := range r.Header {
			got[r.Path+" "+name] = strings.Join(vs, ",")
		}
	}
	for key, want := range map[string]string{
		"/phone X-Signature":       "",
		"/tool Authorization":      "Bearer bearer-secret",
		"/tool X-Vapi-Secret":      "legacy-shared-value",
		"/tool X-Api-Key":          "header-secret",
		"/assistant Authorization": "Bearer oauth-access-token",
		"/assistant X-Auth-Token":  "answer-header-secret",
	} {
		if v, ok := got[key]; !ok || (want != "" && v != want) {
			t.Errorf("%s = %q, want %q (all: %v)", key, v, want, got)
		}
	}
	raw, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"the-api-key", "bearer-secret", "hmac-secret", "client-secret", "oauth-access-token",
		"url-secret", "userinfo-secret", "transient-api-key", "legacy-shared-value", "header-secret", "answer-header-secret", "answer-key-secret"} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("the report holds %q: %s", secret, raw)
		}
	}
	if want := `"url":"http://***@` + strings.TrimPrefix(hooks.URL, "http://") + `/phone?token=***\u0026plain=1"`; !strings.Contains(string(raw), want) {
		t.Errorf("the phone number's URL is not shown masked as %s: %s", want, raw)
	}
}
