#!/usr/bin/env bash
# Makes the demo trust directory (trust/) and demo marks for every verdict (demo/),
# using only the certmark CLI. Demo secret keys live in demo-keys/ and are public on
# purpose: anyone can sign demo marks, which is why every demo verdict says DEMO.
#
# Re-running with the same keys reproduces the same files (Ed25519 is deterministic).
# Usage: scripts/make-demo.sh [VERIFIER_URL]   (default http://127.0.0.1:8080/)
set -euo pipefail
cd "$(dirname "$0")/.."
URL=${1:-http://127.0.0.1:8080/}
KEYS=demo-keys
cargo build --quiet --release -p certmark-cli
CM=target/release/certmark

mkdir -p "$KEYS" trust demo
key() { # key FILE [keygen args...]: make the key once
  local f="$KEYS/$1"; shift
  [ -f "$f" ] || "$CM" keygen --out "$f" "$@" >/dev/null 2>&1
}
pub() { sed -n 's/.*"public_key": "\(.*\)".*/\1/p' "$KEYS/$1"; }

key root.key --name "certmark demo root"
key demo-cqc-1.key --issuer DEMO-CQC --key-number 1
key demo-cqc-2.key --issuer DEMO-CQC --key-number 2
key demo-iso-1.key --issuer DEMO-ISO --key-number 1
key demo-green-1.key --issuer DEMO-GREEN --key-number 1
key demo-green-2.key --issuer DEMO-GREEN --key-number 2
key forger.key

cat > trust/roots.json <<JSON
{
  "format": "certmark-roots/1",
  "roots": [{"name": "certmark demo root", "public_key": "$(pub root.key)"}]
}
JSON

cat > trust/trust-list.json <<JSON
{
  "format": "certmark-trust-list/1",
  "sequence": 1,
  "issued": "2026-11-01",
  "expires": "2028-11-01",
  "issuers": [
    {
      "id": "DEMO-CQC",
      "name": {"en": "Demo China Quality Certification Centre", "zh": "演示中国质量认证中心"},
      "country": "CN",
      "accreditation": "CNCA-R-DEMO-001",
      "schemes": ["CCC"],
      "demo": true,
      "keys": [
        {"key": 1, "public_key": "$(pub demo-cqc-1.key)", "signs_from": "2019-01-01", "signs_until": "2025-06-30", "revoked_from": null},
        {"key": 2, "public_key": "$(pub demo-cqc-2.key)", "signs_from": "2025-07-01", "signs_until": "2030-12-31", "revoked_from": null}
      ]
    },
    {
      "id": "DEMO-ISO",
      "name": {"en": "Demo Management Systems Certification Co., Ltd.", "zh": "演示管理体系认证有限公司"},
      "country": "CN",
      "accreditation": "CNCA-R-DEMO-002",
      "schemes": ["ISO9001", "ISO14001"],
      "demo": true,
      "keys": [
        {"key": 1, "public_key": "$(pub demo-iso-1.key)", "signs_from": "2024-01-01", "signs_until": "2030-12-31", "revoked_from": null}
      ]
    },
    {
      "id": "DEMO-GREEN",
      "name": {"en": "Demo Green Product Certification Centre", "zh": "演示绿色产品认证中心"},
      "country": "CN",
      "accreditation": "CNCA-R-DEMO-003",
      "schemes": ["GREEN"],
      "demo": true,
      "keys": [
        {"key": 1, "public_key": "$(pub demo-green-1.key)", "signs_from": "2024-01-01", "signs_until": "2030-12-31", "revoked_from": "2026-06-01"},
        {"key": 2, "public_key": "$(pub demo-green-2.key)", "signs_from": "2026-06-01", "signs_until": "2030-12-31", "revoked_from": null}
      ]
    }
  ]
}
JSON

cat > trust/revocations.json <<'JSON'
{
  "format": "certmark-revocations/1",
  "sequence": 1,
  "issued": "2026-11-01",
  "entries": [
    {"issuer": "DEMO-ISO", "cert": "DEMO-Q-2024-00077", "status": "withdrawn", "since": "2026-03-01",
     "reason": "证书持有人停止生产 / The holder stopped production"},
    {"issuer": "DEMO-CQC", "cert": "2025110900000815", "status": "suspended", "since": "2026-09-15",
     "reason": "监督抽样不合格 / Failed a surveillance sample test"}
  ]
}
JSON

"$CM" trust-list sign trust/trust-list.json --key "$KEYS/root.key" --today 2026-11-21
"$CM" revocations sign trust/revocations.json --key "$KEYS/root.key" --trust-list trust/trust-list.json --today 2026-11-21

# The CLI embeds trust/, so rebuild before verifying anything.
cargo build --quiet --release -p certmark-cli

KETTLE=(--holder "深圳市演示电器有限公司" --scheme CCC
        --scope "电热水壶 DK-1500、DK-1800 / Electric kettle DK-1500, DK-1800"
        --extra "standard=GB 4706.1-2005")
rm -f demo/*.mark demo/*.link demo/*.png demo/*.svg demo/expected.tsv
printf 'name\texpect\tas-of\n' > demo/expected.tsv
# mark NAME EXPECT KEYFILE FIELDS...: sign, write .mark .link .png .svg, record the verdict
mark() {
  local name=$1 expect=$2 keyfile=$3; shift 3
  local out
  out=$("$CM" sign --key "$KEYS/$keyfile" --url "$URL" --qr "demo/$name.png" --scale 6 "$@")
  sed -n 1p <<<"$out" > "demo/$name.mark"
  sed -n 2p <<<"$out" > "demo/$name.link"
  "$CM" sign --key "$KEYS/$keyfile" --url "$URL" --qr "demo/$name.svg" "$@" >/dev/null 2>&1
  printf '%s\t%s\t2026-11-21\n' "$name" "$expect" >> demo/expected.tsv
}

mark valid-ccc valid demo-cqc-2.key --cert 2026010901234567 "${KETTLE[@]}" \
  --valid-from 2026-01-09 --valid-to 2031-01-08
mark valid-iso-unit valid demo-iso-1.key --cert DEMO-Q-2025-00421 \
  --holder "杭州演示精密机械有限公司" --scheme ISO9001 \
  --scope "数控机床零部件的设计和生产 / Design and manufacture of CNC machine parts" \
  --valid-from 2025-03-15 --valid-to 2028-03-14 --serial SN-2026-000123
mark valid-rotated-key valid demo-cqc-1.key --cert 2024030100000311 "${KETTLE[@]}" \
  --valid-from 2024-03-01 --valid-to 2029-02-28
mark forged forged forger.key --issuer DEMO-CQC --key-number 2 --cert 2026010901234567 "${KETTLE[@]}" \
  --valid-from 2026-01-09 --valid-to 2031-01-08
mark expired expired demo-cqc-1.key --cert 2019050100000042 "${KETTLE[@]}" \
  --valid-from 2019-05-01 --valid-to 2024-04-30
mark not-yet-valid not-yet-valid demo-cqc-2.key --cert 2030060100000007 "${KETTLE[@]}" \
  --valid-from 2030-06-01 --valid-to 2035-05-31
mark withdrawn withdrawn demo-iso-1.key --cert DEMO-Q-2024-00077 \
  --holder "苏州演示包装材料有限公司" --scheme ISO9001 --scope "塑料包装材料的生产 / Production of plastic packaging" \
  --valid-from 2024-05-01 --valid-to 2027-04-30
mark suspended suspended demo-cqc-2.key --cert 2025110900000815 "${KETTLE[@]}" \
  --valid-from 2025-11-09 --valid-to 2030-11-08
mark unknown-issuer unknown-issuer forger.key --issuer DEMO-NOBODY --key-number 1 --cert X-0001 \
  --holder "某某公司" --scheme CCC --scope "电源适配器 / Power adapter" --valid-from 2026-01-01 --valid-to 2030-12-31
mark unknown-key unknown-key forger.key --issuer DEMO-CQC --key-number 7 --cert 2026020200000001 "${KETTLE[@]}" \
  --valid-from 2026-02-02 --valid-to 2031-02-01
mark key-not-valid key-not-valid demo-green-1.key --cert DEMO-G-2026-0099 \
  --holder "宁波演示家具有限公司" --scheme GREEN --scope "实木家具 / Solid wood furniture" \
  --valid-from 2026-08-01 --valid-to 2029-07-31
mark not-accredited not-accredited demo-iso-1.key --cert DEMO-Q-2026-00500 "${KETTLE[@]}" \
  --valid-from 2026-02-01 --valid-to 2031-01-31

# A valid mark whose holder is markup: pages must show it as text and run nothing.
mark hostile-holder valid demo-cqc-2.key --cert 2026030300000666 --holder '<img src=x onerror=alert(1)>' \
  --scheme CCC --scope '<script>alert(2)</script> ‮evil' --valid-from 2026-03-03 --valid-to 2031-03-02

# Unreadable inputs, for the page and the tests (not signed: they are not marks).
valid=$(cat demo/valid-ccc.mark)
echo "${valid:0:60}" > demo/malformed.mark
echo "https://example.com/product/123" > demo/not-a-mark.mark
echo "CM2:AAAA" > demo/unsupported.mark
for n in malformed not-a-mark unsupported; do
  printf '%s#%s\n' "$URL" "$(cat demo/$n.mark)" > "demo/$n.link"
  printf '%s\t%s\t2026-11-21\n' "$n" "$n" >> demo/expected.tsv
done

# Every demo mark must give its verdict.
fail=0
while IFS=$'\t' read -r name expect asof; do
  [ "$name" = name ] && continue
  got=$("$CM" verify "$(cat "demo/$name.mark")" --as-of "$asof" --json | sed -n 's/^  "code": "\(.*\)",$/\1/p' || true)
  [ "$got" = "$expect" ] || { echo "demo/$name: expected $expect, got $got" >&2; fail=1; }
done < demo/expected.tsv
[ $fail = 0 ] && echo "demo marks: all $(($(wc -l < demo/expected.tsv) - 1)) give their verdict"
exit $fail
