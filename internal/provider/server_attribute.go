package provider

import (
	"context"
	"fmt"
	"net/url"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vapi-community/terraform-provider-vapi/internal/catalog"
	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
)

// The server block is the same on every level (org, phone number, assistant,
// function tool). This file is its only implementation: schema, validation and
// mapping in both directions.

const defaultServerTimeoutSeconds = 20

var uuidRegexp = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

type serverModel struct {
	URL                      types.String      `tfsdk:"url"`
	CredentialID             types.String      `tfsdk:"credential_id"`
	TimeoutSeconds           types.Int64       `tfsdk:"timeout_seconds"`
	Headers                  types.Map         `tfsdk:"headers"`
	BackoffPlan              *backoffPlanModel `tfsdk:"backoff_plan"`
	StaticIPAddressesEnabled types.Bool        `tfsdk:"static_ip_addresses_enabled"`
}

type backoffPlanModel struct {
	Type                types.String `tfsdk:"type"`
	MaxRetries          types.Int64  `tfsdk:"max_retries"`
	BaseDelaySeconds    types.Int64  `tfsdk:"base_delay_seconds"`
	ExcludedStatusCodes types.Set    `tfsdk:"excluded_status_codes"`
}

// serverSchemaAttribute returns the schema of the server block; level names the
// level in descriptions ("this assistant").
func serverSchemaAttribute(level string) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "Where Vapi sends the webhook events (\"server messages\") of " + level + ", and how. " +
			"Vapi sends each event to exactly one URL, the first set in the order function tool, assistant, " +
			"phone number, org; see the `vapi_effective_server_url` data source. Removing the block clears the " +
			"server URL at this level; changing any part of it updates it in place.",
		Optional: true,
		Attributes: map[string]schema.Attribute{
			"backoff_plan": schema.SingleNestedAttribute{
				MarkdownDescription: "How Vapi retries a request that failed. Without it Vapi does not retry.",
				Optional:            true,
				Attributes: map[string]schema.Attribute{
					"base_delay_seconds": schema.Int64Attribute{
						MarkdownDescription: "The delay before the first retry, in seconds (0 to 10).",
						Required:            true,
						Validators:          []validator.Int64{int64validator.Between(0, 10)},
					},
					"excluded_status_codes": schema.SetAttribute{
						MarkdownDescription: "HTTP status codes that are not retried, for example `[400, 401, 403, 404]`. " +
							"By default every non-2xx answer is retried.",
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
						MarkdownDescription: "The schedule of the retries: one of " + catalog.BackoffTypes.Markdown() + ".",
						Required:            true,
						Validators:          []validator.String{stringvalidator.OneOf(catalog.BackoffTypes.Strings()...)},
					},
				},
			},
			"credential_id": schema.StringAttribute{
				MarkdownDescription: "The id of the credential Vapi uses to authenticate to `url`, usually a " +
					"`vapi_custom_credential` (bearer token, HMAC signature or OAuth 2). When unset, Vapi picks one " +
					"of the organization's credentials by itself.",
				Optional:   true,
				Validators: []validator.String{uuidValidator()},
			},
			"headers": schema.MapAttribute{
				MarkdownDescription: "Static headers sent with every request. Sensitive, because they often carry " +
					"secrets. An `Authorization` header here overrides the one derived from `credential_id`.",
				ElementType: types.StringType,
				Optional:    true,
				Sensitive:   true,
			},
			"static_ip_addresses_enabled": schema.BoolAttribute{
				MarkdownDescription: "Send the requests from Vapi's static IP range (`167.150.224.0/23`), for " +
					"servers behind an allow-list. Default `false`.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"timeout_seconds": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How long Vapi waits for an answer, in seconds (1 to 300, default %d). "+
					"`assistant-request` events always time out after 7.5 seconds, whatever this says.", defaultServerTimeoutSeconds),
				Optional:   true,
				Computed:   true,
				Default:    int64default.StaticInt64(defaultServerTimeoutSeconds),
				Validators: []validator.Int64{int64validator.Between(1, 300)},
			},
			"url": schema.StringAttribute{
				MarkdownDescription: "The URL that receives the events: an absolute `https://` (or `http://`) URL.",
				Required:            true,
				Validators:          []validator.String{webhookURLValidator{}},
			},
		},
	}
}

