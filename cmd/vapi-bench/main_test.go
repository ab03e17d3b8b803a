package main

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

// budget is the test's own statement of the request budget of a phase of n
// tools (the provider reads one or two with a GET each, three or more with a
// list page per 1000), as numbers of each kind.
type budget struct{ posts, pages, gets, deletes int }

func budgetOf(phase string, n int) budget {
	var refresh budget
	if n <= 2 {
		refresh.gets = n
	} else {
		for listed := 0; listed < n; listed += 1000 {
			refresh.pages++
		}
	}
	switch phase {
	case phaseCreate:
		return budget{posts: n}
	case phaseDestroy:
		refresh.deletes = n
	}
	return refresh
}

// requestsOf is a request log that spends b exactly, as the provider makes
// it: the pages after the first continue by createdAt.
func requestsOf(b budget) []emulator.Request {
	var reqs []emulator.Request
	for i := range b.posts {
		reqs = append(reqs, emulator.Request{Method: http.MethodPost, Path: "/tool", Status: 201, Body: fmt.Sprintf(`{"name":"bench_%d"}`, i)})
	}
	for i := range b.pages {
		q := "limit=1000"
		if i > 0 {
			q = "createdAtLe=2026-11-27T00%3A00%3A00.000Z&limit=1000"
		}
		reqs = append(reqs, emulator.Request{Method: http.MethodGet, Path: "/tool", Query: q, Status: 200})
	}
	for i := range b.gets {
		reqs = append(reqs, emulator.Request{Method: http.MethodGet, Path: fmt.Sprintf("/tool/id-%d", i), Status: 200})
	}
	for i := range b.deletes {
		reqs = append(reqs, emulator.Request{Method: http.MethodDelete, Path: fmt.Sprintf("/tool/id-%d", i), Status: 200})
	}
	return reqs
}

// TestCheckRequests checks every phase at sizes around the batching
// threshold and the page size: the exact log passes, and one request more or
// one fewer of any kind, or one failed answer, fails naming what is off.
func TestCheckRequests(t *testing.T) {
	t.Parallel()
	// One request of each kind the checks tell apart, and of kinds no phase
	// may make.
	extras := []struct {
		req  emulator.Request
		kind string
	}{
		{emulator.Request{Method: http.MethodPost, Path: "/tool", Status: 201}, "POST /tool"},
		{emulator.Request{Method: http.MethodGet, Path: "/tool", Query: "limit=1000", Status: 200}, "GET /tool?limit=1000 (a list page)"},
		{emulator.Request{Method: http.MethodGet, Path: "/tool/id-x", Status: 200}, "GET /tool/{id}"},
		{emulator.Request{Method: http.MethodDelete, Path: "/tool/id-x", Status: 200}, "DELETE /tool/{id}"},
		{emulator.Request{Method: http.MethodPatch, Path: "/tool/id-x", Status: 200}, "PATCH /tool/{id}"},
		{emulator.Request{Method: http.MethodGet, Path: "/tool", Query: "limit=100", Status: 200}, "GET /tool?limit=100"},
		{emulator.Request{Method: http.MethodGet, Path: "/org", Status: 200}, "GET /org"},
	}
	for _, phase := range phases {
		for _, n := range []int{1, 2, 3, 100, 500, 999, 1000, 1001, 1500, 2500} {
			exact := requestsOf(budgetOf(phase, n))
			if err := checkRequests(phase, n, exact); err != nil {
				t.Errorf("%s, N=%d, exact: %v", phase, n, err)
			}
			for _, e := range extras {
				err := checkRequests(phase, n, append(slices.Clone(exact), e.req))
				if err == nil || !strings.Contains(err.Error(), "REQUEST COUNT MISMATCH: "+e.kind+":") {
					t.Errorf("%s, N=%d, one more %s: error %v", phase, n, e.kind, err)
				}
			}
			for i := range exact {
				if i > 0 && classify(exact[i]) == classify(exact[i-1]) {
					continue // one removal per kind
				}
				fewer := slices.Delete(slices.Clone(exact), i, i+1)
				kind := classify(exact[i])
				if err := checkRequests(phase, n, fewer); err == nil || !strings.Contains(err.Error(), kind+": expected") {
					t.Errorf("%s, N=%d, one %s fewer: error %v", phase, n, kind, err)
				}
			}
			failed := slices.Clone(exact)
			failed[len(failed)-1].Status = http.StatusInternalServerError
			if err := checkRequests(phase, n, failed); err == nil || !strings.Contains(err.Error(), "answered 500") {
				t.Errorf("%s, N=%d, a failed answer: error %v", phase, n, err)
			}
		}
	}
}

