#!/usr/bin/env bash
# Builds the three browser modules into www/pkg (git-ignored):
#   certmark      the verifier (verify, trustInfo), size-optimised, loaded by every page
#   certmark_scan the QR scanner (scanRgba), speed-optimised, loaded on first camera/image use
#   certmark_stock the stock-check worker's module (StockReport, readMarks), speed-optimised
# and the embedding package's verifier (speed-optimised, with verifyAll) and scanner into www/embed/pkg.
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
# The embedding package (www/embed: the npm package and the badge other sites load) stands
# alone: its own verifier, speed-optimised (a page of badges checks many marks at once),
# and a copy of the scanner.
cargo build --quiet --locked --lib --target wasm32-unknown-unknown --profile wasm-embed --features embed
wasm-bindgen --target web --out-dir www/embed/pkg --out-name certmark \
  --remove-name-section --remove-producers-section target/wasm32-unknown-unknown/wasm-embed/certmark.wasm
cp www/pkg/certmark_scan.js www/pkg/certmark_scan.d.ts www/pkg/certmark_scan_bg.wasm www/embed/pkg/
rm -f www/embed/pkg/*_bg.wasm.d.ts
