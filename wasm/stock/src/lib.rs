//! certmark's stock-check module for the stock page's workers,
//! `www/pkg/certmark_stock.js`: a report (`StockReport`), marks files (`readMarks`),
//! the staged checks the helper workers share (`verifyPacked`) and the two list offers;
//! speed-optimised (profile `wasm-stock`), since it checks files of marks.
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use wasm_bindgen::prelude::*;

use certmark::signature;
use certmark::stock::{self, Positions, Report};
use certmark::verify::{verify as verify_mark, Staged};
use certmark::words::Lang;
use certmark_wasm_common::{check_dates, to_js, trust};
pub use certmark_wasm_common::{offer_revocations, offer_trust_list};

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

    /// The whole report as CSV text in the reader's language (a BCP 47 tag: `zh-CN`,
    /// `en`; Chinese for any `zh`, else English).
    pub fn csv(&self, lang: &str) -> String {
        self.report.to_csv(Lang::from_tag(lang))
    }

    /// The whole report as JSON text.
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(&self.report.to_json(None)).unwrap_or_default()
    }
}

/// The marks of a file, read by [`readMarks`](read_marks).
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

    /// How many chunks the file is checked in (`certmark::stock::FILE_CHUNK` marks each;
    /// at least one).
    #[wasm_bindgen(getter)]
    pub fn chunks(&self) -> usize {
        self.file.chunk_count()
    }

    /// Checks chunk `chunk` into `report`; chunks go in file order. Returns how many of
    /// the file's marks are in the report now, for progress.
    ///
    /// # Errors
    /// A chunk out of order, too many distinct marks, or broken bundled trust data.
    #[wasm_bindgen(js_name = checkInto)]
    pub fn check_into(&self, report: &mut StockReport, chunk: usize) -> Result<usize, JsError> {
        // The helpers' path in one call: read, check here, finish.
        let staged = self.stage(report, chunk)?;
        let answers = staged.check();
        self.finish_into(report, staged, &answers)
    }
}

/// A chunk of a file, read and looked up, waiting for its signature checks (here with
/// [`StagedMarks::check`], or in a helper worker with [`verifyPacked`](verify_packed)).
#[wasm_bindgen]
pub struct StagedMarks {
    staged: Staged,
    chunk: usize,
}

#[wasm_bindgen]
impl StagedMarks {
    /// The signatures to check, packed for [`verifyPacked`](verify_packed) in another worker.
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
    /// Reads and looks up chunk `chunk` for `report` (its check dates), for
    /// [`MarksFile::finish_into`].
    ///
    /// # Errors
    /// Broken bundled trust data.
    pub fn stage(&self, report: &StockReport, chunk: usize) -> Result<StagedMarks, JsError> {
        let texts = self.file.chunk_texts(chunk);
        Ok(StagedMarks {
            staged: Staged::new(&texts, &trust()?, report.report.when()),
            chunk,
        })
    }

    /// Records a staged chunk into `report` given its signature answers (from
    /// [`StagedMarks::check`] or [`verifyPacked`](verify_packed); a missing or zero answer
    /// is a failed check). Chunks go in file order; the core's `Report::add_chunk` also
    /// counts the blank lines with the first. Returns how many of the file's marks are in
    /// the report now.
    ///
    /// # Errors
    /// A chunk out of order, too many distinct marks, or broken bundled trust data.
    #[wasm_bindgen(js_name = finishInto)]
    pub fn finish_into(
        &self,
        report: &mut StockReport,
        staged: StagedMarks,
        answers: &[u8],
    ) -> Result<usize, JsError> {
        let answers: Vec<bool> = answers.iter().map(|&a| a == 1).collect();
        let when = report.report.when();
        let outcomes = staged.staged.finish(&answers, &trust()?, when);
        report
            .report
            .add_chunk(&self.file, staged.chunk, outcomes)
            .map_err(|e| JsError::new(&e.to_string()))
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
