//! The exact revocation list: an issuer register's every certificate answered exactly,
//! withdrawn or suspended with its day, in about 2 bytes a listed certificate.
//!
//! The compact form keeps a 56-bit fingerprint a listed certificate (7 bytes), because
//! it must tell listed from everything else. A register knows everything else: every
//! certificate its issuers have issued up to its date (`as_of`). Over a known set, three
//! ribbons ([`super::ribbon`]) answer exactly with no fingerprints stored (the
//! construction of CRLite's clubcards, Schanck 2025, with a day added):
//!
//! 1. `filter`: a few bits a listed certificate (a tag of its hash); a certificate whose
//!    tag differs is not listed. About `2^-bits` of the others pass.
//! 2. `members`: one bit over the listed and the register's certificates that passed:
//!    1 for listed. Exact over the register.
//! 3. `values`: status and `since − epoch` of each listed certificate.
//!
//! A certificate outside the register gets an arbitrary answer, so a verifier asks only
//! for marks the register covers ([`Exact::covers`]): an issuer it names and a
//! `valid_from` on or before its `as_of`. Layout in `docs/format.md`.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::compact::certificate_hash;
use super::delta::{file_hash, Change, Delta, DeltaError};
use super::ribbon::{self, BuildError, Cursor, Ribbon};
use super::Status;
use crate::csv::{self, CsvError};
use crate::date::Date;
use crate::list::ListError;

/// The first bytes of every exact list (its `format`, and a newline).
pub const MAGIC: &[u8] = b"certmark-revocations-exact/1\n";
/// Domain separation for exact list signatures; a zero byte follows it.
pub const SIGNING_CONTEXT: &[u8] = b"certmark/revocations-exact/v1";
/// The SipHash key of certificate hashes (public; two little-endian u64 words).
pub const HASH_KEY: &[u8; 16] = b"certmark-exact/1";
/// The register's header row.
pub const COLUMNS: [&str; 4] = ["issuer", "cert", "status", "since"];
/// Widest day offset (`since − epoch` below 2^20 days: 2,870 years).
pub const MAX_DAY_BITS: u32 = 20;
/// Longest issuer id or certificate number: a mark's text field holds no more.
pub const MAX_TEXT: usize = crate::mark::MAX_TEXT;

/// Rows over keys that the ribbons start from (measured: `cargo bench --bench register`).
const OVERHEAD: f64 = 0.03;

/// A certificate's 64-bit hash, the key of all three ribbons.
pub fn certificate_key(issuer: &str, cert: &str) -> u64 {
    certificate_hash(HASH_KEY, issuer, cert)
}

fn tag(key: u64, bits: u32) -> u32 {
    (ribbon::mix(key ^ 0x5851_f42d_4c95_7f2d) >> (64 - bits)) as u32
}

/// A parsed exact list.
#[derive(Clone, PartialEq, Eq)]
pub struct Exact {
    as_of: Date,
    epoch: Date,
    day_bits: u32,
    certificates: u32,
    listed: u32,
    /// The issuer ids as written: count (u16), then each as u16 length and UTF-8.
    issuers: Vec<u8>,
    // Shared: a delta applied makes a new list over the same ribbons.
    filter: Arc<Ribbon>,
    members: Arc<Ribbon>,
    values: Arc<Ribbon>,
    /// The base list's sequence and date (its hash names it to the first delta).
    base: (u64, Date),
    /// What deltas changed, by key; they override the ribbons.
    overlay: Vec<(u64, Option<(Status, Date)>)>,
    /// The register's date after the deltas (`as_of` without any).
    covered: Date,
    /// How many deltas were applied, and the state they made: the [`file_hash`] of the
    /// exact list at the last one's sequence (the next delta names it).
    applied: (u32, [u8; 32]),
}

impl core::fmt::Debug for Exact {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "Exact({} listed of {} as of {})",
            self.listed, self.certificates, self.as_of
        )
    }
}

fn bad(problem: &'static str) -> ListError {
    ListError::BadCompact { problem }
}

