#!/usr/bin/env bash
# Fails when docs/ is not what `make docs` generates from the schemas,
# templates/ and examples/, then runs `tfplugindocs validate`.
#
# Offline: tfplugindocs comes from the Go module proxy (tools/go.mod) and uses
# the local terraform ($TERRAFORM, else $TF_ACC_TERRAFORM_PATH, else PATH);
# never --tf-version, which downloads. TF_CLI_CONFIG_FILE is unset because a
# dev_override for this provider breaks `generate`.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=lib/skip.sh
source scripts/lib/skip.sh

terraform=${TERRAFORM:-${TF_ACC_TERRAFORM_PATH:-$(command -v terraform || true)}}
if [[ -z $terraform || ! -x $terraform ]]; then
	echo "check-docs: no terraform found: set TERRAFORM or run 'make terraform'" >&2
	exit 1
fi

# The examples and the docs use write-only attributes, ephemeral variables and
# provider functions: Terraform 1.11 or later. An older CLI (such as the
# v1.5.7 that `make terraform` builds when none is on PATH) cannot check them.
tf_version=$("$terraform" version -json 2>/dev/null | sed -nE 's/.*"terraform_version":[[:space:]]*"([0-9]+)\.([0-9]+)\.([0-9]+).*/\1 \2/p' | head -n 1)
read -r tf_major tf_minor <<<"${tf_version:-0 0}"
if ((tf_major < 1 || (tf_major == 1 && tf_minor < 11))); then
	skip_check needs-terraform-1.11 "check-docs needs Terraform >= 1.11, $terraform is ${tf_major}.${tf_minor}"
fi

terraform_dir=$(cd "$(dirname "$terraform")" && pwd)

tfplugindocs() {
	env -u TF_CLI_CONFIG_FILE PATH="$terraform_dir:$PATH" CHECKPOINT_DISABLE=1 \
		go run -modfile=tools/go.mod github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs "$@"
}

echo "==> tfplugindocs generate (scripts/docs.sh)"
TERRAFORM="$terraform" ./scripts/docs.sh

echo "==> checking that docs/ is current"
changed=$(git status --porcelain --untracked-files=all -- docs)
if [[ -n $changed ]]; then
	echo "$changed"
	git --no-pager diff --stat -- docs
	git --no-pager diff -- docs | head -n 200
	echo "docs/ is stale: run make docs and commit" >&2
	exit 1
fi

echo "==> tfplugindocs validate"
tfplugindocs validate --provider-name vapi
