//! `trust-list` and `revocations`: check a list before publishing, then sign it.

use std::path::Path;

use certmark::list::{sign_detached, ListProblem};
use certmark::revocation::delta::{file_hash, Delta};
use certmark::revocation::exact::Exact;
use certmark::revocation::exact::Register;
use certmark::revocation::index::{File, Index, IndexDelta};
use certmark::revocation::{self, RevocationList, Status};
use certmark::trust::{self, Demo, TrustList};
use certmark::Date;

use crate::cli::{
    BuildArgs, CompactArgs, DeltaArgs, IndexArgs, ListArgs, ListCommand, ListSignArgs,
    RevocationCommand, StatusArgs,
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

/// A delta or index file, for `check` and `sign`: it parses (what it follows is the
/// verifier's check).
fn check_delta_or_index(args: &ListArgs) -> Result<Option<Vec<ListProblem>>, Failure> {
    // The magic first: a list of 100 MB is not read twice.
    let mut head = [0; 32];
    let n = std::fs::File::open(&args.file)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .map_err(|e| Failure::io(&args.file, e))?;
    let head = &head[..n];
    let delta = head.starts_with(revocation::delta::MAGIC);
    if !delta && !head.starts_with(revocation::index::MAGIC) {
        return Ok(None);
    }
    let bytes = read_limited(&args.file, revocation::MAX_BYTES)?;
    let parsed = if delta {
        Delta::parse(&bytes).map(drop)
    } else {
        Index::parse(&bytes).map(drop)
    };
    parsed.map_err(|e| Failure::other(format!("{}: {e}", args.file.display())))?;
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
            if let Some(problems) = check_delta_or_index(args)? {
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
        RevocationCommand::Index(args) => index(args),
    }
}

fn read_register(path: &Path) -> Result<Register, Failure> {
    // 10,000,000 rows are about 400 MB of CSV.
    let bytes = read_limited(path, 4 << 30)?;
    let name = path.display();
    let text = certmark::csv::text(&bytes).map_err(|e| Failure::other(format!("{name}: {e}")))?;
    Register::read(text).map_err(|e| Failure::other(format!("{name}: {e}")))
}

/// An exact list's file: its bytes and the list.
fn read_exact(path: &Path) -> Result<(Vec<u8>, u64, Date, Exact), Failure> {
    let bytes = read_limited(path, revocation::MAX_BYTES)?;
    let (sequence, issued, exact) = Exact::parse(&bytes)
        .map_err(|e| Failure::other(format!("{}: not an exact list: {e}", path.display())))?;
    Ok((bytes, sequence, issued, exact))
}

/// Fails unless `exact` answers every certificate of `register` as it says: the delta
/// claims that much of both lists.
fn same_answers(
    register: &Register,
    reg_path: &Path,
    exact: &Exact,
    path: &Path,
) -> Result<(), Failure> {
    match register.mismatches(exact).first() {
        None => Ok(()),
        Some(line) => Err(Failure::other(format!(
            "{} was not built from {}: line {line} is answered otherwise",
            path.display(),
            reg_path.display()
        ))),
    }
}

fn delta(args: &DeltaArgs) -> Result<(), Failure> {
    let (follows, base_sequence, _, base) = read_exact(&args.follows)?;
    let (makes, sequence, issued, next) = read_exact(&args.makes)?;
    if base_sequence.checked_add(1) != Some(sequence) {
        return Err(Failure::other(format!(
            "{} has sequence {sequence}: a delta makes the state one above {}'s {base_sequence}",
            args.makes.display(),
            args.follows.display()
        )));
    }
    let old = read_register(&args.old)?;
    let new = read_register(&args.new)?;
    same_answers(&old, &args.old, &base, &args.follows)?;
    same_answers(&new, &args.new, &next, &args.makes)?;
    let delta = old
        .delta_to(
            &new,
            (base_sequence, file_hash(&follows)),
            file_hash(&makes),
            issued,
            next.as_of(),
        )
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

/// A file's name as an index holds it.
fn index_file(path: &Path, bytes: usize) -> Result<File, Failure> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned();
    let bytes = u32::try_from(bytes)
        .map_err(|_| Failure::other(format!("{}: over 4 GB", path.display())))?;
    Ok(File { name, bytes })
}

fn index(args: &IndexArgs) -> Result<(), Failure> {
    let (list, sequence, _, _) = read_exact(&args.list)?;
    let mut deltas = Vec::new();
    // Each delta follows the state the one before makes; the last makes the list's.
    let mut expect: Option<[u8; 32]> = None;
    let first = sequence.checked_sub(args.deltas.len() as u64);
    for (i, path) in args.deltas.iter().enumerate() {
        let bytes = read_limited(path, revocation::MAX_BYTES)?;
        let d = Delta::parse(&bytes)
            .map_err(|e| Failure::other(format!("{}: not a delta: {e}", path.display())))?;
        let want = first.map(|f| f + i as u64 + 1);
        if Some(d.sequence) != want || expect.is_some_and(|h| h != d.base_hash) {
            return Err(Failure::other(format!(
                "{}: sequence {} does not follow the delta before it, in a chain ending at {}'s {sequence}",
                path.display(),
                d.sequence,
                args.list.display()
            )));
        }
        expect = Some(d.hash);
        deltas.push(IndexDelta {
            base_hash: d.base_hash,
            file: index_file(path, bytes.len())?,
        });
    }
    if expect.is_some_and(|h| h != file_hash(&list)) {
        return Err(Failure::other(format!(
            "the last delta does not make {}'s state",
            args.list.display()
        )));
    }
    let index = Index {
        sequence,
        list: index_file(&args.list, list.len())?,
        deltas,
    };
    let bytes = index.to_bytes();
    // Names as a verifier reads them back.
    Index::parse(&bytes).map_err(|e| Failure::other(format!("{e} (rename the files)")))?;
    write_new(&args.out, &bytes)?;
    eprintln!(
        "wrote {} (sequence {sequence}, {} deltas, {} bytes)",
        args.out.display(),
        index.deltas.len(),
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
