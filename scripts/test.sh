#!/usr/bin/env bash
# make test: the unit, emulator and Terraform-level tests (with the race
# detector), then the checks that keep the docs, examples and code tidy.
#
# The acceptance tests (TestAcc*, real API) are left to make testacc rather
# than skipped here. Every skip a test or check takes is a named one under
# CI=true (.ci/skips; internal/ciskip, scripts/lib/skip.sh), and the named
# skips taken are listed at the end, so none goes unseen.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=lib/skip.sh
source scripts/lib/skip.sh
collect_named_skips

# The Terraform-level suite takes about 5 minutes on 2 idle cores; the limit is
# go test's default of 10 minutes per package doubled, so that a busy machine
# is slow rather than red.
go test -race -count=1 -timeout 20m -skip '^TestAcc' ./...
./scripts/check-docs.sh
./scripts/validate-examples.sh
make --no-print-directory lint
