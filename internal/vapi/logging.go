package vapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// maskedValue replaces every secret in logs and error messages.
const maskedValue = "***"

// secretFields are JSON field names (compared case-insensitively) whose
// values are secrets in Vapi request or response bodies: credential
// authentication plans, provider keys of phone numbers, and so on.
var secretFields = map[string]bool{
	"token":           true,
	"secretkey":       true,
	"clientsecret":    true,
	"twilioauthtoken": true,
	"twilioapikey":    true,
	"twilioapisecret": true,
	"password":        true,
	"apikey":          true,
	"apisecret":       true,
}

// headersField names an object whose every value is masked: server headers
// routinely carry webhook credentials under arbitrary names.
const headersField = "headers"

// logRequest runs from the RequestLogHook before every attempt; retry is
// retryablehttp's 0-based attempt index.
func (cl *call) logRequest(ctx context.Context, req *http.Request, retry int) {
	cl.attempt = retry + 1
	cl.sentAt = time.Now()
	tflog.Debug(ctx, "Sending Vapi API request", map[string]any{
		"method":  cl.method,
		"path":    cl.path,
		"attempt": cl.attempt,
	})
	if tflog.IsTrace(ctx) {
		tflog.Trace(ctx, "Vapi API request details", map[string]any{
			"method":  cl.method,
			"path":    cl.path,
			"attempt": cl.attempt,
			"headers": maskHeaders(req.Header),
			"body":    maskJSON(cl.body),
		})
	}
}

// logResponse runs from the ResponseLogHook for every answered attempt,
// including those that are retried.
func (cl *call) logResponse(ctx context.Context, resp *http.Response) {
	tflog.Debug(ctx, "Received Vapi API response", map[string]any{
		"method":      cl.method,
		"path":        cl.path,
		"status":      resp.StatusCode,
		"attempt":     cl.attempt,
		"duration_ms": time.Since(cl.sentAt).Milliseconds(),
	})
}

// logResponseBody logs the body of the final response. Bodies of retried
// responses are drained by retryablehttp unread; their status is logged.
func (cl *call) logResponseBody(ctx context.Context, status int, body []byte) {
	if !tflog.IsTrace(ctx) {
		return
	}
	tflog.Trace(ctx, "Vapi API response body", map[string]any{
		"method":  cl.method,
		"path":    cl.path,
		"status":  status,
		"attempt": cl.attempt,
		"body":    maskJSON(body),
	})
}

// maskHeaders renders request headers for the log with Authorization masked.
func maskHeaders(h http.Header) string {
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	sort.Strings(names)
	lines := make([]string, 0, len(names))
	for _, name := range names {
		value := strings.Join(h.Values(name), ", ")
		if strings.EqualFold(name, "Authorization") {
			value = maskedValue
		}
		lines = append(lines, name+": "+value)
	}
	return strings.Join(lines, "\n")
}

// maskJSON returns body with the values of secret fields replaced by
// maskedValue at any depth. A body that is not JSON is not logged at all:
// it cannot be masked field by field.
func maskJSON(body []byte) string {
	if len(bytes.TrimSpace(body)) == 0 {
		return ""
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	// Numbers stay as written instead of passing through float64.
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "(body is not JSON; not logged)"
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return "(body is not JSON; not logged)"
	}
	masked, err := json.Marshal(maskValue(v))
	if err != nil {
		return "(body could not be re-encoded; not logged)"
	}
	return string(masked)
}

func maskValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, val := range t {
			switch {
			case val == nil:
				// An explicit null (a PATCH clearing a field) holds no secret.
			case secretFields[strings.ToLower(k)]:
				t[k] = maskedValue
			case strings.EqualFold(k, headersField):
				t[k] = maskEvery(val)
			default:
				t[k] = maskValue(val)
			}
		}
	case []any:
		for i, item := range t {
			t[i] = maskValue(item)
		}
	}
	return v
}

// maskEvery masks every non-null value of a headers object, keeping the
// header names, which help debugging and are not secret.
func maskEvery(v any) any {
	obj, ok := v.(map[string]any)
	if !ok {
		return maskedValue
	}
	for k, val := range obj {
		if val != nil {
			obj[k] = maskedValue
		}
	}
	return obj
}
