package provider

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vapi-community/terraform-provider-vapi/internal/specfacts"
	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
)

// Batched reads: a refresh reads every object of a kind at once (Terraform
// runs ten reads at a time), and each GET costs a round trip, tens to
// hundreds of milliseconds on the real API. When several reads of one kind
// wait together, they share one list of the kind instead, a page of up to
// 1000 objects, and the reads that follow are answered from it.
//
// The cost stays near that of the reads it replaces: a lone read, or two,
// stays a GET; the pages never outnumber the reads that came to the
// listing, so a few reads do not page through an org of thousands of
// objects; an id the pages do not hold is read with its own GET, so an object deleted outside Terraform is still told apart from
// one the pages missed; and a list item that lacks a field the read needs
// (credentials are listed trimmed) is read whole. Nothing outlives the
// provider process (one terraform command), and any write of a kind drops
// what was listed of it. Updates keep their own GET, and data sources read
// fresh.

const (
	// batchThreshold is how many reads of a kind must wait together for a
	// list to be worth it.
	batchThreshold = 3
	// listPageSize is the API's largest list page.
	listPageSize = 1000
	// defaultBatchWindow is how long the first reads of a kind wait for
	// others to arrive. Terraform starts the reads of a refresh together, so
	// a window of a few tens of milliseconds gathers them, and a lone read
	// pays it once.
	defaultBatchWindow = 40 * time.Millisecond
)

// readBatcher batches the reads of one kind in one provider process.
type readBatcher struct {
	client     *vapi.Client
	collection string
	window     time.Duration
	// needs lists the fields a read of an object cannot do without (the
	// required properties of the kind's response schema); a list item
	// lacking one is read whole.
	needs func(item map[string]any) []string

	mu      sync.Mutex
	waiting []chan bool // reads gathering; told true to use the listing
	timer   *time.Timer
	listing *listing
}

// listing is what has been listed of a kind since the last write.
type listing struct {
	items map[string]json.RawMessage
	pages int
	// arrived counts the reads that came to the listing: a page is fetched
	// only while there are more reads than pages.
	arrived int
	// done is true when no further page can add anything.
	done bool
	// oldest and newest are the creation times seen, for the next page.
	oldest, newest string
	// direction is "older" or "newer" once a page has shown which way the
	// pages go; "" before.
	direction string
	// fetching is closed when the page being fetched arrives.
	fetching chan struct{}
}

func newReadBatcher(client *vapi.Client, collection, spec string, window time.Duration) *readBatcher {
	return &readBatcher{client: client, collection: collection, window: window, needs: requiredFields(spec)}
}

// requiredFields returns, for a kind of the spec facts, the required
// properties of an object's response schema that it lacks.
func requiredFields(spec string) func(item map[string]any) []string {
	facts := specfacts.Load()
	kind, ok := facts.Kind(spec)
	return func(item map[string]any) []string {
		if !ok {
			return nil
		}
		schema, ok := facts.Schema(kind.Response[kind.Variant(item)])
		if !ok {
			return nil
		}
		var missing []string
		for _, name := range schema.Required {
			if _, present := item[name]; !present {
				missing = append(missing, name)
			}
		}
		return missing
	}
}

