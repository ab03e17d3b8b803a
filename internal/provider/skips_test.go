package provider

import (
	"context"
	"fmt"

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
