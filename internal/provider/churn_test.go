package provider

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

// The churn test sets, changes and removes every optional attribute and
// block of every resource, nested ones included, each an apply followed by
// the empty plan terraform-plugin-testing checks and a look at the object the
// API stores. Its cases come from the schemas: an attribute without a sample
// below fails the test, so a new attribute cannot slip past. One
// configuration holds one resource instance per attribute, so each step is
// a single apply.

// absent is the stored value of a field the API does not hold (missing or
// null); present is any stored value that is not absent.
type storedMark string

const (
	absent  storedMark = "(absent)"
	present storedMark = "(present)"
)

// churnSample says how to churn one attribute or block.
type churnSample struct {
	// set and change are the values written (for an attribute an HCL
	// expression, for a block its whole body).
	set, change string
	// with are arguments the attribute needs beside it in its block, for the
	// set and change steps; they replace the block's base arguments of the
	// same names. drop names base arguments the attribute excludes.
	with string
	drop []string
	// removeTo is what stands where the attribute was in the remove step,
	// when it cannot simply go: the other half of an exactly-one-of pair
	// (token and token_wo), or the default member of a one-of group of
	// blocks.
	removeTo string
	// api is the field's path in the stored object, dots between keys (and
	// list indexes); stored holds its values after set and change, removed
	// after the removal (absent when cleared).
	api     string
	stored  [2]any
	removed any
	// required is true for a Required attribute: it is set and changed, and
	// never removed.
	required bool
	// skip says why the node is not churned by itself.
	skip string
}

const (
	churnUUID1 = "5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	churnUUID2 = "6e2d3c4b-5f6a-4b7c-9d8e-0f1a2b3c4d5e"
)

// churnBase is the least each block needs, as HCL arguments; a block's own
// arguments of the same name replace them. The root of a resource is keyed
// by its type.
var churnBase = map[string]string{
	"vapi_function_tool":                     `name = "churn"`,
	"vapi_assistant":                         `name = "churn"`,
	"vapi_custom_credential":                 ``,
	"vapi_phone_number":                      ``,
	"vapi_org":                               ``,
	"server":                                 `url = "https://churn.example.com/base"`,
	"server.backoff_plan":                    "type = \"fixed\"\nmax_retries = 1\nbase_delay_seconds = 1",
	"vapi_assistant.model":                   "provider = \"openai\"\nmodel = \"gpt-4o\"",
	"vapi_assistant.voice":                   "provider = \"vapi\"\nvoice_id = \"Elliot\"",
	"vapi_assistant.transcriber":             `provider = "deepgram"`,
	"vapi_assistant.model.function_tools":    `name = "churn_fn"`,
	"vapi_custom_credential.bearer":          hclArgument("token", "churn-token-0"),
	"vapi_custom_credential.hmac":            "secret_key = \"churn-key-0\"\nalgorithm = \"sha256\"",
	"vapi_custom_credential.oauth2":          "url = \"https://auth.example.com/token\"\nclient_id = \"churn\"\nclient_secret = \"churn-client-secret-0\"",
	"vapi_phone_number.vapi":                 `number_desired_area_code = "415"`,
	"vapi_phone_number.vapi.authentication":  "username = \"churn-username-0123456789\"\npassword = \"churn-password-0123456789\"",
	"vapi_phone_number.twilio":               "number = \"+14155550100\"\naccount_sid = \"AC0123\"\nauth_token = \"churn-twilio-token\"",
	"vapi_phone_number.vonage":               "number = \"+14155550101\"\ncredential_id = \"" + churnUUID1 + "\"",
	"vapi_phone_number.telnyx":               "number = \"+14155550102\"\ncredential_id = \"" + churnUUID1 + "\"",
	"vapi_phone_number.byo":                  `credential_id = "` + churnUUID1 + `"`,
	"vapi_phone_number.fallback_destination": "type = \"number\"\nnumber = \"+14155550199\"",
}

// hclArgument writes name = "value" with value quoted as HCL reads it.
func hclArgument(name, value string) string { return name + " = " + strconv.Quote(value) }

// churnGroups are the one-of groups of blocks at the root of a resource:
// exactly one is written, the first by default.
var churnGroups = map[string][]string{
	"vapi_phone_number":      {"vapi", "twilio", "vonage", "telnyx", "byo"},
	"vapi_custom_credential": {"bearer", "hmac", "oauth2"},
}

