//! Keys in hardware: Ed25519 through PKCS#11 v3.0 (`CKK_EC_EDWARDS`, `CKM_EDDSA`), the
//! interface every HSM, smart card and KMS gateway speaks. The key never leaves the token:
//! the CLI asks the token to sign and never reads the key's value.
//!
//! A key is named by an RFC 7512 URI (`pkcs11:token=Issuer%20HSM;object=cqc-2`) wherever
//! a key file is accepted; the module from `--pkcs11-module` or `CERTMARK_PKCS11_MODULE`;
//! the PIN from `CERTMARK_PKCS11_PIN` or a prompt, never from the command line.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use certmark::VerifyingKey;
use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error as CkError, RvError};
use cryptoki::mechanism::eddsa::{EddsaParams, EddsaSignatureScheme};
use cryptoki::mechanism::{Mechanism, MechanismType};
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::slot::Slot;
use cryptoki::types::AuthPin;
use ed25519_dalek::{Signature, SignatureError, Signer};

use crate::Failure;

/// The environment variable naming the module, when `--pkcs11-module` is not given.
pub const MODULE_ENV: &str = "CERTMARK_PKCS11_MODULE";
/// The environment variable holding the user PIN (else the CLI asks on the terminal).
pub const PIN_ENV: &str = "CERTMARK_PKCS11_PIN";

/// `CKA_EC_PARAMS` for Ed25519 as PKCS#11 v3.0 allows it: the DER of the curve's name,
/// `PrintableString "edwards25519"`, or of RFC 8410's OID 1.3.101.112.
const EDWARDS25519_NAME: &[u8] = b"\x13\x0cedwards25519";
const ED25519_OID: &[u8] = &[0x06, 0x03, 0x2b, 0x65, 0x70];

/// An RFC 7512 PKCS#11 URI: the attributes that pick a token and a key on it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Uri {
    /// The token's label (`token=`).
    pub token: Option<String>,
    /// The token's serial number (`serial=`).
    pub serial: Option<String>,
    /// The slot (`slot-id=`).
    pub slot_id: Option<u64>,
    /// The key's label (`object=`).
    pub object: Option<String>,
    /// The key's `CKA_ID` (`id=`, percent-encoded bytes).
    pub id: Option<Vec<u8>>,
}

impl Uri {
    /// Whether `text` names a token key rather than a key file.
    pub fn is_uri(text: &str) -> bool {
        text.starts_with("pkcs11:")
    }

    /// Reads a URI; refuses a PIN in it (it would end up in shell history and logs).
    ///
    /// # Errors
    /// Not a `pkcs11:` URI, a bad percent-escape, an attribute repeated, a PIN inside,
    /// or no `object` or `id` to find the key by.
    pub fn parse(text: &str) -> Result<Uri, String> {
        let rest = text
            .strip_prefix("pkcs11:")
            .ok_or("a PKCS#11 URI starts with pkcs11:")?;
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let mut uri = Uri::default();
        let mut seen = std::collections::HashSet::new();
        for part in path.split(';').chain(query.split('&')) {
            if part.is_empty() {
                continue;
            }
            let (name, value) = part
                .split_once('=')
                .ok_or_else(|| format!("{part:?} is not name=value"))?;
            if !seen.insert(name.to_owned()) {
                return Err(format!("{name} appears twice"));
            }
            let bytes = unescape(value).ok_or_else(|| format!("{name}: bad %-escape"))?;
            let text =
                || String::from_utf8(bytes.clone()).map_err(|_| format!("{name} is not UTF-8"));
            match name {
                "token" => uri.token = Some(text()?),
                "serial" => uri.serial = Some(text()?),
                "object" => uri.object = Some(text()?),
                "id" => uri.id = Some(bytes),
                "slot-id" => {
                    uri.slot_id = Some(text()?.parse().map_err(|_| "slot-id is not a number")?)
                }
                "pin-value" | "pin-source" => {
                    return Err(format!(
                        "{name} in the URI: give the PIN in {PIN_ENV} or at the prompt, never on the command line"
                    ))
                }
                // Attributes that only narrow the choice (type, manufacturer, model, …)
                // are not needed to find an Ed25519 private key and are left to the token.
                _ => {}
            }
        }
        if uri.object.is_none() && uri.id.is_none() {
            return Err("the URI names no key: add object=LABEL or id=…".into());
        }
        Ok(uri)
    }

