//! Stock checks: the marks in a supplier's file, and the report of a check, whether
//! the marks came from a camera session or a file.
//!
//! One report for the page and the CLI, so both count, flag and export alike. A row is
//! one distinct mark (its bytes, whichever string form it came in), with how often it
//! was seen. A unit mark (one with a serial) seen more than once is flagged: if those
//! were different items, the mark was copied onto them.

use core::fmt;
use std::collections::{hash_map, HashMap};
use std::sync::Arc;

use serde::Serialize;

use crate::code::{self, Code};
use crate::csv::{self, CsvError};
use crate::date::Date;
use crate::mark::{self, Claims, MAX_INPUT};
use crate::revocation::{Entry as Revocation, Status};
use crate::trust::Issuer;
use crate::trust_data::TrustData;
use crate::verify::{verify_all_bytes, CheckDates, Outcome, TrustVersion, Verdict, Warning};
use crate::words::{words, Lang};

/// Largest marks file read (a million links is about 400 MB; this is a quarter of that).
pub const MAX_FILE_BYTES: usize = 128 << 20;
/// Most marks in one file or session.
pub const MAX_ENTRIES: usize = 1_000_000;
/// Marks per chunk when a file is checked: the unit the CLI's threads and the stock
/// page's workers take and the report takes back, in file order. Big enough for
/// efficient signature batches, small enough for smooth progress and for helpers to share.
pub const FILE_CHUNK: usize = 2048;
/// The supplier's own columns kept beside each mark (a box number, a note): at most this
/// many, each cell cut to [`MAX_SOURCE_CELL`] bytes, so a hostile file cannot bloat a report.
pub const MAX_SOURCE_COLUMNS: usize = 8;
/// Longest supplier cell kept, in bytes.
pub const MAX_SOURCE_CELL: usize = 200;

/// Column headers that name the marks column, compared without case.
const MARK_HEADERS: [&str; 10] = [
    "mark",
    "marks",
    "link",
    "url",
    "qr",
    "code",
    "certmark",
    "标志",
    "认证标志",
    "二维码",
];

/// Why a marks file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileError {
    /// Not readable as CSV or text.
    Csv(CsvError),
    /// Larger than [`MAX_FILE_BYTES`].
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// More than [`MAX_ENTRIES`] marks.
    TooManyEntries {
        /// The limit.
        limit: usize,
    },
    /// The column asked for is not in the header row.
    NoSuchColumn {
        /// The name asked for.
        name: String,
        /// The header row's names.
        columns: Vec<String>,
    },
    /// Several columns, and neither a header naming the marks column nor a mark in the
    /// first row to find it by.
    NoMarkColumn {
        /// The first row's cells.
        columns: Vec<String>,
    },
    /// A checked chunk handed to the report before the chunks ahead of it (a shell's
    /// fault: chunks are added in file order, see [`InOrder`]).
    ChunkOutOfOrder {
        /// The chunk the report takes next.
        expected: usize,
        /// The chunk handed over.
        got: usize,
    },
}

impl FileError {
    /// A stable code for programs.
    pub fn code(&self) -> &'static str {
        match self {
            FileError::Csv(e) => e.code(),
            FileError::TooLarge { .. } => "too-large",
            FileError::TooManyEntries { .. } => "too-many-marks",
            FileError::NoSuchColumn { .. } => "no-such-column",
            FileError::NoMarkColumn { .. } => "no-mark-column",
            FileError::ChunkOutOfOrder { .. } => "chunk-out-of-order",
        }
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::Csv(e) => e.fmt(f),
            FileError::TooLarge { limit } => write!(f, "larger than {} MB", limit >> 20),
            FileError::TooManyEntries { limit } => write!(f, "more than {limit} marks"),
            FileError::NoSuchColumn { name, columns } => {
                write!(f, "no column {name:?}; the header row has {columns:?}")
            }
            FileError::NoMarkColumn { columns } => write!(
                f,
                "cannot tell which column holds the marks (first row: {columns:?}); name it \"mark\" or choose the column"
            ),
            FileError::ChunkOutOfOrder { expected, got } => {
                write!(f, "chunk {got} of the file came before chunk {expected}")
            }
        }
    }
}

impl std::error::Error for FileError {}

impl From<CsvError> for FileError {
    fn from(e: CsvError) -> FileError {
        FileError::Csv(e)
    }
}

