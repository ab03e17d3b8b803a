package provider

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// echoParameters are the parameters of the echo function below, one of each
// kind of type a function can take, with the value each test call passes
// when it does pass one. The echo function also takes a variadic string.
var echoParameters = []struct {
	param   function.Parameter
	present tftypes.Value
}{
	{function.StringParameter{Name: "string", AllowNullValue: true}, tftypes.NewValue(tftypes.String, "s")},
	{function.NumberParameter{Name: "number", AllowNullValue: true}, tftypes.NewValue(tftypes.Number, 42)},
	{function.BoolParameter{Name: "bool", AllowNullValue: true}, tftypes.NewValue(tftypes.Bool, true)},
	{
		function.ListParameter{Name: "list", AllowNullValue: true, ElementType: types.StringType},
		tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{
			tftypes.NewValue(tftypes.String, "a"), tftypes.NewValue(tftypes.String, "b"),
		}),
	},
	{
		function.ObjectParameter{Name: "object", AllowNullValue: true, AttributeTypes: map[string]attr.Type{
			"name": types.StringType, "tags": types.SetType{ElemType: types.StringType},
		}},
		tftypes.NewValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{
			"name": tftypes.String, "tags": tftypes.Set{ElementType: tftypes.String},
		}}, map[string]tftypes.Value{
			"name": tftypes.NewValue(tftypes.String, "n"),
			"tags": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, "t")}),
		}),
	},
	{function.DynamicParameter{Name: "dynamic", AllowNullValue: true}, tftypes.NewValue(tftypes.String, "d")},
}

// echoVariadic are the values passed to the variadic parameter.
var echoVariadic = []tftypes.Value{tftypes.NewValue(tftypes.String, "v1"), tftypes.NewValue(tftypes.String, "v2")}

// echoFunction returns, for each argument it receives, the framework's
// rendering of its value ("<null>" for a null), so a test can see what the
// framework decoded.
type echoFunction struct{}

func (echoFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "echo"
}

func (echoFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	params := make([]function.Parameter, 0, len(echoParameters))
	for _, p := range echoParameters {
		params = append(params, p.param)
	}
	resp.Definition = function.Definition{
		Parameters:        params,
		VariadicParameter: function.StringParameter{Name: "rest", AllowNullValue: true},
		Return:            function.ListReturn{ElementType: types.StringType},
	}
}

func (echoFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var (
		s    types.String
		n    types.Number
		b    types.Bool
		l    types.List
		o    types.Object
		d    types.Dynamic
		rest types.Tuple
	)
	if resp.Error = req.Arguments.Get(ctx, &s, &n, &b, &l, &o, &d, &rest); resp.Error != nil {
		return
	}
	seen := []attr.Value{s, n, b, l, o, d}
	seen = append(seen, rest.Elements()...)
	out := make([]string, len(seen))
	for i, v := range seen {
		out[i] = v.String()
	}
	resp.Error = resp.Result.Set(ctx, out)
}

// echoProvider serves only echoFunction.
type echoProvider struct{}

func (echoProvider) Metadata(_ context.Context, _ fwprovider.MetadataRequest, resp *fwprovider.MetadataResponse) {
	resp.TypeName = "echo"
}
func (echoProvider) Schema(context.Context, fwprovider.SchemaRequest, *fwprovider.SchemaResponse) {}
func (echoProvider) Configure(context.Context, fwprovider.ConfigureRequest, *fwprovider.ConfigureResponse) {
}
func (echoProvider) Resources(context.Context) []func() resource.Resource       { return nil }
func (echoProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }
func (echoProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{func() function.Function { return echoFunction{} }}
}

// recordingServer remembers the CallFunction requests that reach the
// framework's server.
type recordingServer struct {
	frameworkServer
	mu   sync.Mutex
	seen []*tfprotov6.CallFunctionRequest
}

func (r *recordingServer) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	r.mu.Lock()
	r.seen = append(r.seen, req)
	r.mu.Unlock()
	return r.frameworkServer.CallFunction(ctx, req)
}