    /// The template that finds the key's objects of `class` stored on the token (not
    /// the session copies signers make).
    fn template(&self, class: ObjectClass) -> Vec<Attribute> {
        let mut t = vec![Attribute::Class(class), Attribute::Token(true)];
        if let Some(label) = &self.object {
            t.push(Attribute::Label(label.as_bytes().to_vec()));
        }
        if let Some(id) = &self.id {
            t.push(Attribute::Id(id.clone()));
        }
        t
    }
}

impl fmt::Display for Uri {
    /// The key as a person reads it: `token "…", key "…"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.token, &self.serial) {
            (Some(t), _) => write!(f, "token {t:?}")?,
            (None, Some(s)) => write!(f, "token with serial {s:?}")?,
            _ => write!(f, "the token")?,
        }
        match (&self.object, &self.id) {
            (Some(o), _) => write!(f, ", key {o:?}"),
            (None, Some(id)) => write!(f, ", key id {}", hex(id)),
            _ => Ok(()),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// RFC 3986 percent-decoding.
fn unescape(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hi = (bytes.next()? as char).to_digit(16)?;
            let lo = (bytes.next()? as char).to_digit(16)?;
            out.push((hi * 16 + lo) as u8);
        } else {
            out.push(b);
        }
    }
    Some(out)
}

/// The module to load: `--pkcs11-module`, else `CERTMARK_PKCS11_MODULE`.
pub fn module_path(flag: Option<&Path>) -> Result<PathBuf, Failure> {
    flag.map(Path::to_path_buf)
        .or_else(|| std::env::var_os(MODULE_ENV).map(PathBuf::from))
        .ok_or_else(|| {
            Failure::other("no PKCS#11 module named").hint(format!(
                "give --pkcs11-module PATH or set {MODULE_ENV} (SoftHSM2: /usr/lib/softhsm/libsofthsm2.so)"
            ))
        })
}

/// The user PIN: `CERTMARK_PKCS11_PIN`, else asked on the terminal (not echoed).
fn pin(uri: &Uri) -> Result<AuthPin, Failure> {
    if let Ok(pin) = std::env::var(PIN_ENV) {
        return Ok(AuthPin::from(pin));
    }
    rpassword::prompt_password(format!("PIN for {uri}: "))
        .map(AuthPin::from)
        .map_err(|e| {
            Failure::other(format!("cannot ask for the PIN: {e}"))
                .hint(format!("set {PIN_ENV}, or run from a terminal"))
        })
}

/// A PKCS#11 error in words, with what was being done.
fn failed(doing: &str, e: &CkError) -> Failure {
    Failure::other(words(doing, e))
}

fn words(doing: &str, e: &CkError) -> String {
    let words = match e {
        CkError::Pkcs11(RvError::PinIncorrect, _) => "wrong PIN".to_owned(),
        CkError::Pkcs11(RvError::PinLocked, _) => {
            "the PIN is locked after too many wrong tries; the token's security officer must unlock it".to_owned()
        }
        CkError::Pkcs11(RvError::PinLenRange, _) => "the PIN has a length the token refuses".to_owned(),
        CkError::Pkcs11(
            RvError::SessionHandleInvalid
            | RvError::SessionClosed
            | RvError::DeviceRemoved
            | RvError::TokenNotPresent
            | RvError::KeyHandleInvalid
            | RvError::ObjectHandleInvalid,
            _,
        ) => format!("the session with the token was lost ({e})"),
        CkError::Pkcs11(RvError::MechanismInvalid, _) => {
            "the token cannot sign with EdDSA".to_owned()
        }
        CkError::Pkcs11(RvError::UserNotLoggedIn, _) => "not logged in to the token".to_owned(),
        other => other.to_string(),
    };
    format!("{doing}: {words}")
}

