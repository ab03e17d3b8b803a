#!/usr/bin/env bash
# make opentofu: builds the OpenTofu CLI from the Go module proxy into $1.
#
# `go install github.com/opentofu/opentofu/cmd/tofu@…` is refused for every
# version since 1.7 (its go.mod replaces hashicorp/hcl/v2), so this builds
# from a writable copy of the downloaded module instead, resolving the
# module's own go.mod. About 11 CPU-minutes with a cold build cache (6–10
# minutes on 2 cores); the binary is ~160 MB and belongs in an ignored folder. The build goes to a temporary name first, so
# an interrupted build never leaves a binary that make would reuse.
set -euo pipefail

dest=${1:?usage: build-opentofu.sh DEST}
version=${OPENTOFU_VERSION:-v1.12.6}
module=github.com/opentofu/opentofu

echo "==> downloading $module@$version" >&2
src=$(go mod download -json "$module@$version" | sed -nE 's/^[[:space:]]*"Dir":[[:space:]]*"([^"]+)".*/\1/p')
if [[ -z $src || ! -d $src ]]; then
	echo "build-opentofu: go mod download gave no directory for $module@$version" >&2
	exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/opentofu-src.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -r "$src/." "$work/"
chmod -R u+w "$work"

mkdir -p "$(dirname "$dest")"
dest=$(cd "$(dirname "$dest")" && pwd)/$(basename "$dest")
echo "==> building $dest (6–10 minutes on 2 cores the first time)" >&2
# -trimpath keeps the copy's temporary path out of the build cache's keys, so
# a second build (another clone, a newer checkout) reuses the compiled
# packages: 15 s instead of minutes.
(cd "$work" && GOFLAGS=-mod=mod go build -trimpath -o "$dest.partial" ./cmd/tofu)
mv "$dest.partial" "$dest"
env -u TF_CLI_CONFIG_FILE "$dest" version >&2
