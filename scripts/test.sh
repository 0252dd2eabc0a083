#!/usr/bin/env bash
# Every test: formatting, lints (native and wasm32), docs, unit, vector, CLI and doc
# tests, and checks that generated files match their generators.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export CARGO_TERM_COLOR=never
step() { printf '\n== %s\n' "$*" >&2; }

step "format"
cargo fmt --all -- --check

step "clippy, native (all targets, all features)"
cargo clippy --all-targets --all-features --locked -- -D warnings

step "clippy, wasm32 (the library as the page will use it)"
cargo clippy --lib --target wasm32-unknown-unknown --locked -- -D warnings

step "no CLI dependency reaches the wasm build"
leaks=$(cargo tree --target wasm32-unknown-unknown -e normal --prefix none --locked \
  | grep -E '^(clap|image|png|indicatif|csv|getrandom|rand|qrcode) ' || true)
if [ -n "$leaks" ]; then echo "wasm build pulls in: $leaks" >&2; exit 1; fi

step "docs"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --all-features --locked

step "test vectors match their generator"
cargo run --quiet --locked --example vectors
git diff --exit-code --stat -- tests/vectors || {
  echo "tests/vectors differs from examples/vectors.rs: run 'cargo run --example vectors' and commit" >&2
  exit 1
}

step "tests (unit, vectors, CLI, doc examples)"
cargo test --all-features --locked
