package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
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
