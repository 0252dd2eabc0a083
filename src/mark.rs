//! The mark on the wire: bytes, the strict CBOR body, and the two string forms.
//!
//! This module knows nothing of keys or trust. Parsing yields a [`Mark`] whose claims
//! are *unverified*; only [`crate::verify()`] turns them into verified claims.
//!
//! ```text
//! mark      = body || signature            (≤ 1024 bytes)
//! body      = CBOR array of 8, 9 or 10 items
//! signature = Ed25519 over "certmark/v1" || 0x00 || body
//! text form = "CM1:" base64url(mark)       (no padding)
//! QR form   = "CM1/" digits(mark)          (7-byte chunks as 17 digits)
//! ```

use core::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ed25519_dalek::{Signature, SignatureError, Signer};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::cbor::{self, CborError, Head, Reader};
use crate::date::Date;

/// Largest mark, body and signature together, in bytes.
pub const MAX_MARK: usize = 1024;
/// Largest text field, in UTF-8 bytes.
pub const MAX_TEXT: usize = 256;
/// Most entries in `extra`.
pub const MAX_EXTRA: usize = 16;
/// Length of an Ed25519 signature.
pub const SIGNATURE_LEN: usize = 64;
/// Domain separation for mark signatures; a zero byte follows it.
pub const SIGNING_CONTEXT: &[u8] = b"certmark/v1";
/// Prefix of the text form.
pub const TEXT_PREFIX: &str = "CM1:";
/// Prefix of the QR (digits) form.
pub const DIGITS_PREFIX: &str = "CM1/";

/// Longest input string worth decoding: the digits form of a maximal mark, plus a
/// generous allowance for a link around it. Anything longer cannot hold a valid mark.
pub const MAX_INPUT: usize = 4096;

/// The QR digit form writes bytes in groups of this many, each as 17 decimal digits.
const DIGIT_GROUP_BYTES: usize = 7;
/// Digits used by a last group of 1..=6 bytes (index = byte count); a full group uses 17.
const DIGITS_FOR_BYTES: [usize; 8] = [0, 3, 5, 8, 10, 13, 15, 17];

/// A field of the body, named as in the format, for precise error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Field {
    /// The body itself (item 0 of the mark).
    Body,
    /// 0: issuer id.
    Issuer,
    /// 1: key number.
    Key,
    /// 2: certificate number.
    Cert,
    /// 3: certified organisation.
    Holder,
    /// 4: scheme id.
    Scheme,
    /// 5: product or scope.
    Scope,
    /// 6: first valid day.
    ValidFrom,
    /// 7: last valid day.
    ValidTo,
    /// 8: unit serial.
    Serial,
    /// 9: the `extra` map.
    Extra,
    /// A key of `extra`.
    ExtraKey,
    /// A value of `extra`.
    ExtraValue,
}

impl Field {
    /// The field's name as the format spells it.
    pub fn name(self) -> &'static str {
        match self {
            Field::Body => "body",
            Field::Issuer => "issuer",
            Field::Key => "key",
            Field::Cert => "cert",
            Field::Holder => "holder",
            Field::Scheme => "scheme",
            Field::Scope => "scope",
            Field::ValidFrom => "valid_from",
            Field::ValidTo => "valid_to",
            Field::Serial => "serial",
            Field::Extra => "extra",
            Field::ExtraKey => "extra key",
            Field::ExtraValue => "extra value",
        }
    }
}

