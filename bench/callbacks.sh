#!/usr/bin/env bash
# Callback throughput: signed status callbacks per second that the release gateway
# verifies, dedupes, maps, applies to the target's state machine, aggregates and turns
# into queued portal notifications (each durable before the 200), against the intake
# baseline measured in the same run (bench/baseline's BaselineEcho: Hummingbird decoding
# and re-encoding the canonical application, nothing else).
#
#   bench/callbacks.sh                       # 20 s each, 64 connections
#   DURATION=10 SETUP_SECONDS=6 bench/callbacks.sh
#   PROFILE=/tmp/callbacks.perf bench/callbacks.sh   # also records the gateway with `perf record -g`
#
# Set-up: lawyer applications are taken for SETUP_SECONDS with delivery on, against a
# sandbox that calls nothing back, so each target has its back-end case number
# (LS-2026-000001…); then wrk posts callbacks on those CASES (bench/callbacks.lua). Make the
# set-up long enough that nearly every callback moves a target (three per case): a case
# already final takes its later callbacks as `late`, which is cheaper.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-64}
SETUP_SECONDS=${SETUP_SECONDS:-8}
SAMPLE=Tests/Fixtures/applications/canonical/lawyer-consultation.json
GATEWAY_PORT=${GATEWAY_PORT:-18280}
BASELINE_PORT=${BASELINE_PORT:-18290}
BASE_PORT=${BASE_PORT:-19201}

. bench/common.sh
bench_setup

echo "building release binaries (gateway, sandbox, baseline)…"
swift build -c release >/dev/null
bin="$(swift build -c release --show-bin-path)"
(cd bench/baseline && swift build -c release --product BaselineEcho >/dev/null)
baseline_bin="$(cd bench/baseline && swift build -c release --show-bin-path)/BaselineEcho"

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
echo "cases ready: $(sql "SELECT COUNT(*) FROM targets WHERE backend_ref IS NOT NULL")"

"$baseline_bin" "$BASELINE_PORT" >"$work/baseline.log" 2>&1 & baseline_pid=$!; pids+=($baseline_pid)
wait_port "$BASELINE_PORT"
echo "baseline (intake echo): ${DURATION}s, $CONNECTIONS connections…"
INTAKE_PATH=/echo INTAKE_TOKEN="" INTAKE_BODY="$SAMPLE" INTAKE_RUN="b$$" \
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/intake.lua "http://127.0.0.1:$BASELINE_PORT" > "$work/baseline.txt"
kill "$baseline_pid"

events_before=$(sql "SELECT COUNT(*) FROM events WHERE type = 'callback'")
echo "gateway callbacks: ${DURATION}s, $CONNECTIONS connections…"
if [ -n "${PROFILE:-}" ]; then perf record -q -g -o "$PROFILE" -p "$gateway_pid" >/dev/null 2>&1 & perf_pid=$!; fi
CALLBACK_TOKEN="$TONGBAN_ADAPTER_LAWYER_TOKEN" CASES="$CASES" CALLBACK_RUN="c$$" \
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/callbacks.lua "http://127.0.0.1:$GATEWAY_PORT" > "$work/gateway.txt"
if [ -n "${perf_pid:-}" ]; then kill -INT "$perf_pid"; wait "$perf_pid" 2>/dev/null || true; fi
kill -TERM "$gateway_pid"; wait "$gateway_pid" 2>/dev/null || true

ok=$(awk '$1 == "STATUS" && $2 == 200 { print $3 }' "$work/gateway.txt")
others=$(awk '$1 == "STATUS" && $2 != 200 { s += $3 } END { print s + 0 }' "$work/gateway.txt")
recorded=$(( $(sql "SELECT COUNT(*) FROM events WHERE type = 'callback'") - events_before ))
moved=$(sql "SELECT COUNT(*) FROM events WHERE type = 'callback' AND moved = 1")
queued=$(sql "SELECT COUNT(*) FROM notifications")
b_rps=$(field RPS "$work/baseline.txt"); g_rps=$(field RPS "$work/gateway.txt")

printf '\n%-22s %12s %10s %10s\n' "" "requests/s" "p50 ms" "p99 ms"
printf '%-22s %12s %10s %10s\n' "baseline (intake echo)" "$b_rps" "$(field P50 "$work/baseline.txt")" "$(field P99 "$work/baseline.txt")"
printf '%-22s %12s %10s %10s\n' "gateway callbacks" "$g_rps" "$(field P50 "$work/gateway.txt")" "$(field P99 "$work/gateway.txt")"
printf 'ratio gateway/baseline: %.2f\n' "$(echo "$g_rps / $b_rps" | bc -l)"
printf 'callbacks answered 200: %s, other statuses: %s; recorded %s (moved a target: %s); notifications queued: %s\n' \
  "${ok:-0}" "$others" "$recorded" "$moved" "$queued"
if [ "$recorded" -lt "${ok:-0}" ]; then echo "MISMATCH: fewer callbacks recorded than acknowledged" >&2; exit 1; fi
