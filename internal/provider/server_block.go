package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vapi-community/terraform-provider-vapi/internal/catalog"
	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
)

// The server block is the same on every level (org, phone number, assistant,
// function tool, inline function tool). This file is its only
// implementation: schema, validation and mapping in both directions.

const defaultServerTimeoutSeconds = 20

type serverModel struct {
	BackoffPlan              []backoffPlanModel `tfsdk:"backoff_plan"`
	CredentialID             types.String       `tfsdk:"credential_id"`
	Headers                  types.Map          `tfsdk:"headers"`
	SecretHeaderNames        types.Set          `tfsdk:"secret_header_names"`
	SecretHeadersWO          types.Map          `tfsdk:"secret_headers_wo"`
	SecretHeadersWOVersion   types.Int64        `tfsdk:"secret_headers_wo_version"`
	StaticIPAddressesEnabled types.Bool         `tfsdk:"static_ip_addresses_enabled"`
	TimeoutSeconds           types.Float64      `tfsdk:"timeout_seconds"`
	URL                      types.String       `tfsdk:"url"`
}

type backoffPlanModel struct {
	BaseDelaySeconds    types.Float64 `tfsdk:"base_delay_seconds"`
	ExcludedStatusCodes types.Set     `tfsdk:"excluded_status_codes"`
	MaxRetries          types.Int64   `tfsdk:"max_retries"`
	Type                types.String  `tfsdk:"type"`
}

// serverBlock returns the schema of the server block; level names the level
// in descriptions ("this assistant's calls").
func serverBlock(level string) schema.ListNestedBlock {
	return singleBlock("Where Vapi sends the webhook events (\"server messages\") of "+level+", and how. "+
		"Vapi sends each event to exactly one URL, the first set in the order function tool, assistant, "+
		"phone number, org; see the `vapi_effective_server_url` data source and the `effective_server` "+
		"function. Removing the block clears the server URL at this level; changing any part of it updates "+
		"it in place.",
		schema.NestedBlockObject{
			Attributes: map[string]schema.Attribute{
				"credential_id": schema.StringAttribute{
					MarkdownDescription: "The id of the credential Vapi uses to authenticate to `url`, usually a " +
						"`vapi_custom_credential` (bearer token, HMAC signature or OAuth 2). When unset, Vapi picks " +
						"one of the organization's credentials by itself.",
					Optional:   true,
					Validators: []validator.String{idValidator(idOfCustomCredential)},
				},
				"headers": schema.MapAttribute{
					MarkdownDescription: "Static headers sent with every request, shown in plans: names and values. " +
						"A header whose name says it carries a secret (`Authorization`, or a name containing " +
						"`key`, `token`, `secret`, `password`, `signature` or `cookie`) is refused here: put it in " +
						"`secret_headers_wo`. An `Authorization` header overrides the one derived from `credential_id`.",
					ElementType: types.StringType,
					Optional:    true,
					Validators:  []validator.Map{headersValidator{}},
				},
				"secret_header_names": schema.SetAttribute{
					MarkdownDescription: "The names of the headers sent from `secret_headers_wo` (never their " +
						"values), so that a plan shows when they change. Read from Vapi, it also lists headers " +
						"with a secret's name set outside Terraform, which the next apply removes unless " +
						"`secret_headers_wo` sets them.",
					ElementType:   types.StringType,
					Computed:      true,
					PlanModifiers: []planmodifier.Set{secretHeaderNamesFromConfig{}},
				},
				"secret_headers_wo": schema.MapAttribute{
					MarkdownDescription: "Headers whose values are secrets, such as `{ \"X-Api-Key\" = var.key }`. " +
						"Write-only: sent to Vapi with `headers` but never stored in the plan or the state " +
						"(Terraform 1.11 and OpenTofu 1.11 or later). Their names are shown in " +
						"`secret_header_names`; a change of names is planned by itself, a change of values only " +
						"when `secret_headers_wo_version` changes. A name must not also be in `headers`.",
					ElementType: types.StringType,
					Optional:    true,
					WriteOnly:   true,
					Validators:  []validator.Map{headersValidator{secret: true}},
				},
				"secret_headers_wo_version": schema.Int64Attribute{
					MarkdownDescription: "A number to change whenever a value in `secret_headers_wo` changes, " +
						"which makes Terraform send the headers again.",
					Optional:   true,
					Validators: []validator.Int64{writeOnlyVersionOf("secret_headers_wo")},
				},
				"static_ip_addresses_enabled": schema.BoolAttribute{
					MarkdownDescription: "Send the requests from Vapi's static IP range (`167.150.224.0/23`), " +
						"for servers behind an allow-list. Default `false`.",
					Optional: true,
					Computed: true,
					Default:  booldefault.StaticBool(false),
				},
				"timeout_seconds": schema.Float64Attribute{
					MarkdownDescription: fmt.Sprintf("How long Vapi waits for an answer, in seconds (1 to 300, "+
						"fractions allowed; default %d). `assistant-request` events always time out after 7.5 "+
						"seconds, whatever this says.", defaultServerTimeoutSeconds),
					Optional:   true,
					Computed:   true,
					Default:    float64default.StaticFloat64(defaultServerTimeoutSeconds),
					Validators: []validator.Float64{numberBetween(1, 300)},
				},
				"url": schema.StringAttribute{
					MarkdownDescription: "The URL that receives the events: an absolute `https://` URL (`http://` " +
						"gets a warning unless the host is loopback), without a user name or password.",
					Required:   true,
					Validators: []validator.String{webhookURLValidator{}},
				},
			},
			Blocks: map[string]schema.Block{
				"backoff_plan": singleBlock("How Vapi retries a request that failed. Without it Vapi does not retry.",
					schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
						"base_delay_seconds": schema.Float64Attribute{
							MarkdownDescription: "The delay before the first retry, in seconds (0 to 10).",
							Required:            true,
							Validators:          []validator.Float64{numberBetween(0, 10)},
						},
						"excluded_status_codes": schema.SetAttribute{
							MarkdownDescription: "HTTP status codes that are not retried, for example " +
								"`[400, 401, 403, 404]`. By default every non-2xx answer is retried.",
							ElementType: types.Int64Type,
							Optional:    true,
							Validators: []validator.Set{setvalidator.ValueInt64sAre(
								int64validator.Between(100, 599))},
						},
						"max_retries": schema.Int64Attribute{
							MarkdownDescription: "The largest number of retries (0 to 10).",
							Required:            true,
							Validators:          []validator.Int64{int64validator.Between(0, 10)},
						},
						"type": schema.StringAttribute{
							MarkdownDescription: "The schedule of the retries: one of " +
								catalog.BackoffTypes.Markdown() + ".",
							Required:   true,
							Validators: []validator.String{stringvalidator.OneOf(catalog.BackoffTypes.Strings()...)},
						},
					}}),
			},
		})
}

