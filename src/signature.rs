//! Ed25519 checks of mark signatures, one at a time or in batches, under one policy.
//!
//! Both paths must give the same answer for every signature, or a retailer's bulk
//! report could call a mark valid that the page calls forged. Ed25519 has two
//! verification equations, and only the *cofactored* one can be checked in batches
//! without disagreeing with the single check, so both use it
//! ("Taming the many EdDSAs", Chalkias, Garillot and Nikolaenko, 2020; ZIP 215):
//!
//! ```text
//! [8]·(R − ([S]·B − [k]·A)) = 0      k = SHA-512(R ‖ A ‖ message) mod ℓ
//! ```
//!
//! Refused before the equation, the same way in both paths:
//! - S not below ℓ (non-canonical S: would make one signature into several);
//! - an R that is not the canonical encoding of a curve point;
//! - an R of small order (with S = 0 it "signs" anything under a weak key).
//!
//! Keys come from the trust list, which already refuses small-order keys, keys with a
//! small-order component and non-canonical encodings ([`crate::trust`]). What the
//! cofactored equation accepts beyond the cofactorless one is only an R with a
//! small-order component added, which needs the issuer's secret key to make: never a
//! forgery, and always answered the same in both paths.
//!
//! A batch checks one random linear combination of its equations; if it fails, it is
//! split in halves until the failing signatures are named one by one, so a batch
//! answers for each signature exactly as [`verify`] does (but for a chance of 2⁻¹²⁸ or
//! less that a bad signature hides in a passing batch). The coefficients come from a
//! hash of every input, so nobody who shapes the inputs can predict them.

use curve25519_dalek::constants::ED25519_BASEPOINT_POINT;
use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{IsIdentity, VartimeMultiscalarMul};
use ed25519_dalek::VerifyingKey;
use sha2::{Digest, Sha512};

use crate::mark::SIGNING_CONTEXT;

/// The largest batch. Pippenger's multiscalar multiplication costs less per point the
/// more points it has (about 28 point additions each at 512, 19 at 4096).
const MAX_BATCH: usize = 4096;
/// The first batch, which tells how common failures are before a large batch is risked.
const FIRST_BATCH: usize = 256;
/// The smallest batch, when most signatures fail.
const MIN_BATCH: usize = 16;

/// One signature to check: a mark's body, its signature, the key that should have signed.
#[derive(Clone, Copy, Debug)]
pub struct Item<'a> {
    /// The issuer key from the trust list.
    pub key: &'a VerifyingKey,
    /// The mark's CBOR body (the signed message is the context string, 0x00, the body).
    pub body: &'a [u8],
    /// The 64-byte signature: R then S.
    pub signature: &'a [u8; 64],
}

/// An item after the checks that need no curve arithmetic on the key.
struct Prepared {
    r: EdwardsPoint,
    r_bytes: [u8; 32],
    s: Scalar,
    k: Scalar,
    a: EdwardsPoint,
    key: [u8; 32],
}

