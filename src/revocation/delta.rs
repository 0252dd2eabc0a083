//! Signed revocation deltas: a day's changes to an exact list, in 13 bytes a change.
//!
//! A new exact list is megabytes; a day brings a few thousand changes. A delta names the
//! state it follows and the state it makes, each by a sequence and the hash of the exact
//! list published for it, so a verifier that holds a day's list, however it got there
//! (the whole list, or older deltas), takes the next day's delta. It carries each changed
//! certificate's key ([`super::exact::certificate_key`]) with its new state. A verifier applies a chain in order onto the list in use
//! ([`super::RevocationList::with_delta`]); a withdrawal is final, so a delta that
//! would lift one is refused whole. Layout in `docs/format.md`.

use sha2::{Digest, Sha512};

use super::ribbon::Cursor;
use super::Status;
use crate::date::Date;
use crate::list::ListError;

/// The first bytes of every delta (its `format`, and a newline).
pub const MAGIC: &[u8] = b"certmark-revocations-delta/1\n";
/// Domain separation for delta signatures; a zero byte follows it.
pub const SIGNING_CONTEXT: &[u8] = b"certmark/revocations-delta/v1";
/// The most changes one delta carries: a verifier reads it whole.
pub const MAX_CHANGES: usize = 1 << 20;

const ENTRY: usize = 13;
/// The bytes between the magic and the changes.
const HEAD: usize = 8 + 32 + 8 + 32 + 4 + 4 + 4;
/// A state's flag for a certificate the base register did not hold.
const NEW: u8 = 0x80;

/// The hash that names a list or delta file: the first 32 bytes of its SHA-512.
pub fn file_hash(bytes: &[u8]) -> [u8; 32] {
    let mut out = [0; 32];
    out.copy_from_slice(&Sha512::digest(bytes)[..32]);
    out
}

/// A state as deltas and snapshots write it: a tag (0 valid, 1 withdrawn, 2 suspended)
/// and the day since (0 for valid).
pub(crate) fn state_tag(state: Option<(Status, Date)>) -> (u8, u64) {
    match state {
        None => (0, 0),
        Some((Status::Withdrawn, d)) => (1, d.0),
        Some((Status::Suspended, d)) => (2, d.0),
    }
}

/// The state [`state_tag`] wrote; `None` for a tag or day no state has.
#[allow(clippy::option_option)]
pub(crate) fn tag_state(tag: u8, since: u64) -> Option<Option<(Status, Date)>> {
    match (tag, since) {
        (0, 0) => Some(None),
        (1, d) => Some(Some((Status::Withdrawn, Date(d)))),
        (2, d) => Some(Some((Status::Suspended, Date(d)))),
        _ => None,
    }
}

/// One changed certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    /// Its [`super::exact::certificate_key`].
    pub key: u64,
    /// Its new state: `None` valid again (a suspension lifted).
    pub state: Option<(Status, Date)>,
    /// Not in the base list's register (issued after its date): the base's answer for it
    /// means nothing.
    pub new: bool,
}

/// A parsed delta.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delta {
    /// The sequence of the state it follows.
    pub base_sequence: u64,
    /// The [`file_hash`] of the exact list published for that state.
    pub base_hash: [u8; 32],
    /// Its own sequence: `base_sequence + 1`.
    pub sequence: u64,
    /// The [`file_hash`] of the exact list published for the state it makes: the one it
    /// answers as, which the next delta names.
    pub hash: [u8; 32],
    /// Day of publication.
    pub issued: Date,
    /// The register's date after it: certificates issued up to then are covered.
    pub as_of: Date,
    /// The changes, by key, strictly increasing.
    pub changes: Vec<Change>,
}

fn bad(problem: &'static str) -> ListError {
    ListError::BadCompact { problem }
}

