package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
)

var (
	_ resource.Resource                = (*orgResource)(nil)
	_ resource.ResourceWithConfigure   = (*orgResource)(nil)
	_ resource.ResourceWithIdentity    = (*orgResource)(nil)
	_ resource.ResourceWithImportState = (*orgResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*orgResource)(nil)
)

const orgKind = "Org"

// orgForbiddenHint explains a 403 from the /org endpoints. They are missing
// from Vapi's public API reference and one report has them refused to a
// private API key, so this is a plausible answer, not a misconfiguration the
// user can see elsewhere.
const orgForbiddenHint = "This credential may not read or change the organization's settings: the /org endpoints " +

	"are not part of Vapi's public API reference and Vapi may refuse them to API keys. Either run Terraform with " +
	"a credential that Vapi lets manage the organization (a private key or JWT with access to the org settings), " +
	"or remove the vapi_org resource and set the server URL at the other levels instead: the `server` block of " +
	"vapi_phone_number, vapi_assistant or vapi_function_tool."

// orgHints say what 403 and 404 mean for an org, where the generic advice
// (check that the key owns the object) would mislead.
var orgHints = []statusHint{
	{status: http.StatusForbidden, text: orgForbiddenHint},
	{status: http.StatusNotFound, text: orgNotFoundHint},
}

// orgNotFoundHint explains a 404 on adopting or updating an org: orgs cannot
// be created through the API, so the only fix is another id.
const orgNotFoundHint = "No organization with this id is visible to the API key. `org_id` (or the imported id) " +

	"must be the id of the organization the API key belongs to; remove `org_id` to use the key's own org. " +
	"An organization cannot be created or restored by this provider."

// NewOrgResource returns the vapi_org resource.
func NewOrgResource() resource.Resource {
	return &orgResource{}
}

type orgResource struct {
	data *providerData
}

type orgModel struct {
	ID     types.String  `tfsdk:"id"`
	Name   types.String  `tfsdk:"name"`
	OrgID  types.String  `tfsdk:"org_id"`
	Server []serverModel `tfsdk:"server"`
}

var orgAPI = apiKind{name: orgKind, collection: vapi.PathOrgs, hints: orgHints, spec: "org"}

func (r *orgResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_org"
}

func (r *orgResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("organization")
}

func (r *orgResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The org-wide settings of an existing Vapi organization: its `server` (the org's " +
			"server URL, which receives every event that no function tool, assistant or phone number sends " +
			"elsewhere) and its `name`.\n\n" +
			"Creating this resource adopts the org; it never creates one. The configuration is the whole truth " +
			"about the org's server URL: a `vapi_org` without a `server` block clears the org's server URL on " +
			"create, as removing the block does later. Destroying the resource clears the org's server URL and " +
			"leaves the org itself in place. No other org setting (billing limit, concurrency limit, HIPAA, ...) " +
			"is ever sent.\n\n" +
			"Manage an org with exactly one `vapi_org`, in one configuration: two would overwrite each other's " +
			"settings, and destroying either clears the server URL of both.\n\n" +
			"The `/org` endpoints are missing from Vapi's public API reference and may be refused to API keys " +
			"(HTTP 403). Then set the server URL on phone numbers, assistants or function tools instead." +
			"\n\n**Importing.** " + importHeadersNote,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The org's id, the same as `org_id`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The org's name, at most 40 characters. When unset, the name is left as it " +
					"is and read into the state; removing it from the configuration leaves the current name in place.",
				Optional: true,
				Computed: true,
				// The API knows the name of an adopted org; reading it keeps the
				// plan quiet after create and import when the config leaves it out.
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				Validators:    []validator.String{stringvalidator.LengthAtMost(40)},
			},
			"org_id": schema.StringAttribute{
				MarkdownDescription: "The id of the org to manage (Vapi dashboard: Organization Settings, " +
					"\"Organization ID\"). Defaults to the org the API key belongs to. Changing it replaces the " +
					"resource: the old org's server URL is cleared and the new org adopted. Removing it from the " +
					"configuration keeps managing the org already in the state.",
				Optional: true,
				Computed: true,
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.UseStateForUnknown(),
					requiresReplaceForAnotherOrg(),
				},
				Validators: []validator.String{idValidator(idOfOrg)},
			},
		},
		Blocks: map[string]schema.Block{
			"server": serverBlock("the whole organization, the last fallback after the function tool, " +
				"assistant and phone number levels"),
		},
	}
}

