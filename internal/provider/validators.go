package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/vapi-community/terraform-provider-vapi/internal/catalog"
	"github.com/vapi-community/terraform-provider-vapi/internal/routing"
	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
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
	if u.Scheme == "http" && !vapi.IsLoopbackHost(u.Hostname()) {
		resp.Diagnostics.AddAttributeWarning(req.Path, "Unencrypted URL",
			fmt.Sprintf("Attribute %s: %q uses http://, so Vapi's requests to it, with their credential and "+
				"headers, cross the network in clear text. Use https:// unless this is a test.", req.Path, raw))
	}
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

// functionNameValidator is the API's rule for a function's name.
func functionNameValidator() validator.String {
	return stringvalidator.RegexMatches(functionNameRegexp,
		"must be 1 to 64 letters, digits, underscores or hyphens (no spaces), such as \"get_weather\"")
}

// uniqueFunctionNames refuses two inline function tools of one name: the
// model could not tell them apart, nor could a reader of the routing.
type uniqueFunctionNames struct{}

func (uniqueFunctionNames) Description(context.Context) string {
	return "function names must be unique"
}

func (v uniqueFunctionNames) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (uniqueFunctionNames) ValidateList(_ context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	seen := map[string]int{}
	for i, element := range req.ConfigValue.Elements() {
		obj, ok := element.(types.Object)
		if !ok {
			continue
		}
		name, ok := obj.Attributes()["name"].(types.String)
		if !ok || name.IsNull() || name.IsUnknown() {
			continue
		}
		if first, dup := seen[name.ValueString()]; dup {
			resp.Diagnostics.AddAttributeError(req.Path.AtListIndex(i).AtName("name"), "Duplicate Function Name",
				fmt.Sprintf("The function tools %d and %d of %s are both named %q; the model calls a function by its "+
					"name, so each must have its own.", first, i, req.Path, name.ValueString()))
			continue
		}
		seen[name.ValueString()] = i
	}
}

// secretChoice checks, on the NAME attribute of a secret, that NAME and
// NAME_wo are not both set and, when the secret is required, that one is:
// in words a user can act on, where the framework's ExactlyOneOf would print
// its path expressions.
type secretChoice struct {
	name     string
	required bool
}

func (v secretChoice) Description(context.Context) string {
	if v.required {
		return "exactly one of " + v.name + " and " + v.name + "_wo must be set"
	}
	return v.name + " and " + v.name + "_wo must not both be set"
}

func (v secretChoice) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v secretChoice) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	wo := v.name + "_wo"
	var woValue types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, siblingPath(req.Path, wo), &woValue)...)
	if resp.Diagnostics.HasError() || req.ConfigValue.IsUnknown() || woValue.IsUnknown() {
		return
	}
	block := req.Path.ParentPath()
	switch {
	case !req.ConfigValue.IsNull() && !woValue.IsNull():
		resp.Diagnostics.AddAttributeError(req.Path, "Secret Set Twice",
			fmt.Sprintf("Attribute %s and %s are both set. Keep one: %s (write-only, never stored in the state; "+
				"change %s_version to send a new value) or %s.", req.Path, siblingPath(req.Path, wo), wo, wo, v.name))
	case v.required && req.ConfigValue.IsNull() && woValue.IsNull():
		resp.Diagnostics.AddAttributeError(block, "Missing Secret",
			fmt.Sprintf("The block %s needs its secret: set %s (write-only, kept out of the state; add %s_version "+
				"= 1 and change it whenever the secret changes) or %s. Vapi never returns secrets, so an "+
				"imported or generated configuration has to supply it.", block, wo, wo, v.name))
	}
}

// writeOnlyVersionOf checks that a NAME_wo_version is set only with the
// write-only attribute whose changes it announces.
func writeOnlyVersionOf(wo string) validator.Float64 { return woVersion{wo: wo} }

type woVersion struct{ wo string }

func (v woVersion) Description(context.Context) string { return "needs " + v.wo }

func (v woVersion) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v woVersion) ValidateFloat64(ctx context.Context, req validator.Float64Request, resp *validator.Float64Response) {
	if req.ConfigValue.IsNull() {
		return
	}
	at := siblingPath(req.Path, v.wo)
	var woValue attr.Value
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, at, &woValue)...)
	if resp.Diagnostics.HasError() || !woValue.IsNull() {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Version Without Write-Only Value",
		fmt.Sprintf("Attribute %s is set but %s is not. The version only tells Terraform when to send %s again; "+
			"set %s, or remove %s.", req.Path, at, v.wo, v.wo, req.Path))
}

// atMostOneBlock refuses a second block of a kind that holds one object,
// naming the block, where listvalidator.SizeAtMost would speak of "list
// elements" that the user never wrote.
type atMostOneBlock struct{}

func (atMostOneBlock) Description(context.Context) string { return "at most one block" }

func (v atMostOneBlock) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (atMostOneBlock) ValidateList(_ context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if n := len(req.ConfigValue.Elements()); n > 1 {
		name := blockName(req.Path.String())
		resp.Diagnostics.AddAttributeError(req.Path, "Too Many "+name+" Blocks",
			fmt.Sprintf("At most one %q block is allowed at %s; the configuration has %d. Write the settings "+
				"of this object in a single block.", name, req.Path, n))
	}
}

// blockName is the last name of a path such as "model[0].voice".
func blockName(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '.' {
			return p[i+1:]
		}
	}
	return p
}

// freeNumberChoice requires exactly one of number_desired_area_code and
// sip_uri in a vapi block: a free number is either bought by area code or a
// SIP URI.
type freeNumberChoice struct{}

func (freeNumberChoice) Description(context.Context) string {
	return "exactly one of number_desired_area_code and sip_uri"
}