func uuidValidator() validator.String {
	return stringvalidator.RegexMatches(uuidRegexp, "must be a UUID, such as the id of a vapi_custom_credential")
}

// webhookURLValidator accepts absolute http and https URLs with a host.
type webhookURLValidator struct{}

func (webhookURLValidator) Description(context.Context) string {
	return "must be an absolute http:// or https:// URL"
}

func (v webhookURLValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (webhookURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	raw := req.ConfigValue.ValueString()
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Server URL",
			fmt.Sprintf("Attribute %s: %q is not an absolute http:// or https:// URL. Vapi sends webhook events "+
				"to it, for example \"https://hooks.example.com/vapi\".", req.Path, raw))
	}
}

// expandServer maps the block to the API's server object. Every managed key is
// present, with nil for the unset ones, so that mergeObject can clear them while
// keeping what the API holds beyond this block.
func expandServer(ctx context.Context, m *serverModel) (map[string]any, diag.Diagnostics) {
	if m == nil {
		return nil, nil
	}
	var diags diag.Diagnostics
	out := map[string]any{
		"url":                      m.URL.ValueString(),
		"credentialId":             stringOrNil(m.CredentialID),
		"timeoutSeconds":           int64OrNil(m.TimeoutSeconds),
		"headers":                  nil,
		"backoffPlan":              nil,
		"staticIpAddressesEnabled": boolOrNil(m.StaticIPAddressesEnabled),
	}
	if !m.Headers.IsNull() && !m.Headers.IsUnknown() {
		headers := map[string]string{}
		diags.Append(m.Headers.ElementsAs(ctx, &headers, false)...)
		out["headers"] = headers
	}
	if b := m.BackoffPlan; b != nil {
		plan := map[string]any{
			"type":             b.Type.ValueString(),
			"maxRetries":       b.MaxRetries.ValueInt64(),
			"baseDelaySeconds": b.BaseDelaySeconds.ValueInt64(),
		}
		if !b.ExcludedStatusCodes.IsNull() && !b.ExcludedStatusCodes.IsUnknown() {
			var codes []int64
			diags.Append(b.ExcludedStatusCodes.ElementsAs(ctx, &codes, false)...)
			plan["excludedStatusCodes"] = codes
		}
		out["backoffPlan"] = plan
	}
	return out, diags
}

// flattenServer maps the API's server object to the block. A server without a
// URL does not route anything, so it reads as no block. Values the API may leave
// out are read as the API's defaults, so that a plan stays quiet whether or not
// the API echoes them.
func flattenServer(ctx context.Context, s *vapi.Server) (*serverModel, diag.Diagnostics) {
	if s == nil || s.URL == "" {
		return nil, nil
	}
	var diags diag.Diagnostics
	m := &serverModel{
		URL:                      types.StringValue(s.URL),
		CredentialID:             types.StringPointerValue(s.CredentialID),
		TimeoutSeconds:           types.Int64Value(defaultServerTimeoutSeconds),
		Headers:                  types.MapNull(types.StringType),
		StaticIPAddressesEnabled: types.BoolValue(false),
	}
	if s.CredentialID != nil && *s.CredentialID == "" {
		m.CredentialID = types.StringNull()
	}
	if s.TimeoutSeconds != nil {
		m.TimeoutSeconds = types.Int64Value(int64(*s.TimeoutSeconds))
	}
	if s.StaticIPAddressesEnabled != nil {
		m.StaticIPAddressesEnabled = types.BoolValue(*s.StaticIPAddressesEnabled)
	}
	if s.Headers != nil {
		headers, d := types.MapValueFrom(ctx, types.StringType, s.Headers)
		diags.Append(d...)
		m.Headers = headers
	}
	if b := s.BackoffPlan; b != nil {
		plan := &backoffPlanModel{
			Type:                types.StringValue(b.Type),
			MaxRetries:          types.Int64Value(int64(b.MaxRetries)),
			BaseDelaySeconds:    types.Int64Value(int64(b.BaseDelaySeconds)),
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
		m.BackoffPlan = plan
	}
	return m, diags
}