impl Delta {
    /// Parses a delta strictly: exact length, a sequence one above its base, keys
    /// strictly increasing, states and days that are what they say.
    ///
    /// # Errors
    /// [`ListError::BadCompact`] naming the broken rule.
    pub fn parse(bytes: &[u8]) -> Result<Delta, ListError> {
        let rest = bytes
            .strip_prefix(MAGIC)
            .ok_or(bad("does not start with the delta's magic"))?;
        let mut r = Cursor(rest);
        let base_sequence = r.uint(8)?;
        let mut base_hash = [0; 32];
        base_hash.copy_from_slice(r.take(32)?);
        let sequence = r.uint(8)?;
        let mut hash = [0; 32];
        hash.copy_from_slice(r.take(32)?);
        let issued = Date(r.uint(4)?);
        let as_of = Date(r.uint(4)?);
        let count = r.uint(4)? as usize;
        if base_sequence.checked_add(1) != Some(sequence) {
            return Err(bad("a delta's sequence is not one above its base's"));
        }
        if count > MAX_CHANGES || r.0.len() != count * ENTRY {
            return Err(bad("a delta's length does not match its count"));
        }
        let mut changes: Vec<Change> = Vec::with_capacity(count);
        for _ in 0..count {
            let key = r.uint(8)?;
            let flags = r.uint(1)? as u8;
            let state = tag_state(flags & !NEW, r.uint(4)?)
                .ok_or(bad("a change's state is not valid, withdrawn or suspended"))?;
            if changes.last().is_some_and(|c| c.key >= key) {
                return Err(bad("a delta's keys are not strictly increasing"));
            }
            changes.push(Change {
                key,
                state,
                new: flags & NEW != 0,
            });
        }
        Ok(Delta {
            base_sequence,
            base_hash,
            sequence,
            hash,
            issued,
            as_of,
            changes,
        })
    }

    /// The bytes [`Delta::parse`] reads back as this delta (changes sorted by key, one
    /// each: the caller's duty; [`crate::revocation::exact::Register::delta_to`] makes them so).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(MAGIC.len() + HEAD + ENTRY * self.changes.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.base_sequence.to_be_bytes());
        out.extend_from_slice(&self.base_hash);
        out.extend_from_slice(&self.sequence.to_be_bytes());
        out.extend_from_slice(&self.hash);
        for d in [self.issued, self.as_of] {
            out.extend_from_slice(&(d.0 as u32).to_be_bytes());
        }
        out.extend_from_slice(&(self.changes.len() as u32).to_be_bytes());
        for c in &self.changes {
            out.extend_from_slice(&c.key.to_be_bytes());
            let (tag, since) = state_tag(c.state);
            out.push(tag | if c.new { NEW } else { 0 });
            out.extend_from_slice(&(since as u32).to_be_bytes());
        }
        out
    }
}

/// Why a delta cannot follow the list in use; the list in use stays.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeltaError {
    /// Not a valid delta.
    Invalid(ListError),
    /// The list in use is not an exact list: deltas follow only those.
    NotExact,
    /// It follows another state: another list, a delta not yet applied (a gap), or one
    /// applied already.
    Base {
        /// The sequence it follows.
        base: u64,
        /// The sequence in use.
        in_use: u64,
    },
    /// Its register date is before the one in use.
    AsOfBack,
    /// It would make a withdrawn certificate valid or suspended: a withdrawal is final.
    WithdrawalUndone {
        /// The certificate's key.
        key: u64,
    },
}

impl DeltaError {
    /// Every error's code but [`DeltaError::Invalid`]'s (the inner one), in declaration order.
    pub const CODES: [&'static str; 4] = [
        "delta-needs-exact",
        "delta-base",
        "delta-as-of-back",
        "withdrawal-undone",
    ];

    /// A stable code for programs.
    pub fn code(&self) -> &'static str {
        match self {
            DeltaError::Invalid(e) => e.code(),
            DeltaError::NotExact => Self::CODES[0],
            DeltaError::Base { .. } => Self::CODES[1],
            DeltaError::AsOfBack => Self::CODES[2],
            DeltaError::WithdrawalUndone { .. } => Self::CODES[3],
        }
    }
}

impl core::fmt::Display for DeltaError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            DeltaError::Invalid(e) => write!(f, "{e}"),
            DeltaError::NotExact => write!(f, "deltas follow only an exact revocation list"),
            DeltaError::Base { base, in_use } => write!(
                f,
                "the delta follows list {base}, not the {in_use} in use (another list, or a delta missing)"
            ),
            DeltaError::AsOfBack => write!(f, "the delta's register date is before the one in use"),
            DeltaError::WithdrawalUndone { key } => write!(
                f,
                "the delta would lift the withdrawal of certificate key {key:016x}: withdrawals are final"
            ),
        }
    }
}

