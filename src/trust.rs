//! Trust data: the pinned roots, the signed trust list of issuers and their keys, and the
//! bundle of both lists that a verifier checks marks against.
//!
//! Lists are human-edited JSON, signed detached by a root: the signature covers
//! `context || 0x00 || the exact file bytes`, so no re-serialisation can differ from
//! what the root signed.

use core::fmt;
use std::collections::HashSet;
use std::sync::Arc;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::revocation::{self, RevocationList};

/// The `format` value of a version-1 trust list.
pub const FORMAT: &str = "certmark-trust-list/1";
/// The `format` value of a roots file.
pub const ROOTS_FORMAT: &str = "certmark-roots/1";
/// Domain separation for trust list signatures; a zero byte follows it.
pub const SIGNING_CONTEXT: &[u8] = b"certmark/trust-list/v1";
/// Largest trust list or roots file accepted, in bytes.
pub const MAX_BYTES: usize = 4 << 20;

/// Why trust data (roots, a trust list, a revocation list or a signature) was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TrustError {
    /// Larger than the limit for its kind.
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// Not JSON of the expected shape (syntax, a missing or unknown field, a bad date…).
    Json {
        /// The parser's message, with line and column.
        message: String,
    },
    /// The `format` field names another format.
    Format {
        /// What the file says.
        found: String,
        /// What was expected.
        expected: &'static str,
    },
    /// A public key that is not base64 of 32 bytes, or not a point on the curve.
    BadPublicKey {
        /// Issuer id or root name.
        owner: String,
        /// Key number (0 for roots).
        key: u64,
    },
    /// A small-order ("weak") public key, for which forgeries are easy, or one with a
    /// small-order component, under which batch and single checks could disagree.
    WeakKey {
        /// Issuer id or root name.
        owner: String,
        /// Key number (0 for roots).
        key: u64,
    },
    /// Two issuers with one id.
    DuplicateIssuer {
        /// The id.
        issuer: String,
    },
    /// Two keys with one number within an issuer.
    DuplicateKey {
        /// The issuer id.
        issuer: String,
        /// The key number.
        key: u64,
    },
    /// An empty issuer id.
    EmptyIssuerId,
    /// A demo issuer in a list for real use; allow demo issuers to accept it.
    DemoRefused {
        /// The demo issuer's id.
        issuer: String,
    },
    /// One certificate listed twice in a revocation list.
    DuplicateEntry {
        /// The issuer id.
        issuer: String,
        /// The certificate number.
        cert: String,
    },
    /// A roots file with no root.
    NoRoots,
    /// A `.sig` file that is not base64 of 64 bytes (a trailing newline is fine).
    BadSignatureFile,
    /// No pinned root's signature matches the file: tampered, or signed by another root.
    SignatureMismatch,
    /// A compact revocation list that breaks a rule of its layout.
    BadCompact {
        /// The rule broken.
        problem: &'static str,
    },
}

impl TrustError {
    pub(crate) fn json(e: serde_json::Error) -> TrustError {
        TrustError::Json {
            message: e.to_string(),
        }
    }

    /// A short stable identifier of the error, for tests and machine output.
    pub fn code(&self) -> &'static str {
        match self {
            TrustError::TooLarge { .. } => "too-large",
            TrustError::Json { .. } => "json",
            TrustError::Format { .. } => "format",
            TrustError::BadPublicKey { .. } => "bad-public-key",
            TrustError::WeakKey { .. } => "weak-key",
            TrustError::DuplicateIssuer { .. } => "duplicate-issuer",
            TrustError::DuplicateKey { .. } => "duplicate-key",
            TrustError::EmptyIssuerId => "empty-issuer-id",
            TrustError::DemoRefused { .. } => "demo-refused",
            TrustError::DuplicateEntry { .. } => "duplicate-entry",
            TrustError::NoRoots => "no-roots",
            TrustError::BadSignatureFile => "bad-signature-file",
            TrustError::SignatureMismatch => "signature-mismatch",
            TrustError::BadCompact { .. } => "bad-compact",
        }
    }
}

