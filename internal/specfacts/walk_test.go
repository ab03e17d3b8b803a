package specfacts_test

import (
	"reflect"
	"testing"

	"github.com/vapi-community/terraform-provider-vapi/internal/specfacts"
)

func ref(name string) *specfacts.Property { return &specfacts.Property{Ref: name} }

func typed(t string) *specfacts.Property { return &specfacts.Property{Type: t} }

func withDefault(p *specfacts.Property, v any) *specfacts.Property { p.Default = v; return p }

func object(props map[string]*specfacts.Property) *specfacts.Schema {
	return &specfacts.Schema{Type: "object", Properties: props}
}

// testFacts is a small spec with every construct Prune and FillDefaults
// walk through: refs, arrays of objects, a discriminated union, a union
// without discriminator, open objects and defaults at several depths.
func testFacts() *specfacts.Facts {
	union := func(d *specfacts.Discriminator) *specfacts.Property {
		return &specfacts.Property{OneOf: []*specfacts.Property{ref("A"), ref("B"), {Type: "string"}}, Discriminator: d}
	}
	return &specfacts.Facts{
		Kinds: map[string]*specfacts.Kind{},
		Schemas: map[string]*specfacts.Schema{
			"Root": object(map[string]*specfacts.Property{
				"name":   typed("string"),
				"count":  withDefault(typed("number"), 3.0),
				"mode":   withDefault(&specfacts.Property{Type: "string", Enum: []any{"x", "y"}}, "x"),
				"tags":   withDefault(&specfacts.Property{Type: "array", Items: typed("string")}, []any{"t"}),
				"server": ref("Server"),
				"meta":   typed("object"),
				"loose":  ref("Loose"),
				"items":  {Type: "array", Items: ref("Item")},
				"open":   typed("array"),
				"union": union(&specfacts.Discriminator{PropertyName: "kind",
					Mapping: map[string]string{"a": "A", "b": "B"}}),
				"plain": union(nil),
				"many":  {Type: "array", Items: union(&specfacts.Discriminator{PropertyName: "kind", Mapping: map[string]string{"a": "A", "b": "B"}})},
			}),
			"Server": object(map[string]*specfacts.Property{
				"url":            typed("string"),
				"timeoutSeconds": withDefault(typed("number"), 20.0),
				"headers":        typed("object"),
				"backoff":        ref("Backoff"),
			}),
			"Backoff": object(map[string]*specfacts.Property{
				"type":       withDefault(&specfacts.Property{Type: "string", Enum: []any{"fixed", "exponential"}}, "fixed"),
				"maxRetries": withDefault(typed("number"), 0.0),
			}),
			"Item": object(map[string]*specfacts.Property{
				"id":   typed("string"),
				"flag": withDefault(typed("boolean"), false),
			}),
			"A": object(map[string]*specfacts.Property{
				"kind":     {Type: "string", Enum: []any{"a"}},
				"onlyA":    withDefault(typed("number"), 1.0),
				"shared":   ref("Server"),
				"children": {Type: "array", Items: ref("Item")},
			}),
			"B": object(map[string]*specfacts.Property{
				"kind":   {Type: "string", Enum: []any{"b"}},
				"onlyB":  withDefault(typed("string"), "b"),
				"shared": ref("Item"),
			}),
			"Loose": {Type: "object"},
		},
	}
}

