package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

const wantUnauthorized = `{"message":"Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.","error":"Unauthorized","statusCode":401}`

func TestAuthentication(t *testing.T) {
	t.Parallel()
	e, a := newAPI(t, Options{APIKey: "secret-key"})
	for _, auth := range []string{"", "Bearer wrong", "Basic secret-key", "secret-key", "Bearer  secret-key"} {
		r := a.callWith(http.MethodGet, "/assistant?limit=1", nil, auth)
		r.want(http.StatusUnauthorized)
		if r.raw != wantUnauthorized {
			t.Errorf("auth %q: body %s", auth, r.raw)
		}
	}
	a.callWith(http.MethodGet, "/assistant?limit=1", nil, "bearer secret-key").want(http.StatusOK)
	a.call(http.MethodGet, "/tool", nil).want(http.StatusOK)
	reqs := e.Requests()
	if len(reqs) != 7 || reqs[0].Status != http.StatusUnauthorized || reqs[0].Query != "limit=1" {
		t.Fatalf("request log %+v", reqs)
	}
	if e.APIKey() != "secret-key" || !uuidV4Re.MatchString(e.OrgID()) {
		t.Fatalf("APIKey %q OrgID %q", e.APIKey(), e.OrgID())
	}
	if !uuidV4Re.MatchString(New(Options{}).APIKey()) {
		t.Fatal("default key is not a UUID")
	}
}

func TestRoutingErrors(t *testing.T) {
	t.Parallel()
	e, a := newAPI(t, Options{})
	for _, tc := range []struct{ method, path, want string }{
		{http.MethodGet, "/nope", `{"message":"Cannot GET /nope","error":"Not Found","statusCode":404}`},
		{http.MethodGet, "/nope?x=1", `{"message":"Cannot GET /nope?x=1","error":"Not Found","statusCode":404}`},
		{http.MethodPut, "/assistant/" + newUUID(), ""},
		{http.MethodPost, "/org", ""},
		{http.MethodDelete, "/org/" + e.OrgID(), `{"message":"Cannot DELETE /org/` + e.OrgID() + `","error":"Not Found","statusCode":404}`},
		{http.MethodGet, "/tool/a/b", ""},
		{http.MethodGet, "/v2/tool", ""},
	} {
		r := a.callWith(tc.method, tc.path, nil, "")
		r.want(http.StatusNotFound)
		if tc.want != "" && r.raw != tc.want {
			t.Errorf("%s %s: %s", tc.method, tc.path, r.raw)
		}
	}
	r := a.call(http.MethodGet, "/tool/not-a-uuid", nil).want(http.StatusBadRequest)
	if r.raw != `{"message":"Validation failed (uuid is expected)","error":"Bad Request","statusCode":400}` {
		t.Errorf("bad uuid: %s", r.raw)
	}
	a.call(http.MethodGet, "/tool/", nil).want(http.StatusOK)

	// The body parser runs before routing and auth.
	r = a.callWith(http.MethodPost, "/tool", `{"type":`, "").want(http.StatusBadRequest)
	if r.raw != `{"message":"Unexpected end of JSON input","error":"Bad Request","statusCode":400}` {
		t.Errorf("truncated JSON: %s", r.raw)
	}
	r = a.call(http.MethodPost, "/tool", `{"type" "function"}`).want(http.StatusBadRequest)
	if !strings.Contains(r.raw, `"Unexpected token in JSON at position 8"`) {
		t.Errorf("malformed JSON: %s", r.raw)
	}
	a.call(http.MethodPost, "/tool", `["function"]`).wantMessage("request body must be a JSON object")
	if len(e.Objects(KindTool)) != 0 {
		t.Fatal("a rejected request stored something")
	}
}

// lifecycle describes one resource for the CRUD table.
type lifecycle struct {
	kind   Kind
	path   string
	noun   string
	create map[string]any
	patch  map[string]any
	// check is a field the patch sets, and its new value.
	check string
	want  any
}

func lifecycles() []lifecycle {
	return []lifecycle{
		{KindTool, "/tool", "Tool",
			map[string]any{"type": "function", "function": map[string]any{"name": "get_weather"}},
			map[string]any{"async": true}, "async", true},
		{KindCredential, "/credential", "Credential",
			map[string]any{"provider": "custom-credential", "name": "hooks",
				"authenticationPlan": map[string]any{"type": "bearer", "token": "s3cr3t"}},
			map[string]any{"name": "hooks2"}, "name", "hooks2"},
		{KindAssistant, "/assistant", "Assistant",
			map[string]any{"name": "Support"},
			map[string]any{"firstMessage": "Hi"}, "firstMessage", "Hi"},
		{KindPhoneNumber, "/phone-number", "Phone number",
			map[string]any{"provider": "byo-phone-number", "credentialId": newUUID(), "number": "+14155550100"},
			map[string]any{"name": "Main line"}, "name", "Main line"},
	}
}

func TestCRUDLifecycle(t *testing.T) {
	t.Parallel()
	for _, tc := range lifecycles() {
		t.Run(string(tc.kind), func(t *testing.T) {
			t.Parallel()
			e, a := newAPI(t, Options{})
			created := a.create(tc.path, tc.create)
			id := strField(t, created, "id")
			if !uuidV4Re.MatchString(id) || created["orgId"] != e.OrgID() {
				t.Fatalf("created %v", created)
			}
			createdAt := strField(t, created, "createdAt")
			if !stampRe.MatchString(createdAt) || created["updatedAt"] != createdAt {
				t.Fatalf("timestamps %v", created)
			}
			for k, v := range tc.create {
				if k == "authenticationPlan" {
					continue
				}
				if !reflect.DeepEqual(created[k], v) {
					t.Errorf("%s echoed as %v, sent %v", k, created[k], v)
				}
			}

			got := a.call(http.MethodGet, tc.path+"/"+id, nil).want(http.StatusOK).object()
			if !reflect.DeepEqual(got, created) {
				t.Fatalf("GET %v\nPOST %v", got, created)
			}
			list := a.call(http.MethodGet, tc.path, nil).want(http.StatusOK).array()
			if len(list) != 1 || !reflect.DeepEqual(list[0], created) {
				t.Fatalf("list %v", list)
			}

			patched := a.call(http.MethodPatch, tc.path+"/"+id, tc.patch).want(http.StatusOK).object()
			if patched[tc.check] != tc.want {
				t.Fatalf("patched %v", patched)
			}
			if patched["createdAt"] != createdAt || patched["updatedAt"] == createdAt || patched["id"] != id {
				t.Fatalf("PATCH timestamps/id %v", patched)
			}

			deleted := a.call(http.MethodDelete, tc.path+"/"+id, nil).want(http.StatusOK).object()
			if !reflect.DeepEqual(deleted, patched) {
				t.Fatalf("DELETE returned %v, want %v", deleted, patched)
			}
			wantNotFound := `{"message":"` + tc.noun + ` not found","error":"Not Found","statusCode":404}`
			for _, m := range []string{http.MethodGet, http.MethodPatch, http.MethodDelete} {
				r := a.call(m, tc.path+"/"+id, map[string]any{})
				if r.status != http.StatusNotFound || r.raw != wantNotFound {
					t.Errorf("%s after delete: %d %s", m, r.status, r.raw)
				}
			}
			if _, ok := e.Object(tc.kind, id); ok {
				t.Fatal("object still stored")
			}
		})
	}
}