func (r *recordingServer) last(t *testing.T) *tfprotov6.CallFunctionRequest {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.seen) == 0 {
		t.Fatal("no CallFunction reached the framework")
	}
	return r.seen[len(r.seen)-1]
}

// echoServers returns the framework's server for echoProvider, bare, and
// the same server behind the wrapper with a recorder in between.
func echoServers(t *testing.T) (bare tfprotov6.ProviderServer, wrapped tfprotov6.ProviderServer, rec *recordingServer) {
	t.Helper()
	s, err := NewProtocol6Server(echoProvider{})()
	if err != nil {
		t.Fatal(err)
	}
	wrapper, ok := s.(nullArgumentServer)
	if !ok {
		t.Fatalf("NewProtocol6Server returned %T, want the null-argument wrapper", s)
	}
	rec = &recordingServer{frameworkServer: wrapper.frameworkServer}
	return wrapper.frameworkServer, nullArgumentServer{rec}, rec
}

// encode encodes v as a CLI does for a parameter of type typ.
func encode(t *testing.T, typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// echoArguments returns the encoded present value of every echo parameter
// and of the variadic values, with the types the provider declares.
func echoArguments(t *testing.T, def *tfprotov6.Function) []*tfprotov6.DynamicValue {
	t.Helper()
	args := make([]*tfprotov6.DynamicValue, 0, len(echoParameters)+len(echoVariadic))
	for i, p := range echoParameters {
		args = append(args, encode(t, def.Parameters[i].Type, p.present))
	}
	for _, v := range echoVariadic {
		args = append(args, encode(t, def.VariadicParameter.Type, v))
	}
	return args
}

// call runs CallFunction and returns the decoded list of renderings, or the
// function error's text.
func call(t *testing.T, s tfprotov6.ProviderServer, name string, args []*tfprotov6.DynamicValue) ([]string, string) {
	t.Helper()
	resp, err := s.CallFunction(context.Background(), &tfprotov6.CallFunctionRequest{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("CallFunction: %v", err)
	}
	if resp.Error != nil {
		return nil, resp.Error.Text
	}
	v, err := resp.Result.Unmarshal(tftypes.List{ElementType: tftypes.String})
	if err != nil {
		t.Fatal(err)
	}
	var elems []tftypes.Value
	if err := v.As(&elems); err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(elems))
	for i, e := range elems {
		if err := e.As(&out[i]); err != nil {
			t.Fatal(err)
		}
	}
	return out, ""
}

func echoDefinition(t *testing.T, s tfprotov6.ProviderServer) *tfprotov6.Function {
	t.Helper()
	resp, err := s.GetFunctions(context.Background(), &tfprotov6.GetFunctionsRequest{})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("GetFunctions: %v %v", err, resp.Diagnostics)
	}
	return resp.Functions["echo"]
}

