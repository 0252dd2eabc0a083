//! Embeds the trust directory and lists the test vectors.
//!
//! `CERTMARK_TRUST_DIR` (default `trust/`) selects the bundled trust data. The default
//! demo directory allows demo issuers; any other directory refuses them unless
//! `CERTMARK_ALLOW_DEMO=1`.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

const TRUST_FILES: [&str; 5] = [
    "roots.json",
    "trust-list.json",
    "trust-list.json.sig",
    "revocations.json",
    "revocations.json.sig",
];

fn main() {
    let root =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    println!("cargo::rerun-if-env-changed=CERTMARK_TRUST_DIR");
    println!("cargo::rerun-if-env-changed=CERTMARK_ALLOW_DEMO");
    println!("cargo::rustc-check-cfg=cfg(certmark_demo)");

    let default_dir = root.join("trust");
    let dir = match env::var_os("CERTMARK_TRUST_DIR") {
        Some(d) => root.join(d),
        None => default_dir.clone(),
    };
    let dir = dir.canonicalize().unwrap_or_else(|e| {
        panic!("CERTMARK_TRUST_DIR {}: {e}", dir.display());
    });
    for f in TRUST_FILES {
        let p = dir.join(f);
        assert!(p.is_file(), "trust directory {} lacks {f}", dir.display());
        println!("cargo::rerun-if-changed={}", p.display());
    }
    let is_default = default_dir.canonicalize().ok().as_deref() == Some(dir.as_path());
    if is_default || env::var("CERTMARK_ALLOW_DEMO").as_deref() == Ok("1") {
        println!("cargo::rustc-cfg=certmark_demo");
    }
    println!("cargo::rustc-env=CERTMARK_TRUST_PATH={}", dir.display());

    write_vector_index(&root.join("tests/vectors"));
}

/// `OUT_DIR/vectors.rs`: every vector file, embedded, so native and wasm tests read the same.
fn write_vector_index(dir: &Path) {
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut names: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    names.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    names.sort();
    let mut out = String::from(
        "/// Every test vector: (file name, contents).\npub const VECTORS: &[(&str, &str)] = &[\n",
    );
    for p in &names {
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .expect("vector names are UTF-8");
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            p.display().to_string()
        )
        .expect("write to String");
    }
    out.push_str("];\n");
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out_dir.join("vectors.rs"), out).expect("write vectors.rs");

    // One named test per vector (`cargo test vectors::forged_wrong_key` runs one).
    let mut tests = String::new();
    for p in &names {
        let stem = p
            .file_stem()
            .and_then(|n| n.to_str())
            .expect("vector names are UTF-8");
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or(stem);
        assert!(
            stem.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "vector {name}: name it in lowercase letters, digits and underscores"
        );
        writeln!(
            tests,
            "#[test]\nfn {stem}() {{\n    run_one({name:?});\n}}\n"
        )
        .expect("write to String");
    }
    fs::write(out_dir.join("vector_tests.rs"), tests).expect("write vector_tests.rs");
}