func TestPatchMergeRules(t *testing.T) {
	t.Parallel()
	e, a := newAPI(t, Options{})
	created := a.create("/assistant", map[string]any{
		"name": "Support",
		"model": map[string]any{"provider": "openai", "model": "gpt-4o", "temperature": 0.5,
			"messages": []any{map[string]any{"role": "system", "content": "You help."}}},
		"voicemailMessage": "Call back",
		"metadata":         map[string]any{"a": 1, "b": 2},
		"endCallPhrases":   []any{"bye now", "goodbye"},
		"server":           map[string]any{"url": "https://a.example", "timeoutSeconds": 30},
	})
	id := strField(t, created, "id")
	patched := a.call(http.MethodPatch, "/assistant/"+id, map[string]any{
		"model":            map[string]any{"provider": "openai", "model": "gpt-4o-mini"},
		"voicemailMessage": nil,
		"metadata":         map[string]any{"c": 3},
		"endCallPhrases":   []any{"see you"},
		"server":           map[string]any{"url": "https://b.example"},
	}).want(http.StatusOK).object()
	want := map[string]any{
		"name":             "Support",
		"model":            map[string]any{"provider": "openai", "model": "gpt-4o-mini"},
		"voicemailMessage": nil,
		"metadata":         map[string]any{"c": float64(3)},
		"endCallPhrases":   []any{"see you"},
		"server":           map[string]any{"url": "https://b.example"},
	}
	for k, v := range want {
		got, present := patched[k]
		if !present || !reflect.DeepEqual(got, v) {
			t.Errorf("%s = %#v (present %v), want %#v", k, got, present, v)
		}
	}
	stored, _ := e.Object(KindAssistant, id)
	if v, present := stored["voicemailMessage"]; !present || v != nil {
		t.Errorf("null not stored: %v", stored)
	}
	// Nothing is filled in: no defaults appear that were not sent.
	if _, ok := field(t, patched, "server.timeoutSeconds"); ok {
		t.Error("server.timeoutSeconds default filled in")
	}
	if _, ok := patched["maxDurationSeconds"]; ok {
		t.Error("maxDurationSeconds default filled in")
	}
}

func TestSecretsNeverEchoed(t *testing.T) {
	t.Parallel()
	e, a := newAPI(t, Options{})
	// secret marks a value so that any echo of it is easy to find.
	var secrets []string
	secret := func(name string) string {
		s := name + "-SECRET-" + strings.Repeat("x", 20)
		secrets = append(secrets, s)
		return s
	}
	var ids [][2]string
	add := func(path string, body map[string]any) {
		obj := a.create(path, body)
		ids = append(ids, [2]string{path, strField(t, obj, "id")})
	}
	add("/credential", map[string]any{"provider": "custom-credential",
		"authenticationPlan": map[string]any{"type": "bearer", "token": secret("tok"), "headerName": "X-Vapi-Secret"}})
	add("/credential", map[string]any{"provider": "custom-credential",
		"authenticationPlan": map[string]any{"type": "hmac", "secretKey": secret("hmac"), "algorithm": "sha256"}})
	add("/credential", map[string]any{"provider": "custom-credential",
		"authenticationPlan": map[string]any{"type": "oauth2", "url": "https://auth.example/token", "clientId": "c", "clientSecret": secret("client")}})
	add("/credential", map[string]any{"provider": "openai", "apiKey": secret("apikey"), "name": "llm"})
	add("/phone-number", map[string]any{"provider": "twilio", "number": "+14155550100", "twilioAccountSid": "AC1",
		"twilioAuthToken": secret("twilio-token"), "twilioApiKey": secret("twilio-key"), "twilioApiSecret": secret("twilio-apisecret")})
	add("/phone-number", map[string]any{"provider": "vapi", "sipUri": "sip:support@sip.vapi.ai",
		"authentication": map[string]any{"username": "user-name-of-twenty-chars", "password": secret("sip")}})
	add("/tool", map[string]any{"type": "function", "function": map[string]any{"name": "f"},
		"server": map[string]any{"url": "https://h.example", "secret": secret("legacy")}})

	var bodies []string
	for _, pi := range ids {
		bodies = append(bodies,
			a.call(http.MethodGet, pi[0]+"/"+pi[1], nil).want(http.StatusOK).raw,
			a.call(http.MethodGet, pi[0], nil).want(http.StatusOK).raw,
			a.call(http.MethodPatch, pi[0]+"/"+pi[1], map[string]any{}).want(http.StatusOK).raw)
	}
	for _, r := range e.Requests() {
		if r.Method == http.MethodPost {
			continue
		}
		bodies = append(bodies, r.Body)
	}
	bodies = append(bodies, a.call(http.MethodGet, "/v2/phone-number", nil).raw)
	for _, b := range bodies {
		for _, s := range secrets {
			if strings.Contains(b, s) {
				t.Errorf("secret %s echoed in %s", s, b)
			}
		}
	}
	// The secrets are stored, though: the webhook sender needs them.
	stored, _ := e.Object(KindCredential, ids[0][1])
	if v, _ := field(t, stored, "authenticationPlan.token"); v != secrets[0] {
		t.Fatalf("token not stored: %v", stored)
	}
	cred := a.call(http.MethodGet, "/credential/"+ids[0][1], nil).object()
	if want := map[string]any{"type": "bearer", "headerName": "X-Vapi-Secret"}; !reflect.DeepEqual(cred["authenticationPlan"], want) {
		t.Fatalf("plan %v", cred["authenticationPlan"])
	}
	if !reflect.DeepEqual(cred["authenticationSession"], map[string]any{}) {
		t.Fatalf("authenticationSession %v", cred["authenticationSession"])
	}
}

func TestPatchAuthenticationPlanReplacesWholesale(t *testing.T) {
	t.Parallel()
	e, a := newAPI(t, Options{})
	id := strField(t, a.create("/credential", map[string]any{"provider": "custom-credential", "name": "n",
		"authenticationPlan": map[string]any{"type": "bearer", "token": "old", "headerName": "X-A"}}), "id")
	// A plan without its secret is incomplete: the API cannot keep the old one.
	a.call(http.MethodPatch, "/credential/"+id, map[string]any{
		"authenticationPlan": map[string]any{"type": "bearer", "headerName": "X-B"}}).
		wantMessage("authenticationPlan.token should not be empty")
	a.call(http.MethodPatch, "/credential/"+id, map[string]any{
		"authenticationPlan": map[string]any{"type": "hmac", "secretKey": "k", "algorithm": "sha512"}}).want(http.StatusOK)
	stored, _ := e.Object(KindCredential, id)
	want := map[string]any{"type": "hmac", "secretKey": "k", "algorithm": "sha512"}
	if !reflect.DeepEqual(stored["authenticationPlan"], want) || stored["name"] != "n" {
		t.Fatalf("stored %v", stored)
	}
}

