//! Trust data whose signatures were already checked, as bytes a verifier reads without a
//! JSON parser and without checking a signature.
//!
//! The page's verifier loads on every scan; the JSON parser and the root checks would
//! be a third of its download. So the bundled data is checked when the module is built
//! (`wasm/common/build.rs` runs [`TrustData::bundled`] natively and writes its snapshot),
//! and an update is checked by the module that parses JSON, which hands the verifier
//! the result as a snapshot. A snapshot is never published or signed: it carries data
//! from a check to a verifier within one build. It is still read strictly, every count
//! bounded by the bytes left and every key, order and demo rule checked again.
//!
//! Layout (integers big-endian; `text` is a `u32` length and UTF-8; `n×` a `u32` count):
//! [`MAGIC`], the two list signatures (64 bytes each), `n×` roots (name `text`, key 32
//! bytes), the trust list (sequence `u64`, issued and expires `u64` days, `n×` issuers
//! sorted by id: id, English name, Chinese name, country, accreditation `text`, `n×`
//! scheme `text`, demo `u8`, `n×` keys: number `u64`, key 32 bytes, signs from and until
//! `u64`, revoked-from flag `u8` and `u64` if 1), then the revocation list: `0` and
//! sequence, issued, `n×` entries sorted by issuer and certificate (issuer, cert `text`,
//! status `u8` 0 withdrawn 1 suspended, since `u64`, reason `text`); or `1` and the
//! compact or exact form's bytes (`u32` length), then the number of deltas applied to an
//! exact list (`u32`) and, if any, the list's sequence, issued and covered days (`u64`),
//! the last delta's hash (32 bytes) and `n×` changes (key `u64`, state `u8` 0 valid 1
//! withdrawn 2 suspended, since `u64`) sorted by key.

use core::fmt;
use std::sync::Arc;

use ed25519_dalek::VerifyingKey;

use super::{Signatures, TrustData};
use crate::date::Date;
use crate::list::{checked_key, ListError, Roots};
use crate::revocation::delta::{state_tag, tag_state};
use crate::revocation::{Entry, RevocationList, Status};
use crate::trust::{Demo, Issuer, IssuerKey, Names, TrustList};

/// The first bytes of a snapshot (version 1).
pub const MAGIC: &[u8] = b"certmark-trust-snapshot/1\n";

/// Why bytes are not a snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SnapshotError {
    /// Does not start with [`MAGIC`]: not a snapshot, or another version.
    Magic,
    /// Ends inside a field, or a count promises more than the bytes left.
    Truncated,
    /// Bytes left after the last field.
    Trailing,
    /// A field no trust data holds: text that is not UTF-8, a flag or tag that is not one
    /// of its values, issuers or entries out of order or repeated.
    Field {
        /// Which field.
        what: &'static str,
    },
    /// What a list's own rules refuse: a bad or weak key, a demo issuer in a build for
    /// real use, an empty issuer id, a broken compact list, no roots.
    List(ListError),
}

impl SnapshotError {
    /// Every error's code, in declaration order.
    pub const CODES: [&'static str; 5] = ["magic", "truncated", "trailing", "field", "list"];

    /// A short stable identifier of the error.
    pub fn code(&self) -> &'static str {
        match self {
            SnapshotError::Magic => "magic",
            SnapshotError::Truncated => "truncated",
            SnapshotError::Trailing => "trailing",
            SnapshotError::Field { .. } => "field",
            SnapshotError::List(_) => "list",
        }
    }
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnapshotError::Magic => f.write_str("not a trust data snapshot"),
            SnapshotError::Truncated => f.write_str("trust data snapshot cut short"),
            SnapshotError::Trailing => f.write_str("bytes after the trust data snapshot"),
            SnapshotError::Field { what } => write!(f, "trust data snapshot: bad {what}"),
            SnapshotError::List(e) => write!(f, "trust data snapshot: {e}"),
        }
    }
}

impl std::error::Error for SnapshotError {}

impl From<ListError> for SnapshotError {
    fn from(e: ListError) -> SnapshotError {
        SnapshotError::List(e)
    }
}

