package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vapi-community/terraform-provider-vapi/internal/ciskip"
)

// needsTerraform names the skip of a test that needs Terraform minimum or
// later, as .ci/skips lists it: needs-terraform-1.11.
func needsTerraform(minimum *version.Version) string {
	s := minimum.Segments()
	return fmt.Sprintf("needs-terraform-%d.%d", s[0], s[1])
}

// skipBelow is tfversion.SkipBelow under the project's rule for skips: under
// CI=true a skip must be named in .ci/skips (ciskip), else the test fails.
func skipBelow(minimum *version.Version) tfversion.TerraformVersionCheck {
	return ciVersionCheck{TerraformVersionCheck: tfversion.SkipBelow(minimum), name: needsTerraform(minimum)}
}

type ciVersionCheck struct {
	tfversion.TerraformVersionCheck
	name string
}

func (c ciVersionCheck) CheckTerraformVersion(ctx context.Context, req tfversion.CheckTerraformVersionRequest,
	resp *tfversion.CheckTerraformVersionResponse) {
	c.TerraformVersionCheck.CheckTerraformVersion(ctx, req, resp)
	if resp.Skip == "" {
		return
	}
	msg, err := ciskip.Allow("", c.name, resp.Skip)
	if err != nil {
		resp.Skip, resp.Error = "", err
		return
	}
	resp.Skip = msg
}

// skipBelowTerraform skips a test that runs the terraform CLI itself (outside
// resource.UnitTest, whose tfversion checks do not apply) when that CLI is
// older than minimum, as `make test` can install v1.5.7 on a bare machine.
func skipBelowTerraform(t *testing.T, minimum string) {
	t.Helper()
	terraform, _ := os.LookupEnv("TF_ACC_TERRAFORM_PATH")
	out, err := terraformVersion(context.Background(), terraform).Output()
	if err != nil {
		t.Fatalf("terraform version: %v", err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("terraform version -json: %v", err)
	}
	have, err := version.NewVersion(v.Version)
	if err != nil {
		t.Fatalf("terraform version %q: %v", v.Version, err)
	}
	if need := version.Must(version.NewVersion(minimum)); have.LessThan(need) {
		ciskip.Skip(t, needsTerraform(need), fmt.Sprintf("needs Terraform %s or later, found %s", minimum, have))
	}
}
