package provider

import (
	"context"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

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
	// collection is the API path of the kind: "/tool".
	collection string
	// hints replace the generic advice for some HTTP statuses.
	hints []statusHint
}

func (k apiKind) objectPath(id string) string { return k.collection + "/" + id }

// create POSTs body, without its nil values (a create has nothing to clear)
// and with its sentAsIs values unwrapped, and decodes the answer into out.
func (k apiKind) create(ctx context.Context, client *vapi.Client, body map[string]any, out any) diag.Diagnostics {
	var diags diag.Diagnostics
	if err := client.Do(ctx, http.MethodPost, k.collection, dropNils(layOver(nil, body)), out); err != nil {
		diags.Append(apiErrorDiag("Create", k.name, err, k.hints...))
	}
	return diags
}

// read GETs the object into out. When it no longer exists, it removes the
// resource from state with a warning (the next plan creates it again) and
// reports false; any other failure is an error.
func (k apiKind) read(ctx context.Context, client *vapi.Client, id string, out any, resp *resource.ReadResponse) bool {
	err := client.Do(ctx, http.MethodGet, k.objectPath(id), nil, out)
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
func (k apiKind) update(ctx context.Context, client *vapi.Client, action, id string,
	build func(current map[string]any) (map[string]any, diag.Diagnostics), out any) diag.Diagnostics {
	var diags diag.Diagnostics
	var current map[string]any
	if err := client.Do(ctx, http.MethodGet, k.objectPath(id), nil, &current); err != nil {
		diags.Append(apiErrorDiag(action, k.name, err, k.hints...))
		return diags
	}
	desired, d := build(current)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	diags.Append(k.patch(ctx, client, action, id, layOver(current, desired), out)...)
	return diags
}

// patch sends one PATCH and decodes the answer into out.
func (k apiKind) patch(ctx context.Context, client *vapi.Client, action, id string, body map[string]any, out any) diag.Diagnostics {
	var diags diag.Diagnostics
	if err := client.Do(ctx, http.MethodPatch, k.objectPath(id), body, out); err != nil {
		diags.Append(apiErrorDiag(action, k.name, err, k.hints...))
	}
	return diags
}

// delete DELETEs the object; one that is already gone counts as deleted.
func (k apiKind) delete(ctx context.Context, client *vapi.Client, id string) diag.Diagnostics {
	var diags diag.Diagnostics
	if err := client.Do(ctx, http.MethodDelete, k.objectPath(id), nil, nil); err != nil && !vapi.IsNotFound(err) {
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
