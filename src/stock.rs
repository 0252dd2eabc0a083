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

use crate::csv::{self, CsvError};
use crate::date::Date;
use crate::mark::{self, Claims, MAX_INPUT};
use crate::revocation::{Entry as Revocation, Status};
use crate::trust::{Issuer, TrustData};
use crate::verify::{verify_all_bytes, CheckDates, Outcome, TrustVersion, Verdict};

/// Largest marks file read (a million links is about 400 MB; this is a quarter of that).
pub const MAX_FILE_BYTES: usize = 128 << 20;
/// Most marks in one file or session.
pub const MAX_ENTRIES: usize = 1_000_000;

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
    } else if let Some(i) = names.iter().position(|n| n.contains("CM")) {
        (i, false)
    } else if names.len() == 1 {
        (0, false)
    } else {
        return Err(FileError::NoMarkColumn { columns: names });
    };
    let column = header.then(|| names[index].clone());
    let mut entries = Vec::new();
    let mut blank = 0;
    for record in (!header).then_some(first).into_iter().chain(rows) {
        match record.fields.get(index) {
            Some(cell) if !cell.trim().is_empty() => {
                if entries.len() == MAX_ENTRIES {
                    return Err(FileError::TooManyEntries { limit: MAX_ENTRIES });
                }
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
                });
            }
            _ => blank += 1,
        }
    }
    Ok(MarksFile {
        entries,
        column,
        blank,
    })
}

/// Inputs past [`MAX_INPUT`] are refused by verification anyway; the report keeps only
/// that much of them (on a character boundary) so a hostile file cannot bloat it.
fn truncate(text: &mut String) {
    if text.len() > MAX_INPUT + 4 {
        let mut end = MAX_INPUT + 4;
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
    /// The verdict.
    pub code: Verdict,
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
    /// The verdict.
    pub code: Verdict,
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
}

/// How bad a verdict is for sorting: forged and the like first, valid last.
fn severity(code: Verdict) -> u8 {
    match code {
        Verdict::Valid => 3,
        Verdict::UnknownIssuer | Verdict::UnknownKey | Verdict::NotYetValid => 2,
        Verdict::NotAMark | Verdict::Unsupported | Verdict::Malformed => 1,
        _ => 0,
    }
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
            Some(bytes) if outcome.code.is_readable() => bytes,
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
                    code: outcome.code,
                    rule: outcome.rule,
                    reason: outcome.reason,
                    claims: outcome.claims,
                    unverified: outcome.unverified,
                    issuer: outcome.issuer,
                    revocation: outcome.revocation,
                    count: 1,
                    copies: false,
                    first: at,
                    last: at,
                    input: text,
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
            code: r.code,
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

    /// Counts blank lines passed over.
    pub fn add_blank(&mut self, n: u64) {
        self.blank += n;
    }

    /// Rows in insertion order.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// Rows for reading: copies first, then the worst verdicts, then by first sighting.
    pub fn sorted_rows(&self) -> Vec<&Row> {
        let mut rows: Vec<&Row> = self.rows.iter().collect();
        rows.sort_by_key(|r| (!r.copies, severity(r.code), r.first));
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
            add(by_verdict.entry(r.code).or_default());
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
                match cert.by_verdict.iter_mut().find(|(v, _)| *v == r.code) {
                    Some((_, count)) => add(count),
                    None => cert.by_verdict.push((
                        r.code,
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
            let worst = |c: &Certificate| c.by_verdict.iter().map(|(v, _)| severity(*v)).min();
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
            "summary": self.summary(),
            "rows_total": rows.len(),
            "rows": &rows[..shown],
        })
    }

    /// The report as CSV, one line per distinct mark in reading order; cells that a
    /// spreadsheet would run as formulas are escaped ([`csv::cell`]).
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        let (first, last) = match self.positions {
            Positions::Line => ("first_line", "last_line"),
            Positions::TimeMs => ("first_seen", "last_seen"),
        };
        csv::write_row(
            &mut out,
            [
                "flag",
                "verdict",
                "reason",
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
                "mark",
            ],
        );
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
                        Status::Withdrawn => "withdrawn",
                        Status::Suspended => "suspended",
                    };
                    format!("{status} since {}: {}", e.since, e.reason)
                })
                .unwrap_or_default();
            let name = r
                .issuer
                .as_ref()
                .map(|i| format!("{} / {}", i.name.zh, i.name.en))
                .unwrap_or_default();
            let cells = [
                if r.copies { "COPY?" } else { "" }.to_owned(),
                r.code.code().to_owned(),
                r.reason.clone(),
                content.to_owned(),
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
                r.input.clone(),
            ];
            csv::write_row(&mut out, cells.iter().map(String::as_str));
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
