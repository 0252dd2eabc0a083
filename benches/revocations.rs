//! A million revocations: size, load time and lookup time of the compact form, beside
//! the JSON form and a `HashMap` (the peers), in one run.
//!
//! `cargo bench --bench revocations [-- COUNT]` (default 1,000,000)

#[path = "../tests/common/demo.rs"]
mod demo;

use std::collections::HashMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use certmark::list::sign_detached;
use certmark::revocation::{self, Entry, RevocationList, Status};
use certmark::{Date, TrustData};

/// Median wall time of `runs` calls.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut t: Vec<Duration> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed()
        })
        .collect();
    t.sort();
    t[runs / 2]
}

/// Nanoseconds per lookup over `keys`, repeated for about a second.
fn per_lookup(keys: &[(String, String)], mut f: impl FnMut(&str, &str) -> bool) -> f64 {
    let start = Instant::now();
    let mut n = 0usize;
    let mut hits = 0usize;
    while start.elapsed() < Duration::from_secs(1) {
        for (i, c) in keys {
            hits += usize::from(f(black_box(i), black_box(c)));
        }
        n += keys.len();
    }
    black_box(hits);
    start.elapsed().as_nanos() as f64 / n as f64
}

fn main() {
    let count: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let first: Date = "2020-01-01".parse().expect("date");
    let mut x = 0x9e37_79b9_7f4a_7c15_u64;
    let mut entries: Vec<Entry> = (0..count)
        .map(|n| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            Entry {
                issuer: ["DEMO-CQC", "DEMO-ISO", "DEMO-GREEN"][n % 3].into(),
                cert: format!("9{:015}", x % 1_000_000_000_000_000),
                status: if x % 4 == 0 {
                    Status::Suspended
                } else {
                    Status::Withdrawn
                },
                since: first.plus_days(x % 2400),
                reason: String::new(),
            }
        })
        .collect();
    entries.sort_by(|a, b| (&a.issuer, &a.cert).cmp(&(&b.issuer, &b.cert)));
    entries.dedup_by(|a, b| (&a.issuer, &a.cert) == (&b.issuer, &b.cert));
    let json = serde_json::to_vec(&serde_json::json!({
        "format": revocation::FORMAT, "sequence": 2, "issued": "2026-11-15", "entries": entries,
    }))
    .expect("json");
    let key = demo::demo_key("root");
    let json_sig = sign_detached(revocation::SIGNING_CONTEXT, &json, &key).expect("sign");
    let start = Instant::now();
    let compact = RevocationList::parse(&json)
        .expect("list")
        .to_compact()
        .expect("compact");
    let compact_time = start.elapsed();
    let compact_sig =
        sign_detached(revocation::compact::SIGNING_CONTEXT, &compact, &key).expect("sign");
    let trust = TrustData::bundled().expect("bundled trust data");

    println!(
        "{} revocations, native, one thread (the page runs the same code as wasm)\n",
        entries.len()
    );
    println!("| form | file bytes | bytes/entry | load: signature + parse (median of 5) |");
    println!("|---|---|---|---|");
    let load = |bytes: &[u8], sig: &str| {
        median(5, || {
            black_box(
                trust
                    .with_revocations(bytes, sig.as_bytes())
                    .expect("accepted"),
            );
        })
    };
    for (name, bytes, sig) in [
        ("compact", &compact, &compact_sig),
        ("JSON (peer)", &json, &json_sig),
    ] {
        println!(
            "| {name} | {} | {:.2} | {:.1} ms |",
            bytes.len(),
            bytes.len() as f64 / entries.len() as f64,
            load(bytes, sig).as_secs_f64() * 1e3,
        );
    }
    println!(
        "\nwriting the compact form from JSON (parse + fingerprint + sort): {:.0} ms\n",
        compact_time.as_secs_f64() * 1e3
    );

    let (with_compact, _) = trust
        .with_revocations(&compact, compact_sig.as_bytes())
        .expect("compact accepted");
    let (with_json, _) = trust
        .with_revocations(&json, json_sig.as_bytes())
        .expect("json accepted");
    let map: HashMap<(String, String), (Status, Date)> = entries
        .iter()
        .map(|e| ((e.issuer.clone(), e.cert.clone()), (e.status, e.since)))
        .collect();
    // Half listed, half not (another number range), shuffled by stride.
    let mut keys: Vec<(String, String)> = Vec::with_capacity(20_000);
    for n in 0..10_000 {
        let e = &entries[(n * 7919) % entries.len()];
        keys.push((e.issuer.clone(), e.cert.clone()));
        keys.push((e.issuer.clone(), format!("8{n:015}")));
    }
    let compact_list = with_compact.revocations();
    let json_list = with_json.revocations();
    for (i, c) in &keys {
        assert_eq!(
            compact_list.lookup(i, c).map(|e| (e.status, e.since)),
            map.get(&(i.clone(), c.clone())).copied()
        );
    }
    println!("| lookup (half listed, half not) | ns/lookup |");
    println!("|---|---|");
    println!(
        "| compact: fingerprint (SipHash) + bucket + binary search | {:.0} |",
        per_lookup(&keys, |i, c| compact_list.lookup(i, c).is_some())
    );
    println!(
        "| of which the fingerprint alone | {:.0} |",
        per_lookup(&keys, |i, c| black_box(revocation::compact::fingerprint(
            i, c
        ))[0]
            == 0)
    );
    println!(
        "| JSON list: binary search on (issuer, cert) (peer) | {:.0} |",
        per_lookup(&keys, |i, c| json_list.lookup(i, c).is_some())
    );
    let mut probe = (String::new(), String::new());
    println!(
        "| HashMap<(String, String), _> (peer) | {:.0} |",
        per_lookup(&keys, |i, c| {
            probe.0.clear();
            probe.0.push_str(i);
            probe.1.clear();
            probe.1.push_str(c);
            map.contains_key(&probe)
        })
    );
}
