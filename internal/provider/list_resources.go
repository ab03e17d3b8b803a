package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
)

// List resources (Terraform 1.14 `list` blocks and `terraform query`): every
// object of a kind the API key's org holds, with its identity and, when
// asked, the whole resource, so that an existing org can be found, imported
// and turned into configuration. The API's lists cannot filter by name, so
// the optional `name` filter is an exact match applied here.

var (
	_ list.ListResource              = (*kindListResource)(nil)
	_ list.ListResourceWithConfigure = (*kindListResource)(nil)
)

// kindListResource lists the objects of one resource's kind.
type kindListResource struct {
	typeName string // the resource type without the provider's prefix
	api      apiKind
	// what names the objects in descriptions ("function tools").
	what string
	// accepts tells the objects of the resource's kind among the
	// collection's (tools of type function, custom credentials).
	accepts func(item map[string]any) bool
	// nameOf is the name the filter matches and the list shows.
	nameOf func(item map[string]any) string
	// toResource reads an object as an import does, into the resource.
	toResource func(ctx context.Context, raw json.RawMessage, into *tfsdk.Resource) diag.Diagnostics
	data       *providerData
}

type listConfigModel struct {
	Name types.String `tfsdk:"name"`
}

// NewFunctionToolListResource lists vapi_function_tool.
func NewFunctionToolListResource() list.ListResource {
	return &kindListResource{
		typeName: "function_tool", api: functionToolAPI, what: "function tools",
		accepts: func(item map[string]any) bool { return item["type"] == functionToolType },
		nameOf:  func(item map[string]any) string { name, _ := field(item, "function", "name").(string); return name },
		toResource: func(ctx context.Context, raw json.RawMessage, into *tfsdk.Resource) diag.Diagnostics {
			var t vapi.FunctionTool
			var m functionToolModel
			return decodeInto(raw, &t, into, ctx, func() diag.Diagnostics { return m.fromAPI(ctx, &t, nil) }, &m)
		},
	}
}

// NewAssistantListResource lists vapi_assistant.
func NewAssistantListResource() list.ListResource {
	return &kindListResource{
		typeName: "assistant", api: assistantAPI, what: "assistants",
		accepts: func(map[string]any) bool { return true },
		nameOf:  func(item map[string]any) string { name, _ := item["name"].(string); return name },
		toResource: func(ctx context.Context, raw json.RawMessage, into *tfsdk.Resource) diag.Diagnostics {
			var a vapi.Assistant
			var m assistantModel
			// As an import reads: everything the API holds.
			return decodeInto(raw, &a, into, ctx, func() diag.Diagnostics { return m.fromAPI(ctx, &a, nil, true) }, &m)
		},
	}
}

// NewPhoneNumberListResource lists vapi_phone_number.
func NewPhoneNumberListResource() list.ListResource {
	return &kindListResource{
		typeName: "phone_number", api: phoneNumberAPI, what: "phone numbers",
		accepts: func(item map[string]any) bool {
			switch item["provider"] {
			case providerVapi, providerTwilio, providerVonage, providerTelnyx, providerBYO:
				return true
			}
			return false
		},
		nameOf: func(item map[string]any) string {
			if name, _ := item["name"].(string); name != "" {
				return name
			}
			number, _ := item["number"].(string)
			return number
		},
		toResource: func(ctx context.Context, raw json.RawMessage, into *tfsdk.Resource) diag.Diagnostics {
			var p vapi.PhoneNumber
			var m phoneNumberModel
			return decodeInto(raw, &p, into, ctx, func() diag.Diagnostics { return m.fromAPI(ctx, &p, nil) }, &m)
		},
	}
}

// NewCustomCredentialListResource lists vapi_custom_credential.
func NewCustomCredentialListResource() list.ListResource {
	return &kindListResource{
		typeName: "custom_credential", api: customCredentialAPI, what: "custom credentials",
		accepts: func(item map[string]any) bool { return item["provider"] == customCredentialProvider },
		nameOf:  func(item map[string]any) string { name, _ := item["name"].(string); return name },
		toResource: func(ctx context.Context, raw json.RawMessage, into *tfsdk.Resource) diag.Diagnostics {
			var c vapi.CustomCredential
			var m customCredentialModel
			return decodeInto(raw, &c, into, ctx, func() diag.Diagnostics { return m.fromAPI(&c) }, &m)
		},
	}
}

// decodeInto decodes raw into obj, maps it with fromAPI into model and sets
// model into the resource.
func decodeInto(raw json.RawMessage, obj any, into *tfsdk.Resource, ctx context.Context, fromAPI func() diag.Diagnostics, model any) diag.Diagnostics {
	var diags diag.Diagnostics
	if err := json.Unmarshal(raw, obj); err != nil {
		diags.AddError("Unable to List Objects", "An object of the list is not what the API documents: "+err.Error())
		return diags
	}
	diags.Append(fromAPI()...)
	if diags.HasError() {
		return diags
	}
	diags.Append(into.Set(ctx, model)...)
	return diags
}

func (l *kindListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + l.typeName
}

func (l *kindListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: fmt.Sprintf("Lists the %s of the API key's organization, with their identity and, "+
			"when asked, the whole resource, to import them and generate their configuration "+
			"(`terraform query`, Terraform 1.14 and later).", l.what),
		Attributes: map[string]listschema.Attribute{
			"name": listschema.StringAttribute{
				MarkdownDescription: "Only the " + l.what + " of exactly this name. Vapi's lists cannot filter by " +
					"name, so every page is read and the filter applied by the provider.",
				Optional: true,
			},
		},
	}
}

func (l *kindListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (l *kindListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg listConfigModel
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	items, err := listAll(ctx, l.data.client, l.api.collection)
	if err != nil {
		stream.Results = list.ListResultsStreamDiagnostics(diag.Diagnostics{apiErrorDiag("List", l.api.name, err)})
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		var sent int64
		for _, raw := range items {
			if req.Limit > 0 && sent >= req.Limit {
				return
			}
			var item map[string]any
			if json.Unmarshal(raw, &item) != nil || !l.accepts(item) {
				continue
			}
			name := l.nameOf(item)
			if !cfg.Name.IsNull() && name != cfg.Name.ValueString() {
				continue
			}
			id, _ := item["id"].(string)
			result := req.NewListResult(ctx)
			result.DisplayName = name
			if result.DisplayName == "" {
				result.DisplayName = id
			}
			result.Diagnostics.Append(result.Identity.SetAttribute(ctx, path.Root("id"), types.StringValue(id))...)
			if req.IncludeResource {
				result.Diagnostics.Append(l.resource(ctx, id, item, raw, result.Resource)...)
			}
			sent++
			if !push(result) {
				return
			}
		}
	}
}

// resource fills a result's resource from the listed object, read whole
// when the list held it trimmed.
func (l *kindListResource) resource(ctx context.Context, id string, item map[string]any, raw json.RawMessage, into *tfsdk.Resource) diag.Diagnostics {
	if len(requiredFields(l.api.spec)(item)) > 0 {
		var whole json.RawMessage
		if err := l.data.client.Do(ctx, http.MethodGet, l.api.objectPath(id), nil, &whole); err != nil {
			return diag.Diagnostics{apiErrorDiag("Read", l.api.name, err)}
		}
		raw = whole
	}
	return l.toResource(ctx, raw, into)
}
