package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vapi-community/terraform-provider-vapi/internal/catalog"
	"github.com/vapi-community/terraform-provider-vapi/internal/routing"
)

var _ function.Function = (*effectiveServerURLFunction)(nil)

// NewEffectiveServerURLFunction returns the provider function
// provider::vapi::effective_server_url.
func NewEffectiveServerURLFunction() function.Function {
	return &effectiveServerURLFunction{}
}

// effectiveServerURLFunction is the routing rule of package routing over
// literal URLs, for values known at plan time. The vapi_effective_server_url
// data source applies the same rule to objects read from the API.
type effectiveServerURLFunction struct{}

// effectiveServerURLResult is the object the function returns.
type effectiveServerURLResult struct {
	Source types.String `tfsdk:"source"`
	URL    types.String `tfsdk:"url"`
}

// routingRuleMarkdown states the routing rule in the functions' docs.
const routingRuleMarkdown = "Vapi sends each event to exactly one server URL: the first level that has one, in the " +
	"order function tool, assistant, phone number, org, among the levels that can receive the event:\n\n" +
	"- `tool-calls` and `function-call`: function tool, assistant, phone number, org;\n" +
	"- `assistant-request`: phone number, org (it is sent before any assistant is chosen);\n" +
	"- every other event: assistant, phone number, org."

// effectiveServerURLResultTypes is the type of effectiveServerURLResult.
var effectiveServerURLResultTypes = map[string]attr.Type{
	"source": types.StringType,
	"url":    types.StringType,
}

func (f *effectiveServerURLFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "effective_server_url"
}

func (f *effectiveServerURLFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	urlParameter := func(name, level, extra string) function.StringParameter {
		return function.StringParameter{
			Name:               name,
			AllowNullValue:     true,
			AllowUnknownValues: true,
			Description:        "The server URL set on the " + level + ", or null when it sets none.",
			MarkdownDescription: "The `server.url` set on the " + level + ", or `null` when it sets none " +
				"(an empty string counts as none)." + extra,
		}
	}
	resp.Definition = function.Definition{
		Summary: "Returns the server URL that Vapi sends a server event to.",
		Description: "Given the server URLs set on a function tool, an assistant, a phone number and the org, " +
			"returns the one that receives the event and the level it comes from.",
		MarkdownDescription: "Given the server URLs set on a function tool, an assistant, a phone number and the " +
			"org, returns the one that receives a server event, and the level it comes from.\n\n" +
			routingRuleMarkdown + "\n\n" +
			"The result is known whenever the known arguments decide it: a higher-priority level with a known " +
			"URL decides, whatever the lower levels hold. To route the whole `server` blocks of the resources " +
			"(credential and timeout included), use `provider::vapi::effective_server`.\n\n" +
			"The result is an object with two attributes:\n\n" +
			"- `url` (String): the URL that receives the event, or `null` when none of the levels that can " +
			"receive it has a URL (Vapi then does not send the event).\n" +
			"- `source` (String): the level the URL comes from: `function_tool`, `assistant`, `phone_number`, " +
			"`org`, or `none`.\n\n" +
			"The function does not know whether the assistant is subscribed to the event (its `server_messages`), " +
			"nor the credential and timeout that go with the URL; the `vapi_effective_server_url` data source " +
			"reads those from the API and applies the same rule.",
		Parameters: []function.Parameter{
			eventParameter(),
			urlParameter("function_tool_url", "function tool",
				" Only `tool-calls` and `function-call` events can reach it; other events ignore it."),
			urlParameter("assistant_url", "assistant",
				" `assistant-request` ignores it: that event is sent before any assistant is chosen."),
			urlParameter("phone_number_url", "phone number", ""),
			urlParameter("org_url", "org", ""),
		},
		Return: function.ObjectReturn{AttributeTypes: effectiveServerURLResultTypes},
	}
}

func (f *effectiveServerURLFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var event, functionToolURL, assistantURL, phoneNumberURL, orgURL types.String
	resp.Error = req.Arguments.Get(ctx, &event, &functionToolURL, &assistantURL, &phoneNumberURL, &orgURL)
	if resp.Error != nil {
		return
	}
	if event.IsUnknown() {
		resp.Error = resp.Result.Set(ctx, types.ObjectUnknown(effectiveServerURLResultTypes))
		return
	}
	res, err := routing.Resolve(effectiveServerURLInput(event.ValueString(), functionToolURL, assistantURL, phoneNumberURL, orgURL))
	if err != nil {
		// effectiveServerURLInput only uses the four known levels, so the
		// event is the one input Resolve can reject.
		resp.Error = function.NewArgumentFuncError(0, err.Error())
		return
	}
	if res.Undecided {
		resp.Error = resp.Result.Set(ctx, types.ObjectUnknown(effectiveServerURLResultTypes))
		return
	}
	resp.Error = resp.Result.Set(ctx, effectiveServerURLResultFrom(res))
}

// effectiveServerURLInput maps the function's arguments to the routing input.
// It is the function's half of the agreement between the function and the
// vapi_effective_server_url data source: given the URLs the data source read,
// both must give the same url and source. A null or empty URL means the level
// has no server URL.
// No assistant is known here, so serverMessages are left unset (the API's
// defaults); the function does not return Subscribed anyway.
func effectiveServerURLInput(event string, functionToolURL, assistantURL, phoneNumberURL, orgURL types.String) routing.Input {
	return routing.Input{
		Event: event,
		Levels: map[routing.Level]routing.Destination{
			routing.LevelFunctionTool: {URL: functionToolURL.ValueString(), URLUnknown: functionToolURL.IsUnknown()},
			routing.LevelAssistant:    {URL: assistantURL.ValueString(), URLUnknown: assistantURL.IsUnknown()},
			routing.LevelPhoneNumber:  {URL: phoneNumberURL.ValueString(), URLUnknown: phoneNumberURL.IsUnknown()},
			routing.LevelOrg:          {URL: orgURL.ValueString(), URLUnknown: orgURL.IsUnknown()},
		},
	}
}

// effectiveServerURLResultFrom maps a routing result to the function's
// return object; no winner gives a null url.
func effectiveServerURLResultFrom(res routing.Result) effectiveServerURLResult {
	url := types.StringNull()
	if res.Source != routing.SourceNone {
		url = types.StringValue(res.URL)
	}
	return effectiveServerURLResult{Source: types.StringValue(string(res.Source)), URL: url}
}

// eventParameter is the first parameter of both routing functions: the
// server message type to route.
func eventParameter() function.StringParameter {
	return function.StringParameter{
		Name:               "event",
		AllowUnknownValues: true,
		Description:        "The server message type to route, for example tool-calls or status-update.",
		MarkdownDescription: "The server message type to route. One of " +
			catalog.Enum[string](routing.ValidEvents()).Markdown() + ".",
	}
}
