#!/usr/bin/env bash
# A million revocations: the compact (or exact) form's size, load time and lookup time, natively
# (beside the JSON form and a HashMap), as wasm in Node (the page's size-optimised build),
# and in the page in headless Chromium (download + check + keep, then later starts).
# Usage: scripts/bench-revocations.sh [COUNT]
# FORM=exact: the exact form of a register of 10 × COUNT certificates instead (natively:
# `cargo bench --bench register`, with the compact form and the bound beside it), and 30
# daily deltas of 1,000 changes after it, taken by the page through a signed index.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-1000000}
FORM=${FORM:-compact}
DIR=target/bench-revocations
if [ "$FORM" = exact ]; then
  cargo bench --quiet --locked --bench register -- $((COUNT * 10)) "$COUNT"
  MAKE=(--exact $((COUNT * 10)) --deltas 30)
else
  cargo bench --quiet --locked --bench revocations -- "$COUNT"
  MAKE=(--compact-only)
fi
cargo build --quiet --locked --release --example revocation_list
rm -rf "$DIR/lists" && target/release/examples/revocation_list "${MAKE[@]}" "$COUNT" "$DIR/lists" 5 DEMO-CQC/2026010901234567
# The page's verifier build (profile wasm) with one export added to time lookups.
cargo build --quiet --locked -p certmark-wasm-verifier --target wasm32-unknown-unknown --profile wasm --features bench
wasm-bindgen --target nodejs --out-dir "$DIR/wasm" --out-name certmark target/wasm32-unknown-unknown/wasm/certmark_wasm_verifier.wasm
echo '{"type": "commonjs"}' > "$DIR/wasm/package.json" # wasm-bindgen's nodejs output is CommonJS
scripts/build-web.sh
node scripts/bench-revocations.mjs "$DIR/lists" "$DIR/wasm/certmark.js"
