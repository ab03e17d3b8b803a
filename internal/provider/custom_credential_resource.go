package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vapi-community/terraform-provider-vapi/internal/catalog"
	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
)

var (
	_ resource.Resource                     = (*customCredentialResource)(nil)
	_ resource.ResourceWithConfigure        = (*customCredentialResource)(nil)
	_ resource.ResourceWithIdentity         = (*customCredentialResource)(nil)
	_ resource.ResourceWithImportState      = (*customCredentialResource)(nil)
	_ resource.ResourceWithConfigValidators = (*customCredentialResource)(nil)
)

const customAuthKind = "Custom Credential"

// The API's defaults of the authentication plans. They are sent explicitly
// and read back when the API leaves them out, so plans are quiet either way.
const (
	defaultBearerHeaderName    = "Authorization"
	defaultHMACSignatureHeader = "x-signature"
	defaultHMACTimestampHeader = "x-timestamp"
	defaultHMACPayloadFormat   = "{timestamp}.{body}"
	defaultHMACEncoding        = "hex"
)

// NewCustomCredentialResource returns the vapi_custom_credential resource.
func NewCustomCredentialResource() resource.Resource {
	return &customCredentialResource{}
}

type customCredentialResource struct {
	data *providerData
}

type customCredentialModel struct {
	ID     types.String  `tfsdk:"id"`
	OrgID  types.String  `tfsdk:"org_id"`
	Name   types.String  `tfsdk:"name"`
	Bearer []bearerModel `tfsdk:"bearer"`
	HMAC   []hmacModel   `tfsdk:"hmac"`
	OAuth2 []oauth2Model `tfsdk:"oauth2"`
}

var customCredentialAPI = apiKind{name: customAuthKind, collection: vapi.PathCredentials, spec: "credential"}

// customCredentialProvider is the API's credential provider this resource
// manages.
const customCredentialProvider = "custom-credential"

type bearerModel struct {
	Token               types.String  `tfsdk:"token"`
	TokenWO             types.String  `tfsdk:"token_wo"`
	TokenWOVersion      types.Float64 `tfsdk:"token_wo_version"`
	HeaderName          types.String  `tfsdk:"header_name"`
	BearerPrefixEnabled types.Bool    `tfsdk:"bearer_prefix_enabled"`
}

type hmacModel struct {
	SecretKey          types.String  `tfsdk:"secret_key"`
	SecretKeyWO        types.String  `tfsdk:"secret_key_wo"`
	SecretKeyWOVersion types.Float64 `tfsdk:"secret_key_wo_version"`
	Algorithm          types.String  `tfsdk:"algorithm"`
	SignatureHeader    types.String  `tfsdk:"signature_header"`
	TimestampHeader    types.String  `tfsdk:"timestamp_header"`
	SignaturePrefix    types.String  `tfsdk:"signature_prefix"`
	IncludeTimestamp   types.Bool    `tfsdk:"include_timestamp"`
	PayloadFormat      types.String  `tfsdk:"payload_format"`
	MessageIDHeader    types.String  `tfsdk:"message_id_header"`
	SignatureEncoding  types.String  `tfsdk:"signature_encoding"`
	SecretIsBase64     types.Bool    `tfsdk:"secret_is_base64"`
}

type oauth2Model struct {
	URL                   types.String  `tfsdk:"url"`
	ClientID              types.String  `tfsdk:"client_id"`
	ClientSecret          types.String  `tfsdk:"client_secret"`
	ClientSecretWO        types.String  `tfsdk:"client_secret_wo"`
	ClientSecretWOVersion types.Float64 `tfsdk:"client_secret_wo_version"`
	Scope                 types.String  `tfsdk:"scope"`
}

func (r *customCredentialResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_custom_credential"
}

func (r *customCredentialResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("custom credential")
}

