package emulator

import (
	"maps"
	"regexp"
	"strings"
)

// The DTOs of the Vapi API that the emulator models, written by hand from
// components.schemas of openapi.json (names in the first argument of object).
// rules_spec_test.go checks them against the spec.

// serverRule is the Server object, the webhook destination of every level.
var serverRule = object("Server", props{
	"url":            str(),
	"timeoutSeconds": num().between(1, 300),
	// The spec declares a plain string; the API documents a credential id, and
	// the emulator holds callers to the UUID they must send.
	"credentialId": str().asUUID(),
	"headers":      stringMap(),
	"backoffPlan": object("BackoffPlan", props{
		"type":                str().oneOfValues("fixed", "exponential"),
		"maxRetries":          num().between(0, 10),
		"baseDelaySeconds":    num().between(0, 10),
		"excludedStatusCodes": array(num()),
	}, "type", "maxRetries", "baseDelaySeconds"),
	"staticIpAddressesEnabled": boolean(),
	"encryptedPaths":           array(str()),
	// secret is the legacy shared secret sent as X-Vapi-Secret. It left the
	// spec in 2025-05 but Vapi's own tooling still documents it, so it is
	// accepted, stored and, like every secret, never echoed.
	"secret": str().asSecret(),
})

// Tools.

var toolMessageContent = props{
	"contents":   array(anyValue()),
	"content":    str().maxLength(1000),
	"conditions": array(anyValue()),
}

func toolMessage(spec, typ string, extra props) variant {
	p := props{"type": constant(typ)}
	maps.Copy(p, toolMessageContent)
	maps.Copy(p, extra)
	return is(typ, object(spec, p, "type"))
}

var createFunctionTool = object("CreateFunctionToolDTO", props{
	"type": constant("function"),
	"messages": array(oneOf("type",
		toolMessage("ToolMessageStart", "request-start", props{"blocking": boolean()}),
		toolMessage("ToolMessageComplete", "request-complete", props{
			"role":                      str().oneOfValues("assistant", "system"),
			"endCallAfterSpokenEnabled": boolean(),
		}),
		toolMessage("ToolMessageFailed", "request-failed", props{
			"role":                      str().oneOfValues("assistant", "system"),
			"endCallAfterSpokenEnabled": boolean(),
		}),
		toolMessage("ToolMessageDelayed", "request-response-delayed", props{
			"timingMilliseconds": num().between(100, 120000),
		}),
	)),
	"async":                  boolean(),
	"server":                 serverRule,
	"variableExtractionPlan": looseObject(),
	"parameters": array(object("ToolParameter", props{
		"key":   str(),
		"value": anyValue(),
	}, "key", "value")),
	"function": object("OpenAIFunction", props{
		"name":        str().maxLength(64).matching("/^[a-zA-Z0-9_-]{1,64}$/"),
		"strict":      boolean(),
		"description": str(),
		"parameters": object("OpenAIFunctionParameters", props{
			"type":       constant("object"),
			"properties": looseObject(),
			"required":   array(str()),
		}, "type", "properties"),
	}, "name"),
	"rejectionPlan": looseObject(),
}, "type")

// createToolRule is POST /tool. Only function tools are validated; the other
// types the API knows are stored as sent, so a configuration that manages them
// elsewhere still lists and reads back.
var createToolRule = oneOf("type", append(append(
	unchecked("apiRequest", "code", "dtmf", "endCall"),
	is("function", createFunctionTool)),
	unchecked("transferCall", "handoff", "bash", "computer", "textEditor", "query",
		"google.calendar.event.create", "google.sheets.row.append",
		"google.calendar.availability.check", "slack.message.send", "sms", "mcp",
		"gohighlevel.calendar.availability.check", "gohighlevel.calendar.event.create",
		"gohighlevel.contact.create", "gohighlevel.contact.get", "sipRequest", "voicemail")...)...)

var updateToolRule = updateUnionOf(createToolRule,
	map[string]string{"function": "UpdateFunctionToolDTO"}, nil)

// Credentials.

