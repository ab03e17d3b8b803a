package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// cliRun is a working directory where tests run the terraform CLI
// themselves, with the provider served from the test process (as
// terraform-plugin-testing does, through TF_REATTACH_PROVIDERS), for what
// terraform-plugin-testing cannot show: the warnings and the text of a plan,
// and commands such as `plan -generate-config-out`.
type cliRun struct {
	dir       string
	terraform string
	env       []string
}

// testProviderAddress is where configurations without required_providers find
// the provider.
var testProviderAddress = testProviderHost() + "/hashicorp/vapi"

// newCLIRun serves the provider of env for the test's lifetime and writes
// config (env.config adds the provider block) to main.tf.
func newCLIRun(t *testing.T, env *testEnv, config string) *cliRun {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	reattach := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	server, err := env.factories()["vapi"]()
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		serveErr := tf6server.Serve(testProviderAddress, func() tfprotov6.ProviderServer { return server },
			tf6server.WithDebug(ctx, reattach, closed),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			// Provider logs follow TF_ACC_LOG, as in terraform-plugin-testing:
			// off unless asked for.
			tf6server.WithLoggingSink(t),
			tf6server.WithoutLogStderrOverride())
		if serveErr != nil {
			t.Errorf("serving the provider: %v", serveErr)
		}
	}()
	var cfg *plugin.ReattachConfig
	select {
	case cfg = <-reattach:
	case <-time.After(30 * time.Second):
		t.Fatal("the provider server did not start")
	}
	t.Cleanup(func() {
		cancel()
		<-closed
	})
	info, err := json.Marshal(map[string]any{testProviderAddress: map[string]any{
		"Protocol": string(cfg.Protocol), "ProtocolVersion": cfg.ProtocolVersion, "Pid": cfg.Pid, "Test": true,
		"Addr": map[string]string{"Network": cfg.Addr.Network(), "String": cfg.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.tf"), env.config(config))
	rc := filepath.Join(dir, ".terraformrc")
	writeFile(t, rc, "")
	vars := []string{"TF_REATTACH_PROVIDERS=" + string(info), "TF_CLI_CONFIG_FILE=" + rc, "TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1"}
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_") || strings.HasPrefix(name, "VAPI_") {
			continue
		}
		vars = append(vars, kv)
	}
	terraform, _ := os.LookupEnv("TF_ACC_TERRAFORM_PATH")
	return &cliRun{dir: dir, terraform: terraform, env: vars}
}

// run runs terraform with args and returns what it printed, stdout then
// stderr.
func (c *cliRun) run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := terraformCommand(ctx, c.terraform)
	// The arguments are the test's own; gosec's G204, which flags every
	// exec with arguments it cannot resolve to constants, cannot tell.
	cmd.Args = append(cmd.Args, append(args, "-no-color")...)
	cmd.Dir, cmd.Env = c.dir, c.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

func terraformCommand(ctx context.Context, terraform string) *exec.Cmd {
	return exec.CommandContext(ctx, terraform)
}

// mustRun runs terraform and fails the test when it fails.
func (c *cliRun) mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, err := c.run(t, args...)
	if err != nil {
		t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// write replaces a file of the working directory.
func (c *cliRun) write(t *testing.T, name, content string) {
	t.Helper()
	writeFile(t, filepath.Join(c.dir, name), content)
}

// cliWorkspace is a Terraform working directory that runs the real provider
// binary through dev_overrides, as `make demo` does: no terraform init.
type cliWorkspace struct {
	dir       string
	terraform string
	env       []string
}

// newCLIWorkspace builds the provider into a temporary directory and writes
// config (provider blocks and resources; the required_providers block is
// added) to main.tf.
func newCLIWorkspace(t *testing.T, config string) *cliWorkspace {
	t.Helper()
	root := t.TempDir()
	devProvider(t, root)
	rc := filepath.Join(root, "terraformrc")

	dir := filepath.Join(root, "work")
	if err := os.Mkdir(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "main.tf"), `
terraform {
  required_providers {
    vapi = { source = "vapi-community/vapi" }
  }
}
`+config)

	env := []string{"TF_CLI_CONFIG_FILE=" + rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1"}
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		// The test decides logging, CLI configuration and credentials; a
		// reattach variable from terraform-plugin-testing would bypass the
		// binary under test.
		if strings.HasPrefix(name, "TF_LOG") || strings.HasPrefix(name, "TF_CLI_") ||
			strings.HasPrefix(name, "VAPI_") || name == "TF_REATTACH_PROVIDERS" || name == "TF_DATA_DIR" {
			continue
		}
		env = append(env, kv)
	}
	// The terraform that terraform-plugin-testing runs (TestMain sets it).
	terraform, _ := os.LookupEnv("TF_ACC_TERRAFORM_PATH")
	return &cliWorkspace{dir: dir, terraform: terraform, env: env}
}

// terraformApply and terraformPlan are the terraform commands the CLI
// tests run.
func terraformApply(ctx context.Context, terraform string) *exec.Cmd {
	return exec.CommandContext(ctx, terraform, "apply", "-auto-approve", "-input=false", "-no-color")
}

func terraformVersion(ctx context.Context, terraform string) *exec.Cmd {
	return exec.CommandContext(ctx, terraform, "version", "-json")
}

func terraformPlan(ctx context.Context, terraform string) *exec.Cmd {
	return exec.CommandContext(ctx, terraform, "plan", "-input=false", "-no-color")
}

// prepare sets a terraform command up to run in the workspace. When the
// command's context ends, terraform gets an interrupt (so it stops its
// provider) and, 15 s later, a kill.
func (w *cliWorkspace) prepare(cmd *exec.Cmd, extraEnv []string) *exec.Cmd {
	cmd.Dir = w.dir
	cmd.Env = append(append([]string(nil), w.env...), extraEnv...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 15 * time.Second
	return cmd
}

// run runs a terraform command (terraformApply, terraformPlan) in the
// workspace to the end and returns its stdout and stderr.
func (w *cliWorkspace) run(t *testing.T, command func(context.Context, string) *exec.Cmd, extraEnv []string) (stdout, stderr string, err error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	var o, e bytes.Buffer
	cmd := w.prepare(command(ctx, w.terraform), extraEnv)
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	return o.String(), e.String(), err
}

// devProvider builds this module's provider into dir/bin and writes
// dir/terraformrc, whose dev_overrides point both registry addresses at it,
// with the recipe of make demo (scripts/lib/dev-provider.sh).
func devProvider(t *testing.T, dir string) {
	t.Helper()
	script, err := filepath.Abs(filepath.Join("..", "..", "scripts", "lib", "dev-provider.sh"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := runScript(t.Context(), script)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
}

func runScript(ctx context.Context, script string) *exec.Cmd {
	return exec.CommandContext(ctx, script)
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