func TestDiscriminatorChangeRejected(t *testing.T) {
	t.Parallel()
	_, a := newAPI(t, Options{})
	tool := strField(t, a.create("/tool", map[string]any{"type": "function"}), "id")
	a.call(http.MethodPatch, "/tool/"+tool, map[string]any{"type": "apiRequest"}).
		wantMessage("type must be one of the following values: function")
	a.call(http.MethodPatch, "/tool/"+tool, map[string]any{"type": "function", "async": true}).want(http.StatusOK)

	other := strField(t, a.create("/tool", map[string]any{"type": "endCall", "anything": map[string]any{"goes": 1}}), "id")
	a.call(http.MethodPatch, "/tool/"+other, map[string]any{"type": "function"}).
		wantMessage("type must be one of the following values: endCall")
	a.call(http.MethodPatch, "/tool/"+other, map[string]any{"type": "endCall", "x": 1}).want(http.StatusOK)

	cred := strField(t, a.create("/credential", map[string]any{"provider": "custom-credential",
		"authenticationPlan": map[string]any{"type": "bearer", "token": "t"}}), "id")
	a.call(http.MethodPatch, "/credential/"+cred, map[string]any{"provider": "webhook"}).
		wantMessage("provider must be one of the following values: custom-credential")

	pn := strField(t, a.create("/phone-number", map[string]any{"provider": "vapi", "numberDesiredAreaCode": "212"}), "id")
	a.call(http.MethodPatch, "/phone-number/"+pn, map[string]any{"provider": "twilio"}).
		wantMessage("provider must be one of the following values: vapi")
	a.call(http.MethodPatch, "/phone-number/"+pn, map[string]any{"provider": "vapi", "name": "x"}).want(http.StatusOK)
	a.call(http.MethodPatch, "/phone-number/"+pn, map[string]any{"numberDesiredAreaCode": "213"}).
		wantMessage("property numberDesiredAreaCode should not exist")
}