/// One mark to check and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Line in the file (1-based).
    pub line: u64,
    /// The cell's text, as found.
    pub text: String,
    /// The row's other cells (see [`MarksFile::source_columns`]).
    pub source: Vec<String>,
}

/// The marks of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarksFile {
    /// The marks, in file order.
    pub entries: Vec<Entry>,
    /// The header of the column read, if the file has a header row.
    pub column: Option<String>,
    /// Blank lines and rows with an empty marks cell, passed over.
    pub blank: u64,
    /// The names of the supplier's other columns, kept with each mark so a report can
    /// name a row as the supplier does (`box`, `note`); `column 2`… without a header.
    pub source_columns: Vec<String>,
}

impl MarksFile {
    /// How many chunks of [`FILE_CHUNK`] marks the file is checked in; at least one, so
    /// a file of blank lines still reports them.
    pub fn chunk_count(&self) -> usize {
        self.entries.len().div_ceil(FILE_CHUNK).max(1)
    }

    /// The marks of chunk `i` (empty past the end).
    pub fn chunk(&self, i: usize) -> &[Entry] {
        let start = i.saturating_mul(FILE_CHUNK).min(self.entries.len());
        &self.entries[start..(start + FILE_CHUNK).min(self.entries.len())]
    }

    /// The texts of chunk `i`, as [`verify_all_bytes`] takes them.
    pub fn chunk_texts(&self, i: usize) -> Vec<&str> {
        self.chunk(i).iter().map(|e| e.text.as_str()).collect()
    }
}

/// Answers that arrive in any order (chunks checked on several threads or workers),
/// handed on in order: what [`Report::add_chunk`] needs.
///
/// ```
/// use certmark::stock::InOrder;
/// let mut answers = InOrder::new();
/// assert!(answers.put(1, "b").is_empty());
/// assert_eq!(answers.put(0, "a"), [(0, "a"), (1, "b")]);
/// assert_eq!(answers.put(2, "c"), [(2, "c")]);
/// ```
#[derive(Debug)]
pub struct InOrder<T> {
    waiting: std::collections::BTreeMap<usize, T>,
    next: usize,
}

impl<T> Default for InOrder<T> {
    fn default() -> Self {
        InOrder::new()
    }
}

impl<T> InOrder<T> {
    /// Nothing answered yet; chunk 0 comes first.
    pub fn new() -> InOrder<T> {
        InOrder {
            waiting: std::collections::BTreeMap::new(),
            next: 0,
        }
    }

    /// Takes the answer for chunk `i`; returns every answer now ready, in order.
    pub fn put(&mut self, i: usize, answer: T) -> Vec<(usize, T)> {
        self.waiting.insert(i, answer);
        let mut ready = Vec::new();
        while let Some(answer) = self.waiting.remove(&self.next) {
            ready.push((self.next, answer));
            self.next += 1;
        }
        ready
    }
}