/// A token, logged in, with the key a URI names on it.
pub struct Token {
    ctx: Pkcs11,
    slot: Slot,
    uri: Uri,
    public: VerifyingKey,
    /// The session that logged in; kept open so the login lasts (PKCS#11 logs the whole
    /// application in), and used by the first signer.
    first: std::sync::Mutex<Option<Session>>,
}

impl Token {
    /// Loads `module`, finds the token and key `uri` names, logs in and checks that the
    /// key is an Ed25519 private key the token can sign with.
    ///
    /// # Errors
    /// Each failure in words: module not found, no such token or key, wrong or locked
    /// PIN, a key that is not Ed25519, a token without EdDSA.
    pub fn open(uri: &Uri, module: &Path) -> Result<Arc<Token>, Failure> {
        let (ctx, slot) = connect(uri, module)?;
        let mechanisms = ctx
            .get_mechanism_list(slot)
            .map_err(|e| failed("cannot list the token's mechanisms", &e))?;
        if !mechanisms.contains(&MechanismType::EDDSA) {
            return Err(Failure::other(format!(
                "{uri}: the token cannot sign with EdDSA (CKM_EDDSA): it does not do Ed25519"
            ))
            .hint("use a token or HSM firmware with PKCS#11 v3.0 EdDSA support"));
        }
        let session = ctx
            .open_ro_session(slot)
            .map_err(|e| failed("cannot open a session with the token", &e))?;
        login(&session, uri)?;
        let key = find_one(&session, uri, ObjectClass::PRIVATE_KEY)?;
        check_ed25519(&session, key, uri)?;
        let public = public_key(&session, uri)?;
        Ok(Arc::new(Token {
            ctx,
            slot,
            uri: uri.clone(),
            public,
            first: std::sync::Mutex::new(Some(session)),
        }))
    }

    /// The key's public half.
    pub fn public(&self) -> VerifyingKey {
        self.public
    }

    /// A signer with a session of its own, for one thread (sessions are not shared
    /// between threads; the login is the application's, so it holds for every session).
    ///
    /// # Errors
    /// The token refuses another session, or the key is gone.
    pub fn signer(&self) -> Result<TokenSigner, Failure> {
        let reused = self.first.lock().ok().and_then(|mut s| s.take());
        let session = match reused {
            Some(s) => s,
            None => self
                .ctx
                .open_ro_session(self.slot)
                .map_err(|e| failed("cannot open another session with the token", &e))?,
        };
        // The stored key itself, not a session copy: a copy signs about a third faster
        // in SoftHSM2 but would go on signing after the key was deleted from the token.
        let key = find_one(&session, &self.uri, ObjectClass::PRIVATE_KEY)?;
        Ok(TokenSigner { session, key })
    }
}

/// Loads the module, initialises it and finds the slot whose token the URI names.
fn connect(uri: &Uri, module: &Path) -> Result<(Pkcs11, Slot), Failure> {
    if !module.exists() {
        return Err(
            Failure::other(format!("PKCS#11 module {} not found", module.display())).hint(format!(
                "check --pkcs11-module or {MODULE_ENV} (SoftHSM2: /usr/lib/softhsm/libsofthsm2.so)"
            )),
        );
    }
    let ctx = Pkcs11::new(module).map_err(|e| {
        Failure::other(format!(
            "cannot load {} as a PKCS#11 module: {e}",
            module.display()
        ))
    })?;
    ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK))
        .map_err(|e| failed("the PKCS#11 module did not start", &e))?;
    let slots = ctx
        .get_slots_with_token()
        .map_err(|e| failed("cannot list the tokens", &e))?;
    let mut labels = Vec::new();
    for slot in slots {
        if uri.slot_id.is_some_and(|id| id != slot.id()) {
            continue;
        }
        let Ok(info) = ctx.get_token_info(slot) else {
            continue;
        };
        let label = info.label().trim_end().to_owned();
        let serial = info.serial_number().trim_end().to_owned();
        let matches = uri.token.as_ref().is_none_or(|t| *t == label)
            && uri.serial.as_ref().is_none_or(|s| *s == serial);
        if matches && info.token_initialized() {
            return Ok((ctx, slot));
        }
        labels.push(label);
    }
    Err(
        Failure::other(format!("{uri}: no such token")).hint(format!(
            "tokens present: {}",
            if labels.is_empty() {
                "none".to_owned()
            } else {
                format!("{labels:?}")
            }
        )),
    )
}

