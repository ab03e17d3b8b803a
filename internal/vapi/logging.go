package vapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// maskedValue replaces every secret in logs and error messages.
const maskedValue = "***"

// loggedFields are the JSON field names (compared case-insensitively) whose
// string values appear in the logs as they are. Logging fails closed: every
// other string is masked, because Vapi objects carry secrets under names
// nobody can list in advance (an org's jwtSecret, an OAuth2 session's
// accessToken, each provider credential's own key fields). Only identifiers,
// names, discriminators, enums, statuses and timestamps are listed: what one
// needs to follow a request, and nothing a secret is stored under.
var loggedFields = fieldSet(
	// Identifiers of Vapi objects.
	"id", "orgId", "assistantId", "squadId", "workflowId", "toolId", "toolIds",
	"credentialId", "credentialIds", "phoneNumberId", "callId", "fileId", "voiceId",
	// Names, header names included (the header values are secrets).
	"name", "headerName", "signatureHeader", "timestampHeader", "messageIdHeader",
	// Discriminators and enums.
	"type", "provider", "role", "model", "language", "algorithm", "signatureEncoding",
	"format", "channel", "tag", "firstMessageMode", "backgroundSound",
	"serverMessages", "clientMessages", "status",
	// Timestamps.
	"createdAt", "updatedAt", "expiresAt",
	// Phone numbers: the number is what a user recognises the object by.
	"number", "numberDesiredAreaCode",
)

// errorFields are kept at the top of an error answer: Vapi's message and
// error code are what one reads to debug a refused request.
var errorFields = fieldSet("message", "error")

// opaqueFields hold objects keyed by the user: server headers routinely carry
// webhook credentials under arbitrary names, and metadata holds whatever the
// user put there. Their keys are logged, every value is masked.
var opaqueFields = fieldSet("headers", "metadata")

func fieldSet(names ...string) map[string]bool {
	set := make(map[string]bool, len(names))
	for _, n := range names {
		set[strings.ToLower(n)] = true
	}
	return set
}

// isURLField reports whether a field holds a URL (url, serverUrl, sipUri,
// …). Its value is logged through urlForLog.
func isURLField(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, "url") || strings.HasSuffix(n, "uri")
}

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
			"body":    maskJSON(cl.body, bodyMasker{apiKey: cl.client.apiKey}),
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
		"body":    maskJSON(body, bodyMasker{errorAnswer: status < 200 || status > 299, apiKey: cl.client.apiKey}),
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

// leafRule says how a string value is written to the log.
type leafRule int

const (
	maskLeaf    leafRule = iota // replaced by maskedValue
	keepLeaf                    // written as is
	urlLeaf                     // written through urlForLog
	messageLeaf                 // written with the API key masked
)

// bodyMasker renders a JSON body for the log through the allow-list.
type bodyMasker struct {
	// errorAnswer is set for an answer that is not 2xx: its top-level
	// errorFields are kept.
	errorAnswer bool
	apiKey      string
}

// maskJSON returns body with every string value masked unless its field is
// on the allow-list, at any depth. Numbers, booleans and nulls stay. A body
// that is not JSON is not logged at all: it cannot be masked field by field.
func maskJSON(body []byte, m bodyMasker) string {
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
	if obj, ok := v.(map[string]any); ok {
		m.object(obj, true)
	} else {
		v = m.value(v, maskLeaf)
	}
	masked, err := json.Marshal(v)
	if err != nil {
		return "(body could not be re-encoded; not logged)"
	}
	return string(masked)
}

// object masks obj in place; top is true for the body's outermost object.
func (m bodyMasker) object(obj map[string]any, top bool) {
	for k, val := range obj {
		name := strings.ToLower(k)
		switch {
		case opaqueFields[name]:
			obj[k] = maskAll(val)
		case top && m.errorAnswer && errorFields[name]:
			obj[k] = m.value(val, messageLeaf)
		case loggedFields[name]:
			obj[k] = m.value(val, keepLeaf)
		case isURLField(k):
			obj[k] = m.value(val, urlLeaf)
		default:
			obj[k] = m.value(val, maskLeaf)
		}
	}
}

// value masks v, a value of a field whose strings follow rule. The strings of
// an array follow the array's field (toolIds, serverMessages); an object's
// fields are judged by their own names.
func (m bodyMasker) value(v any, rule leafRule) any {
	switch t := v.(type) {
	case map[string]any:
		m.object(t, false)
	case []any:
		for i, item := range t {
			t[i] = m.value(item, rule)
		}
	case string:
		switch rule {
		case keepLeaf:
			return t
		case urlLeaf:
			return urlForLog(t)
		case messageLeaf:
			return redact(t, m.apiKey)
		default:
			return maskedValue
		}
	}
	return v
}

// maskAll masks every non-null value inside v, keeping object keys.
func maskAll(v any) any {
	switch t := v.(type) {
	case nil:
		return nil
	case map[string]any:
		for k, val := range t {
			t[k] = maskAll(val)
		}
		return t
	case []any:
		for i, item := range t {
			t[i] = maskAll(item)
		}
		return t
	default:
		return maskedValue
	}
}

// urlForLog keeps a URL's scheme, host and path: where a request goes is
// what one debugs. Userinfo, query and fragment are dropped, since they are
// where URLs carry credentials (user:password@, ?token=). A SIP URI keeps its
// scheme and host only. A value that is not an absolute URL is masked.
func urlForLog(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return maskedValue
	}
	if u.Opaque != "" {
		host := u.Opaque[strings.LastIndex(u.Opaque, "@")+1:]
		host, _, _ = strings.Cut(host, ";")
		return u.Scheme + ":" + host
	}
	if u.Host == "" {
		return maskedValue
	}
	clean := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}
	return clean.String()
}
