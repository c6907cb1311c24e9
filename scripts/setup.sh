#!/usr/bin/env bash
# Installs what building and testing Tongban needs, idempotently: the C libraries the
# package links (OpenSSL's libcrypto for SM3, SQLite), Chromium and a CJK font (the admin
# page is checked in headless Chromium) and Python's jsonschema, which checks the
# published JSON Schema in the tests. Safe to run again and again.
set -euo pipefail

need_apt=()
for pkg in libssl-dev libsqlite3-dev python3 chromium fonts-wqy-microhei; do
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
# websocket-client drives headless Chromium over the DevTools protocol (the admin page test).
if ! python3 -c "import jsonschema, standardwebhooks, websocket" 2>/dev/null; then
  echo "setup: installing jsonschema, standardwebhooks and websocket-client for Python"
  python3 -m pip install --quiet jsonschema standardwebhooks websocket-client \
    || python3 -m pip install --quiet --break-system-packages jsonschema standardwebhooks websocket-client
fi

command -v swift >/dev/null || { echo "setup: Swift 6 is required (swift not on PATH)" >&2; exit 1; }
