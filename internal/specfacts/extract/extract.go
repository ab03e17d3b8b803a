// Package extract derives the facts of package specfacts from the Vapi
// OpenAPI document. It keeps only facts (types, refs, unions, limits, enums,
// formats, defaults, required lists): no description, title or example
// survives, so facts.json changes only when the API's contract does.
//
// Scope: the schemas named by the object kinds (see kinds) and every schema
// they reach through $ref. The tool and phone-number kinds come from the
// request and response unions of their paths; /credential and /org are absent
// from the public spec, so those kinds are built from the schema names.
//
// A keyword the extractor does not know, inside the scope, is an error: a new
// kind of constraint must be looked at, not silently dropped.
package extract

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/vapi-community/terraform-provider-vapi/internal/specfacts"
)

// Generate returns the content of facts.json for an OpenAPI document.
func Generate(spec []byte) ([]byte, error) {
	f, err := Facts(spec)
	if err != nil {
		return nil, err
	}
	return Encode(f)
}

// Facts derives the facts from an OpenAPI document.
func Facts(spec []byte) (*specfacts.Facts, error) {
	var doc document
	if err := json.Unmarshal(spec, &doc); err != nil {
		return nil, fmt.Errorf("decode spec: %w", err)
	}
	x := &extractor{doc: &doc, out: map[string]*specfacts.Schema{}, decoded: map[string]*node{}}
	kinds, err := x.kinds()
	if err != nil {
		return nil, err
	}
	for _, k := range slices.Sorted(maps.Keys(kinds)) {
		kind := kinds[k]
		for _, m := range []map[string]string{kind.Create, kind.Update, kind.Response} {
			for _, v := range slices.Sorted(maps.Keys(m)) {
				if err := x.schema(m[v]); err != nil {
					return nil, err
				}
			}
		}
		kind.ResponseOnly = x.responseOnly(kind)
	}
	return &specfacts.Facts{Kinds: kinds, Schemas: x.out}, nil
}

// document is the part of an OpenAPI document the extractor reads.
// Operations and schemas stay raw until reached, so that constructs outside
// the scope never matter.
type document struct {
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas map[string]json.RawMessage `json:"schemas"`
	} `json:"components"`
}