/// Reads a file of marks: plain text with one per line, or CSV (comma or tab) with the
/// marks in the column named `column`, else in a column headed `mark`, `link`, `url`,
/// `标志`… or else in the column where the first row holds a mark.
///
/// ```
/// let file = b"box,mark\n1,CM1:abc\n2,\"CM1/123\"\n\n";
/// let marks = certmark::stock::read_marks(file, None)?;
/// assert_eq!(marks.column.as_deref(), Some("mark"));
/// assert_eq!((marks.entries[1].line, marks.entries[1].text.as_str()), (3, "CM1/123"));
/// assert_eq!((marks.source_columns.as_slice(), marks.entries[1].source.as_slice()), (&["box".to_owned()][..], &["2".to_owned()][..]));
/// assert_eq!(marks.blank, 1);
/// # Ok::<(), certmark::stock::FileError>(())
/// ```
///
/// # Errors
/// See [`FileError`].
pub fn read_marks(bytes: &[u8], column: Option<&str>) -> Result<MarksFile, FileError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(FileError::TooLarge {
            limit: MAX_FILE_BYTES,
        });
    }
    let text = csv::text(bytes)?;
    let records = csv::read(text, csv::sniff_separator(text))?;
    let mut rows = records.into_iter().skip_while(csv::Record::is_blank);
    let Some(first) = rows.next() else {
        return Ok(MarksFile {
            entries: vec![],
            column: None,
            blank: 0,
            source_columns: vec![],
        });
    };
    let names: Vec<String> = first.fields.iter().map(|f| f.trim().to_owned()).collect();
    let find = |name: &str| names.iter().position(|n| n.eq_ignore_ascii_case(name));
    let (index, header) = if let Some(name) = column {
        let i = find(name.trim()).ok_or_else(|| FileError::NoSuchColumn {
            name: name.to_owned(),
            columns: names.clone(),
        })?;
        (i, true)
    } else if let Some(i) = MARK_HEADERS.iter().find_map(|h| find(h)) {
        (i, true)
    } else if let Some(i) = names.iter().position(|n| mark::looks_like_mark(n)) {
        (i, false)
    } else if names.len() == 1 {
        (0, false)
    } else {
        return Err(FileError::NoMarkColumn { columns: names });
    };
    let column = header.then(|| names[index].clone());
    let others: Vec<usize> = (0..names.len())
        .filter(|&i| i != index)
        .take(MAX_SOURCE_COLUMNS)
        .collect();
    let source_columns = others
        .iter()
        .map(|&i| {
            let mut name = if header {
                names[i].clone()
            } else {
                format!("column {}", i + 1)
            };
            cut(&mut name, MAX_SOURCE_CELL);
            name
        })
        .collect();
    let mut entries = Vec::new();
    let mut blank = 0;
    for record in (!header).then_some(first).into_iter().chain(rows) {
        match record.fields.get(index) {
            Some(cell) if !cell.trim().is_empty() => {
                if entries.len() == MAX_ENTRIES {
                    return Err(FileError::TooManyEntries { limit: MAX_ENTRIES });
                }
                let source = others
                    .iter()
                    .map(|&i| {
                        let mut cell = record
                            .fields
                            .get(i)
                            .map(|c| c.trim().to_owned())
                            .unwrap_or_default();
                        cut(&mut cell, MAX_SOURCE_CELL);
                        cell
                    })
                    .collect();
                let mut text = record
                    .fields
                    .into_iter()
                    .nth(index)
                    .unwrap_or_default()
                    .into_owned();
                truncate(&mut text);
                entries.push(Entry {
                    line: record.line,
                    text,
                    source,
                });
            }
            _ => blank += 1,
        }
    }
    Ok(MarksFile {
        entries,
        column,
        blank,
        source_columns,
    })
}

/// Inputs past [`MAX_INPUT`] are refused by verification anyway; the report keeps only
/// that much of them (on a character boundary) so a hostile file cannot bloat it.
fn truncate(text: &mut String) {
    cut(text, MAX_INPUT + 4);
}

/// Cuts `text` to at most `max` bytes, on a character boundary.
fn cut(text: &mut String, max: usize) {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
}

/// What a report's positions count: lines of a file, or milliseconds since 1970 (UTC)
/// for the sightings of a camera or scanner session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Positions {
    /// Line numbers in a file.
    Line,
    /// Milliseconds since 1970-01-01 UTC.
    TimeMs,
}

/// One distinct mark in a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The verdict; serialised as `code`, its code.
    #[serde(rename = "code")]
    pub verdict: Verdict,
    /// For unreadable inputs: the broken rule.
    pub rule: Option<&'static str>,
    /// Why, in one English sentence.
    pub reason: String,
    /// The claims, once the signature verified.
    pub claims: Option<Claims>,
    /// For unknown issuer, unknown key and forged: what the mark says, not verified.
    pub unverified: Option<Claims>,
    /// The issuer from the trust list (reports show only its names, as `issuer_name`).
    #[serde(rename = "issuer_name", serialize_with = "names_of")]
    pub issuer: Option<Arc<Issuer>>,
    /// The revocation entry, if any.
    pub revocation: Option<Revocation>,
    /// The exact revocation list does not cover this certificate: its register's date.
    /// Whether it was withdrawn is not known here, and the report says so.
    pub not_covered: Option<Date>,
    /// How often this mark was seen.
    pub count: u64,
    /// Whether this is a unit mark seen more than once (see [`Report`]).
    pub copies: bool,
    /// First sighting (see [`Positions`]).
    pub first: u64,
    /// Last sighting.
    pub last: u64,
    /// The input as first seen.
    pub input: String,
    /// From a file: the supplier's other cells where the mark was first seen.
    pub source: Vec<String>,
    /// For `not-a-mark`: what the code is instead (a GS1 product code, a link, …).
    pub other: Option<Code>,
}

