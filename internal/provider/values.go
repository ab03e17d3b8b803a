package provider

import (
	"context"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Helpers between framework values and the JSON values of request bodies. A nil
// result becomes JSON null, which clears a field on PATCH.

func stringOrNil(v types.String) any {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return v.ValueString()
}

func float64OrNil(v types.Float64) any {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return v.ValueFloat64()
}

func boolOrNil(v types.Bool) any {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return v.ValueBool()
}

// mergeObject lays the managed keys of desired over a copy of existing, the
// object the API holds now. Vapi's PATCH replaces a nested object wholesale, so
// sending only the managed keys would wipe the ones this provider does not
// manage; merging first keeps them. A nil value in desired removes the key;
// nested maps are merged the same way, recursively.
func mergeObject(existing, desired map[string]any) map[string]any {
	out := make(map[string]any, len(existing)+len(desired))
	for k, v := range existing {
		out[k] = v
	}
	for k, v := range desired {
		switch dv := v.(type) {
		case nil:
			delete(out, k)
		case map[string]any:
			if dv == nil {
				delete(out, k)
				continue
			}
			if ev, ok := out[k].(map[string]any); ok {
				out[k] = mergeObject(ev, dv)
			} else {
				out[k] = dropNils(dv)
			}
		default:
			out[k] = v
		}
	}
	return out
}

// mergeOver merges desired over existing when the API holds an object there
// (see mergeObject); with nothing to keep, it is desired without its nils.
func mergeOver(existing any, desired map[string]any) map[string]any {
	if cur, ok := existing.(map[string]any); ok {
		return mergeObject(cur, desired)
	}
	return dropNils(desired)
}

// dropNils returns m without its nil values (recursively), the shape of a
// create request, which has nothing to clear.
func dropNils(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		switch tv := v.(type) {
		case nil:
		case map[string]any:
			if tv != nil {
				out[k] = dropNils(tv)
			}
		default:
			out[k] = v
		}
	}
	return out
}

// sortedKeys returns the keys of m in order, for deterministic messages.
func sortedKeys[V any, M ~map[string]V](m M) []string {
	return slices.Sorted(maps.Keys(m))
}

// field walks obj along keys (map keys, or list indexes as ints).
func field(obj any, keys ...any) any {
	for _, k := range keys {
		switch key := k.(type) {
		case string:
			m, _ := obj.(map[string]any)
			obj = m[key]
		case int:
			l, _ := obj.([]any)
			if key >= len(l) {
				return nil
			}
			obj = l[key]
		}
	}
	return obj
}

// stringsOrNil returns the elements of a set or list of strings, or nil when
// it is null or unknown.
func stringsOrNil(ctx context.Context, v interface {
	IsNull() bool
	IsUnknown() bool
	ElementsAs(context.Context, any, bool) diag.Diagnostics
}, diags *diag.Diagnostics) any {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	out := []string{}
	diags.Append(v.ElementsAs(ctx, &out, false)...)
	return out
}

func stringSet(ctx context.Context, values []string, diags *diag.Diagnostics) types.Set {
	if values == nil {
		return types.SetNull(types.StringType)
	}
	set, d := types.SetValueFrom(ctx, types.StringType, values)
	diags.Append(d...)
	return set
}

func stringList(ctx context.Context, values []string, diags *diag.Diagnostics) types.List {
	if values == nil {
		return types.ListNull(types.StringType)
	}
	list, d := types.ListValueFrom(ctx, types.StringType, values)
	diags.Append(d...)
	return list
}

// stringOr reads an optional API string, with the API's default when absent.
func stringOr(v *string, def string) types.String {
	if v == nil {
		return types.StringValue(def)
	}
	return types.StringValue(*v)
}

// boolOr reads an optional API boolean, with the API's default when absent.
func boolOr(v *bool, def bool) types.Bool {
	if v == nil {
		return types.BoolValue(def)
	}
	return types.BoolValue(*v)
}
