#!/usr/bin/env bash
# The scanner benchmark (README): builds the native example and the scanner wasm, then
# runs scripts/bench-scan.mjs, which prints one table for certmark native and wasm,
# zxing-wasm and jsQR over the shared photos and two 1280x720 camera frames.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
cargo build --quiet --locked --release --features cli --example scan_photos
scripts/build-web.sh
node scripts/bench-scan.mjs "$@"
