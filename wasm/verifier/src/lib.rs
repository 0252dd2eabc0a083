//! certmark's browser verifier, `www/pkg/certmark.js`: every page load needs it.
//! `verify`, `trustInfo`, and `useTrustSnapshot`, which takes the trust data the updates
//! module (`wasm/updates`) answered with: that module parses and checks offered lists
//! and writes snapshots, so that this one carries neither a JSON parser nor a snapshot
//! writer. Size-optimised (profile `wasm`), since it checks one mark.
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use wasm_bindgen::prelude::*;

use certmark::verify::verify as verify_mark;
use certmark_wasm_common::{check_dates, read_snapshot, set_trust, to_js, trust, TrustInfo};

/// Verifies a mark (either string form, bare or in a link). `today` is the device's
/// date (`YYYY-MM-DD`, UTC); `asOf`, if given, the day to judge the mark for.
///
/// # Errors
/// Only for a malformed date or broken bundled trust data.
#[wasm_bindgen(js_name = verify, unchecked_return_type = "Outcome")]
pub fn verify_js(input: &str, today: &str, as_of: Option<String>) -> Result<JsValue, JsError> {
    let when = check_dates(today, as_of.as_deref())?;
    to_js(&verify_mark(input, &trust()?, when))
}

/// Looks up each (issuer, certificate) pair `rounds` times in the revocation list in
/// use; returns how many were listed. For the benchmark, which times this call.
#[cfg(feature = "bench")]
#[wasm_bindgen(js_name = benchLookups)]
pub fn bench_lookups(
    issuers: Vec<String>,
    certs: Vec<String>,
    rounds: u32,
) -> Result<u32, JsError> {
    let t = trust()?;
    let list = t.revocations();
    let mut hits = 0;
    for _ in 0..rounds {
        for (i, c) in issuers.iter().zip(&certs) {
            hits += u32::from(list.lookup(i, c).is_some());
        }
    }
    Ok(hits)
}

/// Describes the trust data in use: version, demo or not, issuers, signatures.
///
/// # Errors
/// Only for broken bundled trust data.
#[wasm_bindgen(js_name = trustInfo, unchecked_return_type = "TrustInfo")]
pub fn trust_info() -> Result<JsValue, JsError> {
    to_js(&TrustInfo::of(&trust()?))
}

/// Uses the trust data of a snapshot the updates module returned for an accepted offer.
///
/// # Errors
/// If the bytes are not a snapshot of this build; the data in use stays.
#[wasm_bindgen(js_name = useTrustSnapshot)]
pub fn use_trust_snapshot(bytes: &[u8]) -> Result<(), JsError> {
    set_trust(read_snapshot(bytes)?);
    Ok(())
}