/// `data` as a snapshot.
pub fn write(data: &TrustData) -> Vec<u8> {
    let mut w = Writer(Vec::new());
    w.0.extend_from_slice(MAGIC);
    w.0.extend_from_slice(&data.signatures.trust_list);
    w.0.extend_from_slice(&data.signatures.revocations);
    let roots = data.roots.keys();
    w.count(roots.len());
    for (name, key) in roots {
        w.text(name);
        w.0.extend_from_slice(key.as_bytes());
    }
    let list = &data.list;
    w.u64s(&[list.sequence, list.issued.0, list.expires.0]);
    w.count(list.issuers().len());
    for i in list.issuers() {
        for t in [&i.id, &i.name.en, &i.name.zh, &i.country, &i.accreditation] {
            w.text(t);
        }
        w.count(i.schemes.len());
        for s in &i.schemes {
            w.text(s);
        }
        w.0.push(u8::from(i.demo));
        w.count(i.keys.len());
        for k in &i.keys {
            w.u64s(&[k.key]);
            w.0.extend_from_slice(k.public_key.as_bytes());
            w.u64s(&[k.signs_from.0, k.signs_until.0]);
            match k.revoked_from {
                Some(d) => {
                    w.0.push(1);
                    w.u64s(&[d.0]);
                }
                None => w.0.push(0),
            }
        }
    }
    let revocations = &data.revocations;
    if let Some(bytes) = revocations.binary() {
        w.0.push(1);
        w.count(bytes.len());
        w.0.extend_from_slice(&bytes);
        // What deltas brought, as applied: the verifier reads it without the delta code.
        match revocations.exact().map(|e| e.applied()) {
            Some((count, last, covered, changes)) if count > 0 => {
                w.count(count as usize);
                w.u64s(&[revocations.sequence, revocations.issued.0, covered.0]);
                w.0.extend_from_slice(&last);
                w.count(changes.len());
                for (key, state) in changes {
                    let (tag, since) = state_tag(*state);
                    w.u64s(&[*key]);
                    w.0.push(tag);
                    w.u64s(&[since]);
                }
            }
            _ => w.count(0),
        }
    } else {
        // Not compact, so the JSON form's entries.
        let entries = revocations.entries().unwrap_or_default();
        w.0.push(0);
        w.u64s(&[revocations.sequence, revocations.issued.0]);
        w.count(entries.len());
        for e in entries {
            w.text(&e.issuer);
            w.text(&e.cert);
            w.0.push(u8::from(e.status == Status::Suspended));
            w.u64s(&[e.since.0]);
            w.text(&e.reason);
        }
    }
    w.0
}

/// Reads a snapshot as trust data under the build's demo policy (`demo`), every key
/// checked as a list's keys are ([`crate::list::check_key`]).
///
/// # Errors
/// See [`SnapshotError`].
pub fn read(bytes: &[u8], demo: Demo) -> Result<TrustData, SnapshotError> {
    read_with(bytes, demo, true)
}

/// Reads a snapshot that is part of the program itself, written when it was built from
/// data checked then (`wasm/common/build.rs`): as [`read`], but each key is only decoded,
/// not checked for small order again. That check is a scalar multiplication a key,
/// about a millisecond each in a browser's first-tier wasm, on every page load.
///
/// # Errors
/// See [`SnapshotError`]; a key that is not a curve point is still refused.
pub fn read_built(bytes: &[u8], demo: Demo) -> Result<TrustData, SnapshotError> {
    read_with(bytes, demo, false)
}

