package vapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// ErrMissingAPIKey is returned by Do, before any network call, when the client
// was built without an API key.
var ErrMissingAPIKey = errors.New("no Vapi API key is configured: set the VAPI_API_KEY environment variable or the api_key provider argument")

// maxMessageBytes bounds how much of a non-JSON error body (an HTML page from
// a proxy, say) is quoted in an error message; APIError.Body keeps it all.
const maxMessageBytes = 512

// APIError is a non-2xx answer of the Vapi API, returned by Do once retries
// are exhausted or not allowed.
type APIError struct {
	// StatusCode is the HTTP status of the last attempt.
	StatusCode int
	// Method and Path identify the call (Path as given to Do, query included).
	Method string
	Path   string
	// Message is Vapi's "message": a string, or an array of validation
	// messages joined with "; ". For a body that is not JSON it is the start
	// of the body text.
	Message string
	// Messages holds Vapi's "message" item by item: the array of
	// validation messages, or the one string. Nil for a body that is not
	// JSON or has no message.
	Messages []string
	// ErrorCode is the body's "error" field, e.g. "Not Found" or
	// "assistant_pinned".
	ErrorCode string
	// Body is the raw response body.
	Body string
}

// Error renders e as `METHOD PATH: STATUS TEXT: MESSAGE`.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %d", e.Method, e.Path, e.StatusCode)
	statusText := http.StatusText(e.StatusCode)
	if statusText != "" {
		b.WriteString(" " + statusText)
	}
	switch {
	case e.Message != "":
		b.WriteString(": " + e.Message)
	case e.ErrorCode != "" && e.ErrorCode != statusText:
		b.WriteString(": " + e.ErrorCode)
	}
	return b.String()
}

// IsNotFound reports whether err is, or wraps, an *APIError with status 404.
func IsNotFound(err error) bool { return hasStatus(err, http.StatusNotFound) }

// IsConflict reports whether err is, or wraps, an *APIError with status 409
// (Vapi answers 409 when deleting an assistant or tool that is pinned).
func IsConflict(err error) bool { return hasStatus(err, http.StatusConflict) }

// IsUnauthorized reports whether err is, or wraps, an *APIError with status 401.
func IsUnauthorized(err error) bool { return hasStatus(err, http.StatusUnauthorized) }

func hasStatus(err error, status int) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == status
}

// whitelistMessage is class-validator's refusal of a property the request's
// DTO does not declare: "property x should not exist", after the path of
// the nested object it was found in ("server.", "model.tools.0.").
var whitelistMessage = regexp.MustCompile(`^((?:[^.\s]+\.)*)property (.+) should not exist$`)

// UnknownProperties returns the properties of the request body that a 400
// *APIError (in err or wrapped by it) says the API does not accept, as dotted
// paths: "futureFlag", "server.futureFlag", "model.tools.0.x", in the order
// of Vapi's messages. It returns nil for any other error.
func UnknownProperties(err error) []string {
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest {
		return nil
	}
	var props []string
	for _, m := range apiErr.Messages {
		match := whitelistMessage.FindStringSubmatch(strings.TrimSpace(m))
		if match == nil {
			continue
		}
		if p := match[1] + match[2]; !slices.Contains(props, p) {
			props = append(props, p)
		}
	}
	return props
}

// newAPIError decodes a NestJS-style error body
// ({"message": string | []string, "error": string, "statusCode": n}).
// Occurrences of apiKey are masked because an API that echoed the request
// would otherwise put the key into Terraform's diagnostics.
func newAPIError(method, path string, status int, body []byte, apiKey string) *APIError {
	e := &APIError{
		StatusCode: status,
		Method:     method,
		Path:       path,
		Body:       redact(string(body), apiKey),
	}
	var payload struct {
		Message json.RawMessage `json:"message"`
		Error   json.RawMessage `json:"error"`
	}
	if err := json.Unmarshal(body, &payload); err == nil {
		for _, m := range messageList(payload.Message) {
			e.Messages = append(e.Messages, redact(m, apiKey))
		}
		e.Message = strings.Join(e.Messages, "; ")
		var code string
		if json.Unmarshal(payload.Error, &code) == nil {
			e.ErrorCode = redact(code, apiKey)
		}
		return e
	}
	e.Message = truncate(strings.TrimSpace(e.Body), maxMessageBytes)
	return e
}

// messageList reads Vapi's "message": class-validator failures arrive as
// an array of strings, other errors as one string.
func messageList(raw json.RawMessage) []string {
	if len(raw) == 0 {
		return nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if s == "" {
			return nil
		}
		return []string{s}
	}
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) == nil {
		parts := make([]string, 0, len(items))
		for _, item := range items {
			var text string
			if json.Unmarshal(item, &text) != nil {
				text = string(item)
			}
			parts = append(parts, text)
		}
		return parts
	}
	return []string{string(raw)}
}

func redact(s, secret string) string {
	if secret == "" {
		return s
	}
	return strings.ReplaceAll(s, secret, maskedValue)
}

// truncate shortens s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// waitError marks a failed wait before an attempt (Options.Sleep or the rate
// limiter), so that Do does not report it as an unreachable API.
type waitError struct {
	err error
}

func (e *waitError) Error() string { return "waiting before the next attempt: " + e.err.Error() }

func (e *waitError) Unwrap() error { return e.err }