impl Exact {
    /// Parses an exact list strictly: exact length, issuers non-empty and strictly
    /// increasing, each ribbon's width the one its role needs. Returns the sequence, the
    /// issued date and the list.
    ///
    /// # Errors
    /// [`ListError::BadCompact`] naming the broken rule.
    pub fn parse(bytes: &[u8]) -> Result<(u64, Date, Exact), ListError> {
        let rest = bytes
            .strip_prefix(MAGIC)
            .ok_or(bad("does not start with the exact list's magic"))?;
        let mut r = Cursor(rest);
        let sequence = r.uint(8)?;
        let issued = Date(r.uint(4)?);
        let as_of = Date(r.uint(4)?);
        let epoch = Date(r.uint(4)?);
        let certificates = r.uint(4)? as u32;
        let listed = r.uint(4)? as u32;
        let day_bits = r.uint(1)? as u32;
        if day_bits > MAX_DAY_BITS || listed > certificates {
            return Err(bad(
                "day bits above 20, or more listed than the register holds",
            ));
        }
        let from = r.0;
        let mut last: &[u8] = &[];
        for _ in 0..r.uint(2)? {
            let len = r.uint(2)? as usize;
            let id = r.take(len)?;
            // UTF-8 orders as its bytes do; the empty `last` is below every id.
            if len == 0 || len > MAX_TEXT || id <= last || core::str::from_utf8(id).is_err() {
                return Err(bad(
                    "an issuer id is empty, too long, not UTF-8 or out of order",
                ));
            }
            last = id;
        }
        let issuers = from[..from.len() - r.0.len()].to_vec();
        let filter = Arc::new(Ribbon::read(&mut r, 1..=16)?);
        let members = Arc::new(Ribbon::read(&mut r, 1..=1)?);
        let values = Arc::new(Ribbon::read(&mut r, day_bits + 1..=day_bits + 1)?);
        if !r.0.is_empty() {
            return Err(bad("bytes after the last ribbon"));
        }
        Ok((
            sequence,
            issued,
            Exact {
                base: (sequence, issued),
                overlay: Vec::new(),
                covered: as_of,
                applied: (0, [0; 32]),
                as_of,
                epoch,
                day_bits,
                certificates,
                listed,
                issuers,
                filter,
                members,
                values,
            },
        ))
    }

