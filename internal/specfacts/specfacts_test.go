package specfacts_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/vapi-community/terraform-provider-vapi/internal/ciskip"
	"github.com/vapi-community/terraform-provider-vapi/internal/specfacts"
	"github.com/vapi-community/terraform-provider-vapi/internal/specfacts/extract"
)

// specPath is the current public spec, kept beside the repository (never in
// it): the checkout lives in main/ with shared/ next to it.
const specPath = "../../../shared/vapi/openapi.json"

// TestFactsAreCurrent regenerates facts.json from the spec and wants the
// committed file byte for byte: run `make specfacts` after the spec changes.
func TestFactsAreCurrent(t *testing.T) {
	t.Parallel()
	spec, err := os.ReadFile(specPath)
	if errors.Is(err, fs.ErrNotExist) {
		ciskip.Skip(t, "needs-shared", specPath+" not found: the currency check needs the shared/ folder beside the checkout")
	}
	if err != nil {
		t.Fatal(err)
	}
	want, err := extract.Generate(spec)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("facts.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("facts.json is stale (%d bytes, regenerated %d): run make specfacts", len(got), len(want))
	}
}

// TestFactsAreConsistent: the embedded file parses, and every schema a kind,
// a ref or a discriminator names is in it.
func TestFactsAreConsistent(t *testing.T) {
	t.Parallel()
	f := specfacts.Load()
	if f != specfacts.Load() {
		t.Fatal("Load parses more than once")
	}
	var names []string
	for _, kind := range []string{"tool", "assistant", "phone-number", "credential", "org"} {
		k, ok := f.Kind(kind)
		if !ok {
			t.Fatalf("no kind %s", kind)
		}
		if len(k.Response) == 0 || len(k.Update) == 0 {
			t.Errorf("kind %s lacks responses or updates: %+v", kind, k)
		}
		for _, m := range []map[string]string{k.Create, k.Update, k.Response} {
			names = append(names, slices.Collect(maps.Values(m))...)
		}
		for v := range k.ResponseOnly {
			if _, ok := k.Response[v]; !ok {
				t.Errorf("kind %s: response-only properties for %q, which has no response", kind, v)
			}
		}
	}
	var walk func(where string, p *specfacts.Property)
	walk = func(where string, p *specfacts.Property) {
		if p.Ref != "" {
			names = append(names, p.Ref)
		}
		if p.Items != nil {
			walk(where+"[]", p.Items)
		}
		for _, m := range p.OneOf {
			walk(where+"|", m)
		}
		if p.Discriminator != nil {
			names = append(names, slices.Collect(maps.Values(p.Discriminator.Mapping))...)
		}
	}
	for name, s := range f.Schemas {
		for pn, p := range s.Properties {
			walk(name+"."+pn, p)
		}
	}
	for _, n := range names {
		if _, ok := f.Schema(n); !ok {
			t.Errorf("schema %s is named but absent", n)
		}
	}
	if _, ok := f.Schema("NoSuchSchema"); ok {
		t.Error("Schema found a schema that does not exist")
	}
	if _, ok := f.Kind("call"); ok {
		t.Error("Kind found a kind that does not exist")
	}
}

// TestFactsCarryNoProse walks facts.json and allows only the keys of the
// fact types: no description, title or example can hide in it.
func TestFactsCarryNoProse(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("facts.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	allowed := func(v any) []string {
		var out []string
		for _, f := range reflect.VisibleFields(reflect.TypeOf(v)) {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			out = append(out, name)
		}
		return out
	}
	check := func(where string, m any, keys []string) map[string]any {
		obj, ok := m.(map[string]any)
		if !ok {
			t.Fatalf("%s is not an object", where)
		}
		for k := range obj {
			if !slices.Contains(keys, k) {
				t.Errorf("%s has key %q", where, k)
			}
		}
		return obj
	}
	var property func(where string, v any)
	property = func(where string, v any) {
		p := check(where, v, allowed(specfacts.Property{}))
		if it, ok := p["items"]; ok {
			property(where+".items", it)
		}
		if one, ok := p["oneOf"].([]any); ok {
			for _, m := range one {
				property(where+".oneOf", m)
			}
		}
		if d, ok := p["discriminator"]; ok {
			check(where+".discriminator", d, allowed(specfacts.Discriminator{}))
		}
	}
	check("root", doc, allowed(specfacts.Facts{}))
	kinds, ok := doc["kinds"].(map[string]any)
	if !ok || len(kinds) == 0 {
		t.Fatal("no kinds")
	}
	for name, k := range kinds {
		check("kinds."+name, k, allowed(specfacts.Kind{}))
	}
	schemas, ok := doc["schemas"].(map[string]any)
	if !ok || len(schemas) == 0 {
		t.Fatal("no schemas")
	}
	for name, s := range schemas {
		props, _ := check(name, s, allowed(specfacts.Schema{}))["properties"].(map[string]any)
		for pn, p := range props {
			property(name+"."+pn, p)
		}
	}
}

