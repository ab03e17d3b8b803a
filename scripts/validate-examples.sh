#!/usr/bin/env bash
# Checks every example configuration under examples/: `terraform fmt -check`,
# then `terraform validate` against the provider built from this checkout.
#
# The provider is installed through a dev_overrides CLI configuration, with
# which validate needs no `terraform init` and no registry. Every directory is
# validated as one module (so a resource's import-by-string-id.tf is checked
# against its resource.tf); a directory that does not declare the provider's
# source is validated through a copy with a required_providers block added.
#
# Terraform: $TERRAFORM, else $TF_ACC_TERRAFORM_PATH, else the one on PATH.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=lib/skip.sh
source scripts/lib/skip.sh
root=$PWD

terraform=${TERRAFORM:-${TF_ACC_TERRAFORM_PATH:-$(command -v terraform || true)}}
if [[ -z $terraform || ! -x $terraform ]]; then
	echo "validate-examples: no terraform found: set TERRAFORM or run 'make terraform'" >&2
	exit 1
fi

# The examples and the docs use write-only attributes, ephemeral variables and
# provider functions: Terraform 1.11 or later. An older CLI (such as the
# v1.5.7 that `make terraform` builds when none is on PATH) cannot check them.
tf_version=$("$terraform" version -json 2>/dev/null | sed -nE 's/.*"terraform_version":[[:space:]]*"([0-9]+)\.([0-9]+)\.([0-9]+).*/\1 \2/p' | head -n 1)
read -r tf_major tf_minor <<<"${tf_version:-0 0}"
if ((tf_major < 1 || (tf_major == 1 && tf_minor < 11))); then
	skip_check needs-terraform-1.11 "validate-examples needs Terraform >= 1.11, $terraform is ${tf_major}.${tf_minor}"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/vapi-examples.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "==> building the provider"
# shellcheck source=lib/dev-provider.sh
source scripts/lib/dev-provider.sh
dev_provider "$work" -trimpath
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
unset TF_DATA_DIR TF_WORKSPACE
# Variables without defaults are fine for validate; keep values from the
# environment out of it.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^TF_VAR_' || true)

mapfile -t dirs < <(find examples -name '*.tf' -type f -exec dirname {} \; | LC_ALL=C sort -u)
if ((${#dirs[@]} == 0)); then
	echo "validate-examples: no .tf files under examples/" >&2
	exit 1
fi

failed=()
n=0
for dir in "${dirs[@]}"; do
	n=$((n + 1))
	echo "==> $dir"
	ok=true

	if ! "$terraform" fmt -check -diff -no-color "$dir"; then
		echo "    not formatted: run 'make fmt' (terraform fmt -recursive examples)"
		ok=false
	fi

	# validate does not check that an import block's target exists; an
	# import.sh command must name a resource of the example as well.
	while IFS= read -r target; do
		type=${target%%.*} name=${target#*.}
		if ! grep -Eqs "^resource[[:space:]]+\"$type\"[[:space:]]+\"$name\"" "$dir"/*.tf; then
			echo "    import target $target is not a resource of $dir"
			ok=false
		fi
	done < <(
		{
			sed -nE 's/^[[:space:]]*to[[:space:]]*=[[:space:]]*([a-z0-9_]+\.[A-Za-z0-9_-]+)[[:space:]]*$/\1/p' "$dir"/*.tf
			[[ ! -f $dir/import.sh ]] || sed -nE 's/^[[:space:]]*terraform[[:space:]]+import[[:space:]]+([a-z0-9_]+\.[A-Za-z0-9_-]+)[[:space:]].*/\1/p' "$dir/import.sh"
		} | sort -u
	)

	module=$work/modules/$n
	mkdir -p "$module"
	cp -R "$dir/." "$module/"
	rm -rf "$module/.terraform" "$module/.terraform.lock.hcl" "$module"/terraform.tfstate*
	if ! grep -Eqs 'source[[:space:]]*=[[:space:]]*"(registry\.terraform\.io/)?vapi-community/vapi"' "$module"/*.tf; then
		cat >"$module/zz_required_providers.tf" <<'HCL'
terraform {
  required_providers {
    vapi = {
      source = "vapi-community/vapi"
    }
  }
}
HCL
	fi

	# Local modules (./modules/...) are installed before validate: `get`
	# installs modules only and needs no registry. Should it fail, validate
	# reports the module as not installed.
	if grep -Eqs '^module[[:space:]]+"' "$module"/*.tf; then
		(cd "$module" && "$terraform" get -no-color >/dev/null 2>&1) || true
	fi

	if ! (cd "$module" && "$terraform" validate -no-color) >"$work/validate.out" 2>&1; then
		# The dev_overrides warning is expected here: leave it out of the report.
		awk '/Warning: Provider development overrides are in effect/ { skip = 12 }
			skip > 0 { skip--; if (/releases\.$/) skip = 0; next }
			{ print "    " $0 }' "$work/validate.out"
		ok=false
	fi

	if $ok; then
		echo "    ok"
	else
		failed+=("$dir")
	fi
done

echo
if ((${#failed[@]} > 0)); then
	echo "validate-examples: ${#failed[@]} of ${#dirs[@]} example directories failed:"
	printf '  %s\n' "${failed[@]}"
	exit 1
fi
echo "validate-examples: all ${#dirs[@]} example directories are formatted and valid"
