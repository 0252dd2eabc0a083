//! certmark's browser verifier, `www/pkg/certmark.js`: every page load needs it.
//! `verify` and `trustInfo` here, `offerTrustList` and `offerRevocations` from
//! `certmark-wasm-common`; size-optimised (profile `wasm`), since it checks one mark.
#![deny(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use wasm_bindgen::prelude::*;

use std::sync::Arc;

use certmark::trust::Issuer;
use certmark::verify::{verify as verify_mark, TrustVersion};
use certmark_wasm_common::{check_dates, to_js, trust};
pub use certmark_wasm_common::{offer_revocations, offer_trust_list};
use serde::Serialize;

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
    use base64::Engine;
    let t = trust()?;
    let b64 = |s: &[u8; 64]| base64::engine::general_purpose::STANDARD.encode(s);
    to_js(&TrustInfo {
        demo: t.is_demo(),
        trust_data: TrustVersion::of(&t),
        issuers: t.list().issuers(),
        signatures: Signatures {
            trust_list: b64(&t.signatures().trust_list),
            revocations: b64(&t.signatures().revocations),
        },
        revocations: Revocations {
            count: t.revocations().len(),
            compact: t.revocations().is_compact(),
        },
    })
}

/// The trust data in use, as `trustInfo` returns it (`TrustInfo` in the TypeScript types).
#[derive(Serialize)]
struct TrustInfo<'a> {
    demo: bool,
    trust_data: TrustVersion,
    issuers: &'a [Arc<Issuer>],
    signatures: Signatures,
    revocations: Revocations,
}

/// The lists' signatures as their `.sig` files hold them (base64).
#[derive(Serialize)]
struct Signatures {
    trust_list: String,
    revocations: String,
}

/// How many revocations the list in use has, and in which form.
#[derive(Serialize)]
struct Revocations {
    count: usize,
    compact: bool,
}
