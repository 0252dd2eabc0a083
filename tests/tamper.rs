//! Tampering: every single-byte change of every valid demo mark (all 255 other values
//! of each byte, so every single-bit flip among them), sent in both string forms, and
//! every single-character change of both strings, is never "valid".
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::thread;

use certmark::mark::{self, encode_digits, encode_text, DIGITS_PREFIX, TEXT_PREFIX};
use certmark::{verify, CheckDates, TrustData, Verdict};

const BASE64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The demo marks expected valid, with their check dates.
fn valid_marks() -> Vec<(String, Vec<u8>, CheckDates)> {
    let tsv = include_str!("../demo/expected.tsv");
    let marks: Vec<_> = tsv
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|f| f[1] == "valid")
        .map(|f| {
            let path = format!("{}/demo/{}.mark", env!("CARGO_MANIFEST_DIR"), f[0]);
            let text = std::fs::read_to_string(&path).unwrap();
            let bytes = mark::decode_string(&text).unwrap();
            (
                f[0].to_owned(),
                bytes,
                CheckDates::today(f[2].parse().unwrap()),
            )
        })
        .collect();
    assert!(marks.len() >= 4, "{} valid demo marks", marks.len());
    marks
}

/// Verdict codes of every input, counted; the inputs are checked on both cores.
fn verdicts(
    inputs: &[String],
    trust: &TrustData,
    when: CheckDates,
) -> BTreeMap<&'static str, usize> {
    let half = inputs.len().div_ceil(2);
    let count = |part: &[String]| {
        let mut counts = BTreeMap::new();
        for input in part {
            let outcome = verify(input, trust, when);
            assert_ne!(
                outcome.verdict,
                Verdict::Valid,
                "tampered input passed: {input}"
            );
            *counts.entry(outcome.verdict.code()).or_insert(0) += 1;
        }
        counts
    };
    let (a, b) = thread::scope(|s| {
        let (left, right) = inputs.split_at(half.min(inputs.len()));
        let other = s.spawn(|| count(right));
        (count(left), other.join().unwrap())
    });
    let mut all = a;
    for (code, n) in b {
        *all.entry(code).or_insert(0) += n;
    }
    all
}

#[test]
fn no_single_byte_change_of_a_valid_mark_is_valid_in_either_form() {
    let trust = TrustData::bundled().unwrap();
    for (name, bytes, when) in valid_marks() {
        assert_eq!(
            verify(&encode_text(&bytes), &trust, when).verdict,
            Verdict::Valid
        );
        let mut inputs = Vec::with_capacity(bytes.len() * 255 * 2);
        let mut flips = 0;
        for i in 0..bytes.len() {
            for v in 0..=255u8 {
                if v == bytes[i] {
                    continue;
                }
                flips += usize::from((v ^ bytes[i]).count_ones() == 1);
                let mut changed = bytes.clone();
                changed[i] = v;
                inputs.push(encode_text(&changed));
                inputs.push(encode_digits(&changed));
            }
        }
        assert_eq!(flips, bytes.len() * 8);
        let counts = verdicts(&inputs, &trust, when);
        eprintln!(
            "{name}: {} bytes, {} inputs: {counts:?}",
            bytes.len(),
            inputs.len()
        );
        assert_eq!(counts.values().sum::<usize>(), bytes.len() * 255 * 2);
        // Most changes keep the body readable: the signature is what catches them.
        assert!(counts["forged"] > inputs.len() / 4, "{counts:?}");
    }
}

#[test]
fn no_single_character_change_of_either_string_is_valid() {
    let trust = TrustData::bundled().unwrap();
    for (name, bytes, when) in valid_marks() {
        let text = encode_text(&bytes);
        let digits = encode_digits(&bytes);
        let mut inputs = Vec::new();
        for (s, prefix, alphabet) in [
            (&text, TEXT_PREFIX, BASE64URL),
            (&digits, DIGITS_PREFIX, b"0123456789".as_slice()),
        ] {
            // The prefix too, and characters from outside the alphabet.
            for i in 0..s.len() {
                for &c in alphabet.iter().chain(b"=+/ :#\0") {
                    if s.as_bytes()[i] == c {
                        continue;
                    }
                    let mut changed = s.clone().into_bytes();
                    changed[i] = c;
                    inputs.push(String::from_utf8(changed).unwrap());
                }
            }
            assert!(s.starts_with(prefix));
        }
        let counts = verdicts(&inputs, &trust, when);
        eprintln!("{name}: {} inputs: {counts:?}", inputs.len());
    }
}
