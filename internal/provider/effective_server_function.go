package provider

import (
	"context"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vapi-community/terraform-provider-vapi/internal/routing"
)

var _ function.Function = (*effectiveServerFunction)(nil)

// NewEffectiveServerFunction returns the provider function
// provider::vapi::effective_server.
func NewEffectiveServerFunction() function.Function {
	return &effectiveServerFunction{}
}

// effectiveServerFunction is the routing rule over the server blocks of the
// four levels' resources, as planned: the pattern for "where will events go
// after this apply", which a reviewer reads in the plan.
type effectiveServerFunction struct{}

// effectiveServerResultTypes is the type of the function's result.
var effectiveServerResultTypes = map[string]attr.Type{
	"credential_id":   types.StringType,
	"source":          types.StringType,
	"timeout_seconds": types.Float64Type,
	"url":             types.StringType,
}

func (f *effectiveServerFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "effective_server"
}

func (f *effectiveServerFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	level := func(name, level, extra string) function.DynamicParameter {
		return function.DynamicParameter{
			Name:               name,
			AllowNullValue:     true,
			AllowUnknownValues: true,
			Description:        "The server block of the " + level + "'s resource, or null.",
			MarkdownDescription: "The `server` of the " + level + "'s resource as it is, a list of at most one " +
				"object: pass `" + extra + ".server`. For a level without a resource, pass `[]`: an empty list or " +
				"null means no server URL at this level, but OpenTofu cannot type a bare `null` here and answers " +
				"\"known after apply\" without calling the provider (`tolist(null)` works too). A value known only " +
				"after the apply is fine as long as a higher level decides.",
		}
	}
	resp.Definition = function.Definition{
		Summary: "Returns the whole server that receives a Vapi server event.",
		Description: "Given the server blocks of a function tool, an assistant, a phone number and the org, returns " +
			"the level whose server receives the event, with that server's url, credential and timeout.",
		MarkdownDescription: "Given the `server` blocks of a function tool, an assistant, a phone number and the org, " +
			"returns the one that receives a server event: its level, URL, credential and timeout.\n\n" +
			routingRuleMarkdown + "\n\n" +
			"Pass each resource's `server` as it is (`vapi_assistant.support.server`): the function reads the plan's " +
			"values, so an output built from it shows in the plan where each event will go **after** the apply, " +
			"which is what a reviewer of a pull request wants to see. The result is known whenever the known " +
			"arguments decide it: a higher-priority level with a known URL decides, whatever the lower levels hold.\n\n" +
			"The result is an object:\n\n" +
			"- `source` (String): `function_tool`, `assistant`, `phone_number`, `org`, or `none`.\n" +
			"- `url` (String): the URL that receives the event, `null` when `source` is `none`.\n" +
			"- `credential_id` (String): the winning server's `credential_id`, never one of a lower level.\n" +
			"- `timeout_seconds` (Number): the winning server's `timeout_seconds` (20 when it sets none).\n\n" +
			"Nothing in a `server` block is sensitive, so the result is not either. The function does not know " +
			"whether the assistant subscribes to the event; the `vapi_effective_server_url` data source reads that " +
			"from the API.",
		Parameters: []function.Parameter{
			eventParameter(),
			level("function_tool", "function tool", "vapi_function_tool.weather"),
			level("assistant", "assistant", "vapi_assistant.support"),
			level("phone_number", "phone number", "vapi_phone_number.support"),
			level("org", "org", "vapi_org.this"),
		},
		Return: function.ObjectReturn{AttributeTypes: effectiveServerResultTypes},
	}
}

func (f *effectiveServerFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var event types.String
	var servers [4]types.Dynamic
	resp.Error = req.Arguments.Get(ctx, &event, &servers[0], &servers[1], &servers[2], &servers[3])
	if resp.Error != nil {
		return
	}
	in := routing.Input{Event: event.ValueString(), Levels: map[routing.Level]routing.Destination{}}
	// The winner's credential and timeout, when they are not known yet.
	unknownCredential, unknownTimeout := map[routing.Level]bool{}, map[routing.Level]bool{}
	for i, level := range routingLevelsInOrder {
		dest, credUnknown, timeoutUnknown, err := serverArgument(ctx, servers[i])
		if err != nil {
			resp.Error = function.NewArgumentFuncError(int64(i+1), err.Error())
			return
		}
		in.Levels[level] = dest
		unknownCredential[level], unknownTimeout[level] = credUnknown, timeoutUnknown
	}
	if event.IsUnknown() {
		resp.Error = resp.Result.Set(ctx, types.ObjectUnknown(effectiveServerResultTypes))
		return
	}
	res, err := routing.Resolve(in)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, err.Error())
		return
	}
	if res.Undecided {
		resp.Error = resp.Result.Set(ctx, types.ObjectUnknown(effectiveServerResultTypes))
		return
	}
	result := map[string]attr.Value{
		"source":          types.StringValue(string(res.Source)),
		"url":             types.StringNull(),
		"credential_id":   types.StringNull(),
		"timeout_seconds": types.Float64Null(),
	}
	if res.Source != routing.SourceNone {
		result["url"] = types.StringValue(res.URL)
		result["credential_id"] = routedString(res.CredentialID)
		if unknownCredential[res.Source] {
			result["credential_id"] = types.StringUnknown()
		}
		timeout := float64(defaultServerTimeoutSeconds)
		if res.TimeoutSeconds != nil {
			timeout = *res.TimeoutSeconds
		}
		result["timeout_seconds"] = types.Float64Value(timeout)
		if unknownTimeout[res.Source] {
			result["timeout_seconds"] = types.Float64Unknown()
		}
	}
	resp.Error = resp.Result.Set(ctx, types.ObjectValueMust(effectiveServerResultTypes, result))
}