func TestInOrder(t *testing.T) {
	t.Parallel()
	reqs := append(requestsOf(budget{gets: 2, pages: 1}), requestsOf(budget{gets: 1})...)
	if got, want := inOrder(reqs), "1 × GET /tool?limit=1000 (a list page), 3 × GET /tool/{id}"; got != want {
		t.Errorf("inOrder = %q, want %q", got, want)
	}
}

func TestDescribeRequests(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		phase string
		n     int
		want  string
	}{
		{phaseCreate, 500, "500 POST"},
		{phaseRefresh, 500, "1 list page"},
		{phaseNoop, 1500, "2 list pages"},
		{phaseDestroy, 1500, "2 list pages + 1500 DELETE"},
		{phaseDestroy, 1, "1 GET + 1 DELETE"},
	} {
		if got := describeRequests(expectedRequests(c.phase, c.n)); got != c.want {
			t.Errorf("%s, N=%d: %q, want %q", c.phase, c.n, got, c.want)
		}
	}
}

func TestSummarize(t *testing.T) {
	t.Parallel()
	slow := 100 * time.Millisecond
	o := options{sizes: []int{500}, latencies: []time.Duration{0, slow}}
	res := result{}
	for _, phase := range phases {
		// Medians: terraform_data 0.5 s, vapi 1 s at 0 ms and 1.2 s at 100 ms;
		// the samples are out of order and the extremes are far off.
		for _, d := range []time.Duration{9 * time.Second, 500 * time.Millisecond, 100 * time.Millisecond} {
			res.add(floor, phase, sample{wall: d})
		}
		res.add(vapi, phase, sample{wall: time.Second})
		res.add(vapi, phase, sample{wall: 30 * time.Second})
		res.add(vapi, phase, sample{wall: 10 * time.Millisecond})
		res.add(vapi.withLatency(slow), phase, sample{wall: 1200 * time.Millisecond})
	}
	rows := summarize(o, map[int]result{500: res})
	if len(rows) != len(phases)*2 {
		t.Fatalf("%d rows, want %d", len(rows), len(phases)*2)
	}
	for i, r := range rows {
		if r.phase != phases[i/2] || r.latency != o.latencies[i%2] || r.n != 500 {
			t.Errorf("row %d is %s at %v, N=%d", i, r.phase, r.latency, r.n)
		}
		if r.floor != 500*time.Millisecond {
			t.Errorf("row %d: terraform_data %v, want the median 0.5 s", i, r.floor)
		}
		if r.latency == 0 {
			if r.runs != 3 || r.vapi != time.Second || r.toFloor != 2 || !math.IsNaN(r.toNoLatency) {
				t.Errorf("row %d at 0 ms: %+v", i, r)
			}
			continue
		}
		if r.runs != 1 || r.vapi != 1200*time.Millisecond || math.Abs(r.toFloor-2.4) > 1e-9 || math.Abs(r.toNoLatency-1.2) > 1e-9 {
			t.Errorf("row %d at 100 ms: %+v", i, r)
		}
	}
	// Without a run at 0 ms there is nothing to compare with.
	delete(res, vapi)
	o.latencies = []time.Duration{slow}
	for _, r := range summarize(o, map[int]result{500: res}) {
		if !math.IsNaN(r.toNoLatency) || math.Abs(r.toFloor-2.4) > 1e-9 {
			t.Errorf("without 0 ms: %+v", r)
		}
	}
	if !math.IsNaN(ratio(time.Second, 0)) || !math.IsNaN(ratio(0, time.Second)) {
		t.Error("a ratio without a measurement is a number")
	}
}

