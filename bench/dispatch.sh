#!/usr/bin/env bash
# Dispatch throughput: deliveries per second from a backlog of stored applications to a
# sandbox back end (release gateway: claim under lease, build and sign the request from the
# adapter spec, POST, record the outcome durably), against a baseline measured in the same
# run: AsyncHTTPClient posting the same request straight to the same sandbox at the same
# concurrency (bench/baseline, DispatchBaseline).
#
#   bench/dispatch.sh                  # backlog from 5 s of intake, 32 deliveries in flight
#   BACKLOG_SECONDS=10 CONCURRENCY=16 bench/dispatch.sh
set -euo pipefail
cd "$(dirname "$0")/.."

BACKLOG_SECONDS=${BACKLOG_SECONDS:-5}
CONCURRENCY=${CONCURRENCY:-32}
SAMPLE=Tests/Fixtures/applications/canonical/lawyer-consultation.json
GATEWAY_PORT=${GATEWAY_PORT:-18180}
BASE_PORT=${BASE_PORT:-19101}

scripts/setup.sh
missing=()
for tool in wrk sqlite3 bc curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; fi

echo "building release binaries (gateway, sandbox, baseline)…"
swift build -c release >/dev/null
bin="$(swift build -c release --show-bin-path)"
(cd bench/baseline && swift build -c release --product DispatchBaseline >/dev/null)
baseline_bin="$(cd bench/baseline && swift build -c release --show-bin-path)/DispatchBaseline"

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"; }
trap cleanup EXIT
wait_port() { for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; exit 1; }
created() { curl -s "http://127.0.0.1:$BASE_PORT/_sandbox/stats" | sed 's/.*"created":\([0-9]*\).*/\1/'; }
start_sandbox() {
  "$bin/tongban-sandbox" --env-file Config/sample.env --base-port "$BASE_PORT" >"$work/sandbox.log" 2>&1 & sandbox_pid=$!; pids+=($sandbox_pid)
  wait_port "$BASE_PORT"
}

# The lawyer adapter pointed at the sandbox, with the concurrency under test and no rate cap.
mkdir -p "$work/adapters"
sed -e "s#baseURL: http://127.0.0.1:9101#baseURL: http://127.0.0.1:$BASE_PORT#" \
    -e "s#concurrency: 8#concurrency: $CONCURRENCY#" -e "s#ratePerSecond: 50#ratePerSecond: 10000#" \
    Adapters/lawyer-sandbox.yaml > "$work/adapters/lawyer-sandbox.yaml"
set -a; . Config/sample.env; set +a
serve() { "$bin/tongban" serve --config Config --adapters "$work/adapters" --port "$GATEWAY_PORT" --sqlite "$work/bench.sqlite" "$@" >>"$work/gateway.log" 2>&1 & gateway_pid=$!; pids+=($gateway_pid); wait_port "$GATEWAY_PORT"; }

echo "building a backlog: ${BACKLOG_SECONDS}s of intake with delivery off…"
serve --no-dispatch
INTAKE_PATH=/v1/applications INTAKE_TOKEN="$TONGBAN_PORTAL_DEMO_TOKEN" INTAKE_BODY="$SAMPLE" INTAKE_RUN="d$$" \
  wrk -t2 -c32 -d"${BACKLOG_SECONDS}s" -s bench/intake.lua "http://127.0.0.1:$GATEWAY_PORT" >/dev/null
kill -TERM "$gateway_pid"; wait "$gateway_pid" 2>/dev/null || true
backlog=$(sqlite3 "$work/bench.sqlite" "SELECT COUNT(*) FROM deliveries WHERE state = 'pending'")
echo "backlog: $backlog deliveries"

start_sandbox
echo "gateway: delivering the backlog, $CONCURRENCY in flight…"
start=$(date +%s.%N)
serve
while [ "$(created)" -lt "$backlog" ]; do sleep 0.05; done
end=$(date +%s.%N)
g_rate=$(echo "$backlog / ($end - $start)" | bc -l)
done_rows=$(sqlite3 "$work/bench.sqlite" "SELECT COUNT(*) FROM deliveries WHERE state = 'done'")
dups=$(curl -s "http://127.0.0.1:$BASE_PORT/_sandbox/stats" | sed 's/.*"duplicates":\([0-9]*\).*/\1/')
kill -TERM "$gateway_pid" "$sandbox_pid"; wait "$gateway_pid" "$sandbox_pid" 2>/dev/null || true

start_sandbox
echo "baseline: AsyncHTTPClient posting the same request $backlog times, $CONCURRENCY in flight…"
b_rate=$("$baseline_bin" "$work/adapters/lawyer-sandbox.yaml" "$SAMPLE" "$backlog" "$CONCURRENCY" Config/sample.env | awk '$1 == "BASELINE" { print $2 }')

printf '\n%-10s %14s\n' "" "deliveries/s"
printf '%-10s %14.1f\n' baseline "$b_rate"
printf '%-10s %14.1f\n' gateway "$g_rate"
printf 'ratio gateway/baseline: %.2f\n' "$(echo "$g_rate / $b_rate" | bc -l)"
printf 'backlog %s, recorded done %s, sandbox duplicates %s\n' "$backlog" "$done_rows" "$dups"
