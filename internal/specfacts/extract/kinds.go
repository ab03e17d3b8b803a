package extract

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"

	"github.com/vapi-community/terraform-provider-vapi/internal/specfacts"
)

// pathKind is an object kind whose routes are in the spec.
type pathKind struct {
	kind       string
	collection string // POST
	item       string // PATCH and GET
}

var pathKinds = []pathKind{
	{"tool", "/tool", "/tool/{id}"},
	{"assistant", "/assistant", "/assistant/{id}"},
	{"phone-number", "/phone-number", "/phone-number/{id}"},
}

// Credential schemas by name: the spec keeps the DTOs and responses of
// /credential though the paths left it. Each is keyed by the provider value it
// fixes.
var (
	createCredential   = regexp.MustCompile(`^Create[A-Za-z0-9]*CredentialDTO$`)
	updateCredential   = regexp.MustCompile(`^Update[A-Za-z0-9]*CredentialDTO$`)
	responseCredential = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*Credential$`)
)

// kinds builds the object kinds: tool, assistant and phone-number from their
// paths, credential from the schema names, org from its two schemas (the
// provider never creates an org).
func (x *extractor) kinds() (map[string]*specfacts.Kind, error) {
	out := map[string]*specfacts.Kind{}
	for _, pk := range pathKinds {
		k, err := x.pathKind(pk)
		if err != nil {
			return nil, fmt.Errorf("kind %s: %w", pk.kind, err)
		}
		out[pk.kind] = k
	}
	cred, err := x.credentialKind()
	if err != nil {
		return nil, fmt.Errorf("kind credential: %w", err)
	}
	out["credential"] = cred
	out["org"] = &specfacts.Kind{
		Update:   map[string]string{"": "UpdateOrgDTO"},
		Response: map[string]string{"": "Org"},
	}
	return out, nil
}

func (x *extractor) pathKind(pk pathKind) (*specfacts.Kind, error) {
	k := &specfacts.Kind{}
	for i, part := range []struct {
		path, method string
		request      bool
		into         *map[string]string
	}{
		{pk.collection, "post", true, &k.Create},
		{pk.item, "patch", true, &k.Update},
		{pk.item, "get", false, &k.Response},
	} {
		raw, ok := x.doc.Paths[part.path][part.method]
		if !ok {
			return nil, fmt.Errorf("spec has no %s %s", part.method, part.path)
		}
		var op operation
		if err := json.Unmarshal(raw, &op); err != nil {
			return nil, fmt.Errorf("%s %s: %w", part.method, part.path, err)
		}
		var n *node
		if part.request {
			n = op.RequestBody.Content["application/json"].Schema
		} else {
			n = op.Responses["200"].Content["application/json"].Schema
		}
		if n == nil {
			return nil, fmt.Errorf("%s %s has no JSON schema", part.method, part.path)
		}
		disc, mapping, err := x.union(n)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", part.method, part.path, err)
		}
		if i > 0 && disc != k.Discriminator {
			return nil, fmt.Errorf("%s %s: discriminator %q, post %s has %q", part.method, part.path, disc, pk.collection, k.Discriminator)
		}
		k.Discriminator = disc
		*part.into = mapping
	}
	return k, nil
}

// union reads a route's body or answer: one schema (under the key "") or a
// oneOf whose every member the discriminator maps.
func (x *extractor) union(n *node) (string, map[string]string, error) {
	ref, err := refOf(n)
	if err != nil {
		return "", nil, err
	}
	if ref != "" {
		return "", map[string]string{"": ref}, nil
	}
	d, err := x.discriminator(n)
	if err != nil {
		return "", nil, err
	}
	if d == nil {
		return "", nil, fmt.Errorf("neither a $ref nor a discriminated oneOf")
	}
	for _, m := range n.OneOf {
		name, err := refOf(m)
		if err != nil {
			return "", nil, err
		}
		if !slices.Contains(slices.Collect(maps.Values(d.Mapping)), name) {
			return "", nil, fmt.Errorf("member %s has no %s value", name, d.PropertyName)
		}
	}
	return d.PropertyName, d.Mapping, nil
}

func (x *extractor) credentialKind() (*specfacts.Kind, error) {
	k := &specfacts.Kind{Discriminator: "provider", Create: map[string]string{},
		Update: map[string]string{}, Response: map[string]string{}}
	for _, name := range slices.Sorted(maps.Keys(x.doc.Components.Schemas)) {
		// A request DTO must name its provider; a schema that merely ends in
		// "Credential" may be something else.
		var into map[string]string
		request := true
		switch {
		case createCredential.MatchString(name):
			into = k.Create
		case updateCredential.MatchString(name):
			into = k.Update
		case responseCredential.MatchString(name):
			into, request = k.Response, false
		default:
			continue
		}
		v, ok, err := x.fixedValue(name, k.Discriminator)
		if err != nil {
			return nil, err
		}
		if !ok {
			if request {
				return nil, fmt.Errorf("%s does not fix provider to one value", name)
			}
			continue
		}
		if other, dup := into[v]; dup {
			return nil, fmt.Errorf("%s and %s share provider %q", other, name, v)
		}
		into[v] = name
	}
	return k, nil
}