type operation struct {
	RequestBody struct {
		Content map[string]struct {
			Schema *node `json:"schema"`
		} `json:"content"`
	} `json:"requestBody"`
	Responses map[string]struct {
		Content map[string]struct {
			Schema *node `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
}

// node is one JSON Schema object of the spec.
type node struct {
	Ref           string           `json:"$ref"`
	Type          string           `json:"type"`
	AllOf         []*node          `json:"allOf"`
	OneOf         []*node          `json:"oneOf"`
	Items         *node            `json:"items"`
	Properties    map[string]*node `json:"properties"`
	Required      []string         `json:"required"`
	Enum          []any            `json:"enum"`
	Minimum       *float64         `json:"minimum"`
	Maximum       *float64         `json:"maximum"`
	MinLength     *int             `json:"minLength"`
	MaxLength     *int             `json:"maxLength"`
	Pattern       string           `json:"pattern"`
	Format        string           `json:"format"`
	Nullable      bool             `json:"nullable"`
	Deprecated    bool             `json:"deprecated"`
	Default       json.RawMessage  `json:"default"`
	Description   string           `json:"description"`
	Discriminator *struct {
		PropertyName string            `json:"propertyName"`
		Mapping      map[string]string `json:"mapping"`
	} `json:"discriminator"`
}

// known are the keywords node reads; ignored are those that carry no fact
// the provider or the emulator uses (prose, examples, and the value schemas
// of open maps, which are kept whole anyway).
var (
	known = []string{"$ref", "type", "allOf", "oneOf", "items", "properties", "required", "enum",
		"minimum", "maximum", "minLength", "maxLength", "pattern", "format", "nullable",
		"deprecated", "default", "description", "discriminator"}
	ignored = []string{"title", "example", "examples", "writeOnly", "additionalProperties"}
)

// UnmarshalJSON decodes a schema object, refusing keywords it does not know.
func (n *node) UnmarshalJSON(b []byte) error {
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(b, &keys); err != nil {
		return err
	}
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		if !slices.Contains(known, k) && !slices.Contains(ignored, k) {
			return fmt.Errorf("unhandled schema keyword %q", k)
		}
	}
	type plain node
	return json.Unmarshal(b, (*plain)(n))
}

const refPrefix = "#/components/schemas/"

type extractor struct {
	doc     *document
	out     map[string]*specfacts.Schema
	decoded map[string]*node
}

// raw decodes one component schema, once.
func (x *extractor) raw(name string) (*node, error) {
	if n, ok := x.decoded[name]; ok {
		return n, nil
	}
	b, ok := x.doc.Components.Schemas[name]
	if !ok {
		return nil, fmt.Errorf("no schema %s", name)
	}
	var n node
	if err := json.Unmarshal(b, &n); err != nil {
		return nil, fmt.Errorf("schema %s: %w", name, err)
	}
	x.decoded[name] = &n
	return &n, nil
}

// schema adds a component schema and everything it reaches.
func (x *extractor) schema(name string) error {
	if _, done := x.out[name]; done {
		return nil
	}
	n, err := x.raw(name)
	if err != nil {
		return err
	}
	if n.Ref != "" || len(n.AllOf) > 0 || len(n.OneOf) > 0 || n.Items != nil {
		return fmt.Errorf("schema %s is not a plain object", name)
	}
	s := &specfacts.Schema{Type: n.Type, Required: n.Required}
	x.out[name] = s
	if len(n.Properties) > 0 {
		s.Properties = map[string]*specfacts.Property{}
	}
	var refs []string
	for _, pn := range slices.Sorted(maps.Keys(n.Properties)) {
		p, err := x.property(n.Properties[pn], &refs)
		if err != nil {
			return fmt.Errorf("%s.%s: %w", name, pn, err)
		}
		s.Properties[pn] = p
	}
	for _, r := range refs {
		if err := x.schema(r); err != nil {
			return err
		}
	}
	return nil
}

// property converts a property (or items, or a union member) and collects
// the schemas it refers to.
func (x *extractor) property(n *node, refs *[]string) (*specfacts.Property, error) {
	if len(n.Properties) > 0 {
		return nil, errors.New("inline object properties")
	}
	p := &specfacts.Property{
		Type: n.Type, Enum: n.Enum,
		Minimum: n.Minimum, Maximum: n.Maximum, MinLength: n.MinLength, MaxLength: n.MaxLength,
		Pattern: n.Pattern, Format: n.Format, Nullable: n.Nullable, Deprecated: n.Deprecated,
	}
	ref, err := refOf(n)
	if err != nil {
		return nil, err
	}
	if ref != "" {
		p.Ref = ref
		*refs = append(*refs, ref)
	}
	if n.Items != nil {
		if p.Items, err = x.property(n.Items, refs); err != nil {
			return nil, fmt.Errorf("items: %w", err)
		}
	}
	for i, m := range n.OneOf {
		member, err := x.property(m, refs)
		if err != nil {
			return nil, fmt.Errorf("oneOf %d: %w", i, err)
		}
		p.OneOf = append(p.OneOf, member)
	}
	if len(n.OneOf) > 0 {
		if p.Discriminator, err = x.discriminator(n); err != nil {
			return nil, err
		}
	}
	if p.Default, err = x.defaultOf(n); err != nil {
		return nil, err
	}
	return p, nil
}

// refOf is the schema a node follows: its $ref, or the $ref of an allOf with
// one member (how NestJS's swagger writes a nested DTO).
func refOf(n *node) (string, error) {
	switch {
	case n.Ref != "" && len(n.AllOf) == 0:
		return schemaName(n.Ref)
	case n.Ref == "" && len(n.AllOf) == 0:
		return "", nil
	case n.Ref == "" && len(n.AllOf) == 1 && n.AllOf[0].Ref != "":
		return schemaName(n.AllOf[0].Ref)
	}
	return "", errors.New("allOf other than one $ref")
}

func schemaName(ref string) (string, error) {
	name, ok := strings.CutPrefix(ref, refPrefix)
	if !ok || name == "" {
		return "", fmt.Errorf("ref %q outside components.schemas", ref)
	}
	return name, nil
}

// discriminator returns a union's discriminator: the declared one with its
// mapping completed by the members' own values (the spec's mappings miss
// some), or, when none is declared, the one property that every object
// member fixes to a single, distinct value. nil when there is none.
func (x *extractor) discriminator(n *node) (*specfacts.Discriminator, error) {
	var members []string
	for _, m := range n.OneOf {
		ref, err := refOf(m)
		if err != nil {
			return nil, err
		}
		if ref != "" {
			members = append(members, ref)
		}
	}
	if n.Discriminator != nil {
		d := &specfacts.Discriminator{PropertyName: n.Discriminator.PropertyName, Mapping: map[string]string{}}
		for v, ref := range n.Discriminator.Mapping {
			name, err := schemaName(ref)
			if err != nil {
				return nil, err
			}
			d.Mapping[v] = name
		}
		for _, m := range members {
			v, ok, err := x.fixedValue(m, d.PropertyName)
			if err != nil {
				return nil, err
			}
			if _, mapped := d.Mapping[v]; ok && !mapped {
				d.Mapping[v] = m
			}
		}
		return d, nil
	}
	if len(members) == 0 {
		return nil, nil
	}
	first, err := x.raw(members[0])
	if err != nil {
		return nil, err
	}
	var found []*specfacts.Discriminator
	for _, key := range slices.Sorted(maps.Keys(first.Properties)) {
		mapping, err := x.valuesOf(members, key)
		if err == nil && len(mapping) == len(members) {
			found = append(found, &specfacts.Discriminator{PropertyName: key, Mapping: mapping})
		}
	}
	if len(found) > 1 {
		found = slices.DeleteFunc(found, func(d *specfacts.Discriminator) bool {
			return !x.requiredByAll(members, d.PropertyName)
		})
	}
	if len(found) != 1 {
		return nil, nil
	}
	return found[0], nil
}

// fixedValue returns the one string value schema fixes key to, if it does.
func (x *extractor) fixedValue(schema, key string) (string, bool, error) {
	n, err := x.raw(schema)
	if err != nil {
		return "", false, err
	}
	p := n.Properties[key]
	if p == nil || len(p.Enum) != 1 {
		return "", false, nil
	}
	v, ok := p.Enum[0].(string)
	return v, ok, nil
}

// valuesOf maps the single value each member fixes key to, to the member.
// It fails when a member does not fix key to one string, or two members share
// a value.
func (x *extractor) valuesOf(members []string, key string) (map[string]string, error) {
	out := map[string]string{}
	for _, m := range members {
		v, ok, err := x.fixedValue(m, key)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("%s does not fix %s to one value", m, key)
		}
		if other, dup := out[v]; dup {
			return nil, fmt.Errorf("%s and %s share %s %q", other, m, key, v)
		}
		out[v] = m
	}
	return out, nil
}

func (x *extractor) requiredByAll(members []string, key string) bool {
	for _, m := range members {
		n, err := x.raw(m)
		if err != nil || !slices.Contains(n.Required, key) {
			return false
		}
	}
	return true
}

// defaultPattern finds an "@default <literal>" in a description.
var defaultPattern = regexp.MustCompile(`@default[ \t]+([^\n]*)`)

// defaultOf returns a property's default: the default keyword, else the
// literal of an "@default" in the description when it is a JSON number,
// true/false, a quoted string ('…', "…" or `…`) or a bare word among the
// property's enum values, and fits the property's type and enum. Anything
// else after @default ("undefined (…)", "[]", "{ type: 'all' }", "UUID") is
// prose, not a value.
func (x *extractor) defaultOf(n *node) (any, error) {
	if len(n.Default) > 0 {
		var v any
		if err := json.Unmarshal(n.Default, &v); err != nil {
			return nil, fmt.Errorf("default: %w", err)
		}
		return v, nil
	}
	m := defaultPattern.FindStringSubmatch(n.Description)
	if m == nil {
		return nil, nil
	}
	v, ok := literal(strings.TrimSpace(m[1]), n.Enum)
	if !ok || !fits(n, v) {
		return nil, nil
	}
	return v, nil
}

var numberPattern = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// literal reads the value at the start of s; what follows it after a space
// is commentary ("600 (10 minutes)", "5 seconds").
func literal(s string, enum []any) (any, bool) {
	if s == "" {
		return nil, false
	}
	if q := s[0]; q == '\'' || q == '"' || q == '`' {
		end := strings.IndexByte(s[1:], q)
		if end < 0 {
			return nil, false
		}
		rest := s[end+2:]
		if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
			return nil, false
		}
		return s[1 : end+1], true
	}
	word, _, _ := strings.Cut(s, " ")
	switch {
	case word == "true":
		return true, true
	case word == "false":
		return false, true
	case numberPattern.MatchString(word):
		f, err := strconv.ParseFloat(word, 64)
		return f, err == nil
	case slices.Contains(enum, any(word)):
		return word, true
	}
	return nil, false
}