// secretHeaderNamesFromConfig plans secret_header_names as the names written
// in secret_headers_wo. The values are write-only and cannot be compared, but
// the names can: a header added, renamed or dropped there is an update even
// when secret_headers_wo_version stays the same.
type secretHeaderNamesFromConfig struct{}

func (secretHeaderNamesFromConfig) Description(context.Context) string {
	return "the names of secret_headers_wo"
}

func (m secretHeaderNamesFromConfig) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (secretHeaderNamesFromConfig) PlanModifySet(ctx context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	var secret types.Map
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, siblingPath(req.Path, "secret_headers_wo"), &secret)...)
	if resp.Diagnostics.HasError() {
		return
	}
	switch {
	case secret.IsUnknown():
		resp.PlanValue = types.SetUnknown(types.StringType)
	case secret.IsNull() || len(secret.Elements()) == 0:
		resp.PlanValue = types.SetNull(types.StringType)
	default:
		names := make([]attr.Value, 0, len(secret.Elements()))
		for _, name := range sortedKeys(secret.Elements()) {
			names = append(names, types.StringValue(name))
		}
		resp.PlanValue = types.SetValueMust(types.StringType, names)
	}
}

// expandServer maps a server block to the API's server object: nil (JSON
// null, which clears the level's server URL) when there is no block. Every
// key the block manages is present, nil when unset, at every depth, so that
// merging it over what the API holds (mergeObject) clears what the
// configuration removed and keeps what it does not manage. cfg is the same
// block as configured: only the configuration holds the write-only secret
// headers, which are sent with the plain ones in the API's one headers map.
func expandServer(ctx context.Context, plan, cfg []serverModel) (map[string]any, diag.Diagnostics) {
	m := first(plan)
	if m == nil {
		return nil, nil
	}
	var diags diag.Diagnostics
	out := map[string]any{
		"url":                      m.URL.ValueString(),
		"credentialId":             stringOrNil(m.CredentialID),
		"timeoutSeconds":           float64OrNil(m.TimeoutSeconds),
		"headers":                  nil,
		"backoffPlan":              nil,
		"staticIpAddressesEnabled": boolOrNil(m.StaticIPAddressesEnabled),
	}
	headers := map[string]string{}
	diags.Append(stringMapInto(ctx, m.Headers, headers)...)
	if c := first(cfg); c != nil {
		diags.Append(stringMapInto(ctx, c.SecretHeadersWO, headers)...)
	}
	if len(headers) > 0 {
		out["headers"] = headers
	}
	if b := first(m.BackoffPlan); b != nil {
		plan := map[string]any{
			"type":                b.Type.ValueString(),
			"maxRetries":          b.MaxRetries.ValueInt64(),
			"baseDelaySeconds":    b.BaseDelaySeconds.ValueFloat64(),
			"excludedStatusCodes": nil,
		}
		if !b.ExcludedStatusCodes.IsNull() && !b.ExcludedStatusCodes.IsUnknown() {
			codes := []int64{}
			diags.Append(b.ExcludedStatusCodes.ElementsAs(ctx, &codes, false)...)
			plan["excludedStatusCodes"] = codes
		}
		out["backoffPlan"] = plan
	}
	return out, diags
}

