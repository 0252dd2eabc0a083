//! `trust-list` and `revocations`: check a list before publishing, then sign it.

use std::path::Path;

use certmark::list::{sign_detached, ListProblem};
use certmark::revocation::delta::{file_hash, Delta};
use certmark::revocation::exact::Register;
use certmark::revocation::{self, RevocationList, Status};
use certmark::trust::{self, Demo, TrustList};
use certmark::Date;

use crate::cli::{
    BuildArgs, CompactArgs, DeltaArgs, ListArgs, ListCommand, ListSignArgs, RevocationCommand,
    StatusArgs,
};
use crate::{keyfile, read_limited, today_or, Failure};

#[derive(Clone, Copy)]
pub enum Kind {
    Trust,
    Revocations,
}

impl Kind {
    /// The signing context for a list's bytes (a compact revocation list has its own).
    fn context(self, bytes: &[u8]) -> &'static [u8] {
        match self {
            Kind::Trust => trust::SIGNING_CONTEXT,
            Kind::Revocations => revocation::signing_context(bytes),
        }
    }
}

fn parse_trust(path: &Path) -> Result<TrustList, Failure> {
    let bytes = read_limited(path, trust::MAX_BYTES)?;
    // Demo issuers are allowed here: publishing a demo list is the issuer's choice;
    // verifiers for real use refuse it.
    TrustList::parse(&bytes, Demo::Allow)
        .map_err(|e| Failure::other(format!("{}: {e}", path.display())))
}

fn parse_revocations(path: &Path) -> Result<RevocationList, Failure> {
    let bytes = read_limited(path, revocation::MAX_BYTES)?;
    RevocationList::parse(&bytes).map_err(|e| Failure::other(format!("{}: {e}", path.display())))
}

/// A delta file, for `check` and `sign`: it parses (what it follows is the verifier's check).
fn check_delta(args: &ListArgs) -> Result<Option<Vec<ListProblem>>, Failure> {
    // The magic first: a list of 100 MB is not read twice.
    let mut head = [0; 29];
    let n = std::fs::File::open(&args.file)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .map_err(|e| Failure::io(&args.file, e))?;
    if !head[..n].starts_with(revocation::delta::MAGIC) {
        return Ok(None);
    }
    let bytes = read_limited(&args.file, revocation::MAX_BYTES)?;
    Delta::parse(&bytes).map_err(|e| Failure::other(format!("{}: {e}", args.file.display())))?;
    Ok(Some(Vec::new()))
}

/// Parses and lints; returns the problems found.
fn check(kind: Kind, args: &ListArgs) -> Result<Vec<ListProblem>, Failure> {
    let today: Date = today_or(args.today.as_deref())?;
    Ok(match kind {
        Kind::Trust => {
            let list = parse_trust(&args.file)?;
            let prev = args.previous.as_deref().map(parse_trust).transpose()?;
            list.lint(prev.as_ref(), today)
        }
        Kind::Revocations => {
            if let Some(problems) = check_delta(args)? {
                return Ok(problems);
            }
            let list = parse_revocations(&args.file)?;
            let prev = args
                .previous
                .as_deref()
                .map(parse_revocations)
                .transpose()?;
            let issuers = args.trust_list.as_deref().map(parse_trust).transpose()?;
            let known = issuers
                .as_ref()
                .map(|l| move |id: &str| l.issuer(id).is_some());
            list.lint(
                prev.as_ref(),
                known.as_ref().map(|k| k as &dyn Fn(&str) -> bool),
                today,
            )
        }
    })
}

fn report(args: &ListArgs, problems: &[ListProblem]) -> Result<(), Failure> {
    if problems.is_empty() {
        eprintln!("{}: sound", args.file.display());
        return Ok(());
    }
    for p in problems {
        eprintln!("{}: {p}", args.file.display());
    }
    Err(Failure::other(format!(
        "{} problem(s) to fix before publishing",
        problems.len()
    )))
}

pub fn run(kind: Kind, cmd: &ListCommand) -> Result<(), Failure> {
    match cmd {
        ListCommand::Check(args) => report(args, &check(kind, args)?),
        ListCommand::Sign(args) => sign(kind, args),
    }
}

pub fn run_revocations(cmd: &RevocationCommand) -> Result<(), Failure> {
    match cmd {
        RevocationCommand::Check(args) => report(args, &check(Kind::Revocations, args)?),
        RevocationCommand::Sign(args) => sign(Kind::Revocations, args),
        RevocationCommand::Compact(args) => compact(args),
        RevocationCommand::Build(args) => build(args),
        RevocationCommand::Status(args) => status(args),
        RevocationCommand::Delta(args) => delta(args),
    }
}

fn read_register(path: &Path) -> Result<Register, Failure> {
    // 10,000,000 rows are about 400 MB of CSV.
    let bytes = read_limited(path, 4 << 30)?;
    let name = path.display();
    let text = certmark::csv::text(&bytes).map_err(|e| Failure::other(format!("{name}: {e}")))?;
    Register::read(text).map_err(|e| Failure::other(format!("{name}: {e}")))
}

