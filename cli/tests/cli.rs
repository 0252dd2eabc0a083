//! The `certmark` binary, run for real: demo marks, images, keys, batches, lists.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_certmark");
/// The repository, where the demo set, the trust data and the test files are.
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("run certmark")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code_of(o: &Output) -> String {
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}{}", stdout(o), stderr(o)));
    v["code"].as_str().expect("top-level code").to_owned()
}

fn demo(file: &str) -> PathBuf {
    Path::new(ROOT).join("demo").join(file)
}

/// (name, expected code) for every demo mark.
fn demo_cases() -> Vec<(String, String)> {
    let tsv = fs::read_to_string(demo("expected.tsv")).expect("demo/expected.tsv");
    tsv.lines()
        .skip(1)
        .map(|l| {
            let mut f = l.split('\t');
            (f.next().unwrap().to_owned(), f.next().unwrap().to_owned())
        })
        .collect()
}

fn expected_status(code: &str) -> i32 {
    match code {
        "valid" => 0,
        "not-a-mark" | "unsupported" | "malformed" => 2,
        _ => 1,
    }
}

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("certmark-test-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn every_demo_mark_text_and_link_gives_its_code_and_status() {
    let cases = demo_cases();
    assert!(cases.len() >= 15);
    for (name, expect) in cases {
        for ext in ["mark", "link"] {
            let input = fs::read_to_string(demo(&format!("{name}.{ext}"))).unwrap();
            let o = run(&["verify", input.trim(), "--as-of", "2026-11-21", "--json"]);
            assert_eq!(code_of(&o), expect, "{name}.{ext}");
            assert_eq!(
                o.status.code(),
                Some(expected_status(&expect)),
                "{name}.{ext} status"
            );
            let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            assert_eq!(v["demo"], true, "{name}: demo build says DEMO");
        }
    }
}

#[test]
fn every_demo_qr_image_reads_and_verifies() {
    for (name, expect) in demo_cases() {
        let png = demo(&format!("{name}.png"));
        if !png.exists() {
            continue; // unreadable inputs have no QR image
        }
        let o = run(&[
            "verify",
            png.to_str().unwrap(),
            "--as-of",
            "2026-11-21",
            "--json",
        ]);
        assert_eq!(code_of(&o), expect, "{name}.png: {}", stderr(&o));
    }
}

#[test]
fn human_output_labels_verified_and_unverified_content() {
    let valid = fs::read_to_string(demo("valid-iso-unit.mark")).unwrap();
    let o = run(&["verify", valid.trim(), "--as-of", "2026-11-21"]);
    let out = stdout(&o);
    assert!(
        out.contains("DEMO") && out.contains("VALID") && out.contains("SN-2026-000123"),
        "{out}"
    );
    assert!(out.contains("not this unit"), "{out}");
    let forged = fs::read_to_string(demo("forged.mark")).unwrap();
    let out = stdout(&run(&["verify", forged.trim(), "--as-of", "2026-11-21"]));
    assert!(
        out.contains("FORGED") && out.contains("UNVERIFIED content"),
        "{out}"
    );
    assert!(!out.contains("Verified content"), "{out}");
    let out = stdout(&run(&["inspect", valid.trim()]));
    assert!(out.starts_with("NOT VERIFIED"), "{out}");
}

#[test]
fn unreadable_inputs_exit_2_without_panic() {
    let dir = temp("unreadable");
    let junk = dir.join("junk.png");
    fs::write(&junk, b"\x89PNG\r\n\x1a\n not really").unwrap();
    let blank = dir.join("blank.png");
    fs::copy(demo("valid-ccc.png"), &blank).unwrap();
    for input in ["", "hello", "CM1:", "CM9:xyz", junk.to_str().unwrap()] {
        let o = run(&["verify", input]);
        assert_eq!(o.status.code(), Some(2), "{input:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{input:?}");
    }
    let o = run(&["verify", "--as-of", "2026-13-01", "x"]);
    assert_eq!(o.status.code(), Some(3), "bad date is a usage error");
    assert!(stderr(&o).contains("YYYY-MM-DD"));
    let o = run(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(3));
}

