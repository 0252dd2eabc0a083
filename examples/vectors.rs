//! Writes the test vectors in `tests/vectors/`: a test trust directory made from fixed
//! seeds, and one file per case with its expected code; and the hostile-text corpus in
//! `tests/hostile/corpus.json`: demo marks (signed with the public demo key, so the page's
//! bundled trust list takes them) holding markup, script, bidi controls, look-alikes,
//! formulas and terminal escapes in every text field, with what each must show. Deterministic: CI re-runs it
//! and fails on any difference, so the files and this generator never drift apart.
//!
//! `cargo run --example vectors`

#[path = "../tests/common/demo.rs"]
mod demo;

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use certmark::list::{encode_public_key, sign_detached};
use certmark::mark::{encode_digits, encode_text, signed_message};
use certmark::{revocation, trust, Claims, Date, Mark, SigningKey};
use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use ed25519_dalek::Signer;
use sha2::{Digest, Sha512};

const AS_OF: &str = "2026-11-21";

fn key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

fn d(s: &str) -> Date {
    s.parse().expect("generator dates are valid")
}

fn base() -> Claims {
    Claims {
        issuer: "TEST-A".into(),
        key: 1,
        cert: "C-1".into(),
        holder: "测试电器有限公司 Test Appliances".into(),
        scheme: "CCC".into(),
        scope: "电热水壶 Kettle K-1".into(),
        valid_from: d("2026-01-01"),
        valid_to: d("2027-12-31"),
        serial: None,
        extra: vec![],
    }
}

fn sign(c: &Claims, k: &SigningKey) -> Vec<u8> {
    Mark::sign(c, k)
        .expect("generator claims are well-formed")
        .bytes()
        .to_vec()
}

/// Raw CBOR writing, free to break the rules on purpose.
fn head(out: &mut Vec<u8>, major: u8, v: u64) {
    let m = major << 5;
    match v {
        0..=23 => out.push(m | v as u8),
        24..=0xff => out.extend([m | 24, v as u8]),
        0x100..=0xffff => {
            out.push(m | 25);
            out.extend((v as u16).to_be_bytes());
        }
        _ => {
            out.push(m | 26);
            out.extend((v as u32).to_be_bytes());
        }
    }
}

fn text(out: &mut Vec<u8>, s: &[u8]) {
    head(out, 3, s.len() as u64);
    out.extend_from_slice(s);
}

/// A body built field by field; `items` are pre-encoded CBOR items.
fn body(items: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    head(&mut out, 4, items.len() as u64);
    for i in items {
        out.extend_from_slice(i);
    }
    out
}

fn t(s: &str) -> Vec<u8> {
    let mut o = Vec::new();
    text(&mut o, s.as_bytes());
    o
}

fn u(v: u64) -> Vec<u8> {
    let mut o = Vec::new();
    head(&mut o, 0, v);
    o
}

/// The eight base fields as items.
fn base_items() -> Vec<Vec<u8>> {
    let c = base();
    vec![
        t(&c.issuer),
        u(c.key),
        t(&c.cert),
        t(&c.holder),
        t(&c.scheme),
        t(&c.scope),
        u(c.valid_from.0),
        u(c.valid_to.0),
    ]
}

/// A body with a placeholder signature: for rules decided before the signature.
fn unsigned(body: Vec<u8>) -> Vec<u8> {
    let mut b = body;
    b.extend([0u8; 64]);
    b
}

/// A body with a real signature by `k`.
fn signed(body: Vec<u8>, k: &SigningKey) -> Vec<u8> {
    let sig = k.sign(&signed_message(&body));
    let mut b = body;
    b.extend(sig.to_bytes());
    b
}

/// What a vector expects, and of what kind of input.
struct Head<'a> {
    kind: &'a str,
    expect: &'a str,
    rule: Option<&'a str>,
    as_of: &'a str,
    /// For not-a-mark: the kind of code it is instead (certmark::code::Code::kind).
    other: Option<&'a str>,
}

/// (key number, public key, signs_from, signs_until, revoked_from)
type KeySpec<'a> = (u64, String, &'a str, &'a str, Option<&'a str>);

struct Out {
    dir: &'static Path,
    count: usize,
}

impl Out {
    fn case(&mut self, name: &str, h: Head<'_>, comment: &str, input: &str) {
        let mut s = String::new();
        writeln!(s, "comment: {comment}").ok();
        if h.kind != "mark" {
            writeln!(s, "kind: {}", h.kind).ok();
        }
        writeln!(s, "expect: {}", h.expect).ok();
        if let Some(r) = h.rule {
            writeln!(s, "rule: {r}").ok();
        }
        if let Some(o) = h.other {
            writeln!(s, "other: {o}").ok();
        }
        if h.kind == "mark" {
            writeln!(s, "as-of: {}", h.as_of).ok();
        }
        assert!(!input.contains('\n'), "{name}: input must be one line");
        writeln!(s, "input: {input}").ok();
        fs::write(self.dir.join(format!("{name}.txt")), s).expect("write vector");
        self.count += 1;
    }