fn read_with(bytes: &[u8], demo: Demo, check_keys: bool) -> Result<TrustData, SnapshotError> {
    let mut r = Reader {
        rest: bytes.strip_prefix(MAGIC).ok_or(SnapshotError::Magic)?,
        check_keys,
    };
    let signatures = Signatures {
        trust_list: r.array()?,
        revocations: r.array()?,
    };
    let mut roots = Vec::new();
    for _ in 0..r.count()? {
        let name = r.text()?;
        let key = r.key(&name, 0)?;
        roots.push((name, key));
    }
    if roots.is_empty() {
        return Err(ListError::NoRoots.into());
    }
    let [sequence, issued, expires] = [r.u64()?, r.u64()?, r.u64()?];
    let mut issuers: Vec<Arc<Issuer>> = Vec::new();
    for _ in 0..r.count()? {
        let issuer = r.issuer()?;
        if issuer.demo && demo == Demo::Refuse {
            return Err(ListError::DemoRefused { issuer: issuer.id }.into());
        }
        if issuers.last().is_some_and(|last| last.id >= issuer.id) {
            return Err(SnapshotError::Field {
                what: "issuer order",
            });
        }
        issuers.push(Arc::new(issuer));
    }
    let list = TrustList::from_sorted(sequence, Date(issued), Date(expires), issuers);
    let revocations = match r.byte()? {
        0 => {
            let (sequence, issued) = (r.u64()?, Date(r.u64()?));
            let mut entries: Vec<Entry> = Vec::new();
            for _ in 0..r.count()? {
                let entry = r.entry()?;
                if entries
                    .last()
                    .is_some_and(|e| (&e.issuer, &e.cert) >= (&entry.issuer, &entry.cert))
                {
                    return Err(SnapshotError::Field {
                        what: "entry order",
                    });
                }
                entries.push(entry);
            }
            RevocationList::from_sorted(sequence, issued, entries)
        }
        1 => {
            let len = r.count()?;
            let list = RevocationList::parse_compact(r.take(len)?)?;
            // A number of deltas, not of bytes: not bounded by the bytes left.
            match u32::from_be_bytes(r.array()?) {
                0 => list,
                count => {
                    let (sequence, issued, covered) = (r.u64()?, Date(r.u64()?), Date(r.u64()?));
                    let mut last = [0; 32];
                    last.copy_from_slice(r.take(32)?);
                    let n = r.count()?;
                    let mut changes: Vec<(u64, Option<(Status, Date)>)> = Vec::new();
                    for _ in 0..n {
                        let key = r.u64()?;
                        let state = tag_state(r.byte()?, r.u64()?).ok_or(SnapshotError::Field {
                            what: "delta state",
                        })?;
                        if changes.last().is_some_and(|c| c.0 >= key) {
                            return Err(SnapshotError::Field {
                                what: "delta order",
                            });
                        }
                        changes.push((key, state));
                    }
                    list.with_applied((sequence, issued), count, last, covered, changes)
                        .ok_or(SnapshotError::Field { what: "deltas" })?
                }
            }
        }
        _ => {
            return Err(SnapshotError::Field {
                what: "revocation form",
            })
        }
    };
    if !r.rest.is_empty() {
        return Err(SnapshotError::Trailing);
    }
    Ok(TrustData {
        roots: Arc::new(Roots::from_checked(roots)),
        list: Arc::new(list),
        revocations: Arc::new(revocations),
        demo,
        signatures,
    })
}

struct Writer(Vec<u8>);

impl Writer {
    fn count(&mut self, n: usize) {
        // Lists are bounded far below 4 GiB (trust::MAX_BYTES, revocation::MAX_BYTES).
        self.0.extend_from_slice(&(n as u32).to_be_bytes());
    }

    fn text(&mut self, s: &str) {
        self.count(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    fn u64s(&mut self, ns: &[u64]) {
        for n in ns {
            self.0.extend_from_slice(&n.to_be_bytes());
        }
    }
}

struct Reader<'a> {
    rest: &'a [u8],
    check_keys: bool,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], SnapshotError> {
        if n > self.rest.len() {
            return Err(SnapshotError::Truncated);
        }
        let (head, rest) = self.rest.split_at(n);
        self.rest = rest;
        Ok(head)
    }

    /// A key of `owner` (number `key`): checked, or only decoded (see [`read_built`]).
    fn key(&mut self, owner: &str, key: u64) -> Result<VerifyingKey, SnapshotError> {
        let bytes = self.array()?;
        if self.check_keys {
            return Ok(checked_key(&bytes, owner, key)?);
        }
        VerifyingKey::from_bytes(&bytes).map_err(|_| {
            SnapshotError::List(ListError::BadPublicKey {
                owner: owner.to_owned(),
                key,
            })
        })
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], SnapshotError> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn byte(&mut self) -> Result<u8, SnapshotError> {
        Ok(self.array::<1>()?[0])
    }