/// Why a string or byte sequence is not a readable version-1 mark.
///
/// [`MarkError::NotAMark`] and [`MarkError::Unsupported`] have verdicts of their own;
/// every other variant is a broken rule of the format and gives the verdict `malformed`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MarkError {
    /// No `CM` prefix: some other text or link.
    NotAMark,
    /// `CM` with a version this verifier does not know (the version as found).
    Unsupported {
        /// The version digits after `CM`.
        version: String,
    },
    /// `CM1` followed by something other than `:` or `/`.
    BadSeparator,
    /// The input is longer than any mark can be.
    InputTooLong,
    /// Text form: `=` padding (the format forbids it).
    Padding,
    /// Text form: a character outside the base64url alphabet, at this character offset.
    BadCharacter {
        /// Offset of the character after the prefix.
        offset: usize,
    },
    /// Text form: a length that no byte count encodes to (one character left over).
    BadLength,
    /// Text form: the last character carries bits that are not zero.
    TrailingBits,
    /// QR form: a character that is not an ASCII digit, at this offset.
    BadDigit {
        /// Offset of the character after the prefix.
        offset: usize,
    },
    /// QR form: a digit count that no byte count encodes to.
    DigitCount {
        /// The number of digits found.
        count: usize,
    },
    /// QR form: a chunk whose value does not fit its byte count.
    ChunkOverflow {
        /// Index of the chunk, from 0.
        chunk: usize,
    },
    /// More than [`MAX_MARK`] bytes.
    TooLong {
        /// The mark's length in bytes.
        len: usize,
    },
    /// The bytes end inside a CBOR item.
    Truncated,
    /// An integer or length not in its shortest encoding.
    NotShortest,
    /// An indefinite-length item (or a stray break).
    Indefinite,
    /// A CBOR tag.
    Tag,
    /// A floating-point number.
    Float,
    /// A reserved or malformed CBOR head (additional information 28–30, bad simple value).
    Reserved,
    /// The body is not an array of 8, 9 or 10 items.
    ArrayLength {
        /// The array's length.
        len: u64,
    },
    /// A field of the wrong CBOR type.
    WrongType {
        /// Which field.
        field: Field,
    },
    /// Text that is not valid UTF-8.
    InvalidUtf8 {
        /// Which field.
        field: Field,
    },
    /// Text longer than [`MAX_TEXT`] bytes.
    TextTooLong {
        /// Which field.
        field: Field,
    },
    /// More than [`MAX_EXTRA`] entries in `extra`.
    TooManyExtra {
        /// The number of entries declared.
        count: u64,
    },
    /// The same key twice in `extra`.
    DuplicateKey {
        /// The repeated key.
        key: String,
    },
    /// `valid_to` is before `valid_from`.
    ValidToBeforeFrom,
    /// Bytes left after the body and its 64-byte signature.
    TrailingBytes {
        /// How many extra bytes.
        count: usize,
    },
    /// Fewer than 64 bytes of signature after the body.
    ShortSignature {
        /// How many bytes there were.
        len: usize,
    },
}

impl MarkError {
    /// Every rule [`MarkError::rule`] names, for tables of words (one per variant).
    pub const RULES: [&'static str; 27] = [
        "not-a-mark",
        "unsupported",
        "bad-separator",
        "input-too-long",
        "padding",
        "bad-character",
        "bad-length",
        "trailing-bits",
        "bad-digit",
        "digit-count",
        "chunk-overflow",
        "too-long",
        "truncated",
        "not-shortest",
        "indefinite",
        "tag",
        "float",
        "reserved",
        "array-length",
        "wrong-type",
        "invalid-utf8",
        "text-too-long",
        "too-many-extra",
        "duplicate-key",
        "valid-to-before-from",
        "trailing-bytes",
        "short-signature",
    ];

    /// A short stable identifier of the broken rule, for tests and machine output.
    pub fn rule(&self) -> &'static str {
        match self {
            MarkError::NotAMark => "not-a-mark",
            MarkError::Unsupported { .. } => "unsupported",
            MarkError::BadSeparator => "bad-separator",
            MarkError::InputTooLong => "input-too-long",
            MarkError::Padding => "padding",
            MarkError::BadCharacter { .. } => "bad-character",
            MarkError::BadLength => "bad-length",
            MarkError::TrailingBits => "trailing-bits",
            MarkError::BadDigit { .. } => "bad-digit",
            MarkError::DigitCount { .. } => "digit-count",
            MarkError::ChunkOverflow { .. } => "chunk-overflow",
            MarkError::TooLong { .. } => "too-long",
            MarkError::Truncated => "truncated",
            MarkError::NotShortest => "not-shortest",
            MarkError::Indefinite => "indefinite",
            MarkError::Tag => "tag",
            MarkError::Float => "float",
            MarkError::Reserved => "reserved",
            MarkError::ArrayLength { .. } => "array-length",
            MarkError::WrongType { .. } => "wrong-type",
            MarkError::InvalidUtf8 { .. } => "invalid-utf8",
            MarkError::TextTooLong { .. } => "text-too-long",
            MarkError::TooManyExtra { .. } => "too-many-extra",
            MarkError::DuplicateKey { .. } => "duplicate-key",
            MarkError::ValidToBeforeFrom => "valid-to-before-from",
            MarkError::TrailingBytes { .. } => "trailing-bytes",
            MarkError::ShortSignature { .. } => "short-signature",
        }
    }
}

