//! Signatures written out as bytes, so another thread (the stock page's helper workers)
//! can check them: behind the `hazmat` feature, since only workers and the fuzzer need it.

use ed25519_dalek::VerifyingKey;

use super::{verify_batch, Item};

/// Items written out for [`verify_packed`] elsewhere (the stock page's helper workers
/// share no memory with the worker that read the marks): the distinct keys once, then
/// for each item its key's place, its signature and its body.
///
/// ```
/// use certmark::signature::{pack, verify_batch, verify_packed, Item};
/// use ed25519_dalek::{Signer, SigningKey};
/// let issuer = SigningKey::from_bytes(&[7; 32]);
/// let body = b"a body".to_vec();
/// let signature = issuer.sign(&certmark::mark::signed_message(&body)).to_bytes();
/// let mut bad = signature;
/// bad[40] ^= 1;
/// let key = issuer.verifying_key();
/// let items = [
///     Item { key: &key, body: &body, signature: &signature },
///     Item { key: &key, body: &body, signature: &bad },
/// ];
/// assert_eq!(verify_packed(&pack(&items))?, verify_batch(&items));
/// assert_eq!(verify_batch(&items), [true, false]);
/// # Ok::<(), certmark::signature::PackError>(())
/// ```
pub fn pack(items: &[Item<'_>]) -> Vec<u8> {
    let mut keys: Vec<[u8; 32]> = Vec::new();
    let mut places = Vec::with_capacity(items.len());
    for item in items {
        let bytes = item.key.to_bytes();
        let place = match keys.iter().position(|k| *k == bytes) {
            Some(place) => place,
            None => {
                keys.push(bytes);
                keys.len() - 1
            }
        };
        places.push(place);
    }
    let size: usize = items.iter().map(|i| 72 + i.body.len()).sum();
    let mut out = Vec::with_capacity(8 + 32 * keys.len() + size);
    out.extend_from_slice(&len32(keys.len()));
    for key in &keys {
        out.extend_from_slice(key);
    }
    out.extend_from_slice(&len32(items.len()));
    for (item, place) in items.iter().zip(places) {
        out.extend_from_slice(&len32(place));
        out.extend_from_slice(item.signature);
        out.extend_from_slice(&len32(item.body.len()));
        out.extend_from_slice(item.body);
    }
    out
}

/// A length as 4 bytes, little-endian (lengths here are far below 2³²: a batch is at
/// most a file's marks of at most 4 KB each).
fn len32(n: usize) -> [u8; 4] {
    u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes()
}

/// Why packed items could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PackError {
    /// The bytes end inside a count, key, signature or body, or go on after the last item.
    Truncated,
    /// A key is not the encoding of a curve point.
    BadKey {
        /// Its place in the key table.
        place: usize,
    },
    /// An item names a key past the end of the key table.
    NoSuchKey {
        /// The item's place.
        item: usize,
    },
}

impl core::fmt::Display for PackError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            PackError::Truncated => f.write_str("packed items are cut short or run on"),
            PackError::BadKey { place } => write!(f, "packed key {place} is not a curve point"),
            PackError::NoSuchKey { item } => write!(f, "packed item {item} names no key"),
        }
    }
}

impl std::error::Error for PackError {}

/// Reads what [`pack`] wrote.
struct Unpacker<'a> {
    rest: &'a [u8],
}

impl<'a> Unpacker<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], PackError> {
        if self.rest.len() < n {
            return Err(PackError::Truncated);
        }
        let (head, rest) = self.rest.split_at(n);
        self.rest = rest;
        Ok(head)
    }

    fn len(&mut self) -> Result<usize, PackError> {
        let mut four = [0u8; 4];
        four.copy_from_slice(self.take(4)?);
        usize::try_from(u32::from_le_bytes(four)).map_err(|_| PackError::Truncated)
    }

    fn array<const N: usize>(&mut self) -> Result<&'a [u8; N], PackError> {
        self.take(N)?.try_into().map_err(|_| PackError::Truncated)
    }
}

/// [`verify_batch`] over items written by [`pack`]: the same answer for each.
///
/// # Errors
/// Bytes that [`pack`] did not write; see [`PackError`].
pub fn verify_packed(bytes: &[u8]) -> Result<Vec<bool>, PackError> {
    let mut r = Unpacker { rest: bytes };
    let key_count = r.len()?;
    // Each count is checked against the bytes left before anything is allocated for it.
    if key_count > r.rest.len() / 32 {
        return Err(PackError::Truncated);
    }
    let keys = (0..key_count)
        .map(|place| {
            VerifyingKey::from_bytes(r.array::<32>()?).map_err(|_| PackError::BadKey { place })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let count = r.len()?;
    if count > r.rest.len() / 72 {
        return Err(PackError::Truncated);
    }
    let mut items = Vec::with_capacity(count);
    for item in 0..count {
        let key = keys.get(r.len()?).ok_or(PackError::NoSuchKey { item })?;
        let signature = r.array::<64>()?;
        let len = r.len()?;
        let body = r.take(len)?;
        items.push(Item {
            key,
            body,
            signature,
        });
    }
    if !r.rest.is_empty() {
        return Err(PackError::Truncated);
    }
    Ok(verify_batch(&items))
}
