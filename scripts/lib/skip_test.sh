#!/usr/bin/env bash
# Tests of skip.sh, run by internal/ciskip's tests: the shell checks follow
# the same rule as the Go tests.
set -uo pipefail
lib=$(cd "$(dirname "$0")" && pwd)/skip.sh
name=$(awk -F'|' '!/^[[:space:]]*#/ && NF == 3 { gsub(/[[:space:]]/, "", $1); print $1; exit }' "$(dirname "$lib")/../../.ci/skips")
failed=0
expect() { # want-exit CI name
	local want=$1 ci=$2 skip=$3 got
	(CI=$ci VAPI_SKIP_REPORT= bash -c "source '$lib'; skip_check '$skip' 'a reason'; echo 'not ended' >&2; exit 3") 2>/dev/null
	got=$?
	if [[ $got != "$want" ]]; then
		echo "skip_check $skip with CI=$ci: exit $got, want $want" >&2
		failed=1
	fi
}
[[ -n $name ]] || { echo "no named skip in .ci/skips" >&2; exit 1; }
expect 0 "" not-a-named-skip
expect 0 false "$name"
expect 1 true not-a-named-skip
expect 0 true "$name"
exit $failed