impl fmt::Display for MarkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use MarkError::*;
        match self {
            NotAMark => write!(f, "no certification mark (CM1:… or CM1/…) found"),
            Unsupported { version } => write!(f, "mark version {version} is not supported"),
            BadSeparator => write!(f, "CM1 must be followed by ':' or '/'"),
            InputTooLong => write!(f, "input longer than {MAX_INPUT} characters"),
            Padding => write!(f, "text form has '=' padding"),
            BadCharacter { offset } => write!(f, "character {offset} is not base64url"),
            BadLength => write!(f, "text form has an impossible length"),
            TrailingBits => write!(f, "last text character has non-zero unused bits"),
            BadDigit { offset } => write!(f, "character {offset} is not a digit"),
            DigitCount { count } => write!(f, "{count} digits is not a valid digit count"),
            ChunkOverflow { chunk } => write!(f, "digit chunk {chunk} is too large for its bytes"),
            TooLong { len } => write!(f, "mark is {len} bytes, more than {MAX_MARK}"),
            Truncated => write!(f, "mark ends inside a field"),
            NotShortest => write!(f, "an integer or length is not in shortest form"),
            Indefinite => write!(f, "indefinite-length encoding"),
            Tag => write!(f, "CBOR tags are not allowed"),
            Float => write!(f, "floating-point numbers are not allowed"),
            Reserved => write!(f, "reserved or invalid CBOR encoding"),
            ArrayLength { len } => write!(f, "body has {len} fields; 8, 9 or 10 expected"),
            WrongType { field } => write!(f, "field {} has the wrong type", field.name()),
            InvalidUtf8 { field } => write!(f, "field {} is not valid UTF-8", field.name()),
            TextTooLong { field } => {
                write!(f, "field {} is longer than {MAX_TEXT} bytes", field.name())
            }
            TooManyExtra { count } => write!(f, "extra has {count} entries, at most {MAX_EXTRA}"),
            DuplicateKey { key } => write!(f, "extra repeats the key {key:?}"),
            ValidToBeforeFrom => write!(f, "valid_to is before valid_from"),
            TrailingBytes { count } => write!(f, "{count} bytes after the signature"),
            ShortSignature { len } => write!(f, "signature is {len} bytes, 64 expected"),
        }
    }
}

impl std::error::Error for MarkError {}

impl From<CborError> for MarkError {
    fn from(e: CborError) -> MarkError {
        match e {
            CborError::Truncated => MarkError::Truncated,
            CborError::NotShortest => MarkError::NotShortest,
            CborError::Indefinite => MarkError::Indefinite,
            CborError::Tag => MarkError::Tag,
            CborError::Float => MarkError::Float,
            CborError::Reserved => MarkError::Reserved,
        }
    }
}

/// An unsigned integer for `field`.
fn uint(r: &mut Reader<'_>, field: Field) -> Result<u64, MarkError> {
    match r.head()? {
        Head::Uint(v) => Ok(v),
        _ => Err(MarkError::WrongType { field }),
    }
}

/// The text that follows a text head of `len` bytes, checked for length and UTF-8.
fn text_body<'a>(r: &mut Reader<'a>, len: u64, field: Field) -> Result<&'a str, MarkError> {
    if len > MAX_TEXT as u64 {
        return Err(MarkError::TextTooLong { field });
    }
    core::str::from_utf8(r.bytes(len)?).map_err(|_| MarkError::InvalidUtf8 { field })
}

/// A text string for `field`.
fn text<'a>(r: &mut Reader<'a>, field: Field) -> Result<&'a str, MarkError> {
    match r.head()? {
        Head::Text(len) => text_body(r, len, field),
        _ => Err(MarkError::WrongType { field }),
    }
}

/// What a mark says. Read off a parsed mark these are only claims; [`crate::verify()`]
/// hands them out as verified once the signature and the trust list agree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Claims {
    /// Issuer id, as in the trust list.
    pub issuer: String,
    /// Key number within the issuer.
    pub key: u64,
    /// Certificate number.
    pub cert: String,
    /// Certified organisation.
    pub holder: String,
    /// Certification scheme id.
    pub scheme: String,
    /// Product, models or scope.
    pub scope: String,
    /// First day the certification is valid.
    pub valid_from: Date,
    /// Last day the certification is valid (inclusive).
    pub valid_to: Date,
    /// Per-unit serial number, for unit marks.
    pub serial: Option<String>,
    /// Further labelled fields, in the order signed.
    #[serde(serialize_with = "ordered_map")]
    pub extra: Vec<(String, String)>,
}

