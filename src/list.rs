//! What the trust list and the revocation list share: the pinned roots that sign them,
//! detached signatures over the exact file bytes, the key check, the errors that refuse
//! a list and the problems an issuer fixes before publishing one.
//!
//! Lists are human-edited JSON, signed detached by a root: the signature covers
//! `context || 0x00 || the exact file bytes`, so no re-serialisation can differ from
//! what the root signed.

use core::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ed25519_dalek::{Signature, SignatureError, Signer, VerifyingKey};
use serde::Deserialize;

use crate::date::Date;

/// The `format` value of a roots file.
pub const ROOTS_FORMAT: &str = "certmark-roots/1";
/// Largest roots file accepted, in bytes.
pub const MAX_ROOTS_BYTES: usize = 4 << 20;

/// Why a list (roots, a trust list, a revocation list) or its signature was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ListError {
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

impl ListError {
    pub(crate) fn json(e: serde_json::Error) -> ListError {
        ListError::Json {
            message: e.to_string(),
        }
    }

    /// Every error's code, in declaration order (the pages' refusal words key on them).
    pub const CODES: [&'static str; 14] = [
        "too-large",
        "json",
        "format",
        "bad-public-key",
        "weak-key",
        "duplicate-issuer",
        "duplicate-key",
        "empty-issuer-id",
        "demo-refused",
        "duplicate-entry",
        "no-roots",
        "bad-signature-file",
        "signature-mismatch",
        "bad-compact",
    ];

    /// A short stable identifier of the error, for tests and machine output.
    pub fn code(&self) -> &'static str {
        match self {
            ListError::TooLarge { .. } => "too-large",
            ListError::Json { .. } => "json",
            ListError::Format { .. } => "format",
            ListError::BadPublicKey { .. } => "bad-public-key",
            ListError::WeakKey { .. } => "weak-key",
            ListError::DuplicateIssuer { .. } => "duplicate-issuer",
            ListError::DuplicateKey { .. } => "duplicate-key",
            ListError::EmptyIssuerId => "empty-issuer-id",
            ListError::DemoRefused { .. } => "demo-refused",
            ListError::DuplicateEntry { .. } => "duplicate-entry",
            ListError::NoRoots => "no-roots",
            ListError::BadSignatureFile => "bad-signature-file",
            ListError::SignatureMismatch => "signature-mismatch",
            ListError::BadCompact { .. } => "bad-compact",
        }
    }
}

impl fmt::Display for ListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ListError::*;
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

impl std::error::Error for ListError {}

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

