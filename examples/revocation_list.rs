//! Writes a large signed revocation list for the demo root, in both forms: the bundled
//! demo entries, any certificates named on the command line (withdrawn since
//! 2026-11-01), and COUNT made-up entries. Used by the tests and the revocation benchmark.
//!
//! `cargo run --release --example revocation_list -- [--compact-only | --exact TOTAL] COUNT OUT_DIR [SEQUENCE] [ISSUER/CERT...]`
//! writes `OUT_DIR/revocations.json` (not with `--compact-only` or `--exact`) and
//! `OUT_DIR/revocations.bin`, each with its `.sig` (signed with `demo-keys/root.key`).
//! SEQUENCE defaults to 2 (the bundled list is 1). With `--exact TOTAL`, `revocations.bin`
//! is the exact form of a register of TOTAL certificates as of 2026-11-15: the listed
//! ones, `8` and 15 digits for the first 10,000 others (valid, issuer by number mod 3, as
//! the benchmark asks for them), `7` and 15 digits for the rest. `--exact TOTAL --deltas N`
//! also writes N daily deltas of 1,000 changes each after that list (`delta-S.bin`, S
//! its sequence: 1,000 of the `7` certificates withdrawn a day, each delta's state a
//! stand-in hash, no whole list published for it) and `index.bin`, which names them and
//! `revocations.bin`, all signed.

#[path = "../tests/common/demo.rs"]
mod demo;

use std::fs;
use std::path::Path;
use std::time::Instant;

use certmark::list::sign_detached;
use certmark::revocation::{self, compact, Entry, RevocationList, Status};
use certmark::{Date, TrustData};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut exact_total = None;
    if args.first().map(String::as_str) == Some("--exact") {
        exact_total = Some(
            args.get(1)
                .and_then(|t| t.parse::<usize>().ok())
                .expect("--exact TOTAL"),
        );
        args.drain(..2);
    }
    let mut deltas = 0;
    if args.first().map(String::as_str) == Some("--deltas") {
        deltas = args
            .get(1)
            .and_then(|t| t.parse::<u64>().ok())
            .expect("--deltas N");
        args.drain(..2);
    }
    let json_too =
        exact_total.is_none() && args.first().map(String::as_str) != Some("--compact-only");
    if args.first().map(String::as_str) == Some("--compact-only") {
        args.remove(0);
    }
    let usage = "usage: revocation_list COUNT OUT_DIR [SEQUENCE] [ISSUER/CERT...]";
    let count: usize = args.first().and_then(|c| c.parse().ok()).expect(usage);
    let out = Path::new(args.get(1).expect(usage));
    let sequence: u64 = args.get(2).map_or(2, |s| s.parse().expect(usage));
    let named = args.iter().skip(3);

    let bundled = TrustData::bundled().expect("bundled trust data");
    let mut entries: Vec<Entry> = bundled
        .revocations()
        .entries()
        .expect("the bundled list is JSON")
        .to_vec();
    let since: Date = "2026-11-01".parse().expect("date");
    for n in named {
        let (issuer, cert) = n.split_once('/').expect("ISSUER/CERT");
        entries.push(Entry {
            issuer: issuer.into(),
            cert: cert.into(),
            status: Status::Withdrawn,
            since,
            reason: "测试撤销 / Withdrawn for a test".into(),
        });
    }
    // Made-up certificates: numbers no demo mark uses, dates over six years.
    let issuers = ["DEMO-CQC", "DEMO-ISO", "DEMO-GREEN"];
    let first: Date = "2020-01-01".parse().expect("date");
    let mut x = 0x2545_f491_4f6c_dd1d_u64;
    for n in 0..count {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        entries.push(Entry {
            issuer: issuers[n % 3].into(),
            cert: format!("9{:015}", x % 1_000_000_000_000_000),
            status: if x % 4 == 0 {
                Status::Suspended
            } else {
                Status::Withdrawn
            },
            since: first.plus_days(x % 2400),
            reason: String::new(),
        });
    }
    entries.sort_by(|a, b| (&a.issuer, &a.cert).cmp(&(&b.issuer, &b.cert)));
    entries.dedup_by(|a, b| (&a.issuer, &a.cert) == (&b.issuer, &b.cert));

    // One entry per line: readable, and as an issuer's tool would write it.
    let mut text = String::new();
    if json_too {
        text.push_str(&format!(
            "{{\n  \"format\": {:?},\n  \"sequence\": {sequence},\n  \"issued\": \"2026-11-15\",\n",
            revocation::FORMAT
        ));
        text.push_str("  \"entries\": [\n");
        for (n, e) in entries.iter().enumerate() {
            let comma = if n + 1 < entries.len() { "," } else { "" };
            text.push_str(&format!(
                "    {}{comma}\n",
                serde_json::to_string(e).expect("entry")
            ));
        }
        text.push_str("  ]\n}\n");
    }

    let started = Instant::now();
    let issued = "2026-11-15".parse().expect("date");
    let compacted = if let Some(total) = exact_total {
        let mut csv = String::with_capacity(total * 36);
        csv.push_str("issuer,cert,status,since\n");
        for e in &entries {
            let status = serde_json::to_value(e.status).expect("status");
            csv.push_str(&format!(
                "{},{},{},{}\n",
                e.issuer,
                e.cert,
                status.as_str().expect("text"),
                e.since
            ));
        }
        for n in 0..total.saturating_sub(entries.len()) {
            let lead = if n < 10_000 { '8' } else { '7' };
            csv.push_str(&format!("{},{lead}{n:015},valid,\n", issuers[n % 3]));
        }
        let register = certmark::revocation::exact::Register::read(&csv).expect("register");
        register
            .build(issued)
            .expect("exact form")
            .to_bytes(sequence, issued)
    } else if json_too {
        let list = RevocationList::parse(text.as_bytes()).expect("a valid list");
        list.to_compact().expect("compact form")
    } else {
        compact::write(sequence, issued, &entries).expect("compact form")
    };
    let took = started.elapsed();

    fs::create_dir_all(out).expect("output directory");
    let key = demo::demo_key("root");
    let mut files = vec![("revocations.bin", compacted.as_slice())];
    if json_too {
        files.push(("revocations.json", text.as_bytes()));
    }
    let mut written: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|(name, bytes)| (name.to_owned(), bytes.to_vec()))
        .collect();
    if deltas > 0 {
        written.extend(daily_deltas(&compacted, exact_total.unwrap_or(0), deltas));
    }
    for (name, bytes) in &written {
        fs::write(out.join(name), bytes).expect("write list");
        let sig = sign_detached(revocation::signing_context(bytes), bytes, &key).expect("sign");
        fs::write(out.join(format!("{name}.sig")), sig).expect("write signature");
    }
    eprintln!(
        "{} entries: revocations.json {} bytes, revocations.bin {} bytes ({:.2} per entry; parse and compact {:.2?})",
        entries.len(),
        text.len(),
        compacted.len(),
        compacted.len() as f64 / entries.len() as f64,
        took,
    );
}

