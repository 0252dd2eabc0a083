//! certmark's verifier for the embedding package and the badges other sites load
//! (`www/embed/pkg/certmark.js`): the page's verifier (`certmark-wasm-verifier`) plus
//! `verifyAll`, built for speed (profile `wasm-embed`), since a page of badges checks
//! many marks at load.
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use wasm_bindgen::prelude::*;

use certmark_wasm_common::{check_dates, to_js, trust};
pub use certmark_wasm_verifier::*;

/// Verifies many marks at once, as `verify` does each, with their signatures
/// checked in a batch: several times faster per mark (a page of badges uses it).
///
/// # Errors
/// Only for a malformed date or broken bundled trust data.
#[wasm_bindgen(js_name = verifyAll, unchecked_return_type = "Outcome[]")]
pub fn verify_all_js(
    inputs: Vec<String>,
    today: &str,
    as_of: Option<String>,
) -> Result<JsValue, JsError> {
    let when = check_dates(today, as_of.as_deref())?;
    to_js(&certmark::verify::verify_all(&inputs, &trust()?, when))
}
