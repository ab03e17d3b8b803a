#!/usr/bin/env bash
# Renders docs/: tfplugindocs from the schemas, templates/ and examples/,
# then the pages it cannot render with the Terraform here (docs-static/,
# see its README). make docs and scripts/check-docs.sh both run this.
set -euo pipefail
cd "$(dirname "$0")/.."

terraform=${TERRAFORM:-${TF_ACC_TERRAFORM_PATH:-$(command -v terraform || true)}}
if [[ -z $terraform || ! -x $terraform ]]; then
	echo "docs: no terraform found: set TERRAFORM or run 'make terraform'" >&2
	exit 1
fi
terraform_dir=$(cd "$(dirname "$terraform")" && pwd)

# Offline: tfplugindocs comes from the Go module proxy (tools/go.mod) and uses
# the local terraform; never --tf-version, which downloads. TF_CLI_CONFIG_FILE
# is unset because a dev_override for this provider breaks `generate`.
env -u TF_CLI_CONFIG_FILE PATH="$terraform_dir:$PATH" CHECKPOINT_DISABLE=1 \
	go run -modfile=tools/go.mod github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs \
	generate --provider-name vapi "$@"
cp -r docs-static/list-resources docs/
