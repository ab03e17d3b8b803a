package provider

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vapi-community/terraform-provider-vapi/internal/catalog"
	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
)

var (
	_ resource.Resource                   = (*assistantResource)(nil)
	_ resource.ResourceWithConfigure      = (*assistantResource)(nil)
	_ resource.ResourceWithIdentity       = (*assistantResource)(nil)
	_ resource.ResourceWithImportState    = (*assistantResource)(nil)
	_ resource.ResourceWithValidateConfig = (*assistantResource)(nil)
)

const assistantKind = "Assistant"

// The API's documented defaults of the attributes that carry a static default
// here: they are sent explicitly and read back when the API leaves them out,
// so a plan is quiet whether or not the API echoes them, and removing the
// attribute from the configuration resets it.
const defaultMaxDurationSeconds = 600

var defaultFirstMessageMode = string(catalog.FirstMessageModes[0])

// vapiModelProvider is the only model provider that needs no model name.
const vapiModelProvider = "vapi"

// backgroundSounds are the named values of backgroundSound; any other value
// must be the URL of an audio file.
var backgroundSounds = []string{"off", "office"}

// importingKey marks, in private state, the first read after an import: with
// no configuration behind the state yet, every value the API holds is read.
const importingKey = "importing"

// NewAssistantResource returns the vapi_assistant resource.
func NewAssistantResource() resource.Resource {
	return &assistantResource{}
}

type assistantResource struct {
	data *providerData
}

var assistantAPI = apiKind{name: assistantKind, collection: vapi.PathAssistants, spec: "assistant"}

type assistantModel struct {
	ID                    types.String           `tfsdk:"id"`
	OrgID                 types.String           `tfsdk:"org_id"`
	CreatedAt             types.String           `tfsdk:"created_at"`
	Name                  types.String           `tfsdk:"name"`
	FirstMessage          types.String           `tfsdk:"first_message"`
	FirstMessageMode      types.String           `tfsdk:"first_message_mode"`
	Model                 []assistantLLMModel    `tfsdk:"model"`
	Voice                 []assistantVoiceModel  `tfsdk:"voice"`
	Transcriber           []assistantTranscriber `tfsdk:"transcriber"`
	Server                []serverModel          `tfsdk:"server"`
	ServerMessages        types.Set              `tfsdk:"server_messages"`
	ClientMessages        types.Set              `tfsdk:"client_messages"`
	EndCallMessage        types.String           `tfsdk:"end_call_message"`
	EndCallPhrases        types.List             `tfsdk:"end_call_phrases"`
	VoicemailMessage      types.String           `tfsdk:"voicemail_message"`
	MaxDurationSeconds    types.Float64          `tfsdk:"max_duration_seconds"`
	SilenceTimeoutSeconds types.Float64          `tfsdk:"silence_timeout_seconds"`
	BackgroundSound       types.String           `tfsdk:"background_sound"`
	Metadata              jsontypes.Normalized   `tfsdk:"metadata"`
}

type assistantLLMModel struct {
	Provider      types.String              `tfsdk:"provider"`
	Model         types.String              `tfsdk:"model"`
	SystemPrompt  types.String              `tfsdk:"system_prompt"`
	Temperature   types.Float64             `tfsdk:"temperature"`
	MaxTokens     types.Float64             `tfsdk:"max_tokens"`
	ToolIDs       types.Set                 `tfsdk:"tool_ids"`
	FunctionTools []inlineFunctionToolModel `tfsdk:"function_tools"`
}

type assistantVoiceModel struct {
	Provider types.String `tfsdk:"provider"`
	VoiceID  types.String `tfsdk:"voice_id"`
}

type assistantTranscriber struct {
	Provider types.String `tfsdk:"provider"`
	Model    types.String `tfsdk:"model"`
	Language types.String `tfsdk:"language"`
}

func (r *assistantResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_assistant"
}

func (r *assistantResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("assistant")
}