fn login(session: &Session, uri: &Uri) -> Result<(), Failure> {
    let pin = pin(uri)?;
    match session.login(UserType::User, Some(&pin)) {
        Ok(()) | Err(CkError::Pkcs11(RvError::UserAlreadyLoggedIn, _)) => Ok(()),
        Err(e) => Err(failed(&format!("{uri}: cannot log in"), &e)),
    }
}

fn find_one(session: &Session, uri: &Uri, class: ObjectClass) -> Result<ObjectHandle, Failure> {
    let what = if class == ObjectClass::PRIVATE_KEY {
        "private key"
    } else {
        "public key"
    };
    let found = session
        .find_objects(&uri.template(class))
        .map_err(|e| failed(&format!("{uri}: cannot search the token"), &e))?;
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(
            Failure::other(format!("{uri}: no such {what} on the token"))
                .hint("list the token's keys with `pkcs11-tool --list-objects --login`"),
        ),
        many => Err(Failure::other(format!(
            "{uri}: {} {what}s match; name one by object= and id=",
            many.len()
        ))),
    }
}

/// Refuses a key that is not Ed25519 (an RSA or P-256 key under the same label).
fn check_ed25519(session: &Session, key: ObjectHandle, uri: &Uri) -> Result<(), Failure> {
    let attrs = session
        .get_attributes(key, &[AttributeType::KeyType, AttributeType::EcParams])
        .map_err(|e| failed(&format!("{uri}: cannot read the key's type"), &e))?;
    let mut key_type = None;
    let mut params = None;
    for a in attrs {
        match a {
            Attribute::KeyType(t) => key_type = Some(t),
            Attribute::EcParams(p) => params = Some(p),
            _ => {}
        }
    }
    let ed25519 = key_type == Some(KeyType::EC_EDWARDS)
        && params
            .as_deref()
            .is_some_and(|p| p == EDWARDS25519_NAME || p == ED25519_OID);
    if ed25519 {
        Ok(())
    } else {
        Err(Failure::other(format!(
            "{uri}: the key is not an Ed25519 key (type {})",
            key_type.map_or("unknown".to_owned(), |t| t.to_string())
        ))
        .hint("certmark signs with Ed25519 only: make one with `certmark keygen --token URI`"))
    }
}

/// The public key beside the private one: `CKA_EC_POINT`, raw (v3.0) or as a DER
/// OCTET STRING (older modules).
fn public_key(session: &Session, uri: &Uri) -> Result<VerifyingKey, Failure> {
    let key = find_one(session, uri, ObjectClass::PUBLIC_KEY)?;
    let attrs = session
        .get_attributes(key, &[AttributeType::EcPoint])
        .map_err(|e| failed(&format!("{uri}: cannot read the public key"), &e))?;
    let point = attrs.into_iter().find_map(|a| match a {
        Attribute::EcPoint(p) => Some(p),
        _ => None,
    });
    let raw = match point.as_deref() {
        Some([0x04, 0x20, rest @ ..]) if rest.len() == 32 => rest,
        Some(p) if p.len() == 32 => p,
        _ => {
            return Err(Failure::other(format!(
                "{uri}: the public key is not a 32-byte Ed25519 point"
            )))
        }
    };
    let bytes: [u8; 32] = raw.try_into().map_err(|_| Failure::other("bad point"))?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| {
        Failure::other(format!(
            "{uri}: the public key is not a valid Ed25519 point"
        ))
    })
}

/// One thread's signer: a session and the key's handle in it.
pub struct TokenSigner {
    session: Session,
    key: ObjectHandle,
}