    /// The bytes [`Exact::parse`] reads back as this list with `sequence` and `issued`.
    pub fn to_bytes(&self, sequence: u64, issued: Date) -> Vec<u8> {
        let ribbons = self.filter.byte_len() + self.members.byte_len() + self.values.byte_len();
        let mut out = Vec::with_capacity(MAGIC.len() + 31 + self.issuers.len() + ribbons);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&sequence.to_be_bytes());
        // Dates and counts were read from (or checked to fit) 4 bytes.
        for n in [issued.0, self.as_of.0, self.epoch.0] {
            out.extend_from_slice(&(n as u32).to_be_bytes());
        }
        out.extend_from_slice(&self.certificates.to_be_bytes());
        out.extend_from_slice(&self.listed.to_be_bytes());
        out.push(self.day_bits as u8);
        out.extend_from_slice(&self.issuers);
        self.filter.write(&mut out);
        self.members.write(&mut out);
        self.values.write(&mut out);
        out
    }

    /// Whether the register answers for a mark of `issuer` valid from `valid_from`: it
    /// names the issuer, and the certificate was issued by its date (or, after deltas,
    /// by the last delta's). For any other mark [`Exact::lookup`]'s answer means nothing.
    pub fn covers(&self, issuer: &str, valid_from: Date) -> bool {
        valid_from <= self.covered && self.ids().any(|id| id == issuer)
    }

    /// The status and `since` of a certificate of the register (the base's, or one a
    /// delta named) that is withdrawn or suspended; `None` for one that is valid.
    #[inline]
    pub fn lookup(&self, issuer: &str, cert: &str) -> Option<(Status, Date)> {
        self.state(certificate_key(issuer, cert), true)
    }

    /// [`Exact::lookup`] for a covered mark valid from `valid_from`: a certificate newer
    /// than the base register and named by no delta is valid (its deltas name every newer
    /// one that is not), and the base is never asked about it.
    pub fn lookup_mark(
        &self,
        issuer: &str,
        cert: &str,
        valid_from: Date,
    ) -> Option<(Status, Date)> {
        self.state(certificate_key(issuer, cert), valid_from <= self.as_of)
    }

    /// A key's state in use: the last delta's word on it, else the ribbons' if
    /// `in_base` (the certificate is in the base register), else valid.
    fn state(&self, key: u64, in_base: bool) -> Option<(Status, Date)> {
        match self.overlay.binary_search_by_key(&key, |c| c.0) {
            Ok(i) => self.overlay[i].1,
            Err(_) if in_base => self.lookup_key(key),
            Err(_) => None,
        }
    }

    /// The bytes of the list as parsed, before any delta.
    pub(crate) fn base_bytes(&self) -> Vec<u8> {
        self.to_bytes(self.base.0, self.base.1)
    }

    /// How many deltas were applied.
    pub fn deltas(&self) -> u32 {
        self.applied.0
    }

    /// What deltas brought, for a snapshot: their number, the state they made, the
    /// register's date after them, and the changes by key.
    #[allow(clippy::type_complexity)]
    pub(crate) fn applied(&self) -> (u32, [u8; 32], Date, &[(u64, Option<(Status, Date)>)]) {
        (self.applied.0, self.applied.1, self.covered, &self.overlay)
    }

    /// This list with what deltas brought, read back from a snapshot (checked when the
    /// deltas arrived; `changes` sorted by key, one each).
    pub(crate) fn set_applied(
        &mut self,
        count: u32,
        last: [u8; 32],
        covered: Date,
        changes: Vec<(u64, Option<(Status, Date)>)>,
    ) {
        self.applied = (count, last);
        self.covered = covered;
        self.overlay = changes;
    }

    /// The state this list is in, as deltas name it: the [`file_hash`] of the exact list
    /// at its sequence (this one's own bytes until a delta is applied, then the list the
    /// last delta said it makes). Hashes the list's bytes when no delta was applied.
    pub fn state_hash(&self) -> [u8; 32] {
        match self.applied {
            (0, _) => file_hash(&self.base_bytes()),
            (_, hash) => hash,
        }
    }

    /// This list with `delta` applied, if it follows the state in use (sequence `in_use`
    /// and [`Exact::state_hash`]), does not move the register's date back and lifts no
    /// withdrawal. Returns the delta's sequence and date too.
    ///
    /// # Errors
    /// See [`DeltaError`].
    pub fn with_delta(&self, in_use: u64, delta: &[u8]) -> Result<(Exact, u64, Date), DeltaError> {
        let d = Delta::parse(delta).map_err(DeltaError::Invalid)?;
        if d.base_sequence != in_use || d.base_hash != self.state_hash() {
            return Err(DeltaError::Base {
                base: d.base_sequence,
                in_use,
            });
        }
        if d.as_of < self.covered {
            return Err(DeltaError::AsOfBack);
        }
        let withdrawn = |s: Option<(Status, Date)>| matches!(s, Some((Status::Withdrawn, _)));
        if let Some(c) = d
            .changes
            .iter()
            .find(|c| withdrawn(self.state(c.key, !c.new)) && !withdrawn(c.state))
        {
            return Err(DeltaError::WithdrawalUndone { key: c.key });
        }
        // Both sorted by key: merged, the delta's word replacing an older one.
        let mut overlay = Vec::with_capacity(self.overlay.len() + d.changes.len());
        let mut old = self.overlay.iter().copied().peekable();
        for c in &d.changes {
            while let Some(o) = old.next_if(|o| o.0 < c.key) {
                overlay.push(o);
            }
            old.next_if(|o| o.0 == c.key);
            overlay.push((c.key, c.state));
        }
        overlay.extend(old);
        let mut next = self.clone();
        next.overlay = overlay;
        next.covered = d.as_of;
        next.applied = (self.applied.0 + 1, d.hash);
        Ok((next, d.sequence, d.issued))
    }

    /// [`Exact::lookup`] by [`certificate_key`].
    pub fn lookup_key(&self, key: u64) -> Option<(Status, Date)> {
        if self.listed == 0
            || self.filter.get(key) != tag(key, self.filter.bits())
            || self.members.get(key) != 1
        {
            return None;
        }
        let v = self.values.get(key);
        let status = if v >> self.day_bits & 1 == 1 {
            Status::Suspended
        } else {
            Status::Withdrawn
        };
        let offset = v & ((1 << self.day_bits) - 1);
        Some((status, self.epoch.plus_days(u64::from(offset))))
    }

    /// How many certificates are withdrawn or suspended.
    pub fn len(&self) -> usize {
        self.listed as usize
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.listed == 0
    }

    /// How many certificates the register holds.
    pub fn certificates(&self) -> usize {
        self.certificates as usize
    }

    /// The register's date: it covers certificates issued by then.
    pub fn as_of(&self) -> Date {
        self.as_of
    }

    /// The register's date after the deltas applied ([`Exact::as_of`] without any): the
    /// list covers marks valid from this day or before.
    pub fn covered(&self) -> Date {
        self.covered
    }

    /// The issuers it covers, sorted.
    pub fn issuers(&self) -> Vec<&str> {
        self.ids().collect()
    }

    fn ids(&self) -> impl Iterator<Item = &str> {
        let mut rest = self.issuers.get(2..).unwrap_or_default();
        core::iter::from_fn(move || {
            let [a, b, tail @ ..] = rest else {
                return None;
            };
            let (id, after) =
                tail.split_at(usize::from(u16::from_be_bytes([*a, *b])).min(tail.len()));
            rest = after;
            // Checked to be UTF-8 when read or built.
            Some(core::str::from_utf8(id).unwrap_or_default())
        })
    }

    /// Each ribbon's rows and bits a row: filter, members, values.
    pub fn shape(&self) -> [(usize, u32); 3] {
        [&self.filter, &self.members, &self.values].map(|r| (r.rows(), r.bits()))
    }
}

