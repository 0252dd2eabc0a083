//! Runs the test vectors of `tests/vectors/`. Shared by the native and the wasm tests,
//! so both builds agree case by case.

use std::collections::BTreeMap;

use certmark::revocation::RevocationList;
use certmark::trust::{Demo, TrustList};
use certmark::verify::verify_all;
use certmark::{verify, CheckDates, TrustData, TrustFiles, Verdict};

include!(concat!(env!("OUT_DIR"), "/vectors.rs"));

/// The test trust directory the mark vectors are judged against.
pub const TRUST: TrustFiles<'static> = TrustFiles {
    roots: include_bytes!("../vectors/trust/roots.json"),
    trust_list: include_bytes!("../vectors/trust/trust-list.json"),
    trust_list_sig: include_bytes!("../vectors/trust/trust-list.json.sig"),
    revocations: include_bytes!("../vectors/trust/revocations.json"),
    revocations_sig: include_bytes!("../vectors/trust/revocations.json.sig"),
};

/// The `key: value` lines of a vector file.
fn fields(text: &str) -> Result<BTreeMap<&str, &str>, String> {
    text.lines()
        .map(|l| {
            l.split_once(": ")
                .or_else(|| l.strip_suffix(':').map(|k| (k, "")))
                .ok_or_else(|| format!("line without 'key: value': {l:?}"))
        })
        .collect()
}

/// Checks one vector; the error says what differed.
pub fn check(trust: &TrustData, name: &str, text: &str) -> Result<(), String> {
    let f = fields(text)?;
    let get = |k: &str| f.get(k).copied().ok_or(format!("no {k}:"));
    let (expect, input) = (get("expect")?, get("input")?);
    get("comment")?;
    let got = match f.get("kind").copied().unwrap_or("mark") {
        "mark" => {
            let as_of = get("as-of")?.parse().map_err(|e| format!("as-of: {e}"))?;
            let o = verify(
                input,
                trust,
                CheckDates {
                    as_of,
                    today: as_of,
                },
            );
            // The batch path (eight copies: past single checks, into one batch) agrees.
            let when = CheckDates {
                as_of,
                today: as_of,
            };
            if verify_all(&[input; 8], trust, when).iter().any(|b| *b != o) {
                return Err(format!(
                    "{name}: the batch check differs from the single check"
                ));
            }
            if let Some(rule) = f.get("rule") {
                if o.rule != Some(*rule) {
                    return Err(format!("{name}: rule {:?}, expected {rule}", o.rule));
                }
            }
            let other =
                (o.verdict == Verdict::NotAMark).then(|| certmark::code::classify(input).kind());
            if other != f.get("other").copied() {
                return Err(format!(
                    "{name}: other {other:?}, expected {:?}",
                    f.get("other")
                ));
            }
            let verified = o.verdict as usize >= Verdict::KeyNotValid as usize;
            let unverified = matches!(
                o.verdict,
                Verdict::UnknownIssuer | Verdict::UnknownKey | Verdict::Forged
            );
            if o.claims.is_some() != verified || o.unverified.is_some() != unverified {
                return Err(format!("{name}: claims shown wrongly for {}", o.verdict));
            }
            o.verdict.code().to_owned()
        }
        "trust-list" => match TrustList::parse(input.as_bytes(), Demo::Refuse) {
            Ok(_) => "ok".into(),
            Err(e) => e.code().into(),
        },
        "revocations" => match RevocationList::parse(input.as_bytes()) {
            Ok(_) => "ok".into(),
            Err(e) => e.code().into(),
        },
        other => return Err(format!("{name}: unknown kind {other}")),
    };
    if got == expect {
        Ok(())
    } else {
        Err(format!("{name}: got {got}, expected {expect}"))
    }
}

/// Runs every vector; returns the failures and how many ran. Also fails if any verdict
/// has no vector.
pub fn run_all() -> (Vec<String>, usize) {
    let trust = TrustData::load(&TRUST, Demo::Refuse).expect("the test trust directory loads");
    let mut failures: Vec<String> = VECTORS
        .iter()
        .filter_map(|(name, text)| check(&trust, name, text).err())
        .collect();
    for v in Verdict::ALL {
        let needle = format!("expect: {}\n", v.code());
        if !VECTORS.iter().any(|(_, t)| t.contains(&needle)) {
            failures.push(format!("no vector expects {v}"));
        }
    }
    (failures, VECTORS.len())
}

/// Checks the vector file `name` against the test trust directory.
#[allow(dead_code)] // the wasm tests run them all at once
pub fn run_one(name: &str) -> Result<(), String> {
    let trust = TrustData::load(&TRUST, Demo::Refuse).expect("the test trust directory loads");
    let (_, text) = VECTORS
        .iter()
        .find(|(n, _)| *n == name)
        .ok_or_else(|| format!("no vector {name}"))?;
    check(&trust, name, text)
}

/// Fails with every failing vector listed; the one assertion native and wasm tests share.
pub fn assert_every_vector_passes() {
    let (failures, count) = run_all();
    assert!(count >= 90, "only {count} vectors found");
    assert!(
        failures.is_empty(),
        "{} of {count} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
