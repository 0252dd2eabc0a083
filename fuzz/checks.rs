//! What each fuzz target checks, shared with `tests/fuzz_regressions.rs`, which replays
//! the seeds and every input a fuzzer ever found through the same code.
//!
//! Beyond "no panic, no hang", each check asserts what must hold for every input: one
//! spelling per mark, the batch path agreeing with the single one, lists that survive
//! their own round trip, CSV cells that read back as written and exports with no
//! formula in them.

use std::sync::OnceLock;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use certmark::display;
use certmark::list::Roots;
use certmark::mark::{self, Mark, MarkError};
use certmark::revocation::exact::{self, Exact, Register};
use certmark::revocation::{self, compact, RevocationList};
use certmark::signature;
use certmark::stock::{self, Positions, Report};
use certmark::trust::TrustList;
use certmark::trust_data::snapshot;
use certmark::verify::{verify_all, verify_bytes, Staged, TrustVersion};
use certmark::{verify, CheckDates, Date, Demo, SigningKey, TrustData, Verdict};
use ed25519_dalek::Signer as _;

fn trust() -> &'static TrustData {
    static TRUST: OnceLock<TrustData> = OnceLock::new();
    TRUST.get_or_init(|| TrustData::bundled().expect("the bundled trust data loads"))
}

fn when(offset: u16) -> CheckDates {
    // From 2024-06-01, about 180 years of check dates.
    let start = Date::from_ymd(2024, 6, 1).expect("a date");
    CheckDates::today(start.plus_days(u64::from(offset)))
}

/// The demo issuers' secret keys and the forger's, so fuzzed bodies can be signed and
/// reach the checks after the signature.
fn keys() -> &'static [SigningKey] {
    static KEYS: OnceLock<Vec<SigningKey>> = OnceLock::new();
    KEYS.get_or_init(|| {
        [
            include_str!("../demo-keys/demo-cqc-1.key"),
            include_str!("../demo-keys/demo-cqc-2.key"),
            include_str!("../demo-keys/demo-green-1.key"),
            include_str!("../demo-keys/demo-green-2.key"),
            include_str!("../demo-keys/demo-iso-1.key"),
            include_str!("../demo-keys/forger.key"),
        ]
        .iter()
        .map(|file| {
            let json: serde_json::Value = serde_json::from_str(file).expect("key file");
            let b64 = json["secret_key"].as_str().expect("secret_key");
            let bytes: [u8; 32] = STANDARD
                .decode(b64)
                .expect("base64")
                .try_into()
                .expect("32");
            SigningKey::from_bytes(&bytes)
        })
        .collect()
    })
}

/// Mark strings: the verdict matches the parse, and a readable mark has exactly one
/// spelling in each form (the decoder never repairs); any string is classified as a
/// code without a panic, its light JSON equal to serde's.
pub fn mark_string(data: &[u8]) {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let decoded = mark::decode_string(input);
    let outcome = verify(input, trust(), when(900));
    // What a non-mark code is: never a panic, and the light JSON is serde's.
    let code = certmark::code::classify(input);
    assert_eq!(Some(code.to_json()), serde_json::to_string(&code).ok());
    match decoded.clone().and_then(|b| Mark::from_bytes(&b)) {
        Err(MarkError::NotAMark) => assert_eq!(outcome.verdict, Verdict::NotAMark),
        Err(MarkError::Unsupported { .. }) => assert_eq!(outcome.verdict, Verdict::Unsupported),
        Err(_) => assert_eq!(outcome.verdict, Verdict::Malformed),
        Ok(m) => {
            assert!(outcome.verdict.is_readable());
            assert_ne!(outcome.verdict, Verdict::Malformed);
            let back = |s: String| mark::decode_string(&s).expect("own encoding decodes");
            assert_eq!(back(m.to_text()), m.bytes());
            assert_eq!(back(m.to_digits()), m.bytes());
        }
    }
    if let Ok(bytes) = decoded {
        let s = input.trim_matches(|c: char| c.is_ascii_whitespace());
        let s = s.find('#').map_or(s, |i| &s[i + 1..]);
        let spelled = if s.starts_with(mark::TEXT_PREFIX) {
            mark::encode_text(&bytes)
        } else {
            mark::encode_digits(&bytes)
        };
        assert_eq!(
            s, spelled,
            "a second spelling of the same bytes was accepted"
        );
    }
}