// TestNullArgumentServer_emptyArgumentIsNull sends, at each argument position
// in turn (every kind of parameter, and the first and second variadic
// argument), an argument with no data, as OpenTofu does for a null: an empty
// message, as gRPC delivers it, and a nil one, as an in-process caller could
// pass it. The
// wrapper must hand the framework what Terraform sends, an encoded null of
// the parameter's type: the result is the one of a call with that null, the
// argument shows as null, and every other argument is as passed. The bare
// framework server fails each of the calls with an empty message.
func TestNullArgumentServer_emptyArgumentIsNull(t *testing.T) {
	t.Parallel()
	bare, wrapped, rec := echoServers(t)
	def := echoDefinition(t, bare)
	present := echoArguments(t, def)

	all, errText := call(t, bare, "echo", present)
	if errText != "" {
		t.Fatalf("echo with every argument: %s", errText)
	}
	if len(all) != len(present) {
		t.Fatalf("echo returned %d renderings for %d arguments", len(all), len(present))
	}

	empties := map[string]*tfprotov6.DynamicValue{"missing": nil, "empty": {}}
	for i := range present {
		param := parameterAt(def, i)
		for shape, empty := range empties {
			t.Run(fmt.Sprintf("%d_%s_%s", i, param.Name, shape), func(t *testing.T) {
				args := append([]*tfprotov6.DynamicValue(nil), present...)
				args[i] = empty

				// A nil message never reaches a provider through gRPC (and
				// would panic the framework), so only the empty one is tried
				// without the wrapper.
				if empty != nil {
					if _, errText := call(t, bare, "echo", args); !strings.Contains(errText, "no JSON or msgpack data") {
						t.Errorf("the bare framework server took an empty argument (error %q): this wrapper has no reason to exist", errText)
					}
				}

				got, errText := call(t, wrapped, "echo", args)
				if errText != "" {
					t.Fatalf("through the wrapper: %s", errText)
				}
				withNull := append([]*tfprotov6.DynamicValue(nil), present...)
				withNull[i] = encode(t, param.Type, tftypes.NewValue(param.Type, nil))
				want, errText := call(t, bare, "echo", withNull)
				if errText != "" {
					t.Fatalf("with an encoded null: %s", errText)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("through the wrapper: %q\nwith an encoded null: %q", got, want)
				}
				if got[i] != "<null>" {
					t.Errorf("argument %d (%s) arrived as %s, want null", i, param.Name, got[i])
				}
				for j := range got {
					if j != i && got[j] != all[j] {
						t.Errorf("argument %d arrived as %s, want %s as passed", j, got[j], all[j])
					}
				}

				sent := rec.last(t).Arguments
				for j := range args {
					if j != i && sent[j] != args[j] {
						t.Errorf("argument %d was replaced although it carried a value", j)
					}
				}
			})
		}
	}
}

// TestNullArgumentServer_everyArgumentEmpty checks that several empty
// arguments in one call, including every variadic one, all become nulls.
func TestNullArgumentServer_everyArgumentEmpty(t *testing.T) {
	t.Parallel()
	_, wrapped, _ := echoServers(t)
	args := make([]*tfprotov6.DynamicValue, len(echoParameters)+len(echoVariadic))
	got, errText := call(t, wrapped, "echo", args)
	if errText != "" {
		t.Fatal(errText)
	}
	for i, g := range got {
		if g != "<null>" {
			t.Errorf("argument %d arrived as %s, want null", i, g)
		}
	}
	if len(got) != len(args) {
		t.Errorf("echo saw %d arguments, want %d", len(got), len(args))
	}
}