var authenticationPlanRule = oneOf("type",
	is("oauth2", object("OAuth2AuthenticationPlan", props{
		"type":         constant("oauth2"),
		"url":          str(),
		"clientId":     str(),
		"clientSecret": str().asSecret(),
		"scope":        str().maxLength(1000),
	}, "type", "url", "clientId", "clientSecret")),
	is("hmac", object("HMACAuthenticationPlan", props{
		"type":              constant("hmac"),
		"secretKey":         str().asSecret(),
		"algorithm":         str().oneOfValues("sha256", "sha512", "sha1"),
		"signatureHeader":   str(),
		"timestampHeader":   str(),
		"signaturePrefix":   str(),
		"includeTimestamp":  boolean(),
		"payloadFormat":     str(),
		"messageIdHeader":   str(),
		"signatureEncoding": str().oneOfValues("hex", "base64"),
		"secretIsBase64":    boolean(),
	}, "type", "secretKey", "algorithm")),
	is("bearer", object("BearerAuthenticationPlan", props{
		"type":                constant("bearer"),
		"token":               str().asSecret(),
		"headerName":          str(),
		"bearerPrefixEnabled": boolean(),
	}, "type", "token")),
)

var createCustomCredential = object("CreateCustomCredentialDTO", props{
	"provider":           constant("custom-credential"),
	"authenticationPlan": authenticationPlanRule,
	"encryptionPlan": object("PublicKeyEncryptionPlan", props{
		"type":      constant("public-key"),
		"algorithm": constant("RSA-OAEP-256"),
		"publicKey": object("SpkiPemPublicKeyConfig", props{
			"name":   str().maxLength(100),
			"format": constant("spki-pem"),
			"pem":    str(),
		}, "format", "pem"),
	}, "type", "algorithm", "publicKey"),
	"name": str().length(1, 40),
}, "provider", "authenticationPlan")

// looseCredentialSecrets are the fields the spec marks "not returned in the
// API" on the credential providers the emulator stores without validation.
var looseCredentialSecrets = []string{
	"apiKey", "apiSecret", "authToken", "awsSecretAccessKey",
	"ocpApimSubscriptionKey", "openAIKey", "webhookUrl",
}

// redactLooseCredential strips those fields, and the secrets of an
// authenticationPlan (the older "webhook" provider has the same plans).
func redactLooseCredential(obj map[string]any) {
	for _, k := range looseCredentialSecrets {
		delete(obj, k)
	}
	if plan, ok := obj["authenticationPlan"].(map[string]any); ok {
		redact(authenticationPlanRule, plan)
	}
}

// createCredentialRule is POST /credential (and an assistant's transient
// credentials). Only custom-credential is validated.
var createCredentialRule = func() *rule {
	r := oneOf("provider", append(append(
		unchecked("anthropic", "anthropic-bedrock", "anyscale", "assembly-ai", "azure",
			"azure-openai", "byo-sip-trunk", "cartesia", "cloudflare", "custom-llm",
			"deepgram", "deepinfra", "deep-seek", "11labs", "gcp", "gladia", "gohighlevel",
			"groq", "langfuse", "lmnt", "make", "openai", "openrouter", "perplexity-ai",
			"playht", "rime-ai", "runpod", "s3", "supabase", "smallest-ai", "tavus",
			"together-ai", "twilio", "vonage", "webhook", "xai",
			"google.calendar.oauth2-client", "google.calendar.oauth2-authorization",
			"google.sheets.oauth2-authorization", "slack.oauth2-authorization", "minimax",
			"cerebras", "google", "hume", "inflection-ai", "microsoft", "mistral",
			"neuphonic", "wellsaid", "s3-compatible", "soniox", "speechmatics"),
		is("custom-credential", createCustomCredential)),
		unchecked("ghl.oauth2-authorization", "inworld", "email", "slack-webhook")...)...)
	r.union.redactLoose = redactLooseCredential
	return r
}()

var updateCredentialRule = updateUnionOf(createCredentialRule,
	map[string]string{"custom-credential": "UpdateCustomCredentialDTO"}, nil)

// Assistants.

var openAIMessage = object("OpenAIMessage", props{
	"content": str().maxLength(100000000).asNullable(),
	"role":    str().oneOfValues("assistant", "function", "user", "system", "tool"),
}, "content", "role")

// llm is one model provider: the fields every model shares, the provider's
// own extras (stored as sent) and its required fields.
func llm(spec, provider string, extra props, required ...string) variant {
	p := props{
		"provider":                  constant(provider),
		"model":                     str().asLoose(),
		"messages":                  array(openAIMessage),
		"tools":                     array(createToolRule),
		"toolIds":                   array(str()),
		"toolRefs":                  array(anyValue()),
		"knowledgeBase":             anyValue(),
		"temperature":               num().between(0, 2),
		"maxTokens":                 num().between(50, 10000),
		"emotionRecognitionEnabled": boolean(),
		"numFastTurns":              num().atLeast(0),
	}
	for k, r := range extra {
		if r == nil {
			delete(p, k)
			continue
		}
		p[k] = r
	}
	return is(provider, object(spec, p, required...))
}

