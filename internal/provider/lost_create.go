package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
)

// A create whose answer is lost (the connection dropped after the request
// went out, a timeout, a 5xx from a proxy) may have made the object. Failing
// there would leave it outside the state, and the next apply would make a
// second one. So before reporting the failure, the provider looks: it lists
// the objects of the kind made since a little before the request and adopts
// the one that holds what was sent; when that is not exactly one, it says
// plainly what may exist and how to import it.

// lostCreateWindow is how far before the request the listing starts, to
// cover the clock's resolution (the Date header has whole seconds) and the
// time the request took to arrive.
const lostCreateWindow = 5 * time.Second

// lostCreateWindowUnknownSkew is the window when the API's clock has not
// been seen yet: wide, since the match on what was sent decides anyway.
const lostCreateWindowUnknownSkew = 10 * time.Minute

// recoverCreate decides a create that failed with err, sent at sentAt with
// body. It returns the diagnostics to report: a warning with out filled
// when the object was found, else the create's error with what was found.
func (k apiKind) recoverCreate(ctx context.Context, client *vapi.Client, body map[string]any, sentAt time.Time,
	createErr error, out any) diag.Diagnostics {
	var diags diag.Diagnostics
	matches, err := k.findCreated(ctx, client, body, sentAt)
	switch {
	case err != nil:
		diags.AddError("Unable to Create "+k.name, apiErrorDetail(k.name, createErr)+
			fmt.Sprintf("\n\nVapi may have made the %s all the same, and looking for it failed too (%s). Before the "+
				"next apply, look in the Vapi dashboard for a %s made just now and import it (terraform import), "+
				"or delete it; otherwise the next apply makes a second one.", k.name, apiErrorDetail(k.name, err), k.name))
	case len(matches) == 1:
		id := matches[0]
		if err := client.Do(ctx, http.MethodGet, k.objectPath(id), nil, out); err != nil {
			diags.AddError("Unable to Create "+k.name, fmt.Sprintf("Vapi made the %s %s but its answer was lost "+
				"(%s), and reading it failed: %s. Import it: terraform import <address> %s.", k.name, id,
				createErr.Error(), apiErrorDetail(k.name, err), id))
			return diags
		}
		diags.AddWarning(k.name+" Created Without an Answer",
			fmt.Sprintf("Vapi did not answer the create (%s), but it had made the %s: %s, holding what was sent "+
				"and made just then, is now in the state. No second one was made.", createErr.Error(), k.name, id))
	case len(matches) == 0:
		diags.AddError("Unable to Create "+k.name, apiErrorDetail(k.name, createErr)+
			fmt.Sprintf("\n\nVapi did not say whether it made the %s; no %s holding what was sent was made since "+
				"the request, so none was. Run the apply again.", k.name, k.name))
	default:
		diags.AddError("Unable to Create "+k.name, apiErrorDetail(k.name, createErr)+
			fmt.Sprintf("\n\nVapi did not say whether it made the %s, and %d objects made since the request hold "+
				"what was sent: %s. One of them may be the one this apply made. Import it (terraform import "+
				"<address> <id>, or an import block) or delete the extra ones before the next apply, which would "+
				"otherwise make another.", k.name, len(matches), strings.Join(matches, ", ")))
	}
	return diags
}

// findCreated lists the objects of the kind made since shortly before
// sentAt and returns the ids of those that hold every value body sent.
func (k apiKind) findCreated(ctx context.Context, client *vapi.Client, body map[string]any, sentAt time.Time) ([]string, error) {
	from := sentAt.Add(-lostCreateWindowUnknownSkew)
	skew, known := client.ServerClockSkew()
	if known {
		from = sentAt.Add(skew - lostCreateWindow)
	}
	query := url.Values{"limit": {"1000"}, "createdAtGe": {from.UTC().Format(time.RFC3339Nano)}}
	var items []map[string]any
	if err := client.Do(ctx, http.MethodGet, k.collection+"?"+query.Encode(), nil, &items); err != nil {
		return nil, err
	}
	// The listing's own answer shows the API's clock, when the create's did
	// not: narrow the window to it.
	if skew, known := client.ServerClockSkew(); known {
		from = sentAt.Add(skew - lostCreateWindow)
	}
	sent := normalizeJSON(body)
	var matches []string
	for _, item := range items {
		id, _ := item["id"].(string)
		if created, err := time.Parse(time.RFC3339, fmt.Sprint(item["createdAt"])); err == nil && created.Before(from) {
			continue
		}
		if !holds(item, sent) {
			continue
		}
		if trimmed(item, sent) {
			// A list may carry fewer fields than the object (credentials are
			// listed as {id, name, provider}): read it whole.
			var whole map[string]any
			if err := client.Do(ctx, http.MethodGet, k.objectPath(id), nil, &whole); err != nil {
				return nil, err
			}
			if !holds(whole, sent) {
				continue
			}
		}
		matches = append(matches, id)
	}
	return matches, nil
}

// holds reports whether obj holds every value of sent. A key obj lacks does
// not count against it (secrets are never returned, a list item may be
// trimmed); every key obj has must hold the sent value.
func holds(obj, sent map[string]any) bool {
	for k, want := range sent {
		got, ok := obj[k]
		if !ok {
			continue
		}
		if wantObj, isObj := want.(map[string]any); isObj {
			gotObj, isGotObj := got.(map[string]any)
			if !isGotObj || !holds(gotObj, wantObj) {
				return false
			}
			continue
		}
		if !reflect.DeepEqual(got, want) {
			return false
		}
	}
	return true
}

// trimmed reports whether a list item lacks a top-level key that was sent.
func trimmed(item, sent map[string]any) bool {
	for k := range sent {
		if _, ok := item[k]; !ok {
			return true
		}
	}
	return false
}

// normalizeJSON gives a body the shape of decoded JSON (float64 numbers,
// []any, map[string]any), as list items have.
func normalizeJSON(body map[string]any) map[string]any {
	b, err := json.Marshal(body)
	if err != nil {
		return body
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		return body
	}
	return out
}
