package provider

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

// Resource identity at the protocol level, for what no CLI here runs
// (Terraform 1.11 has no identity; OpenTofu 1.12 runs the CLI tests of
// identity in its lane): every resource declares an identity of one
// attribute, and it is set on every read, the read that finds the object
// gone included, and on an import by identity alone.

// protocolServer is the provider behind the protocol, configured against
// the emulator.
type protocolServer struct {
	t         *testing.T
	srv       tfprotov6.ProviderServer
	resources map[string]*tfprotov6.Schema
	identity  map[string]*tfprotov6.ResourceIdentitySchema
}

func newProtocolServer(t *testing.T, emu *emulator.Emulator) *protocolServer {
	t.Helper()
	ctx := context.Background()
	httpSrv := httptest.NewServer(emu)
	t.Cleanup(httpSrv.Close)
	srv := providerserver.NewProtocol6(New("test")())()
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	identities, err := srv.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil || len(identities.Diagnostics) > 0 {
		t.Fatalf("GetResourceIdentitySchemas: %v %v", err, identities.Diagnostics)
	}
	config := objectWith(schemas.Provider.ValueType(), map[string]tftypes.Value{
		"api_key":  tftypes.NewValue(tftypes.String, emu.APIKey()),
		"base_url": tftypes.NewValue(tftypes.String, httpSrv.URL),
	})
	dv, err := tfprotov6.NewDynamicValue(schemas.Provider.ValueType(), config)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &dv})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("ConfigureProvider: %v %v", err, resp.Diagnostics)
	}
	return &protocolServer{t: t, srv: srv, resources: schemas.ResourceSchemas, identity: identities.IdentitySchemas}
}

// objectWith is an object of typ with the given attributes and every other
// one null.
func objectWith(typ tftypes.Type, values map[string]tftypes.Value) tftypes.Value {
	obj, ok := typ.(tftypes.Object)
	if !ok {
		panic("not an object type")
	}
	attrs := map[string]tftypes.Value{}
	for name, t := range obj.AttributeTypes {
		if v, ok := values[name]; ok {
			attrs[name] = v
			continue
		}
		attrs[name] = tftypes.NewValue(t, nil)
	}
	return tftypes.NewValue(typ, attrs)
}

// state is the state of resourceType holding only id (and org_id, as
// vapi_org's state holds the org id there too).
func (p *protocolServer) state(resourceType, id string) *tfprotov6.DynamicValue {
	p.t.Helper()
	typ := p.resources[resourceType].ValueType()
	values := map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, id)}
	if resourceType == "vapi_org" {
		values["org_id"] = tftypes.NewValue(tftypes.String, id)
	}
	dv, err := tfprotov6.NewDynamicValue(typ, objectWith(typ, values))
	if err != nil {
		p.t.Fatal(err)
	}
	return &dv
}

// identityID decodes the id of an identity.
func (p *protocolServer) identityID(resourceType string, data *tfprotov6.ResourceIdentityData) string {
	p.t.Helper()
	if data == nil || data.IdentityData == nil {
		p.t.Fatalf("%s: no identity", resourceType)
	}
	v, err := data.IdentityData.Unmarshal(p.identity[resourceType].ValueType())
	if err != nil {
		p.t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		p.t.Fatal(err)
	}
	var id string
	if err := attrs["id"].As(&id); err != nil {
		p.t.Fatal(err)
	}
	return id
}

// identityData is an identity holding id.
func (p *protocolServer) identityData(resourceType, id string) *tfprotov6.ResourceIdentityData {
	p.t.Helper()
	typ := p.identity[resourceType].ValueType()
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, map[string]tftypes.Value{
		"id": tftypes.NewValue(tftypes.String, id)}))
	if err != nil {
		p.t.Fatal(err)
	}
	return &tfprotov6.ResourceIdentityData{IdentityData: &dv}
}

// identityCases are an object of each resource, stored in the emulator.
func identityCases(emu *emulator.Emulator) map[string]string {
	return map[string]string{
		"vapi_function_tool": emu.Put(emulator.KindTool, map[string]any{"type": "function",
			"function": map[string]any{"name": "t"}}),
		"vapi_assistant": emu.Put(emulator.KindAssistant, map[string]any{"name": "a"}),
		"vapi_custom_credential": emu.Put(emulator.KindCredential, map[string]any{"provider": "custom-credential",
			"authenticationPlan": map[string]any{"type": "bearer"}}),
		"vapi_phone_number": emu.Put(emulator.KindPhoneNumber, map[string]any{"provider": "vapi", "number": "+14155550100",
			"numberDesiredAreaCode": "415", "status": "active"}),
		"vapi_org": emu.OrgID(),
	}
}

