#!/usr/bin/env bash
# Intake throughput: the release gateway (bearer-authenticated canonical intake, full
# validation, routing, durable SQLite group commit) against a baseline measured in the
# same run: a minimal Hummingbird server that decodes and re-encodes the same JSON body
# (bench/baseline). Prints requests/s, p50 and p99 for both, the ratio, the gateway's
# peak RSS, and checks that every 202 is a stored application.
#
#   bench/intake.sh                 # 20 s per server, 64 connections
#   DURATION=30 CONNECTIONS=128 bench/intake.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
SAMPLE=${SAMPLE:-Tests/Fixtures/applications/canonical/bundle-unpaid-wages.json}
GATEWAY_PORT=${GATEWAY_PORT:-18080}
BASELINE_PORT=${BASELINE_PORT:-18090}

. bench/common.sh
bench_setup

echo "building release binaries (gateway and baseline)…"
swift build -c release --product tongban >/dev/null
gateway_bin="$(swift build -c release --show-bin-path)/tongban"
(cd bench/baseline && swift build -c release >/dev/null)
baseline_bin="$(cd bench/baseline && swift build -c release --show-bin-path)/BaselineEcho"

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
echo "baseline: ${DURATION}s, $CONNECTIONS connections…"
run_wrk baseline "http://127.0.0.1:$BASELINE_PORT" /echo ""
kill "${pids[-1]}"

set -a; . Config/sample.env; set +a
"$gateway_bin" serve --config Config --port "$GATEWAY_PORT" --sqlite "$work/bench.sqlite" --no-dispatch >"$work/gateway.log" 2>&1 & gateway_pid=$!; pids+=($gateway_pid)
wait_port "$GATEWAY_PORT"
echo "gateway: ${DURATION}s, $CONNECTIONS connections…"
run_wrk gateway "http://127.0.0.1:$GATEWAY_PORT" /v1/applications "$TONGBAN_PORTAL_DEMO_TOKEN"
rss_kb=$(awk '/VmHWM/ { print $2 }' "/proc/$gateway_pid/status")
kill -TERM "$gateway_pid"; wait "$gateway_pid" 2>/dev/null || true

accepted=$(awk '$1 == "STATUS" && $2 == 202 { print $3 }' "$work/gateway.txt")
others=$(awk '$1 == "STATUS" && $2 != 202 { s += $3 } END { print s + 0 }' "$work/gateway.txt")
stored=$(sqlite3 "$work/bench.sqlite" "SELECT COUNT(*) FROM applications")
b_rps=$(field RPS "$work/baseline.txt"); g_rps=$(field RPS "$work/gateway.txt")

printf '\n%-10s %12s %10s %10s\n' "" "requests/s" "p50 ms" "p99 ms"
printf '%-10s %12s %10s %10s\n' baseline "$b_rps" "$(field P50 "$work/baseline.txt")" "$(field P99 "$work/baseline.txt")"
printf '%-10s %12s %10s %10s\n' gateway "$g_rps" "$(field P50 "$work/gateway.txt")" "$(field P99 "$work/gateway.txt")"
printf 'ratio gateway/baseline: %.2f\n' "$(echo "$g_rps / $b_rps" | bc -l)"
printf 'gateway peak RSS: %d MiB\n' "$((rss_kb / 1024))"
printf 'gateway 202s: %s, other statuses: %s, applications stored: %s\n' "${accepted:-0}" "$others" "$stored"
# wrk stops reading at the deadline, so up to one request per connection is stored without
# its 202 being counted; fewer stored than 202s would mean an acknowledged application lost.
if [ "$stored" -lt "${accepted:-0}" ] || [ "$((stored - ${accepted:-0}))" -gt "$CONNECTIONS" ]; then
  echo "MISMATCH: 202s and stored applications disagree" >&2; exit 1
fi
echo "every 202 is stored ($((stored - ${accepted:-0})) more stored whose 202 arrived after wrk stopped reading)"
