#!/usr/bin/env bash
# The whole loop, live in the terminal: builds (release), starts the seven sandbox back ends
# and the gateway on a fresh SQLite file under data/, submits every sample application and
# shows their statuses with `tongban watch` until each is final. Along the way the legal aid
# centre asks for materials (补充材料) and the script sends them as the applicant would
# (`tongban supplement`), and the arbitration application is withdrawn once it is in
# progress (`tongban withdraw`: the commission's cancel endpoint is told).
# It uses the same ports as scripts/run.sh (8080, 9101-9107): stop that first.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
echo "demo: building tongban and tongban-sandbox (release; the first build takes several minutes)"
swift build -c release
bin="$(swift build -c release --show-bin-path)"
for p in 8080 9101 9102 9103 9104 9105 9106 9107; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "demo: port $p is in use (is scripts/run.sh running?)" >&2; exit 1; fi
done
work="data/demo-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$work"
config=(--config Config --env-file Config/sample.env)

"$bin/tongban-sandbox" --env-file Config/sample.env --callbacks-to http://127.0.0.1:8080 --callback-step-ms 1200 \
  --fault 'legal-aid-sandbox:{"lifeCycle":["已受理","审查中","补充材料","已指派","已结案"]}' > "$work/sandbox.log" 2>&1 &
pids=($!)
"$bin/tongban" serve "${config[@]}" --sqlite "$work/tongban.sqlite" > "$work/gateway.log" 2>&1 &
pids+=($!)
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:8080/healthz > /dev/null && break; sleep 0.1; done

# Submit every sample under a fresh case number; remember name=id for the board.
board=()
declare -A ids
for file in Tests/Fixtures/applications/canonical/*.json; do
  name=$(basename "$file" .json)
  sed -E "s/(\"portalCaseNo\": *\"[^\"]*)\"/\1-$(date +%s)\"/" "$file" > "$work/$name.json"
  ids[$name]=$("$bin/tongban" submit "$work/$name.json" "${config[@]}" | sed -n 's/^  "id" : "\(app_[^"]*\)",*$/\1/p')
  board+=("$name=${ids[$name]}")
done

status_of() { "$bin/tongban" get "$1" "${config[@]}" 2>/dev/null | sed -n 's/^  "status" : "\([^"]*\)",*$/\1/p'; }
# The applicant's side: act on an application once it reaches a status.
when_status() {
  local id=$1 wanted=$2; shift 2
  for _ in $(seq 1 400); do
    if [[ "$(status_of "$id")" == "$wanted" ]]; then "$@" > "$work/action-$id.log" 2>&1 || true; return; fi
    sleep 0.3
  done
}
when_status "${ids[legal-aid-application]}" supplement_required \
  "$bin/tongban" supplement "${ids[legal-aid-application]}" Tests/Fixtures/supplements/legal-aid.json "${config[@]}" &
when_status "${ids[bundle-unpaid-wages]}" supplement_required \
  "$bin/tongban" supplement "${ids[bundle-unpaid-wages]}" Tests/Fixtures/supplements/legal-aid.json "${config[@]}" &
when_status "${ids[arbitration-filing]}" in_progress \
  "$bin/tongban" withdraw "${ids[arbitration-filing]}" --reason 双方已自行和解 "${config[@]}" &

"$bin/tongban" watch --timeout 120 "${config[@]}" "${board[@]}"
for name in legal-aid-application arbitration-filing; do
  echo
  "$bin/tongban" get "${ids[$name]}" --events "${config[@]}"
done
echo
echo "demo: the logs and the SQLite file are in $work ($bin/tongban audit verify --sqlite $work/tongban.sqlite checks its event chain)"
