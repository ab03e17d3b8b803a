package vapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
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

	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(t.Context(), &buf)
	if err := c.Do(ctx, http.MethodPatch, "/credential/c1", request, nil); err != nil {
		t.Fatalf("Do: %v", err)
	}

	logs := buf.String()
	for _, s := range secrets {
		if strings.Contains(logs, s) {
			t.Errorf("logs contain secret %q", s)
		}
	}
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

	entries, err := tflogtest.MultilineJSONDecode(&buf)
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
		{`{"token":null,"headers":null}`, `{"headers":null,"token":null}`},
		{`{"apiKey":{"nested":"object"}}`, `{"apiKey":"***"}`},
		{`[{"twilioApiSecret":"x"},1,12345678901234567890]`, `[{"twilioApiSecret":"***"},1,12345678901234567890]`},
		{``, ``},
		{`not json token=abc`, `(body is not JSON; not logged)`},
		{`{"token":"a"} {"token":"b"}`, `(body is not JSON; not logged)`},
	}
	for _, tt := range tests {
		if got := maskJSON([]byte(tt.in)); got != tt.want {
			t.Errorf("maskJSON(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
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
