package emulator

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// This file is the small declarative rule language the emulator validates
// request bodies with. Each DTO of the Vapi API is written by hand as a tree of
// rules (schemas.go); validate turns a JSON body into the list of
// class-validator messages the API (NestJS with whitelist and
// forbidNonWhitelisted) would answer with. rules_spec_test.go holds the rules
// against openapi.json so that hand-written limits cannot drift from the spec.

// valueType is the JSON type a rule accepts.
type valueType int

const (
	anyType valueType = iota
	stringType
	numberType
	boolType
	objectType
	arrayType
)

// rule describes what one JSON value may be.
type rule struct {
	typ valueType
	// spec names the components.schemas entry an object rule models; the
	// conformance test compares the two.
	spec string
	// props is the whitelist of an object rule; nil means any keys (a loose
	// object such as metadata).
	props    map[string]*rule
	required []string
	items    *rule
	union    *union

	enum           []string
	min, max       *float64
	minLen, maxLen *int
	// patternText is the pattern as the spec and the error message print it,
	// slashes included; pattern is its compiled body.
	pattern     *regexp.Regexp
	patternText string
	uuid        bool
	// orURL accepts, besides the enum values, any absolute http(s) URL.
	orURL bool
	// stringValues requires every value of an object to be a string (headers).
	stringValues bool
	// nullable lets a required property be sent as null.
	nullable bool
	// secret values are stored but never echoed in a response.
	secret bool
	// loose marks a value whose finer spec constraints (long model or voice
	// enums) the emulator deliberately does not mirror; only its type is checked.
	loose bool

	// check is an extra rule on a value of the right type; it returns the tail
	// of the message ("must be ...") or "".
	check func(v any) string
	// objCheck is a cross-field rule on an object; it returns whole messages
	// relative to the object.
	objCheck func(obj map[string]any) []string
}

// union is a oneOf discriminated by a string property.
type union struct {
	key string
	// variants are listed in the API's order. A variant with a nil rule is one
	// the API knows but the emulator stores without validating (other tool
	// types, other credential providers).
	variants []variant
	// redactLoose strips the secrets of a variant stored without validation.
	redactLoose func(obj map[string]any)
}

type variant struct {
	value string
	rule  *rule
}

// props is shorthand for a whitelist.
type props = map[string]*rule

func anyValue() *rule { return &rule{typ: anyType} }
func str() *rule      { return &rule{typ: stringType} }
func num() *rule      { return &rule{typ: numberType} }
func boolean() *rule  { return &rule{typ: boolType} }

// looseObject is an object whose content is not checked.
func looseObject() *rule { return &rule{typ: objectType} }

// stringMap is an object of string values with any keys.
func stringMap() *rule { return &rule{typ: objectType, stringValues: true} }

func object(spec string, p props, required ...string) *rule {
	return &rule{typ: objectType, spec: spec, props: p, required: required}
}

func array(items *rule) *rule { return &rule{typ: arrayType, items: items} }

// oneOf builds a union; values are listed in the order the API lists them.
func oneOf(key string, variants ...variant) *rule {
	return &rule{typ: objectType, union: &union{key: key, variants: variants}}
}

func is(value string, r *rule) variant { return variant{value: value, rule: r} }

// unchecked lists variants the emulator accepts without validation.
func unchecked(values ...string) []variant {
	out := make([]variant, len(values))
	for i, v := range values {
		out[i] = variant{value: v}
	}
	return out
}

// constant is the discriminator property of a variant.
func constant(value string) *rule { return str().oneOfValues(value) }

func (r *rule) oneOfValues(values ...string) *rule { r.enum = values; return r }

func (r *rule) between(lo, hi float64) *rule { r.min, r.max = &lo, &hi; return r }

func (r *rule) atLeast(lo float64) *rule { r.min = &lo; return r }

func (r *rule) length(lo, hi int) *rule { r.minLen, r.maxLen = &lo, &hi; return r }

func (r *rule) maxLength(hi int) *rule { r.maxLen = &hi; return r }

func (r *rule) asUUID() *rule { r.uuid = true; return r }

func (r *rule) asSecret() *rule { r.secret = true; return r }

func (r *rule) asLoose() *rule { r.loose = true; return r }

func (r *rule) asNullable() *rule { r.nullable = true; return r }

func (r *rule) orAnURL() *rule { r.orURL = true; return r }

func (r *rule) checked(fn func(v any) string) *rule { r.check = fn; return r }

// matching sets a pattern written as the spec writes it, e.g. "/^a+$/".
func (r *rule) matching(text string) *rule {
	r.patternText = text
	r.pattern = regexp.MustCompile(strings.TrimSuffix(strings.TrimPrefix(text, "/"), "/"))
	return r
}