func (r *assistantResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Vapi assistant: the model, voice and transcriber that handle a call, what the " +
			"assistant says, and where its webhook events go.\n\n" +
			"Vapi replaces a nested object (`model`, `voice`, `transcriber`, `server`) whole on update, so this " +
			"resource reads the assistant first and changes only the fields it manages: settings made elsewhere " +
			"(in the dashboard, say), such as a model's other messages or a voice's speed, are kept. Changing " +
			"the `provider` of `model`, `voice` or `transcriber` starts that object afresh, because the old " +
			"provider's own settings do not apply to the new one." +
			"\n\n**Importing.** " + importHeadersNote,
		Attributes: map[string]schema.Attribute{
			"background_sound": schema.StringAttribute{
				MarkdownDescription: "The sound played under the call: `off`, `office`, or the URL of an audio file. " +
					"When unset, Vapi's default applies (`office` on phone calls, `off` on web calls).",
				Optional:   true,
				Validators: []validator.String{backgroundSoundValidator{}},
			},
			"client_messages": schema.SetAttribute{
				MarkdownDescription: "The messages Vapi sends to the client SDK (web or mobile) during a call, any of " +
					catalog.ClientMessages.Markdown() + ". When unset, Vapi sends its default set; an empty set sends none.",
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.Set{setvalidator.ValueStringsAre(
					stringvalidator.OneOf(catalog.ClientMessages.Strings()...))},
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the assistant was created (ISO 8601).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"end_call_message": schema.StringAttribute{
				MarkdownDescription: "What the assistant says before it ends the call (at most 1000 characters).",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtMost(1000)},
			},
			"end_call_phrases": schema.ListAttribute{
				MarkdownDescription: "Phrases that end the call when the assistant says them, such as " +
					"`[\"goodbye\"]`; each 2 to 140 characters.",
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.List{listvalidator.ValueStringsAre(
					stringvalidator.LengthBetween(2, 140))},
			},
			"first_message": schema.StringAttribute{
				MarkdownDescription: "The first thing the assistant says: text, or the URL of an audio file. When " +
					"unset, the assistant waits for the caller to speak first.",
				Optional: true,
			},
			"first_message_mode": schema.StringAttribute{
				MarkdownDescription: "Who speaks first: one of " + catalog.FirstMessageModes.Markdown() +
					". Default `" + defaultFirstMessageMode + "`, the API's.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(defaultFirstMessageMode),
				Validators: []validator.String{stringvalidator.OneOf(catalog.FirstMessageModes.Strings()...)},
			},
			"id": schema.StringAttribute{
				MarkdownDescription: "The assistant's id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"max_duration_seconds": schema.Float64Attribute{
				MarkdownDescription: fmt.Sprintf("The longest a call may last, in seconds (10 to 43200). "+
					"Default %d, the API's.", defaultMaxDurationSeconds),
				Optional:   true,
				Computed:   true,
				Default:    float64default.StaticFloat64(defaultMaxDurationSeconds),
				Validators: []validator.Float64{wholeNumberBetween(10, 43200)},
			},
			"metadata": schema.StringAttribute{
				MarkdownDescription: "Free-form data kept with the assistant and included in its events, as a JSON " +
					"object string: `metadata = jsonencode({ team = \"cx\" })`. Nested objects, lists and numbers " +
					"round-trip unchanged; compared by meaning, so formatting and key order cause no diff.",
				CustomType: jsontypes.NormalizedType{},
				Optional:   true,
				Validators: []validator.String{jsonObjectValidator{}},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The assistant's name, as the dashboard shows it (1 to 40 characters).",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 40)},
			},
			"org_id": schema.StringAttribute{
				MarkdownDescription: "The id of the organization that owns the assistant.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"server_messages": schema.SetAttribute{
				MarkdownDescription: "The events Vapi sends to the server URL at all, any of " +
					catalog.ServerMessages.Markdown() + ". When unset, Vapi sends its default set: " +
					catalog.DefaultServerMessages.Markdown() + ". An empty set sends none. An event that is not " +
					"listed is not sent to any level's server URL (`assistant-request` is always sent).",
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.Set{setvalidator.ValueStringsAre(
					stringvalidator.OneOf(catalog.ServerMessages.Strings()...))},
			},
			"silence_timeout_seconds": schema.Float64Attribute{
				MarkdownDescription: "How long the call may stay silent before Vapi ends it, in seconds (10 to " +
					"3600). When unset, Vapi's default applies.",
				Optional:   true,
				Validators: []validator.Float64{wholeNumberBetween(10, 3600)},
			},
			"voicemail_message": schema.StringAttribute{
				MarkdownDescription: "What the assistant says when the call reaches voicemail (at most 1000 characters).",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtMost(1000)},
			},
		},
		Blocks: map[string]schema.Block{
			"model": singleBlock("The language model that writes the assistant's replies. Settings of the model "+
				"that are not attributes here (set in the dashboard, say) are kept on update, unless `provider` "+
				"changes. Removing the block clears the model; while the configuration has never set it, the "+
				"model Vapi holds (its default, say) is left alone.",
				schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"max_tokens": schema.Float64Attribute{
						MarkdownDescription: "The most tokens the model may generate per turn (50 to 10000). When " +
							"unset, Vapi's default applies (250).",
						Optional:   true,
						Validators: []validator.Float64{wholeNumberBetween(50, 10000)},
					},
					"model": schema.StringAttribute{
						MarkdownDescription: "The provider's name of the model, such as `gpt-4o`. Required by every " +
							"provider except `vapi`.",
						Optional:   true,
						Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"provider": schema.StringAttribute{
						MarkdownDescription: "Who serves the model, such as `openai`, `anthropic`, `google`, `groq` " +
							"or `vapi`. Changing it starts the model's settings afresh: the old provider's settings " +
							"that are not attributes here are dropped; the model's messages are kept.",
						Required:   true,
						Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"system_prompt": schema.StringAttribute{
						MarkdownDescription: "The system prompt: the content of the model's `system` message. The " +
							"model's other messages are kept as they are, in order.",
						Optional: true,
					},
					"temperature": schema.Float64Attribute{
						MarkdownDescription: "The sampling temperature (0 to 2); higher is more varied. When unset, " +
							"Vapi's default applies (0.5).",
						Optional:   true,
						Validators: []validator.Float64{float64validator.Between(0, 2)},
					},
					"tool_ids": schema.SetAttribute{
						MarkdownDescription: "The ids of the saved tools the model may call, such as " +
							"`[vapi_function_tool.weather.id]`.",
						ElementType: types.StringType,
						Optional:    true,
						Validators:  []validator.Set{setvalidator.ValueStringsAre(idValidator(idOfFunctionTool))},
					},
				},
					Blocks: map[string]schema.Block{"function_tools": functionToolsBlock()}}),
			"transcriber": singleBlock("The speech-to-text service that transcribes the caller. Settings of the "+
				"transcriber that are not attributes here (such as Deepgram's `smartFormat`) are kept on "+
				"update, unless `provider` changes. Removing the block clears the transcriber; while the "+
				"configuration has never set it, the transcriber Vapi holds is left alone.",
				schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"language": schema.StringAttribute{
						MarkdownDescription: "The language to transcribe, in the provider's notation, such as `en`, " +
							"`en-US` or `multi`. When unset, the provider's default applies.",
						Optional:   true,
						Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"model": schema.StringAttribute{
						MarkdownDescription: "The provider's transcription model, such as `nova-3`. When unset, the " +
							"provider's default applies.",
						Optional:   true,
						Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"provider": schema.StringAttribute{
						MarkdownDescription: "Who transcribes, such as `deepgram`, `assembly-ai`, `azure`, `google`, " +
							"`openai` or `vapi`. Changing it starts the transcriber's settings afresh.",
						Required:   true,
						Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
					},
				}}),
			"voice": singleBlock("The text-to-speech voice the assistant speaks with. Settings of the voice "+
				"that are not attributes here (such as `speed`) are kept on update, unless `provider` changes. "+
				"Removing the block clears the voice; while the configuration has never set it, the voice Vapi "+
				"holds is left alone.",
				schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"provider": schema.StringAttribute{
						MarkdownDescription: "Who provides the voice, such as `vapi`, `11labs`, `cartesia`, " +
							"`azure`, `deepgram` or `openai`. Changing it starts the voice's settings afresh.",
						Required:   true,
						Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"voice_id": schema.StringAttribute{
						MarkdownDescription: "The provider's id of the voice, such as `Elliot` for `vapi`.",
						Required:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
				}}),
			"server": serverBlock("this assistant's calls"),
		},
	}
}

