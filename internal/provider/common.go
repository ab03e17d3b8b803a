package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
)

// providerDataFrom unpacks what the provider's Configure handed over. It is nil
// before the provider is configured (during validation), which the framework
// allows.
func providerDataFrom(raw any, diags *diag.Diagnostics) *providerData {
	if raw == nil {
		return nil
	}
	data, ok := raw.(*providerData)
	if !ok {
		diags.AddError("Unexpected Provider Data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", raw))
		return nil
	}
	return data
}

// mapOrNil keeps a nil map from turning into a non-nil interface holding a nil
// map, which mergeObject would treat as an empty object instead of a clear.
func mapOrNil(m map[string]any) any {
	if m == nil {
		return nil
	}
	return m
}

// mergeNestedWithCurrent reads the object at objectPath and merges each of the
// named nested objects of body over the value the API holds now (see
// mergeObject), so that an update keeps the nested fields it does not manage.
func mergeNestedWithCurrent(ctx context.Context, client *vapi.Client, objectPath string, body map[string]any, keys ...string) error {
	var current map[string]any
	if err := client.Do(ctx, http.MethodGet, objectPath, nil, &current); err != nil {
		return err
	}
	for _, key := range keys {
		if desired, ok := body[key].(map[string]any); ok {
			body[key] = mergeOver(current[key], desired)
		}
	}
	return nil
}

// jsonObjectValidator checks that a string holds a JSON object.
type jsonObjectValidator struct{}

func (jsonObjectValidator) Description(context.Context) string { return "must be a JSON object" }

func (v jsonObjectValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (jsonObjectValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var obj map[string]any
	if err := json.Unmarshal([]byte(req.ConfigValue.ValueString()), &obj); err != nil || obj == nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid JSON Object",
			fmt.Sprintf("Attribute %s must be a JSON object, such as jsonencode({ type = \"object\", properties = {} }).", req.Path))
	}
}

// replaceOnSwitch replaces the resource when one block of a one-of group is
// added or removed, that is when the object moves to another kind (an
// authentication plan's type, a phone number's provider): those are
// discriminators that a PATCH cannot change. choices lists the group for the
// plan's explanation; object names the resource.
func replaceOnSwitch(choices, object string) planmodifier.Object {
	description := "Switching between " + choices + " replaces the " + object + "."
	return objectplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.ObjectRequest, resp *objectplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = req.StateValue.IsNull() != req.PlanValue.IsNull()
		},
		strings.ReplaceAll(description, "`", ""),
		description,
	)
}