fn key_file(
    dir: &Path,
    name: &str,
    seed: u8,
    issuer: Option<&str>,
    number: Option<u64>,
) -> PathBuf {
    use base64::Engine;
    let sk = certmark::SigningKey::from_bytes(&[seed; 32]);
    let b64 = base64::engine::general_purpose::STANDARD;
    let json = serde_json::json!({
        "format": "certmark-secret-key/1",
        "secret_key": b64.encode(sk.to_bytes()),
        "public_key": certmark::list::encode_public_key(&sk.verifying_key()),
        "issuer": issuer, "key": number,
    });
    let p = dir.join(name);
    fs::write(&p, json.to_string()).unwrap();
    p
}

fn vectors_trust() -> String {
    format!("{ROOT}/tests/vectors/trust")
}

#[test]
fn sign_then_verify_with_another_trust_directory() {
    let dir = temp("sign");
    // TEST-A key 1 of the test vectors' trust directory.
    let key = key_file(&dir, "a1.key", 0x21, Some("TEST-A"), Some(1));
    let qr = dir.join("mark.png");
    let o = run(&[
        "sign",
        "--key",
        key.to_str().unwrap(),
        "--cert",
        "C-9",
        "--holder",
        "上海测试有限公司",
        "--scheme",
        "CCC",
        "--scope",
        "插座 Socket",
        "--valid-from",
        "2026-01-01",
        "--valid-to",
        "2026-12-31",
        "--serial",
        "U-1",
        "--extra",
        "standard=GB 2099.1",
        "--url",
        "https://v.example/",
        "--qr",
        qr.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let mut lines = out.lines();
    let (text, link) = (lines.next().unwrap(), lines.next().unwrap());
    assert!(
        text.starts_with("CM1:") && link.starts_with("https://v.example/#CM1/"),
        "{out}"
    );
    for input in [text, link, qr.to_str().unwrap()] {
        let o = run(&[
            "verify",
            input,
            "--trust",
            &vectors_trust(),
            "--as-of",
            "2026-11-21",
            "--json",
        ]);
        assert_eq!(code_of(&o), "valid", "{input}");
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["demo"], false);
        assert_eq!(v["claims"]["serial"], "U-1");
        assert_eq!(v["claims"]["extra"]["standard"], "GB 2099.1");
        assert_eq!(v["issuer"]["name"]["zh"], "测试认证甲");
    }
    let o = run(&[
        "verify",
        text,
        "--trust",
        &vectors_trust(),
        "--as-of",
        "2027-01-01",
        "--json",
    ]);
    assert_eq!(code_of(&o), "expired");
    // The bundled demo data does not know TEST-A.
    assert_eq!(code_of(&run(&["verify", text, "--json"])), "unknown-issuer");
    // A key file for another issuer is refused.
    let o = run(&[
        "sign",
        "--key",
        key.to_str().unwrap(),
        "--issuer",
        "TEST-B",
        "--cert",
        "x",
    ]);
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("TEST-A"), "{}", stderr(&o));
}

#[test]
fn trust_flag_reads_the_demo_directory_with_allow_demo() {
    // Refusing demo issuers outside a demo build is covered by the trust_list_demo_refused
    // vector; this build bundles demo data, so here the flag path itself is exercised.
    let o = run(&[
        "verify",
        "CM1:AA",
        "--trust",
        &format!("{ROOT}/trust"),
        "--allow-demo",
        "--json",
    ]);
    assert_eq!(code_of(&o), "malformed");
}

