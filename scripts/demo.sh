#!/usr/bin/env bash
# make demo: build the provider and the emulator, start the emulator on
# loopback, apply examples/demo through dev_overrides (no terraform init, no
# Vapi account), print the outputs, show that a second plan is empty, destroy,
# and leave nothing behind.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
terraform=${TERRAFORM:-terraform}

work=$(mktemp -d)
emulator_pid=""
cleanup() {
  if [[ -n "$emulator_pid" ]] && kill -0 "$emulator_pid" 2>/dev/null; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "==> Building the provider and the emulator"
go build -o "$work/bin/terraform-provider-vapi" .
go build -o "$work/bin/vapi-emulator" ./cmd/vapi-emulator

echo "==> Starting the Vapi emulator on loopback"
"$work/bin/vapi-emulator" -listen 127.0.0.1:0 -url-file "$work/url" -org-name "Demo Org" \
  >"$work/emulator.out" 2>"$work/emulator.log" &
emulator_pid=$!
for _ in $(seq 1 100); do
  [[ -s "$work/url" ]] && break
  sleep 0.1
done
[[ -s "$work/url" ]] || { echo "the emulator did not start:"; cat "$work/emulator.log"; exit 1; }
VAPI_BASE_URL=$(cat "$work/url")
VAPI_API_KEY=$(sed -n 's/^VAPI_API_KEY=//p' "$work/emulator.out")
export VAPI_BASE_URL VAPI_API_KEY
echo "    emulator at $VAPI_BASE_URL"

cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/vapi-community/vapi" = "$work/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1
cp -r "$root/examples/demo" "$work/config"
cd "$work/config"


echo "==> terraform apply"
"$terraform" apply -auto-approve -no-color >"$work/apply.log" 2>&1 || { cat "$work/apply.log"; exit 1; }
grep -E '^Apply complete' "$work/apply.log"

echo "==> terraform output"
"$terraform" output -no-color

echo "==> terraform plan (expect no changes)"
set +e
"$terraform" plan -detailed-exitcode -no-color >"$work/plan.log" 2>&1
plan_rc=$?
set -e
if [[ $plan_rc -ne 0 ]]; then
  cat "$work/plan.log"
  echo "the plan after apply is not empty (exit code $plan_rc)"
  exit 1
fi
grep -E 'No changes' "$work/plan.log"

echo "==> terraform destroy"
"$terraform" destroy -auto-approve -no-color >"$work/destroy.log" 2>&1 || { cat "$work/destroy.log"; exit 1; }
grep -E '^Destroy complete' "$work/destroy.log"
echo "==> Demo finished; the emulator is stopped and the temporary files removed."
