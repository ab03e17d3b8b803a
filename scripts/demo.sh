#!/usr/bin/env bash
# make demo: build the provider and the emulator, start the emulator and four
# webhook receivers on loopback, apply examples/demo through dev_overrides (no
# terraform init, no Vapi account), show where each event goes, play a call
# and show which receiver got which event, show a plan that moves events as a
# reviewer reads it, apply it, check that a plan is empty, destroy, and leave
# nothing behind.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
terraform=${TERRAFORM:-terraform}

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
}
trap cleanup EXIT

# wait_for_file waits until the file a background process writes has content.
wait_for_file() {
  for _ in $(seq 1 100); do
    [[ -s "$1" ]] && return 0
    sleep 0.1
  done
  echo "$2 did not start:"
  cat "$3"
  exit 1
}

echo "==> Building the provider and the emulator"
# shellcheck source=lib/dev-provider.sh
source scripts/lib/dev-provider.sh
dev_provider "$work"
go build -o "$work/bin/vapi-emulator" ./cmd/vapi-emulator

echo "==> Starting the Vapi emulator and four webhook receivers on loopback"
"$work/bin/vapi-emulator" -listen 127.0.0.1:0 -url-file "$work/url" -org-name "Demo Org" \
  >"$work/emulator.out" 2>"$work/emulator.log" &
pids+=($!)
wait_for_file "$work/url" "the emulator" "$work/emulator.log"
VAPI_BASE_URL=$(cat "$work/url")
VAPI_API_KEY=$(sed -n 's/^VAPI_API_KEY=//p' "$work/emulator.out")
export VAPI_BASE_URL VAPI_API_KEY
echo "    emulator at $VAPI_BASE_URL"

# Each receiver checks the bearer token the credential makes Vapi send.
token="demo-secret-token"
"$work/bin/vapi-emulator" receivers -count 4 -url-file "$work/receivers" -bearer-token "$token" \
  >"$work/received.log" 2>"$work/receivers.err" &
pids+=($!)
wait_for_file "$work/receivers" "the receivers" "$work/receivers.err"
mapfile -t receivers <"$work/receivers"
levels=(org phone assistant tool)
for i in 0 1 2 3; do
  printf '    receiver %d (%s level) at %s\n' $((i + 1)) "${levels[$i]}" "${receivers[$i]}"
done
vars=(-var "org_url=${receivers[0]}/org" -var "phone_url=${receivers[1]}/phone"
  -var "assistant_url=${receivers[2]}/assistant" -var "tool_url=${receivers[3]}/tools/weather"
  -var "webhook_token=$token")

export TF_IN_AUTOMATION=1
cp -r "$root/examples/demo" "$work/config"
cd "$work/config"

echo "==> terraform apply"
"$terraform" apply -auto-approve -no-color "${vars[@]}" >"$work/apply.log" 2>&1 || { cat "$work/apply.log"; exit 1; }
grep -E '^Apply complete' "$work/apply.log"

echo "==> Where each event of a call to the number goes (the data source, read after the apply)"
"$terraform" output -raw routing_now
echo

echo "==> A call to the number: which receiver got which event"
phone=$("$terraform" output -raw phone_number_id)
logged=$(wc -l <"$work/received.log")
"$work/bin/vapi-emulator" simulate-call -phone-number "$phone" -function get_weather -function lookup_order \
  >"$work/call.log" 2>&1 || { cat "$work/call.log"; exit 1; }
cat "$work/call.log"
sleep 0.2
echo "    what the receivers logged:"
tail -n +$((logged + 1)) "$work/received.log" | sed -E 's/^[0-9\/]+ [0-9:]+ /    /'
if tail -n +$((logged + 1)) "$work/received.log" | grep receiver | grep -qv 'auth ok'; then
  echo "a receiver got an event without the expected credential"
  exit 1
fi

echo "==> A change for review: the assistant's server URL goes. The plan shows where events go after it:"
"$terraform" plan -no-color "${vars[@]}" -var 'assistant_url=' -out "$work/change.plan" >"$work/change.log" 2>&1 ||
  { cat "$work/change.log"; exit 1; }
# Only the routing, as the pull request's plan shows it: the lines that
# change and the level that decides each.
sed -n '/^  ~ routing_after_apply = /,/^    EOT/p' "$work/change.log"
grep -q '^  ~ routing_after_apply' "$work/change.log" || { cat "$work/change.log"; echo "the plan shows no routing change"; exit 1; }

echo "==> terraform apply of that plan"
"$terraform" apply -no-color -var "webhook_token=$token" "$work/change.plan" >"$work/apply2.log" 2>&1 || { cat "$work/apply2.log"; exit 1; }
grep -E '^Apply complete' "$work/apply2.log"
"$terraform" output -raw routing_now
echo

echo "==> terraform plan (expect no changes)"
set +e
"$terraform" plan -detailed-exitcode -no-color "${vars[@]}" -var 'assistant_url=' >"$work/plan.log" 2>&1
plan_rc=$?
set -e
if [[ $plan_rc -ne 0 ]]; then
  cat "$work/plan.log"
  echo "the plan after apply is not empty (exit code $plan_rc)"
  exit 1
fi
grep -E 'No changes' "$work/plan.log"

echo "==> terraform destroy"
"$terraform" destroy -auto-approve -no-color "${vars[@]}" -var 'assistant_url=' >"$work/destroy.log" 2>&1 ||
  { cat "$work/destroy.log"; exit 1; }
grep -E '^Destroy complete' "$work/destroy.log"
echo "==> Demo finished; the emulator and the receivers are stopped and the temporary files removed."
