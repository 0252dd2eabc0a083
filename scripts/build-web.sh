#!/usr/bin/env bash
# Builds the two browser modules into www/pkg (git-ignored):
#   certmark      the verifier (verify, trustInfo), size-optimised, loaded by every page
#   certmark_scan the QR scanner (scanRgba), speed-optimised, loaded on first camera/image use
#   certmark_stock the stock-check worker's module (StockReport, readMarks), speed-optimised
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --locked --lib --target wasm32-unknown-unknown --profile wasm
wasm-bindgen --target web --out-dir www/pkg --out-name certmark \
  --remove-name-section --remove-producers-section target/wasm32-unknown-unknown/wasm/certmark.wasm
cargo build --quiet --locked --lib --target wasm32-unknown-unknown --profile wasm-scan --features scanner
wasm-bindgen --target web --out-dir www/pkg --out-name certmark_scan \
  --remove-name-section --remove-producers-section target/wasm32-unknown-unknown/wasm-scan/certmark.wasm
cargo build --quiet --locked --lib --target wasm32-unknown-unknown --profile wasm-stock --features stock
wasm-bindgen --target web --out-dir www/pkg --out-name certmark_stock \
  --remove-name-section --remove-producers-section target/wasm32-unknown-unknown/wasm-stock/certmark.wasm
