//! The browser's door into the core: the only file that speaks wasm-bindgen.
//!
//! Plain objects out (parsed from the same JSON the CLI prints), so the page switches on
//! the same `code` strings. A thrown error means a setup fault (broken bundled trust
//! data, a date the page spelt wrong), never a verdict.

//!
//! The crate builds these modules from this file: without features, the verifier
//! (`verify`, `trustInfo`, and `offerTrustList` / `offerRevocations` for updated lists)
//! that every page load needs, and with `embed` also `verifyAll`
//! for the embedding package; with `scanner`, the QR scanner (`scanRgba`), fetched only
//! when the camera or an image is used; with `stock`, the stock-check module
//! (`StockReport`, `readMarks`, and the two offers) that the stock page's worker loads.

use wasm_bindgen::prelude::*;

#[cfg(not(any(feature = "scanner", feature = "stock")))]
pub use verifier::*;

#[cfg(feature = "stock")]
pub use stock::*;

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

/// What the modules that verify share: the trust data in use and its updates, dates,
/// results as objects.
#[cfg(any(feature = "stock", not(feature = "scanner")))]
mod shared {
    use std::cell::RefCell;

    use wasm_bindgen::prelude::*;

    use crate::trust::{UpdateError, Updated};
    use crate::verify::CheckDates;
    use crate::{Date, TrustData};

    thread_local! {
        /// The bundled data until an update replaces it (wasm32 here has one thread).
        static TRUST: RefCell<Option<Result<TrustData, String>>> = const { RefCell::new(None) };
    }

    /// The trust data in use (a cheap clone: the lists are shared).
    pub(super) fn trust() -> Result<TrustData, JsError> {
        TRUST.with_borrow_mut(|t| {
            t.get_or_insert_with(|| TrustData::bundled().map_err(|e| e.to_string()))
                .clone()
                .map_err(|e| JsError::new(&format!("bundled trust data is broken: {e}")))
        })
    }

    /// Offers a list: `trust_list` chooses which. The list in use changes only if the
    /// offer is accepted.
    pub(super) fn offer(trust_list: bool, list: &[u8], sig: &[u8]) -> Result<JsValue, JsError> {
        let current = trust()?;
        let sequence = |t: &TrustData| {
            if trust_list {
                t.list().sequence
            } else {
                t.revocations().sequence
            }
        };
        let result = if trust_list {
            current.with_trust_list(list, sig)
        } else {
            current.with_revocations(list, sig)
        };
        let answer = match result {
            Ok((next, Updated::Replaced { previous })) => {
                let answer = serde_json::json!({
                    "status": "accepted", "sequence": sequence(&next), "previous": previous,
                });
                TRUST.with_borrow_mut(|t| *t = Some(Ok(next)));
                answer
            }
            Ok((_, Updated::AlreadyInUse)) => {
                serde_json::json!({"status": "up-to-date", "sequence": sequence(&current)})
            }
            Err(e) => serde_json::json!({
                "status": "refused", "code": e.code(), "reason": e.to_string(),
                "in_use": sequence(&current),
                "offered": match e { UpdateError::NotNewer { sequence, .. } => Some(sequence), _ => None },
            }),
        };
        to_js(&answer)
    }

    fn date(s: &str, what: &str) -> Result<Date, JsError> {
        s.parse()
            .map_err(|e| JsError::new(&format!("{what} {s:?}: {e}")))
    }

    /// The device's `today` and the day to judge for (`asOf`, or today if absent or empty).
    pub(super) fn check_dates(today: &str, as_of: Option<&str>) -> Result<CheckDates, JsError> {
        let today = date(today, "today")?;
        let as_of = match as_of {
            Some(d) if !d.is_empty() => date(d, "asOf")?,
            _ => today,
        };
        Ok(CheckDates { as_of, today })
    }

    pub(super) fn to_js(value: &impl serde::Serialize) -> Result<JsValue, JsError> {
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
        offer(true, list, sig)
    }

    /// Offers a revocation list (JSON or compact), as [`offer_trust_list`] does.
    ///
    /// # Errors
    /// Only for broken bundled trust data; a refused list is an answer, not an error.
    #[wasm_bindgen(js_name = offerRevocations, unchecked_return_type = "UpdateResult")]
    pub fn offer_revocations(list: &[u8], sig: &[u8]) -> Result<JsValue, JsError> {
        offer(false, list, sig)
    }
}

#[cfg(not(any(feature = "scanner", feature = "stock")))]
mod verifier {
    use wasm_bindgen::prelude::*;

    use super::shared::{check_dates, to_js, trust};
    pub use super::shared::{offer_revocations, offer_trust_list};
    use crate::verify::verify as verify_mark;

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

