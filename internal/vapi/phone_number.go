package vapi

// PhoneNumber is the API's phone number (any provider). The provider-specific
// fields are flat in the API's object, discriminated by Provider: "vapi"
// (NumberDesiredAreaCode, SipURI, Authentication), "twilio"
// (TwilioAccountSID, SMSEnabled), "vonage" and "telnyx" (CredentialID),
// "byo-phone-number" (CredentialID, NumberE164CheckEnabled). Secrets (Twilio
// tokens, the SIP password) are never read back.
type PhoneNumber struct {
	Object
	Provider            string               `json:"provider"`
	Name                *string              `json:"name,omitempty"`
	Number              *string              `json:"number,omitempty"`
	Status              *string              `json:"status,omitempty"`
	AssistantID         *string              `json:"assistantId,omitempty"`
	SquadID             *string              `json:"squadId,omitempty"`
	WorkflowID          *string              `json:"workflowId,omitempty"`
	Server              *Server              `json:"server,omitempty"`
	FallbackDestination *TransferDestination `json:"fallbackDestination,omitempty"`

	NumberDesiredAreaCode *string            `json:"numberDesiredAreaCode,omitempty"`
	SipURI                *string            `json:"sipUri,omitempty"`
	Authentication        *SipAuthentication `json:"authentication,omitempty"`

	TwilioAccountSID *string `json:"twilioAccountSid,omitempty"`
	SMSEnabled       *bool   `json:"smsEnabled,omitempty"`

	CredentialID           *string `json:"credentialId,omitempty"`
	NumberE164CheckEnabled *bool   `json:"numberE164CheckEnabled,omitempty"`
}

// SipAuthentication is the digest authentication a free number's SIP URI
// asks of incoming INVITEs. The password is never returned.
type SipAuthentication struct {
	Realm    *string `json:"realm,omitempty"`
	Username string  `json:"username"`
}

// TransferDestination is a phone number's fallback destination: the union of
// TransferDestinationNumber (Type "number") and TransferDestinationSip (Type
// "sip"). Message is a string or a CustomMessage object.
type TransferDestination struct {
	Type                   string  `json:"type"`
	Number                 *string `json:"number,omitempty"`
	SipURI                 *string `json:"sipUri,omitempty"`
	Extension              *string `json:"extension,omitempty"`
	CallerID               *string `json:"callerId,omitempty"`
	Message                any     `json:"message,omitempty"`
	Description            *string `json:"description,omitempty"`
	NumberE164CheckEnabled *bool   `json:"numberE164CheckEnabled,omitempty"`
}
