package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// The documentation is generated from the schemas and the examples, so these
// tests keep them complete: every attribute, parameter and object has a
// description, every name is snake_case, and every resource, data source and
// function has the example files that tfplugindocs renders.

// examplesDir is the repository's examples/ directory, relative to this package.
const examplesDir = "../../examples"

var snakeCase = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// described is what every schema attribute and block has.
type described interface {
	GetDescription() string
	GetMarkdownDescription() string
}

func TestSchemaHygieneProvider(t *testing.T) {
	ctx := context.Background()
	p := New("test")()

	var resp provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &resp)
	checkSchema(ctx, t, "provider", resp.Schema, resp.Diagnostics)

	requireFile(t, "the provider", filepath.Join(examplesDir, "provider", "provider.tf"))
}

func TestSchemaHygieneResources(t *testing.T) {
	ctx := context.Background()
	p := New("test")()
	providerTypeName := providerTypeNameOf(ctx, p)

	seen := map[string]bool{}
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: providerTypeName}, &meta)
		name := meta.TypeName
		checkTypeName(t, "resource", name, providerTypeName, seen)

		t.Run(name, func(t *testing.T) {
			var resp resource.SchemaResponse
			r.Schema(ctx, resource.SchemaRequest{}, &resp)
			checkSchema(ctx, t, name, resp.Schema, resp.Diagnostics)

			dir := filepath.Join(examplesDir, "resources", name)
			for _, file := range []string{"resource.tf", "import.sh", "import-by-string-id.tf"} {
				requireFile(t, name, filepath.Join(dir, file))
			}
		})
	}
	if len(seen) == 0 {
		t.Fatal("the provider registers no resources")
	}
}

func TestSchemaHygieneDataSources(t *testing.T) {
	ctx := context.Background()
	p := New("test")()
	providerTypeName := providerTypeNameOf(ctx, p)

	seen := map[string]bool{}
	for _, newDataSource := range p.DataSources(ctx) {
		d := newDataSource()
		var meta datasource.MetadataResponse
		d.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: providerTypeName}, &meta)
		name := meta.TypeName
		checkTypeName(t, "data source", name, providerTypeName, seen)

		t.Run(name, func(t *testing.T) {
			var resp datasource.SchemaResponse
			d.Schema(ctx, datasource.SchemaRequest{}, &resp)
			checkSchema(ctx, t, name, resp.Schema, resp.Diagnostics)

			requireFile(t, name, filepath.Join(examplesDir, "data-sources", name, "data-source.tf"))
		})
	}
}

func TestSchemaHygieneFunctions(t *testing.T) {
	ctx := context.Background()
	p := New("test")()
	withFunctions, ok := p.(provider.ProviderWithFunctions)
	if !ok {
		t.Fatal("the provider registers no functions")
	}

	seen := map[string]bool{}
	for _, newFunction := range withFunctions.Functions(ctx) {
		f := newFunction()
		var meta function.MetadataResponse
		f.Metadata(ctx, function.MetadataRequest{}, &meta)
		name := meta.Name
		if !snakeCase.MatchString(name) {
			t.Errorf("function %q: the name is not snake_case", name)
		}
		if seen[name] {
			t.Errorf("function %q is registered twice", name)
		}
		seen[name] = true

		t.Run(name, func(t *testing.T) {
			var resp function.DefinitionResponse
			f.Definition(ctx, function.DefinitionRequest{}, &resp)
			if resp.Diagnostics.HasError() {
				t.Fatalf("definition: %v", resp.Diagnostics)
			}
			def := resp.Definition
			if strings.TrimSpace(def.Summary) == "" {
				t.Errorf("function %q has no Summary", name)
			}
			// The framework's Return has no description of its own: the
			// function's description is where the result is documented.
			if strings.TrimSpace(def.MarkdownDescription) == "" && strings.TrimSpace(def.Description) == "" {
				t.Errorf("function %q has no MarkdownDescription or Description (it documents the return value)", name)
			}
			if def.Return == nil {
				t.Errorf("function %q has no Return", name)
			}

			params := def.Parameters
			if def.VariadicParameter != nil {
				params = append(params, def.VariadicParameter)
			}
			for i, param := range params {
				pname := param.GetName()
				if pname == "" {
					t.Errorf("function %q: parameter %d has no name (the docs would call it param%d)", name, i+1, i+1)
					continue
				}
				if !snakeCase.MatchString(pname) {
					t.Errorf("function %q: parameter %q is not snake_case", name, pname)
				}
				if strings.TrimSpace(param.GetMarkdownDescription()) == "" && strings.TrimSpace(param.GetDescription()) == "" {
					t.Errorf("function %q: parameter %q has no MarkdownDescription or Description", name, pname)
				}
			}

			requireFile(t, name, filepath.Join(examplesDir, "functions", name, "function.tf"))
		})
	}
}

