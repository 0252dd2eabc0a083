//! Verification policy: from a string to one verdict, decided in the format's order.
//!
//! Each step runs only if every earlier one passed, so the first failure names the
//! verdict. Claims come out verified only once the signature checked; for the
//! verdicts before that they come out only as `unverified`.

use core::fmt;
use std::sync::Arc;

use serde::Serialize;

use crate::date::Date;
use crate::mark::{self, Claims, Mark, MarkError};
use crate::revocation::{Entry, Status};
use crate::signature;
use crate::trust::{Issuer, IssuerKey};
use crate::trust_data::TrustData;

/// The answer to "is this certification mark real?", with a stable code per variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Verdict {
    /// No `CM` prefix found: some other QR code or text.
    NotAMark,
    /// `CM` with a version this verifier does not know.
    Unsupported,
    /// A rule of the format is broken; the outcome's `rule` says which.
    Malformed,
    /// The issuer id is not in the trust list (never "forged": the list may be old).
    UnknownIssuer,
    /// The issuer is known, the key number is not.
    UnknownKey,
    /// The signature does not verify under the issuer's key.
    Forged,
    /// The key was not allowed to sign a mark starting on its `valid_from`.
    KeyNotValid,
    /// The issuer is not accredited for the mark's scheme.
    NotAccredited,
    /// The certificate is withdrawn (revocation list, on or after `since`).
    Withdrawn,
    /// The certificate is suspended (revocation list, on or after `since`).
    Suspended,
    /// The check date is before `valid_from`.
    NotYetValid,
    /// The check date is after `valid_to`.
    Expired,
    /// Every check passed.
    Valid,
}

impl Verdict {
    /// Every verdict, in the order they are decided.
    pub const ALL: [Verdict; 13] = [
        Verdict::NotAMark,
        Verdict::Unsupported,
        Verdict::Malformed,
        Verdict::UnknownIssuer,
        Verdict::UnknownKey,
        Verdict::Forged,
        Verdict::KeyNotValid,
        Verdict::NotAccredited,
        Verdict::Withdrawn,
        Verdict::Suspended,
        Verdict::NotYetValid,
        Verdict::Expired,
        Verdict::Valid,
    ];

    /// The stable machine code (`valid`, `forged`, `not-a-mark`, …).
    pub fn code(self) -> &'static str {
        match self {
            Verdict::NotAMark => "not-a-mark",
            Verdict::Unsupported => "unsupported",
            Verdict::Malformed => "malformed",
            Verdict::UnknownIssuer => "unknown-issuer",
            Verdict::UnknownKey => "unknown-key",
            Verdict::Forged => "forged",
            Verdict::KeyNotValid => "key-not-valid",
            Verdict::NotAccredited => "not-accredited",
            Verdict::Withdrawn => "withdrawn",
            Verdict::Suspended => "suspended",
            Verdict::NotYetValid => "not-yet-valid",
            Verdict::Expired => "expired",
            Verdict::Valid => "valid",
        }
    }

    /// The verdict with this code.
    pub fn from_code(code: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.code() == code)
    }

    /// Whether the input was readable as a mark at all (every verdict but
    /// `not-a-mark`, `unsupported` and `malformed`): the CLI's exit status 1 or 2.
    pub fn is_readable(self) -> bool {
        !matches!(
            self,
            Verdict::NotAMark | Verdict::Unsupported | Verdict::Malformed
        )
    }

    /// How a person should take it, shown by icon and words (and colour) on every page.
    pub fn kind(self) -> Kind {
        match self {
            Verdict::Valid => Kind::Good,
            Verdict::UnknownIssuer
            | Verdict::UnknownKey
            | Verdict::NotYetValid
            // Goods made while the certificate was in force stay certified: the
            // verdict asks for the production date, it does not accuse.
            | Verdict::Expired
            | Verdict::Unsupported
            | Verdict::NotAMark => Kind::Unsure,
            _ => Kind::Bad,
        }
    }

    /// Where a verdict sorts in reports, most urgent first (0): readable and bad
    /// (forged, withdrawn, …), then unreadable, then readable and unsure, then valid.
    /// Made of [`Verdict::kind`] and [`Verdict::is_readable`], so the three agree.
    pub fn rank(self) -> u8 {
        match (self.kind(), self.is_readable()) {
            (Kind::Good, _) => 3,
            (_, false) => 1,
            (Kind::Unsure, true) => 2,
            (Kind::Bad, true) => 0,
        }
    }
}

