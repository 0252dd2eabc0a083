//! The browser's door into the core: the only file that speaks wasm-bindgen.
//!
//! Plain objects out (parsed from the same JSON the CLI prints), so the page switches on
//! the same `code` strings. A thrown error means a setup fault (broken bundled trust
//! data, a date the page spelt wrong), never a verdict.

//!
//! The crate builds two modules from this file: without the `scanner` feature, the
//! verifier (`verify`, `trustInfo`) that every page load needs; with it, the QR scanner
//! (`scanRgba`), fetched only when the camera or an image is used.

use wasm_bindgen::prelude::*;

#[cfg(not(feature = "scanner"))]
pub use verifier::*;

#[cfg(feature = "scanner")]
pub use scanner::*;

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
/** The bundled trust data. */
export interface TrustInfo { demo: boolean; trust_data: TrustVersion; issuers: Issuer[] }
"#;

#[cfg(not(feature = "scanner"))]
mod verifier {
    use std::sync::OnceLock;

    use wasm_bindgen::prelude::*;

    use crate::verify::{verify as verify_mark, CheckDates};
    use crate::{Date, TrustData};

    fn trust() -> Result<&'static TrustData, JsError> {
        static TRUST: OnceLock<Result<TrustData, String>> = OnceLock::new();
        TRUST
            .get_or_init(|| TrustData::bundled().map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| JsError::new(&format!("bundled trust data is broken: {e}")))
    }

    fn date(s: &str, what: &str) -> Result<Date, JsError> {
        s.parse()
            .map_err(|e| JsError::new(&format!("{what} {s:?}: {e}")))
    }

    fn to_js(value: &impl serde::Serialize) -> Result<JsValue, JsError> {
        let json = serde_json::to_string(value).map_err(|e| JsError::new(&e.to_string()))?;
        js_sys::JSON::parse(&json).map_err(|_| JsError::new("JSON round trip failed"))
    }

    /// Verifies a mark (either string form, bare or in a link). `today` is the device's
    /// date (`YYYY-MM-DD`, UTC); `asOf`, if given, the day to judge the mark for.
    ///
    /// # Errors
    /// Only for a malformed date or broken bundled trust data.
    #[wasm_bindgen(js_name = verify, unchecked_return_type = "Outcome")]
    pub fn verify_js(input: &str, today: &str, as_of: Option<String>) -> Result<JsValue, JsError> {
        let today = date(today, "today")?;
        let as_of = match as_of.as_deref() {
            Some(d) if !d.is_empty() => date(d, "asOf")?,
            _ => today,
        };
        to_js(&verify_mark(input, trust()?, CheckDates { as_of, today }))
    }

    /// Describes the bundled trust data: version, demo or not, issuers.
    ///
    /// # Errors
    /// Only for broken bundled trust data.
    #[wasm_bindgen(js_name = trustInfo, unchecked_return_type = "TrustInfo")]
    pub fn trust_info() -> Result<JsValue, JsError> {
        let t = trust()?;
        let list = t.list();
        to_js(&serde_json::json!({
            "demo": t.is_demo(),
            "trust_data": {
                "sequence": list.sequence, "issued": list.issued, "expires": list.expires,
                "revocations_sequence": t.revocations().sequence,
                "revocations_issued": t.revocations().issued,
            },
            "issuers": list.issuers(),
        }))
    }
}

#[cfg(feature = "scanner")]
mod scanner {
    use wasm_bindgen::prelude::*;

    /// Decodes the QR codes in RGBA pixels (a canvas's `ImageData.data`). Returns the text of
    /// each code found; codes whose text encoding is unknown are left out.
    ///
    /// # Errors
    /// Impossible dimensions or a buffer of the wrong size.
    #[wasm_bindgen(js_name = scanRgba)]
    pub fn scan_rgba(rgba: &[u8], width: u32, height: u32) -> Result<Vec<String>, JsError> {
        let codes = crate::scan::scan_rgba(width as usize, height as usize, rgba)
            .map_err(|e| JsError::new(&e.to_string()))?;
        Ok(codes.into_iter().filter_map(|c| c.text).collect())
    }
}
