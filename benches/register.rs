//! A national register: 10,000,000 certificates of 20 issuers, 1,000,000 of them
//! withdrawn or suspended on days spread over ten years. The exact form's size beside
//! the compact form of the same 1,000,000 (the peer) and the information-theoretic
//! bound; its build time and peak memory from the register's CSV text; every one of the
//! 10,000,000 asked (exhaustive); the lookup time. Mozilla's clubcard (the `clubcard`
//! crate, CRLite's exact filter) over the same register is the peer for membership.
//!
//! `cargo bench --bench register [-- CERTIFICATES [LISTED]]`

use std::hint::black_box;
use std::time::Instant;

use certmark::revocation::delta::{file_hash, Change, Delta};
use certmark::revocation::exact::{certificate_key, Exact, Register};
use certmark::revocation::ribbon::mix;
use certmark::revocation::{compact, Entry, RevocationList, Status};
use certmark::Date;

fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// log2 of n choose k, by Stirling's series through lgamma sums.
fn log2_choose(n: f64, k: f64) -> f64 {
    let lf = |x: f64| {
        // ln x! for large x (Stirling with the 1/12x term).
        if x < 1.0 {
            0.0
        } else {
            x * x.ln() - x + 0.5 * (2.0 * std::f64::consts::PI * x).ln() + 1.0 / (12.0 * x)
        }
    };
    (lf(n) - lf(k) - lf(n - k)) / std::f64::consts::LN_2
}

/// A certificate as the clubcard builder takes it: its key, and whether it is listed.
struct Item {
    key: [u8; 8],
    listed: bool,
}

