// Command terraform-provider-vapi is the Terraform provider for Vapi.
package main

import (
	"flag"
	"log"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/vapi-community/terraform-provider-vapi/internal/provider"
)

// version is set by the release build through -ldflags "-X main.version=...".
var version = "dev"

// sdkLogSettings are the log levels of the plugin SDK and of this provider.
var sdkLogSettings = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_VAPI"}

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	if err := quietLogsUnlessAsked(); err != nil {
		log.Fatal(err.Error())
	}
	// The protocol server the tests run, rather than providerserver.Serve's
	// own: it carries the repair of OpenTofu's null function arguments.
	server, err := provider.NewProtocol6Server(provider.New(version)())()
	if err != nil {
		log.Fatal(err.Error())
	}
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	err = tf6server.Serve("registry.terraform.io/vapi-community/vapi", func() tfprotov6.ProviderServer { return server }, opts...)
	if err != nil {
		log.Fatal(err.Error())
	}
}

// quietLogsUnlessAsked switches the provider's logging off when no TF_LOG*
// variable is set. Terraform then throws every provider log line away, but
// only after the provider has written it and Terraform has parsed it: at the
// SDK's default level that is several lines per request and, in make bench,
// about a third of the provider's CPU time. Anyone who sets TF_LOG (or any
// TF_LOG_* level) gets every line as before.
func quietLogsUnlessAsked() error {
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TF_LOG") {
			return nil
		}
	}
	for _, name := range sdkLogSettings {
		if err := os.Setenv(name, "off"); err != nil {
			return err
		}
	}
	return nil
}
