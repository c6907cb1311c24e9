#!/usr/bin/env bash
# Callback throughput: signed status callbacks per second that the release gateway
# verifies, dedupes, maps, applies to the target's state machine, aggregates and turns
# into queued portal notifications (each durable before the 200), against the intake
# baseline measured in the same run (bench/baseline's BaselineEcho: Hummingbird decoding
# and re-encoding the canonical application, nothing else).
#
#   bench/callbacks.sh                       # 3 rounds of 10 s each side, 64 connections; prints the median ratio
#   ROUNDS=1 DURATION=10 SETUP_SECONDS=8 bench/callbacks.sh
#   PROFILE=/tmp/callbacks.perf bench/callbacks.sh   # also records the gateway with `perf record -g`
#
# Set-up: lawyer applications are taken for SETUP_SECONDS with delivery on, against a
# sandbox that calls nothing back, so each target has its back-end case number
# (LS-2026-000001…); then wrk posts callbacks on those CASES (bench/callbacks.lua), signed
# with the lawyer adapter's declared scheme by bench/sign-callbacks.py. Make the
# set-up long enough that nearly every callback moves a target (three per case): a case
# already final takes its later callbacks as `late`, which is cheaper.
#   BIN_DIR=<tree>/.build/release BASELINE_DIR=<tree>/bench/baseline/.build/release bench/callbacks.sh
#                                   # another build's binaries (run from that tree, for its Config/), no building
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
SETUP_SECONDS=${SETUP_SECONDS:-25}
ROUNDS=${ROUNDS:-3}
# Callbacks pre-signed per round: more than the gateway can take in DURATION (past the
# end, wrk replays the file and the replays are 401s, counted as "other").
SIGNED=${SIGNED:-$((DURATION * 12000))}
SAMPLE=Tests/Fixtures/applications/canonical/lawyer-consultation.json
GATEWAY_PORT=${GATEWAY_PORT:-18280}
BASELINE_PORT=${BASELINE_PORT:-18290}
BASE_PORT=${BASE_PORT:-19201}

. bench/common.sh
bench_setup

echo "building release binaries (gateway, sandbox, baseline)…"
bin="$(bench_gateway_dir)"
baseline_bin="$(bench_baseline_dir BaselineEcho)/BaselineEcho"

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"; }
trap cleanup EXIT
sql() { sqlite3 "$work/bench.sqlite" "$1"; }

set -a; . Config/sample.env; set +a
bench_lawyer_adapter "$work/adapters" "$BASE_PORT" 32

echo "setting up delivered cases (${SETUP_SECONDS}s of intake)…"
"$bin/tongban-sandbox" --env-file Config/sample.env --base-port "$BASE_PORT" --no-callbacks >"$work/sandbox.log" 2>&1 & pids+=($!)
wait_port "$BASE_PORT"
"$bin/tongban" serve --config Config --adapters "$work/adapters" --port "$GATEWAY_PORT" --sqlite "$work/bench.sqlite" >"$work/gateway.log" 2>&1 & gateway_pid=$!; pids+=($gateway_pid)
wait_port "$GATEWAY_PORT"
# Take applications for SETUP_SECONDS with wrk (bench/intake.lua, unique case numbers),
# then wait until every target has its back-end case number.
INTAKE_PATH=/v1/applications INTAKE_TOKEN="$TONGBAN_PORTAL_DEMO_TOKEN" INTAKE_BODY="$SAMPLE" INTAKE_RUN="s$$" \
  wrk -t2 -c32 -d"${SETUP_SECONDS}s" -s bench/intake.lua "http://127.0.0.1:$GATEWAY_PORT" > "$work/setup.txt"
CASES=$(sql "SELECT COUNT(*) FROM targets")
while [ "$(sql "SELECT COUNT(*) FROM targets WHERE backend_ref IS NOT NULL")" -lt "$CASES" ]; do sleep 0.2; done
echo "cases ready: $CASES ($((CASES / ROUNDS)) per round, three callbacks each move a target)"

