//! `sign --batch`: thousands of unit marks from a CSV file, all or nothing.
//!
//! Every row is read and signed in memory first; files are written to a temporary
//! directory beside the target and renamed into place only when all are written, so a
//! bad row, a token lost mid-batch or a full disk never leaves half a batch behind.
//! Rows are checked in order, then signed on every core, each thread with a signer of
//! its own (a token key: a session each).

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use certmark::Mark;
use indicatif::{ProgressBar, ProgressStyle};

use crate::claims::Partial;
use crate::cli::{QrFormat, SignArgs};
use crate::keyfile::LoadedKey;
use crate::{qr, read_limited, Failure};

/// Largest CSV accepted.
const MAX_CSV_BYTES: usize = 256 << 20;
/// Most rows in one batch.
const MAX_ROWS: usize = 1_000_000;

struct Signed {
    line: u64,
    mark: Mark,
}

fn bar(len: usize, what: &str) -> ProgressBar {
    let pb = ProgressBar::new(len as u64);
    if let Ok(style) =
        ProgressStyle::with_template("{msg:8} [{bar:40}] {pos}/{len} {per_sec} eta {eta}")
    {
        pb.set_style(style.progress_chars("=> "));
    }
    pb.set_message(what.to_owned());
    pb
}

pub fn sign(
    args: &SignArgs,
    key: &LoadedKey,
    base: Partial,
    csv_path: &Path,
) -> Result<u8, Failure> {
    let Some(out) = &args.out else {
        return Err(Failure::other("--batch needs --out DIR"));
    };
    if out.exists() {
        return Err(Failure::other(format!("{} already exists", out.display()))
            .hint("batch output goes to a new directory, so nothing is overwritten"));
    }
    let bytes = read_limited(csv_path, MAX_CSV_BYTES)?;
    let at =
        |line: u64, m: &str| Failure::other(format!("{}: line {line}: {m}", csv_path.display()));
    let text = certmark::csv::text(&bytes).map_err(|e| at(1, &e.to_string()))?;
    let mut records = certmark::csv::read(text, b',')
        .map_err(|e| Failure::other(format!("{}: not valid CSV: {e}", csv_path.display())))?
        .into_iter()
        // Empty lines carry nothing; a row of empty cells is still a row (and an error).
        .filter(|r| !(r.fields.len() == 1 && r.fields[0].is_empty()));
    let Some(header) = records.next() else {
        return Err(at(1, "not a CSV header row: the file is empty"));
    };
    let headers: Vec<&str> = header.fields.iter().map(|h| h.as_ref()).collect();
    for h in &headers {
        Partial::default().set(h, "x").map_err(|m| {
            at(1, &m).hint("columns: issuer, key, cert, holder, scheme, scope, valid_from, valid_to, serial, extra.NAME")
        })?;
    }
    let rows: Vec<certmark::csv::Record<'_>> = records.take(MAX_ROWS + 1).collect();
    if let Some(r) = rows.iter().find(|r| r.fields.len() != headers.len()) {
        return Err(at(
            r.line,
            &format!(
                "not valid CSV: {} cells, the header row has {}",
                r.fields.len(),
                headers.len()
            ),
        ));
    }
    if rows.len() > MAX_ROWS {
        return Err(Failure::other(format!("more than {MAX_ROWS} rows")).hint("split the file"));
    }
    if rows.is_empty() {
        return Err(at(2, "no rows to sign"));
    }

    let mut checked = Vec::with_capacity(rows.len());
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    let mut normalised = 0usize;
    for row in &rows {
        let line = row.line;
        let mut p = base.clone();
        for (h, v) in headers.iter().zip(&row.fields) {
            p.set(h, v).map_err(|m| at(line, &m))?;
        }
        let (claims, changed) = p.finish().map_err(|m| at(line, &m))?;
        normalised += usize::from(changed);
        if let Some(serial) = &claims.serial {
            if let Some(first) = seen.insert((claims.cert.clone(), serial.clone()), line) {
                return Err(at(
                    line,
                    &format!(
                        "serial {serial:?} of certificate {} repeats line {first}",
                        claims.cert
                    ),
                ));
            }
        }
        checked.push((line, claims));
    }
    let threads = args
        .threads
        .or_else(|| std::thread::available_parallelism().ok().map(usize::from))
        .unwrap_or(1)
        .clamp(1, 64)
        .min(checked.len().div_ceil(256));
    let pb = bar(checked.len(), "signing");
    let per = checked.len().div_ceil(threads);
    let parts: Vec<Result<Vec<Signed>, Failure>> = std::thread::scope(|scope| {
        let handles: Vec<_> = checked
            .chunks(per)
            .map(|part| {
                let pb = &pb;
                let at = &at;
                scope.spawn(move || {
                    let signer = key.signer()?;
                    let mut out = Vec::with_capacity(part.len());
                    for (i, (line, claims)) in part.iter().enumerate() {
                        let mark = Mark::sign(claims, &signer)
                            .map_err(|e| at(*line, &format!("cannot make this mark: {e}")))?;
                        // Each signer's first mark is checked against the public key.
                        if i == 0 {
                            key.check(&mark)?;
                        }
                        out.push(Signed { line: *line, mark });
                        pb.inc(1);
                    }
                    Ok(out)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Failure::other("a signing thread failed")))
            })
            .collect()
    });
    pb.finish_and_clear();
    let mut signed = Vec::with_capacity(checked.len());
    for part in parts {
        signed.extend(part?);
    }
    if normalised > 0 {
        eprintln!("note: text in {normalised} row(s) was normalised to Unicode NFC, as the format requires");
    }

    let tmp = temp_dir_for(out);
    let result = write_all(args, &signed, &tmp)
        .and_then(|()| fs::rename(&tmp, out).map_err(|e| Failure::io(out, e)));
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    result?;
    eprintln!("signed {} marks into {}", signed.len(), out.display());
    Ok(0)
}

