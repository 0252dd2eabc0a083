//! Native throughput of signing and verifying, one core, beside ed25519-dalek alone
//! (the floor: what the signature check costs without parsing, lookup or policy).
//!
//! `cargo bench --bench throughput`

use std::hint::black_box;
use std::time::{Duration, Instant};

use certmark::mark::signed_message;
use certmark::{verify, CheckDates, Claims, Date, Mark, SigningKey, TrustData};
use ed25519_dalek::{Signature, Signer, Verifier};

/// Runs `f` for about a second; returns operations per second.
fn rate(mut f: impl FnMut()) -> f64 {
    for _ in 0..200 {
        f();
    }
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < Duration::from_secs(1) {
        for _ in 0..100 {
            f();
        }
        n += 100;
    }
    n as f64 / start.elapsed().as_secs_f64()
}

fn row(name: &str, ops: f64) {
    println!("| {name:<52} | {ops:>10.0} | {:>8.2} |", 1e6 / ops);
}

fn main() {
    let trust = TrustData::bundled().expect("bundled trust data");
    let when = CheckDates::today(Date::from_ymd(2026, 11, 21).expect("date"));
    let text = include_str!("../demo/valid-ccc.mark").trim();
    let link = include_str!("../demo/valid-ccc.link").trim();
    assert_eq!(verify(text, &trust, when).verdict.code(), "valid");
    let mark = Mark::parse(text).expect("demo mark");
    let key = SigningKey::from_bytes(&[7; 32]);
    let claims: Claims = mark.unverified_claims().clone();
    let vk = trust
        .list()
        .issuer(mark.issuer())
        .and_then(|i| i.key(mark.key()))
        .expect("key")
        .public_key;
    let message = signed_message(mark.body());
    let sig = Signature::from_bytes(&mark.signature());

    println!(
        "certmark throughput, one thread ({} byte demo mark)\n",
        mark.bytes().len()
    );
    println!("| operation                                            |   ops/s    | µs/op    |");
    println!("|------------------------------------------------------|------------|----------|");
    row(
        "certmark verify, text form (decode+parse+policy)",
        rate(|| {
            black_box(verify(black_box(text), &trust, when));
        }),
    );
    row(
        "certmark verify, link with QR digits form",
        rate(|| {
            black_box(verify(black_box(link), &trust, when));
        }),
    );
    row(
        "certmark parse only (no signature check)",
        rate(|| {
            black_box(Mark::parse(black_box(text)).ok());
        }),
    );
    row(
        "peer: ed25519-dalek verify_strict alone",
        rate(|| {
            black_box(vk.verify_strict(black_box(&message), &sig).is_ok());
        }),
    );
    row(
        "peer: ed25519-dalek verify (lenient) alone",
        rate(|| {
            black_box(vk.verify(black_box(&message), &sig).is_ok());
        }),
    );
    // Batches: 4096 distinct marks of one issuer key, as in a supplier's file.
    let issuer = SigningKey::from_bytes(&[9; 32]);
    let many: Vec<Mark> = (0..4096u32)
        .map(|i| {
            let c = Claims {
                serial: Some(format!("SN-{i:08}")),
                ..claims.clone()
            };
            Mark::sign(&c, &issuer).expect("sign")
        })
        .collect();
    let bodies: Vec<Vec<u8>> = many.iter().map(|m| signed_message(m.body())).collect();
    let sigs: Vec<Signature> = many
        .iter()
        .map(|m| Signature::from_bytes(&m.signature()))
        .collect();
    let sig_bytes: Vec<[u8; 64]> = many.iter().map(|m| m.signature()).collect();
    let ivk = issuer.verifying_key();
    let items: Vec<certmark::signature::Item<'_>> = many
        .iter()
        .zip(&sig_bytes)
        .map(|(m, s)| certmark::signature::Item {
            key: &ivk,
            body: m.body(),
            signature: s,
        })
        .collect();
    let batch_rate = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        let mut n = 0;
        while start.elapsed() < Duration::from_secs(2) {
            f();
            n += 4096;
        }
        n as f64 / start.elapsed().as_secs_f64()
    };
    row(
        "certmark signature::verify_batch, 4096 marks",
        batch_rate(&mut || {
            black_box(certmark::signature::verify_batch(black_box(&items)));
        }),
    );
    let refs: Vec<&[u8]> = bodies.iter().map(Vec::as_slice).collect();
    let keys = vec![ivk; 4096];
    row(
        "peer: ed25519-dalek verify_batch, 4096 (no policy)",
        batch_rate(&mut || {
            black_box(ed25519_dalek::verify_batch(black_box(&refs), &sigs, &keys).is_ok());
        }),
    );
    row(
        "certmark signature::verify one by one, 4096 marks",
        batch_rate(&mut || {
            for item in &items {
                black_box(certmark::signature::verify(black_box(item)));
            }
        }),
    );
    // The cost of refusing R with a small-order component (see signature.rs): a
    // multiplication by ℓ for every signature, which no batch can share.
    let r = curve25519_dalek::edwards::CompressedEdwardsY(
        sig_bytes[0][..32].try_into().expect("32 bytes"),
    )
    .decompress()
    .expect("R");
    row(
        "not done: R torsion check alone (is_torsion_free)",
        rate(|| {
            black_box(black_box(r).is_torsion_free());
        }),
    );
    row(
        "certmark sign (encode+sign+reparse)",
        rate(|| {
            black_box(Mark::sign(black_box(&claims), &key).ok());
        }),
    );
    row(
        "certmark sign + QR digits form",
        rate(|| {
            black_box(
                Mark::sign(black_box(&claims), &key)
                    .map(|m| m.to_digits())
                    .ok(),
            );
        }),
    );
    row(
        "peer: ed25519-dalek sign alone",
        rate(|| {
            black_box(key.sign(black_box(&message)));
        }),
    );
}
