#!/usr/bin/env bash
# Quick start: builds the browser verifier and serves it on 127.0.0.1 with the bundled
# demo trust list, ready to check the demo marks. PORT=8080 by default.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build-web.sh
PORT=${PORT:-8080}
echo
echo "Demo links (open one, or scan demo/*.png with a phone on the same machine):"
for n in valid-ccc valid-iso-unit forged expired withdrawn suspended unknown-issuer; do
  printf '  %-16s http://127.0.0.1:%s/%s\n' "$n" "$PORT" "$(sed 's|^[^#]*||' "demo/$n.link")"
done
echo "Badges on a product listing (the embedding example): http://127.0.0.1:$PORT/shop.html"
echo
PORT=$PORT exec node scripts/serve.mjs www