// read reads the object id into out, from the listing when there is one or
// the gathering reads make one, else with a GET.
func (b *readBatcher) read(ctx context.Context, id, objectPath string, out any) error {
	b.mu.Lock()
	if b.listing == nil {
		decided := make(chan bool, 1)
		b.waiting = append(b.waiting, decided)
		switch {
		case len(b.waiting) >= batchThreshold:
			b.listing = &listing{items: map[string]json.RawMessage{}}
			b.release(true)
		case len(b.waiting) == 1:
			b.timer = time.AfterFunc(b.window, func() {
				b.mu.Lock()
				defer b.mu.Unlock()
				b.release(false)
			})
		}
		b.mu.Unlock()
		select {
		case useListing := <-decided:
			if !useListing {
				return b.client.Do(ctx, http.MethodGet, objectPath, nil, out)
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	} else {
		b.mu.Unlock()
	}
	raw, err := b.fromListing(ctx, id)
	if err != nil || raw == nil {
		if err == nil || ctx.Err() == nil {
			return b.client.Do(ctx, http.MethodGet, objectPath, nil, out)
		}
		return err
	}
	return json.Unmarshal(raw, out)
}

// release tells the gathering reads whether to use the listing. b.mu is
// held.
func (b *readBatcher) release(useListing bool) {
	if b.timer != nil {
		b.timer.Stop()
		b.timer = nil
	}
	for _, w := range b.waiting {
		w <- useListing
	}
	b.waiting = nil
}

// fromListing returns the listed object id, fetching pages while that is
// worth it; nil when the read must GET the object (not listed, listed
// trimmed, or the listing was dropped by a write).
func (b *readBatcher) fromListing(ctx context.Context, id string) (json.RawMessage, error) {
	counted := false
	for {
		b.mu.Lock()
		l := b.listing
		if l == nil {
			b.mu.Unlock()
			return nil, nil
		}
		if !counted {
			l.arrived++
			counted = true
		}
		if raw, ok := l.items[id]; ok {
			var item map[string]any
			if json.Unmarshal(raw, &item) == nil && len(b.needs(item)) == 0 {
				b.mu.Unlock()
				return raw, nil
			}
			b.mu.Unlock()
			return nil, nil
		}
		if l.fetching != nil {
			wait := l.fetching
			b.mu.Unlock()
			select {
			case <-wait:
				continue
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		// Never more pages than reads: a few reads of an org of thousands
		// of objects do not page through it.
		if l.done || l.pages >= l.arrived {
			b.mu.Unlock()
			return nil, nil
		}
		l.fetching = make(chan struct{})
		b.mu.Unlock()
		err := b.fetchPage(ctx, l)
		b.mu.Lock()
		close(l.fetching)
		l.fetching = nil
		b.mu.Unlock()
		if err != nil {
			return nil, err
		}
	}
}

// fetchPage fetches the next page into l. Vapi documents no order for its
// lists and no cursor: the first page is a list of up to 1000 objects, and
// the next ones continue past the oldest creation time seen or, when that
// shows nothing new (the API answered the oldest first), past the newest.
// Bounds are inclusive, so objects that share a timestamp are not skipped,
// and ids are de-duplicated; a page that adds nothing ends the listing.
func (b *readBatcher) fetchPage(ctx context.Context, l *listing) error {
	if l.pages == 0 {
		added, full, err := b.page(ctx, l, nil)
		if err != nil {
			return err
		}
		l.done = !full || added == 0
		return nil
	}
	for _, dir := range []string{"older", "newer"} {
		if l.direction != "" && l.direction != dir {
			continue
		}
		q := url.Values{"createdAtLe": {l.oldest}}
		if dir == "newer" {
			q = url.Values{"createdAtGe": {l.newest}}
		}
		added, full, err := b.page(ctx, l, q)
		if err != nil {
			return err
		}
		if added > 0 {
			l.direction = dir
			l.done = !full
			return nil
		}
	}
	l.done = true
	return nil
}

// page fetches one list page with the query q and adds its objects to l. It
// returns how many were new, and whether the page was full (so that more
// may follow).
func (b *readBatcher) page(ctx context.Context, l *listing, q url.Values) (added int, full bool, err error) {
	if q == nil {
		q = url.Values{}
	}
	q.Set("limit", "1000")
	var items []json.RawMessage
	if err := b.client.Do(ctx, http.MethodGet, b.collection+"?"+q.Encode(), nil, &items); err != nil {
		return 0, false, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	l.pages++
	for _, raw := range items {
		var head struct {
			ID        string `json:"id"`
			CreatedAt string `json:"createdAt"`
		}
		if json.Unmarshal(raw, &head) != nil || head.ID == "" {
			continue
		}
		if _, seen := l.items[head.ID]; !seen {
			added++
		}
		l.items[head.ID] = raw
		if head.CreatedAt != "" && (l.oldest == "" || laterTime(l.oldest, head.CreatedAt)) {
			l.oldest = head.CreatedAt
		}
		if head.CreatedAt != "" && (l.newest == "" || laterTime(head.CreatedAt, l.newest)) {
			l.newest = head.CreatedAt
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

// dropListing forgets what was listed: the kind was written.
func (b *readBatcher) dropListing() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.listing = nil
}

// listAll pages through every object of a collection, as the batched reads
// do (the same pages, the same stop), for the callers that need all of them:
// the list resources. Objects come in creation order, oldest first.
func listAll(ctx context.Context, client *vapi.Client, collection string) ([]json.RawMessage, error) {
	b := &readBatcher{client: client, collection: collection}
	l := &listing{items: map[string]json.RawMessage{}}
	for !l.done {
		if err := b.fetchPage(ctx, l); err != nil {
			return nil, err
		}
	}
	type entry struct {
		created time.Time
		id      string
		raw     json.RawMessage
	}
	entries := make([]entry, 0, len(l.items))
	for id, raw := range l.items {
		var head struct {
			CreatedAt time.Time `json:"createdAt"`
		}
		_ = json.Unmarshal(raw, &head)
		entries = append(entries, entry{head.CreatedAt, id, raw})
	}
	slices.SortFunc(entries, func(a, b entry) int {
		if c := a.created.Compare(b.created); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	out := make([]json.RawMessage, len(entries))
	for i, e := range entries {
		out[i] = e.raw
	}
	return out, nil
}