// TestSchemaHygieneChecks makes sure the checks above find what they look for,
// however deep it is nested.
func TestSchemaHygieneChecks(t *testing.T) {
	s := rschema.Schema{
		MarkdownDescription: "A resource.",
		Attributes: map[string]rschema.Attribute{
			"good":             rschema.StringAttribute{MarkdownDescription: "Fine.", Optional: true},
			"plainDescription": rschema.StringAttribute{Description: "Fine, but camelCase.", Optional: true},
			"server": rschema.SingleNestedAttribute{
				MarkdownDescription: "A nested attribute.",
				Optional:            true,
				Attributes: map[string]rschema.Attribute{
					"url": rschema.StringAttribute{Optional: true},
					"backoff_plan": rschema.ListNestedAttribute{
						MarkdownDescription: "Nested twice.",
						Optional:            true,
						NestedObject: rschema.NestedAttributeObject{Attributes: map[string]rschema.Attribute{
							"max_retries": rschema.Int64Attribute{Optional: true},
						}},
					},
				},
			},
		},
		Blocks: map[string]rschema.Block{
			"legacy": rschema.SingleNestedBlock{
				Attributes: map[string]rschema.Attribute{"Name": rschema.StringAttribute{Optional: true}},
			},
		},
	}

	d := dschema.Schema{
		MarkdownDescription: "A data source.",
		Attributes: map[string]dschema.Attribute{
			"chain": dschema.ListNestedAttribute{
				MarkdownDescription: "A nested attribute.",
				Computed:            true,
				NestedObject: dschema.NestedAttributeObject{Attributes: map[string]dschema.Attribute{
					"level": dschema.StringAttribute{Computed: true},
				}},
			},
		},
	}
	p := pschema.Schema{
		Attributes: map[string]pschema.Attribute{
			"options": pschema.SingleNestedAttribute{
				MarkdownDescription: "A nested attribute.",
				Optional:            true,
				Attributes: map[string]pschema.Attribute{
					"apiKey": pschema.StringAttribute{MarkdownDescription: "camelCase.", Optional: true},
				},
			},
		},
	}

	var found problems
	found.checkDescription("r", s)
	checkAttributes(&found, "r", s.GetAttributes())
	checkBlocks(&found, "r", s.GetBlocks())
	found.checkDescription("d", d)
	checkAttributes(&found, "d", d.GetAttributes())
	found.checkDescription("p", p)
	checkAttributes(&found, "p", p.GetAttributes())

	want := []string{
		"d.chain.level has no MarkdownDescription or Description",
		"p has no MarkdownDescription or Description",
		"p.options.apiKey: the attribute name is not snake_case",
		"r.legacy has no MarkdownDescription or Description",
		"r.legacy.Name has no MarkdownDescription or Description",
		"r.legacy.Name: the attribute name is not snake_case",
		"r.plainDescription: the attribute name is not snake_case",
		"r.server.backoff_plan.max_retries has no MarkdownDescription or Description",
		"r.server.url has no MarkdownDescription or Description",
	}
	got := append([]string(nil), found...)
	sort.Strings(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the checks found:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func providerTypeNameOf(ctx context.Context, p provider.Provider) string {
	var resp provider.MetadataResponse
	p.Metadata(ctx, provider.MetadataRequest{}, &resp)
	return resp.TypeName
}

func checkTypeName(t *testing.T, kind, name, providerTypeName string, seen map[string]bool) {
	t.Helper()
	if !strings.HasPrefix(name, providerTypeName+"_") {
		t.Errorf("%s %q: the type name does not start with %q", kind, name, providerTypeName+"_")
	}
	if !snakeCase.MatchString(name) {
		t.Errorf("%s %q: the type name is not snake_case", kind, name)
	}
	if seen[name] {
		t.Errorf("%s %q is registered twice", kind, name)
	}
	seen[name] = true
}

// checkSchema fails t unless the schema that came with diags is valid for
// the framework and every object, attribute and block in it is described
// and named in snake_case. A and B, the attribute and block types of the
// schema's package, are inferred from its methods.
func checkSchema[A, B described](ctx context.Context, t *testing.T, name string, s interface {
	described
	ValidateImplementation(context.Context) diag.Diagnostics
	GetAttributes() map[string]A
	GetBlocks() map[string]B
}, diags diag.Diagnostics) {
	t.Helper()
	if diags.HasError() {
		t.Fatalf("%s schema: %v", name, diags)
	}
	if diags.Append(s.ValidateImplementation(ctx)...); diags.HasError() {
		t.Fatalf("%s schema: %v", name, diags)
	}
	var found problems
	found.checkDescription(name, s)
	checkAttributes(&found, name, s.GetAttributes())
	checkBlocks(&found, name, s.GetBlocks())
	found.report(t)
}

// problems collects what the checks find, so that the checks themselves can
// be tested on schemas built to fail them.
type problems []string

func (p *problems) add(format string, args ...any) {
	*p = append(*p, fmt.Sprintf(format, args...))
}

func (p problems) report(t *testing.T) {
	t.Helper()
	for _, problem := range p {
		t.Error(problem)
	}
}

func (p *problems) checkDescription(what string, d described) {
	if strings.TrimSpace(d.GetMarkdownDescription()) == "" && strings.TrimSpace(d.GetDescription()) == "" {
		p.add("%s has no MarkdownDescription or Description", what)
	}
}

// checkAttributes checks the attributes of one schema level and recurses into
// nested attributes. M is inferred: a schema's attribute map, or the map type
// that the framework's nested objects return.
func checkAttributes[A described, M ~map[string]A](found *problems, prefix string, attributes M) {
	for _, name := range sortedKeys(attributes) {
		attribute := attributes[name]
		path := prefix + "." + name
		if !snakeCase.MatchString(name) {
			found.add("%s: the attribute name is not snake_case", path)
		}
		found.checkDescription(path, attribute)

		// The NestedAttribute interfaces of the resource, data source and
		// provider schema packages have the same methods: one covers all three.
		if nested, ok := any(attribute).(rschema.NestedAttribute); ok {
			checkAttributes(found, path, nested.GetNestedObject().GetAttributes())
		}
	}
}

// checkBlocks is checkAttributes for blocks, which hold attributes and blocks.
func checkBlocks[B described, M ~map[string]B](found *problems, prefix string, blocks M) {
	for _, name := range sortedKeys(blocks) {
		block := blocks[name]
		path := prefix + "." + name
		if !snakeCase.MatchString(name) {
			found.add("%s: the block name is not snake_case", path)
		}
		found.checkDescription(path, block)

		// As for attributes, one Block interface covers the three packages.
		if nested, ok := any(block).(rschema.Block); ok {
			checkAttributes(found, path, nested.GetNestedObject().GetAttributes())
			checkBlocks(found, path, nested.GetNestedObject().GetBlocks())
		}
	}
}

func requireFile(t *testing.T, owner, path string) {
	t.Helper()
	info, err := os.Stat(path)
	switch {
	case err != nil:
		t.Errorf("%s: missing %s (it is rendered into the docs by tfplugindocs)", owner, filepath.ToSlash(strings.TrimPrefix(path, "../../")))
	case info.Size() == 0:
		t.Errorf("%s: %s is empty", owner, filepath.ToSlash(strings.TrimPrefix(path, "../../")))
	}
}

// The list resources' pages are written by hand (docs-static/README.md says
// why): each must exist, describe every attribute of its schema, and have
// its example.
func TestListResourceDocs(t *testing.T) {
	ctx := context.Background()
	p := New("test")()
	lp, ok := p.(provider.ProviderWithListResources)
	if !ok {
		t.Fatal("the provider serves no list resources")
	}
	for _, newList := range lp.ListResources(ctx) {
		l := newList()
		var meta resource.MetadataResponse
		l.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "vapi"}, &meta)
		var resp list.ListResourceSchemaResponse
		l.ListResourceConfigSchema(ctx, list.ListResourceSchemaRequest{}, &resp)
		name := strings.TrimPrefix(meta.TypeName, "vapi_")
		page, err := readFileIn(filepath.Join("..", "..", "docs-static", "list-resources"), name+".md")
		if err != nil {
			t.Errorf("%s: no hand-written page: %v", meta.TypeName, err)
			continue
		}
		for attr := range resp.Schema.Attributes {
			if !strings.Contains(string(page), "- `"+attr+"`") {
				t.Errorf("%s: its page does not describe the attribute %s", meta.TypeName, attr)
			}
		}
		requireFile(t, meta.TypeName, filepath.Join(examplesDir, "list-resources", meta.TypeName, "list-resource.tfquery.hcl"))
	}
}
