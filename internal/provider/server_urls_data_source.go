package provider

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vapi-community/terraform-provider-vapi/internal/routing"
	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
)

var (
	_ datasource.DataSource              = (*serverURLsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*serverURLsDataSource)(nil)
)

// NewServerURLsDataSource returns the vapi_server_urls data source.
func NewServerURLsDataSource() datasource.DataSource {
	return &serverURLsDataSource{}
}

// serverURLsDataSource lists every object of the org that can hold a server
// URL: the inventory for audits and for adopting an org.
type serverURLsDataSource struct {
	data *providerData
}

type serverURLsModel struct {
	Objects types.List `tfsdk:"objects"`
}

type serverURLsObjectModel struct {
	CredentialID types.String `tfsdk:"credential_id"`
	FunctionName types.String `tfsdk:"function_name"`
	ID           types.String `tfsdk:"id"`
	Inline       types.Bool   `tfsdk:"inline"`
	Level        types.String `tfsdk:"level"`
	Name         types.String `tfsdk:"name"`
	URL          types.String `tfsdk:"url"`
}

var serverURLsObjectType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"credential_id": types.StringType,
	"function_name": types.StringType,
	"id":            types.StringType,
	"inline":        types.BoolType,
	"level":         types.StringType,
	"name":          types.StringType,
	"url":           types.StringType,
}}

// inventoryLevels are the levels in the order objects are listed: Vapi's
// priority, highest first, as in vapi_effective_server_url's chain.
var inventoryLevels = []routing.Level{routing.LevelFunctionTool, routing.LevelAssistant, routing.LevelPhoneNumber, routing.LevelOrg}

func (d *serverURLsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_server_urls"
}

func (d *serverURLsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every object of the organization that can hold a server URL (webhook), with the " +
			"URL it holds: the org, each phone number, each assistant, each function tool, and each function tool " +
			"that lives inside an assistant (`model.function_tools`). Objects without a server URL are listed too, " +
			"with `url = null`.\n\n" +
			"Two uses:\n\n" +
			"- **Audits.** In a `check` block, assert something of every webhook of the org, including those set in " +
			"the dashboard or by other configurations: no production webhook points at a staging host, every URL " +
			"is `https://`, every server has a credential. A failed assertion is a warning in every plan and apply.\n" +
			"- **Adopting an existing org.** The objects' ids are what `import` blocks need: the guide " +
			"[Adopting an existing Vapi org](https://registry.terraform.io/providers/vapi-community/vapi/latest/docs/guides/adopting-an-existing-org) " +
			"renders them into import blocks for `terraform plan -generate-config-out`.\n\n" +
			"One read costs a few list requests and none per object: `GET /org`, and the lists of phone numbers, " +
			"assistants and tools, read at once, 1000 objects a page.\n\n" +
			"Tools are listed when their type is `function`, standalone (`vapi_function_tool`) or inline: theirs " +
			"is the function-tool level of Vapi's priority, whose server receives the tool's calls ahead of the " +
			"assistant's. Tools of other types are left out, even those with a `server` of their own (`code`, " +
			"`mcp`, `bash`, `computer`, `textEditor`): this provider manages none of them. The org is left out, " +
			"with a warning, when Vapi refuses its `/org` endpoints to the API key.\n\n" +
			"Like every data source, it is read at plan time unless a resource in its `depends_on` has changes, " +
			"so it shows the org as it is before the apply.",
		Attributes: map[string]schema.Attribute{
			"objects": schema.ListNestedAttribute{
				MarkdownDescription: "The objects, by level in Vapi's order of priority (`function_tool`, `assistant`, " +
					"`phone_number`, `org`), then by `id`, standalone function tools before inline ones, then by " +
					"`function_name`: the same order on every read, whatever order the API lists them in.",
				Computed: true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"credential_id": schema.StringAttribute{
						MarkdownDescription: "The object's `server.credential_id`, or `null`.",
						Computed:            true,
					},
					"function_name": schema.StringAttribute{
						MarkdownDescription: "The name of the function, for a function tool; `null` on the other levels.",
						Computed:            true,
					},
					"id": schema.StringAttribute{
						MarkdownDescription: "The object's id, which its resource imports by: the org's, the phone number's, " +
							"the assistant's or the function tool's. For an inline function tool, the id of the " +
							"assistant it lives in.",
						Computed: true,
					},
					"inline": schema.BoolAttribute{
						MarkdownDescription: "`true` for a function tool that lives inside an assistant (its " +
							"`model.function_tools`, managed with the `vapi_assistant`), `false` otherwise.",
						Computed: true,
					},
					"level": schema.StringAttribute{
						MarkdownDescription: "`function_tool`, `assistant`, `phone_number` or `org`.",
						Computed:            true,
					},
					"name": schema.StringAttribute{
						MarkdownDescription: "The name of the object `id` identifies, as its resource's `name` holds it: " +
							"the org's, the phone number's or the assistant's name (`null` when it has none); for a " +
							"function tool, its function name (`vapi_function_tool.name`); for an inline function " +
							"tool, the name of its assistant.",
						Computed: true,
					},
					"url": schema.StringAttribute{
						MarkdownDescription: "The object's `server.url`, or `null` when it sets none (its events then go " +
							"to the next level).",
						Computed: true,
					},
				}},
			},
		},
	}
}

