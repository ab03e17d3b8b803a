package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vapi-community/terraform-provider-vapi/internal/catalog"
	"github.com/vapi-community/terraform-provider-vapi/internal/routing"
	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
)

var (
	_ datasource.DataSource              = (*effectiveServerURLDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*effectiveServerURLDataSource)(nil)
)

// NewEffectiveServerURLDataSource returns the vapi_effective_server_url data
// source.
func NewEffectiveServerURLDataSource() datasource.DataSource {
	return &effectiveServerURLDataSource{}
}

// effectiveServerURLDataSource applies the routing rule of package routing to
// the objects it reads from the API. The effective_server_url provider
// function applies the same rule to literal URLs.
type effectiveServerURLDataSource struct {
	data *providerData
}

type effectiveServerURLModel struct {
	AssistantID    types.String  `tfsdk:"assistant_id"`
	Chain          types.List    `tfsdk:"chain"`
	CredentialID   types.String  `tfsdk:"credential_id"`
	Event          types.String  `tfsdk:"event"`
	FunctionName   types.String  `tfsdk:"function_name"`
	FunctionToolID types.String  `tfsdk:"function_tool_id"`
	OrgID          types.String  `tfsdk:"org_id"`
	PhoneNumberID  types.String  `tfsdk:"phone_number_id"`
	Source         types.String  `tfsdk:"source"`
	Subscribed     types.Bool    `tfsdk:"subscribed"`
	TimeoutSeconds types.Float64 `tfsdk:"timeout_seconds"`
	URL            types.String  `tfsdk:"url"`
}

type effectiveServerURLChainModel struct {
	CredentialID types.String `tfsdk:"credential_id"`
	ID           types.String `tfsdk:"id"`
	Inline       types.Bool   `tfsdk:"inline"`
	Level        types.String `tfsdk:"level"`
	URL          types.String `tfsdk:"url"`
}

var effectiveServerURLChainType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"credential_id": types.StringType,
	"id":            types.StringType,
	"inline":        types.BoolType,
	"level":         types.StringType,
	"url":           types.StringType,
}}

// routedLevels names, for each level, the argument that identifies its
// object and the object's kind as users know it.
var routedLevels = map[routing.Level]struct{ arg, kind string }{
	routing.LevelFunctionTool: {"function_tool_id", functionToolKind},
	routing.LevelAssistant:    {"assistant_id", "Assistant"},
	routing.LevelPhoneNumber:  {"phone_number_id", "Phone Number"},
	routing.LevelOrg:          {"org_id", "Org"},
}

func (d *effectiveServerURLDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_effective_server_url"
}

