//! The compact revocation list: a million entries in about 7 MB, found in well under a
//! microsecond, with nothing to parse.
//!
//! The JSON list costs about 90 bytes and a parse per entry, so a million entries would
//! be a 100 MB download and seconds of start-up. Here each entry is a 56-bit fingerprint
//! of its issuer and certificate number with its status and `since`: 7 bytes. Entries sit
//! in 65,536 buckets by the fingerprint's first 16 bits, sorted within each bucket, so a
//! lookup is one hash, one table read and a binary search of a few entries. Reasons are
//! left out. A certificate that is not listed matches an entry by chance with probability
//! `entries / 2^56` (1.4e-11 for a million).
//!
//! The fingerprint is SipHash-2-4 under a fixed, public key: a fast, well-specified hash
//! (SHA-512 took 440 ns of a 560 ns lookup). It need not resist a chosen-input attack:
//! the list is signed, so nobody can add entries, and a certificate number crafted to
//! match a listed one would only make its own mark look withdrawn.
//!
//! Layout (all integers big-endian; `docs/format.md` has the full text):
//!
//! ```text
//! magic     31 bytes  "certmark-revocations-compact/1\n"
//! sequence  u64       as in the JSON list
//! issued    u32       days since 1970-01-01
//! epoch     u32       days since 1970-01-01; each entry's since is counted from it
//! count     u32       number of entries
//! buckets   65,536 × u16: entries in each bucket, in bucket order (their sum is count)
//! entries   count × 7 bytes: fingerprint bytes 2..7, then u16 = status << 15 | (since - epoch)
//! ```

use super::{Entry, Status};
use crate::date::Date;
use crate::list::ListError;

/// The first bytes of every compact list (its `format`, and a newline).
pub const MAGIC: &[u8] = b"certmark-revocations-compact/1\n";
/// Domain separation for compact list signatures; a zero byte follows it.
pub const SIGNING_CONTEXT: &[u8] = b"certmark/revocations-compact/v1";
/// The SipHash key of entry fingerprints (public; two little-endian u64 words).
pub const FINGERPRINT_KEY: &[u8; 16] = b"certmark-revoc/1";

const BUCKETS: usize = 1 << 16;
const HEADER: usize = MAGIC.len() + 8 + 4 + 4 + 4;
const ENTRY: usize = 7;
/// Largest `since - epoch` (15 bits: about 89 years).
const SINCE_SPAN: u64 = 0x7fff;
const SUSPENDED: u16 = 0x8000;

/// The 56-bit fingerprint of a certificate: the high 7 bytes (big-endian) of
/// SipHash-2-4 under [`FINGERPRINT_KEY`] over the issuer id's length (u16, big-endian),
/// the issuer id and the certificate number.
pub fn fingerprint(issuer: &str, cert: &str) -> [u8; 7] {
    let mut fp = [0; 7];
    fp.copy_from_slice(&certificate_hash(FINGERPRINT_KEY, issuer, cert).to_be_bytes()[..7]);
    fp
}

/// SipHash-2-4 under `key` over the issuer id's length (u16, big-endian), the issuer id
/// and the certificate number: how both binary forms name a certificate.
pub(crate) fn certificate_hash(key: &[u8; 16], issuer: &str, cert: &str) -> u64 {
    let mut h = SipHash24::new(key);
    // Ids are at most 256 bytes in a mark; a longer one cannot match a mark anyway.
    let len = u16::try_from(issuer.len()).unwrap_or(u16::MAX);
    h.write(&len.to_be_bytes());
    h.write(issuer.as_bytes());
    h.write(cert.as_bytes());
    h.finish()
}

/// SipHash-2-4 (Aumasson and Bernstein, 2012), written out because the format fixes it:
/// a library's default hasher may change between versions.
struct SipHash24 {
    v: [u64; 4],
    tail: u64,
    ntail: usize,
    len: u64,
}