// TestKnownFacts pins facts the provider and the emulator rely on, read from
// the spec's default keywords, "@default" notes, unions and paths.
func TestKnownFacts(t *testing.T) {
	t.Parallel()
	f := specfacts.Load()
	prop := func(schema, name string) *specfacts.Property {
		t.Helper()
		s, ok := f.Schema(schema)
		if !ok || s.Properties[name] == nil {
			t.Fatalf("no %s.%s", schema, name)
		}
		return s.Properties[name]
	}
	for _, tc := range []struct {
		schema, property string
		want             any // nil: no default
	}{
		{"Server", "timeoutSeconds", 20.0},
		{"Server", "staticIpAddressesEnabled", false},
		{"Server", "backoffPlan", nil}, // "@default undefined (the request will not be retried)"
		{"Server", "url", nil},
		{"BackoffPlan", "type", "fixed"}, // a bare word among the enum values
		{"BackoffPlan", "maxRetries", 0.0},
		{"CreateAssistantDTO", "firstMessageMode", "assistant-speaks-first"}, // quoted
		{"CreateAssistantDTO", "maxDurationSeconds", 600.0},                  // "600 (10 minutes)"
		{"CreateAssistantDTO", "firstMessageInterruptionsEnabled", false},    // default keyword
		{"OpenAIFunction", "strict", false},
		{"CreateTwilioPhoneNumberDTO", "smsEnabled", true},
		{"CreateByoPhoneNumberDTO", "numberE164CheckEnabled", true},
		{"TransferDestinationNumber", "transferPlan", nil}, // a backquoted note on an object
		{"CallHookCustomerSpeechTimeout", "name", nil},     // "@default UUID" is prose
	} {
		if got := prop(tc.schema, tc.property).Default; !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s.%s default %#v, want %#v", tc.schema, tc.property, got, tc.want)
		}
	}
	ts := prop("Server", "timeoutSeconds")
	if ts.Type != "number" || *ts.Minimum != 1 || *ts.Maximum != 300 {
		t.Errorf("Server.timeoutSeconds %+v", ts)
	}
	if name := prop("OpenAIFunction", "name"); name.Pattern != "/^[a-zA-Z0-9_-]{1,64}$/" || *name.MaxLength != 64 {
		t.Errorf("OpenAIFunction.name %+v", name)
	}
	if got := prop("CreateFunctionToolDTO", "server").Ref; got != "Server" {
		t.Errorf("allOf $ref not unwrapped: %q", got)
	}
	// The spec declares no discriminator for models; every member fixes its
	// provider, so one is inferred.
	if d := prop("CreateAssistantDTO", "model").Discriminator; d == nil || d.PropertyName != "provider" || d.Mapping["openai"] != "OpenAIModel" {
		t.Errorf("model discriminator %+v", d)
	}

	for _, tc := range []struct {
		kind, disc, variant, create, update, response string
		responseOnly                                  []string
	}{
		{"tool", "type", "function", "CreateFunctionToolDTO", "UpdateFunctionToolDTO", "FunctionTool", []string{"createdAt", "id", "orgId", "updatedAt"}},
		// The spec's mapping forgets "code"; its member still names it.
		{"tool", "type", "code", "CreateCodeToolDTO", "UpdateCodeToolDTO", "CodeTool", nil},
		{"assistant", "", "", "CreateAssistantDTO", "UpdateAssistantDTO", "Assistant", []string{"createdAt", "id", "orgId", "updatedAt"}},
		{"phone-number", "provider", "vapi", "CreateVapiPhoneNumberDTO", "UpdateVapiPhoneNumberDTO", "VapiPhoneNumber", []string{"id", "number", "orgId", "status"}},
		{"phone-number", "provider", "twilio", "CreateTwilioPhoneNumberDTO", "UpdateTwilioPhoneNumberDTO", "TwilioPhoneNumber", nil},
		{"credential", "provider", "custom-credential", "CreateCustomCredentialDTO", "UpdateCustomCredentialDTO", "CustomCredential", []string{"authenticationSession", "id", "orgId"}},
		{"org", "", "", "", "UpdateOrgDTO", "Org", []string{"jwtSecret", "id", "subscription"}},
	} {
		k, ok := f.Kind(tc.kind)
		if !ok {
			t.Fatalf("no kind %s", tc.kind)
		}
		if k.Discriminator != tc.disc || k.Create[tc.variant] != tc.create || k.Update[tc.variant] != tc.update || k.Response[tc.variant] != tc.response {
			t.Errorf("kind %s %q: %s %q %q %q", tc.kind, tc.variant, k.Discriminator, k.Create[tc.variant], k.Update[tc.variant], k.Response[tc.variant])
		}
		for _, p := range tc.responseOnly {
			if !slices.Contains(k.ResponseOnly[tc.variant], p) {
				t.Errorf("kind %s %q: %s not response-only in %v", tc.kind, tc.variant, p, k.ResponseOnly[tc.variant])
			}
		}
		for _, p := range k.ResponseOnly[tc.variant] {
			if _, ok := f.Schemas[tc.update].Properties[p]; ok {
				t.Errorf("kind %s %q: %s is response-only but %s accepts it", tc.kind, tc.variant, p, tc.update)
			}
		}
	}
	tool, _ := f.Kind("tool")
	if got := tool.Variant(map[string]any{"type": "function"}); got != "function" {
		t.Errorf("Variant %q", got)
	}
	if got := tool.Variant(map[string]any{"type": 1}); got != "" {
		t.Errorf("Variant of a non-string %q", got)
	}
	org, _ := f.Kind("org")
	if got := org.Variant(map[string]any{"type": "x"}); got != "" {
		t.Errorf("Variant of a kind without union %q", got)
	}
}

