package provider

import (
	"context"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestMergeOver(t *testing.T) {
	cases := []struct {
		name     string
		existing any
		desired  map[string]any
		want     map[string]any
	}{
		{
			name:     "nothing held: desired without its nils",
			existing: nil,
			desired:  map[string]any{"url": "u", "credentialId": nil, "backoffPlan": map[string]any{"type": "fixed", "excludedStatusCodes": nil}},
			want:     map[string]any{"url": "u", "backoffPlan": map[string]any{"type": "fixed"}},
		},
		{
			name:     "unmanaged keys kept, managed keys set, nil clears",
			existing: map[string]any{"url": "old", "credentialId": "c", "encryptedPaths": []any{"a"}},
			desired:  map[string]any{"url": "new", "credentialId": nil},
			want:     map[string]any{"url": "new", "encryptedPaths": []any{"a"}},
		},
		{
			name:     "nested objects merged key by key",
			existing: map[string]any{"backoffPlan": map[string]any{"type": "fixed", "maxRetries": 1.0, "extra": true}},
			desired:  map[string]any{"backoffPlan": map[string]any{"type": "exponential", "maxRetries": int64(3)}},
			want:     map[string]any{"backoffPlan": map[string]any{"type": "exponential", "maxRetries": int64(3), "extra": true}},
		},
		{
			// headers is a value, not an object of fields: a header removed
			// from the configuration must go, not be merged back.
			name:     "headers replaced whole",
			existing: map[string]any{"headers": map[string]any{"X-Old": "1", "X-Keep": "2"}},
			desired:  map[string]any{"headers": map[string]string{"X-Keep": "2"}},
			want:     map[string]any{"headers": map[string]string{"X-Keep": "2"}},
		},
		{
			name:     "a non-object held value is replaced",
			existing: "not an object",
			desired:  map[string]any{"url": "u"},
			want:     map[string]any{"url": "u"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := mergeOver(c.existing, c.desired); !reflect.DeepEqual(got, c.want) {
				t.Errorf("mergeOver = %#v, want %#v", got, c.want)
			}
		})
	}
}

// expandServer's headers must stay a leaf value for mergeOver (see above).
func TestExpandServerHeadersAreALeaf(t *testing.T) {
	ctx := context.Background()
	headers, diags := types.MapValueFrom(ctx, types.StringType, map[string]string{"X-Keep": "2"})
	if diags.HasError() {
		t.Fatal(diags)
	}
	server, diags := expandServer(ctx, []serverModel{{
		URL: types.StringValue("https://h.example.com"), Headers: headers,
		CredentialID: types.StringNull(), TimeoutSeconds: types.Float64Value(20), StaticIPAddressesEnabled: types.BoolValue(false),
	}}, nil)
	if diags.HasError() {
		t.Fatal(diags)
	}
	merged := mergeOver(map[string]any{"headers": map[string]any{"X-Old": "1"}}, server)
	if got := merged["headers"]; !reflect.DeepEqual(got, map[string]string{"X-Keep": "2"}) {
		t.Fatalf("headers after merge = %#v, want only X-Keep", got)
	}
}