fn temp_dir_for(out: &Path) -> PathBuf {
    let mut name = out.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".partial-{}", std::process::id()));
    out.with_file_name(name)
}

fn write_all(args: &SignArgs, signed: &[Signed], dir: &Path) -> Result<(), Failure> {
    fs::create_dir(dir).map_err(|e| Failure::io(dir, e))?;
    let qr_dir = dir.join("qr");
    if args.qr_format.is_some() {
        fs::create_dir(&qr_dir).map_err(|e| Failure::io(&qr_dir, e))?;
    }
    let list = dir.join("marks.csv");
    // Cells go through the formula-safe writer, as every CSV the project writes.
    let mut out = String::new();
    certmark::csv::write_row(&mut out, ["line", "cert", "serial", "text", "link"]);
    let pb = bar(signed.len(), "writing");
    for s in signed {
        let digits = s.mark.to_digits();
        let link = args
            .url
            .as_deref()
            .map_or_else(|| digits.clone(), |u| s.mark.to_link(u));
        let c = s.mark.unverified_claims();
        let line = s.line.to_string();
        certmark::csv::write_row(
            &mut out,
            [
                line.as_str(),
                &c.cert,
                c.serial.as_deref().unwrap_or(""),
                &s.mark.to_text(),
                &link,
            ],
        );
        if let Some(format) = args.qr_format {
            let (prefix, digits) = qr::split(&link);
            let code = qr::encode(prefix, digits, qr::ec(args.ec))?;
            let ext = if format == QrFormat::Svg {
                "svg"
            } else {
                "png"
            };
            // Named by CSV line, never by a cell's text: cells are not safe file names.
            let path = qr_dir.join(format!("line-{:07}.{ext}", s.line));
            fs::write(&path, qr::render(&code, format, args.scale)?)
                .map_err(|e| Failure::io(&path, e))?;
        }
        pb.inc(1);
    }
    pb.finish_and_clear();
    fs::write(&list, out).map_err(|e| Failure::io(&list, e))
}
