package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Every secret has three attributes: NAME (sensitive, kept in state), NAME_wo
// (write-only: sent to the API, never stored) and NAME_wo_version (bump it to
// send a new NAME_wo, since Terraform cannot compare a value it does not keep).
// Vapi never returns secrets, so none of them is read back: a change made to a
// secret outside Terraform cannot be detected.

// secretAttributes returns the three attributes of the secret name. With
// required, exactly one of NAME and NAME_wo must be set; otherwise at most one.
// extra validators apply to both value attributes.
func secretAttributes(name, description string, required bool, extra ...validator.String) map[string]schema.Attribute {
	wo := name + "_wo"
	version := name + "_wo_version"
	choice := " Set this or `" + wo + "`, not both."
	if required {
		choice = " Set exactly one of this and `" + wo + "`."
	}
	return map[string]schema.Attribute{
		name: schema.StringAttribute{
			MarkdownDescription: description + " Sensitive; Vapi never returns it, so it is kept in state only as " +
				"configured." + choice + " Prefer `" + wo + "`, which keeps the secret out of the state.",
			Optional:   true,
			Sensitive:  true,
			Validators: append([]validator.String{secretChoice{name: name, required: required}}, extra...),
		},
		wo: schema.StringAttribute{
			MarkdownDescription: description + " Write-only: sent to Vapi but never stored in the plan or state " +
				"(Terraform 1.11 and OpenTofu 1.11 or later). Change `" + version + "` to send a new value.",
			Optional:   true,
			Sensitive:  true,
			WriteOnly:  true,
			Validators: extra,
		},
		version: schema.Float64Attribute{
			MarkdownDescription: "A number to change whenever `" + wo + "` changes, which makes Terraform send it again.",
			Optional:            true,
			Validators:          []validator.Float64{wholeNumberAtLeast(0), writeOnlyVersionOf(wo)},
		},
	}
}

// secretChoice checks, on the NAME attribute of a secret, that NAME and
// NAME_wo are not both set and, when the secret is required, that one is:
// in words a user can act on, where the framework's ExactlyOneOf would print
// its path expressions.
type secretChoice struct {
	name     string
	required bool
}

func (v secretChoice) Description(context.Context) string {
	if v.required {
		return "exactly one of " + v.name + " and " + v.name + "_wo must be set"
	}
	return v.name + " and " + v.name + "_wo must not both be set"
}

func (v secretChoice) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v secretChoice) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	wo := v.name + "_wo"
	var woValue types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, siblingPath(req.Path, wo), &woValue)...)
	if resp.Diagnostics.HasError() || req.ConfigValue.IsUnknown() || woValue.IsUnknown() {
		return
	}
	block := req.Path.ParentPath()
	switch {
	case !req.ConfigValue.IsNull() && !woValue.IsNull():
		resp.Diagnostics.AddAttributeError(req.Path, "Secret Set Twice",
			fmt.Sprintf("Attribute %s and %s are both set. Keep one: %s (write-only, never stored in the state; "+
				"change %s_version to send a new value) or %s.", req.Path, siblingPath(req.Path, wo), wo, wo, v.name))
	case v.required && req.ConfigValue.IsNull() && woValue.IsNull():
		resp.Diagnostics.AddAttributeError(block, "Missing Secret",
			fmt.Sprintf("The block %s needs its secret: set %s (write-only, kept out of the state; add %s_version "+
				"= 1 and change it whenever the secret changes) or %s. Vapi never returns secrets, so an "+
				"imported or generated configuration has to supply it.", block, wo, wo, v.name))
	}
}

// writeOnlyVersionOf checks that a NAME_wo_version is set only with the
// write-only attribute whose changes it announces.
func writeOnlyVersionOf(wo string) validator.Float64 { return woVersion{wo: wo} }

type woVersion struct{ wo string }

func (v woVersion) Description(context.Context) string { return "needs " + v.wo }

func (v woVersion) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v woVersion) ValidateFloat64(ctx context.Context, req validator.Float64Request, resp *validator.Float64Response) {
	if req.ConfigValue.IsNull() {
		return
	}
	at := siblingPath(req.Path, v.wo)
	var woValue attr.Value
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, at, &woValue)...)
	if resp.Diagnostics.HasError() || !woValue.IsNull() {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Version Without Write-Only Value",
		fmt.Sprintf("Attribute %s is set but %s is not. The version only tells Terraform when to send %s again; "+
			"set %s, or remove %s.", req.Path, at, v.wo, v.wo, req.Path))
}

// secretFrom picks the secret to send: the stored value, or the write-only one
// from the configuration. nil when neither is set.
func secretFrom(stored, writeOnly types.String) any {
	if v := stringOrNil(stored); v != nil {
		return v
	}
	return stringOrNil(writeOnly)
}

// mergeAttributes merges attribute maps; later maps win.
func mergeAttributes(maps ...map[string]schema.Attribute) map[string]schema.Attribute {
	out := map[string]schema.Attribute{}
	for _, m := range maps {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}
