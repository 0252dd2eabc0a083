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
use certmark_wasm_common::{judge, read_snapshot, to_js, trust, List};
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

fn offer(kind: List, in_use: Option<Vec<u8>>, list: &[u8], sig: &[u8]) -> Result<JsValue, JsError> {
    let data = match in_use {
        Some(bytes) => read_snapshot(&bytes)?,
        None => trust()?,
    };
    let (answer, next) = judge(&data, kind, list, sig);
    let out = Object::new();
    let set = |key: &str, value: &JsValue| {
        Reflect::set(&out, &key.into(), value).map_err(|_| JsError::new("cannot set a field"))
    };
    set("result", &to_js(&answer)?)?;
    if let Some(next) = next {
        set(
            "snapshot",
            &Uint8Array::from(snapshot::write(&next).as_slice()).into(),
        )?;
    }
    Ok(out.into())
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

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** An offer's answer: the update result, and the next trust data when accepted. */
export interface Offered { result: UpdateResult; snapshot?: Uint8Array }
"#;