// fits reports whether v can be the value of n: one of its enum values, or a
// value of its declared scalar type.
func fits(n *node, v any) bool {
	if len(n.Enum) > 0 {
		return slices.Contains(n.Enum, v)
	}
	if ref, _ := refOf(n); ref != "" || len(n.OneOf) > 0 {
		return false
	}
	switch v.(type) {
	case string:
		return n.Type == "string" || n.Type == ""
	case float64:
		return n.Type == "number" || n.Type == "integer" || n.Type == ""
	case bool:
		return n.Type == "boolean" || n.Type == ""
	}
	return false
}

// responseOnly lists, per variant, the response schema's properties that
// neither request schema of that variant accepts.
func (x *extractor) responseOnly(k *specfacts.Kind) map[string][]string {
	out := map[string][]string{}
	for v, resp := range k.Response {
		var only []string
		for name := range x.out[resp].Properties {
			if x.accepts(k.Create[v], name) || x.accepts(k.Update[v], name) {
				continue
			}
			only = append(only, name)
		}
		if len(only) > 0 {
			slices.Sort(only)
			out[v] = only
		}
	}
	return out
}

func (x *extractor) accepts(schema, property string) bool {
	s := x.out[schema]
	if s == nil {
		return false
	}
	_, ok := s.Properties[property]
	return ok
}

