//! Updated lists at run time: accepted only when a pinned root signed them and their
//! sequence is higher; every refusal leaves the data in use whole.

#[path = "common/demo.rs"]
mod demo;

use demo::{demo_key, when};

use certmark::list::sign_detached;
use certmark::revocation::{self, Entry, RevocationList, Status};
use certmark::trust;
use certmark::trust_data::{UpdateError, Updated, BUNDLED};
use certmark::{verify, CheckDates, Date, SigningKey, TrustData, Verdict};

fn root() -> SigningKey {
    demo_key("root")
}

const VALID: &str = include_str!("../demo/valid-ccc.mark");

fn trust_list(sequence: u64) -> Vec<u8> {
    let text = std::str::from_utf8(BUNDLED.trust_list).unwrap();
    text.replacen("\"sequence\": 1,", &format!("\"sequence\": {sequence},"), 1)
        .into_bytes()
}

/// The bundled revocations plus the valid demo mark's certificate, withdrawn.
fn revocations(sequence: u64) -> Vec<u8> {
    let bundled = TrustData::bundled().unwrap();
    let claims = verify(VALID.trim(), &bundled, when()).claims.unwrap();
    let mut entries: Vec<Entry> = bundled.revocations().entries().unwrap().to_vec();
    entries.push(Entry {
        issuer: claims.issuer,
        cert: claims.cert,
        status: Status::Withdrawn,
        since: "2026-11-10".parse().unwrap(),
        reason: "test".into(),
    });
    serde_json::to_vec(&serde_json::json!({
        "format": revocation::FORMAT, "sequence": sequence, "issued": "2026-11-15",
        "entries": entries,
    }))
    .unwrap()
}

fn sig(context: &[u8], bytes: &[u8], key: &SigningKey) -> Vec<u8> {
    sign_detached(context, bytes, key).unwrap().into_bytes()
}

#[test]
fn a_newer_signed_list_is_used_and_an_older_one_refused() {
    let bundled = TrustData::bundled().unwrap();
    let list = trust_list(5);
    let (t, how) = bundled
        .with_trust_list(&list, &sig(trust::SIGNING_CONTEXT, &list, &root()))
        .unwrap();
    assert_eq!(how, Updated::Replaced { previous: 1 });
    assert_eq!(t.list().sequence, 5);

    // The same list again: already in use. An older one: refused, 5 stays.
    let again = t.with_trust_list(&list, &sig(trust::SIGNING_CONTEXT, &list, &root()));
    assert_eq!(again.unwrap().1, Updated::AlreadyInUse);
    let old = trust_list(4);
    let err = t
        .with_trust_list(&old, &sig(trust::SIGNING_CONTEXT, &old, &root()))
        .unwrap_err();
    assert_eq!(
        err,
        UpdateError::NotNewer {
            sequence: 4,
            in_use: 5
        }
    );
    assert_eq!(err.code(), "not-newer");
    // Another list under the sequence in use is refused too (no equivocation).
    let same_seq =
        String::from_utf8(trust_list(5))
            .unwrap()
            .replacen("2028-11-01", "2028-12-01", 1);
    let err = t
        .with_trust_list(
            same_seq.as_bytes(),
            &sig(trust::SIGNING_CONTEXT, same_seq.as_bytes(), &root()),
        )
        .unwrap_err();
    assert_eq!(err.code(), "not-newer");
}

#[test]
fn tampered_foreign_and_malformed_lists_are_refused() {
    let bundled = TrustData::bundled().unwrap();
    let list = trust_list(2);
    let good_sig = sig(trust::SIGNING_CONTEXT, &list, &root());
    let code = |r: Result<(TrustData, Updated), UpdateError>| r.unwrap_err().code();

    let tampered =
        String::from_utf8(list.clone())
            .unwrap()
            .replacen("CNCA-R-DEMO-001", "CNCA-R-DEMO-009", 1);
    assert_eq!(
        code(bundled.with_trust_list(tampered.as_bytes(), &good_sig)),
        "signature-mismatch"
    );
    let other_root = SigningKey::from_bytes(&[9; 32]);
    assert_eq!(
        code(bundled.with_trust_list(&list, &sig(trust::SIGNING_CONTEXT, &list, &other_root))),
        "signature-mismatch"
    );
    // A revocation list's signature does not pass for a trust list's (domain separation).
    assert_eq!(
        code(bundled.with_trust_list(&list, &sig(revocation::SIGNING_CONTEXT, &list, &root()))),
        "signature-mismatch"
    );
    assert_eq!(
        code(bundled.with_trust_list(&list, b"not base64\n")),
        "bad-signature-file"
    );
    let malformed = br#"{"format":"certmark-trust-list/1","sequence":9}"#;
    assert_eq!(
        code(bundled.with_trust_list(malformed, &sig(trust::SIGNING_CONTEXT, malformed, &root()))),
        "json"
    );
    // Still the bundled list.
    assert_eq!(bundled.list().sequence, 1);
}