// TestWalksOnTheSpec runs Prune and FillDefaults on real schemas: the
// provider sends back what it read, and the API's new fields must not
// travel with it.
func TestWalksOnTheSpec(t *testing.T) {
	t.Parallel()
	f := specfacts.Load()
	kept, removed := f.Prune("UpdateAssistantDTO", map[string]any{
		"name":       "a",
		"id":         "x",
		"revision":   1.0,
		"server":     map[string]any{"url": "u", "headers": map[string]any{"X-A": "1"}, "futureFlag": true},
		"model":      map[string]any{"provider": "openai", "model": "gpt-4o", "url": "https://x", "messages": []any{map[string]any{"role": "system", "content": "c", "x": 1.0}}},
		"voicemail":  nil,
		"metadata":   map[string]any{"anything": map[string]any{"goes": true}},
		"voice":      map[string]any{"provider": "vapi", "voiceId": "Elliot", "cachingEnabled": true},
		"endCallMsg": "typo",
	})
	want := map[string]any{
		"name":     "a",
		"server":   map[string]any{"url": "u", "headers": map[string]any{"X-A": "1"}},
		"model":    map[string]any{"provider": "openai", "model": "gpt-4o", "messages": []any{map[string]any{"role": "system", "content": "c"}}},
		"metadata": map[string]any{"anything": map[string]any{"goes": true}},
		"voice":    map[string]any{"provider": "vapi", "voiceId": "Elliot", "cachingEnabled": true},
	}
	if !reflect.DeepEqual(kept, want) {
		t.Errorf("kept %v", kept)
	}
	wantRemoved := []string{"endCallMsg", "id", "model.messages.0.x", "model.url", "revision", "server.futureFlag", "voicemail"}
	if !reflect.DeepEqual(removed, wantRemoved) {
		t.Errorf("removed %q", removed)
	}

	obj := map[string]any{"server": map[string]any{"url": "u"}, "voice": map[string]any{"provider": "vapi", "voiceId": "Elliot"}}
	f.FillDefaults("CreateAssistantDTO", obj)
	for path, want := range map[string]any{
		"server.timeoutSeconds":           20.0,
		"server.staticIpAddressesEnabled": false,
		"voice.cachingEnabled":            true,
		"firstMessageMode":                "assistant-speaks-first",
		"maxDurationSeconds":              600.0,
	} {
		var cur any = obj
		for _, part := range strings.Split(path, ".") {
			m, _ := cur.(map[string]any)
			cur = m[part]
		}
		if cur != want {
			t.Errorf("%s = %v, want %v", path, cur, want)
		}
	}
	if _, ok := obj["model"]; ok {
		t.Error("FillDefaults created a model")
	}
}