// loosely lists extra fields stored as sent.
func loosely(names ...string) props {
	p := props{}
	for _, n := range names {
		p[n] = anyValue()
	}
	return p
}

func with(p props, more props) props {
	out := maps.Clone(p)
	maps.Copy(out, more)
	return out
}

var modelRule = oneOf("provider",
	llm("AnthropicModel", "anthropic", loosely("thinking"), "model", "provider"),
	llm("AnthropicBedrockModel", "anthropic-bedrock", loosely("thinking"), "provider", "model"),
	llm("AnyscaleModel", "anyscale", nil, "provider", "model"),
	llm("CerebrasModel", "cerebras", nil, "model", "provider"),
	llm("CustomLLMModel", "custom-llm", props{
		"headers":                    stringMap(),
		"metadataSendMode":           str().asLoose(),
		"timeoutSeconds":             num().between(0, 300),
		"url":                        str(),
		"wordLevelConfidenceEnabled": boolean(),
	}, "provider", "url", "model"),
	llm("DeepInfraModel", "deepinfra", nil, "provider", "model"),
	llm("DeepSeekModel", "deep-seek", nil, "model", "provider"),
	llm("GoogleModel", "google", loosely("realtimeConfig"), "model", "provider"),
	llm("GroqModel", "groq", nil, "model", "provider"),
	llm("InflectionAIModel", "inflection-ai", nil, "model", "provider"),
	llm("MinimaxLLMModel", "minimax", nil, "provider", "model"),
	llm("OpenAIModel", "openai", props{
		"fallbackModels":              array(str().asLoose()),
		"promptCacheKey":              str().maxLength(64),
		"promptCacheRetention":        str().asLoose(),
		"reasoningEffort":             str().asLoose(),
		"toolStrictCompatibilityMode": str().asLoose(),
	}, "provider", "model"),
	llm("OpenRouterModel", "openrouter", nil, "provider", "model"),
	llm("PerplexityAIModel", "perplexity-ai", nil, "provider", "model"),
	llm("TogetherAIModel", "together-ai", nil, "provider", "model"),
	llm("XaiModel", "xai", nil, "model", "provider"),
	// Vapi's own model has no maxTokens and needs only its provider.
	llm("VapiModel", "vapi", with(loosely("version", "workflowId", "workflow"),
		props{"maxTokens": nil}), "provider"),
)

// provided is one voice or transcriber provider whose fields past the
// discriminator and the named ones are stored as sent.
func provided(spec, provider string, fields props, extras []string, required ...string) variant {
	p := with(loosely(extras...), fields)
	p["provider"] = constant(provider)
	return is(provider, object(spec, p, required...))
}

func voice(spec, provider string, extras ...string) variant {
	return provided(spec, provider, props{"voiceId": str().asLoose()}, extras, "provider", "voiceId")
}

var voiceCommon = []string{"cachingEnabled", "chunkPlan", "fallbackPlan"}

func voiceExtras(more ...string) []string { return append(append([]string{}, voiceCommon...), more...) }

