package vapi

import "encoding/json"

// Assistant is the API's Assistant: the fields the provider reads. On update
// the resource merges the nested objects (model, voice, transcriber, server)
// over the raw JSON the API holds, so fields missing here are never lost.
type Assistant struct {
	Object
	Name                  *string      `json:"name,omitempty"`
	FirstMessage          *string      `json:"firstMessage,omitempty"`
	FirstMessageMode      *string      `json:"firstMessageMode,omitempty"`
	Model                 *Model       `json:"model,omitempty"`
	Voice                 *Voice       `json:"voice,omitempty"`
	Transcriber           *Transcriber `json:"transcriber,omitempty"`
	Server                *Server      `json:"server,omitempty"`
	ServerMessages        []string     `json:"serverMessages,omitempty"`
	ClientMessages        []string     `json:"clientMessages,omitempty"`
	EndCallMessage        *string      `json:"endCallMessage,omitempty"`
	EndCallPhrases        []string     `json:"endCallPhrases,omitempty"`
	VoicemailMessage      *string      `json:"voicemailMessage,omitempty"`
	MaxDurationSeconds    *float64     `json:"maxDurationSeconds,omitempty"`
	SilenceTimeoutSeconds *float64     `json:"silenceTimeoutSeconds,omitempty"`
	BackgroundSound       *string      `json:"backgroundSound,omitempty"`
	// Metadata is kept as the API's bytes so that numbers keep their exact
	// form; JSON null arrives as the literal "null".
	Metadata json.RawMessage `json:"metadata,omitempty"`
}

// Model is the part of an assistant's model the provider reads.
type Model struct {
	Provider string   `json:"provider,omitempty"`
	Model    string   `json:"model,omitempty"`
	ToolIDs  []string `json:"toolIds,omitempty"`
	// Tools are the inline tools, of any type; the provider reads those of
	// type "function" (InlineTool) and keeps the others as they are.
	Tools       []InlineTool `json:"tools,omitempty"`
	Messages    []Message    `json:"messages,omitempty"`
	Temperature *float64     `json:"temperature,omitempty"`
	MaxTokens   *float64     `json:"maxTokens,omitempty"`
}

// Message is one of a model's messages (OpenAIMessage); content may be null.
type Message struct {
	Role    string  `json:"role"`
	Content *string `json:"content"`
}

// Voice is the part of an assistant's voice the provider reads.
type Voice struct {
	Provider string `json:"provider,omitempty"`
	VoiceID  string `json:"voiceId,omitempty"`
}

// Transcriber is the part of an assistant's transcriber the provider reads.
type Transcriber struct {
	Provider string  `json:"provider,omitempty"`
	Model    *string `json:"model,omitempty"`
	Language *string `json:"language,omitempty"`
}

// InlineTool is one of a model's inline tools (a Create*ToolDTO held in the
// assistant). Type tells the kind; the fields below are a function tool's.
type InlineTool struct {
	Type     string          `json:"type"`
	Async    *bool           `json:"async,omitempty"`
	Function *OpenAIFunction `json:"function,omitempty"`
	Server   *Server         `json:"server,omitempty"`
}
