package provider

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/vapi-community/terraform-provider-vapi/internal/ciskip"
)

// testCLI is the CLI that runs this package's Terraform-level tests.
// terraform-plugin-testing's tfversion checks see only a version number, and
// OpenTofu's numbers overlap Terraform's (OpenTofu 1.12 passes
// SkipBelow(1.12) while lacking Terraform 1.12 features), so a test that
// needs a feature of one CLI asks which one it is.
type testCLI string

const (
	cliTerraform testCLI = "Terraform"
	cliOpenTofu  testCLI = "OpenTofu"
)

// openTofuProviderHost is the registry host of the OpenTofu lane. OpenTofu
// resolves `vapi` to registry.opentofu.org/..., so terraform-plugin-testing
// must register the in-process provider under that host
// (TF_ACC_PROVIDER_HOST); under any other host OpenTofu looks for the
// provider in a registry, which fails offline.
const openTofuProviderHost = "registry.opentofu.org"

// testProviderHost is the registry host under which the CLI looks for the
// provider of a configuration without required_providers:
// TF_ACC_PROVIDER_HOST, as terraform-plugin-testing reads it, else
// Terraform's registry.
func testProviderHost() string {
	if host := os.Getenv("TF_ACC_PROVIDER_HOST"); host != "" {
		return host
	}
	return "registry.terraform.io"
}

// detectCLI tells the CLI from its `version` output (the line "Terraform
// v1.11.4" or "OpenTofu v1.12.6", which may follow warnings), and checks that
// the provider host terraform-plugin-testing uses is the one that CLI
// resolves: a mismatch fails every test with an obscure installation error.
func detectCLI(versionOutput, providerHost string) (testCLI, error) {
	var cli testCLI
	scanner := bufio.NewScanner(strings.NewReader(versionOutput))
	for scanner.Scan() && cli == "" {
		for _, c := range []testCLI{cliTerraform, cliOpenTofu} {
			if strings.HasPrefix(scanner.Text(), string(c)+" v") {
				cli = c
			}
		}
	}
	switch {
	case cli == "":
		return "", fmt.Errorf("neither Terraform nor OpenTofu: its version output is %q", versionOutput)
	case cli == cliOpenTofu && providerHost != openTofuProviderHost:
		return cli, fmt.Errorf("the CLI is OpenTofu, so TF_ACC_PROVIDER_HOST must be %s, not %q (make test-opentofu sets it)",
			openTofuProviderHost, providerHost)
	case cli == cliTerraform && providerHost == openTofuProviderHost:
		return cli, fmt.Errorf("the CLI is Terraform, which resolves providers on registry.terraform.io, but TF_ACC_PROVIDER_HOST is %s",
			providerHost)
	}
	return cli, nil
}

// runningCLI runs `version` of the CLI at TF_ACC_TERRAFORM_PATH (TestMain
// sets it) once per test binary.
var runningCLI = sync.OnceValues(func() (testCLI, error) {
	path, _ := os.LookupEnv("TF_ACC_TERRAFORM_PATH")
	out, err := cliVersion(context.Background(), path).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%s version: %w\n%s", path, err, out)
	}
	cli, err := detectCLI(string(out), os.Getenv("TF_ACC_PROVIDER_HOST"))
	if err != nil {
		return "", fmt.Errorf("TF_ACC_TERRAFORM_PATH=%s: %w", path, err)
	}
	return cli, nil
})

func cliVersion(ctx context.Context, path string) *exec.Cmd {
	return exec.CommandContext(ctx, path, "version")
}

// nullServer is how a test writes "no server" for a level of
// effective_server: the literal null under Terraform; under OpenTofu the
// typed null the README tells OpenTofu users to write. OpenTofu 1.12.6 builds
// every provider function parameter with AllowDynamicType false
// (internal/tofu/context_functions.go, providerFunctionParameter), so cty
// answers a call whose argument for a dynamic parameter has no type yet, such
// as a literal null, with an unknown result without calling the provider: the
// plan shows "known after apply" and the apply stores null. Terraform allows
// dynamic types for dynamic parameters. Both forms reach the provider as a
// null argument (OpenTofu's as an empty one, which NewProtocol6Server turns
// into a null).
func nullServer(t *testing.T) string {
	t.Helper()
	cli, err := runningCLI()
	if err != nil {
		t.Fatal(err)
	}
	if cli == cliOpenTofu {
		return "tolist(null)"
	}
	return "null"
}

// skipUnderOpenTofu skips a test of something OpenTofu does not do, saying
// what, when the OpenTofu lane runs the tests.
func skipUnderOpenTofu(t *testing.T, reason string) {
	t.Helper()
	cli, err := runningCLI()
	if err != nil {
		t.Fatal(err)
	}
	if cli == cliOpenTofu {
		ciskip.Skip(t, "terraform-only", "OpenTofu does not do this: "+reason)
	}
}