func TestValidationMessages(t *testing.T) {
	t.Parallel()
	long := func(n int) string { return strings.Repeat("a", n) }
	fn := func(extra map[string]any) map[string]any {
		b := map[string]any{"type": "function", "function": map[string]any{"name": "ok"}}
		for k, v := range extra {
			b[k] = v
		}
		return b
	}
	srv := func(s map[string]any) map[string]any { return fn(map[string]any{"server": s}) }
	backoff := func(b map[string]any) map[string]any {
		return srv(map[string]any{"url": "https://x", "backoffPlan": b})
	}
	bearer := func(extra map[string]any) map[string]any {
		b := map[string]any{"provider": "custom-credential", "authenticationPlan": map[string]any{"type": "bearer", "token": "t"}}
		for k, v := range extra {
			b[k] = v
		}
		return b
	}
	model := func(m map[string]any) map[string]any { return map[string]any{"model": m} }
	openai := func(extra map[string]any) map[string]any {
		m := map[string]any{"provider": "openai", "model": "gpt-4o"}
		for k, v := range extra {
			m[k] = v
		}
		return model(m)
	}
	for _, tc := range []struct {
		path string
		body map[string]any
		want string // "" = accepted
	}{
		// Tools and the Server object.
		{"/tool", map[string]any{}, "type must be one of the following values: apiRequest, code, dtmf, endCall, function, transferCall, handoff, bash, computer, textEditor, query, google.calendar.event.create, google.sheets.row.append, google.calendar.availability.check, slack.message.send, sms, mcp, gohighlevel.calendar.availability.check, gohighlevel.calendar.event.create, gohighlevel.contact.create, gohighlevel.contact.get, sipRequest, voicemail"},
		{"/tool", fn(map[string]any{"name": "x"}), "property name should not exist"},
		{"/tool", fn(map[string]any{"__pinned": true}), "property __pinned should not exist"},
		{"/tool", map[string]any{"type": "dtmf", "__pinned": true}, "property __pinned should not exist"},
		{"/tool", map[string]any{"type": "function", "function": map[string]any{"name": "bad name"}}, "function.name must match /^[a-zA-Z0-9_-]{1,64}$/ regular expression"},
		{"/tool", map[string]any{"type": "function", "function": map[string]any{"name": long(65)}}, "function.name must be shorter than or equal to 64 characters"},
		{"/tool", map[string]any{"type": "function", "function": map[string]any{"name": long(64)}}, ""},
		{"/tool", map[string]any{"type": "function", "function": map[string]any{}}, "function.name must be a string"},
		{"/tool", map[string]any{"type": "function", "function": map[string]any{"name": "f", "parameters": map[string]any{"type": "object"}}}, "function.parameters.properties must be an object"},
		{"/tool", map[string]any{"type": "function", "function": map[string]any{"name": "f", "parameters": map[string]any{"type": "array", "properties": map[string]any{}}}}, "function.parameters.type must be one of the following values: object"},
		{"/tool", fn(map[string]any{"async": "yes"}), "async must be a boolean value"},
		{"/tool", fn(map[string]any{"messages": []any{map[string]any{"type": "request-start", "content": long(1001)}}}), "messages.0.content must be shorter than or equal to 1000 characters"},
		{"/tool", fn(map[string]any{"messages": []any{map[string]any{"type": "request-response-delayed", "timingMilliseconds": 99}}}), "messages.0.timingMilliseconds must not be less than 100"},
		{"/tool", fn(map[string]any{"messages": []any{map[string]any{"type": "nope"}}}), "messages.0.type must be one of the following values: request-start, request-complete, request-failed, request-response-delayed"},
		{"/tool", fn(map[string]any{"parameters": []any{map[string]any{"key": "k"}}}), "parameters.0.value should not be null or undefined"},
		{"/tool", fn(map[string]any{"server": "https://x"}), "server must be an object"},
		{"/tool", srv(map[string]any{"url": "https://x", "foo": 1}), "server.property foo should not exist"},
		{"/tool", srv(map[string]any{"timeoutSeconds": 0}), "server.timeoutSeconds must not be less than 1"},
		{"/tool", srv(map[string]any{"timeoutSeconds": 301}), "server.timeoutSeconds must not be greater than 300"},
		{"/tool", srv(map[string]any{"timeoutSeconds": "20"}), "server.timeoutSeconds must be a number conforming to the specified constraints"},
		{"/tool", srv(map[string]any{"timeoutSeconds": 300, "url": "https://x"}), ""},
		{"/tool", srv(map[string]any{"credentialId": "abc"}), "server.credentialId must be a UUID"},
		{"/tool", srv(map[string]any{"url": 5}), "server.url must be a string"},
		{"/tool", srv(map[string]any{"headers": map[string]any{"X-A": 1}}), "server.headers.X-A must be a string"},
		{"/tool", srv(map[string]any{"staticIpAddressesEnabled": 1}), "server.staticIpAddressesEnabled must be a boolean value"},
		{"/tool", srv(map[string]any{"encryptedPaths": []any{1}}), "server.each value in encryptedPaths must be a string"},
		{"/tool", backoff(map[string]any{}), "server.backoffPlan.type must be one of the following values: fixed, exponential"},
		{"/tool", backoff(map[string]any{"type": "fixed", "baseDelaySeconds": 1}), "server.backoffPlan.maxRetries must be a number conforming to the specified constraints"},
		{"/tool", backoff(map[string]any{"type": "fixed", "maxRetries": 11, "baseDelaySeconds": 1}), "server.backoffPlan.maxRetries must not be greater than 10"},
		{"/tool", backoff(map[string]any{"type": "fixed", "maxRetries": 1, "baseDelaySeconds": -1}), "server.backoffPlan.baseDelaySeconds must not be less than 0"},
		{"/tool", backoff(map[string]any{"type": "fixed", "maxRetries": 1, "baseDelaySeconds": 11}), "server.backoffPlan.baseDelaySeconds must not be greater than 10"},
		{"/tool", backoff(map[string]any{"type": "exponential", "maxRetries": 3, "baseDelaySeconds": 1, "excludedStatusCodes": []any{"400"}}), "server.backoffPlan.each value in excludedStatusCodes must be a number conforming to the specified constraints"},
		{"/tool", backoff(map[string]any{"type": "exponential", "maxRetries": 3, "baseDelaySeconds": 1, "excludedStatusCodes": []any{400, 401}}), ""},

		// Credentials.
		{"/credential", map[string]any{"provider": "custom-credential"}, "authenticationPlan must be an object"},
		{"/credential", map[string]any{"provider": "nope"}, "provider must be one of the following values: anthropic, anthropic-bedrock, anyscale, assembly-ai, azure, azure-openai, byo-sip-trunk, cartesia, cloudflare, custom-llm, deepgram, deepinfra, deep-seek, 11labs, gcp, gladia, gohighlevel, groq, langfuse, lmnt, make, openai, openrouter, perplexity-ai, playht, rime-ai, runpod, s3, supabase, smallest-ai, tavus, together-ai, twilio, vonage, webhook, xai, google.calendar.oauth2-client, google.calendar.oauth2-authorization, google.sheets.oauth2-authorization, slack.oauth2-authorization, minimax, cerebras, google, hume, inflection-ai, microsoft, mistral, neuphonic, wellsaid, s3-compatible, soniox, speechmatics, custom-credential, ghl.oauth2-authorization, inworld, email, slack-webhook"},
		{"/credential", bearer(map[string]any{"name": long(41)}), "name must be shorter than or equal to 40 characters"},
		{"/credential", bearer(map[string]any{"name": ""}), "name must be longer than or equal to 1 characters"},
		{"/credential", bearer(map[string]any{"foo": 1}), "property foo should not exist"},
		{"/credential", bearer(map[string]any{"authenticationPlan": map[string]any{"token": "t"}}), "authenticationPlan.type must be one of the following values: oauth2, hmac, bearer"},
		{"/credential", bearer(map[string]any{"authenticationPlan": map[string]any{"type": "bearer"}}), "authenticationPlan.token must be a string"},
		{"/credential", bearer(map[string]any{"authenticationPlan": map[string]any{"type": "bearer", "token": "t", "bearerPrefixEnabled": "no"}}), "authenticationPlan.bearerPrefixEnabled must be a boolean value"},
		{"/credential", bearer(map[string]any{"authenticationPlan": map[string]any{"type": "bearer", "token": "t", "secretKey": "k"}}), "authenticationPlan.property secretKey should not exist"},
		{"/credential", bearer(map[string]any{"authenticationPlan": map[string]any{"type": "hmac", "secretKey": "k", "algorithm": "md5"}}), "authenticationPlan.algorithm must be one of the following values: sha256, sha512, sha1"},
		{"/credential", bearer(map[string]any{"authenticationPlan": map[string]any{"type": "hmac", "secretKey": "k", "algorithm": "sha1", "signatureEncoding": "b32"}}), "authenticationPlan.signatureEncoding must be one of the following values: hex, base64"},
		{"/credential", bearer(map[string]any{"authenticationPlan": map[string]any{"type": "oauth2", "url": "u", "clientId": "c", "clientSecret": "s", "scope": long(1001)}}), "authenticationPlan.scope must be shorter than or equal to 1000 characters"},
		{"/credential", bearer(map[string]any{"authenticationPlan": map[string]any{"type": "oauth2", "url": "u", "clientSecret": "s"}}), "authenticationPlan.clientId must be a string"},
		{"/credential", bearer(map[string]any{"encryptionPlan": map[string]any{"type": "public-key", "algorithm": "RSA", "publicKey": map[string]any{"format": "spki-pem", "pem": "p"}}}), "encryptionPlan.algorithm must be one of the following values: RSA-OAEP-256"},
		{"/credential", bearer(map[string]any{"encryptionPlan": map[string]any{"type": "public-key", "algorithm": "RSA-OAEP-256", "publicKey": map[string]any{"format": "spki-pem", "pem": "p", "name": long(101)}}}), "encryptionPlan.publicKey.name must be shorter than or equal to 100 characters"},
		{"/credential", bearer(map[string]any{"name": long(40)}), ""},

		// Assistants.
		{"/assistant", map[string]any{}, ""},
		{"/assistant", map[string]any{"name": long(41)}, "name must be shorter than or equal to 40 characters"},
		{"/assistant", map[string]any{"serverUrl": "https://x"}, "property serverUrl should not exist"},
		{"/assistant", map[string]any{"firstMessageMode": "shout"}, "firstMessageMode must be one of the following values: assistant-speaks-first, assistant-speaks-first-with-model-generated-message, assistant-waits-for-user"},
		{"/assistant", model(map[string]any{"model": "gpt-4o"}), "model.provider must be one of the following values: anthropic, anthropic-bedrock, anyscale, cerebras, custom-llm, deepinfra, deep-seek, google, groq, inflection-ai, minimax, openai, openrouter, perplexity-ai, together-ai, xai, vapi"},
		{"/assistant", model(map[string]any{"provider": "openai"}), "model.model must be a string"},
		{"/assistant", model(map[string]any{"provider": "vapi"}), ""},
		{"/assistant", model(map[string]any{"provider": "vapi", "maxTokens": 100}), "model.property maxTokens should not exist"},
		{"/assistant", model(map[string]any{"provider": "custom-llm", "model": "m"}), "model.url must be a string"},
		{"/assistant", openai(map[string]any{"temperature": 2.1}), "model.temperature must not be greater than 2"},
		{"/assistant", openai(map[string]any{"temperature": -0.1}), "model.temperature must not be less than 0"},
		{"/assistant", openai(map[string]any{"maxTokens": 49}), "model.maxTokens must not be less than 50"},
		{"/assistant", openai(map[string]any{"maxTokens": 10001}), "model.maxTokens must not be greater than 10000"},
		{"/assistant", openai(map[string]any{"messages": []any{map[string]any{"role": "boss", "content": "x"}}}), "model.messages.0.role must be one of the following values: assistant, function, user, system, tool"},
		{"/assistant", openai(map[string]any{"messages": []any{map[string]any{"role": "system", "content": nil}}}), ""},
		{"/assistant", openai(map[string]any{"toolIds": []any{1}}), "model.each value in toolIds must be a string"},
		{"/assistant", openai(map[string]any{"temperature": 0, "maxTokens": 50, "toolIds": []any{newUUID()}}), ""},
		{"/assistant", map[string]any{"voice": map[string]any{"provider": "vapi"}}, "voice.voiceId must be a string"},
		{"/assistant", map[string]any{"voice": map[string]any{"provider": "vapi", "voiceId": "Elliot", "enableSsmlParsing": true}}, "voice.property enableSsmlParsing should not exist"},
		{"/assistant", map[string]any{"voice": map[string]any{"provider": "11labs", "voiceId": "v", "enableSsmlParsing": true}}, ""},
		{"/assistant", map[string]any{"voice": map[string]any{"provider": "custom-voice"}}, "voice.server must be an object"},
		{"/assistant", map[string]any{"transcriber": map[string]any{"provider": "whisper"}}, "transcriber.provider must be one of the following values: assembly-ai, azure, custom-transcriber, deepgram, 11labs, gladia, google, speechmatics, talkscriber, openai, cartesia, soniox, xai, vapi"},
		{"/assistant", map[string]any{"transcriber": map[string]any{"provider": "deepgram", "model": "nova-3", "language": "en"}}, ""},
		{"/assistant", map[string]any{"serverMessages": []any{"tool-calls", "nope"}}, "each value in serverMessages must be one of the following values: assistant.started, assistant.speechStarted, conversation-update, end-of-call-report, function-call, hang, language-changed, language-change-detected, model-output, phone-call-control, speech-update, status-update, transcript, transcript[transcriptType=\"final\"], tool-calls, transfer-destination-request, handoff-destination-request, transfer-update, user-interrupted, voice-input, chat.created, chat.deleted, session.created, session.updated, session.deleted, call.deleted, call.delete.failed, call.artifact.upload"},
		{"/assistant", map[string]any{"serverMessages": "tool-calls"}, "serverMessages must be an array"},
		{"/assistant", map[string]any{"serverMessages": []any{}}, ""},
		{"/assistant", map[string]any{"clientMessages": []any{"end-of-call-report"}}, "each value in clientMessages must be one of the following values: conversation-update, assistant.speechStarted, function-call, function-call-result, hang, language-changed, metadata, model-output, speech-update, status-update, transcript, tool-calls, tool-calls-result, tool.completed, transfer-update, user-interrupted, voice-input, workflow.node.started, assistant.started"},
		{"/assistant", map[string]any{"endCallMessage": long(1001)}, "endCallMessage must be shorter than or equal to 1000 characters"},
		{"/assistant", map[string]any{"voicemailMessage": long(1001)}, "voicemailMessage must be shorter than or equal to 1000 characters"},
		{"/assistant", map[string]any{"endCallPhrases": []any{"x"}}, "each value in endCallPhrases must be longer than or equal to 2 characters"},
		{"/assistant", map[string]any{"endCallPhrases": []any{long(141)}}, "each value in endCallPhrases must be shorter than or equal to 140 characters"},
		{"/assistant", map[string]any{"maxDurationSeconds": 9}, "maxDurationSeconds must not be less than 10"},
		{"/assistant", map[string]any{"maxDurationSeconds": 43201}, "maxDurationSeconds must not be greater than 43200"},
		{"/assistant", map[string]any{"silenceTimeoutSeconds": 9}, "silenceTimeoutSeconds must not be less than 10"},
		{"/assistant", map[string]any{"silenceTimeoutSeconds": 3601}, "silenceTimeoutSeconds must not be greater than 3600"},
		{"/assistant", map[string]any{"silenceTimeoutSeconds": 30, "maxDurationSeconds": 600}, ""},
		{"/assistant", map[string]any{"backgroundSound": "jungle"}, "backgroundSound must be a URL address or one of the following values: off, office"},
		{"/assistant", map[string]any{"backgroundSound": "https://cdn.example/lounge.mp3"}, ""},
		{"/assistant", map[string]any{"metadata": []any{}}, "metadata must be an object"},
		{"/assistant", map[string]any{"keypadInputPlan": map[string]any{"timeoutSeconds": 11}}, "keypadInputPlan.timeoutSeconds must not be greater than 10"},
		{"/assistant", map[string]any{"credentials": []any{map[string]any{"provider": "custom-credential"}}}, "credentials.0.authenticationPlan must be an object"},
		{"/assistant", map[string]any{"analysisPlan": map[string]any{"anything": []any{1}}, "hooks": []any{map[string]any{"on": "call.ending"}}}, ""},

		// Phone numbers.
		{"/phone-number", map[string]any{"provider": "vapi"}, "exactly one of numberDesiredAreaCode or sipUri must be provided"},
		{"/phone-number", map[string]any{"provider": "vapi", "numberDesiredAreaCode": "41"}, "numberDesiredAreaCode must be longer than or equal to 3 characters"},
		{"/phone-number", map[string]any{"provider": "vapi", "numberDesiredAreaCode": "4155"}, "numberDesiredAreaCode must be shorter than or equal to 3 characters"},
		{"/phone-number", map[string]any{"provider": "vapi", "numberDesiredAreaCode": "abc"}, "numberDesiredAreaCode must be a 3-digit US area code"},
		{"/phone-number", map[string]any{"provider": "vapi", "numberDesiredAreaCode": "415", "sipUri": "sip:a@sip.vapi.ai"}, "exactly one of numberDesiredAreaCode or sipUri must be provided"},
		{"/phone-number", map[string]any{"provider": "vapi", "sipUri": "sip:a@example.com"}, "sipUri must be a SIP URI of the form sip:<username>@sip.vapi.ai (or @sip.eu.vapi.ai)"},
		{"/phone-number", map[string]any{"provider": "vapi", "sipUri": "SIP:Support@SIP.EU.VAPI.AI"}, ""},
		{"/phone-number", map[string]any{"provider": "vapi", "sipUri": "sip:a@sip.vapi.ai", "authentication": map[string]any{"username": long(19), "password": long(20)}}, "authentication.username must be longer than or equal to 20 characters"},
		{"/phone-number", map[string]any{"provider": "vapi", "sipUri": "sip:a@sip.vapi.ai", "authentication": map[string]any{"username": long(20), "password": long(41)}}, "authentication.password must be shorter than or equal to 40 characters"},
		{"/phone-number", map[string]any{"provider": "vapi", "sipUri": "sip:a@sip.vapi.ai", "authentication": map[string]any{"username": long(20)}}, "authentication.password must be a string"},
		{"/phone-number", map[string]any{"provider": "vapi", "numberDesiredAreaCode": "415", "name": long(41)}, "name must be shorter than or equal to 40 characters"},
		{"/phone-number", map[string]any{"provider": "vapi", "numberDesiredAreaCode": "415", "server": map[string]any{"timeoutSeconds": 0}}, "server.timeoutSeconds must not be less than 1"},
		{"/phone-number", map[string]any{"provider": "twilio", "twilioAccountSid": "AC", "twilioAuthToken": "t"}, "number must be a string"},
		{"/phone-number", map[string]any{"provider": "twilio", "number": "+1", "twilioAccountSid": "AC"}, "twilioAuthToken or both twilioApiKey and twilioApiSecret must be provided"},
		{"/phone-number", map[string]any{"provider": "twilio", "number": "+1", "twilioAccountSid": "AC", "twilioApiKey": "k"}, "twilioAuthToken or both twilioApiKey and twilioApiSecret must be provided"},
		{"/phone-number", map[string]any{"provider": "twilio", "number": "+1", "twilioAccountSid": "AC", "twilioApiKey": "k", "twilioApiSecret": "s", "smsEnabled": false}, ""},
		{"/phone-number", map[string]any{"provider": "vonage", "number": "+1"}, "credentialId must be a string"},
		{"/phone-number", map[string]any{"provider": "telnyx", "number": "+1", "credentialId": "c"}, ""},
		{"/phone-number", map[string]any{"provider": "byo-phone-number"}, "credentialId must be a string"},
		{"/phone-number", map[string]any{"provider": "byo-phone-number", "credentialId": "c", "number": "12"}, "number must be longer than or equal to 3 characters"},
		{"/phone-number", map[string]any{"provider": "byo-phone-number", "credentialId": "c", "numberE164CheckEnabled": false, "fallbackDestination": map[string]any{"type": "number", "number": "+14155550100"}}, ""},
	} {
		name := tc.path + " " + tc.want
		if tc.want == "" {
			raw, _ := json.Marshal(tc.body)
			name = tc.path + " accepts " + string(raw)
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e, a := newAPI(t, Options{})
			r := a.call(http.MethodPost, tc.path, tc.body)
			if tc.want == "" {
				r.want(http.StatusCreated)
				return
			}
			r.wantMessage(tc.want)
			if n := len(e.Objects(KindTool)) + len(e.Objects(KindAssistant)) + len(e.Objects(KindCredential)) + len(e.Objects(KindPhoneNumber)); n != 0 {
				t.Fatalf("a rejected create stored %d objects", n)
			}
		})
	}
}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestListLimitAndDateFilters(t *testing.T) {
	t.Parallel()
	clk := &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	e, a := newAPI(t, Options{Now: clk.now})
	var ids []string
	for i := range 5 {
		clk.advance(time.Minute)
		ids = append(ids, strField(t, a.create("/tool", map[string]any{"type": "function", "function": map[string]any{"name": fmt.Sprintf("f%d", i)}}), "id"))
	}
	// Same-millisecond creations still order strictly.
	ids = append(ids, strField(t, a.create("/tool", map[string]any{"type": "function"}), "id"))
	foreign := e.Put(KindTool, map[string]any{"type": "function", "orgId": newUUID()})

	listIDs := func(query string) []string {
		t.Helper()
		var out []string
		for _, o := range a.call(http.MethodGet, "/tool"+query, nil).want(http.StatusOK).array() {
			out = append(out, strField(t, o, "id"))
		}
		return out
	}
	rev := func(s ...string) []string {
		out := make([]string, len(s))
		for i, v := range s {
			out[len(s)-1-i] = v
		}
		return out
	}
	stampOf := func(id string) string {
		obj, _ := e.Object(KindTool, id)
		s, _ := obj["createdAt"].(string)
		return s
	}
	q := func(pairs ...[2]string) string {
		v := url.Values{}
		for _, p := range pairs {
			v.Set(p[0], p[1])
		}
		return "?" + v.Encode()
	}
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", rev(ids...)},
		{q([2]string{"limit", "2"}), rev(ids[4:]...)},
		{q([2]string{"limit", "0"}), nil},
		{q([2]string{"limit", "1000"}), rev(ids...)},
		{q([2]string{"createdAtLt", stampOf(ids[2])}), rev(ids[:2]...)},
		{q([2]string{"createdAtLe", stampOf(ids[2])}), rev(ids[:3]...)},
		{q([2]string{"createdAtGt", stampOf(ids[2])}), rev(ids[3:]...)},
		{q([2]string{"createdAtGe", stampOf(ids[2])}, [2]string{"limit", "2"}), rev(ids[4:]...)},
		{q([2]string{"createdAtGe", stampOf(ids[1])}, [2]string{"createdAtLe", stampOf(ids[3])}), rev(ids[1:4]...)},
		{q([2]string{"createdAtLt", "2026-03-01T12:02:00Z"}), rev(ids[:1]...)},
		{q([2]string{"createdAtLt", "2026-03-01"}), nil},
	} {
		if got := listIDs(tc.query); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("GET /tool%s = %v, want %v", tc.query, got, tc.want)
		}
	}
	for _, id := range listIDs("") {
		if id == foreign {
			t.Fatal("another org's tool is listed")
		}
	}
	a.call(http.MethodGet, "/tool/"+foreign, nil).want(http.StatusNotFound)

	clk.advance(time.Hour)
	patched := a.call(http.MethodPatch, "/tool/"+ids[1], map[string]any{"async": true}).want(http.StatusOK).object()
	if got := listIDs(q([2]string{"updatedAtGe", strField(t, patched, "updatedAt")})); !reflect.DeepEqual(got, ids[1:2]) {
		t.Errorf("updatedAtGe: %v", got)
	}
	if got := listIDs(q([2]string{"updatedAtLt", strField(t, patched, "updatedAt")}, [2]string{"limit", "10"})); len(got) != 5 {
		t.Errorf("updatedAtLt: %v", got)
	}
	if got := listIDs(q([2]string{"updatedAtGt", strField(t, patched, "updatedAt")})); got != nil {
		t.Errorf("updatedAtGt: %v", got)
	}
	if got := listIDs(q([2]string{"updatedAtLe", stampOf(ids[0])})); !reflect.DeepEqual(got, ids[:1]) {
		t.Errorf("updatedAtLe: %v", got)
	}

	for _, tc := range []struct{ query, msg string }{
		{"?limit=1001", "limit must not be greater than 1000"},
		{"?limit=-1", "limit must not be less than 0"},
		{"?limit=ten", "limit must be a number conforming to the specified constraints"},
		{"?createdAtGt=yesterday", "createdAtGt must be a valid ISO 8601 date string"},
		{"?updatedAtLe=2026-13-01", "updatedAtLe must be a valid ISO 8601 date string"},
		{"?page=2", "property page should not exist"},
	} {
		a.call(http.MethodGet, "/tool"+tc.query, nil).wantMessage(tc.msg)
	}
}