/// Mark bytes through verification: the first byte picks a demo key that signs the rest
/// (so key windows, schemes, revocations and dates are reached) or, with its top bit,
/// takes the rest as a whole mark; the next two pick the check date. All three ways in
/// (bytes, text form, QR form) and the batch path give one outcome.
pub fn mark_bytes(data: &[u8]) {
    let [mode, d0, d1, rest @ ..] = data else {
        return;
    };
    let when = when(u16::from_be_bytes([*d0, *d1]));
    let bytes = if mode & 0x80 != 0 {
        rest.to_vec()
    } else {
        let key = &keys()[usize::from(*mode) % keys().len()];
        let signature = key.sign(&mark::signed_message(rest));
        [rest, &signature.to_bytes()].concat()
    };
    let outcome = verify_bytes(&bytes, trust(), when);
    if bytes.len() <= mark::MAX_MARK {
        let text = mark::encode_text(&bytes);
        let digits = mark::encode_digits(&bytes);
        assert_eq!(verify(&text, trust(), when), outcome);
        assert_eq!(verify(&digits, trust(), when), outcome);
        let batch = verify_all(&[text.as_str(), digits.as_str()], trust(), when);
        assert_eq!(
            batch,
            [outcome.clone(), outcome.clone()],
            "batch and single disagree"
        );
        // The stock page's way: signatures packed for a helper worker, checked there.
        let staged = Staged::new(&[text.as_str(), digits.as_str()], trust(), when);
        let answers = signature::verify_packed(&signature::pack(&staged.items()))
            .expect("own packing reads back");
        let helped: Vec<_> = staged
            .finish(&answers, trust(), when)
            .into_iter()
            .map(|(o, _)| o)
            .collect();
        assert_eq!(helped, batch, "packed and batch disagree");
    }
    if outcome.verdict == Verdict::Valid {
        let claims = outcome.claims.as_ref().expect("a valid mark has claims");
        assert_eq!(
            Mark::from_bytes(&bytes)
                .expect("parses")
                .unverified_claims(),
            claims
        );
        assert!(outcome.issuer.is_some());
    }
    assert_eq!(outcome.trust_data, TrustVersion::of(trust()));
}

/// Roots, trust lists, revocation lists (JSON and compact), trust data snapshots and
/// packed signatures: the first byte picks the parser. A revocation list that parses
/// survives the compact round trip; a snapshot that reads writes back as the same bytes;
/// packed signatures that read give one answer each.
pub fn lists(data: &[u8]) {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    if which % 7 == 6 {
        for demo in [Demo::Allow, Demo::Refuse] {
            let checked = snapshot::read(bytes, demo);
            let built = snapshot::read_built(bytes, demo);
            // Checking keys only ever refuses more.
            assert!(built.is_ok() || checked.is_err());
            if let Ok(data) = built {
                assert_eq!(
                    snapshot::write(&data),
                    bytes,
                    "a snapshot writes back as read"
                );
            }
        }
        return;
    }
    if which % 5 == 4 {
        if let Ok(answers) = signature::verify_packed(bytes) {
            let count = bytes
                .get(..4)
                .and_then(|head| <[u8; 4]>::try_from(head).ok())
                .map(u32::from_le_bytes)
                .and_then(|keys| usize::try_from(keys).ok())
                .and_then(|keys| bytes.get(4 + 32 * keys..8 + 32 * keys))
                .and_then(|n| <[u8; 4]>::try_from(n).ok())
                .map(u32::from_le_bytes);
            assert_eq!(Some(answers.len() as u32), count);
        }
        return;
    }
    match which % 4 {
        0 => {
            let _ = Roots::parse(bytes);
        }
        1 => {
            let allowed = TrustList::parse(bytes, Demo::Allow);
            let refused = TrustList::parse(bytes, Demo::Refuse);
            // Refusing demo issuers only ever refuses more.
            assert!(allowed.is_ok() || refused.is_err());
        }
        2 => {
            let _ = compact::Compact::parse(bytes);
            let _ = RevocationList::parse(bytes);
        }
        _ => {
            let Ok(list) = RevocationList::parse(bytes) else {
                return;
            };
            let Some(entries) = list.entries() else {
                return;
            };
            if let Ok(packed) = list.to_compact() {
                let again = RevocationList::parse(&packed).expect("own compact list parses");
                assert_eq!(again.len(), list.len());
                for e in entries {
                    let found = again.lookup(&e.issuer, &e.cert).expect("entry kept");
                    assert_eq!((found.status, found.since), (e.status, e.since));
                }
            }
        }
    }
}