// serverSamples churn the server block, the same on every level; their api
// paths are relative to the server object.
var serverSamples = map[string]churnSample{
	"server": {set: `url = "https://churn.example.com/set"`, change: `url = "https://churn.example.com/change"`,
		api: "url", stored: [2]any{"https://churn.example.com/set", "https://churn.example.com/change"}, removed: absent},
	"server.url": {set: `"https://churn.example.com/a"`, change: `"https://churn.example.com/b"`, required: true,
		api: "url", stored: [2]any{"https://churn.example.com/a", "https://churn.example.com/b"}},
	"server.credential_id": {set: `"` + churnUUID1 + `"`, change: `"` + churnUUID2 + `"`,
		api: "credentialId", stored: [2]any{churnUUID1, churnUUID2}, removed: absent},
	"server.headers": {set: `{ "X-Env" = "a" }`, change: `{ "X-Env" = "b", "X-Team" = "cx" }`,
		api: "headers", stored: [2]any{map[string]any{"X-Env": "a"}, map[string]any{"X-Env": "b", "X-Team": "cx"}}, removed: absent},
	"server.secret_headers_wo": {set: `{ "X-Api-Key" = "churn-secret-1" }`, change: `{ "X-Api-Key" = "churn-secret-2" }`,
		with: "secret_headers_wo_version = 1", api: "headers",
		stored: [2]any{map[string]any{"X-Api-Key": "churn-secret-1"}, map[string]any{"X-Api-Key": "churn-secret-1"}}, removed: absent},
	"server.secret_headers_wo_version": {skip: "churned with secret_headers_wo"},
	"server.secret_header_names":       {skip: "computed"},
	"server.static_ip_addresses_enabled": {set: `true`, change: `false`,
		api: "staticIpAddressesEnabled", stored: [2]any{true, false}, removed: false},
	"server.timeout_seconds": {set: `30`, change: `45.5`,
		api: "timeoutSeconds", stored: [2]any{30.0, 45.5}, removed: 20.0},
	"server.backoff_plan": {set: "type = \"fixed\"\nmax_retries = 2\nbase_delay_seconds = 1",
		change: "type = \"exponential\"\nmax_retries = 3\nbase_delay_seconds = 2",
		api:    "backoffPlan.type", stored: [2]any{"fixed", "exponential"}, removed: absent},
	"server.backoff_plan.type": {set: `"fixed"`, change: `"exponential"`, required: true,
		api: "backoffPlan.type", stored: [2]any{"fixed", "exponential"}},
	"server.backoff_plan.max_retries": {set: `2`, change: `4`, required: true,
		api: "backoffPlan.maxRetries", stored: [2]any{2.0, 4.0}},
	"server.backoff_plan.base_delay_seconds": {set: `1`, change: `2.5`, required: true,
		api: "backoffPlan.baseDelaySeconds", stored: [2]any{1.0, 2.5}},
	"server.backoff_plan.excluded_status_codes": {set: `[400]`, change: `[400, 404]`,
		api: "backoffPlan.excludedStatusCodes", stored: [2]any{[]any{400.0}, []any{400.0, 404.0}}, removed: absent},
}

