//! # certmark: signed certification marks, checked offline
//!
//! A certification body (the *issuer*) signs a mark with Ed25519; the mark travels as a
//! QR code; anyone checks it against a signed list of issuer keys, with no server.
//!
//! The pieces, named after the format (see `docs/format.md`):
//! - [`mark`]: the bytes, the strict CBOR body and the two string forms. No crypto.
//! - [`list`]: what both signed lists share: pinned roots, detached signatures, the key
//!   check, list errors and the problems to fix before publishing.
//! - [`trust`]: the signed trust list of issuers and their keys.
//! - [`trust_data`]: [`TrustData`], roots and both lists checked, the bundle a verifier
//!   checks against (the build embeds one: [`TrustData::bundled`]), and its updates.
//! - [`revocation`]: the signed list of withdrawn and suspended certificates.
//! - [`verify`](mod@verify): the policy that turns a string into one [`Verdict`].
//! - [`signature`]: the Ed25519 check, one mark at a time or in batches, same answers.
//! - [`stock`]: stock checks: the marks in a file, and a report that counts, flags copied
//!   unit marks and exports CSV and JSON ([`csv`]: the CSV reader and writer).
//! - [`scan`]: QR codes out of pixel buffers.
//! - [`display`]: how mark text is shown to people (hidden characters written out).
//! - [`date`]: days since 1970, because the check date is always a parameter.
//!
//! ## A round trip
//!
//! An issuer signs, a root publishes the trust list, a verifier checks:
//!
//! ```
//! use certmark::{verify, CheckDates, Claims, Date, Demo, Mark, SigningKey, TrustData,
//!                TrustFiles, Verdict};
//! use certmark::{list, revocation, trust};
//!
//! let root = SigningKey::from_bytes(&[1; 32]);
//! let issuer = SigningKey::from_bytes(&[2; 32]);
//! let roots = format!(r#"{{"format":"certmark-roots/1","roots":[{{"name":"Example root","public_key":"{}"}}]}}"#,
//!     list::encode_public_key(&root.verifying_key()));
//! let list = format!(r#"{{"format":"certmark-trust-list/1","sequence":1,"issued":"2026-01-01",
//!   "expires":"2027-01-01","issuers":[{{"id":"CQC","name":{{"en":"Example","zh":"示例"}},
//!   "country":"CN","accreditation":"CNCA-R-0000-000","schemes":["CCC"],
//!   "keys":[{{"key":1,"public_key":"{}","signs_from":"2024-01-01","signs_until":"2028-12-31"}}]}}]}}"#,
//!     list::encode_public_key(&issuer.verifying_key()));
//! let revs = r#"{"format":"certmark-revocations/1","sequence":1,"issued":"2026-01-01","entries":[]}"#;
//! // The root signs each list; the signature files travel beside the lists.
//! let list_sig = list::sign_detached(trust::SIGNING_CONTEXT, list.as_bytes(), &root).expect("a key signs");
//! let revs_sig = list::sign_detached(revocation::SIGNING_CONTEXT, revs.as_bytes(), &root).expect("a key signs");
//! let files = TrustFiles {
//!     roots: roots.as_bytes(),
//!     trust_list: list.as_bytes(),
//!     trust_list_sig: list_sig.as_bytes(),
//!     revocations: revs.as_bytes(),
//!     revocations_sig: revs_sig.as_bytes(),
//! };
//! let trust = TrustData::load(&files, Demo::Refuse).expect("signed by the root");
//!
//! let claims = Claims {
//!     issuer: "CQC".into(), key: 1, cert: "2026010901234567".into(),
//!     holder: "深圳示例电器有限公司".into(), scheme: "CCC".into(), scope: "电热水壶 DK-1500".into(),
//!     valid_from: "2026-01-10".parse()?, valid_to: "2031-01-09".parse()?,
//!     serial: None, extra: vec![],
//! };
//! let mark = Mark::sign(&claims, &issuer)?;
//! let link = mark.to_link("https://verify.example/");       // what the QR code holds
//! let when = CheckDates::today("2026-11-21".parse()?);
//!
//! let outcome = verify(&link, &trust, when);
//! assert_eq!(outcome.verdict, Verdict::Valid);
//! assert_eq!(outcome.claims.as_ref().map(|c| c.holder.as_str()), Some("深圳示例电器有限公司"));
//!
//! // One changed byte and the signature no longer matches.
//! let mut bytes = mark.bytes().to_vec();
//! bytes[20] ^= 1;
//! let tampered = certmark::mark::encode_text(&bytes);
//! let outcome = verify(&tampered, &trust, when);
//! assert_eq!(outcome.verdict, Verdict::Forged);
//! assert!(outcome.claims.is_none() && outcome.unverified.is_some());
//!
//! // The same mark, checked as of a later day, has expired; other text is no mark at all.
//! let later = CheckDates { as_of: Date::from_ymd(2031, 1, 10).unwrap(), ..when };
//! assert_eq!(verify(&link, &trust, later).verdict, Verdict::Expired);
//! assert_eq!(verify("https://example.com/", &trust, when).verdict.code(), "not-a-mark");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod cbor;
pub mod code;
pub mod csv;
pub mod date;
pub mod display;
pub mod list;
pub mod mark;
pub mod revocation;
pub mod scan;
pub mod signature;
pub mod stock;
pub mod trust;
pub mod trust_data;
pub mod verify;
pub mod words;

/// `context || 0x00 || data`: the domain-separated message every certmark signature
/// covers (marks, trust lists, revocation lists), so one kind can never pass for another.
pub(crate) fn domain_separated(context: &[u8], data: &[u8]) -> Vec<u8> {
    let mut msg = Vec::with_capacity(context.len() + 1 + data.len());
    msg.extend_from_slice(context);
    msg.push(0);
    msg.extend_from_slice(data);
    msg
}

pub use date::Date;
pub use ed25519_dalek::{SigningKey, VerifyingKey};
pub use mark::{Claims, Mark, MarkError, SignError};
pub use trust::Demo;
pub use trust_data::{TrustData, TrustFiles};
pub use verify::{verify, CheckDates, Outcome, Verdict, Warning};