    /// Verifies many marks at once, as [`verify_js`] does each, with their signatures
    /// checked in a batch: several times faster per mark (a page of badges uses it).
    ///
    /// # Errors
    /// Only for a malformed date or broken bundled trust data.
    #[cfg(feature = "embed")]
    #[wasm_bindgen(js_name = verifyAll, unchecked_return_type = "Outcome[]")]
    pub fn verify_all_js(
        inputs: Vec<String>,
        today: &str,
        as_of: Option<String>,
    ) -> Result<JsValue, JsError> {
        let when = check_dates(today, as_of.as_deref())?;
        to_js(&crate::verify::verify_all(&inputs, &trust()?, when))
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
        let list = t.list();
        let b64 = |s: &[u8; 64]| base64::engine::general_purpose::STANDARD.encode(s);
        to_js(&serde_json::json!({
            "demo": t.is_demo(),
            "trust_data": crate::verify::TrustVersion::of(&t),
            "issuers": list.issuers(),
            "signatures": {
                "trust_list": b64(&t.signatures().trust_list),
                "revocations": b64(&t.signatures().revocations),
            },
            "revocations": {"count": t.revocations().len(), "compact": t.revocations().is_compact()},
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

#[cfg(feature = "stock")]
mod stock {
    use wasm_bindgen::prelude::*;

    use super::shared::{check_dates, to_js, trust};
    pub use super::shared::{offer_revocations, offer_trust_list};
    use crate::signature;
    use crate::stock::{self, Positions, Report};
    use crate::verify::{verify as verify_mark, Staged};

    /// A stock check's report: a camera or scanner session (positions are times in ms)
    /// or a file (positions are line numbers).
    #[wasm_bindgen]
    pub struct StockReport {
        report: Report,
    }

    #[wasm_bindgen]
    impl StockReport {
        /// An empty report. `today` is the device's date (`YYYY-MM-DD`, UTC); `asOf`, if
        /// given, the day to judge marks for; `file` chooses line numbers over times.
        ///
        /// # Errors
        /// A malformed date or broken bundled trust data.
        #[wasm_bindgen(constructor)]
        pub fn new(today: &str, as_of: Option<String>, file: bool) -> Result<StockReport, JsError> {
            let when = check_dates(today, as_of.as_deref())?;
            let positions = if file {
                Positions::Line
            } else {
                Positions::TimeMs
            };
            Ok(StockReport {
                report: Report::new(&trust()?, when, positions),
            })
        }

        /// Records one sighting (a scan at `at` ms); returns `{row, new, count, copies, code}`.
        ///
        /// # Errors
        /// Too many distinct marks.
        pub fn add(&mut self, text: &str, at: f64) -> Result<JsValue, JsError> {
            let outcome = verify_mark(text, &trust()?, self.report.when());
            let added = self
                .report
                .add(text, outcome, at as u64)
                .map_err(|e| JsError::new(&e.to_string()))?;
            to_js(&added)
        }

        /// Records many sightings at once (signatures checked in batches).
        ///
        /// # Errors
        /// Mismatched lengths or too many distinct marks.
        #[wasm_bindgen(js_name = addAll)]
        pub fn add_all(&mut self, texts: Vec<String>, ats: Vec<f64>) -> Result<(), JsError> {
            if texts.len() != ats.len() {
                return Err(JsError::new("texts and ats differ in length"));
            }
            let entries: Vec<(&str, u64)> = texts
                .iter()
                .zip(&ats)
                .map(|(t, a)| (t.as_str(), *a as u64))
                .collect();
            self.report
                .check_all(&trust()?, &entries)
                .map_err(|e| JsError::new(&e.to_string()))
        }

        /// The report as an object (format `certmark-report/1`) with at most `limit` rows.
        ///
        /// # Errors
        /// Never in practice (JSON round trip).
        #[wasm_bindgen(unchecked_return_type = "object")]
        pub fn summary(&self, limit: usize) -> Result<JsValue, JsError> {
            to_js(&self.report.to_json(Some(limit)))
        }

        /// The whole report as CSV text.
        pub fn csv(&self) -> String {
            self.report.to_csv()
        }

        /// The whole report as JSON text.
        pub fn json(&self) -> String {
            serde_json::to_string_pretty(&self.report.to_json(None)).unwrap_or_default()
        }
    }

    /// The marks of a file, read by [`readMarks`].
    #[wasm_bindgen]
    pub struct MarksFile {
        file: stock::MarksFile,
    }

    #[wasm_bindgen]
    impl MarksFile {
        /// How many marks.
        #[wasm_bindgen(getter)]
        pub fn length(&self) -> usize {
            self.file.entries.len()
        }

        /// The header of the column read, if any.
        #[wasm_bindgen(getter)]
        pub fn column(&self) -> Option<String> {
            self.file.column.clone()
        }

        /// Checks marks `start..end` into `report` (and, on the first call, counts the
        /// blank lines), so a worker can report progress between calls.
        ///
        /// # Errors
        /// Too many distinct marks, or broken bundled trust data.
        #[wasm_bindgen(js_name = checkInto)]
        pub fn check_into(
            &self,
            report: &mut StockReport,
            start: usize,
            end: usize,
        ) -> Result<(), JsError> {
            // The helpers' path in one call: read, check here, finish.
            let staged = self.stage(report, start, end)?;
            let answers = staged.check();
            self.finish_into(report, staged, &answers)
        }
    }

    /// Marks `start..end` of a file, read and looked up, waiting for their signature
    /// checks (here with [`StagedMarks::check`], or in a helper worker with [`verifyPacked`]).
    #[wasm_bindgen]
    pub struct StagedMarks {
        staged: Staged,
        start: usize,
        end: usize,
    }

    #[wasm_bindgen]
    impl StagedMarks {
        /// The signatures to check, packed for [`verifyPacked`] in another worker.
        pub fn packed(&self) -> Vec<u8> {
            signature::pack(&self.staged.items())
        }

        /// Checks the signatures here: one byte per signature, 1 if it verified.
        pub fn check(&self) -> Vec<u8> {
            bytes_of(&signature::verify_batch(&self.staged.items()))
        }
    }

    fn bytes_of(answers: &[bool]) -> Vec<u8> {
        answers.iter().map(|&ok| u8::from(ok)).collect()
    }

    #[wasm_bindgen]
    impl MarksFile {
        /// Reads and looks up marks `start..end` for `report` (its check dates), for
        /// [`MarksFile::finish_into`].
        ///
        /// # Errors
        /// Broken bundled trust data.
        pub fn stage(
            &self,
            report: &StockReport,
            start: usize,
            end: usize,
        ) -> Result<StagedMarks, JsError> {
            let end = end.min(self.file.entries.len());
            let start = start.min(end);
            let texts: Vec<&str> = self.file.entries[start..end]
                .iter()
                .map(|e| e.text.as_str())
                .collect();
            Ok(StagedMarks {
                staged: Staged::new(&texts, &trust()?, report.report.when()),
                start,
                end,
            })
        }

        /// Records staged marks into `report` given their signature answers (from
        /// [`StagedMarks::check`] or [`verifyPacked`]; a missing or zero answer is a failed
        /// check). Like [`MarksFile::check_into`], the first chunk also counts blank lines.
        ///
        /// # Errors
        /// Too many distinct marks, or broken bundled trust data.
        #[wasm_bindgen(js_name = finishInto)]
        pub fn finish_into(
            &self,
            report: &mut StockReport,
            staged: StagedMarks,
            answers: &[u8],
        ) -> Result<(), JsError> {
            if staged.start == 0 {
                report.report.add_blank(self.file.blank);
            }
            let answers: Vec<bool> = answers.iter().map(|&a| a == 1).collect();
            let when = report.report.when();
            let outcomes = staged.staged.finish(&answers, &trust()?, when);
            for (entry, (outcome, bytes)) in self.file.entries[staged.start..staged.end]
                .iter()
                .zip(outcomes)
            {
                report
                    .report
                    .add_with_bytes(&entry.text, bytes, outcome, entry.line)
                    .map_err(|e| JsError::new(&e.to_string()))?;
            }
            Ok(())
        }
    }

    /// Checks signatures packed by [`StagedMarks::packed`] (a helper worker's whole job):
    /// one byte per signature, 1 if it verified.
    ///
    /// # Errors
    /// Bytes not written by `packed`.
    #[wasm_bindgen(js_name = verifyPacked)]
    pub fn verify_packed(packed: &[u8]) -> Result<Vec<u8>, JsError> {
        signature::verify_packed(packed)
            .map(|answers| bytes_of(&answers))
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// Reads a file of marks (one per line, or a CSV column; see `certmark::stock::read_marks`).
    ///
    /// # Errors
    /// The file's fault, with its line, as `code: message`.
    #[wasm_bindgen(js_name = readMarks)]
    pub fn read_marks(bytes: &[u8], column: Option<String>) -> Result<MarksFile, JsError> {
        let column = column.filter(|c| !c.trim().is_empty());
        stock::read_marks(bytes, column.as_deref())
            .map(|file| MarksFile { file })
            .map_err(|e| JsError::new(&format!("{}: {e}", e.code())))
    }
}