/// How a person should take a verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Valid: the certification is real and in force.
    Good,
    /// Not proven either way (the list may be old, the mark newer, or it is no mark).
    Unsure,
    /// Do not trust it.
    Bad,
}

impl Kind {
    /// Every kind, best first.
    pub const ALL: [Kind; 3] = [Kind::Good, Kind::Unsure, Kind::Bad];

    /// The stable code: `good`, `unsure` or `bad`.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Good => "good",
            Kind::Unsure => "unsure",
            Kind::Bad => "bad",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Something to tell the user beside the verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "code")]
#[non_exhaustive]
pub enum Warning {
    /// Today is past the trust list's `expires`: keys or revocations may have changed since.
    TrustDataExpired {
        /// The list's `expires`.
        expires: Date,
    },
    /// Today is before the trust list's `issued`: the device clock is probably wrong.
    ClockBeforeIssued {
        /// The list's `issued`.
        issued: Date,
    },
    /// The revocation list is an exact list over a register that does not cover this
    /// mark (another issuer, or a certificate from after the register's date): whether
    /// it was withdrawn is not known here.
    NotCovered {
        /// The register's date.
        register: Date,
    },
}

impl Warning {
    /// Every warning's code, as `code` in the JSON and the pages switch on it.
    pub const CODES: [&'static str; 3] =
        ["trust-data-expired", "clock-before-issued", "not-covered"];

    /// The stable code (the JSON's `code`).
    pub fn code(&self) -> &'static str {
        match self {
            Warning::TrustDataExpired { .. } => Warning::CODES[0],
            Warning::ClockBeforeIssued { .. } => Warning::CODES[1],
            Warning::NotCovered { .. } => Warning::CODES[2],
        }
    }
}

/// The days a check uses. They differ only when the user asks "verify as of".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckDates {
    /// The day the mark is judged for (validity, revocation).
    pub as_of: Date,
    /// The device's today, for the warnings about old trust data and wrong clocks.
    pub today: Date,
}

impl CheckDates {
    /// Checks as of today.
    pub fn today(today: Date) -> CheckDates {
        CheckDates {
            as_of: today,
            today,
        }
    }
}

/// The version of the trust data a verdict was reached with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TrustVersion {
    /// Trust list sequence.
    pub sequence: u64,
    /// Trust list `issued`.
    pub issued: Date,
    /// Trust list `expires`.
    pub expires: Date,
    /// Revocation list sequence.
    pub revocations_sequence: u64,
    /// Revocation list `issued`.
    pub revocations_issued: Date,
}

impl TrustVersion {
    /// The version of `trust`.
    pub fn of(trust: &TrustData) -> TrustVersion {
        let list = trust.list();
        TrustVersion {
            sequence: list.sequence,
            issued: list.issued,
            expires: list.expires,
            revocations_sequence: trust.revocations().sequence,
            revocations_issued: trust.revocations().issued,
        }
    }
}

/// A verdict and everything a person needs to read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// The verdict; serialised as `code`, its code.
    #[serde(rename = "code")]
    pub verdict: Verdict,
    /// One English sentence: why this verdict.
    pub reason: String,
    /// For `malformed`, `unsupported` and `not-a-mark`: the rule, as [`MarkError::rule`].
    pub rule: Option<&'static str>,
    /// The mark's claims, present once the signature verified (every verdict from
    /// `key-not-valid` on).
    pub claims: Option<Claims>,
    /// The mark's claims for `unknown-issuer`, `unknown-key` and `forged`: show them only
    /// labelled as unverified content.
    pub unverified: Option<Claims>,
    /// The issuer as the trust list describes it, when the mark names a listed issuer.
    pub issuer: Option<Arc<Issuer>>,
    /// The revocation entry, for `withdrawn` and `suspended`, or one whose `since` is
    /// still ahead of the check date.
    pub revocation: Option<Entry>,
    /// Warnings to show beside the verdict.
    pub warnings: Vec<Warning>,
    /// Demo trust data: show DEMO, never a real certification.
    pub demo: bool,
    /// The day the mark was judged for.
    pub as_of: Date,
    /// Which trust data gave this verdict.
    pub trust_data: TrustVersion,
}

/// Verifies a mark in either string form, bare or inside a link.
///
/// Never fails: every input, however broken, gets a verdict.
pub fn verify(input: &str, trust: &TrustData, when: CheckDates) -> Outcome {
    match mark::decode_string(input).and_then(|b| Mark::from_bytes(&b)) {
        Ok(mark) => verify_mark(mark, trust, when),
        Err(e) => unreadable(e, trust, when),
    }
}

