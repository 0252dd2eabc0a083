//! What certmark's verifying browser modules (verifier, updates, stock, embed) share: the
//! trust data in use, read from the snapshot `build.rs` wrote of the bundled data (its
//! signatures checked at build time, so no module parses JSON or checks a root to start),
//! dates from the page, results as objects. The `updates` feature adds the update rule's
//! answers (`judge`); `offers` adds the two list offers on the trust data in use
//! (`offerTrustList`, `offerRevocations`, exported by every module built with it).
//!
//! Plain objects out (parsed from the same JSON the CLI prints), so the pages switch on
//! the same `code` strings. A thrown error means a setup fault (broken bundled trust
//! data, a date the page spelt wrong), never a verdict.
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use std::cell::RefCell;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use std::sync::Arc;

use certmark::trust_data::{snapshot, BUNDLED_DEMO};
#[cfg(feature = "updates")]
use certmark::trust_data::{UpdateError, Updated};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use certmark::trust::Issuer;
use certmark::verify::{CheckDates, TrustVersion};
use certmark::{Date, TrustData};

thread_local! {
    /// The bundled data until an update replaces it (wasm32 here has one thread).
    static TRUST: RefCell<Option<Result<TrustData, String>>> = const { RefCell::new(None) };
}

/// The bundled trust data as `build.rs` checked and wrote it.
const BUNDLED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bundled.snapshot"));

/// The trust data in use (a cheap clone: the lists are shared).
pub fn trust() -> Result<TrustData, JsError> {
    TRUST.with_borrow_mut(|t| {
        t.get_or_insert_with(|| {
            snapshot::read_built(BUNDLED, BUNDLED_DEMO).map_err(|e| e.to_string())
        })
        .clone()
        .map_err(|e| JsError::new(&format!("bundled trust data is broken: {e}")))
    })
}

/// Uses `data` from now on.
pub fn set_trust(data: TrustData) {
    TRUST.with_borrow_mut(|t| *t = Some(Ok(data)));
}

/// Reads a snapshot written by [`snapshot::write`] in this build.
///
/// # Errors
/// If the bytes are not one.
pub fn read_snapshot(bytes: &[u8]) -> Result<TrustData, JsError> {
    snapshot::read(bytes, BUNDLED_DEMO).map_err(|e| JsError::new(&e.to_string()))
}

/// Which list an offer is.
#[cfg(feature = "updates")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    /// The trust list (issuers and their keys).
    Trust,
    /// The revocation list (JSON, compact or exact).
    Revocations,
}

#[cfg(feature = "updates")]
impl List {
    /// The sequence of this list in `trust`.
    fn sequence(self, trust: &TrustData) -> u64 {
        match self {
            List::Trust => trust.list().sequence,
            List::Revocations => trust.revocations().sequence,
        }
    }
}

/// What became of an offered list (`UpdateResult` in the TypeScript types).
#[cfg(feature = "updates")]
#[derive(Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum UpdateResult {
    /// In use from now on.
    Accepted {
        /// The offered list's sequence.
        sequence: u64,
        /// The sequence it replaced.
        previous: u64,
    },
    /// Already the list in use.
    UpToDate {
        /// Its sequence.
        sequence: u64,
    },
    /// Refused; the list in use stays.
    Refused {
        /// [`UpdateError::code`].
        code: &'static str,
        /// Why, in English.
        reason: String,
        /// The sequence in use.
        in_use: u64,
        /// The offered list's sequence, when it was signed and parsed but not newer.
        offered: Option<u64>,
    },
}

