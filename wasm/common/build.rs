//! Checks the bundled trust data (roots, both lists' signatures, the lists' rules) on the
//! build machine and writes it as a snapshot for the browser modules, which then start
//! without a JSON parser or a signature check. Broken data fails the build.

use std::env;
use std::fs;
use std::path::PathBuf;

use certmark::trust_data::snapshot;
use certmark::TrustData;

fn main() {
    // The core (a build dependency) embeds the trust directory and reruns on its changes;
    // this script reruns whenever the core is rebuilt.
    println!("cargo::rerun-if-env-changed=CERTMARK_TRUST_DIR");
    println!("cargo::rerun-if-env-changed=CERTMARK_ALLOW_DEMO");
    let data =
        TrustData::bundled().unwrap_or_else(|e| panic!("the bundled trust data is broken: {e}"));
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out.join("bundled.snapshot"), snapshot::write(&data)).expect("write the snapshot");
}
