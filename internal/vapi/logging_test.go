package vapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

func TestLogsMaskSecretsAndKey(t *testing.T) {
	secrets := []string{
		testKey,
		"bearer-token-value",
		"hmac-secret-key-value",
		"oauth-client-secret-value",
		"twilio-auth-token-value",
		"twilio-api-key-value",
		"twilio-api-secret-value",
		"sip-password-value",
		"provider-api-key-value",
		"provider-api-secret-value",
		"x-custom-header-value",
		"response-token-value",
	}
	// Secret fields at several depths, in objects and arrays, as the
	// provider sends them for credentials and phone numbers.
	request := json.RawMessage(`{
		"name": "cred",
		"authenticationPlan": {
			"type": "oauth2",
			"token": "bearer-token-value",
			"secretKey": "hmac-secret-key-value",
			"clientSecret": "oauth-client-secret-value"
		},
		"numbers": [{
			"twilioAuthToken": "twilio-auth-token-value",
			"twilioApiKey": "twilio-api-key-value",
			"twilioApiSecret": "twilio-api-secret-value",
			"sip": {"password": "sip-password-value"}
		}],
		"provider": {"apiKey": "provider-api-key-value", "apiSecret": "provider-api-secret-value"},
		"server": {
			"url": "https://hooks.example.com/vapi",
			"headers": {"X-Custom": "x-custom-header-value"}
		}
	}`)
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if n == 1 {
			writeJSON(w, http.StatusServiceUnavailable, `{"message":"try again"}`)
			return
		}
		// A response that carries a secret field and, in an ordinary field,
		// the key itself.
		writeJSON(w, http.StatusOK, fmt.Sprintf(
			`{"id":"c1","authenticationPlan":{"type":"bearer","token":"response-token-value"},"note":"key %s"}`, testKey))
	})
	c, _ := newTestClient(t, srv.URL, nil)

	logs := loggedDo(t, c, http.MethodPatch, "/credential/c1", request)
	noSecretIn(t, logs, secrets)
	for _, want := range []string{
		maskedValue,
		`\nAuthorization: ***\n`,
		`https://hooks.example.com/vapi`, // non-secret values stay readable
		`\"X-Custom\":\"***\"`,
	} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %s:\n%s", want, logs)
		}
	}

	entries, err := tflogtest.MultilineJSONDecode(strings.NewReader(logs))
	if err != nil {
		t.Fatal(err)
	}
	var responses []map[string]any
	for _, e := range entries {
		if e["@message"] == "Received Vapi API response" {
			responses = append(responses, e)
		}
	}
	if len(responses) != 2 {
		t.Fatalf("%d response entries, want one per attempt:\n%s", len(responses), logs)
	}
	for i, e := range responses {
		wantStatus := []float64{503, 200}[i]
		if e["@level"] != "debug" || e["method"] != "PATCH" || e["path"] != "/credential/c1" ||
			e["status"] != wantStatus || e["attempt"] != float64(i+1) || e["duration_ms"] == nil {
			t.Errorf("response entry %d = %v", i, e)
		}
	}
}

