//! `certmark`: the issuer's and checker's command-line tool.
//!
//! The only code that touches files, the terminal, the clock and the RNG; everything
//! it decides comes from the library.
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

/// `print!` that ends the program quietly when standard output is gone (a closed pipe,
/// as in `certmark … | head`) instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if write!(std::io::stdout().lock(), $($arg)*).is_err() {
            std::process::exit(3);
        }
    }};
}

/// `println!` with [`out!`]'s handling of a closed standard output.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout().lock(), $($arg)*).is_err() {
            std::process::exit(3);
        }
    }};
}

mod batch;
mod claims;
mod cli;
mod keyfile;
mod lists;
mod qr;
mod show;
mod stockcheck;
mod token;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use certmark::trust::Demo;
use certmark::trust_data::{TrustFiles, BUNDLED_DEMO, FILE_NAMES};
use certmark::{verify, CheckDates, Date, Mark, MarkError, TrustData, Verdict};
use clap::Parser;

use crate::cli::{Cli, Command, InspectArgs, SignArgs, TrustArgs, VerifyArgs};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit statuses.
pub const EXIT_NOT_VALID: u8 = 1;
const EXIT_UNREADABLE: u8 = 2;
const EXIT_ERROR: u8 = 3;

/// An error for a person: what went wrong, what to do, and the exit status.
pub struct Failure {
    message: String,
    hint: Option<String>,
    status: u8,
}

impl Failure {
    pub fn other(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            hint: None,
            status: EXIT_ERROR,
        }
    }

    pub fn io(path: &Path, e: std::io::Error) -> Failure {
        Failure::other(format!("{}: {e}", path.display()))
    }

    pub fn unreadable(message: impl Into<String>) -> Failure {
        Failure {
            status: EXIT_UNREADABLE,
            ..Failure::other(message)
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Failure {
        self.hint = Some(hint.into());
        self
    }
}

/// Reads a file, refusing one larger than `limit` bytes before reading it all.
pub fn read_limited(path: &Path, limit: usize) -> Result<Vec<u8>, Failure> {
    let f = std::fs::File::open(path).map_err(|e| Failure::io(path, e))?;
    let too_large = || Failure::other(format!("{}: larger than {limit} bytes", path.display()));
    // A file that says its size is refused unread; a pipe or device, after `limit` bytes.
    if f.metadata()
        .is_ok_and(|m| m.is_file() && m.len() > limit as u64)
    {
        return Err(too_large());
    }
    // Room for all of it at once: growing by doubling would peak near three times the limit.
    let known = f
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len() as usize);
    let mut buf = Vec::with_capacity(known.map_or(limit, |n| n.min(limit)) + 1);
    f.take(limit as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| Failure::io(path, e))?;
    if buf.len() > limit {
        return Err(too_large());
    }
    Ok(buf)
}

/// Today (UTC) from the system clock, or the given `YYYY-MM-DD`.
pub fn today_or(date: Option<&str>) -> Result<Date, Failure> {
    match date {
        Some(d) => d.parse().map_err(|e| {
            Failure::other(format!("date {d:?}: {e}")).hint("write dates as YYYY-MM-DD")
        }),
        None => {
            let secs = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_err(|_| {
                    Failure::other("the system clock is before 1970")
                        .hint("set the clock or pass a date")
                })?
                .as_secs();
            Ok(Date(secs / 86_400))
        }
    }
}