func TestPhoneNumbersPaginatedList(t *testing.T) {
	t.Parallel()
	_, a := newAPI(t, Options{})
	var ids []string
	for i, area := range []string{"415", "212", "646"} {
		ids = append(ids, strField(t, a.create("/phone-number", map[string]any{"provider": "vapi",
			"numberDesiredAreaCode": area, "name": fmt.Sprintf("Line %d", i)}), "id"))
	}
	page := func(query string) (ids []string, meta map[string]any) {
		t.Helper()
		body := a.call(http.MethodGet, "/v2/phone-number"+query, nil).want(http.StatusOK).object()
		results, _ := body["results"].([]any)
		for _, r := range results {
			m, _ := r.(map[string]any)
			ids = append(ids, strField(t, m, "id"))
		}
		meta, _ = body["metadata"].(map[string]any)
		return ids, meta
	}
	got, meta := page("?limit=2")
	wantMeta := map[string]any{"itemsPerPage": 2.0, "totalItems": 3.0, "currentPage": 1.0, "totalPages": 2.0, "hasNextPage": true, "sortOrder": "DESC"}
	if !reflect.DeepEqual(got, []string{ids[2], ids[1]}) || !reflect.DeepEqual(meta, wantMeta) {
		t.Fatalf("page 1: %v %v", got, meta)
	}
	got, meta = page("?limit=2&page=2")
	if !reflect.DeepEqual(got, []string{ids[0]}) || meta["hasNextPage"] != false || meta["currentPage"] != 2.0 {
		t.Fatalf("page 2: %v %v", got, meta)
	}
	if got, _ = page("?page=3&limit=2"); got != nil {
		t.Fatalf("page 3: %v", got)
	}
	if got, meta = page("?sortOrder=ASC&sortBy=createdAt"); !reflect.DeepEqual(got, ids) || meta["sortOrder"] != "ASC" {
		t.Fatalf("ASC: %v %v", got, meta)
	}
	if got, _ = page("?search=line%201"); !reflect.DeepEqual(got, ids[1:2]) {
		t.Fatalf("search by name: %v", got)
	}
	if got, _ = page("?search=%2B1646"); !reflect.DeepEqual(got, ids[2:3]) {
		t.Fatalf("search by number: %v", got)
	}
	a.call(http.MethodGet, "/v2/phone-number?page=0", nil).wantMessage("page must not be less than 1")
	a.call(http.MethodGet, "/v2/phone-number?sortOrder=up", nil).wantMessage("sortOrder must be one of the following values: ASC, DESC")
	a.call(http.MethodGet, "/v2/phone-number?search="+strings.Repeat("x", 101), nil).wantMessage("search must be shorter than or equal to 100 characters")
}