    fn mark(&mut self, name: &str, expect: &str, comment: &str, input: &str) {
        self.case(
            name,
            Head {
                kind: "mark",
                expect,
                rule: None,
                as_of: AS_OF,
                other: None,
            },
            comment,
            input,
        );
    }

    /// A code that is not a mark, and the kind of code it is instead.
    fn other(&mut self, name: &str, other: &str, comment: &str, input: &str) {
        self.case(
            name,
            Head {
                kind: "mark",
                expect: "not-a-mark",
                rule: Some("not-a-mark"),
                as_of: AS_OF,
                other: Some(other),
            },
            comment,
            input,
        );
    }

    fn mark_at(&mut self, name: &str, expect: &str, as_of: &str, comment: &str, input: &str) {
        self.case(
            name,
            Head {
                kind: "mark",
                expect,
                rule: None,
                as_of,
                other: None,
            },
            comment,
            input,
        );
    }

    fn malformed(&mut self, name: &str, rule: &str, comment: &str, input: &str) {
        let h = Head {
            kind: "mark",
            expect: "malformed",
            rule: Some(rule),
            as_of: AS_OF,
            other: None,
        };
        self.case(name, h, comment, input);
    }

    fn list(&mut self, name: &str, kind: &str, expect: &str, comment: &str, input: &str) {
        self.case(
            name,
            Head {
                kind,
                expect,
                rule: None,
                as_of: AS_OF,
                other: None,
            },
            comment,
            input,
        );
    }
}

