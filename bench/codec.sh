#!/usr/bin/env bash
# The intake path's JSON codecs against Foundation's, measured in the same run: the
# canonical writer (stored documents) against JSONEncoder, the tree decoder (request bodies)
# against JSONDecoder, on a sample application. Builds one optimized binary from the
# sources (TongbanCore is free of dependencies; the parser and decoder are two files of
# TongbanAdapters), checks that both give the same bytes and values, and prints µs per call
# and the ratios (below 1 is faster).
#   bench/codec.sh [APPLICATION.json]
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for f in JSONParser JSONValue TreeDecoder; do
  grep -v '^import TongbanCore$' "Sources/TongbanAdapters/Mapping/$f.swift" > "$out/$f.swift"
done
swiftc -O -wmo -module-name CodecBench $(find Sources/TongbanCore -name '*.swift') "$out"/*.swift bench/codec/main.swift -o "$out/codec"
"$out/codec" "$@"