fn load_trust(args: &TrustArgs) -> Result<TrustData, Failure> {
    let Some(dir) = &args.trust else {
        return TrustData::bundled().map_err(|e| {
            Failure::other(format!("bundled trust data is broken: {e}")).hint("rebuild certmark")
        });
    };
    let mut files: Vec<Vec<u8>> = Vec::with_capacity(5);
    for name in FILE_NAMES {
        files.push(read_limited(
            &dir.join(name),
            certmark::revocation::MAX_BYTES,
        )?);
    }
    let demo = if args.allow_demo {
        Demo::Allow
    } else {
        BUNDLED_DEMO
    };
    let tf = TrustFiles {
        roots: &files[0],
        trust_list: &files[1],
        trust_list_sig: &files[2],
        revocations: &files[3],
        revocations_sig: &files[4],
    };
    let mut trust = TrustData::load(&tf, demo).map_err(|e| {
        let f = Failure::other(format!("trust directory {}: {e}", dir.display()));
        match e.error {
            certmark::list::ListError::DemoRefused { .. } => f.hint("pass --allow-demo to try demo data"),
            _ => f.hint("check the directory holds a trust list and revocation list signed by one of its roots"),
        }
    })?;
    // Revocation deltas, in order: revocations.delta.1, .2, … each with its .sig.
    for n in 1.. {
        let path = dir.join(format!("revocations.delta.{n}"));
        if !path.exists() {
            break;
        }
        let delta = read_limited(&path, certmark::revocation::MAX_BYTES)?;
        let sig = read_limited(&dir.join(format!("revocations.delta.{n}.sig")), 4096)?;
        trust = trust.with_revocation_delta(&delta, &sig).map_err(|e| {
            Failure::other(format!("{}: {e}", path.display()))
                .hint("deltas follow the exact revocation list in order, each signed by a root")
        })?;
    }
    Ok(trust)
}

/// Largest input file read (an image or a text file).
const MAX_FILE: usize = certmark::scan::MAX_IMAGE_BYTES;