/// Why a register cannot be read or built into an exact list. Lines count from 1.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RegisterError {
    /// Not readable as CSV.
    Csv(CsvError),
    /// The first row is not `issuer,cert,status,since`.
    Header {
        /// The row found, as read.
        found: String,
    },
    /// A row without exactly four fields.
    Columns {
        /// Its line.
        line: u64,
        /// How many it has.
        found: usize,
    },
    /// An empty issuer id or certificate number, or one longer than a mark holds.
    Text {
        /// Its line.
        line: u64,
        /// `issuer` or `cert`.
        column: &'static str,
    },
    /// A status other than `valid`, `withdrawn` or `suspended`.
    Status {
        /// Its line.
        line: u64,
        /// The status found.
        found: String,
    },
    /// `since` not a `YYYY-MM-DD` date for a withdrawn or suspended certificate, or not
    /// empty for a valid one.
    Since {
        /// Its line.
        line: u64,
        /// The field found.
        found: String,
    },
    /// One certificate twice (or two with one 64-bit hash: odds about `n² / 2^65`).
    Duplicate {
        /// The second row's line.
        line: u64,
        /// The first row's line.
        first: u64,
    },
    /// `since` dates more than 2^20 days apart.
    SinceSpan {
        /// The earliest.
        first: Date,
        /// The latest.
        last: Date,
    },
    /// More than 2^32 − 1 certificates or 65,535 issuers, or dates past the year 11 million.
    TooMany,
    /// No ribbon could be solved (never seen; a bug, reported rather than hidden).
    Unsolvable,
    /// The newer register makes a withdrawn certificate valid or suspended: a withdrawal
    /// is final.
    WithdrawalUndone {
        /// Its line in the newer register.
        line: u64,
    },
    /// A certificate of the older register is missing from the newer one: a register
    /// only grows.
    Vanished {
        /// Its line in the older register.
        line: u64,
    },
}

impl RegisterError {
    /// Every error's code, in declaration order.
    pub const CODES: [&'static str; 12] = [
        "csv",
        "header",
        "columns",
        "text",
        "status",
        "since",
        "duplicate",
        "since-span",
        "too-many",
        "unsolvable",
        "withdrawal-undone",
        "vanished",
    ];

    /// A stable code for programs.
    pub fn code(&self) -> &'static str {
        use RegisterError::*;
        Self::CODES[match self {
            Csv(_) => 0,
            Header { .. } => 1,
            Columns { .. } => 2,
            Text { .. } => 3,
            Status { .. } => 4,
            Since { .. } => 5,
            Duplicate { .. } => 6,
            SinceSpan { .. } => 7,
            TooMany => 8,
            Unsolvable => 9,
            WithdrawalUndone { .. } => 10,
            Vanished { .. } => 11,
        }]
    }
}

