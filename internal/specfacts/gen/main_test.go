package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/vapi-community/terraform-provider-vapi/internal/ciskip"
)

func TestRun(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "facts.json")
	if err := run(filepath.Join(dir, "missing.json"), out); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing spec: %v", err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"paths":{}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := run(bad, out); err == nil {
		t.Fatal("a spec without the routes produced facts")
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("a failed run wrote the facts file")
	}

	const spec = "../../../../shared/vapi/openapi.json"
	if _, err := os.Stat(spec); err != nil {
		ciskip.Skip(t, "needs-shared", spec+" not found: the rest needs the shared/ folder beside the checkout")
	}
	if err := run(spec, out); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Clean(out))
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("../facts.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, committed) {
		t.Fatal("run wrote something else than the committed facts.json")
	}
}