/// The texts to check: the input itself, standard input, a text file, or the QR codes
/// in an image file. An argument is a file only if it holds no mark and names a file.
fn read_inputs(input: &str) -> Result<Vec<String>, Failure> {
    if input == "-" {
        let mut s = String::new();
        std::io::stdin()
            .take(certmark::mark::MAX_INPUT as u64 + 1)
            .read_to_string(&mut s)
            .map_err(|e| Failure::unreadable(format!("standard input: {e}")))?;
        return Ok(vec![s]);
    }
    let path = PathBuf::from(input);
    if input.contains("CM1") || !path.is_file() {
        return Ok(vec![input.to_owned()]);
    }
    // A mark is short: past MAX_INPUT, only that much of a text file is read, which is
    // enough for its verdict ("input longer than …"), as the page does with typed text.
    let mut head = Vec::new();
    std::fs::File::open(&path)
        .and_then(|f| {
            f.take(certmark::mark::MAX_INPUT as u64 + 1)
                .read_to_end(&mut head)
        })
        .map_err(|e| Failure::io(&path, e))?;
    if image::guess_format(&head).is_err() && head.len() > certmark::mark::MAX_INPUT {
        return Ok(vec![String::from_utf8_lossy(&head).into_owned()]);
    }
    let bytes = read_limited(&path, MAX_FILE)?;
    let Ok(format) = image::guess_format(&bytes) else {
        // Not an image: a text file holding a mark (or not).
        return String::from_utf8(bytes).map(|s| vec![s]).map_err(|_| {
            Failure::unreadable(format!(
                "{}: neither an image nor UTF-8 text",
                path.display()
            ))
        });
    };
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(&bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(12_000);
    limits.max_image_height = Some(12_000);
    limits.max_alloc = Some(512 << 20);
    reader.limits(limits);
    let img = reader
        .decode()
        .map_err(|e| Failure::unreadable(format!("{}: not a readable image: {e}", path.display())))?
        .to_luma8();
    let (w, h) = (img.width() as usize, img.height() as usize);
    let codes = certmark::scan::scan_gray(w, h, img.as_raw())
        .map_err(|e| Failure::unreadable(format!("{}: {e}", path.display())))?;
    if codes.is_empty() {
        return Err(
            Failure::unreadable(format!("{}: no QR code found", path.display()))
                .hint("try a sharper, closer photo with the whole code in view"),
        );
    }
    // A payload in an unknown encoding is not a mark; it becomes text that says so.
    Ok(codes
        .into_iter()
        .map(|c| c.text.unwrap_or_default())
        .collect())
}

pub fn exit_for(code: Verdict) -> u8 {
    match code {
        Verdict::Valid => 0,
        c if c.is_readable() => EXIT_NOT_VALID,
        _ => EXIT_UNREADABLE,
    }
}

fn cmd_verify(args: &VerifyArgs) -> Result<u8, Failure> {
    let trust = load_trust(&args.trust)?;
    let today = today_or(None)?;
    let as_of = match &args.as_of {
        Some(d) => today_or(Some(d))?,
        None => today,
    };
    let when = CheckDates { as_of, today };
    if let Some(file) = &args.batch {
        return stockcheck::run(args, file, &trust, when);
    }
    let mut status = 0;
    let inputs = read_inputs(args.input.as_deref().unwrap_or("-"))?;
    // Several codes in one photo: the ones that are marks, or else the first.
    let marks: Vec<&String> = inputs
        .iter()
        .filter(|s| certmark::mark::looks_like_mark(s))
        .collect();
    let chosen = if marks.is_empty() {
        vec![&inputs[0]]
    } else {
        marks
    };
    for text in chosen {
        let outcome = verify(text, &trust, when);
        // Not a mark: say what it is instead (a product code, a link; never a reason to trust it).
        let other = (outcome.verdict == Verdict::NotAMark).then(|| certmark::code::classify(text));
        if args.json {
            let mut value =
                serde_json::to_value(&outcome).map_err(|e| Failure::other(e.to_string()))?;
            if let (Some(other), Some(map)) = (&other, value.as_object_mut()) {
                let other =
                    serde_json::to_value(other).map_err(|e| Failure::other(e.to_string()))?;
                map.insert("other".into(), other);
            }
            let json =
                serde_json::to_string_pretty(&value).map_err(|e| Failure::other(e.to_string()))?;
            outln!("{json}");
        } else {
            out!("{}", show::outcome(&outcome, other.as_ref()));
        }
        status = status.max(exit_for(outcome.verdict));
    }
    Ok(status)
}

fn cmd_inspect(args: &InspectArgs) -> Result<u8, Failure> {
    let inputs = read_inputs(&args.input)?;
    let mut status = 0;
    for text in &inputs {
        match Mark::parse(text) {
            Ok(mark) => {
                let c = mark.unverified_claims();
                if args.json {
                    let v = serde_json::json!({
                        "verified": false,
                        "unverified": c,
                        "bytes": mark.bytes().len(),
                        "body_bytes": mark.body().len(),
                    });
                    outln!("{v:#}");
                } else {
                    out!("{}", show::inspect(c, &mark));
                }
            }
            Err(e) => {
                let code = match e {
                    MarkError::NotAMark => "not-a-mark",
                    MarkError::Unsupported { .. } => "unsupported",
                    _ => "malformed",
                };
                if args.json {
                    outln!(
                        "{:#}",
                        serde_json::json!({"code": code, "rule": e.rule(), "reason": e.to_string()})
                    );
                } else {
                    outln!("{code}: {e}");
                }
                status = EXIT_UNREADABLE;
            }
        }
    }
    Ok(status)
}

fn cmd_keygen(args: &cli::KeygenArgs) -> Result<u8, Failure> {
    if let Some(text) = &args.token {
        let uri =
            token::Uri::parse(text).map_err(|e| Failure::other(format!("--token {text}: {e}")))?;
        let public = token::keygen(&uri, &token::module_path(args.pkcs11_module.as_deref())?)?;
        eprintln!("made an Ed25519 key on {uri} (sensitive, never extractable)");
        outln!("{}", certmark::list::encode_public_key(&public));
        return Ok(0);
    }
    let Some(out) = &args.out else {
        return Err(Failure::other("give --out FILE or --token URI"));
    };
    let key = keyfile::generate()?;
    keyfile::write(
        out,
        &key,
        args.issuer.clone(),
        args.key_number,
        args.name.clone(),
    )?;
    let public = certmark::list::encode_public_key(&key.verifying_key());
    eprintln!(
        "wrote secret key {} (readable by you only; keep it offline)",
        out.display()
    );
    outln!("{public}");
    Ok(0)
}

fn cmd_sign(args: &SignArgs) -> Result<u8, Failure> {
    let key = keyfile::load(&args.key, args.pkcs11_module.as_deref())?;
    if let Some(url) = &args.url {
        if url.contains('#') {
            return Err(Failure::other(
                "--url must not contain '#': the mark goes in the fragment",
            ));
        }
    }
    let mut base = claims::Partial {
        issuer: key.issuer.clone(),
        key: key.key,
        ..Default::default()
    };
    if let Some(path) = &args.json {
        let bytes = read_limited(path, 1 << 20)?;
        let from_file: claims::Partial = serde_json::from_slice(&bytes)
            .map_err(|e| Failure::other(format!("{}: {e}", path.display())).hint("fields: issuer, key, cert, holder, scheme, scope, valid_from, valid_to, serial, extra"))?;
        base = base.overlay(from_file);
    }
    base = base.overlay(claims::Partial::from_flags(&args.fields).map_err(Failure::other)?);
    if let (Some(f), Some(g)) = (&key.issuer, &base.issuer) {
        if f != g {
            return Err(Failure::other(format!(
                "the key file is for issuer {f:?}, not {g:?}"
            )));
        }
    }
    if let (Some(f), Some(g)) = (key.key, base.key) {
        if f != g {
            return Err(Failure::other(format!(
                "the key file is key number {f}, not {g}"
            )));
        }
    }
    if let Some(csv) = &args.batch {
        return batch::sign(args, &key, base, csv);
    }
    let (claims, normalised) = base
        .finish()
        .map_err(|m| Failure::other(m).hint("see `certmark sign --help`"))?;
    if normalised {
        eprintln!("note: some text was normalised to Unicode NFC, as the format requires");
    }
    let mark = Mark::sign(&claims, &key.signer()?)
        .map_err(|e| Failure::other(format!("cannot make this mark: {e}")))?;
    key.check(&mark)?;
    let link = args.url.as_deref().map(|u| mark.to_link(u));
    outln!("{}", mark.to_text());
    if let Some(l) = &link {
        outln!("{l}");
    }
    if let Some(path) = &args.qr {
        let format = qr::format_for(path)?;
        let digits = mark.to_digits();
        let payload = link.as_deref().unwrap_or(&digits);
        let (prefix, digits) = qr::split(payload);
        let code = qr::encode(prefix, digits, qr::ec(args.ec))?;
        std::fs::write(path, qr::render(&code, format, args.scale)?)
            .map_err(|e| Failure::io(path, e))?;
        eprintln!(
            "wrote {} (QR version {}, {} bytes of mark)",
            path.display(),
            qr::version(&code),
            mark.bytes().len()
        );
    }
    Ok(0)
}

fn run(cli: Cli) -> Result<u8, Failure> {
    match &cli.command {
        Command::Keygen(a) => cmd_keygen(a),
        Command::Sign(a) => cmd_sign(a),
        Command::Verify(a) => cmd_verify(a),
        Command::Inspect(a) => cmd_inspect(a),
        Command::TrustList(c) => lists::run(lists::Kind::Trust, c).map(|()| 0),
        Command::Revocations(c) => lists::run_revocations(c).map(|()| 0),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_ERROR } else { 0 });
        }
    };
    match run(cli) {
        Ok(status) => ExitCode::from(status),
        Err(f) => {
            eprintln!("certmark: {}", f.message);
            if let Some(h) = f.hint {
                eprintln!("  hint: {h}");
            }
            ExitCode::from(f.status)
        }
    }
}
