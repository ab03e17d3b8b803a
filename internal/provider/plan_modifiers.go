package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The plan modifiers the resources share. A plan modifier that belongs to one
// attribute of one resource stays beside that resource.

// replaceOnSwitch replaces the resource when one block of a one-of group is
// added or removed, that is when the object moves to another kind (an
// authentication plan's type, a phone number's provider): those are
// discriminators that a PATCH cannot change. choices lists the group for the
// plan's explanation; object names the resource.
func replaceOnSwitch(choices, object string) planmodifier.List {
	description := "Switching between " + choices + " replaces the " + object + "."
	return listplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.ListRequest, resp *listplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = len(req.StateValue.Elements()) == 0 != (len(req.PlanValue.Elements()) == 0)
		},
		strings.ReplaceAll(description, "`", ""),
		description,
	)
}

// secretHeaderNamesFromConfig plans secret_header_names as the names written
// in secret_headers_wo. The values are write-only and cannot be compared, but
// the names can: a header added, renamed or dropped there is an update even
// when secret_headers_wo_version stays the same.
type secretHeaderNamesFromConfig struct{}

func (secretHeaderNamesFromConfig) Description(context.Context) string {
	return "the names of secret_headers_wo"
}

func (m secretHeaderNamesFromConfig) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (secretHeaderNamesFromConfig) PlanModifySet(ctx context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	var secret types.Map
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, siblingPath(req.Path, "secret_headers_wo"), &secret)...)
	if resp.Diagnostics.HasError() {
		return
	}
	switch {
	case secret.IsUnknown():
		resp.PlanValue = types.SetUnknown(types.StringType)
	case secret.IsNull() || len(secret.Elements()) == 0:
		resp.PlanValue = types.SetNull(types.StringType)
	default:
		names := make([]attr.Value, 0, len(secret.Elements()))
		for _, name := range sortedKeys(secret.Elements()) {
			names = append(names, types.StringValue(name))
		}
		resp.PlanValue = types.SetValueMust(types.StringType, names)
	}
}

// phoneNumberDigitsModifier plans the computed number. A Twilio, Vonage,
// Telnyx or BYO number is the one configured in its block, so a change there
// shows in the plan. A free number keeps the digits it was given: they change
// only with a new area code, which replaces the resource (and Terraform then
// plans the replacement from a null state, leaving the digits unknown).
type phoneNumberDigitsModifier struct{}

func (phoneNumberDigitsModifier) Description(context.Context) string {
	return "The number of the telephony block, or a free number's assigned digits, which do not change."
}

func (m phoneNumberDigitsModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (phoneNumberDigitsModifier) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.Plan.Raw.IsNull() || !req.PlanValue.IsUnknown() {
		return
	}
	for _, block := range []string{"twilio", "vonage", "telnyx", "byo"} {
		var blocks types.List
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root(block), &blocks)...)
		if resp.Diagnostics.HasError() || blocks.IsUnknown() {
			return
		}
		if len(blocks.Elements()) == 0 {
			continue
		}
		if obj, ok := blocks.Elements()[0].(types.Object); ok {
			if number, ok := obj.Attributes()["number"].(types.String); ok {
				resp.PlanValue = number
			}
		}
		return
	}
	if !req.State.Raw.IsNull() {
		resp.PlanValue = req.StateValue
	}
}

// stableStatus keeps an active number's status in the plan of an update, so
// that every update does not show it as "(known after apply)". Any other
// status (a free number still activating, a blocked one) may move during
// the apply, so it stays unknown until the API answers.
type stableStatus struct{}

func (stableStatus) Description(context.Context) string {
	return "An active number stays active through an update."
}

func (m stableStatus) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (stableStatus) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || !req.PlanValue.IsUnknown() {
		return
	}
	if req.StateValue.ValueString() == phoneNumberActive {
		resp.PlanValue = req.StateValue
	}
}

// requiresReplaceForAnotherOrg replaces the resource when org_id names another
// org; the same UUID in other letter case is the same org.
func requiresReplaceForAnotherOrg() planmodifier.String {
	const description = "Changing org_id to another org replaces the resource."
	return stringplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = req.PlanValue.IsUnknown() ||
				!strings.EqualFold(req.PlanValue.ValueString(), req.StateValue.ValueString())
		}, description, description)
}