func (d *effectiveServerURLDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	idValidators := func(example string) []validator.String {
		return []validator.String{stringvalidator.RegexMatches(uuidRegexp, "must be a UUID, such as the id of a "+example)}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Tells where Vapi sends a server event (webhook): reads the function tool, assistant, " +
			"phone number and org from the API and applies Vapi's priority rule to their `server` settings.\n\n" +
			"Vapi sends each event to exactly one URL: the `server.url` of the first level, in the order below, " +
			"that has one, among the levels that can receive the event:\n\n" +
			"| Event | Levels, highest priority first |\n" +
			"|---|---|\n" +
			"| `tool-calls`, `function-call` | function tool, assistant, phone number, org |\n" +
			"| `assistant-request` | phone number, org (it is sent before any assistant is chosen) |\n" +
			"| every other event | assistant, phone number, org |\n\n" +
			"A level whose id is not given counts as having no server URL, except the org, which defaults to the " +
			"API key's own. The winning level's whole `server` applies: its `credential_id` and `timeout_seconds` " +
			"are never mixed with a lower level's.\n\n" +
			"**When it is read.** A data source is read when Terraform reads it: at plan time, unless its arguments " +
			"are unknown or a resource in its `depends_on` has changes. Passing ids does not defer it (an in-place " +
			"change keeps the ids known), so without `depends_on` it shows the routing *before* the apply. Two " +
			"patterns:\n\n" +
			"- *Where will events go after this apply?* Use `provider::vapi::effective_server` over the resources' " +
			"planned `server` blocks: it is computed in the plan, which is what a reviewer of a pull request reads.\n" +
			"- *Where do events go now?* Use this data source with `depends_on` listing the level resources: it is " +
			"read after the apply whenever one of them changes, and reads what Vapi holds (including settings made " +
			"outside Terraform and whether the assistant subscribes to the event).\n\n" +
			"The objects are read in parallel, so the answer costs one API round trip; when the assistant is " +
			"taken from the phone number (`assistant_id` unset), it is read once the phone number is known, which " +
			"makes two; `function_name` reads the assistant's standalone tools too.",
		Attributes: map[string]schema.Attribute{
			"assistant_id": schema.StringAttribute{
				MarkdownDescription: "The assistant that takes the call. When unset and `phone_number_id` is set, the " +
					"phone number's own assistant is used, and its id is exported here. Not used for " +
					"`assistant-request`, which is sent before any assistant is chosen.",
				Optional:   true,
				Computed:   true,
				Validators: idValidators("vapi_assistant"),
			},
			"chain": schema.ListNestedAttribute{
				MarkdownDescription: "Every level the event can use, highest priority first, whether or not it has a " +
					"server URL; the first one with a `url` is the winner.",
				Computed: true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"credential_id": schema.StringAttribute{
						MarkdownDescription: "The level's `server.credential_id`, or `null`.",
						Computed:            true,
					},
					"id": schema.StringAttribute{
						MarkdownDescription: "The id of the level's object, or `null` when no object was given for it. " +
							"For an inline function tool, the assistant's id.",
						Computed: true,
					},
					"inline": schema.BoolAttribute{
						MarkdownDescription: "`true` for a function tool that lives inside the assistant " +
							"(`model.function_tools`), found by `function_name`.",
						Computed: true,
					},
					"level": schema.StringAttribute{
						MarkdownDescription: "The level: `function_tool`, `assistant`, `phone_number` or `org`.",
						Computed:            true,
					},
					"url": schema.StringAttribute{
						MarkdownDescription: "The level's `server.url`, or `null` when it has none.",
						Computed:            true,
					},
				}},
			},
			"credential_id": schema.StringAttribute{
				MarkdownDescription: "The `server.credential_id` of the winning level, which Vapi uses to authenticate " +
					"to `url`. `null` when that level sets none (Vapi then picks one of the organization's credentials " +
					"by itself) or when `source` is `none`.",
				Computed: true,
			},
			"event": schema.StringAttribute{
				MarkdownDescription: "The server message type to route. One of " +
					catalog.Enum[string](routing.ValidEvents()).Markdown() + ".",
				Required:   true,
				Validators: []validator.String{serverEventValidator{}},
			},
			"function_name": schema.StringAttribute{
				MarkdownDescription: "The name of a function the assistant calls, instead of `function_tool_id`: one of " +
					"its inline `model.function_tools`, or a standalone tool in its `model.tool_ids` or pinned in " +
					"its `model.toolRefs`. The matching tool is the function-tool level. Needs the assistant " +
					"(`assistant_id`, or `phone_number_id` whose assistant is used). An inline and a standalone tool " +
					"of the same name are an error, since Vapi does not document which wins; a tool pinned by " +
					"`toolRefs` gets a warning that the pinned version's server applies.",
				Optional:   true,
				Validators: []validator.String{functionNameValidator(), stringvalidator.ConflictsWith(path.MatchRoot("function_tool_id"))},
			},
			"function_tool_id": schema.StringAttribute{
				MarkdownDescription: "The function tool whose calls are routed. Only `tool-calls` and `function-call` " +
					"events can reach a tool's server; for other events it is not read. A warning says so when the " +
					"tool is not in the assistant's `model.tool_ids`.",
				Optional:   true,
				Validators: idValidators("vapi_function_tool"),
			},
			"org_id": schema.StringAttribute{
				MarkdownDescription: "The organization. Defaults to the API key's own, whose id is exported here. " +
					"Vapi may refuse its `/org` endpoints to API keys: then, without `org_id`, the data source still " +
					"answers (with a warning) when a higher level has a server URL, and fails otherwise.",
				Optional:   true,
				Computed:   true,
				Validators: idValidators("Vapi organization (Organization Settings in the dashboard)"),
			},
			"phone_number_id": schema.StringAttribute{
				MarkdownDescription: "The phone number the call comes through.",
				Optional:            true,
				Validators:          idValidators("vapi_phone_number"),
			},
			"source": schema.StringAttribute{
				MarkdownDescription: "The level `url` comes from: `function_tool`, `assistant`, `phone_number`, `org`, " +
					"or `none` when no level that can receive the event has a server URL.",
				Computed: true,
			},
			"subscribed": schema.BoolAttribute{
				MarkdownDescription: "Whether Vapi sends the event at all: `false` when the assistant's " +
					"`server_messages` leave it out (an assistant that does not set them gets the API's default list, " +
					"and so does a call whose assistant is not known here). `assistant-request` is sent only for a " +
					"phone number with none of an assistant, a squad or a workflow of its own: with one, Vapi never " +
					"asks, and `subscribed` is `false`.",
				Computed: true,
			},
			"timeout_seconds": schema.Float64Attribute{
				MarkdownDescription: fmt.Sprintf("How long Vapi waits for an answer: the winning level's "+
					"`server.timeout_seconds`, or %d, the API's default, when it sets none; `null` when `source` is "+
					"`none`. For `assistant-request` Vapi waits 7.5 seconds regardless of this value.",
					defaultServerTimeoutSeconds),
				Computed: true,
			},
			"url": schema.StringAttribute{
				MarkdownDescription: "The URL Vapi sends the event to, or `null` when `source` is `none`.",
				Computed:            true,
			},
		},
	}
}

