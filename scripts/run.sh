#!/usr/bin/env bash
# Sets up, builds (release) and runs the gateway on the embedded defaults: the sample
# configuration in Config/, the fake sample secrets of Config/sample.env for any variable
# not already set, and a SQLite file under data/. Extra arguments go to `tongban serve`
# (for example --port 9090). Stop it with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
echo "run: building tongban (release; the first build takes several minutes)"
swift build -c release --product tongban
bin="$(swift build -c release --show-bin-path)/tongban"
"$bin" check --config Config --env-file Config/sample.env
mkdir -p data
exec "$bin" serve --config Config --env-file Config/sample.env "$@"
