//! Signing keys: secret key files (JSON naming the key, so a signer cannot pick the
//! wrong issuer) or keys on a PKCS#11 token ([`crate::token`]), behind one signer.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use certmark::list::encode_public_key;
use certmark::{Mark, SigningKey, VerifyingKey};
use ed25519_dalek::{Signature, SignatureError, Signer};
use serde::{Deserialize, Serialize};

use crate::token::{self, Token, TokenSigner, Uri};
use crate::Failure;

const FORMAT: &str = "certmark-secret-key/1";

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFile {
    pub format: String,
    pub secret_key: String,
    pub public_key: String,
    #[serde(default)]
    pub issuer: Option<String>,
    #[serde(default)]
    pub key: Option<u64>,
    #[serde(default)]
    pub name: Option<String>,
}

/// Where a signing key lives.
pub enum KeySource {
    /// In memory, from a key file.
    File(Box<SigningKey>),
    /// On a token, logged in.
    Token(Arc<Token>),
}

/// A loaded key and what its file says it is for (a token key says nothing: the
/// issuer and key number come from the command).
pub struct LoadedKey {
    pub source: KeySource,
    pub issuer: Option<String>,
    pub key: Option<u64>,
}

impl LoadedKey {
    /// A signer for one thread: a copy of a file key, or a session of its own on the token.
    pub fn signer(&self) -> Result<KeySigner, Failure> {
        Ok(match &self.source {
            KeySource::File(k) => KeySigner::File(k.as_ref().clone()),
            KeySource::Token(t) => KeySigner::Token(t.signer()?),
        })
    }

    /// The public half.
    pub fn public(&self) -> VerifyingKey {
        match &self.source {
            KeySource::File(k) => k.verifying_key(),
            KeySource::Token(t) => t.public(),
        }
    }

    /// Checks a mark this key just signed against its public half: a token (or a
    /// corrupted key file) that answers with a wrong signature is caught before anything
    /// is printed or written.
    pub fn check(&self, mark: &Mark) -> Result<(), Failure> {
        let message = certmark::mark::signed_message(mark.body());
        let signature = Signature::from_bytes(&mark.signature());
        self.public()
            .verify_strict(&message, &signature)
            .map_err(|_| {
                Failure::other("the key signed a mark that does not verify with its own public key")
            })
    }
}

/// One thread's signer, whichever kind of key.
pub enum KeySigner {
    /// A file key.
    File(SigningKey),
    /// A token key, through the thread's own session.
    Token(TokenSigner),
}

impl Signer<Signature> for KeySigner {
    fn try_sign(&self, msg: &[u8]) -> Result<Signature, SignatureError> {
        match self {
            KeySigner::File(k) => k.try_sign(msg),
            KeySigner::Token(t) => t.try_sign(msg),
        }
    }
}

/// Loads `key`: a `pkcs11:` URI (through `module`, else CERTMARK_PKCS11_MODULE), or a
/// key file.
pub fn load(key: &Path, module: Option<&Path>) -> Result<LoadedKey, Failure> {
    match key.to_str().filter(|k| Uri::is_uri(k)) {
        Some(text) => {
            let uri = Uri::parse(text).map_err(|e| Failure::other(format!("--key {text}: {e}")))?;
            let token = Token::open(&uri, &token::module_path(module)?)?;
            Ok(LoadedKey {
                source: KeySource::Token(token),
                issuer: None,
                key: None,
            })
        }
        None => read(key),
    }
}

pub fn generate() -> Result<SigningKey, Failure> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed)
        .map_err(|e| Failure::other(format!("no random numbers from the system: {e}")))?;
    Ok(SigningKey::from_bytes(&seed))
}

pub fn write(
    path: &Path,
    key: &SigningKey,
    issuer: Option<String>,
    number: Option<u64>,
    name: Option<String>,
) -> Result<(), Failure> {
    let file = KeyFile {
        format: FORMAT.into(),
        secret_key: STANDARD.encode(key.to_bytes()),
        public_key: encode_public_key(&key.verifying_key()),
        issuer,
        key: number,
        name,
    };
    let mut text =
        serde_json::to_string_pretty(&file).map_err(|e| Failure::other(e.to_string()))?;
    text.push('\n');
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path).map_err(|e| {
        Failure::io(path, e).hint("keygen never overwrites a key: choose a new --out path")
    })?;
    f.write_all(text.as_bytes())
        .map_err(|e| Failure::io(path, e))
}

pub fn read(path: &Path) -> Result<LoadedKey, Failure> {
    let bytes = crate::read_limited(path, 64 * 1024)?;
    let bad = |why: &str| {
        Failure::other(format!(
            "{}: not a certmark key file: {why}",
            path.display()
        ))
        .hint("make one with `certmark keygen --out FILE`")
    };
    let file: KeyFile = serde_json::from_slice(&bytes).map_err(|e| bad(&e.to_string()))?;
    if file.format != FORMAT {
        return Err(bad("wrong format"));
    }
    let seed: [u8; 32] = STANDARD
        .decode(&file.secret_key)
        .ok()
        .and_then(|v| v.try_into().ok())
        .ok_or_else(|| bad("secret_key is not base64 of 32 bytes"))?;
    let signing = SigningKey::from_bytes(&seed);
    if encode_public_key(&signing.verifying_key()) != file.public_key {
        return Err(bad("public_key does not belong to secret_key"));
    }
    Ok(LoadedKey {
        source: KeySource::File(Box::new(signing)),
        issuer: file.issuer,
        key: file.key,
    })
}