/// Verifies a mark's bytes.
pub fn verify_bytes(bytes: &[u8], trust: &TrustData, when: CheckDates) -> Outcome {
    match Mark::from_bytes(bytes) {
        Ok(mark) => verify_mark(mark, trust, when),
        Err(e) => unreadable(e, trust, when),
    }
}

fn base(code: Verdict, reason: String, trust: &TrustData, when: CheckDates) -> Outcome {
    let list = trust.list();
    let mut warnings = Vec::new();
    if when.today > list.expires {
        warnings.push(Warning::TrustDataExpired {
            expires: list.expires,
        });
    }
    if when.today < list.issued {
        warnings.push(Warning::ClockBeforeIssued {
            issued: list.issued,
        });
    }
    Outcome {
        verdict: code,
        reason,
        rule: None,
        claims: None,
        unverified: None,
        issuer: None,
        revocation: None,
        warnings,
        demo: trust.is_demo(),
        as_of: when.as_of,
        trust_data: TrustVersion::of(trust),
    }
}

/// The outcome for input that is not a readable mark. (What text that is not a mark is
/// instead is [`crate::code::classify`]'s answer, asked for by the shells that show it,
/// so the page's verifier module does not carry it.)
fn unreadable(e: MarkError, trust: &TrustData, when: CheckDates) -> Outcome {
    let code = match e {
        MarkError::NotAMark => Verdict::NotAMark,
        MarkError::Unsupported { .. } => Verdict::Unsupported,
        _ => Verdict::Malformed,
    };
    Outcome {
        rule: Some(e.rule()),
        ..base(code, e.to_string(), trust, when)
    }
}

/// Verifies a parsed mark.
pub fn verify_mark(mark: Mark, trust: &TrustData, when: CheckDates) -> Outcome {
    match lookup(mark, trust, when) {
        Stage::Done(outcome) => outcome,
        Stage::AwaitingSignature(s) => {
            let ok = signature::verify(&s.item());
            finish(s, ok, trust, when)
        }
    }
}

/// Verifies many marks at once, with the signatures checked in batches: the same
/// outcome for each input as [`verify`] gives, several times faster.
///
/// ```
/// # use certmark::{verify, verify::verify_all, CheckDates, Date, TrustData};
/// let trust = TrustData::bundled()?;
/// let when = CheckDates::today(Date::from_ymd(2026, 11, 21).unwrap());
/// let inputs = [include_str!("../demo/valid-ccc.link"), include_str!("../demo/forged.mark"), "hello"];
/// let outcomes = verify_all(&inputs, &trust, when);
/// let codes: Vec<&str> = outcomes.iter().map(|o| o.verdict.code()).collect();
/// assert_eq!(codes, ["valid", "forged", "not-a-mark"]);
/// assert!(inputs.iter().zip(&outcomes).all(|(i, o)| verify(i, &trust, when) == *o));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn verify_all<S: AsRef<str>>(
    inputs: &[S],
    trust: &TrustData,
    when: CheckDates,
) -> Vec<Outcome> {
    verify_all_bytes(inputs, trust, when)
        .into_iter()
        .map(|(outcome, _)| outcome)
        .collect()
}

/// [`verify_all`], also handing back the bytes of each input that parsed as a mark, so
/// callers that key on a mark's bytes (the stock report) need not decode it again.
pub fn verify_all_bytes<S: AsRef<str>>(
    inputs: &[S],
    trust: &TrustData,
    when: CheckDates,
) -> Vec<(Outcome, Option<Vec<u8>>)> {
    let staged = Staged::new(inputs, trust, when);
    let answers = signature::verify_batch(&staged.items());
    staged.finish(&answers, trust, when)
}

/// Marks read and looked up, waiting only for their signature checks: what
/// [`verify_all_bytes`] does in three steps, so the signatures can be checked elsewhere
/// (the stock page hands them to helper workers: `signature::pack`, feature `hazmat`) while the
/// verdicts are still reached here, in order.
///
/// ```
/// # use certmark::{verify, verify::Staged, CheckDates, Date, TrustData};
/// let trust = TrustData::bundled()?;
/// let when = CheckDates::today(Date::from_ymd(2026, 11, 21).unwrap());
/// let inputs = [include_str!("../demo/valid-ccc.link"), "hello", include_str!("../demo/forged.mark")];
/// let staged = Staged::new(&inputs, &trust, when);
/// let items = staged.items();
/// assert_eq!(items.len(), 2); // "hello" needs no signature check
/// let answers = certmark::signature::verify_batch(&items);
/// let done = staged.finish(&answers, &trust, when);
/// let codes: Vec<&str> = done.iter().map(|(o, _)| o.verdict.code()).collect();
/// assert_eq!(codes, ["valid", "not-a-mark", "forged"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Staged {
    stages: Vec<(Stage, Option<Vec<u8>>)>,
}