    fn flag(&mut self, what: &'static str) -> Result<bool, SnapshotError> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(SnapshotError::Field { what }),
        }
    }

    fn u64(&mut self) -> Result<u64, SnapshotError> {
        Ok(u64::from_be_bytes(self.array()?))
    }

    /// A count or length; every counted item takes at least a byte, so a count above
    /// the bytes left is a lie and nothing is allocated for it.
    fn count(&mut self) -> Result<usize, SnapshotError> {
        let n = u32::from_be_bytes(self.array()?) as usize;
        if n > self.rest.len() {
            return Err(SnapshotError::Truncated);
        }
        Ok(n)
    }

    fn text(&mut self) -> Result<String, SnapshotError> {
        let n = self.count()?;
        let bytes = self.take(n)?;
        core::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|_| SnapshotError::Field { what: "text" })
    }

    fn issuer(&mut self) -> Result<Issuer, SnapshotError> {
        let id = self.text()?;
        if id.is_empty() {
            return Err(ListError::EmptyIssuerId.into());
        }
        let name = Names {
            en: self.text()?,
            zh: self.text()?,
        };
        let (country, accreditation) = (self.text()?, self.text()?);
        let schemes = (0..self.count()?)
            .map(|_| self.text())
            .collect::<Result<_, _>>()?;
        let demo = self.flag("demo flag")?;
        let mut keys: Vec<IssuerKey> = Vec::new();
        for _ in 0..self.count()? {
            let key = self.u64()?;
            if keys.iter().any(|k| k.key == key) {
                return Err(ListError::DuplicateKey { issuer: id, key }.into());
            }
            let public_key = self.key(&id, key)?;
            let (signs_from, signs_until) = (Date(self.u64()?), Date(self.u64()?));
            let revoked_from = match self.flag("revoked-from flag")? {
                true => Some(Date(self.u64()?)),
                false => None,
            };
            keys.push(IssuerKey {
                key,
                public_key,
                signs_from,
                signs_until,
                revoked_from,
            });
        }
        Ok(Issuer {
            id,
            name,
            country,
            accreditation,
            schemes,
            demo,
            keys,
        })
    }

    fn entry(&mut self) -> Result<Entry, SnapshotError> {
        let (issuer, cert) = (self.text()?, self.text()?);
        let status = match self.flag("status")? {
            true => Status::Suspended,
            false => Status::Withdrawn,
        };
        Ok(Entry {
            issuer,
            cert,
            status,
            since: Date(self.u64()?),
            reason: self.text()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trust_data::BUNDLED_DEMO;

    fn bundled() -> TrustData {
        TrustData::bundled().unwrap()
    }

    /// Everything a verifier reads of trust data, to compare two values.
    fn seen(d: &TrustData) -> String {
        let roots: Vec<_> = d
            .roots
            .keys()
            .iter()
            .map(|(n, k)| (n, k.to_bytes()))
            .collect();
        format!(
            "{roots:?} {:?} {:?} {:?} {:?}",
            d.list, d.revocations, d.signatures, d.demo
        )
    }

    #[test]
    fn the_bundled_data_reads_back_whole() {
        let data = bundled();
        let snap = write(&data);
        let back = read(&snap, BUNDLED_DEMO).unwrap();
        assert_eq!(seen(&back), seen(&data));
        assert_eq!(write(&back), snap);
        assert!(data.revocations.entries().is_some_and(|e| !e.is_empty()));
    }

    #[test]
    fn a_compact_list_reads_back_whole() {
        let compact = bundled().revocations.to_compact().unwrap();
        // Signatures are not checked here: set the compact list in directly.
        let mut data = bundled();
        data.revocations = Arc::new(RevocationList::parse(&compact).unwrap());
        let back = read(&write(&data), BUNDLED_DEMO).unwrap();
        assert!(back.revocations.is_compact());
        assert_eq!(seen(&back), seen(&data));
        let e = bundled().revocations.entries().unwrap()[0].clone();
        assert_eq!(
            back.revocations
                .lookup(&e.issuer, &e.cert)
                .map(|x| x.status),
            Some(e.status)
        );
    }

    /// Every error, by its code, from a change to a real snapshot.
    #[test]
    fn every_error_by_its_code() {
        let data = bundled();
        let snap = write(&data);
        let code = |bytes: &[u8], demo| read(bytes, demo).err().map(|e| e.code());
        let mut wrong = snap.clone();
        wrong[3] ^= 1;
        assert_eq!(code(&wrong, BUNDLED_DEMO), Some("magic"));
        for cut in [MAGIC.len() + 10, snap.len() / 2, snap.len() - 1] {
            assert_eq!(
                code(&snap[..cut], BUNDLED_DEMO),
                Some("truncated"),
                "cut at {cut}"
            );
        }
        let mut long = snap.clone();
        long.push(0);
        assert_eq!(code(&long, BUNDLED_DEMO), Some("trailing"));
        // The first root's name is at MAGIC + 128 + 4 (count) + 4 (length).
        let name = MAGIC.len() + 128 + 8;
        let mut text = snap.clone();
        text[name] = 0xff;
        assert_eq!(
            read(&text, BUNDLED_DEMO).err(),
            Some(SnapshotError::Field { what: "text" })
        );
        // The revocation form tag: the byte before the JSON list's sequence.
        let tag = snap.len() - revocations_len(&data);
        let mut form = snap.clone();
        form[tag] = 7;
        assert_eq!(code(&form, BUNDLED_DEMO), Some("field"));
        assert!(data.is_demo());
        assert_eq!(
            read(&snap, Demo::Refuse).err().map(|e| e.code()),
            Some("list")
        );
        assert!(matches!(
            read(&snap, Demo::Refuse),
            Err(SnapshotError::List(ListError::DemoRefused { .. }))
        ));
        assert_eq!(SnapshotError::CODES.len(), 5);
    }

    /// The bytes the JSON revocation list takes at the end of `data`'s snapshot.
    fn revocations_len(data: &TrustData) -> usize {
        let entries = data.revocations.entries().unwrap();
        let each = |e: &Entry| 4 + e.issuer.len() + 4 + e.cert.len() + 1 + 8 + 4 + e.reason.len();
        1 + 8 + 8 + 4 + entries.iter().map(each).sum::<usize>()
    }

    #[test]
    fn a_bad_key_order_or_repeat_is_refused() {
        let data = bundled();
        // Issuers out of order: swap the first two.
        let mut swapped = data.clone();
        let mut issuers = data.list.issuers().to_vec();
        assert!(issuers.len() >= 2);
        issuers.swap(0, 1);
        swapped.list = Arc::new(TrustList::from_sorted(1, Date(0), Date(0), issuers));
        assert_eq!(
            read(&write(&swapped), BUNDLED_DEMO).err(),
            Some(SnapshotError::Field {
                what: "issuer order"
            })
        );
        // A weak root key.
        let snap = write(&data);
        let key = MAGIC.len() + 128 + 8 + data.roots.keys()[0].0.len();
        let mut weak = snap.clone();
        weak[key..key + 32].fill(0);
        assert!(matches!(
            read(&weak, BUNDLED_DEMO),
            Err(SnapshotError::List(ListError::WeakKey { .. }))
        ));
        // A snapshot built into the program had its keys checked when it was built; one
        // that is not even a point is still refused.
        assert!(read_built(&weak, BUNDLED_DEMO).is_ok());
        let not_a_point = (2u8..)
            .map(|y| {
                let mut b = [0; 32];
                b[0] = y;
                b
            })
            .find(|b| VerifyingKey::from_bytes(b).is_err())
            .unwrap();
        let mut off = snap.clone();
        off[key..key + 32].copy_from_slice(&not_a_point);
        assert!(matches!(
            read_built(&off, BUNDLED_DEMO),
            Err(SnapshotError::List(ListError::BadPublicKey { .. }))
        ));
        let data_back = read_built(&snap, BUNDLED_DEMO).unwrap();
        assert_eq!(seen(&data_back), seen(&data));
        // Entries out of order.
        let mut entries = data.revocations.entries().unwrap().to_vec();
        entries.push(entries[0].clone());
        let mut repeated = data.clone();
        repeated.revocations = Arc::new(RevocationList::from_sorted(1, Date(0), entries));
        assert_eq!(
            read(&write(&repeated), BUNDLED_DEMO).err(),
            Some(SnapshotError::Field {
                what: "entry order"
            })
        );
    }

    /// Any byte of a snapshot changed: an error or trust data, never a panic.
    #[test]
    fn every_single_byte_change_is_answered() {
        let snap = write(&bundled());
        for i in 0..snap.len() {
            for x in [1u8, 0x80, 0xff] {
                let mut b = snap.clone();
                b[i] ^= x;
                let _ = read(&b, BUNDLED_DEMO);
            }
        }
    }
}