// values lists every discriminator value of a union.
func (u *union) values() []string {
	out := make([]string, len(u.variants))
	for i, v := range u.variants {
		out[i] = v.value
	}
	return out
}

// find returns the variant for a discriminator value; known is false when the
// API does not know the value, and the rule is nil for an unchecked variant.
func (u *union) find(value string) (r *rule, known bool) {
	for _, v := range u.variants {
		if v.value == value {
			return v.rule, true
		}
	}
	return nil, false
}

// updateOf derives an Update DTO from a Create DTO: the same whitelist without
// the dropped properties and with nothing required. Nested rules are shared.
func updateOf(create *rule, spec string, drop ...string) *rule {
	p := maps.Clone(create.props)
	for _, d := range drop {
		delete(p, d)
	}
	return object(spec, p)
}

// updateUnionOf maps updateOf over the validated variants of a create union.
func updateUnionOf(create *rule, specs map[string]string, drops map[string][]string) *rule {
	u := *create.union
	u.variants = make([]variant, len(create.union.variants))
	for i, v := range create.union.variants {
		u.variants[i] = v
		if v.rule != nil {
			u.variants[i].rule = updateOf(v.rule, specs[v.value], drops[v.value]...)
		}
	}
	return &rule{typ: objectType, union: &u}
}

// validate returns the class-validator messages for a request body.
func validate(r *rule, body map[string]any) []string {
	var v validator
	v.object("", r, body)
	return v.msgs
}

// validatePatch validates a PATCH body against the Update DTO of the variant
// already stored: a discriminator may be resent only with its stored value.
func validatePatch(r *rule, stored, body map[string]any) []string {
	if r.union == nil {
		return validate(r, body)
	}
	key := r.union.key
	current, _ := stored[key].(string)
	if vr, _ := r.union.find(current); vr != nil {
		return validate(vr, body)
	}
	if sent, ok := body[key]; ok && sent != current {
		return []string{key + " " + enumMessage([]string{current})}
	}
	return nil
}

type validator struct{ msgs []string }

func (v *validator) add(prefix, name, tail string) {
	v.msgs = append(v.msgs, prefix+name+" "+tail)
}

func (v *validator) object(prefix string, r *rule, obj map[string]any) {
	if r.union != nil {
		d, _ := obj[r.union.key].(string)
		vr, known := r.union.find(d)
		if !known {
			v.msgs = append(v.msgs, prefix+r.union.key+" "+enumMessage(r.union.values()))
		}
		if vr == nil {
			return
		}
		r = vr
	}
	if r.props == nil {
		return
	}
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		if _, ok := r.props[k]; !ok {
			v.msgs = append(v.msgs, prefix+"property "+k+" should not exist")
		}
	}
	for _, name := range slices.Sorted(maps.Keys(r.props)) {
		pr := r.props[name]
		val, present := obj[name]
		if !present || val == nil {
			if slices.Contains(r.required, name) && (!present || !pr.nullable) {
				v.missing(prefix, name, pr)
			}
			continue
		}
		if val == "" && pr.typ == stringType && len(pr.enum) == 0 && slices.Contains(r.required, name) {
			v.add(prefix, name, "should not be empty")
		}
		v.value(prefix, name, pr, val)
	}
	if r.objCheck != nil {
		for _, m := range r.objCheck(obj) {
			v.msgs = append(v.msgs, prefix+m)
		}
	}
}

// missing reports a required property that is absent or null.
func (v *validator) missing(prefix, name string, r *rule) {
	switch {
	case r.typ == anyType:
		v.add(prefix, name, "should not be null or undefined")
	case r.typ == stringType && len(r.enum) > 0:
		v.add(prefix, name, enumMessage(r.enum))
	case r.typ == stringType:
		v.add(prefix, name, "should not be empty")
		v.add(prefix, name, typeMessage(stringType))
	default:
		v.add(prefix, name, typeMessage(r.typ))
	}
}

func (v *validator) value(prefix, name string, r *rule, val any) {
	switch r.typ {
	case objectType:
		m, ok := val.(map[string]any)
		if !ok {
			v.add(prefix, name, typeMessage(objectType))
			return
		}
		if r.stringValues {
			for _, k := range slices.Sorted(maps.Keys(m)) {
				if _, ok := m[k].(string); !ok {
					v.add(prefix+name+".", k, typeMessage(stringType))
				}
			}
		}
		v.object(prefix+name+".", r, m)
	case arrayType:
		a, ok := val.([]any)
		if !ok {
			v.add(prefix, name, typeMessage(arrayType))
			return
		}
		v.items(prefix, name, r.items, a)
	default:
		for _, tail := range scalarProblems(r, val) {
			v.add(prefix, name, tail)
		}
	}
}