impl fmt::Display for TrustError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use TrustError::*;
        match self {
            TooLarge { limit } => write!(f, "larger than {limit} bytes"),
            Json { message } => write!(f, "not valid JSON for this file: {message}"),
            Format { found, expected } => write!(f, "format is {found:?}, expected {expected:?}"),
            BadPublicKey { owner, key } => {
                write!(f, "{owner} key {key}: public key is not base64 of a canonically encoded 32-byte Ed25519 key")
            }
            WeakKey { owner, key } => write!(
                f,
                "{owner} key {key}: weak public key (small order, or a small-order component)"
            ),
            DuplicateIssuer { issuer } => write!(f, "issuer {issuer:?} is listed twice"),
            DuplicateKey { issuer, key } => write!(f, "issuer {issuer:?} lists key {key} twice"),
            EmptyIssuerId => write!(f, "an issuer has an empty id"),
            DemoRefused { issuer } => write!(
                f,
                "issuer {issuer:?} is a demo issuer, refused outside a demo build (allow demo issuers to accept it)"
            ),
            DuplicateEntry { issuer, cert } => {
                write!(f, "certificate {cert:?} of {issuer:?} is listed twice")
            }
            NoRoots => write!(f, "no root keys"),
            BadSignatureFile => write!(f, "signature file is not base64 of 64 bytes"),
            SignatureMismatch => write!(f, "signature does not match any pinned root key"),
            BadCompact { problem } => write!(f, "not a valid compact revocation list: {problem}"),
        }
    }
}

impl std::error::Error for TrustError {}

/// Whether demo issuers, whose secret keys are public, may be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Demo {
    /// Refuse any list holding a demo issuer (a build for real use).
    Refuse,
    /// Accept them; every verdict then says DEMO.
    Allow,
}

/// Why 32 bytes are not an issuer key a trust list accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyProblem {
    /// Not a curve point, or not the canonical encoding of one (one key, two spellings,
    /// two different message hashes).
    Encoding,
    /// A point of small order, for which forgeries are easy, or one with a small-order
    /// component, under which batch and single checks could disagree.
    Weak,
}

/// The check every key of a trust list passes, for keys from elsewhere (test sets).
///
/// ```
/// use certmark::trust::{issuer_key, KeyProblem};
/// assert_eq!(issuer_key(&[0; 32]).err(), Some(KeyProblem::Weak)); // order 4
/// let mut one = [0; 32];
/// one[0] = 1;
/// assert_eq!(issuer_key(&one).err(), Some(KeyProblem::Weak)); // the identity
/// one[31] = 0x80;
/// assert_eq!(issuer_key(&one).err(), Some(KeyProblem::Encoding)); // -0 for x
/// ```
///
/// # Errors
/// See [`KeyProblem`].
pub fn issuer_key(bytes: &[u8; 32]) -> Result<VerifyingKey, KeyProblem> {
    let vk = VerifyingKey::from_bytes(bytes).map_err(|_| KeyProblem::Encoding)?;
    let point = vk.to_edwards();
    if point.compress().to_bytes() != *bytes {
        return Err(KeyProblem::Encoding);
    }
    if vk.is_weak() || !point.is_torsion_free() {
        return Err(KeyProblem::Weak);
    }
    Ok(vk)
}

/// Decodes standard base64 (with padding) of a 32-byte key that [`issuer_key`] accepts
/// (see [`crate::signature`]).
fn public_key(b64: &str, owner: &str, key: u64) -> Result<VerifyingKey, TrustError> {
    let bytes: [u8; 32] = STANDARD
        .decode(b64)
        .ok()
        .and_then(|v| v.try_into().ok())
        .ok_or_else(|| TrustError::BadPublicKey {
            owner: owner.to_owned(),
            key,
        })?;
    issuer_key(&bytes).map_err(|problem| {
        let owner = owner.to_owned();
        match problem {
            KeyProblem::Encoding => TrustError::BadPublicKey { owner, key },
            KeyProblem::Weak => TrustError::WeakKey { owner, key },
        }
    })
}