impl core::fmt::Display for RegisterError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        use RegisterError::*;
        match self {
            Csv(e) => write!(f, "{e}"),
            Header { found } => write!(
                f,
                "line 1: the header must be issuer,cert,status,since, not {found:?}"
            ),
            Columns { line, found } => {
                write!(f, "line {line}: {found} fields, expected 4")
            }
            Text { line, column } => write!(
                f,
                "line {line}: {column} is empty or longer than {MAX_TEXT} bytes"
            ),
            Status { line, found } => write!(
                f,
                "line {line}: status {found:?} is not valid, withdrawn or suspended"
            ),
            Since { line, found } => write!(
                f,
                "line {line}: since {found:?} must be a YYYY-MM-DD date for withdrawn and suspended, empty for valid"
            ),
            Duplicate { line, first } => {
                write!(f, "line {line}: the certificate of line {first} again")
            }
            SinceSpan { first, last } => write!(
                f,
                "since dates {first} to {last} are more than 2^{MAX_DAY_BITS} days apart"
            ),
            TooMany => write!(f, "too many certificates or issuers for the exact form"),
            Unsolvable => write!(f, "the exact form could not be built (a bug: please report it)"),
            WithdrawalUndone { line } => write!(
                f,
                "line {line}: a withdrawn certificate is valid or suspended again; withdrawals are final"
            ),
            Vanished { line } => write!(
                f,
                "line {line} of the older register: the certificate is missing from the newer one"
            ),
        }
    }
}

impl std::error::Error for RegisterError {}

/// One certificate of a register: its key, its line, and its status (`None` valid).
#[derive(Clone, Copy, Debug)]
struct Row {
    key: u64,
    line: u64,
    state: Option<(Status, Date)>,
}

/// An issuer's (or several issuers') whole register, read from CSV: what
/// [`Register::build`] turns into an exact list.
#[derive(Clone, Debug)]
pub struct Register {
    rows: Vec<Row>,
    issuers: Vec<String>,
}

impl Register {
    /// Reads `issuer,cert,status,since` rows (that header first; blank rows skipped).
    ///
    /// ```
    /// use certmark::revocation::exact::Register;
    /// let r = Register::read("issuer,cert,status,since\nCQC,1,valid,\nCQC,2,withdrawn,2026-03-01\n")?;
    /// assert_eq!((r.certificates(), r.listed()), (2, 1));
    /// # Ok::<(), certmark::revocation::exact::RegisterError>(())
    /// ```
    ///
    /// # Errors
    /// See [`RegisterError`]: every fault with its line.
    pub fn read(text: &str) -> Result<Register, RegisterError> {
        let mut records = csv::records(text, b',');
        let header = records.next().transpose().map_err(RegisterError::Csv)?;
        match &header {
            Some(h) if h.fields.iter().map(|f| f.trim()).eq(COLUMNS) => {}
            _ => {
                return Err(RegisterError::Header {
                    found: header.map(|h| h.fields.join(",")).unwrap_or_default(),
                })
            }
        }
        let mut rows = Vec::new();
        let mut issuers = BTreeSet::new();
        for record in records {
            let record = record.map_err(RegisterError::Csv)?;
            if record.is_blank() {
                continue;
            }
            let line = record.line;
            let [issuer, cert, status, since] = &record.fields[..] else {
                return Err(RegisterError::Columns {
                    line,
                    found: record.fields.len(),
                });
            };
            for (text, column) in [(issuer, "issuer"), (cert, "cert")] {
                if text.is_empty() || text.len() > MAX_TEXT {
                    return Err(RegisterError::Text { line, column });
                }
            }
            let since_err = || RegisterError::Since {
                line,
                found: since.to_string(),
            };
            let status = match &**status {
                "valid" => None,
                "withdrawn" => Some(Status::Withdrawn),
                "suspended" => Some(Status::Suspended),
                other => {
                    return Err(RegisterError::Status {
                        line,
                        found: other.to_owned(),
                    })
                }
            };
            let state = match status {
                None if since.is_empty() => None,
                None => return Err(since_err()),
                Some(s) => Some((s, since.parse::<Date>().map_err(|_| since_err())?)),
            };
            if !issuers.contains(&**issuer) {
                issuers.insert(issuer.to_string());
            }
            rows.push(Row {
                key: certificate_key(issuer, cert),
                line,
                state,
            });
        }
        if rows.len() > u32::MAX as usize || issuers.len() > usize::from(u16::MAX) {
            return Err(RegisterError::TooMany);
        }
        rows.sort_unstable_by_key(|r| (r.key, r.line));
        if let Some(w) = rows.windows(2).find(|w| w[0].key == w[1].key) {
            return Err(RegisterError::Duplicate {
                line: w[1].line,
                first: w[0].line,
            });
        }
        Ok(Register {
            rows,
            issuers: issuers.into_iter().collect(),
        })
    }

