#!/usr/bin/env bash
# Sets up and runs the whole test suite: unit tests, live HTTP tests on loopback with
# real SQLite files, and the end-to-end tests that run the real binary.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
swift build --build-tests
swift test --disable-xctest "$@"
