//! The hostile-text corpus (tests/hostile/corpus.json, written by `cargo run --example
//! vectors`): markup, script, bidi controls, look-alikes, formulas and terminal escapes
//! in every text field of signed demo marks, through every output of the core and the
//! CLI. Marks are never repaired (the claims hold the exact text); what people read
//! (CLI text, CSV) shows hidden characters written out; what programs read (JSON) is
//! exact; no CSV cell is a formula. The page, the badge and the stock page: the hostile
//! tests in tests/e2e/.
#![cfg(not(target_arch = "wasm32"))]

use certmark::mark::{is_hidden, visible};
use certmark::stock::{Positions, Report};
use certmark::{verify, CheckDates, TrustData, Verdict};
use serde_json::Value;

struct Case {
    name: String,
    text: String,
    shown: String,
    expect: String,
    mark: String,
    link: String,
}

fn corpus() -> Vec<Case> {
    let json: Vec<Value> = serde_json::from_str(include_str!("hostile/corpus.json")).unwrap();
    let s = |v: &Value, k: &str| v[k].as_str().unwrap().to_owned();
    json.iter()
        .map(|v| Case {
            name: s(v, "name"),
            text: s(v, "text"),
            shown: s(v, "shown"),
            expect: s(v, "expect"),
            mark: s(v, "mark"),
            link: s(v, "link"),
        })
        .collect()
}

fn when() -> CheckDates {
    CheckDates::today("2026-11-21".parse().unwrap())
}

const FORMULA: [char; 8] = ['=', '+', '-', '@', '＝', '＋', '－', '＠'];

#[test]
fn verdicts_hold_the_exact_text_and_show_it_escaped() {
    let trust = TrustData::bundled().unwrap();
    let corpus = corpus();
    assert!(corpus.len() >= 20);
    for c in &corpus {
        assert_eq!(c.shown, visible(&c.text), "{}: corpus out of date", c.name);
        for input in [&c.mark, &c.link] {
            let o = verify(input, &trust, when());
            assert_eq!(o.code.code(), c.expect, "{}", c.name);
            if o.code == Verdict::Valid {
                let claims = o.claims.as_ref().unwrap();
                for field in [&claims.holder, &claims.scope, &claims.cert] {
                    assert_eq!(field, &c.text, "{}: not the exact text", c.name);
                }
                assert_eq!(claims.serial.as_deref(), Some(c.text.as_str()));
                assert_eq!(claims.extra, [("note".to_owned(), c.text.clone())]);
            }
        }
        assert!(!c.shown.chars().any(is_hidden), "{}", c.name);
    }
}

/// The report's exports: CSV cells are the shown text (or `'` + it), never a formula,
/// never a hidden character; JSON keeps the exact text.
#[test]
fn stock_report_exports_stay_safe() {
    let trust = TrustData::bundled().unwrap();
    let corpus = corpus();
    let mut report = Report::new(&trust, when(), Positions::Line);
    let entries: Vec<(&str, u64)> = corpus
        .iter()
        .zip(1..)
        .map(|(c, n)| (c.mark.as_str(), n))
        .collect();
    report.check_all(&trust, &entries).unwrap();
    let csv = report.to_csv();
    let rows = certmark::csv::read(&csv, b',').unwrap();
    assert_eq!(rows.len(), corpus.len() + 1);
    let head = &rows[0].fields;
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    for row in &rows[1..] {
        for cell in &row.fields {
            assert!(!cell.starts_with(FORMULA), "formula cell {cell:?}");
            assert!(!cell.chars().any(is_hidden), "hidden character in {cell:?}");
        }
        let mark = &row.fields[col("mark")];
        let c = corpus.iter().find(|c| c.mark == **mark).unwrap();
        if c.expect == "valid" {
            for name in ["holder", "scope", "cert", "serial"] {
                let cell = &row.fields[col(name)];
                assert!(
                    **cell == c.shown || cell.strip_prefix('\'') == Some(c.shown.as_str()),
                    "{}: {name} is {cell:?}",
                    c.name
                );
            }
        }
    }
    let json = report.to_json(None);
    let text = serde_json::to_string(&json).unwrap();
    let back: Value = serde_json::from_str(&text).unwrap();
    for c in corpus.iter().filter(|c| c.expect == "valid") {
        let found = back["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["claims"]["holder"] == c.text.as_str());
        assert!(found, "{}: exact text not in the JSON export", c.name);
    }
}

#[cfg(feature = "cli")]
#[test]
fn the_cli_shows_text_escaped_and_json_exact() {
    use std::process::Command;
    const BIN: &str = env!("CARGO_BIN_EXE_certmark");
    let corpus = corpus();
    for c in &corpus {
        let out = Command::new(BIN)
            .args(["verify", "--as-of", "2026-11-21", &c.mark])
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(
            !stdout.chars().any(|ch| is_hidden(ch) && ch != '\n'),
            "{}: {stdout:?}",
            c.name
        );
        if c.expect == "valid" {
            assert!(stdout.contains(&c.shown), "{}: {stdout}", c.name);
        }
        let out = Command::new(BIN)
            .args(["verify", "--json", "--as-of", "2026-11-21", &c.link])
            .output()
            .unwrap();
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["code"], c.expect.as_str());
        if c.expect == "valid" {
            assert_eq!(json["claims"]["scope"], c.text.as_str(), "{}", c.name);
        } else {
            let content = if json["claims"].is_null() {
                &json["unverified"]
            } else {
                &json["claims"]
            };
            assert_eq!(content["holder"], "Demo Appliances", "{}", c.name);
        }
    }
    // A batch of all of them, its CSV report to standard output.
    let dir = std::env::temp_dir().join(format!("certmark-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("marks.txt");
    let lines: Vec<&str> = corpus.iter().map(|c| c.mark.as_str()).collect();
    std::fs::write(&file, lines.join("\n")).unwrap();
    let out = Command::new(BIN)
        .args([
            "verify",
            "--as-of",
            "2026-11-21",
            "--batch",
            file.to_str().unwrap(),
            "--csv",
            "-",
        ])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    let rows = certmark::csv::read(&csv, b',').unwrap();
    assert_eq!(rows.len(), corpus.len() + 1, "{csv}");
    for cell in rows.iter().flat_map(|r| &r.fields) {
        assert!(
            !cell.starts_with(FORMULA) && !cell.chars().any(is_hidden),
            "{cell:?}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