/// What one sighting did to the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Added {
    /// The row's index in insertion order.
    pub row: usize,
    /// Whether the row is new.
    pub new: bool,
    /// The row's count now.
    pub count: u64,
    /// Whether the row is now flagged as a copied unit mark.
    pub copies: bool,
    /// The verdict; serialised as `code`, its code.
    #[serde(rename = "code")]
    pub verdict: Verdict,
}

/// Counts of one kind of thing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Count {
    /// Sightings (scans or lines).
    pub items: u64,
    /// Distinct marks.
    pub marks: u64,
}

/// The counts for one certificate (verified marks only: unverified content is not
/// grouped as if it were a certificate).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Certificate {
    /// Issuer id.
    pub issuer: String,
    /// Certificate number.
    pub cert: String,
    /// Holder, as signed.
    pub holder: String,
    /// Scheme.
    pub scheme: String,
    /// All its marks.
    pub total: Count,
    /// Distinct marks flagged as copied.
    pub copies: u64,
    /// Counts by verdict code (only those seen).
    #[serde(serialize_with = "verdict_map")]
    pub by_verdict: Vec<(Verdict, Count)>,
}

/// Totals and the per-certificate counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Everything checked.
    pub total: Count,
    /// Distinct marks flagged as copied.
    pub copies: u64,
    /// Blank lines passed over (files only).
    pub blank: u64,
    /// Counts by verdict code (only those seen), in the format's order.
    #[serde(serialize_with = "verdict_map")]
    pub by_verdict: Vec<(Verdict, Count)>,
    /// Per certificate: flagged first, then those with any verdict but valid, then by size.
    pub certificates: Vec<Certificate>,
}

/// An issuer as its names only.
fn names_of<S: serde::Serializer>(issuer: &Option<Arc<Issuer>>, s: S) -> Result<S::Ok, S::Error> {
    issuer.as_ref().map(|i| &i.name).serialize(s)
}

/// Counts by verdict as a JSON object keyed by code, in the format's order.
fn verdict_map<S: serde::Serializer>(v: &[(Verdict, Count)], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(v.len()))?;
    for (verdict, count) in v {
        map.serialize_entry(verdict.code(), count)?;
    }
    map.end()
}

/// The report of a stock check.
#[derive(Clone, Debug)]
pub struct Report {
    positions: Positions,
    when: CheckDates,
    demo: bool,
    trust_data: TrustVersion,
    rows: Vec<Row>,
    index: HashMap<Vec<u8>, usize>,
    /// Per unit mark (issuer, cert, serial): sightings and the rows that carry it.
    units: HashMap<(String, String, String), (u64, Vec<usize>)>,
    blank: u64,
    /// The next chunk of a file [`Report::add_chunk`] takes.
    next_chunk: usize,
    /// The file's other columns (see [`MarksFile::source_columns`]).
    source_columns: Vec<String>,
}

impl Report {
    /// An empty report for checks against `trust` on `when`.
    pub fn new(trust: &TrustData, when: CheckDates, positions: Positions) -> Report {
        Report {
            positions,
            when,
            demo: trust.is_demo(),
            trust_data: TrustVersion::of(trust),
            rows: Vec::new(),
            index: HashMap::new(),
            units: HashMap::new(),
            blank: 0,
            next_chunk: 0,
            source_columns: Vec::new(),
        }
    }

    /// The check dates.
    pub fn when(&self) -> CheckDates {
        self.when
    }

    /// Records one sighting of `input`, whose outcome is `outcome`, at `at`.
    ///
    /// # Errors
    /// More than [`MAX_ENTRIES`] distinct marks.
    pub fn add(&mut self, input: &str, outcome: Outcome, at: u64) -> Result<Added, FileError> {
        let bytes = mark::decode_string(input).ok();
        self.add_with_bytes(input, bytes, outcome, at)
    }