func (r *orgResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan warns, in the plan of the adoption, about the server URL the
// org has now: the configuration is the whole truth about it, so the apply
// replaces it, or removes it when there is no server block. A production
// webhook set in the dashboard must not go without a word. When the org
// cannot be read, the warning says that an existing URL would be replaced.
func (r *orgResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var plan, cfg orgModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	// org_id is unknown until the apply when the configuration leaves it to
	// the API key: the key's org is found now instead.
	if resp.Diagnostics.HasError() || cfg.OrgID.IsUnknown() {
		return
	}
	planned := types.StringNull()
	if s := first(plan.Server); s != nil {
		planned = s.URL
	}
	if planned.IsUnknown() {
		return
	}
	var org vapi.Org
	orgID, err := cfg.OrgID.ValueString(), error(nil)
	if orgID == "" {
		orgID, err = r.data.orgs.orgID(ctx)
	}
	if err == nil {
		err = r.data.client.Do(ctx, http.MethodGet, orgAPI.objectPath(orgID), nil, &org)
	}
	if err != nil {
		resp.Diagnostics.AddAttributeWarning(path.Root("server"), "Org Server URL Not Checked",
			"Adopting the org sets its server URL to exactly what this configuration says ("+
				describeURL(planned)+"), replacing any server URL set outside Terraform, such as one set in the "+
				"dashboard. The org could not be read to tell whether it has one: "+apiErrorDetail(orgKind, err))
		return
	}
	current := ""
	if org.Server != nil {
		current = org.Server.URL
	}
	switch {
	case current == "" || current == planned.ValueString():
	case planned.IsNull():
		resp.Diagnostics.AddAttributeWarning(path.Root("server"), "Org Server URL Will Be Removed",
			fmt.Sprintf("The org %s has the server URL %q, set outside Terraform. This configuration has no "+
				"server block, so the apply removes it and the events that no function tool, assistant or phone "+
				"number routes are no longer sent. To keep it, add a server block with url = %q.",
				orgID, current, current))
	default:
		resp.Diagnostics.AddAttributeWarning(path.Root("server"), "Org Server URL Will Be Replaced",
			fmt.Sprintf("The org %s has the server URL %q, set outside Terraform; the apply replaces it with %q.",
				orgID, current, planned.ValueString()))
	}
}

// describeURL words a planned server URL for a message.
func describeURL(u types.String) string {
	if u.IsNull() {
		return "no server URL at all, since there is no server block"
	}
	return fmt.Sprintf("%q", u.ValueString())
}

// Create adopts the org: it sets what the configuration manages and nothing
// else. server is always sent, null when there is no block, so that after the
// apply the org has exactly the configured server URL; leaving an existing one
// would show as a diff on the next plan and be cleared by the second apply.
// ModifyPlan warns, at plan time, about a server URL this replaces.
func (r *orgResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, cfg orgModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	orgID, diags := r.data.orgs.resolve(ctx, plan.OrgID, path.Root("org_id"))
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	var org vapi.Org
	resp.Diagnostics.Append(orgAPI.update(ctx, r.data, "Adopt", orgID, plan.builder(ctx, &cfg), &org)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(plan.fromAPI(ctx, &org, &cfg)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.ID.ValueString())...)
}

func (r *orgResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state orgModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var org vapi.Org
	if !orgAPI.read(ctx, r.data, state.ID.ValueString(), &org, resp) {
		return
	}
	resp.Diagnostics.Append(state.fromAPI(ctx, &org, nil)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *orgResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, cfg orgModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var org vapi.Org
	resp.Diagnostics.Append(orgAPI.update(ctx, r.data, "Update", plan.ID.ValueString(), plan.builder(ctx, &cfg), &org)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(plan.fromAPI(ctx, &org, &cfg)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.ID.ValueString())...)
}

// Delete clears the org's server URL. The org itself stays: it was adopted,
// not created, and the API key could not delete it anyway.
func (r *orgResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state orgModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	err := r.data.client.Do(ctx, http.MethodPatch, orgAPI.objectPath(state.ID.ValueString()), map[string]any{"server": nil}, nil)
	if err != nil && !vapi.IsNotFound(err) {
		resp.Diagnostics.Append(apiErrorDiag("Clear", "the Org's Server URL", err, orgHints...))
	}
}

func (r *orgResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	// An import block with an identity leaves the import id empty: the org
	// id comes from the identity then.
	id, diags := importedID(ctx, req)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !uuidRegexp.MatchString(id) {
		resp.Diagnostics.AddError("Invalid Import ID",
			fmt.Sprintf("A vapi_org is imported by the org's id, a UUID (Vapi dashboard: Organization Settings, "+
				"\"Organization ID\"); got %q.", id))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("org_id"), id)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, id)...)
}

// builder returns the update body of the org: server always (null clears
// it), name only when the configuration writes one. The plan also holds the
// name read from the API when the configuration leaves it out, and sending
// that back could overwrite a rename made in the meantime. No other
// UpdateOrgDTO property is ever sent, so billing, concurrency and compliance
// settings stay as they are.
func (m *orgModel) builder(ctx context.Context, cfg *orgModel) func(map[string]any) (map[string]any, diag.Diagnostics) {
	return func(map[string]any) (map[string]any, diag.Diagnostics) {
		server, diags := expandServer(ctx, m.Server, cfg.Server)
		body := map[string]any{"server": server}
		if !cfg.Name.IsNull() {
			body["name"] = m.Name.ValueString()
		}
		return body, diags
	}
}

// fromAPI reads the org into m (the plan or the prior state); cfg is the
// configuration after an apply, nil on refresh.
func (m *orgModel) fromAPI(ctx context.Context, o *vapi.Org, cfg *orgModel) diag.Diagnostics {
	m.ID = types.StringValue(o.ID)
	// A UUID written in capitals names the same org; keeping the configured
	// spelling avoids an inconsistent result and a replacement on the next plan.
	if !strings.EqualFold(m.OrgID.ValueString(), o.ID) {
		m.OrgID = types.StringValue(o.ID)
	}
	m.Name = types.StringPointerValue(o.Name)
	var cfgServer []serverModel
	if cfg != nil {
		cfgServer = cfg.Server
	}
	server, diags := flattenServer(ctx, o.Server, m.Server, cfgServer)
	m.Server = server
	return diags
}
