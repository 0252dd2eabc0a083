#!/usr/bin/env bash
# Every test: formatting, lints (native and wasm32), docs, unit, vector, CLI and doc
# tests, the vectors again as wasm in Node and in headless Chromium, and the pages in
# Chromium (Playwright), WebKit and Firefox (WebDriver). Also checks that generated files
# match their generators.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export CARGO_TERM_COLOR=never
# Each step's heading says how long the one before it took, so a slow CI run shows where.
started=$SECONDS
previous=$SECONDS
step() {
  printf '\n== %s   [last step %d s, %d s in all]\n' "$*" $((SECONDS - previous)) $((SECONDS - started)) >&2
  previous=$SECONDS
}
trap 'printf "\n== end   [last step %d s, %d s in all]\n" $((SECONDS - previous)) $((SECONDS - started)) >&2' EXIT

step "format"
cargo fmt --all -- --check

step "clippy, native (the core and the CLI: all targets, all features)"
cargo clippy --all-targets --all-features --locked -p certmark -p certmark-cli -p certmark-wasm-common -- -D warnings

step "clippy, wasm32 (the core and its wasm tests, the browser modules)"
cargo clippy --lib --tests --all-features --target wasm32-unknown-unknown --locked \
  --workspace --exclude certmark-cli -- -D warnings

step "the core has no wasm or CLI dependency; no CLI dependency reaches a browser module"
core=$(cargo tree -p certmark -e normal --prefix none --locked --target all)
leaks=$(grep -E '^(wasm-bindgen|js-sys|web-sys|clap|image|png|indicatif|csv|getrandom|rand|qrcode|mimalloc|cryptoki|rpassword) ' <<<"$core" || true)
if [ -n "$leaks" ]; then echo "the core pulls in: $leaks" >&2; exit 1; fi
modules=(-p certmark-wasm-verifier -p certmark-wasm-updates -p certmark-wasm-scanner -p certmark-wasm-stock -p certmark-wasm-embed -p certmark-wasm-codes)
leaks=$(cargo tree "${modules[@]}" --target wasm32-unknown-unknown -e normal --prefix none --locked \
  | grep -E '^(clap|image|png|indicatif|csv|getrandom|rand|qrcode|mimalloc|cryptoki|rpassword) ' || true)
if [ -n "$leaks" ]; then echo "wasm build pulls in: $leaks" >&2; exit 1; fi

step "docs"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --all-features --locked --workspace

step "test vectors and the hostile-text corpus match their generator"
cargo run --quiet --locked --example vectors
git diff --exit-code --stat -- tests/vectors tests/hostile || {
  echo "tests/vectors or tests/hostile differs from examples/vectors.rs: run 'cargo run --example vectors' and commit" >&2
  exit 1
}

step "the rules and words the pages share with the core match their generator"
cargo run --quiet --locked --example rules
git diff --exit-code --stat -- www/embed/rules.js www/embed/rules.d.ts www/embed/update-rules.js \
  www/embed/update-rules.d.ts wasm/common/src/types.d.ts || {
  echo "rules.js, update-rules.js, their .d.ts or types.d.ts differs from examples/rules.rs: run 'cargo run --example rules' and commit" >&2
  exit 1
}

step "the stock-check test file matches its generator"
cargo run --quiet --locked --release --example stock_file -- 1000 tests/stock 2>/dev/null
git diff --exit-code --stat -- tests/stock || {
  echo "tests/stock differs from examples/stock_file.rs: rerun it and commit" >&2
  exit 1
}

step "tests (unit, vectors, CLI, doc examples, the wasm types against serde)"
cargo test --all-features --locked -p certmark -p certmark-cli -p certmark-wasm-common

step "test vectors as wasm, in Node and in headless Chromium"
cargo test --locked --target wasm32-unknown-unknown --test wasm
WASM_BINDGEN_USE_BROWSER=1 cargo test --locked --target wasm32-unknown-unknown --test wasm

step "the pages in Chromium (Playwright), WebKit and Firefox (WebDriver); screenshots go to test-output/"
scripts/build-web.sh
node --test --test-concurrency=1 tests/e2e/

step "fuzz: each target for a short, bounded run, from the seeds and every input once found"
node fuzz/seed.mjs
for target in $(cd fuzz && cargo +nightly fuzz list); do
  mkdir -p "fuzz/corpus/$target" # libFuzzer refuses a corpus directory that is missing
  (cd fuzz && cargo +nightly fuzz run "$target" "corpus/$target" "regressions/$target" -- \
    -max_total_time="${FUZZ_SECONDS:-12}" \
    -timeout=10 -rss_limit_mb=2048 -max_len=20000 -print_final_stats=1 2>&1 | tail -n 12)
done