    /// [`Report::add`] for a caller that already has the mark's bytes (from
    /// [`crate::verify::verify_all_bytes`]).
    ///
    /// # Errors
    /// More than [`MAX_ENTRIES`] distinct marks.
    pub fn add_with_bytes(
        &mut self,
        input: &str,
        bytes: Option<Vec<u8>>,
        outcome: Outcome,
        at: u64,
    ) -> Result<Added, FileError> {
        let trimmed = input.trim();
        let key = match bytes {
            Some(bytes) if outcome.verdict.is_readable() => bytes,
            // 0xff never starts a mark's bytes (they start with a CBOR array head).
            _ => [&[0xff], trimmed.as_bytes()].concat(),
        };
        let unit = outcome.claims.as_ref().and_then(|c| {
            c.serial
                .as_ref()
                .map(|s| (c.issuer.clone(), c.cert.clone(), s.clone()))
        });
        let (row, new) = match self.index.entry(key) {
            hash_map::Entry::Occupied(e) => {
                let row = *e.get();
                let r = &mut self.rows[row];
                r.count += 1;
                r.first = r.first.min(at);
                r.last = r.last.max(at);
                (row, false)
            }
            hash_map::Entry::Vacant(e) => {
                if self.rows.len() == MAX_ENTRIES {
                    return Err(FileError::TooManyEntries { limit: MAX_ENTRIES });
                }
                let mut text = trimmed.to_owned();
                truncate(&mut text);
                self.rows.push(Row {
                    verdict: outcome.verdict,
                    rule: outcome.rule,
                    reason: outcome.reason,
                    claims: outcome.claims,
                    unverified: outcome.unverified,
                    issuer: outcome.issuer,
                    revocation: outcome.revocation,
                    not_covered: outcome.warnings.iter().find_map(|w| match w {
                        Warning::NotCovered { register } => Some(*register),
                        _ => None,
                    }),
                    count: 1,
                    copies: false,
                    first: at,
                    last: at,
                    other: (outcome.verdict == Verdict::NotAMark).then(|| code::classify(&text)),
                    input: text,
                    source: Vec::new(),
                });
                e.insert(self.rows.len() - 1);
                (self.rows.len() - 1, true)
            }
        };
        if let Some(unit) = unit {
            let (seen, rows) = self.units.entry(unit).or_default();
            *seen += 1;
            if !rows.contains(&row) {
                rows.push(row);
            }
            // Two different marks with one serial (re-signed, say) are both flagged.
            if *seen > 1 {
                for &r in rows.iter() {
                    self.rows[r].copies = true;
                }
            }
        }
        let r = &self.rows[row];
        Ok(Added {
            row,
            new,
            count: r.count,
            copies: r.copies,
            verdict: r.verdict,
        })
    }

    /// Verifies `entries` (text, position) in batches and records each.
    ///
    /// # Errors
    /// More than [`MAX_ENTRIES`] distinct marks.
    pub fn check_all(
        &mut self,
        trust: &TrustData,
        entries: &[(&str, u64)],
    ) -> Result<(), FileError> {
        let texts: Vec<&str> = entries.iter().map(|e| e.0).collect();
        let outcomes = verify_all_bytes(&texts, trust, self.when);
        self.reserve(entries.len());
        for ((text, at), (outcome, bytes)) in entries.iter().zip(outcomes) {
            self.add_with_bytes(text, bytes, outcome, *at)?;
        }
        Ok(())
    }

    /// Makes room for `more` new rows at once, instead of growing (and copying) the rows
    /// and the index step by step while a large file is added.
    pub fn reserve(&mut self, more: usize) {
        let more = more.min(MAX_ENTRIES.saturating_sub(self.rows.len()));
        self.rows.reserve(more);
        self.index.reserve(more);
    }

    /// Adds chunk `i` of `file`, checked: its outcomes in order, as [`verify_all_bytes`]
    /// (or [`crate::verify::Staged::finish`]) gives them. Chunks come in file order; the
    /// first also counts the file's blank lines. Returns how many of the file's marks
    /// are in the report now.
    ///
    /// # Errors
    /// [`FileError::ChunkOutOfOrder`], or too many distinct marks.
    pub fn add_chunk(
        &mut self,
        file: &MarksFile,
        i: usize,
        outcomes: Vec<(Outcome, Option<Vec<u8>>)>,
    ) -> Result<usize, FileError> {
        if i != self.next_chunk {
            return Err(FileError::ChunkOutOfOrder {
                expected: self.next_chunk,
                got: i,
            });
        }
        if i == 0 {
            self.blank += file.blank;
            self.source_columns.clone_from(&file.source_columns);
        }
        let chunk = file.chunk(i);
        for (entry, (outcome, bytes)) in chunk.iter().zip(outcomes) {
            let added = self.add_with_bytes(&entry.text, bytes, outcome, entry.line)?;
            if added.new {
                self.rows[added.row].source.clone_from(&entry.source);
            }
        }
        self.next_chunk += 1;
        Ok((i * FILE_CHUNK + chunk.len()).min(file.entries.len()))
    }