impl SipHash24 {
    fn new(key: &[u8; 16]) -> SipHash24 {
        let word = |b: &[u8]| b.iter().rev().fold(0u64, |acc, &x| acc << 8 | u64::from(x));
        let (k0, k1) = (word(&key[..8]), word(&key[8..]));
        SipHash24 {
            v: [
                k0 ^ 0x736f_6d65_7073_6575,
                k1 ^ 0x646f_7261_6e64_6f6d,
                k0 ^ 0x6c79_6765_6e65_7261,
                k1 ^ 0x7465_6462_7974_6573,
            ],
            tail: 0,
            ntail: 0,
            len: 0,
        }
    }

    // Inlined even in the page's size-optimised build: the lookup is mostly these.
    #[inline(always)]
    fn round(&mut self) {
        let v = &mut self.v;
        v[0] = v[0].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(13) ^ v[0];
        v[0] = v[0].rotate_left(32);
        v[2] = v[2].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(16) ^ v[2];
        v[0] = v[0].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(21) ^ v[0];
        v[2] = v[2].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(17) ^ v[2];
        v[2] = v[2].rotate_left(32);
    }

    #[inline(always)]
    fn block(&mut self, m: u64) {
        self.v[3] ^= m;
        self.round();
        self.round();
        self.v[0] ^= m;
    }

    fn write(&mut self, mut bytes: &[u8]) {
        self.len = self.len.wrapping_add(bytes.len() as u64);
        // Top up a pending partial word, then whole words straight from the input.
        while self.ntail > 0 && !bytes.is_empty() {
            self.push(bytes[0]);
            bytes = &bytes[1..];
        }
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut word = [0; 8];
            word.copy_from_slice(w);
            self.block(u64::from_le_bytes(word));
        }
        for &b in words.remainder() {
            self.push(b);
        }
    }

    #[inline(always)]
    fn push(&mut self, b: u8) {
        self.tail |= u64::from(b) << (8 * self.ntail);
        self.ntail += 1;
        if self.ntail == 8 {
            self.block(self.tail);
            self.tail = 0;
            self.ntail = 0;
        }
    }

    fn finish(mut self) -> u64 {
        self.block(self.tail | self.len << 56);
        self.v[2] ^= 0xff;
        for _ in 0..4 {
            self.round();
        }
        self.v[0] ^ self.v[1] ^ self.v[2] ^ self.v[3]
    }
}

/// Why a JSON list cannot be written in the compact form.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CompactError {
    /// The entries' `since` dates span more than 32,767 days.
    SinceSpan {
        /// The earliest `since`.
        first: Date,
        /// The latest `since`.
        last: Date,
    },
    /// Two certificates share a fingerprint (odds about `n² / 2^57`); the compact form
    /// could not tell them apart.
    Collision {
        /// One certificate, as `issuer/cert`.
        a: String,
        /// The other.
        b: String,
    },
    /// More entries than the format counts (u32), or than one bucket holds (u16).
    TooMany,
    /// The list is compact already; compact the JSON list it was made from.
    AlreadyCompact,
}

impl core::fmt::Display for CompactError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            CompactError::SinceSpan { first, last } => write!(
                f,
                "since dates {first} to {last} span more than {SINCE_SPAN} days"
            ),
            CompactError::Collision { a, b } => {
                write!(f, "{a} and {b} have the same 56-bit fingerprint")
            }
            CompactError::TooMany => write!(f, "too many entries for the compact form"),
            CompactError::AlreadyCompact => write!(f, "the list is compact already"),
        }
    }
}

impl std::error::Error for CompactError {}

