package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

// hidden is a secret value for tests, built so that no literal looks like a
// hard-coded credential.
func hidden(name string) string { return "hidden-" + name }

// webhookLog collects what in-process receivers log.
type webhookLog struct {
	mu  sync.Mutex
	got []emulator.ReceivedWebhook
}

func (l *webhookLog) add(r emulator.ReceivedWebhook) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.got = append(l.got, r)
}

func (l *webhookLog) all() []emulator.ReceivedWebhook {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]emulator.ReceivedWebhook(nil), l.got...)
}

func receiver(t *testing.T, cred map[string]any, log *webhookLog) string {
	t.Helper()
	recv, err := emulator.NewWebhookReceiver(cred, "", log.add)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(recv)
	t.Cleanup(srv.Close)
	return srv.URL
}

func bearerCredential(token string) map[string]any {
	return map[string]any{"provider": "custom-credential", "authenticationPlan": map[string]any{"type": "bearer", "token": token}}
}

func TestSimulateCallCommand(t *testing.T) {
	t.Parallel()
	em := emulator.New(emulator.Options{APIKey: hidden("api-key")})
	api := httptest.NewServer(em)
	t.Cleanup(api.Close)
	var log webhookLog
	cred := bearerCredential(hidden("bearer"))
	assistantHook, toolHook := receiver(t, cred, &log), receiver(t, cred, &log)
	credID := em.Put(emulator.KindCredential, cred)
	toolID := em.Put(emulator.KindTool, map[string]any{"type": "function", "function": map[string]any{"name": "get_weather"},
		"server": map[string]any{"url": toolHook + "/weather", "credentialId": credID}})
	assistantID := em.Put(emulator.KindAssistant, map[string]any{
		"model":  map[string]any{"provider": "openai", "model": "gpt-4o", "toolIds": []any{toolID}},
		"server": map[string]any{"url": assistantHook + "/events", "credentialId": credID, "headers": map[string]any{"X-Api-Key": hidden("header")}},
	})
	phoneID := em.Put(emulator.KindPhoneNumber, map[string]any{"provider": "vapi", "assistantId": assistantID})

	var stdout, stderr bytes.Buffer
	code := run(t.Context(), []string{"simulate-call", "-base-url", api.URL, "-api-key", hidden("api-key"),
		"-phone-number", phoneID, "-function", "get_weather"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, stdout.String(), stderr.String())
	}
	out := stdout.String()
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^call \S+ \(inboundPhoneCall\), phone number ` + phoneID + `, assistant ` + assistantID + `$`),
		regexp.MustCompile(`(?m)^EVENT +LEVEL +URL +AUTH +STATUS +LATENCY +DETAIL$`),
		regexp.MustCompile(`(?m)^status-update ringing +assistant +` + assistantHook + `/events +bearer\[Authorization\] server.headers\[X-Api-Key\] +200 +\S+ *$`),
		regexp.MustCompile(`(?m)^transcript partial +assistant +` + assistantHook + `/events +- +skipped: unsubscribed +- *$`),
		regexp.MustCompile(`(?m)^tool-calls get_weather +function_tool +` + toolHook + `/weather +bearer\[Authorization\] +200 +\S+ +answer: \{"results":\[\{"name":"get_weather"`),
		regexp.MustCompile(`(?m)^end-of-call-report +assistant .* 200 `),
		regexp.MustCompile(`(?m)^ended: customer-ended-call$`),
	} {
		if !want.MatchString(out) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	if got := len(log.all()); got != 5 {
		t.Errorf("the receivers got %d events, want 5", got)
	}
	for _, r := range log.all() {
		if r.Auth != "ok (bearer)" {
			t.Errorf("receiver: %+v", r)
		}
	}
	for _, secret := range []string{hidden("api-key"), hidden("bearer"), hidden("header")} {
		if strings.Contains(out+stderr.String(), secret) {
			t.Errorf("the output holds %q:\n%s", secret, out)
		}
	}

	stdout.Reset()
	if code := run(t.Context(), []string{"simulate-call", "-json", "-base-url", api.URL, "-api-key", hidden("api-key"), "-assistant", assistantID}, &stdout, &stderr); code != 0 {
		t.Fatalf("-json: exit %d: %s", code, stderr.String())
	}
	var rep emulator.CallReport
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil || rep.CallType != "webCall" || rep.AssistantID != assistantID {
		t.Errorf("-json printed %s (%v)", stdout.String(), err)
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-base-url", api.URL, "-api-key", hidden("api-key"), "-assistant", assistantID, "-phone-number", phoneID}, 2, "exactly one of -phone-number and -assistant"},
		{[]string{"-base-url", api.URL, "-api-key", hidden("api-key")}, 2, "exactly one of"},
		{[]string{"-base-url", api.URL, "-api-key", "wrong", "-assistant", assistantID}, 1, "answered 401: Invalid Key"},
		{[]string{"-base-url", api.URL, "-api-key", hidden("api-key"), "-assistant", assistantID, "-function", "nope"}, 1, `answered 400: invalid call: the assistant has no function "nope"`},
		{[]string{"-base-url", api.URL, "-api-key", hidden("api-key"), "-phone-number", "0f4c2b1e-0000-4000-8000-000000000000"}, 1, "answered 404"},
		{[]string{"-assistant", assistantID, "extra"}, 2, `unexpected arguments ["extra"]`},
	} {
		var out, errOut bytes.Buffer
		if code := run(t.Context(), append([]string{"simulate-call"}, tc.args...), &out, &errOut); code != tc.code || !strings.Contains(errOut.String(), tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want %d, %q", tc.args, code, errOut.String(), tc.code, tc.want)
		}
	}
}

func TestSendTestEventCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	credFile := filepath.Join(dir, "cred.json")
	cred := map[string]any{"provider": "custom-credential", "authenticationPlan": map[string]any{
		"type": "hmac", "secretKey": hidden("hmac"), "algorithm": "sha256"}}
	raw, err := json.Marshal(cred)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(credFile, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	// A receiver that verifies the signature itself, as a real server would.
	var mu sync.Mutex
	var verified []bool
	var headers []http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mac := hmac.New(sha256.New, []byte(hidden("hmac")))
		mac.Write([]byte(r.Header.Get("x-timestamp") + "." + string(body)))
		ok := hmac.Equal([]byte(r.Header.Get("x-signature")), []byte(hex.EncodeToString(mac.Sum(nil))))
		mu.Lock()
		verified = append(verified, ok)
		headers = append(headers, r.Header.Clone())
		mu.Unlock()
		if !ok {
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	t.Cleanup(srv.Close)

	var stdout, stderr bytes.Buffer
	code := run(t.Context(), []string{"send-test-event", "-url", srv.URL + "/hook", "-credential-file", credFile, "-event", "status-update",
		"-header", "X-Api-Key=" + hidden("header"), "-header", "X-Env=test"}, &stdout, &stderr)
	if code != 0 || len(verified) != 1 || !verified[0] {
		t.Fatalf("exit %d, verified %v: %s %s", code, verified, stdout.String(), stderr.String())
	}
	if headers[0].Get("X-Api-Key") != hidden("header") || headers[0].Get("X-Env") != "test" {
		t.Errorf("headers sent: %v", headers[0])
	}
	if want := regexp.MustCompile(`(?m)^status-update in-progress +- +` + srv.URL + `/hook +hmac\[x-signature,x-timestamp\] server.headers\[X-Api-Key,X-Env\] +200 `); !want.MatchString(stdout.String()) {
		t.Errorf("output:\n%s", stdout.String())
	}

	wrong := filepath.Join(dir, "wrong.json")
	if err := os.WriteFile(wrong, bytes.Replace(raw, []byte(hidden("hmac")), []byte(hidden("other")), 1), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-url", srv.URL, "-credential-file", wrong}, 1, " 401 "},
		{[]string{"-url", "http://192.0.2.1/hook"}, 1, "not a loopback host"},
		{[]string{"-url", srv.URL, "-event", "hang"}, 2, `cannot send a sample "hang" event`},
		{[]string{"-url", srv.URL, "-credential-file", filepath.Join(dir, "missing.json")}, 2, "missing.json"},
		{[]string{"-url", srv.URL, "-header", "X-Api-Key:" + hidden("header")}, 2, "every -header must be Name=value"},
		{[]string{}, 2, "needs -url"},
	} {
		var out, errOut bytes.Buffer
		code := run(t.Context(), append([]string{"send-test-event"}, tc.args...), &out, &errOut)
		all := out.String() + errOut.String()
		if code != tc.code || !strings.Contains(all, tc.want) {
			t.Errorf("%q: exit %d, output %q; want %d, %q", tc.args, code, all, tc.code, tc.want)
		}
		for _, secret := range []string{hidden("hmac"), hidden("other"), hidden("header")} {
			if strings.Contains(all, secret) {
				t.Errorf("%q: the output holds %q", tc.args, secret)
			}
		}
	}
}

func TestReceiversCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	urlFile := filepath.Join(dir, "urls")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"receivers", "-count", "2", "-url-file", urlFile, "-bearer-token", hidden("token"), "-assistant-id", "asst-7"}, &stdout, &stderr)
	}()
	var urls []string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && len(urls) == 0; time.Sleep(10 * time.Millisecond) {
		if b, err := fs.ReadFile(os.DirFS(dir), "urls"); err == nil {
			urls = strings.Fields(string(b))
		}
	}
	if len(urls) != 2 || urls[0] == urls[1] {
		t.Fatalf("url file holds %q; stderr: %s", urls, stderr.String())
	}
	for i, u := range urls {
		if !regexp.MustCompile(`^http://127\.0\.0\.1:\d+$`).MatchString(u) {
			t.Errorf("receiver %d at %q", i+1, u)
		}
	}
	send := func(url, event string, cred map[string]any) *emulator.EventReport {
		rep, err := emulator.SendTestEvent(t.Context(), event, map[string]any{"url": url}, cred, emulator.DispatchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	if rep := send(urls[0]+"/calls", "assistant-request", bearerCredential(hidden("token"))); !rep.Delivered || string(rep.Answer) != `{"assistantId":"asst-7"}` {
		t.Errorf("assistant-request: %+v", rep)
	}
	if rep := send(urls[1]+"/tools", "tool-calls", bearerCredential(hidden("wrong"))); rep.Delivered || rep.Attempts[0].Status != http.StatusUnauthorized {
		t.Errorf("wrong token: %+v", rep)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{
		"RECEIVER_1_URL=" + urls[0] + "\nRECEIVER_2_URL=" + urls[1] + "\n",
		"receiver 1: assistant-request /calls auth ok (bearer)\n",
		"receiver 2: tool-calls /tools auth FAILED (bearer: Authorization does not hold the token)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out+stderr.String(), hidden("token")) {
		t.Errorf("the output holds the token:\n%s", out)
	}

	for _, args := range [][]string{
		{"-count", "0"},
		{"-bearer-token", "a", "-hmac-secret", "b"},
		{"-credential-file", filepath.Join(dir, "missing.json")},
	} {
		var out, errOut bytes.Buffer
		if code := run(t.Context(), append([]string{"receivers"}, args...), &out, &errOut); code != 2 {
			t.Errorf("%q: exit %d (%s)", args, code, errOut.String())
		}
	}
}
