package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Every resource has the same identity (Terraform 1.12, OpenTofu 1.12): the
// object's id, which is all an import needs. It is set on every response
// path: create, read (the read that finds the object deleted too, or the
// framework fails with "Missing Resource Identity After Read"), update and
// the read after an import.

// idIdentitySchema is the identity schema of a resource; of names the
// object ("function tool").
func idIdentitySchema(of string) identityschema.Schema {
	return identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{
			RequiredForImport: true,
			Description:       "The id of the " + of + ".",
		},
	}}
}

// setIdentity sets the identity to id. identity is nil when the resource is
// served without one (a CLI older than identity gets none).
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id string) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.SetAttribute(ctx, path.Root("id"), types.StringValue(id))
}

// importedID is the id an import names: the import id of `terraform import`
// or an import block's id, else the id of an import block's identity.
func importedID(ctx context.Context, req resource.ImportStateRequest) (string, diag.Diagnostics) {
	if req.ID != "" || req.Identity == nil {
		return req.ID, nil
	}
	var id types.String
	diags := req.Identity.GetAttribute(ctx, path.Root("id"), &id)
	return id.ValueString(), diags
}