impl Staged {
    /// Reads every input and looks up its issuer and key.
    pub fn new<S: AsRef<str>>(inputs: &[S], trust: &TrustData, when: CheckDates) -> Staged {
        let stages = inputs
            .iter()
            .map(|input| {
                let parsed = mark::decode_string(input.as_ref())
                    .and_then(|b| Mark::from_bytes(&b).map(|m| (m, b)));
                match parsed {
                    Ok((mark, bytes)) => (lookup(mark, trust, when), Some(bytes)),
                    Err(e) => (Stage::Done(unreadable(e, trust, when)), None),
                }
            })
            .collect();
        Staged { stages }
    }

    /// The signatures to check, in input order (inputs that failed before the
    /// signature have none).
    pub fn items(&self) -> Vec<signature::Item<'_>> {
        self.stages
            .iter()
            .filter_map(|(s, _)| match s {
                Stage::AwaitingSignature(s) => Some(s.item()),
                Stage::Done(_) => None,
            })
            .collect()
    }

    /// Each input's outcome and bytes, given `answers[i]` for `items()[i]`. A missing
    /// answer counts as a failed check, so a short answer can never make a mark valid.
    pub fn finish(
        self,
        answers: &[bool],
        trust: &TrustData,
        when: CheckDates,
    ) -> Vec<(Outcome, Option<Vec<u8>>)> {
        let mut answers = answers.iter().copied();
        self.stages
            .into_iter()
            .map(|(stage, bytes)| {
                let outcome = match stage {
                    Stage::Done(outcome) => outcome,
                    Stage::AwaitingSignature(s) => {
                        finish(s, answers.next().unwrap_or(false), trust, when)
                    }
                };
                (outcome, bytes)
            })
            .collect()
    }
}

/// A mark whose issuer and key are known: only its signature is left to check.
struct Pending {
    mark: Mark,
    signature: [u8; 64],
    issuer: Arc<Issuer>,
    /// The key's place in `issuer.keys`.
    key: usize,
}

impl Pending {
    fn key(&self) -> &IssuerKey {
        &self.issuer.keys[self.key]
    }

    fn item(&self) -> signature::Item<'_> {
        signature::Item {
            key: &self.key().public_key,
            body: self.mark.body(),
            signature: &self.signature,
        }
    }
}

// Both variants are large (a whole mark or outcome); they live only through one batch.
#[allow(clippy::large_enum_variant)]
enum Stage {
    /// Decided before any signature check (unknown issuer or key).
    Done(Outcome),
    /// Read and looked up, waiting for its signature check.
    AwaitingSignature(Pending),
}

/// The checks before the signature: is the issuer listed, and the key?
fn lookup(mark: Mark, trust: &TrustData, when: CheckDates) -> Stage {
    let Some(issuer) = trust.list().issuer(mark.issuer()) else {
        let reason = format!(
            "issuer {:?} is not in the trust list (it may be newer than this list)",
            mark.issuer()
        );
        return Stage::Done(Outcome {
            unverified: Some(mark.into_claims()),
            ..base(Verdict::UnknownIssuer, reason, trust, when)
        });
    };
    let Some(key) = issuer.keys.iter().position(|k| k.key == mark.key()) else {
        let reason = format!(
            "{} has no key number {} in the trust list",
            issuer.id,
            mark.key()
        );
        return Stage::Done(Outcome {
            unverified: Some(mark.into_claims()),
            issuer: Some(issuer.clone()),
            ..base(Verdict::UnknownKey, reason, trust, when)
        });
    };
    Stage::AwaitingSignature(Pending {
        signature: mark.signature(),
        mark,
        issuer: issuer.clone(),
        key,
    })
}

