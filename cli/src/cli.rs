//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Sign, print and check certification marks.
///
/// Exit status: 0 valid, 1 a readable mark that is not valid, 2 unreadable input
/// (not a mark, unsupported, malformed, no QR code), 3 any other error.
#[derive(Parser)]
#[command(name = "certmark", version, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Make a new Ed25519 key pair: an issuer signing key or a root key.
    Keygen(KeygenArgs),
    /// Sign one mark, or a batch of unit marks from a CSV file.
    Sign(Box<SignArgs>),
    /// Check a mark: a CM1 string, a link, or an image file holding a QR code.
    Verify(VerifyArgs),
    /// Show what a mark contains, without verifying it.
    Inspect(InspectArgs),
    /// Check or sign a trust list (issuers and their keys).
    #[command(name = "trust-list", subcommand)]
    TrustList(ListCommand),
    /// Check, compact or sign a revocation list.
    #[command(subcommand)]
    Revocations(RevocationCommand),
}

#[derive(Args)]
pub struct KeygenArgs {
    /// Where to write the secret key (created readable by its owner only; never overwritten).
    #[arg(long, required_unless_present = "token", conflicts_with = "token")]
    pub out: Option<PathBuf>,
    /// Make the key on a PKCS#11 token instead, named by a URI
    /// (`pkcs11:token=LABEL;object=NAME`): sensitive, never extractable. The PIN comes
    /// from CERTMARK_PKCS11_PIN or a prompt.
    #[arg(long, value_name = "URI")]
    pub token: Option<String>,
    /// The PKCS#11 module (default: CERTMARK_PKCS11_MODULE).
    #[arg(long, value_name = "PATH")]
    pub pkcs11_module: Option<PathBuf>,
    /// Issuer id this key signs for (omit for a root key).
    #[arg(long)]
    pub issuer: Option<String>,
    /// Key number within the issuer.
    #[arg(long, requires = "issuer")]
    pub key_number: Option<u64>,
    /// A name for the key (root keys: as it appears in roots.json).
    #[arg(long)]
    pub name: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum EcLevel {
    /// 7 % recovery.
    L,
    /// 15 % recovery.
    M,
    /// 25 % recovery (default: labels get scuffed).
    Q,
    /// 30 % recovery.
    H,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum QrFormat {
    /// Scalable vector graphics.
    Svg,
    /// PNG image.
    Png,
}

#[derive(Args)]
pub struct SignArgs {
    /// The issuer's secret key file (from `certmark keygen`), or a key on a PKCS#11 token
    /// named by a URI (`pkcs11:token=LABEL;object=NAME`; then give --issuer and
    /// --key-number).
    #[arg(long)]
    pub key: PathBuf,
    /// The PKCS#11 module for a token key (default: CERTMARK_PKCS11_MODULE).
    #[arg(long, value_name = "PATH")]
    pub pkcs11_module: Option<PathBuf>,
    /// Threads for --batch (default: one per core; a token key gets a session each).
    #[arg(long)]
    pub threads: Option<usize>,
    /// A JSON file with the mark's fields (flags override it).
    #[arg(long)]
    pub json: Option<PathBuf>,
    #[command(flatten)]
    pub fields: FieldArgs,
    /// The verifier page's URL; the link is this plus `#CM1/…` (the URL must not hold `#`).
    #[arg(long)]
    pub url: Option<String>,
    /// Write a QR code of the link (or bare QR form) to this file (.svg or .png).
    #[arg(long)]
    pub qr: Option<PathBuf>,
    /// Error-correction level of the QR code.
    #[arg(long, value_enum, default_value = "q")]
    pub ec: EcLevel,
    /// Pixels per module in PNG output.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub scale: u32,
    /// Sign one mark per row of this CSV file (columns named after the fields; missing
    /// columns come from the flags and --json).
    #[arg(long, requires = "out")]
    pub batch: Option<PathBuf>,
    /// Batch output directory (must not exist yet): marks.csv, and QR codes with --qr-format.
    #[arg(long, requires = "batch")]
    pub out: Option<PathBuf>,
    /// Batch: also write one QR code per row in this format.
    #[arg(long, value_enum, requires = "batch")]
    pub qr_format: Option<QrFormat>,
}

#[derive(Args, Default)]
pub struct FieldArgs {
    /// Issuer id (default: the key file's).
    #[arg(long)]
    pub issuer: Option<String>,
    /// Key number (default: the key file's).
    #[arg(long)]
    pub key_number: Option<u64>,
    /// Certificate number.
    #[arg(long)]
    pub cert: Option<String>,
    /// Certified organisation, as the user should see it.
    #[arg(long)]
    pub holder: Option<String>,
    /// Scheme id (e.g. CCC, ISO9001).
    #[arg(long)]
    pub scheme: Option<String>,
    /// Product, models or scope.
    #[arg(long)]
    pub scope: Option<String>,
    /// First valid day, YYYY-MM-DD.
    #[arg(long)]
    pub valid_from: Option<String>,
    /// Last valid day (inclusive), YYYY-MM-DD.
    #[arg(long)]
    pub valid_to: Option<String>,
    /// Per-unit serial number (makes a unit mark).
    #[arg(long)]
    pub serial: Option<String>,
    /// A further labelled field, NAME=VALUE (repeatable).
    #[arg(long = "extra", value_name = "NAME=VALUE")]
    pub extra: Vec<String>,
}

#[derive(Args)]
pub struct TrustArgs {
    /// Use this trust directory instead of the bundled one.
    #[arg(long, value_name = "DIR")]
    pub trust: Option<PathBuf>,
    /// Accept demo issuers from --trust (their keys are public: never for real checks).
    #[arg(long)]
    pub allow_demo: bool,
}

#[derive(Args)]
pub struct VerifyArgs {
    /// A mark (CM1:… or CM1/…), a link holding one, an image file with a QR code, or -
    /// for standard input.
    #[arg(required_unless_present = "batch", conflicts_with = "batch")]
    pub input: Option<String>,
    /// Check every mark in FILE (one per line, or a CSV column) and report: counts by
    /// verdict and certificate, unit marks seen more than once flagged as copies.
    #[arg(long, value_name = "FILE")]
    pub batch: Option<PathBuf>,
    /// Batch: the CSV column holding the marks (default: one headed mark, link, url, 标志…,
    /// or the one where the first row holds a mark).
    #[arg(long, requires = "batch")]
    pub column: Option<String>,
    /// Batch: write the report as CSV to this file (- for standard output).
    #[arg(long, value_name = "FILE", requires = "batch")]
    pub csv: Option<PathBuf>,
    /// Batch: the CSV's language, `en` or `zh-CN` (column names, verdicts and reasons;
    /// the `code` and `rule` columns stay stable).
    #[arg(long, value_name = "LANG", default_value = "en", requires = "csv", value_parser = ["en", "zh-CN"])]
    pub lang: String,
    /// Batch: worker threads (default: the machine's cores).
    #[arg(long, requires = "batch", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,
    #[command(flatten)]
    pub trust: TrustArgs,
    /// Judge the mark as of this day (YYYY-MM-DD) instead of today.
    #[arg(long)]
    pub as_of: Option<String>,
    /// Print JSON: a top-level "code" and the details (batch: the whole report).
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct InspectArgs {
    /// A mark, a link, an image file with a QR code, or - for standard input.
    pub input: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand)]
pub enum ListCommand {
    /// Parse the list and report what should be fixed before publishing it.
    Check(ListArgs),
    /// Check the list, then write FILE.sig signed with a root key.
    Sign(ListSignArgs),
}

#[derive(Subcommand)]
pub enum RevocationCommand {
    /// Parse the list (JSON, compact or exact), delta or index and report what should be
    /// fixed before publishing it.
    Check(ListArgs),
    /// Check the list, delta or index, then write FILE.sig signed with a root key.
    Sign(ListSignArgs),
    /// Check a JSON list, then write it in the compact form (7 bytes an entry, no reasons)
    /// for lists too large for JSON; sign the result with `revocations sign`.
    Compact(CompactArgs),
    /// Write the exact form of an issuer register (CSV `issuer,cert,status,since`, every
    /// certificate issued up to --as-of): about 2 bytes a withdrawn or suspended
    /// certificate, exact for every certificate of the register. Sign it with
    /// `revocations sign`.
    Build(BuildArgs),
    /// Read `issuer,cert` lines on standard input and write, one JSON line each, what a
    /// verifier with LIST answers: {"issuer","cert","status","since"}.
    Status(StatusArgs),
    /// Write the delta from one register to the next (both CSV, as for `build`): the
    /// day's changes to the exact list, about 13 bytes a change. Sign it with
    /// `revocations sign`; verifiers apply deltas in order.
    Delta(DeltaArgs),
    /// Write the index verifiers fetch to stay current (the latest exact list and the
    /// deltas that lead to it, oldest first), to publish beside them. Sign it with
    /// `revocations sign`.
    Index(IndexArgs),
}

#[derive(Args)]
pub struct DeltaArgs {
    /// The register the day before (the one --follows was built from).
    pub old: PathBuf,
    /// The register now (the one --makes was built from).
    pub new: PathBuf,
    /// The exact list built from OLD: the state the delta follows.
    #[arg(long, value_name = "FILE")]
    pub follows: PathBuf,
    /// The exact list built from NEW, one sequence higher: the state the delta makes, its
    /// sequence, date and register date (published too, for verifiers far behind).
    #[arg(long, value_name = "FILE")]
    pub makes: PathBuf,
    /// Where to write the delta (never overwritten).
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Args)]
pub struct IndexArgs {
    /// The latest exact list.
    pub list: PathBuf,
    /// The deltas that lead to it, oldest first (each following the one before; the last
    /// makes LIST's state).
    pub deltas: Vec<PathBuf>,
    /// Where to write the index (never overwritten). The files are named as given, and
    /// are published beside it.
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Args)]
pub struct BuildArgs {
    /// The register, CSV with the header issuer,cert,status,since (`since` empty for
    /// valid certificates).
    pub register: PathBuf,
    /// The register's date: it holds every certificate its issuers issued up to this day,
    /// and the list answers for marks valid from this day or before.
    #[arg(long, value_name = "DATE")]
    pub as_of: String,
    /// The list's sequence: above the one of the list now published.
    #[arg(long)]
    pub sequence: u64,
    /// The list's date of publication (default: today).
    #[arg(long, value_name = "DATE")]
    pub issued: Option<String>,
    /// Where to write the list (never overwritten).
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Args)]
pub struct StatusArgs {
    /// The revocation list, in any form (its signature is not checked here).
    pub list: PathBuf,
    /// Deltas to apply to it first, in order (an exact list only).
    pub deltas: Vec<PathBuf>,
}

#[derive(Args)]
pub struct CompactArgs {
    #[command(flatten)]
    pub list: ListArgs,
    /// Where to write the compact list (never overwritten).
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Args)]
pub struct ListArgs {
    /// The list's file.
    pub file: PathBuf,
    /// The list now published: the new one must follow it.
    #[arg(long)]
    pub previous: Option<PathBuf>,
    /// Revocations only: the trust list, to catch unknown issuer ids.
    #[arg(long)]
    pub trust_list: Option<PathBuf>,
    /// Judge dates as of this day instead of today.
    #[arg(long)]
    pub today: Option<String>,
}

#[derive(Args)]
pub struct ListSignArgs {
    #[command(flatten)]
    pub list: ListArgs,
    /// The root's secret key file, or a key on a PKCS#11 token named by a URI.
    #[arg(long)]
    pub key: PathBuf,
    /// The PKCS#11 module for a token key (default: CERTMARK_PKCS11_MODULE).
    #[arg(long, value_name = "PATH")]
    pub pkcs11_module: Option<PathBuf>,
}