func (r *assistantResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig catches, before any request, a model without a name: every
// model provider but vapi answers it with a 400.
func (r *assistantResource) ValidateConfig(_ context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	models, known := blockObjects(req.Config.Raw, tftypes.NewAttributePath().WithAttributeName("model"))
	if !known || len(models) == 0 {
		return
	}
	provider, providerSet := stringIn(models[0], "provider")
	nameSet, nameUnknown := attrState(models[0], "model")
	if !providerSet || provider == vapiModelProvider || nameSet || nameUnknown {
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("model").AtListIndex(0).AtName("model"), "Missing Model Name",
		fmt.Sprintf("Attribute model.model is required when model.provider is %q, for example model = \"gpt-4o\" "+
			"for openai. Only the %q provider picks a model by itself.", provider, vapiModelProvider))
}

func (r *assistantResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, cfg assistantModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	body, diags := plan.toAPI(ctx, &cfg, nil, nil)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	var assistant vapi.Assistant
	resp.Diagnostics.Append(assistantAPI.create(ctx, r.data, body, &assistant)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(plan.fromAPI(ctx, &assistant, &cfg, false)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.ID.ValueString())...)
}

func (r *assistantResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state assistantModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	marker, diags := req.Private.GetKey(ctx, importingKey)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	var assistant vapi.Assistant
	if !assistantAPI.read(ctx, r.data, state.ID.ValueString(), &assistant, resp) {
		return
	}
	resp.Diagnostics.Append(state.fromAPI(ctx, &assistant, nil, len(marker) > 0)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importingKey, nil)...)
}

