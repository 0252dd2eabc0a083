#!/usr/bin/env bash
# The scanner benchmark (README): builds the native example and the scanner wasm, then
# runs scripts/bench-scan.mjs, which prints one table for certmark native and wasm,
# zxing-wasm and jsQR over the shared photos, 120 synthetic photos of the demo marks and two
# 1280x720 camera frames.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
cargo build --quiet --locked --release --example scan_photos --example synth_photos
scripts/build-web.sh
rm -rf target/synth-photos
target/release/examples/synth_photos target/synth-photos 120
SYNTH_PHOTOS=target/synth-photos node scripts/bench-scan.mjs "$@"
