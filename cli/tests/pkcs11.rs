//! Issuers' and roots' keys in hardware, against a real PKCS#11 module: SoftHSM2 (Debian's
//! `softhsm2`, installed by `scripts/setup.sh test`) with tokens made in a temporary
//! directory (`SOFTHSM2_CONF`), and p11-kit's trust module as a token without EdDSA.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass};
use cryptoki::session::{Session, UserType};
use cryptoki::types::AuthPin;

const BIN: &str = env!("CARGO_BIN_EXE_certmark");
const PIN: &str = "4321";
const SOFTHSM: &str = "/usr/lib/softhsm/libsofthsm2.so";
const P11_KIT_TRUST: &str = "/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-trust.so";

/// A SoftHSM2 configuration of its own, with initialised tokens.
struct Hsm {
    dir: PathBuf,
    conf: PathBuf,
}

impl Hsm {
    fn new(name: &str, tokens: &[&str]) -> Hsm {
        assert!(
            Path::new(SOFTHSM).exists(),
            "{SOFTHSM} is missing: install softhsm2 (scripts/setup.sh test does)"
        );
        let dir = std::env::temp_dir().join(format!("certmark-hsm-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("tokens")).unwrap();
        let conf = dir.join("softhsm2.conf");
        fs::write(
            &conf,
            format!(
                "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
                dir.join("tokens").display()
            ),
        )
        .unwrap();
        let hsm = Hsm { dir, conf };
        for label in tokens {
            let o = Command::new("softhsm2-util")
                .env("SOFTHSM2_CONF", &hsm.conf)
                .args(["--init-token", "--free", "--label", label, "--pin", PIN])
                .args(["--so-pin", "87654321"])
                .output()
                .expect("softhsm2-util");
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        }
        hsm
    }

    /// Runs the CLI against this HSM, with `pin` as the user PIN.
    fn run_with_pin(&self, args: &[&str], pin: &str) -> Output {
        Command::new(BIN)
            .env("SOFTHSM2_CONF", &self.conf)
            .env("CERTMARK_PKCS11_MODULE", SOFTHSM)
            .env("CERTMARK_PKCS11_PIN", pin)
            .args(args)
            .output()
            .expect("run certmark")
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_with_pin(args, PIN)
    }

    /// Runs `f` with a logged-in session on `token`, for what the CLI never does itself
    /// (reading key attributes, importing a key, making a key of another kind). The module
    /// is loaded once per process and reads SOFTHSM2_CONF when it starts, so one test at a
    /// time uses it here, starting and finalising it around `f`.
    fn with_session<T>(&self, token: &str, f: impl FnOnce(&Session) -> T) -> T {
        static IN_PROCESS: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _one = IN_PROCESS.lock().unwrap_or_else(|e| e.into_inner());
        std::env::set_var("SOFTHSM2_CONF", &self.conf);
        let ctx = Pkcs11::new(SOFTHSM).unwrap();
        ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK))
            .unwrap();
        let slot = ctx
            .get_slots_with_token()
            .unwrap()
            .into_iter()
            .find(|s| ctx.get_token_info(*s).unwrap().label().trim_end() == token)
            .expect("the token");
        let session = ctx.open_rw_session(slot).unwrap();
        session
            .login(UserType::User, Some(&AuthPin::from(PIN.to_owned())))
            .unwrap();
        let answer = f(&session);
        drop(session);
        ctx.finalize().unwrap();
        answer
    }
}

