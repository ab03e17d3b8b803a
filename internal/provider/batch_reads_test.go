package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
)

// requestCounts sorts the requests the emulator saw since its log was
// reset: list pages, GETs of one object, and writes.
type requestCounts struct{ lists, gets, writes int }

func countRequests(emu *emulator.Emulator, collection string) requestCounts {
	var c requestCounts
	for _, r := range emu.Requests() {
		switch {
		case r.Method != http.MethodGet:
			c.writes++
		case r.Path == collection:
			c.lists++
		case strings.HasPrefix(r.Path, collection+"/"):
			c.gets++
		}
	}
	return c
}

// manyTools is n function tools, without a provider block.
func manyTools(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "resource \"vapi_function_tool\" \"t%d\" {\n  name = \"tool_%d\"\n}\n", i, i)
	}
	return b.String()
}

// A refresh of many objects of a kind costs one list, in every order the
// API may list them; drift and deletion outside Terraform are still seen;
// a lone read, or two, stays a GET.
func TestBatchedReads_refreshThroughTerraform(t *testing.T) {
	t.Parallel()
	for _, order := range emulator.ListOrders {
		t.Run(string(order), func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, func(o *emulator.Options) { o.ListOrder = order })
			// Long enough that the first reads always meet, however loaded
			// the machine: the count below must not depend on timing.
			env.batchWindow = 2 * time.Second
			const n = 40
			cli := newCLIRun(t, env, manyTools(n))
			cli.mustRun(t, "apply", "-auto-approve")

			env.emu.ResetRequests()
			out := cli.mustRun(t, "plan", "-refresh-only", "-detailed-exitcode")
			if got := countRequests(env.emu, "/tool"); got != (requestCounts{lists: 1}) {
				t.Fatalf("a refresh of %d tools made %+v, want one list and nothing else:\n%v\n%s", n, got, env.emu.Requests(), out)
			}

			// A change made outside Terraform is seen in the listing, and an
			// object deleted outside Terraform, missing from it, is read with
			// its own GET, which finds it gone.
			tools := env.emu.Objects(emulator.KindTool)
			changed, _ := tools[3]["id"].(string)
			deleted, _ := tools[7]["id"].(string)
			if err := env.emu.Mutate(emulator.KindTool, changed, func(obj map[string]any) { obj["async"] = true }); err != nil {
				t.Fatal(err)
			}
			env.emu.Remove(emulator.KindTool, deleted)
			env.emu.ResetRequests()
			out, err := cli.run(t, "plan", "-detailed-exitcode")
			if exit := exitCode(err); exit != 2 {
				t.Fatalf("plan exit code %d, want 2 (changes):\n%s", exit, out)
			}
			flat := strings.Join(strings.Fields(out), " ")
			if !strings.Contains(flat, "Plan: 1 to add, 1 to change, 0 to destroy") || !strings.Contains(flat, "~ async = true -> false") {
				t.Fatalf("the plan does not show the drift and the deletion:\n%s", out)
			}
			if got := countRequests(env.emu, "/tool"); got != (requestCounts{lists: 1, gets: 1}) {
				t.Fatalf("a refresh with one object gone made %+v, want one list and one GET: %v", got, env.emu.Requests())
			}
		})
	}
}

// Lone reads, and two together, stay GETs: a list would cost as much or
// more when the org holds many objects.
func TestBatchedReads_fewReadsStayGETs(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	for range 50 {
		env.emu.Put(emulator.KindTool, map[string]any{"type": "function", "function": map[string]any{"name": "other"}})
	}
	cli := newCLIRun(t, env, manyTools(2))
	cli.mustRun(t, "apply", "-auto-approve")
	env.emu.ResetRequests()
	cli.mustRun(t, "plan", "-refresh-only")
	if got := countRequests(env.emu, "/tool"); got != (requestCounts{gets: 2}) {
		t.Fatalf("a refresh of 2 tools made %+v, want two GETs: %v", got, env.emu.Requests())
	}
}

func exitCode(err error) int {
	type exitCoder interface{ ExitCode() int }
	if ec, ok := err.(exitCoder); ok {
		return ec.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// readAll reads ids concurrently through one batcher, as a refresh with
// Terraform's parallelism of 10 would, and returns what each read got.
func readAll(t *testing.T, b *readBatcher, ids []string) map[string]string {
	t.Helper()
	return readAllIn(t, b, "/tool", ids)
}

// readAllIn is readAll for the objects of collection.
func readAllIn(t *testing.T, b *readBatcher, collection string, ids []string) map[string]string {
	t.Helper()
	var mu sync.Mutex
	got := map[string]string{}
	sem := make(chan struct{}, 10)
	var wg sync.WaitGroup
	for _, id := range ids {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			var obj vapi.Object
			err := b.read(context.Background(), id, collection+"/"+id, &obj)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				got[id] = err.Error()
				return
			}
			got[id] = obj.ID
		})
	}
	wg.Wait()
	return got
}

