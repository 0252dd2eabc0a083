//! The signed revocation list: certificates withdrawn or suspended by their issuer.
//!
//! A mark keeps its signature for years, so withdrawing a certificate cannot change
//! the mark; it changes this list, which the verifier bundles and may update.
//!
//! The list comes in three forms, signed alike: the format's JSON (with reasons), the
//! [`compact`] form this project adds for lists of a million entries, and the [`exact`]
//! form over an issuer's whole register, for national registers of tens of millions.

pub mod compact;
pub mod delta;
pub mod exact;
pub mod index;
pub mod ribbon;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::list::{ListError, ListProblem};

/// The `format` value of a version-1 revocation list.
pub const FORMAT: &str = "certmark-revocations/1";
/// Domain separation for revocation list signatures; a zero byte follows it.
pub const SIGNING_CONTEXT: &[u8] = b"certmark/revocations/v1";
/// Largest revocation list accepted, in bytes: a JSON list of a million entries (about
/// 90 MB) must still reach the compactor; its compact form is about 7 MB.
pub const MAX_BYTES: usize = 128 << 20;

/// What happened to a certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Ended for good.
    Withdrawn,
    /// Paused; the issuer may lift it by dropping the entry from a later list.
    Suspended,
}

/// One listed certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Issuer id.
    pub issuer: String,
    /// Certificate number.
    pub cert: String,
    /// Withdrawn or suspended.
    pub status: Status,
    /// First day the status applies.
    pub since: Date,
    /// Why, in the issuer's words (shown to users as text).
    #[serde(default)]
    pub reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Json {
    format: String,
    sequence: u64,
    issued: Date,
    entries: Vec<Entry>,
}

/// A parsed revocation list, sorted for lookup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevocationList {
    /// Increases with every published list (both forms count alike).
    pub sequence: u64,
    /// Day of publication.
    pub issued: Date,
    store: Store,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Store {
    Json(Vec<Entry>),
    Compact(compact::Compact),
    Exact(exact::Exact),
}

/// The context a list's signature covers: each form has its own, so no form's
/// signature can pass for another's.
pub fn signing_context(bytes: &[u8]) -> &'static [u8] {
    if bytes.starts_with(compact::MAGIC) {
        compact::SIGNING_CONTEXT
    } else if bytes.starts_with(exact::MAGIC) {
        exact::SIGNING_CONTEXT
    } else if bytes.starts_with(delta::MAGIC) {
        delta::SIGNING_CONTEXT
    } else if bytes.starts_with(index::MAGIC) {
        index::SIGNING_CONTEXT
    } else {
        SIGNING_CONTEXT
    }
}

impl RevocationList {
    /// Parses a list strictly, JSON, compact (if it starts with [`compact::MAGIC`]) or
    /// exact ([`exact::MAGIC`]). No signature check; see
    /// [`crate::trust_data::TrustData::load`] for that.
    ///
    /// # Errors
    /// [`ListError::TooLarge`], [`ListError::Json`], [`ListError::Format`],
    /// [`ListError::DuplicateEntry`] when one certificate is listed twice, or
    /// [`ListError::BadCompact`].
    pub fn parse(bytes: &[u8]) -> Result<RevocationList, ListError> {
        if bytes.len() > MAX_BYTES {
            return Err(ListError::TooLarge { limit: MAX_BYTES });
        }
        if bytes.starts_with(compact::MAGIC) || bytes.starts_with(exact::MAGIC) {
            return RevocationList::parse_compact(bytes);
        }
        let json: Json = serde_json::from_slice(bytes).map_err(ListError::json)?;
        if json.format != FORMAT {
            return Err(ListError::Format {
                found: json.format,
                expected: FORMAT,
            });
        }
        let mut entries = json.entries;
        entries.sort_by(|a, b| (&a.issuer, &a.cert).cmp(&(&b.issuer, &b.cert)));
        if let Some(w) = entries
            .windows(2)
            .find(|w| (&w[0].issuer, &w[0].cert) == (&w[1].issuer, &w[1].cert))
        {
            return Err(ListError::DuplicateEntry {
                issuer: w[0].issuer.clone(),
                cert: w[0].cert.clone(),
            });
        }
        Ok(RevocationList {
            sequence: json.sequence,
            issued: json.issued,
            store: Store::Json(entries),
        })
    }

    /// A JSON list from entries already sorted by issuer and certificate, no two alike
    /// (the caller checked: [`crate::trust_data::snapshot`]).
    pub(crate) fn from_sorted(sequence: u64, issued: Date, entries: Vec<Entry>) -> RevocationList {
        RevocationList {
            sequence,
            issued,
            store: Store::Json(entries),
        }
    }

    /// A binary list's bytes (compact or exact); `None` for a JSON list (see
    /// [`RevocationList::entries`]).
    pub(crate) fn binary(&self) -> Option<Vec<u8>> {
        match &self.store {
            Store::Json(_) => None,
            Store::Compact(c) => Some(c.to_bytes(self.sequence, self.issued)),
            // With deltas applied, the list's own sequence and date, not the last delta's.
            Store::Exact(e) => Some(e.base_bytes()),
        }
    }

