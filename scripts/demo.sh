#!/usr/bin/env bash
# Quick start: builds certmark and checks every demo mark with the bundled demo trust
# list, so you see each verdict. (The browser verifier arrives with the page issue.)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo build --quiet --release --locked -p certmark-cli
CM=target/release/certmark
echo "certmark built: $CM"
echo
"$CM" verify "$(cat demo/valid-ccc.mark)"
echo
printf '%-20s %-16s %s\n' "demo mark" "verdict" "exit status"
while IFS=$'\t' read -r name expect _; do
  [ "$name" = name ] && continue
  status=0
  json=$("$CM" verify "$(cat "demo/$name.link")" --json) || status=$?
  code=$(sed -n 's/^  "code": "\(.*\)",$/\1/p' <<<"$json")
  printf '%-20s %-16s %s\n' "$name" "$code" "$status"
done < demo/expected.tsv
echo
echo "Try: $CM verify demo/forged.png     $CM inspect \"\$(cat demo/valid-iso-unit.link)\""
