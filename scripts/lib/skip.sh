# shellcheck shell=bash
# skip_check NAME REASON: ends a check that cannot run here. Outside CI it
# prints SKIPPED and exits 0. Under CI=true it exits 0 only when .ci/skips
# names the skip (and says which lane runs the check instead), and fails the
# run otherwise, so that a check that quietly stopped running cannot pass CI.
# internal/ciskip applies the same rule to the Go tests.
skip_check() {
	local name=$1 reason=$2 root lane
	root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	case ${CI:-} in
	true | TRUE | True | 1) ;;
	*)
		echo "SKIPPED ($name): $reason" >&2
		exit 0
		;;
	esac
	lane=$(awk -F'|' -v name="$name" '!/^[[:space:]]*#/ { n=$1; gsub(/^[[:space:]]+|[[:space:]]+$/, "", n); if (n == name) { l=$2; gsub(/^[[:space:]]+|[[:space:]]+$/, "", l); print l; exit } }' "$root/.ci/skips")
	if [[ -z $lane ]]; then
		echo "FAILED: CI=true forbids this skip: $name: $reason. Make the check run here, or name the skip in .ci/skips with the lane that runs it" >&2
		exit 1
	fi
	echo "SKIPPED (named skip $name, run by $lane): $reason" >&2
	if [[ -n ${VAPI_SKIP_REPORT:-} ]]; then
		echo "$(basename "$0"): $reason ($name; run by $lane)" >>"$VAPI_SKIP_REPORT"
	fi
	exit 0
}

# collect_named_skips: the named skips taken from here on (by the Go tests
# and the checks) are listed when the script exits.
collect_named_skips() {
	VAPI_SKIP_REPORT=$(mktemp "${TMPDIR:-/tmp}/vapi-skips.XXXXXX")
	export VAPI_SKIP_REPORT
	trap 'print_named_skips' EXIT
}

print_named_skips() {
	if [[ -s $VAPI_SKIP_REPORT ]]; then
		echo "==> named skips taken (.ci/skips says which lane runs each):"
		sort -u "$VAPI_SKIP_REPORT" | sed 's/^/    /'
	fi
	rm -f "$VAPI_SKIP_REPORT"
}