func TestMaskJSON(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{`{"token":"t","name":"n"}`, `{"name":"n","token":"***"}`},
		{`{"a":{"b":[{"SecretKey":"s","PASSWORD":"p"}]}}`, `{"a":{"b":[{"PASSWORD":"***","SecretKey":"***"}]}}`},
		{`{"headers":{"Authorization":"Bearer x","X-N":"1"}}`, `{"headers":{"Authorization":"***","X-N":"***"}}`},
		{`{"headers":"flat"}`, `{"headers":"***"}`},
		{`{"headers":{"X-N":7,"X-O":{"deep":"x"}}}`, `{"headers":{"X-N":"***","X-O":{"deep":"***"}}}`},
		{`{"metadata":{"team":"a","id":"b","n":[1,"c"]}}`, `{"metadata":{"id":"***","n":["***","***"],"team":"***"}}`},
		{`{"token":null,"headers":null}`, `{"headers":null,"token":null}`},
		{`{"apiKey":{"nested":"object"}}`, `{"apiKey":{"nested":"***"}}`},
		{`[{"twilioApiSecret":"x"},1,12345678901234567890]`, `[{"twilioApiSecret":"***"},1,12345678901234567890]`},
		{`"a bare string"`, `"***"`},
		{`["a","b"]`, `["***","***"]`},
		{`{"message":"m","error":"e"}`, `{"error":"***","message":"***"}`},
		{``, ``},
		{`not json token=abc`, `(body is not JSON; not logged)`},
		{`{"token":"a"} {"token":"b"}`, `(body is not JSON; not logged)`},
	}
	for _, tt := range tests {
		if got := maskJSON([]byte(tt.in), bodyMasker{}); got != tt.want {
			t.Errorf("maskJSON(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestTraceLogsHideUnlistedSecrets sends and receives secrets under field
// names that no list of secret names held: the allow-list must mask them all.
func TestTraceLogsHideUnlistedSecrets(t *testing.T) {
	secrets := []string{
		"jwt-secret-value",
		"oauth-access-token-value",
		"oauth-refresh-token-value",
		"foo-signing-key-value",
		"array-secret-value",
		"deep-array-secret-value",
		"header-secret-value",
		"url-password-value",
		"url-query-secret-value",
		"sip-password-value",
		"request-secret-value",
		"metadata-secret-value",
	}
	request := json.RawMessage(`{
		"name": "cred",
		"fooSigningKey": "request-secret-value",
		"metadata": {"owner": "metadata-secret-value"}
	}`)
	hook := url.URL{
		Scheme: "https", User: url.UserPassword("svc", "url-password-value"),
		Host: "hooks.example.com", Path: "/vapi/events", RawQuery: "sig=url-query-secret-value",
	}
	response := `{
		"id": "org-1",
		"name": "Acme",
		"jwtSecret": "jwt-secret-value",
		"authenticationSession": {
			"accessToken": "oauth-access-token-value",
			"refreshToken": "oauth-refresh-token-value",
			"expiresAt": "2030-01-01T00:00:00Z"
		},
		"fooSigningKey": "foo-signing-key-value",
		"gateways": [
			{"ip": "203.0.113.7", "secret": "array-secret-value"},
			{"plans": [[{"opaque": "deep-array-secret-value"}]]}
		],
		"server": {
			"url": "` + hook.String() + `",
			"headers": {"X-Webhook-Token": "header-secret-value"}
		},
		"sipUri": "sip:alice:sip-password-value@sip.example.com;transport=tls",
		"createdAt": "2025-06-01T12:00:00.000Z"
	}`
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		writeJSON(w, http.StatusOK, response)
	})
	c, _ := newTestClient(t, srv.URL, nil)

	logs := loggedDo(t, c, http.MethodPatch, "/org/org-1", request)
	noSecretIn(t, logs, secrets)
	// What one needs to follow the request is still there.
	for _, want := range []string{
		`\"id\":\"org-1\"`,
		`\"name\":\"Acme\"`,
		`\"name\":\"cred\"`,
		`\"expiresAt\":\"2030-01-01T00:00:00Z\"`,
		`\"createdAt\":\"2025-06-01T12:00:00.000Z\"`,
		`https://hooks.example.com/vapi/events\"`,
		`\"sipUri\":\"sip:sip.example.com\"`,
		`\"X-Webhook-Token\":\"***\"`,
		`\"owner\":\"***\"`,
	} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %s:\n%s", want, logs)
		}
	}
}

