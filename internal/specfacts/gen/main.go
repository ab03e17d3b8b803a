// Command gen writes internal/specfacts/facts.json from the Vapi OpenAPI
// spec (make specfacts):
//
//	go run ./internal/specfacts/gen -spec ../shared/vapi/openapi.json -out internal/specfacts/facts.json
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/vapi-community/terraform-provider-vapi/internal/specfacts/extract"
)

func main() {
	spec := flag.String("spec", "../shared/vapi/openapi.json", "the OpenAPI `file` to read")
	out := flag.String("out", "internal/specfacts/facts.json", "the facts `file` to write")
	flag.Parse()
	if err := run(*spec, *out); err != nil {
		fmt.Fprintln(os.Stderr, "specfacts gen:", err)
		os.Exit(1)
	}
}

func run(spec, out string) error {
	b, err := os.ReadFile(filepath.Clean(spec))
	if err != nil {
		return err
	}
	facts, err := extract.Generate(b)
	if err != nil {
		return fmt.Errorf("%s: %w", spec, err)
	}
	// An os.Root confines the write to the directory named by -out.
	dir, err := os.OpenRoot(filepath.Dir(out))
	if err != nil {
		return err
	}
	if err := dir.WriteFile(filepath.Base(out), facts, 0o600); err != nil {
		_ = dir.Close()
		return err
	}
	return dir.Close()
}