var voiceRule = oneOf("provider",
	voice("AzureVoice", "azure", voiceExtras("speed")...),
	voice("CartesiaVoice", "cartesia", voiceExtras("experimentalControls", "generationConfig",
		"language", "model", "pronunciationDictId")...),
	provided("CustomVoice", "custom-voice", props{"voiceId": str().asLoose(), "server": serverRule},
		voiceCommon, "provider", "server"),
	voice("DeepgramVoice", "deepgram", voiceExtras("mipOptOut", "model")...),
	voice("ElevenLabsVoice", "11labs", voiceExtras("autoMode", "enableSsmlParsing", "language",
		"model", "optimizeStreamingLatency", "pronunciationDictionaryLocators",
		"similarityBoost", "speed", "stability", "style", "useSpeakerBoost")...),
	voice("HumeVoice", "hume", voiceExtras("description", "isCustomHumeVoice", "model")...),
	voice("LMNTVoice", "lmnt", voiceExtras("language", "speed")...),
	provided("NeuphonicVoice", "neuphonic", props{"voiceId": str().asLoose()},
		voiceExtras("language", "model", "speed"), "provider", "voiceId", "language"),
	voice("OpenAIVoice", "openai", voiceExtras("instructions", "model", "speed")...),
	voice("PlayHTVoice", "playht", voiceExtras("emotion", "language", "model", "speed",
		"styleGuidance", "temperature", "textGuidance", "voiceGuidance")...),
	voice("WellSaidVoice", "wellsaid", voiceExtras("enableSsml", "libraryIds", "model")...),
	voice("RimeAIVoice", "rime-ai", voiceExtras("inlineSpeedAlpha", "language", "model",
		"pauseBetweenBrackets", "phonemizeBetweenBrackets", "reduceLatency", "speed")...),
	voice("SmallestAIVoice", "smallest-ai", voiceExtras("model", "speed")...),
	voice("TavusVoice", "tavus", voiceExtras("callbackUrl", "conversationName",
		"conversationalContext", "customGreeting", "personaId", "properties")...),
	voice("VapiVoice", "vapi", "cachingEnabled", "chunkPlan", "language",
		"pronunciationDictionary", "speed", "version"),
	provided("SesameVoice", "sesame", props{"voiceId": str().asLoose()},
		voiceExtras("model"), "provider", "voiceId", "model"),
	voice("InworldVoice", "inworld", voiceExtras("languageCode", "model", "speakingRate", "temperature")...),
	voice("MinimaxVoice", "minimax", voiceExtras("emotion", "languageBoost", "model", "pitch",
		"region", "speed", "subtitleType", "textNormalizationEnabled", "volume")...),
	voice("XaiVoice", "xai", voiceExtras("language", "speed")...),
	voice("MicrosoftVoice", "microsoft", voiceExtras("role", "speed", "style", "styleDegree")...),
)

func transcriber(spec, provider string, extras ...string) variant {
	return provided(spec, provider, nil, extras, "provider")
}

var transcriberRule = oneOf("provider",
	transcriber("AssemblyAITranscriber", "assembly-ai", "agentContext", "confidenceThreshold",
		"disablePartialTranscripts", "endOfTurnConfidenceThreshold", "endUtteranceSilenceThreshold",
		"fallbackPlan", "formatTurns", "keytermsPrompt", "language", "languageCodes",
		"maxTurnSilence", "minEndOfTurnSilenceWhenConfident", "mode", "prompt", "realtimeUrl",
		"speechModel", "vadAssistedEndpointingEnabled", "wordBoost", "wordFinalizationMaxWaitTime"),
	transcriber("AzureSpeechTranscriber", "azure", "fallbackPlan", "language",
		"segmentationMaximumTimeMs", "segmentationSilenceTimeoutMs", "segmentationStrategy"),
	provided("CustomTranscriber", "custom-transcriber", props{"server": serverRule},
		[]string{"fallbackPlan"}, "provider", "server"),
	transcriber("DeepgramTranscriber", "deepgram", "confidenceThreshold", "endpointing",
		"eotThreshold", "eotTimeoutMs", "fallbackPlan", "keyterm", "keywords", "language",
		"languages", "mipOptOut", "model", "numerals", "profanityFilter", "redaction", "smartFormat"),
	transcriber("ElevenLabsTranscriber", "11labs", "confidenceThreshold", "fallbackPlan",
		"language", "minSilenceDurationMs", "minSpeechDurationMs", "model", "silenceThresholdSeconds"),
	transcriber("GladiaTranscriber", "gladia", "audioEnhancer", "confidenceThreshold",
		"customVocabularyConfig", "customVocabularyEnabled", "endpointing", "fallbackPlan",
		"language", "languageBehaviour", "languages", "model", "prosody",
		"receivePartialTranscripts", "region", "speechThreshold", "transcriptionHint"),
	transcriber("GoogleTranscriber", "google", "fallbackPlan", "language", "model"),
	provided("SpeechmaticsTranscriber", "speechmatics", nil, []string{"customVocabulary",
		"enableDiarization", "endOfTurnSensitivity", "fallbackPlan", "language", "maxDelay",
		"minimumSpeechDuration", "model", "numeralStyle", "operatingPoint", "region",
		"removeDisfluencies"}, "provider", "customVocabulary"),
	transcriber("TalkscriberTranscriber", "talkscriber", "fallbackPlan", "language", "model"),
	provided("OpenAITranscriber", "openai", nil, []string{"fallbackPlan", "language", "model"},
		"provider", "model"),
	transcriber("CartesiaTranscriber", "cartesia", "fallbackPlan", "language", "model"),
	transcriber("SonioxTranscriber", "soniox", "contextGeneral", "customVocabulary",
		"fallbackPlan", "language", "languageHintsStrict", "languages", "maxEndpointDelayMs", "model"),
	transcriber("XaiTranscriber", "xai", "fallbackPlan", "language", "model"),
	transcriber("VapiTranscriber", "vapi", "keywords", "language", "languages", "turnTaking", "version"),
)