    /// Rows in insertion order.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// Rows for reading: copies first, then the worst verdicts, then by first sighting.
    pub fn sorted_rows(&self) -> Vec<&Row> {
        let mut rows: Vec<&Row> = self.rows.iter().collect();
        rows.sort_by_key(|r| (!r.copies, r.verdict.rank(), r.first));
        rows
    }

    /// Totals, by verdict and by certificate.
    pub fn summary(&self) -> Summary {
        let mut by_verdict: HashMap<Verdict, Count> = HashMap::new();
        let mut certs: HashMap<(&str, &str), Certificate> = HashMap::new();
        let mut total = Count::default();
        let mut copies = 0;
        for r in &self.rows {
            let add = |c: &mut Count| {
                c.items += r.count;
                c.marks += 1;
            };
            add(&mut total);
            add(by_verdict.entry(r.verdict).or_default());
            copies += u64::from(r.copies);
            if let Some(c) = &r.claims {
                let cert = certs
                    .entry((&c.issuer, &c.cert))
                    .or_insert_with(|| Certificate {
                        issuer: c.issuer.clone(),
                        cert: c.cert.clone(),
                        holder: c.holder.clone(),
                        scheme: c.scheme.clone(),
                        total: Count::default(),
                        copies: 0,
                        by_verdict: vec![],
                    });
                add(&mut cert.total);
                cert.copies += u64::from(r.copies);
                match cert.by_verdict.iter_mut().find(|(v, _)| *v == r.verdict) {
                    Some((_, count)) => add(count),
                    None => cert.by_verdict.push((
                        r.verdict,
                        Count {
                            items: r.count,
                            marks: 1,
                        },
                    )),
                }
            }
        }
        let in_order = |m: &HashMap<Verdict, Count>| {
            Verdict::ALL
                .iter()
                .filter_map(|v| m.get(v).map(|c| (*v, *c)))
                .collect::<Vec<_>>()
        };
        let mut certificates: Vec<Certificate> = certs.into_values().collect();
        for c in &mut certificates {
            c.by_verdict.sort_by_key(|(v, _)| *v as usize);
        }
        certificates.sort_by(|a, b| {
            let worst = |c: &Certificate| c.by_verdict.iter().map(|(v, _)| v.rank()).min();
            (
                a.copies == 0,
                worst(a),
                std::cmp::Reverse(a.total.items),
                &a.issuer,
                &a.cert,
            )
                .cmp(&(
                    b.copies == 0,
                    worst(b),
                    std::cmp::Reverse(b.total.items),
                    &b.issuer,
                    &b.cert,
                ))
        });
        Summary {
            total,
            copies,
            blank: self.blank,
            by_verdict: in_order(&by_verdict),
            certificates,
        }
    }

    /// The report as JSON (format `certmark-report/1`): totals, certificates, and up to
    /// `limit` rows in reading order (all rows if `None`).
    pub fn to_json(&self, limit: Option<usize>) -> serde_json::Value {
        let rows = self.sorted_rows();
        let shown = limit.unwrap_or(rows.len()).min(rows.len());
        serde_json::json!({
            "format": "certmark-report/1",
            "as_of": self.when.as_of,
            "today": self.when.today,
            "demo": self.demo,
            "trust_data": self.trust_data,
            "positions": self.positions,
            "source_columns": self.source_columns,
            "summary": self.summary(),
            "rows_total": rows.len(),
            "rows": &rows[..shown],
        })
    }