    /// An exact list as a snapshot carries it: what its deltas brought, and the
    /// sequence and date of the last. `None` if the list is not exact.
    #[allow(clippy::type_complexity)]
    pub(crate) fn with_applied(
        mut self,
        (sequence, issued): (u64, Date),
        count: u32,
        last: [u8; 32],
        covered: Date,
        changes: Vec<(u64, Option<(Status, Date)>)>,
    ) -> Option<RevocationList> {
        let Store::Exact(e) = &mut self.store else {
            return None;
        };
        e.set_applied(count, last, covered, changes);
        self.sequence = sequence;
        self.issued = issued;
        Some(self)
    }

    /// A compact or exact list's bytes read without the JSON parser, which the page's
    /// verifier does not carry.
    pub(crate) fn parse_compact(bytes: &[u8]) -> Result<RevocationList, ListError> {
        if bytes.starts_with(exact::MAGIC) {
            let (sequence, issued, list) = exact::Exact::parse(bytes)?;
            return Ok(RevocationList {
                sequence,
                issued,
                store: Store::Exact(list),
            });
        }
        let (sequence, issued, list) = compact::Compact::parse(bytes)?;
        Ok(RevocationList {
            sequence,
            issued,
            store: Store::Compact(list),
        })
    }

    /// Whether this list answers for a mark of `issuer` valid from `valid_from`. JSON
    /// and compact lists answer for every mark (a certificate they do not list is not
    /// withdrawn); an exact list only for the marks its register covers
    /// ([`exact::Exact::covers`]): for others it knows nothing.
    pub fn covers(&self, issuer: &str, valid_from: Date) -> bool {
        match &self.store {
            Store::Exact(e) => e.covers(issuer, valid_from),
            _ => true,
        }
    }

    /// This list with a delta applied ([`delta`]): only an exact list takes deltas, each
    /// following the state in use.
    ///
    /// # Errors
    /// See [`delta::DeltaError`]; `self` is unchanged either way.
    pub fn with_delta(&self, delta: &[u8]) -> Result<RevocationList, delta::DeltaError> {
        let Store::Exact(e) = &self.store else {
            return Err(delta::DeltaError::NotExact);
        };
        let (next, sequence, issued) = e.with_delta(self.sequence, delta)?;
        Ok(RevocationList {
            sequence,
            issued,
            store: Store::Exact(next),
        })
    }

    /// What an [`index::Index`] says to download to stay current from this list.
    pub fn plan(&self, index: &index::Index) -> index::Plan {
        index.plan(self.sequence, self.exact().map(exact::Exact::state_hash))
    }

    /// How many deltas were applied to this list (none but to an exact list).
    pub fn deltas(&self) -> u32 {
        self.exact().map_or(0, exact::Exact::deltas)
    }

    /// [`RevocationList::lookup`] for a mark the list [covers](Self::covers), valid from
    /// `valid_from`: what verifiers ask (an exact list with deltas needs the day).
    pub fn lookup_mark(&self, issuer: &str, cert: &str, valid_from: Date) -> Option<Entry> {
        match &self.store {
            Store::Exact(e) => e
                .lookup_mark(issuer, cert, valid_from)
                .map(|(status, since)| Entry {
                    issuer: issuer.to_owned(),
                    cert: cert.to_owned(),
                    status,
                    since,
                    reason: String::new(),
                }),
            _ => self.lookup(issuer, cert),
        }
    }

    /// The exact form, for a list over a register (its date, its size).
    pub fn exact(&self) -> Option<&exact::Exact> {
        match &self.store {
            Store::Exact(e) => Some(e),
            _ => None,
        }
    }

    /// The entry for a certificate, if it is listed (whatever its `since`). From a compact
    /// or exact list the entry has no reason, and its issuer and number are the ones asked
    /// for. An exact list's answer holds only for a mark it [covers](Self::covers).
    pub fn lookup(&self, issuer: &str, cert: &str) -> Option<Entry> {
        match &self.store {
            Store::Json(entries) => entries
                .binary_search_by(|e| (e.issuer.as_str(), e.cert.as_str()).cmp(&(issuer, cert)))
                .ok()
                .map(|i| entries[i].clone()),
            Store::Compact(c) => c.lookup(issuer, cert).map(|(status, since)| Entry {
                issuer: issuer.to_owned(),
                cert: cert.to_owned(),
                status,
                since,
                reason: String::new(),
            }),
            Store::Exact(e) => e.lookup(issuer, cert).map(|(status, since)| Entry {
                issuer: issuer.to_owned(),
                cert: cert.to_owned(),
                status,
                since,
                reason: String::new(),
            }),
        }
    }

    /// A JSON list's entries, sorted by issuer and certificate; `None` for a compact list,
    /// which keeps only fingerprints, and an exact one, which keeps no certificate at all.
    pub fn entries(&self) -> Option<&[Entry]> {
        match &self.store {
            Store::Json(entries) => Some(entries),
            _ => None,
        }
    }