func TestFreeNumberAssignment(t *testing.T) {
	t.Parallel()
	_, a := newAPI(t, Options{})
	numberRe := regexp.MustCompile(`^\+1415\d{7}$`)
	seen := map[string]bool{}
	for range 3 {
		obj := a.create("/phone-number", map[string]any{"provider": "vapi", "numberDesiredAreaCode": "415", "assistantId": newUUID()})
		number := strField(t, obj, "number")
		if !numberRe.MatchString(number) || seen[number] || obj["status"] != "active" {
			t.Fatalf("free number %v", obj)
		}
		seen[number] = true
		got := a.call(http.MethodGet, "/phone-number/"+strField(t, obj, "id"), nil).object()
		if got["status"] != "active" || got["number"] != number || got["numberDesiredAreaCode"] != "415" {
			t.Fatalf("read back %v", got)
		}
	}
	sip := a.create("/phone-number", map[string]any{"provider": "vapi", "sipUri": "sip:desk@sip.vapi.ai"})
	if _, ok := sip["number"]; ok || sip["status"] != "active" {
		t.Fatalf("SIP number %v", sip)
	}
	twilio := a.create("/phone-number", map[string]any{"provider": "twilio", "number": "+14155550199", "twilioAccountSid": "AC", "twilioAuthToken": "t"})
	if twilio["number"] != "+14155550199" || twilio["status"] != "active" {
		t.Fatalf("twilio %v", twilio)
	}
}