// Encode writes facts as facts.json: keys sorted, two-space indentation down
// to each property, every property on one line, so that a change of the spec
// shows as a change of the lines it touches. The output ends with a newline.
func Encode(f *specfacts.Facts) ([]byte, error) {
	b, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := write(&buf, v, 0); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// expandDepth is how deep objects are laid out one key per line: the root,
// the kinds and schemas maps, each kind and schema, and a schema's
// properties map.
const expandDepth = 4

func write(buf *bytes.Buffer, v any, depth int) error {
	m, isMap := v.(map[string]any)
	if !isMap || depth >= expandDepth || len(m) == 0 {
		return compact(buf, v)
	}
	indent := strings.Repeat("  ", depth+1)
	buf.WriteString("{\n")
	for i, k := range slices.Sorted(maps.Keys(m)) {
		buf.WriteString(indent)
		if err := compact(buf, k); err != nil {
			return err
		}
		buf.WriteString(": ")
		if err := write(buf, m[k], depth+1); err != nil {
			return err
		}
		if i < len(m)-1 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
	}
	buf.WriteString(strings.Repeat("  ", depth))
	buf.WriteByte('}')
	return nil
}

// compact writes v on one line, keys sorted, without HTML escaping (patterns
// hold < and >).
func compact(buf *bytes.Buffer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	buf.Write(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
	return nil
}