// routingLevelsInOrder are the levels of the functions' arguments, in order.
var routingLevelsInOrder = []routing.Level{
	routing.LevelFunctionTool, routing.LevelAssistant, routing.LevelPhoneNumber, routing.LevelOrg,
}

// serverArgument reads a level's server from a function argument: a
// resource's server block (a list of at most one object), a tuple or set
// written by hand, a single object, an empty list or null. An unknown
// value, or an unknown url, makes the level's URL unknown; an unknown
// credential_id or timeout_seconds is reported, for the winner's result.
func serverArgument(ctx context.Context, v types.Dynamic) (dest routing.Destination, credUnknown, timeoutUnknown bool, err error) {
	if v.IsNull() || v.IsUnderlyingValueNull() {
		return dest, false, false, nil
	}
	if v.IsUnknown() || v.IsUnderlyingValueUnknown() {
		dest.URLUnknown = true
		return dest, false, false, nil
	}
	var elements []attr.Value
	switch u := v.UnderlyingValue().(type) {
	case types.List:
		elements = u.Elements()
	case types.Tuple:
		elements = u.Elements()
	case types.Set:
		elements = u.Elements()
	case types.Object:
		elements = []attr.Value{u}
	default:
		return dest, false, false, fmt.Errorf("a server block is a list of at most one object (pass the resource's "+
			"server, such as vapi_assistant.support.server), not %s", describeValue(ctx, v.UnderlyingValue()))
	}
	switch {
	case len(elements) == 0:
		return dest, false, false, nil
	case len(elements) > 1:
		return dest, false, false, fmt.Errorf("a level has at most one server; got %d", len(elements))
	}
	obj, ok := elements[0].(types.Object)
	if !ok {
		if elements[0].IsUnknown() {
			dest.URLUnknown = true
			return dest, false, false, nil
		}
		return dest, false, false, fmt.Errorf("a server is an object with a url, not %s", describeValue(ctx, elements[0]))
	}
	if obj.IsUnknown() {
		dest.URLUnknown = true
		return dest, false, false, nil
	}
	attrs := obj.Attributes()
	url, urlUnknown := stringAttr(attrs["url"])
	dest.URL, dest.URLUnknown = url, urlUnknown
	dest.CredentialID, credUnknown = stringAttr(attrs["credential_id"])
	if t, known, present := numberAttr(attrs["timeout_seconds"]); present {
		if known {
			dest.TimeoutSeconds = &t
		} else {
			timeoutUnknown = true
		}
	}
	return dest, credUnknown, timeoutUnknown, nil
}

// stringAttr reads a string attribute of a server object; a missing or null
// one reads as "".
func stringAttr(v attr.Value) (s string, unknown bool) {
	if v == nil || v.IsNull() {
		return "", false
	}
	if v.IsUnknown() {
		return "", true
	}
	if str, ok := v.(types.String); ok {
		return str.ValueString(), false
	}
	return "", false
}

// numberAttr reads a number attribute, whatever number type it arrived as.
func numberAttr(v attr.Value) (f float64, known, present bool) {
	if v == nil || v.IsNull() {
		return 0, false, false
	}
	if v.IsUnknown() {
		return 0, false, true
	}
	switch n := v.(type) {
	case types.Float64:
		return n.ValueFloat64(), true, true
	case types.Int64:
		return float64(n.ValueInt64()), true, true
	case types.Number:
		value, _ := new(big.Float).Set(n.ValueBigFloat()).Float64()
		return value, true, true
	}
	return 0, false, false
}

// describeValue names the kind of a value for an error message.
func describeValue(ctx context.Context, v attr.Value) string {
	switch v.(type) {
	case types.String:
		return "a string"
	case types.Number, types.Float64, types.Int64:
		return "a number"
	case types.Bool:
		return "a bool"
	case types.Map:
		return "a map"
	}
	return v.Type(ctx).String()
}
