package provider

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
)

// newTestClient is what the provider hands its resources, against the
// emulator, without Terraform.
func newTestClient(t *testing.T, emu *emulator.Emulator) *providerData {
	t.Helper()
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	client, err := vapi.NewClient(vapi.Options{BaseURL: srv.URL, APIKey: emu.APIKey(), MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	return &providerData{client: client, orgs: newOrgFinder(client)}
}

// patchBodies returns the decoded bodies of the PATCH requests the emulator saw.
func patchBodies(t *testing.T, emu *emulator.Emulator) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, r := range emu.Requests() {
		if r.Method != http.MethodPatch {
			continue
		}
		var body map[string]any
		if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
			t.Fatal(err)
		}
		out = append(out, body)
	}
	return out
}

// A property the API refuses in an update ("property X should not exist")
// is stripped and the PATCH sent once more, with a warning that names it;
// without the strip the update would fail until a new release.
func TestAPIKindUpdate_stripsRefusedPropertiesAndRetriesOnce(t *testing.T) {
	emu := emulator.New(emulator.Options{APIKey: "k"})
	client := newTestClient(t, emu)
	id := emu.Put(emulator.KindTool, map[string]any{
		"type": "function", "function": map[string]any{"name": "t"},
		"server": map[string]any{"url": "https://a.example.com", "encryptedPaths": []any{"message.call"}},
	})
	// The API refuses encryptedPaths once, as it would a field it stopped
	// taking back.
	emu.AddFault(emulator.Fault{Method: http.MethodPatch, PathPrefix: "/tool/", Status: http.StatusBadRequest, Times: 1,
		Body: `{"message":["server.property encryptedPaths should not exist"],"error":"Bad Request","statusCode":400}`})

	var tool vapi.FunctionTool
	diags := functionToolAPI.update(context.Background(), client, "Update", id,
		func(map[string]any) (map[string]any, diag.Diagnostics) {
			return map[string]any{"server": map[string]any{"url": "https://b.example.com"}}, nil
		}, &tool)
	if diags.HasError() {
		t.Fatalf("update failed: %v", diags)
	}
	if len(diags) != 1 || !strings.Contains(diags[0].Detail(), "server.encryptedPaths") {
		t.Fatalf("expected one warning naming server.encryptedPaths, got %v", diags)
	}
	bodies := patchBodies(t, emu)
	if len(bodies) != 2 {
		t.Fatalf("expected the PATCH and one retry, got %d", len(bodies))
	}
	if field(bodies[0], "server", "encryptedPaths") == nil {
		t.Fatalf("the first PATCH should carry the field the API holds: %v", bodies[0])
	}
	if server, _ := bodies[1]["server"].(map[string]any); server["encryptedPaths"] != nil || server["url"] != "https://b.example.com" {
		t.Fatalf("the retry should carry the change without the refused field: %v", bodies[1])
	}
	if tool.Server == nil || tool.Server.URL != "https://b.example.com" {
		t.Fatalf("the answer of the retry was not decoded: %+v", tool.Server)
	}
}

// A refusal that persists is reported once, after one retry: no loop.
func TestAPIKindUpdate_retriesARefusalOnlyOnce(t *testing.T) {
	emu := emulator.New(emulator.Options{APIKey: "k"})
	client := newTestClient(t, emu)
	id := emu.Put(emulator.KindTool, map[string]any{"type": "function", "function": map[string]any{"name": "t"}})
	emu.AddFault(emulator.Fault{Method: http.MethodPatch, PathPrefix: "/tool/", Status: http.StatusBadRequest,
		Body: `{"message":["property async should not exist"],"error":"Bad Request","statusCode":400}`})
	diags := functionToolAPI.update(context.Background(), client, "Update", id,
		func(map[string]any) (map[string]any, diag.Diagnostics) { return map[string]any{"async": true}, nil }, nil)
	if !diags.HasError() || !strings.Contains(diags.Errors()[0].Detail(), "property async should not exist") {
		t.Fatalf("expected the API's refusal as the error, got %v", diags)
	}
	if n := len(patchBodies(t, emu)); n != 2 {
		t.Fatalf("expected exactly two PATCH requests, got %d", n)
	}
}

// What the realistic API answers beyond the Update DTO (fields it added,
// response-only values) is never sent back, while what the DTO accepts and
// the configuration does not manage is kept.
func TestAPIKindWritable(t *testing.T) {
	current := map[string]any{
		"id": "x", "orgId": "o", "createdAt": "c", "updatedAt": "u", "type": "function",
		"resourceVersion": 7,
		"function":        map[string]any{"name": "t", "futureFlag": true},
		"server": map[string]any{
			"url": "https://a.example.com", "encryptedPaths": []any{"p"}, "connectTimeoutSeconds": 5,
			"backoffPlan": map[string]any{"type": "fixed", "maxRetries": 1, "baseDelaySeconds": 1, "jitter": true},
		},
	}
	got := functionToolAPI.writable(current)
	want := map[string]any{
		"type":     "function",
		"function": map[string]any{"name": "t"},
		"server": map[string]any{
			"url": "https://a.example.com", "encryptedPaths": []any{"p"},
			"backoffPlan": map[string]any{"type": "fixed", "maxRetries": 1, "baseDelaySeconds": 1},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("writable =\n%#v\nwant\n%#v", got, want)
	}
}

func TestDeletePath(t *testing.T) {
	body := map[string]any{
		"a":     1,
		"model": map[string]any{"tools": []any{map[string]any{"x": 1, "y": 2}}},
	}
	deletePath(body, []string{"model", "tools", "0", "x"})
	deletePath(body, []string{"missing", "deep"})
	deletePath(body, []string{"model", "tools", "9", "x"})
	deletePath(body, []string{"a"})
	want := map[string]any{"model": map[string]any{"tools": []any{map[string]any{"y": 2}}}}
	if !reflect.DeepEqual(body, want) {
		t.Fatalf("deletePath left %#v", body)
	}
}
