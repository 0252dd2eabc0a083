//! What certmark's verifying browser modules (verifier, stock, embed) share: the trust
//! data in use and the two list offers (`offerTrustList`, `offerRevocations`, exported
//! by every module that depends on this crate), dates from the page, results as objects.
//!
//! Plain objects out (parsed from the same JSON the CLI prints), so the pages switch on
//! the same `code` strings. A thrown error means a setup fault (broken bundled trust
//! data, a date the page spelt wrong), never a verdict.
#![deny(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::cell::RefCell;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use certmark::trust::{UpdateError, Updated};
use certmark::verify::CheckDates;
use certmark::{Date, TrustData};

thread_local! {
    /// The bundled data until an update replaces it (wasm32 here has one thread).
    static TRUST: RefCell<Option<Result<TrustData, String>>> = const { RefCell::new(None) };
}

/// The trust data in use (a cheap clone: the lists are shared).
pub fn trust() -> Result<TrustData, JsError> {
    TRUST.with_borrow_mut(|t| {
        t.get_or_insert_with(|| TrustData::bundled().map_err(|e| e.to_string()))
            .clone()
            .map_err(|e| JsError::new(&format!("bundled trust data is broken: {e}")))
    })
}

/// Which list an offer is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    /// The trust list (issuers and their keys).
    Trust,
    /// The revocation list (JSON or compact).
    Revocations,
}

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
#[derive(Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
enum UpdateResult {
    /// In use from now on.
    Accepted { sequence: u64, previous: u64 },
    /// Already the list in use.
    UpToDate { sequence: u64 },
    /// Refused; the list in use stays.
    Refused {
        code: &'static str,
        reason: String,
        in_use: u64,
        offered: Option<u64>,
    },
}

/// Offers a list. The list in use changes only if the offer is accepted.
pub fn offer(kind: List, list: &[u8], sig: &[u8]) -> Result<JsValue, JsError> {
    let current = trust()?;
    let result = match kind {
        List::Trust => current.with_trust_list(list, sig),
        List::Revocations => current.with_revocations(list, sig),
    };
    let answer = match result {
        Ok((next, Updated::Replaced { previous })) => {
            let sequence = kind.sequence(&next);
            TRUST.with_borrow_mut(|t| *t = Some(Ok(next)));
            UpdateResult::Accepted { sequence, previous }
        }
        Ok((_, Updated::AlreadyInUse)) => UpdateResult::UpToDate {
            sequence: kind.sequence(&current),
        },
        Err(e) => UpdateResult::Refused {
            code: e.code(),
            reason: e.to_string(),
            in_use: kind.sequence(&current),
            offered: match e {
                UpdateError::NotNewer { sequence, .. } => Some(sequence),
                _ => None,
            },
        },
    };
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
    let json = serde_json::to_string(value).map_err(|e| JsError::new(&e.to_string()))?;
    js_sys::JSON::parse(&json).map_err(|_| JsError::new("JSON round trip failed"))
}

/// Offers a trust list (its bytes and its `.sig` file's): used from now on only if a
/// pinned root signed it and its sequence is higher than the one in use.
///
/// # Errors
/// Only for broken bundled trust data; a refused list is an answer, not an error.
#[wasm_bindgen(js_name = offerTrustList, unchecked_return_type = "UpdateResult")]
pub fn offer_trust_list(list: &[u8], sig: &[u8]) -> Result<JsValue, JsError> {
    offer(List::Trust, list, sig)
}

/// Offers a revocation list (JSON or compact), as [`offer_trust_list`] does.
///
/// # Errors
/// Only for broken bundled trust data; a refused list is an answer, not an error.
#[wasm_bindgen(js_name = offerRevocations, unchecked_return_type = "UpdateResult")]
pub fn offer_revocations(list: &[u8], sig: &[u8]) -> Result<JsValue, JsError> {
    offer(List::Revocations, list, sig)
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** One of the stable verdict codes. */
export type Code = "not-a-mark" | "unsupported" | "malformed" | "unknown-issuer" | "unknown-key"
  | "forged" | "key-not-valid" | "not-accredited" | "withdrawn" | "suspended" | "not-yet-valid"
  | "expired" | "valid";
/** What a mark says. */
export interface Claims {
  issuer: string; key: number; cert: string; holder: string; scheme: string; scope: string;
  valid_from: string; valid_to: string; serial: string | null; extra: Record<string, string>;
}
/** An issuer as the trust list describes it. */
export interface Issuer {
  id: string; name: { en: string; zh: string }; country: string; accreditation: string;
  schemes: string[]; demo: boolean;
}
/** A revocation list entry. */
export interface Revocation {
  issuer: string; cert: string; status: "withdrawn" | "suspended"; since: string; reason: string;
}
/** A warning to show beside the verdict. */
export type Warning = { code: "trust-data-expired"; expires: string } | { code: "clock-before-issued"; issued: string };
/** The version of the trust data in use. */
export interface TrustVersion {
  sequence: number; issued: string; expires: string; revocations_sequence: number; revocations_issued: string;
}
/** What became of an offered list: in use now, already in use, or refused (the list in use stays). */
export type UpdateResult =
  | { status: "accepted"; sequence: number; previous: number }
  | { status: "up-to-date"; sequence: number }
  | { status: "refused"; code: string; reason: string; in_use: number; offered: number | null };
/** A verdict and everything a person needs to read it. */
export interface Outcome {
  code: Code; reason: string; rule: string | null;
  /** Present only once the signature verified. */
  claims: Claims | null;
  /** For unknown-issuer, unknown-key and forged: show only labelled as unverified. */
  unverified: Claims | null;
  issuer: Issuer | null; revocation: Revocation | null; warnings: Warning[];
  demo: boolean; as_of: string; trust_data: TrustVersion;
}
/** The trust data in use (bundled, or updated since). */
export interface TrustInfo {
  demo: boolean; trust_data: TrustVersion; issuers: Issuer[];
  /** The lists' signatures as their .sig files hold them (base64): an offered list with the same one is the one in use. */
  signatures: { trust_list: string; revocations: string };
  revocations: { count: number; compact: boolean };
}
"#;
