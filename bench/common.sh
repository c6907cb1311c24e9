# Sourced by the bench/ scripts (from the repository root): set-up and small helpers.

# Installs the project's dependencies and the tools the benchmarks drive.
bench_setup() {
  scripts/setup.sh
  local missing=() tool
  for tool in wrk sqlite3 bc curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  if [ ${#missing[@]} -gt 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; fi
}

# The folder of the release gateway and sandbox: $BIN_DIR when set (another build to
# compare, such as a worktree of an earlier commit), else this tree's, built now.
bench_gateway_dir() {
  if [ -n "${BIN_DIR:-}" ]; then echo "$BIN_DIR"; return; fi
  swift build -c release --product tongban >/dev/null
  swift build -c release --product tongban-sandbox >/dev/null
  swift build -c release --show-bin-path
}

# The folder of the baseline server $1: $BASELINE_DIR when set, else bench/baseline's, built now.
bench_baseline_dir() {
  if [ -n "${BASELINE_DIR:-}" ]; then echo "$BASELINE_DIR"; return; fi
  (cd bench/baseline && swift build -c release --product "$1" >/dev/null)
  (cd bench/baseline && swift build -c release --show-bin-path)
}

# Waits until something listens on 127.0.0.1:$1 (10 s at most).
wait_port() { for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; exit 1; }

# The value after key $1 in a wrk report file $2 (bench/wrk-report.lua's lines).
field() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }

# Writes the lawyer adapter spec into directory $1, pointed at a sandbox on port $2, with
# $3 deliveries in flight and no rate cap.
bench_lawyer_adapter() {
  mkdir -p "$1"
  sed -e "s#baseURL: http://127.0.0.1:9101#baseURL: http://127.0.0.1:$2#" \
      -e "s#concurrency: 8#concurrency: $3#" -e "s#ratePerSecond: 50#ratePerSecond: 10000#" \
      Adapters/lawyer-sandbox.yaml > "$1/lawyer-sandbox.yaml"
}
