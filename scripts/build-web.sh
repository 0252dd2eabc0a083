#!/usr/bin/env bash
# Builds the browser modules into www/pkg (git-ignored):
#   certmark       wasm/verifier: verify, trustInfo; size-optimised, loaded by every page
#   certmark_updates wasm/updates: offered lists parsed and checked; loaded when one is offered
#   certmark_scan  wasm/scanner: scanRgba; speed-optimised, loaded on first camera/image use
#   certmark_stock wasm/stock: the stock-check workers' module (StockReport, readMarks)
# and wasm/embed (the verifier plus verifyAll, speed-optimised) with the scanner and the
# codes module into www/embed/pkg;
# then the bundled trust lists into www/trust (where the page looks for updates) and the
# service worker's file list, www/sw-files.js.
set -euo pipefail
cd "$(dirname "$0")/.."
# One crate per module (wasm/*), each built on its own: module, profile, output name.
build() { # crate profile out-dir out-name
  cargo build --quiet --locked -p "certmark-wasm-$1" --target wasm32-unknown-unknown --profile "$2"
  wasm-bindgen --target web --out-dir "$3" --out-name "$4" \
    --remove-name-section --remove-producers-section "target/wasm32-unknown-unknown/$2/certmark_wasm_$1.wasm"
}
build verifier wasm www/pkg certmark
build updates wasm www/pkg certmark_updates
build scanner wasm-scan www/pkg certmark_scan
build stock wasm-stock www/pkg certmark_stock
build codes wasm www/pkg certmark_codes
# The embedding package (www/embed: the npm package and the badge other sites load) stands
# alone: its own verifier, speed-optimised (a page of badges checks many marks at once),
# and copies of the scanner and of the codes module (what a non-mark code is, loaded on
# the first not-a-mark outcome).
build embed wasm-embed www/embed/pkg certmark
cp www/pkg/certmark_scan.js www/pkg/certmark_scan.d.ts www/pkg/certmark_scan_bg.wasm www/embed/pkg/
cp www/pkg/certmark_codes.js www/pkg/certmark_codes.d.ts www/pkg/certmark_codes_bg.wasm www/embed/pkg/
rm -f www/embed/pkg/*_bg.wasm.d.ts

# The page checks www/trust/ for newer lists; serving the bundled ones means "up to date".
mkdir -p www/trust
cp trust/trust-list.json trust/trust-list.json.sig trust/revocations.json trust/revocations.json.sig www/trust/
# What the service worker keeps offline, in groups: each page asks for its own once it has
# answered (ui/offline.js), the scanner's when the camera or an image is first used, the
# codes module's after the first not-a-mark verdict, the updates module's when a list is
# first offered; a
# version (a hash of every file) changes with any of them.
verifier=(./ index.html index.css favicon.svg manifest.webmanifest boot.js app.js i18n.js ui/verdict.js
  ui/trust.js ui/files.js ui/offline.js ui/offers.js embed/verdicts.js embed/rules.js embed/idb.js embed/updates.js
  embed/update-rules.js embed/kept.js embed/limits.js pkg/certmark.js pkg/certmark_bg.wasm)
updates=(pkg/certmark_updates.js pkg/certmark_updates_bg.wasm)
scanner=(scanner.js scan-worker.js ui/camera.js ui/images.js pkg/certmark_scan.js pkg/certmark_scan_bg.wasm)
codes=(pkg/certmark_codes.js pkg/certmark_codes_bg.wasm)
stock=(stock.html stock.js stock-worker.js signature-worker.js index.css stock.css favicon.svg manifest.webmanifest
  i18n.js i18n-more.js ui/report.js ui/files.js ui/offline.js embed/verdicts.js embed/rules.js embed/idb.js
  embed/updates.js embed/update-rules.js embed/kept.js embed/limits.js pkg/certmark_stock.js pkg/certmark_stock_bg.wasm)
all=$(printf '%s\n' "${verifier[@]:1}" "${updates[@]}" "${scanner[@]}" "${codes[@]}" "${stock[@]}" | sort -u)
# shellcheck disable=SC2086 # one file name per word
version=$(cd www && cat $all | sha256sum | cut -c1-16)
group() { printf '  %s: [' "$1"; shift; printf "'%s', " "$@"; printf '],\n'; }
{
  echo "// Written by scripts/build-web.sh: the files the service worker (sw.js) keeps offline, by group."
  echo "self.CERTMARK_VERSION = '$version';"
  echo 'self.CERTMARK_GROUPS = {'
  group verifier "${verifier[@]}"
  group updates "${updates[@]}"
  group scanner "${scanner[@]}"
  group codes "${codes[@]}"
  group stock "${stock[@]}"
  echo '};'
} > www/sw-files.js
