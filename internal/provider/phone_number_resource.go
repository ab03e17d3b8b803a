package provider

import (
	"context"
	"fmt"
	"regexp"

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
	_ resource.Resource                     = (*phoneNumberResource)(nil)
	_ resource.ResourceWithConfigure        = (*phoneNumberResource)(nil)
	_ resource.ResourceWithIdentity         = (*phoneNumberResource)(nil)
	_ resource.ResourceWithImportState      = (*phoneNumberResource)(nil)
	_ resource.ResourceWithConfigValidators = (*phoneNumberResource)(nil)
)

const phoneNumberKind = "Phone Number"

// The API's provider discriminator for each telephony block.
const (
	providerVapi   = "vapi"
	providerTwilio = "twilio"
	providerVonage = "vonage"
	providerTelnyx = "telnyx"
	providerBYO    = "byo-phone-number"
)

// phoneNumberActive is the status of a number that takes calls.
const phoneNumberActive = "active"

// The kinds of fallback destination: TransferDestinationNumber and
// TransferDestinationSip.
const (
	fallbackTypeNumber = "number"
	fallbackTypeSIP    = "sip"
)

var (
	areaCodeRegexp   = regexp.MustCompile(`^[2-9][0-9]{2}$`)
	vapiSIPURIRegexp = regexp.MustCompile(`(?i)^sip:[^@\s]+@sip(\.eu)?\.vapi\.ai$`)
	anySIPURIRegexp  = regexp.MustCompile(`(?i)^sips?:\S+$`)
)

// NewPhoneNumberResource returns the vapi_phone_number resource.
func NewPhoneNumberResource() resource.Resource {
	return &phoneNumberResource{}
}

type phoneNumberResource struct {
	data *providerData
}

type phoneNumberModel struct {
	ID                  types.String               `tfsdk:"id"`
	OrgID               types.String               `tfsdk:"org_id"`
	Name                types.String               `tfsdk:"name"`
	AssistantID         types.String               `tfsdk:"assistant_id"`
	SquadID             types.String               `tfsdk:"squad_id"`
	WorkflowID          types.String               `tfsdk:"workflow_id"`
	Server              []serverModel              `tfsdk:"server"`
	FallbackDestination []fallbackDestinationModel `tfsdk:"fallback_destination"`
	Vapi                []vapiNumberModel          `tfsdk:"vapi"`
	Twilio              []twilioNumberModel        `tfsdk:"twilio"`
	Vonage              []carrierNumberModel       `tfsdk:"vonage"`
	Telnyx              []carrierNumberModel       `tfsdk:"telnyx"`
	BYO                 []byoNumberModel           `tfsdk:"byo"`
	Number              types.String               `tfsdk:"number"`
	Status              types.String               `tfsdk:"status"`
	CreatedAt           types.String               `tfsdk:"created_at"`
}

var phoneNumberAPI = apiKind{name: phoneNumberKind, collection: vapi.PathPhoneNumbers, spec: "phone-number"}

type fallbackDestinationModel struct {
	Type                   types.String `tfsdk:"type"`
	Number                 types.String `tfsdk:"number"`
	SipURI                 types.String `tfsdk:"sip_uri"`
	Extension              types.String `tfsdk:"extension"`
	CallerID               types.String `tfsdk:"caller_id"`
	Message                types.String `tfsdk:"message"`
	Description            types.String `tfsdk:"description"`
	NumberE164CheckEnabled types.Bool   `tfsdk:"number_e164_check_enabled"`
}

type vapiNumberModel struct {
	NumberDesiredAreaCode types.String           `tfsdk:"number_desired_area_code"`
	SipURI                types.String           `tfsdk:"sip_uri"`
	Authentication        []sipAuthSettingsModel `tfsdk:"authentication"`
}

type sipAuthSettingsModel struct {
	Realm             types.String  `tfsdk:"realm"`
	Username          types.String  `tfsdk:"username"`
	Password          types.String  `tfsdk:"password"`
	PasswordWO        types.String  `tfsdk:"password_wo"`
	PasswordWOVersion types.Float64 `tfsdk:"password_wo_version"`
}

