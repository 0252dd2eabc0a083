//! The fuzz targets' checks (fuzz/checks.rs), run on every input a fuzzer found that
//! once failed (fuzz/regressions/TARGET/) and on the demo marks, so a fix stays fixed
//! without the nightly toolchain.
#![cfg(all(feature = "hazmat", not(target_arch = "wasm32")))]

use std::fs;
use std::path::Path;

#[allow(dead_code)]
#[path = "../fuzz/checks.rs"]
mod checks;

fn inputs(dir: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut found: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .map(|p| (p.display().to_string(), fs::read(&p).unwrap()))
        .collect();
    found.sort();
    found
}

#[test]
fn every_found_input_passes_its_check() {
    type Check = fn(&[u8]);
    let targets: [(&str, Check); 7] = [
        ("mark_string", checks::mark_string),
        ("mark_bytes", checks::mark_bytes),
        ("lists", checks::lists),
        ("csv", checks::csv),
        ("register", checks::register),
        ("deltas", checks::deltas),
        ("scan", checks::scan),
    ];
    for (name, check) in targets {
        for (path, bytes) in inputs(&format!("fuzz/regressions/{name}")) {
            eprintln!("{path}");
            check(&bytes);
        }
    }
}

#[test]
fn demo_marks_pass_the_mark_checks() {
    let mut n = 0;
    for (_, text) in inputs("demo").into_iter().chain(inputs("tests/vectors")) {
        checks::mark_string(&text);
        n += 1;
    }
    assert!(n > 60, "{n} inputs");
    for (path, text) in inputs("demo") {
        let Ok(bytes) = certmark::mark::decode_string(&String::from_utf8_lossy(&text)) else {
            continue;
        };
        let body = &bytes[..bytes.len().saturating_sub(64)];
        eprintln!("{path}");
        checks::mark_bytes(&[[0x80, 3, 0x84].as_slice(), &bytes].concat());
        for key in 0..6 {
            checks::mark_bytes(&[[key, 3, 0x84].as_slice(), body].concat());
        }
    }
}

#[test]
fn the_bundled_snapshot_passes_the_list_check() {
    use certmark::trust_data::snapshot;
    let data = certmark::TrustData::bundled().unwrap();
    let snap = snapshot::write(&data);
    checks::lists(&[[6].as_slice(), &snap].concat());
    // Cut anywhere: an error, never a panic.
    for cut in (0..snap.len()).step_by(7) {
        checks::lists(&[[6].as_slice(), &snap[..cut]].concat());
    }
}
