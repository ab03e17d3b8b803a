// Package provider implements the Terraform provider for Vapi on
// terraform-plugin-framework.
package provider

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
)

const (
	envKey         = "VAPI_API_KEY"
	envKeyFallback = "VAPI_TOKEN"
	envBaseURL     = "VAPI_BASE_URL"
)

var (
	_ provider.Provider                  = (*vapiProvider)(nil)
	_ provider.ProviderWithFunctions     = (*vapiProvider)(nil)
	_ provider.ProviderWithListResources = (*vapiProvider)(nil)
)

// New returns a constructor of the provider, as providerserver expects.
func New(version string) func() provider.Provider {
	return newProvider(version, nil)
}

// newProvider lets tests adjust the API client's options (its clock, its
// sleeps, its transport) after the provider configuration has been applied.
func newProvider(version string, adjust func(*vapi.Options)) func() provider.Provider {
	return func() provider.Provider {
		return &vapiProvider{version: version, adjustClient: adjust}
	}
}

type vapiProvider struct {
	version      string
	adjustClient func(*vapi.Options)
	// batchWindow is how long the first reads of a kind wait for others
	// (defaultBatchWindow when zero); tests that count requests lengthen it.
	batchWindow time.Duration
}

type providerModel struct {
	APIKey            types.String  `tfsdk:"api_key"`
	BaseURL           types.String  `tfsdk:"base_url"`
	MaxRetries        types.Int64   `tfsdk:"max_retries"`
	RequestsPerSecond types.Float64 `tfsdk:"requests_per_second"`
}

// providerData is what Configure hands to every resource, data source and
// function.
type providerData struct {
	client *vapi.Client
	orgs   *orgFinder
	// batches batch the reads of each kind, by collection path.
	batches map[string]*readBatcher
}

// dropListing forgets what was listed of a kind, after a write of it.
func (d *providerData) dropListing(collection string) {
	if b := d.batches[collection]; b != nil {
		b.dropListing()
	}
}

func (p *vapiProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "vapi"
	resp.Version = p.version
}

func (p *vapiProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The Vapi provider manages the webhook (server URL) configuration of a " +
			"[Vapi](https://vapi.ai) organization: the org, phone numbers, assistants, function tools and " +
			"the custom credentials that authenticate Vapi to your servers.",
		Attributes: map[string]schema.Attribute{
			"api_key": schema.StringAttribute{
				MarkdownDescription: "A Vapi **private** API key. Defaults to the `" + envKey + "` environment " +
					"variable (`" + envKeyFallback + "` is also read). Sensitive: it is never logged. " +
					"`terraform validate` works without it; the first API call fails with a clear error if it is missing.",
				Optional:  true,
				Sensitive: true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "The Vapi API endpoint. Defaults to the `" + envBaseURL + "` environment variable, " +
					"then `" + vapi.DefaultBaseURL + "`. Organizations in the EU region use `https://api.eu.vapi.ai`. " +
					"Must use `https://`, except for loopback hosts (`127.0.0.1`, `::1`, `localhost`), which is how " +
					"the bundled emulator is reached.",
				Optional:   true,
				Validators: []validator.String{baseURLValidator{}},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: "How many times a failed request is retried (default `4`). Rate-limited requests " +
					"(HTTP 429) are retried for every method, honouring `Retry-After`; server errors and connection " +
					"failures are retried only for reads, updates and deletes, so a create is never sent twice.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, 20)},
			},
			"requests_per_second": schema.Float64Attribute{
				MarkdownDescription: "A client-side limit on the request rate of this provider instance, so that a " +
					"large apply does not set off a storm of HTTP 429 answers. Off by default.",
				Optional:   true,
				Validators: []validator.Float64{float64validator.AtLeast(0.1)},
			},
		},
	}
}

func (p *vapiProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	unknown := map[string]bool{
		"api_key":             cfg.APIKey.IsUnknown(),
		"base_url":            cfg.BaseURL.IsUnknown(),
		"max_retries":         cfg.MaxRetries.IsUnknown(),
		"requests_per_second": cfg.RequestsPerSecond.IsUnknown(),
	}
	for name, isUnknown := range unknown {
		if isUnknown {
			resp.Diagnostics.AddAttributeError(path.Root(name), "Unknown Vapi Provider Setting",
				"The provider cannot be configured because `"+name+"` depends on a value that is not known until apply. "+
					"Set it to a literal or a variable, or target the resources it depends on first.")
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}

	opts := vapi.Options{
		APIKey:     firstNonEmpty(cfg.APIKey.ValueString(), os.Getenv(envKey), os.Getenv(envKeyFallback)),
		BaseURL:    firstNonEmpty(cfg.BaseURL.ValueString(), os.Getenv(envBaseURL), vapi.DefaultBaseURL),
		UserAgent:  "terraform-provider-vapi/" + p.version + " (+https://registry.terraform.io/providers/vapi-community/vapi)",
		MaxRetries: vapi.DefaultMaxRetries,
	}
	if !cfg.MaxRetries.IsNull() {
		opts.MaxRetries = int(cfg.MaxRetries.ValueInt64())
	}
	if !cfg.RequestsPerSecond.IsNull() {
		opts.RequestsPerSecond = cfg.RequestsPerSecond.ValueFloat64()
	}
	if p.adjustClient != nil {
		p.adjustClient(&opts)
	}

	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, "api_key", "Authorization")
	if opts.APIKey != "" {
		ctx = tflog.MaskAllFieldValuesStrings(ctx, opts.APIKey)
	}
	client, err := vapi.NewClient(opts)
	if err != nil {
		attr := path.Root("base_url")
		if !cfg.BaseURL.IsNull() {
			resp.Diagnostics.AddAttributeError(attr, "Invalid Vapi Base URL", err.Error())
		} else {
			resp.Diagnostics.AddError("Invalid Vapi Base URL", "The "+envBaseURL+" environment variable: "+err.Error())
		}
		return
	}
	tflog.Debug(ctx, "configured the Vapi API client", map[string]any{
		"base_url":    opts.BaseURL,
		"max_retries": opts.MaxRetries,
		"has_api_key": opts.APIKey != "",
	})

	window := p.batchWindow
	if window == 0 {
		window = defaultBatchWindow
	}
	data := &providerData{client: client, orgs: newOrgFinder(client), batches: map[string]*readBatcher{}}
	for _, k := range []apiKind{functionToolAPI, assistantAPI, phoneNumberAPI, customCredentialAPI} {
		data.batches[k.collection] = newReadBatcher(client, k.collection, k.spec, window)
	}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ListResourceData = data
}

func (p *vapiProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewAssistantResource,
		NewCustomCredentialResource,
		NewFunctionToolResource,
		NewOrgResource,
		NewPhoneNumberResource,
	}
}

func (p *vapiProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewAssistantListResource,
		NewCustomCredentialListResource,
		NewFunctionToolListResource,
		NewPhoneNumberListResource,
	}
}

func (p *vapiProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewEffectiveServerURLDataSource,
		NewServerURLsDataSource,
	}
}

func (p *vapiProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{
		NewEffectiveServerFunction,
		NewEffectiveServerURLFunction,
	}
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// providerDataFrom unpacks what the provider's Configure handed over. It is nil
// before the provider is configured (during validation), which the framework
// allows.
func providerDataFrom(raw any, diags *diag.Diagnostics) *providerData {
	if raw == nil {
		return nil
	}
	data, ok := raw.(*providerData)
	if !ok {
		diags.AddError("Unexpected Provider Data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", raw))
		return nil
	}
	return data
}
