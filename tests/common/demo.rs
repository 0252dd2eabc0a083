//! What tests, benches and examples share about the demo set: its secret keys
//! (`demo-keys/*.key`, public on purpose) and the fixed day checks are made as of.
#![allow(dead_code)] // each includer uses its own part

use std::path::Path;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use certmark::{CheckDates, SigningKey};

/// The day every check of the demo marks and vectors is made as of.
pub const CHECK_DAY: &str = "2026-11-21";

/// [`CHECK_DAY`] as the check dates (as of and today alike).
pub fn when() -> CheckDates {
    CheckDates::today(CHECK_DAY.parse().expect("CHECK_DAY is a date"))
}

/// The demo key `demo-keys/NAME.key` (`root`, `demo-cqc-2`, …), from the core's crate
/// or a member's one level down (`cli/`).
pub fn demo_key(name: &str) -> SigningKey {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let keys = [crate_dir, crate_dir.parent().unwrap_or(crate_dir)]
        .iter()
        .map(|d| d.join("demo-keys"))
        .find(|d| d.is_dir())
        .expect("the demo-keys directory");
    let path = keys.join(format!("{name}.key"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json: serde_json::Value = serde_json::from_str(&text).expect("key file JSON");
    let secret = STANDARD
        .decode(json["secret_key"].as_str().expect("secret_key"))
        .expect("base64");
    SigningKey::from_bytes(&secret.try_into().expect("32 bytes"))
}
