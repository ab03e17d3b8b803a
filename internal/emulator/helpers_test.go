package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// api is a test client of an in-process emulator.
type api struct {
	t    *testing.T
	base string
	key  string
}

func newAPI(t *testing.T, o Options) (*Emulator, *api) {
	t.Helper()
	e := New(o)
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return e, &api{t: t, base: srv.URL, key: e.APIKey()}
}

// result is one answer.
type result struct {
	t      *testing.T
	status int
	raw    string
	header http.Header
}

// call sends body as JSON (a string is sent as is; nil sends nothing).
func (a *api) call(method, path string, body any) result {
	a.t.Helper()
	return a.callWith(method, path, body, "Bearer "+a.key)
}

func (a *api) callWith(method, path string, body any, auth string) result {
	a.t.Helper()
	r, err := a.try(method, path, body, auth)
	if err != nil {
		a.t.Fatalf("%s %s: %v", method, path, err)
	}
	return r
}

// try is callWith without failing the test, for use off the test goroutine.
func (a *api) try(method, path string, body any, auth string) (result, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			return result{}, err
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(a.t.Context(), method, a.base+path, rd)
	if err != nil {
		return result{}, err
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return result{}, err
	}
	raw, err := io.ReadAll(resp.Body)
	if closeErr := resp.Body.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return result{}, err
	}
	return result{t: a.t, status: resp.StatusCode, raw: string(raw), header: resp.Header}, nil
}

// create posts body and returns the created object, failing unless 201.
func (a *api) create(path string, body any) map[string]any {
	a.t.Helper()
	r := a.call(http.MethodPost, path, body)
	r.want(http.StatusCreated)
	return r.object()
}

func (r result) want(status int) result {
	r.t.Helper()
	if r.status != status {
		r.t.Fatalf("status %d, want %d: %s", r.status, status, r.raw)
	}
	return r
}

func (r result) decode() any {
	r.t.Helper()
	var v any
	if err := json.Unmarshal([]byte(r.raw), &v); err != nil {
		r.t.Fatalf("decode %q: %v", r.raw, err)
	}
	return v
}

func (r result) object() map[string]any {
	r.t.Helper()
	m, ok := r.decode().(map[string]any)
	if !ok {
		r.t.Fatalf("not an object: %s", r.raw)
	}
	return m
}

func (r result) array() []map[string]any {
	r.t.Helper()
	a, ok := r.decode().([]any)
	if !ok {
		r.t.Fatalf("not an array: %s", r.raw)
	}
	out := make([]map[string]any, len(a))
	for i, v := range a {
		m, ok := v.(map[string]any)
		if !ok {
			r.t.Fatalf("element %d is not an object: %s", i, r.raw)
		}
		out[i] = m
	}
	return out
}

// messages returns a 400's message array.
func (r result) messages() []string {
	r.t.Helper()
	var body struct {
		Message    []string `json:"message"`
		Error      string   `json:"error"`
		StatusCode int      `json:"statusCode"`
	}
	if err := json.Unmarshal([]byte(r.raw), &body); err != nil {
		r.t.Fatalf("not a validation body: %s", r.raw)
	}
	if body.Error != "Bad Request" || body.StatusCode != http.StatusBadRequest {
		r.t.Fatalf("not a 400 body: %s", r.raw)
	}
	return body.Message
}

// wantMessage fails unless the 400 lists msg.
func (r result) wantMessage(msg string) {
	r.t.Helper()
	r.want(http.StatusBadRequest)
	if msgs := r.messages(); !slices.Contains(msgs, msg) {
		r.t.Fatalf("messages %q lack %q", msgs, msg)
	}
}

// field walks a dotted path through nested objects.
func field(t *testing.T, obj map[string]any, path string) (any, bool) {
	t.Helper()
	var cur any = obj
	for _, part := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[part]; !ok {
			return nil, false
		}
	}
	return cur, true
}

func strField(t *testing.T, obj map[string]any, path string) string {
	t.Helper()
	v, _ := field(t, obj, path)
	s, ok := v.(string)
	if !ok {
		t.Fatalf("%s is %v, not a string", path, v)
	}
	return s
}

var (
	uuidV4Re = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	stampRe  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$`)
)