func TestPrune(t *testing.T) {
	t.Parallel()
	f := testFacts()
	type obj = map[string]any
	for _, tc := range []struct {
		name        string
		schema      string
		body, kept  obj
		wantRemoved []string
	}{
		{"unknown top-level keys go, known stay",
			"Root", obj{"name": "n", "zzz": 1.0, "count": 2.0},
			obj{"name": "n", "count": 2.0}, []string{"zzz"}},
		{"through a ref; open objects keep everything",
			"Root", obj{"server": obj{"url": "u", "futureFlag": true, "headers": obj{"X-Any": "1"}}},
			obj{"server": obj{"url": "u", "headers": obj{"X-Any": "1"}}}, []string{"server.futureFlag"}},
		{"two levels of refs",
			"Root", obj{"server": obj{"backoff": obj{"type": "fixed", "jitter": 1.0}}},
			obj{"server": obj{"backoff": obj{"type": "fixed"}}}, []string{"server.backoff.jitter"}},
		{"nulls of known properties are kept, unknown ones go",
			"Root", obj{"server": nil, "name": nil, "gone": nil, "items": []any{nil}},
			obj{"server": nil, "name": nil, "items": []any{nil}}, []string{"gone"}},
		{"array items by index; other elements untouched",
			"Root", obj{"items": []any{obj{"id": "1"}, obj{"id": "2", "x": 1.0, "y": 2.0}, "str"}},
			obj{"items": []any{obj{"id": "1"}, obj{"id": "2"}, "str"}}, []string{"items.1.x", "items.1.y"}},
		{"an array without items and a ref without properties keep everything",
			"Root", obj{"open": []any{obj{"a": 1.0}}, "loose": obj{"any": obj{"deep": 1.0}}, "meta": obj{"k": "v"}},
			obj{"open": []any{obj{"a": 1.0}}, "loose": obj{"any": obj{"deep": 1.0}}, "meta": obj{"k": "v"}}, nil},
		{"union: the discriminated member decides",
			"Root", obj{"union": obj{"kind": "a", "onlyA": 1.0, "onlyB": "x", "shared": obj{"url": "u", "id": "i"}}},
			obj{"union": obj{"kind": "a", "onlyA": 1.0, "shared": obj{"url": "u"}}}, []string{"union.onlyB", "union.shared.id"}},
		{"union: an unknown discriminator keeps what any member accepts",
			"Root", obj{"union": obj{"kind": "c", "onlyA": 1.0, "onlyB": "x", "z": 1.0, "shared": obj{"url": "u", "id": "i", "w": 1.0}}},
			obj{"union": obj{"kind": "c", "onlyA": 1.0, "onlyB": "x", "shared": obj{"url": "u", "id": "i"}}},
			[]string{"union.shared.w", "union.z"}},
		{"union: no discriminator value keeps what any member accepts",
			"Root", obj{"union": obj{"onlyA": 1.0, "onlyB": "x", "z": 1.0}},
			obj{"union": obj{"onlyA": 1.0, "onlyB": "x"}}, []string{"union.z"}},
		{"union without declared discriminator ignores the value's kind",
			"Root", obj{"plain": obj{"kind": "a", "onlyB": "x", "z": 1.0}},
			obj{"plain": obj{"kind": "a", "onlyB": "x"}}, []string{"plain.z"}},
		{"unions in arrays, each element by its own discriminator",
			"Root", obj{"many": []any{obj{"kind": "a", "onlyB": "x", "children": []any{obj{"id": "1", "q": 1.0}}}, obj{"kind": "b", "onlyB": "x"}}},
			obj{"many": []any{obj{"kind": "a", "children": []any{obj{"id": "1"}}}, obj{"kind": "b", "onlyB": "x"}}},
			[]string{"many.0.children.0.q", "many.0.onlyB"}},
		{"a scalar member of a union is no object shape",
			"Root", obj{"union": "just a string"},
			obj{"union": "just a string"}, nil},
		{"a value of the wrong type is kept whole",
			"Root", obj{"name": obj{"x": 1.0}, "server": "https://x"},
			obj{"name": obj{"x": 1.0}, "server": "https://x"}, nil},
		{"an unknown schema keeps everything",
			"Nope", obj{"a": obj{"b": 1.0}},
			obj{"a": obj{"b": 1.0}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			kept, removed := f.Prune(tc.schema, tc.body)
			if !reflect.DeepEqual(kept, tc.kept) {
				t.Errorf("kept %#v\nwant %#v", kept, tc.kept)
			}
			if !reflect.DeepEqual(removed, tc.wantRemoved) {
				t.Errorf("removed %q, want %q", removed, tc.wantRemoved)
			}
		})
	}
}

// scribble overwrites every string inside v, in place.
func scribble(v any) {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if _, ok := x.(string); ok {
				t[k] = "changed"
			}
			scribble(x)
		}
	case []any:
		for i, x := range t {
			if _, ok := x.(string); ok {
				t[i] = "changed"
			}
			scribble(x)
		}
	}
}

