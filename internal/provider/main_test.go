package provider

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// TestMain points terraform-plugin-testing at the terraform binary on PATH.
// Without TF_ACC_TERRAFORM_PATH the library tries to download a CLI, which
// cannot work offline and would exit the whole test binary.
func TestMain(m *testing.M) {
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		path, err := exec.LookPath("terraform")
		if err != nil {
			fmt.Fprintln(os.Stderr, "terraform not found on PATH: run `make test`, which installs one, or set TF_ACC_TERRAFORM_PATH")
			os.Exit(1)
		}
		if err := os.Setenv("TF_ACC_TERRAFORM_PATH", path); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	os.Exit(m.Run())
}