type twilioNumberModel struct {
	Number             types.String  `tfsdk:"number"`
	AccountSID         types.String  `tfsdk:"account_sid"`
	AuthToken          types.String  `tfsdk:"auth_token"`
	AuthTokenWO        types.String  `tfsdk:"auth_token_wo"`
	AuthTokenWOVersion types.Float64 `tfsdk:"auth_token_wo_version"`
	APIKey             types.String  `tfsdk:"api_key"`
	APIKeyWO           types.String  `tfsdk:"api_key_wo"`
	APIKeyWOVersion    types.Float64 `tfsdk:"api_key_wo_version"`
	APISecret          types.String  `tfsdk:"api_secret"`
	APISecretWO        types.String  `tfsdk:"api_secret_wo"`
	APISecretWOVersion types.Float64 `tfsdk:"api_secret_wo_version"`
	SMSEnabled         types.Bool    `tfsdk:"sms_enabled"`
}

// carrierNumberModel is a Vonage or Telnyx number.
type carrierNumberModel struct {
	Number       types.String `tfsdk:"number"`
	CredentialID types.String `tfsdk:"credential_id"`
}

type byoNumberModel struct {
	Number                 types.String `tfsdk:"number"`
	CredentialID           types.String `tfsdk:"credential_id"`
	NumberE164CheckEnabled types.Bool   `tfsdk:"number_e164_check_enabled"`
}

func (r *phoneNumberResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_phone_number"
}

func (r *phoneNumberResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("phone number")
}

// telephonyCredentialID is the credential_id of the vonage, telnyx and byo
// blocks, which must not be mistaken for server.credential_id.
func telephonyCredentialID(credential string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "The id of the " + credential + " credential that connects Vapi to the carrier " +
			"(added under Provider Credentials in the Vapi dashboard). This is a telephony credential, not the " +
			"webhook credential of `server.credential_id` (a `vapi_custom_credential`).",
		Required:   true,
		Validators: []validator.String{idValidator(idOfTelephonyCred)},
	}
}