/// The pinned root keys that sign trust lists and revocation lists.
#[derive(Clone, Debug)]
pub struct Roots {
    roots: Vec<(String, VerifyingKey)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RootsJson {
    format: String,
    roots: Vec<RootJson>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RootJson {
    name: String,
    public_key: String,
}

impl Roots {
    /// Parses `roots.json`.
    ///
    /// # Errors
    /// Bad JSON, another format, no roots, or an invalid or weak key.
    pub fn parse(bytes: &[u8]) -> Result<Roots, TrustError> {
        if bytes.len() > MAX_BYTES {
            return Err(TrustError::TooLarge { limit: MAX_BYTES });
        }
        let json: RootsJson = serde_json::from_slice(bytes).map_err(TrustError::json)?;
        if json.format != ROOTS_FORMAT {
            return Err(TrustError::Format {
                found: json.format,
                expected: ROOTS_FORMAT,
            });
        }
        if json.roots.is_empty() {
            return Err(TrustError::NoRoots);
        }
        let roots = json
            .roots
            .into_iter()
            .map(|r| Ok((r.name.clone(), public_key(&r.public_key, &r.name, 0)?)))
            .collect::<Result<_, TrustError>>()?;
        Ok(Roots { roots })
    }

    /// Root names, in file order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.roots.iter().map(|(n, _)| n.as_str())
    }

    /// Checks a detached signature file (base64, optional trailing newline) over
    /// `context || 0x00 || data` against every root, strictly. Returns the signature.
    ///
    /// # Errors
    /// [`TrustError::BadSignatureFile`] or [`TrustError::SignatureMismatch`].
    pub fn check_detached(
        &self,
        context: &[u8],
        data: &[u8],
        sig: &[u8],
    ) -> Result<[u8; 64], TrustError> {
        let sig = sig.strip_suffix(b"\n").unwrap_or(sig);
        let sig = sig.strip_suffix(b"\r").unwrap_or(sig);
        let bytes: [u8; 64] = STANDARD
            .decode(sig)
            .ok()
            .and_then(|v| v.try_into().ok())
            .ok_or(TrustError::BadSignatureFile)?;
        let sig = Signature::from_bytes(&bytes);
        let msg = crate::domain_separated(context, data);
        if self
            .roots
            .iter()
            .any(|(_, k)| k.verify_strict(&msg, &sig).is_ok())
        {
            Ok(bytes)
        } else {
            Err(TrustError::SignatureMismatch)
        }
    }
}

/// The content of a detached `.sig` file for `data`: base64 and a newline.
pub fn sign_detached(context: &[u8], data: &[u8], key: &SigningKey) -> String {
    let sig = key.sign(&crate::domain_separated(context, data));
    format!("{}\n", STANDARD.encode(sig.to_bytes()))
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
    /// [`TrustData::load`] for that).
    ///
    /// # Errors
    /// Bad JSON or format, duplicate ids or key numbers, invalid or weak keys, and
    /// [`TrustError::DemoRefused`] for a demo issuer under [`Demo::Refuse`].
    pub fn parse(bytes: &[u8], demo: Demo) -> Result<TrustList, TrustError> {
        if bytes.len() > MAX_BYTES {
            return Err(TrustError::TooLarge { limit: MAX_BYTES });
        }
        let json: ListJson = serde_json::from_slice(bytes).map_err(TrustError::json)?;
        if json.format != FORMAT {
            return Err(TrustError::Format {
                found: json.format,
                expected: FORMAT,
            });
        }
        let mut issuers = Vec::with_capacity(json.issuers.len());
        let mut ids = HashSet::new();
        for i in json.issuers {
            if i.id.is_empty() {
                return Err(TrustError::EmptyIssuerId);
            }
            if !ids.insert(i.id.clone()) {
                return Err(TrustError::DuplicateIssuer { issuer: i.id });
            }
            if i.demo && demo == Demo::Refuse {
                return Err(TrustError::DemoRefused { issuer: i.id });
            }
            let mut keys: Vec<IssuerKey> = Vec::with_capacity(i.keys.len());
            for k in i.keys {
                if keys.iter().any(|seen| seen.key == k.key) {
                    return Err(TrustError::DuplicateKey {
                        issuer: i.id,
                        key: k.key,
                    });
                }
                keys.push(IssuerKey {
                    key: k.key,
                    public_key: public_key(&k.public_key, &i.id, k.key)?,
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

/// Something to fix in a list before publishing it. Verifiers do not refuse these; the
/// issuer's tooling does, because each one confuses users or verifiers later.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ListProblem {
    /// The sequence must be higher than the published one, or verifiers will refuse the update.
    SequenceNotIncreased {
        /// This list's sequence.
        sequence: u64,
        /// The previous list's sequence.
        previous: u64,
    },
    /// Issued earlier than the previous list.
    IssuedBeforePrevious {
        /// This list's date.
        issued: Date,
        /// The previous list's date.
        previous: Date,
    },
    /// Issued after today: verifiers would report their clock as wrong.
    IssuedInFuture {
        /// The issued date.
        issued: Date,
    },
    /// `expires` is not after `issued`.
    ExpiresNotAfterIssued {
        /// The issued date.
        issued: Date,
        /// The expiry date.
        expires: Date,
    },
    /// Already past `expires`: every verifier would warn at once.
    AlreadyExpired {
        /// The expiry date.
        expires: Date,
    },
    /// `signs_until` before `signs_from`: the key can sign nothing.
    EmptyWindow {
        /// The issuer id.
        issuer: String,
        /// The key number.
        key: u64,
    },
    /// Two keys of one issuer may sign on the same day.
    OverlappingWindows {
        /// The issuer id.
        issuer: String,
        /// The two key numbers.
        keys: (u64, u64),
    },
    /// An issuer without a scheme, a key, or a name in both languages.
    IncompleteIssuer {
        /// The issuer id.
        issuer: String,
    },
    /// A withdrawal in the previous revocation list is missing (withdrawals are final).
    WithdrawalDropped {
        /// The issuer id.
        issuer: String,
        /// The certificate number.
        cert: String,
    },
    /// A revocation entry for an issuer not in the trust list.
    UnknownIssuer {
        /// The issuer id.
        issuer: String,
    },
}

impl fmt::Display for ListProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ListProblem::*;
        match self {
            SequenceNotIncreased { sequence, previous } => write!(
                f,
                "sequence {sequence} is not higher than the previous list's {previous}"
            ),
            IssuedBeforePrevious { issued, previous } => {
                write!(
                    f,
                    "issued {issued} is before the previous list's {previous}"
                )
            }
            IssuedInFuture { issued } => write!(f, "issued {issued} is in the future"),
            ExpiresNotAfterIssued { issued, expires } => {
                write!(f, "expires {expires} is not after issued {issued}")
            }
            AlreadyExpired { expires } => write!(f, "already expired on {expires}"),
            EmptyWindow { issuer, key } => {
                write!(f, "{issuer} key {key}: signs_until is before signs_from")
            }
            OverlappingWindows { issuer, keys } => write!(
                f,
                "{issuer} keys {} and {} may both sign on some days",
                keys.0, keys.1
            ),
            IncompleteIssuer { issuer } => {
                write!(f, "{issuer}: needs a scheme, a key and names in en and zh")
            }
            WithdrawalDropped { issuer, cert } => {
                write!(f, "withdrawn certificate {cert} of {issuer} is missing")
            }
            UnknownIssuer { issuer } => write!(f, "issuer {issuer} is not in the trust list"),
        }
    }
}

/// The five files of a trust directory, as bytes.
#[derive(Clone, Copy, Debug)]
pub struct TrustFiles<'a> {
    /// `roots.json`.
    pub roots: &'a [u8],
    /// `trust-list.json`.
    pub trust_list: &'a [u8],
    /// `trust-list.json.sig`.
    pub trust_list_sig: &'a [u8],
    /// `revocations.json`.
    pub revocations: &'a [u8],
    /// `revocations.json.sig`.
    pub revocations_sig: &'a [u8],
}

/// The file names of a trust directory.
pub const FILE_NAMES: [&str; 5] = [
    "roots.json",
    "trust-list.json",
    "trust-list.json.sig",
    "revocations.json",
    "revocations.json.sig",
];

/// A trust directory's error, naming the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustDirError {
    /// The file at fault, one of [`FILE_NAMES`].
    pub file: &'static str,
    /// What is wrong with it.
    pub error: TrustError,
}

impl fmt::Display for TrustDirError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.error)
    }
}

