//! `trust-list` and `revocations`: check a list before publishing, then sign it.

use std::path::Path;

use certmark::list::{sign_detached, ListProblem};
use certmark::revocation::{self, RevocationList};
use certmark::trust::{self, Demo, TrustList};
use certmark::Date;

use crate::cli::{CompactArgs, ListArgs, ListCommand, ListSignArgs, RevocationCommand};
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
    }
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
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(out)
        .and_then(|mut f| std::io::Write::write_all(&mut f, &bytes))
        .map_err(|e| Failure::io(out, e))?;
    eprintln!(
        "wrote {} ({} entries, {} bytes)",
        out.display(),
        parsed.len(),
        bytes.len()
    );
    Ok(())
}
