#!/usr/bin/env bash
# Stock-check benchmark: 100,000 marks, a clean delivery (all valid) and a mixed one (every
# verdict, 2.3 % forged), through `certmark verify --batch` on 1 and 2 threads and through
# the stock page's file check in headless Chromium. Signature peers: cargo bench --bench throughput.
# Usage: scripts/bench-stock.sh [COUNT]
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-100000}
DIR=target/bench-stock
cargo build --quiet --locked --release -p certmark-cli
cargo build --quiet --locked --release --example stock_file
[ -f "$DIR/clean-$COUNT/marks.csv" ] || target/release/examples/stock_file "$COUNT" "$DIR/clean-$COUNT" valid 2>/dev/null
[ -f "$DIR/mixed-$COUNT/marks.csv" ] || target/release/examples/stock_file "$COUNT" "$DIR/mixed-$COUNT" 2>/dev/null
# Time other guests of this VM took from its cores during the run (/proc/stat "steal"):
# figures of a run with much of it are slow for reasons outside this code.
steal() { awk '/^cpu / { print $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat 2>/dev/null || echo "0 0"; }
read -r steal0 all0 < <(steal)
report_steal() {
  read -r steal1 all1 < <(steal)
  awk -v s=$((steal1 - steal0)) -v a=$((all1 - all0)) \
    'BEGIN { if (a > 0) printf "\nCPU time stolen by other guests during the run: %.1f %%\n", 100 * s / a }'
}
trap report_steal EXIT
echo "| file | path | wall s | marks/s |"
echo "|---|---|---|---|"
for kind in clean mixed; do
  for threads in 1 2; do
    start=$(date +%s%N)
    target/release/certmark verify --batch "$DIR/$kind-$COUNT/marks.csv" --as-of 2026-11-21 \
      --threads "$threads" >/dev/null || true
    ns=$(( $(date +%s%N) - start ))
    awk -v k="$kind" -v t="$threads" -v ns="$ns" -v n="$COUNT" \
      'BEGIN { printf "| %s | CLI, %d thread(s) | %.2f | %.0f |\n", k, t, ns/1e9, n/(ns/1e9) }'
  done
done
[ -n "${CLI_ONLY:-}" ] && exit 0
scripts/build-web.sh
node scripts/bench-stock.mjs "$DIR/clean-$COUNT/marks.csv" "$DIR/mixed-$COUNT/marks.csv"