var createAssistantRule = object("CreateAssistantDTO", props{
	"transcriber":                      transcriberRule,
	"model":                            modelRule,
	"voice":                            voiceRule,
	"firstMessage":                     str(),
	"firstMessageInterruptionsEnabled": boolean(),
	"firstMessageMode": str().oneOfValues("assistant-speaks-first",
		"assistant-speaks-first-with-model-generated-message", "assistant-waits-for-user"),
	"voicemailDetection": anyValue(),
	"clientMessages": array(str().oneOfValues("conversation-update", "assistant.speechStarted",
		"function-call", "function-call-result", "hang", "language-changed", "metadata",
		"model-output", "speech-update", "status-update", "transcript", "tool-calls",
		"tool-calls-result", "tool.completed", "transfer-update", "user-interrupted",
		"voice-input", "workflow.node.started", "assistant.started")),
	"serverMessages": array(str().oneOfValues("assistant.started", "assistant.speechStarted",
		"conversation-update", "end-of-call-report", "function-call", "hang",
		"language-changed", "language-change-detected", "model-output", "phone-call-control",
		"speech-update", "status-update", "transcript", `transcript[transcriptType="final"]`,
		"tool-calls", "transfer-destination-request", "handoff-destination-request",
		"transfer-update", "user-interrupted", "voice-input", "chat.created", "chat.deleted",
		"session.created", "session.updated", "session.deleted", "call.deleted",
		"call.delete.failed", "call.artifact.upload")),
	"maxDurationSeconds": num().between(10, 43200),
	// silenceTimeoutSeconds left the spec in 2025-07 but the API still takes
	// it (docs' call-timeout page) with the limits it had.
	"silenceTimeoutSeconds":         num().between(10, 3600),
	"backgroundSound":               str().oneOfValues("off", "office").orAnURL(),
	"modelOutputInMessagesEnabled":  boolean(),
	"transportConfigurations":       array(anyValue()),
	"observabilityPlan":             looseObject(),
	"credentials":                   array(createCredentialRule),
	"hooks":                         array(anyValue()),
	"name":                          str().maxLength(40),
	"voicemailMessage":              str().maxLength(1000),
	"endCallMessage":                str().maxLength(1000),
	"endCallPhrases":                array(str().length(2, 140)),
	"compliancePlan":                looseObject(),
	"metadata":                      looseObject(),
	"backgroundSpeechDenoisingPlan": looseObject(),
	"analysisPlan":                  looseObject(),
	"artifactPlan":                  looseObject(),
	"startSpeakingPlan":             looseObject(),
	"stopSpeakingPlan":              looseObject(),
	"monitorPlan":                   looseObject(),
	"credentialIds":                 array(str()),
	"server":                        serverRule,
	"keypadInputPlan": object("KeypadInputPlan", props{
		"enabled":        boolean(),
		"timeoutSeconds": num().between(0, 10),
		"delimiters":     str().oneOfValues("#", "*", ""),
	}),
})

// updateAssistantRule: UpdateAssistantDTO has exactly Create's properties.
var updateAssistantRule = updateOf(createAssistantRule, "UpdateAssistantDTO")

// Phone numbers.

var phoneNumberCommon = props{
	"fallbackDestination": anyValue(),
	"hooks":               array(anyValue()),
	"name":                str().maxLength(40),
	"assistantId":         str(),
	"workflowId":          str(),
	"squadId":             str(),
	"server":              serverRule,
}

func phoneNumber(spec, provider string, fields props, required ...string) *rule {
	p := with(phoneNumberCommon, fields)
	p["provider"] = constant(provider)
	return object(spec, p, required...)
}

var (
	areaCodePattern = regexp.MustCompile(`^[0-9]{3}$`)
	sipURIPattern   = regexp.MustCompile(`(?i)^sip:[^@\s]+@sip(\.eu)?\.vapi\.ai$`)
)

// Free numbers are US-only and the SIP URI must live on Vapi's SIP domain
// (docs: free-telephony, sip). Both are business rules the spec cannot express.
func areaCode(v any) string {
	if s, _ := v.(string); len(s) == 3 && !areaCodePattern.MatchString(s) {
		return "must be a 3-digit US area code"
	}
	return ""
}

