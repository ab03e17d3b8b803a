// Package specfacts holds the facts of the Vapi OpenAPI spec that the provider
// and the emulator need at run time: for every schema an object of the API
// can contain, its properties with their types, references, unions, limits,
// enums and defaults, and for every object kind the request and response
// schemas per discriminator value. No description text is kept.
//
// facts.json is generated from openapi.json by ./gen (make specfacts) and
// embedded; a test regenerates it and fails when it is stale.
package specfacts

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
)

//go:embed facts.json
var factsJSON []byte

// Facts is the parsed content of facts.json.
type Facts struct {
	// Kinds maps an object kind ("tool", "assistant", "phone-number",
	// "credential", "org") to its schemas.
	Kinds map[string]*Kind `json:"kinds"`
	// Schemas maps a components.schemas name to its facts.
	Schemas map[string]*Schema `json:"schemas"`
}

// Kind is one kind of object the API manages: the schemas of its request
// bodies and answers, per value of its discriminator. A kind without a union
// (assistant, org) has Discriminator "" and one entry under the key "".
type Kind struct {
	// Discriminator is the property whose value selects the variant, e.g.
	// "type" for tools and "provider" for phone numbers and credentials.
	Discriminator string `json:"discriminator,omitempty"`
	// Create maps a discriminator value to the body schema of POST.
	Create map[string]string `json:"create,omitempty"`
	// Update maps a discriminator value to the body schema of PATCH.
	Update map[string]string `json:"update,omitempty"`
	// Response maps a discriminator value to the schema of the answers.
	Response map[string]string `json:"response,omitempty"`
	// ResponseOnly lists, per discriminator value, the properties of the
	// response schema that neither the Create nor the Update schema accepts:
	// values only the server sets (id, orgId, jwtSecret, ...).
	ResponseOnly map[string][]string `json:"responseOnly,omitempty"`
}

// Variant returns the discriminator value obj holds, "" for a kind without a
// union or when obj holds no string value there.
func (k *Kind) Variant(obj map[string]any) string {
	if k.Discriminator == "" {
		return ""
	}
	v, _ := obj[k.Discriminator].(string)
	return v
}

// Schema is one components.schemas entry: an object with its properties.
type Schema struct {
	// Type is the declared JSON type, "object" for every schema in scope.
	Type string `json:"type,omitempty"`
	// Properties maps a property name to its facts; empty means any keys.
	Properties map[string]*Property `json:"properties,omitempty"`
	// Required lists the properties a body must carry.
	Required []string `json:"required,omitempty"`
}

// Property is the value of one property, of an array's items or of one
// member of a oneOf. Only the facts the spec declares are set.
type Property struct {
	// Type is the declared JSON type: string, number, integer, boolean,
	// array or object; "" when the spec declares none (refs, unions, any).
	Type string `json:"type,omitempty"`
	// Ref names the schema the value follows ($ref, or allOf with one $ref).
	Ref string `json:"ref,omitempty"`
	// Items describes the elements of an array.
	Items *Property `json:"items,omitempty"`
	// OneOf lists the alternatives of a union, in the spec's order.
	OneOf []*Property `json:"oneOf,omitempty"`
	// Discriminator selects among the object members of OneOf.
	Discriminator *Discriminator `json:"discriminator,omitempty"`
	// Enum lists the allowed values.
	Enum []any `json:"enum,omitempty"`
	// Minimum and Maximum bound a number.
	Minimum *float64 `json:"minimum,omitempty"`
	Maximum *float64 `json:"maximum,omitempty"`
	// MinLength and MaxLength bound a string's length.
	MinLength *int `json:"minLength,omitempty"`
	MaxLength *int `json:"maxLength,omitempty"`
	// Pattern is the spec's pattern, written as the API's messages print it.
	Pattern string `json:"pattern,omitempty"`
	// Format is the declared format (uri, date-time, uuid, ...).
	Format string `json:"format,omitempty"`
	// Nullable is true when the spec allows null.
	Nullable bool `json:"nullable,omitempty"`
	// Deprecated is true when the spec marks the property deprecated.
	Deprecated bool `json:"deprecated,omitempty"`
	// Default is the value the API assumes when the property is absent: the
	// spec's default keyword, or the literal of an "@default" in its
	// description. nil when the spec states none.
	Default any `json:"default,omitempty"`
}

// Discriminator names the property whose value selects a union's member.
type Discriminator struct {
	// PropertyName is the property that holds the value.
	PropertyName string `json:"propertyName"`
	// Mapping maps a value to the schema of its member.
	Mapping map[string]string `json:"mapping"`
}

var (
	loadOnce sync.Once
	loaded   *Facts
)

// Load returns the embedded facts, parsed on first use. It panics when the
// embedded file does not parse, which a test of this package rules out.
func Load() *Facts {
	loadOnce.Do(func() {
		f, err := parse(factsJSON)
		if err != nil {
			panic(fmt.Sprintf("specfacts: embedded facts.json: %v", err))
		}
		loaded = f
	})
	return loaded
}

// parse decodes facts in the format of facts.json.
func parse(b []byte) (*Facts, error) {
	var f Facts
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, err
	}
	if len(f.Schemas) == 0 || len(f.Kinds) == 0 {
		return nil, errors.New("no schemas or no kinds")
	}
	return &f, nil
}

// Schema returns the facts of a components.schemas entry.
func (f *Facts) Schema(name string) (*Schema, bool) {
	s, ok := f.Schemas[name]
	return s, ok
}

// Kind returns the schemas of an object kind: "tool", "assistant",
// "phone-number", "credential" or "org".
func (f *Facts) Kind(kind string) (*Kind, bool) {
	k, ok := f.Kinds[kind]
	return k, ok
}