// churnSamples churn everything else, keyed by resource type and path.
var churnSamples = map[string]churnSample{
	// vapi_function_tool
	"vapi_function_tool.id":     {skip: "computed"},
	"vapi_function_tool.org_id": {skip: "computed"},
	"vapi_function_tool.name": {set: `"churn_a"`, change: `"churn_b"`, required: true,
		api: "function.name", stored: [2]any{"churn_a", "churn_b"}},
	"vapi_function_tool.description": {set: `"a"`, change: `"b"`, api: "function.description", stored: [2]any{"a", "b"}, removed: absent},
	"vapi_function_tool.parameters": {set: `jsonencode({ type = "object", properties = {} })`,
		change: `jsonencode({ type = "object", properties = { city = { type = "string" } } })`,
		api:    "function.parameters.properties", stored: [2]any{map[string]any{}, map[string]any{"city": map[string]any{"type": "string"}}},
		removed: absent},
	"vapi_function_tool.strict": {set: `true`, change: `false`, api: "function.strict", stored: [2]any{true, false}, removed: false},
	"vapi_function_tool.async":  {set: `true`, change: `false`, api: "async", stored: [2]any{true, false}, removed: false},

	// vapi_assistant
	"vapi_assistant.id":         {skip: "computed"},
	"vapi_assistant.org_id":     {skip: "computed"},
	"vapi_assistant.created_at": {skip: "computed"},
	"vapi_assistant.name":       {set: `"a"`, change: `"b"`, required: true, api: "name", stored: [2]any{"a", "b"}},
	"vapi_assistant.background_sound": {set: `"off"`, change: `"office"`, api: "backgroundSound", stored: [2]any{"off", "office"},
		removed: absent},
	"vapi_assistant.client_messages": {set: `["hang"]`, change: `["hang", "transcript"]`, api: "clientMessages",
		stored: [2]any{[]any{"hang"}, []any{"hang", "transcript"}}, removed: absent},
	"vapi_assistant.end_call_message": {set: `"a"`, change: `"b"`, api: "endCallMessage", stored: [2]any{"a", "b"}, removed: absent},
	"vapi_assistant.end_call_phrases": {set: `["goodbye"]`, change: `["goodbye", "bye now"]`, api: "endCallPhrases",
		stored: [2]any{[]any{"goodbye"}, []any{"goodbye", "bye now"}}, removed: absent},
	"vapi_assistant.first_message": {set: `"a"`, change: `"b"`, api: "firstMessage", stored: [2]any{"a", "b"}, removed: absent},
	"vapi_assistant.first_message_mode": {set: `"assistant-waits-for-user"`,
		change: `"assistant-speaks-first-with-model-generated-message"`, api: "firstMessageMode",
		stored:  [2]any{"assistant-waits-for-user", "assistant-speaks-first-with-model-generated-message"},
		removed: "assistant-speaks-first"},
	"vapi_assistant.max_duration_seconds": {set: `900`, change: `1200`, api: "maxDurationSeconds", stored: [2]any{900.0, 1200.0},
		removed: 600.0},
	"vapi_assistant.metadata": {set: `jsonencode({ team = "a" })`, change: `jsonencode({ team = "b", tier = 2 })`, api: "metadata",
		stored: [2]any{map[string]any{"team": "a"}, map[string]any{"team": "b", "tier": 2.0}}, removed: absent},
	"vapi_assistant.server_messages": {set: `["tool-calls"]`, change: `["tool-calls", "hang"]`, api: "serverMessages",
		stored: [2]any{[]any{"tool-calls"}, []any{"hang", "tool-calls"}}, removed: absent},
	"vapi_assistant.silence_timeout_seconds": {set: `30`, change: `45`, api: "silenceTimeoutSeconds", stored: [2]any{30.0, 45.0},
		removed: absent},
	"vapi_assistant.voicemail_message": {set: `"a"`, change: `"b"`, api: "voicemailMessage", stored: [2]any{"a", "b"},
		removed: absent},
	"vapi_assistant.model": {set: "provider = \"openai\"\nmodel = \"gpt-4o\"", change: "provider = \"anthropic\"\nmodel = \"claude-sonnet-4\"",
		api: "model.provider", stored: [2]any{"openai", "anthropic"}, removed: absent},
	"vapi_assistant.model.provider": {set: `"openai"`, change: `"groq"`, required: true, api: "model.provider",
		stored: [2]any{"openai", "groq"}},
	"vapi_assistant.model.model": {set: `"gpt-4o"`, change: `"gpt-4o-mini"`, with: `provider = "vapi"`,
		removeTo: `provider = "vapi"`, api: "model.model",
		stored: [2]any{"gpt-4o", "gpt-4o-mini"}, removed: absent},
	"vapi_assistant.model.max_tokens": {set: `300`, change: `500`, api: "model.maxTokens", stored: [2]any{300.0, 500.0},
		removed: absent},
	"vapi_assistant.model.system_prompt": {set: `"a"`, change: `"b"`, api: "model.messages.0.content", stored: [2]any{"a", "b"},
		removed: absent},
	"vapi_assistant.model.temperature": {set: `0.5`, change: `1.2`, api: "model.temperature", stored: [2]any{0.5, 1.2},
		removed: absent},
	"vapi_assistant.model.tool_ids": {set: `["` + churnUUID1 + `"]`, change: `["` + churnUUID1 + `", "` + churnUUID2 + `"]`,
		api: "model.toolIds", stored: [2]any{[]any{churnUUID1}, []any{churnUUID1, churnUUID2}}, removed: absent},
	"vapi_assistant.model.function_tools": {set: `name = "fa"`, change: `name = "fb"`, api: "model.tools.0.function.name",
		stored: [2]any{"fa", "fb"}, removed: absent},
	"vapi_assistant.model.function_tools.name": {set: `"fa"`, change: `"fb"`, required: true, api: "model.tools.0.function.name",
		stored: [2]any{"fa", "fb"}},
	"vapi_assistant.model.function_tools.async": {set: `true`, change: `false`, api: "model.tools.0.async",
		stored: [2]any{true, false}, removed: false},
	"vapi_assistant.model.function_tools.description": {set: `"a"`, change: `"b"`, api: "model.tools.0.function.description",
		stored: [2]any{"a", "b"}, removed: absent},
	"vapi_assistant.model.function_tools.parameters": {set: `jsonencode({ type = "object", properties = {} })`,
		change: `jsonencode({ type = "object", properties = { order = { type = "string" } } })`,
		api:    "model.tools.0.function.parameters.properties",
		stored: [2]any{map[string]any{}, map[string]any{"order": map[string]any{"type": "string"}}}, removed: absent},
	"vapi_assistant.model.function_tools.strict": {set: `true`, change: `false`, api: "model.tools.0.function.strict",
		stored: [2]any{true, false}, removed: false},
	"vapi_assistant.voice": {set: "provider = \"vapi\"\nvoice_id = \"Elliot\"", change: "provider = \"11labs\"\nvoice_id = \"burt\"",
		api: "voice.voiceId", stored: [2]any{"Elliot", "burt"}, removed: absent},
	"vapi_assistant.voice.provider": {set: `"vapi"`, change: `"openai"`, required: true, api: "voice.provider",
		stored: [2]any{"vapi", "openai"}},
	"vapi_assistant.voice.voice_id": {set: `"Elliot"`, change: `"Rohan"`, required: true, api: "voice.voiceId",
		stored: [2]any{"Elliot", "Rohan"}},
	"vapi_assistant.transcriber": {set: `provider = "deepgram"`, change: `provider = "assembly-ai"`, api: "transcriber.provider",
		stored: [2]any{"deepgram", "assembly-ai"}, removed: absent},
	"vapi_assistant.transcriber.provider": {set: `"deepgram"`, change: `"gladia"`, required: true, api: "transcriber.provider",
		stored: [2]any{"deepgram", "gladia"}},
	"vapi_assistant.transcriber.model": {set: `"nova-3"`, change: `"nova-2"`, api: "transcriber.model",
		stored: [2]any{"nova-3", "nova-2"}, removed: absent},
	"vapi_assistant.transcriber.language": {set: `"en"`, change: `"en-US"`, api: "transcriber.language",
		stored: [2]any{"en", "en-US"}, removed: absent},

	// vapi_custom_credential
	"vapi_custom_credential.id":     {skip: "computed"},
	"vapi_custom_credential.org_id": {skip: "computed"},
	"vapi_custom_credential.name":   {set: `"a"`, change: `"b"`, api: "name", stored: [2]any{"a", "b"}, removed: absent},
	"vapi_custom_credential.bearer": {set: `token = "churn-token-1"`, change: "token = \"churn-token-2\"\nheader_name = \"X-Vapi-Secret\"",
		removeTo: "hmac {\nsecret_key = \"churn-key-9\"\nalgorithm = \"sha256\"\n}", api: "authenticationPlan.type",
		stored: [2]any{"bearer", "bearer"}, removed: "hmac"},
	"vapi_custom_credential.bearer.token": {set: `"churn-token-1"`, change: `"churn-token-2"`,
		removeTo: `token_wo = "churn-token-3"`, api: "authenticationPlan.token",
		stored: [2]any{"churn-token-1", "churn-token-2"}, removed: "churn-token-3"},
	"vapi_custom_credential.bearer.token_wo": {set: `"churn-token-wo-1"`, change: `"churn-token-wo-2"`, drop: []string{"token"},
		with: "token_wo_version = 1", removeTo: `token = "churn-token-3"`, api: "authenticationPlan.token",
		stored: [2]any{"churn-token-wo-1", "churn-token-wo-1"}, removed: "churn-token-3"},
	"vapi_custom_credential.bearer.token_wo_version": {skip: "churned with token_wo"},
	"vapi_custom_credential.bearer.header_name": {set: `"X-Vapi-Secret"`, change: `"X-Other"`, api: "authenticationPlan.headerName",
		stored: [2]any{"X-Vapi-Secret", "X-Other"}, removed: "Authorization"},
	"vapi_custom_credential.bearer.bearer_prefix_enabled": {set: `false`, change: `true`,
		api: "authenticationPlan.bearerPrefixEnabled", stored: [2]any{false, true}, removed: true},
	"vapi_custom_credential.hmac": {set: "secret_key = \"churn-key-1\"\nalgorithm = \"sha256\"",
		change: "secret_key = \"churn-key-2\"\nalgorithm = \"sha512\"", removeTo: `bearer {
token = "churn-token-9"
}`, api: "authenticationPlan.type", stored: [2]any{"hmac", "hmac"}, removed: "bearer"},
	"vapi_custom_credential.hmac.algorithm": {set: `"sha256"`, change: `"sha1"`, required: true,
		api: "authenticationPlan.algorithm", stored: [2]any{"sha256", "sha1"}},
	"vapi_custom_credential.hmac.secret_key": {set: `"churn-key-1"`, change: `"churn-key-2"`,
		removeTo: `secret_key_wo = "churn-key-3"`, api: "authenticationPlan.secretKey",
		stored: [2]any{"churn-key-1", "churn-key-2"}, removed: "churn-key-3"},
	"vapi_custom_credential.hmac.secret_key_wo": {set: `"churn-key-wo-1"`, change: `"churn-key-wo-2"`, drop: []string{"secret_key"},
		with: "secret_key_wo_version = 1", removeTo: `secret_key = "churn-key-3"`, api: "authenticationPlan.secretKey",
		stored: [2]any{"churn-key-wo-1", "churn-key-wo-1"}, removed: "churn-key-3"},
	"vapi_custom_credential.hmac.secret_key_wo_version": {skip: "churned with secret_key_wo"},
	"vapi_custom_credential.hmac.include_timestamp": {set: `false`, change: `true`,
		api: "authenticationPlan.includeTimestamp", stored: [2]any{false, true}, removed: true},
	"vapi_custom_credential.hmac.message_id_header": {set: `"svix-id"`, change: `"x-message-id"`,
		api: "authenticationPlan.messageIdHeader", stored: [2]any{"svix-id", "x-message-id"}, removed: absent},
	"vapi_custom_credential.hmac.payload_format": {set: `"{body}"`, change: `"{timestamp}:{body}"`,
		api: "authenticationPlan.payloadFormat", stored: [2]any{"{body}", "{timestamp}:{body}"}, removed: "{timestamp}.{body}"},
	"vapi_custom_credential.hmac.secret_is_base64": {set: `true`, change: `false`,
		api: "authenticationPlan.secretIsBase64", stored: [2]any{true, false}, removed: false},
	"vapi_custom_credential.hmac.signature_encoding": {set: `"base64"`, change: `"hex"`,
		api: "authenticationPlan.signatureEncoding", stored: [2]any{"base64", "hex"}, removed: "hex"},
	"vapi_custom_credential.hmac.signature_header": {set: `"x-sig"`, change: `"x-sig-2"`,
		api: "authenticationPlan.signatureHeader", stored: [2]any{"x-sig", "x-sig-2"}, removed: "x-signature"},
	"vapi_custom_credential.hmac.signature_prefix": {set: `"sha256="`, change: `"v1="`,
		api: "authenticationPlan.signaturePrefix", stored: [2]any{"sha256=", "v1="}, removed: absent},
	"vapi_custom_credential.hmac.timestamp_header": {set: `"x-ts"`, change: `"x-ts-2"`,
		api: "authenticationPlan.timestampHeader", stored: [2]any{"x-ts", "x-ts-2"}, removed: "x-timestamp"},
	"vapi_custom_credential.oauth2": {set: "url = \"https://auth.example.com/a\"\nclient_id = \"a\"\nclient_secret = \"s1\"",
		change: "url = \"https://auth.example.com/b\"\nclient_id = \"b\"\nclient_secret = \"s2\"", removeTo: `bearer {
token = "churn-token-9"
}`, api: "authenticationPlan.type", stored: [2]any{"oauth2", "oauth2"}, removed: "bearer"},
	"vapi_custom_credential.oauth2.url": {set: `"https://auth.example.com/a"`, change: `"https://auth.example.com/b"`,
		required: true, api: "authenticationPlan.url", stored: [2]any{"https://auth.example.com/a", "https://auth.example.com/b"}},
	"vapi_custom_credential.oauth2.client_id": {set: `"a"`, change: `"b"`, required: true, api: "authenticationPlan.clientId",
		stored: [2]any{"a", "b"}},
	"vapi_custom_credential.oauth2.client_secret": {set: `"churn-cs-1"`, change: `"churn-cs-2"`,
		removeTo: `client_secret_wo = "churn-cs-3"`, api: "authenticationPlan.clientSecret",
		stored: [2]any{"churn-cs-1", "churn-cs-2"}, removed: "churn-cs-3"},
	"vapi_custom_credential.oauth2.client_secret_wo": {set: `"churn-cs-wo-1"`, change: `"churn-cs-wo-2"`,
		drop: []string{"client_secret"}, with: "client_secret_wo_version = 1", removeTo: `client_secret = "churn-cs-3"`,
		api: "authenticationPlan.clientSecret", stored: [2]any{"churn-cs-wo-1", "churn-cs-wo-1"}, removed: "churn-cs-3"},
	"vapi_custom_credential.oauth2.client_secret_wo_version": {skip: "churned with client_secret_wo"},
	"vapi_custom_credential.oauth2.scope": {set: `"hooks"`, change: `"hooks admin"`, api: "authenticationPlan.scope",
		stored: [2]any{"hooks", "hooks admin"}, removed: absent},

	// vapi_org
	"vapi_org.id":     {skip: "computed"},
	"vapi_org.org_id": {skip: "names the org each instance adopts; its changes are TestOrgResource_orgIDChange's"},
	"vapi_org.name": {set: `"a"`, change: `"b"`, api: "name", stored: [2]any{"a", "b"},
		// Removing name from the configuration leaves the org's name alone.
		removed: "b"},

	// vapi_phone_number
	"vapi_phone_number.id":         {skip: "computed"},
	"vapi_phone_number.org_id":     {skip: "computed"},
	"vapi_phone_number.created_at": {skip: "computed"},
	"vapi_phone_number.number":     {skip: "computed"},
	"vapi_phone_number.status":     {skip: "computed"},
	"vapi_phone_number.name":       {set: `"a"`, change: `"b"`, api: "name", stored: [2]any{"a", "b"}, removed: absent},
	"vapi_phone_number.assistant_id": {set: `"` + churnUUID1 + `"`, change: `"` + churnUUID2 + `"`, api: "assistantId",
		stored: [2]any{churnUUID1, churnUUID2}, removed: absent},
	"vapi_phone_number.squad_id": {set: `"` + churnUUID1 + `"`, change: `"` + churnUUID2 + `"`, api: "squadId",
		stored: [2]any{churnUUID1, churnUUID2}, removed: absent},
	"vapi_phone_number.workflow_id": {set: `"` + churnUUID1 + `"`, change: `"` + churnUUID2 + `"`, api: "workflowId",
		stored: [2]any{churnUUID1, churnUUID2}, removed: absent},
	"vapi_phone_number.fallback_destination": {set: "type = \"number\"\nnumber = \"+14155550199\"",
		change: "type = \"sip\"\nsip_uri = \"sip:desk@pbx.example.com\"", api: "fallbackDestination.type",
		stored: [2]any{"number", "sip"}, removed: absent},
	"vapi_phone_number.fallback_destination.type": {set: `"number"`, change: `"number"`, required: true,
		api: "fallbackDestination.type", stored: [2]any{"number", "number"}},
	"vapi_phone_number.fallback_destination.number": {set: `"+14155550111"`, change: `"+14155550112"`,
		removeTo: "type = \"sip\"\nsip_uri = \"sip:desk@pbx.example.com\"", api: "fallbackDestination.number",
		stored: [2]any{"+14155550111", "+14155550112"}, removed: absent},
	"vapi_phone_number.fallback_destination.sip_uri": {set: `"sip:a@pbx.example.com"`, change: `"sip:b@pbx.example.com"`,
		with: `type = "sip"`, drop: []string{"number"}, removeTo: `number = "+14155550199"`,
		api: "fallbackDestination.sipUri", stored: [2]any{"sip:a@pbx.example.com", "sip:b@pbx.example.com"}, removed: absent},
	"vapi_phone_number.fallback_destination.extension": {set: `"12"`, change: `"34"`, api: "fallbackDestination.extension",
		stored: [2]any{"12", "34"}, removed: absent},
	"vapi_phone_number.fallback_destination.caller_id": {set: `"+14155550123"`, change: `"{{customer.number}}"`,
		api: "fallbackDestination.callerId", stored: [2]any{"+14155550123", "{{customer.number}}"}, removed: absent},
	"vapi_phone_number.fallback_destination.message": {set: `"One moment."`, change: `""`, api: "fallbackDestination.message",
		stored: [2]any{"One moment.", ""}, removed: absent},
	"vapi_phone_number.fallback_destination.description": {set: `"a"`, change: `"b"`, api: "fallbackDestination.description",
		stored: [2]any{"a", "b"}, removed: absent},
	"vapi_phone_number.fallback_destination.number_e164_check_enabled": {set: `false`, change: `true`,
		api: "fallbackDestination.numberE164CheckEnabled", stored: [2]any{false, true}, removed: absent},
	"vapi_phone_number.vapi": {set: `number_desired_area_code = "415"`, change: `number_desired_area_code = "212"`,
		removeTo: "byo {\ncredential_id = \"" + churnUUID1 + "\"\n}", api: "provider", stored: [2]any{"vapi", "vapi"},
		removed: "byo-phone-number"},
	"vapi_phone_number.vapi.number_desired_area_code": {set: `"415"`, change: `"212"`, removeTo: `sip_uri = "sip:churn-area@sip.vapi.ai"`,
		api: "numberDesiredAreaCode", stored: [2]any{"415", "212"}, removed: absent},
	"vapi_phone_number.vapi.sip_uri": {set: `"sip:churn-a@sip.vapi.ai"`, change: `"sip:churn-b@sip.vapi.ai"`,
		drop: []string{"number_desired_area_code"}, removeTo: `number_desired_area_code = "415"`, api: "sipUri",
		stored: [2]any{"sip:churn-a@sip.vapi.ai", "sip:churn-b@sip.vapi.ai"}, removed: absent},
	"vapi_phone_number.vapi.authentication": {set: "username = \"churn-username-0123456789\"\npassword = \"churn-password-0123456789\"",
		change: "username = \"churn-username-9876543210\"\npassword = \"churn-password-9876543210\"",
		api:    "authentication.username", stored: [2]any{"churn-username-0123456789", "churn-username-9876543210"}, removed: absent},
	"vapi_phone_number.vapi.authentication.username": {set: `"churn-username-aaaaaaaaaa"`, change: `"churn-username-bbbbbbbbbb"`,
		required: true, api: "authentication.username", stored: [2]any{"churn-username-aaaaaaaaaa", "churn-username-bbbbbbbbbb"}},
	"vapi_phone_number.vapi.authentication.realm": {set: `"sip.vapi.ai"`, change: `"sip.eu.vapi.ai"`, api: "authentication.realm",
		stored: [2]any{"sip.vapi.ai", "sip.eu.vapi.ai"}, removed: absent},
	"vapi_phone_number.vapi.authentication.password": {set: `"churn-password-aaaaaaaaaa"`, change: `"churn-password-bbbbbbbbbb"`,
		removeTo: `password_wo = "churn-password-cccccccccc"`, api: "authentication.password",
		stored: [2]any{"churn-password-aaaaaaaaaa", "churn-password-bbbbbbbbbb"}, removed: "churn-password-cccccccccc"},
	"vapi_phone_number.vapi.authentication.password_wo": {set: `"churn-password-wo-aaaaaaa"`, change: `"churn-password-wo-bbbbbbb"`,
		drop: []string{"password"}, with: "password_wo_version = 1", removeTo: `password = "churn-password-cccccccccc"`,
		api: "authentication.password", stored: [2]any{"churn-password-wo-aaaaaaa", "churn-password-wo-aaaaaaa"},
		removed: "churn-password-cccccccccc"},
	"vapi_phone_number.vapi.authentication.password_wo_version": {skip: "churned with password_wo"},
	"vapi_phone_number.twilio": {set: "number = \"+14155550120\"\naccount_sid = \"AC1\"\nauth_token = \"t1\"",
		change:   "number = \"+14155550121\"\naccount_sid = \"AC2\"\nauth_token = \"t2\"",
		removeTo: "vapi {\nnumber_desired_area_code = \"415\"\n}", api: "provider", stored: [2]any{"twilio", "twilio"},
		removed: "vapi"},
	"vapi_phone_number.twilio.number": {set: `"+14155550130"`, change: `"+14155550131"`, required: true, api: "number",
		stored: [2]any{"+14155550130", "+14155550131"}},
	"vapi_phone_number.twilio.account_sid": {set: `"AC1"`, change: `"AC2"`, required: true, api: "twilioAccountSid",
		stored: [2]any{"AC1", "AC2"}},
	"vapi_phone_number.twilio.sms_enabled": {set: `false`, change: `true`, api: "smsEnabled", stored: [2]any{false, true},
		removed: true},
	"vapi_phone_number.twilio.auth_token": {set: `"churn-twilio-1"`, change: `"churn-twilio-2"`,
		removeTo: `auth_token_wo = "churn-twilio-3"`, api: "twilioAuthToken",
		stored: [2]any{"churn-twilio-1", "churn-twilio-2"}, removed: "churn-twilio-3"},
	"vapi_phone_number.twilio.auth_token_wo": {set: `"churn-twilio-wo-1"`, change: `"churn-twilio-wo-2"`, drop: []string{"auth_token"},
		with: "auth_token_wo_version = 1", removeTo: `auth_token = "churn-twilio-3"`, api: "twilioAuthToken",
		stored: [2]any{"churn-twilio-wo-1", "churn-twilio-wo-1"}, removed: "churn-twilio-3"},
	"vapi_phone_number.twilio.auth_token_wo_version": {skip: "churned with auth_token_wo"},
	"vapi_phone_number.twilio.api_key": {set: `"SK1"`, change: `"SK2"`, with: `api_secret = "churn-api-secret"`,
		drop: []string{"auth_token"}, removeTo: `auth_token = "churn-twilio-3"`, api: "twilioApiKey",
		// The API keeps Twilio secrets it is not sent again (a PATCH
		// cannot clear them without a replacement).
		stored: [2]any{"SK1", "SK2"}, removed: "SK2"},
	"vapi_phone_number.twilio.api_key_wo": {set: `"SKwo1"`, change: `"SKwo2"`, with: "api_key_wo_version = 1\napi_secret = \"churn-api-secret\"",
		drop: []string{"auth_token"}, removeTo: `auth_token = "churn-twilio-3"`, api: "twilioApiKey",
		stored: [2]any{"SKwo1", "SKwo1"}, removed: "SKwo1"},
	"vapi_phone_number.twilio.api_key_wo_version": {skip: "churned with api_key_wo"},
	"vapi_phone_number.twilio.api_secret": {set: `"churn-secret-1"`, change: `"churn-secret-2"`, with: `api_key = "SK1"`,
		drop: []string{"auth_token"}, removeTo: `auth_token = "churn-twilio-3"`, api: "twilioApiSecret",
		stored: [2]any{"churn-secret-1", "churn-secret-2"}, removed: "churn-secret-2"},
	"vapi_phone_number.twilio.api_secret_wo": {set: `"churn-secret-wo-1"`, change: `"churn-secret-wo-2"`,
		with: "api_secret_wo_version = 1\napi_key = \"SK1\"", drop: []string{"auth_token"}, removeTo: `auth_token = "churn-twilio-3"`,
		api: "twilioApiSecret", stored: [2]any{"churn-secret-wo-1", "churn-secret-wo-1"}, removed: "churn-secret-wo-1"},
	"vapi_phone_number.twilio.api_secret_wo_version": {skip: "churned with api_secret_wo"},
	"vapi_phone_number.vonage": {set: "number = \"+14155550140\"\ncredential_id = \"" + churnUUID1 + "\"",
		change:   "number = \"+14155550141\"\ncredential_id = \"" + churnUUID2 + "\"",
		removeTo: "vapi {\nnumber_desired_area_code = \"415\"\n}", api: "provider", stored: [2]any{"vonage", "vonage"},
		removed: "vapi"},
	"vapi_phone_number.vonage.number": {set: `"+14155550150"`, change: `"+14155550151"`, required: true, api: "number",
		stored: [2]any{"+14155550150", "+14155550151"}},
	"vapi_phone_number.vonage.credential_id": {set: `"` + churnUUID1 + `"`, change: `"` + churnUUID2 + `"`, required: true,
		api: "credentialId", stored: [2]any{churnUUID1, churnUUID2}},
	"vapi_phone_number.telnyx": {set: "number = \"+14155550160\"\ncredential_id = \"" + churnUUID1 + "\"",
		change:   "number = \"+14155550161\"\ncredential_id = \"" + churnUUID2 + "\"",
		removeTo: "vapi {\nnumber_desired_area_code = \"415\"\n}", api: "provider", stored: [2]any{"telnyx", "telnyx"},
		removed: "vapi"},
	"vapi_phone_number.telnyx.number": {set: `"+14155550170"`, change: `"+14155550171"`, required: true, api: "number",
		stored: [2]any{"+14155550170", "+14155550171"}},
	"vapi_phone_number.telnyx.credential_id": {set: `"` + churnUUID1 + `"`, change: `"` + churnUUID2 + `"`, required: true,
		api: "credentialId", stored: [2]any{churnUUID1, churnUUID2}},
	"vapi_phone_number.byo": {set: `credential_id = "` + churnUUID1 + `"`, change: `credential_id = "` + churnUUID2 + `"`,
		removeTo: "vapi {\nnumber_desired_area_code = \"415\"\n}", api: "provider",
		stored: [2]any{"byo-phone-number", "byo-phone-number"}, removed: "vapi"},
	"vapi_phone_number.byo.credential_id": {set: `"` + churnUUID1 + `"`, change: `"` + churnUUID2 + `"`, required: true,
		api: "credentialId", stored: [2]any{churnUUID1, churnUUID2}},
	"vapi_phone_number.byo.number": {set: `"1234"`, change: `"5678"`, with: `number_e164_check_enabled = false`, api: "number",
		stored: [2]any{"1234", "5678"}, removed: absent},
	"vapi_phone_number.byo.number_e164_check_enabled": {set: `false`, change: `true`, api: "numberE164CheckEnabled",
		stored: [2]any{false, true}, removed: true},
}