func (r *assistantResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state, cfg assistantModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var assistant vapi.Assistant
	resp.Diagnostics.Append(assistantAPI.update(ctx, r.data, "Update", plan.ID.ValueString(),
		func(current map[string]any) (map[string]any, diag.Diagnostics) {
			return plan.toAPI(ctx, &cfg, &state, current)
		}, &assistant)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(plan.fromAPI(ctx, &assistant, &cfg, false)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.ID.ValueString())...)
}

func (r *assistantResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state assistantModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(assistantAPI.delete(ctx, r.data, state.ID.ValueString())...)
}

func (r *assistantResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughWithIdentity(ctx, path.Root("id"), path.Root("id"), req, resp)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importingKey, []byte("true"))...)
}

// Attributes into which the API may put a default of its own when they are not
// sent (server_messages, client_messages, background_sound,
// silence_timeout_seconds, the model, voice and transcriber blocks, and
// model.temperature, model.max_tokens, transcriber.model,
// transcriber.language) are managed only while the configuration sets them or
// the state still holds them:
//   - toAPI leaves them out of the body while unmanaged, so whatever the API
//     holds is kept, and sends null when the configuration removes them;
//   - fromAPI reads them as null while the prior state is null, so a default
//     the API filled in is no diff. After an import there is no prior state to
//     go by, and everything the API holds is read.
// The other attributes are always managed: unset means absent (null) in Vapi.

