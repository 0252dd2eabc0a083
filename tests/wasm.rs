//! The test vectors again, compiled to wasm: run by wasm-bindgen-test in Node and in
//! headless Chromium (`WASM_BINDGEN_USE_BROWSER=1`), so the browser build agrees with the
//! native one case by case.
#![cfg(target_arch = "wasm32")]

mod common;

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn every_vector_gives_its_code_in_wasm() {
    common::vectors::assert_every_vector_passes();
}

#[wasm_bindgen_test]
fn bundled_trust_data_loads_in_wasm() {
    let trust = certmark::TrustData::bundled().expect("bundled trust data");
    assert!(trust.is_demo());
    let mark = include_str!("../demo/valid-ccc.mark").trim();
    let when = certmark::CheckDates::today("2026-11-21".parse().expect("date"));
    assert_eq!(
        certmark::verify(mark, &trust, when).verdict,
        certmark::Verdict::Valid
    );
}

#[wasm_bindgen_test]
fn scanner_refuses_bad_frames_without_panicking_in_wasm() {
    // Real images go through the page tests (tests/e2e); here only the limits.
    assert!(certmark::scan::scan_rgba(0, 0, &[]).is_err());
    assert_eq!(certmark::scan::scan_gray(8, 8, &[255; 64]), Ok(vec![]));
}