func (d *effectiveServerURLDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *effectiveServerURLDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m effectiveServerURLModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	answer, diags := resolveEffectiveServerURL(ctx, d.data, effectiveServerURLQuery{
		Event:          m.Event.ValueString(),
		FunctionToolID: m.FunctionToolID.ValueString(),
		FunctionName:   m.FunctionName.ValueString(),
		AssistantID:    m.AssistantID.ValueString(),
		PhoneNumberID:  m.PhoneNumberID.ValueString(),
		OrgID:          m.OrgID.ValueString(),
	})
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(m.fromAnswer(ctx, answer)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// fromAnswer fills the computed attributes. An id given in the configuration
// is kept as given, so only unset ones take what was found.
func (m *effectiveServerURLModel) fromAnswer(ctx context.Context, a effectiveServerURLAnswer) diag.Diagnostics {
	if m.AssistantID.IsNull() {
		m.AssistantID = routedString(a.AssistantID)
	}
	if m.OrgID.IsNull() {
		m.OrgID = routedString(a.OrgID)
	}
	m.Source = types.StringValue(string(a.Source))
	m.Subscribed = types.BoolValue(a.Subscribed)
	m.URL = types.StringNull()
	m.CredentialID = types.StringNull()
	m.TimeoutSeconds = types.Float64Null()
	if a.Source != routing.SourceNone {
		m.URL = types.StringValue(a.URL)
		m.CredentialID = routedString(a.CredentialID)
		timeout := float64(defaultServerTimeoutSeconds)
		if a.TimeoutSeconds != nil {
			timeout = *a.TimeoutSeconds
		}
		m.TimeoutSeconds = types.Float64Value(timeout)
	}
	chain := make([]effectiveServerURLChainModel, len(a.Chain))
	for i, entry := range a.Chain {
		chain[i] = effectiveServerURLChainModel{
			CredentialID: routedString(entry.CredentialID),
			ID:           routedString(entry.ID),
			Inline:       types.BoolValue(entry.Inline),
			Level:        types.StringValue(string(entry.Level)),
			URL:          routedString(entry.URL),
		}
	}
	var diags diag.Diagnostics
	m.Chain, diags = types.ListValueFrom(ctx, effectiveServerURLChainType, chain)
	return diags
}

func routedString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// effectiveServerURLQuery is what one vapi_effective_server_url asks; an
// argument that is not set is "".
type effectiveServerURLQuery struct {
	Event          string
	FunctionToolID string
	FunctionName   string
	AssistantID    string
	PhoneNumberID  string
	OrgID          string
}

// effectiveServerURLAnswer is the routing result, with the ids that were
// found rather than given.
type effectiveServerURLAnswer struct {
	routing.Result
	// AssistantID is the assistant that was read: the one given or the phone
	// number's; "" when none was.
	AssistantID string
	// OrgID is the org that was read; "" when it could not be.
	OrgID string
}

// The objects are decoded into these small types rather than the vapi
// package's: routing must tell an assistant's serverMessages that are unset
// (the API's defaults) from an empty list (no events at all), which
// vapi.Assistant's omitempty slice cannot, and it needs a model's toolRefs.

// routedObject is what routing reads from any level's object.
type routedObject struct {
	ID     string       `json:"id"`
	Server *vapi.Server `json:"server"`
}

func (o *routedObject) destination() routing.Destination {
	dest := routing.Destination{ID: o.ID}
	if s := o.Server; s != nil {
		dest.URL = s.URL
		if s.CredentialID != nil {
			dest.CredentialID = *s.CredentialID
		}
		dest.TimeoutSeconds = s.TimeoutSeconds
	}
	return dest
}

type routedAssistant struct {
	routedObject
	ServerMessages *[]string `json:"serverMessages"`
	Model          *struct {
		ToolIDs  []string `json:"toolIds"`
		ToolRefs []struct {
			ToolID string `json:"toolId"`
		} `json:"toolRefs"`
		Tools []vapi.InlineTool `json:"tools"`
	} `json:"model"`
}

// hasTool reports whether the assistant's model can call the saved tool id,
// by id or through a version-pinned reference.
func (a *routedAssistant) hasTool(id string) bool {
	if a.Model == nil {
		return false
	}
	if slices.Contains(a.Model.ToolIDs, id) {
		return true
	}
	for _, ref := range a.Model.ToolRefs {
		if ref.ToolID == id {
			return true
		}
	}
	return false
}

type routedPhoneNumber struct {
	routedObject
	AssistantID *string `json:"assistantId"`
	SquadID     *string `json:"squadId"`
	WorkflowID  *string `json:"workflowId"`
}

// answers reports whether the phone number has an assistant, a squad or a
// workflow of its own; then Vapi never sends assistant-request for it.
func (p *routedPhoneNumber) answers() bool {
	for _, id := range []*string{p.AssistantID, p.SquadID, p.WorkflowID} {
		if id != nil && *id != "" {
			return true
		}
	}
	return false
}

func (p *routedPhoneNumber) assistantID() string {
	if p.AssistantID == nil {
		return ""
	}
	return *p.AssistantID
}

func getRouted[T any](ctx context.Context, client *vapi.Client, objectPath string) (*T, error) {
	var out T
	if err := client.Do(ctx, http.MethodGet, objectPath, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// readRoutedOrg reads the org with the given id, or else the API key's own.
// GET /org answers with the key's org, server included, in one round trip,
// where finding its id first (orgFinder) and then reading it would take two.
// Only when that list is not the one org does the finder decide.
func readRoutedOrg(ctx context.Context, data *providerData, id string) (*routedObject, error) {
	if id != "" {
		return getRouted[routedObject](ctx, data.client, vapi.ObjectPath(vapi.PathOrgs, id))
	}
	orgs, err := listOrgs[routedObject](ctx, data.client)
	if err != nil {
		return nil, err
	}
	if len(orgs) == 1 && orgs[0].ID != "" {
		return &orgs[0], nil
	}
	found, err := data.orgs.orgID(ctx)
	if err != nil {
		return nil, err
	}
	return getRouted[routedObject](ctx, data.client, vapi.ObjectPath(vapi.PathOrgs, found))
}

// resolveEffectiveServerURL reads the levels q.Event can use and applies the
// routing rule to them: the data source's Read without the Terraform types.
//
// A plan may hold many of these data sources, so latency matters: every read
// starts at once and the answer costs one round trip. The one dependent read
// is the assistant taken from the phone number when q.AssistantID is unset:
// it starts as soon as the phone number arrives, so that case costs two.
// Levels the event cannot use are not read; the assistant is read for every
// event that can reach it, which is also every event its serverMessages gate.
func resolveEffectiveServerURL(ctx context.Context, data *providerData, q effectiveServerURLQuery) (effectiveServerURLAnswer, diag.Diagnostics) {
	var diags diag.Diagnostics
	considered, err := routing.LevelsFor(q.Event)
	if err != nil {
		diags.AddAttributeError(path.Root("event"), "Unknown Server Event", err.Error())
		return effectiveServerURLAnswer{}, diags
	}
	uses := func(l routing.Level) bool { return slices.Contains(considered, l) }
	inferAssistant := q.AssistantID == "" && q.PhoneNumberID != "" && uses(routing.LevelAssistant)

	// Each variable is written by one goroutine only and read after Wait.
	var (
		wg                                      sync.WaitGroup
		tool, org                               *routedObject
		assistant                               *routedAssistant
		phone                                   *routedPhoneNumber
		toolErr, assistantErr, phoneErr, orgErr error
	)
	client := data.client
	if q.FunctionToolID != "" && uses(routing.LevelFunctionTool) {
		wg.Go(func() {
			tool, toolErr = getRouted[routedObject](ctx, client, vapi.ObjectPath(vapi.PathTools, q.FunctionToolID))
		})
	}
	if q.AssistantID != "" && uses(routing.LevelAssistant) {
		wg.Go(func() {
			assistant, assistantErr = getRouted[routedAssistant](ctx, client, vapi.ObjectPath(vapi.PathAssistants, q.AssistantID))
		})
	}
	if q.PhoneNumberID != "" {
		wg.Go(func() {
			phone, phoneErr = getRouted[routedPhoneNumber](ctx, client, vapi.ObjectPath(vapi.PathPhoneNumbers, q.PhoneNumberID))
			if phoneErr == nil && inferAssistant && phone.assistantID() != "" {
				assistant, assistantErr = getRouted[routedAssistant](ctx, client, vapi.ObjectPath(vapi.PathAssistants, phone.assistantID()))
			}
		})
	}
	wg.Go(func() { org, orgErr = readRoutedOrg(ctx, data, q.OrgID) })
	wg.Wait()

	if toolErr != nil {
		diags.Append(routedReadDiag(routing.LevelFunctionTool, q.FunctionToolID, toolErr))
	}
	if phoneErr != nil {
		diags.Append(routedReadDiag(routing.LevelPhoneNumber, q.PhoneNumberID, phoneErr))
	}
	switch {
	case assistantErr == nil:
	case !inferAssistant:
		diags.Append(routedReadDiag(routing.LevelAssistant, q.AssistantID, assistantErr))
	case vapi.IsNotFound(assistantErr):
		diags.AddAttributeError(path.Root("phone_number_id"), "Assistant Not Found",
			fmt.Sprintf("The phone number %q answers calls with the assistant %q (its assistantId), which does not "+
				"exist in Vapi, so calls to it cannot be answered. Fix the phone number's assistant, or set "+
				"assistant_id to route with another one.", q.PhoneNumberID, phone.assistantID()))
	default:
		diags.Append(diag.WithPath(path.Root("phone_number_id"), apiErrorDiag("Read", "Assistant", assistantErr)))
	}
	// Without org_id the org is only the last resort, so an org that could
	// not be found or read (refused to the key, an answer of an unexpected
	// shape, a server error) is decided on after routing, when it is known
	// whether it matters: never when a higher level decides the answer.
	orgHidden := orgErr != nil && q.OrgID == ""
	if orgErr != nil && !orgHidden {
		diags.Append(routedOrgDiag(q.OrgID, orgErr))
	}
	if diags.HasError() {
		return effectiveServerURLAnswer{}, diags
	}

	in := routing.Input{Event: q.Event, Levels: map[routing.Level]routing.Destination{}}
	answer := effectiveServerURLAnswer{}
	if tool != nil {
		in.Levels[routing.LevelFunctionTool] = tool.destination()
	} else if q.FunctionToolID != "" {
		// Not read because the event cannot use it: Resolve reports it in
		// Ignored, for the warning below.
		in.Levels[routing.LevelFunctionTool] = routing.Destination{ID: q.FunctionToolID}
	}
	if assistant != nil {
		in.Levels[routing.LevelAssistant] = assistant.destination()
		if assistant.ServerMessages != nil {
			in.ServerMessages, in.ServerMessagesSet = *assistant.ServerMessages, true
		}
		answer.AssistantID = assistant.ID
	} else if q.AssistantID != "" {
		in.Levels[routing.LevelAssistant] = routing.Destination{ID: q.AssistantID}
	}
	if phone != nil {
		in.Levels[routing.LevelPhoneNumber] = phone.destination()
		in.PhoneNumberAnswers = phone.answers()
	}
	if q.FunctionName != "" && uses(routing.LevelFunctionTool) {
		if assistant == nil {
			diags.AddAttributeError(path.Root("function_name"), "No Assistant to Find the Function In",
				fmt.Sprintf("function_name = %q names a function of the assistant, but there is no assistant: set "+
					"assistant_id, or a phone_number_id whose number answers with an assistant.", q.FunctionName))
			return effectiveServerURLAnswer{}, diags
		}
		dest, d := findFunction(ctx, client, assistant, q.FunctionName)
		diags.Append(d...)
		if diags.HasError() {
			return effectiveServerURLAnswer{}, diags
		}
		in.Levels[routing.LevelFunctionTool] = dest
	}
	if org != nil {
		in.Levels[routing.LevelOrg] = org.destination()
		answer.OrgID = org.ID
	}
	answer.Result, err = routing.Resolve(in)
	if err != nil {
		diags.AddError("Unable to Route Server Event", "The routing rule rejected what the provider read: "+
			err.Error()+". This is a bug in the provider; please report it.")
		return effectiveServerURLAnswer{}, diags
	}

	for _, level := range answer.Ignored {
		diags.Append(ignoredLevelWarning(level, q.Event, considered))
	}
	if tool != nil && assistant != nil && !assistant.hasTool(tool.ID) {
		diags.AddAttributeWarning(path.Root("function_tool_id"), "Function Tool Not Used by the Assistant",
			fmt.Sprintf("The function tool %q is not in the model.tool_ids of the assistant %q, so that assistant's "+
				"model cannot call it and Vapi sends no %s event for it on the assistant's calls. url and source "+
				"tell where its calls would go once it is added.", tool.ID, assistant.ID, q.Event))
	}
	if inferAssistant && phone != nil && phone.assistantID() == "" {
		diags.AddAttributeWarning(path.Root("phone_number_id"), "Phone Number Has No Assistant",
			fmt.Sprintf("The phone number %q has no assistantId (it answers with a squad, a workflow or an assistant "+
				"chosen through assistant-request), so no assistant was read: the assistant level counts as having "+
				"no server URL, and subscribed follows the API's default server messages. Set assistant_id to "+
				"route with a given assistant.", q.PhoneNumberID))
	}
	if orgHidden {
		diags.Append(hiddenOrgDiag(answer.Result, q.Event, orgErr))
	}
	return answer, diags
}

// findFunction finds the tool an assistant's model calls by function name:
// an inline function tool (model.tools), or a standalone tool of
// model.toolIds or pinned in model.toolRefs, read concurrently. Its server
// is the function-tool level. Two tools of one name are an error naming
// both: Vapi does not document which wins.
func findFunction(ctx context.Context, client *vapi.Client, a *routedAssistant, name string) (routing.Destination, diag.Diagnostics) {
	var diags diag.Diagnostics
	at := path.Root("function_name")
	type found struct {
		dest   routing.Destination
		what   string
		pinned bool
	}
	var matches []found
	var inlineNames []string
	var ids []string
	pinned := map[string]bool{}
	if m := a.Model; m != nil {
		for _, t := range m.Tools {
			if t.Type != functionToolType || t.Function == nil {
				continue
			}
			inlineNames = append(inlineNames, t.Function.Name)
			if t.Function.Name == name {
				dest := (&routedObject{ID: a.ID, Server: t.Server}).destination()
				dest.Inline = true
				matches = append(matches, found{dest: dest, what: "the inline function tool " + name + " of the assistant " + a.ID})
			}
		}
		ids = append(ids, m.ToolIDs...)
		for _, ref := range m.ToolRefs {
			if !slices.Contains(ids, ref.ToolID) {
				ids = append(ids, ref.ToolID)
			}
			pinned[ref.ToolID] = true
		}
	}
	tools := make([]*vapi.FunctionTool, len(ids))
	errs := make([]error, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Go(func() {
			tools[i], errs[i] = getRouted[vapi.FunctionTool](ctx, client, vapi.ObjectPath(vapi.PathTools, id))
		})
	}
	wg.Wait()
	var standaloneNames []string
	for i, tool := range tools {
		switch {
		case vapi.IsNotFound(errs[i]):
			continue
		case errs[i] != nil:
			diags.Append(diag.WithPath(at, apiErrorDiag("Read", functionToolKind, errs[i])))
			return routing.Destination{}, diags
		case tool.Function == nil:
			continue
		}
		standaloneNames = append(standaloneNames, tool.Function.Name)
		if tool.Function.Name == name {
			matches = append(matches, found{dest: (&routedObject{ID: tool.ID, Server: tool.Server}).destination(),
				what: "the function tool " + tool.ID, pinned: pinned[tool.ID]})
		}
	}
	switch len(matches) {
	case 0:
		diags.AddAttributeError(at, "Function Not Found",
			fmt.Sprintf("The assistant %s calls no function named %q. Its inline function tools: %s; its tools "+
				"(model.tool_ids and model.toolRefs): %s.", a.ID, name, listOrNone(inlineNames), listOrNone(standaloneNames)))
		return routing.Destination{}, diags
	case 1:
	default:
		whats := make([]string, len(matches))
		for i, m := range matches {
			whats[i] = m.what
		}
		diags.AddAttributeError(at, "Function Name Is Ambiguous",
			fmt.Sprintf("The assistant %s has more than one tool named %q: %s. Vapi does not document which one "+
				"receives the calls, so the routing cannot be told; rename one of them.", a.ID, name, andList(whats)))
		return routing.Destination{}, diags
	}
	if matches[0].pinned {
		diags.AddAttributeWarning(at, "Pinned Tool Version",
			fmt.Sprintf("The assistant %s pins a version of %s (model.toolRefs). Calls go to the server of the "+
				"pinned version, which may differ from the tool as the API holds it now, read here.", a.ID, matches[0].what))
	}
	return matches[0].dest, diags
}

// listOrNone renders names for a message.
func listOrNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// routedReadDiag reports a failed read of the object given for level.
func routedReadDiag(level routing.Level, id string, err error) diag.Diagnostic {
	l := routedLevels[level]
	if vapi.IsNotFound(err) {
		return diag.NewAttributeErrorDiagnostic(path.Root(l.arg), l.kind+" Not Found",
			fmt.Sprintf("%s = %q: Vapi has no %s with this id that the API key can see. It may have been deleted, "+
				"or belong to another organization.", l.arg, id, strings.ToLower(l.kind)))
	}
	return diag.WithPath(path.Root(l.arg), apiErrorDiag("Read", l.kind, err))
}

// routedOrgDiag reports a failed read of the org that makes the answer
// impossible: any failure with org_id set, and a real failure without it.
func routedOrgDiag(id string, err error) diag.Diagnostic {
	var apiErr *vapi.APIError
	if id != "" && errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusForbidden {
		return diag.NewAttributeErrorDiagnostic(path.Root("org_id"), "Org Not Readable",
			fmt.Sprintf("org_id = %q: Vapi refused to show this org to the API key (%s). Its /org endpoints may "+
				"be reserved to dashboard sessions, so the org's server URL cannot be checked with this key. "+
				"Without org_id the data source still answers whenever a higher level has a server URL.",
				id, err.Error()))
	}
	if id != "" {
		return routedReadDiag(routing.LevelOrg, id, err)
	}
	return diag.WithPath(path.Root("org_id"), apiErrorDiag("Read", "Org", err))
}

// hiddenOrgDiag decides on an org that Vapi will not show to the key: it
// cannot change an answer won by a higher level, so that is a warning;
// otherwise the answer would be a guess, so it is an error.
func hiddenOrgDiag(res routing.Result, event string, err error) diag.Diagnostic {
	if res.Source != routing.SourceNone {
		return diag.NewAttributeWarningDiagnostic(path.Root("org_id"), "Org Not Readable",
			fmt.Sprintf("The API key's org could not be read (%s), so chain shows no url for it. This does not "+
				"change the answer: the %s has a server URL and comes first.", err.Error(), strings.ReplaceAll(string(res.Source), "_", " ")))
	}
	return diag.NewAttributeErrorDiagnostic(path.Root("org_id"), "Org Not Readable",
		fmt.Sprintf("No level above the org has a server URL for %s events, so Vapi sends them to the org's "+
			"server URL, if it has one; but the API key's org could not be read, so the answer cannot be "+
			"told. Set org_id to read the org by its id (Vapi dashboard: Organization Settings), or give a "+
			"higher level a server URL.\n\n%s", event, apiErrorDetail("Org", err)))
}

// ignoredLevelWarning says that an id was given for a level the event
// cannot reach.
func ignoredLevelWarning(level routing.Level, event string, considered []routing.Level) diag.Diagnostic {
	l := routedLevels[level]
	names := make([]string, len(considered))
	for i, c := range considered {
		names[i] = "the " + strings.ReplaceAll(string(c), "_", " ")
	}
	return diag.NewAttributeWarningDiagnostic(path.Root(l.arg), l.kind+" Not Used",
		fmt.Sprintf("%s is not used: Vapi sends %s events to %s, so the %s's server URL cannot receive them.",
			l.arg, event, strings.Join(names, ", then "), strings.ToLower(l.kind)))
}
