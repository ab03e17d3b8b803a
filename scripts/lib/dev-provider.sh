#!/usr/bin/env bash
# The provider as a user runs it, with no terraform init and no registry: the
# binary built from this checkout into DIR/bin, and DIR/terraformrc, a CLI
# configuration whose dev_overrides point both registry addresses of the
# provider (Terraform's registry.terraform.io and OpenTofu's
# registry.opentofu.org) at it. The one recipe of make demo, make bench,
# validate-examples and the tests that run the built binary.
#
# Sourced: `dev_provider DIR [go build flags...]` also exports
# TF_CLI_CONFIG_FILE. Run: `scripts/lib/dev-provider.sh [go build flags...]`
# sets up the working directory.

dev_provider() {
	local dir root
	dir=$(mkdir -p "$1/bin" && cd "$1" && pwd)
	shift
	root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	(cd "$root" && go build "$@" -o "$dir/bin/terraform-provider-vapi" .)
	cat >"$dir/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/vapi-community/vapi" = "$dir/bin"
    "registry.opentofu.org/vapi-community/vapi" = "$dir/bin"
  }
  direct {}
}
RC
	export TF_CLI_CONFIG_FILE=$dir/terraformrc
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	set -euo pipefail
	dev_provider . "$@"
fi
