//! The hostile-text corpus (tests/hostile/corpus.json, written by `cargo run --example
//! vectors`): markup, script, bidi controls, look-alikes, formulas and terminal escapes
//! in every text field of signed demo marks, through every output of the core (the CLI's:
//! cli/tests/hostile.rs). Marks are never repaired (the claims hold the exact text);
//! what people read (CLI text, CSV) shows hidden characters written out; what programs read (JSON) is
//! exact; no CSV cell is a formula. The page, the badge and the stock page: the hostile
//! tests in tests/e2e/.
#![cfg(not(target_arch = "wasm32"))]

use certmark::display::{is_hidden, visible};
use certmark::stock::{Positions, Report};
use certmark::{verify, TrustData, Verdict};
use serde_json::Value;

#[path = "common/hostile.rs"]
mod hostile_corpus;

use hostile_corpus::{corpus, when, FORMULA};

#[test]
fn verdicts_hold_the_exact_text_and_show_it_escaped() {
    let trust = TrustData::bundled().unwrap();
    let corpus = corpus();
    assert!(corpus.len() >= 20);
    for c in &corpus {
        assert_eq!(c.shown, visible(&c.text), "{}: corpus out of date", c.name);
        for input in [&c.mark, &c.link] {
            let o = verify(input, &trust, when());
            assert_eq!(o.verdict.code(), c.expect, "{}", c.name);
            if o.verdict == Verdict::Valid {
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
    let csv = report.to_csv(certmark::words::Lang::En);
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