#[test]
fn a_revocation_update_reports_the_certificate_in_both_forms() {
    let bundled = TrustData::bundled().unwrap();
    assert_eq!(
        verify(VALID.trim(), &bundled, when()).verdict,
        Verdict::Valid
    );
    let json = revocations(2);
    let (t, _) = bundled
        .with_revocations(&json, &sig(revocation::SIGNING_CONTEXT, &json, &root()))
        .unwrap();
    let outcome = verify(VALID.trim(), &t, when());
    assert_eq!(outcome.verdict, Verdict::Withdrawn);
    assert_eq!(outcome.revocation.unwrap().reason, "test");
    // Judged as of a day before `since`, it was valid then.
    let before = CheckDates {
        as_of: Date::from_ymd(2026, 11, 9).unwrap(),
        ..when()
    };
    assert_eq!(verify(VALID.trim(), &t, before).verdict, Verdict::Valid);

    // The compact form of a later list: same verdicts, no reason; its own context.
    let compact = RevocationList::parse(&revocations(3))
        .unwrap()
        .to_compact()
        .unwrap();
    let wrong_context = sig(revocation::SIGNING_CONTEXT, &compact, &root());
    assert_eq!(
        t.with_revocations(&compact, &wrong_context)
            .unwrap_err()
            .code(),
        "signature-mismatch"
    );
    let (c, how) = t
        .with_revocations(
            &compact,
            &sig(revocation::compact::SIGNING_CONTEXT, &compact, &root()),
        )
        .unwrap();
    assert_eq!(how, Updated::Replaced { previous: 2 });
    assert!(c.revocations().is_compact());
    let outcome = verify(VALID.trim(), &c, when());
    assert_eq!(outcome.verdict, Verdict::Withdrawn);
    assert_eq!(outcome.revocation.unwrap().reason, "");
    assert_eq!(verify(VALID.trim(), &c, before).verdict, Verdict::Valid);
    for name in ["withdrawn", "suspended"] {
        let mark = std::fs::read_to_string(format!("demo/{name}.mark")).unwrap();
        assert_eq!(verify(mark.trim(), &c, when()).verdict.code(), name);
    }
    // The JSON list of sequence 2 cannot come back over the compact 3.
    let err = c
        .with_revocations(&json, &sig(revocation::SIGNING_CONTEXT, &json, &root()))
        .unwrap_err();
    assert_eq!(
        err,
        UpdateError::NotNewer {
            sequence: 2,
            in_use: 3
        }
    );
}

