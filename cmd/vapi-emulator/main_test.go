package main

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func request(t *testing.T, method, url, key, body string) int {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	if err := resp.Body.Close(); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode
}

func TestRunServesUntilCancelled(t *testing.T) {
	dir := t.TempDir()
	urlFile := filepath.Join(dir, "url")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-url-file", urlFile, "-api-key", "demo-key", "-org-name", "Demo Org", "-latency", "1ms"}, &stdout, &stderr)
	}()

	var base string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if b, err := fs.ReadFile(os.DirFS(dir), "url"); err == nil && len(b) > 0 {
			base = strings.TrimSpace(string(b))
			break
		}
	}
	if !regexp.MustCompile(`^http://127\.0\.0\.1:\d+$`).MatchString(base) {
		t.Fatalf("url file holds %q; stderr: %s", base, stderr.String())
	}
	if got, want := stdout.String(), "VAPI_BASE_URL="+base+"\nVAPI_API_KEY=demo-key\n"; got != want {
		t.Fatalf("stdout %q, want %q", got, want)
	}

	if s := request(t, http.MethodGet, base+"/org", "demo-key", ""); s != http.StatusOK {
		t.Fatalf("GET /org: %d", s)
	}
	if s := request(t, http.MethodGet, base+"/tool?limit=1", "", ""); s != http.StatusUnauthorized {
		t.Fatalf("GET /tool without key: %d", s)
	}
	body := `{"provider":"custom-credential","authenticationPlan":{"type":"bearer","token":"do-not-log-me"}}`
	if s := request(t, http.MethodPost, base+"/credential", "demo-key", body); s != http.StatusCreated {
		t.Fatalf("POST /credential: %d", s)
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit code %d; stderr: %s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop after cancellation")
	}
	log := stderr.String()
	for _, want := range []string{"GET /org 200", "GET /tool 401", "POST /credential 201", "stopped"} {
		if !strings.Contains(log, want) {
			t.Errorf("stderr lacks %q:\n%s", want, log)
		}
	}
	for _, leak := range []string{"do-not-log-me", "limit=1", "demo-key"} {
		if strings.Contains(log, leak) {
			t.Errorf("stderr leaks %q:\n%s", leak, log)
		}
	}
	if strings.Count(stdout.String(), "\n") != 2 {
		t.Errorf("stdout has more than two lines: %q", stdout.String())
	}
}

func TestRunRejectsBadUsage(t *testing.T) {
	t.Parallel()
	var out, errOut syncBuffer
	if code := run(t.Context(), []string{"-nope"}, &out, &errOut); code != 2 {
		t.Errorf("unknown flag: exit %d", code)
	}
	if code := run(t.Context(), []string{"extra"}, &out, &errOut); code != 2 {
		t.Errorf("positional argument: exit %d", code)
	}
	if code := run(t.Context(), []string{"-h"}, &out, &errOut); code != 0 {
		t.Errorf("-h: exit %d", code)
	}
	if code := run(t.Context(), []string{"-listen", "256.0.0.1:http"}, &out, &errOut); code != 1 {
		t.Errorf("bad listen address: exit %d", code)
	}
	if out.String() != "" {
		t.Errorf("stdout written on failure: %q", out.String())
	}
}

func TestParseArgs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want emulator.Options
	}{
		{nil, emulator.Options{OrgName: "Emulated Org"}},
		{[]string{"-realistic"}, emulator.Options{OrgName: "Emulated Org", Realistic: true}},
		{[]string{"-realistic", "-list-order", "newest", "-org-forbidden", "-api-key", "k", "-org-id", "o", "-org-name", "n", "-latency", "2ms"},
			emulator.Options{OrgName: "n", APIKey: "k", OrgID: "o", Realistic: true, ListOrder: emulator.ListNewestFirst,
				OrgEndpointsForbidden: true, Latency: 2 * time.Millisecond}},
		{[]string{"-list-order", "shuffled"}, emulator.Options{OrgName: "Emulated Org", ListOrder: emulator.ListShuffled}},
		{[]string{"-list-order", "oldest"}, emulator.Options{OrgName: "Emulated Org", ListOrder: emulator.ListOldestFirst}},
	} {
		var errOut syncBuffer
		c, code, ok := parseArgs(tc.args, &errOut)
		if !ok || code != 0 || !reflect.DeepEqual(c.options, tc.want) {
			t.Errorf("%q: %+v %d %v; stderr %s", tc.args, c.options, code, ok, errOut.String())
		}
	}
	var errOut syncBuffer
	if _, code, ok := parseArgs([]string{"-list-order", "random"}, &errOut); ok || code != 2 || !strings.Contains(errOut.String(), `-list-order "random"`) {
		t.Errorf("bad list order: %d %v %s", code, ok, errOut.String())
	}
}

func TestBaseURL(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]string{
		"127.0.0.1:8080": "http://127.0.0.1:8080",
		"0.0.0.0:8080":   "http://127.0.0.1:8080",
		"[::]:8080":      "http://127.0.0.1:8080",
		"[::1]:8080":     "http://[::1]:8080",
	} {
		tcp, err := net.ResolveTCPAddr("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := baseURL(tcp); got != want {
			t.Errorf("baseURL(%s) = %s, want %s", addr, got, want)
		}
	}
}
