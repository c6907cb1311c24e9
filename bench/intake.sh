#!/usr/bin/env bash
# Intake throughput: the release gateway (bearer-authenticated canonical intake, full
# validation, routing, durable SQLite group commit) against a baseline measured in the
# same run: a minimal Hummingbird server that decodes and re-encodes the same JSON body
# (bench/baseline). Prints requests/s, p50 and p99 for both, the ratio, the gateway's
# peak RSS, and checks that every 202 is a stored application.
#
#   bench/intake.sh                 # 3 alternating rounds of 10 s per server, 64 connections; median ratio
#   ROUNDS=1 DURATION=30 CONNECTIONS=128 bench/intake.sh
#   PROFILE=/tmp/intake.perf bench/intake.sh   # also records the gateway's first round with `perf record -g`
#   BIN_DIR=<tree>/.build/release BASELINE_DIR=<tree>/bench/baseline/.build/release bench/intake.sh
#                                   # another build's binaries (run from that tree, for its Config/), no building
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
SAMPLE=${SAMPLE:-Tests/Fixtures/applications/canonical/bundle-unpaid-wages.json}
GATEWAY_PORT=${GATEWAY_PORT:-18080}
BASELINE_PORT=${BASELINE_PORT:-18090}

. bench/common.sh
bench_setup

echo "building release binaries (gateway and baseline)…"
gateway_bin="$(bench_gateway_dir)/tongban"
baseline_bin="$(bench_baseline_dir BaselineEcho)/BaselineEcho"

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

run_wrk() { # name url path token
  INTAKE_PATH="$3" INTAKE_TOKEN="$4" INTAKE_BODY="$SAMPLE" INTAKE_RUN="$1-$$" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/intake.lua "$2" > "$work/$1.txt"
}

"$baseline_bin" "$BASELINE_PORT" >"$work/baseline.log" 2>&1 & pids+=($!)
wait_port "$BASELINE_PORT"
set -a; . Config/sample.env; set +a
"$gateway_bin" serve --config Config --port "$GATEWAY_PORT" --sqlite "$work/bench.sqlite" --no-dispatch >"$work/gateway.log" 2>&1 & gateway_pid=$!; pids+=($gateway_pid)
wait_port "$GATEWAY_PORT"

ratios=(); results=(); accepted=0; others=0
for round in $(seq 1 "$ROUNDS"); do
  # Both servers stay up; the two measurements alternate so drift on a shared machine hits both.
  echo "round $round: baseline then gateway, ${DURATION}s each, $CONNECTIONS connections…"
  run_wrk "baseline-$round" "http://127.0.0.1:$BASELINE_PORT" /echo ""
  if [ -n "${PROFILE:-}" ] && [ "$round" = 1 ]; then perf record -q -g -o "$PROFILE" -p "$gateway_pid" >/dev/null 2>&1 & perf_pid=$!; fi
  run_wrk "gateway-$round" "http://127.0.0.1:$GATEWAY_PORT" /v1/applications "$TONGBAN_PORTAL_DEMO_TOKEN"
  if [ -n "${perf_pid:-}" ]; then kill -INT "$perf_pid"; wait "$perf_pid" 2>/dev/null || true; perf_pid=; fi
  b_rps=$(field RPS "$work/baseline-$round.txt"); g_rps=$(field RPS "$work/gateway-$round.txt")
  ratio=$(echo "$g_rps / $b_rps" | bc -l)
  ratios+=("$ratio")
  results+=("$(printf 'round %s: baseline %7.1f/s (p50 %s ms, p99 %s ms)  gateway %7.1f/s (p50 %s ms, p99 %s ms)  ratio %.2f' "$round" \
    "$b_rps" "$(field P50 "$work/baseline-$round.txt")" "$(field P99 "$work/baseline-$round.txt")" \
    "$g_rps" "$(field P50 "$work/gateway-$round.txt")" "$(field P99 "$work/gateway-$round.txt")" "$ratio")")
  accepted=$((accepted + $(awk '$1 == "STATUS" && $2 == 202 { print $3 }' "$work/gateway-$round.txt")))
  others=$((others + $(awk '$1 == "STATUS" && $2 != 202 { s += $3 } END { print s + 0 }' "$work/gateway-$round.txt")))
done
rss_kb=$(awk '/VmHWM/ { print $2 }' "/proc/$gateway_pid/status")
kill -TERM "$gateway_pid"; wait "$gateway_pid" 2>/dev/null || true
stored=$(sqlite3 "$work/bench.sqlite" "SELECT COUNT(*) FROM applications")

echo
printf '%s\n' "${results[@]}"
printf 'median ratio gateway/baseline: %.2f\n' "$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')"
printf 'gateway peak RSS: %d MiB\n' "$((rss_kb / 1024))"
printf 'gateway 202s: %s, other statuses: %s, applications stored: %s\n' "$accepted" "$others" "$stored"
# wrk stops reading at the deadline, so up to one request per connection per round is stored
# without its 202 being counted; fewer stored than 202s would mean an acknowledged application lost.
if [ "$stored" -lt "$accepted" ] || [ "$((stored - accepted))" -gt "$((CONNECTIONS * ROUNDS))" ]; then
  echo "MISMATCH: 202s and stored applications disagree" >&2; exit 1
fi
echo "every 202 is stored ($((stored - accepted)) more stored whose 202 arrived after wrk stopped reading)"