/// `count` daily deltas after the exact list `list` of a register of `total` certificates
/// (1,000 of its `7` certificates withdrawn a day), and the index naming them.
fn daily_deltas(list: &[u8], total: usize, count: u64) -> Vec<(String, Vec<u8>)> {
    use certmark::revocation::delta::{file_hash, Change, Delta};
    use certmark::revocation::exact::{certificate_key, Exact};
    use certmark::revocation::index::{File, Index, IndexDelta};
    let (sequence, issued, exact) = Exact::parse(list).expect("an exact list");
    let issuers = ["DEMO-CQC", "DEMO-ISO", "DEMO-GREEN"];
    let mut state = (sequence, file_hash(list));
    let mut out = Vec::new();
    let mut index = Vec::new();
    for day in 0..count {
        let mut changes: Vec<Change> = (0..1000)
            .map(|i| 10_000 + (day as usize * 1000 + i) % total.saturating_sub(20_000).max(1))
            .map(|n| Change {
                key: certificate_key(issuers[n % 3], &format!("7{n:015}")),
                state: Some((Status::Withdrawn, issued.plus_days(day + 1))),
                new: false,
            })
            .collect();
        changes.sort_by_key(|c| c.key);
        changes.dedup_by_key(|c| c.key);
        let makes = file_hash(format!("stand-in for list {}", state.0 + 1).as_bytes());
        let bytes = Delta {
            base_sequence: state.0,
            base_hash: state.1,
            sequence: state.0 + 1,
            hash: makes,
            issued: issued.plus_days(day + 1),
            as_of: exact.as_of().plus_days(day + 1),
            changes,
        }
        .to_bytes();
        let name = format!("delta-{}.bin", state.0 + 1);
        index.push(IndexDelta {
            base_hash: state.1,
            file: File {
                name: name.clone(),
                bytes: bytes.len() as u32,
            },
        });
        out.push((name, bytes));
        state = (state.0 + 1, makes);
    }
    let index = Index {
        sequence: state.0,
        list: File {
            name: "revocations.bin".into(),
            bytes: list.len() as u32,
        },
        deltas: index,
    };
    out.push(("index.bin".into(), index.to_bytes()));
    out
}
