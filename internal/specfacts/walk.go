package specfacts

import (
	"maps"
	"slices"
	"strconv"

	"github.com/vapi-community/terraform-provider-vapi/internal/jsonvalue"
)

// Prune returns a deep copy of body without the properties that schema does
// not accept, at any depth: through refs, arrays (items), and oneOf unions
// (the variant named by the discriminator value found in the value; when the
// value has no or an unknown discriminator, keep what any variant accepts).
// Objects without declared properties (headers, metadata) keep everything.
// JSON null values are kept (null clears a field). removed lists what was
// dropped as dotted paths ("server.futureFlag", "model.tools.0.x"), in the
// order met, keys sorted. An unknown schema keeps everything.
func (f *Facts) Prune(schema string, body map[string]any) (kept map[string]any, removed []string) {
	kept = f.pruneObject(body, []*Property{{Ref: schema}}, "", &removed)
	return kept, removed
}

// FillDefaults sets, in place, the spec defaults of schema's properties that
// obj lacks, recursing into nested objects (and unions by discriminator) that
// obj holds; it never creates a nested object that is absent. A property
// present as null keeps its null. A union whose member cannot be told (no or
// an unknown discriminator value) gets no defaults.
func (f *Facts) FillDefaults(schema string, obj map[string]any) {
	f.fill(obj, []*Property{{Ref: schema}})
}

// shapes returns the object schemas that may describe obj, given the
// alternatives that describe the value. loose is true when one of them
// accepts any keys, or when none of them describes an object at all (the
// value is not what the spec says, so nothing in it can be judged).
func (f *Facts) shapes(alts []*Property, obj map[string]any) (schemas []*Schema, loose bool) {
	for _, alt := range alts {
		switch {
		case alt.Ref != "":
			s := f.Schemas[alt.Ref]
			if s == nil || len(s.Properties) == 0 {
				loose = true
				continue
			}
			if !slices.Contains(schemas, s) {
				schemas = append(schemas, s)
			}
		case len(alt.OneOf) > 0:
			more, l := f.shapes(f.members(alt, obj), obj)
			loose = loose || l
			for _, s := range more {
				if !slices.Contains(schemas, s) {
					schemas = append(schemas, s)
				}
			}
		case alt.Type == "" || alt.Type == "object":
			loose = true
		}
	}
	return schemas, loose || len(schemas) == 0
}

// members returns the member a union's discriminator names in obj, or every
// member when obj names none the union knows.
func (f *Facts) members(union *Property, obj map[string]any) []*Property {
	if d := union.Discriminator; d != nil {
		if v, ok := obj[d.PropertyName].(string); ok {
			if name, ok := d.Mapping[v]; ok {
				return []*Property{{Ref: name}}
			}
		}
	}
	return union.OneOf
}

func (f *Facts) pruneObject(obj map[string]any, alts []*Property, prefix string, removed *[]string) map[string]any {
	schemas, loose := f.shapes(alts, obj)
	if loose {
		return jsonvalue.CloneObject(obj)
	}
	out := make(map[string]any, len(obj))
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		var props []*Property
		for _, s := range schemas {
			if p, ok := s.Properties[k]; ok {
				props = append(props, p)
			}
		}
		if len(props) == 0 {
			*removed = append(*removed, prefix+k)
			continue
		}
		out[k] = f.pruneValue(obj[k], props, prefix+k+".", removed)
	}
	return out
}

func (f *Facts) pruneValue(v any, alts []*Property, prefix string, removed *[]string) any {
	switch t := v.(type) {
	case map[string]any:
		return f.pruneObject(t, alts, prefix, removed)
	case []any:
		items, loose := itemAlternatives(alts)
		if loose {
			return jsonvalue.Clone(t)
		}
		out := make([]any, len(t))
		for i, el := range t {
			out[i] = f.pruneValue(el, items, prefix+strconv.Itoa(i)+".", removed)
		}
		return out
	}
	return v
}

// itemAlternatives returns what the elements of an array may be, given the
// alternatives that describe the array; loose when an alternative leaves the
// elements open (or none describes an array).
func itemAlternatives(alts []*Property) (items []*Property, loose bool) {
	for _, alt := range alts {
		switch {
		case alt.Items != nil:
			items = append(items, alt.Items)
		case len(alt.OneOf) > 0:
			more, l := itemAlternatives(alt.OneOf)
			items = append(items, more...)
			loose = loose || l
		case alt.Ref == "" && (alt.Type == "" || alt.Type == "array"):
			loose = true
		}
	}
	return items, loose || len(items) == 0
}

func (f *Facts) fill(obj map[string]any, alts []*Property) {
	schemas, loose := f.shapes(alts, obj)
	if loose || len(schemas) != 1 {
		return
	}
	for name, p := range schemas[0].Properties {
		v, present := obj[name]
		if !present {
			if p.Default != nil {
				obj[name] = jsonvalue.Clone(p.Default)
			}
			continue
		}
		switch t := v.(type) {
		case map[string]any:
			f.fill(t, []*Property{p})
		case []any:
			if p.Items == nil {
				continue
			}
			for _, el := range t {
				if m, ok := el.(map[string]any); ok {
					f.fill(m, []*Property{p.Items})
				}
			}
		}
	}
}