fn trust_list(keys: &[KeySpec<'_>], extra_issuer_fields: &str) -> String {
    let keys: Vec<String> = keys
        .iter()
        .map(|(n, pk, from, until, revoked)| {
            let revoked = revoked.map_or("null".to_owned(), |r| format!("\"{r}\""));
            format!(
                r#"{{"key":{n},"public_key":"{pk}","signs_from":"{from}","signs_until":"{until}","revoked_from":{revoked}}}"#
            )
        })
        .collect();
    format!(
        r#"{{"format":"certmark-trust-list/1","sequence":5,"issued":"2026-11-01","expires":"2027-05-01","issuers":[{{"id":"TEST-A","name":{{"en":"Test Certification A","zh":"测试认证甲"}},"country":"CN","accreditation":"CNCA-R-TEST-001","schemes":["CCC"]{extra_issuer_fields},"keys":[{}]}}]}}"#,
        keys.join(",")
    )
}

/// The hostile strings, by name. Each goes into every text field of one demo mark.
const HOSTILE: &[(&str, &str)] = &[
    (
        "img-onerror",
        "<img src=x onerror=\"window.__pwned='img'\">",
    ),
    ("script", "<script>window.__pwned='script'</script>"),
    (
        "attribute-break",
        "\"><svg onload=\"window.__pwned='svg'\"></svg><a href='",
    ),
    ("entities", "&lt;b&gt;bold&lt;/b&gt; &amp; &#x3C;i&#x3E;"),
    (
        "template",
        "{{constructor.constructor('window.__pwned=1')()}} ${7*7}",
    ),
    ("javascript-url", "javascript:window.__pwned='url'"),
    ("rlo", "DK-1500 \u{202e}0081-KD evil"),
    (
        "isolates",
        "\u{2067}ACME\u{2069} \u{2066}x\u{2069} \u{200f}\u{200e}\u{61c}",
    ),
    ("unclosed-embedding", "Model \u{202b}abc"),
    ("rtl-text", "شركة 123 ACME"),
    ("look-alike-cyrillic", "НUАWЕI Тechnologies"),
    ("full-width", "ＣＱＣ ＝1+2"),
    ("zero-width", "Hua\u{200b}wei\u{feff}\u{2060}"),
    (
        "formula-equals",
        "=HYPERLINK(\"http://evil.example\",\"click\")",
    ),
    ("formula-plus", "+cmd|' /C calc'!A0"),
    ("formula-minus", "-2+3"),
    ("formula-at", "@SUM(1+1)"),
    ("tab-cr", "\t=1+2\r\n=3"),
    (
        "terminal",
        "\u{1b}[2J\u{1b}[31mRED\u{1b}]8;;http://evil.example\u{7}link\u{1b}]8;;\u{7}",
    ),
    ("c1-csi", "\u{9b}31m C1"),
    ("separators", "line one\nline two\u{2028}three\u{2029}"),
    ("nul", "nul\u{0}byte"),
    (
        "combining",
        "x\u{308}\u{330}\u{35c}\u{361}\u{489}\u{489}\u{489}",
    ),
];

/// The hostile corpus: one valid demo mark per string (in holder, scope, cert, serial
/// and an extra value), and look-alikes of the issuer id and the scheme.
fn hostile_corpus() {
    let demo = demo::demo_key("demo-cqc-2");
    let claims = |text: &str| Claims {
        issuer: "DEMO-CQC".into(),
        key: 2,
        cert: text.into(),
        holder: text.into(),
        scheme: "CCC".into(),
        scope: text.into(),
        valid_from: d("2026-01-01"),
        valid_to: d("2030-12-31"),
        serial: Some(text.into()),
        extra: vec![("note".into(), text.into())],
    };
    let mut cases: Vec<(String, String, &str, Claims)> = HOSTILE
        .iter()
        .map(|(name, text)| (name.to_string(), text.to_string(), "valid", claims(text)))
        .collect();
    // Issuer ids and schemes are looked up exactly: a look-alike is another name.
    let base = claims("Demo Appliances");
    cases.push((
        "look-alike-issuer".into(),
        "DEMO-CQС".into(),
        "unknown-issuer",
        Claims {
            issuer: "DEMO-CQС".into(),
            ..base.clone()
        },
    ));
    cases.push((
        "look-alike-scheme".into(),
        "СCC".into(),
        "not-accredited",
        Claims {
            scheme: "СCC".into(),
            ..base
        },
    ));
    let entries: Vec<serde_json::Value> = cases
        .iter()
        .map(|(name, text, expect, c)| {
            let mark = sign(c, &demo);
            serde_json::json!({
                "name": name,
                "text": text,
                "shown": certmark::display::visible(text),
                "expect": expect,
                "mark": encode_text(&mark),
                "link": format!("#{}", encode_digits(&mark)),
            })
        })
        .collect();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    fs::create_dir_all(&dir).expect("mkdir");
    let json = serde_json::to_string_pretty(&entries).expect("json") + "\n";
    fs::write(dir.join("corpus.json"), json).expect("write");
}

fn main() {
    hostile_corpus();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let dir: &'static Path = Box::leak(dir.into_boxed_path());
    let trust_dir = dir.join("trust");
    fs::create_dir_all(&trust_dir).expect("mkdir");
    for e in fs::read_dir(dir).expect("read dir").flatten() {
        if e.path().extension().is_some_and(|x| x == "txt") {
            fs::remove_file(e.path()).expect("clean old vectors");
        }
    }

    // The test trust directory.
    let root = key(0x11);
    let (k1, k2, k3, other) = (key(0x21), key(0x22), key(0x23), key(0x99));
    let roots = format!(
        "{{\"format\":\"certmark-roots/1\",\"roots\":[{{\"name\":\"test root\",\"public_key\":\"{}\"}}]}}\n",
        encode_public_key(&root.verifying_key())
    );
    let list = trust_list(
        &[
            (
                1,
                encode_public_key(&k1.verifying_key()),
                "2024-01-01",
                "2030-12-31",
                None,
            ),
            (
                2,
                encode_public_key(&k2.verifying_key()),
                "2020-01-01",
                "2023-12-31",
                None,
            ),
            (
                3,
                encode_public_key(&k3.verifying_key()),
                "2024-01-01",
                "2030-12-31",
                Some("2026-01-01"),
            ),
        ],
        "",
    ) + "\n";
    let revs = concat!(
        r#"{"format":"certmark-revocations/1","sequence":2,"issued":"2026-11-01","entries":["#,
        r#"{"issuer":"TEST-A","cert":"W-1","status":"withdrawn","since":"2026-03-01","reason":"withdrawn for the test"},"#,
        r#"{"issuer":"TEST-A","cert":"S-1","status":"suspended","since":"2026-06-01","reason":"suspended for the test"}]}"#,
        "\n"
    );
    fs::write(trust_dir.join("roots.json"), &roots).expect("write");
    fs::write(trust_dir.join("trust-list.json"), &list).expect("write");
    fs::write(
        trust_dir.join("trust-list.json.sig"),
        sign_detached(trust::SIGNING_CONTEXT, list.as_bytes(), &root).expect("sign"),
    )
    .expect("write");
    fs::write(trust_dir.join("revocations.json"), revs).expect("write");
    fs::write(
        trust_dir.join("revocations.json.sig"),
        sign_detached(revocation::SIGNING_CONTEXT, revs.as_bytes(), &root).expect("sign"),
    )
    .expect("write");

    let mut o = Out { dir, count: 0 };
    let good = sign(&base(), &k1);
    let text_form = encode_text(&good);
    let digits = encode_digits(&good);

    // Valid in every string form.
    o.mark(
        "valid_text",
        "valid",
        "the base mark in text form",
        &text_form,
    );
    o.mark(
        "valid_digits",
        "valid",
        "the base mark in QR (digits) form",
        &digits,
    );
    o.mark(
        "valid_link_text",
        "valid",
        "text form as a link fragment",
        &format!("https://verify.example/v?x=1#{text_form}"),
    );
    o.mark(
        "valid_link_digits",
        "valid",
        "digits form as a link fragment",
        &format!("HTTPS://VERIFY.EXAMPLE/#{digits}"),
    );
    o.mark(
        "valid_trimmed",
        "valid",
        "ASCII white space around the input is trimmed",
        &format!(" \t{digits}\t "),
    );
    let with_serial = Claims {
        serial: Some("SN-0001".into()),
        ..base()
    };
    o.mark(
        "valid_serial",
        "valid",
        "unit mark: 9 items, serial text",
        &encode_text(&sign(&with_serial, &k1)),
    );
    let mut items = base_items();
    items.push(vec![0xf6]);
    o.mark(
        "valid_serial_null",
        "valid",
        "9 items, serial null: allowed, not the shortest encoding but signed as is",
        &encode_text(&signed(body(&items), &k1)),
    );
    let with_extra = Claims {
        extra: vec![
            ("standard".into(), "GB 4943.1-2022".into()),
            ("model".into(), "K-1".into()),
        ],
        ..base()
    };
    o.mark(
        "valid_extra",
        "valid",
        "10 items: serial null and two extras, unsorted keys",
        &encode_text(&sign(&with_extra, &k1)),
    );
    let mut items = base_items();
    items.push(vec![0xf6]);
    items.push(vec![0xa0]);
    o.mark(
        "valid_empty_extra",
        "valid",
        "10 items with an empty extra map",
        &encode_text(&signed(body(&items), &k1)),
    );
    let long_ok = Claims {
        holder: "甲".repeat(85) + "a",
        ..base()
    };
    o.mark(
        "valid_text_256_bytes",
        "valid",
        "a 256-byte holder is the longest allowed",
        &encode_text(&sign(&long_ok, &k1)),
    );
    o.mark_at(
        "valid_first_day",
        "valid",
        "2026-01-01",
        "the check date equals valid_from",
        &text_form,
    );
    o.mark_at(
        "valid_last_day",
        "valid",
        "2027-12-31",
        "valid_to is inclusive",
        &text_form,
    );

    // Not a mark, and what it is instead; unsupported.
    o.other("not_a_mark_empty", "text", "empty input", "");
    o.other(
        "not_a_mark_url",
        "web-link",
        "an ordinary link",
        "https://example.com/product/42",
    );
    o.other(
        "not_a_mark_cm_letters",
        "text",
        "CM followed by no version number",
        "CMX:AAAA",
    );
    o.other(
        "not_a_mark_gs1_digital_link",
        "gs1",
        "a GS1 Digital Link: GTIN, batch, serial, expiry",
        "https://id.gs1.example/01/09506000134352/10/ABC123/21/SN-77?17=271231",
    );
    o.other(
        "not_a_mark_gs1_wrong_check_digit",
        "gs1",
        "a GS1 Digital Link whose GTIN check digit is wrong (still a product code, flagged)",
        "https://id.gs1.example/01/09506000134353",
    );
    o.other(
        "not_a_mark_gs1_element_string",
        "gs1",
        "a GS1 element string as printed",
        "(01)09506000134352(17)271231(10)ABC123",
    );
    o.other(
        "not_a_mark_gs1_scanned",
        "gs1",
        "a GS1 element string as a scanner reads it: ]C1 and FNC1 as GS",
        "]C10109506000134352172712311012AB\u{1d}21X9",
    );
    o.other(
        "not_a_mark_javascript_link",
        "unsafe-link",
        "a javascript: link, never to open",
        "javascript:alert(document.domain)",
    );
    o.other(
        "not_a_mark_lookalike_punycode",
        "web-link",
        "a look-alike host in punycode",
        "https://xn--crtmark-9ya.example/verify",
    );
    o.other(
        "not_a_mark_lookalike_cyrillic",
        "web-link",
        "a host with a Cyrillic letter among Latin ones",
        "https://\u{441}ertmark.example/verify",
    );
    o.other(
        "not_a_mark_overlong_link",
        "web-link",
        "a host longer than DNS allows: cut and flagged",
        &format!("https://{}.example/", "a".repeat(300)),
    );
    o.other(
        "not_a_mark_traceability_text",
        "text",
        "a traceability code in words",
        "一物一码 追溯码 20261121-0001",
    );
    o.other(
        "not_a_mark_lowercase",
        "text",
        "the prefix is case-sensitive",
        &text_form.replacen("CM1", "cm1", 1),
    );
    o.mark(
        "unsupported_cm2_text",
        "unsupported",
        "a future version, text form",
        "CM2:AAAA",
    );
    o.mark(
        "unsupported_cm10_digits",
        "unsupported",
        "version 10 is not version 1",
        &digits.replacen("CM1/", "CM10/", 1),
    );

    // String-form rules.
    o.malformed(
        "malformed_bad_separator",
        "bad-separator",
        "CM1 followed by neither ':' nor '/'",
        "CM1;AAAA",
    );
    o.malformed(
        "malformed_b64_padding",
        "padding",
        "base64url padding is forbidden",
        &format!("{text_form}=="),
    );
    o.malformed(
        "malformed_b64_plus",
        "bad-character",
        "'+' is standard base64, not base64url",
        &format!("{}+{}", &text_form[..10], &text_form[11..]),
    );
    o.malformed(
        "malformed_b64_space_inside",
        "bad-character",
        "white space inside is not trimmed",
        &format!("{} {}", &text_form[..20], &text_form[20..]),
    );
    const B64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let n = (1..good.len())
        .rev()
        .find(|n| n % 3 == 1)
        .expect("long enough");
    let mut tb = encode_text(&good[..n]).into_bytes();
    let last = tb.len() - 1;
    let v = B64URL
        .iter()
        .position(|&c| c == tb[last])
        .expect("alphabet");
    tb[last] = B64URL[v | 1];
    o.malformed(
        "malformed_b64_trailing_bits",
        "trailing-bits",
        "the last character has non-zero unused bits",
        &String::from_utf8(tb).expect("ascii"),
    );
    let p = &text_form[4..];
    o.malformed(
        "malformed_b64_length",
        "bad-length",
        "4n+1 characters encode no byte count",
        &format!("CM1:{}A", &p[..p.len() / 4 * 4]),
    );
    o.malformed(
        "malformed_digits_letter",
        "bad-digit",
        "a letter among the digits",
        &format!("{}x{}", &digits[..30], &digits[31..]),
    );
    o.malformed(
        "malformed_digit_count",
        "digit-count",
        "17n+1 digits match no last-chunk width",
        &format!("{digits}1"),
    );
    let mut over = digits.clone();
    over.replace_range(4..21, "99999999999999999");
    o.malformed(
        "malformed_chunk_overflow",
        "chunk-overflow",
        "a full chunk above 2^56-1",
        &over,
    );
    let n = (1..good.len())
        .rev()
        .find(|n| n % 7 == 1)
        .expect("long enough");
    let short_last = encode_digits(&good[..n]); // last chunk: 1 byte, 3 digits
    let overflow_last = short_last[..short_last.len() - 3].to_owned() + "256";
    o.malformed(
        "malformed_last_chunk_overflow",
        "chunk-overflow",
        "a 1-byte last chunk of value 256",
        &overflow_last,
    );
    o.malformed(
        "malformed_empty_text",
        "truncated",
        "CM1: with no bytes",
        "CM1:",
    );
    o.malformed(
        "malformed_empty_digits",
        "truncated",
        "CM1/ with no digits",
        "CM1/",
    );

    // Byte-level rules.
    let mut trailing = good.clone();
    trailing.push(0);
    o.malformed(
        "malformed_trailing_bytes",
        "trailing-bytes",
        "one byte after the signature",
        &encode_text(&trailing),
    );
    o.malformed(
        "malformed_short_signature",
        "short-signature",
        "the signature is one byte short",
        &encode_text(&good[..good.len() - 1]),
    );
    let big = Claims {
        extra: (0..5).map(|i| (format!("k{i}"), "x".repeat(200))).collect(),
        ..base()
    };
    let mut big_body = big.encode_body();
    big_body.extend([0u8; 64]);
    assert!(big_body.len() > 1024);
    o.malformed(
        "malformed_too_long",
        "too-long",
        "more than 1024 bytes in all",
        &encode_text(&big_body),
    );

    let mut items = base_items();
    items[1] = vec![0x18, 0x01];
    o.malformed(
        "malformed_uint_not_shortest",
        "not-shortest",
        "key 1 written as 0x18 0x01",
        &encode_text(&unsigned(body(&items))),
    );
    let mut items = base_items();
    items[2] = [vec![0x78, 3], b"C-1".to_vec()].concat();
    o.malformed(
        "malformed_length_not_shortest",
        "not-shortest",
        "a 3-byte text length written in one extra byte",
        &encode_text(&unsigned(body(&items))),
    );
    let mut b = vec![0x98, 8];
    b.extend(base_items().concat());
    o.malformed(
        "malformed_array_length_not_shortest",
        "not-shortest",
        "array length 8 written as 0x98 0x08",
        &encode_text(&unsigned(b)),
    );
    let mut b = vec![0x9f];
    b.extend(base_items().concat());
    b.push(0xff);
    o.malformed(
        "malformed_indefinite_array",
        "indefinite",
        "indefinite-length array",
        &encode_text(&unsigned(b)),
    );
    let mut items = base_items();
    items[2] = [vec![0x7f, 0x63], b"C-1".to_vec(), vec![0xff]].concat();
    o.malformed(
        "malformed_indefinite_text",
        "indefinite",
        "indefinite-length (chunked) text",
        &encode_text(&unsigned(body(&items))),
    );
    let mut items = base_items();
    items[6] = [vec![0xc1], u(base().valid_from.0)].concat();
    o.malformed(
        "malformed_tag",
        "tag",
        "valid_from wrapped in tag 1 (epoch time)",
        &encode_text(&unsigned(body(&items))),
    );
    let mut b = vec![0xd8, 0x18];
    b.extend(body(&base_items()));
    o.malformed(
        "malformed_tag_on_body",
        "tag",
        "the body wrapped in a tag",
        &encode_text(&unsigned(b)),
    );
    let mut items = base_items();
    items[6] = [
        vec![0xfa],
        (base().valid_from.0 as f32).to_be_bytes().to_vec(),
    ]
    .concat();
    o.malformed(
        "malformed_float",
        "float",
        "valid_from as a 32-bit float",
        &encode_text(&unsigned(body(&items))),
    );
    let mut items = base_items();
    items.push(vec![0xf6]);
    items.push([vec![0xa2], t("model"), t("K-1"), t("model"), t("K-2")].concat());
    o.malformed(
        "malformed_duplicate_key",
        "duplicate-key",
        "extra repeats a key",
        &encode_text(&unsigned(body(&items))),
    );
    let mut items = base_items();
    items.push(vec![0xf6]);
    let mut m = Vec::new();
    head(&mut m, 5, 17);
    for i in 0..17 {
        m.extend(t(&format!("k{i:02}")));
        m.extend(t("v"));
    }
    items.push(m);
    o.malformed(
        "malformed_too_many_extra",
        "too-many-extra",
        "17 extra entries, 16 allowed",
        &encode_text(&unsigned(body(&items))),
    );
    let items = base_items();
    o.malformed(
        "malformed_array_length_7",
        "array-length",
        "7 items",
        &encode_text(&unsigned(body(&items[..7]))),
    );
    let mut items = base_items();
    items.extend([vec![0xf6], vec![0xa0], t("more")]);
    o.malformed(
        "malformed_array_length_11",
        "array-length",
        "11 items",
        &encode_text(&unsigned(body(&items))),
    );
    let mut b = vec![0xa0];
    b.extend([0u8; 64]);
    o.malformed(
        "malformed_not_array",
        "wrong-type",
        "the body is a map",
        &encode_text(&b),
    );
    let mut items = base_items();
    items[1] = t("1");
    o.malformed(
        "malformed_wrong_type_key",
        "wrong-type",
        "key number as text",
        &encode_text(&unsigned(body(&items))),
    );
    let mut items = base_items();
    items[6] = vec![0x20];
    o.malformed(
        "malformed_negative_int",
        "wrong-type",
        "valid_from negative (-1)",
        &encode_text(&unsigned(body(&items))),
    );
    let mut items = base_items();
    items[3] = [vec![0x43], b"abc".to_vec()].concat();
    o.malformed(
        "malformed_bytes_not_text",
        "wrong-type",
        "holder as a byte string",
        &encode_text(&unsigned(body(&items))),
    );
    let mut items = base_items();
    items.push(vec![0xf5]);
    o.malformed(
        "malformed_bool_serial",
        "wrong-type",
        "serial true",
        &encode_text(&unsigned(body(&items))),
    );
    let mut items = base_items();
    items[3] = [vec![0x62], vec![0xc3, 0x28]].concat();
    o.malformed(
        "malformed_bad_utf8",
        "invalid-utf8",
        "holder holds an invalid UTF-8 sequence",
        &encode_text(&unsigned(body(&items))),
    );
    let mut items = base_items();
    items[3] = t(&"a".repeat(257));
    o.malformed(
        "malformed_text_too_long",
        "text-too-long",
        "a 257-byte holder",
        &encode_text(&unsigned(body(&items))),
    );
    let mut items = base_items();
    items[1] = vec![0x1c];
    o.malformed(
        "malformed_reserved",
        "reserved",
        "additional information 28 is reserved",
        &encode_text(&unsigned(body(&items))),
    );
    let mut items = base_items();
    items.swap(6, 7);
    o.malformed(
        "malformed_valid_to_before_from",
        "valid-to-before-from",
        "valid_to before valid_from",
        &encode_text(&unsigned(body(&items))),
    );
    let mut items = base_items();
    items[0] = t("TEST-A");
    items.truncate(3);
    let mut b = body(&items);
    b[0] = 0x88; // claims 8 items, has 3
    o.malformed(
        "malformed_truncated",
        "truncated",
        "the array claims more items than there are",
        &encode_text(&b),
    );

    // Trust decisions.
    let nobody = Claims {
        issuer: "TEST-Z".into(),
        ..base()
    };
    o.mark(
        "unknown_issuer",
        "unknown-issuer",
        "issuer not in the trust list, whatever the signature",
        &encode_text(&sign(&nobody, &other)),
    );
    let key9 = Claims { key: 9, ..base() };
    o.mark(
        "unknown_key",
        "unknown-key",
        "TEST-A has no key 9",
        &encode_text(&sign(&key9, &k1)),
    );
    let mut flipped = good.clone();
    flipped[10] ^= 0x01;
    o.mark(
        "forged_body_bit",
        "forged",
        "one bit of the holder flipped after signing",
        &encode_text(&flipped),
    );
    let mut flipped = good.clone();
    let n = flipped.len();
    flipped[n - 40] ^= 0x80;
    o.mark(
        "forged_signature_bit",
        "forged",
        "one bit of the signature flipped",
        &encode_text(&flipped),
    );
    o.mark(
        "forged_wrong_key",
        "forged",
        "names key 1 but signed with a key not in the list",
        &encode_text(&sign(&base(), &other)),
    );
    let mut noctx = base().encode_body();
    let sig = k1.sign(&noctx);
    noctx.extend(sig.to_bytes());
    o.mark(
        "forged_no_context",
        "forged",
        "signed over the body without the certmark/v1 context",
        &encode_text(&noctx),
    );
    o.mark(
        "forged_non_canonical_s",
        "forged",
        "S replaced by S + L (same value mod L): strict verification refuses it",
        &encode_text(&non_canonical_s(&good)),
    );
    o.mark(
        "forged_small_order_r",
        "forged",
        "R is an order-4 point (y = 0) and S = 0: refused before the equation",
        &encode_text(&[&good[..good.len() - 64], &[0u8; 64][..]].concat()),
    );
    o.mark(
        "valid_mixed_order_r",
        "valid",
        "made with key 1's secret: R = rB plus an order-4 point; the cofactored equation (docs/format.md) accepts it, in single and batch checks alike",
        &encode_text(&with_torsion_in_r(&base().encode_body(), &k1)),
    );
    o.mark(
        "forged_other_issuer_key",
        "forged",
        "valid signature by TEST-A key 2 presented as key 1",
        &encode_text(&sign(&base(), &k2)),
    );
    let old = Claims { key: 2, ..base() };
    o.mark(
        "key_not_valid_outside_window",
        "key-not-valid",
        "key 2 signs only marks starting 2020-2023",
        &encode_text(&sign(&old, &k2)),
    );
    let revoked = Claims {
        key: 3,
        valid_from: d("2026-02-01"),
        ..base()
    };
    o.mark(
        "key_not_valid_revoked",
        "key-not-valid",
        "key 3 is revoked from 2026-01-01; this mark starts after",
        &encode_text(&sign(&revoked, &k3)),
    );
    let before = Claims {
        key: 3,
        valid_from: d("2025-06-01"),
        ..base()
    };
    o.mark(
        "valid_revoked_key_older_mark",
        "valid",
        "a mark starting before revoked_from survives the revocation",
        &encode_text(&sign(&before, &k3)),
    );
    let scheme = Claims {
        scheme: "ISO9001".into(),
        ..base()
    };
    o.mark(
        "not_accredited",
        "not-accredited",
        "TEST-A is accredited for CCC only",
        &encode_text(&sign(&scheme, &k1)),
    );
    let w = Claims {
        cert: "W-1".into(),
        ..base()
    };
    let w_text = encode_text(&sign(&w, &k1));
    o.mark(
        "withdrawn",
        "withdrawn",
        "W-1 withdrawn since 2026-03-01",
        &w_text,
    );
    o.mark_at(
        "withdrawn_before_since",
        "valid",
        "2026-02-28",
        "before since, the withdrawal does not apply yet",
        &w_text,
    );
    let s = Claims {
        cert: "S-1".into(),
        ..base()
    };
    let s_text = encode_text(&sign(&s, &k1));
    o.mark(
        "suspended",
        "suspended",
        "S-1 suspended since 2026-06-01",
        &s_text,
    );
    o.mark_at(
        "suspended_on_since",
        "suspended",
        "2026-06-01",
        "on the since day the suspension applies",
        &s_text,
    );
    let expired_w = Claims {
        cert: "W-1".into(),
        valid_to: d("2026-04-01"),
        ..base()
    };
    o.mark_at(
        "withdrawn_before_expired",
        "withdrawn",
        "2027-01-01",
        "withdrawn is decided before expired",
        &encode_text(&sign(&expired_w, &k1)),
    );
    o.mark_at(
        "not_yet_valid",
        "not-yet-valid",
        "2025-12-31",
        "the day before valid_from",
        &text_form,
    );
    o.mark_at(
        "expired",
        "expired",
        "2028-01-01",
        "the day after valid_to",
        &text_form,
    );
    let bad_scheme_unknown_key = Claims {
        key: 9,
        scheme: "X".into(),
        ..base()
    };
    o.mark(
        "unknown_key_before_not_accredited",
        "unknown-key",
        "unknown key is decided before the scheme",
        &encode_text(&sign(&bad_scheme_unknown_key, &k1)),
    );

    // Trust list and revocation list parsing.
    let pk1 = encode_public_key(&k1.verifying_key());
    let ok = |pk: &str, n: u64| (n, pk.to_owned(), "2024-01-01", "2030-12-31", None);
    o.list(
        "trust_list_ok",
        "trust-list",
        "ok",
        "a sound one-issuer list",
        &trust_list(&[ok(&pk1, 1)], ""),
    );
    o.list(
        "trust_list_weak_key",
        "trust-list",
        "weak-key",
        "the identity point is a small-order (weak) key",
        &trust_list(&[ok("AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", 1)], ""),
    );
    let b64 =
        |h: &str| base64::engine::general_purpose::STANDARD.encode(hex::decode(h).expect("hex"));
    o.list(
        "trust_list_weak_key_order_8",
        "trust-list",
        "weak-key",
        "a point of order 8",
        &trust_list(
            &[ok(
                &b64("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
                1,
            )],
            "",
        ),
    );
    o.list(
        "trust_list_weak_key_order_4",
        "trust-list",
        "weak-key",
        "a point of order 4 (y = 0)",
        &trust_list(&[ok(&b64(&"00".repeat(32)), 1)], ""),
    );
    let mixed = k1.verifying_key().to_edwards() + order4();
    o.list(
        "trust_list_weak_key_mixed_order",
        "trust-list",
        "weak-key",
        "key 1's point plus an order-4 point: a key with a small-order component",
        &trust_list(&[ok(&STANDARD.encode(mixed.compress().as_bytes()), 1)], ""),
    );
    o.list(
        "trust_list_key_non_canonical",
        "trust-list",
        "bad-public-key",
        "a curve point spelt with y + p instead of y",
        &trust_list(&[ok(&STANDARD.encode(non_canonical_point()), 1)], ""),
    );
    o.list(
        "trust_list_key_not_32_bytes",
        "trust-list",
        "bad-public-key",
        "a 31-byte key",
        &trust_list(&[ok("AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==", 1)], ""),
    );
    o.list(
        "trust_list_key_base64url",
        "trust-list",
        "bad-public-key",
        "keys are standard base64 with padding",
        &trust_list(&[ok(&pk1.replace('=', ""), 1)], ""),
    );
    o.list(
        "trust_list_duplicate_key",
        "trust-list",
        "duplicate-key",
        "key 1 twice",
        &trust_list(&[ok(&pk1, 1), ok(&pk1, 1)], ""),
    );
    let one = trust_list(&[ok(&pk1, 1)], "");
    let issuer_obj = &one[one.find("{\"id\"").expect("issuer")..one.len() - 2];
    o.list(
        "trust_list_duplicate_issuer",
        "trust-list",
        "duplicate-issuer",
        "TEST-A twice",
        &one.replacen(issuer_obj, &format!("{issuer_obj},{issuer_obj}"), 1),
    );
    o.list(
        "trust_list_unknown_field",
        "trust-list",
        "json",
        "a misspelt field is refused, not ignored",
        &trust_list(&[ok(&pk1, 1)], r#","scheme":"CCC""#),
    );
    o.list(
        "trust_list_wrong_format",
        "trust-list",
        "format",
        "another format version",
        &one.replace("certmark-trust-list/1", "certmark-trust-list/2"),
    );
    o.list(
        "trust_list_bad_date",
        "trust-list",
        "json",
        "2026-02-30 is no date",
        &one.replace("2026-11-01", "2026-02-30"),
    );
    o.list(
        "trust_list_demo_refused",
        "trust-list",
        "demo-refused",
        "a demo issuer in a list for real use",
        &trust_list(&[ok(&pk1, 1)], r#","demo":true"#),
    );
    o.list(
        "revocations_ok",
        "revocations",
        "ok",
        "a sound list",
        revs.trim_end(),
    );
    o.list(
        "revocations_duplicate",
        "revocations",
        "duplicate-entry",
        "one certificate twice",
        &revs.trim_end().replace("\"S-1\"", "\"W-1\""),
    );
    o.list(
        "revocations_bad_status",
        "revocations",
        "json",
        "status must be withdrawn or suspended",
        &revs.trim_end().replace("suspended\"", "revoked\""),
    );
    println!(
        "wrote {} vectors and a trust directory to {}",
        o.count,
        dir.display()
    );
}

/// The same signature with S + L, the group order: equal modulo L, so lenient
/// verifiers accept it; strict ones must not.
fn order4() -> EdwardsPoint {
    CompressedEdwardsY([0; 32])
        .decompress()
        .expect("y = 0 is on the curve")
}

/// Signs `body` with `key`'s secret scalar by hand, adding an order-4 point to R.
fn with_torsion_in_r(body: &[u8], key: &SigningKey) -> Vec<u8> {
    let a = key.to_scalar();
    let r = Scalar::from(0x5eed_u64);
    let big_r = (EdwardsPoint::mul_base(&r) + order4()).compress();
    let k = Scalar::from_bytes_mod_order_wide(
        &Sha512::new()
            .chain_update(big_r.as_bytes())
            .chain_update(key.verifying_key().as_bytes())
            .chain_update(signed_message(body))
            .finalize()
            .into(),
    );
    let s = r + k * a;
    [body, big_r.as_bytes(), s.as_bytes()].concat()
}

/// The first y below 19 that is on the curve, written as y + p (not canonical).
fn non_canonical_point() -> [u8; 32] {
    for y in 2u8..19 {
        let mut bytes = [0xffu8; 32];
        bytes[31] = 0x7f;
        bytes[0] = 0xed + y;
        if CompressedEdwardsY(bytes).decompress().is_some() {
            return bytes;
        }
    }
    unreachable!("some y below 19 is on the curve")
}

fn non_canonical_s(mark: &[u8]) -> Vec<u8> {
    const L: [u8; 32] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde,
        0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
    ];
    let mut out = mark.to_vec();
    let s = out.len() - 32;
    let mut carry = 0u16;
    for i in 0..32 {
        let v = u16::from(out[s + i]) + u16::from(L[i]) + carry;
        out[s + i] = v as u8;
        carry = v >> 8;
    }
    assert_eq!(carry, 0, "S + L fits 32 bytes since S < L < 2^253");
    out
}