#[cfg(feature = "updates")]
/// An offered list judged against `current`: the answer, and the trust data to use from
/// now on if it was accepted.
pub fn judge(
    current: &TrustData,
    kind: List,
    list: &[u8],
    sig: &[u8],
) -> (UpdateResult, Option<TrustData>) {
    let result = match kind {
        List::Trust => current.with_trust_list(list, sig),
        List::Revocations => current.with_revocations(list, sig),
    };
    let answer = match result {
        Ok((next, Updated::Replaced { previous })) => {
            let sequence = kind.sequence(&next);
            return (UpdateResult::Accepted { sequence, previous }, Some(next));
        }
        Ok((_, Updated::AlreadyInUse)) => UpdateResult::UpToDate {
            sequence: kind.sequence(current),
        },
        Err(e) => UpdateResult::Refused {
            code: e.code(),
            reason: e.to_string(),
            in_use: kind.sequence(current),
            offered: match e {
                UpdateError::NotNewer { sequence, .. } => Some(sequence),
                _ => None,
            },
        },
    };
    (answer, None)
}

#[cfg(feature = "updates")]
/// Revocation deltas judged in order against `current`, each with its `.sig` file:
/// an answer for each up to the first refused (the rest are not looked at), and the
/// trust data to use from now on if any was accepted.
pub fn judge_deltas(
    current: &TrustData,
    deltas: &[Signed],
) -> (Vec<UpdateResult>, Option<TrustData>) {
    let (mut answers, mut next) = (Vec::new(), None::<TrustData>);
    for (delta, sig) in deltas {
        let now = next.as_ref().unwrap_or(current);
        let previous = now.revocations().sequence;
        match now.with_revocation_delta(delta, sig) {
            Ok(data) => {
                answers.push(UpdateResult::Accepted {
                    sequence: data.revocations().sequence,
                    previous,
                });
                next = Some(data);
            }
            Err(e) => {
                answers.push(UpdateResult::Refused {
                    code: e.code(),
                    reason: e.to_string(),
                    in_use: previous,
                    offered: None,
                });
                break;
            }
        }
    }
    (answers, next)
}

/// What a revocation index says to download (`RevocationPlan` in the TypeScript types):
/// file names as the index holds them, beside it.
#[cfg(feature = "updates")]
#[derive(Serialize)]
#[serde(tag = "plan", rename_all = "kebab-case")]
pub enum Plan {
    /// The list in use is the latest, or later.
    UpToDate {
        /// The index's sequence.
        sequence: u64,
    },
    /// The deltas the list in use lacks, in order.
    Deltas {
        /// The index's sequence.
        sequence: u64,
        /// Their names.
        files: Vec<String>,
        /// Their bytes in all.
        bytes: u64,
    },
    /// The whole list: the chain does not reach the state in use, or weighs more.
    Full {
        /// The index's sequence.
        sequence: u64,
        /// Its name.
        file: String,
        /// Its bytes.
        bytes: u64,
    },
    /// The index is not signed by a pinned root, or not an index: nothing to download.
    Refused {
        /// [`UpdateError::code`].
        code: &'static str,
        /// Why, in English.
        reason: String,
    },
}

#[cfg(feature = "updates")]
/// What the signed revocation index `index` says `current` should download.
pub fn plan(current: &TrustData, index: &[u8], sig: &[u8]) -> Plan {
    use certmark::revocation::index::Plan as P;
    match current.revocation_plan(index, sig) {
        Ok((ix, P::UpToDate)) => Plan::UpToDate {
            sequence: ix.sequence,
        },
        Ok((ix, P::Deltas(from))) => Plan::Deltas {
            sequence: ix.sequence,
            bytes: ix.deltas[from..]
                .iter()
                .map(|d| u64::from(d.file.bytes))
                .sum(),
            files: ix.deltas[from..]
                .iter()
                .map(|d| d.file.name.clone())
                .collect(),
        },
        Ok((ix, P::Full)) => Plan::Full {
            sequence: ix.sequence,
            bytes: u64::from(ix.list.bytes),
            file: ix.list.name,
        },
        Err(e) => Plan::Refused {
            code: e.code(),
            reason: e.to_string(),
        },
    }
}

#[cfg(feature = "offers")]
/// Offers a list to the trust data in use, which changes only if the offer is accepted.
pub fn offer(kind: List, list: &[u8], sig: &[u8]) -> Result<JsValue, JsError> {
    let (answer, next) = judge(&trust()?, kind, list, sig);
    if let Some(next) = next {
        set_trust(next);
    }
    to_js(&answer)
}