    /// How many certificates.
    pub fn certificates(&self) -> usize {
        self.rows.len()
    }

    /// How many are withdrawn or suspended.
    pub fn listed(&self) -> usize {
        self.rows.iter().filter(|r| r.state.is_some()).count()
    }

    /// The exact list of this register, as of `as_of` (the day it was complete).
    ///
    /// # Errors
    /// [`RegisterError::SinceSpan`], [`RegisterError::TooMany`] (dates that do not fit
    /// the format's 4 bytes) or [`RegisterError::Unsolvable`].
    pub fn build(&self, as_of: Date) -> Result<Exact, RegisterError> {
        let listed: Vec<(u64, Status, Date)> = self
            .rows
            .iter()
            .filter_map(|r| r.state.map(|(s, d)| (r.key, s, d)))
            .collect();
        let first = listed.iter().map(|l| l.2).min().unwrap_or(as_of);
        let last = listed.iter().map(|l| l.2).max().unwrap_or(as_of);
        let span = last.0 - first.0;
        let day_bits = u64::BITS - span.leading_zeros();
        if day_bits > MAX_DAY_BITS {
            return Err(RegisterError::SinceSpan { first, last });
        }
        if first.0.max(as_of.0) > u64::from(u32::MAX) || last.0 > u64::from(u32::MAX) {
            return Err(RegisterError::TooMany);
        }
        let others = (self.rows.len() - listed.len()) as f64;
        let n = listed.len() as f64;
        // Bits of the filter: fewer let more of the rest reach the members ribbon.
        let cost = |b: u32| f64::from(b) * n + others / f64::from(1u32 << b);
        let filter_bits = (1..=16)
            .min_by(|&a, &b| cost(a).total_cmp(&cost(b)))
            .unwrap_or(1);
        let unsolvable = |e: BuildError| match e {
            BuildError::TooMany => RegisterError::TooMany,
            BuildError::Unsolvable => RegisterError::Unsolvable,
        };
        let tags: Vec<(u64, u32)> = listed
            .iter()
            .map(|&(k, _, _)| (k, tag(k, filter_bits)))
            .collect();
        let filter = Ribbon::build(&tags, filter_bits, 0, OVERHEAD).map_err(unsolvable)?;
        drop(tags);
        let members: Vec<(u64, u32)> = self
            .rows
            .iter()
            .filter_map(|r| match r.state {
                Some(_) => Some((r.key, 1)),
                None if filter.get(r.key) == tag(r.key, filter_bits) => Some((r.key, 0)),
                None => None,
            })
            .collect();
        let members = Ribbon::build(&members, 1, 1 << 16, OVERHEAD).map_err(unsolvable)?;
        let values: Vec<(u64, u32)> = listed
            .iter()
            .map(|&(k, s, d)| {
                let status = u32::from(s == Status::Suspended) << day_bits;
                // span < 2^day_bits.
                (k, status | (d.0 - first.0) as u32)
            })
            .collect();
        let values = Ribbon::build(&values, day_bits + 1, 2 << 16, OVERHEAD).map_err(unsolvable)?;
        Ok(Exact {
            base: (0, as_of),
            overlay: Vec::new(),
            covered: as_of,
            applied: (0, [0; 32]),
            as_of,
            epoch: first,
            day_bits,
            certificates: self.rows.len() as u32,
            listed: listed.len() as u32,
            issuers: {
                let mut ids = (self.issuers.len() as u16).to_be_bytes().to_vec();
                for id in &self.issuers {
                    ids.extend_from_slice(&(id.len() as u16).to_be_bytes());
                    ids.extend_from_slice(id.as_bytes());
                }
                ids
            },
            filter: Arc::new(filter),
            members: Arc::new(members),
            values: Arc::new(values),
        })
    }

