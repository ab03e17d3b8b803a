package provider

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vapi-community/terraform-provider-vapi/internal/ciskip"
	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

// secretValue returns a value that cannot occur by chance in a log, a plan or
// a state: a marker and 16 random bytes.
func secretValue(t *testing.T, purpose string) string {
	t.Helper()
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "secret-" + purpose + "-" + hex.EncodeToString(b)
}

// Secrets never reach Terraform's output or its TRACE log, and a write-only
// secret never reaches the state. It runs the real provider binary through
// dev_overrides with TF_LOG=TRACE, so the log holds everything terraform and
// the provider (framework, protocol and this provider's request and response
// logging) write.
func TestSecrets_notInLogsPlanOrState(t *testing.T) {
	if testing.Short() {
		ciskip.Skip(t, "short", "-short: builds the provider and runs terraform")
	}
	t.Parallel()
	skipBelowTerraform(t, "1.11.0") // the write-only token

	apiKey := secretValue(t, "api-key")
	// The realistic emulator answers with secrets nobody named: the org's
	// jwtSecret and an OAuth 2 credential's authenticationSession tokens.
	emu := emulator.New(emulator.Options{APIKey: apiKey, Realistic: true})
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)

	secrets := map[string]string{
		"api_key":                      apiKey,
		"bearer.0.token":               secretValue(t, "bearer-token"),
		"bearer.0.token_wo":            secretValue(t, "bearer-token-wo"),
		"hmac.0.secret_key":            secretValue(t, "hmac-secret"),
		"oauth2.0.client_secret":       secretValue(t, "oauth2-client-secret"),
		"twilio.0.auth_token":          secretValue(t, "twilio-auth-token"),
		"function tool headers":        secretValue(t, "tool-header"),
		"assistant headers":            secretValue(t, "assistant-header"),
		"phone number headers":         secretValue(t, "phone-header"),
		"vapi.authentication.password": secretValue(t, "sip-password")[:40],
		"org headers":                  secretValue(t, "org-header"),
		"org headers (second)":         secretValue(t, "credential-header"),
	}
	writeOnly := secrets["bearer.0.token_wo"]

	ws := newCLIWorkspace(t, fmt.Sprintf(`
provider "vapi" {
  api_key  = %q
  base_url = %q
}

resource "vapi_custom_credential" "bearer" {
  name   = "bearer"
  bearer {
    token = %q
  }
}

resource "vapi_custom_credential" "bearer_wo" {
  name = "bearer-wo"
  bearer {
    token_wo         = %q
    token_wo_version = 1
  }
}

resource "vapi_custom_credential" "hmac" {
  name = "hmac"
  hmac {
    secret_key = %q
    algorithm  = "sha256"
  }
}

resource "vapi_custom_credential" "oauth2" {
  name = "oauth2"
  oauth2 {
    url           = "https://auth.example.com/token"
    client_id     = "vapi"
    client_secret = %q
  }
}

resource "vapi_phone_number" "twilio" {
  twilio {
    number      = "+14155550123"
    account_sid = "AC0123456789abcdef0123456789abcdef"
    auth_token  = %q
  }
  server {
    url                       = "https://hooks.example.com/phone"
    secret_headers_wo         = { "X-Phone-Secret" = %q }
    secret_headers_wo_version = 1
  }
}

resource "vapi_function_tool" "weather" {
  name = "get_weather"
  server {
    url           = "https://hooks.example.com/tool"
    credential_id     = vapi_custom_credential.bearer.id
    secret_headers_wo = { "X-Tool-Secret" = %q }
    headers           = { "X-Env" = "test" }
  }
}

resource "vapi_assistant" "support" {
  name = "Support"
  server {
    url               = "https://hooks.example.com/assistant"
    secret_headers_wo = { "Authorization" = %q }
  }
}

resource "vapi_phone_number" "sip" {
  vapi {
    sip_uri = "sip:secrets-test@sip.vapi.ai"
    authentication {
      username = "secrets-test-username"
      password = %q
    }
  }
}

resource "vapi_org" "this" {
  server {
    url = "https://hooks.example.com/org"
    # X-Other has no secret's name: it stays out of headers because it was
    # sent as a secret.
    secret_headers_wo = { "X-Org-Secret" = %q, "X-Other" = %q }
  }
}
`, apiKey, srv.URL,
		secrets["bearer.0.token"], writeOnly, secrets["hmac.0.secret_key"], secrets["oauth2.0.client_secret"],
		secrets["twilio.0.auth_token"], secrets["phone number headers"], secrets["function tool headers"],
		secrets["assistant headers"], secrets["vapi.authentication.password"], secrets["org headers"],
		secrets["org headers (second)"]))

	logDir := t.TempDir()
	logPath := filepath.Join(logDir, "terraform.log")
	trace := []string{"TF_LOG=TRACE", "TF_LOG_PATH=" + logPath}

	planOut, planErr, err := ws.run(t, terraformPlan, trace)
	if err != nil {
		t.Fatalf("terraform plan: %v\n%s\n%s", err, planOut, planErr)
	}
	applyOut, applyErr, err := ws.run(t, terraformApply, trace)
	if err != nil {
		t.Fatalf("terraform apply: %v\n%s\n%s", err, applyOut, applyErr)
	}
	// A second plan refreshes everything: every response body is logged.
	replanOut, replanErr, err := ws.run(t, terraformPlan, trace)
	if err != nil {
		t.Fatalf("terraform plan after apply: %v\n%s\n%s", err, replanOut, replanErr)
	}
	if !strings.Contains(replanOut, "No changes.") {
		t.Errorf("the plan after apply is not empty:\n%s", replanOut)
	}

	logBytes, err := fs.ReadFile(os.DirFS(logDir), "terraform.log")
	if err != nil {
		t.Fatal(err)
	}
	log := string(logBytes)
	t.Logf("checked a TRACE log of %d lines, three plan/apply outputs and the state for %d secrets",
		strings.Count(log, "\n"), len(secrets))
	// The log must hold the provider's request and response logging, or the
	// test would pass on a log that holds nothing to leak from.
	for _, want := range []string{
		"Vapi API request details", "Vapi API response body",
		"path=/credential", "path=/tool", "path=/phone-number", "path=/assistant", "path=/org/",
		`X-Tool-Secret`, "***",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("the TRACE log does not contain %q; it cannot show that secrets stay out of it", want)
		}
	}

	stateBytes, err := os.ReadFile(filepath.Join(ws.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	state := string(stateBytes)

	// The response-only secrets the API made up, read from its store.
	org, _ := emu.Object(emulator.KindOrg, emu.OrgID())
	jwt, _ := org["jwtSecret"].(string)
	secrets["the org's jwtSecret (response-only)"] = jwt
	var sessions int
	for _, cred := range emu.Objects(emulator.KindCredential) {
		session, _ := cred["authenticationSession"].(map[string]any)
		for _, k := range []string{"accessToken", "refreshToken"} {
			if v, ok := session[k].(string); ok && v != "" {
				secrets["authenticationSession."+k+" (response-only)"] = v
				sessions++
			}
		}
	}
	if jwt == "" || sessions < 2 {
		t.Fatalf("the emulator holds no response-only secrets (jwtSecret %q, %d session tokens): the test would prove nothing", jwt, sessions)
	}

	outputs := map[string]string{
		"the TRACE log":               log,
		"the plan output":             planOut + planErr,
		"the apply output":            applyOut + applyErr,
		"the plan output after apply": replanOut + replanErr,
	}
	for name, secret := range secrets {
		for where, text := range outputs {
			if strings.Contains(text, secret) {
				t.Errorf("the secret %s appears in %s", name, where)
			}
		}
	}
	for name, secret := range secrets {
		if strings.Contains(name, "response-only") && strings.Contains(state, secret) {
			t.Errorf("the %s appears in terraform.tfstate", name)
		}
	}
	for _, name := range []string{"bearer.0.token_wo", "function tool headers", "assistant headers",
		"phone number headers", "org headers", "org headers (second)"} {
		if strings.Contains(state, secrets[name]) {
			t.Errorf("the write-only %s appears in terraform.tfstate", name)
		}
	}
	for _, name := range []string{"X-Tool-Secret", "X-Other", "Authorization"} {
		if !strings.Contains(state, name) {
			t.Errorf("terraform.tfstate does not name the secret header %s in secret_header_names", name)
		}
	}
	// Sensitive (not write-only) secrets are kept in the state by design;
	// finding one shows the state was read.
	if !strings.Contains(state, secrets["bearer.0.token"]) {
		t.Error("terraform.tfstate does not hold the sensitive bearer.token; was the state read?")
	}

	// The API did receive every secret: the test is not passing because
	// nothing was sent.
	received := fmt.Sprint(emu.Objects(emulator.KindCredential), emu.Objects(emulator.KindPhoneNumber),
		emu.Objects(emulator.KindTool), emu.Objects(emulator.KindAssistant), emu.Objects(emulator.KindOrg))
	for name, secret := range secrets {
		if name != "api_key" && !strings.Contains(name, "response-only") && !strings.Contains(received, secret) {
			t.Errorf("the API never received %s", name)
		}
	}
}