// toAPI builds the body of a create (prior and current nil) or of an update:
// prior is the state, current the assistant as the API holds it now; cfg
// supplies the write-only secret headers. Every always-managed key is
// present, with nil for the unset ones. The model, voice and transcriber are
// merged here, by provider (sentAsIs); the server is merged by the update
// path like every other level's.
func (m *assistantModel) toAPI(ctx context.Context, cfg, prior *assistantModel, current map[string]any) (map[string]any, diag.Diagnostics) {
	var diags diag.Diagnostics
	if prior == nil {
		prior = &assistantModel{}
	}
	body := map[string]any{
		"name":               stringOrNil(m.Name),
		"firstMessage":       stringOrNil(m.FirstMessage),
		"firstMessageMode":   stringOrNil(m.FirstMessageMode),
		"endCallMessage":     stringOrNil(m.EndCallMessage),
		"endCallPhrases":     stringsOrNil(ctx, m.EndCallPhrases, &diags),
		"voicemailMessage":   stringOrNil(m.VoicemailMessage),
		"maxDurationSeconds": float64OrNil(m.MaxDurationSeconds),
		"metadata":           nil,
	}
	if !m.Metadata.IsNull() && !m.Metadata.IsUnknown() {
		// Sent as written, so that numbers keep their exact form.
		body["metadata"] = json.RawMessage(m.Metadata.ValueString())
	}

	putManaged(body, "serverMessages", stringsOrNil(ctx, m.ServerMessages, &diags), !prior.ServerMessages.IsNull())
	putManaged(body, "clientMessages", stringsOrNil(ctx, m.ClientMessages, &diags), !prior.ClientMessages.IsNull())
	putManaged(body, "backgroundSound", stringOrNil(m.BackgroundSound), !prior.BackgroundSound.IsNull())
	putManaged(body, "silenceTimeoutSeconds", float64OrNil(m.SilenceTimeoutSeconds), !prior.SilenceTimeoutSeconds.IsNull())

	server, d := expandServer(ctx, m.Server, cfg.Server)
	diags.Append(d...)
	body["server"] = server

	if lm := first(m.Model); lm != nil {
		body["model"] = sentAsIs{lm.toAPI(ctx, first(prior.Model), only(cfg.Model), current["model"], &diags)}
	} else if len(prior.Model) > 0 {
		body["model"] = nil
	}
	if v := first(m.Voice); v != nil {
		body["voice"] = sentAsIs{mergeByProvider(current["voice"], map[string]any{
			"provider": v.Provider.ValueString(),
			"voiceId":  v.VoiceID.ValueString(),
		})}
	} else if len(prior.Voice) > 0 {
		body["voice"] = nil
	}
	if t := first(m.Transcriber); t != nil {
		desired := map[string]any{"provider": t.Provider.ValueString()}
		priorT := only(prior.Transcriber)
		putManaged(desired, "model", stringOrNil(t.Model), !priorT.Model.IsNull())
		putManaged(desired, "language", stringOrNil(t.Language), !priorT.Language.IsNull())
		body["transcriber"] = sentAsIs{mergeByProvider(current["transcriber"], desired)}
	} else if len(prior.Transcriber) > 0 {
		body["transcriber"] = nil
	}
	return body, diags
}