func (v *validator) items(prefix, name string, it *rule, a []any) {
	if it == nil {
		return
	}
	if it.typ == objectType || it.typ == arrayType {
		for i, el := range a {
			if el == nil {
				v.add(prefix+name+".", strconv.Itoa(i), typeMessage(it.typ))
				continue
			}
			v.value(prefix+name+".", strconv.Itoa(i), it, el)
		}
		return
	}
	// class-validator's each:true reports a failing constraint once for the
	// whole array, as "each value in <name> ...".
	var seen []string
	for _, el := range a {
		for _, tail := range scalarProblems(it, el) {
			if !slices.Contains(seen, tail) {
				seen = append(seen, tail)
				v.msgs = append(v.msgs, prefix+"each value in "+name+" "+tail)
			}
		}
	}
}

// scalarProblems returns the message tails for a string, number, boolean or
// untyped value.
func scalarProblems(r *rule, val any) []string {
	var out []string
	switch r.typ {
	case stringType:
		s, ok := val.(string)
		if !ok {
			if len(r.enum) > 0 {
				return []string{enumMessage(r.enum)}
			}
			return []string{typeMessage(stringType)}
		}
		out = stringProblems(r, s)
	case numberType:
		f, ok := val.(float64)
		if !ok {
			return []string{typeMessage(numberType)}
		}
		if r.min != nil && f < *r.min {
			out = append(out, "must not be less than "+formatNumber(*r.min))
		}
		if r.max != nil && f > *r.max {
			out = append(out, "must not be greater than "+formatNumber(*r.max))
		}
	case boolType:
		if _, ok := val.(bool); !ok {
			return []string{typeMessage(boolType)}
		}
	case anyType, objectType, arrayType:
	}
	if r.check != nil {
		if tail := r.check(val); tail != "" {
			out = append(out, tail)
		}
	}
	return out
}

func stringProblems(r *rule, s string) []string {
	var out []string
	if len(r.enum) > 0 && !slices.Contains(r.enum, s) {
		if !r.orURL {
			return []string{enumMessage(r.enum)}
		}
		if !isURL(s) {
			return []string{"must be a URL address or one of the following values: " + strings.Join(r.enum, ", ")}
		}
	}
	n := len([]rune(s))
	if r.minLen != nil && n < *r.minLen {
		out = append(out, fmt.Sprintf("must be longer than or equal to %d characters", *r.minLen))
	}
	if r.maxLen != nil && n > *r.maxLen {
		out = append(out, fmt.Sprintf("must be shorter than or equal to %d characters", *r.maxLen))
	}
	if r.pattern != nil && !r.pattern.MatchString(s) {
		out = append(out, "must match "+r.patternText+" regular expression")
	}
	if r.uuid && !isUUID(s) {
		out = append(out, "must be a UUID")
	}
	return out
}

func typeMessage(t valueType) string {
	switch t {
	case stringType:
		return "must be a string"
	case numberType:
		return "must be a number conforming to the specified constraints"
	case boolType:
		return "must be a boolean value"
	case arrayType:
		return "must be an array"
	case objectType:
		return "must be an object"
	case anyType:
	}
	return "should not be null or undefined"
}

func enumMessage(values []string) string {
	return "must be one of the following values: " + strings.Join(values, ", ")
}

func formatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

var (
	uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	urlPattern  = regexp.MustCompile(`^https?://[^\s/$.?#][^\s]*$`)
)

// isUUID is class-validator's IsUUID("all"): any version, hyphenated.
func isUUID(s string) bool { return uuidPattern.MatchString(s) }

func isURL(s string) bool { return urlPattern.MatchString(s) }

// redact removes, in place, the values the API never echoes: the secrets r
// marks, at any depth.
func redact(r *rule, obj map[string]any) {
	if r.union != nil {
		d, _ := obj[r.union.key].(string)
		vr, known := r.union.find(d)
		if vr == nil {
			if known && r.union.redactLoose != nil {
				r.union.redactLoose(obj)
			}
			return
		}
		r = vr
	}
	for name, pr := range r.props {
		val, ok := obj[name]
		if !ok {
			continue
		}
		if pr.secret {
			delete(obj, name)
			continue
		}
		switch t := val.(type) {
		case map[string]any:
			if pr.typ == objectType {
				redact(pr, t)
			}
		case []any:
			if pr.items != nil && pr.items.typ == objectType {
				for _, el := range t {
					if m, ok := el.(map[string]any); ok {
						redact(pr.items, m)
					}
				}
			}
		}
	}
}
