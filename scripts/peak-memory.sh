#!/usr/bin/env bash
# Peak memory of the worst inputs each way in: the CLI under /usr/bin/time (maximum
# resident set), the browser's wasm modules in Node (their linear memory, which never
# shrinks). Each limit is met just above and, where it matters, just below.
# Usage: scripts/peak-memory.sh   (about two minutes; needs scripts/build-web.sh first)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release --locked -p certmark-cli
cargo build --quiet --release --locked --example stock_file
CM=target/release/certmark
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

peak() { # peak NAME COMMAND...: one table row, the command's max RSS and its exit status
  local name=$1; shift
  local status=0
  /usr/bin/time -f '%M' -o "$work/rss" "$@" >"$work/out" 2>"$work/err" </dev/null || status=$?
  printf '| %-58s | %8.1f MB | %3s | %s\n' "$name" "$(( $(tail -1 "$work/rss") ))e-3" "$status" \
    "$(grep -v '^ *$' "$work/err" | head -1 | cut -c1-70)"
}
echo '| CLI, worst case                                            | peak RSS    | exit | says'
echo '|------------------------------------------------------------|-------------|------|-----'
peak "one demo mark (baseline)" $CM verify --as-of 2026-11-21 "$(cat demo/valid-ccc.mark)"
peak "mark from endless standard input (/dev/zero)" sh -c "$CM verify - < /dev/zero"
head -c $((64 << 20)) /dev/zero | tr '\0' 'C' > "$work/big.txt"
peak "64 MB text file as a mark (the file limit)" $CM verify "$work/big.txt"
truncate -s 10G "$work/sparse.csv"
peak "10 GB marks file (sparse: size refused unread)" $CM verify --batch "$work/sparse.csv"
peak "endless marks file (/dev/zero: read to the 128 MB limit)" $CM verify --batch /dev/zero
# The largest file taken is 128 MB: about 320,000 distinct unit marks of this length.
target/release/examples/stock_file 320000 "$work/m" valid >/dev/null 2>&1
peak "320,000 distinct valid unit marks ($(( $(stat -c %s "$work/m/marks.csv") >> 20 )) MB, near the file limit)" \
  $CM verify --as-of 2026-11-21 --batch "$work/m/marks.csv" --csv "$work/report.csv"
python3 - "$work" <<'PY'
import struct, sys, zlib
def png(path, w, h, color=6):
    chan = {0: 1, 6: 4}[color]
    z = zlib.compressobj(1)
    row = b'\0' + b'\xff' * (w * chan)
    raw = b''.join(z.compress(row) for _ in range(h)) + z.flush()
    chunk = lambda t, d: struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
    open(path, 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, color, 0, 0, 0))
                           + chunk(b'IDAT', raw) + chunk(b'IEND', b''))
png(sys.argv[1] + '/bomb.png', 100000, 1)          # then its header says 100000 x 100000
b = bytearray(open(sys.argv[1] + '/bomb.png', 'rb').read()); b[20:24] = struct.pack('>I', 100000)
open(sys.argv[1] + '/bomb.png', 'wb').write(bytes(b))
png(sys.argv[1] + '/rgba-12000.png', 12000, 12000) # 576 MB decoded: over the allocation limit
png(sys.argv[1] + '/rgba-11000.png', 11000, 11000) # 484 MB decoded: the largest taken
PY
peak "PNG claiming 100000 x 100000 pixels" $CM verify "$work/bomb.png"
peak "12000 x 12000 RGBA PNG (over the 512 MB decode limit)" $CM verify "$work/rgba-12000.png"
peak "11000 x 11000 RGBA PNG (decoded, scanned, no code)" $CM verify "$work/rgba-11000.png"

echo
node scripts/peak-memory.mjs "$work"
