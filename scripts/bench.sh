#!/usr/bin/env bash
# make bench: build the provider and cmd/vapi-bench, then time apply,
# refresh-only plan, no-op apply and destroy of N vapi_function_tool next to N
# terraform_data (Terraform's own floor), through dev_overrides against the
# emulator answering after each latency (0 and 100 ms by default), with the
# request counts checked exactly, without TF_LOG* and, at 0 ms, with
# TF_LOG=TRACE. Extra arguments go to vapi-bench
# (e.g. ./scripts/bench.sh -sizes 1500 -latency 0,100ms -repeat 1).
set -euo pipefail
cd "$(dirname "$0")/.."
terraform=${TERRAFORM:-terraform}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "==> Building the provider (as .goreleaser.yml does) and the benchmark" >&2
# The binary users run: static, stripped. A cgo build is dynamically linked
# and starts through ld.so, once per provider process. vapi-bench writes its
# own CLI configuration, for the same directory.
# shellcheck source=lib/dev-provider.sh
source scripts/lib/dev-provider.sh
CGO_ENABLED=0 dev_provider "$work" -trimpath -ldflags "-s -w"
go build -o "$work/vapi-bench" ./cmd/vapi-bench

echo "==> Running (3–4 minutes on 2 idle CPUs)" >&2
"$work/vapi-bench" -terraform "$terraform" -provider-dir "$work/bin" "$@"