#[test]
fn an_exact_list_answers_for_the_marks_its_register_covers() {
    use certmark::revocation::exact::Register;
    use certmark::verify::Warning;
    let bundled = TrustData::bundled().unwrap();
    let claims = |name: &str| {
        let mark = std::fs::read_to_string(format!("demo/{name}.mark")).unwrap();
        let c = verify(mark.trim(), &bundled, when()).claims.unwrap();
        (mark, c)
    };
    let (valid, v) = claims("valid-ccc");
    let (withdrawn, w) = claims("withdrawn");
    let (suspended, s) = claims("suspended");
    // The register of the valid mark's issuer only: that mark withdrawn, the suspended
    // one (same issuer) valid again, 5,000 others; its date the valid mark's first day.
    assert_eq!(
        (v.issuer.as_str(), s.issuer.as_str()),
        ("DEMO-CQC", "DEMO-CQC")
    );
    let mut csv = format!(
        "issuer,cert,status,since\n{},{},withdrawn,2026-11-10\n{},{},valid,\n",
        v.issuer, v.cert, s.issuer, s.cert
    );
    for n in 0..5000 {
        let status = ["valid,", "withdrawn,2025-01-01", "suspended,2026-02-03"][n % 3];
        csv.push_str(&format!("DEMO-CQC,F{n},{status}\n"));
    }
    let exact = Register::read(&csv)
        .unwrap()
        .build(v.valid_from)
        .unwrap()
        .to_bytes(2, "2026-11-15".parse().unwrap());
    let wrong_context = sig(revocation::compact::SIGNING_CONTEXT, &exact, &root());
    assert_eq!(
        bundled
            .with_revocations(&exact, &wrong_context)
            .unwrap_err()
            .code(),
        "signature-mismatch"
    );
    let (t, _) = bundled
        .with_revocations(
            &exact,
            &sig(revocation::exact::SIGNING_CONTEXT, &exact, &root()),
        )
        .unwrap();
    assert_eq!(t.revocations().form(), "exact");
    assert_eq!(t.revocations().len(), 1 + 2 * 5000 / 3);
    let o = verify(valid.trim(), &t, when());
    assert_eq!((o.verdict, o.warnings.len()), (Verdict::Withdrawn, 0));
    assert_eq!(o.revocation.unwrap().since, "2026-11-10".parse().unwrap());
    // The suspension lifted in the register.
    assert_eq!(verify(suspended.trim(), &t, when()).verdict, Verdict::Valid);
    // Another issuer's mark: not covered, so not withdrawn, and the user is told.
    assert_ne!(w.issuer, v.issuer);
    let o = verify(withdrawn.trim(), &t, when());
    assert_eq!(o.verdict, Verdict::Valid);
    assert_eq!(
        o.warnings,
        [Warning::NotCovered {
            register: v.valid_from
        }]
    );
    // The stock report says so in the revocation column, in both languages, and its JSON.
    {
        use certmark::stock::{Positions, Report};
        use certmark::words::Lang;
        let mut report = Report::new(&t, when(), Positions::Line);
        for (line, mark) in [&valid, &withdrawn].iter().enumerate() {
            let outcome = verify(mark.trim(), &t, when());
            report.add(mark.trim(), outcome, line as u64 + 1).unwrap();
        }
        let day = v.valid_from.to_string();
        let en = report.to_csv(Lang::En);
        assert!(
            en.contains(&format!("not covered by the revocation list (an issuer register as of {day}): whether it was withdrawn or suspended is not known here")),
            "{en}"
        );
        assert!(report.to_csv(Lang::ZhCn).contains(&format!(
            "撤销名单（截至 {day} 的发证机构登记册）不含此证书"
        )));
        let json = report.to_json(None);
        let covered: Vec<_> = json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["code"].clone(), r["not_covered"].clone()))
            .collect();
        assert!(covered.contains(&("withdrawn".into(), serde_json::Value::Null)));
        assert!(covered.contains(&("valid".into(), day.as_str().into())));
    }
    // A register from the day before the mark's first day does not cover it either.
    let older = Register::read(&csv)
        .unwrap()
        .build(Date(v.valid_from.0 - 1))
        .unwrap()
        .to_bytes(3, "2026-11-15".parse().unwrap());
    let (t, _) = t
        .with_revocations(
            &older,
            &sig(revocation::exact::SIGNING_CONTEXT, &older, &root()),
        )
        .unwrap();
    let o = verify(valid.trim(), &t, when());
    assert_eq!(o.verdict, Verdict::Valid);
    assert_eq!(o.warnings[0].code(), "not-covered");
}

