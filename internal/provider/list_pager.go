package provider

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
)

// listPager pages through the legacy list of a kind (GET /assistant, /tool,
// /phone-number, /credential): a bare array of at most 1000 objects, with no
// cursor and no documented order. The batched reads page with it as far as
// their reads need, and listAll to the end.
//
// The first page is a list of up to 1000 objects; the next ones continue
// past the oldest creation time seen or, when that shows nothing new (the API
// answered the oldest first), past the newest. Bounds are inclusive, so
// objects that share a timestamp are not skipped, and ids are de-duplicated;
// a page that adds nothing ends the listing. So N objects listed newest first
// (or in any order within the newest 1000, as the API may) cost ⌈N/1000⌉
// pages in most cases: each page after the first repeats the object at its
// bound, so a last page that would hold the 1000th, 1999th, ... object whole
// is full and one more, nearly empty, page is asked for; listed oldest
// first, once more past the other bound.
type listPager struct {
	client     *vapi.Client
	collection string
	// mu is held while a page's objects are added, for readers of items
	// that do not wait for the page (the batched reads).
	mu sync.Locker

	items map[string]json.RawMessage
	pages int
	// done is true when no further page can add anything.
	done bool
	// blocked is true when a full page added nothing: more objects share
	// one creation time than a page holds, so the objects past them cannot
	// be listed and the listing may be incomplete.
	blocked bool
	// oldest and newest are the creation times seen, for the next page.
	oldest, newest string
	// direction is "older" or "newer" once a page has shown which way the
	// pages go; "" before.
	direction string
}

func newListPager(client *vapi.Client, collection string, mu sync.Locker) *listPager {
	return &listPager{client: client, collection: collection, mu: mu, items: map[string]json.RawMessage{}}
}

// listAll pages through every object of a collection, as the batched reads
// do (the same pages, the same stop), for the callers that need all of them:
// the list resources and vapi_server_urls. Objects come in creation order,
// oldest first, then by id. A listing that cannot page past objects sharing
// one creation time is an error rather than a silently short answer.
func listAll(ctx context.Context, client *vapi.Client, collection string) ([]json.RawMessage, error) {
	p := newListPager(client, collection, &sync.Mutex{})
	for !p.done {
		if err := p.next(ctx); err != nil {
			return nil, err
		}
	}
	if p.blocked {
		return nil, fmt.Errorf("GET %s: more than %d objects share one creation time, so the list cannot be "+
			"paged past them (the API's lists have no cursor); %d objects were listed", collection, listPageSize, len(p.items))
	}
	type entry struct {
		created time.Time
		id      string
		raw     json.RawMessage
	}
	entries := make([]entry, 0, len(p.items))
	for id, raw := range p.items {
		var head struct {
			CreatedAt time.Time `json:"createdAt"`
		}
		// An object without a readable creation time sorts first, by id.
		_ = json.Unmarshal(raw, &head)
		entries = append(entries, entry{head.CreatedAt, id, raw})
	}
	slices.SortFunc(entries, func(a, b entry) int {
		return cmp.Or(a.created.Compare(b.created), strings.Compare(a.id, b.id))
	})
	out := make([]json.RawMessage, len(entries))
	for i, e := range entries {
		out[i] = e.raw
	}
	return out, nil
}

// next fetches the next page.
func (p *listPager) next(ctx context.Context) error {
	if p.pages == 0 {
		added, full, err := p.page(ctx, nil)
		if err != nil {
			return err
		}
		p.done = !full || added == 0
		return nil
	}
	for _, dir := range []string{"older", "newer"} {
		if p.direction != "" && p.direction != dir {
			continue
		}
		q := url.Values{"createdAtLe": {p.oldest}}
		if dir == "newer" {
			q = url.Values{"createdAtGe": {p.newest}}
		}
		added, full, err := p.page(ctx, q)
		if err != nil {
			return err
		}
		if added > 0 {
			p.direction = dir
			p.done = !full
			return nil
		}
		if full {
			p.blocked = true
		}
	}
	p.done = true
	return nil
}

// page fetches one list page with the query q and adds its objects. It
// returns how many were new, and whether the page was full (so that more
// may follow).
func (p *listPager) page(ctx context.Context, q url.Values) (added int, full bool, err error) {
	if q == nil {
		q = url.Values{}
	}
	q.Set("limit", strconv.Itoa(listPageSize))
	var items []json.RawMessage
	if err := p.client.Do(ctx, http.MethodGet, p.collection+"?"+q.Encode(), nil, &items); err != nil {
		return 0, false, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pages++
	for _, raw := range items {
		var head struct {
			ID        string `json:"id"`
			CreatedAt string `json:"createdAt"`
		}
		if json.Unmarshal(raw, &head) != nil || head.ID == "" {
			continue
		}
		if _, seen := p.items[head.ID]; !seen {
			added++
		}
		p.items[head.ID] = raw
		if head.CreatedAt != "" && (p.oldest == "" || laterTime(p.oldest, head.CreatedAt)) {
			p.oldest = head.CreatedAt
		}
		if head.CreatedAt != "" && (p.newest == "" || laterTime(head.CreatedAt, p.newest)) {
			p.newest = head.CreatedAt
		}
	}
	return added, len(items) >= listPageSize, nil
}

// laterTime reports whether the timestamp a is after b.
func laterTime(a, b string) bool {
	ta, errA := time.Parse(time.RFC3339, a)
	tb, errB := time.Parse(time.RFC3339, b)
	if errA != nil || errB != nil {
		return a > b
	}
	return ta.After(tb)
}
