package extract

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestDefaultOf(t *testing.T) {
	t.Parallel()
	enum := `"enum":["fixed","exponential"]`
	for _, tc := range []struct {
		name   string
		schema string // a property, as JSON
		want   any    // nil: no default
	}{
		{"keyword", `{"type":"boolean","default":false}`, false},
		{"keyword wins over the note", `{"type":"number","default":3,"description":"@default 5"}`, 3.0},
		{"keyword may be an array", `{"type":"array","default":["a"]}`, []any{"a"}},
		{"number", `{"type":"number","description":"Timeout.\n\n@default 20"}`, 20.0},
		{"negative fraction", `{"type":"number","description":"@default -0.5"}`, -0.5},
		{"number with commentary", `{"type":"number","description":"@default 600 (10 minutes)"}`, 600.0},
		{"number with a unit", `{"type":"number","description":"@default 5 seconds"}`, 5.0},
		{"true with commentary", `{"type":"boolean","description":"@default true (E164 check is enabled)"}`, true},
		{"false", `{"type":"boolean","description":"x\n@default false\nmore"}`, false},
		{"single quotes", `{"type":"string","description":"@default 'assistant-speaks-first'"}`, "assistant-speaks-first"},
		{"double quotes", `{"type":"string","description":"@default \"/\""}`, "/"},
		{"backquotes", `{"type":"string",` + enum + `,"description":"@default ` + "`fixed`" + `"}`, "fixed"},
		{"empty quoted string", `{"type":"string","description":"@default ''"}`, ""},
		{"quoted with commentary", `{"type":"string","description":"@default 'audio' (audio detection)"}`, "audio"},
		{"bare word in the enum", `{"type":"object",` + enum + `,"description":"@default fixed"}`, "fixed"},
		{"bare word outside the enum", `{"type":"string",` + enum + `,"description":"@default linear"}`, nil},
		{"quoted value outside the enum", `{"type":"string",` + enum + `,"description":"@default 'linear'"}`, nil},
		{"bare word without enum", `{"type":"string","description":"@default UUID"}`, nil},
		{"undefined", `{"type":"number","description":"@default undefined (the request will not be retried)"}`, nil},
		{"array prose", `{"type":"array","description":"@default []"}`, nil},
		{"object prose", `{"oneOf":[{"$ref":"#/components/schemas/A"}],"description":"@default { type: 'all' }"}`, nil},
		{"a quoted note on a ref", `{"allOf":[{"$ref":"#/components/schemas/A"}],"description":"@default ` + "`a.mode='x'`" + `"}`, nil},
		{"a string on a number", `{"type":"number","description":"@default 'x'"}`, nil},
		{"a number on a string", `{"type":"string","description":"@default 5"}`, nil},
		{"glued quote", `{"type":"string","description":"@default 'a'b"}`, nil},
		{"unterminated quote", `{"type":"string","description":"@default 'a"}`, nil},
		{"no note", `{"type":"string","description":"Defaults to 'x'."}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var n node
			if err := json.Unmarshal([]byte(tc.schema), &n); err != nil {
				t.Fatal(err)
			}
			x := &extractor{}
			got, err := x.defaultOf(&n)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("default %#v, want %#v", got, tc.want)
			}
		})
	}
}

// miniSpec is a spec with every construct the extractor reads, plus prose
// and examples that must not reach the facts.
const miniSpec = `{
  "paths": {
    "/tool": {"post": {"requestBody": {"content": {"application/json": {"schema": {
      "oneOf": [{"$ref": "#/components/schemas/CreateFnDTO", "title": "Fn"}, {"$ref": "#/components/schemas/CreateCodeDTO"}],
      "discriminator": {"propertyName": "type", "mapping": {"function": "#/components/schemas/CreateFnDTO"}}}}}}}},
    "/tool/{id}": {
      "patch": {"requestBody": {"content": {"application/json": {"schema": {"oneOf": [{"$ref": "#/components/schemas/UpdateFnDTO"}], "discriminator": {"propertyName": "type"}}}}}},
      "get": {"responses": {"200": {"content": {"application/json": {"schema": {"oneOf": [{"$ref": "#/components/schemas/Fn"}], "discriminator": {"propertyName": "type"}}}}}}}
    },
    "/assistant": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/UpdateFnDTO"}}}}}},
    "/assistant/{id}": {
      "patch": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/UpdateFnDTO"}}}}},
      "get": {"responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Fn"}}}}}}
    },
    "/phone-number": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/UpdateFnDTO"}}}}}},
    "/phone-number/{id}": {
      "patch": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/UpdateFnDTO"}}}}},
      "get": {"responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Fn"}}}}}}
    },
    "/unrelated": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {"anyOf": []}}}}}}}
  },
  "components": {"schemas": {
    "CreateFnDTO": {"type": "object", "title": "T", "description": "PROSE", "example": {"x": 1},
      "required": ["type"],
      "properties": {
        "type": {"type": "string", "enum": ["function"], "description": "PROSE"},
        "server": {"description": "PROSE", "allOf": [{"$ref": "#/components/schemas/Server"}]},
        "model": {"oneOf": [{"$ref": "#/components/schemas/M1", "title": "PROSE"}, {"$ref": "#/components/schemas/M2"}]},
        "mixed": {"oneOf": [{"type": "string", "enum": ["off"]}, {"type": "string", "format": "uri"}]},
        "tags": {"type": "array", "items": {"type": "string", "maxLength": 3}, "examples": ["PROSE"]},
        "headers": {"type": "object", "additionalProperties": {"type": "string"}},
        "old": {"type": "string", "deprecated": true, "nullable": true, "pattern": "/^a$/", "minLength": 1}
      }},
    "CreateCodeDTO": {"type": "object", "properties": {"type": {"type": "string", "enum": ["code"]}}},
    "UpdateFnDTO": {"type": "object", "properties": {"type": {"type": "string", "enum": ["function"]}, "server": {"$ref": "#/components/schemas/Server"}}},
    "Fn": {"type": "object", "properties": {"id": {"type": "string", "format": "uuid"}, "server": {"$ref": "#/components/schemas/Server"}, "type": {"type": "string", "enum": ["function"]}}},
    "Server": {"type": "object", "properties": {"timeoutSeconds": {"type": "number", "minimum": 1, "maximum": 300, "description": "PROSE\n\n@default 20", "example": 20}}},
    "M1": {"type": "object", "required": ["provider"], "properties": {"provider": {"type": "string", "enum": ["a"]}, "kind": {"type": "string", "enum": ["x"]}}},
    "M2": {"type": "object", "required": ["provider"], "properties": {"provider": {"type": "string", "enum": ["b"]}, "kind": {"type": "string", "enum": ["y"]}}},
    "CreateCustomCredentialDTO": {"type": "object", "properties": {"provider": {"type": "string", "enum": ["custom-credential"]}}},
    "UpdateCustomCredentialDTO": {"type": "object", "properties": {"provider": {"type": "string", "enum": ["custom-credential"]}, "name": {"type": "string"}}},
    "CustomCredential": {"type": "object", "properties": {"provider": {"type": "string", "enum": ["custom-credential"]}, "authenticationSession": {"type": "object"}}},
    "NotACredential": {"type": "object", "properties": {"x": {"type": "string"}}},
    "UpdateOrgDTO": {"type": "object", "properties": {"name": {"type": "string"}}},
    "Org": {"type": "object", "properties": {"name": {"type": "string"}, "jwtSecret": {"type": "string"}}},
    "Unreached": {"type": "object", "properties": {"x": {"anyOf": []}}}
  }}
}`

func TestGenerateMiniSpec(t *testing.T) {
	t.Parallel()
	out, err := Generate([]byte(miniSpec))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "PROSE") || strings.Contains(string(out), "title") || strings.Contains(string(out), "example") {
		t.Fatalf("prose in the facts:\n%s", out)
	}
	if !strings.HasSuffix(string(out), "}\n") {
		t.Fatal("no trailing newline")
	}
	again, err := Generate([]byte(miniSpec))
	if err != nil || string(again) != string(out) {
		t.Fatal("output is not deterministic")
	}
	f, err := Facts([]byte(miniSpec))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := f.Schemas["Unreached"]; ok {
		t.Error("a schema outside the scope was kept")
	}
	if _, ok := f.Schemas["NotACredential"]; ok {
		t.Error("a schema outside the scope was kept")
	}
	tool := f.Kinds["tool"]
	if tool.Discriminator != "type" || !reflect.DeepEqual(tool.Create, map[string]string{"function": "CreateFnDTO", "code": "CreateCodeDTO"}) {
		t.Errorf("tool kind %+v: the mapping must be completed from the members", tool)
	}
	if !reflect.DeepEqual(tool.Update, map[string]string{"function": "UpdateFnDTO"}) ||
		!reflect.DeepEqual(tool.ResponseOnly, map[string][]string{"function": {"id"}}) {
		t.Errorf("tool kind %+v", tool)
	}
	cred := f.Kinds["credential"]
	if cred.Create["custom-credential"] != "CreateCustomCredentialDTO" || cred.Response["custom-credential"] != "CustomCredential" ||
		!reflect.DeepEqual(cred.ResponseOnly, map[string][]string{"custom-credential": {"authenticationSession"}}) {
		t.Errorf("credential kind %+v", cred)
	}
	if got := f.Kinds["org"].ResponseOnly[""]; !reflect.DeepEqual(got, []string{"jwtSecret"}) {
		t.Errorf("org response-only %v", got)
	}
	fn := f.Schemas["CreateFnDTO"].Properties
	if fn["server"].Ref != "Server" {
		t.Errorf("server %+v", fn["server"])
	}
	if d := fn["model"].Discriminator; d == nil || d.PropertyName != "provider" || !reflect.DeepEqual(d.Mapping, map[string]string{"a": "M1", "b": "M2"}) {
		t.Errorf("inferred discriminator %+v: provider is required by all, kind is not", d)
	}
	if fn["mixed"].Discriminator != nil || len(fn["mixed"].OneOf) != 2 || fn["mixed"].OneOf[1].Format != "uri" {
		t.Errorf("scalar union %+v", fn["mixed"])
	}
	if it := fn["tags"].Items; it == nil || *it.MaxLength != 3 {
		t.Errorf("items %+v", fn["tags"])
	}
	if old := fn["old"]; !old.Deprecated || !old.Nullable || old.Pattern != "/^a$/" || *old.MinLength != 1 {
		t.Errorf("old %+v", old)
	}
	if got := f.Schemas["Server"].Properties["timeoutSeconds"].Default; got != 20.0 {
		t.Errorf("default %v", got)
	}
}

func TestGenerateRefusesWhatItDoesNotKnow(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, from, to, want string }{
		{"unknown keyword in scope", `"nullable": true, "pattern"`, `"anyOf": [], "pattern"`, `unhandled schema keyword "anyOf"`},
		{"inline object", `"type": "object", "additionalProperties"`, `"type": "object", "properties": {"a": {}}, "additionalProperties"`, "inline object properties"},
		{"allOf of two", `"allOf": [{"$ref": "#/components/schemas/Server"}]`, `"allOf": [{"$ref": "#/components/schemas/Server"}, {"type": "object"}]`, "allOf other than one $ref"},
		{"missing schema", `{"$ref": "#/components/schemas/M2"}]`, `{"$ref": "#/components/schemas/M3"}]`, "no schema M3"},
		{"a route without the others' discriminator", `"schema": {"oneOf": [{"$ref": "#/components/schemas/UpdateFnDTO"}], "discriminator": {"propertyName": "type"}}`,
			`"schema": {"$ref": "#/components/schemas/UpdateFnDTO"}`, `patch /tool/{id}: discriminator "", post /tool has "type"`},
		{"a union member without value", `"oneOf": [{"$ref": "#/components/schemas/Fn"}]`, `"oneOf": [{"$ref": "#/components/schemas/Fn"}, {"$ref": "#/components/schemas/Server"}]`,
			"member Server has no type value"},
		{"a union without discriminator", `"oneOf": [{"$ref": "#/components/schemas/Fn"}], "discriminator": {"propertyName": "type"}`, `"oneOf": [{"type": "string"}]`,
			"neither a $ref nor a discriminated oneOf"},
		{"missing path", `"/phone-number/{id}"`, `"/phone-numbers/{id}"`, "spec has no patch /phone-number/{id}"},
		{"foreign ref", `"$ref": "#/components/schemas/UpdateFnDTO"}}}}},
      "get"`, `"$ref": "other.json#/X"}}}}},
      "get"`, `ref "other.json#/X" outside components.schemas`},
		{"credential DTO without provider", `"CreateCustomCredentialDTO": {"type": "object", "properties": {"provider": {"type": "string", "enum": ["custom-credential"]}}}`,
			`"CreateCustomCredentialDTO": {"type": "object", "properties": {}}`, "does not fix provider"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			spec := strings.Replace(miniSpec, tc.from, tc.to, 1)
			if spec == miniSpec {
				t.Fatal("the case does not change the spec")
			}
			_, err := Generate([]byte(spec))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}
