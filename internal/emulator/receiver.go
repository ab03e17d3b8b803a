package emulator

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// WebhookReceiver stands in for a customer's webhook server, for demos and
// tests: it checks the authentication a credential asks Vapi for, hands one
// ReceivedWebhook per request to its log, and answers as a simple server
// would. A request that fails the check gets 401; assistant-request gets
// {"assistantId"} (or an {"error"} when it has no assistant to offer);
// tool-calls get a result for every tool call; anything else gets {}.
type WebhookReceiver struct {
	auth        *webhookAuth
	assistantID string
	log         func(ReceivedWebhook)
}

// ReceivedWebhook is one request a WebhookReceiver got.
type ReceivedWebhook struct {
	Path string
	// Type is the message's type; empty when the body is not a server
	// message.
	Type string
	// Auth is what the check found: "ok (bearer)", "FAILED (hmac: …)",
	// "none configured" or "unchecked (oauth2 …)". It never holds a secret.
	Auth string
}

// NewWebhookReceiver returns a receiver that checks requests against
// credential (a body as POSTed to /credential; nil checks nothing), answers
// assistant-request with assistantID and passes every request to log.
func NewWebhookReceiver(credential map[string]any, assistantID string, log func(ReceivedWebhook)) (*WebhookReceiver, error) {
	r := &WebhookReceiver{assistantID: assistantID, log: log}
	if credential != nil {
		if msgs := validate(createCredentialRule, credential); len(msgs) > 0 {
			return nil, fmt.Errorf("%w: the credential is not one the API accepts: %s", ErrInvalidCall, strings.Join(msgs, "; "))
		}
		auth, err := parseCredential("(given)", credential)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrInvalidCall, err)
		}
		r.auth = auth
	}
	return r, nil
}

// ServeHTTP checks, logs and answers one webhook.
func (wr *WebhookReceiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(io.LimitReader(req.Body, maxAnswer))
	if err != nil {
		http.Error(w, "cannot read the body", http.StatusBadRequest)
		return
	}
	var msg struct {
		Message struct {
			Type         string `json:"type"`
			ToolCallList []struct {
				ID       string `json:"id"`
				Function struct {
					Name string `json:"name"`
				} `json:"function"`
			} `json:"toolCallList"`
		} `json:"message"`
	}
	_ = json.Unmarshal(body, &msg)
	ok, verdict := wr.check(req, body)
	if wr.log != nil {
		wr.log(ReceivedWebhook{Path: req.URL.Path, Type: msg.Message.Type, Auth: verdict})
	}
	w.Header().Set("Content-Type", "application/json")
	if !ok {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, `{"error":"authentication failed"}`)
		return
	}
	var answer any = map[string]any{}
	switch msg.Message.Type {
	case eventAssistantRequest:
		answer = map[string]any{"error": "This receiver has no assistant to offer."}
		if wr.assistantID != "" {
			answer = map[string]any{"assistantId": wr.assistantID}
		}
	case eventToolCalls:
		results := []any{}
		for _, tc := range msg.Message.ToolCallList {
			results = append(results, map[string]any{"toolCallId": tc.ID, "name": tc.Function.Name, "result": "ok from the receiver"})
		}
		answer = map[string]any{"results": results}
	}
	_ = json.NewEncoder(w).Encode(answer)
}

// check verifies the request's authentication by the receiver's credential.
func (wr *WebhookReceiver) check(req *http.Request, body []byte) (bool, string) {
	a := wr.auth
	if a == nil {
		return true, "none configured"
	}
	same := func(got, want string) bool { return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1 }
	switch a.kind {
	case AuthBearer:
		if !same(req.Header.Get(a.bearer.header), a.bearer.value) {
			return false, fmt.Sprintf("FAILED (bearer: %s does not hold the token)", a.bearer.header)
		}
	case AuthHMAC:
		got := req.Header.Get(a.hmac.signatureHeader)
		if got == "" {
			return false, fmt.Sprintf("FAILED (hmac: no %s header)", a.hmac.signatureHeader)
		}
		scheme := "http"
		if req.TLS != nil {
			scheme = "https"
		}
		sreq := signedRequest{
			method:    req.Method,
			url:       scheme + "://" + req.Host + req.URL.RequestURI(),
			body:      body,
			messageID: req.Header.Get(a.hmac.messageIDHeader),
		}
		ts := ""
		if a.hmac.includeTimestamp {
			ts = req.Header.Get(a.hmac.timestampHeader)
		}
		if !same(got, a.hmac.sign(sreq, ts)) {
			return false, "FAILED (hmac: signature mismatch)"
		}
	default:
		return true, "unchecked (oauth2: the receiver issues no tokens)"
	}
	return true, "ok (" + a.kind + ")"
}