fn ordered_map<S: Serializer>(extra: &[(String, String)], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(extra.len()))?;
    for (k, v) in extra {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

impl Claims {
    /// The canonical body: shortest array (8 items without serial or extra, 9 with a
    /// serial, 10 with extra), shortest integers, map in the given order.
    pub fn encode_body(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(256);
        let len = if !self.extra.is_empty() {
            10
        } else if self.serial.is_some() {
            9
        } else {
            8
        };
        cbor::write_head(&mut out, 4, len);
        cbor::write_text(&mut out, &self.issuer);
        cbor::write_head(&mut out, 0, self.key);
        for t in [&self.cert, &self.holder, &self.scheme, &self.scope] {
            cbor::write_text(&mut out, t);
        }
        cbor::write_head(&mut out, 0, self.valid_from.0);
        cbor::write_head(&mut out, 0, self.valid_to.0);
        if len >= 9 {
            match &self.serial {
                Some(s) => cbor::write_text(&mut out, s),
                None => out.push(cbor::NULL),
            }
        }
        if len == 10 {
            cbor::write_head(&mut out, 5, self.extra.len() as u64);
            for (k, v) in &self.extra {
                cbor::write_text(&mut out, k);
                cbor::write_text(&mut out, v);
            }
        }
        out
    }
}

/// The message an issuer signs: the context, a zero byte, then the exact body bytes.
pub fn signed_message(body: &[u8]) -> Vec<u8> {
    crate::domain_separated(SIGNING_CONTEXT, body)
}

/// Why [`Mark::sign`] made no mark.
#[derive(Debug)]
#[non_exhaustive]
pub enum SignError {
    /// The claims break a rule of the format (text too long, too many extras, …).
    Claims(MarkError),
    /// The signer failed (for instance a hardware token that refused or was removed).
    Signer(SignatureError),
}

impl SignError {
    /// A short stable identifier: `claims` or `signer`.
    pub fn code(&self) -> &'static str {
        match self {
            SignError::Claims(_) => "claims",
            SignError::Signer(_) => "signer",
        }
    }
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignError::Claims(e) => e.fmt(f),
            SignError::Signer(e) => write!(f, "the signer failed: {e}"),
        }
    }
}

impl std::error::Error for SignError {}

/// A parsed mark: the bytes as received and the claims read from them, not yet verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    bytes: Vec<u8>,
    body_len: usize,
    claims: Claims,
}

impl Mark {
    /// Signs `claims` with `signer`: a `SigningKey`, or any Ed25519 signer such as a key
    /// held in a hardware token. The result is parsed back, so an issuer can never
    /// produce a mark that verifiers would call malformed.
    ///
    /// # Errors
    /// [`SignError::Claims`] for any rule of the format the claims break (text too long,
    /// too many extras, …), [`SignError::Signer`] if the signer fails.
    pub fn sign<S>(claims: &Claims, signer: &S) -> Result<Mark, SignError>
    where
        S: Signer<Signature> + ?Sized,
    {
        let mut bytes = claims.encode_body();
        let sig = signer
            .try_sign(&signed_message(&bytes))
            .map_err(SignError::Signer)?;
        bytes.extend_from_slice(&sig.to_bytes());
        Mark::from_bytes(&bytes).map_err(SignError::Claims)
    }

    /// Reads a mark from either string form, bare or as a link's fragment.
    ///
    /// # Errors
    /// [`MarkError::NotAMark`], [`MarkError::Unsupported`], or the broken rule.
    pub fn parse(input: &str) -> Result<Mark, MarkError> {
        Mark::from_bytes(&decode_string(input)?)
    }

