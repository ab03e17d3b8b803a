// Package jsonvalue holds what both the emulator and the spec facts do with
// JSON decoded into Go values (map[string]any, []any and scalars).
package jsonvalue

// CloneObject returns a deep copy of a decoded JSON object, so that nothing
// in it is shared with m; nil stays nil.
func CloneObject(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = Clone(v)
	}
	return out
}

// Clone returns a deep copy of a decoded JSON value: objects and arrays are
// copied all the way down, scalars (immutable) are returned as they are.
func Clone(v any) any {
	switch t := v.(type) {
	case map[string]any:
		return CloneObject(t)
	case []any:
		if t == nil {
			return t
		}
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = Clone(x)
		}
		return out
	default:
		return v
	}
}
