package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

// listAllPages is what listAll costs for n objects listed in order: the
// first page; then pages past the oldest, each repeating the object at its
// bound and so adding up to 999, until one is not full; listed oldest first,
// one page more in the wrong direction. With exactly 1000 objects the
// direction is never learnt, so both are tried.
func listAllPages(order emulator.ListOrder, n int) int {
	switch {
	case n < listPageSize:
		return 1
	case n == listPageSize:
		return 3
	case order == emulator.ListOldestFirst:
		return 3 + (n-listPageSize)/(listPageSize-1)
	default:
		return 2 + (n-listPageSize)/(listPageSize-1)
	}
}

// listAll returns every object once, oldest first, whatever order the API
// lists in, at the cost above; ⌈n/1000⌉ pages for most sizes.
func TestListAll(t *testing.T) {
	t.Parallel()
	for _, order := range emulator.ListOrders {
		for _, n := range []int{0, 1, 999, 1000, 1001, 1999, 2500} {
			t.Run(fmt.Sprintf("%s/%d", order, n), func(t *testing.T) {
				t.Parallel()
				emu := emulator.New(emulator.Options{APIKey: "k", ListOrder: order})
				want := make([]string, n)
				for i := range want {
					want[i] = emu.Put(emulator.KindTool, map[string]any{"type": "function", "function": map[string]any{"name": "t"}})
				}
				data := newTestClient(t, emu)
				items, err := listAll(context.Background(), data.client, "/tool")
				if err != nil {
					t.Fatal(err)
				}
				got := make([]string, len(items))
				for i, raw := range items {
					var obj struct{ ID string }
					if err := json.Unmarshal(raw, &obj); err != nil {
						t.Fatal(err)
					}
					got[i] = obj.ID
				}
				if !slices.Equal(got, want) {
					t.Fatalf("listed %d objects, want the %d stored, oldest first", len(got), len(want))
				}
				c := countRequests(emu, "/tool")
				if c.gets != 0 || c.writes != 0 || c.lists != listAllPages(order, n) {
					t.Fatalf("%d objects: %+v, want %d list pages and nothing else", n, c, listAllPages(order, n))
				}
			})
		}
	}
}

// Objects that share one creation time beyond a page cannot be paged past:
// listAll says so instead of answering short.
func TestListAll_blockedByOneCreationTime(t *testing.T) {
	t.Parallel()
	same := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006-01-02T15:04:05.000Z")
	emu := emulator.New(emulator.Options{APIKey: "k"})
	for range 1200 {
		emu.Put(emulator.KindTool, map[string]any{"type": "function", "createdAt": same, "updatedAt": same,
			"function": map[string]any{"name": "t"}})
	}
	data := newTestClient(t, emu)
	_, err := listAll(context.Background(), data.client, "/tool")
	if err == nil || !strings.Contains(err.Error(), "share one creation time") {
		t.Fatalf("listAll of 1200 objects of one creation time: %v, want an error saying why", err)
	}
}
