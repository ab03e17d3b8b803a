package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"golang.org/x/net/http/httpguts"
)

// Every validator of the provider lives here, so that the same input gets the
// same words wherever it appears. A validator's error names the attribute
// (the framework adds the path) and says what would be right, never that the
// provider failed.

var uuidRegexp = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// idValidator accepts a UUID; of names what the id identifies, as the user
// knows it ("the id of a vapi_custom_credential").
func idValidator(of string) validator.String { return idFormat{of: of} }

type idFormat struct{ of string }

func (v idFormat) Description(context.Context) string { return "must be a UUID: " + v.of }

func (v idFormat) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v idFormat) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || uuidRegexp.MatchString(req.ConfigValue.ValueString()) {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid Id",
		fmt.Sprintf("Attribute %s must be %s, a UUID such as \"3701f662-6a3b-4c8e-9d6b-0b1c2d3e4f50\"; got %q.",
			req.Path, v.of, req.ConfigValue.ValueString()))
}

// What each kind of id is, in the words of the error messages.
const (
	idOfCustomCredential = "the id of a vapi_custom_credential"
	idOfFunctionTool     = "the id of a vapi_function_tool"
	idOfAssistant        = "the id of a vapi_assistant"
	idOfPhoneNumber      = "the id of a vapi_phone_number"
	idOfSquad            = "the id of a Vapi squad"
	idOfWorkflow         = "the id of a Vapi workflow"
	idOfOrg              = "the id of a Vapi organization (Organization Settings in the dashboard, \"Organization ID\")"
	idOfTelephonyCred    = "the id of a telephony credential (Vapi dashboard, Provider Credentials)"
)

// webhookURLValidator accepts the URLs Vapi can send requests to: absolute
// http(s) URLs with a host, without spaces around them, and without a user
// name or password (which would land in the plan and the state). An http://
// URL to a host other than loopback gets a warning: the webhook's credential
// would cross the network in clear text.
type webhookURLValidator struct{}

func (webhookURLValidator) Description(context.Context) string {
	return "must be an absolute https:// (or http://) URL without a user name or password"
}

func (v webhookURLValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (webhookURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	raw := req.ConfigValue.ValueString()
	if strings.TrimSpace(raw) != raw {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL",
			fmt.Sprintf("Attribute %s: %q has spaces or line breaks around it; Vapi would send the requests to "+
				"the URL as written, space included. Remove them (trimspace() does).", req.Path, raw))
		return
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(raw, " \t") {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL",
			fmt.Sprintf("Attribute %s: %q is not an absolute https:// (or http://) URL, such as "+
				"\"https://hooks.example.com/vapi\".", req.Path, raw))
		return
	}
	if u.User != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Credentials in URL",
			fmt.Sprintf("Attribute %s: the URL carries a user name or password (%s@), which would be stored in "+
				"the plan and the state in clear text. Authenticate Vapi with a vapi_custom_credential "+
				"(server.credential_id) or a header in secret_headers_wo instead.", req.Path, u.User.Username()))
		return
	}
	if u.Scheme == "http" && !isLoopbackHost(u.Hostname()) {
		resp.Diagnostics.AddAttributeWarning(req.Path, "Unencrypted URL",
			fmt.Sprintf("Attribute %s: %q uses http://, so Vapi's requests to it, with their credential and "+
				"headers, cross the network in clear text. Use https:// unless this is a test.", req.Path, raw))
	}
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// jsonObjectValidator checks that a string holds a JSON object.
type jsonObjectValidator struct{}

func (jsonObjectValidator) Description(context.Context) string { return "must be a JSON object" }

func (v jsonObjectValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (jsonObjectValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var obj map[string]any
	if err := json.Unmarshal([]byte(req.ConfigValue.ValueString()), &obj); err != nil || obj == nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid JSON Object",
			fmt.Sprintf("Attribute %s must be a JSON object, such as jsonencode({ team = \"cx\" }).", req.Path))
	}
}

// functionParametersValidator checks a function's parameters: Vapi takes a
// JSON Schema of type "object" (OpenAIFunctionParameters), whose properties
// are the function's named arguments.
type functionParametersValidator struct{}

func (functionParametersValidator) Description(context.Context) string {
	return `must be a JSON Schema object: {"type": "object", "properties": {...}}`
}