#[test]
fn a_signed_delta_follows_the_exact_list_and_a_refused_one_changes_nothing() {
    use certmark::revocation::delta::file_hash;
    use certmark::revocation::exact::Register;
    let bundled = TrustData::bundled().unwrap();
    let valid = std::fs::read_to_string("demo/valid-ccc.mark").unwrap();
    let v = verify(valid.trim(), &bundled, when()).claims.unwrap();
    let old = format!("issuer,cert,status,since\n{},{},valid,\n", v.issuer, v.cert);
    let new = old.replace(",valid,", ",withdrawn,2026-11-10");
    let (old, new) = (Register::read(&old).unwrap(), Register::read(&new).unwrap());
    let list = old
        .build(v.valid_from)
        .unwrap()
        .to_bytes(2, "2026-11-09".parse().unwrap());
    let (t, _) = bundled
        .with_revocations(
            &list,
            &sig(revocation::exact::SIGNING_CONTEXT, &list, &root()),
        )
        .unwrap();
    let day = "2026-11-10".parse().unwrap();
    let delta = old
        .delta_to(&new, (2, file_hash(&list)), file_hash(b"list 3"), day, day)
        .unwrap()
        .to_bytes();
    // Signed as a list, not as a delta: refused.
    let as_list = sig(revocation::exact::SIGNING_CONTEXT, &delta, &root());
    assert_eq!(
        t.with_revocation_delta(&delta, &as_list)
            .unwrap_err()
            .code(),
        "signature-mismatch"
    );
    let good = sig(revocation::delta::SIGNING_CONTEXT, &delta, &root());
    let next = t.with_revocation_delta(&delta, &good).unwrap();
    assert_eq!(next.revocations().sequence, 3);
    assert_eq!(
        verify(valid.trim(), &next, when()).verdict,
        Verdict::Withdrawn
    );
    assert_eq!(verify(valid.trim(), &t, when()).verdict, Verdict::Valid);
    // Again: it follows list 2, not the 3 now in use; the bundled JSON list takes none.
    let again = next.with_revocation_delta(&delta, &good).unwrap_err();
    assert_eq!(again.code(), "delta-base");
    assert_eq!(next.revocations().sequence, 3);
    assert_eq!(
        bundled
            .with_revocation_delta(&delta, &good)
            .unwrap_err()
            .code(),
        "delta-needs-exact"
    );
    // The snapshot carries the delta.
    let snap = certmark::trust_data::snapshot::write(&next);
    let back = certmark::trust_data::snapshot::read(&snap, certmark::Demo::Allow).unwrap();
    assert_eq!(back.revocations().deltas(), 1);
    assert_eq!(
        verify(valid.trim(), &back, when()).verdict,
        Verdict::Withdrawn
    );

    // A signed index of list 3 and the delta to it plans each verifier's download.
    use certmark::revocation::index::{File, Index, IndexDelta, Plan};
    let index = Index {
        sequence: 3,
        list: File {
            name: "list-3.bin".into(),
            bytes: 1 << 20,
        },
        deltas: vec![IndexDelta {
            base_hash: file_hash(&list),
            file: File {
                name: "delta-3.bin".into(),
                bytes: delta.len() as u32,
            },
        }],
    }
    .to_bytes();
    let index_sig = sig(revocation::index::SIGNING_CONTEXT, &index, &root());
    let plan = |data: &TrustData| data.revocation_plan(&index, &index_sig).map(|(_, p)| p);
    assert_eq!(plan(&t), Ok(Plan::Deltas(0)), "list 2 in use: the delta");
    assert_eq!(
        plan(&bundled),
        Ok(Plan::Full),
        "a JSON list: the whole list"
    );
    assert_eq!(plan(&next), Ok(Plan::UpToDate));
    assert_eq!(
        plan(&back),
        Ok(Plan::UpToDate),
        "the snapshot keeps the state"
    );
    let as_delta = sig(revocation::delta::SIGNING_CONTEXT, &index, &root());
    assert_eq!(
        t.revocation_plan(&index, &as_delta).unwrap_err().code(),
        "signature-mismatch"
    );
    // The next day's delta (no change) follows the state the first one made, read back
    // from the snapshot as from the live data.
    let day4 = "2026-11-11".parse().unwrap();
    let delta4 = new
        .delta_to(
            &new,
            (3, file_hash(b"list 3")),
            file_hash(b"list 4"),
            day4,
            day4,
        )
        .unwrap()
        .to_bytes();
    let sig4 = sig(revocation::delta::SIGNING_CONTEXT, &delta4, &root());
    for data in [&next, &back] {
        let four = data.with_revocation_delta(&delta4, &sig4).unwrap();
        assert_eq!(
            (four.revocations().sequence, four.revocations().deltas()),
            (4, 2)
        );
    }
}