// toAPI builds the model object, merged over existing (the API's current
// model, nil on create).
func (lm *assistantLLMModel) toAPI(ctx context.Context, prior *assistantLLMModel, cfg assistantLLMModel, existing any, diags *diag.Diagnostics) map[string]any {
	if prior == nil {
		prior = &assistantLLMModel{}
	}
	desired := map[string]any{
		"provider": lm.Provider.ValueString(),
		"model":    stringOrNil(lm.Model),
		"toolIds":  stringsOrNil(ctx, lm.ToolIDs, diags),
	}
	putManaged(desired, "temperature", float64OrNil(lm.Temperature), !prior.Temperature.IsNull())
	putManaged(desired, "maxTokens", float64OrNil(lm.MaxTokens), !prior.MaxTokens.IsNull())
	model := mergeByProvider(existing, desired)

	// Messages and tools are common to every provider, so they survive a
	// change of provider; only the system message and the function tools
	// are this resource's.
	var messages []any
	var tools any
	if cur, ok := existing.(map[string]any); ok {
		messages, _ = cur["messages"].([]any)
		tools = cur["tools"]
	}
	if merged := functionToolsToAPI(ctx, lm.FunctionTools, cfg.FunctionTools, tools, diags); len(merged) > 0 {
		model["tools"] = merged
	} else {
		delete(model, "tools")
	}
	if merged := withSystemPrompt(messages, stringOrNil(lm.SystemPrompt)); len(merged) > 0 {
		model["messages"] = merged
	} else {
		delete(model, "messages")
	}
	return model
}

// mergeByProvider merges desired over existing when both are of the same
// provider. Objects of another provider are not merged: their own fields
// would be unknown to (and refused by) the new provider.
func mergeByProvider(existing any, desired map[string]any) map[string]any {
	if cur, ok := existing.(map[string]any); ok && cur["provider"] != desired["provider"] {
		existing = nil
	}
	return mergeOver(existing, desired)
}

// withSystemPrompt returns messages with the content of the first system
// message set to prompt and every other message kept, in order. A nil prompt
// removes that system message; a prompt with no system message to replace
// goes first.
func withSystemPrompt(messages []any, prompt any) []any {
	out := make([]any, 0, len(messages)+1)
	replaced := false
	for _, msg := range messages {
		if obj, ok := msg.(map[string]any); ok && obj["role"] == "system" && !replaced {
			replaced = true
			if prompt != nil {
				out = append(out, mergeObject(obj, map[string]any{"content": prompt}))
			}
			continue
		}
		out = append(out, msg)
	}
	if !replaced && prompt != nil {
		out = append([]any{map[string]any{"role": "system", "content": prompt}}, out...)
	}
	return out
}

// putManaged puts value (nil when unset) under key when the attribute is
// managed: set now, or set in the prior state (then nil clears it).
func putManaged(body map[string]any, key string, value any, priorSet bool) {
	if value != nil || priorSet {
		body[key] = value
	}
}

