//! certmark's QR scanner for the browser, `www/pkg/certmark_scan.js`: fetched only when
//! the camera or an image is used, and run in a worker; speed-optimised (profile
//! `wasm-scan`), since it decodes frame after frame.
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use wasm_bindgen::prelude::*;

/// Decodes the QR codes in RGBA pixels (a canvas's `ImageData.data`). Returns the text of
/// each code found; codes whose text encoding is unknown are left out.
///
/// # Errors
/// Impossible dimensions or a buffer of the wrong size.
#[wasm_bindgen(js_name = scanRgba)]
pub fn scan_rgba(rgba: &[u8], width: u32, height: u32) -> Result<Vec<String>, JsError> {
    let codes = certmark::scan::scan_rgba(width as usize, height as usize, rgba)
        .map_err(|e| JsError::new(&e.to_string()))?;
    Ok(codes.into_iter().filter_map(|c| c.text).collect())
}