func (v freeNumberChoice) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (freeNumberChoice) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	var sipURI types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, siblingPath(req.Path, "sip_uri"), &sipURI)...)
	if resp.Diagnostics.HasError() || req.ConfigValue.IsUnknown() || sipURI.IsUnknown() {
		return
	}
	block := req.Path.ParentPath()
	switch {
	case req.ConfigValue.IsNull() && sipURI.IsNull():
		resp.Diagnostics.AddAttributeError(block, "Missing Free Number Choice",
			fmt.Sprintf("The block %s needs number_desired_area_code (buy a US number in that area code, such as "+
				"\"415\") or sip_uri (a SIP URI on Vapi's SIP domain, such as \"sip:support@sip.vapi.ai\").", block))
	case !req.ConfigValue.IsNull() && !sipURI.IsNull():
		resp.Diagnostics.AddAttributeError(req.Path, "Conflicting Free Number Choice",
			fmt.Sprintf("The block %s sets both number_desired_area_code and sip_uri; a free number is one or the "+
				"other. Keep one.", block))
	}
}

// twilioAuthValidator requires the Twilio auth token, or an API key with its
// secret, counting the write-only twins. An unknown value counts as set.
type twilioAuthValidator struct{}

func (twilioAuthValidator) Description(context.Context) string {
	return "auth_token, or api_key and api_secret, must be set (or their write-only twins)"
}

func (v twilioAuthValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (twilioAuthValidator) ValidateObject(_ context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	attrs := req.ConfigValue.Attributes()
	set := func(names ...string) bool {
		for _, n := range names {
			if v, ok := attrs[n]; ok && !v.IsNull() {
				return true
			}
		}
		return false
	}
	token := set("auth_token", "auth_token_wo")
	key := set("api_key", "api_key_wo")
	secret := set("api_secret", "api_secret_wo")
	switch {
	case key != secret:
		resp.Diagnostics.AddAttributeError(req.Path, "Incomplete Twilio API Key",
			fmt.Sprintf("Attribute %s: api_key and api_secret (or api_key_wo and api_secret_wo) are used together; "+
				"set both, or use auth_token instead.", req.Path))
	case !token && !key:
		resp.Diagnostics.AddAttributeError(req.Path, "Missing Twilio Credentials",
			fmt.Sprintf("Attribute %s needs the Twilio account's auth_token (or auth_token_wo), or an api_key and "+
				"api_secret (or their _wo twins), for Vapi to manage the number at Twilio.", req.Path))
	}
}

// fallbackDestinationValidator checks the attributes each type of destination
// requires and accepts: TransferDestinationNumber has number, extension and
// number_e164_check_enabled; TransferDestinationSip has sip_uri.
type fallbackDestinationValidator struct{}

func (fallbackDestinationValidator) Description(context.Context) string {
	return "type number needs number and takes no sip_uri; type sip needs sip_uri and takes no number, " +
		"extension or number_e164_check_enabled"
}

func (v fallbackDestinationValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (fallbackDestinationValidator) ValidateObject(_ context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	attrs := req.ConfigValue.Attributes()
	typ, ok := attrs["type"].(types.String)
	if !ok || typ.IsNull() || typ.IsUnknown() {
		return
	}
	required, forbidden := []string{"number"}, []string{"sip_uri"}
	if typ.ValueString() == fallbackTypeSIP {
		required, forbidden = []string{"sip_uri"}, []string{"number", "extension", "number_e164_check_enabled"}
	}
	for _, name := range required {
		if v := attrs[name]; v == nil || v.IsNull() {
			at := req.Path.AtName(name)
			resp.Diagnostics.AddAttributeError(at, "Missing Fallback Destination Attribute",
				fmt.Sprintf("Attribute %s is required: a fallback destination of type %q needs %s.", at, typ.ValueString(), name))
		}
	}
	for _, name := range forbidden {
		if v := attrs[name]; v != nil && !v.IsNull() {
			at := req.Path.AtName(name)
			resp.Diagnostics.AddAttributeError(at, "Invalid Fallback Destination Attribute",
				fmt.Sprintf("Attribute %s must not be set: a fallback destination of type %q does not take %s.",
					at, typ.ValueString(), name))
		}
	}
}

// backgroundSoundValidator accepts the named background sounds and absolute
// http(s) URLs of audio files.
type backgroundSoundValidator struct{}

func (backgroundSoundValidator) Description(context.Context) string {
	return `must be "off", "office" or the http(s) URL of an audio file`
}

func (v backgroundSoundValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v backgroundSoundValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	raw := req.ConfigValue.ValueString()
	if slices.Contains(backgroundSounds, raw) {
		return
	}
	if u, err := url.Parse(raw); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid Background Sound",
		fmt.Sprintf("Attribute %s %s, got %q.", req.Path, v.Description(ctx), raw))
}

// baseURLValidator applies the client's own base URL rule at validate time.
type baseURLValidator struct{}

func (baseURLValidator) Description(context.Context) string {
	return "must be an https:// URL, or http:// to a loopback host"
}

func (v baseURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (baseURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := vapi.ValidateBaseURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Vapi Base URL", "Attribute "+req.Path.String()+": "+err.Error())
	}
}

// serverEventValidator accepts the events the routing rule knows, so an
// unknown one fails at plan time with the list of valid ones.
type serverEventValidator struct{}

func (serverEventValidator) Description(context.Context) string {
	return "must be one of " + strings.Join(routing.ValidEvents(), ", ")
}

func (serverEventValidator) MarkdownDescription(context.Context) string {
	return "must be one of " + catalog.Enum[string](routing.ValidEvents()).Markdown()
}

func (serverEventValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := routing.LevelsFor(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Unknown Server Event",
			fmt.Sprintf("Attribute %s: %s.", req.Path, err.Error()))
	}
}
