//! Secret key files: JSON naming the key, so a signer cannot pick the wrong issuer.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use certmark::list::encode_public_key;
use certmark::SigningKey;
use serde::{Deserialize, Serialize};

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

/// A loaded key and what its file says it is for.
pub struct LoadedKey {
    pub signing: SigningKey,
    pub issuer: Option<String>,
    pub key: Option<u64>,
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
        signing,
        issuer: file.issuer,
        key: file.key,
    })
}
