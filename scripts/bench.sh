#!/usr/bin/env bash
# make bench: build the provider and cmd/vapi-bench, then time apply,
# refresh-only plan, no-op apply and destroy of N vapi_function_tool next to N
# terraform_data (Terraform's own floor), through dev_overrides against the
# emulator, with the request counts checked. Extra arguments go to vapi-bench
# (e.g. ./scripts/bench.sh -sizes 100 -repeat 1).
set -euo pipefail
cd "$(dirname "$0")/.."
terraform=${TERRAFORM:-terraform}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "==> Building the provider and the benchmark" >&2
go build -trimpath -o "$work/bin/terraform-provider-vapi" .
go build -o "$work/vapi-bench" ./cmd/vapi-bench

echo "==> Running (about 5 minutes on 2 CPUs)" >&2
"$work/vapi-bench" -terraform "$terraform" -provider-dir "$work/bin" "$@"