func (r *customCredentialResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Vapi credential of provider `custom-credential`: how Vapi authenticates to your " +
			"webhook server. Reference its `id` in a `server.credential_id`. Exactly one of `bearer`, `hmac` or " +
			"`oauth2` must be set. Vapi never returns the secrets, so a secret changed outside Terraform cannot " +
			"show as a diff; after an import the first apply sends the configured secret again. Every secret has a " +
			"write-only twin (`*_wo`, with `*_wo_version`) that keeps it out of the state entirely." +
			"\n\n" + "**Importing.** Vapi never returns a credential's secret, so after `terraform import`, or in " +
			"configuration generated by `terraform plan -generate-config-out`, write it in the block: `token_wo` " +
			"(`bearer`), `secret_key_wo` (`hmac`) or `client_secret_wo` (`oauth2`). Leave `*_wo_version` out until the " +
			"secret next changes: the imported state has none, so setting one is a change that resends the secret.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The credential's id; use it as a `server.credential_id`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "A label for the credential, 1 to 40 characters.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 40)},
			},
			"org_id": schema.StringAttribute{
				MarkdownDescription: "The id of the organization that owns the credential.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"bearer": singleBlock("A static token sent in a header: `<header_name>: Bearer <token>`, or the bare "+
				"token when `bearer_prefix_enabled` is false (with `header_name = \"X-Vapi-Secret\"` this is the "+
				"classic Vapi secret header).",
				schema.NestedBlockObject{Attributes: mergeAttributes(
					secretAttributes("token", "The token.", true),
					map[string]schema.Attribute{
						"bearer_prefix_enabled": schema.BoolAttribute{
							MarkdownDescription: "Prefix the token with `Bearer `. Default `true`.",
							Optional:            true,
							Computed:            true,
							Default:             booldefault.StaticBool(true),
						},
						"header_name": schema.StringAttribute{
							MarkdownDescription: "The header that carries the token. Default `" + defaultBearerHeaderName + "`.",
							Optional:            true,
							Computed:            true,
							Default:             stringdefault.StaticString(defaultBearerHeaderName),
							Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
						},
					})},
				replaceOnSwitch("`bearer`, `hmac` and `oauth2`", "credential")),
			"hmac": singleBlock("Vapi signs every request with an HMAC of the payload, which your server verifies.",
				schema.NestedBlockObject{Attributes: mergeAttributes(
					secretAttributes("secret_key", "The shared secret of the signature.", true),
					map[string]schema.Attribute{
						"algorithm": schema.StringAttribute{
							MarkdownDescription: "The hash: one of " + catalog.HMACAlgorithms.Markdown() + ".",
							Required:            true,
							Validators:          []validator.String{stringvalidator.OneOf(catalog.HMACAlgorithms.Strings()...)},
						},
						"include_timestamp": schema.BoolAttribute{
							MarkdownDescription: "Send a timestamp header and sign it. Default `true`.",
							Optional:            true,
							Computed:            true,
							Default:             booldefault.StaticBool(true),
						},
						"message_id_header": schema.StringAttribute{
							MarkdownDescription: "A header that carries a unique message id (as Svix does), if any.",
							Optional:            true,
						},
						"payload_format": schema.StringAttribute{
							MarkdownDescription: "What is signed. Placeholders: `{body}`, `{timestamp}`, `{method}`, " +
								"`{url}`, `{svix-id}`. Default `" + defaultHMACPayloadFormat + "`.",
							Optional: true,
							Computed: true,
							Default:  stringdefault.StaticString(defaultHMACPayloadFormat),
						},
						"secret_is_base64": schema.BoolAttribute{
							MarkdownDescription: "The secret is base64 and is decoded before signing. Default `false`.",
							Optional:            true,
							Computed:            true,
							Default:             booldefault.StaticBool(false),
						},
						"signature_encoding": schema.StringAttribute{
							MarkdownDescription: "How the signature is encoded: one of " + catalog.SignatureEncodings.Markdown() +
								". Default `" + defaultHMACEncoding + "`.",
							Optional:   true,
							Computed:   true,
							Default:    stringdefault.StaticString(defaultHMACEncoding),
							Validators: []validator.String{stringvalidator.OneOf(catalog.SignatureEncodings.Strings()...)},
						},
						"signature_header": schema.StringAttribute{
							MarkdownDescription: "The header that carries the signature. Default `" + defaultHMACSignatureHeader + "`.",
							Optional:            true,
							Computed:            true,
							Default:             stringdefault.StaticString(defaultHMACSignatureHeader),
						},
						"signature_prefix": schema.StringAttribute{
							MarkdownDescription: "Text put before the signature, such as `sha256=`.",
							Optional:            true,
						},
						"timestamp_header": schema.StringAttribute{
							MarkdownDescription: "The header that carries the timestamp. Default `" + defaultHMACTimestampHeader + "`.",
							Optional:            true,
							Computed:            true,
							Default:             stringdefault.StaticString(defaultHMACTimestampHeader),
						},
					})},
				replaceOnSwitch("`bearer`, `hmac` and `oauth2`", "credential")),
			"oauth2": singleBlock("Vapi gets an access token from your token endpoint (OAuth 2 client credentials) "+
				"and sends it as `Authorization: Bearer <access_token>`.",
				schema.NestedBlockObject{Attributes: mergeAttributes(
					secretAttributes("client_secret", "The OAuth 2 client secret.", true),
					map[string]schema.Attribute{
						"client_id": schema.StringAttribute{
							MarkdownDescription: "The OAuth 2 client id.",
							Required:            true,
						},
						"scope": schema.StringAttribute{
							MarkdownDescription: "The scope to request, at most 1000 characters.",
							Optional:            true,
							Validators:          []validator.String{stringvalidator.LengthAtMost(1000)},
						},
						"url": schema.StringAttribute{
							MarkdownDescription: "The token endpoint.",
							Required:            true,
							Validators:          []validator.String{webhookURLValidator{}},
						},
					})},
				replaceOnSwitch("`bearer`, `hmac` and `oauth2`", "credential")),
		},
	}
}

