#!/usr/bin/env bash
# Installs what building and testing Tongban needs, idempotently: the C libraries the
# package links (OpenSSL's libcrypto for SM3, SQLite), Chromium and a CJK font (the admin
# page is checked in headless Chromium), Debian's prometheus for `promtool check metrics`,
# curl, and for Python jsonschema (the published JSON Schema), standardwebhooks, websocket-
# client and schemathesis (the OpenAPI document against the server). Safe to run again and again.
set -euo pipefail

need_apt=()
for pkg in libssl-dev libsqlite3-dev python3 chromium fonts-wqy-microhei curl prometheus; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# jsonschema checks the canonical schema document; standardwebhooks (the scheme's own
# reference library) independently verifies the gateway's webhook signatures in the tests;
# websocket-client drives headless Chromium over the DevTools protocol (the admin page test);
# schemathesis holds the server to its OpenAPI document (scripts/schemathesis.sh).
if ! python3 -c "import jsonschema, standardwebhooks, websocket, schemathesis" 2>/dev/null; then
  echo "setup: installing jsonschema, standardwebhooks, websocket-client and schemathesis for Python"
  python3 -m pip install --quiet jsonschema standardwebhooks websocket-client schemathesis==4.32.5 \
    || python3 -m pip install --quiet --break-system-packages jsonschema standardwebhooks websocket-client schemathesis==4.32.5
fi

command -v swift >/dev/null || { echo "setup: Swift 6 is required (swift not on PATH)" >&2; exit 1; }
