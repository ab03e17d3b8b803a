package provider

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/vapi-community/terraform-provider-vapi/internal/specfacts"
	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
)

// One road per CRUD verb: every resource creates, reads, updates and deletes
// its objects through an apiKind, so that the read-merge-write of an update,
// the handling of an object deleted outside Terraform and the vocabulary of
// the errors are written once.

// apiKind is one kind of Vapi object as the CRUD paths need it.
type apiKind struct {
	// name is the kind as users know it, in diagnostics: "Function Tool".
	name string
	// collection is the API path of the kind, such as vapi.PathTools.
	collection string
	// hints replace the generic advice for some HTTP statuses.
	hints []statusHint
	// spec names the kind in the spec facts ("tool", "assistant", ...),
	// which tell which properties its PATCH body may carry.
	spec string
}

func (k apiKind) objectPath(id string) string { return vapi.ObjectPath(k.collection, id) }

// create POSTs body, without its nil values (a create has nothing to clear)
// and with its sentAsIs values unwrapped, and decodes the answer into out.
// When the answer is lost, so that Vapi may have made the object all the
// same, recoverCreate looks for it before anything is reported.
func (k apiKind) create(ctx context.Context, data *providerData, body map[string]any, out any) diag.Diagnostics {
	var diags diag.Diagnostics
	client := data.client
	defer data.dropListing(k.collection)
	sent := dropNils(layOver(nil, body))
	sentAt := time.Now()
	err := client.Do(ctx, http.MethodPost, k.collection, sent, out)
	switch {
	case err == nil:
	case vapi.OutcomeUnknown(err) && ctx.Err() == nil:
		diags.Append(k.recoverCreate(ctx, client, sent, sentAt, err, out)...)
	default:
		diags.Append(apiErrorDiag("Create", k.name, err, k.hints...))
	}
	return diags
}

// read reads the object into out: with a GET, or from the list that the
// reads of a refresh share (batch_reads.go). When it no longer exists, it
// removes the resource from state with a warning (the next plan creates it
// again) and reports false; any other failure is an error.
func (k apiKind) read(ctx context.Context, data *providerData, id string, out any, resp *resource.ReadResponse) bool {
	// The identity is the id, whatever the read finds; set before a removal
	// too, which the framework requires.
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, id)...)
	var err error
	if b := data.batches[k.collection]; b != nil {
		err = b.read(ctx, id, k.objectPath(id), out)
	} else {
		err = data.client.Do(ctx, http.MethodGet, k.objectPath(id), nil, out)
	}
	switch {
	case err == nil:
		return true
	case vapi.IsNotFound(err):
		resp.Diagnostics.Append(notFoundWarning(k.name, id))
		resp.State.RemoveResource(ctx)
	default:
		resp.Diagnostics.Append(apiErrorDiag("Read", k.name, err, k.hints...))
	}
	return false
}

// update changes the object with one PATCH built from what the API holds
// now. Vapi's PATCH replaces a nested object (server, model, ...) wholesale,
// so a body of the managed fields alone would wipe the ones this provider
// does not manage: build gets the object as read a moment ago and returns
// the managed fields, and each nested object of that body is laid over the
// current one (mergeObject), keeping the rest. action names the update in
// errors ("Update", "Adopt").
//
// What the API answers is not all writable: it adds response-only values and,
// as it evolves, fields that a PATCH of today's DTO refuses ("server.property
// X should not exist"). So the current object is first cut down to what the
// kind's Update DTO accepts, by the spec facts, before build sees it; the
// managed fields are sent as built. Should the API still refuse a property, patch strips it and tries
// once more.
func (k apiKind) update(ctx context.Context, data *providerData, action, id string,
	build func(current map[string]any) (map[string]any, diag.Diagnostics), out any) diag.Diagnostics {
	var diags diag.Diagnostics
	client := data.client
	defer data.dropListing(k.collection)
	var current map[string]any
	if err := client.Do(ctx, http.MethodGet, k.objectPath(id), nil, &current); err != nil {
		diags.Append(apiErrorDiag(action, k.name, err, k.hints...))
		return diags
	}
	current = k.writable(current)
	desired, d := build(current)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	diags.Append(k.patch(ctx, data, action, id, layOver(current, desired), out)...)
	return diags
}