impl Drop for Hsm {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn ok(o: Output) -> String {
    assert!(o.status.success(), "{}", text(&o));
    String::from_utf8(o.stdout).unwrap().trim().to_owned()
}

/// `o` failed, saying `words`.
fn refused(o: &Output, words: &str) {
    assert_eq!(o.status.code(), Some(3), "{}", text(o));
    assert!(
        text(o).contains(words),
        "expected {words:?} in: {}",
        text(o)
    );
}

#[test]
fn from_an_empty_token_to_printed_marks_and_signed_lists_without_a_key_file() {
    let hsm = Hsm::new("ceremony", &["root-hsm", "issuer-hsm"]);
    let root_uri = "pkcs11:token=root-hsm;object=root-2026";
    let issuer_uri = "pkcs11:token=issuer-hsm;object=hsm-1;id=%01";
    let root = ok(hsm.run(&["keygen", "--token", root_uri]));
    let issuer = ok(hsm.run(&["keygen", "--token", issuer_uri]));
    assert_eq!(root.len(), 44, "a base64 public key: {root}");

    // The keys are made to stay in the token.
    hsm.with_session("issuer-hsm", |session| {
        let key = session
            .find_objects(&[
                Attribute::Class(ObjectClass::PRIVATE_KEY),
                Attribute::Label(b"hsm-1".to_vec()),
            ])
            .unwrap()[0];
        let attrs = session
            .get_attributes(
                key,
                &[
                    AttributeType::KeyType,
                    AttributeType::Extractable,
                    AttributeType::NeverExtractable,
                    AttributeType::Sensitive,
                    AttributeType::AlwaysSensitive,
                    AttributeType::EcParams,
                    AttributeType::Token,
                    AttributeType::Id,
                ],
            )
            .unwrap();
        for a in &attrs {
            match a {
                Attribute::KeyType(t) => assert_eq!(*t, KeyType::EC_EDWARDS),
                Attribute::Extractable(b) => assert!(!b, "extractable"),
                Attribute::NeverExtractable(b) => assert!(b, "never extractable"),
                Attribute::Sensitive(b) => assert!(b, "sensitive"),
                Attribute::AlwaysSensitive(b) => assert!(b, "always sensitive"),
                Attribute::EcParams(p) => assert_eq!(p, b"\x13\x0cedwards25519"),
                Attribute::Token(b) => assert!(b, "kept on the token"),
                Attribute::Id(id) => assert_eq!(id, &[1]),
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(attrs.len(), 8);
        // Its value cannot be read out.
        assert!(session
            .get_attributes(key, &[AttributeType::Value])
            .map_or(true, |v| v.is_empty()));
    });

    // The root signs the lists; the trust directory pins the root's public key.
    let dir = hsm.dir.join("trust");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("roots.json"),
        serde_json::json!({"format":"certmark-roots/1","roots":[{"name":"HSM root","public_key": root}]}).to_string(),
    )
    .unwrap();
    fs::write(dir.join("trust-list.json"), serde_json::json!({
        "format":"certmark-trust-list/1","sequence":1,"issued":"2026-11-01","expires":"2027-11-01",
        "issuers":[{"id":"TEST-H","name":{"en":"HSM Certification","zh":"硬件密钥认证"},"country":"CN",
          "accreditation":"CNCA-R-TEST-009","schemes":["CCC"],
          "keys":[{"key":1,"public_key": issuer,"signs_from":"2026-01-01","signs_until":"2030-12-31","revoked_from":null}]}]
    }).to_string()).unwrap();
    fs::write(dir.join("revocations.json"), serde_json::json!({
        "format":"certmark-revocations/1","sequence":1,"issued":"2026-11-01",
        "entries":[{"issuer":"TEST-H","cert":"H-9","status":"withdrawn","since":"2026-06-01","reason":"test"}]
    }).to_string()).unwrap();
    let list = dir.join("trust-list.json");
    let revocations = dir.join("revocations.json");
    let today = ["--today", "2026-11-21"];
    ok(hsm.run(
        &[
            &[
                "trust-list",
                "sign",
                list.to_str().unwrap(),
                "--key",
                root_uri,
            ][..],
            &today,
        ]
        .concat(),
    ));
    ok(hsm.run(
        &[
            &[
                "revocations",
                "sign",
                revocations.to_str().unwrap(),
                "--key",
                root_uri,
            ][..],
            &today,
        ]
        .concat(),
    ));

    // The issuer signs a mark and prints its QR code; the verifier takes both.
    let png = hsm.dir.join("mark.png");
    let sign = |cert: &str, png: &Path| {
        ok(hsm.run(&[
            "sign",
            "--key",
            issuer_uri,
            "--issuer",
            "TEST-H",
            "--key-number",
            "1",
            "--cert",
            cert,
            "--holder",
            "硬件演示有限公司",
            "--scheme",
            "CCC",
            "--scope",
            "Kettle",
            "--valid-from",
            "2026-01-01",
            "--valid-to",
            "2029-12-31",
            "--qr",
            png.to_str().unwrap(),
        ]))
    };
    let mark = sign("H-1", &png);
    let trust = dir.to_str().unwrap();
    for input in [mark.as_str(), png.to_str().unwrap()] {
        let o = hsm.run(&[
            "verify",
            input,
            "--trust",
            trust,
            "--as-of",
            "2026-11-21",
            "--json",
        ]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["code"], "valid", "{}", text(&o));
    }
    // The revocation list the token signed is in force.
    let withdrawn = sign("H-9", &hsm.dir.join("h9.png"));
    let o = hsm.run(&[
        "verify",
        &withdrawn,
        "--trust",
        trust,
        "--as-of",
        "2026-11-21",
        "--json",
    ]);
    assert!(text(&o).contains("\"withdrawn\""), "{}", text(&o));

    // keygen never replaces a key.
    refused(
        &hsm.run(&["keygen", "--token", issuer_uri]),
        "a key with this name exists",
    );
}

#[test]
fn every_failure_says_what_went_wrong() {
    let hsm = Hsm::new("failures", &["issuer-hsm"]);
    let uri = "pkcs11:token=issuer-hsm;object=hsm-1";
    ok(hsm.run(&["keygen", "--token", uri]));
    let sign = |key: &str| {
        vec![
            "sign".to_owned(),
            "--key".into(),
            key.into(),
            "--issuer".into(),
            "TEST-H".into(),
            "--key-number".into(),
            "1".into(),
            "--cert".into(),
            "H-1".into(),
            "--holder".into(),
            "h".into(),
            "--scheme".into(),
            "CCC".into(),
            "--scope".into(),
            "s".into(),
            "--valid-from".into(),
            "2026-01-01".into(),
            "--valid-to".into(),
            "2027-01-01".into(),
        ]
    };
    let run = |args: Vec<String>, pin: &str| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        hsm.run_with_pin(&args, pin)
    };
    assert!(run(sign(uri), PIN).status.success());

    let mut missing = sign(uri);
    missing.extend(["--pkcs11-module".into(), "/nonexistent/libpkcs11.so".into()]);
    refused(
        &run(missing, PIN),
        "PKCS#11 module /nonexistent/libpkcs11.so not found",
    );
    refused(
        &run(sign("pkcs11:token=no-such;object=hsm-1"), PIN),
        "no such token",
    );
    refused(
        &run(sign("pkcs11:token=issuer-hsm;object=other"), PIN),
        "no such private key",
    );
    refused(&run(sign(uri), "0000"), "wrong PIN");
    refused(
        &run(
            sign("pkcs11:token=issuer-hsm;object=hsm-1?pin-value=4321"),
            PIN,
        ),
        "never on the command line",
    );

    // A P-256 key under a label of its own is not used as if it were Ed25519.
    hsm.with_session("issuer-hsm", |session| {
        let p256 = vec![0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
        session
            .generate_key_pair(
                &Mechanism::EccKeyPairGen,
                &[
                    Attribute::Token(true),
                    Attribute::EcParams(p256),
                    Attribute::Label(b"p256".to_vec()),
                ],
                &[
                    Attribute::Token(true),
                    Attribute::Sign(true),
                    Attribute::Label(b"p256".to_vec()),
                ],
            )
            .unwrap();
    });
    refused(
        &run(sign("pkcs11:token=issuer-hsm;object=p256"), PIN),
        "not an Ed25519 key",
    );

    // A real module whose token has no EdDSA at all: p11-kit's trust module.
    let mut no_eddsa = sign("pkcs11:token=System%20Trust;object=x");
    no_eddsa.extend(["--pkcs11-module".into(), P11_KIT_TRUST.into()]);
    refused(&run(no_eddsa, PIN), "cannot sign with EdDSA");
}

#[test]
fn a_batch_signed_in_the_token_equals_the_batch_signed_with_the_same_key_from_a_file() {
    let hsm = Hsm::new("batch", &["issuer-hsm"]);
    // A file key, and the same key imported into the token.
    let seed = [0x5au8; 32];
    let signing = certmark::SigningKey::from_bytes(&seed);
    let public = signing.verifying_key();
    let b64 = base64::engine::general_purpose::STANDARD;
    use base64::Engine as _;
    let key_file = hsm.dir.join("issuer.key");
    fs::write(
        &key_file,
        serde_json::json!({
            "format": "certmark-secret-key/1",
            "secret_key": b64.encode(seed),
            "public_key": b64.encode(public.to_bytes()),
            "issuer": "TEST-H", "key": 1,
        })
        .to_string(),
    )
    .unwrap();
    hsm.with_session("issuer-hsm", |session| {
        let label = || Attribute::Label(b"imported".to_vec());
        let params = || Attribute::EcParams(b"\x13\x0cedwards25519".to_vec());
        session
            .create_object(&[
                Attribute::Class(ObjectClass::PRIVATE_KEY),
                Attribute::KeyType(KeyType::EC_EDWARDS),
                Attribute::Token(true),
                Attribute::Private(true),
                Attribute::Sensitive(true),
                Attribute::Sign(true),
                params(),
                label(),
                Attribute::Value(seed.to_vec()),
            ])
            .unwrap();
        let mut point = vec![0x04, 0x20];
        point.extend(public.to_bytes());
        session
            .create_object(&[
                Attribute::Class(ObjectClass::PUBLIC_KEY),
                Attribute::KeyType(KeyType::EC_EDWARDS),
                Attribute::Token(true),
                Attribute::Verify(true),
                params(),
                label(),
                Attribute::EcPoint(point),
            ])
            .unwrap();
    });

    let mut csv = String::from("serial,cert,holder,scheme,scope,valid_from,valid_to\n");
    for n in 0..10_000 {
        csv.push_str(&format!(
            "U-{n:05},H-{},硬件演示,CCC,Kettle,2026-01-01,2029-12-31\n",
            n % 7
        ));
    }
    let units = hsm.dir.join("units.csv");
    fs::write(&units, csv).unwrap();
    let batch = |key: &str, out: &str| {
        let out = hsm.dir.join(out);
        let args = [
            "sign",
            "--key",
            key,
            "--issuer",
            "TEST-H",
            "--key-number",
            "1",
            "--batch",
            units.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--threads",
            "2",
        ];
        ok(hsm.run(&args));
        fs::read_to_string(out.join("marks.csv")).unwrap()
    };
    let from_file = batch(key_file.to_str().unwrap(), "file");
    let from_token = batch("pkcs11:token=issuer-hsm;object=imported", "token");
    assert_eq!(from_file.lines().count(), 10_001);
    // Ed25519 is deterministic: the same key signs the same bytes alike, mark for mark.
    assert!(
        from_file == from_token,
        "the token's batch differs from the file key's"
    );
}

#[test]
fn a_token_lost_in_the_middle_of_a_batch_leaves_nothing_behind() {
    let hsm = Hsm::new("lost", &["issuer-hsm"]);
    let uri = "pkcs11:token=issuer-hsm;object=hsm-1";
    ok(hsm.run(&["keygen", "--token", uri]));
    let mut csv = String::from("serial,cert,holder,scheme,scope,valid_from,valid_to\n");
    for n in 0..50_000 {
        csv.push_str(&format!("U-{n:05},H-1,h,CCC,s,2026-01-01,2029-12-31\n"));
    }
    let units = hsm.dir.join("units.csv");
    fs::write(&units, csv).unwrap();
    let out = hsm.dir.join("out");
    let child = Command::new(BIN)
        .env("SOFTHSM2_CONF", &hsm.conf)
        .env("CERTMARK_PKCS11_MODULE", SOFTHSM)
        .env("CERTMARK_PKCS11_PIN", PIN)
        .args([
            "sign",
            "--key",
            uri,
            "--issuer",
            "TEST-H",
            "--key-number",
            "1",
        ])
        .args(["--threads", "2", "--batch", units.to_str().unwrap()])
        .args(["--out", out.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A second into the batch (50,000 marks take several seconds), the token goes away.
    std::thread::sleep(std::time::Duration::from_millis(1000));
    let o = Command::new("softhsm2-util")
        .env("SOFTHSM2_CONF", &hsm.conf)
        .args(["--delete-token", "--token", "issuer-hsm"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let o = child.wait_with_output().unwrap();
    refused(&o, "the session with the token was lost");
    let left: Vec<String> = fs::read_dir(&hsm.dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !out.exists() && !left.iter().any(|n| n.contains("partial")),
        "{left:?}"
    );
}