func TestOutOfBandAccess(t *testing.T) {
	t.Parallel()
	e, a := newAPI(t, Options{})
	created := a.create("/assistant", map[string]any{"name": "A", "metadata": map[string]any{"k": "v"}})
	id := strField(t, created, "id")

	obj, ok := e.Object(KindAssistant, id)
	if !ok || obj["name"] != "A" {
		t.Fatalf("Object %v %v", obj, ok)
	}
	obj["name"] = "changed by caller"
	if m, _ := obj["metadata"].(map[string]any); m != nil {
		m["k"] = "changed by caller"
	}
	if again, _ := e.Object(KindAssistant, id); again["name"] != "A" || !reflect.DeepEqual(again["metadata"], map[string]any{"k": "v"}) {
		t.Fatal("Object returned shared state")
	}

	var kept map[string]any
	if err := e.Mutate(KindAssistant, id, func(o map[string]any) {
		o["name"] = "Edited in dashboard"
		o["maxDurationSeconds"] = 120
		o["id"] = "ignored"
		kept = o
	}); err != nil {
		t.Fatal(err)
	}
	kept["name"] = "changed after Mutate"
	got := a.call(http.MethodGet, "/assistant/"+id, nil).want(http.StatusOK).object()
	if got["name"] != "Edited in dashboard" || got["maxDurationSeconds"] != 120.0 || got["id"] != id {
		t.Fatalf("after Mutate %v", got)
	}
	if got["updatedAt"] == created["updatedAt"] || got["createdAt"] != created["createdAt"] {
		t.Fatalf("Mutate timestamps %v", got)
	}
	if err := e.Mutate(KindAssistant, newUUID(), func(map[string]any) {}); err == nil {
		t.Fatal("Mutate of a missing object succeeded")
	}
	if err := e.Mutate(KindAssistant, id, func(o map[string]any) { o["bad"] = make(chan int) }); err == nil {
		t.Fatal("Mutate stored an unserialisable value")
	}

	if !e.Remove(KindAssistant, id) || e.Remove(KindAssistant, id) {
		t.Fatal("Remove")
	}
	a.call(http.MethodGet, "/assistant/"+id, nil).want(http.StatusNotFound)

	put := e.Put(KindAssistant, map[string]any{"name": "Made elsewhere", "endCallPhrases": []string{"bye"}})
	got = a.call(http.MethodGet, "/assistant/"+put, nil).want(http.StatusOK).object()
	if got["name"] != "Made elsewhere" || got["orgId"] != e.OrgID() || !stampRe.MatchString(strField(t, got, "createdAt")) ||
		!reflect.DeepEqual(got["endCallPhrases"], []any{"bye"}) {
		t.Fatalf("Put object %v", got)
	}
	fixed := newUUID()
	if e.Put(KindTool, map[string]any{"id": fixed, "type": "dtmf", "createdAt": "2020-01-01T00:00:00.000Z"}) != fixed {
		t.Fatal("Put ignored the given id")
	}
	all := e.Objects(KindTool)
	if len(all) != 1 || all[0]["createdAt"] != "2020-01-01T00:00:00.000Z" {
		t.Fatalf("Objects %v", all)
	}
	if got := len(e.Objects(KindOrg)); got != 1 {
		t.Fatalf("%d orgs", got)
	}
}

func TestPinnedDeleteConflict(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		path, code string
		kind       Kind
		body       map[string]any
	}{
		{"/tool", "tool_pinned", KindTool, map[string]any{"type": "function"}},
		{"/assistant", "assistant_pinned", KindAssistant, map[string]any{"name": "A"}},
	} {
		t.Run(string(tc.kind), func(t *testing.T) {
			t.Parallel()
			e, a := newAPI(t, Options{})
			id := strField(t, a.create(tc.path, tc.body), "id")
			if err := e.Mutate(tc.kind, id, func(o map[string]any) { o["__pinned"] = true }); err != nil {
				t.Fatal(err)
			}
			got := a.call(http.MethodGet, tc.path+"/"+id, nil).raw
			if strings.Contains(got, "__pinned") {
				t.Fatalf("marker echoed: %s", got)
			}
			r := a.call(http.MethodDelete, tc.path+"/"+id, nil).want(http.StatusConflict)
			var body map[string]any
			if err := json.Unmarshal([]byte(r.raw), &body); err != nil || body["error"] != tc.code || body["message"] == "" || len(body) != 2 {
				t.Fatalf("409 body %s", r.raw)
			}
			a.call(http.MethodPatch, tc.path+"/"+id, map[string]any{"__pinned": false}).wantMessage("property __pinned should not exist")
			if err := e.Mutate(tc.kind, id, func(o map[string]any) { delete(o, "__pinned") }); err != nil {
				t.Fatal(err)
			}
			a.call(http.MethodDelete, tc.path+"/"+id, nil).want(http.StatusOK)
		})
	}
	// Pinning means nothing for kinds the API never pins.
	e, a := newAPI(t, Options{})
	id := e.Put(KindCredential, map[string]any{"provider": "openai", "__pinned": true})
	a.call(http.MethodDelete, "/credential/"+id, nil).want(http.StatusOK)
}