/// The y coordinates of the eight points of small order, little-endian: 1 (the
/// identity), p − 1 (order 2), 0 (order 4) and the two of order 8. Every encoding of a
/// small-order point carries one of these, with either sign bit.
const SMALL_ORDER_Y: [[u8; 32]; 5] = [
    le(0x01, 0x00, [0x00; 30]),
    le(0xec, 0x7f, [0xff; 30]),
    le(0x00, 0x00, [0x00; 30]),
    hex32(b"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
    hex32(b"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
];

/// 32 bytes: `first`, then `middle`, then `last`.
const fn le(first: u8, last: u8, middle: [u8; 30]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out[0] = first;
    let mut i = 0;
    while i < 30 {
        out[1 + i] = middle[i];
        i += 1;
    }
    out[31] = last;
    out
}

/// 32 bytes from 64 hex digits (lower case), at compile time.
const fn hex32(text: &[u8; 64]) -> [u8; 32] {
    const fn nibble(c: u8) -> u8 {
        if c >= b'a' {
            c - b'a' + 10
        } else {
            c - b'0'
        }
    }
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = nibble(text[2 * i]) << 4 | nibble(text[2 * i + 1]);
        i += 1;
    }
    out
}

/// Whether an R that decompressed is a point of small order, from its encoding: five
/// comparisons instead of three doublings (as libsodium does it). The batch path meets
/// one R per mark, so this is a tenth of the checks' cost (`cargo bench --bench throughput`).
fn small_order_encoding(bytes: &[u8; 32]) -> bool {
    let mut y = *bytes;
    y[31] &= 0x7f;
    SMALL_ORDER_Y.contains(&y)
}

/// Whether 32 bytes are the canonical encoding of a y coordinate (y < 2²⁵⁵ − 19).
fn canonical_y(bytes: &[u8; 32]) -> bool {
    let top = bytes[31] & 0x7f;
    !(top == 0x7f && bytes[1..31].iter().all(|&b| b == 0xff) && bytes[0] >= 0xed)
}

/// The policy's checks before the equation, and the hash `k` over `message` (its parts
/// in order: for a mark, the context string, 0x00 and the body).
fn prepare(key: &VerifyingKey, signature: &[u8; 64], message: &[&[u8]]) -> Option<Prepared> {
    // The trust list refuses weak keys already; three doublings make sure of it here.
    if key.is_weak() {
        return None;
    }
    prepare_for_strong_key(key, signature, message)
}

/// [`prepare`] for a key already known not to be weak (a batch checks each key once).
fn prepare_for_strong_key(
    key: &VerifyingKey,
    signature: &[u8; 64],
    message: &[&[u8]],
) -> Option<Prepared> {
    let (r_bytes, s_bytes) = signature.split_at(32);
    let r_bytes: [u8; 32] = r_bytes.try_into().ok()?;
    let s_bytes: [u8; 32] = s_bytes.try_into().ok()?;
    let s = Option::<Scalar>::from(Scalar::from_canonical_bytes(s_bytes))?;
    if !canonical_y(&r_bytes) {
        return None;
    }
    let r = CompressedEdwardsY(r_bytes).decompress()?;
    if small_order_encoding(&r_bytes) {
        return None;
    }
    let key_bytes = key.to_bytes();
    let mut h = Sha512::new();
    h.update(r_bytes);
    h.update(key_bytes);
    for part in message {
        h.update(part);
    }
    let k = Scalar::from_bytes_mod_order_wide(&h.finalize().into());
    Some(Prepared {
        r,
        r_bytes,
        s,
        k,
        a: key.to_edwards(),
        key: key_bytes,
    })
}

fn prepare_item(item: &Item<'_>) -> Option<Prepared> {
    prepare(
        item.key,
        item.signature,
        &[SIGNING_CONTEXT, &[0], item.body],
    )
}

/// Prepares every item, checking each distinct key for weakness once.
fn prepare_items(items: &[Item<'_>]) -> Vec<Option<Prepared>> {
    let mut keys: Vec<(&VerifyingKey, bool)> = Vec::new();
    items
        .iter()
        .map(|item| {
            let strong = match keys
                .iter()
                .find(|(k, _)| core::ptr::eq(*k, item.key) || *k == item.key)
            {
                Some(&(_, strong)) => strong,
                None => {
                    let strong = !item.key.is_weak();
                    keys.push((item.key, strong));
                    strong
                }
            };
            let message: [&[u8]; 3] = [SIGNING_CONTEXT, &[0], item.body];
            strong
                .then(|| prepare_for_strong_key(item.key, item.signature, &message))
                .flatten()
        })
        .collect()
}

fn equation_holds(p: &Prepared) -> bool {
    let expected = EdwardsPoint::vartime_double_scalar_mul_basepoint(&-p.k, &p.a, &p.s);
    (p.r - expected).mul_by_cofactor().is_identity()
}

/// Checks one mark signature under the policy above.
pub fn verify(item: &Item<'_>) -> bool {
    prepare_item(item).is_some_and(|p| equation_holds(&p))
}

/// The same policy over any message, as public Ed25519 test sets give them (marks use
/// [`verify`], which adds the context string). A key from outside a trust list should
/// first pass the list's key checks: this refuses only small-order keys.
pub fn verify_message(key: &VerifyingKey, message: &[u8], signature: &[u8; 64]) -> bool {
    prepare(key, signature, &[message]).is_some_and(|p| equation_holds(&p))
}

/// Checks many signatures; the answer for each is what [`verify`] says of it.
///
/// Every failing batch costs extra rounds to name its failures, so batches shrink while
/// failures are common (to about one failure in two batches: fewer instructions than one
/// per batch or more, measured with callgrind on a file with 2.3 % forged) and grow back
/// when they are not.
pub fn verify_batch(items: &[Item<'_>]) -> Vec<bool> {
    let prepared = prepare_items(items);
    let mut ok: Vec<bool> = prepared.iter().map(Option::is_some).collect();
    // The prepared items and where each stands in `items`.
    let (index, good): (Vec<usize>, Vec<&Prepared>) = prepared
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.as_ref().map(|p| (i, p)))
        .unzip();
    let (mut checked, mut failed, mut at) = (0usize, 0usize, 0usize);
    while at < good.len() {
        let size = match (checked, failed) {
            (0, _) => FIRST_BATCH,
            (_, 0) => MAX_BATCH,
            _ => (checked / (2 * failed)).clamp(MIN_BATCH, MAX_BATCH),
        };
        let part = &good[at..good.len().min(at + size)];
        let zs = coefficients(part);
        let mut passed = vec![true; part.len()];
        settle(part, &zs, combination(part, &zs), &mut passed);
        for (&i, pass) in index[at..].iter().zip(passed) {
            ok[i] = pass;
            failed += usize::from(!pass);
        }
        checked += part.len();
        at += part.len();
    }
    ok
}

#[cfg(feature = "hazmat")]
mod packed;
#[cfg(feature = "hazmat")]
pub use packed::{pack, verify_packed, PackError};

/// Marks in `passed` which signatures of `part` fail, given the combination `sum` of
/// `part`'s equations (with coefficients `zs`).
///
/// A failing batch is split in halves. Only the left half's combination is computed;
/// the right's is `sum` minus the left's, as the combination is linear. A single
/// signature's combination is `z·(R − [S]·B + [k]·A)` with `z` nonzero and below ℓ,
/// so its cofactored check is exactly [`verify`]'s equation.
fn settle(part: &[&Prepared], zs: &[Scalar], sum: EdwardsPoint, passed: &mut [bool]) {
    if sum.mul_by_cofactor().is_identity() {
        return;
    }
    if part.len() == 1 {
        passed[0] = false;
        return;
    }
    let half = part.len() / 2;
    let left = combination(&part[..half], &zs[..half]);
    let right = sum - left;
    let (pass_left, pass_right) = passed.split_at_mut(half);
    settle(&part[..half], &zs[..half], left, pass_left);
    settle(&part[half..], &zs[half..], right, pass_right);
}

/// `Σ z·(R − [S]·B + [k]·A)`, the terms of each key gathered into one (a batch is
/// mostly one or two issuer keys).
fn combination(items: &[&Prepared], zs: &[Scalar]) -> EdwardsPoint {
    let mut b = Scalar::ZERO;
    let mut keys: Vec<([u8; 32], EdwardsPoint, Scalar)> = Vec::new();
    for (p, z) in items.iter().zip(zs) {
        b -= z * p.s;
        let zk = z * p.k;
        match keys.iter_mut().find(|(bytes, _, _)| *bytes == p.key) {
            Some((_, _, sum)) => *sum += zk,
            None => keys.push((p.key, p.a, zk)),
        }
    }
    let scalars = zs
        .iter()
        .copied()
        .chain(keys.iter().map(|k| k.2))
        .chain([b]);
    let points = items
        .iter()
        .map(|p| p.r)
        .chain(keys.iter().map(|k| k.1))
        .chain([ED25519_BASEPOINT_POINT]);
    EdwardsPoint::vartime_multiscalar_mul(scalars, points)
}

/// 128-bit coefficients from a hash of every R, `k` (which covers key and message) and
/// S; never zero, so that a lone signature's combination fails exactly when it does.
fn coefficients(items: &[&Prepared]) -> Vec<Scalar> {
    let mut h = Sha512::new();
    h.update(b"certmark/batch/v1");
    for p in items {
        h.update(p.r_bytes);
        h.update(p.k.as_bytes());
        h.update(p.s.as_bytes());
    }
    let seed = h.finalize();
    let mut zs = Vec::with_capacity(items.len());
    let mut block = 0u64;
    while zs.len() < items.len() {
        let out = Sha512::new()
            .chain_update(seed)
            .chain_update(block.to_le_bytes())
            .finalize();
        for z in out.chunks_exact(16) {
            let mut wide = [0u8; 16];
            wide.copy_from_slice(z);
            zs.push(Scalar::from(u128::from_le_bytes(wide).max(1)));
        }
        block += 1;
    }
    zs.truncate(items.len());
    zs
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey};

    /// Signs by hand so tests can put torsion into R: `R = rB + extra`, `S = r + k·a (+ bump)`.
    fn sign_raw(
        a: Scalar,
        r: Scalar,
        extra: EdwardsPoint,
        body: &[u8],
    ) -> (VerifyingKey, [u8; 64]) {
        let pk = EdwardsPoint::mul_base(&a).compress().to_bytes();
        let key = VerifyingKey::from_bytes(&pk).unwrap();
        let r_point = EdwardsPoint::mul_base(&r) + extra;
        let r_bytes = r_point.compress().to_bytes();
        let mut h = Sha512::new();
        h.update(r_bytes);
        h.update(pk);
        h.update(SIGNING_CONTEXT);
        h.update([0]);
        h.update(body);
        let k = Scalar::from_bytes_mod_order_wide(&h.finalize().into());
        let s = r + k * a;
        let mut sig = [0u8; 64];
        sig[..32].copy_from_slice(&r_bytes);
        sig[32..].copy_from_slice(s.as_bytes());
        (key, sig)
    }

    fn honest(seed: u8, body: &[u8]) -> (VerifyingKey, [u8; 64]) {
        let sk = SigningKey::from_bytes(&[seed; 32]);
        let sig = sk.sign(&crate::mark::signed_message(body)).to_bytes();
        (sk.verifying_key(), sig)
    }

    fn order4() -> EdwardsPoint {
        CompressedEdwardsY([0; 32]).decompress().unwrap()
    }

    #[test]
    fn the_small_order_table_is_exactly_the_eight_torsion_points() {
        // The order-8 point from the table generates all eight.
        let p8 = CompressedEdwardsY(SMALL_ORDER_Y[3]).decompress().unwrap();
        let mut ys = std::collections::BTreeSet::new();
        let mut t = EdwardsPoint::default();
        for _ in 0..8 {
            assert!(t.is_small_order());
            let bytes = t.compress().to_bytes();
            assert!(small_order_encoding(&bytes));
            let mut y = bytes;
            y[31] &= 0x7f;
            ys.insert(y);
            t += p8;
        }
        assert!(t == EdwardsPoint::default(), "p8 has order 8");
        assert_eq!(ys, SMALL_ORDER_Y.into_iter().collect());
        // Every encoding in the table, with either sign bit, is small order or no point;
        // the other 2 × 5 encodings are the x = −0 spellings dalek also accepts.
        for y in SMALL_ORDER_Y {
            for sign in [0, 0x80] {
                let mut bytes = y;
                bytes[31] |= sign;
                if let Some(p) = CompressedEdwardsY(bytes).decompress() {
                    assert!(p.is_small_order());
                }
            }
        }
        // And random points are not flagged, decided the same as the doublings.
        for i in 1..200u64 {
            let p = EdwardsPoint::mul_base(&Scalar::from(i)) + order4();
            let bytes = p.compress().to_bytes();
            assert_eq!(small_order_encoding(&bytes), p.is_small_order());
        }
    }

    #[test]
    fn honest_signatures_pass_and_agree_with_ed25519_dalek() {
        let (key, sig) = honest(3, b"body");
        let item = Item {
            key: &key,
            body: b"body",
            signature: &sig,
        };
        assert!(verify(&item));
        assert_eq!(verify_batch(&[item]), [true]);
        let dalek = ed25519_dalek::Signature::from_bytes(&sig);
        assert!(key
            .verify_strict(&crate::mark::signed_message(b"body"), &dalek)
            .is_ok());
    }

    #[test]
    fn policy_refusals() {
        let body = b"the body";
        let (key, sig) = honest(5, body);
        let check = |sig: &[u8; 64]| {
            let item = Item {
                key: &key,
                body,
                signature: sig,
            };
            let single = verify(&item);
            assert_eq!(
                verify_batch(&[item; 6]),
                [single; 6],
                "batch and single differ"
            );
            single
        };
        assert!(check(&sig));
        // S + ℓ: the same equation, a non-canonical S.
        const L: [u8; 32] = [
            0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9,
            0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
        ];
        let mut bad = sig;
        let mut carry = 0u16;
        for i in 0..32 {
            let v = u16::from(sig[32 + i]) + u16::from(L[i]) + carry;
            bad[32 + i] = v as u8;
            carry = v >> 8;
        }
        assert!(!check(&bad), "non-canonical S accepted");
        // A small-order R (the identity and an order-4 point), S = 0.
        for r in [
            [1u8; 1]
                .iter()
                .chain([0u8; 31].iter())
                .copied()
                .collect::<Vec<_>>(),
            vec![0; 32],
        ] {
            let mut bad = [0u8; 64];
            bad[..32].copy_from_slice(&r);
            assert!(!check(&bad), "small-order R accepted");
        }
        // An R whose y is not below p (non-canonical encoding).
        let mut bad = sig;
        bad[..32].copy_from_slice(&[0xff; 32]);
        bad[31] = 0x7f;
        assert!(!canonical_y(bad[..32].try_into().unwrap()));
        assert!(!check(&bad));
        // Every single bit flip of signature and body.
        for i in 0..64 * 8 {
            let mut bad = sig;
            bad[i / 8] ^= 1 << (i % 8);
            assert!(!check(&bad), "bit {i} of the signature");
        }
        for i in 0..body.len() * 8 {
            let mut b = *body;
            b[i / 8] ^= 1 << (i % 8);
            let item = Item {
                key: &key,
                body: &b,
                signature: &sig,
            };
            assert!(!verify(&item));
            assert_eq!(verify_batch(&[item; 5]), [false; 5]);
        }
    }

    #[test]
    fn mixed_order_r_is_the_issuers_own_and_answered_alike() {
        // Only the key's holder can make this: R carries an order-4 component. The
        // cofactored equation accepts it, in both paths.
        let a = Scalar::from(123_456_789u64);
        let (key, sig) = sign_raw(a, Scalar::from(42u64), order4(), b"m");
        let item = Item {
            key: &key,
            body: b"m",
            signature: &sig,
        };
        assert!(verify(&item));
        assert_eq!(verify_batch(&[item; 9]), [true; 9]);
        // ed25519-dalek's cofactorless verify_strict refuses it: the documented difference.
        let dalek = ed25519_dalek::Signature::from_bytes(&sig);
        assert!(key
            .verify_strict(&crate::mark::signed_message(b"m"), &dalek)
            .is_err());
    }

    #[test]
    fn halves_with_torsion_and_all_bad_batches_agree_with_single_checks() {
        // Halves are settled by subtraction, so torsion left in one (a valid mixed-order
        // R) must not make its sibling look bad, nor a bad one look good.
        let a = Scalar::from(987_654_321u64);
        let bodies: Vec<Vec<u8>> = (0..300u32).map(|i| i.to_be_bytes().to_vec()).collect();
        let mut signed: Vec<(VerifyingKey, [u8; 64])> = bodies
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let extra = if i % 3 == 0 {
                    order4()
                } else {
                    EdwardsPoint::default()
                };
                sign_raw(a, Scalar::from(1000 + i as u64), extra, b)
            })
            .collect();
        for (i, s) in signed.iter_mut().enumerate() {
            if i % 7 == 1 || i % 11 == 0 {
                s.1[33] ^= 4;
            }
        }
        let single = batch_agrees(&bodies, &signed);
        assert!(single.iter().any(|&ok| ok) && single.iter().any(|&ok| !ok));
        // Every signature bad: each is named.
        for s in &mut signed {
            s.1[40] ^= 1;
        }
        batch_agrees(&bodies, &signed);
    }

    /// Checks the batch answer equals the single checks'; returns the single answers.
    fn batch_agrees(bodies: &[Vec<u8>], signed: &[(VerifyingKey, [u8; 64])]) -> Vec<bool> {
        let items: Vec<Item<'_>> = bodies
            .iter()
            .zip(signed)
            .map(|(b, (key, sig))| Item {
                key,
                body: b,
                signature: sig,
            })
            .collect();
        let single: Vec<bool> = items.iter().map(verify).collect();
        assert_eq!(verify_batch(&items), single);
        single
    }

    #[cfg(feature = "hazmat")]
    #[test]
    fn packed_items_answer_alike_and_bad_packing_is_refused() {
        let bodies: Vec<Vec<u8>> = (0..40u32).map(|i| i.to_le_bytes().repeat(9)).collect();
        let mut signed: Vec<(VerifyingKey, [u8; 64])> = bodies
            .iter()
            .enumerate()
            .map(|(i, b)| honest(1 + (i % 3) as u8, b))
            .collect();
        signed[5].1[40] ^= 1;
        signed[31].1[2] ^= 1;
        let items: Vec<Item<'_>> = bodies
            .iter()
            .zip(&signed)
            .map(|(b, (key, sig))| Item {
                key,
                body: b,
                signature: sig,
            })
            .collect();
        let packed = pack(&items);
        let want: Vec<bool> = items.iter().map(verify).collect();
        assert_eq!(verify_packed(&packed), Ok(want.clone()));
        assert_eq!(want.iter().filter(|ok| !**ok).count(), 2);
        assert_eq!(verify_packed(&pack(&[])), Ok(vec![]));
        // Every cut is refused, never read as fewer items.
        for end in 0..packed.len() {
            assert_eq!(
                verify_packed(&packed[..end]),
                Err(PackError::Truncated),
                "{end}"
            );
        }
        let mut longer = packed.clone();
        longer.push(0);
        assert_eq!(verify_packed(&longer), Err(PackError::Truncated));
        // Three keys; an item naming key 3 is refused, so is a key off the curve.
        let first_item = 4 + 3 * 32 + 4;
        let mut bad = packed.clone();
        bad[first_item] = 3;
        assert_eq!(verify_packed(&bad), Err(PackError::NoSuchKey { item: 0 }));
        let off_curve = (0u8..=255)
            .map(|b| [b; 32])
            .find(|k| CompressedEdwardsY(*k).decompress().is_none())
            .unwrap();
        let mut bad = packed.clone();
        bad[4 + 32..4 + 64].copy_from_slice(&off_curve);
        assert_eq!(verify_packed(&bad), Err(PackError::BadKey { place: 1 }));
        // Huge counts are refused before anything is allocated for them.
        assert_eq!(verify_packed(&[0xff; 8]), Err(PackError::Truncated));
    }

    #[test]
    fn a_failing_batch_names_exactly_the_bad_signatures() {
        let bodies: Vec<Vec<u8>> = (0..700u32).map(|i| i.to_le_bytes().repeat(20)).collect();
        let signed: Vec<(VerifyingKey, [u8; 64])> = bodies
            .iter()
            .enumerate()
            .map(|(i, b)| honest(1 + (i % 3) as u8, b))
            .collect();
        let mut sigs: Vec<[u8; 64]> = signed.iter().map(|s| s.1).collect();
        let bad = [0usize, 7, 8, 255, 256, 511, 512, 513, 699];
        for &i in &bad {
            sigs[i][40] ^= 0x10;
        }
        let items: Vec<Item<'_>> = (0..bodies.len())
            .map(|i| Item {
                key: &signed[i].0,
                body: &bodies[i],
                signature: &sigs[i],
            })
            .collect();
        let got = verify_batch(&items);
        let want: Vec<bool> = (0..items.len()).map(|i| !bad.contains(&i)).collect();
        assert_eq!(got, want);
        let single: Vec<bool> = items.iter().map(verify).collect();
        assert_eq!(single, want);
    }
}
