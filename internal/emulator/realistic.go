package emulator

import "github.com/vapi-community/terraform-provider-vapi/internal/specfacts"

// This file holds the readings that make answers differ from requests as the
// real API's do (Options.Realistic): spec defaults, fields the spec does not
// know, response-only values and explicit nulls. The facts of the spec come
// from internal/specfacts.

// The fields ExtraFields adds: plausible names that no schema of the spec
// has (a test holds them against the facts), with fixed values.
const (
	extraTopField    = "resourceVersion"
	extraServerField = "connectTimeoutSeconds"
	extraModelField  = "contextWindowTokens"
)

var extraValues = map[string]any{
	extraTopField:    1.0,
	extraServerField: 5.0,
	extraModelField:  128000.0,
}

// view is what the API answers for a stored object of kind: hidden markers
// and the secrets r marks removed, and, as the options ask, the unset
// properties as null and the fields of a newer API.
func (e *Emulator) view(kind Kind, r *rule, obj map[string]any) map[string]any {
	out := visible(obj)
	if e.explicitNulls {
		e.addNulls(kind, out)
	}
	// After the nulls, so that a secret never shows even as null.
	redact(r, out)
	if e.extraFields {
		addExtraFields(kind, out)
	}
	return out
}

// addNulls sets to null the properties of out's response schema that out
// lacks, at the top level and inside a server object.
func (e *Emulator) addNulls(kind Kind, out map[string]any) {
	k, ok := e.facts.Kind(string(kind))
	if !ok {
		return
	}
	s, ok := e.facts.Schema(k.Response[k.Variant(out)])
	if !ok {
		return
	}
	nullMissing(s.Properties, out)
	if srv, ok := out["server"].(map[string]any); ok && s.Properties["server"] != nil {
		if ss, ok := e.facts.Schema(s.Properties["server"].Ref); ok {
			nullMissing(ss.Properties, srv)
		}
	}
}

func nullMissing(props map[string]*specfacts.Property, obj map[string]any) {
	for name := range props {
		if _, ok := obj[name]; !ok {
			obj[name] = nil
		}
	}
}

func addExtraFields(kind Kind, out map[string]any) {
	out[extraTopField] = extraValues[extraTopField]
	if srv, ok := out["server"].(map[string]any); ok {
		srv[extraServerField] = extraValues[extraServerField]
	}
	if model, ok := out["model"].(map[string]any); ok && kind == KindAssistant {
		model[extraModelField] = extraValues[extraModelField]
	}
}

// requestSchema names the DTO whose defaults apply to obj: its variant's
// Create DTO, or the Update DTO of a kind the key cannot create (an org).
func (e *Emulator) requestSchema(kind Kind, obj map[string]any) string {
	k, ok := e.facts.Kind(string(kind))
	if !ok {
		return ""
	}
	v := k.Variant(obj)
	if s, ok := k.Create[v]; ok {
		return s
	}
	return k.Update[v]
}

// fillReplaced fills the spec defaults into the nested objects and arrays a
// PATCH body replaced in obj; the top-level keys it did not send keep what
// they had.
func (e *Emulator) fillReplaced(kind Kind, obj, body map[string]any) {
	if !e.fillDefaults {
		return
	}
	schema := e.requestSchema(kind, obj)
	if schema == "" {
		return
	}
	for k, v := range body {
		switch v.(type) {
		case map[string]any, []any:
			// The one-key object shares the stored value, so the defaults land
			// in it; the top-level defaults set beside it are dropped with it.
			e.facts.FillDefaults(schema, map[string]any{k: obj[k]})
		}
	}
}