// churnKinds is where each resource's objects are stored.
var churnKinds = map[string]emulator.Kind{
	"vapi_function_tool":     emulator.KindTool,
	"vapi_assistant":         emulator.KindAssistant,
	"vapi_custom_credential": emulator.KindCredential,
	"vapi_phone_number":      emulator.KindPhoneNumber,
	"vapi_org":               emulator.KindOrg,
}

// churnCase is one resource instance of the churn configuration.
type churnCase struct {
	node   schemaNode
	sample churnSample
	// apiPrefix locates the object the sample's api path is relative to
	// ("server." for server samples).
	apiPrefix string
	// orgID is the org a vapi_org instance adopts.
	orgID string
}

func (c churnCase) address(i int) string { return fmt.Sprintf("%s.c%03d", c.node.resource, i) }

// sampleFor finds the sample of a node: the server block's own table for
// anything inside a server block, else the resource's.
func sampleFor(n schemaNode) (churnSample, string, bool) {
	for i := len(n.path) - 1; i >= 0; i-- {
		if n.path[i] == "server" {
			s, ok := serverSamples[strings.Join(n.path[i:], ".")]
			return s, apiPathOf(n.path[:i+1]) + ".", ok
		}
	}
	s, ok := churnSamples[n.resource+"."+n.name()]
	return s, "", ok
}