func (v functionParametersValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (functionParametersValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var schema map[string]any
	if err := json.Unmarshal([]byte(req.ConfigValue.ValueString()), &schema); err != nil || schema == nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Function Parameters",
			fmt.Sprintf("Attribute %s must be a JSON Schema object, such as jsonencode({ type = \"object\", "+
				"properties = { city = { type = \"string\" } } }).", req.Path))
		return
	}
	if schema["type"] != "object" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Function Parameters",
			fmt.Sprintf("Attribute %s: a function's parameters are a JSON Schema of type \"object\" whose "+
				"properties are the arguments, for example jsonencode({ type = \"object\", properties = { city = "+
				"{ type = \"string\" } } }); got type %v.", req.Path, jsonForMessage(schema["type"])))
		return
	}
	if props, ok := schema["properties"]; ok {
		if _, isObject := props.(map[string]any); !isObject {
			resp.Diagnostics.AddAttributeError(req.Path, "Invalid Function Parameters",
				fmt.Sprintf("Attribute %s: \"properties\" must be an object mapping each argument's name to its "+
					"JSON Schema; got %s.", req.Path, jsonForMessage(props)))
		}
	}
}

func jsonForMessage(v any) string {
	if v == nil {
		return "none"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// secretHeaderWords are the parts of a header name that say it carries a
// secret. Such a header belongs in secret_headers_wo, which keeps its value out
// of the plan and the state.
var secretHeaderWords = []string{"key", "token", "secret", "password", "signature", "cookie"}

// isSecretHeaderName reports a header name that says it carries a secret:
// Authorization, or a name containing one of secretHeaderWords, in any case.
func isSecretHeaderName(name string) bool {
	lower := strings.ToLower(name)
	if lower == "authorization" {
		return true
	}
	return slices.ContainsFunc(secretHeaderWords, func(w string) bool { return strings.Contains(lower, w) })
}

// headersValidator checks the headers and secret_headers_wo maps of a server
// block: names must be HTTP header names and values one-line header values;
// plain headers must not have a secret's name; a name must not be in both
// maps (HTTP compares names case-insensitively, so neither does this).
type headersValidator struct {
	// secret is true on secret_headers_wo.
	secret bool
}

func (v headersValidator) Description(context.Context) string {
	if v.secret {
		return "header names and one-line values, none also in headers"
	}
	return "header names and one-line values; secret-looking names go in secret_headers_wo"
}

func (v headersValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v headersValidator) ValidateMap(ctx context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for _, name := range sortedKeys(req.ConfigValue.Elements()) {
		at := req.Path.AtMapKey(name)
		if !httpguts.ValidHeaderFieldName(name) {
			resp.Diagnostics.AddAttributeError(at, "Invalid Header Name",
				fmt.Sprintf("Attribute %s: %q is not an HTTP header name: a name is one or more letters, digits "+
					"and !#$%%&'*+-.^_`|~, with no spaces or colons, such as \"X-Env\".", req.Path, name))
			continue
		}
		if value, ok := req.ConfigValue.Elements()[name].(types.String); ok && !value.IsNull() && !value.IsUnknown() &&
			!httpguts.ValidHeaderFieldValue(value.ValueString()) {
			resp.Diagnostics.AddAttributeError(at, "Invalid Header Value",
				fmt.Sprintf("Attribute %s: the value of %q holds a line break or another control character, "+
					"which HTTP header values cannot carry. Remove it (trimspace() removes a trailing newline).",
					req.Path, name))
		}
		if !v.secret && isSecretHeaderName(name) {
			resp.Diagnostics.AddAttributeError(at, "Secret Header in Plain Headers",
				fmt.Sprintf("Attribute %s: the header %q looks like it carries a secret (its name is Authorization "+
					"or contains %s), and headers are shown in plans and kept in the state. Move it to "+
					"secret_headers_wo (with secret_headers_wo_version), which is sent to Vapi but never stored.",
					req.Path, name, strings.Join(secretHeaderWords, ", ")))
		}
	}
	if !v.secret {
		return
	}
	var plain types.Map
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, req.Path.ParentPath().AtName("headers"), &plain)...)
	if plain.IsNull() || plain.IsUnknown() {
		return
	}
	for _, name := range sortedKeys(req.ConfigValue.Elements()) {
		for _, other := range sortedKeys(plain.Elements()) {
			if strings.EqualFold(name, other) {
				resp.Diagnostics.AddAttributeError(req.Path.AtMapKey(name), "Header Set Twice",
					fmt.Sprintf("Attribute %s: the header %q is also in headers (as %q); header names are "+
						"compared without regard to case, so Vapi would get one of the two. Keep it in one map.",
						req.Path, name, other))
			}
		}
	}
}

