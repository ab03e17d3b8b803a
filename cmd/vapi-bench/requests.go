package main

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

// The kinds of request that the checks count. Any other request is counted
// under its method and path (with {id} for a tool's id), and none is
// expected.
const (
	reqCreate   = "POST /tool"
	reqListPage = "GET /tool?limit=1000 (a list page)"
	reqReadOne  = "GET /tool/{id}"
	reqDelete   = "DELETE /tool/{id}"
)

// What the provider does (internal/provider/batch_reads.go): reads of a
// kind that wait together, batchThreshold or more, share a list of pages of
// listPageSize objects; one or two reads are GETs.
const (
	listPageSize   = 1000
	batchThreshold = 3
)

// classify names the kind of a request.
func classify(r emulator.Request) string {
	path := r.Path
	if id, ok := strings.CutPrefix(path, "/tool/"); ok && id != "" && !strings.Contains(id, "/") {
		path = "/tool/{id}"
	}
	if r.Method == http.MethodGet && path == "/tool" {
		if q, err := url.ParseQuery(r.Query); err == nil && q.Get("limit") == strconv.Itoa(listPageSize) {
			return reqListPage
		}
	}
	kind := r.Method + " " + path
	if r.Query != "" {
		kind += "?" + r.Query
	}
	return kind
}

// refreshRequests is what reading n tools costs: ⌈n/1000⌉ list pages, or a
// GET each for one or two.
func refreshRequests(n int) map[string]int {
	if n < batchThreshold {
		return map[string]int{reqReadOne: n}
	}
	return map[string]int{reqListPage: (n + listPageSize - 1) / listPageSize}
}

// expectedRequests is the exact request budget of a phase with n tools,
// by kind: creating n objects reads nothing and writes each once, a no-op
// apply writes nothing, and the refresh that a plan, a no-op apply and a
// destroy start with is refreshRequests.
func expectedRequests(phase string, n int) map[string]int {
	switch phase {
	case phaseCreate:
		return map[string]int{reqCreate: n}
	case phaseDestroy:
		want := refreshRequests(n)
		want[reqDelete] = n
		return want
	default: // phaseRefresh, phaseNoop
		return refreshRequests(n)
	}
}

// checkRequests compares the requests of a phase with its budget, kind by
// kind, and fails on any difference or any answer that is not a success.
func checkRequests(phase string, n int, reqs []emulator.Request) error {
	seen := map[string]int{}
	for _, r := range reqs {
		if r.Status < 200 || r.Status > 299 {
			return fmt.Errorf("the emulator answered %d to %s %s", r.Status, r.Method, r.Path)
		}
		seen[classify(r)]++
	}
	want := expectedRequests(phase, n)
	kinds := maps.Clone(want)
	maps.Copy(kinds, seen)
	var off []string
	for _, kind := range slices.Sorted(maps.Keys(kinds)) {
		if seen[kind] != want[kind] {
			off = append(off, fmt.Sprintf("%s: expected %d, the emulator saw %d", kind, want[kind], seen[kind]))
		}
	}
	if len(off) > 0 {
		return fmt.Errorf("REQUEST COUNT MISMATCH: %s (in order: %s)", strings.Join(off, "; "), inOrder(reqs))
	}
	return nil
}

// inOrder is the sequence of the kinds of reqs, a run of one kind told once
// with its length, to show where a request out of budget came.
func inOrder(reqs []emulator.Request) string {
	var runs []string
	for i := 0; i < len(reqs); {
		kind, j := classify(reqs[i]), i+1
		for j < len(reqs) && classify(reqs[j]) == kind {
			j++
		}
		runs = append(runs, fmt.Sprintf("%d × %s", j-i, kind))
		i = j
	}
	return strings.Join(runs, ", ")
}

// describeRequests is a phase's budget as the report shows it.
func describeRequests(want map[string]int) string {
	labels := []struct{ kind, one, many string }{
		{reqCreate, "POST", "POST"},
		{reqListPage, "list page", "list pages"},
		{reqReadOne, "GET", "GET"},
		{reqDelete, "DELETE", "DELETE"},
	}
	var parts []string
	for _, l := range labels {
		switch c := want[l.kind]; c {
		case 0:
		case 1:
			parts = append(parts, "1 "+l.one)
		default:
			parts = append(parts, strconv.Itoa(c)+" "+l.many)
		}
	}
	return strings.Join(parts, " + ")
}