func (d *serverURLsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// The objects are decoded into these small types: the inventory reads a few
// fields of every object, whatever else the API adds to them.
type (
	inventoryObject struct {
		ID     string       `json:"id"`
		Name   *string      `json:"name"`
		Server *vapi.Server `json:"server"`
	}
	inventoryTool struct {
		inventoryObject
		Type     string               `json:"type"`
		Function *vapi.OpenAIFunction `json:"function"`
	}
	inventoryAssistant struct {
		inventoryObject
		Model *struct {
			Tools []vapi.InlineTool `json:"tools"`
		} `json:"model"`
	}
)

func (d *serverURLsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	objects, diags := readServerURLs(ctx, d.data)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	list, diags := types.ListValueFrom(ctx, serverURLsObjectType, objects)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &serverURLsModel{Objects: list})...)
}

// readServerURLs reads the inventory: the org and one paged list of each
// other kind, all at once, and nothing per object.
func readServerURLs(ctx context.Context, data *providerData) ([]serverURLsObjectModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	var (
		wg                        sync.WaitGroup
		org                       *inventoryObject
		phones, assistants, tools []json.RawMessage
		orgErr                    error
		listErrs                  = make([]error, 3)
	)
	client := data.client
	wg.Go(func() { org, orgErr = readInventoryOrg(ctx, data) })
	wg.Go(func() { phones, listErrs[0] = listAll(ctx, client, phoneNumberAPI.collection) })
	wg.Go(func() { assistants, listErrs[1] = listAll(ctx, client, assistantAPI.collection) })
	wg.Go(func() { tools, listErrs[2] = listAll(ctx, client, functionToolAPI.collection) })
	wg.Wait()

	for i, kind := range []string{"Phone Numbers", "Assistants", "Tools"} {
		if listErrs[i] != nil {
			diags.Append(apiErrorDiag("List", kind, listErrs[i]))
		}
	}
	switch {
	case orgErr == nil:
	case refused(orgErr):
		diags.AddAttributeWarning(path.Root("objects"), "Org Not Readable",
			"The organization is left out of objects: Vapi refused to show it to the API key, so its server URL "+
				"cannot be read with this key (its /org endpoints may be reserved to dashboard sessions). The other "+
				"objects are listed.\n\n"+apiErrorDetail("Org", orgErr))
	case errors.Is(orgErr, errOrgNotFound):
		diags.AddAttributeWarning(path.Root("objects"), "Org Not Found",
			"The organization is left out of objects: GET /org was refused or listed more than one org, and the "+
				"org has no phone number, assistant, tool or credential whose orgId would tell which org is the "+
				"API key's.")
	default:
		diags.Append(apiErrorDiag("Read", "Org", orgErr))
	}
	if diags.HasError() {
		return nil, diags
	}

	// Never null, even for an empty org: an output of it would vanish.
	out := []serverURLsObjectModel{}
	decode := func(kind string, raws []json.RawMessage, add func(raw json.RawMessage) error) {
		for _, raw := range raws {
			if err := add(raw); err != nil {
				diags.AddError("Unable to Read "+kind, fmt.Sprintf("Vapi listed an object the provider cannot read: %s. "+
					"This is a bug in the provider or a change in the API; please report it.", err))
				return
			}
		}
	}
	decode("Phone Numbers", phones, func(raw json.RawMessage) error {
		var p inventoryObject
		if err := json.Unmarshal(raw, &p); err != nil {
			return err
		}
		out = append(out, p.row(routing.LevelPhoneNumber))
		return nil
	})
	decode("Assistants", assistants, func(raw json.RawMessage) error {
		var a inventoryAssistant
		if err := json.Unmarshal(raw, &a); err != nil {
			return err
		}
		out = append(out, a.row(routing.LevelAssistant))
		if a.Model == nil {
			return nil
		}
		for _, t := range a.Model.Tools {
			if t.Type != functionToolType || t.Function == nil {
				continue
			}
			row := (&inventoryObject{ID: a.ID, Name: a.Name, Server: t.Server}).row(routing.LevelFunctionTool)
			row.Inline = types.BoolValue(true)
			row.FunctionName = types.StringValue(t.Function.Name)
			out = append(out, row)
		}
		return nil
	})
	decode("Tools", tools, func(raw json.RawMessage) error {
		var t inventoryTool
		if err := json.Unmarshal(raw, &t); err != nil {
			return err
		}
		if t.Type != functionToolType || t.Function == nil {
			return nil
		}
		t.Name = &t.Function.Name
		row := t.row(routing.LevelFunctionTool)
		row.FunctionName = types.StringValue(t.Function.Name)
		out = append(out, row)
		return nil
	})
	if org != nil {
		out = append(out, org.row(routing.LevelOrg))
	}
	sortServerURLs(out)
	return out, diags
}