// apiPathOf maps the blocks holding a server block to the API's path of
// that server object: an inline function tool's is the first entry of the
// model's tools, the only one the churn writes.
func apiPathOf(blocks []string) string {
	return strings.Replace(strings.Join(blocks, "."), "model.function_tools.", "model.tools.0.", 1)
}

// baseOf is the least a block needs; the server block and its backoff plan
// are the same everywhere.
func baseOf(resourceType string, path []string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == "server" {
			return churnBase[strings.Join(path[i:], ".")]
		}
	}
	if len(path) == 0 {
		return churnBase[resourceType]
	}
	return churnBase[resourceType+"."+strings.Join(path, ".")]
}

// statements splits HCL body text into its top-level arguments and blocks.
func statements(text string) []string {
	var out []string
	var cur []string
	depth := 0
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) == "" && depth == 0 {
			continue
		}
		cur = append(cur, l)
		depth += strings.Count(l, "{") - strings.Count(l, "}")
		if depth == 0 {
			out = append(out, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	return out
}

// argName is the name a statement sets: "name = ..." or "name {".
func argName(statement string) string {
	first := strings.SplitN(statement, "\n", 2)[0]
	return strings.TrimSpace(strings.FieldsFunc(first, func(r rune) bool { return r == '=' || r == '{' })[0])
}

// withArgs lays the arguments of over on base: a statement of over replaces
// the base statement of the same name; names in drop go.
func withArgs(base, over string, drop []string) string {
	overNames := map[string]bool{}
	for _, st := range statements(over) {
		overNames[argName(st)] = true
	}
	var out []string
	for _, st := range statements(base) {
		if !overNames[argName(st)] && !slices.Contains(drop, argName(st)) {
			out = append(out, st)
		}
	}
	return strings.Join(append(out, statements(over)...), "\n")
}

// config writes the instance for step 0 (set), 1 (change) or 2 (remove).
func (c churnCase) config(i, step int) string {
	n, s := c.node, c.sample
	leaf := n.path[len(n.path)-1]
	var own string // the node itself, inside its parent block
	switch {
	case step == 2:
		own = s.removeTo
	case n.block != nil:
		own = fmt.Sprintf("%s {\n%s\n}", leaf, []string{s.set, s.change}[step])
	default:
		own = leaf + " = " + []string{s.set, s.change}[step]
	}
	parentPath := n.path[:len(n.path)-1]
	// The parent block: its base, without what the node replaces or
	// excludes, with the node (and, while it is set, its companions).
	extra := own
	if step < 2 && s.with != "" {
		extra = s.with + "\n" + own
	}
	body := withArgs(baseOf(n.resource, parentPath), extra, append([]string{leaf}, s.drop...))
	// Up the chain of blocks, each with its own base.
	for j := len(parentPath) - 1; j >= 0; j-- {
		block := fmt.Sprintf("%s {\n%s\n}", parentPath[j], body)
		body = withArgs(baseOf(n.resource, parentPath[:j]), block, nil)
	}
	// The default member of a one-of group, unless the node is in another.
	if group := churnGroups[n.resource]; group != nil && !slices.Contains(group, n.path[0]) {
		body = withArgs(fmt.Sprintf("%s {\n%s\n}", group[0], baseOf(n.resource, group[:1])), body, nil)
	}
	if c.orgID != "" {
		body = withArgs(fmt.Sprintf("org_id = %q", c.orgID), body, nil)
	}
	return fmt.Sprintf("resource %q \"c%03d\" {\n%s\n}\n", n.resource, i, body)
}

// check compares the stored object with the sample after step.
func (c churnCase) check(env *testEnv, s *terraform.State, i, step int) error {
	addr := c.address(i)
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return fmt.Errorf("%s is not in the state", addr)
	}
	obj, ok := env.emu.Object(churnKinds[c.node.resource], rs.Primary.ID)
	if !ok {
		return fmt.Errorf("%s (%s): the API holds no object %s", addr, c.node.name(), rs.Primary.ID)
	}
	want := c.sample.removed
	if step < 2 {
		want = c.sample.stored[step]
	}
	got := field(obj, pathKeys(c.apiPrefix+c.sample.api)...)
	if !sameStored(got, want) {
		return fmt.Errorf("%s (%s), after %s: the API holds %s = %s, want %v", addr, c.node.name(),
			[]string{"set", "change", "remove"}[step], c.apiPrefix+c.sample.api, jsonForMessage(got), want)
	}
	return nil
}