impl std::error::Error for TrustDirError {}

/// Everything a verifier checks marks against: roots, trust list, revocation list,
/// each list's signature already checked. Cheap to clone (the lists are shared), so an
/// update makes a new value and the old one stays whole until it is dropped.
#[derive(Clone, Debug)]
pub struct TrustData {
    roots: Arc<Roots>,
    list: Arc<TrustList>,
    revocations: Arc<RevocationList>,
    demo: Demo,
    signatures: Signatures,
}

/// The signatures of the two lists in use: an update carrying the same one is the same list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signatures {
    /// The trust list's.
    pub trust_list: [u8; 64],
    /// The revocation list's.
    pub revocations: [u8; 64],
}

/// Why an updated list was refused; the list in use stays.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UpdateError {
    /// Not signed by a pinned root (tampered, or another root), or not a valid list; the
    /// inner error says which.
    Invalid(TrustError),
    /// Signed and valid, but its sequence is not higher than the one in use: an old list
    /// offered again (a rollback), or a different list under a sequence already used.
    NotNewer {
        /// The offered list's sequence.
        sequence: u64,
        /// The sequence in use.
        in_use: u64,
    },
}

impl UpdateError {
    /// A short stable identifier: `not-newer`, or the inner [`TrustError::code`].
    pub fn code(&self) -> &'static str {
        match self {
            UpdateError::Invalid(e) => e.code(),
            UpdateError::NotNewer { .. } => "not-newer",
        }
    }
}

