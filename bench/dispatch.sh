#!/usr/bin/env bash
# Dispatch throughput: deliveries per second from a backlog of stored applications to a
# sandbox back end (release gateway: claim under lease, build and sign the request from the
# adapter spec, POST, record the outcome durably), against a baseline measured in the same
# run: AsyncHTTPClient posting the same request straight to the same sandbox at the same
# concurrency (bench/baseline, DispatchBaseline).
#
#   bench/dispatch.sh                  # backlog from 5 s of intake, 32 deliveries in flight, 3 rounds
#   BACKLOG_SECONDS=10 CONCURRENCY=16 ROUNDS=5 bench/dispatch.sh
#
# Each round measures the baseline and then the gateway on the same backlog; the machine's
# load drifts between runs, so the script prints every round and the median ratio, and the
# CPU time each side spent per delivery (steadier than rates on a shared machine).
#
#   PROFILE=/tmp/dispatch.perf bench/dispatch.sh   # also records the gateway with `perf record -g`
#   BIN_DIR=<tree>/.build/release BASELINE_DIR=<tree>/bench/baseline/.build/release bench/dispatch.sh
#                                   # another build's binaries (run from that tree, for its Config/), no building
set -euo pipefail
cd "$(dirname "$0")/.."

BACKLOG_SECONDS=${BACKLOG_SECONDS:-5}
CONCURRENCY=${CONCURRENCY:-32}
ROUNDS=${ROUNDS:-3}
SAMPLE=Tests/Fixtures/applications/canonical/lawyer-consultation.json
GATEWAY_PORT=${GATEWAY_PORT:-18180}
BASE_PORT=${BASE_PORT:-19101}

. bench/common.sh
bench_setup

echo "building release binaries (gateway, sandbox, baseline)…"
bin="$(bench_gateway_dir)"
baseline_bin="$(bench_baseline_dir DispatchBaseline)/DispatchBaseline"

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"; }
trap cleanup EXIT
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
created() { curl -s "http://127.0.0.1:$BASE_PORT/_sandbox/stats" | sed 's/.*"created":\([0-9]*\).*/\1/'; }
start_sandbox() {
  "$bin/tongban-sandbox" --env-file Config/sample.env --base-port "$BASE_PORT" --no-callbacks >"$work/sandbox.log" 2>&1 & sandbox_pid=$!; pids+=($sandbox_pid)
  wait_port "$BASE_PORT"
}

# The lawyer adapter pointed at the sandbox, with the concurrency under test and no rate cap.
bench_lawyer_adapter "$work/adapters" "$BASE_PORT" $CONCURRENCY
set -a; . Config/sample.env; set +a
serve() { "$bin/tongban" serve --config Config --adapters "$work/adapters" --port "$GATEWAY_PORT" --sqlite "$1" "${@:2}" >>"$work/gateway.log" 2>&1 & gateway_pid=$!; pids+=($gateway_pid); wait_port "$GATEWAY_PORT"; }
stop() { kill -TERM "$@"; wait "$@" 2>/dev/null || true; }

echo "building a backlog: ${BACKLOG_SECONDS}s of intake with delivery off…"
serve "$work/backlog.sqlite" --no-dispatch
INTAKE_PATH=/v1/applications INTAKE_TOKEN="$TONGBAN_PORTAL_DEMO_TOKEN" INTAKE_BODY="$SAMPLE" INTAKE_RUN="d$$" \
  wrk -t2 -c32 -d"${BACKLOG_SECONDS}s" -s bench/intake.lua "http://127.0.0.1:$GATEWAY_PORT" >/dev/null
stop "$gateway_pid"
sqlite3 "$work/backlog.sqlite" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
backlog=$(sqlite3 "$work/backlog.sqlite" "SELECT COUNT(*) FROM deliveries WHERE state = 'pending'")
echo "backlog: $backlog deliveries; $ROUNDS rounds of baseline then gateway, $CONCURRENCY in flight"

# One round: the baseline posts the same request as many times as the backlog holds, then
# the gateway delivers a fresh copy of the backlog; each against a freshly started sandbox.
ratios=(); results=()
for round in $(seq 1 "$ROUNDS"); do
  start_sandbox
  TIMEFORMAT='%U %S'
  { time "$baseline_bin" "$work/adapters/lawyer-sandbox.yaml" "$SAMPLE" "$backlog" "$CONCURRENCY" Config/sample.env >"$work/baseline.out"; } 2>"$work/baseline.time"
  b_rate=$(awk '$1 == "BASELINE" { print $2 }' "$work/baseline.out")
  b_cpu=$(awk -v n="$backlog" '{ print ($1 + $2) * 1000 / n }' "$work/baseline.time")
  stop "$sandbox_pid"

  cp "$work/backlog.sqlite" "$work/round.sqlite"; rm -f "$work/round.sqlite-wal" "$work/round.sqlite-shm"
  start_sandbox
  serve "$work/round.sqlite"
  if [ -n "${PROFILE:-}" ] && [ "$round" = 1 ]; then perf record -q -g -o "$PROFILE" -p "$gateway_pid" >/dev/null 2>&1 & perf_pid=$!; fi
  # The clock starts at the first delivery, so the gateway's start-up is not counted.
  while [ "$(created)" -eq 0 ]; do sleep 0.01; done
  start=$(date +%s.%N); first=$(created); cpu0=$(cpu_ticks "$gateway_pid")
  while [ "$(created)" -lt "$backlog" ]; do sleep 0.05; done
  end=$(date +%s.%N); cpu1=$(cpu_ticks "$gateway_pid")
  if [ -n "${perf_pid:-}" ]; then kill -INT "$perf_pid"; wait "$perf_pid" 2>/dev/null || true; perf_pid=; fi
  g_rate=$(echo "($backlog - $first) / ($end - $start)" | bc -l)
  g_cpu=$(echo "($cpu1 - $cpu0) * 1000 / $(getconf CLK_TCK) / ($backlog - $first)" | bc -l)
  dups=$(curl -s "http://127.0.0.1:$BASE_PORT/_sandbox/stats" | sed 's/.*"duplicates":\([0-9]*\).*/\1/')
  stop "$gateway_pid"
  done_rows=$(sqlite3 "$work/round.sqlite" "SELECT COUNT(*) FROM deliveries WHERE state = 'done'")
  stop "$sandbox_pid"
  ratio=$(echo "$g_rate / $b_rate" | bc -l)
  ratios+=("$ratio")
  results+=("$(printf 'round %s: baseline %7.1f/s  gateway %7.1f/s  ratio %.2f  CPU ms/delivery: baseline %.3f gateway %.3f  done %s/%s  sandbox duplicates %s' \
    "$round" "$b_rate" "$g_rate" "$ratio" "$b_cpu" "$g_cpu" "$done_rows" "$backlog" "$dups")")
  echo "${results[-1]}"
done

median=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
printf '\nmedian ratio gateway/baseline over %s rounds: %.2f\n' "$ROUNDS" "$median"