impl std::error::Error for DeltaError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::revocation::exact::{certificate_key, Register};
    use crate::revocation::RevocationList;

    fn day(s: &str) -> Date {
        s.parse().unwrap()
    }

    /// A register of `n` certificates of CQC, every fifth withdrawn, every seventh suspended,
    /// with `extra` rows after them.
    fn register(n: u32, extra: &str) -> String {
        let mut text = String::from("issuer,cert,status,since\n");
        for i in 0..n {
            let state = match (i % 5, i % 7) {
                (0, _) => "withdrawn,2025-01-02",
                (_, 0) => "suspended,2026-02-03",
                _ => "valid,",
            };
            text.push_str(&format!("CQC,C{i},{state}\n"));
        }
        text.push_str(extra);
        text
    }

    fn base() -> (Register, RevocationList, Vec<u8>) {
        let reg = Register::read(&register(3000, "")).unwrap();
        let bytes = reg
            .build(day("2026-11-01"))
            .unwrap()
            .to_bytes(4, day("2026-11-02"));
        (reg, RevocationList::parse(&bytes).unwrap(), bytes)
    }

    /// The exact list published for `reg` at `sequence`, issued and as of `date`.
    fn published(reg: &Register, sequence: u64, date: &str) -> Vec<u8> {
        reg.build(day(date)).unwrap().to_bytes(sequence, day(date))
    }

    #[test]
    fn a_chain_of_deltas_answers_as_the_newest_register() {
        let (old, list, bytes) = base();
        // Day 1: C7 (suspended) valid again, C1 withdrawn, two new certificates.
        let day1 = register(3000, "CQC,N1,withdrawn,2026-11-05\nCQC,N2,valid,\n")
            .replace("CQC,C7,suspended,2026-02-03", "CQC,C7,valid,")
            .replace("CQC,C1,valid,", "CQC,C1,withdrawn,2026-11-06");
        let reg1 = Register::read(&day1).unwrap();
        let list1 = published(&reg1, 5, "2026-11-07");
        let d1 = old
            .delta_to(
                &reg1,
                (4, file_hash(&bytes)),
                file_hash(&list1),
                day("2026-11-07"),
                day("2026-11-07"),
            )
            .unwrap();
        assert_eq!(d1.changes.len(), 3);
        let d1 = d1.to_bytes();
        assert_eq!(d1.len(), MAGIC.len() + HEAD + 3 * ENTRY);
        assert_eq!(HEAD, 92);
        // Day 2: N2 suspended.
        let day2 = day1.replace("CQC,N2,valid,", "CQC,N2,suspended,2026-11-08");
        let reg2 = Register::read(&day2).unwrap();
        let list2 = published(&reg2, 6, "2026-11-08");
        let d2 = reg1
            .delta_to(
                &reg2,
                (5, file_hash(&list1)),
                file_hash(&list2),
                day("2026-11-08"),
                day("2026-11-08"),
            )
            .unwrap()
            .to_bytes();

        // Day 2's delta follows day 1's state however it was reached: day 1's delta, or
        // day 1's whole list.
        let whole1 = RevocationList::parse(&list1).unwrap();
        let via_whole = whole1.with_delta(&d2).unwrap();
        assert_eq!(via_whole.exact().unwrap().state_hash(), file_hash(&list2));
        let l1 = list.with_delta(&d1).unwrap();
        let l2 = l1.with_delta(&d2).unwrap();
        assert_eq!(
            (l2.sequence, l2.issued, l2.deltas()),
            (6, day("2026-11-08"), 2)
        );
        let exact = l2.exact().unwrap();
        assert_eq!(exact.state_hash(), file_hash(&list2));
        let whole2 = RevocationList::parse(&list2).unwrap();
        for line in day2.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            let want = match f[2] {
                "valid" => None,
                "withdrawn" => Some((Status::Withdrawn, day(f[3]))),
                _ => Some((Status::Suspended, day(f[3]))),
            };
            let valid_from = if f[1].starts_with('N') {
                day("2026-11-06")
            } else {
                day("2025-01-01")
            };
            assert!(l2.covers(f[0], valid_from), "{line}");
            assert_eq!(exact.lookup_mark(f[0], f[1], valid_from), want, "{line}");
            for other in [&via_whole, &whole2] {
                let e = other.exact().unwrap();
                assert_eq!(e.lookup_mark(f[0], f[1], valid_from), want, "{line}");
            }
        }
        assert!(!l2.covers("CQC", day("2026-11-09")));
        assert!(list.covers("CQC", day("2026-11-01")) && !list.covers("CQC", day("2026-11-02")));
        // Applied once: the same delta again, or out of order, follows another file.
        let again = l1.with_delta(&d1).unwrap_err();
        assert_eq!(again, DeltaError::Base { base: 4, in_use: 5 });
        assert_eq!(list.with_delta(&d2).unwrap_err().code(), "delta-base");
    }

    #[test]
    fn refusals_by_code() {
        let (old, list, bytes) = base();
        let follows = (4, file_hash(&bytes));
        let delta = |changes: Vec<Change>, as_of: &str| {
            Delta {
                base_sequence: 4,
                base_hash: follows.1,
                sequence: 5,
                hash: [5; 32],
                issued: day("2026-11-07"),
                as_of: day(as_of),
                changes,
            }
            .to_bytes()
        };
        let lift = |new| Change {
            key: certificate_key("CQC", "C0"),
            state: None,
            new,
        };
        let mut seen = Vec::new();
        let json = RevocationList::parse(
            br#"{"format":"certmark-revocations/1","sequence":4,"issued":"2026-11-02","entries":[]}"#,
        )
        .unwrap();
        seen.push(
            json.with_delta(&delta(vec![], "2026-11-07"))
                .unwrap_err()
                .code(),
        );
        let mut other = follows.1;
        other[0] ^= 1;
        let wrong_base = Delta {
            base_sequence: 4,
            base_hash: other,
            sequence: 5,
            hash: [5; 32],
            issued: day("2026-11-07"),
            as_of: day("2026-11-07"),
            changes: vec![],
        };
        seen.push(list.with_delta(&wrong_base.to_bytes()).unwrap_err().code());
        seen.push(
            list.with_delta(&delta(vec![], "2026-10-01"))
                .unwrap_err()
                .code(),
        );
        // C0 is withdrawn in the base register: lifting it is refused, even if the delta
        // calls it new.
        seen.push(
            list.with_delta(&delta(vec![lift(false)], "2026-11-07"))
                .unwrap_err()
                .code(),
        );
        assert_eq!(seen, DeltaError::CODES);
        // A change flagged new is not checked against the base, whose answer for a
        // certificate it does not hold means nothing: the flag is the signer's word.
        assert!(list
            .with_delta(&delta(vec![lift(true)], "2026-11-07"))
            .is_ok());
        let garbage = list
            .with_delta(b"certmark-revocations-delta/1\nxx")
            .unwrap_err();
        assert_eq!(garbage.code(), "bad-compact");

        // The register pair that would make such deltas is refused with its line.
        let undone = Register::read(
            &register(3000, "").replace("CQC,C5,withdrawn,2025-01-02", "CQC,C5,valid,"),
        )
        .unwrap();
        assert_eq!(
            old.delta_to(
                &undone,
                follows,
                [5; 32],
                day("2026-11-07"),
                day("2026-11-07")
            )
            .unwrap_err(),
            crate::revocation::exact::RegisterError::WithdrawalUndone { line: 7 }
        );
        let fewer = Register::read(&register(2999, "")).unwrap();
        assert_eq!(
            old.delta_to(
                &fewer,
                follows,
                [5; 32],
                day("2026-11-07"),
                day("2026-11-07")
            )
            .unwrap_err()
            .code(),
            "vanished"
        );
    }

    #[test]
    fn reads_strictly_and_back_byte_for_byte() {
        let d = Delta {
            base_sequence: 1,
            base_hash: [7; 32],
            sequence: 2,
            hash: [8; 32],
            issued: Date(20_000),
            as_of: Date(20_001),
            changes: vec![
                Change {
                    key: 1,
                    state: None,
                    new: false,
                },
                Change {
                    key: 2,
                    state: Some((Status::Suspended, Date(19_000))),
                    new: true,
                },
            ],
        };
        let bytes = d.to_bytes();
        assert_eq!(Delta::parse(&bytes).unwrap(), d);
        for i in 0..bytes.len() {
            assert!(Delta::parse(&bytes[..i]).is_err());
            let mut b = bytes.clone();
            b[i] ^= 0x55;
            if let Ok(back) = Delta::parse(&b) {
                assert_eq!(back.to_bytes(), b);
            }
        }
        let mut unsorted = d.clone();
        unsorted.changes.swap(0, 1);
        assert!(Delta::parse(&unsorted.to_bytes()).is_err());
        let mut jump = d;
        jump.sequence = 3;
        assert!(Delta::parse(&jump.to_bytes()).is_err());
    }
}