// row is the object's entry at level, not inline and without a function.
func (o *inventoryObject) row(level routing.Level) serverURLsObjectModel {
	r := serverURLsObjectModel{
		CredentialID: types.StringNull(),
		FunctionName: types.StringNull(),
		ID:           types.StringValue(o.ID),
		Inline:       types.BoolValue(false),
		Level:        types.StringValue(string(level)),
		Name:         types.StringPointerValue(o.Name),
		URL:          types.StringNull(),
	}
	if s := o.Server; s != nil {
		r.URL = routedString(s.URL)
		if s.CredentialID != nil {
			r.CredentialID = routedString(*s.CredentialID)
		}
	}
	return r
}

// sortServerURLs orders the objects by level priority, then id, standalone
// before inline, then function name; objects equal in all of these (inline
// tools of one name) keep the API's order.
func sortServerURLs(objects []serverURLsObjectModel) {
	slices.SortStableFunc(objects, func(a, b serverURLsObjectModel) int {
		return cmp.Or(
			cmp.Compare(slices.Index(inventoryLevels, routing.Level(a.Level.ValueString())),
				slices.Index(inventoryLevels, routing.Level(b.Level.ValueString()))),
			cmp.Compare(a.ID.ValueString(), b.ID.ValueString()),
			boolOrder(a.Inline.ValueBool(), b.Inline.ValueBool()),
			cmp.Compare(a.FunctionName.ValueString(), b.FunctionName.ValueString()),
		)
	})
}

func boolOrder(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	default:
		return -1
	}
}

// readInventoryOrg reads the API key's org: from GET /org when it lists the
// one org (one request), else found by the org finder and read by id.
func readInventoryOrg(ctx context.Context, data *providerData) (*inventoryObject, error) {
	orgs, err := listOrgs[inventoryObject](ctx, data.client)
	if err == nil && len(orgs) == 1 && orgs[0].ID != "" {
		return &orgs[0], nil
	}
	if err != nil && !refused(err) {
		return nil, err
	}
	id, err := data.orgs.orgID(ctx)
	if err != nil {
		return nil, err
	}
	for i := range orgs {
		if orgs[i].ID == id {
			return &orgs[i], nil
		}
	}
	return getRouted[inventoryObject](ctx, data.client, vapi.ObjectPath(vapi.PathOrgs, id))
}
