//! Writes a supplier-style CSV file of demo marks with every verdict mixed in, and the
//! counts a correct check must report, known by construction (not by running the
//! verifier). Used by the tests and the batch benchmark.
//!
//! `cargo run --release --example stock_file -- COUNT OUT_DIR [valid]`
//! writes `OUT_DIR/marks.csv` and `OUT_DIR/expected.json`. Judge as of 2026-11-21.
//! With `valid`, every line is a distinct valid unit mark (a clean delivery).

#[path = "../tests/common/demo.rs"]
mod demo;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use certmark::{Claims, Date, Mark, SigningKey};

fn d(s: &str) -> Date {
    s.parse().expect("date")
}

/// A small deterministic generator (xorshift), so files are reproducible.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let count: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let out = Path::new(args.get(2).map_or("stock-file", String::as_str)).to_path_buf();
    let all_valid = args.get(3).is_some_and(|a| a == "valid");
    fs::create_dir_all(&out).expect("output directory");

    let iso = demo::demo_key("demo-iso-1");
    let cqc2 = demo::demo_key("demo-cqc-2");
    let green1 = demo::demo_key("demo-green-1");
    let forger = demo::demo_key("forger");
    let unit = |n: usize, serial: bool| Claims {
        issuer: "DEMO-ISO".into(),
        key: 1,
        cert: format!("DEMO-Q-2026-{:05}", n % 50),
        holder: format!("演示供应商 {} 有限公司 Supplier {}", n % 50, n % 50),
        scheme: "ISO9001".into(),
        scope: "电动工具 Power tools".into(),
        valid_from: d("2026-01-01"),
        valid_to: d("2028-12-31"),
        serial: serial.then(|| format!("SN-{n:08}")),
        extra: vec![],
    };

    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut lines: Vec<String> = Vec::with_capacity(count + 1);
    // verdict -> (lines, distinct marks)
    let mut expected: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    let mut copies = 0u64;
    let mut blank = 0u64;
    let mut valid_texts: Vec<String> = Vec::new();
    let form = |m: &Mark, n: usize| match n % 3 {
        0 => m.to_text(),
        1 => m.to_link("http://127.0.0.1:8080/"),
        _ => m.to_digits(),
    };
    let signed = |c: &Claims, k: &SigningKey, n: usize| form(&Mark::sign(c, k).expect("sign"), n);
    let mut model_listed = false;
    let mut n = 0usize;
    while lines.len() < count {
        n += 1;
        let roll = if all_valid { 999 } else { rng.below(1000) };
        let (verdict, text) = match roll {
            // A unit mark already listed, listed again: a copy.
            0..=9 if !valid_texts.is_empty() => {
                let i = rng.below(valid_texts.len() as u64) as usize;
                let text = valid_texts.swap_remove(i);
                copies += 1;
                let e = expected.entry("valid").or_default();
                e.0 += 1; // one more line, same distinct mark
                lines.push(format!("{n},{text},again"));
                continue;
            }
            10..=14 => {
                blank += 1;
                lines.push(String::new());
                continue;
            }
            15..=44 => {
                let c = Claims {
                    valid_from: d("2024-06-01"),
                    valid_to: d("2025-12-31"),
                    ..unit(n, true)
                };
                ("expired", signed(&c, &iso, n))
            }
            45..=64 => {
                let c = Claims {
                    valid_from: d("2027-01-01"),
                    ..unit(n, true)
                };
                ("not-yet-valid", signed(&c, &iso, n))
            }
            65..=84 => {
                let c = Claims {
                    cert: "DEMO-Q-2024-00077".into(),
                    ..unit(n, true)
                };
                ("withdrawn", signed(&c, &iso, n))
            }
            85..=104 => {
                let c = Claims {
                    issuer: "DEMO-CQC".into(),
                    key: 2,
                    cert: "2025110900000815".into(),
                    scheme: "CCC".into(),
                    valid_from: d("2025-11-09"),
                    valid_to: d("2030-11-08"),
                    ..unit(n, true)
                };
                ("suspended", signed(&c, &cqc2, n))
            }
            105..=134 => {
                let mut bytes = Mark::sign(&unit(n, true), &iso)
                    .expect("sign")
                    .bytes()
                    .to_vec();
                let at = rng.below(bytes.len() as u64) as usize;
                bytes[at] ^= 1 << rng.below(8);
                let text = certmark::mark::encode_text(&bytes);
                // A flip can also break the CBOR; then it is malformed, not forged.
                match Mark::from_bytes(&bytes) {
                    Ok(m) if m.unverified_claims().issuer == "DEMO-ISO" && m.key() == 1 => {
                        ("forged", text)
                    }
                    _ => continue,
                }
            }
            135..=149 => {
                let c = Claims {
                    issuer: "DEMO-NOBODY".into(),
                    ..unit(n, true)
                };
                ("unknown-issuer", signed(&c, &forger, n))
            }
            150..=159 => {
                let c = Claims {
                    key: 9,
                    ..unit(n, true)
                };
                ("unknown-key", signed(&c, &forger, n))
            }
            160..=169 => {
                let c = Claims {
                    issuer: "DEMO-GREEN".into(),
                    scheme: "GREEN".into(),
                    valid_from: d("2026-07-01"),
                    ..unit(n, true)
                };
                ("key-not-valid", signed(&c, &green1, n))
            }
            170..=179 => {
                let c = Claims {
                    scheme: "CCC".into(),
                    ..unit(n, true)
                };
                ("not-accredited", signed(&c, &iso, n))
            }
            180..=189 => {
                let text = Mark::sign(&unit(n, true), &iso).expect("sign").to_text();
                ("malformed", text[..text.len() - 7].to_owned())
            }
            190..=199 => ("not-a-mark", format!("\"https://example.com/item?{n}\"")),
            200..=204 => ("unsupported", format!("CM2:item{n}")),
            // A mark without serial (a model's mark), listed many times: counted, not a copy.
            205..=254 => {
                let text = Mark::sign(&unit(0, false), &iso).expect("sign").to_text();
                let e = expected.entry("valid").or_default();
                e.0 += 1;
                e.1 += u64::from(!model_listed);
                model_listed = true;
                lines.push(format!("{n},{text},model"));
                continue;
            }
            _ => {
                let text = signed(&unit(n, true), &iso, n);
                valid_texts.push(text.clone());
                ("valid", text)
            }
        };
        let e = expected.entry(verdict).or_default();
        e.0 += 1;
        e.1 += 1;
        lines.push(format!("{n},{text},"));
    }
    let mut csv = String::from("box,mark,note\n");
    for l in &lines {
        csv.push_str(l);
        csv.push('\n');
    }
    fs::write(out.join("marks.csv"), csv).expect("write marks.csv");
    let by_verdict: serde_json::Map<String, serde_json::Value> = expected
        .iter()
        .map(|(k, (items, marks))| {
            (
                (*k).to_owned(),
                serde_json::json!({"items": items, "marks": marks}),
            )
        })
        .collect();
    let items: u64 = expected.values().map(|e| e.0).sum();
    let marks: u64 = expected.values().map(|e| e.1).sum();
    let json = serde_json::json!({
        "as_of": "2026-11-21",
        "lines": lines.len(),
        "total": {"items": items, "marks": marks},
        "copies": copies,
        "blank": blank,
        "by_verdict": by_verdict,
    });
    fs::write(out.join("expected.json"), format!("{json:#}\n")).expect("write expected.json");
    eprintln!(
        "wrote {} lines to {}",
        lines.len(),
        out.join("marks.csv").display()
    );
}