fn date(s: &str, what: &str) -> Result<Date, JsError> {
    s.parse()
        .map_err(|e| JsError::new(&format!("{what} {s:?}: {e}")))
}

/// The device's `today` and the day to judge for (`asOf`, or today if absent or empty).
pub fn check_dates(today: &str, as_of: Option<&str>) -> Result<CheckDates, JsError> {
    let today = date(today, "today")?;
    let as_of = match as_of {
        Some(d) if !d.is_empty() => date(d, "asOf")?,
        _ => today,
    };
    Ok(CheckDates { as_of, today })
}

/// `value` as a plain JS object, through the JSON the CLI prints.
///
/// # Errors
/// Only if the JSON round trip fails.
pub fn to_js(value: &impl serde::Serialize) -> Result<JsValue, JsError> {
    // Our answers always serialise (string keys, no floats); the error's own text would
    // bring serde_json's and std::io's messages into every module (2 KB).
    let json =
        serde_json::to_string(value).map_err(|_| JsError::new("answer not writable as JSON"))?;
    js_sys::JSON::parse(&json).map_err(|_| JsError::new("JSON round trip failed"))
}

#[cfg(feature = "offers")]
/// Offers a trust list (its bytes and its `.sig` file's): used from now on only if a
/// pinned root signed it and its sequence is higher than the one in use.
///
/// # Errors
/// Only for broken bundled trust data; a refused list is an answer, not an error.
#[wasm_bindgen(js_name = offerTrustList, unchecked_return_type = "UpdateResult")]
pub fn offer_trust_list(list: &[u8], sig: &[u8]) -> Result<JsValue, JsError> {
    offer(List::Trust, list, sig)
}

#[cfg(feature = "offers")]
/// Offers a revocation list (JSON, compact or exact), as [`offer_trust_list`] does.
///
/// # Errors
/// Only for broken bundled trust data; a refused list is an answer, not an error.
#[wasm_bindgen(js_name = offerRevocations, unchecked_return_type = "UpdateResult")]
pub fn offer_revocations(list: &[u8], sig: &[u8]) -> Result<JsValue, JsError> {
    offer(List::Revocations, list, sig)
}

/// A file and its `.sig` file's bytes.
#[cfg(feature = "updates")]
pub type Signed = (Vec<u8>, Vec<u8>);

#[cfg(feature = "updates")]
/// The `(delta, sig)` pairs of two JS arrays of byte arrays.
///
/// # Errors
/// If either is not an array of `Uint8Array`s, or their lengths differ.
pub fn pairs(deltas: &js_sys::Array, sigs: &js_sys::Array) -> Result<Vec<Signed>, JsError> {
    if deltas.length() != sigs.length() {
        return Err(JsError::new("as many signatures as deltas are needed"));
    }
    let bytes = |v: JsValue| {
        v.dyn_into::<js_sys::Uint8Array>()
            .map(|a| a.to_vec())
            .map_err(|_| JsError::new("a delta or signature is not a Uint8Array"))
    };
    deltas
        .iter()
        .zip(sigs.iter())
        .map(|(d, s)| Ok((bytes(d)?, bytes(s)?)))
        .collect()
}

#[cfg(feature = "offers")]
/// Offers revocation deltas (each with its `.sig` file's bytes), applied in order to the
/// trust data in use: an answer for each up to the first refused; the accepted ones stay
/// in use.
///
/// # Errors
/// Only for broken bundled trust data or arrays that are not byte arrays.
#[wasm_bindgen(js_name = offerRevocationDeltas, unchecked_return_type = "UpdateResult[]")]
pub fn offer_revocation_deltas(
    deltas: js_sys::Array,
    sigs: js_sys::Array,
) -> Result<JsValue, JsError> {
    let (answers, next) = judge_deltas(&trust()?, &pairs(&deltas, &sigs)?);
    if let Some(next) = next {
        set_trust(next);
    }
    to_js(&answers)
}

