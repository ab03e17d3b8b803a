package main

import (
	"net/http"
	"strings"
	"testing"

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