    /// Reads a mark from its bytes, strictly.
    ///
    /// # Errors
    /// The first broken rule of the format.
    pub fn from_bytes(bytes: &[u8]) -> Result<Mark, MarkError> {
        if bytes.len() > MAX_MARK {
            return Err(MarkError::TooLong { len: bytes.len() });
        }
        let mut r = Reader::new(bytes);
        let len = match r.head()? {
            Head::Array(len) => len,
            _ => return Err(MarkError::WrongType { field: Field::Body }),
        };
        if !(8..=10).contains(&len) {
            return Err(MarkError::ArrayLength { len });
        }
        let issuer = text(&mut r, Field::Issuer)?.to_owned();
        let key = uint(&mut r, Field::Key)?;
        let cert = text(&mut r, Field::Cert)?.to_owned();
        let holder = text(&mut r, Field::Holder)?.to_owned();
        let scheme = text(&mut r, Field::Scheme)?.to_owned();
        let scope = text(&mut r, Field::Scope)?.to_owned();
        let valid_from = Date(uint(&mut r, Field::ValidFrom)?);
        let valid_to = Date(uint(&mut r, Field::ValidTo)?);
        let serial = if len >= 9 {
            match r.head()? {
                Head::Null => None,
                Head::Text(n) => Some(text_body(&mut r, n, Field::Serial)?.to_owned()),
                _ => {
                    return Err(MarkError::WrongType {
                        field: Field::Serial,
                    })
                }
            }
        } else {
            None
        };
        let mut extra = Vec::new();
        if len == 10 {
            let count = match r.head()? {
                Head::Map(n) => n,
                _ => {
                    return Err(MarkError::WrongType {
                        field: Field::Extra,
                    })
                }
            };
            if count > MAX_EXTRA as u64 {
                return Err(MarkError::TooManyExtra { count });
            }
            for _ in 0..count {
                let k = text(&mut r, Field::ExtraKey)?;
                let v = text(&mut r, Field::ExtraValue)?;
                if extra.iter().any(|(seen, _): &(String, String)| seen == k) {
                    return Err(MarkError::DuplicateKey { key: k.to_owned() });
                }
                extra.push((k.to_owned(), v.to_owned()));
            }
        }
        let body_len = r.position();
        let rest = bytes.len() - body_len;
        if rest > SIGNATURE_LEN {
            return Err(MarkError::TrailingBytes {
                count: rest - SIGNATURE_LEN,
            });
        }
        if rest < SIGNATURE_LEN {
            return Err(MarkError::ShortSignature { len: rest });
        }
        if valid_to < valid_from {
            return Err(MarkError::ValidToBeforeFrom);
        }
        Ok(Mark {
            bytes: bytes.to_vec(),
            body_len,
            claims: Claims {
                issuer,
                key,
                cert,
                holder,
                scheme,
                scope,
                valid_from,
                valid_to,
                serial,
                extra,
            },
        })
    }

    /// The issuer id the mark names, needed to find its key.
    pub fn issuer(&self) -> &str {
        &self.claims.issuer
    }

    /// The key number the mark names, needed to find its key.
    pub fn key(&self) -> u64 {
        self.claims.key
    }

    /// What the mark claims, before any check. Show these only under an explicit
    /// "unverified" label; [`crate::verify()`] gives the verified ones.
    pub fn unverified_claims(&self) -> &Claims {
        &self.claims
    }

    /// The exact body bytes, as signed.
    pub fn body(&self) -> &[u8] {
        &self.bytes[..self.body_len]
    }

    /// The signature bytes.
    pub fn signature(&self) -> [u8; SIGNATURE_LEN] {
        let mut s = [0; SIGNATURE_LEN];
        s.copy_from_slice(&self.bytes[self.body_len..]);
        s
    }

    /// The whole mark, as received.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The text form, `CM1:` + base64url.
    pub fn to_text(&self) -> String {
        encode_text(&self.bytes)
    }

    /// The QR form, `CM1/` + digits.
    pub fn to_digits(&self) -> String {
        encode_digits(&self.bytes)
    }

    /// A link for a verifier page: `base` (which must not hold `#`) + `#` + the QR form.
    pub fn to_link(&self, base: &str) -> String {
        format!("{base}#{}", self.to_digits())
    }

    pub(crate) fn into_claims(self) -> Claims {
        self.claims
    }
}

/// `CM1:` + base64url (no padding) of `bytes`.
pub fn encode_text(bytes: &[u8]) -> String {
    let mut s = String::from(TEXT_PREFIX);
    URL_SAFE_NO_PAD.encode_string(bytes, &mut s);
    s
}

/// `CM1/` + the digit chunks of `bytes`.
pub fn encode_digits(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(DIGITS_PREFIX.len() + bytes.len() * 17 / 7 + 17);
    s.push_str(DIGITS_PREFIX);
    for chunk in bytes.chunks(DIGIT_GROUP_BYTES) {
        let v = chunk.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        let width = DIGITS_FOR_BYTES[chunk.len()];
        s.push_str(&format!("{v:0width$}"));
    }
    s
}

/// Whether `text` may hold a mark: it contains `CM`, as every mark and link to one
/// does. Used to pick the mark among several codes in one photo and the marks column of
/// a file; the pages' copy (`looksLikeMark` in `www/embed/rules.js`) is generated from
/// [`MARK_HINT`].
pub fn looks_like_mark(text: &str) -> bool {
    text.contains(MARK_HINT)
}