// TestDetectCLI covers the version outputs of both CLIs, with and without
// the warnings OpenTofu prints before it, against the provider hosts the two
// lanes set.
func TestDetectCLI(t *testing.T) {
	t.Parallel()
	outputs := map[string]testCLI{
		"Terraform v1.11.4\non linux_amd64\n":                                                          cliTerraform,
		"Terraform v1.5.7\non linux_amd64\n\nYour version of Terraform is out of date!":                cliTerraform,
		"OpenTofu v1.12.6-dev\non linux_amd64\n":                                                       cliOpenTofu,
		"╷\n│ Warning: Unable to open CLI configuration file\n╵\n\nOpenTofu v1.12.6\non linux_amd64\n": cliOpenTofu,
		"":                        "",
		"tofu: command not found": "",
		"Terraformer v0.8.30\n":   "",
	}
	hosts := map[string]testCLI{"": cliTerraform, "registry.terraform.io": cliTerraform, openTofuProviderHost: cliOpenTofu}
	for output, wantCLI := range outputs {
		for host, hostCLI := range hosts {
			cli, err := detectCLI(output, host)
			switch {
			case wantCLI == "":
				if err == nil {
					t.Errorf("detectCLI(%q, %q) = %q, want an error: no CLI named", output, host, cli)
				}
			case hostCLI != wantCLI:
				if err == nil || !strings.Contains(err.Error(), "TF_ACC_PROVIDER_HOST") {
					t.Errorf("detectCLI(%q, %q) = %q, %v; want an error about TF_ACC_PROVIDER_HOST", output, host, cli, err)
				}
			default:
				if err != nil || cli != wantCLI {
					t.Errorf("detectCLI(%q, %q) = %q, %v; want %s", output, host, cli, err, wantCLI)
				}
			}
		}
	}
}

// TestRunningCLI checks the CLI this run uses: whichever it is, it must be
// one of the two, set up as detectCLI expects, so that a lane set up wrongly
// fails here with the reason.
func TestRunningCLI(t *testing.T) {
	t.Parallel()
	cli, err := runningCLI()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the Terraform-level tests run under %s", cli)
}

// TestSkipUnderOpenTofu checks that skipUnderOpenTofu skips exactly when
// OpenTofu runs the tests, as each lane sees it.
func TestSkipUnderOpenTofu(t *testing.T) {
	t.Parallel()
	cli, err := runningCLI()
	if err != nil {
		t.Fatal(err)
	}
	var probe *testing.T
	t.Run("probe", func(t *testing.T) {
		probe = t
		skipUnderOpenTofu(t, "the probe of TestSkipUnderOpenTofu")
	})
	if skipped := probe.Skipped(); skipped != (cli == cliOpenTofu) {
		t.Errorf("under %s, skipUnderOpenTofu skipped: %v", cli, skipped)
	}
}

// Every example, template and the README passes a dynamic parameter of a
// provider function something OpenTofu can type: a literal null there gives
// OpenTofu users "known after apply" and then null (see nullServer). The
// functions and their dynamic parameters come from the provider itself.
func TestExamplesPassNoUntypedNullToDynamicParameters(t *testing.T) {
	ctx := context.Background()
	p, ok := New("test")().(provider.ProviderWithFunctions)
	if !ok {
		t.Fatal("the provider has no functions")
	}
	dynamic := map[string][]int{} // function name → positions of its dynamic parameters
	for _, f := range p.Functions(ctx) {
		fn := f()
		var meta function.MetadataResponse
		fn.Metadata(ctx, function.MetadataRequest{}, &meta)
		var def function.DefinitionResponse
		fn.Definition(ctx, function.DefinitionRequest{}, &def)
		for i, param := range def.Definition.Parameters {
			if _, ok := param.(function.DynamicParameter); ok {
				dynamic[meta.Name] = append(dynamic[meta.Name], i)
			}
		}
	}
	if len(dynamic) == 0 {
		t.Fatal("no function has a dynamic parameter: this test checks nothing")
	}

	var files []string
	for _, root := range []string{examplesDir, filepath.Join("..", "..", "templates")} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".tmpl")) {
				files = append(files, path)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	files = append(files, filepath.Join("..", "..", "README.md"))

	calls := 0
	for _, path := range files {
		text := readFile(t, filepath.Dir(path), filepath.Base(path))
		for name, positions := range dynamic {
			for _, args := range functionCallArgs(text, "provider::vapi::"+name+"(") {
				calls++
				for _, i := range positions {
					if i < len(args) && args[i] == "null" {
						t.Errorf("%s: %s's argument %d is a literal null; write [] or tolist(null), which OpenTofu can type", path, name, i+1)
					}
				}
			}
		}
	}
	if calls == 0 {
		t.Fatal("found no call of a function with a dynamic parameter in the examples")
	}
}

// functionCallArgs returns the arguments, trimmed and without comments, of
// every call in text that starts with prefix (the function's name and "(").
func functionCallArgs(text, prefix string) [][]string {
	var calls [][]string
	for rest := text; ; {
		i := strings.Index(rest, prefix)
		if i < 0 {
			return calls
		}
		rest = rest[i+len(prefix):]
		var args []string
		var arg strings.Builder
		depth, comment := 0, false
	scan:
		for _, r := range rest {
			switch {
			case comment:
				if r == '\n' {
					comment = false
				}
				continue
			case r == '#':
				comment = true
				continue
			case r == '(' || r == '[' || r == '{':
				depth++
			case (r == ')' || r == ']' || r == '}') && depth > 0:
				depth--
			case r == ')':
				args = append(args, strings.TrimSpace(arg.String()))
				break scan
			case r == ',' && depth == 0:
				args = append(args, strings.TrimSpace(arg.String()))
				arg.Reset()
				continue
			}
			arg.WriteRune(r)
		}
		calls = append(calls, args)
	}
}
