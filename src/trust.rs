//! The signed trust list: the issuers a verifier trusts, their accreditation, schemes
//! and signing keys with the windows in which each may sign.

use std::collections::HashSet;
use std::sync::Arc;

use ed25519_dalek::VerifyingKey;
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::list::{decode_key, ListError, ListProblem};

/// The `format` value of a version-1 trust list.
pub const FORMAT: &str = "certmark-trust-list/1";
/// Domain separation for trust list signatures; a zero byte follows it.
pub const SIGNING_CONTEXT: &[u8] = b"certmark/trust-list/v1";
/// Largest trust list accepted, in bytes.
pub const MAX_BYTES: usize = 4 << 20;

/// Whether demo issuers, whose secret keys are public, may be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Demo {
    /// Refuse any list holding a demo issuer (a build for real use).
    Refuse,
    /// Accept them; every verdict then says DEMO.
    Allow,
}

/// An issuer's name in both languages of the verifier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Names {
    /// English.
    pub en: String,
    /// Simplified Chinese.
    pub zh: String,
}

/// One signing key of an issuer, with the window in which it may sign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuerKey {
    /// Key number, as marks name it.
    pub key: u64,
    /// The public key.
    pub public_key: VerifyingKey,
    /// First day a mark signed with this key may start (`valid_from`).
    pub signs_from: Date,
    /// Last day a mark signed with this key may start.
    pub signs_until: Date,
    /// From this day on, marks starting then or later are refused (key compromised).
    pub revoked_from: Option<Date>,
}

impl IssuerKey {
    /// Whether a mark whose validity starts on `valid_from` may carry this key's signature.
    pub fn may_sign(&self, valid_from: Date) -> bool {
        (self.signs_from..=self.signs_until).contains(&valid_from)
            && self.revoked_from.is_none_or(|r| valid_from < r)
    }

    /// The last day a mark may start under this key, counting `revoked_from`.
    fn effective_until(&self) -> Option<Date> {
        match self.revoked_from {
            Some(r) if r <= self.signs_until => r.0.checked_sub(1).map(Date),
            _ => Some(self.signs_until),
        }
    }
}

/// A certification body in the trust list. What users see of an issuer (name,
/// accreditation) comes from here, never from a mark.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Issuer {
    /// Id, as marks name it.
    pub id: String,
    /// Display names.
    pub name: Names,
    /// ISO 3166 country code.
    pub country: String,
    /// Accreditation reference (e.g. a CNCA approval number).
    pub accreditation: String,
    /// Schemes the issuer is accredited for.
    pub schemes: Vec<String>,
    /// Whether this is a demo issuer whose secret keys are public.
    pub demo: bool,
    /// Signing keys.
    #[serde(skip)]
    pub keys: Vec<IssuerKey>,
}