// TestHarmlessFieldsStayReadable lists, field by field, what the allow-list
// keeps and how.
func TestHarmlessFieldsStayReadable(t *testing.T) {
	tests := []struct {
		name   string
		masker bodyMasker
		in     string
		want   string
	}{
		{"ids", bodyMasker{}, `{"id":"a","orgId":"o","assistantId":"as","credentialId":"c","phoneNumberId":"p","squadId":"s","workflowId":"w"}`,
			`{"assistantId":"as","credentialId":"c","id":"a","orgId":"o","phoneNumberId":"p","squadId":"s","workflowId":"w"}`},
		{"id lists", bodyMasker{}, `{"model":{"toolIds":["t1","t2"]}}`, `{"model":{"toolIds":["t1","t2"]}}`},
		{"names", bodyMasker{}, `{"name":"n","function":{"name":"lookup"}}`, `{"function":{"name":"lookup"},"name":"n"}`},
		{"header names of a plan", bodyMasker{}, `{"authenticationPlan":{"type":"hmac","algorithm":"sha256","signatureHeader":"x-signature","timestampHeader":"x-timestamp","secretKey":"s"}}`,
			`{"authenticationPlan":{"algorithm":"sha256","secretKey":"***","signatureHeader":"x-signature","timestampHeader":"x-timestamp","type":"hmac"}}`},
		{"discriminators", bodyMasker{}, `{"type":"function","provider":"custom-credential"}`, `{"provider":"custom-credential","type":"function"}`},
		{"model, voice, transcriber", bodyMasker{}, `{"model":{"provider":"openai","model":"gpt-4o"},"voice":{"provider":"11labs","voiceId":"v1"},"transcriber":{"provider":"deepgram","model":"nova-2","language":"en"}}`,
			`{"model":{"model":"gpt-4o","provider":"openai"},"transcriber":{"language":"en","model":"nova-2","provider":"deepgram"},"voice":{"provider":"11labs","voiceId":"v1"}}`},
		{"message roles, not contents", bodyMasker{}, `{"messages":[{"role":"system","content":"prompt"}]}`, `{"messages":[{"content":"***","role":"system"}]}`},
		{"enums", bodyMasker{}, `{"serverMessages":["end-of-call-report","tool-calls"],"firstMessageMode":"assistant-speaks-first"}`,
			`{"firstMessageMode":"assistant-speaks-first","serverMessages":["end-of-call-report","tool-calls"]}`},
		{"timestamps and status", bodyMasker{}, `{"createdAt":"2025-01-01T00:00:00Z","updatedAt":"2025-01-02T00:00:00Z","status":"active"}`,
			`{"createdAt":"2025-01-01T00:00:00Z","status":"active","updatedAt":"2025-01-02T00:00:00Z"}`},
		{"phone number", bodyMasker{}, `{"number":"+14155550100"}`, `{"number":"+14155550100"}`},
		{"numbers and booleans", bodyMasker{}, `{"timeoutSeconds":20,"billingLimit":12.5,"hipaaEnabled":false,"excludedStatusCodes":[400,404]}`,
			`{"billingLimit":12.5,"excludedStatusCodes":[400,404],"hipaaEnabled":false,"timeoutSeconds":20}`},
		{"URLs lose userinfo, query and fragment", bodyMasker{}, `{"server":{"url":"https://u:p@h.example.com:8443/a/b?token=x#f"},"serverUrl":"https://h.example.com"}`,
			`{"server":{"url":"https://h.example.com:8443/a/b"},"serverUrl":"https://h.example.com"}`},
		{"header names, not values", bodyMasker{}, `{"server":{"headers":{"X-Secret":"s"}}}`, `{"server":{"headers":{"X-Secret":"***"}}}`},
		{"error message and code", bodyMasker{errorAnswer: true, apiKey: testKey},
			`{"message":["property jwtSecret should not exist","bad key ` + testKey + `"],"error":"Bad Request","statusCode":400,"detail":"d"}`,
			`{"detail":"***","error":"Bad Request","message":["property jwtSecret should not exist","bad key ***"],"statusCode":400}`},
		{"error message is top-level only", bodyMasker{errorAnswer: true}, `{"message":"m","nested":{"message":"secret"}}`,
			`{"message":"m","nested":{"message":"***"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := maskJSON([]byte(tt.in), tt.masker); got != tt.want {
				t.Errorf("maskJSON(%s)\n got %s\nwant %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestURLForLog(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://hooks.example.com/vapi", "https://hooks.example.com/vapi"},
		{"https://user:pass@hooks.example.com/vapi?token=t#frag", "https://hooks.example.com/vapi"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"https://h.example.com/a%2Fb", "https://h.example.com/a%2Fb"},
		{"sip:+14155550100@sip.vapi.ai", "sip:sip.vapi.ai"},
		{"sip:alice:pw@sip.example.com;transport=tls?subject=x", "sip:sip.example.com"},
		{"/relative/path?token=t", maskedValue},
		{"just text", maskedValue},
		{"https://h.example.com/%zz", maskedValue},
		{"", maskedValue},
	}
	for _, tt := range tests {
		if got := urlForLog(tt.in); got != tt.want {
			t.Errorf("urlForLog(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestLoggedStringsAreExactlyTheAllowListed checks, for every string leaf of
// generated bodies, that its value reaches the TRACE log exactly when its
// field is on the allow-list. The bodies are the package's own response
// types with every string filled, and every field name in several shapes
// under every other; each is sent and echoed back, so both the request and
// the response log are checked.
func TestLoggedStringsAreExactlyTheAllowListed(t *testing.T) {
	var bodies []json.RawMessage
	tok := tokens{}
	for _, v := range []any{&Assistant{}, &PhoneNumber{}, &CustomCredential{}, &FunctionTool{}, &Org{}} {
		fill(reflect.ValueOf(v).Elem(), &tok)
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, b)
	}
	for _, v := range productBodies(&tok) {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, b)
	}

	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		writeJSON(w, http.StatusOK, string(bodies[n-1]))
	})
	c, _ := newTestClient(t, srv.URL, nil)
	checked := map[bool]int{}
	for _, body := range bodies {
		logs := loggedDo(t, c, http.MethodPost, "/echo", body)
		var tree any
		if err := json.Unmarshal(body, &tree); err != nil {
			t.Fatal(err)
		}
		stringLeaves(tree, "", false, func(key, value string, allowed bool) {
			checked[allowed]++
			// Once for the request, once for the response.
			if got, want := strings.Count(logs, value), map[bool]int{true: 2, false: 0}[allowed]; got != want {
				t.Errorf("field %q value %q appears %d times in the log, want %d (allow-listed: %v)", key, value, got, want, allowed)
			}
		})
	}
	// Enough of both kinds for the check to mean something.
	if checked[true] < 1000 || checked[false] < 1000 {
		t.Errorf("checked %d allow-listed and %d masked strings, want at least 1000 of each", checked[true], checked[false])
	}
}

// stringLeaves calls visit for every string in v with the field it belongs
// to (an array's strings belong to the array's field) and whether the
// allow-list lets it into the log: a listed or URL field outside any
// opaque object.
func stringLeaves(v any, key string, opaque bool, visit func(key, value string, allowed bool)) {
	switch t := v.(type) {
	case map[string]any:
		for k, val := range t {
			stringLeaves(val, k, opaque || opaqueFields[strings.ToLower(k)], visit)
		}
	case []any:
		for _, item := range t {
			stringLeaves(item, key, opaque, visit)
		}
	case string:
		visit(key, t, !opaque && key != "" && (loggedFields[strings.ToLower(key)] || isURLField(key)))
	}
}

// tokens hands out unique values that are never a part of one another, so
// that counting a value in the log counts that value only.
type tokens struct{ n int }

func (tk *tokens) next() string {
	tk.n++
	return fmt.Sprintf("tok%06d", tk.n)
}

// value returns a fresh value for a field: a URL for a URL field, whose
// scheme, host and path survive logging whole.
func (tk *tokens) value(field string) string {
	if isURLField(field) {
		return "https://h.example.com/" + tk.next()
	}
	return tk.next()
}

// fill sets every string of v (a struct, at any depth) to a fresh token.
func fill(v reflect.Value, tk *tokens) {
	for i := range v.NumField() {
		f, sf := v.Field(i), v.Type().Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if sf.Anonymous {
			fill(f, tk)
			continue
		}
		fillValue(f, name, tk)
	}
}

func fillValue(f reflect.Value, name string, tk *tokens) {
	switch f.Kind() {
	case reflect.String:
		f.SetString(tk.value(name))
	case reflect.Pointer:
		if f.Type().Elem().Kind() == reflect.String || f.Type().Elem().Kind() == reflect.Struct {
			f.Set(reflect.New(f.Type().Elem()))
			fillValue(f.Elem(), name, tk)
		}
	case reflect.Struct:
		fill(f, tk)
	case reflect.Slice:
		if elem := f.Type().Elem().Kind(); elem == reflect.String || elem == reflect.Struct {
			f.Set(reflect.MakeSlice(f.Type(), 2, 2))
			for j := range 2 {
				fillValue(f.Index(j), name, tk)
			}
		}
	case reflect.Map:
		if f.Type().Key().Kind() == reflect.String && f.Type().Elem().Kind() == reflect.String {
			f.Set(reflect.MakeMap(f.Type()))
			f.SetMapIndex(reflect.ValueOf("X-"+tk.next()), reflect.ValueOf(tk.next()))
		}
	default:
		// Numbers and booleans are logged as they are; nothing to check.
	}
}

// fieldNames mixes allow-listed names, URL fields, opaque objects and names
// the allow-list has never heard of, secrets among them.
var fieldNames = []string{
	"id", "orgId", "toolIds", "name", "type", "provider", "role", "model", "status",
	"createdAt", "serverMessages", "number", "url", "serverUrl", "sipUri",
	"headers", "metadata",
	"jwtSecret", "accessToken", "refreshToken", "fooSigningKey", "token", "content",
	"description", "message", "error", "server", "authenticationSession", "items", "x",
}

// productBodies places an object holding every field name, in each of
// several shapes (a string, an array of strings, an array of arrays, an
// object in an array), at the top of a body and under every field name as
// an object, an array element and a nested array element.
func productBodies(tk *tokens) []any {
	leaf := []func(field string) any{
		func(f string) any { return tk.value(f) },
		func(f string) any { return []any{tk.value(f), 7, tk.value(f)} },
		func(f string) any { return []any{[]any{tk.value(f)}, nil} },
		func(f string) any { return []any{map[string]any{f: tk.value(f)}} },
	}
	every := func(shape func(string) any) map[string]any {
		obj := map[string]any{}
		for _, f := range fieldNames {
			obj[f] = shape(f)
		}
		return obj
	}
	var bodies []any
	for _, shape := range leaf {
		bodies = append(bodies, every(shape))
		for _, parent := range fieldNames {
			bodies = append(bodies,
				map[string]any{parent: every(shape)},
				map[string]any{parent: []any{every(shape)}},
				map[string]any{parent: []any{[]any{every(shape)}}},
			)
		}
	}
	return bodies
}

func TestMaskHeaders(t *testing.T) {
	h := http.Header{}
	h.Set("Authorization", "Bearer "+testKey)
	h.Set("User-Agent", "ua")
	got := maskHeaders(h)
	if want := "Authorization: ***\nUser-Agent: ua"; got != want {
		t.Errorf("maskHeaders = %q, want %q", got, want)
	}
}

// loggedDo makes one request through c and returns everything the client
// logged for it, at every level down to TRACE.
func loggedDo(t *testing.T, c *Client, method, path string, body any) string {
	t.Helper()
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(t.Context(), &buf)
	if err := c.Do(ctx, method, path, body, nil); err != nil {
		t.Fatalf("Do: %v", err)
	}
	return buf.String()
}

// noSecretIn fails t for every secret that logs contains.
func noSecretIn(t *testing.T, logs string, secrets []string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(logs, s) {
			t.Errorf("logs contain secret %q", s)
		}
	}
}
