package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// frameworkServer is every RPC the framework's protocol 6 server answers.
// List resources, actions and state stores sit outside
// tfprotov6.ProviderServer: tf6server finds them by type assertion, so a
// wrapper that embedded only ProviderServer would hide them.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

// NewProtocol6Server returns a constructor of the provider's protocol 6
// server: the framework's server around p, with the null arguments of
// function calls repaired (see nullArgumentServer). main serves it and the
// tests' ProtoV6ProviderFactories use it, so both run the same server.
func NewProtocol6Server(p provider.Provider) func() (tfprotov6.ProviderServer, error) {
	newFramework := providerserver.NewProtocol6(p)
	return func() (tfprotov6.ProviderServer, error) {
		return withNullArguments(newFramework())
	}
}

// withNullArguments wraps s in a nullArgumentServer.
func withNullArguments(s tfprotov6.ProviderServer) (tfprotov6.ProviderServer, error) {
	full, ok := s.(frameworkServer)
	if !ok {
		return nil, fmt.Errorf("the protocol server %T does not answer every RPC of the framework "+
			"(list resources, actions, state stores)", s)
	}
	return nullArgumentServer{full}, nil
}

// nullArgumentServer passes every RPC to the framework's server, except that
// in CallFunction an argument with neither JSON nor msgpack data becomes an
// encoded null of its parameter's type.
//
// OpenTofu (checked with v1.12.6, internal/plugin6/grpc_provider.go) leaves a
// null argument out of the request when its parameter allows null, so the
// provider receives an empty DynamicValue at that position; Terraform sends
// an encoded null. The framework cannot decode the empty value and fails the
// call ("DynamicValue had no JSON or msgpack data set"), so without this
// every null argument of every provider function fails under OpenTofu.
type nullArgumentServer struct {
	frameworkServer
}

// CallFunction fills the empty arguments of req with nulls, then calls the
// framework. A request whose function or argument position has no parameter
// goes through unchanged, and the framework reports it.
func (s nullArgumentServer) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	if req == nil || !hasEmptyArgument(req.Arguments) {
		return s.frameworkServer.CallFunction(ctx, req)
	}
	defs, err := s.GetFunctions(ctx, &tfprotov6.GetFunctionsRequest{})
	if err != nil {
		return nil, err
	}
	def, ok := defs.Functions[req.Name]
	if !ok || def == nil {
		return s.frameworkServer.CallFunction(ctx, req)
	}
	args := make([]*tfprotov6.DynamicValue, len(req.Arguments))
	for i, arg := range req.Arguments {
		args[i] = arg
		if !isEmptyArgument(arg) {
			continue
		}
		param := parameterAt(def, i)
		if param == nil || param.Type == nil {
			continue
		}
		null, err := tfprotov6.NewDynamicValue(param.Type, tftypes.NewValue(param.Type, nil))
		if err != nil {
			return nil, fmt.Errorf("encoding a null for argument %d (%s) of function %s: %w", i, param.Name, req.Name, err)
		}
		args[i] = &null
	}
	return s.frameworkServer.CallFunction(ctx, &tfprotov6.CallFunctionRequest{Name: req.Name, Arguments: args})
}

// hasEmptyArgument reports whether any argument carries no value at all.
func hasEmptyArgument(args []*tfprotov6.DynamicValue) bool {
	for _, arg := range args {
		if isEmptyArgument(arg) {
			return true
		}
	}
	return false
}

// isEmptyArgument reports whether arg holds no encoded value, which no CLI
// sends on purpose: an encoded null is one byte of msgpack.
func isEmptyArgument(arg *tfprotov6.DynamicValue) bool {
	return arg == nil || (len(arg.MsgPack) == 0 && len(arg.JSON) == 0)
}

// parameterAt returns the parameter that argument i of def is passed to: a
// positional parameter, then the variadic one; nil past the end of a
// function without a variadic parameter.
func parameterAt(def *tfprotov6.Function, i int) *tfprotov6.FunctionParameter {
	if i < len(def.Parameters) {
		return def.Parameters[i]
	}
	return def.VariadicParameter
}