func TestOrgEndpoints(t *testing.T) {
	t.Parallel()
	orgID := newUUID()
	e, a := newAPI(t, Options{OrgID: orgID, OrgName: "Acme"})
	list := a.call(http.MethodGet, "/org", nil).want(http.StatusOK).array()
	if len(list) != 1 || list[0]["id"] != orgID || list[0]["name"] != "Acme" || !stampRe.MatchString(strField(t, list[0], "createdAt")) {
		t.Fatalf("GET /org %v", list)
	}
	if _, ok := list[0]["orgId"]; ok {
		t.Fatal("an org has no orgId")
	}
	a.call(http.MethodGet, "/org/"+orgID, nil).want(http.StatusOK)
	other := e.Put(KindOrg, map[string]any{"name": "Other"})
	for _, path := range []string{"/org/" + other, "/org/not-a-uuid"} {
		r := a.call(http.MethodGet, path, nil).want(http.StatusNotFound)
		if r.raw != `{"message":"Org not found","error":"Not Found","statusCode":404}` {
			t.Fatalf("GET %s: %s", path, r.raw)
		}
		a.call(http.MethodPatch, path, map[string]any{"name": "x"}).want(http.StatusNotFound)
	}

	patched := a.call(http.MethodPatch, "/org/"+orgID, map[string]any{
		"server": map[string]any{"url": "https://org.example/hook", "timeoutSeconds": 20, "secret": "org-SECRET"},
	}).want(http.StatusOK)
	if strings.Contains(patched.raw, "org-SECRET") || patched.object()["name"] != "Acme" {
		t.Fatalf("PATCH /org: %s", patched.raw)
	}
	got := a.call(http.MethodGet, "/org", nil).array()[0]
	if want := map[string]any{"url": "https://org.example/hook", "timeoutSeconds": 20.0}; !reflect.DeepEqual(got["server"], want) {
		t.Fatalf("org server %v", got["server"])
	}
	a.call(http.MethodPatch, "/org/"+orgID, map[string]any{"server": nil}).want(http.StatusOK)
	if got := a.call(http.MethodGet, "/org/"+orgID, nil).object(); got["server"] != nil {
		t.Fatalf("server not cleared: %v", got)
	}
	for _, tc := range []struct{ body, msg string }{
		{`{"name":"` + strings.Repeat("n", 41) + `"}`, "name must be shorter than or equal to 40 characters"},
		{`{"channel":"monthly"}`, "channel must be one of the following values: daily, default, weekly, intuit, hcs"},
		{`{"billingLimit":1001}`, "billingLimit must not be greater than 1000"},
		{`{"concurrencyLimit":0}`, "concurrencyLimit must not be less than 1"},
		{`{"serverUrl":"https://x"}`, "property serverUrl should not exist"},
		{`{"server":{"url":"https://x","timeout":20}}`, "server.property timeout should not exist"},
		{`{"server":{"url":"https://x","credentialId":"x"}}`, "server.credentialId must be a UUID"},
	} {
		a.call(http.MethodPatch, "/org/"+orgID, tc.body).wantMessage(tc.msg)
	}

	_, f := newAPI(t, Options{OrgID: orgID, OrgEndpointsForbidden: true})
	const forbidden = `{"message":"Forbidden resource","error":"Forbidden","statusCode":403}`
	for _, m := range []string{http.MethodGet + " /org", http.MethodGet + " /org/" + orgID, http.MethodPatch + " /org/" + orgID} {
		method, path, _ := strings.Cut(m, " ")
		if r := f.call(method, path, map[string]any{}); r.status != http.StatusForbidden || r.raw != forbidden {
			t.Errorf("%s: %d %s", m, r.status, r.raw)
		}
	}
	f.callWith(http.MethodGet, "/org", nil, "Bearer nope").want(http.StatusUnauthorized)
	f.call(http.MethodGet, "/assistant", nil).want(http.StatusOK)
}

func TestRequestLog(t *testing.T) {
	t.Parallel()
	e, a := newAPI(t, Options{})
	a.create("/tool", map[string]any{"type": "function"})
	a.call(http.MethodGet, "/tool?limit=5", nil)
	a.call(http.MethodPost, "/tool", map[string]any{"type": "nope"})
	a.callWith(http.MethodDelete, "/tool/"+newUUID(), nil, "")
	a.call(http.MethodGet, "/assistant", nil)
	reqs := e.Requests()
	if len(reqs) != 5 {
		t.Fatalf("%d requests", len(reqs))
	}
	if r := reqs[0]; r.Method != http.MethodPost || r.Path != "/tool" || r.Body != `{"type":"function"}` || r.Status != http.StatusCreated || r.Faulted {
		t.Errorf("first %+v", r)
	}
	if r := reqs[1]; r.Query != "limit=5" || r.Status != http.StatusOK {
		t.Errorf("second %+v", r)
	}
	if r := reqs[3]; r.Status != http.StatusUnauthorized {
		t.Errorf("fourth %+v", r)
	}
	if got := e.CountRequests("", "/tool"); got != 4 {
		t.Errorf("CountRequests any /tool = %d", got)
	}
	if got := e.CountRequests(http.MethodPost, "/tool"); got != 2 {
		t.Errorf("CountRequests POST /tool = %d", got)
	}
	if got := e.CountRequests(http.MethodGet, ""); got != 2 {
		t.Errorf("CountRequests GET = %d", got)
	}
	if got := e.WriteCount(); got != 3 {
		t.Errorf("WriteCount = %d", got)
	}
	e.ResetRequests()
	if len(e.Requests()) != 0 || e.WriteCount() != 0 {
		t.Fatal("ResetRequests")
	}
}

// An assistant's inline tools (model.tools) are validated as POST /tool
// validates a tool: a function tool's name, parameters and server by the
// rules of its DTO; other tool types are kept as sent.
func TestInlineToolsValidated(t *testing.T) {
	_, a := newAPI(t, Options{})
	bad := map[string]any{"name": "a", "model": map[string]any{"provider": "openai", "model": "gpt-4o", "tools": []any{
		map[string]any{"type": "endCall"},
		map[string]any{"type": "function", "function": map[string]any{"name": "get weather"},
			"server": map[string]any{"url": "https://h.example.com", "timeoutSeconds": 0}},
	}}}
	res := a.call(http.MethodPost, "/assistant", bad).want(http.StatusBadRequest)
	for _, want := range []string{
		"model.tools.1.function.name must match /^[a-zA-Z0-9_-]{1,64}$/ regular expression",
		"model.tools.1.server.timeoutSeconds must not be less than 1",
	} {
		if !slices.Contains(res.messages(), want) {
			t.Errorf("missing %q in %v", want, res.messages())
		}
	}
	good := map[string]any{"name": "a", "model": map[string]any{"provider": "openai", "model": "gpt-4o", "tools": []any{
		map[string]any{"type": "endCall"},
		map[string]any{"type": "function", "function": map[string]any{"name": "get_weather"},
			"server": map[string]any{"url": "https://h.example.com"}},
	}}}
	a.call(http.MethodPost, "/assistant", good).want(http.StatusCreated)
}