    /// How many certificates are listed.
    pub fn len(&self) -> usize {
        match &self.store {
            Store::Json(entries) => entries.len(),
            Store::Compact(c) => c.len(),
            Store::Exact(e) => e.len(),
        }
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether this is a binary form (compact or exact).
    pub fn is_compact(&self) -> bool {
        !matches!(self.store, Store::Json(_))
    }

    /// The form's name: `json`, `compact` or `exact`.
    pub fn form(&self) -> &'static str {
        match self.store {
            Store::Json(_) => "json",
            Store::Compact(_) => "compact",
            Store::Exact(_) => "exact",
        }
    }

    /// This list in the compact form (for publishing lists too large for JSON).
    ///
    /// # Errors
    /// See [`compact::CompactError`] (also for a list that is compact already).
    pub fn to_compact(&self) -> Result<Vec<u8>, compact::CompactError> {
        match &self.store {
            Store::Json(entries) => compact::write(self.sequence, self.issued, entries),
            _ => Err(compact::CompactError::AlreadyCompact),
        }
    }

    /// What an issuer should fix before publishing this list: a sequence not above
    /// `previous`, a date in the future, withdrawals that vanished, and (if
    /// `known_issuer` is given, e.g. a trust list's look-up) issuers it does not know.
    pub fn lint(
        &self,
        previous: Option<&RevocationList>,
        known_issuer: Option<&dyn Fn(&str) -> bool>,
        today: Date,
    ) -> Vec<ListProblem> {
        let mut out = Vec::new();
        if self.issued > today {
            out.push(ListProblem::IssuedInFuture {
                issued: self.issued,
            });
        }
        if let Some(prev) = previous {
            if self.sequence <= prev.sequence {
                out.push(ListProblem::SequenceNotIncreased {
                    sequence: self.sequence,
                    previous: prev.sequence,
                });
            }
            if self.issued < prev.issued {
                out.push(ListProblem::IssuedBeforePrevious {
                    issued: self.issued,
                    previous: prev.issued,
                });
            }
            for e in prev
                .entries()
                .unwrap_or_default()
                .iter()
                .filter(|e| e.status == Status::Withdrawn)
            {
                if self.lookup(&e.issuer, &e.cert).map(|n| n.status) != Some(Status::Withdrawn) {
                    out.push(ListProblem::WithdrawalDropped {
                        issuer: e.issuer.clone(),
                        cert: e.cert.clone(),
                    });
                }
            }
        }
        if let Some(known) = known_issuer {
            for e in self.entries().unwrap_or_default() {
                if !known(&e.issuer) {
                    out.push(ListProblem::UnknownIssuer {
                        issuer: e.issuer.clone(),
                    });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(entries: &str) -> Result<RevocationList, ListError> {
        RevocationList::parse(
            format!(
                r#"{{"format":"{FORMAT}","sequence":3,"issued":"2026-11-01","entries":[{entries}]}}"#
            )
            .as_bytes(),
        )
    }

    #[test]
    fn looks_up_sorted_entries() {
        let l = list(
            r#"{"issuer":"B","cert":"2","status":"withdrawn","since":"2026-03-01"},
               {"issuer":"A","cert":"9","status":"suspended","since":"2026-03-01","reason":"audit"}"#,
        )
        .unwrap();
        assert_eq!(
            l.lookup("A", "9").map(|e| e.status),
            Some(Status::Suspended)
        );
        assert_eq!(
            l.lookup("B", "2").map(|e| e.status),
            Some(Status::Withdrawn)
        );
        assert!(l.lookup("A", "2").is_none());
    }

    #[test]
    fn refuses_duplicates_and_unknown_status() {
        let dup = r#"{"issuer":"A","cert":"1","status":"withdrawn","since":"2026-03-01"},
                     {"issuer":"A","cert":"1","status":"suspended","since":"2026-04-01"}"#;
        assert_eq!(list(dup).unwrap_err().code(), "duplicate-entry");
        let bad = r#"{"issuer":"A","cert":"1","status":"revoked","since":"2026-03-01"}"#;
        assert_eq!(list(bad).unwrap_err().code(), "json");
    }

    #[test]
    fn lint_problems_by_code() {
        let previous = list(
            r#"{"issuer":"A","cert":"1","status":"withdrawn","since":"2026-03-01"},
               {"issuer":"A","cert":"2","status":"suspended","since":"2026-03-01"}"#,
        )
        .unwrap();
        // Same sequence, the withdrawal gone, the suspension lifted (fine), a stranger.
        let next =
            list(r#"{"issuer":"Z","cert":"9","status":"withdrawn","since":"2026-10-01"}"#).unwrap();
        let known = |id: &str| id == "A";
        let codes: Vec<&str> = next
            .lint(Some(&previous), Some(&known), "2026-10-31".parse().unwrap())
            .iter()
            .map(ListProblem::code)
            .collect();
        assert_eq!(
            codes,
            [
                "issued-in-future",
                "sequence-not-increased",
                "withdrawal-dropped",
                "unknown-issuer"
            ]
        );
        assert!(previous
            .lint(None, None, "2026-11-01".parse().unwrap())
            .is_empty());
    }
}
