#!/usr/bin/env bash
# Dry run of the release: `goreleaser check`, then a snapshot build of every
# platform with .goreleaser.yml (no signing, no publishing), then a check that
# dist/ holds what the Terraform Registry needs.
#
# goreleaser is installed into ./bin from the Go module proxy when missing.
# v2.16.0: v2.18 needs Go 1.27, and v2.17.0 depends on a module
# (go.digitalxero.dev/go-msix) that not every module proxy serves.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
GORELEASER_VERSION=${GORELEASER_VERSION:-v2.16.0}
goreleaser=$root/bin/goreleaser

if [[ ! -x $goreleaser ]]; then
	echo "==> installing goreleaser $GORELEASER_VERSION into bin/"
	GOBIN=$root/bin go install "github.com/goreleaser/goreleaser/v2@$GORELEASER_VERSION"
fi

if ! git rev-parse --verify -q HEAD >/dev/null; then
	echo "release-check: goreleaser needs a commit to build from" >&2
	exit 1
fi

echo "==> goreleaser check"
"$goreleaser" check

echo "==> goreleaser release --snapshot"
"$goreleaser" release --snapshot --clean --skip=sign,publish

echo "==> dist/"
ls -l dist

# The snapshot version, as goreleaser recorded it.
version=$(sed -nE 's/.*"version":[[:space:]]*"([^"]+)".*/\1/p' dist/metadata.json | head -n 1)
if [[ -z $version ]]; then
	echo "release-check: no version in dist/metadata.json" >&2
	exit 1
fi

missing=()
expect() { [[ -s $1 ]] || missing+=("$1"); }
prefix=dist/terraform-provider-vapi_$version
expect "${prefix}_SHA256SUMS"
for platform in \
	darwin_amd64 darwin_arm64 \
	freebsd_386 freebsd_amd64 freebsd_arm freebsd_arm64 \
	linux_386 linux_amd64 linux_arm linux_arm64 \
	windows_386 windows_amd64 windows_arm64; do
	expect "${prefix}_${platform}.zip"
done
if ((${#missing[@]} > 0)); then
	echo "release-check: missing from dist/:" >&2
	printf '  %s\n' "${missing[@]}" >&2
	exit 1
fi

# Every zip is in the checksum file, and holds only the versioned binary.
for zip in "$prefix"_*.zip; do
	name=$(basename "$zip")
	grep -q "  $name\$" "${prefix}_SHA256SUMS" || {
		echo "release-check: $name is not in the SHA256SUMS file" >&2
		exit 1
	}
done
if command -v unzip >/dev/null; then
	unzip -l "${prefix}_linux_amd64.zip" | grep -q "terraform-provider-vapi_v${version}\$" || {
		echo "release-check: ${prefix}_linux_amd64.zip does not hold terraform-provider-vapi_v${version}" >&2
		exit 1
	}
fi
# The manifest is uploaded from the repository root as
# terraform-provider-vapi_<version>_manifest.json (release.extra_files), so in
# dist/ it shows only as a line of the checksum file.
manifest_sum=$(sha256sum terraform-registry-manifest.json | cut -d' ' -f1)
grep -q "^$manifest_sum  terraform-provider-vapi_${version}_manifest.json\$" "${prefix}_SHA256SUMS" || {
	echo "release-check: the SHA256SUMS file does not list terraform-provider-vapi_${version}_manifest.json" >&2
	exit 1
}
grep -q '"protocol_versions": *\["6.0"\]' terraform-registry-manifest.json || {
	echo "release-check: terraform-registry-manifest.json does not declare protocol 6.0" >&2
	exit 1
}

zips=("$prefix"_*.zip)
echo "release-check: ok ($version: ${#zips[@]} zips, SHA256SUMS listing every zip and the manifest)"
