package provider

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

// List resources at the protocol level: no CLI here runs `terraform query`
// (Terraform 1.14).

// listResult is one result decoded: its identity's id, the display name,
// and the resource's id and one more attribute when it was asked for.
type listResult struct {
	identity, display, stateID, stateName string
	errors                                []string
}

// list calls ListResource of resourceType with the name filter (nil for
// none) and decodes the results.
func (p *protocolServer) list(resourceType string, name *string, includeResource bool, limit int64) []listResult {
	p.t.Helper()
	ctx := context.Background()
	lister, ok := p.srv.(tfprotov6.ListResourceServer)
	if !ok {
		p.t.Fatal("the provider server serves no list resources")
	}
	schemas, err := p.srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		p.t.Fatal(err)
	}
	configType := schemas.ListResourceSchemas[resourceType].ValueType()
	nameValue := tftypes.NewValue(tftypes.String, nil)
	if name != nil {
		nameValue = tftypes.NewValue(tftypes.String, *name)
	}
	config, err := tfprotov6.NewDynamicValue(configType, objectWith(configType, map[string]tftypes.Value{"name": nameValue}))
	if err != nil {
		p.t.Fatal(err)
	}
	stream, err := lister.ListResource(ctx, &tfprotov6.ListResourceRequest{TypeName: resourceType, Config: &config,
		IncludeResource: includeResource, Limit: limit})
	if err != nil {
		p.t.Fatal(err)
	}
	var out []listResult
	for r := range stream.Results {
		res := listResult{display: r.DisplayName}
		for _, d := range r.Diagnostics {
			if d.Severity == tfprotov6.DiagnosticSeverityError {
				res.errors = append(res.errors, d.Summary+": "+d.Detail)
			}
		}
		if r.Identity != nil {
			res.identity = p.identityID(resourceType, r.Identity)
		}
		if r.Resource != nil {
			v, err := r.Resource.Unmarshal(p.resources[resourceType].ValueType())
			if err != nil {
				p.t.Fatal(err)
			}
			var attrs map[string]tftypes.Value
			if err := v.As(&attrs); err != nil {
				p.t.Fatal(err)
			}
			_ = attrs["id"].As(&res.stateID)
			if n, ok := attrs["name"]; ok && n.IsKnown() && !n.IsNull() {
				_ = n.As(&res.stateName)
			}
		}
		out = append(out, res)
	}
	return out
}

func TestListResources_listEveryObjectOfTheKind(t *testing.T) {
	emu := emulator.New(emulator.Options{APIKey: "k", Realistic: true})
	p := newProtocolServer(t, emu)
	var tools []string
	for i := range 3 {
		tools = append(tools, emu.Put(emulator.KindTool, map[string]any{"type": "function",
			"function": map[string]any{"name": fmt.Sprintf("fn_%d", i)}}))
	}
	emu.Put(emulator.KindTool, map[string]any{"type": "endCall"})
	creds := []string{emu.Put(emulator.KindCredential, map[string]any{"provider": "custom-credential", "name": "hooks",
		"authenticationPlan": map[string]any{"type": "bearer", "headerName": "X-Vapi-Secret"}, "authenticationSession": map[string]any{}})}
	emu.Put(emulator.KindCredential, map[string]any{"provider": "openai", "name": "llm"})
	assistants := []string{emu.Put(emulator.KindAssistant, map[string]any{"name": "Support"}),
		emu.Put(emulator.KindAssistant, map[string]any{"name": "Sales"})}
	numbers := []string{emu.Put(emulator.KindPhoneNumber, map[string]any{"provider": "vapi", "name": "Line",
		"number": "+14155550100", "numberDesiredAreaCode": "415", "status": "active"})}

	cases := []struct {
		resource string
		want     []string
	}{
		{"vapi_function_tool", tools},
		{"vapi_custom_credential", creds},
		{"vapi_assistant", assistants},
		{"vapi_phone_number", numbers},
	}
	for _, c := range cases {
		got := p.list(c.resource, nil, true, 0)
		var ids []string
		for _, r := range got {
			if len(r.errors) > 0 {
				t.Fatalf("%s: %v", c.resource, r.errors)
			}
			if r.identity != r.stateID || r.display == "" {
				t.Errorf("%s: result %+v: identity and resource disagree, or no display name", c.resource, r)
			}
			ids = append(ids, r.identity)
		}
		slices.Sort(ids)
		want := slices.Sorted(slices.Values(c.want))
		if !slices.Equal(ids, want) {
			t.Errorf("%s: listed %v, want %v (objects of other kinds left out)", c.resource, ids, want)
		}
	}
	// The credential is listed trimmed; its resource was read whole.
	if got := p.list("vapi_custom_credential", nil, true, 0); got[0].stateName != "hooks" {
		t.Errorf("the trimmed credential's resource: %+v", got[0])
	}
}

func TestListResources_nameFilterAndLimit(t *testing.T) {
	emu := emulator.New(emulator.Options{APIKey: "k"})
	p := newProtocolServer(t, emu)
	sales := emu.Put(emulator.KindAssistant, map[string]any{"name": "Sales"})
	emu.Put(emulator.KindAssistant, map[string]any{"name": "Sales team"})
	emu.Put(emulator.KindAssistant, map[string]any{"name": "sales"})
	name := "Sales"
	got := p.list("vapi_assistant", &name, false, 0)
	if len(got) != 1 || got[0].identity != sales || got[0].stateID != "" {
		t.Fatalf("name = %q listed %+v, want only %s, without the resource (not asked for)", name, got, sales)
	}
	if got := p.list("vapi_assistant", nil, false, 2); len(got) != 2 {
		t.Fatalf("a limit of 2 listed %d", len(got))
	}
}

// Every page is followed: 1500 tools take two list pages, in any order the
// API lists them.
func TestListResources_followsPages(t *testing.T) {
	for _, order := range emulator.ListOrders {
		t.Run(string(order), func(t *testing.T) {
			emu := emulator.New(emulator.Options{APIKey: "k", ListOrder: order})
			p := newProtocolServer(t, emu)
			for range 1500 {
				emu.Put(emulator.KindTool, map[string]any{"type": "function", "function": map[string]any{"name": "t"}})
			}
			emu.ResetRequests()
			got := p.list("vapi_function_tool", nil, false, 0)
			if len(got) != 1500 {
				t.Fatalf("listed %d of 1500", len(got))
			}
			seen := map[string]bool{}
			for _, r := range got {
				seen[r.identity] = true
			}
			if len(seen) != 1500 {
				t.Fatalf("listed %d distinct of 1500", len(seen))
			}
			pages := emu.CountRequests(http.MethodGet, "/tool")
			if pages > 3 {
				t.Fatalf("%d list pages for 1500 tools", pages)
			}
		})
	}
}

// The list resources are served, one per listable resource.
func TestListResources_served(t *testing.T) {
	srv := providerserver.NewProtocol6(New("test")())()
	schemas, err := srv.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	got := slices.Sorted(func(yield func(string) bool) {
		for name := range schemas.ListResourceSchemas {
			if !yield(name) {
				return
			}
		}
	})
	want := []string{"vapi_assistant", "vapi_custom_credential", "vapi_function_tool", "vapi_phone_number"}
	if !slices.Equal(got, want) {
		t.Fatalf("list resources %v, want %v", got, want)
	}
}