impl clubcard::AsQuery<4> for Item {
    fn as_query(&self, m: usize) -> clubcard::Equation<4> {
        let k = u64::from_be_bytes(self.key);
        let s = ((u128::from(mix(k)) * m as u128) >> 64) as usize;
        let mut a = [0u64; 4];
        for (i, a) in a.iter_mut().enumerate() {
            *a = mix(k ^ (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        }
        a[0] |= 1;
        clubcard::Equation::homogeneous(s, a)
    }
    fn block(&self) -> &[u8] {
        &[]
    }
    fn discriminant(&self) -> &[u8] {
        &self.key
    }
}

impl clubcard::Filterable<4> for Item {
    fn included(&self) -> bool {
        self.listed
    }
}

impl clubcard::Queryable<4> for Item {
    type UniverseMetadata = ();
    type PartitionMetadata = ();
    fn in_universe(&self, _: &()) -> bool {
        true
    }
}

/// Clubcard over the register: its filters' bytes, build time, and the certificates it
/// answers wrongly (every one asked).
fn clubcard_peer(keys: &[(u64, bool)]) -> (usize, f64, usize) {
    use clubcard::builder::{ApproximateRibbon, ClubcardBuilder, ExactRibbon};
    use clubcard::ApproximateSizeOf as _;
    let t = Instant::now();
    let item = |&(k, listed): &(u64, bool)| Item {
        key: k.to_be_bytes(),
        listed,
    };
    let mut builder = ClubcardBuilder::<4, Item>::new();
    let mut approx = builder.new_approx_builder(&[]);
    approx.set_universe_size(keys.len());
    for k in keys.iter().filter(|k| k.1) {
        approx.insert(item(k));
    }
    builder.collect_approx_ribbons(vec![ApproximateRibbon::from(approx)]);
    let mut exact = builder.new_exact_builder(&[]);
    for k in keys {
        exact.insert(item(k));
    }
    let exact = ExactRibbon::from(exact);
    builder.collect_exact_ribbons(vec![exact]);
    let card = builder.build::<Item>((), ());
    let built = t.elapsed().as_secs_f64();
    let wrong = keys
        .iter()
        .filter(|k| card.unchecked_contains(&item(k)) != k.1)
        .count();
    (card.approximate_size_of(), built, wrong)
}

struct Gen(u64);
impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let total = *args.first().unwrap_or(&10_000_000);
    let listed = *args.get(1).unwrap_or(&(total / 10));
    let as_of: Date = "2026-11-30".parse().expect("date");
    let span = 3652u64; // ten years of `since` days
    let issuers: Vec<String> = (0..20).map(|i| format!("CNCA-R-2002-{i:03}")).collect();

    // The register: certificates 0..total, a random `listed` of them withdrawn (9 in 10)
    // or suspended, each on a random day of the ten years before `as_of`.
    let mut g = Gen(0x9e37_79b9_7f4a_7c15);
    let mut states: Vec<Option<(Status, Date)>> = vec![None; total as usize];
    let mut n = 0;
    while n < listed {
        let i = (g.next() % total) as usize;
        if states[i].is_none() {
            let r = g.next();
            let status = if r % 10 == 0 {
                Status::Suspended
            } else {
                Status::Withdrawn
            };
            states[i] = Some((status, Date(as_of.0 - (r >> 8) % span)));
            n += 1;
        }
    }
    let cert = |i: usize| (issuers[i % 20].as_str(), format!("2016{:012}", i * 7 + 3));
    let mut text = String::with_capacity(total as usize * 40);
    text.push_str("issuer,cert,status,since\n");
    for (i, s) in states.iter().enumerate() {
        let (issuer, c) = cert(i);
        match s {
            None => text.push_str(&format!("{issuer},{c},valid,\n")),
            Some((Status::Withdrawn, d)) => text.push_str(&format!("{issuer},{c},withdrawn,{d}\n")),
            Some((Status::Suspended, d)) => text.push_str(&format!("{issuer},{c},suspended,{d}\n")),
        }
    }
    println!(
        "register: {total} certificates, {listed} withdrawn or suspended, CSV {:.1} MB",
        text.len() as f64 / 1e6
    );

    let t = Instant::now();
    let register = Register::read(&text).expect("register");
    let read = t.elapsed();
    let exact = register.build(as_of).expect("build");
    let built = t.elapsed();
    let bytes = exact.to_bytes(1, as_of);
    println!(
        "exact form: built in {:.1} s (CSV read and hashed {:.1} s), peak memory {:.0} MB (the CSV text {:.0} MB of it)",
        built.as_secs_f64(),
        read.as_secs_f64(),
        peak_mb(),
        text.len() as f64 / 1048576.0
    );
    drop(register);
    drop(text);

    let t = Instant::now();
    let (_, _, exact) = Exact::parse(&bytes).expect("parse");
    let parsed = t.elapsed();
    let t = Instant::now();
    let mut wrong = 0u64;
    for (i, s) in states.iter().enumerate() {
        let (issuer, c) = cert(i);
        wrong += u64::from(exact.lookup(issuer, &c) != *s);
    }
    let checked = t.elapsed();
    println!(
        "exhaustive: {wrong} of {total} answered wrongly ({:.1} s; {:.0} ns a lookup with its text made)",
        checked.as_secs_f64(),
        checked.as_nanos() as f64 / total as f64
    );
    assert_eq!(wrong, 0, "the exact form must answer every certificate");

    // Thirty daily deltas of 1,000 changes each (valid certificates suspended, suspended
    // ones lifted), applied in order to the list.
    let list = RevocationList::parse(&bytes).expect("list");
    let mut follows = (1u64, file_hash(&bytes));
    let mut deltas = Vec::new();
    for day in 0..30u64 {
        let mut changes: Vec<Change> = (0..1000)
            .map(|_| {
                let i = (g.next() % total) as usize;
                let (issuer, c) = cert(i);
                let state = match states[i] {
                    Some((Status::Withdrawn, d)) => Some((Status::Withdrawn, d)),
                    Some((Status::Suspended, _)) => None,
                    None => Some((Status::Suspended, Date(as_of.0 + day))),
                };
                Change {
                    key: certificate_key(issuer, &c),
                    state,
                    new: false,
                }
            })
            .collect();
        changes.sort_by_key(|c| c.key);
        changes.dedup_by_key(|c| c.key);
        // The state each makes: the bench publishes no whole list a day, so a stand-in.
        let makes = file_hash(&(follows.0 + 1).to_be_bytes());
        let d = Delta {
            base_sequence: follows.0,
            base_hash: follows.1,
            sequence: follows.0 + 1,
            hash: makes,
            issued: Date(as_of.0 + day),
            as_of: Date(as_of.0 + day),
            changes,
        }
        .to_bytes();
        follows = (follows.0 + 1, makes);
        deltas.push(d);
    }
    let t = Instant::now();
    let mut applied = list;
    for d in &deltas {
        applied = applied.with_delta(d).expect("delta");
    }
    println!(
        "deltas: 30 of 1,000 changes, {} bytes each (the first), applied in {:.1} ms natively (sequence {})",
        deltas[0].len(),
        t.elapsed().as_secs_f64() * 1e3,
        applied.sequence
    );
    drop(applied);

    // Lookup alone, over certificates in random order with their text made beforehand.
    let sample: Vec<(&str, String)> = (0..200_000)
        .map(|_| cert((g.next() % total) as usize))
        .collect();
    let t = Instant::now();
    let mut hits = 0;
    for _ in 0..5 {
        for (i, c) in &sample {
            hits += usize::from(exact.lookup(black_box(i), black_box(c)).is_some());
        }
    }
    black_box(hits);
    let per = t.elapsed().as_nanos() as f64 / (5.0 * sample.len() as f64);

    // The peer for membership: a clubcard over the same register.
    let keys: Vec<(u64, bool)> = states
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (issuer, c) = cert(i);
            (certificate_key(issuer, &c), s.is_some())
        })
        .collect();
    let (card_bytes, card_built, card_wrong) = clubcard_peer(&keys);
    drop(keys);
    let shape = exact.shape();
    // Filter and members: the part of the exact form that says which are listed.
    let ours = (shape[0].0 * shape[0].1 as usize + shape[1].0) / 8;
    println!(
        "membership: exact form's filter + members {:.3} MB, clubcard (W = 4, one block) {:.3} MB built in {:.1} s, {card_wrong} of {total} wrong",
        ours as f64 / 1e6,
        card_bytes as f64 / 1e6,
        card_built
    );

    // The peer: the compact form of the same listed certificates.
    let entries: Vec<Entry> = states
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            s.map(|(status, since)| {
                let (issuer, c) = cert(i);
                Entry {
                    issuer: issuer.into(),
                    cert: c,
                    status,
                    since,
                    reason: String::new(),
                }
            })
        })
        .collect();
    let compact = compact::write(1, as_of, &entries).expect("compact");
    let membership = log2_choose(total as f64, listed as f64) / 8.0;
    let with_days = membership + listed as f64 * ((2 * span) as f64).log2() / 8.0;
    println!(
        "size: exact {} bytes ({:.2} bits a listed certificate; ribbons rows×bits {:?}), compact {:.3} MB; bound {:.3} MB (membership {:.3} MB + status and day)",
        bytes.len(),
        bytes.len() as f64 * 8.0 / listed as f64,
        shape,
        compact.len() as f64 / 1e6,
        with_days / 1e6,
        membership / 1e6,
    );
    println!(
        "exact form: {:.0} % over the bound; parsed in {:.1} ms; lookup {per:.0} ns",
        (bytes.len() as f64 / with_days - 1.0) * 100.0,
        parsed.as_secs_f64() * 1e3
    );
}