/// Writes entries (unique by issuer and certificate, as a parsed list guarantees) as a
/// compact list.
///
/// # Errors
/// See [`CompactError`].
pub fn write(sequence: u64, issued: Date, entries: &[Entry]) -> Result<Vec<u8>, CompactError> {
    let count = u32::try_from(entries.len()).map_err(|_| CompactError::TooMany)?;
    let first = entries.iter().map(|e| e.since).min().unwrap_or(issued);
    let last = entries.iter().map(|e| e.since).max().unwrap_or(issued);
    if last.0 - first.0 > SINCE_SPAN {
        return Err(CompactError::SinceSpan { first, last });
    }
    let day = |d: Date| u32::try_from(d.0).map_err(|_| CompactError::TooMany);
    let mut rows: Vec<([u8; 7], u16, usize)> = entries
        .iter()
        .enumerate()
        .map(|(n, e)| {
            // The span check above keeps this within 15 bits.
            let offset = (e.since.0 - first.0) as u16;
            let status = match e.status {
                Status::Withdrawn => 0,
                Status::Suspended => SUSPENDED,
            };
            (fingerprint(&e.issuer, &e.cert), status | offset, n)
        })
        .collect();
    rows.sort_unstable_by_key(|r| r.0);
    if let Some(w) = rows.windows(2).find(|w| w[0].0 == w[1].0) {
        let name = |n: usize| format!("{}/{}", entries[n].issuer, entries[n].cert);
        return Err(CompactError::Collision {
            a: name(w[0].2),
            b: name(w[1].2),
        });
    }
    let mut buckets = vec![0u16; BUCKETS];
    for (fp, _, _) in &rows {
        let b = &mut buckets[usize::from(u16::from_be_bytes([fp[0], fp[1]]))];
        *b = b.checked_add(1).ok_or(CompactError::TooMany)?;
    }
    let mut out = Vec::with_capacity(HEADER + 2 * BUCKETS + ENTRY * rows.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&sequence.to_be_bytes());
    out.extend_from_slice(&day(issued)?.to_be_bytes());
    out.extend_from_slice(&day(first)?.to_be_bytes());
    out.extend_from_slice(&count.to_be_bytes());
    for b in buckets {
        out.extend_from_slice(&b.to_be_bytes());
    }
    for (fp, value, _) in rows {
        out.extend_from_slice(&fp[2..]);
        out.extend_from_slice(&value.to_be_bytes());
    }
    Ok(out)
}

/// A parsed compact list: its entry bytes and where each bucket starts.
#[derive(Clone, PartialEq, Eq)]
pub struct Compact {
    entries: Vec<u8>,
    /// `starts[b]..starts[b + 1]`: the entries of bucket `b`.
    starts: Vec<u32>,
    epoch: Date,
}

impl core::fmt::Debug for Compact {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Compact({} entries)", self.len())
    }
}

fn bad(problem: &'static str) -> ListError {
    ListError::BadCompact { problem }
}

/// Reads a big-endian unsigned integer of `N` bytes at `at` (the caller checked the length).
fn be<const N: usize>(bytes: &[u8], at: usize) -> u64 {
    bytes[at..at + N]
        .iter()
        .fold(0, |acc, &b| acc << 8 | u64::from(b))
}

impl Compact {
    /// Parses a compact list strictly: exact length, bucket counts that add up, entries
    /// strictly increasing within each bucket (so no duplicates). Returns the sequence,
    /// the issued date and the list.
    ///
    /// # Errors
    /// [`ListError::BadCompact`] naming the broken rule.
    pub fn parse(bytes: &[u8]) -> Result<(u64, Date, Compact), ListError> {
        if !bytes.starts_with(MAGIC) {
            return Err(bad("does not start with the compact list's magic"));
        }
        if bytes.len() < HEADER + 2 * BUCKETS {
            return Err(bad("shorter than its header and bucket table"));
        }
        let at = MAGIC.len();
        let sequence = be::<8>(bytes, at);
        let issued = Date(be::<4>(bytes, at + 8));
        let epoch = Date(be::<4>(bytes, at + 12));
        let count = be::<4>(bytes, at + 16);
        let table = &bytes[HEADER..HEADER + 2 * BUCKETS];
        let entries = &bytes[HEADER + 2 * BUCKETS..];
        if entries.len() as u64 != count * ENTRY as u64 {
            return Err(bad("length does not match the entry count"));
        }
        let mut starts = Vec::with_capacity(BUCKETS + 1);
        let mut sum = 0u64;
        starts.push(0);
        for n in 0..BUCKETS {
            sum += be::<2>(table, 2 * n);
            if sum > count {
                return Err(bad("bucket counts exceed the entry count"));
            }
            // count is a u32, so this is exact.
            starts.push(sum as u32);
        }
        if sum != count {
            return Err(bad("bucket counts do not add up to the entry count"));
        }
        for w in starts.windows(2) {
            let bucket = &entries[w[0] as usize * ENTRY..w[1] as usize * ENTRY];
            let mut rows = bucket.chunks_exact(ENTRY).map(|r| &r[..5]);
            if let Some(mut prev) = rows.next() {
                for row in rows {
                    if row <= prev {
                        return Err(bad("entries are not strictly increasing in a bucket"));
                    }
                    prev = row;
                }
            }
        }
        Ok((
            sequence,
            issued,
            Compact {
                entries: entries.to_vec(),
                starts,
                epoch,
            },
        ))
    }

