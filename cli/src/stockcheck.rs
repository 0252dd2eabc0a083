//! `verify --batch FILE`: a supplier's file of marks, checked on every core, reported
//! with the library's stock report (the same counts, flags and exports as the page).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use certmark::stock::{self, Positions, Report, Summary};
use certmark::verify::verify_all_bytes;
use certmark::words::Lang;
use certmark::{CheckDates, TrustData, Verdict};
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::VerifyArgs;
use crate::show::safe;
use crate::{exit_for, read_limited, Failure, EXIT_NOT_VALID};

/// Rows printed in the text summary.
const SHOWN: usize = 30;

pub fn run(
    args: &VerifyArgs,
    file: &Path,
    trust: &TrustData,
    when: CheckDates,
) -> Result<u8, Failure> {
    let bytes = read_limited(file, stock::MAX_FILE_BYTES)?;
    let marks = stock::read_marks(&bytes, args.column.as_deref())
        .map_err(|e| Failure::unreadable(format!("{}: {e}", file.display())))?;
    drop(bytes);
    let mut report = Report::new(trust, when, Positions::Line);
    report.reserve(marks.entries.len());
    check(&marks, trust, when, args.threads, &mut report)
        .map_err(|e| Failure::unreadable(format!("{}: {e}", file.display())))?;

    if let Some(path) = &args.csv {
        let csv = report.to_csv(Lang::from_tag(&args.lang));
        if path.as_os_str() == "-" {
            std::io::stdout()
                .write_all(csv.as_bytes())
                .map_err(|e| Failure::other(format!("standard output: {e}")))?;
        } else {
            std::fs::write(path, csv).map_err(|e| Failure::io(path, e))?;
        }
    }
    if args.json {
        let json = serde_json::to_string_pretty(&report.to_json(None))
            .map_err(|e| Failure::other(e.to_string()))?;
        outln!("{json}");
    }
    let summary = report.summary();
    if !args.json && args.csv.as_ref().is_none_or(|p| p.as_os_str() != "-") {
        out!("{}", text(&report, &summary, file, marks.column.as_deref()));
    }
    let worst = summary
        .by_verdict
        .iter()
        .map(|(v, _)| exit_for(*v))
        .max()
        .unwrap_or(0);
    let code = if summary.copies > 0 {
        worst.max(EXIT_NOT_VALID)
    } else {
        worst
    };
    // The process ends next: freeing every row and mark one by one would cost a tenth
    // of a second for 100,000 marks (measured), for memory the exit returns anyway.
    std::mem::forget(report);
    std::mem::forget(marks);
    Ok(code)
}

/// Verifies the file's chunks on `threads` threads (default: all cores) and adds each to
/// `report` in file order as they come back, so the report grows while checking goes on.
fn check(
    file: &stock::MarksFile,
    trust: &TrustData,
    when: CheckDates,
    threads: Option<u16>,
    report: &mut Report,
) -> Result<(), stock::FileError> {
    let threads = threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    let chunks = file.chunk_count();
    let next = AtomicUsize::new(0);
    let bar = ProgressBar::new(file.entries.len() as u64);
    if let Ok(style) =
        ProgressStyle::with_template("checking [{bar:40}] {pos}/{len} {per_sec} eta {eta}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    std::thread::scope(|s| {
        let (done, results) = mpsc::channel();
        for _ in 0..threads.min(chunks) {
            let done = done.clone();
            let next = &next;
            s.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= chunks {
                    break;
                }
                let outcomes = verify_all_bytes(&file.chunk_texts(i), trust, when);
                if done.send((i, outcomes)).is_err() {
                    break;
                }
            });
        }
        drop(done);
        let mut in_order = stock::InOrder::new();
        for (i, outcomes) in results {
            for (i, outcomes) in in_order.put(i, outcomes) {
                bar.set_position(report.add_chunk(file, i, outcomes)? as u64);
            }
        }
        Ok::<(), stock::FileError>(())
    })?;
    bar.finish_and_clear();
    Ok(())
}

/// The report for a terminal: totals, counts by verdict and certificate, then the rows
/// that need attention (copies, then anything not valid).
fn text(report: &Report, s: &Summary, file: &Path, column: Option<&str>) -> String {
    let mut out = String::new();
    let when = report.when();
    let _ = writeln!(
        out,
        "{}: {} marks on {} lines{}, checked as of {}",
        file.display(),
        s.total.marks,
        s.total.items,
        column.map_or(String::new(), |c| format!(" (column {})", safe(c))),
        when.as_of
    );
    if s.blank > 0 {
        let _ = writeln!(out, "  {} blank lines passed over", s.blank);
    }
    let _ = writeln!(out, "\nBy verdict (lines, distinct marks):");
    for (v, c) in &s.by_verdict {
        let _ = writeln!(out, "  {:<15} {:>9} {:>9}", v.code(), c.items, c.marks);
    }
    if s.copies > 0 {
        let _ = writeln!(
            out,
            "\nCOPIES: {} unit marks appear more than once. If those lines are different items, the mark was copied onto them.",
            s.copies
        );
    }
    if !s.certificates.is_empty() {
        let _ = writeln!(out, "\nBy certificate (verified marks):");
        for c in s.certificates.iter().take(SHOWN) {
            let verdicts: Vec<String> = c
                .by_verdict
                .iter()
                .map(|(v, n)| format!("{v} {}", n.items))
                .collect();
            let _ = writeln!(
                out,
                "  {} {} {}: {} lines{}; {}",
                safe(&c.issuer),
                safe(&c.cert),
                safe(&c.holder),
                c.total.items,
                if c.copies > 0 {
                    format!(", {} copied", c.copies)
                } else {
                    String::new()
                },
                verdicts.join(", ")
            );
        }
    }
    let attention: Vec<_> = report
        .sorted_rows()
        .into_iter()
        .filter(|r| r.copies || r.verdict != Verdict::Valid)
        .collect();
    if !attention.is_empty() {
        let _ = writeln!(out, "\nNeeds attention (line: verdict, what):");
        for r in attention.iter().take(SHOWN) {
            let what = match (&r.claims, &r.unverified) {
                (Some(c), _) => format!(
                    "{} {}{}",
                    safe(&c.cert),
                    safe(&c.holder),
                    c.serial
                        .as_ref()
                        .map_or(String::new(), |s| format!(" serial {}", safe(s)))
                ),
                (None, Some(c)) => format!("(unverified) {} {}", safe(&c.cert), safe(&c.holder)),
                _ => safe(&r.reason),
            };
            let copies = if r.copies { "COPY? " } else { "" };
            let lines = if r.count > 1 {
                format!("{}…{} ({}×)", r.first, r.last, r.count)
            } else {
                r.first.to_string()
            };
            let _ = writeln!(out, "  {lines}: {copies}{}, {what}", r.verdict);
        }
        if attention.len() > SHOWN {
            let _ = writeln!(
                out,
                "  … and {} more (--csv FILE or --json for all)",
                attention.len() - SHOWN
            );
        }
    }
    out
}