/// The verdict once the signature is checked.
fn finish(p: Pending, signature_ok: bool, trust: &TrustData, when: CheckDates) -> Outcome {
    let Pending {
        mark, issuer, key, ..
    } = p;
    let key = &issuer.keys[key];
    let with_issuer = |code, reason| Outcome {
        issuer: Some(issuer.clone()),
        ..base(code, reason, trust, when)
    };
    if !signature_ok {
        let reason = format!(
            "the signature does not match {} key {}: the content was changed or not signed by the issuer",
            issuer.id, key.key
        );
        return Outcome {
            unverified: Some(mark.into_claims()),
            ..with_issuer(Verdict::Forged, reason)
        };
    }
    let claims = mark.into_claims();
    let list = trust.revocations();
    // An exact list answers only for the marks its register covers; for others it
    // knows nothing, and says so.
    let covered = list.covers(&claims.issuer, claims.valid_from);
    let revocation = covered
        .then(|| list.lookup_mark(&claims.issuer, &claims.cert, claims.valid_from))
        .flatten();
    let (code, reason) = decide(&issuer, key, &claims, revocation.as_ref(), when.as_of);
    let mut outcome = Outcome {
        claims: Some(claims),
        revocation,
        ..with_issuer(code, reason)
    };
    if let (false, Some(exact)) = (covered, list.exact()) {
        outcome.warnings.push(Warning::NotCovered {
            register: exact.as_of(),
        });
    }
    outcome
}

/// The checks after the signature, in the format's order.
fn decide(
    issuer: &Issuer,
    key: &IssuerKey,
    c: &Claims,
    revocation: Option<&Entry>,
    as_of: Date,
) -> (Verdict, String) {
    if !key.may_sign(c.valid_from) {
        let why = match key.revoked_from {
            Some(r) if c.valid_from >= r => format!("the key was revoked from {r}"),
            _ => format!(
                "the key may only sign marks starting {} to {}",
                key.signs_from, key.signs_until
            ),
        };
        return (
            Verdict::KeyNotValid,
            format!(
                "{} key {} may not sign a mark valid from {}: {why}",
                issuer.id, key.key, c.valid_from
            ),
        );
    }
    if !issuer.schemes.contains(&c.scheme) {
        return (
            Verdict::NotAccredited,
            format!(
                "{} is not accredited for the scheme {:?}",
                issuer.id, c.scheme
            ),
        );
    }
    if let Some(e) = revocation.filter(|e| as_of >= e.since) {
        let (code, word) = match e.status {
            Status::Withdrawn => (Verdict::Withdrawn, "withdrawn"),
            Status::Suspended => (Verdict::Suspended, "suspended"),
        };
        return (
            code,
            format!("certificate {} was {word} on {}", c.cert, e.since),
        );
    }
    if as_of < c.valid_from {
        return (
            Verdict::NotYetValid,
            format!("the certification starts on {}", c.valid_from),
        );
    }
    if as_of > c.valid_to {
        return (
            Verdict::Expired,
            format!("the certification ended on {}", c.valid_to),
        );
    }
    (
        Verdict::Valid,
        format!(
            "{} certified this holder and scope under {} until {}",
            issuer.id, c.scheme, c.valid_to
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_ranks_of_every_verdict() {
        let table: Vec<(&str, &str, bool, u8)> = Verdict::ALL
            .iter()
            .map(|v| (v.code(), v.kind().code(), v.is_readable(), v.rank()))
            .collect();
        assert_eq!(
            table,
            [
                ("not-a-mark", "unsure", false, 1),
                ("unsupported", "unsure", false, 1),
                ("malformed", "bad", false, 1),
                ("unknown-issuer", "unsure", true, 2),
                ("unknown-key", "unsure", true, 2),
                ("forged", "bad", true, 0),
                ("key-not-valid", "bad", true, 0),
                ("not-accredited", "bad", true, 0),
                ("withdrawn", "bad", true, 0),
                ("suspended", "bad", true, 0),
                ("not-yet-valid", "unsure", true, 2),
                ("expired", "unsure", true, 2),
                ("valid", "good", true, 3),
            ]
        );
        for v in Verdict::ALL {
            assert_eq!(Verdict::from_code(v.code()), Some(v));
            assert_eq!(serde_json::to_value(v).unwrap(), v.code());
        }
    }

    #[test]
    fn warnings_by_code() {
        let day = Date(20_000);
        for (n, w) in [
            Warning::TrustDataExpired { expires: day },
            Warning::ClockBeforeIssued { issued: day },
            Warning::NotCovered { register: day },
        ]
        .iter()
        .enumerate()
        {
            assert_eq!(serde_json::to_value(w).unwrap()["code"], w.code());
            assert_eq!(Warning::CODES[n], w.code());
        }
    }
}
