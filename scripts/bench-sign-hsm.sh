#!/usr/bin/env bash
# Batch signing: a key file against a key in a PKCS#11 token (SoftHSM2), the same
# `certmark sign --batch` of N unit marks (default 10,000), 1 and 2 threads; median of 5
# runs each, wall time, marks per second. No QR codes, so only signing and writing count.
#   scripts/bench-sign-hsm.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
cargo build --release --locked --quiet -p certmark-cli
bin=$PWD/target/release/certmark
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOFTHSM2_CONF=$tmp/softhsm2.conf CERTMARK_PKCS11_MODULE=/usr/lib/softhsm/libsofthsm2.so
export CERTMARK_PKCS11_PIN=4321
mkdir "$tmp/tokens"
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' "$tmp" >"$SOFTHSM2_CONF"
softhsm2-util --init-token --free --label bench --pin 4321 --so-pin 87654321 >/dev/null
"$bin" keygen --token 'pkcs11:token=bench;object=issuer' >/dev/null 2>&1
"$bin" keygen --out "$tmp/issuer.key" --issuer TEST-H --key-number 1 >/dev/null 2>&1
{
  echo "serial,cert,holder,scheme,scope,valid_from,valid_to"
  for ((i = 0; i < n; i++)); do echo "U-$i,H-$((i % 7)),硬件演示有限公司,CCC,Kettle,2026-01-01,2029-12-31"; done
} >"$tmp/units.csv"

run() { # key threads → milliseconds of one batch
  rm -rf "$tmp/out"
  local t0 t1
  t0=$(date +%s%N)
  "$bin" sign --key "$1" --issuer TEST-H --key-number 1 --batch "$tmp/units.csv" --out "$tmp/out" \
    --threads "$2" 2>/dev/null
  t1=$(date +%s%N)
  echo $(((t1 - t0) / 1000000))
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-24s %8s %10s %12s\n' key threads "ms" "marks/s"
for threads in 1 2; do
  for key in "$tmp/issuer.key" 'pkcs11:token=bench;object=issuer'; do
    ms=$(for _ in 1 2 3 4 5; do run "$key" "$threads"; done | median)
    name=$([[ $key == pkcs11:* ]] && echo "SoftHSM2 token" || echo "key file")
    printf '%-24s %8d %10d %12d\n' "$name" "$threads" "$ms" $((n * 1000 / (ms > 0 ? ms : 1)))
  done
done
