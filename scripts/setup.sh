#!/usr/bin/env bash
# Installs what the build and tests need, only what is missing: quick when all is there.
#   scripts/setup.sh         Rust parts: wasm32 target, rustfmt, clippy, wasm-bindgen CLI
#   scripts/setup.sh test    also Chromium + chromedriver, WebKitGTK's WebKitWebDriver +
#                            Xvfb, Firefox ESR (Debian), geckodriver, the npm packages and
#                            cargo-fuzz (with the nightly toolchain already there)
set -euo pipefail
cd "$(dirname "$0")/.."
WASM_BINDGEN=0.2.130   # must equal the wasm-bindgen version in Cargo.lock
CARGO_FUZZ=0.13.2
GECKODRIVER=0.37.1

say() { echo "setup: $*" >&2; }
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for c in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$c"; then
    say "adding $c"
    rustup component add "$c"
  fi
done
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN (a few minutes, once per machine)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN" --force
fi
if ! command -v node >/dev/null 2>&1; then
  say "installing Node.js"
  apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi

[ "${1:-}" = test ] || exit 0

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  say "installing Chromium and chromedriver"
  apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null
fi
if ! command -v WebKitWebDriver >/dev/null 2>&1 || ! command -v Xvfb >/dev/null 2>&1 \
  || ! command -v firefox-esr >/dev/null 2>&1; then
  say "installing WebKitGTK's WebDriver, Xvfb and Firefox ESR (the other engines' tests)"
  apt-get update -qq && apt-get install -y -qq webkit2gtk-driver xvfb firefox-esr >/dev/null
fi
if [ "$(geckodriver --version 2>/dev/null | head -n 1 | cut -d' ' -f2)" != "$GECKODRIVER" ]; then
  say "installing geckodriver $GECKODRIVER (a minute or two, once per machine)"
  cargo install geckodriver --version "$GECKODRIVER" --locked --force
fi
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  say "installing a Chinese font (for readable screenshots)"
  apt-get update -qq && apt-get install -y -qq fonts-wqy-zenhei >/dev/null
fi
if [ ! -f /usr/lib/softhsm/libsofthsm2.so ] || ! command -v softhsm2-util >/dev/null 2>&1 \
  || [ ! -f /usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-trust.so ]; then
  say "installing SoftHSM2 and p11-kit's modules (real PKCS#11 tokens for the key tests)"
  apt-get update -qq && apt-get install -y -qq softhsm2 p11-kit-modules >/dev/null
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  say "the fuzz step needs the nightly toolchain (rustup toolchain install nightly)"
  exit 1
fi
if [ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ" ]; then
  say "installing cargo-fuzz $CARGO_FUZZ (a minute or two, once per machine)"
  cargo install cargo-fuzz --version "$CARGO_FUZZ" --locked --force
fi