// pathKeys splits a dotted path into field's keys, with list indexes as ints.
func pathKeys(p string) []any {
	var keys []any
	for _, k := range strings.Split(p, ".") {
		var i int
		if _, err := fmt.Sscanf(k, "%d", &i); err == nil && fmt.Sprint(i) == k {
			keys = append(keys, i)
			continue
		}
		keys = append(keys, k)
	}
	return keys
}

// sameStored compares a stored value with what a sample expects; lists of
// plain values compare as sets (Terraform sets have no order).
func sameStored(got, want any) bool {
	switch want {
	case absent:
		return got == nil
	case present:
		return got != nil
	}
	return reflect.DeepEqual(sortedScalars(got), sortedScalars(want))
}

func sortedScalars(v any) any {
	list, ok := v.([]any)
	if !ok {
		return v
	}
	out := append([]any{}, list...)
	sort.Slice(out, func(i, j int) bool { return jsonForMessage(out[i]) < jsonForMessage(out[j]) })
	return out
}

// churnCases builds the cases from the schemas; a node without a sample is
// a test failure.
func churnCases(t *testing.T, env *testEnv) []churnCase {
	t.Helper()
	var cases []churnCase
	var missing []string
	schemas := resourceSchemas(t)
	for _, resourceType := range sortedKeys(schemas) {
		for _, n := range walkSchema(resourceType, schemas[resourceType]) {
			s, prefix, ok := sampleFor(n)
			if !ok {
				missing = append(missing, n.resource+"."+n.name())
				continue
			}
			if s.skip != "" {
				continue
			}
			c := churnCase{node: n, sample: s, apiPrefix: prefix}
			if resourceType == "vapi_org" {
				c.orgID = env.emu.AddOrg(fmt.Sprintf("churn %d", len(cases)))
			}
			cases = append(cases, c)
		}
	}
	if len(missing) > 0 {
		t.Fatalf("no churn sample for %d schema node(s); add them to churn_test.go:\n  %s", len(missing),
			strings.Join(missing, "\n  "))
	}
	return cases
}