/// The marks file reader and the CSV reader: the first byte picks the column (none, or
/// "mark"). Every record written back by the writer reads as the same cells as shown
/// (hidden characters written out, a risky one with its leading `'`), and a report's CSV
/// export holds no formula and no hidden character.
pub fn csv(data: &[u8]) {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    let column = (which & 1 == 1).then_some("mark");
    let file = stock::read_marks(bytes, column);
    if let Ok(text) = certmark::csv::text(bytes) {
        let separator = certmark::csv::sniff_separator(text);
        if let Ok(records) = certmark::csv::read(text, separator) {
            for r in records.iter().take(64) {
                let mut out = String::new();
                certmark::csv::write_row(&mut out, r.fields.iter().map(|f| &**f));
                let again = certmark::csv::read(&out, b',').expect("own CSV reads");
                assert_eq!(again.len(), 1, "one row written, one read: {out:?}");
                assert_eq!(again[0].fields.len(), r.fields.len());
                for (a, b) in again[0].fields.iter().zip(&r.fields) {
                    let shown = display::visible(b);
                    assert!(
                        a == &shown || a.strip_prefix('\'') == Some(&*shown),
                        "{a:?} for {b:?}"
                    );
                    assert!(
                        !a.chars().any(display::is_hidden),
                        "hidden characters in {a:?}"
                    );
                }
            }
        }
    }
    let Ok(file) = file else {
        return;
    };
    if file.entries.len() > 16 {
        return;
    }
    let mut report = Report::new(trust(), when(900), Positions::Line);
    let entries: Vec<(&str, u64)> = file
        .entries
        .iter()
        .map(|e| (e.text.as_str(), e.line))
        .collect();
    report.check_all(trust(), &entries).expect("16 entries fit");
    let exported = report.to_csv(certmark::words::Lang::ZhCn);
    for record in certmark::csv::read(&exported, b',').expect("own export reads") {
        for cell in &record.fields {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '＝', '＋', '－', '＠'])
                    && !cell.chars().any(display::is_hidden),
                "a formula in the export: {cell:?}"
            );
        }
    }
    let _ = report.to_json(None).to_string();
}

/// The QR scanner on hostile frames. The first byte picks the mode:
/// - even: a raw frame, the next two bytes pick the width (1 to 4096), the rest are grey
///   pixels cut to whole rows;
/// - odd: a real code (version 3, 2 px a module) with pixels overwritten by the rest, as
///   (index high, index low, value) triples, so the fuzzer reaches format, version,
///   Reed-Solomon and segment parsing with damaged symbols.
///
/// Whatever it reads must be a real symbol: a version from 1 to 40, finite corners.
pub fn scan(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let (width, height, pixels) = if mode & 1 == 0 {
        let [w0, w1, pixels @ ..] = rest else {
            return;
        };
        let width = usize::from(u16::from_be_bytes([*w0, *w1]) % 4096) + 1;
        let height = pixels.len() / width;
        if height == 0 {
            return;
        }
        (width, height, pixels[..width * height].to_vec())
    } else {
        let (side, img) = qr_frame();
        let mut img = img.clone();
        for t in rest.chunks_exact(3) {
            let i = usize::from(u16::from_be_bytes([t[0], t[1]])) % img.len();
            img[i] = t[2];
        }
        (*side, *side, img)
    };
    for code in certmark::scan::scan_gray(width, height, &pixels).unwrap_or_default() {
        assert!((1..=40).contains(&code.version));
        assert!(code
            .corners
            .iter()
            .all(|(x, y)| x.is_finite() && y.is_finite()));
    }
}

fn qr_frame() -> &'static (usize, Vec<u8>) {
    static FRAME: OnceLock<(usize, Vec<u8>)> = OnceLock::new();
    FRAME.get_or_init(|| {
        let code = qrcode::QrCode::with_version(
            b"http://127.0.0.1:8080/#CM1/0123456789012345",
            qrcode::Version::Normal(3),
            qrcode::EcLevel::L,
        )
        .expect("fits");
        let n = code.width();
        let colors = code.to_colors();
        let side = (n + 8) * 2;
        let img = (0..side * side)
            .map(|i| {
                let (x, y) = (
                    (i % side / 2).wrapping_sub(4),
                    (i / side / 2).wrapping_sub(4),
                );
                if x < n && y < n && colors[y * n + x] == qrcode::Color::Dark {
                    0
                } else {
                    255
                }
            })
            .collect();
        (side, img)
    })
}

