package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vapi-community/terraform-provider-vapi/internal/routing"
)

// functionMatrixLevels are the function's URL arguments in order.
var functionMatrixLevels = []string{"function_tool", "assistant", "phone_number", "org"}

// functionMatrixClasses names one event per routing class and the levels
// that class can reach, written out here so that the expectations do not come
// from the code under test.
var functionMatrixClasses = []struct {
	prefix, event string
	reaches       []string
}{
	{"tool_calls", "tool-calls", []string{"function_tool", "assistant", "phone_number", "org"}},
	{"assistant_request", "assistant-request", []string{"phone_number", "org"}},
	{"status_update", "status-update", []string{"assistant", "phone_number", "org"}},
}

// TestEffectiveServerURLFunction_matrix runs all 16 combinations of the four
// URLs being set or null, for one event of each class, as outputs of one
// configuration, and checks each output's url and source.
func TestEffectiveServerURLFunction_matrix(t *testing.T) {
	t.Parallel()

	var config strings.Builder
	checks := make([]statecheck.StateCheck, 0, 16*len(functionMatrixClasses))
	for _, class := range functionMatrixClasses {
		for mask := range 16 {
			name := fmt.Sprintf("%s_%04b", class.prefix, mask)
			args := make([]string, len(functionMatrixLevels))
			set := map[string]bool{}
			for i, level := range functionMatrixLevels {
				args[i] = "null"
				if mask&(8>>i) != 0 {
					args[i] = fmt.Sprintf("%q", "https://"+level+".example.com/hook")
					set[level] = true
				}
			}
			fmt.Fprintf(&config, "output %q {\n  value = provider::vapi::effective_server_url(%q, %s)\n}\n",
				name, class.event, strings.Join(args, ", "))

			want := map[string]knownvalue.Check{"url": knownvalue.Null(), "source": knownvalue.StringExact("none")}
			for _, level := range class.reaches {
				if set[level] {
					want = map[string]knownvalue.Check{
						"url":    knownvalue.StringExact("https://" + level + ".example.com/hook"),
						"source": knownvalue.StringExact(level),
					}
					break
				}
			}
			checks = append(checks, statecheck.ExpectKnownOutputValue(name, knownvalue.ObjectExact(want)))
		}
	}

	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: functionTestFactories(),
		Steps: []resource.TestStep{{
			Config:            config.String(),
			ConfigStateChecks: checks,
		}},
	})
}

// TestEffectiveServerURLFunction_values covers what the matrix does not:
// empty strings count as no URL, levels the event cannot reach are ignored,
// the result is known at plan time when the arguments are, and unknown
// arguments give an unknown result until apply.
func TestEffectiveServerURLFunction_values(t *testing.T) {
	t.Parallel()

	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: functionTestFactories(),
		Steps: []resource.TestStep{{
			Config: `
resource "terraform_data" "org_url" {
  input = "https://org.example.com/late"
}

output "empty_strings" {
  value = provider::vapi::effective_server_url("tool-calls", "", "", "https://pn.example.com", null)
}

output "all_empty" {
  value = provider::vapi::effective_server_url("end-of-call-report", "", "", "", "")
}

output "tool_ignored_for_other_events" {
  value = provider::vapi::effective_server_url("end-of-call-report", "https://tool.example.com", null, null, "https://org.example.com")
}

output "legacy_function_call" {
  value = provider::vapi::effective_server_url("function-call", "https://tool.example.com", "https://assistant.example.com", null, null)
}

output "final_transcripts" {
  value = provider::vapi::effective_server_url("transcript[transcriptType=\"final\"]", null, "https://assistant.example.com", null, null)
}

output "unknown_until_apply" {
  value = provider::vapi::effective_server_url("status-update", null, null, null, terraform_data.org_url.output)
}

output "url_only" {
  value = provider::vapi::effective_server_url("hang", null, null, "https://pn.example.com", null).url
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownOutputValue("empty_strings", knownvalue.ObjectExact(map[string]knownvalue.Check{
						"url":    knownvalue.StringExact("https://pn.example.com"),
						"source": knownvalue.StringExact("phone_number"),
					})),
					plancheck.ExpectUnknownOutputValue("unknown_until_apply"),
				},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("empty_strings", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"url":    knownvalue.StringExact("https://pn.example.com"),
					"source": knownvalue.StringExact("phone_number"),
				})),
				statecheck.ExpectKnownOutputValue("all_empty", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"url":    knownvalue.Null(),
					"source": knownvalue.StringExact("none"),
				})),
				statecheck.ExpectKnownOutputValue("tool_ignored_for_other_events", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"url":    knownvalue.StringExact("https://org.example.com"),
					"source": knownvalue.StringExact("org"),
				})),
				statecheck.ExpectKnownOutputValue("legacy_function_call", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"url":    knownvalue.StringExact("https://tool.example.com"),
					"source": knownvalue.StringExact("function_tool"),
				})),
				statecheck.ExpectKnownOutputValue("final_transcripts", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"url":    knownvalue.StringExact("https://assistant.example.com"),
					"source": knownvalue.StringExact("assistant"),
				})),
				statecheck.ExpectKnownOutputValue("unknown_until_apply", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"url":    knownvalue.StringExact("https://org.example.com/late"),
					"source": knownvalue.StringExact("org"),
				})),
				statecheck.ExpectKnownOutputValue("url_only", knownvalue.StringExact("https://pn.example.com")),
			},
		}},
	})
}

// TestEffectiveServerURLFunction_errors checks that bad arguments fail the
// plan with an error naming the problem: an unknown event lists the valid
// ones, and the event cannot be null.
func TestEffectiveServerURLFunction_errors(t *testing.T) {
	t.Parallel()

	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: functionTestFactories(),
		Steps: []resource.TestStep{
			{
				Config: `
output "typo" {
  value = provider::vapi::effective_server_url("tool_calls", null, null, null, "https://org.example.com")
}
`,
				PlanOnly: true,
				// Terraform wraps long messages, so match across whitespace.
				ExpectError: regexp.MustCompile(`Invalid value for "event" parameter: unknown event "tool_calls";\s+the\s+valid\s+events\s+are\s+assistant\.started,(.|\s)*assistant-request`),
			},
			{
				Config: `
output "knowledge_base" {
  value = provider::vapi::effective_server_url("knowledge-base-request", null, null, null, null)
}
`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`unknown event "knowledge-base-request"`),
			},
			{
				Config: `
output "null_event" {
  value = provider::vapi::effective_server_url(null, null, null, null, "https://org.example.com")
}
`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Invalid value for "event" parameter: argument must not be null`),
			},
		},
	})
}