impl fmt::Display for UpdateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UpdateError::Invalid(e) => e.fmt(f),
            UpdateError::NotNewer { sequence, in_use } => write!(
                f,
                "sequence {sequence} is not higher than the {in_use} in use (an old list offered again?)"
            ),
        }
    }
}

impl std::error::Error for UpdateError {}

/// What an accepted update did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Updated {
    /// The list replaced the one in use.
    Replaced {
        /// The sequence it replaced.
        previous: u64,
    },
    /// The list is the one in use (same signature): nothing changed.
    AlreadyInUse,
}

impl TrustData {
    /// Checks and parses a trust directory's files: roots first, then each list's
    /// signature against the roots, then the list itself. `revocations.json` may also
    /// hold a compact list ([`revocation::compact`]).
    ///
    /// # Errors
    /// The first problem, naming its file.
    pub fn load(files: &TrustFiles<'_>, demo: Demo) -> Result<TrustData, TrustDirError> {
        let at = |file: &'static str| move |error| TrustDirError { file, error };
        let roots = Roots::parse(files.roots).map_err(at(FILE_NAMES[0]))?;
        let trust_list = roots
            .check_detached(SIGNING_CONTEXT, files.trust_list, files.trust_list_sig)
            .map_err(at(FILE_NAMES[2]))?;
        let list = TrustList::parse(files.trust_list, demo).map_err(at(FILE_NAMES[1]))?;
        let revocations_sig = roots
            .check_detached(
                revocation::signing_context(files.revocations),
                files.revocations,
                files.revocations_sig,
            )
            .map_err(at(FILE_NAMES[4]))?;
        let revocations = RevocationList::parse(files.revocations).map_err(at(FILE_NAMES[3]))?;
        Ok(TrustData {
            roots: Arc::new(roots),
            list: Arc::new(list),
            revocations: Arc::new(revocations),
            demo,
            signatures: Signatures {
                trust_list,
                revocations: revocations_sig,
            },
        })
    }

    /// The trust data compiled into this build (from `trust/`, or the directory named
    /// by `CERTMARK_TRUST_DIR` at build time), checked now.
    ///
    /// # Errors
    /// Only if the build embedded broken or unsigned data.
    pub fn bundled() -> Result<TrustData, TrustDirError> {
        TrustData::load(&BUNDLED, BUNDLED_DEMO)
    }

    /// This trust data with `list` as its trust list, if a pinned root signed it (`sig`
    /// is the `.sig` file's content), it parses under the same demo policy, and its
    /// sequence is higher than the one in use.
    ///
    /// # Errors
    /// See [`UpdateError`]; `self` is unchanged either way.
    pub fn with_trust_list(
        &self,
        list: &[u8],
        sig: &[u8],
    ) -> Result<(TrustData, Updated), UpdateError> {
        let in_use = (self.signatures.trust_list, self.list.sequence);
        let offered = self.check_update(
            SIGNING_CONTEXT,
            list,
            sig,
            in_use,
            |b| TrustList::parse(b, self.demo),
            |l| l.sequence,
        )?;
        let Some((parsed, signature)) = offered else {
            return Ok((self.clone(), Updated::AlreadyInUse));
        };
        let mut next = self.clone();
        next.list = Arc::new(parsed);
        next.signatures.trust_list = signature;
        Ok((next, Updated::Replaced { previous: in_use.1 }))
    }

