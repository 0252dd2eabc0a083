//! The hostile-text corpus (tests/hostile/corpus.json) through the CLI: what people read
//! (text, CSV) shows hidden characters written out and no formula; JSON is exact.

#[path = "../../tests/common/hostile.rs"]
mod hostile_corpus;

use certmark::display::is_hidden;
use hostile_corpus::{corpus, CHECK_DAY, FORMULA};
use serde_json::Value;

#[test]
fn the_cli_shows_text_escaped_and_json_exact() {
    use std::process::Command;
    const BIN: &str = env!("CARGO_BIN_EXE_certmark");
    let corpus = corpus();
    for c in &corpus {
        let out = Command::new(BIN)
            .args(["verify", "--as-of", CHECK_DAY, &c.mark])
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
            .args(["verify", "--json", "--as-of", CHECK_DAY, &c.link])
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
            CHECK_DAY,
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