"$baseline_bin" "$BASELINE_PORT" >"$work/baseline.log" 2>&1 & baseline_pid=$!; pids+=($baseline_pid)
wait_port "$BASELINE_PORT"
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
tck=$(getconf CLK_TCK)
per_round=$((CASES / ROUNDS))
ratios=(); results=()
for round in $(seq 1 "$ROUNDS"); do
  # Baseline and gateway alternate, each round on its own slice of the cases (all still open).
  echo "round $round: baseline (intake echo) then gateway callbacks, ${DURATION}s each, $CONNECTIONS connections…"
  b0=$(cpu_ticks "$baseline_pid")
  INTAKE_PATH=/echo INTAKE_TOKEN="" INTAKE_BODY="$SAMPLE" INTAKE_RUN="b$$-$round" \
    wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/intake.lua "http://127.0.0.1:$BASELINE_PORT" > "$work/baseline-$round.txt"
  b1=$(cpu_ticks "$baseline_pid")
  before=$(sql "SELECT COUNT(*) FROM events WHERE type = 'callback'")
  moved_before=$(sql "SELECT COUNT(*) FROM events WHERE type = 'callback' AND moved = 1")
  g0=$(cpu_ticks "$gateway_pid")
  if [ -n "${PROFILE:-}" ] && [ "$round" = 1 ]; then perf record -q -g -o "$PROFILE" -p "$gateway_pid" >/dev/null 2>&1 & perf_pid=$!; fi
  # Signed just before the round (each within the 300 s window, each with its own nonce).
  python3 bench/sign-callbacks.py "$work/callbacks-$round.tsv" "$SIGNED" "$per_round" $(( (round - 1) * per_round )) "c$$-$round"
  CALLBACK_FILE="$work/callbacks-$round.tsv" \
    wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/callbacks.lua "http://127.0.0.1:$GATEWAY_PORT" > "$work/gateway-$round.txt"
  if [ -n "${perf_pid:-}" ]; then kill -INT "$perf_pid"; wait "$perf_pid" 2>/dev/null || true; perf_pid=; fi
  g1=$(cpu_ticks "$gateway_pid")
  b_rps=$(field RPS "$work/baseline-$round.txt"); g_rps=$(field RPS "$work/gateway-$round.txt")
  ok=$(awk '$1 == "STATUS" && $2 == 200 { print $3 }' "$work/gateway-$round.txt")
  others=$(awk '$1 == "STATUS" && $2 != 200 { s += $3 } END { print s + 0 }' "$work/gateway-$round.txt")
  recorded=$(( $(sql "SELECT COUNT(*) FROM events WHERE type = 'callback'") - before ))
  moved=$(( $(sql "SELECT COUNT(*) FROM events WHERE type = 'callback' AND moved = 1") - moved_before ))
  ratio=$(echo "$g_rps / $b_rps" | bc -l)
  ratios+=("$ratio")
  results+=("$(printf 'round %s: baseline %7.1f/s (p50 %s ms)  gateway %7.1f/s (p50 %s ms, p99 %s ms)  ratio %.2f  CPU ms/request: baseline %.3f gateway %.3f  answered 200: %s, other: %s, recorded: %s, moved a target: %s' \
    "$round" "$b_rps" "$(field P50 "$work/baseline-$round.txt")" "$g_rps" "$(field P50 "$work/gateway-$round.txt")" "$(field P99 "$work/gateway-$round.txt")" \
    "$ratio" "$(echo "($b1 - $b0) * 1000 / $tck / ($b_rps * $DURATION)" | bc -l)" "$(echo "($g1 - $g0) * 1000 / $tck / ($g_rps * $DURATION)" | bc -l)" \
    "${ok:-0}" "$others" "$recorded" "$moved")")
  if [ "$recorded" -lt "${ok:-0}" ]; then echo "MISMATCH: fewer callbacks recorded than acknowledged" >&2; exit 1; fi
done
kill -TERM "$gateway_pid"; wait "$gateway_pid" 2>/dev/null || true

echo
printf '%s\n' "${results[@]}"
moved=$(sql "SELECT COUNT(*) FROM events WHERE type = 'callback' AND moved = 1")
total=$(sql "SELECT COUNT(*) FROM events WHERE type = 'callback'")
echo "callbacks that moved a target: $moved of $total; notifications queued: $(sql "SELECT COUNT(*) FROM notifications")"
printf 'median ratio gateway/baseline: %.2f\n' "$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')"