func (r *phoneNumberResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Vapi phone number: a free Vapi number or SIP URI (`vapi`), or a number of your own " +
			"at Twilio, Vonage, Telnyx or on your SIP trunk (`byo`). Exactly one of these blocks must be set; " +
			"switching blocks, or changing a free number's `number_desired_area_code`, replaces the number (a " +
			"free number then gets new digits). Everything else is updated in place. Inbound calls go to " +
			"`assistant_id`, `squad_id` or `workflow_id`; with none of them, Vapi asks `server.url` with an " +
			"`assistant-request` event. Vapi never returns telephony secrets, so a secret changed outside " +
			"Terraform cannot show as a diff; every secret has a write-only twin (`*_wo`, with `*_wo_version`) " +
			"that keeps it out of the state." +
			"\n\n" + "**Importing.** Vapi never returns secrets, so after `terraform import`, or in configuration " +
			"generated by `terraform plan -generate-config-out`, write them in: a `twilio` number needs `auth_token_wo` " +
			"(or `api_key_wo` and `api_secret_wo`), a `vapi` number with `authentication` its `password_wo`. " + importHeadersNote,
		Attributes: map[string]schema.Attribute{
			"assistant_id": schema.StringAttribute{
				MarkdownDescription: "The assistant that answers inbound calls (a `vapi_assistant` id)." +
					" With none of `assistant_id`, `squad_id` and `workflow_id` set, Vapi asks the server URL which assistant to use (an `assistant-request` event).",
				Optional:   true,
				Validators: []validator.String{idValidator(idOfAssistant)},
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the phone number was created (ISO 8601).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"id": schema.StringAttribute{
				MarkdownDescription: "The phone number's id; use it as a `phone_number_id`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "A label for the phone number, at most 40 characters.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtMost(40)},
			},
			"number": schema.StringAttribute{
				MarkdownDescription: "The phone number: the digits Vapi assigned to a free number bought by area " +
					"code (such as `+14155550123`), or the `number` of the `twilio`, `vonage`, `telnyx` or `byo` " +
					"block. Null for a free SIP URI.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{phoneNumberDigitsModifier{}},
			},
			"org_id": schema.StringAttribute{
				MarkdownDescription: "The id of the organization that owns the phone number.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"squad_id": schema.StringAttribute{
				MarkdownDescription: "The squad that answers inbound calls." +
					" With none of `assistant_id`, `squad_id` and `workflow_id` set, Vapi asks the server URL which assistant to use (an `assistant-request` event).",
				Optional:   true,
				Validators: []validator.String{idValidator(idOfSquad)},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "The number's status: `active`, `activating` (a new free number takes a few " +
					"minutes; calls do not work until it is active) or `blocked`. Read on every refresh; an " +
					"update keeps an `active` number's status in the plan.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stableStatus{}},
			},
			"workflow_id": schema.StringAttribute{
				MarkdownDescription: "The workflow that answers inbound calls." +
					" With none of `assistant_id`, `squad_id` and `workflow_id` set, Vapi asks the server URL which assistant to use (an `assistant-request` event).",
				Optional:   true,
				Validators: []validator.String{idValidator(idOfWorkflow)},
			},
		},
		Blocks: map[string]schema.Block{
			"byo": singleBlock("A number on your own SIP trunk or carrier (API provider `byo-phone-number`).",
				schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"credential_id": telephonyCredentialID("`byo-sip-trunk`"),
					"number": schema.StringAttribute{
						MarkdownDescription: "The number, 3 to 40 characters. Optional: a SIP trunk may be used " +
							"for calls without a number of its own.",
						Optional:   true,
						Validators: []validator.String{stringvalidator.LengthBetween(3, 40)},
					},
					"number_e164_check_enabled": schema.BoolAttribute{
						MarkdownDescription: "Check that `number` is in E.164 form (`+` and digits). Set `false` " +
							"for numbers such as `1234` on your trunk. Default `true`.",
						Optional: true,
						Computed: true,
						Default:  booldefault.StaticBool(true),
					},
				}},
				replaceOnSwitch("`vapi`, `twilio`, `vonage`, `telnyx` and `byo`", "phone number")),
			"fallback_destination": singleBlock("Where an inbound call is transferred when no `assistant_id`, `squad_id` or "+
				"`workflow_id` is set and the `assistant-request` to the server fails. Without it such calls "+
				"are hung up. Vapi's other settings of the destination (such as `transferPlan`) are kept on update.",
				schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"caller_id": schema.StringAttribute{
						MarkdownDescription: "The caller id the destination sees, at most 40 characters, such as " +
							"`{{customer.number}}`. By default the caller's number (`number`) or the SIP " +
							"infrastructure's choice (`sip`).",
						Optional:   true,
						Validators: []validator.String{stringvalidator.LengthAtMost(40)},
					},
					"description": schema.StringAttribute{
						MarkdownDescription: "What the destination is, for the model to decide when to use it.",
						Optional:            true,
					},
					"extension": schema.StringAttribute{
						MarkdownDescription: "An extension to dial after `number` answers, 1 to 10 characters " +
							"(type `number` only).",
						Optional:   true,
						Validators: []validator.String{stringvalidator.LengthBetween(1, 10)},
					},
					"message": schema.StringAttribute{
						MarkdownDescription: "What the caller hears before the transfer; `\"\"` transfers silently. " +
							"Only the plain-text form is managed: a per-language message set outside Terraform " +
							"reads as unset, and an update replaces it.",
						Optional: true,
					},
					"number": schema.StringAttribute{
						MarkdownDescription: "The number to transfer to, 3 to 40 characters (required for type `number`).",
						Optional:            true,
						Validators:          []validator.String{stringvalidator.LengthBetween(3, 40)},
					},
					"number_e164_check_enabled": schema.BoolAttribute{
						MarkdownDescription: "Check that `number` is in E.164 form (type `number` only). Vapi's " +
							"default is `true`; set `false` for numbers such as `1234`.",
						Optional: true,
					},
					"sip_uri": schema.StringAttribute{
						MarkdownDescription: "The SIP URI to transfer to, such as `sip:support@pbx.example.com` " +
							"(required for type `sip`).",
						Optional: true,
						Validators: []validator.String{stringvalidator.RegexMatches(anySIPURIRegexp,
							"must be a SIP URI, such as \"sip:support@pbx.example.com\"")},
					},
					"type": schema.StringAttribute{
						MarkdownDescription: "The kind of destination: `" + fallbackTypeNumber + "` (a phone number) " +
							"or `" + fallbackTypeSIP + "` (a SIP URI).",
						Required:   true,
						Validators: []validator.String{stringvalidator.OneOf(fallbackTypeNumber, fallbackTypeSIP)},
					},
				},
					Validators: []validator.Object{fallbackDestinationValidator{}}}),
			"telnyx": singleBlock("A number bought at Telnyx.",
				schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"credential_id": telephonyCredentialID("`telnyx`"),
					"number": schema.StringAttribute{
						MarkdownDescription: "The number, as Telnyx lists it (E.164, such as `+14155550123`).",
						Required:            true,
					},
				}},
				replaceOnSwitch("`vapi`, `twilio`, `vonage`, `telnyx` and `byo`", "phone number")),
			"twilio": singleBlock("A number bought at Twilio. Set `auth_token`, or `api_key` and `api_secret` "+
				"(or their write-only twins). Vapi never returns them; an update sends the ones that are set.",
				schema.NestedBlockObject{Attributes: mergeAttributes(
					secretAttributes("auth_token", "The Twilio account's auth token.", false),
					secretAttributes("api_key", "A Twilio API key (SID `SK...`), used with `api_secret`.", false),
					secretAttributes("api_secret", "The secret of `api_key`.", false),
					map[string]schema.Attribute{
						"account_sid": schema.StringAttribute{
							MarkdownDescription: "The Twilio account SID (`AC...`).",
							Required:            true,
						},
						"number": schema.StringAttribute{
							MarkdownDescription: "The number, as Twilio lists it (E.164, such as `+14155550123`).",
							Required:            true,
						},
						"sms_enabled": schema.BoolAttribute{
							MarkdownDescription: "Let Vapi set the number's messaging webhook at Twilio too. With " +
								"`false` Vapi leaves Twilio's messaging URL as it is. Default `true`.",
							Optional: true,
							Computed: true,
							Default:  booldefault.StaticBool(true),
						},
					}),
					Validators: []validator.Object{twilioAuthValidator{}}},
				replaceOnSwitch("`vapi`, `twilio`, `vonage`, `telnyx` and `byo`", "phone number")),
			"vapi": singleBlock("A free Vapi number: a US number bought by area code, or a SIP URI on "+
				"Vapi's SIP domain. Set exactly one of `number_desired_area_code` and `sip_uri`. An account "+
				"has at most 5 free numbers.",
				schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"number_desired_area_code": schema.StringAttribute{
						MarkdownDescription: "Buy a free US number in this 3-digit area code, such as `415`. Vapi " +
							"assigns the digits (see `number`). Changing it replaces the number.",
						Optional:      true,
						PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
						Validators: []validator.String{
							stringvalidator.RegexMatches(areaCodeRegexp, "must be a US area code: 3 digits, the "+
								"first of them 2 to 9, such as \"415\""),
							freeNumberChoice{},
						},
					},
					"sip_uri": schema.StringAttribute{
						MarkdownDescription: "A SIP URI on Vapi's SIP domain, `sip:<username>@sip.vapi.ai` (or " +
							"`@sip.eu.vapi.ai`), case-insensitive. Callers INVITE it and the number's assistant answers.",
						Optional: true,
						Validators: []validator.String{stringvalidator.RegexMatches(vapiSIPURIRegexp,
							"must be a SIP URI of the form sip:<username>@sip.vapi.ai (or @sip.eu.vapi.ai)")},
					},
				},
					Blocks: map[string]schema.Block{"authentication": authenticationBlock()}},
				replaceOnSwitch("`vapi`, `twilio`, `vonage`, `telnyx` and `byo`", "phone number")),
			"vonage": singleBlock("A number bought at Vonage.",
				schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"credential_id": telephonyCredentialID("`vonage`"),
					"number": schema.StringAttribute{
						MarkdownDescription: "The number, as Vonage lists it (E.164, such as `+14155550123`).",
						Required:            true,
					},
				}},
				replaceOnSwitch("`vapi`, `twilio`, `vonage`, `telnyx` and `byo`", "phone number")),
			"server": serverBlock("this phone number: `assistant-request` when the number has no " +
				"`assistant_id`, `squad_id` or `workflow_id`, and the events of its calls whose assistant has no " +
				"server URL of its own"),
		},
	}
}