#[cfg(feature = "offers")]
/// What a signed revocation index (its bytes and its `.sig` file's) says the trust data
/// in use should download.
///
/// # Errors
/// Only for broken bundled trust data; a refused index is an answer.
#[wasm_bindgen(js_name = planRevocations, unchecked_return_type = "RevocationPlan")]
pub fn plan_revocations(index: &[u8], sig: &[u8]) -> Result<JsValue, JsError> {
    to_js(&plan(&trust()?, index, sig))
}

/// The trust data in use, as `trustInfo` returns it (`TrustInfo` in the TypeScript types).
#[derive(Serialize)]
pub struct TrustInfo<'a> {
    /// Demo trust data: every verdict says DEMO.
    pub demo: bool,
    /// The lists' versions.
    pub trust_data: TrustVersion,
    /// The trusted issuers.
    pub issuers: &'a [Arc<Issuer>],
    /// The lists' signatures.
    pub signatures: Signatures,
    /// The revocation list's size and form.
    pub revocations: Revocations,
}

/// The lists' signatures as their `.sig` files hold them (base64).
#[derive(Serialize)]
pub struct Signatures {
    /// The trust list's.
    pub trust_list: String,
    /// The revocation list's.
    pub revocations: String,
}

/// How many revocations the list in use has, and in which form.
#[derive(Serialize)]
pub struct Revocations {
    /// Entries.
    pub count: usize,
    /// Whether it is a binary form (compact or exact).
    pub compact: bool,
    /// For an exact list: the register it answers for.
    pub register: Option<Register>,
    /// How many deltas were applied to it.
    pub deltas: u32,
}

/// The register an exact list answers for.
#[derive(Serialize)]
pub struct Register {
    /// Its date: it covers marks valid from then or before.
    pub as_of: Date,
    /// How many certificates it holds.
    pub certificates: usize,
}

impl<'a> TrustInfo<'a> {
    /// What `trustInfo` says of `trust`.
    pub fn of(trust: &'a TrustData) -> TrustInfo<'a> {
        let b64 = |s: &[u8; 64]| STANDARD.encode(s);
        TrustInfo {
            demo: trust.is_demo(),
            trust_data: TrustVersion::of(trust),
            issuers: trust.list().issuers(),
            signatures: Signatures {
                trust_list: b64(&trust.signatures().trust_list),
                revocations: b64(&trust.signatures().revocations),
            },
            revocations: Revocations {
                count: trust.revocations().len(),
                compact: trust.revocations().is_compact(),
                register: trust.revocations().exact().map(|e| Register {
                    as_of: e.covered(),
                    certificates: e.certificates(),
                }),
                deltas: trust.revocations().deltas(),
            },
        }
    }
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("types.d.ts");

#[cfg(test)]
mod tests {
    //! The TypeScript types (types.d.ts, written by `cargo run --example rules`) against
    //! what serde writes for real answers: a field added, renamed or dropped on either
    //! side fails here.

    use std::collections::BTreeSet;

    use certmark::verify::{verify, CheckDates};
    use serde_json::Value;

    use super::*;

    const TYPES_TS: &str = include_str!("types.d.ts");

    /// Splits `text` at `sep` where no brace is open.
    fn split_top(text: &str, sep: char) -> Vec<&str> {
        let (mut depth, mut start, mut parts) = (0i32, 0, Vec::new());
        for (i, c) in text.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                c if c == sep && depth == 0 => {
                    parts.push(&text[start..i]);
                    start = i + c.len_utf8();
                }
                _ => {}
            }
        }
        parts.push(&text[start..]);
        parts
    }

    /// The field names of an object type's body (`a: X; b: { c: Y }`).
    fn names(body: &str) -> BTreeSet<String> {
        let mut body = body.to_owned();
        while let (Some(a), Some(b)) = (body.find("/**"), body.find("*/")) {
            body.replace_range(a..b + 2, "");
        }
        split_top(&body.replace('\n', " "), ';')
            .iter()
            .filter_map(|f| f.split_once(':').map(|(k, _)| k.trim().to_owned()))
            .filter(|k| !k.is_empty())
            .collect()
    }

