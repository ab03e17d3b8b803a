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

// providerAddress is where configurations without required_providers find
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