    /// The delta from this register to `newer` (the same issuers' register on a later
    /// date, `as_of`): every certificate whose state changed, and every newer one that is
    /// withdrawn or suspended. It follows the state whose sequence and [`file_hash`] are
    /// `follows` (the exact list built from this register), and makes the one whose list
    /// (built from `newer`, one sequence higher) has the hash `makes`.
    ///
    /// # Errors
    /// [`RegisterError::WithdrawalUndone`] and [`RegisterError::Vanished`].
    pub fn delta_to(
        &self,
        newer: &Register,
        follows: (u64, [u8; 32]),
        makes: [u8; 32],
        issued: Date,
        as_of: Date,
    ) -> Result<Delta, RegisterError> {
        let mut changes = Vec::new();
        let (old, new) = (&self.rows, &newer.rows);
        let (mut i, mut j) = (0, 0);
        // Both sorted by key.
        while i < old.len() || j < new.len() {
            match (old.get(i), new.get(j)) {
                (Some(o), Some(n)) if o.key == n.key => {
                    let withdrawn =
                        |s: Option<(Status, Date)>| matches!(s, Some((Status::Withdrawn, _)));
                    if withdrawn(o.state) && !withdrawn(n.state) {
                        return Err(RegisterError::WithdrawalUndone { line: n.line });
                    }
                    if o.state != n.state {
                        changes.push(Change {
                            key: n.key,
                            state: n.state,
                            new: false,
                        });
                    }
                    i += 1;
                    j += 1;
                }
                (Some(o), n) if n.is_none_or(|n| o.key < n.key) => {
                    return Err(RegisterError::Vanished { line: o.line });
                }
                (_, Some(n)) => {
                    if n.state.is_some() {
                        changes.push(Change {
                            key: n.key,
                            state: n.state,
                            new: true,
                        });
                    }
                    j += 1;
                }
                _ => break,
            }
        }
        Ok(Delta {
            base_sequence: follows.0,
            base_hash: follows.1,
            sequence: follows.0 + 1,
            hash: makes,
            issued,
            as_of,
            changes,
        })
    }

    /// The lines of the certificates `exact` answers differently from this register
    /// (none, for the register it was built from): every certificate is asked.
    pub fn mismatches(&self, exact: &Exact) -> Vec<u64> {
        self.rows
            .iter()
            .filter(|r| exact.lookup_key(r.key) != r.state)
            .map(|r| r.line)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        s.parse().unwrap()
    }

    /// `n` certificates of two issuers, every `step`th withdrawn or suspended.
    fn register(n: u32, step: u32) -> String {
        let mut text = String::from("issuer,cert,status,since\n");
        for i in 0..n {
            let issuer = if i % 3 == 0 { "ISO" } else { "CQC" };
            let row = match i % step {
                0 => format!(
                    "{issuer},C{i},withdrawn,{}\n",
                    Date(20_000 + u64::from(i % 900))
                ),
                1 if i % 7 == 0 => format!("{issuer},C{i},suspended,{}\n", Date(20_500)),
                _ => format!("{issuer},C{i},valid,\n"),
            };
            text.push_str(&row);
        }
        text
    }

    #[test]
    fn every_certificate_answered_exactly() {
        for (n, step) in [
            (0, 2),
            (1, 1),
            (2, 2),
            (500, 3),
            (60_000, 10),
            (20_000, 100),
        ] {
            let text = register(n, step);
            let reg = Register::read(&text).unwrap();
            let exact = reg.build(day("2026-11-30")).unwrap();
            assert_eq!(reg.mismatches(&exact), Vec::<u64>::new(), "n = {n}");
            let bytes = exact.to_bytes(9, day("2026-12-01"));
            let (seq, issued, back) = Exact::parse(&bytes).unwrap();
            assert_eq!((seq, issued), (9, day("2026-12-01")));
            assert_eq!(back.to_bytes(9, day("2026-12-01")), bytes);
            // By text too, as a verifier asks.
            for line in text.lines().skip(1).take(300) {
                let f: Vec<&str> = line.split(',').collect();
                let want = match f[2] {
                    "valid" => None,
                    "withdrawn" => Some((Status::Withdrawn, day(f[3]))),
                    _ => Some((Status::Suspended, day(f[3]))),
                };
                assert_eq!(back.lookup(f[0], f[1]), want, "{line}");
            }
        }
    }

