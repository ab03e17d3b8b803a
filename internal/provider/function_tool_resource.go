package provider

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
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
	_ resource.ResourceWithImportState = (*functionToolResource)(nil)
)

const functionToolKind = "Function Tool"

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
	Server      *serverModel         `tfsdk:"server"`
}

func (r *functionToolResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_function_tool"
}

func (r *functionToolResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Vapi tool of type `function`: a function the assistant's model can call. Vapi " +
			"sends each call as a `tool-calls` event to the tool's `server.url`, or, when the tool has none, to the " +
			"assistant's, then the phone number's, then the org's server URL.",
		Attributes: map[string]schema.Attribute{
			"async": schema.BoolAttribute{
				MarkdownDescription: "When `true`, the model does not wait for the result of the call. Default `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "What the function does, for the model to decide when to call it.",
				Optional:            true,
			},
			"id": schema.StringAttribute{
				MarkdownDescription: "The tool's id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The function's name, as the model calls it: 1 to 64 letters, digits, `_` or `-`.",
				Required:            true,
				Validators: []validator.String{stringvalidator.RegexMatches(functionNameRegexp,
					"must be 1 to 64 letters, digits, underscores or hyphens (no spaces), such as \"get_weather\"")},
			},
			"org_id": schema.StringAttribute{
				MarkdownDescription: "The id of the organization that owns the tool.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"parameters": schema.StringAttribute{
				MarkdownDescription: "The function's parameters as a JSON Schema object, as a JSON string " +
					"(use `jsonencode({...})`). Compared by meaning, so formatting and key order cause no diff.",
				CustomType: jsontypes.NormalizedType{},
				Optional:   true,
				Validators: []validator.String{jsonObjectValidator{}},
			},
			"server": serverSchemaAttribute("this tool's calls (`tool-calls` events)"),
			"strict": schema.BoolAttribute{
				MarkdownDescription: "Ask the model to follow `parameters` exactly (OpenAI structured outputs). Default `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
		},
	}
}

func (r *functionToolResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *functionToolResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan functionToolModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	body, diags := plan.toAPI(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	body["type"] = "function"

	var tool vapi.FunctionTool
	if err := r.data.client.Do(ctx, http.MethodPost, "/tool", dropNils(body), &tool); err != nil {
		resp.Diagnostics.Append(apiErrorDiag("Create", functionToolKind, err))
		return
	}
	resp.Diagnostics.Append(plan.fromAPI(ctx, &tool)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *functionToolResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state functionToolModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var tool vapi.FunctionTool
	if !readObject(ctx, r.data.client, functionToolKind, "/tool/"+state.ID.ValueString(), state.ID.ValueString(), &tool, resp) {
		return
	}
	resp.Diagnostics.Append(state.fromAPI(ctx, &tool)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *functionToolResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan functionToolModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	body, diags := plan.toAPI(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	toolPath := "/tool/" + plan.ID.ValueString()
	if plan.Server != nil {
		if err := mergeNestedWithCurrent(ctx, r.data.client, toolPath, body, "server"); err != nil {
			resp.Diagnostics.Append(apiErrorDiag("Update", functionToolKind, err))
			return
		}
	}

	var tool vapi.FunctionTool
	if err := r.data.client.Do(ctx, http.MethodPatch, toolPath, body, &tool); err != nil {
		resp.Diagnostics.Append(apiErrorDiag("Update", functionToolKind, err))
		return
	}
	resp.Diagnostics.Append(plan.fromAPI(ctx, &tool)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *functionToolResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state functionToolModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	deleteObject(ctx, r.data.client, functionToolKind, "/tool/"+state.ID.ValueString(), &resp.Diagnostics)
}

func (r *functionToolResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}

// toAPI builds the body of a create or update. The function object holds only
// managed fields, so it is sent whole; server is merged by the caller on update.
func (m *functionToolModel) toAPI(ctx context.Context) (map[string]any, diag.Diagnostics) {
	var diags diag.Diagnostics
	function := map[string]any{
		"name":        m.Name.ValueString(),
		"description": stringOrNil(m.Description),
		"strict":      boolOrNil(m.Strict),
	}
	if !m.Parameters.IsNull() && !m.Parameters.IsUnknown() {
		var params map[string]any
		diags.Append(m.Parameters.Unmarshal(&params)...)
		function["parameters"] = params
	}
	server, d := expandServer(ctx, m.Server)
	diags.Append(d...)
	return map[string]any{
		"async":    boolOrNil(m.Async),
		"function": dropNils(function),
		"server":   mapOrNil(server),
	}, diags
}

func (m *functionToolModel) fromAPI(ctx context.Context, t *vapi.FunctionTool) diag.Diagnostics {
	var diags diag.Diagnostics
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
	server, d := flattenServer(ctx, t.Server)
	diags.Append(d...)
	m.Server = server
	return diags
}