// TestEffectiveServerURLFunction_input checks the mapping that the data
// source's agreement test shares: null, empty and set URLs land on the right
// levels, feeding the mapped input to routing gives what Run returns, and an
// unknown event is blamed on argument 0.
func TestEffectiveServerURLFunction_input(t *testing.T) {
	t.Parallel()

	in := effectiveServerURLInput("tool-calls",
		types.StringNull(), types.StringValue(""), types.StringValue("https://pn"), types.StringValue("https://org"))
	want := map[routing.Level]string{
		routing.LevelFunctionTool: "",
		routing.LevelAssistant:    "",
		routing.LevelPhoneNumber:  "https://pn",
		routing.LevelOrg:          "https://org",
	}
	if in.Event != "tool-calls" || in.ServerMessagesSet || len(in.Levels) != len(want) {
		t.Fatalf("effectiveServerURLInput = %+v", in)
	}
	for level, url := range want {
		if got := in.Levels[level]; got != (routing.Destination{URL: url}) {
			t.Errorf("level %s = %+v, want URL %q only", level, got, url)
		}
	}

	res, err := routing.Resolve(in)
	if err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	got, funcErr := runEffectiveServerURL(t, "tool-calls", types.StringNull(), types.StringValue(""), types.StringValue("https://pn"), types.StringValue("https://org"))
	if funcErr != nil {
		t.Fatalf("Run: %v", funcErr)
	}
	if wantResult := effectiveServerURLResultFrom(res); got != wantResult {
		t.Errorf("Run = %+v, want %+v", got, wantResult)
	}
	if got.URL.ValueString() != "https://pn" || got.Source.ValueString() != "phone_number" {
		t.Errorf("Run = %+v, want the phone number's URL", got)
	}

	none, funcErr := runEffectiveServerURL(t, "hang", types.StringNull(), types.StringNull(), types.StringNull(), types.StringNull())
	if funcErr != nil || !none.URL.IsNull() || none.Source.ValueString() != "none" {
		t.Errorf("Run with no URLs = %+v, %v; want a null url and source none", none, funcErr)
	}

	_, funcErr = runEffectiveServerURL(t, "nope", types.StringNull(), types.StringNull(), types.StringNull(), types.StringNull())
	if funcErr == nil || funcErr.FunctionArgument == nil || *funcErr.FunctionArgument != 0 {
		t.Errorf("Run with an unknown event: error %v, want an error on argument 0", funcErr)
	}
}

// runEffectiveServerURL calls the function's Run directly, as Terraform
// would, and returns its result or its error.
func runEffectiveServerURL(t *testing.T, event string, urls ...types.String) (effectiveServerURLResult, *function.FuncError) {
	t.Helper()
	ctx := context.Background()
	args := make([]attr.Value, 0, 1+len(urls))
	args = append(args, types.StringValue(event))
	for _, u := range urls {
		args = append(args, u)
	}
	resp := function.RunResponse{Result: function.NewResultData(types.ObjectUnknown(effectiveServerURLResultTypes))}
	NewEffectiveServerURLFunction().Run(ctx, function.RunRequest{Arguments: function.NewArgumentsData(args)}, &resp)
	var out effectiveServerURLResult
	if resp.Error != nil {
		return out, resp.Error
	}
	obj, ok := resp.Result.Value().(types.Object)
	if !ok {
		t.Fatalf("Run returned %T, want an object", resp.Result.Value())
	}
	if diags := obj.As(ctx, &out, basetypes.ObjectAsOptions{}); diags.HasError() {
		t.Fatalf("reading the result: %v", diags)
	}
	return out, nil
}