// siblingPath is the attribute named name beside the one at p.
func siblingPath(p path.Path, name string) path.Path { return p.ParentPath().AtName(name) }

// exactlyOneBlock is a resource's one-of group of blocks, such as a
// credential's bearer, hmac and oauth2: exactly one must be written. what
// says what the group decides, for the message.
func exactlyOneBlock(what string, names ...string) resource.ConfigValidator {
	return oneBlockOf{what: what, names: names}
}

type oneBlockOf struct {
	what  string
	names []string
}

func (v oneBlockOf) Description(context.Context) string {
	return "exactly one of the blocks " + orList(v.names)
}

func (v oneBlockOf) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v oneBlockOf) ValidateResource(_ context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var written []string
	for _, name := range v.names {
		blocks, known := blockObjects(req.Config.Raw, tftypes.NewAttributePath().WithAttributeName(name))
		if !known {
			return
		}
		if len(blocks) > 0 {
			written = append(written, name)
		}
	}
	switch {
	case len(written) == 0:
		resp.Diagnostics.AddError("Missing Block",
			fmt.Sprintf("Write one of the blocks %s: it says %s.", orList(v.names), v.what))
	case len(written) > 1:
		resp.Diagnostics.AddAttributeError(path.Root(written[1]), "Conflicting Blocks",
			fmt.Sprintf("The blocks %s cannot be used together: exactly one of %s says %s.",
				andList(written), orList(v.names), v.what))
	}
}

// orList renders names as "a, b or c".
func orList(names []string) string { return joinWords(names, "or") }

// andList renders names as "a, b and c".
func andList(names []string) string { return joinWords(names, "and") }

func joinWords(names []string, last string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + last + " " + names[len(names)-1]
}

// numberBetween accepts numbers from lo to hi, fractions included, and says
// so with the numbers as a user writes them (float64validator prints
// "1.000000").
func numberBetween(lo, hi float64) validator.Float64 { return floatRange{lo: lo, hi: hi} }

type floatRange struct{ lo, hi float64 }

func (v floatRange) Description(context.Context) string {
	return fmt.Sprintf("value must be between %s and %s", formatNumber(v.lo), formatNumber(v.hi))
}

func (v floatRange) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v floatRange) ValidateFloat64(ctx context.Context, req validator.Float64Request, resp *validator.Float64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if f := req.ConfigValue.ValueFloat64(); f < v.lo || f > v.hi {
		resp.Diagnostics.AddAttributeError(req.Path, "Value Out of Range",
			fmt.Sprintf("Attribute %s %s, got: %s.", req.Path, v.Description(ctx), formatNumber(f)))
	}
}

func formatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// wholeNumberBetween accepts whole numbers from lo to hi. Whole-number
// attributes are Float64 in the schema (Terraform has one number type
// either way): an Int64 attribute inside a block makes the framework fail
// on a fraction with "This is always an error in the provider" before any
// validator runs, where this says what is wrong, on the attribute.
func wholeNumberBetween(lo, hi float64) validator.Float64 { return wholeNumber{lo: lo, hi: hi} }

// wholeNumberAtLeast accepts whole numbers from lo up.
func wholeNumberAtLeast(lo float64) validator.Float64 { return wholeNumber{lo: lo, hi: math.Inf(1)} }

type wholeNumber struct{ lo, hi float64 }

func (v wholeNumber) Description(context.Context) string {
	if math.IsInf(v.hi, 1) {
		return fmt.Sprintf("a whole number, at least %s", formatNumber(v.lo))
	}
	return fmt.Sprintf("a whole number from %s to %s", formatNumber(v.lo), formatNumber(v.hi))
}

func (v wholeNumber) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v wholeNumber) ValidateFloat64(ctx context.Context, req validator.Float64Request, resp *validator.Float64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if f := req.ConfigValue.ValueFloat64(); f != math.Trunc(f) || f < v.lo || f > v.hi {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Number",
			fmt.Sprintf("Attribute %s must be %s, got: %s.", req.Path, v.Description(ctx), formatNumber(f)))
	}
}