// Paging without a cursor: ⌈N/1000⌉ pages whatever order the API lists in,
// and never a page that answers no read.
func TestBatchedReads_pages(t *testing.T) {
	t.Parallel()
	for _, order := range emulator.ListOrders {
		for _, n := range []int{999, 1000, 1500, 2500} {
			t.Run(fmt.Sprintf("%s/%d", order, n), func(t *testing.T) {
				t.Parallel()
				emu := emulator.New(emulator.Options{APIKey: "k", ListOrder: order})
				ids := make([]string, n)
				for i := range ids {
					ids[i] = emu.Put(emulator.KindTool, map[string]any{"type": "function", "function": map[string]any{"name": "t"}})
				}
				data := newTestClient(t, emu)
				b := newReadBatcher(data.client, "/tool", "tool", 5*time.Second)
				got := readAll(t, b, ids)
				for _, id := range ids {
					if got[id] != id {
						t.Fatalf("read of %s got %q", id, got[id])
					}
				}
				c := countRequests(emu, "/tool")
				wantPages := (n + listPageSize - 1) / listPageSize
				// Listing the oldest first, the first step past the oldest
				// seen finds nothing new and the next goes the other way: one
				// page more, once.
				if order == emulator.ListOldestFirst && n > listPageSize {
					wantPages++
				}
				if c.gets != 0 || c.lists != wantPages {
					t.Fatalf("%d reads made %d list pages and %d GETs, want %d pages", n, c.lists, c.gets, wantPages)
				}
			})
		}
	}
}

// Objects that share one creation time cannot be paged past: the listing
// stops when a page adds nothing, and the rest are read with GETs.
func TestBatchedReads_pageWithoutProgressFallsBackToGETs(t *testing.T) {
	t.Parallel()
	same := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006-01-02T15:04:05.000Z")
	emu := emulator.New(emulator.Options{APIKey: "k"})
	ids := make([]string, 1200)
	for i := range ids {
		ids[i] = emu.Put(emulator.KindTool, map[string]any{"type": "function", "createdAt": same, "updatedAt": same,
			"function": map[string]any{"name": "t"}})
	}
	data := newTestClient(t, emu)
	got := readAll(t, newReadBatcher(data.client, "/tool", "tool", 5*time.Second), ids)
	for _, id := range ids {
		if got[id] != id {
			t.Fatalf("read of %s got %q", id, got[id])
		}
	}
	c := countRequests(emu, "/tool")
	// Page 1 holds 1000; the next pages (past the oldest, past the newest)
	// bring nothing new; the other 200 are GETs.
	if c.lists != 3 || c.gets != 200 {
		t.Fatalf("got %d list pages and %d GETs, want 3 and 200", c.lists, c.gets)
	}
}

// A few reads of an org with many objects never page through it: the pages
// never outnumber the reads.
func TestBatchedReads_fewReadsDoNotPageThroughTheOrg(t *testing.T) {
	t.Parallel()
	emu := emulator.New(emulator.Options{APIKey: "k"})
	old := make([]string, 3)
	for i := range old {
		old[i] = emu.Put(emulator.KindTool, map[string]any{"type": "function", "function": map[string]any{"name": "t"}})
	}
	for range 3000 {
		emu.Put(emulator.KindTool, map[string]any{"type": "function", "function": map[string]any{"name": "newer"}})
	}
	data := newTestClient(t, emu)
	readAll(t, newReadBatcher(data.client, "/tool", "tool", 5*time.Second), old)
	if c := countRequests(emu, "/tool"); c.lists > 3 || c.lists+c.gets > 2*len(old) {
		t.Fatalf("3 old tools among 3003 took %d pages and %d GETs, want at most 3 pages and 6 requests", c.lists, c.gets)
	}
}

// A list item that lacks what a read needs (credentials are listed as
// {id, name, provider}) is read whole, and a write of the kind drops the
// listing.
func TestBatchedReads_trimmedItemsAndWrites(t *testing.T) {
	t.Parallel()
	emu := emulator.New(emulator.Options{APIKey: "k", TrimCredentialList: true})
	ids := make([]string, 5)
	for i := range ids {
		ids[i] = emu.Put(emulator.KindCredential, map[string]any{"provider": "custom-credential",
			"authenticationPlan": map[string]any{"type": "bearer"}, "authenticationSession": map[string]any{}})
	}
	data := newTestClient(t, emu)
	b := newReadBatcher(data.client, "/credential", "credential", 5*time.Second)
	readAllIn(t, b, "/credential", ids)
	if c := countRequests(emu, "/credential"); c.lists != 1 || c.gets != 5 {
		t.Fatalf("trimmed items: %d pages and %d GETs, want 1 and 5", c.lists, c.gets)
	}

	tools := make([]string, 4)
	for i := range tools {
		tools[i] = emu.Put(emulator.KindTool, map[string]any{"type": "function", "function": map[string]any{"name": "t"}})
	}
	tb := newReadBatcher(data.client, "/tool", "tool", 5*time.Second)
	readAll(t, tb, tools[:3])
	emu.ResetRequests()
	tb.dropListing()
	tb.window = 10 * time.Millisecond
	var obj vapi.Object
	if err := tb.read(context.Background(), tools[3], "/tool/"+tools[3], &obj); err != nil || obj.ID != tools[3] {
		t.Fatalf("read after a write: %v %v", obj, err)
	}
	if c := countRequests(emu, "/tool"); c.lists != 0 || c.gets != 1 {
		t.Fatalf("a lone read after a write made %+v, want one GET", c)
	}
}