/// What every mark, in either form and in a link, contains: the start of its prefix.
pub const MARK_HINT: &str = "CM";

/// Finds the mark in `input` (trimmed; after `#` if there is one) and decodes its bytes.
///
/// # Errors
/// [`MarkError::NotAMark`], [`MarkError::Unsupported`] or a string-form rule.
pub fn decode_string(input: &str) -> Result<Vec<u8>, MarkError> {
    if input.len() > MAX_INPUT {
        return Err(MarkError::InputTooLong);
    }
    let s = input.trim_matches(|c: char| c.is_ascii_whitespace());
    let s = match s.find('#') {
        Some(i) => &s[i + 1..],
        None => s,
    };
    let Some(after_cm) = s.strip_prefix(MARK_HINT) else {
        return Err(MarkError::NotAMark);
    };
    let version_len = after_cm.bytes().take_while(u8::is_ascii_digit).count();
    let (version, rest) = after_cm.split_at(version_len);
    if version.is_empty() {
        return Err(MarkError::NotAMark);
    }
    if version != "1" {
        return Err(MarkError::Unsupported {
            version: version.to_owned(),
        });
    }
    if let Some(text) = rest.strip_prefix(':') {
        decode_text(text)
    } else if let Some(digits) = rest.strip_prefix('/') {
        decode_digits(digits)
    } else {
        Err(MarkError::BadSeparator)
    }
}

fn decode_text(text: &str) -> Result<Vec<u8>, MarkError> {
    // Checked here rather than mapped from the decoder, so that every error is precise.
    if text.contains('=') {
        return Err(MarkError::Padding);
    }
    if let Some(offset) = text
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    {
        return Err(MarkError::BadCharacter { offset });
    }
    if text.len() % 4 == 1 {
        return Err(MarkError::BadLength);
    }
    URL_SAFE_NO_PAD.decode(text).map_err(|e| match e {
        base64::DecodeError::InvalidLastSymbol(..) => MarkError::TrailingBits,
        base64::DecodeError::InvalidByte(offset, _) => MarkError::BadCharacter { offset },
        base64::DecodeError::InvalidPadding => MarkError::Padding,
        base64::DecodeError::InvalidLength(_) => MarkError::BadLength,
    })
}

fn decode_digits(digits: &str) -> Result<Vec<u8>, MarkError> {
    // Checked without an early exit, which the compiler turns into vector code; the
    // offending offset is looked for only when there is one.
    if !digits.bytes().fold(true, |ok, b| ok & b.is_ascii_digit()) {
        let offset = digits
            .bytes()
            .position(|b| !b.is_ascii_digit())
            .unwrap_or_default();
        return Err(MarkError::BadDigit { offset });
    }
    let count = digits.len();
    let last_digits = count % 17;
    let Some(last_bytes) = DIGITS_FOR_BYTES[..7].iter().position(|&d| d == last_digits) else {
        return Err(MarkError::DigitCount { count });
    };
    let total = count / 17 * DIGIT_GROUP_BYTES + last_bytes;
    if total > MAX_MARK {
        return Err(MarkError::TooLong { len: total });
    }
    let mut out = Vec::with_capacity(total);
    let bytes = digits.as_bytes();
    let mut pos = 0;
    let mut chunk = 0;
    while pos < bytes.len() {
        let n = if bytes.len() - pos >= 17 {
            DIGIT_GROUP_BYTES
        } else {
            last_bytes
        };
        let width = DIGITS_FOR_BYTES[n];
        let v = match bytes.get(pos..pos + 17) {
            Some(&[a0, a1, a2, a3, a4, a5, a6, a7, b0, b1, b2, b3, b4, b5, b6, b7, last]) => {
                let high = eight_digits([a0, a1, a2, a3, a4, a5, a6, a7]);
                let low = eight_digits([b0, b1, b2, b3, b4, b5, b6, b7]);
                high * 1_000_000_000 + low * 10 + u64::from(last - b'0')
            }
            _ => bytes[pos..pos + width]
                .iter()
                .fold(0u64, |acc, &d| acc * 10 + u64::from(d - b'0')),
        };
        if n < 8 && v >> (8 * n) != 0 {
            return Err(MarkError::ChunkOverflow { chunk });
        }
        out.extend_from_slice(&v.to_be_bytes()[8 - n..]);
        pos += width;
        chunk += 1;
    }
    Ok(out)
}