fn delta(args: &DeltaArgs) -> Result<(), Failure> {
    let as_of: Date = today_or(Some(&args.as_of))?;
    let issued: Date = today_or(args.issued.as_deref())?;
    let follows = read_limited(&args.follows, revocation::MAX_BYTES)?;
    let sequence = if follows.starts_with(revocation::delta::MAGIC) {
        Delta::parse(&follows).map(|d| d.sequence)
    } else if follows.starts_with(revocation::exact::MAGIC) {
        revocation::exact::Exact::parse(&follows).map(|e| e.0)
    } else {
        return Err(Failure::other(format!(
            "{}: a delta follows an exact list or a delta",
            args.follows.display()
        )));
    }
    .map_err(|e| Failure::other(format!("{}: {e}", args.follows.display())))?;
    let old = read_register(&args.old)?;
    let new = read_register(&args.new)?;
    let delta = old
        .delta_to(&new, (sequence, file_hash(&follows)), issued, as_of)
        .map_err(|e| {
            Failure::other(format!(
                "{} to {}: {e}",
                args.old.display(),
                args.new.display()
            ))
        })?;
    let bytes = delta.to_bytes();
    write_new(&args.out, &bytes)?;
    eprintln!(
        "wrote {} (sequence {}, {} changes, {} bytes)",
        args.out.display(),
        delta.sequence,
        delta.changes.len(),
        bytes.len()
    );
    Ok(())
}

/// Writes `bytes` to `out`, which must not exist yet.
fn write_new(out: &Path, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(out)
        .and_then(|mut f| std::io::Write::write_all(&mut f, bytes))
        .map_err(|e| Failure::io(out, e))
}

fn build(args: &BuildArgs) -> Result<(), Failure> {
    let as_of: Date = today_or(Some(&args.as_of))?;
    let issued: Date = today_or(args.issued.as_deref())?;
    let name = args.register.display();
    let register = read_register(&args.register)?;
    let exact = register
        .build(as_of)
        .map_err(|e| Failure::other(format!("{name}: {e}")))?;
    // Every certificate asked before anything is written (a few seconds for ten million).
    let wrong = register.mismatches(&exact);
    if let Some(line) = wrong.first() {
        return Err(Failure::other(format!(
            "{name}: the list built answers {} certificate(s) wrongly, first line {line} (a bug: please report it)",
            wrong.len()
        )));
    }
    let out = exact.to_bytes(args.sequence, issued);
    write_new(&args.out, &out)?;
    eprintln!(
        "wrote {} ({} certificates of {} issuer(s) as of {as_of}, {} withdrawn or suspended, {} bytes; every certificate checked)",
        args.out.display(),
        register.certificates(),
        exact.issuers().len(),
        register.listed(),
        out.len()
    );
    Ok(())
}

/// One answer of `revocations status`, its fields in this order.
#[derive(serde::Serialize)]
struct StatusRow<'a> {
    issuer: &'a str,
    cert: &'a str,
    status: &'static str,
    since: Option<Date>,
}

fn status(args: &StatusArgs) -> Result<(), Failure> {
    use std::io::{BufRead, Write};
    let mut list = parse_revocations(&args.list)?;
    for path in &args.deltas {
        let bytes = read_limited(path, revocation::MAX_BYTES)?;
        list = list
            .with_delta(&bytes)
            .map_err(|e| Failure::other(format!("{}: {e}", path.display())))?;
    }
    let stdin = std::io::stdin().lock();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (n, line) in stdin.lines().enumerate() {
        let n = n + 1;
        let line = line.map_err(|e| Failure::other(format!("standard input, line {n}: {e}")))?;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || (n == 1 && line == "issuer,cert") {
            continue;
        }
        let record = certmark::csv::read(line, b',')
            .map_err(|e| Failure::other(format!("standard input, line {n}: {e}")))?;
        let fields = record.first().map(|r| &r.fields[..]).unwrap_or_default();
        let [issuer, cert] = fields else {
            return Err(Failure::other(format!(
                "standard input, line {n}: {} fields, expected issuer,cert",
                fields.len()
            )));
        };
        // Without a mark there is no valid_from: an exact list answers for its issuers as
        // for a certificate of its base register or named by a delta.
        let covered = list.exact().is_none_or(|e| list.covers(issuer, e.as_of()));
        let entry = list.lookup(issuer, cert).filter(|_| covered);
        let row = StatusRow {
            issuer,
            cert,
            status: match &entry {
                Some(e) if e.status == Status::Withdrawn => "withdrawn",
                Some(_) => "suspended",
                None if covered => "valid",
                None => "not-covered",
            },
            since: entry.map(|e| e.since),
        };
        let row = serde_json::to_string(&row).map_err(|e| Failure::other(e.to_string()))?;
        writeln!(out, "{row}").map_err(|e| Failure::other(format!("standard output: {e}")))?;
    }
    out.flush()
        .map_err(|e| Failure::other(format!("standard output: {e}")))
}

fn sign(
    kind: Kind,
    ListSignArgs {
        list,
        key,
        pkcs11_module,
    }: &ListSignArgs,
) -> Result<(), Failure> {
    report(list, &check(kind, list)?)?;
    let key = keyfile::load(key, pkcs11_module.as_deref())?;
    let bytes = read_limited(&list.file, revocation::MAX_BYTES)?;
    let sig = sign_detached(kind.context(&bytes), &bytes, &key.signer()?)
        .map_err(|e| Failure::other(format!("signing failed: {e}")))?;
    let mut out = list.file.clone().into_os_string();
    out.push(".sig");
    std::fs::write(&out, sig).map_err(|e| Failure::io(Path::new(&out), e))?;
    eprintln!("wrote {}", Path::new(&out).display());
    Ok(())
}

fn compact(CompactArgs { list, out }: &CompactArgs) -> Result<(), Failure> {
    report(list, &check(Kind::Revocations, list)?)?;
    let parsed = parse_revocations(&list.file)?;
    let bytes = parsed
        .to_compact()
        .map_err(|e| Failure::other(format!("{}: {e}", list.file.display())))?;
    write_new(out, &bytes)?;
    eprintln!(
        "wrote {} ({} entries, {} bytes)",
        out.display(),
        parsed.len(),
        bytes.len()
    );
    Ok(())
}
