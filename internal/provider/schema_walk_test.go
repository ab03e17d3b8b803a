package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// Tests that generate their cases from the resource schemas, so that a new
// attribute or block is covered the day it is added.

// schemaNode is one attribute or block of a resource schema.
type schemaNode struct {
	// resource is the resource type, such as "vapi_function_tool".
	resource string
	// path holds the names from the resource down to the node:
	// ["server", "backoff_plan", "type"].
	path []string
	// Exactly one of attr and block is set.
	attr  rschema.Attribute
	block rschema.Block
}

// name is the node's path with dots, as the sample tables key it.
func (n schemaNode) name() string { return strings.Join(n.path, ".") }

// resourceSchemas returns the schema of every resource of the provider, by
// type name.
func resourceSchemas(t *testing.T) map[string]rschema.Schema {
	t.Helper()
	ctx := context.Background()
	p := New("test")()
	out := map[string]rschema.Schema{}
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "vapi"}, &meta)
		var resp resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &resp)
		if resp.Diagnostics.HasError() {
			t.Fatalf("%s: %v", meta.TypeName, resp.Diagnostics)
		}
		out[meta.TypeName] = resp.Schema
	}
	return out
}

// walkSchema returns every attribute and block of a resource schema,
// depth-first, in name order.
func walkSchema(resourceType string, s rschema.Schema) []schemaNode {
	var out []schemaNode
	var walk func(prefix []string, attrs map[string]rschema.Attribute, blocks map[string]rschema.Block)
	walk = func(prefix []string, attrs map[string]rschema.Attribute, blocks map[string]rschema.Block) {
		for _, name := range sortedKeys(attrs) {
			out = append(out, schemaNode{resource: resourceType, path: appendPath(prefix, name), attr: attrs[name]})
		}
		for _, name := range sortedKeys(blocks) {
			b := blocks[name]
			p := appendPath(prefix, name)
			out = append(out, schemaNode{resource: resourceType, path: p, block: b})
			nested := b.GetNestedObject()
			walk(p, attributesOf(nested.GetAttributes()), blocksOf(nested.GetBlocks()))
		}
	}
	walk(nil, s.Attributes, s.Blocks)
	return out
}

func appendPath(prefix []string, name string) []string {
	return append(append([]string{}, prefix...), name)
}

// attributesOf and blocksOf turn the framework's shared schema interfaces
// back into the resource schema's types, which every nested object of a
// resource schema holds.
func attributesOf[A any](in map[string]A) map[string]rschema.Attribute {
	out := map[string]rschema.Attribute{}
	for k, v := range in {
		if a, ok := any(v).(rschema.Attribute); ok {
			out[k] = a
		}
	}
	return out
}

func blocksOf[B any](in map[string]B) map[string]rschema.Block {
	out := map[string]rschema.Block{}
	for k, v := range in {
		if b, ok := any(v).(rschema.Block); ok {
			out[k] = b
		}
	}
	return out
}

// misspell swaps two letters in the middle of name, the kind of typo
// ("credentail_id") that a nested attribute would silently drop.
func misspell(name string) string {
	r := []rune(name)
	i := len(r) / 2
	if i+1 < len(r) && r[i] != r[i+1] {
		r[i], r[i+1] = r[i+1], r[i]
		return string(r)
	}
	return name + "x"
}

// nestIn writes body inside the blocks of path: ["server", "backoff_plan"]
// gives "server {\n  backoff_plan {\n body }\n}".
func nestIn(path []string, body string) string {
	for i := len(path) - 1; i >= 0; i-- {
		body = fmt.Sprintf("%s {\n%s\n}", path[i], body)
	}
	return body
}

// A misspelled argument in any block of any resource is an error at
// validate, "Unsupported argument", before any request: every nested object
// is a block (INTERFACE.md), in which Terraform refuses unknown arguments.
func TestSchemaTyposAreErrors(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	var cases []invalidCase
	schemas := resourceSchemas(t)
	for _, resourceType := range sortedKeys(schemas) {
		s := schemas[resourceType]
		// The root of the resource is a block too.
		containers := []schemaNode{{resource: resourceType}}
		for _, n := range walkSchema(resourceType, s) {
			if n.block != nil {
				containers = append(containers, n)
			}
		}
		for _, c := range containers {
			var names []string
			if c.block == nil {
				names = sortedKeys(s.Attributes)
			} else {
				names = sortedKeys(c.block.GetNestedObject().GetAttributes())
			}
			if len(names) == 0 {
				t.Fatalf("%s %s has no attribute to misspell", resourceType, c.name())
			}
			typo := misspell(names[0])
			if slices.Contains(names, typo) {
				t.Fatalf("the typo %q of %s is a real attribute", typo, names[0])
			}
			config := fmt.Sprintf("resource %q \"t\" {\n%s\n}\n", resourceType, nestIn(c.path, typo+" = 1"))
			cases = append(cases, invalidCase{
				name:   resourceType + " " + c.name(),
				config: env.config(config),
				want: regexp.MustCompile(`(?s)Unsupported argument.*An argument named "` + regexp.QuoteMeta(typo) +
					`" is not expected here`),
			})
		}
	}
	if len(cases) < 20 {
		t.Fatalf("only %d blocks found; the walk misses some", len(cases))
	}
	t.Logf("%d blocks, each with a misspelled argument", len(cases))
	expectInvalid(t, env, cases)
}