    #[test]
    fn covers_its_issuers_up_to_its_date() {
        let reg = Register::read(&register(10, 2)).unwrap();
        let exact = reg.build(day("2026-11-30")).unwrap();
        assert_eq!(exact.issuers(), ["CQC", "ISO"]);
        assert!(exact.covers("CQC", day("2026-11-30")));
        assert!(!exact.covers("CQC", day("2026-12-01")));
        assert!(!exact.covers("TUV", day("2020-01-01")));
    }

    #[test]
    fn register_errors_by_code() {
        let h = "issuer,cert,status,since\n";
        let cases: [(String, &str); 8] = [
            (format!("{h}A,\"1,valid,\n"), "csv"),
            ("issuer,cert,state,since\n".into(), "header"),
            (format!("{h}A,1,valid\n"), "columns"),
            (format!("{h}A,,valid,\n"), "text"),
            (format!("{h}A,1,revoked,\n"), "status"),
            (format!("{h}A,1,withdrawn,2026-13-01\n"), "since"),
            (
                format!("{h}A,1,valid,\nB,1,valid,\n\nA,1,withdrawn,2026-01-01\n"),
                "duplicate",
            ),
            (
                format!("{h}A,1,withdrawn,1970-01-01\nA,2,withdrawn,5000-01-01\n"),
                "since-span",
            ),
        ];
        let mut seen: Vec<&str> = Vec::new();
        for (text, code) in &cases {
            let e = Register::read(text)
                .and_then(|r| r.build(day("2026-11-30")))
                .unwrap_err();
            assert_eq!(e.code(), *code, "{text:?}: {e}");
            seen.push(e.code());
        }
        // A date past what 4 bytes count.
        let e = Register::read(&register(3, 2))
            .unwrap()
            .build(Date(1 << 40))
            .unwrap_err();
        seen.push(e.code());
        // Never met: the ribbons are solved with fresh seeds and more room 48 times.
        seen.push(RegisterError::Unsolvable.code());
        // From one register to a later one (see revocation::delta's tests).
        let old = Register::read(&format!("{h}A,1,withdrawn,2026-01-01\nA,2,valid,\n")).unwrap();
        for newer in [
            "A,1,suspended,2026-02-01\nA,2,valid,\n",
            "A,1,withdrawn,2026-01-01\n",
        ] {
            let newer = Register::read(&format!("{h}{newer}")).unwrap();
            let e = old
                .delta_to(&newer, (1, [0; 32]), [1; 32], Date(20_000), Date(20_000))
                .unwrap_err();
            seen.push(e.code());
        }
        assert_eq!(seen, RegisterError::CODES);
        assert_eq!(
            Register::read(&format!("{h}A,1,valid,2026-01-01\n")).unwrap_err(),
            RegisterError::Since {
                line: 2,
                found: "2026-01-01".into()
            }
        );
        assert_eq!(
            Register::read(&format!(
                "{h}A,1,valid,\nB,1,valid,\n\nA,1,withdrawn,2026-01-01\n"
            ))
            .unwrap_err(),
            RegisterError::Duplicate { line: 5, first: 2 }
        );
    }

    #[test]
    fn every_byte_changed_is_answered_without_a_panic() {
        let reg = Register::read(&register(300, 4)).unwrap();
        let bytes = reg
            .build(day("2026-11-30"))
            .unwrap()
            .to_bytes(1, day("2026-12-01"));
        for i in 0..bytes.len() {
            for flip in [0x01, 0x80, 0xff] {
                let mut b = bytes.clone();
                b[i] ^= flip;
                if let Ok((_, _, e)) = Exact::parse(&b) {
                    let _ = e.lookup("CQC", "C1");
                }
            }
            assert!(Exact::parse(&bytes[..i]).is_err());
        }
    }
}