// stringMapInto copies a known map of strings into out.
func stringMapInto(ctx context.Context, m types.Map, out map[string]string) diag.Diagnostics {
	if m.IsNull() || m.IsUnknown() {
		return nil
	}
	values := map[string]string{}
	diags := m.ElementsAs(ctx, &values, false)
	for k, v := range values {
		out[k] = v
	}
	return diags
}

// flattenServer maps the API's server object to the block. A server without
// a URL routes nothing, so it reads as no block. Values the API may leave out
// are read as the API's defaults, so that a plan stays quiet whether or not
// the API echoes them.
//
// The headers Vapi holds are split: a header with a secret's name, or one
// sent from secret_headers_wo last time (prior's secret_header_names), goes
// to secret_header_names by name only and never into headers, so its value
// reaches neither the plan nor the state. prior is the block as planned or
// as last stored; it also supplies secret_headers_wo_version, which Vapi
// does not know. cfg is the block as configured when an apply has just sent
// it (nil on refresh): its secret_headers_wo names are secret even when the
// plan could not know them yet.
func flattenServer(ctx context.Context, s *vapi.Server, prior, cfg []serverModel) ([]serverModel, diag.Diagnostics) {
	if s == nil || s.URL == "" {
		return nil, nil
	}
	var diags diag.Diagnostics
	p := first(prior)
	m := serverModel{
		URL:                      types.StringValue(s.URL),
		CredentialID:             types.StringNull(),
		TimeoutSeconds:           types.Float64Value(defaultServerTimeoutSeconds),
		Headers:                  types.MapNull(types.StringType),
		SecretHeaderNames:        types.SetNull(types.StringType),
		SecretHeadersWO:          types.MapNull(types.StringType),
		SecretHeadersWOVersion:   types.Int64Null(),
		StaticIPAddressesEnabled: types.BoolValue(false),
	}
	if s.CredentialID != nil && *s.CredentialID != "" {
		m.CredentialID = types.StringValue(*s.CredentialID)
	}
	if s.TimeoutSeconds != nil {
		m.TimeoutSeconds = types.Float64Value(*s.TimeoutSeconds)
	}
	if s.StaticIPAddressesEnabled != nil {
		m.StaticIPAddressesEnabled = types.BoolValue(*s.StaticIPAddressesEnabled)
	}
	var sentAsSecret []string
	if p != nil {
		m.SecretHeadersWOVersion = p.SecretHeadersWOVersion
		if !p.SecretHeaderNames.IsNull() && !p.SecretHeaderNames.IsUnknown() {
			diags.Append(p.SecretHeaderNames.ElementsAs(ctx, &sentAsSecret, false)...)
		}
	}
	if c := first(cfg); c != nil && !c.SecretHeadersWO.IsNull() && !c.SecretHeadersWO.IsUnknown() {
		sentAsSecret = append(sentAsSecret, sortedKeys(c.SecretHeadersWO.Elements())...)
	}
	plain := map[string]attr.Value{}
	var secret []attr.Value
	for _, name := range sortedKeys(s.Headers) {
		if isSecretHeaderName(name) || containsFold(sentAsSecret, name) {
			secret = append(secret, types.StringValue(name))
			continue
		}
		plain[name] = types.StringValue(s.Headers[name])
	}
	// Vapi knows no difference between no headers and an empty map; the
	// configuration's choice is kept so that neither reads as a change.
	if len(plain) > 0 || (p != nil && !p.Headers.IsNull() && !p.Headers.IsUnknown()) {
		m.Headers = types.MapValueMust(types.StringType, plain)
	}
	if len(secret) > 0 {
		m.SecretHeaderNames = types.SetValueMust(types.StringType, secret)
	}
	if b := s.BackoffPlan; b != nil {
		plan := backoffPlanModel{
			Type:                types.StringValue(b.Type),
			MaxRetries:          types.Int64Value(int64(b.MaxRetries)),
			BaseDelaySeconds:    types.Float64Value(b.BaseDelaySeconds),
			ExcludedStatusCodes: types.SetNull(types.Int64Type),
		}
		if b.ExcludedStatusCodes != nil {
			codes := make([]attr.Value, len(b.ExcludedStatusCodes))
			for i, c := range b.ExcludedStatusCodes {
				codes[i] = types.Int64Value(int64(c))
			}
			set, d := types.SetValue(types.Int64Type, codes)
			diags.Append(d...)
			plan.ExcludedStatusCodes = set
		}
		m.BackoffPlan = []backoffPlanModel{plan}
	}
	return []serverModel{m}, diags
}

// containsFold reports whether list holds s in any letter case, as HTTP
// compares header names.
func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