impl Issuer {
    /// The key with this number.
    pub fn key(&self, key: u64) -> Option<&IssuerKey> {
        self.keys.iter().find(|k| k.key == key)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListJson {
    format: String,
    sequence: u64,
    issued: Date,
    expires: Date,
    issuers: Vec<IssuerJson>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IssuerJson {
    id: String,
    name: Names,
    country: String,
    accreditation: String,
    schemes: Vec<String>,
    keys: Vec<KeyJson>,
    #[serde(default)]
    demo: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyJson {
    key: u64,
    public_key: String,
    signs_from: Date,
    signs_until: Date,
    #[serde(default)]
    revoked_from: Option<Date>,
}

/// A parsed trust list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustList {
    /// Increases with every published list.
    pub sequence: u64,
    /// Day of publication; a device date before it means a wrong clock.
    pub issued: Date,
    /// After this day verifiers warn that the trust data is old.
    pub expires: Date,
    issuers: Vec<Arc<Issuer>>,
}

impl TrustList {
    /// Parses a trust list's JSON bytes strictly (no signature check; see
    /// [`crate::trust_data::TrustData::load`] for that).
    ///
    /// # Errors
    /// Bad JSON or format, duplicate ids or key numbers, invalid or weak keys, and
    /// [`ListError::DemoRefused`] for a demo issuer under [`Demo::Refuse`].
    pub fn parse(bytes: &[u8], demo: Demo) -> Result<TrustList, ListError> {
        if bytes.len() > MAX_BYTES {
            return Err(ListError::TooLarge { limit: MAX_BYTES });
        }
        let json: ListJson = serde_json::from_slice(bytes).map_err(ListError::json)?;
        if json.format != FORMAT {
            return Err(ListError::Format {
                found: json.format,
                expected: FORMAT,
            });
        }
        let mut issuers = Vec::with_capacity(json.issuers.len());
        let mut ids = HashSet::new();
        for i in json.issuers {
            if i.id.is_empty() {
                return Err(ListError::EmptyIssuerId);
            }
            if !ids.insert(i.id.clone()) {
                return Err(ListError::DuplicateIssuer { issuer: i.id });
            }
            if i.demo && demo == Demo::Refuse {
                return Err(ListError::DemoRefused { issuer: i.id });
            }
            let mut keys: Vec<IssuerKey> = Vec::with_capacity(i.keys.len());
            for k in i.keys {
                if keys.iter().any(|seen| seen.key == k.key) {
                    return Err(ListError::DuplicateKey {
                        issuer: i.id,
                        key: k.key,
                    });
                }
                keys.push(IssuerKey {
                    key: k.key,
                    public_key: decode_key(&k.public_key, &i.id, k.key)?,
                    signs_from: k.signs_from,
                    signs_until: k.signs_until,
                    revoked_from: k.revoked_from,
                });
            }
            issuers.push(Arc::new(Issuer {
                id: i.id,
                name: i.name,
                country: i.country,
                accreditation: i.accreditation,
                schemes: i.schemes,
                demo: i.demo,
                keys,
            }));
        }
        issuers.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(TrustList {
            sequence: json.sequence,
            issued: json.issued,
            expires: json.expires,
            issuers,
        })
    }

    /// A list from issuers already sorted by id, no two alike (the caller checked:
    /// [`crate::trust_data::snapshot`]).
    pub(crate) fn from_sorted(
        sequence: u64,
        issued: Date,
        expires: Date,
        issuers: Vec<Arc<Issuer>>,
    ) -> TrustList {
        TrustList {
            sequence,
            issued,
            expires,
            issuers,
        }
    }

    /// The issuer with this id (shared, so outcomes can hold it without a copy).
    pub fn issuer(&self, id: &str) -> Option<&Arc<Issuer>> {
        self.issuers
            .binary_search_by(|i| i.id.as_str().cmp(id))
            .ok()
            .map(|n| &self.issuers[n])
    }

    /// All issuers, sorted by id.
    pub fn issuers(&self) -> &[Arc<Issuer>] {
        &self.issuers
    }

    /// Whether any issuer is a demo issuer.
    pub fn has_demo(&self) -> bool {
        self.issuers.iter().any(|i| i.demo)
    }

    /// What an issuer should fix before publishing this list (parsing already refused
    /// duplicates and bad keys): sequence and dates against `previous` and `today`, key
    /// windows that are empty or overlap, issuers with no scheme, key or name.
    pub fn lint(&self, previous: Option<&TrustList>, today: Date) -> Vec<ListProblem> {
        let mut out = Vec::new();
        if self.expires <= self.issued {
            out.push(ListProblem::ExpiresNotAfterIssued {
                issued: self.issued,
                expires: self.expires,
            });
        }
        if self.issued > today {
            out.push(ListProblem::IssuedInFuture {
                issued: self.issued,
            });
        }
        if self.expires <= today {
            out.push(ListProblem::AlreadyExpired {
                expires: self.expires,
            });
        }
        if let Some(prev) = previous {
            if self.sequence <= prev.sequence {
                out.push(ListProblem::SequenceNotIncreased {
                    sequence: self.sequence,
                    previous: prev.sequence,
                });
            }
            if self.issued < prev.issued {
                out.push(ListProblem::IssuedBeforePrevious {
                    issued: self.issued,
                    previous: prev.issued,
                });
            }
        }
        for i in &self.issuers {
            if i.schemes.is_empty()
                || i.keys.is_empty()
                || i.name.en.is_empty()
                || i.name.zh.is_empty()
            {
                out.push(ListProblem::IncompleteIssuer {
                    issuer: i.id.clone(),
                });
            }
            for k in &i.keys {
                if k.signs_until < k.signs_from {
                    out.push(ListProblem::EmptyWindow {
                        issuer: i.id.clone(),
                        key: k.key,
                    });
                }
            }
            for (n, a) in i.keys.iter().enumerate() {
                for b in &i.keys[n + 1..] {
                    let (Some(a_end), Some(b_end)) = (a.effective_until(), b.effective_until())
                    else {
                        continue;
                    };
                    if a.signs_from <= b_end && b.signs_from <= a_end {
                        out.push(ListProblem::OverlappingWindows {
                            issuer: i.id.clone(),
                            keys: (a.key, b.key),
                        });
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::list::encode_public_key;
    use ed25519_dalek::SigningKey;

    fn key(seed: u8) -> String {
        encode_public_key(&SigningKey::from_bytes(&[seed; 32]).verifying_key())
    }

    /// A list of `issuers` (JSON objects) with the given sequence and dates.
    fn list(sequence: u64, issued: &str, expires: &str, issuers: &[String]) -> String {
        format!(
            r#"{{"format":"certmark-trust-list/1","sequence":{sequence},"issued":"{issued}","expires":"{expires}","issuers":[{}]}}"#,
            issuers.join(",")
        )
    }

    /// An issuer; `keys` are (number, seed, signs_from, signs_until).
    fn issuer(id: &str, demo: bool, keys: &[(u64, u8, &str, &str)]) -> String {
        let keys: Vec<String> = keys
            .iter()
            .map(|(n, seed, from, until)| {
                format!(
                    r#"{{"key":{n},"public_key":"{}","signs_from":"{from}","signs_until":"{until}"}}"#,
                    key(*seed)
                )
            })
            .collect();
        format!(
            r#"{{"id":"{id}","name":{{"en":"E","zh":"中"}},"country":"CN","accreditation":"A","schemes":["CCC"],"demo":{demo},"keys":[{}]}}"#,
            keys.join(",")
        )
    }

    fn good() -> String {
        issuer("CQC", false, &[(1, 2, "2024-01-01", "2028-12-31")])
    }

    fn parse(json: &str) -> Result<TrustList, ListError> {
        TrustList::parse(json.as_bytes(), Demo::Refuse)
    }

    fn code(json: &str) -> &'static str {
        parse(json).map(|_| "ok").unwrap_or_else(|e| e.code())
    }

    #[test]
    fn parse_errors_by_code() {
        let ok = list(1, "2026-01-01", "2027-01-01", &[good()]);
        assert_eq!(code(&ok), "ok");
        assert_eq!(code("{"), "json");
        assert_eq!(code(&ok.replace("trust-list/1", "trust-list/2")), "format");
        assert_eq!(code(&ok.replace("\"CQC\"", "\"\"")), "empty-issuer-id");
        assert_eq!(
            code(&list(1, "2026-01-01", "2027-01-01", &[good(), good()])),
            "duplicate-issuer"
        );
        let twice = issuer(
            "CQC",
            false,
            &[
                (1, 2, "2024-01-01", "2025-01-01"),
                (1, 3, "2025-01-02", "2026-01-01"),
            ],
        );
        assert_eq!(
            code(&list(1, "2026-01-01", "2027-01-01", &[twice])),
            "duplicate-key"
        );
        let demo = issuer("DEMO", true, &[(1, 2, "2024-01-01", "2028-12-31")]);
        let with_demo = list(1, "2026-01-01", "2027-01-01", &[demo]);
        assert_eq!(code(&with_demo), "demo-refused");
        assert!(TrustList::parse(with_demo.as_bytes(), Demo::Allow).is_ok());
        assert_eq!(code(&ok.replace(&key(2), "AAAA")), "bad-public-key");
        let weak = encode_public_key(&VerifyingKey::from_bytes(&[0; 32]).unwrap());
        assert_eq!(code(&ok.replace(&key(2), &weak)), "weak-key");
        let huge = format!("{ok}{}", " ".repeat(MAX_BYTES));
        assert_eq!(code(&huge), "too-large");
    }

    #[test]
    fn lint_problems_by_code() {
        let codes = |l: &TrustList, prev: Option<&TrustList>| -> Vec<&'static str> {
            l.lint(prev, "2026-06-01".parse().unwrap())
                .iter()
                .map(ListProblem::code)
                .collect()
        };
        let sound = parse(&list(2, "2026-01-01", "2027-01-01", &[good()])).unwrap();
        assert!(codes(&sound, None).is_empty());
        let later = parse(&list(2, "2026-02-01", "2027-01-01", &[good()])).unwrap();
        assert_eq!(
            codes(&sound, Some(&later)),
            ["sequence-not-increased", "issued-before-previous"]
        );
        let future = parse(&list(3, "2026-07-01", "2027-01-01", &[good()])).unwrap();
        assert_eq!(codes(&future, None), ["issued-in-future"]);
        let backwards = parse(&list(3, "2026-01-01", "2026-01-01", &[good()])).unwrap();
        assert_eq!(
            codes(&backwards, None),
            ["expires-not-after-issued", "already-expired"]
        );
        let empty_window = issuer("CQC", false, &[(1, 2, "2025-01-01", "2024-01-01")]);
        let overlap = issuer(
            "ISO",
            false,
            &[
                (1, 2, "2024-01-01", "2026-01-01"),
                (2, 3, "2025-06-01", "2028-01-01"),
            ],
        );
        let no_keys = issuer("GRN", false, &[]);
        let l = parse(&list(
            4,
            "2026-01-01",
            "2027-01-01",
            &[empty_window, overlap, no_keys],
        ))
        .unwrap();
        assert_eq!(
            codes(&l, None),
            ["empty-window", "incomplete-issuer", "overlapping-windows"]
        );
    }

    #[test]
    fn issuers_are_found_by_id_and_keys_by_number() {
        let l = parse(&list(
            1,
            "2026-01-01",
            "2027-01-01",
            &[
                good(),
                issuer("ABC", false, &[(7, 4, "2024-01-01", "2028-12-31")]),
            ],
        ))
        .unwrap();
        assert_eq!(
            l.issuers()
                .iter()
                .map(|i| i.id.as_str())
                .collect::<Vec<_>>(),
            ["ABC", "CQC"]
        );
        let cqc = l.issuer("CQC").unwrap();
        assert!(cqc.key(1).is_some() && cqc.key(2).is_none());
        assert!(l.issuer("XYZ").is_none());
        assert!(!l.has_demo());
    }
}