func (r *phoneNumberResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		exactlyOneBlock("where the number comes from (a free Vapi number, Twilio, Vonage, Telnyx or your own SIP trunk)",
			"vapi", "twilio", "vonage", "telnyx", "byo"),
	}
}

func (r *phoneNumberResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *phoneNumberResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, cfg phoneNumberModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	body, diags := plan.toAPI(ctx, &cfg, nil)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if v := first(plan.Vapi); v != nil {
		body["numberDesiredAreaCode"] = stringOrNil(v.NumberDesiredAreaCode)
	}

	var number vapi.PhoneNumber
	resp.Diagnostics.Append(phoneNumberAPI.create(ctx, r.data, body, &number)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(plan.fromAPI(ctx, &number, &cfg)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.ID.ValueString())...)
}

func (r *phoneNumberResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state phoneNumberModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var number vapi.PhoneNumber
	if !phoneNumberAPI.read(ctx, r.data, state.ID.ValueString(), &number, resp) {
		return
	}
	resp.Diagnostics.Append(state.fromAPI(ctx, &number, nil)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update never sends numberDesiredAreaCode: it is not in the Update DTO (a
// change replaces the number instead). It does send provider, which the
// Update DTOs accept (optional since the 2026-07-30 spec, sent by Vapi's own
// SDK): with it the API validates the body against the right variant of its
// discriminated union, and the value is always the stored one because a
// provider change replaces the number.
func (r *phoneNumberResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state, cfg phoneNumberModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var number vapi.PhoneNumber
	resp.Diagnostics.Append(phoneNumberAPI.update(ctx, r.data, "Update", plan.ID.ValueString(),
		func(map[string]any) (map[string]any, diag.Diagnostics) { return plan.toAPI(ctx, &cfg, &state) }, &number)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(plan.fromAPI(ctx, &number, &cfg)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.ID.ValueString())...)
}

func (r *phoneNumberResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state phoneNumberModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(phoneNumberAPI.delete(ctx, r.data, state.ID.ValueString())...)
}

func (r *phoneNumberResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughWithIdentity(ctx, path.Root("id"), path.Root("id"), req, resp)
}

// toAPI builds the body of a create (prior nil) or an update, without
// numberDesiredAreaCode (create only); cfg supplies the write-only secrets.
// The API's fields of every provider are flat in the phone number. Twilio's
// secrets are top-level fields that a PATCH would clear if sent as null, so
// they are sent only when set.
func (m *phoneNumberModel) toAPI(ctx context.Context, cfg, prior *phoneNumberModel) (map[string]any, diag.Diagnostics) {
	server, diags := expandServer(ctx, m.Server, cfg.Server)
	var priorFallback *fallbackDestinationModel
	if prior != nil {
		priorFallback = first(prior.FallbackDestination)
	}
	body := map[string]any{
		"name":                stringOrNil(m.Name),
		"assistantId":         stringOrNil(m.AssistantID),
		"squadId":             stringOrNil(m.SquadID),
		"workflowId":          stringOrNil(m.WorkflowID),
		"server":              server,
		"fallbackDestination": first(m.FallbackDestination).toAPI(priorFallback),
	}
	switch {
	case len(m.Vapi) > 0:
		v := m.Vapi[0]
		body["provider"] = providerVapi
		body["sipUri"] = stringOrNil(v.SipURI)
		body["authentication"] = nil
		if a := first(v.Authentication); a != nil {
			c := only(only(cfg.Vapi).Authentication)
			body["authentication"] = map[string]any{
				"realm":    stringOrNil(a.Realm),
				"username": a.Username.ValueString(),
				"password": secretFrom(a.Password, c.PasswordWO),
			}
		}
	case len(m.Twilio) > 0:
		t, c := m.Twilio[0], only(cfg.Twilio)
		body["provider"] = providerTwilio
		body["number"] = t.Number.ValueString()
		body["twilioAccountSid"] = t.AccountSID.ValueString()
		body["smsEnabled"] = boolOrNil(t.SMSEnabled)
		for key, secret := range map[string]any{
			"twilioAuthToken": secretFrom(t.AuthToken, c.AuthTokenWO),
			"twilioApiKey":    secretFrom(t.APIKey, c.APIKeyWO),
			"twilioApiSecret": secretFrom(t.APISecret, c.APISecretWO),
		} {
			if secret != nil {
				body[key] = secret
			}
		}
	case len(m.Vonage) > 0:
		body["provider"] = providerVonage
		body["number"] = m.Vonage[0].Number.ValueString()
		body["credentialId"] = m.Vonage[0].CredentialID.ValueString()
	case len(m.Telnyx) > 0:
		body["provider"] = providerTelnyx
		body["number"] = m.Telnyx[0].Number.ValueString()
		body["credentialId"] = m.Telnyx[0].CredentialID.ValueString()
	case len(m.BYO) > 0:
		b := m.BYO[0]
		body["provider"] = providerBYO
		body["number"] = stringOrNil(b.Number)
		body["credentialId"] = b.CredentialID.ValueString()
		body["numberE164CheckEnabled"] = boolOrNil(b.NumberE164CheckEnabled)
	}
	return body, diags
}

// toAPI maps the fallback destination with every managed key present (nil when
// unset), so that merging it over the API's value clears what was removed and
// keeps the rest, such as transferPlan. A number destination also clears
// sipHeaders, which only a SIP destination may hold. The message is managed
// only in its plain-text form: while neither the configuration nor the prior
// state (nil on create) has one, it is left out, so a per-language message
// set in the dashboard (which reads as unset) survives the update.
func (f *fallbackDestinationModel) toAPI(prior *fallbackDestinationModel) map[string]any {
	if f == nil {
		return nil
	}
	out := map[string]any{
		"type":                   f.Type.ValueString(),
		"number":                 stringOrNil(f.Number),
		"sipUri":                 stringOrNil(f.SipURI),
		"extension":              stringOrNil(f.Extension),
		"callerId":               stringOrNil(f.CallerID),
		"message":                stringOrNil(f.Message),
		"description":            stringOrNil(f.Description),
		"numberE164CheckEnabled": boolOrNil(f.NumberE164CheckEnabled),
	}
	if f.Type.ValueString() == fallbackTypeNumber {
		out["sipHeaders"] = nil
	}
	if f.Message.IsNull() && (prior == nil || prior.Message.IsNull()) {
		delete(out, "message")
	}
	return out
}

// fromAPI reads the response into m, which holds the plan or the prior
// state; cfg is the configuration after an apply, nil on refresh. Secrets are
// not returned, so the ones already in m are kept.
func (m *phoneNumberModel) fromAPI(ctx context.Context, p *vapi.PhoneNumber, cfg *phoneNumberModel) diag.Diagnostics {
	m.ID = types.StringValue(p.ID)
	m.OrgID = types.StringValue(p.OrgID)
	m.CreatedAt = types.StringValue(p.CreatedAt)
	m.Name = types.StringPointerValue(p.Name)
	m.AssistantID = types.StringPointerValue(p.AssistantID)
	m.SquadID = types.StringPointerValue(p.SquadID)
	m.WorkflowID = types.StringPointerValue(p.WorkflowID)
	m.Number = types.StringPointerValue(p.Number)
	m.Status = types.StringPointerValue(p.Status)
	m.FallbackDestination = blockOf(fallbackFromAPI(p.FallbackDestination, first(m.FallbackDestination)))

	var cfgServer []serverModel
	if cfg != nil {
		cfgServer = cfg.Server
	}
	server, diags := flattenServer(ctx, p.Server, m.Server, cfgServer)
	m.Server = server

	prevVapi, prevTwilio := first(m.Vapi), first(m.Twilio)
	m.Vapi, m.Twilio, m.Vonage, m.Telnyx, m.BYO = nil, nil, nil, nil, nil
	switch p.Provider {
	case providerVapi:
		m.Vapi = blockOf(vapiFromAPI(p, prevVapi))
	case providerTwilio:
		t := twilioNumberModel{
			Number:             types.StringPointerValue(p.Number),
			AccountSID:         types.StringPointerValue(p.TwilioAccountSID),
			AuthToken:          types.StringNull(),
			AuthTokenWO:        types.StringNull(),
			AuthTokenWOVersion: types.Float64Null(),
			APIKey:             types.StringNull(),
			APIKeyWO:           types.StringNull(),
			APIKeyWOVersion:    types.Float64Null(),
			APISecret:          types.StringNull(),
			APISecretWO:        types.StringNull(),
			APISecretWOVersion: types.Float64Null(),
			SMSEnabled:         boolOr(p.SMSEnabled, true),
		}
		if prev := prevTwilio; prev != nil {
			t.AuthToken, t.AuthTokenWOVersion = prev.AuthToken, prev.AuthTokenWOVersion
			t.APIKey, t.APIKeyWOVersion = prev.APIKey, prev.APIKeyWOVersion
			t.APISecret, t.APISecretWOVersion = prev.APISecret, prev.APISecretWOVersion
		}
		m.Twilio = []twilioNumberModel{t}
	case providerVonage:
		m.Vonage = []carrierNumberModel{{
			Number:       types.StringPointerValue(p.Number),
			CredentialID: types.StringPointerValue(p.CredentialID),
		}}
	case providerTelnyx:
		m.Telnyx = []carrierNumberModel{{
			Number:       types.StringPointerValue(p.Number),
			CredentialID: types.StringPointerValue(p.CredentialID),
		}}
	case providerBYO:
		m.BYO = []byoNumberModel{{
			Number:                 types.StringPointerValue(p.Number),
			CredentialID:           types.StringPointerValue(p.CredentialID),
			NumberE164CheckEnabled: boolOr(p.NumberE164CheckEnabled, true),
		}}
	default:
		diags.AddError("Unable to Read Phone Number",
			fmt.Sprintf("The phone number %q has provider %q, which this provider does not support. Vapi phone "+
				"numbers of provider vapi, twilio, vonage, telnyx and byo-phone-number can be managed.", p.ID, p.Provider))
	}
	return diags
}

func vapiFromAPI(p *vapi.PhoneNumber, prev *vapiNumberModel) *vapiNumberModel {
	v := &vapiNumberModel{
		NumberDesiredAreaCode: types.StringPointerValue(p.NumberDesiredAreaCode),
		SipURI:                types.StringPointerValue(p.SipURI),
	}
	// The area code is a create-only request field that the spec says is
	// returned; should the live API leave it out, the prior value is kept, since
	// reading it as null would plan a replacement (a new number bought) every
	// time.
	if p.NumberDesiredAreaCode == nil && prev != nil {
		v.NumberDesiredAreaCode = prev.NumberDesiredAreaCode
	}
	if a := p.Authentication; a != nil {
		auth := sipAuthSettingsModel{
			Realm:             types.StringPointerValue(a.Realm),
			Username:          types.StringValue(a.Username),
			Password:          types.StringNull(),
			PasswordWO:        types.StringNull(),
			PasswordWOVersion: types.Float64Null(),
		}
		if prev != nil {
			if pa := first(prev.Authentication); pa != nil {
				auth.Password, auth.PasswordWOVersion = pa.Password, pa.PasswordWOVersion
			}
		}
		v.Authentication = []sipAuthSettingsModel{auth}
	}
	return v
}

// fallbackFromAPI reads the fallback destination. numberE164CheckEnabled reads
// as null when the API holds its default (true) and the prior value was not
// set, so an API that fills in its default causes no diff. A message in the
// per-language (CustomMessage) form reads as null: only plain text is managed.
func fallbackFromAPI(d *vapi.TransferDestination, prev *fallbackDestinationModel) *fallbackDestinationModel {
	if d == nil {
		return nil
	}
	f := &fallbackDestinationModel{
		Type:                   types.StringValue(d.Type),
		Number:                 types.StringPointerValue(d.Number),
		SipURI:                 types.StringPointerValue(d.SipURI),
		Extension:              types.StringPointerValue(d.Extension),
		CallerID:               types.StringPointerValue(d.CallerID),
		Message:                types.StringNull(),
		Description:            types.StringPointerValue(d.Description),
		NumberE164CheckEnabled: types.BoolPointerValue(d.NumberE164CheckEnabled),
	}
	if msg, ok := d.Message.(string); ok {
		f.Message = types.StringValue(msg)
	}
	if d.NumberE164CheckEnabled != nil && *d.NumberE164CheckEnabled &&
		(prev == nil || prev.NumberE164CheckEnabled.IsNull()) {
		f.NumberE164CheckEnabled = types.BoolNull()
	}
	return f
}

// authenticationBlock is the SIP digest authentication of a free number's
// SIP URI.
func authenticationBlock() schema.ListNestedBlock {
	return singleBlock("Digest authentication that Vapi asks of SIP INVITEs to `sip_uri`. Without it any "+
		"username and password are accepted.",
		schema.NestedBlockObject{Attributes: mergeAttributes(
			secretAttributes("password", "The password, 20 to 40 characters.", true,
				stringvalidator.LengthBetween(20, 40)),
			map[string]schema.Attribute{
				"realm": schema.StringAttribute{
					MarkdownDescription: "The realm expected in the INVITE's `Authorization` header. " +
						"By default the SIP realm of the Vapi region (`sip.vapi.ai`, `sip.eu.vapi.ai`).",
					Optional: true,
				},
				"username": schema.StringAttribute{
					MarkdownDescription: "The username, 20 to 40 characters.",
					Required:            true,
					Validators:          []validator.String{stringvalidator.LengthBetween(20, 40)},
				},
			})})
}