// writable returns the part of an object, as the API answers it, that the
// kind's Update DTO accepts.
func (k apiKind) writable(current map[string]any) map[string]any {
	facts := specfacts.Load()
	kind, ok := facts.Kind(k.spec)
	if !ok {
		return current
	}
	schema, ok := kind.Update[kind.Variant(current)]
	if !ok {
		return current
	}
	kept, _ := facts.Prune(schema, current)
	return kept
}

// patch sends one PATCH and decodes the answer into out. When the API
// refuses properties of the body (a field it added and no longer takes, or
// one the spec facts do not know), they are stripped and the PATCH is sent
// once more, with a warning that names them.
func (k apiKind) patch(ctx context.Context, data *providerData, action, id string, body map[string]any, out any) diag.Diagnostics {
	var diags diag.Diagnostics
	client := data.client
	defer data.dropListing(k.collection)
	err := client.Do(ctx, http.MethodPatch, k.objectPath(id), body, out)
	if refused := vapi.UnknownProperties(err); len(refused) > 0 {
		for _, p := range refused {
			deletePath(body, strings.Split(p, "."))
		}
		diags.AddWarning("Properties Refused by Vapi",
			fmt.Sprintf("Vapi refused the properties %s in the update of the %s %s (\"property ... should not "+
				"exist\"). They were held by the object but are not accepted back by the API; they were left out "+
				"and the update sent again. If one of them is set in the configuration, that setting was not "+
				"applied: the next plan shows it.", strings.Join(refused, ", "), k.name, id))
		err = client.Do(ctx, http.MethodPatch, k.objectPath(id), body, out)
	}
	if err != nil {
		diags.Append(apiErrorDiag(action, k.name, err, k.hints...))
	}
	return diags
}

// deletePath removes the value at a dotted path ("server.futureFlag",
// "model.tools.0.x") from a decoded JSON body; a missing step does nothing.
func deletePath(v any, path []string) {
	if len(path) == 0 {
		return
	}
	switch t := v.(type) {
	case map[string]any:
		if len(path) == 1 {
			delete(t, path[0])
			return
		}
		deletePath(t[path[0]], path[1:])
	case []any:
		i, err := strconv.Atoi(path[0])
		if err != nil || i < 0 || i >= len(t) {
			return
		}
		if len(path) == 1 {
			t[i] = nil
			return
		}
		deletePath(t[i], path[1:])
	}
}

// delete DELETEs the object; one that is already gone counts as deleted.
func (k apiKind) delete(ctx context.Context, data *providerData, id string) diag.Diagnostics {
	var diags diag.Diagnostics
	defer data.dropListing(k.collection)
	if err := data.client.Do(ctx, http.MethodDelete, k.objectPath(id), nil, nil); err != nil && !vapi.IsNotFound(err) {
		diags.Append(apiErrorDiag("Delete", k.name, err, k.hints...))
	}
	return diags
}

// sentAsIs marks a value of an update body that build computed from the
// current object itself (an assistant's model whose provider changed, a
// list merged element by element): layOver sends it as it is.
type sentAsIs struct{ value any }

// layOver builds the PATCH body: each key of desired, with a nested object
// merged over the one current holds (see mergeObject) and a sentAsIs value
// unwrapped. Top-level keys desired leaves out are not sent, so the API keeps
// them.
func layOver(current, desired map[string]any) map[string]any {
	body := make(map[string]any, len(desired))
	for key, value := range desired {
		switch v := value.(type) {
		case sentAsIs:
			body[key] = v.value
		case map[string]any:
			if v == nil {
				// A typed nil map is a cleared object, JSON null.
				body[key] = nil
				continue
			}
			body[key] = mergeOver(current[key], v)
		default:
			body[key] = v
		}
	}
	return body
}
