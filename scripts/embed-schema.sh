#!/usr/bin/env bash
# Copies the published JSON Schema (docs/schema/application-v1.schema.json) into the
# gateway's resources, from which it serves it inside /openapi.json. Run after editing the
# schema; a test fails while the copy differs from the file.
set -euo pipefail
cd "$(dirname "$0")/.."
cp docs/schema/application-v1.schema.json Sources/TongbanServer/Resources/application-v1.schema.json
echo "copied docs/schema/application-v1.schema.json into Sources/TongbanServer/Resources"
