//! Human-readable output. Mark fields are hostile: control and bidi characters are
//! shown escaped so they cannot move the cursor or reorder what the reader sees.

use std::fmt::Write as _;

use certmark::code::Code;
use certmark::words::{words, Lang};
use certmark::{Claims, Outcome, Verdict, Warning};

/// `s` as a person may see it: hidden characters escaped ([`certmark::display::visible`]).
pub fn safe(s: &str) -> String {
    certmark::display::visible(s).into_owned()
}

fn claims(out: &mut String, c: &Claims) {
    let mut line = |k: &str, v: &str| {
        let _ = writeln!(out, "  {k:<13}{}", safe(v));
    };
    line("Holder", &c.holder);
    line("Scheme", &c.scheme);
    line("Scope", &c.scope);
    line("Certificate", &c.cert);
    line("Validity", &format!("{} to {}", c.valid_from, c.valid_to));
    if let Some(s) = &c.serial {
        line("Serial", s);
    }
    line("Signed by", &format!("{} key {}", c.issuer, c.key));
    for (k, v) in &c.extra {
        let label = words(Lang::En).label(k);
        let _ = writeln!(out, "  {:<13}{}", format!("{}:", safe(label)), safe(v));
    }
}

/// What a code that is not a mark holds, in one line; it proves nothing either way.
fn other_code(code: &Code) -> String {
    match code {
        Code::Gs1 {
            gtin,
            gtin_ok,
            batch,
            serial,
            expiry,
            host,
            ..
        } => {
            let mut s = "a GS1 product code, not a certification mark".to_owned();
            for (name, value) in [
                ("GTIN", gtin),
                ("batch", batch),
                ("serial", serial),
                ("expires", expiry),
                ("host", host),
            ] {
                if let Some(v) = value {
                    let _ = write!(s, "; {name} {}", safe(v));
                }
            }
            if gtin.is_some() && !gtin_ok {
                s.push_str(" (the GTIN's check digit is wrong)");
            }
            s
        }
        Code::WebLink {
            host,
            punycode,
            mixed_script,
            ..
        } => {
            let careful = if *punycode || *mixed_script {
                " (its host uses unusual characters: it may imitate another site)"
            } else {
                ""
            };
            format!(
                "a web link to {}{careful}, not a certification mark",
                safe(host)
            )
        }
        Code::UnsafeLink { scheme } => {
            format!(
                "a link not to open ({}:), not a certification mark",
                safe(scheme)
            )
        }
        Code::Text => "plain text, not a certification mark".to_owned(),
    }
}

pub fn outcome(o: &Outcome, other: Option<&Code>) -> String {
    let mut out = String::new();
    if o.demo {
        out.push_str(
            "DEMO trust data: demo keys are public, so this is never a real certification.\n",
        );
    }
    let w = words(Lang::En).verdict(o.verdict);
    let (title, meaning, advice) = (w.title.to_uppercase(), w.meaning, w.advice);
    let _ = writeln!(
        out,
        "{title} ({})\n  {meaning}\n  {advice}\n  Why: {}",
        o.verdict,
        safe(&o.reason)
    );
    if let Some(other) = other {
        let _ = writeln!(out, "  It is {}", other_code(other));
    }
    if let Some(i) = &o.issuer {
        let demo = if i.demo { " [DEMO ISSUER]" } else { "" };
        let _ = writeln!(
            out,
            "Issuer (from the trust list){demo}:\n  {} / {} ({}, {}), accreditation {}",
            safe(&i.name.zh),
            safe(&i.name.en),
            safe(&i.id),
            safe(&i.country),
            safe(&i.accreditation)
        );
    }
    if let Some(c) = &o.claims {
        out.push_str("Verified content:\n");
        claims(&mut out, c);
    }
    if let Some(c) = &o.unverified {
        out.push_str("UNVERIFIED content (the signature did not check: do not rely on it):\n");
        claims(&mut out, c);
    }
    if let Some(r) = &o.revocation {
        let _ = writeln!(
            out,
            "Revocation: {:?} since {}: {}",
            r.status,
            r.since,
            safe(&r.reason)
        );
    }
    if o.verdict == Verdict::Valid {
        out.push_str(
            "Note: this proves the certification, not this unit: a valid code can be copied onto a fake.\n  Compare the holder and scope with the item in your hands.\n",
        );
    }
    for w in &o.warnings {
        match w {
            Warning::TrustDataExpired { expires } => {
                let _ = writeln!(
                    out,
                    "Warning: the trust data expired on {expires}; update the verifier."
                );
            }
            Warning::ClockBeforeIssued { issued } => {
                let _ = writeln!(
                    out,
                    "Warning: today is before the trust data's date {issued}: is the clock wrong?"
                );
            }
            Warning::NotCovered { register } => {
                let _ = writeln!(
                    out,
                    "Warning: the revocation list is an issuer register as of {register} that does not cover this certificate: whether it was withdrawn is not known here."
                );
            }
            _ => {}
        }
    }
    let t = &o.trust_data;
    let _ = writeln!(
        out,
        "Checked as of {} with trust list #{} ({}, expires {}) and revocations #{} ({}).",
        o.as_of, t.sequence, t.issued, t.expires, t.revocations_sequence, t.revocations_issued
    );
    out
}

pub fn inspect(c: &Claims, mark: &certmark::Mark) -> String {
    let mut out = String::from(
        "NOT VERIFIED: this only shows what the mark says. Use `certmark verify` to check it.\n",
    );
    claims(&mut out, c);
    let _ = writeln!(
        out,
        "  {:<13}{} bytes ({} body + 64 signature)",
        "Size",
        mark.bytes().len(),
        mark.body().len()
    );
    out
}
