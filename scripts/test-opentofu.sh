#!/usr/bin/env bash
# make test-opentofu: the Terraform-level tests (./internal/provider) run by
# OpenTofu instead of Terraform. Extra arguments go to go test
# (e.g. ./scripts/test-opentofu.sh -run TestEffectiveServerURL).
#
# OpenTofu: $TOFU, else the one `make opentofu` builds. terraform-plugin-testing
# needs three settings to drive it:
# - TF_ACC_TERRAFORM_PATH: the CLI to run;
# - TF_ACC_PROVIDER_HOST=registry.opentofu.org: OpenTofu resolves `vapi` on
#   its own registry, so the in-process provider must be registered there;
# - TF_CLI_CONFIG_FILE naming a file that exists: for a missing one OpenTofu
#   prints a warning into `tofu version`, and the library cannot parse the
#   version.
set -euo pipefail
cd "$(dirname "$0")/.."

tofu=${TOFU:-.tools/opentofu/v1.12.6/tofu}
if [[ ! -x $tofu ]]; then
	echo "test-opentofu: no OpenTofu at $tofu: run make opentofu, or set TOFU" >&2
	exit 1
fi
tofu=$(cd "$(dirname "$tofu")" && pwd)/$(basename "$tofu")

# shellcheck source=lib/skip.sh
source scripts/lib/skip.sh
collect_named_skips
work=$(mktemp -d "${TMPDIR:-/tmp}/vapi-opentofu.XXXXXX")
trap 'rm -rf "$work"; print_named_skips' EXIT
: >"$work/tofurc"

export TF_ACC_TERRAFORM_PATH=$tofu
export TF_ACC_PROVIDER_HOST=registry.opentofu.org
export TF_CLI_CONFIG_FILE=$work/tofurc
export CHECKPOINT_DISABLE=1

"$tofu" version >"$work/version"
sed -n 1p "$work/version"
# go test's default 10-minute limit is about what the suite takes under OpenTofu
# on a busy 2-core machine; a limit hit kills every test still running.
go test -race -count=1 -timeout 30m -skip '^TestAcc' ./internal/provider/ "$@"
