#!/usr/bin/env bash
# Sets up, builds (release) and runs the gateway on the embedded defaults — the sample
# configuration in Config/, the adapter specs in Adapters/, the fake sample secrets of
# Config/sample.env for any variable not already set, a SQLite file under data/ — together
# with the seven sandbox back ends (tongban-sandbox, ports 9101-9107) it delivers to; they
# report each case's life cycle back to the gateway's callback URL.
# Extra arguments go to `tongban serve` (for example --port 9090). Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
echo "run: building tongban and tongban-sandbox (release; the first build takes several minutes)"
swift build -c release
bin="$(swift build -c release --show-bin-path)"
"$bin/tongban" check --config Config --env-file Config/sample.env
mkdir -p data
# The sandbox calls back the port the gateway listens on (8080 in Config/tongban.yaml).
port=8080
args=("$@")
for i in "${!args[@]}"; do
  case "${args[$i]}" in
    --port) port="${args[$((i + 1))]:-$port}" ;;
    --port=*) port="${args[$i]#--port=}" ;;
  esac
done
"$bin/tongban-sandbox" --env-file Config/sample.env --callbacks-to "http://127.0.0.1:$port" &
sandbox=$!
trap 'kill "$sandbox" 2>/dev/null || true' EXIT
"$bin/tongban" serve --config Config --env-file Config/sample.env "$@"