    /// This trust data with `list` (JSON or compact) as its revocation list, under the
    /// same rules as [`TrustData::with_trust_list`].
    ///
    /// # Errors
    /// See [`UpdateError`]; `self` is unchanged either way.
    pub fn with_revocations(
        &self,
        list: &[u8],
        sig: &[u8],
    ) -> Result<(TrustData, Updated), UpdateError> {
        let in_use = (self.signatures.revocations, self.revocations.sequence);
        let offered = self.check_update(
            revocation::signing_context(list),
            list,
            sig,
            in_use,
            RevocationList::parse,
            |l| l.sequence,
        )?;
        let Some((parsed, signature)) = offered else {
            return Ok((self.clone(), Updated::AlreadyInUse));
        };
        let mut next = self.clone();
        next.revocations = Arc::new(parsed);
        next.signatures.revocations = signature;
        Ok((next, Updated::Replaced { previous: in_use.1 }))
    }

    /// The update rule, once for both lists: a pinned root's signature first; then, unless
    /// it is the list in use (`in_use`: its signature and sequence; `Ok(None)`), a list
    /// that parses and has a higher sequence. Returns it with its signature.
    fn check_update<L>(
        &self,
        context: &[u8],
        list: &[u8],
        sig: &[u8],
        in_use: ([u8; 64], u64),
        parse: impl FnOnce(&[u8]) -> Result<L, TrustError>,
        sequence: impl Fn(&L) -> u64,
    ) -> Result<Option<(L, [u8; 64])>, UpdateError> {
        let signature = self
            .roots
            .check_detached(context, list, sig)
            .map_err(UpdateError::Invalid)?;
        if signature == in_use.0 {
            return Ok(None);
        }
        let parsed = parse(list).map_err(UpdateError::Invalid)?;
        if sequence(&parsed) <= in_use.1 {
            return Err(UpdateError::NotNewer {
                sequence: sequence(&parsed),
                in_use: in_use.1,
            });
        }
        Ok(Some((parsed, signature)))
    }

    /// The pinned roots.
    pub fn roots(&self) -> &Roots {
        &self.roots
    }

    /// The trust list.
    pub fn list(&self) -> &TrustList {
        &self.list
    }

    /// The revocation list.
    pub fn revocations(&self) -> &RevocationList {
        &self.revocations
    }

    /// The signatures of the lists in use.
    pub fn signatures(&self) -> &Signatures {
        &self.signatures
    }

    /// Whether this is demo trust data: every verdict under it says DEMO.
    pub fn is_demo(&self) -> bool {
        self.list.has_demo()
    }
}

macro_rules! bundled_file {
    ($name:literal) => {
        include_bytes!(concat!(env!("CERTMARK_TRUST_PATH"), "/", $name))
    };
}

/// The bundled trust directory's files.
pub const BUNDLED: TrustFiles<'static> = TrustFiles {
    roots: bundled_file!("roots.json"),
    trust_list: bundled_file!("trust-list.json"),
    trust_list_sig: bundled_file!("trust-list.json.sig"),
    revocations: bundled_file!("revocations.json"),
    revocations_sig: bundled_file!("revocations.json.sig"),
};

/// Whether this build accepts demo issuers: yes for the default demo trust directory,
/// otherwise only if `CERTMARK_ALLOW_DEMO=1` was set at build time.
#[cfg(certmark_demo)]
pub const BUNDLED_DEMO: Demo = Demo::Allow;
/// Whether this build accepts demo issuers: yes for the default demo trust directory,
/// otherwise only if `CERTMARK_ALLOW_DEMO=1` was set at build time.
#[cfg(not(certmark_demo))]
pub const BUNDLED_DEMO: Demo = Demo::Refuse;

/// A public key as trust data writes it: standard base64 with padding.
pub fn encode_public_key(key: &VerifyingKey) -> String {
    STANDARD.encode(key.as_bytes())
}
