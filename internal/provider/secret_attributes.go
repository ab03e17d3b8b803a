package provider

import (
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
