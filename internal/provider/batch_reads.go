package provider

import (
	"context"
	"encoding/json"
	"net/http"
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
	*listPager
	// arrived counts the reads that came to the listing: a page is fetched
	// only while there are more reads than pages.
	arrived int
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
			b.listing = &listing{listPager: newListPager(b.client, b.collection, &b.mu)}
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
		err := l.next(ctx)
		b.mu.Lock()
		close(l.fetching)
		l.fetching = nil
		b.mu.Unlock()
		if err != nil {
			return nil, err
		}
	}
}

// dropListing forgets what was listed: the kind was written.
func (b *readBatcher) dropListing() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.listing = nil
}