/// Registers, exact lists and deltas: first byte 0 mod 4, the rest (after the exact
/// list's magic, which the fuzzer need not find) is read as an exact list, which must
/// write back byte for byte and answer any question; 2 mod 4, as a delta (after its
/// magic), which must write back byte for byte; odd, as a register's CSV (after the
/// header if bit 1 is clear), and a register that reads and builds must be answered
/// exactly for every certificate, in both the built list and the same list read back.
pub fn register(data: &[u8]) {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    if which % 4 == 2 {
        let delta = [revocation::delta::MAGIC, bytes].concat();
        if let Ok(d) = revocation::delta::Delta::parse(&delta) {
            assert_eq!(d.to_bytes(), delta, "a delta writes back as read");
        }
        return;
    }
    if which & 1 == 0 {
        let list = [exact::MAGIC, bytes].concat();
        if let Ok((sequence, issued, e)) = Exact::parse(&list) {
            assert_eq!(
                e.to_bytes(sequence, issued),
                list,
                "an exact list writes back as read"
            );
            for issuer in e.issuers().into_iter().chain(["DEMO-CQC"]) {
                let _ = e.lookup(issuer, "2026010901234567");
                let _ = e.covers(issuer, Date(20_000));
            }
            let whole = RevocationList::parse(&list).expect("the same bytes as a list");
            assert_eq!(whole.len(), e.len());
        }
        return;
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let text = if which & 2 == 0 {
        format!("issuer,cert,status,since\n{text}")
    } else {
        text.to_owned()
    };
    let Ok(register) = Register::read(&text) else {
        return;
    };
    if let Ok(e) = register.build(Date(20_000)) {
        assert!(
            register.mismatches(&e).is_empty(),
            "every certificate exact"
        );
        let (_, _, back) = Exact::parse(&e.to_bytes(1, Date(20_000))).expect("reads back");
        assert!(register.mismatches(&back).is_empty(), "and read back");
    }
}

/// The list deltas are fuzzed against: 300 certificates of DEMO-CQC (`C0` …), every third
/// withdrawn, every fifth suspended, as of day 20,000, sequence 4.
fn delta_base() -> &'static RevocationList {
    static BASE: OnceLock<RevocationList> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut text = String::from("issuer,cert,status,since\n");
        for n in 0..300 {
            let state = match (n % 3, n % 5) {
                (0, _) => "withdrawn,2024-01-02",
                (_, 0) => "suspended,2024-03-04",
                _ => "valid,",
            };
            text.push_str(&format!("DEMO-CQC,C{n},{state}\n"));
        }
        let bytes = Register::read(&text)
            .expect("register")
            .build(Date(20_000))
            .expect("built")
            .to_bytes(4, Date(20_000));
        RevocationList::parse(&bytes).expect("parses")
    })
}

/// Revocation deltas and indexes. Mode 0: an index (after its magic) parses strictly,
/// writes back as read, and plans within its chain. Mode 1: a delta that follows the
/// fuzzed list's state (sequence and hash put in, the rest fuzzed; a key below 300 stands
/// for certificate `C<key>`) is applied or refused without a panic; applied, every
/// certificate answers as the delta says or as before.
pub fn deltas(data: &[u8]) {
    use certmark::revocation::delta::{Delta, MAGIC};
    use certmark::revocation::index::{Index, Plan, MAGIC as INDEX};
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    if which % 2 == 0 {
        let index = [INDEX, bytes].concat();
        let Ok(ix) = Index::parse(&index) else {
            return;
        };
        assert_eq!(ix.to_bytes(), index, "an index writes back as read");
        let hashes = ix.deltas.iter().map(|d| Some(d.base_hash));
        for state in hashes.chain([None]) {
            for sequence in [0, ix.sequence.saturating_sub(1), ix.sequence, u64::MAX] {
                match ix.plan(sequence, state) {
                    Plan::Deltas(i) => {
                        assert_eq!(Some(ix.deltas[i].base_hash), state);
                        assert_eq!(ix.base_of(i), sequence);
                    }
                    Plan::UpToDate => assert!(sequence >= ix.sequence),
                    Plan::Full => assert!(sequence < ix.sequence),
                }
            }
        }
        return;
    }
    let list = delta_base();
    let Some(exact) = list.exact() else {
        return;
    };
    let key = |n: u64| exact::certificate_key("DEMO-CQC", &format!("C{n}"));
    let mut delta = [
        MAGIC,
        &list.sequence.to_be_bytes(),
        &exact.state_hash(),
        bytes,
    ]
    .concat();
    if let Ok(mut d) = Delta::parse(&delta) {
        for c in &mut d.changes {
            if c.key < 300 {
                c.key = key(c.key);
            }
        }
        d.changes.sort_by_key(|c| c.key);
        d.changes.dedup_by_key(|c| c.key);
        delta = d.to_bytes();
    }
    let Ok(next) = list.with_delta(&delta) else {
        return;
    };
    let d = Delta::parse(&delta).expect("applied, so it parses");
    let after = next.exact().expect("still exact");
    assert_eq!(after.state_hash(), d.hash);
    assert_eq!((next.sequence, after.deltas()), (list.sequence + 1, 1));
    for n in 0..300 {
        let cert = format!("C{n}");
        let want = match d.changes.iter().find(|c| c.key == key(n)) {
            Some(c) => c.state,
            None => exact.lookup("DEMO-CQC", &cert),
        };
        assert_eq!(
            after.lookup_mark("DEMO-CQC", &cert, Date(20_000)),
            want,
            "{cert}"
        );
    }
}
