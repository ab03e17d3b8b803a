package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
)

// Function tools that live inside an assistant (model.tools[] entries of
// type "function"), each with its own server: the function-tool level of
// the routing priority, for the assistant's calls.

// inlineFunctionToolModel is one function_tools block.
type inlineFunctionToolModel struct {
	Async       types.Bool           `tfsdk:"async"`
	Description types.String         `tfsdk:"description"`
	Name        types.String         `tfsdk:"name"`
	Parameters  jsontypes.Normalized `tfsdk:"parameters"`
	Server      []serverModel        `tfsdk:"server"`
	Strict      types.Bool           `tfsdk:"strict"`
}

// functionToolsBlock is the schema of model.function_tools: repeated, in
// order, managed whole.
func functionToolsBlock() schema.ListNestedBlock {
	return schema.ListNestedBlock{
		MarkdownDescription: "Function tools that live inside the assistant (Vapi's `model.tools` entries of type " +
			"`function`), in order; each may have its own `server`, which receives its `tool-calls` before the " +
			"assistant's. The inline function tools are managed whole: one added in the dashboard shows in the next " +
			"plan as a change that removes it. Inline tools of other types (`endCall`, `transferCall`, ...) set " +
			"outside Terraform are kept. Changing a tool here, its `server` included, is an update of the assistant.",
		Validators: []validator.List{uniqueFunctionNames{}},
		NestedObject: schema.NestedBlockObject{
			Attributes: withFunctionAttributes(map[string]schema.Attribute{},
				"1 to 64 letters, digits, `_` or `-`, unique among the assistant's function tools."),
			Blocks: map[string]schema.Block{
				"server": serverBlock("this inline tool's calls (`tool-calls` events)"),
			},
		},
	}
}

// functionToolsToAPI returns the model's tools: the inline tools of other
// types held now (existing), kept in their order, then the configured
// function tools in theirs. Each configured tool is laid over the function
// tool of the same name held now, so that what the configuration does not
// manage (its messages, its server's other fields) is kept. cfg holds the
// same blocks as configured, for the write-only secret headers.
func functionToolsToAPI(ctx context.Context, tools, cfg []inlineFunctionToolModel, existing any, diags *diag.Diagnostics) []any {
	current, _ := existing.([]any)
	held := map[string]map[string]any{}
	out := []any{}
	for _, t := range current {
		entry, ok := t.(map[string]any)
		if !ok {
			continue
		}
		if entry["type"] != functionToolType {
			out = append(out, entry)
			continue
		}
		if name, ok := field(entry, "function", "name").(string); ok {
			held[name] = entry
		}
	}
	for i, t := range tools {
		function := map[string]any{
			"name":        t.Name.ValueString(),
			"description": stringOrNil(t.Description),
			"strict":      boolOrNil(t.Strict),
			"parameters":  nil,
		}
		if !t.Parameters.IsNull() && !t.Parameters.IsUnknown() {
			var params map[string]any
			diags.Append(t.Parameters.Unmarshal(&params)...)
			function["parameters"] = params
		}
		var cfgServer []serverModel
		if i < len(cfg) {
			cfgServer = cfg[i].Server
		}
		server, d := expandServer(ctx, t.Server, cfgServer)
		diags.Append(d...)
		desired := map[string]any{
			"type":     functionToolType,
			"async":    boolOrNil(t.Async),
			"function": function,
			"server":   server,
		}
		out = append(out, mergeOver(held[t.Name.ValueString()], desired))
	}
	return out
}

// functionToolsFromAPI reads the model's inline function tools, in order.
// prior holds the blocks as planned or last stored (matched by name: they
// supply what Vapi does not return), cfg the configuration after an apply.
func functionToolsFromAPI(ctx context.Context, tools []vapi.InlineTool, prior, cfg []inlineFunctionToolModel) ([]inlineFunctionToolModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	byName := func(blocks []inlineFunctionToolModel, name string) []serverModel {
		for _, b := range blocks {
			if b.Name.ValueString() == name {
				return b.Server
			}
		}
		return nil
	}
	var out []inlineFunctionToolModel
	for _, t := range tools {
		if t.Type != functionToolType || t.Function == nil {
			continue
		}
		m := inlineFunctionToolModel{
			Name:        types.StringValue(t.Function.Name),
			Description: types.StringPointerValue(t.Function.Description),
			Parameters:  jsontypes.NewNormalizedNull(),
			Strict:      boolOr(t.Function.Strict, false),
			Async:       boolOr(t.Async, false),
		}
		if t.Function.Parameters != nil {
			raw, err := json.Marshal(t.Function.Parameters)
			if err != nil {
				diags.AddError("Unable to Read Assistant", "An inline tool's parameters are not valid JSON: "+err.Error())
				return nil, diags
			}
			m.Parameters = jsontypes.NewNormalizedValue(string(raw))
		}
		server, d := flattenServer(ctx, t.Server, byName(prior, t.Function.Name), byName(cfg, t.Function.Name))
		diags.Append(d...)
		m.Server = server
		out = append(out, m)
	}
	return out, diags
}