func TestIdentity_everyResourceDeclaresOne(t *testing.T) {
	p := newProtocolServer(t, emulator.New(emulator.Options{APIKey: "k"}))
	for name := range p.resources {
		s, ok := p.identity[name]
		if !ok {
			t.Errorf("%s has no identity schema", name)
			continue
		}
		if len(s.IdentityAttributes) != 1 || s.IdentityAttributes[0].Name != "id" || !s.IdentityAttributes[0].RequiredForImport {
			t.Errorf("%s: identity %+v, want one attribute id, required for import", name, s.IdentityAttributes)
		}
	}
}

// Every read sets the identity: of an object that exists, and of one
// deleted outside Terraform, which the read removes from the state.
func TestIdentity_setOnEveryRead(t *testing.T) {
	ctx := context.Background()
	emu := emulator.New(emulator.Options{APIKey: "k"})
	p := newProtocolServer(t, emu)
	ids := identityCases(emu)
	for _, resourceType := range sortedKeys(ids) {
		id := ids[resourceType]
		resp, err := p.srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: resourceType, CurrentState: p.state(resourceType, id)})
		if err != nil || len(resp.Diagnostics) > 0 {
			t.Fatalf("%s: read: %v %v", resourceType, err, resp.Diagnostics)
		}
		if got := p.identityID(resourceType, resp.NewIdentity); got != id {
			t.Errorf("%s: identity %q after a read, want %q", resourceType, got, id)
		}
	}
	// Deleted outside Terraform (an org cannot be: it is adopted).
	for _, resourceType := range sortedKeys(ids) {
		if resourceType == "vapi_org" {
			continue
		}
		id := ids[resourceType]
		emu.Remove(map[string]emulator.Kind{"vapi_function_tool": emulator.KindTool, "vapi_assistant": emulator.KindAssistant,
			"vapi_custom_credential": emulator.KindCredential, "vapi_phone_number": emulator.KindPhoneNumber}[resourceType], id)
		resp, err := p.srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: resourceType, CurrentState: p.state(resourceType, id)})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range resp.Diagnostics {
			if d.Severity == tfprotov6.DiagnosticSeverityError {
				t.Fatalf("%s: the read of a deleted object failed: %s: %s", resourceType, d.Summary, d.Detail)
			}
		}
		state, err := resp.NewState.Unmarshal(p.resources[resourceType].ValueType())
		if err != nil || !state.IsNull() {
			t.Errorf("%s: the read of a deleted object left a state: %v %v", resourceType, state, err)
		}
		if got := p.identityID(resourceType, resp.NewIdentity); got != id {
			t.Errorf("%s: identity %q after the read that removes it, want %q", resourceType, got, id)
		}
	}
}

// An import block with an identity and no id gives the import an empty id:
// every resource, vapi_org among them (a singleton), imports from the
// identity alone, and the read that follows keeps it.
func TestIdentity_importByIdentityAlone(t *testing.T) {
	ctx := context.Background()
	emu := emulator.New(emulator.Options{APIKey: "k"})
	p := newProtocolServer(t, emu)
	ids := identityCases(emu)
	for _, resourceType := range sortedKeys(ids) {
		id := ids[resourceType]
		resp, err := p.srv.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: resourceType,
			Identity: p.identityData(resourceType, id)})
		if err != nil || len(resp.Diagnostics) > 0 || len(resp.ImportedResources) != 1 {
			t.Fatalf("%s: import: %v %v", resourceType, err, resp.Diagnostics)
		}
		imported := resp.ImportedResources[0]
		read, err := p.srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: resourceType,
			CurrentState: imported.State, CurrentIdentity: imported.Identity, Private: imported.Private})
		if err != nil || len(read.Diagnostics) > 0 {
			t.Fatalf("%s: read after import: %v %v", resourceType, err, read.Diagnostics)
		}
		state, err := read.NewState.Unmarshal(p.resources[resourceType].ValueType())
		if err != nil {
			t.Fatal(err)
		}
		var attrs map[string]tftypes.Value
		if err := state.As(&attrs); err != nil {
			t.Fatalf("%s: no state after the import: %v", resourceType, err)
		}
		var stateID string
		if err := attrs["id"].As(&stateID); err != nil || stateID != id {
			t.Errorf("%s: state id %q after an import by identity, want %q", resourceType, stateID, id)
		}
		if got := p.identityID(resourceType, read.NewIdentity); got != id {
			t.Errorf("%s: identity %q after the import, want %q", resourceType, got, id)
		}
	}
}
