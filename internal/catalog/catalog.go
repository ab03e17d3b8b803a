// Package catalog is the single source of truth for the enumerated values of
// the Vapi API that the provider validates, documents and maps. Each set is a
// typed constant list; validators, schema descriptions and mappers all derive
// from it, so adding a value is one line.
package catalog

import (
	"slices"
	"strings"
)

// Enum is an ordered set of allowed string values.
type Enum[T ~string] []T

// Strings returns the values as plain strings, in order.
func (e Enum[T]) Strings() []string {
	out := make([]string, len(e))
	for i, v := range e {
		out[i] = string(v)
	}
	return out
}

// Contains reports whether s is one of the values.
func (e Enum[T]) Contains(s string) bool {
	return slices.Contains(e, T(s))
}

// Markdown renders the values as a comma-separated list of code spans, for
// schema descriptions.
func (e Enum[T]) Markdown() string {
	parts := make([]string, len(e))
	for i, v := range e {
		parts[i] = "`" + string(v) + "`"
	}
	return strings.Join(parts, ", ")
}

// ServerMessage is a message type that an assistant's serverMessages may list.
type ServerMessage string

// ServerMessages is the API's serverMessages enum (Assistant.serverMessages).
var ServerMessages = Enum[ServerMessage]{
	"assistant.started",
	"assistant.speechStarted",
	"conversation-update",
	"end-of-call-report",
	"function-call",
	"hang",
	"language-changed",
	"language-change-detected",
	"model-output",
	"phone-call-control",
	"speech-update",
	"status-update",
	"transcript",
	`transcript[transcriptType="final"]`,
	"tool-calls",
	"transfer-destination-request",
	"handoff-destination-request",
	"transfer-update",
	"user-interrupted",
	"voice-input",
	"chat.created",
	"chat.deleted",
	"session.created",
	"session.updated",
	"session.deleted",
	"call.deleted",
	"call.delete.failed",
	"call.artifact.upload",
}

// DefaultServerMessages is what the API sends when an assistant does not set
// serverMessages.
var DefaultServerMessages = Enum[ServerMessage]{
	"conversation-update",
	"end-of-call-report",
	"function-call",
	"hang",
	"speech-update",
	"status-update",
	"tool-calls",
	"transfer-destination-request",
	"handoff-destination-request",
	"user-interrupted",
	"assistant.started",
}

// ClientMessage is a message type that an assistant's clientMessages may list.
type ClientMessage string

// ClientMessages is the API's clientMessages enum.
var ClientMessages = Enum[ClientMessage]{
	"conversation-update",
	"assistant.speechStarted",
	"function-call",
	"function-call-result",
	"hang",
	"language-changed",
	"metadata",
	"model-output",
	"speech-update",
	"status-update",
	"transcript",
	"tool-calls",
	"tool-calls-result",
	"tool.completed",
	"transfer-update",
	"user-interrupted",
	"voice-input",
	"workflow.node.started",
	"assistant.started",
}

// FirstMessageMode says who speaks first on a call.
type FirstMessageMode string

// FirstMessageModes is the API's firstMessageMode enum; the first is the default.
var FirstMessageModes = Enum[FirstMessageMode]{
	"assistant-speaks-first",
	"assistant-speaks-first-with-model-generated-message",
	"assistant-waits-for-user",
}

// BackoffType is the retry schedule of a webhook's backoffPlan.
type BackoffType string

// BackoffTypes is the API's BackoffPlan.type enum.
var BackoffTypes = Enum[BackoffType]{"fixed", "exponential"}

// HMACAlgorithm is the hash of an HMAC authentication plan.
type HMACAlgorithm string

// HMACAlgorithms is the API's HMACAuthenticationPlan.algorithm enum.
var HMACAlgorithms = Enum[HMACAlgorithm]{"sha256", "sha512", "sha1"}

// SignatureEncoding is how an HMAC signature is encoded.
type SignatureEncoding string

// SignatureEncodings is the API's HMACAuthenticationPlan.signatureEncoding enum.
var SignatureEncodings = Enum[SignatureEncoding]{"hex", "base64"}
