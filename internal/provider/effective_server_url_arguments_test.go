package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// functionArgumentCases call provider::vapi::effective_server_url with null
// and unknown arguments in the positions where the two CLIs differ: OpenTofu
// leaves a null argument out of the request (NewProtocol6Server puts it
// back), and answers a call with an unknown argument itself, as unknown,
// without calling the provider. The unknown values come from terraform_data,
// which both CLIs have built in and which is known only after apply.
var functionArgumentCases = []struct {
	name, event string
	urls        [4]string
	// url and source are the result after apply; knownAtPlan says whether
	// the plan knows it already. An unknown argument is always one that
	// decides the result, so the url is unknown at plan however much of
	// the result the function could work out from the other arguments.
	url, source string
	knownAtPlan bool
}{
	{"all_null", `"tool-calls"`, [4]string{"null", "null", "null", "null"}, "", "none", true},
	{"null_before_url", `"status-update"`, [4]string{"null", "null", "null", `"https://org.example.com"`}, "https://org.example.com", "org", true},
	{"url_before_nulls", `"tool-calls"`, [4]string{`"https://tool.example.com"`, "null", "null", "null"}, "https://tool.example.com", "function_tool", true},
	{"nulls_around_url", `"assistant-request"`, [4]string{"null", "null", `"https://pn.example.com"`, "null"}, "https://pn.example.com", "phone_number", true},
	{"unknown_url", `"status-update"`, [4]string{"null", "terraform_data.late.output", "null", "null"}, "https://late.example.com", "assistant", false},
	{"unknown_after_nulls", `"tool-calls"`, [4]string{"null", "null", "null", "terraform_data.late.output"}, "https://late.example.com", "org", false},
	{"unknown_before_nulls", `"end-of-call-report"`, [4]string{"null", "terraform_data.late.output", "null", "null"}, "https://late.example.com", "assistant", false},
	{"unknown_event", "terraform_data.event.output", [4]string{`"https://tool.example.com"`, "null", "null", `"https://org.example.com"`}, "https://tool.example.com", "function_tool", false},
}

// TestEffectiveServerURLFunction_nullAndUnknownArguments runs the cases
// above as outputs of one configuration, under whichever CLI runs the tests,
// and checks what the plan knows and what the apply gives.
func TestEffectiveServerURLFunction_nullAndUnknownArguments(t *testing.T) {
	t.Parallel()

	var config strings.Builder
	config.WriteString(`
resource "terraform_data" "late" {
  input = "https://late.example.com"
}

resource "terraform_data" "event" {
  input = "tool-calls"
}
`)
	var planChecks []plancheck.PlanCheck
	var stateChecks []statecheck.StateCheck
	for _, c := range functionArgumentCases {
		fmt.Fprintf(&config, "\noutput %q {\n  value = provider::vapi::effective_server_url(%s, %s)\n}\n",
			c.name, c.event, strings.Join(c.urls[:], ", "))

		var url knownvalue.Check = knownvalue.Null()
		if c.url != "" {
			url = knownvalue.StringExact(c.url)
		}
		want := knownvalue.ObjectExact(map[string]knownvalue.Check{"url": url, "source": knownvalue.StringExact(c.source)})
		if c.knownAtPlan {
			planChecks = append(planChecks, plancheck.ExpectKnownOutputValue(c.name, want))
		} else {
			planChecks = append(planChecks, unknownOutputURL(c.name))
		}
		stateChecks = append(stateChecks, statecheck.ExpectKnownOutputValue(c.name, want))
	}

	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: functionTestFactories(),
		Steps: []resource.TestStep{{
			Config:            config.String(),
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: planChecks},
			ConfigStateChecks: stateChecks,
		}},
	})
}

// unknownOutputURL is a plan check that the named output, which holds the
// function's result, has an unknown url: either the whole object is unknown
// (a function whose parameters do not take unknown values) or its url is.
// plancheck.ExpectUnknownOutputValueAtPath cannot look inside an output that
// is wholly unknown.
type unknownOutputURL string

func (o unknownOutputURL) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	change, ok := req.Plan.OutputChanges[string(o)]
	if !ok {
		resp.Error = fmt.Errorf("output %s is not in the plan", string(o))
		return
	}
	if whole, ok := change.AfterUnknown.(bool); ok && whole {
		return
	}
	if part, err := tfjsonpath.Traverse(change.AfterUnknown, tfjsonpath.New("url")); err == nil && part == true {
		return
	}
	resp.Error = fmt.Errorf("output %s: expected an unknown url at plan time, the plan has %v", string(o), change.After)
}