func TestChurn(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	cases := churnCases(t, env)
	config := func(step int) string {
		var b strings.Builder
		b.WriteString(env.providerConfig())
		for i, c := range cases {
			if step == 2 && c.sample.required {
				// A required attribute stays as changed.
				b.WriteString(c.config(i, 1))
				continue
			}
			b.WriteString(c.config(i, step))
		}
		return b.String()
	}
	check := func(step int) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			var errs []string
			for i, c := range cases {
				st := step
				if step == 2 && c.sample.required {
					st = 1
				}
				if err := c.check(env, s, i, st); err != nil {
					errs = append(errs, err.Error())
				}
			}
			if len(errs) > 0 {
				return fmt.Errorf("%d of %d churned attributes are wrong in the API:\n%s", len(errs), len(cases),
					strings.Join(errs, "\n"))
			}
			return nil
		}
	}
	t.Logf("%d resource instances, one per attribute or block", len(cases))
	steps := make([]resource.TestStep, 3)
	for step := range steps {
		steps[step] = resource.TestStep{Config: config(step), Check: check(step)}
	}
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: env.factories(),
		Steps:                    steps,
	})
}

// churnSampleKeys keeps the tables free of samples that no schema node
// uses, which would hide a renamed attribute.
func TestChurnSamplesAreUsed(t *testing.T) {
	used := map[string]bool{}
	schemas := resourceSchemas(t)
	for _, resourceType := range sortedKeys(schemas) {
		for _, n := range walkSchema(resourceType, schemas[resourceType]) {
			used[n.resource+"."+n.name()] = true
			for i, p := range n.path {
				if p == "server" {
					used[strings.Join(n.path[i:], ".")] = true
				}
			}
		}
	}
	for _, table := range []map[string]churnSample{churnSamples, serverSamples} {
		for key := range table {
			if !used[key] {
				t.Errorf("churn sample %q matches no schema node", key)
			}
		}
	}
}
