package main

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

func requests(status int, methods ...string) []emulator.Request {
	out := make([]emulator.Request, len(methods))
	for i, m := range methods {
		out[i] = emulator.Request{Method: m, Path: "/tool", Status: status}
	}
	return out
}

func TestCheckRequests(t *testing.T) {
	t.Parallel()
	get, post, del := http.MethodGet, http.MethodPost, http.MethodDelete
	cases := []struct {
		name  string
		phase string
		reqs  []emulator.Request
		fails string
	}{
		{"create", phaseCreate, requests(201, post, post), ""},
		{"a create that reads first", phaseCreate, requests(200, get, post, post), "REQUEST COUNT MISMATCH"},
		{"a duplicate create", phaseCreate, requests(201, post, post, post), "REQUEST COUNT MISMATCH"},
		{"refresh", phaseRefresh, requests(200, get, get), ""},
		{"a refresh that writes", phaseRefresh, append(requests(200, get, get), requests(200, http.MethodPatch)...), "REQUEST COUNT MISMATCH"},
		{"a no-op", phaseNoop, requests(200, get, get), ""},
		{"destroy", phaseDestroy, requests(200, get, get, del, del), ""},
		{"a destroy missing a delete", phaseDestroy, requests(200, get, get, del), "REQUEST COUNT MISMATCH"},
		{"an error answer", phaseRefresh, requests(500, get, get), "answered 500"},
	}
	for _, c := range cases {
		err := checkRequests(c.phase, 2, c.reqs)
		switch {
		case c.fails == "" && err != nil:
			t.Errorf("%s: unexpected error %v", c.name, err)
		case c.fails != "" && (err == nil || !strings.Contains(err.Error(), c.fails)):
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.fails)
		}
	}
}

func TestParseStat(t *testing.T) {
	t.Parallel()
	// comm may hold spaces and parentheses; utime and stime are fields 14, 15.
	const stat = "4242 (terraform-provi) S 4200 4242 4200 0 -1 4194560 1000 0 0 0 37 5 0 0 20 0 9 0 123 456 789"
	st, ok := parseStat(stat)
	if !ok || st.comm != "terraform-provi" || st.ppid != 4200 || st.cpuTicks != 42 {
		t.Errorf("parseStat = %+v, %v", st, ok)
	}
	st, ok = parseStat("7 (a (b) c) R 1 7 7 0 -1 0 0 0 0 0 3 4 0 0 20 0 1 0 1 1 1")
	if !ok || st.comm != "a (b) c" || st.ppid != 1 || st.cpuTicks != 7 {
		t.Errorf("parseStat with parentheses in comm = %+v, %v", st, ok)
	}
	if _, ok := parseStat("garbage"); ok {
		t.Error("parseStat accepted garbage")
	}
}

func TestChildEnv(t *testing.T) {
	t.Parallel()
	parent := []string{
		"PATH=/usr/bin", "HOME=/root", "GOFLAGS=-mod=mod",
		"TF_LOG=DEBUG", "TF_LOG_PATH=/tmp/tf.log", "TF_LOG_PROVIDER=TRACE", "TF_LOG_SDK_PROTO=off",
		"TF_LOG_PROVIDER_VAPI=debug", "TF_CLI_CONFIG_FILE=/root/.terraformrc", "TF_CLI_ARGS_plan=-lock=false",
		"TF_REATTACH_PROVIDERS={}", "TF_DATA_DIR=/elsewhere", "VAPI_API_KEY=secret", "VAPI_BASE_URL=https://x",
	}
	got := childEnv(parent, "/work/terraformrc")
	want := []string{
		"TF_CLI_CONFIG_FILE=/work/terraformrc", "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"PATH=/usr/bin", "HOME=/root", "GOFLAGS=-mod=mod",
	}
	if !slices.Equal(got, want) {
		t.Errorf("childEnv =\n%q\nwant\n%q", got, want)
	}
}

func TestProcessCPU(t *testing.T) {
	t.Parallel()
	procfs := fstest.MapFS{
		"42/task/42/schedstat": {Data: []byte("30000000 1000 12\n")},
		"42/task/43/schedstat": {Data: []byte("7512345 10 2\n")},
		"44/stat":              {Data: []byte("44 (x) S 1")},
	}
	st := procStat{comm: providerComm, ppid: 1, cpuTicks: 3}
	c := &processCPU{threads: map[string]time.Duration{}}
	c.update(procfs, "42", st)
	if got, want := c.total(), 37512345*time.Nanosecond; got != want {
		t.Errorf("the threads' schedstat: %v, want %v", got, want)
	}
	// Thread 43 exits and 42 runs on: 43's last value still counts.
	delete(procfs, "42/task/43/schedstat")
	procfs["42/task/42/schedstat"] = &fstest.MapFile{Data: []byte("40000000 1000 13\n")}
	c.update(procfs, "42", st)
	if got, want := c.total(), 47512345*time.Nanosecond; got != want {
		t.Errorf("after a thread exited: %v, want %v", got, want)
	}
	c = &processCPU{threads: map[string]time.Duration{}}
	c.update(procfs, "44", st)
	if got, want := c.total(), 30*time.Millisecond; got != want {
		t.Errorf("without schedstat: %v, want the 3 ticks, %v", got, want)
	}
}