impl Signer<Signature> for TokenSigner {
    fn try_sign(&self, msg: &[u8]) -> Result<Signature, SignatureError> {
        let mechanism = Mechanism::Eddsa(EddsaParams::new(EddsaSignatureScheme::Pure));
        let bytes = self
            .session
            .sign(&mechanism, self.key, msg)
            .map_err(|e| SignatureError::from_source(words("the token did not sign", &e)))?;
        Signature::from_slice(&bytes).map_err(|_| {
            SignatureError::from_source(format!(
                "the token returned {} bytes, not a 64-byte Ed25519 signature",
                bytes.len()
            ))
        })
    }
}

/// Makes an Ed25519 key pair on the token `uri` names: the private key sensitive and
/// never extractable, both under the URI's label and id. Refuses a label or id in use.
///
/// # Errors
/// As [`Token::open`], and the token refusing to make the key.
pub fn keygen(uri: &Uri, module: &Path) -> Result<VerifyingKey, Failure> {
    let (ctx, slot) = connect(uri, module)?;
    let mechanisms = ctx
        .get_mechanism_list(slot)
        .map_err(|e| failed("cannot list the token's mechanisms", &e))?;
    if !mechanisms.contains(&MechanismType::ECC_EDWARDS_KEY_PAIR_GEN)
        || !mechanisms.contains(&MechanismType::EDDSA)
    {
        return Err(Failure::other(format!(
            "{uri}: the token cannot make or use Ed25519 keys (no CKM_EC_EDWARDS_KEY_PAIR_GEN or CKM_EDDSA)"
        )));
    }
    let session = ctx
        .open_rw_session(slot)
        .map_err(|e| failed("cannot open a session with the token", &e))?;
    login(&session, uri)?;
    for class in [ObjectClass::PRIVATE_KEY, ObjectClass::PUBLIC_KEY] {
        let found = session
            .find_objects(&uri.template(class))
            .map_err(|e| failed(&format!("{uri}: cannot search the token"), &e))?;
        if !found.is_empty() {
            return Err(
                Failure::other(format!("{uri}: a key with this name exists"))
                    .hint("keygen never replaces a key: choose a new object= label"),
            );
        }
    }
    let mut named = Vec::new();
    if let Some(label) = &uri.object {
        named.push(Attribute::Label(label.as_bytes().to_vec()));
    }
    if let Some(id) = &uri.id {
        named.push(Attribute::Id(id.clone()));
    }
    let mut public = vec![
        Attribute::Token(true),
        Attribute::Private(false),
        Attribute::Verify(true),
        Attribute::EcParams(EDWARDS25519_NAME.to_vec()),
    ];
    public.extend(named.iter().cloned());
    let mut private = vec![
        Attribute::Token(true),
        Attribute::Private(true),
        Attribute::Sensitive(true),
        Attribute::Extractable(false),
        Attribute::Sign(true),
    ];
    private.extend(named);
    session
        .generate_key_pair(&Mechanism::EccEdwardsKeyPairGen, &public, &private)
        .map_err(|e| failed(&format!("{uri}: the token did not make the key"), &e))?;
    public_key(&session, uri)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_read_as_rfc_7512_says() {
        let u =
            Uri::parse("pkcs11:token=Issuer%20HSM;object=cqc-2;id=%01%ff?module-name=x").unwrap();
        assert_eq!(u.token.as_deref(), Some("Issuer HSM"));
        assert_eq!(u.object.as_deref(), Some("cqc-2"));
        assert_eq!(u.id.as_deref(), Some(&[1, 0xff][..]));
        assert_eq!(u.to_string(), "token \"Issuer HSM\", key \"cqc-2\"");
        for (bad, why) in [
            ("pkcs11:token=a", "names no key"),
            ("pkcs11:object=a;object=b", "twice"),
            ("pkcs11:object=a%2", "%-escape"),
            (
                "pkcs11:object=a?pin-value=1234",
                "never on the command line",
            ),
            ("pkcs11:object=a;slot-id=x", "not a number"),
            ("file.key", "starts with pkcs11:"),
        ] {
            let e = Uri::parse(bad).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }
}
