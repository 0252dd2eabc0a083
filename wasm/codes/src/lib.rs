//! What a scanned or pasted code that is not a mark is, for the verifier page:
//! `www/pkg/certmark_codes.js`, fetched only after a `not-a-mark` verdict, so neither the
//! link path's verifier nor the camera's scanner carries it. Size-optimised (profile
//! `wasm`): it runs once per such verdict.
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use wasm_bindgen::prelude::*;

/// What `text` is instead of a mark ([`certmark::code::classify`]), as JSON (`OtherCode`
/// in types.d.ts; [`certmark::code::Code::to_json`], which keeps serde_json out of this
/// module): a GS1 product code, a web link, a link never to open, or text.
#[wasm_bindgen]
pub fn classify(text: &str) -> String {
    certmark::code::classify(text).to_json()
}
