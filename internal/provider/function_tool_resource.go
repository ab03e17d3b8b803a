package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
)

var (
	_ resource.Resource                = (*functionToolResource)(nil)
	_ resource.ResourceWithConfigure   = (*functionToolResource)(nil)
	_ resource.ResourceWithIdentity    = (*functionToolResource)(nil)
	_ resource.ResourceWithImportState = (*functionToolResource)(nil)
)

const functionToolKind = "Function Tool"

// functionToolType is the API's tool type this resource manages.
const functionToolType = "function"

var functionNameRegexp = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)

// NewFunctionToolResource returns the vapi_function_tool resource.
func NewFunctionToolResource() resource.Resource {
	return &functionToolResource{}
}

type functionToolResource struct {
	data *providerData
}

type functionToolModel struct {
	ID          types.String         `tfsdk:"id"`
	OrgID       types.String         `tfsdk:"org_id"`
	Name        types.String         `tfsdk:"name"`
	Description types.String         `tfsdk:"description"`
	Parameters  jsontypes.Normalized `tfsdk:"parameters"`
	Strict      types.Bool           `tfsdk:"strict"`
	Async       types.Bool           `tfsdk:"async"`
	Server      []serverModel        `tfsdk:"server"`
}

var functionToolAPI = apiKind{name: functionToolKind, collection: vapi.PathTools, spec: "tool"}

func (r *functionToolResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_function_tool"
}

func (r *functionToolResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("function tool")
}

func (r *functionToolResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Vapi tool of type `function`: a function the assistant's model can call. Vapi " +
			"sends each call as a `tool-calls` event to the tool's `server.url`, or, when the tool has none, to the " +
			"assistant's, then the phone number's, then the org's server URL." +
			"\n\n**Importing.** " + importHeadersNote,
		Attributes: withFunctionAttributes(map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The tool's id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"org_id": schema.StringAttribute{
				MarkdownDescription: "The id of the organization that owns the tool.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		}, "1 to 64 letters, digits, `_` or `-`."),
		Blocks: map[string]schema.Block{
			"server": serverBlock("this tool's calls (`tool-calls` events)"),
		},
	}
}

func (r *functionToolResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *functionToolResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, cfg functionToolModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	body, diags := plan.toAPI(ctx, &cfg)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	body["type"] = functionToolType

	var tool vapi.FunctionTool
	resp.Diagnostics.Append(functionToolAPI.create(ctx, r.data, body, &tool)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(plan.fromAPI(ctx, &tool, &cfg)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.ID.ValueString())...)
}