// fromAPI reads the assistant into m, whose current values (the plan, or the
// prior state) decide which API-defaulted attributes are read as null; see
// the comment above toAPI. importing reads everything. cfg is the
// configuration after an apply, nil on refresh.
func (m *assistantModel) fromAPI(ctx context.Context, a *vapi.Assistant, cfg *assistantModel, importing bool) diag.Diagnostics {
	var diags diag.Diagnostics
	unmanaged := func(prior attr.Value) bool { return !importing && prior.IsNull() }

	m.ID = types.StringValue(a.ID)
	m.OrgID = types.StringValue(a.OrgID)
	m.CreatedAt = types.StringValue(a.CreatedAt)
	m.Name = types.StringPointerValue(a.Name)
	m.FirstMessage = types.StringPointerValue(a.FirstMessage)
	m.FirstMessageMode = types.StringValue(defaultFirstMessageMode)
	if a.FirstMessageMode != nil {
		m.FirstMessageMode = types.StringValue(*a.FirstMessageMode)
	}
	m.EndCallMessage = types.StringPointerValue(a.EndCallMessage)
	m.VoicemailMessage = types.StringPointerValue(a.VoicemailMessage)
	m.EndCallPhrases = stringList(ctx, a.EndCallPhrases, &diags)
	m.MaxDurationSeconds = types.Float64Value(defaultMaxDurationSeconds)
	if a.MaxDurationSeconds != nil {
		m.MaxDurationSeconds = types.Float64Value(*a.MaxDurationSeconds)
	}
	m.Metadata = jsontypes.NewNormalizedNull()
	if len(a.Metadata) > 0 && string(a.Metadata) != "null" {
		m.Metadata = jsontypes.NewNormalizedValue(string(a.Metadata))
	}

	if unmanaged(m.ServerMessages) {
		m.ServerMessages = types.SetNull(types.StringType)
	} else {
		m.ServerMessages = stringSet(ctx, a.ServerMessages, &diags)
	}
	if unmanaged(m.ClientMessages) {
		m.ClientMessages = types.SetNull(types.StringType)
	} else {
		m.ClientMessages = stringSet(ctx, a.ClientMessages, &diags)
	}
	if unmanaged(m.BackgroundSound) {
		m.BackgroundSound = types.StringNull()
	} else {
		m.BackgroundSound = types.StringPointerValue(a.BackgroundSound)
	}
	if unmanaged(m.SilenceTimeoutSeconds) || a.SilenceTimeoutSeconds == nil {
		m.SilenceTimeoutSeconds = types.Float64Null()
	} else {
		m.SilenceTimeoutSeconds = types.Float64Value(*a.SilenceTimeoutSeconds)
	}

	var cfgServer []serverModel
	if cfg != nil {
		cfgServer = cfg.Server
	}
	server, d := flattenServer(ctx, a.Server, m.Server, cfgServer)
	diags.Append(d...)
	m.Server = server

	hadModel, prior := len(m.Model) > 0, only(m.Model)
	m.Model = nil
	if a.Model != nil && (importing || hadModel) {
		model := assistantLLMModel{
			Provider:     types.StringValue(a.Model.Provider),
			Model:        types.StringNull(),
			SystemPrompt: systemPrompt(a.Model.Messages),
			Temperature:  types.Float64Null(),
			MaxTokens:    types.Float64Null(),
			ToolIDs:      stringSet(ctx, a.Model.ToolIDs, &diags),
		}
		if a.Model.Model != "" {
			model.Model = types.StringValue(a.Model.Model)
		}
		if !unmanaged(prior.Temperature) && a.Model.Temperature != nil {
			model.Temperature = types.Float64Value(*a.Model.Temperature)
		}
		if !unmanaged(prior.MaxTokens) && a.Model.MaxTokens != nil {
			model.MaxTokens = types.Float64Value(*a.Model.MaxTokens)
		}
		var cfgTools []inlineFunctionToolModel
		if cfg != nil {
			cfgTools = only(cfg.Model).FunctionTools
		}
		tools, d := functionToolsFromAPI(ctx, a.Model.Tools, prior.FunctionTools, cfgTools)
		diags.Append(d...)
		model.FunctionTools = tools
		m.Model = []assistantLLMModel{model}
	}

	hadVoice := len(m.Voice) > 0
	m.Voice = nil
	if a.Voice != nil && (importing || hadVoice) {
		m.Voice = []assistantVoiceModel{{
			Provider: types.StringValue(a.Voice.Provider),
			VoiceID:  types.StringValue(a.Voice.VoiceID),
		}}
	}

	hadTranscriber, priorT := len(m.Transcriber) > 0, only(m.Transcriber)
	m.Transcriber = nil
	if t := a.Transcriber; t != nil && (importing || hadTranscriber) {
		transcriber := assistantTranscriber{
			Provider: types.StringValue(t.Provider),
			Model:    types.StringNull(),
			Language: types.StringNull(),
		}
		if !unmanaged(priorT.Model) {
			transcriber.Model = types.StringPointerValue(t.Model)
		}
		if !unmanaged(priorT.Language) {
			transcriber.Language = types.StringPointerValue(t.Language)
		}
		m.Transcriber = []assistantTranscriber{transcriber}
	}
	return diags
}

// systemPrompt returns the content of the first system message.
func systemPrompt(messages []vapi.Message) types.String {
	for _, msg := range messages {
		if msg.Role == "system" {
			return types.StringPointerValue(msg.Content)
		}
	}
	return types.StringNull()
}