#[test]
fn keygen_writes_owner_only_and_never_overwrites() {
    let dir = temp("keygen");
    let k = dir.join("k.key");
    let o = run(&[
        "keygen",
        "--out",
        k.to_str().unwrap(),
        "--issuer",
        "X",
        "--key-number",
        "3",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim().len(), 44, "prints the base64 public key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&k).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let before = fs::read(&k).unwrap();
    let o = run(&["keygen", "--out", k.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("hint"));
    assert_eq!(fs::read(&k).unwrap(), before);
}

#[test]
fn batch_reads_csv_strictly_and_writes_it_formula_safe() {
    let dir = temp("batch-csv");
    let key = key_file(&dir, "a1.key", 0x21, Some("TEST-A"), Some(1));
    let sign = |name: &str, csv: &str| {
        let file = dir.join(format!("{name}.csv"));
        fs::write(&file, csv).unwrap();
        let out = dir.join(format!("{name}-out"));
        let o = run(&[
            "sign",
            "--key",
            key.to_str().unwrap(),
            "--batch",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--cert",
            "C-5",
            "--holder",
            "H",
            "--scheme",
            "CCC",
            "--scope",
            "S",
            "--valid-from",
            "2026-01-01",
            "--valid-to",
            "2030-01-01",
        ]);
        (o, out)
    };
    let (o, out) = sign("good", "serial\n-5\n\n@6\n");
    assert!(o.status.success(), "{}", stderr(&o));
    let marks = fs::read_to_string(out.join("marks.csv")).unwrap();
    let serials: Vec<&str> = marks
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(2).unwrap())
        .collect();
    assert_eq!(
        serials,
        ["'-5", "'@6"],
        "cells that would be formulas are escaped"
    );
    let (o, _) = sign("unclosed", "serial\nA-1\n\"A-2\nA-3\n");
    assert_eq!(o.status.code(), Some(3));
    assert!(
        stderr(&o).contains("line 3: a quoted field is never closed"),
        "{}",
        stderr(&o)
    );
    let (o, _) = sign("short", "serial,scope\nA-1,x\nA-2\n");
    assert_eq!(o.status.code(), Some(3));
    assert!(
        stderr(&o).contains("line 3: not valid CSV: 1 cells, the header row has 2"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn batch_signs_every_row_or_nothing() {
    let dir = temp("batch");
    let key = key_file(&dir, "a1.key", 0x21, Some("TEST-A"), Some(1));
    let good = dir.join("items.csv");
    let mut csv = String::from("serial,extra.colour,scope\n");
    for i in 0..200 {
        csv.push_str(&format!("SN-{i:05},red,\n"));
    }
    csv.push_str("SN-X,\"blue, dark\",\"=cmd|' /C calc'!A0\"\n");
    fs::write(&good, csv).unwrap();
    let out = dir.join("out");
    let common = [
        "--cert",
        "C-5",
        "--holder",
        "测试",
        "--scheme",
        "CCC",
        "--scope",
        "灯具 Lamp",
        "--valid-from",
        "2026-01-01",
        "--valid-to",
        "2030-01-01",
    ];
    let mut args = vec![
        "sign",
        "--key",
        key.to_str().unwrap(),
        "--batch",
        good.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--qr-format",
        "svg",
    ];
    args.extend(common);
    let o = run(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let marks = fs::read_to_string(out.join("marks.csv")).unwrap();
    assert_eq!(marks.lines().count(), 202);
    assert_eq!(fs::read_dir(out.join("qr")).unwrap().count(), 201);
    let last = marks.lines().last().unwrap();
    let text = last.split(',').find(|c| c.starts_with("CM1:")).unwrap();
    let o = run(&[
        "verify",
        text,
        "--trust",
        &vectors_trust(),
        "--as-of",
        "2026-11-21",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["code"], "valid");
    assert_eq!(v["claims"]["extra"]["colour"], "blue, dark");
    assert_eq!(v["claims"]["scope"], "=cmd|' /C calc'!A0");

    // A bad date on line 3: reported by line, nothing left behind.
    let bad = dir.join("bad.csv");
    fs::write(
        &bad,
        "serial,valid_to\nA-1,2030-01-01\nA-2,2030-02-30\nA-3,2030-01-01\n",
    )
    .unwrap();
    let out2 = dir.join("out2");
    let mut args = vec![
        "sign",
        "--key",
        key.to_str().unwrap(),
        "--batch",
        bad.to_str().unwrap(),
        "--out",
        out2.to_str().unwrap(),
    ];
    args.extend(common);
    let o = run(&args);
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("line 3"), "{}", stderr(&o));
    let left: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        !left.iter().any(|n| n.to_string_lossy().starts_with("out2")),
        "{left:?}"
    );

    // A repeated serial is a copy, refused.
    fs::write(&bad, "serial\nA-1\nA-1\n").unwrap();
    let o = run(&args);
    assert!(stderr(&o).contains("repeats line 2"), "{}", stderr(&o));
}

#[test]
fn reference_mark_fits_qr_version_13_at_q() {
    let dir = temp("reference");
    let key = key_file(&dir, "a1.key", 0x21, Some("TEST-A"), Some(1));
    let mut versions = Vec::new();
    for ec in ["m", "q"] {
        let qr = dir.join(format!("ref-{ec}.svg"));
        // Chinese holder and product names, a 16-digit certificate number, a 30-character URL.
        let url = "https://verify.cnca.example/v/";
        assert_eq!(url.len(), 30);
        let o = run(&[
            "sign",
            "--key",
            key.to_str().unwrap(),
            "--cert",
            "2026010901234567",
            "--holder",
            "深圳市华强电子科技有限公司",
            "--scheme",
            "CCC",
            "--scope",
            "电热水壶 型号 DK-1500",
            "--valid-from",
            "2026-01-09",
            "--valid-to",
            "2031-01-08",
            "--url",
            url,
            "--qr",
            qr.to_str().unwrap(),
            "--ec",
            ec,
        ]);
        let err = stderr(&o);
        let v: u32 = err
            .split("QR version ")
            .nth(1)
            .and_then(|s| s.split(',').next())
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no version in {err}"));
        versions.push(v);
    }
    eprintln!(
        "reference mark: QR version {} at M, {} at Q",
        versions[0], versions[1]
    );
    assert!(versions[1] <= 13, "version {} at Q", versions[1]);
}

#[test]
fn list_check_reports_problems_before_publishing() {
    let dir = temp("lists");
    let list = fs::read_to_string(format!("{ROOT}/trust/trust-list.json")).unwrap();
    let p = dir.join("trust-list.json");
    fs::write(
        &p,
        list.replace(
            "\"signs_until\": \"2025-06-30\"",
            "\"signs_until\": \"2026-06-30\"",
        ),
    )
    .unwrap();
    let o = run(&[
        "trust-list",
        "check",
        p.to_str().unwrap(),
        "--previous",
        &format!("{ROOT}/trust/trust-list.json"),
        "--today",
        "2026-11-21",
    ]);
    assert_eq!(o.status.code(), Some(3));
    let err = stderr(&o);
    assert!(err.contains("keys 1 and 2 may both sign"), "{err}");
    assert!(err.contains("sequence 1 is not higher"), "{err}");
    let root = key_file(&dir, "root.key", 0x11, None, None);
    let o = run(&[
        "trust-list",
        "sign",
        p.to_str().unwrap(),
        "--key",
        root.to_str().unwrap(),
        "--today",
        "2026-11-21",
    ]);
    assert_eq!(o.status.code(), Some(3), "an unsound list is not signed");
    assert!(!dir.join("trust-list.json.sig").exists());
}

#[test]
fn a_text_file_holding_a_mark_is_read_as_text() {
    let link = demo("expired.link");
    let o = run(&[
        "verify",
        link.to_str().unwrap(),
        "--as-of",
        "2024-01-01",
        "--json",
    ]);
    assert_eq!(code_of(&o), "valid", "{}", stderr(&o));
    let o = run(&[
        "verify",
        link.to_str().unwrap(),
        "--as-of",
        "2026-11-21",
        "--json",
    ]);
    assert_eq!(code_of(&o), "expired");
}

/// A minimal CSV line splitter for the report (quoted cells, doubled quotes).
fn csv_cells(line: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                cells.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => cells.push(String::new()),
            c => cells.last_mut().unwrap().push(c),
        }
    }
    cells
}

#[test]
fn verify_batch_reports_every_count_of_a_mixed_file() {
    let file = Path::new(ROOT).join("tests/stock/marks.csv");
    let expected: serde_json::Value = serde_json::from_slice(
        &fs::read(Path::new(ROOT).join("tests/stock/expected.json")).unwrap(),
    )
    .unwrap();
    let dir = temp("stock");
    let csv_out = dir.join("report.csv");
    let file = file.to_str().unwrap();
    let o = run(&[
        "verify",
        "--batch",
        file,
        "--as-of",
        "2026-11-21",
        "--json",
        "--csv",
        csv_out.to_str().unwrap(),
    ]);
    // Not-a-mark lines are in the file, so the status is 2 (unreadable input present).
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let summary = &report["summary"];
    assert_eq!(summary["by_verdict"], expected["by_verdict"]);
    assert_eq!(summary["total"], expected["total"]);
    assert_eq!(summary["copies"], expected["copies"]);
    assert_eq!(summary["blank"], expected["blank"]);
    assert_eq!(report["format"], "certmark-report/1");

    // The CSV export: one row per distinct mark, copies first, every cell safe.
    let text = fs::read_to_string(&csv_out).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    let header = csv_cells(lines[0]);
    assert_eq!(header[0], "flag");
    assert_eq!(
        lines.len() - 1,
        expected["total"]["marks"].as_u64().unwrap() as usize
    );
    let copies = expected["copies"].as_u64().unwrap() as usize;
    for (i, line) in lines[1..].iter().enumerate() {
        let cells = csv_cells(line);
        assert_eq!(cells.len(), header.len(), "line {line}");
        assert_eq!(cells[0] == "COPY?", i < copies, "copies come first");
        for c in &cells {
            assert!(!c.starts_with(['=', '+', '-', '@']), "unescaped cell {c:?}");
        }
    }

    // The text report names the copies; the plain one-per-line form reads too.
    let o = run(&["verify", "--batch", file, "--as-of", "2026-11-21"]);
    assert!(
        stdout(&o).contains("COPIES: 10 unit marks"),
        "{}",
        stdout(&o)
    );
    let plain = dir.join("plain-marks.txt");
    let marks = [
        fs::read_to_string(demo("valid-ccc.link")).unwrap(),
        fs::read_to_string(demo("forged.mark")).unwrap(),
    ];
    fs::write(&plain, marks.join("\n")).unwrap();
    let o = run(&[
        "verify",
        "--batch",
        plain.to_str().unwrap(),
        "--as-of",
        "2026-11-21",
        "--json",
    ]);
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["summary"]["by_verdict"]["valid"]["items"], 1);
    assert_eq!(r["summary"]["by_verdict"]["forged"]["items"], 1);
    assert_eq!(o.status.code(), Some(1));

    // The CSV in Chinese for a Chinese shop: words in Chinese, the codes stable.
    let args = [
        "verify",
        "--batch",
        plain.to_str().unwrap(),
        "--as-of",
        "2026-11-21",
    ];
    let o = run(&[&args[..], &["--csv", "-", "--lang", "zh-CN"]].concat());
    let text = stdout(&o);
    let lines: Vec<Vec<String>> = text.lines().map(csv_cells).collect();
    assert_eq!(lines[0][..3], ["标记", "结论", "结论代码"], "{text}");
    let verdicts: Vec<(&str, &str)> = lines[1..]
        .iter()
        .map(|l| (l[1].as_str(), l[2].as_str()))
        .collect();
    assert_eq!(verdicts, [("伪造", "forged"), ("有效", "valid")]);
    // Any other language is refused, not quietly English.
    let o = run(&[&args[..], &["--csv", "-", "--lang", "fr"]].concat());
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("possible values: en, zh-CN"));

    // A broken file is an error with its line, not a guess.
    let broken = dir.join("broken.csv");
    fs::write(&broken, "box,mark\n1,\"CM1:abc\n").unwrap();
    let o = run(&["verify", "--batch", broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("line 2: a quoted field is never closed"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn revocations_compact_then_sign_then_verify_against_it() {
    let dir = temp("compact");
    let revs = fs::read_to_string(format!("{ROOT}/trust/revocations.json")).unwrap();
    let json = dir.join("revocations-2.json");
    fs::write(
        &json,
        revs.replacen("\"sequence\": 1", "\"sequence\": 2", 1).replacen(
            "\"entries\": [",
            "\"entries\": [\n    {\"issuer\": \"DEMO-CQC\", \"cert\": \"2026010901234567\", \"status\": \"withdrawn\", \"since\": \"2026-11-10\"},",
            1,
        ),
    )
    .unwrap();
    let trust = dir.join("trust");
    fs::create_dir_all(&trust).unwrap();
    for f in ["roots.json", "trust-list.json", "trust-list.json.sig"] {
        fs::copy(format!("{ROOT}/trust/{f}"), trust.join(f)).unwrap();
    }
    let out = trust.join("revocations.json"); // a trust directory takes either form
    let compact = |input: &Path| {
        run(&[
            "revocations",
            "compact",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--today",
            "2026-11-21",
        ])
    };
    let o = compact(&json);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("3 entries"), "{}", stderr(&o));
    let bytes = fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"certmark-revocations-compact/1\n"));
    let again = compact(&json);
    assert_eq!(again.status.code(), Some(3), "never overwrites");
    assert_eq!(fs::read(&out).unwrap(), bytes);
    let o = run(&[
        "revocations",
        "sign",
        out.to_str().unwrap(),
        "--key",
        &format!("{ROOT}/demo-keys/root.key"),
        "--today",
        "2026-11-21",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let verify_as = |name: &str| {
        code_of(&run(&[
            "verify",
            "--trust",
            trust.to_str().unwrap(),
            "--allow-demo",
            "--as-of",
            "2026-11-21",
            "--json",
            demo(&format!("{name}.mark")).to_str().unwrap(),
        ]))
    };
    assert_eq!(verify_as("valid-ccc"), "withdrawn");
    assert_eq!(verify_as("withdrawn"), "withdrawn");
    assert_eq!(verify_as("suspended"), "suspended");
    assert_eq!(verify_as("valid-iso-unit"), "valid");
    // Another list's signature does not pass for it.
    let json_sig = run(&[
        "revocations",
        "sign",
        json.to_str().unwrap(),
        "--key",
        &format!("{ROOT}/demo-keys/root.key"),
        "--today",
        "2026-11-21",
    ]);
    assert_eq!(json_sig.status.code(), Some(0));
    fs::copy(
        dir.join("revocations-2.json.sig"),
        trust.join("revocations.json.sig"),
    )
    .unwrap();
    let o = run(&[
        "verify",
        "--trust",
        trust.to_str().unwrap(),
        "--allow-demo",
        demo("valid-ccc.mark").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(3));
    assert!(
        stderr(&o).contains("signature does not match"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_closed_standard_output_ends_quietly_not_in_a_panic() {
    let mut child = Command::new(BIN)
        .args(["verify", "--json", "--as-of", "2026-11-21"])
        .arg(demo("valid-ccc.mark"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run certmark");
    drop(child.stdout.take()); // the reader goes away, as `| head -c0` would
    let out = child.wait_with_output().expect("wait");
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    assert_eq!(out.status.code(), Some(3));
}

/// `certmark revocations status FILES…` with `input` on standard input.
fn status(files: &[&Path], input: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(["revocations", "status"])
        .args(files)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // A refused list ends the process before it reads: a closed pipe is no failure here.
    let _ = std::io::Write::write_all(&mut stdin, input);
    drop(stdin);
    child.wait_with_output().unwrap()
}

#[test]
fn revocations_build_from_a_register_then_status_and_verify() {
    let dir = temp("register");
    let register = dir.join("register.csv");
    // DEMO-CQC's register: the valid demo mark's certificate withdrawn, the suspended
    // one's suspension lifted, 3,000 others. DEMO-ISO's marks are not covered.
    let mut csv = String::from(
        "issuer,cert,status,since\r\nDEMO-CQC,2026010901234567,withdrawn,2026-11-10\r\nDEMO-CQC,2025110900000815,valid,\r\n",
    );
    for n in 0..3000 {
        csv.push_str(&format!(
            "DEMO-CQC,X{n},{}\r\n",
            ["valid,", "suspended,2026-01-02"][n % 2]
        ));
    }
    fs::write(&register, &csv).unwrap();
    let trust = dir.join("trust");
    fs::create_dir_all(&trust).unwrap();
    for f in ["roots.json", "trust-list.json", "trust-list.json.sig"] {
        fs::copy(format!("{ROOT}/trust/{f}"), trust.join(f)).unwrap();
    }
    let out = trust.join("revocations.json");
    let build = |register: &Path| {
        run(&[
            "revocations",
            "build",
            register.to_str().unwrap(),
            "--as-of",
            "2026-11-30",
            "--sequence",
            "2",
            "--issued",
            "2026-11-20",
            "--out",
            out.to_str().unwrap(),
        ])
    };
    let o = build(&register);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "3002 certificates of 1 issuer(s) as of 2026-11-30, 1501 withdrawn or suspended"
        ),
        "{}",
        stderr(&o)
    );
    let bytes = fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"certmark-revocations-exact/1\n"));
    assert_eq!(build(&register).status.code(), Some(3), "never overwrites");
    assert_eq!(fs::read(&out).unwrap(), bytes);

    // What a verifier will answer, asked on standard input.
    let o = status(
        &[&out],
        b"issuer,cert\nDEMO-CQC,2026010901234567\nDEMO-CQC,X1\nDEMO-CQC,X2\nDEMO-ISO,DEMO-Q-2024-00077\n",
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o),
        "{\"issuer\":\"DEMO-CQC\",\"cert\":\"2026010901234567\",\"status\":\"withdrawn\",\"since\":\"2026-11-10\"}\n\
         {\"issuer\":\"DEMO-CQC\",\"cert\":\"X1\",\"status\":\"suspended\",\"since\":\"2026-01-02\"}\n\
         {\"issuer\":\"DEMO-CQC\",\"cert\":\"X2\",\"status\":\"valid\",\"since\":null}\n\
         {\"issuer\":\"DEMO-ISO\",\"cert\":\"DEMO-Q-2024-00077\",\"status\":\"not-covered\",\"since\":null}\n"
    );

    let sign = |file: &Path| {
        run(&[
            "revocations",
            "sign",
            file.to_str().unwrap(),
            "--key",
            &format!("{ROOT}/demo-keys/root.key"),
            "--today",
            "2026-12-01",
        ])
    };
    let o = sign(&out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let verify_as = |name: &str| {
        run(&[
            "verify",
            "--trust",
            trust.to_str().unwrap(),
            "--allow-demo",
            "--as-of",
            "2026-11-21",
            demo(&format!("{name}.mark")).to_str().unwrap(),
        ])
    };
    assert_eq!(verify_as("valid-ccc").status.code(), Some(1));
    assert_eq!(verify_as("suspended").status.code(), Some(0), "lifted");
    let o = verify_as("withdrawn");
    assert_eq!(o.status.code(), Some(0), "not covered: not known here");
    assert!(
        stdout(&o).contains("does not cover this certificate"),
        "{}",
        stdout(&o)
    );

    // The next day's register: the suspended demo certificate suspended again, a new
    // one withdrawn. Its delta follows the list, is signed, and the verifier applies it.
    let register2 = dir.join("register2.csv");
    fs::write(
        &register2,
        csv.replace(
            "DEMO-CQC,2025110900000815,valid,",
            "DEMO-CQC,2025110900000815,suspended,2026-11-20",
        ) + "DEMO-CQC,NEW-1,withdrawn,2026-11-29\r\n",
    )
    .unwrap();
    // The day's whole list, published too, is the state the delta makes.
    let list3 = dir.join("revocations.3.bin");
    let o = run(&[
        "revocations",
        "build",
        register2.to_str().unwrap(),
        "--as-of",
        "2026-12-01",
        "--sequence",
        "3",
        "--issued",
        "2026-12-01",
        "--out",
        list3.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let delta1 = trust.join("revocations.delta.1");
    let make_delta = |old: &Path, follows: &Path, out: &Path| {
        run(&[
            "revocations",
            "delta",
            old.to_str().unwrap(),
            register2.to_str().unwrap(),
            "--follows",
            follows.to_str().unwrap(),
            "--makes",
            list3.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
    };
    // Registers that are not the lists' own are refused, naming the line.
    let o = make_delta(&register2, &out, &delta1);
    assert_eq!(o.status.code(), Some(3));
    assert!(
        stderr(&o).contains("was not built from") && !delta1.exists(),
        "{}",
        stderr(&o)
    );
    let o = make_delta(&register, &out, &delta1);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("sequence 3, 2 changes, 147 bytes"),
        "{}",
        stderr(&o)
    );
    // The index names the day's list and the delta to it; signed, it checks sound.
    let index = dir.join("revocations.index");
    let o = run(&[
        "revocations",
        "index",
        list3.to_str().unwrap(),
        delta1.to_str().unwrap(),
        "--out",
        index.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("sequence 3, 1 deltas"),
        "{}",
        stderr(&o)
    );
    assert_eq!(sign(&index).status.code(), Some(0));
    let o = run(&["revocations", "check", index.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // A chain that does not end at the list is refused.
    let o = run(&[
        "revocations",
        "index",
        out.to_str().unwrap(),
        delta1.to_str().unwrap(),
        "--out",
        dir.join("other.index").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("does not follow"), "{}", stderr(&o));
    assert_eq!(sign(&delta1).status.code(), Some(0));
    assert_eq!(
        verify_as("suspended").status.code(),
        Some(1),
        "suspended again"
    );
    assert_eq!(verify_as("valid-ccc").status.code(), Some(1));
    let o = status(
        &[&out, &delta1],
        b"DEMO-CQC,NEW-1\nDEMO-CQC,2025110900000815\n",
    );
    assert_eq!(
        stdout(&o),
        "{\"issuer\":\"DEMO-CQC\",\"cert\":\"NEW-1\",\"status\":\"withdrawn\",\"since\":\"2026-11-29\"}\n\
         {\"issuer\":\"DEMO-CQC\",\"cert\":\"2025110900000815\",\"status\":\"suspended\",\"since\":\"2026-11-20\"}\n"
    );
    // A second delta that follows the list again (not delta 1) is refused, naming why.
    let delta2 = trust.join("revocations.delta.2");
    assert_eq!(make_delta(&register, &out, &delta2).status.code(), Some(0));
    assert_eq!(sign(&delta2).status.code(), Some(0));
    let o = verify_as("valid-ccc");
    assert_eq!(o.status.code(), Some(3));
    assert!(
        stderr(&o).contains("follows list 2, not the 3 in use"),
        "{}",
        stderr(&o)
    );
    fs::remove_file(&delta2).unwrap();

    // Malformed registers and questions: refused with their line.
    for (text, want) in [
        (
            "issuer,cert,status,since\nA,1,valid,\nA,2,withdrawn,\n",
            "line 3: since \"\"",
        ),
        ("issuer,cert\nA,1\n", "line 1: the header"),
        (
            "issuer,cert,status,since\nA,1,valid,\nA,1,valid,\n",
            "line 3: the certificate of line 2 again",
        ),
    ] {
        let bad = dir.join("bad.csv");
        fs::write(&bad, text).unwrap();
        let _ = fs::remove_file(&out);
        let o = build(&bad);
        assert_eq!(o.status.code(), Some(3));
        assert!(stderr(&o).contains(want), "{}", stderr(&o));
        assert!(!out.exists());
    }
    let sig_file = trust.join("revocations.json.sig");
    assert_eq!(status(&[&sig_file], b"").status.code(), Some(3));
}
