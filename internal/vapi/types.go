package vapi

// The types below mirror the response schemas of the Vapi API (components in
// openapi.json). Only the fields the provider reads are declared; request bodies
// are built as map[string]any by the provider so that an explicit JSON null can
// clear a field on PATCH, which a struct with omitempty cannot express.

// Server is the webhook destination object shared by the org, phone numbers,
// assistants and tools.
type Server struct {
	URL                      string            `json:"url,omitempty"`
	CredentialID             *string           `json:"credentialId,omitempty"`
	TimeoutSeconds           *float64          `json:"timeoutSeconds,omitempty"`
	Headers                  map[string]string `json:"headers,omitempty"`
	BackoffPlan              *BackoffPlan      `json:"backoffPlan,omitempty"`
	StaticIPAddressesEnabled *bool             `json:"staticIpAddressesEnabled,omitempty"`
}

// BackoffPlan says how Vapi retries a failed webhook request.
type BackoffPlan struct {
	Type                string    `json:"type"`
	MaxRetries          float64   `json:"maxRetries"`
	BaseDelaySeconds    float64   `json:"baseDelaySeconds"`
	ExcludedStatusCodes []float64 `json:"excludedStatusCodes,omitempty"`
}

// Object holds the fields every stored Vapi object has.
type Object struct {
	ID        string `json:"id"`
	OrgID     string `json:"orgId"`
	CreatedAt string `json:"createdAt"`
	UpdatedAt string `json:"updatedAt"`
}

// FunctionTool is a tool of type "function".
type FunctionTool struct {
	Object
	Type     string          `json:"type"`
	Async    *bool           `json:"async,omitempty"`
	Function *OpenAIFunction `json:"function,omitempty"`
	Server   *Server         `json:"server,omitempty"`
}

// OpenAIFunction is the function definition of a function tool.
type OpenAIFunction struct {
	Name        string         `json:"name"`
	Description *string        `json:"description,omitempty"`
	Strict      *bool          `json:"strict,omitempty"`
	Parameters  map[string]any `json:"parameters,omitempty"`
}

// CustomCredential is a credential with provider "custom-credential". The API
// never returns the secrets of its authentication plan.
type CustomCredential struct {
	Object
	Provider           string             `json:"provider"`
	Name               *string            `json:"name,omitempty"`
	AuthenticationPlan AuthenticationPlan `json:"authenticationPlan"`
}

// AuthenticationPlan is the union of the bearer, hmac and oauth2 plans,
// discriminated by Type. Secret fields are present only in requests.
type AuthenticationPlan struct {
	Type string `json:"type"`

	// bearer
	Token               *string `json:"token,omitempty"`
	HeaderName          *string `json:"headerName,omitempty"`
	BearerPrefixEnabled *bool   `json:"bearerPrefixEnabled,omitempty"`

	// hmac
	SecretKey         *string `json:"secretKey,omitempty"`
	Algorithm         *string `json:"algorithm,omitempty"`
	SignatureHeader   *string `json:"signatureHeader,omitempty"`
	TimestampHeader   *string `json:"timestampHeader,omitempty"`
	SignaturePrefix   *string `json:"signaturePrefix,omitempty"`
	IncludeTimestamp  *bool   `json:"includeTimestamp,omitempty"`
	PayloadFormat     *string `json:"payloadFormat,omitempty"`
	MessageIDHeader   *string `json:"messageIdHeader,omitempty"`
	SignatureEncoding *string `json:"signatureEncoding,omitempty"`
	SecretIsBase64    *bool   `json:"secretIsBase64,omitempty"`

	// oauth2
	URL          *string `json:"url,omitempty"`
	ClientID     *string `json:"clientId,omitempty"`
	ClientSecret *string `json:"clientSecret,omitempty"`
	Scope        *string `json:"scope,omitempty"`
}