// TestNullArgumentServer_untouched checks that requests the wrapper has no
// business with reach the framework as they are: one whose arguments all
// carry data (in msgpack or JSON), one for a function the provider lacks,
// and an argument past the parameters of a function; the framework reports
// the last two itself.
func TestNullArgumentServer_untouched(t *testing.T) {
	t.Parallel()
	_, wrapped, rec := echoServers(t)
	def := echoDefinition(t, wrapped)
	args := echoArguments(t, def)
	args[0] = &tfprotov6.DynamicValue{JSON: []byte(`"from json"`)}

	got, errText := call(t, wrapped, "echo", args)
	if errText != "" {
		t.Fatal(errText)
	}
	if got[0] != `"from json"` {
		t.Errorf("a JSON argument arrived as %s", got[0])
	}
	if sent := rec.last(t); !reflect.DeepEqual(sent.Arguments, args) || &sent.Arguments[0] != &args[0] {
		t.Errorf("a request with every argument set was rebuilt")
	}

	missing := []*tfprotov6.DynamicValue{nil}
	if _, errText := call(t, wrapped, "nope", missing); !strings.Contains(errText, "nope") {
		t.Errorf("an unknown function: error %q, want the framework's", errText)
	}
	if sent := rec.last(t); sent.Name != "nope" || sent.Arguments[0] != nil {
		t.Errorf("the request for an unknown function was changed: %+v", sent)
	}

	wrongCount, err := NewProtocol6Server(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	tooMany := make([]*tfprotov6.DynamicValue, 6)
	if _, errText := call(t, wrongCount, "effective_server_url", tooMany); !strings.Contains(errText, "unexpected number of function arguments") {
		t.Errorf("too many arguments: error %q, want the framework's count error", errText)
	}
}

// TestNewProtocol6Server_providerFunctions runs every function of this
// provider as OpenTofu calls it: each argument whose parameter allows null is
// left empty in turn, and the response must equal the one to the encoded
// null Terraform sends. Then the routing function answers with every URL
// left empty.
func TestNewProtocol6Server_providerFunctions(t *testing.T) {
	t.Parallel()
	s, err := NewProtocol6Server(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	defs, err := s.GetFunctions(ctx, &tfprotov6.GetFunctionsRequest{})
	if err != nil || len(defs.Diagnostics) > 0 {
		t.Fatalf("GetFunctions: %v %v", err, defs.Diagnostics)
	}
	if len(defs.Functions) == 0 {
		t.Fatal("the provider has no functions")
	}
	for name, def := range defs.Functions {
		nulls := make([]*tfprotov6.DynamicValue, len(def.Parameters))
		for i, p := range def.Parameters {
			nulls[i] = encode(t, p.Type, tftypes.NewValue(p.Type, nil))
		}
		want, err := s.CallFunction(ctx, &tfprotov6.CallFunctionRequest{Name: name, Arguments: nulls})
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range def.Parameters {
			if !p.AllowNullValue {
				continue
			}
			args := append([]*tfprotov6.DynamicValue(nil), nulls...)
			args[i] = &tfprotov6.DynamicValue{}
			got, err := s.CallFunction(ctx, &tfprotov6.CallFunctionRequest{Name: name, Arguments: args})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s with argument %d (%s) empty: %+v, want %+v as with an encoded null", name, i, p.Name, got, want)
			}
		}
	}

	args := []*tfprotov6.DynamicValue{encode(t, tftypes.String, tftypes.NewValue(tftypes.String, "tool-calls")), nil, {}, nil, {}}
	resp, err := s.CallFunction(ctx, &tfprotov6.CallFunctionRequest{Name: "effective_server_url", Arguments: args})
	if err != nil || resp.Error != nil {
		t.Fatalf("effective_server_url with empty URLs: %v %+v", err, resp.Error)
	}
	resultType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"source": tftypes.String, "url": tftypes.String}}
	v, err := resp.Result.Unmarshal(resultType)
	if err != nil {
		t.Fatal(err)
	}
	wantResult := tftypes.NewValue(resultType, map[string]tftypes.Value{
		"source": tftypes.NewValue(tftypes.String, "none"),
		"url":    tftypes.NewValue(tftypes.String, nil),
	})
	if !v.Equal(wantResult) {
		t.Errorf("effective_server_url with empty URLs = %v, want %v", v, wantResult)
	}
}

// protocolOnly is a protocol server that answers only the RPCs of
// tfprotov6.ProviderServer.
type protocolOnly struct {
	tfprotov6.ProviderServer
}

// TestNewProtocol6Server_keepsEveryRPC checks that the wrapper still answers
// the RPCs tf6server finds by type assertion (list resources, actions, state
// stores), and refuses a server it would have to hide them for.
func TestNewProtocol6Server_keepsEveryRPC(t *testing.T) {
	t.Parallel()
	s, err := NewProtocol6Server(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.(tfprotov6.ListResourceServer); !ok {
		t.Error("the wrapped server lost the list resource RPCs")
	}
	if _, ok := s.(tfprotov6.ActionServer); !ok {
		t.Error("the wrapped server lost the action RPCs")
	}
	if _, ok := s.(tfprotov6.StateStoreServer); !ok {
		t.Error("the wrapped server lost the state store RPCs")
	}
	if _, err := withNullArguments(protocolOnly{s}); err == nil {
		t.Error("withNullArguments wrapped a server without the list resource, action and state store RPCs")
	}
}