    fn interface(name: &str) -> BTreeSet<String> {
        let head = format!("export interface {name} {{");
        let start = TYPES_TS.find(&head).unwrap_or_else(|| panic!("no {name}")) + head.len();
        let end = start + TYPES_TS[start..].find("\n}").unwrap();
        names(&TYPES_TS[start..end])
    }

    /// The field names of each object alternative of `export type {name} = | {…} | …`.
    #[cfg(feature = "updates")]
    fn union(name: &str) -> Vec<BTreeSet<String>> {
        let head = format!("export type {name} =");
        let text = &TYPES_TS[TYPES_TS.find(&head).unwrap() + head.len()..];
        let text = &text[..text.find("/**").unwrap()];
        split_top(text, '|')
            .iter()
            .filter_map(|a| {
                let a = a.trim().trim_end_matches(';').trim();
                a.strip_prefix('{')?.strip_suffix('}').map(names)
            })
            .collect()
    }

    fn keys(v: &Value) -> BTreeSet<String> {
        v.as_object().unwrap().keys().cloned().collect()
    }

    fn outcome(mark: &str) -> Value {
        let when = CheckDates::today("2026-11-21".parse().unwrap());
        serde_json::to_value(verify(mark, &TrustData::bundled().unwrap(), when)).unwrap()
    }

    #[test]
    fn interfaces_have_the_fields_serde_writes() {
        let valid = outcome(include_str!("../../../demo/valid-ccc.mark").trim());
        let withdrawn = outcome(include_str!("../../../demo/withdrawn.mark").trim());
        assert_eq!(interface("Outcome"), keys(&valid));
        assert_eq!(interface("Claims"), keys(&valid["claims"]));
        assert_eq!(interface("Issuer"), keys(&valid["issuer"]));
        assert_eq!(interface("TrustVersion"), keys(&valid["trust_data"]));
        assert_eq!(interface("Revocation"), keys(&withdrawn["revocation"]));
        let trust = TrustData::bundled().unwrap();
        let info = serde_json::to_value(TrustInfo::of(&trust)).unwrap();
        assert_eq!(interface("TrustInfo"), keys(&info));
    }

    #[cfg(feature = "updates")]
    #[test]
    fn every_plan_is_one_of_the_union_and_deltas_stop_at_the_first_refused() {
        let alternatives = union("RevocationPlan");
        assert_eq!(alternatives.len(), 4);
        let trust = TrustData::bundled().unwrap();
        // Unsigned: refused; the others by hand.
        let refused = plan(&trust, b"certmark-revocations-index/1\n", b"");
        for answer in [
            refused,
            Plan::UpToDate { sequence: 1 },
            Plan::Deltas {
                sequence: 2,
                files: vec!["d".into()],
                bytes: 3,
            },
            Plan::Full {
                sequence: 2,
                file: "l".into(),
                bytes: 3,
            },
        ] {
            let v = serde_json::to_value(&answer).unwrap();
            assert!(alternatives.contains(&keys(&v)), "{v}");
        }
        // Two deltas for the bundled JSON list: the first refused, the second not asked.
        let two = [(b"x".to_vec(), vec![]), (b"y".to_vec(), vec![])];
        let (answers, next) = judge_deltas(&trust, &two);
        assert_eq!(answers.len(), 1);
        assert!(next.is_none());
        let v = serde_json::to_value(&answers[0]).unwrap();
        assert_eq!(v["status"], "refused");
    }

    #[cfg(feature = "updates")]
    #[test]
    fn every_update_answer_is_one_of_the_union() {
        let alternatives = union("UpdateResult");
        assert_eq!(alternatives.len(), 3);
        for answer in [
            UpdateResult::Accepted {
                sequence: 2,
                previous: 1,
            },
            UpdateResult::UpToDate { sequence: 1 },
            UpdateResult::Refused {
                code: "not-newer",
                reason: String::new(),
                in_use: 2,
                offered: Some(1),
            },
        ] {
            let v = serde_json::to_value(&answer).unwrap();
            assert!(alternatives.contains(&keys(&v)), "{v}");
        }
    }
}