func (r *functionToolResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state functionToolModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var tool vapi.FunctionTool
	if !functionToolAPI.read(ctx, r.data, state.ID.ValueString(), &tool, resp) {
		return
	}
	resp.Diagnostics.Append(state.fromAPI(ctx, &tool, nil)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *functionToolResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, cfg functionToolModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var tool vapi.FunctionTool
	resp.Diagnostics.Append(functionToolAPI.update(ctx, r.data, "Update", plan.ID.ValueString(),
		func(map[string]any) (map[string]any, diag.Diagnostics) { return plan.toAPI(ctx, &cfg) }, &tool)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(plan.fromAPI(ctx, &tool, &cfg)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.ID.ValueString())...)
}

func (r *functionToolResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state functionToolModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(functionToolAPI.delete(ctx, r.data, state.ID.ValueString())...)
}

func (r *functionToolResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughWithIdentity(ctx, path.Root("id"), path.Root("id"), req, resp)
}

// toAPI builds the body of a create or update, with nil for every unset
// managed field; cfg supplies the write-only secret headers.
func (m *functionToolModel) toAPI(ctx context.Context, cfg *functionToolModel) (map[string]any, diag.Diagnostics) {
	var diags diag.Diagnostics
	function := map[string]any{
		"name":        m.Name.ValueString(),
		"description": stringOrNil(m.Description),
		"strict":      boolOrNil(m.Strict),
	}
	function["parameters"] = nil
	if !m.Parameters.IsNull() && !m.Parameters.IsUnknown() {
		var params map[string]any
		diags.Append(m.Parameters.Unmarshal(&params)...)
		function["parameters"] = params
	}
	server, d := expandServer(ctx, m.Server, cfg.Server)
	diags.Append(d...)
	return map[string]any{
		"async":    boolOrNil(m.Async),
		"function": function,
		"server":   server,
	}, diags
}

// fromAPI reads the tool into m, which holds the plan or the prior state;
// cfg is the configuration after an apply, nil on refresh.
func (m *functionToolModel) fromAPI(ctx context.Context, t *vapi.FunctionTool, cfg *functionToolModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if t.Type != functionToolType {
		diags.AddError("Not a Function Tool",
			fmt.Sprintf("The Vapi tool %q is of type %q; vapi_function_tool manages only tools of type %q. If this "+
				"id was imported, import a function tool's id instead (the Vapi dashboard lists the tools by type).",
				t.ID, t.Type, functionToolType))
		return diags
	}
	m.ID = types.StringValue(t.ID)
	m.OrgID = types.StringValue(t.OrgID)
	m.Async = types.BoolValue(t.Async != nil && *t.Async)
	m.Name = types.StringNull()
	m.Description = types.StringNull()
	m.Parameters = jsontypes.NewNormalizedNull()
	m.Strict = types.BoolValue(false)
	if f := t.Function; f != nil {
		m.Name = types.StringValue(f.Name)
		m.Description = types.StringPointerValue(f.Description)
		if f.Strict != nil {
			m.Strict = types.BoolValue(*f.Strict)
		}
		if f.Parameters != nil {
			raw, err := json.Marshal(f.Parameters)
			if err != nil {
				diags.AddError("Unable to Read Function Tool", "The tool's parameters are not valid JSON: "+err.Error())
				return diags
			}
			m.Parameters = jsontypes.NewNormalizedValue(string(raw))
		}
	}
	var cfgServer []serverModel
	if cfg != nil {
		cfgServer = cfg.Server
	}
	server, d := flattenServer(ctx, t.Server, m.Server, cfgServer)
	diags.Append(d...)
	m.Server = server
	return diags
}

// withFunctionAttributes adds to attrs the attributes of a function's
// definition, which a standalone function tool and an inline one
// (model.function_tools) share; nameRule ends the description of name.
func withFunctionAttributes(attrs map[string]schema.Attribute, nameRule string) map[string]schema.Attribute {
	attrs["async"] = schema.BoolAttribute{
		MarkdownDescription: "When `true`, the model does not wait for the result of the call. Default `false`.",
		Optional:            true,
		Computed:            true,
		Default:             booldefault.StaticBool(false),
	}
	attrs["description"] = schema.StringAttribute{
		MarkdownDescription: "What the function does, for the model to decide when to call it.",
		Optional:            true,
	}
	attrs["name"] = schema.StringAttribute{
		MarkdownDescription: "The function's name, as the model calls it: " + nameRule,
		Required:            true,
		Validators:          []validator.String{functionNameValidator()},
	}
	attrs["parameters"] = schema.StringAttribute{
		MarkdownDescription: "The function's parameters as a JSON Schema object, as a JSON string " +
			"(use `jsonencode({...})`). Compared by meaning, so formatting and key order cause no diff.",
		CustomType: jsontypes.NormalizedType{},
		Optional:   true,
		Validators: []validator.String{functionParametersValidator{}},
	}
	attrs["strict"] = schema.BoolAttribute{
		MarkdownDescription: "Ask the model to follow `parameters` exactly (OpenAI structured outputs). Default `false`.",
		Optional:            true,
		Computed:            true,
		Default:             booldefault.StaticBool(false),
	}
	return attrs
}
