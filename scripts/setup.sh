#!/usr/bin/env bash
# Installs what the build and tests need, only what is missing. Idempotent and quick
# when everything is present.
set -euo pipefail
have_target() { rustup target list --installed 2>/dev/null | grep -qx "$1"; }
if ! have_target wasm32-unknown-unknown; then
  echo "setup: adding the wasm32-unknown-unknown target" >&2
  rustup target add wasm32-unknown-unknown
fi
for c in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$c"; then
    echo "setup: adding $c" >&2
    rustup component add "$c"
  fi
done
