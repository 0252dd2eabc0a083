//! The signed index a verifier fetches to stay current: the latest exact list, and the
//! chain of deltas that leads to it.
//!
//! A verifier that holds yesterday's state downloads one delta, not the whole list; one
//! whose state the chain does not reach (another list, a gap, none yet), or for whom the
//! deltas it lacks weigh more than the list, downloads the list. The index only plans:
//! every file it names is signed and checked on its own, so a wrong index costs a
//! download, never a wrong answer. Layout in `docs/format.md`.

use super::ribbon::Cursor;
use crate::list::ListError;

/// The first bytes of every index (its `format`, and a newline).
pub const MAGIC: &[u8] = b"certmark-revocations-index/1\n";
/// Domain separation for index signatures; a zero byte follows it.
pub const SIGNING_CONTEXT: &[u8] = b"certmark/revocations-index/v1";
/// The most deltas an index names (a year of daily ones).
pub const MAX_DELTAS: usize = 366;
/// The longest file name an index holds.
pub const MAX_NAME: usize = 100;

/// A file the index names, beside the index itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    /// Its name: ASCII letters, digits, `.`, `_` and `-`, not starting with `.`, so it
    /// resolves beside the index and nowhere else.
    pub name: String,
    /// Its size in bytes.
    pub bytes: u32,
}

/// A delta the index names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexDelta {
    /// The file.
    pub file: File,
    /// The state it follows (its `base_hash`): a verifier in that state takes it.
    pub base_hash: [u8; 32],
}

/// A parsed index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Index {
    /// The latest exact list's sequence.
    pub sequence: u64,
    /// The latest exact list.
    pub list: File,
    /// The deltas leading to it, in order: the last one's sequence is `sequence`.
    pub deltas: Vec<IndexDelta>,
}

/// What a verifier should download.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plan {
    /// Nothing: it holds the latest state, or a later one.
    UpToDate,
    /// The deltas from this one (an index into [`Index::deltas`]) to the last.
    Deltas(usize),
    /// The list.
    Full,
}

fn bad(problem: &'static str) -> ListError {
    ListError::BadCompact { problem }
}

fn name(r: &mut Cursor<'_>) -> Result<String, ListError> {
    let len = r.uint(1)? as usize;
    let text = r.take(len)?;
    let allowed = |b: &u8| b.is_ascii_alphanumeric() || b"._-".contains(b);
    if len == 0 || len > MAX_NAME || text[0] == b'.' || !text.iter().all(allowed) {
        return Err(bad(
            "a file name is empty, too long, starts with a dot or has a character other than letters, digits, '.', '_' and '-'",
        ));
    }
    Ok(String::from_utf8_lossy(text).into_owned())
}

fn put_name(out: &mut Vec<u8>, name: &str) {
    out.push(name.len() as u8);
    out.extend_from_slice(name.as_bytes());
}

impl Index {
    /// Parses an index strictly: names that stay beside the index, at most
    /// [`MAX_DELTAS`] deltas, a chain no longer than the sequence, nothing after it.
    ///
    /// # Errors
    /// [`ListError::BadCompact`] naming the broken rule.
    pub fn parse(bytes: &[u8]) -> Result<Index, ListError> {
        let rest = bytes
            .strip_prefix(MAGIC)
            .ok_or(bad("does not start with the index's magic"))?;
        let mut r = Cursor(rest);
        let sequence = r.uint(8)?;
        let list = File {
            bytes: r.uint(4)? as u32,
            name: name(&mut r)?,
        };
        let count = r.uint(2)? as usize;
        if count > MAX_DELTAS || count as u64 > sequence {
            return Err(bad(
                "an index names more deltas than it may, or than its sequence has",
            ));
        }
        let mut deltas = Vec::with_capacity(count);
        for _ in 0..count {
            let mut base_hash = [0; 32];
            base_hash.copy_from_slice(r.take(32)?);
            let bytes = r.uint(4)? as u32;
            deltas.push(IndexDelta {
                base_hash,
                file: File {
                    bytes,
                    name: name(&mut r)?,
                },
            });
        }
        if !r.0.is_empty() {
            return Err(bad("bytes after the index's last delta"));
        }
        Ok(Index {
            sequence,
            list,
            deltas,
        })
    }