func TestGoalVerdict(t *testing.T) {
	t.Parallel()
	at := func(n int, phase string, latency time.Duration, toNoLatency, toFloor float64) row {
		return row{n: n, phase: phase, latency: latency, toNoLatency: toNoLatency, toFloor: toFloor}
	}
	slow := 100 * time.Millisecond
	for _, c := range []struct {
		rows []row
		want string
	}{
		{[]row{at(500, phaseRefresh, slow, 1.3, 4)}, "1.30 × its 0 ms time (goal ≤ 1.3) and 4.00 × terraform_data (goal ≤ 4): met."},
		{[]row{at(500, phaseRefresh, slow, 1.31, 2)}, "NOT met"},
		{[]row{at(500, phaseRefresh, slow, 1.1, 4.2)}, "NOT met"},
		{[]row{at(500, phaseRefresh, slow, math.NaN(), 2)}, "NOT met"},
		{[]row{at(100, phaseRefresh, slow, 1, 1), at(500, phaseNoop, slow, 1, 1), at(500, phaseRefresh, 0, math.NaN(), 1)}, ""},
	} {
		got := goalVerdict(c.rows)
		if c.want == "" && got != "" || !strings.Contains(got, c.want) {
			t.Errorf("goalVerdict(%+v) = %q, want one with %q", c.rows, got, c.want)
		}
	}
}

func TestParseFlags(t *testing.T) {
	t.Parallel()
	o, err := parseFlags([]string{"-provider-dir", "bin"})
	if err != nil || !slices.Equal(o.sizes, []int{100, 500}) || !slices.Equal(o.latencies, []time.Duration{0, 100 * time.Millisecond}) || o.repeat != 3 {
		t.Errorf("defaults: %+v, %v", o, err)
	}
	o, err = parseFlags([]string{"-provider-dir", "bin", "-sizes", "1500", "-latency", "0, 250ms,0", "-repeat", "1"})
	if err != nil || !slices.Equal(o.sizes, []int{1500}) || !slices.Equal(o.latencies, []time.Duration{0, 250 * time.Millisecond}) || o.repeat != 1 {
		t.Errorf("-sizes 1500 -latency 0,250ms,0 -repeat 1: %+v, %v", o, err)
	}
	for _, bad := range [][]string{{}, {"-provider-dir", "bin", "-latency", "100"}, {"-provider-dir", "bin", "-latency", "-1s"}, {"-provider-dir", "bin", "-sizes", "0"}, {"-provider-dir", "bin", "-repeat", "0"}} {
		if _, err := parseFlags(bad); err == nil {
			t.Errorf("parseFlags(%q) accepted it", bad)
		}
	}
}

func TestVariantsOf(t *testing.T) {
	t.Parallel()
	slow := 100 * time.Millisecond
	vs, sched := variantsOf(options{latencies: []time.Duration{0, slow}, repeat: 3})
	if want := []variant{floor, vapi, vapiLogs, vapi.withLatency(slow)}; !slices.Equal(vs, want) {
		t.Errorf("variants %v, want %v", vs, want)
	}
	// Every measurement is made 3 times, but creating and destroying at
	// 100 ms once.
	thrice := schedule{cycles: 3, reads: 1}
	if sched[floor] != thrice || sched[vapi] != thrice || sched[vapiLogs] != thrice || sched[vapi.withLatency(slow)] != (schedule{cycles: 1, reads: 3}) {
		t.Errorf("schedules %v", sched)
	}
	// TF_LOG=TRACE is measured at 0 ms only.
	if vs, _ := variantsOf(options{latencies: []time.Duration{slow}, repeat: 1}); slices.Contains(vs, vapiLogs) {
		t.Errorf("variants at 100 ms only: %v", vs)
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