    /// The report as CSV in `lang`, one line per distinct mark in reading order: column
    /// names, verdicts and reasons in the reader's words, the stable codes (`code`,
    /// `rule`) in columns of their own for programs, the supplier's own columns before
    /// the mark. Cells a spreadsheet would run as formulas are escaped ([`csv::cell`]).
    ///
    /// ```
    /// use certmark::stock::{read_marks, Positions, Report};
    /// use certmark::words::Lang;
    /// use certmark::{CheckDates, TrustData};
    /// let trust = TrustData::bundled()?;
    /// let file = read_marks(b"box,mark\nA7,CM1:x\n", None)?;
    /// let when = CheckDates::today("2026-11-21".parse()?);
    /// let mut report = Report::new(&trust, when, Positions::Line);
    /// let checked = certmark::verify::verify_all_bytes(&file.chunk_texts(0), &trust, when);
    /// report.add_chunk(&file, 0, checked)?;
    /// let zh = report.to_csv(Lang::ZhCn);
    /// assert!(zh.starts_with("标记,结论,结论代码,原因,规则代码,"));
    /// assert!(zh.contains(",无法读取,malformed,"));
    /// assert!(report.to_csv(Lang::En).lines().nth(1).unwrap().ends_with(",A7,CM1:x"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_csv(&self, lang: Lang) -> String {
        let w = words(lang);
        let mut out = String::new();
        let (first, last) = match self.positions {
            Positions::Line => ("first_line", "last_line"),
            Positions::TimeMs => ("first_seen", "last_seen"),
        };
        let head = [
            "flag",
            "verdict",
            "code",
            "reason",
            "rule",
            "content",
            "issuer",
            "issuer_name",
            "cert",
            "holder",
            "scheme",
            "scope",
            "valid_from",
            "valid_to",
            "serial",
            "revocation",
            "count",
            first,
            last,
        ];
        let names = head
            .iter()
            .map(|k| w.report(k))
            .chain(self.source_columns.iter().map(String::as_str))
            .chain([w.report("mark")]);
        csv::write_row(&mut out, names);
        for r in self.sorted_rows() {
            let (content, c) = match (&r.claims, &r.unverified) {
                (Some(c), _) => ("verified", Some(c)),
                (None, Some(c)) => ("unverified", Some(c)),
                _ => ("none", None),
            };
            let field = |f: fn(&Claims) -> String| c.map(f).unwrap_or_default();
            let revocation = r
                .revocation
                .as_ref()
                .map(|e| {
                    let status = match e.status {
                        Status::Withdrawn => "withdrawn_since",
                        Status::Suspended => "suspended_since",
                    };
                    format!("{} {}: {}", w.report(status), e.since, e.reason)
                })
                .or_else(|| {
                    r.not_covered
                        .map(|d| w.report("not_covered").replace("{date}", &d.to_string()))
                })
                .unwrap_or_default();
            let name = r
                .issuer
                .as_ref()
                .map(|i| format!("{} / {}", i.name.zh, i.name.en))
                .unwrap_or_default();
            let said = w.verdict(r.verdict);
            // English readers get the library's exact reason; others the rule's words
            // (or the verdict's meaning), the rule's code standing beside them.
            let reason = match (lang, r.rule.and_then(|rule| w.rule(rule))) {
                (Lang::En, _) => r.reason.clone(),
                (_, Some(words)) => words.to_owned(),
                (_, None) => said.meaning.to_owned(),
            };
            let cells = [
                if r.copies { w.report("copy") } else { "" }.to_owned(),
                said.title.to_owned(),
                r.verdict.code().to_owned(),
                reason,
                r.rule.unwrap_or_default().to_owned(),
                w.report(content).to_owned(),
                field(|c| c.issuer.clone()),
                name,
                field(|c| c.cert.clone()),
                field(|c| c.holder.clone()),
                field(|c| c.scheme.clone()),
                field(|c| c.scope.clone()),
                field(|c| c.valid_from.to_string()),
                field(|c| c.valid_to.to_string()),
                field(|c| c.serial.clone().unwrap_or_default()),
                revocation,
                r.count.to_string(),
                self.position(r.first),
                self.position(r.last),
            ];
            let source =
                (0..self.source_columns.len()).map(|i| r.source.get(i).map_or("", String::as_str));
            let row = cells
                .iter()
                .map(String::as_str)
                .chain(source)
                .chain([r.input.as_str()]);
            csv::write_row(&mut out, row);
        }
        out
    }

    fn position(&self, at: u64) -> String {
        match self.positions {
            Positions::Line => at.to_string(),
            Positions::TimeMs => time_of(at),
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` for milliseconds since 1970 (UTC).
fn time_of(ms: u64) -> String {
    let secs = ms / 1000;
    let day = Date::from_ymd(1970, 1, 1).map(|d| d.plus_days(secs / 86_400));
    let t = secs % 86_400;
    match day {
        Some(d) => format!("{d}T{:02}:{:02}:{:02}Z", t / 3600, t / 60 % 60, t % 60),
        None => ms.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &str = include_str!("../demo/valid-ccc.mark");
    const FORGED: &str = include_str!("../demo/forged.mark");

    fn when() -> CheckDates {
        CheckDates::today("2026-11-21".parse().unwrap())
    }

    fn code(r: Result<MarksFile, FileError>) -> &'static str {
        r.map(|_| "ok").unwrap_or_else(|e| e.code())
    }

    #[test]
    fn file_errors_by_code() {
        assert_eq!(code(read_marks(b"box,mark\n1,CM1:x\n", None)), "ok");
        assert_eq!(code(read_marks(b"box,note\n1,x\n", None)), "no-mark-column");
        assert_eq!(
            code(read_marks(b"box,mark\n1,x\n", Some("lot"))),
            "no-such-column"
        );
        assert_eq!(code(read_marks(b"mark\n\"CM1:x\n", None)), "unclosed-quote");
        assert_eq!(code(read_marks(&[0xff, 0xfe, b'C', 0], None)), "utf-16");
        let huge = vec![b'\n'; MAX_FILE_BYTES + 1];
        assert_eq!(code(read_marks(&huge, None)), "too-large");
    }

    #[test]
    fn a_file_is_cut_into_chunks_and_added_in_order_once() {
        let lines: Vec<&str> = (0..FILE_CHUNK + 3)
            .map(|n| {
                if n % 2 == 0 {
                    VALID.trim()
                } else {
                    FORGED.trim()
                }
            })
            .collect();
        let text = format!("{}\n\n\n{}\n", lines[0], lines[1..].join("\n"));
        let file = read_marks(text.as_bytes(), None).unwrap();
        assert_eq!((file.entries.len(), file.blank), (FILE_CHUNK + 3, 2));
        assert_eq!(file.chunk_count(), 2);
        assert_eq!(file.chunk(1).len(), 3);
        assert!(file.chunk(2).is_empty());

        let trust = TrustData::bundled().unwrap();
        let mut report = Report::new(&trust, when(), Positions::Line);
        let answers: Vec<_> = (0..file.chunk_count())
            .map(|i| verify_all_bytes(&file.chunk_texts(i), &trust, when()))
            .collect();
        let mut answers = answers.into_iter();
        let first = answers.next().unwrap();
        let second = answers.next().unwrap();
        let out_of_order = report.add_chunk(&file, 1, second.clone()).unwrap_err();
        assert_eq!(out_of_order.code(), "chunk-out-of-order");
        assert_eq!(report.add_chunk(&file, 0, first).unwrap(), FILE_CHUNK);
        assert_eq!(report.add_chunk(&file, 1, second).unwrap(), FILE_CHUNK + 3);
        let summary = report.summary();
        assert_eq!(
            (summary.total.items, summary.blank),
            (FILE_CHUNK as u64 + 3, 2)
        );

        // The same file checked in one pass gives the same report.
        let mut once = Report::new(&trust, when(), Positions::Line);
        let entries: Vec<(&str, u64)> = file
            .entries
            .iter()
            .map(|e| (e.text.as_str(), e.line))
            .collect();
        once.check_all(&trust, &entries).unwrap();
        once.blank = 2;
        assert_eq!(once.to_json(None), report.to_json(None));
    }

    #[test]
    fn empty_files_still_have_one_chunk_for_their_blank_lines() {
        let file = read_marks(b"\n\n\n", None).unwrap();
        assert_eq!((file.entries.len(), file.chunk_count()), (0, 1));
        let trust = TrustData::bundled().unwrap();
        let mut report = Report::new(&trust, when(), Positions::Line);
        assert_eq!(report.add_chunk(&file, 0, vec![]).unwrap(), 0);
    }

    #[test]
    fn answers_are_handed_on_in_order() {
        let mut a = InOrder::new();
        assert!(a.put(2, 'c').is_empty());
        assert!(a.put(1, 'b').is_empty());
        assert_eq!(a.put(0, 'a'), [(0, 'a'), (1, 'b'), (2, 'c')]);
        assert_eq!(a.put(3, 'd'), [(3, 'd')]);
    }
}