    /// The bytes [`Index::parse`] reads back as this index (names as `parse` takes them:
    /// the caller's duty).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&self.sequence.to_be_bytes());
        out.extend_from_slice(&self.list.bytes.to_be_bytes());
        put_name(&mut out, &self.list.name);
        out.extend_from_slice(&(self.deltas.len() as u16).to_be_bytes());
        for d in &self.deltas {
            out.extend_from_slice(&d.base_hash);
            out.extend_from_slice(&d.file.bytes.to_be_bytes());
            put_name(&mut out, &d.file.name);
        }
        out
    }

    /// The sequence of the state delta `i` follows.
    pub fn base_of(&self, i: usize) -> u64 {
        self.sequence - (self.deltas.len() - i) as u64
    }

    /// What a verifier holding `sequence` should download; `state` is its exact list's
    /// [`super::exact::Exact::state_hash`] (none for a JSON or compact list, which no
    /// delta follows). The deltas only when the chain reaches its state and they weigh
    /// less than the list.
    pub fn plan(&self, sequence: u64, state: Option<[u8; 32]>) -> Plan {
        if sequence >= self.sequence {
            return Plan::UpToDate;
        }
        let first = self.sequence - self.deltas.len() as u64;
        let reached = sequence
            .checked_sub(first)
            .map(|i| i as usize)
            .filter(|&i| state.is_some_and(|h| self.deltas[i].base_hash == h));
        match reached {
            Some(i) => {
                let weight: u64 = self.deltas[i..]
                    .iter()
                    .map(|d| u64::from(d.file.bytes))
                    .sum();
                if weight < u64::from(self.list.bytes) {
                    Plan::Deltas(i)
                } else {
                    Plan::Full
                }
            }
            None => Plan::Full,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> Index {
        Index {
            sequence: 10,
            list: File {
                name: "revocations.bin".into(),
                bytes: 100_000,
            },
            deltas: (0..3)
                .map(|i| IndexDelta {
                    base_hash: [7 + i as u8; 32],
                    file: File {
                        name: format!("revocations.delta.{}", 8 + i),
                        bytes: 13_089,
                    },
                })
                .collect(),
        }
    }

    #[test]
    fn plans_only_the_missing_deltas_when_the_chain_reaches() {
        let ix = index();
        assert_eq!(ix.base_of(0), 7);
        // A verifier at 7 in the state delta 8 follows takes all three; at 9, the last.
        assert_eq!(ix.plan(7, Some([7; 32])), Plan::Deltas(0));
        assert_eq!(ix.plan(9, Some([9; 32])), Plan::Deltas(2));
        // Another state at the same sequence, a JSON list, an older one, a gap: the list.
        assert_eq!(ix.plan(9, Some([1; 32])), Plan::Full);
        assert_eq!(ix.plan(9, None), Plan::Full);
        assert_eq!(ix.plan(6, Some([7; 32])), Plan::Full);
        assert_eq!(ix.plan(0, None), Plan::Full);
        // The latest, or later: nothing.
        assert_eq!(ix.plan(10, None), Plan::UpToDate);
        assert_eq!(ix.plan(u64::MAX, None), Plan::UpToDate);
        // Deltas that weigh as much as the list: the list.
        let mut heavy = ix.clone();
        heavy.list.bytes = 2 * 13_089 + 1;
        assert_eq!(heavy.plan(8, Some([8; 32])), Plan::Deltas(1));
        assert_eq!(heavy.plan(7, Some([7; 32])), Plan::Full);
        // No deltas at all.
        let bare = Index {
            deltas: vec![],
            ..ix
        };
        assert_eq!(bare.plan(9, Some([9; 32])), Plan::Full);
    }

    #[test]
    fn reads_strictly_and_back_byte_for_byte() {
        let ix = index();
        let bytes = ix.to_bytes();
        assert_eq!(Index::parse(&bytes).unwrap(), ix);
        for i in 0..bytes.len() {
            assert!(Index::parse(&bytes[..i]).is_err(), "cut at {i}");
            let mut b = bytes.clone();
            b[i] ^= 0x55;
            if let Ok(back) = Index::parse(&b) {
                assert_eq!(back.to_bytes(), b);
            }
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Index::parse(&longer).is_err());
        for name in [
            "",
            ".hidden",
            "../up",
            "a/b",
            "with space",
            &"x".repeat(101),
        ] {
            let mut ix = index();
            ix.list.name = name.into();
            assert_eq!(
                Index::parse(&ix.to_bytes()).unwrap_err().code(),
                "bad-compact",
                "{name:?}"
            );
        }
        let mut many = index();
        many.sequence = 2;
        assert!(Index::parse(&many.to_bytes()).is_err());
    }
}