func TestPruneCopiesDeeply(t *testing.T) {
	t.Parallel()
	body := func() map[string]any {
		return map[string]any{"server": map[string]any{"headers": map[string]any{"A": "1"}},
			"items": []any{map[string]any{"id": "1"}}, "meta": map[string]any{"k": []any{"v"}}}
	}
	in := body()
	kept, _ := testFacts().Prune("Root", in)
	scribble(kept)
	if !reflect.DeepEqual(in, body()) {
		t.Fatalf("Prune shares memory with its input: %v", in)
	}
}

func TestFillDefaults(t *testing.T) {
	t.Parallel()
	f := testFacts()
	type obj = map[string]any
	top := obj{"count": 3.0, "mode": "x", "tags": []any{"t"}}
	with := func(extra obj) obj {
		out := obj{}
		for k, v := range top {
			out[k] = v
		}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		schema string
		in     obj
		want   obj
	}{
		{"top level; nested objects are never created", "Root", obj{}, with(nil)},
		{"set values win", "Root", obj{"count": 9.0, "mode": "y"}, with(obj{"count": 9.0, "mode": "y"})},
		{"null stays null", "Root", obj{"count": nil, "server": nil}, with(obj{"count": nil, "server": nil})},
		{"into a present nested object, not into an absent one", "Root",
			obj{"server": obj{"url": "u"}}, with(obj{"server": obj{"url": "u", "timeoutSeconds": 20.0}})},
		{"two levels deep", "Root",
			obj{"server": obj{"backoff": obj{"type": "exponential"}}},
			with(obj{"server": obj{"timeoutSeconds": 20.0, "backoff": obj{"type": "exponential", "maxRetries": 0.0}}})},
		{"array elements that are objects", "Root",
			obj{"items": []any{obj{}, "s", obj{"flag": true}}},
			with(obj{"items": []any{obj{"flag": false}, "s", obj{"flag": true}}})},
		{"a union by its discriminator, and inside the member", "Root",
			obj{"union": obj{"kind": "a", "shared": obj{}}},
			with(obj{"union": obj{"kind": "a", "onlyA": 1.0, "shared": obj{"timeoutSeconds": 20.0}}})},
		{"the other member", "Root",
			obj{"union": obj{"kind": "b", "shared": obj{}}},
			with(obj{"union": obj{"kind": "b", "onlyB": "b", "shared": obj{"flag": false}}})},
		{"no member can be told: nothing filled", "Root",
			obj{"union": obj{"shared": obj{}}, "plain": obj{"kind": "a"}},
			with(obj{"union": obj{"shared": obj{}}, "plain": obj{"kind": "a"}})},
		{"unions in arrays", "Root",
			obj{"many": []any{obj{"kind": "b"}, obj{"kind": "a", "children": []any{obj{}}}}},
			with(obj{"many": []any{obj{"kind": "b", "onlyB": "b"}, obj{"kind": "a", "onlyA": 1.0, "children": []any{obj{"flag": false}}}}})},
		{"open objects and wrong types are left alone", "Root",
			obj{"meta": obj{}, "loose": obj{}, "name": obj{}},
			with(obj{"meta": obj{}, "loose": obj{}, "name": obj{}})},
		{"an unknown schema fills nothing", "Nope", obj{"a": 1.0}, obj{"a": 1.0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f.FillDefaults(tc.schema, tc.in)
			if !reflect.DeepEqual(tc.in, tc.want) {
				t.Errorf("got  %#v\nwant %#v", tc.in, tc.want)
			}
		})
	}
}

func TestFillDefaultsCopiesDefaults(t *testing.T) {
	t.Parallel()
	f := testFacts()
	first, second := map[string]any{}, map[string]any{}
	f.FillDefaults("Root", first)
	scribble(first)
	f.FillDefaults("Root", second)
	if want := []any{"t"}; !reflect.DeepEqual(second["tags"], want) {
		t.Fatalf("a filled default shares memory with the facts: %v", second["tags"])
	}
}
