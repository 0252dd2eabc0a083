//! certmark's list updates for the page, `www/pkg/certmark_updates.js`: the JSON parser
//! and the roots' signature checks, which the page's verifier (`wasm/verifier`) leaves
//! out. Loaded only when a list is offered: kept lists at start, a fetched list whose
//! signature differs from the one in use. It holds no state: each offer is judged
//! against the trust data in use (the snapshot it last answered with, which the page
//! keeps, or the bundled data) and, if accepted, answers with the next snapshot.
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use certmark::trust_data::snapshot;
use certmark::TrustData;
use certmark_wasm_common::{judge, judge_deltas, pairs, plan, read_snapshot, to_js, trust, List};
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

fn in_use(bytes: Option<Vec<u8>>) -> Result<TrustData, JsError> {
    match bytes {
        Some(bytes) => read_snapshot(&bytes),
        None => trust(),
    }
}

/// `{ [key]: answer, snapshot }`, the snapshot only when there is a next trust data.
fn answer(key: &str, value: JsValue, next: Option<TrustData>) -> Result<JsValue, JsError> {
    let out = Object::new();
    let set = |key: &str, value: &JsValue| {
        Reflect::set(&out, &key.into(), value).map_err(|_| JsError::new("cannot set a field"))
    };
    set(key, &value)?;
    if let Some(next) = next {
        set(
            "snapshot",
            &Uint8Array::from(snapshot::write(&next).as_slice()).into(),
        )?;
    }
    Ok(out.into())
}

fn offer(
    kind: List,
    in_use_bytes: Option<Vec<u8>>,
    list: &[u8],
    sig: &[u8],
) -> Result<JsValue, JsError> {
    let (result, next) = judge(&in_use(in_use_bytes)?, kind, list, sig);
    answer("result", to_js(&result)?, next)
}

/// Judges a trust list (its bytes and its `.sig` file's) against the trust data in use
/// (`inUse`: the last snapshot this module answered with, or none for the bundled data):
/// accepted only if a pinned root signed it and its sequence is higher. Answers
/// `{ result, snapshot }`, `snapshot` (for the verifier's `useTrustSnapshot`, and the
/// next offer's `inUse`) only when accepted.
///
/// # Errors
/// Only when `inUse` is not a snapshot of this build; a refused list is an answer.
#[wasm_bindgen(js_name = offerTrustList, unchecked_return_type = "Offered")]
pub fn offer_trust_list(
    in_use: Option<Vec<u8>>,
    list: &[u8],
    sig: &[u8],
) -> Result<JsValue, JsError> {
    offer(List::Trust, in_use, list, sig)
}

/// Judges a revocation list (JSON, compact or exact), as [`offer_trust_list`] does.
///
/// # Errors
/// Only when `inUse` is not a snapshot of this build; a refused list is an answer.
#[wasm_bindgen(js_name = offerRevocations, unchecked_return_type = "Offered")]
pub fn offer_revocations(
    in_use: Option<Vec<u8>>,
    list: &[u8],
    sig: &[u8],
) -> Result<JsValue, JsError> {
    offer(List::Revocations, in_use, list, sig)
}

/// Judges revocation deltas (each with its `.sig` file's bytes), applied in order to the
/// trust data in use (`inUse`, as for [`offer_trust_list`]): an answer for each up to the
/// first refused. Answers `{ results, snapshot }`, `snapshot` when any was accepted (the
/// accepted ones count: a refused delta keeps what came before it).
///
/// # Errors
/// When `inUse` is not a snapshot of this build, or the arrays are not byte arrays.
#[wasm_bindgen(js_name = offerRevocationDeltas, unchecked_return_type = "OfferedDeltas")]
pub fn offer_revocation_deltas(
    in_use_bytes: Option<Vec<u8>>,
    deltas: js_sys::Array,
    sigs: js_sys::Array,
) -> Result<JsValue, JsError> {
    let (results, next) = judge_deltas(&in_use(in_use_bytes)?, &pairs(&deltas, &sigs)?);
    answer("results", to_js(&results)?, next)
}

/// What a signed revocation index (its bytes and its `.sig` file's) says the trust data
/// in use (`inUse`, as for [`offer_trust_list`]) should download.
///
/// # Errors
/// Only when `inUse` is not a snapshot of this build; a refused index is an answer.
#[wasm_bindgen(js_name = planRevocations, unchecked_return_type = "RevocationPlan")]
pub fn plan_revocations(
    in_use_bytes: Option<Vec<u8>>,
    index: &[u8],
    sig: &[u8],
) -> Result<JsValue, JsError> {
    to_js(&plan(&in_use(in_use_bytes)?, index, sig))
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** An offer's answer: the update result, and the next trust data when accepted. */
export interface Offered { result: UpdateResult; snapshot?: Uint8Array }
/** Deltas' answers: one for each up to the first refused, and the next trust data when any was accepted. */
export interface OfferedDeltas { results: UpdateResult[]; snapshot?: Uint8Array }
"#;