func sipURI(v any) string {
	if s, _ := v.(string); !sipURIPattern.MatchString(s) {
		return "must be a SIP URI of the form sip:<username>@sip.vapi.ai (or @sip.eu.vapi.ai)"
	}
	return ""
}

var createVapiPhoneNumber = func() *rule {
	r := phoneNumber("CreateVapiPhoneNumberDTO", "vapi", props{
		"numberDesiredAreaCode": str().length(3, 3).checked(areaCode),
		"sipUri":                str().checked(sipURI),
		"authentication": object("SipAuthentication", props{
			"realm":    str(),
			"username": str().length(20, 40),
			"password": str().length(20, 40).asSecret(),
		}, "username", "password"),
	}, "provider")
	r.objCheck = func(obj map[string]any) []string {
		_, area := obj["numberDesiredAreaCode"].(string)
		_, sip := obj["sipUri"].(string)
		if area == sip {
			return []string{"exactly one of numberDesiredAreaCode or sipUri must be provided"}
		}
		return nil
	}
	return r
}()

var createTwilioPhoneNumber = func() *rule {
	r := phoneNumber("CreateTwilioPhoneNumberDTO", "twilio", props{
		"smsEnabled":       boolean(),
		"number":           str(),
		"twilioAccountSid": str(),
		"twilioAuthToken":  str().asSecret(),
		"twilioApiKey":     str().asSecret(),
		"twilioApiSecret":  str().asSecret(),
	}, "provider", "number", "twilioAccountSid")
	r.objCheck = func(obj map[string]any) []string {
		_, token := obj["twilioAuthToken"].(string)
		_, key := obj["twilioApiKey"].(string)
		_, secret := obj["twilioApiSecret"].(string)
		if !token && (!key || !secret) {
			return []string{"twilioAuthToken or both twilioApiKey and twilioApiSecret must be provided"}
		}
		return nil
	}
	return r
}()

var createPhoneNumberRule = oneOf("provider",
	is("byo-phone-number", phoneNumber("CreateByoPhoneNumberDTO", "byo-phone-number", props{
		"numberE164CheckEnabled": boolean(),
		"number":                 str().length(3, 40),
		"credentialId":           str(),
	}, "provider", "credentialId")),
	is("twilio", createTwilioPhoneNumber),
	is("vonage", phoneNumber("CreateVonagePhoneNumberDTO", "vonage", props{
		"number":       str(),
		"credentialId": str(),
	}, "provider", "number", "credentialId")),
	is("vapi", createVapiPhoneNumber),
	is("telnyx", phoneNumber("CreateTelnyxPhoneNumberDTO", "telnyx", props{
		"number":       str(),
		"credentialId": str(),
	}, "provider", "number", "credentialId")),
)

// updatePhoneNumberRule: the area code buys a number once and cannot be
// changed; everything else of Create is updatable.
var updatePhoneNumberRule = updateUnionOf(createPhoneNumberRule, map[string]string{
	"byo-phone-number": "UpdateByoPhoneNumberDTO",
	"twilio":           "UpdateTwilioPhoneNumberDTO",
	"vonage":           "UpdateVonagePhoneNumberDTO",
	"vapi":             "UpdateVapiPhoneNumberDTO",
	"telnyx":           "UpdateTelnyxPhoneNumberDTO",
}, map[string][]string{"vapi": {"numberDesiredAreaCode"}})

// Org.

var updateOrgRule = object("UpdateOrgDTO", props{
	"hipaaEnabled":     boolean(),
	"subscriptionId":   str(),
	"name":             str().maxLength(40),
	"channel":          str().oneOfValues("daily", "default", "weekly", "intuit", "hcs"),
	"billingLimit":     num().between(0, 1000),
	"server":           serverRule,
	"concurrencyLimit": num().between(1, 10),
	"compliancePlan":   looseObject(),
})

// matchesSearch is the /v2/phone-number search: partial, case-insensitive, on
// name, number and sipUri.
func matchesSearch(obj map[string]any, search string) bool {
	if search == "" {
		return true
	}
	needle := strings.ToLower(search)
	for _, k := range []string{"name", "number", "sipUri"} {
		if s, ok := obj[k].(string); ok && strings.Contains(strings.ToLower(s), needle) {
			return true
		}
	}
	return false
}