func (r *customCredentialResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		exactlyOneBlock("how Vapi authenticates to your server (a token, an HMAC signature or OAuth 2)",
			"bearer", "hmac", "oauth2"),
	}
}

func (r *customCredentialResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *customCredentialResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, cfg customCredentialModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	body := plan.toAPI(&cfg)
	body["provider"] = customCredentialProvider

	var cred vapi.CustomCredential
	resp.Diagnostics.Append(customCredentialAPI.create(ctx, r.data, body, &cred)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(plan.fromAPI(&cred)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.ID.ValueString())...)
}

func (r *customCredentialResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state customCredentialModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var cred vapi.CustomCredential
	if !customCredentialAPI.read(ctx, r.data, state.ID.ValueString(), &cred, resp) {
		return
	}
	resp.Diagnostics.Append(state.fromAPI(&cred)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update sends the whole authentication plan every time, secret included:
// Vapi cannot keep a secret it was not sent when it replaces the plan. The
// secret is always at hand, in the plan or (write-only) in the configuration.
func (r *customCredentialResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, cfg customCredentialModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var cred vapi.CustomCredential
	resp.Diagnostics.Append(customCredentialAPI.update(ctx, r.data, "Update", plan.ID.ValueString(),
		func(map[string]any) (map[string]any, diag.Diagnostics) { return plan.toAPI(&cfg), nil }, &cred)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(plan.fromAPI(&cred)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.ID.ValueString())...)
}

func (r *customCredentialResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state customCredentialModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(customCredentialAPI.delete(ctx, r.data, state.ID.ValueString())...)
}

func (r *customCredentialResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughWithIdentity(ctx, path.Root("id"), path.Root("id"), req, resp)
}

// toAPI builds the request body; cfg supplies the write-only secrets.
func (m *customCredentialModel) toAPI(cfg *customCredentialModel) map[string]any {
	var plan map[string]any
	switch {
	case len(m.Bearer) > 0:
		b, c := m.Bearer[0], only(cfg.Bearer)
		plan = map[string]any{
			"type":                "bearer",
			"token":               secretFrom(b.Token, c.TokenWO),
			"headerName":          stringOrNil(b.HeaderName),
			"bearerPrefixEnabled": boolOrNil(b.BearerPrefixEnabled),
		}
	case len(m.HMAC) > 0:
		h, c := m.HMAC[0], only(cfg.HMAC)
		plan = map[string]any{
			"type":              "hmac",
			"secretKey":         secretFrom(h.SecretKey, c.SecretKeyWO),
			"algorithm":         stringOrNil(h.Algorithm),
			"signatureHeader":   stringOrNil(h.SignatureHeader),
			"timestampHeader":   stringOrNil(h.TimestampHeader),
			"signaturePrefix":   stringOrNil(h.SignaturePrefix),
			"includeTimestamp":  boolOrNil(h.IncludeTimestamp),
			"payloadFormat":     stringOrNil(h.PayloadFormat),
			"messageIdHeader":   stringOrNil(h.MessageIDHeader),
			"signatureEncoding": stringOrNil(h.SignatureEncoding),
			"secretIsBase64":    boolOrNil(h.SecretIsBase64),
		}
	case len(m.OAuth2) > 0:
		o, c := m.OAuth2[0], only(cfg.OAuth2)
		plan = map[string]any{
			"type":         "oauth2",
			"url":          stringOrNil(o.URL),
			"clientId":     stringOrNil(o.ClientID),
			"clientSecret": secretFrom(o.ClientSecret, c.ClientSecretWO),
			"scope":        stringOrNil(o.Scope),
		}
	}
	// The plan is sent whole (sentAsIs): the API holds no secret to merge
	// with, and fields of another type of plan must not survive a switch.
	return map[string]any{
		"name":               stringOrNil(m.Name),
		"authenticationPlan": sentAsIs{dropNils(plan)},
	}
}

// fromAPI reads the response into the model. Secrets are not returned, so the
// ones already in the model (from the plan or the prior state) are kept.
func (m *customCredentialModel) fromAPI(c *vapi.CustomCredential) diag.Diagnostics {
	var diags diag.Diagnostics
	if c.Provider != customCredentialProvider {
		diags.AddError("Not a Custom Credential",
			fmt.Sprintf("The Vapi credential %q is of provider %q; vapi_custom_credential manages only credentials "+
				"of provider %q (webhook authentication). If this id was imported, import the id of a custom "+
				"credential instead.", c.ID, c.Provider, customCredentialProvider))
		return diags
	}
	m.ID = types.StringValue(c.ID)
	m.OrgID = types.StringValue(c.OrgID)
	m.Name = types.StringPointerValue(c.Name)
	p := c.AuthenticationPlan
	prevBearer, prevHMAC, prevOAuth2 := first(m.Bearer), first(m.HMAC), first(m.OAuth2)
	m.Bearer, m.HMAC, m.OAuth2 = nil, nil, nil
	switch p.Type {
	case "bearer":
		b := &bearerModel{
			Token:               types.StringNull(),
			TokenWO:             types.StringNull(),
			TokenWOVersion:      types.Float64Null(),
			HeaderName:          stringOr(p.HeaderName, defaultBearerHeaderName),
			BearerPrefixEnabled: boolOr(p.BearerPrefixEnabled, true),
		}
		if prevBearer != nil {
			b.Token, b.TokenWOVersion = prevBearer.Token, prevBearer.TokenWOVersion
		}
		m.Bearer = blockOf(b)
	case "hmac":
		h := &hmacModel{
			SecretKey:          types.StringNull(),
			SecretKeyWO:        types.StringNull(),
			SecretKeyWOVersion: types.Float64Null(),
			Algorithm:          types.StringPointerValue(p.Algorithm),
			SignatureHeader:    stringOr(p.SignatureHeader, defaultHMACSignatureHeader),
			TimestampHeader:    stringOr(p.TimestampHeader, defaultHMACTimestampHeader),
			SignaturePrefix:    types.StringPointerValue(p.SignaturePrefix),
			IncludeTimestamp:   boolOr(p.IncludeTimestamp, true),
			PayloadFormat:      stringOr(p.PayloadFormat, defaultHMACPayloadFormat),
			MessageIDHeader:    types.StringPointerValue(p.MessageIDHeader),
			SignatureEncoding:  stringOr(p.SignatureEncoding, defaultHMACEncoding),
			SecretIsBase64:     boolOr(p.SecretIsBase64, false),
		}
		if prevHMAC != nil {
			h.SecretKey, h.SecretKeyWOVersion = prevHMAC.SecretKey, prevHMAC.SecretKeyWOVersion
		}
		m.HMAC = blockOf(h)
	case "oauth2":
		o := &oauth2Model{
			URL:                   types.StringPointerValue(p.URL),
			ClientID:              types.StringPointerValue(p.ClientID),
			ClientSecret:          types.StringNull(),
			ClientSecretWO:        types.StringNull(),
			ClientSecretWOVersion: types.Float64Null(),
			Scope:                 types.StringPointerValue(p.Scope),
		}
		if prevOAuth2 != nil {
			o.ClientSecret, o.ClientSecretWOVersion = prevOAuth2.ClientSecret, prevOAuth2.ClientSecretWOVersion
		}
		m.OAuth2 = blockOf(o)
	}
	return diags
}