/// Validates an issuer or root key: the check every key of a list passes, also for
/// keys from elsewhere (test sets).
///
/// ```
/// use certmark::list::{check_key, KeyProblem};
/// assert_eq!(check_key(&[0; 32]).err(), Some(KeyProblem::Weak)); // order 4
/// let mut one = [0; 32];
/// one[0] = 1;
/// assert_eq!(check_key(&one).err(), Some(KeyProblem::Weak)); // the identity
/// one[31] = 0x80;
/// assert_eq!(check_key(&one).err(), Some(KeyProblem::Encoding)); // -0 for x
/// ```
///
/// # Errors
/// See [`KeyProblem`].
pub fn check_key(bytes: &[u8; 32]) -> Result<VerifyingKey, KeyProblem> {
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

/// Decodes standard base64 (with padding) of a 32-byte key that [`check_key`] accepts
/// (see [`crate::signature`]).
pub(crate) fn decode_key(b64: &str, owner: &str, key: u64) -> Result<VerifyingKey, ListError> {
    let bytes: [u8; 32] = STANDARD
        .decode(b64)
        .ok()
        .and_then(|v| v.try_into().ok())
        .ok_or_else(|| ListError::BadPublicKey {
            owner: owner.to_owned(),
            key,
        })?;
    checked_key(&bytes, owner, key)
}

/// [`check_key`], its problem as the list error naming the key.
pub(crate) fn checked_key(
    bytes: &[u8; 32],
    owner: &str,
    key: u64,
) -> Result<VerifyingKey, ListError> {
    check_key(bytes).map_err(|problem| {
        let owner = owner.to_owned();
        match problem {
            KeyProblem::Encoding => ListError::BadPublicKey { owner, key },
            KeyProblem::Weak => ListError::WeakKey { owner, key },
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
    pub fn parse(bytes: &[u8]) -> Result<Roots, ListError> {
        if bytes.len() > MAX_ROOTS_BYTES {
            return Err(ListError::TooLarge {
                limit: MAX_ROOTS_BYTES,
            });
        }
        let json: RootsJson = serde_json::from_slice(bytes).map_err(ListError::json)?;
        if json.format != ROOTS_FORMAT {
            return Err(ListError::Format {
                found: json.format,
                expected: ROOTS_FORMAT,
            });
        }
        if json.roots.is_empty() {
            return Err(ListError::NoRoots);
        }
        let roots = json
            .roots
            .into_iter()
            .map(|r| Ok((r.name.clone(), decode_key(&r.public_key, &r.name, 0)?)))
            .collect::<Result<_, ListError>>()?;
        Ok(Roots { roots })
    }

    /// Roots already checked (names and keys, in file order).
    pub(crate) fn from_checked(roots: Vec<(String, VerifyingKey)>) -> Roots {
        Roots { roots }
    }

    /// Names and keys, in file order.
    pub(crate) fn keys(&self) -> &[(String, VerifyingKey)] {
        &self.roots
    }

    /// Root names, in file order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.roots.iter().map(|(n, _)| n.as_str())
    }

    /// Checks a detached signature file (base64, optional trailing newline) over
    /// `context || 0x00 || data` against every root, strictly. Returns the signature.
    ///
    /// # Errors
    /// [`ListError::BadSignatureFile`] or [`ListError::SignatureMismatch`].
    pub fn check_detached(
        &self,
        context: &[u8],
        data: &[u8],
        sig: &[u8],
    ) -> Result<[u8; 64], ListError> {
        let sig = sig.strip_suffix(b"\n").unwrap_or(sig);
        let sig = sig.strip_suffix(b"\r").unwrap_or(sig);
        let bytes: [u8; 64] = STANDARD
            .decode(sig)
            .ok()
            .and_then(|v| v.try_into().ok())
            .ok_or(ListError::BadSignatureFile)?;
        let sig = Signature::from_bytes(&bytes);
        let msg = crate::domain_separated(context, data);
        if self
            .roots
            .iter()
            .any(|(_, k)| k.verify_strict(&msg, &sig).is_ok())
        {
            Ok(bytes)
        } else {
            Err(ListError::SignatureMismatch)
        }
    }
}

/// The content of a detached `.sig` file for `data`: base64 and a newline. `signer` is
/// any Ed25519 signer: a `SigningKey`, or a key held elsewhere (a hardware token).
///
/// # Errors
/// Only the signer's own failure.
pub fn sign_detached<S>(context: &[u8], data: &[u8], signer: &S) -> Result<String, SignatureError>
where
    S: Signer<Signature> + ?Sized,
{
    let sig = signer.try_sign(&crate::domain_separated(context, data))?;
    Ok(format!("{}\n", STANDARD.encode(sig.to_bytes())))
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

impl ListProblem {
    /// A short stable identifier of the problem, for tests and machine output.
    pub fn code(&self) -> &'static str {
        match self {
            ListProblem::SequenceNotIncreased { .. } => "sequence-not-increased",
            ListProblem::IssuedBeforePrevious { .. } => "issued-before-previous",
            ListProblem::IssuedInFuture { .. } => "issued-in-future",
            ListProblem::ExpiresNotAfterIssued { .. } => "expires-not-after-issued",
            ListProblem::AlreadyExpired { .. } => "already-expired",
            ListProblem::EmptyWindow { .. } => "empty-window",
            ListProblem::OverlappingWindows { .. } => "overlapping-windows",
            ListProblem::IncompleteIssuer { .. } => "incomplete-issuer",
            ListProblem::WithdrawalDropped { .. } => "withdrawal-dropped",
            ListProblem::UnknownIssuer { .. } => "unknown-issuer",
        }
    }
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

/// A public key as trust data writes it: standard base64 with padding.
pub fn encode_public_key(key: &VerifyingKey) -> String {
    STANDARD.encode(key.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::SigningKey;

    fn roots(keys: &[&SigningKey]) -> String {
        let roots: Vec<String> = keys
            .iter()
            .enumerate()
            .map(|(n, k)| {
                format!(
                    r#"{{"name":"Root {n}","public_key":"{}"}}"#,
                    encode_public_key(&k.verifying_key())
                )
            })
            .collect();
        format!(
            r#"{{"format":"certmark-roots/1","roots":[{}]}}"#,
            roots.join(",")
        )
    }

    fn code<T>(r: Result<T, ListError>) -> &'static str {
        r.map(|_| "ok").unwrap_or_else(|e| e.code())
    }

    #[test]
    fn roots_and_detached_signatures_by_code() {
        let root = SigningKey::from_bytes(&[1; 32]);
        let other = SigningKey::from_bytes(&[2; 32]);
        let parsed = Roots::parse(roots(&[&root]).as_bytes()).unwrap();
        assert_eq!(parsed.names().collect::<Vec<_>>(), ["Root 0"]);
        assert_eq!(code(Roots::parse(b"[")), "json");
        assert_eq!(code(Roots::parse(roots(&[]).as_bytes())), "no-roots");
        let wrong = roots(&[&root]).replace("roots/1", "roots/2");
        assert_eq!(code(Roots::parse(wrong.as_bytes())), "format");
        let huge = vec![b' '; MAX_ROOTS_BYTES + 1];
        assert_eq!(code(Roots::parse(&huge)), "too-large");

        let data = b"list bytes";
        let sig = sign_detached(b"ctx", data, &root).unwrap();
        let ok = parsed.check_detached(b"ctx", data, sig.as_bytes());
        assert_eq!(code(ok), "ok");
        let crlf = sig.replace('\n', "\r\n");
        assert_eq!(
            code(parsed.check_detached(b"ctx", data, crlf.as_bytes())),
            "ok"
        );
        for (context, data, sig) in [
            (&b"other"[..], &data[..], sig.clone()),
            (b"ctx", b"list bytez", sig.clone()),
            (b"ctx", data, sign_detached(b"ctx", data, &other).unwrap()),
        ] {
            let r = parsed.check_detached(context, data, sig.as_bytes());
            assert_eq!(code(r), "signature-mismatch");
        }
        let r = parsed.check_detached(b"ctx", data, b"not base64!");
        assert_eq!(code(r), "bad-signature-file");
    }

    #[test]
    fn keys_are_checked_before_use() {
        assert_eq!(check_key(&[0; 32]).err(), Some(KeyProblem::Weak));
        let good = SigningKey::from_bytes(&[3; 32]).verifying_key();
        assert_eq!(check_key(good.as_bytes()), Ok(good));
        assert_eq!(code(decode_key("AAAA", "X", 1)), "bad-public-key");
        let weak = STANDARD.encode([0u8; 32]);
        assert_eq!(code(decode_key(&weak, "X", 1)), "weak-key");
    }

    #[test]
    fn every_error_code_is_listed_once() {
        let mut codes = ListError::CODES.to_vec();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), ListError::CODES.len());
        for e in [
            ListError::TooLarge { limit: 1 },
            ListError::Json {
                message: String::new(),
            },
            ListError::Format {
                found: String::new(),
                expected: "",
            },
            ListError::BadPublicKey {
                owner: String::new(),
                key: 0,
            },
            ListError::WeakKey {
                owner: String::new(),
                key: 0,
            },
            ListError::DuplicateIssuer {
                issuer: String::new(),
            },
            ListError::DuplicateKey {
                issuer: String::new(),
                key: 0,
            },
            ListError::EmptyIssuerId,
            ListError::DemoRefused {
                issuer: String::new(),
            },
            ListError::DuplicateEntry {
                issuer: String::new(),
                cert: String::new(),
            },
            ListError::NoRoots,
            ListError::BadSignatureFile,
            ListError::SignatureMismatch,
            ListError::BadCompact { problem: "" },
        ] {
            assert!(ListError::CODES.contains(&e.code()), "{}", e.code());
        }
    }
}