/// The value of eight ASCII digits (already checked), most significant first, in three
/// steps over one word instead of eight: pairs of digits, then fours, then all eight.
/// A QR-form mark is ~400 digits, so this is most of reading one (`decode_digits`).
fn eight_digits(digits: [u8; 8]) -> u64 {
    // Byte i holds digit i (little-endian load: the first digit is the lowest byte).
    let v = u64::from_le_bytes(digits) - 0x3030_3030_3030_3030;
    // Each even byte: digit i · 10 + digit i+1 (at most 99: no carry into the next byte).
    let pairs = (v * 10 + (v >> 8)) & 0x00ff_00ff_00ff_00ff;
    // Each 32-bit half: pair · 100 + next pair (at most 9999).
    let fours = (pairs * 100 + (pairs >> 16)) & 0x0000_ffff_0000_ffff;
    (fours * 10_000 + (fours >> 32)) & 0xffff_ffff
}

#[cfg(test)]
mod tests {

    #[test]
    fn every_error_names_a_listed_rule_once() {
        use MarkError::*;
        let field = Field::Holder;
        let all = [
            NotAMark,
            Unsupported {
                version: "2".into(),
            },
            BadSeparator,
            InputTooLong,
            Padding,
            BadCharacter { offset: 0 },
            BadLength,
            TrailingBits,
            BadDigit { offset: 0 },
            DigitCount { count: 1 },
            ChunkOverflow { chunk: 0 },
            TooLong { len: 0 },
            Truncated,
            NotShortest,
            Indefinite,
            Tag,
            Float,
            Reserved,
            ArrayLength { len: 0 },
            WrongType { field },
            InvalidUtf8 { field },
            TextTooLong { field },
            TooManyExtra { count: 0 },
            DuplicateKey { key: String::new() },
            ValidToBeforeFrom,
            TrailingBytes { count: 0 },
            ShortSignature { len: 0 },
        ];
        let rules: Vec<&str> = all.iter().map(MarkError::rule).collect();
        assert_eq!(rules, MarkError::RULES);
    }
    use super::*;
    use ed25519_dalek::SigningKey;

    fn claims() -> Claims {
        Claims {
            issuer: "CQC".into(),
            key: 1,
            cert: "2026010901234567".into(),
            holder: "Holder".into(),
            scheme: "CCC".into(),
            scope: "Kettle".into(),
            valid_from: Date(20_000),
            valid_to: Date(21_000),
            serial: None,
            extra: vec![],
        }
    }

    /// A signer that always fails, as a removed hardware token would.
    struct Unplugged;

    impl Signer<Signature> for Unplugged {
        fn try_sign(&self, _: &[u8]) -> Result<Signature, SignatureError> {
            Err(SignatureError::new())
        }
    }

