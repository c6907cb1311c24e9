#!/usr/bin/env bash
# schemathesis (PyPI, installed by scripts/setup.sh) over the gateway's own /openapi.json:
# a fresh gateway on a free port with a new SQLite file and the sample configuration, then
# every route with the sample credentials: the portal routes as the demo portal (bearer),
# the yiwang route as the 一网通办 portal (x-tif with SM3, Tests/schemathesis/hooks.py),
# the admin routes with the operator's token, the callback route unauthenticated. Every
# check (--checks all) with a fixed seed and a bounded number of examples; any failure
# fails the script. Tests/schemathesis/schemathesis.toml says why 422 counts as an answer
# to schema-valid data.
#
#   scripts/schemathesis.sh                 # the bounded run the test command makes
#   EXAMPLES=300 SEED=7 scripts/schemathesis.sh   # a longer run
set -euo pipefail
cd "$(dirname "$0")/.."
EXAMPLES="${EXAMPLES:-20}"
SEED="${SEED:-1}"
BIN="${TONGBAN_BIN:-.build/debug/tongban}"
[ -x "$BIN" ] || swift build --product tongban
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$BIN" serve --config Config --env-file Config/sample.env --port "$port" --sqlite "$work/gateway.sqlite" > "$work/gateway.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
set -a; . Config/sample.env; set +a

run() {
  echo "schemathesis: $1"
  shift
  (cd "$work" && schemathesis --config-file "$OLDPWD/Tests/schemathesis/schemathesis.toml" run "http://127.0.0.1:$port/openapi.json" \
    --seed "$SEED" -n "$EXAMPLES" --checks all --no-shrink --warnings off "$@")
}
run "portal routes as the demo portal" --include-tag portal --include-tag operations --exclude-path /v1/dialects/yiwang/applications \
  -H "Authorization: Bearer $TONGBAN_PORTAL_DEMO_TOKEN"
SCHEMATHESIS_HOOKS=hooks PYTHONPATH="$PWD/Tests/schemathesis" run "the yiwang route as the 一网通办 portal (x-tif, SM3)" \
  --include-path /v1/dialects/yiwang/applications
run "admin routes with the operator's token" --include-tag admin --include-tag adapters -H "Authorization: Bearer $TONGBAN_ADMIN_TOKEN"
run "the callback route, unauthenticated" --include-tag "back ends"
if grep -q '"level":"error"' "$work/gateway.log" || grep -q 'unexpected error' "$work/gateway.log"; then
  echo "schemathesis: the gateway logged errors:" >&2
  grep -E '"level":"error"|unexpected error' "$work/gateway.log" | head -20 >&2
  exit 1
fi
echo "schemathesis: every check passed"
