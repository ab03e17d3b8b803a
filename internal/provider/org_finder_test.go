package provider

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
)

// newFinderEnv serves an emulator, optionally behind wrap, and returns it with
// an org finder whose client does not retry, so each failure is seen once.
func newFinderEnv(t *testing.T, wrap func(http.Handler) http.Handler, opts ...func(*emulator.Options)) (*emulator.Emulator, *orgFinder) {
	t.Helper()
	o := emulator.Options{APIKey: "test-key-" + t.Name(), OrgName: "Test Org", Seed: 1}
	for _, f := range opts {
		f(&o)
	}
	emu := emulator.New(o)
	var h http.Handler = emu
	if wrap != nil {
		h = wrap(emu)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	client, err := vapi.NewClient(vapi.Options{
		BaseURL:    srv.URL,
		APIKey:     emu.APIKey(),
		MaxRetries: 0,
		Sleep:      func(ctx context.Context, _ time.Duration) error { return ctx.Err() },
	})
	if err != nil {
		t.Fatal(err)
	}
	return emu, newOrgFinder(client)
}

func forbidOrgEndpoints(o *emulator.Options) { o.OrgEndpointsForbidden = true }

func TestOrgFinder_viaOrgEndpoint(t *testing.T) {
	t.Parallel()
	emu, finder := newFinderEnv(t, nil)
	got, err := finder.orgID(t.Context())
	if err != nil || got != emu.OrgID() {
		t.Fatalf("orgID() = %q, %v; want %q", got, err, emu.OrgID())
	}
	if n := emu.CountRequests("", "/"); n != 1 {
		t.Fatalf("expected GET /org alone, the emulator saw %v", emu.Requests())
	}
}

func TestOrgFinder_viaListedObjectWhenOrgForbidden(t *testing.T) {
	t.Parallel()
	emu, finder := newFinderEnv(t, nil, forbidOrgEndpoints)
	emu.Put(emulator.KindTool, map[string]any{"type": "function", "function": map[string]any{"name": "f"}})
	got, err := finder.orgID(t.Context())
	if err != nil || got != emu.OrgID() {
		t.Fatalf("orgID() = %q, %v; want %q", got, err, emu.OrgID())
	}
}

// GET /org listing several orgs does not tell which one is the key's.
func TestOrgFinder_severalOrgsFallBackToListedObject(t *testing.T) {
	t.Parallel()
	emu, finder := newFinderEnv(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet && r.URL.Path == "/org" {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(`[{"id":"11111111-1111-4111-8111-111111111111"},{"id":"22222222-2222-4222-8222-222222222222"}]`))
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	emu.Put(emulator.KindAssistant, map[string]any{"name": "a"})
	got, err := finder.orgID(t.Context())
	if err != nil || got != emu.OrgID() {
		t.Fatalf("orgID() = %q, %v; want %q", got, err, emu.OrgID())
	}
}

func TestOrgFinder_nothingListableAsksForOrgID(t *testing.T) {
	t.Parallel()
	emu, finder := newFinderEnv(t, nil, forbidOrgEndpoints)
	got, err := finder.orgID(t.Context())
	if !errors.Is(err, errOrgNotFound) || !strings.Contains(err.Error(), "Set org_id") {
		t.Fatalf("orgID() = %q, %v; want errOrgNotFound", got, err)
	}
	for _, list := range []string{"/assistant", "/tool", "/phone-number", "/credential"} {
		if emu.CountRequests(http.MethodGet, list) != 1 {
			t.Errorf("expected one GET %s, the emulator saw %v", list, emu.Requests())
		}
	}

	_, diags := finder.resolve(t.Context(), types.StringNull(), path.Root("org_id"))
	if !diags.HasError() || diags.Errors()[0].Summary() != "Unable to Find the API Key's Org" {
		t.Fatalf("resolve() diagnostics = %v", diags)
	}
}

func TestOrgFinder_resolvePrefersConfiguredOrgID(t *testing.T) {
	t.Parallel()
	emu, finder := newFinderEnv(t, nil)
	const configured = "33333333-3333-4333-8333-333333333333"
	got, diags := finder.resolve(t.Context(), types.StringValue(configured), path.Root("org_id"))
	if diags.HasError() || got != configured {
		t.Fatalf("resolve() = %q, %v", got, diags)
	}
	if n := emu.CountRequests("", "/"); n != 0 {
		t.Fatalf("a configured org_id needs no request, the emulator saw %v", emu.Requests())
	}
}

func TestOrgFinder_cachesTheAnswer(t *testing.T) {
	t.Parallel()
	emu, finder := newFinderEnv(t, nil)
	first, err := finder.orgID(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	emu.ResetRequests()
	second, err := finder.orgID(t.Context())
	if err != nil || second != first {
		t.Fatalf("second orgID() = %q, %v; want %q", second, err, first)
	}
	if n := emu.CountRequests("", "/"); n != 0 {
		t.Fatalf("the second call sent requests: %v", emu.Requests())
	}
}

// A server error is reported, not taken as "refused", and not cached: the
// next call asks again.
func TestOrgFinder_transientErrorNotCached(t *testing.T) {
	t.Parallel()
	emu, finder := newFinderEnv(t, nil)
	emu.AddFault(emulator.Fault{Method: http.MethodGet, PathPrefix: "/org", Status: http.StatusServiceUnavailable, Times: 1})
	if _, err := finder.orgID(t.Context()); err == nil || errors.Is(err, errOrgNotFound) {
		t.Fatalf("orgID() error = %v; want the 503", err)
	}
	if n := emu.CountRequests(http.MethodGet, "/assistant"); n != 0 {
		t.Fatalf("a 503 must not fall back to listing objects: %v", emu.Requests())
	}
	got, err := finder.orgID(t.Context())
	if err != nil || got != emu.OrgID() {
		t.Fatalf("orgID() after the fault = %q, %v; want %q", got, err, emu.OrgID())
	}
}

// A wrong key is an error of its own, not a reason to ask for org_id.
func TestOrgFinder_unauthorized(t *testing.T) {
	t.Parallel()
	emu := emulator.New(emulator.Options{})
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	client, err := vapi.NewClient(vapi.Options{BaseURL: srv.URL, APIKey: "wrong-key", MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	_, err = newOrgFinder(client).orgID(t.Context())
	if !vapi.IsUnauthorized(err) {
		t.Fatalf("orgID() error = %v; want a 401", err)
	}
}