    #[test]
    fn sign_errors_by_code() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let mark = Mark::sign(&claims(), &key).expect("well-formed claims");
        assert_eq!(mark.unverified_claims(), &claims());
        let e = Mark::sign(&claims(), &Unplugged).unwrap_err();
        assert_eq!(e.code(), "signer");
        let long = Claims {
            holder: "x".repeat(MAX_TEXT + 1),
            ..claims()
        };
        let e = Mark::sign(&long, &key).unwrap_err();
        assert_eq!(e.code(), "claims");
        assert!(matches!(
            e,
            SignError::Claims(MarkError::TextTooLong {
                field: Field::Holder
            })
        ));
    }

    #[test]
    fn eight_digits_at_once_equal_one_by_one() {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for round in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let mut digits = [0u8; 8];
            for (i, d) in digits.iter_mut().enumerate() {
                // Every digit from time to time, and the extremes often.
                *d = b'0'
                    + match round % 3 {
                        0 => ((x >> (i * 8)) % 10) as u8,
                        1 => 9,
                        _ => ((x >> i) & 1) as u8 * 9,
                    };
            }
            let slow = digits
                .iter()
                .fold(0u64, |a, &d| a * 10 + u64::from(d - b'0'));
            assert_eq!(
                eight_digits(digits),
                slow,
                "{:?}",
                core::str::from_utf8(&digits)
            );
        }
        assert_eq!(eight_digits(*b"00000000"), 0);
        assert_eq!(eight_digits(*b"12345678"), 12_345_678);
        assert_eq!(eight_digits(*b"99999999"), 99_999_999);
    }

    #[test]
    fn digit_widths_are_the_shortest_that_fit() {
        for (n, &w) in DIGITS_FOR_BYTES.iter().enumerate().skip(1) {
            let max = if n == 8 {
                u64::MAX
            } else {
                (1u64 << (8 * n)) - 1
            };
            assert_eq!(max.to_string().len(), w, "{n} bytes");
        }
    }

    #[test]
    fn string_forms_round_trip_every_length() {
        for len in 0..=40usize {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 255) as u8).collect();
            let max = vec![0xff; len];
            for b in [&bytes, &max] {
                assert_eq!(decode_string(&encode_text(b)).as_ref(), Ok(b));
                assert_eq!(decode_string(&encode_digits(b)).as_ref(), Ok(b));
            }
        }
    }

    #[test]
    fn prefixes_decide() {
        assert_eq!(decode_string("hello"), Err(MarkError::NotAMark));
        assert_eq!(decode_string("CMX:abc"), Err(MarkError::NotAMark));
        assert_eq!(decode_string("https://x/#"), Err(MarkError::NotAMark));
        assert_eq!(
            decode_string("CM2:AAAA"),
            Err(MarkError::Unsupported {
                version: "2".into()
            })
        );
        assert_eq!(
            decode_string("CM12/000"),
            Err(MarkError::Unsupported {
                version: "12".into()
            })
        );
        assert_eq!(decode_string("CM1-000"), Err(MarkError::BadSeparator));
        assert_eq!(decode_string(" \tCM1/255\n"), Ok(vec![255]));
        assert_eq!(decode_string("https://v.example/p?q#CM1:_w"), Ok(vec![255]));
    }

    #[test]
    fn strict_string_rules() {
        assert_eq!(decode_string("CM1:_w=="), Err(MarkError::Padding));
        assert_eq!(
            decode_string("CM1:/w"),
            Err(MarkError::BadCharacter { offset: 0 })
        );
        assert_eq!(decode_string("CM1:_x"), Err(MarkError::TrailingBits));
        assert_eq!(decode_string("CM1:AAAAA"), Err(MarkError::BadLength));
        assert_eq!(
            decode_string("CM1/256"),
            Err(MarkError::ChunkOverflow { chunk: 0 })
        );
        assert_eq!(
            decode_string("CM1/2555"),
            Err(MarkError::DigitCount { count: 4 })
        );
        assert_eq!(
            decode_string("CM1/25a"),
            Err(MarkError::BadDigit { offset: 2 })
        );
        let overflow = format!("CM1/{}", "9".repeat(17));
        assert_eq!(
            decode_string(&overflow),
            Err(MarkError::ChunkOverflow { chunk: 0 })
        );
        let long = "A".repeat(MAX_INPUT + 1);
        assert_eq!(decode_string(&long), Err(MarkError::InputTooLong));
    }
}

#[cfg(test)]
mod limits {
    use super::*;

    /// Deep or long CBOR is refused at its first head, without recursion or allocation.
    #[test]
    fn deep_or_long_cbor_is_refused_at_once() {
        // 960 nested one-element arrays, then a signature's worth of bytes.
        let deep = [vec![0x81; 960], vec![0; 64]].concat();
        assert_eq!(
            Mark::from_bytes(&deep).err().map(|e| e.rule()),
            Some("array-length")
        );
        // A body whose issuer text claims 2⁶⁴ − 1 bytes.
        let mut long = vec![0x88, 0x7b];
        long.extend([0xff; 8]);
        long.extend([0; 64]);
        assert_eq!(
            Mark::from_bytes(&long).err(),
            Some(MarkError::TextTooLong {
                field: Field::Issuer
            })
        );
        // An `extra` map claiming 2⁶⁴ − 1 entries, in a body otherwise sound.
        let claims = Claims {
            issuer: "X".into(),
            key: 1,
            cert: "C".into(),
            holder: "H".into(),
            scheme: "S".into(),
            scope: "P".into(),
            valid_from: Date(1),
            valid_to: Date(2),
            serial: None,
            extra: vec![],
        };
        let mut body = claims.encode_body();
        body[0] = 0x8a; // ten fields: serial, then extra
        body.push(0xf6);
        body.extend([0xbb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
        body.extend([0; 64]);
        assert_eq!(
            Mark::from_bytes(&body).err().map(|e| e.rule()),
            Some("too-many-extra")
        );
        // Past MAX_MARK, refused before a byte is parsed.
        let huge = vec![0x88; MAX_MARK + 1];
        assert_eq!(
            Mark::from_bytes(&huge).err(),
            Some(MarkError::TooLong { len: MAX_MARK + 1 })
        );
    }
}