    /// The bytes [`Compact::parse`] reads back as this list with `sequence` and `issued`.
    pub fn to_bytes(&self, sequence: u64, issued: Date) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER + 2 * BUCKETS + self.entries.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&sequence.to_be_bytes());
        // parse read both dates and the count from 4 bytes each, so they fit.
        for n in [issued.0, self.epoch.0, self.len() as u64] {
            out.extend_from_slice(&(n as u32).to_be_bytes());
        }
        for w in self.starts.windows(2) {
            // A bucket holds at most 65,535 entries: parse read its count from 2 bytes.
            out.extend_from_slice(&((w[1] - w[0]) as u16).to_be_bytes());
        }
        out.extend_from_slice(&self.entries);
        out
    }

    /// How many entries.
    pub fn len(&self) -> usize {
        self.entries.len() / ENTRY
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The status and `since` of a certificate whose fingerprint is listed.
    pub fn lookup(&self, issuer: &str, cert: &str) -> Option<(Status, Date)> {
        let fp = fingerprint(issuer, cert);
        let b = usize::from(u16::from_be_bytes([fp[0], fp[1]]));
        let (lo, hi) = (self.starts[b] as usize, self.starts[b + 1] as usize);
        let rows = &self.entries[lo * ENTRY..hi * ENTRY];
        let (mut lo, mut hi) = (0, hi - lo);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let row = &rows[mid * ENTRY..mid * ENTRY + ENTRY];
            match row[..5].cmp(&fp[2..]) {
                core::cmp::Ordering::Less => lo = mid + 1,
                core::cmp::Ordering::Greater => hi = mid,
                core::cmp::Ordering::Equal => {
                    let value = u16::from_be_bytes([row[5], row[6]]);
                    let status = if value & SUSPENDED != 0 {
                        Status::Suspended
                    } else {
                        Status::Withdrawn
                    };
                    let since = self.epoch.plus_days(u64::from(value & !SUSPENDED));
                    return Some((status, since));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(issuer: &str, cert: &str, status: Status, since: &str) -> Entry {
        Entry {
            issuer: issuer.into(),
            cert: cert.into(),
            status,
            since: since.parse().unwrap(),
            reason: "not kept".into(),
        }
    }

    fn sample() -> Vec<Entry> {
        let mut v: Vec<Entry> = (0..5000)
            .map(|n| {
                entry(
                    "CQC",
                    &format!("2024{n:012}"),
                    Status::Withdrawn,
                    "2025-01-01",
                )
            })
            .collect();
        v.push(entry("ISO", "Q-1", Status::Suspended, "2026-09-15"));
        v
    }

    #[test]
    fn round_trips_every_entry_and_misses_the_rest() {
        let issued = "2026-11-01".parse().unwrap();
        let bytes = write(9, issued, &sample()).unwrap();
        assert_eq!(bytes.len(), HEADER + 2 * BUCKETS + 7 * 5001);
        let (seq, iss, c) = Compact::parse(&bytes).unwrap();
        assert_eq!((seq, iss, c.len()), (9, issued, 5001));
        for e in sample() {
            assert_eq!(c.lookup(&e.issuer, &e.cert), Some((e.status, e.since)));
        }
        assert_eq!(c.lookup("CQC", "2024000000005000"), None);
        assert_eq!(c.lookup("ISO", "2024000000000001"), None);
        assert_eq!(c.lookup("", ""), None);
    }

    #[test]
    fn refuses_broken_files() {
        let issued = "2026-11-01".parse().unwrap();
        let good = write(1, issued, &sample()).unwrap();
        let code = |b: &[u8]| match Compact::parse(b) {
            Err(ListError::BadCompact { problem }) => problem,
            other => panic!("expected BadCompact, got {other:?}"),
        };
        assert!(code(&good[..good.len() - 1]).contains("length"));
        assert!(code(&[good.as_slice(), &[0]].concat()).contains("length"));
        assert!(code(&good[..100]).contains("shorter"));
        assert!(code(b"certmark-revocations-compact/2\n").contains("magic"));
        // One more in the first non-empty bucket: the counts no longer add up.
        let mut more = good.clone();
        let first = (0..BUCKETS)
            .find(|&n| be::<2>(&good[HEADER..], 2 * n) > 0)
            .unwrap();
        more[HEADER + 2 * first + 1] += 1;
        assert!(code(&more).contains("add up") || code(&more).contains("exceed"));
        // Two entries swapped within a bucket: not sorted.
        let bucket = (0..BUCKETS)
            .find(|&n| be::<2>(&good[HEADER..], 2 * n) >= 2)
            .unwrap();
        let start: u64 = (0..bucket).map(|n| be::<2>(&good[HEADER..], 2 * n)).sum();
        let at = HEADER + 2 * BUCKETS + 7 * start as usize;
        let mut swapped = good.clone();
        swapped[at..at + 14].rotate_left(7);
        assert!(code(&swapped).contains("increasing"));
        // A duplicate (the second copied over the first) is refused the same way.
        let mut dup = good;
        dup.copy_within(at..at + 7, at + 7);
        assert!(code(&dup).contains("increasing"));
    }

    #[test]
    fn refuses_what_it_cannot_write() {
        let issued = "2026-11-01".parse().unwrap();
        let wide = [
            entry("A", "1", Status::Withdrawn, "1980-01-01"),
            entry("A", "2", Status::Withdrawn, "2070-01-01"),
        ];
        assert!(matches!(
            write(1, issued, &wide),
            Err(CompactError::SinceSpan { .. })
        ));
        let twice = [
            entry("A", "1", Status::Withdrawn, "2026-01-01"),
            entry("A", "1", Status::Suspended, "2026-01-01"),
        ];
        assert!(matches!(
            write(1, issued, &twice),
            Err(CompactError::Collision { .. })
        ));
    }

    #[test]
    fn siphash_matches_the_papers_vector() {
        // SipHash paper, appendix A: key 00..0f, message 00..0e.
        let key: [u8; 16] = core::array::from_fn(|n| n as u8);
        let msg: Vec<u8> = (0..15).collect();
        for split in 0..=15 {
            let mut h = SipHash24::new(&key);
            h.write(&msg[..split]);
            h.write(&msg[split..]);
            assert_eq!(h.finish(), 0xa129_ca61_49be_45e5, "split at {split}");
        }
    }

    #[test]
    fn fingerprint_vector_in_the_format_doc() {
        let fp = fingerprint("DEMO-CQC", "2026010901234567");
        let hex: String = fp.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "ee7ca1ff126753");
    }

    #[test]
    fn fingerprints_keep_issuer_and_number_apart() {
        assert_ne!(fingerprint("AB", "C"), fingerprint("A", "BC"));
        assert_ne!(fingerprint("A", "1"), fingerprint("B", "1"));
    }
}
