package vapi

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestAPIErrorFromResponse(t *testing.T) {
	tests := []struct {
		name        string
		status      int
		body        string
		wantMessage string
		wantList    []string
		wantCode    string
		wantError   string
	}{
		{
			name:        "string message",
			status:      http.StatusNotFound,
			body:        `{"message":"Tool not found","error":"Not Found","statusCode":404}`,
			wantMessage: "Tool not found",
			wantList:    []string{"Tool not found"},
			wantCode:    "Not Found",
			wantError:   "POST /tool: 404 Not Found: Tool not found",
		},
		{
			name:        "array message",
			status:      http.StatusBadRequest,
			body:        `{"message":["function.name must match /^[a-zA-Z0-9_-]{1,64}$/","property foo should not exist"],"error":"Bad Request","statusCode":400}`,
			wantMessage: "function.name must match /^[a-zA-Z0-9_-]{1,64}$/; property foo should not exist",
			wantList:    []string{"function.name must match /^[a-zA-Z0-9_-]{1,64}$/", "property foo should not exist"},
			wantCode:    "Bad Request",
			wantError:   "POST /tool: 400 Bad Request: function.name must match /^[a-zA-Z0-9_-]{1,64}$/; property foo should not exist",
		},
		{
			name:        "business error code",
			status:      http.StatusConflict,
			body:        `{"error":"tool_pinned","message":"Tool is used by 2 assistants"}`,
			wantMessage: "Tool is used by 2 assistants",
			wantList:    []string{"Tool is used by 2 assistants"},
			wantCode:    "tool_pinned",
			wantError:   "POST /tool: 409 Conflict: Tool is used by 2 assistants",
		},
		{
			name:      "error code without message",
			status:    http.StatusConflict,
			body:      `{"error":"assistant_pinned"}`,
			wantCode:  "assistant_pinned",
			wantError: "POST /tool: 409 Conflict: assistant_pinned",
		},
		{
			name:        "non-JSON body",
			status:      http.StatusBadGateway,
			body:        "<html><body>Bad gateway</body></html>\n",
			wantMessage: "<html><body>Bad gateway</body></html>",
			wantError:   "POST /tool: 502 Bad Gateway: <html><body>Bad gateway</body></html>",
		},
		{
			name:      "empty body",
			status:    http.StatusForbidden,
			body:      "",
			wantError: "POST /tool: 403 Forbidden",
		},
		{
			name:        "non-string array items",
			status:      http.StatusBadRequest,
			body:        `{"message":["a",{"field":"b"}]}`,
			wantMessage: `a; {"field":"b"}`,
			wantList:    []string{"a", `{"field":"b"}`},
			wantError:   `POST /tool: 400 Bad Request: a; {"field":"b"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			})
			c, _ := newTestClient(t, srv.URL, nil)

			err := c.Do(t.Context(), http.MethodPost, "/tool", map[string]any{"type": "function"}, nil)
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v (%T), want *APIError", err, err)
			}
			if apiErr.StatusCode != tt.status || apiErr.Method != http.MethodPost || apiErr.Path != "/tool" {
				t.Errorf("status/method/path = %d %s %s", apiErr.StatusCode, apiErr.Method, apiErr.Path)
			}
			if apiErr.Message != tt.wantMessage {
				t.Errorf("Message = %q, want %q", apiErr.Message, tt.wantMessage)
			}
			if !slices.Equal(apiErr.Messages, tt.wantList) {
				t.Errorf("Messages = %q, want %q", apiErr.Messages, tt.wantList)
			}
			if apiErr.ErrorCode != tt.wantCode {
				t.Errorf("ErrorCode = %q, want %q", apiErr.ErrorCode, tt.wantCode)
			}
			if apiErr.Body != tt.body {
				t.Errorf("Body = %q, want %q", apiErr.Body, tt.body)
			}
			if err.Error() != tt.wantError {
				t.Errorf("Error() = %q, want %q", err.Error(), tt.wantError)
			}
		})
	}
}

func TestAPIErrorTruncatesLongNonJSONMessage(t *testing.T) {
	body := strings.Repeat("é", 1000)
	e := newAPIError(http.MethodGet, "/x", http.StatusBadGateway, []byte(body), testKey)
	if len(e.Message) > maxMessageBytes+len("…") || !strings.HasSuffix(e.Message, "…") {
		t.Errorf("message of %d bytes not truncated: %q", len(e.Message), e.Message)
	}
	if !strings.HasPrefix(body, strings.TrimSuffix(e.Message, "…")) {
		t.Error("truncation split a UTF-8 sequence")
	}
	if e.Body != body {
		t.Error("Body must keep the whole response")
	}
}

func TestAPIErrorNeverContainsKey(t *testing.T) {
	// An API (or a proxy in front of it) that echoes the request must not
	// put the key into Terraform's diagnostics.
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		writeJSON(w, http.StatusUnauthorized, fmt.Sprintf(
			`{"message":"Invalid Key Bearer %s","error":"Unauthorized %s","statusCode":401}`,
			testKey, testKey))
	})
	c, _ := newTestClient(t, srv.URL, nil)

	err := c.Do(t.Context(), http.MethodGet, "/assistant", nil, nil)
	if !IsUnauthorized(err) {
		t.Fatalf("err = %v, want a 401", err)
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatal("not an *APIError")
	}
	for name, s := range map[string]string{"Error()": err.Error(), "Message": apiErr.Message, "Messages": strings.Join(apiErr.Messages, "|"), "ErrorCode": apiErr.ErrorCode, "Body": apiErr.Body} {
		if strings.Contains(s, testKey) {
			t.Errorf("%s contains the API key: %q", name, s)
		}
		if !strings.Contains(s, maskedValue) {
			t.Errorf("%s lost the masked marker: %q", name, s)
		}
	}
}

func TestErrorPredicates(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		writeJSON(w, http.StatusNotFound, `{"message":"Assistant not found","error":"Not Found","statusCode":404}`)
	})
	c, _ := newTestClient(t, srv.URL, nil)
	err := c.Do(t.Context(), http.MethodGet, "/assistant/a1", nil, nil)
	if !IsNotFound(err) || IsConflict(err) || IsUnauthorized(err) {
		t.Errorf("404 from Do: IsNotFound=%v IsConflict=%v IsUnauthorized=%v", IsNotFound(err), IsConflict(err), IsUnauthorized(err))
	}
	if n := len(srv.Hits()); n != 1 {
		t.Errorf("a 404 was sent %d times; it must not be retried", n)
	}

	wrapped := fmt.Errorf("reading assistant: %w", &APIError{StatusCode: http.StatusConflict})
	if !IsConflict(wrapped) || IsNotFound(wrapped) {
		t.Error("IsConflict must see through wrapping")
	}
	if !IsUnauthorized(&APIError{StatusCode: http.StatusUnauthorized}) {
		t.Error("IsUnauthorized(401) = false")
	}
	for _, err := range []error{nil, errors.New("404"), ErrMissingAPIKey} {
		if IsNotFound(err) || IsConflict(err) || IsUnauthorized(err) {
			t.Errorf("predicate true for non-API error %v", err)
		}
	}
}

func TestUnknownProperties(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   []string
	}{
		{"top-level property", 400, `{"message":["property futureFlag should not exist"],"error":"Bad Request","statusCode":400}`, []string{"futureFlag"}},
		{"nested object", 400, `{"message":["server.property futureFlag should not exist"]}`, []string{"server.futureFlag"}},
		{"array element", 400, `{"message":["model.tools.0.property x should not exist"]}`, []string{"model.tools.0.x"}},
		{"message as one string", 400, `{"message":"voice.property enableSsmlParsing should not exist"}`, []string{"voice.enableSsmlParsing"}},
		{
			"mixed with other validation errors, repeated", 400,
			`{"message":["name must be shorter than or equal to 40 characters","property a should not exist","server.property b should not exist","property a should not exist"]}`,
			[]string{"a", "server.b"},
		},
		{"other validation errors only", 400, `{"message":["authenticationPlan must be an object"]}`, nil},
		{"a message that only mentions the words", 400, `{"message":["the property futureFlag should not exist, they say"]}`, nil},
		{"not JSON", 400, `property futureFlag should not exist`, nil},
		{"not a 400", 422, `{"message":["property futureFlag should not exist"]}`, nil},
		{"server error", 500, `{"message":["property futureFlag should not exist"]}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := fmt.Errorf("creating assistant: %w", newAPIError(http.MethodPost, "/assistant", tt.status, []byte(tt.body), testKey))
			if got := UnknownProperties(err); !slices.Equal(got, tt.want) {
				t.Errorf("UnknownProperties = %q, want %q", got, tt.want)
			}
		})
	}
	for _, err := range []error{nil, errors.New("property x should not exist"), ErrMissingAPIKey} {
		if got := UnknownProperties(err); got != nil {
			t.Errorf("UnknownProperties(%v) = %q, want nil", err, got)
		}
	}
}
