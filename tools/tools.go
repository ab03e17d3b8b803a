//go:build tools

// Package tools pins the versions of the code generators the GNUmakefile runs
// with `go run -modfile=tools/go.mod`, so that they stay out of the
// provider's own go.mod.
package tools

import (
	// Documentation generation and validation for the Terraform Registry.
	_ "github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs"
)
