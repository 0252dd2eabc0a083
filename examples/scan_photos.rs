//! Reads the QR photos in the given directories (`N.png` beside `N.txt`, the expected text
//! byte for byte) with certmark's scanner and prints how many it read and the median time
//! per photo. Used by `scripts/bench-scan.sh`; `--list` names the photos it missed,
//! `--json` prints one line per photo for the benchmark's table.
//!
//! `cargo run --release --example scan_photos -- ../shared/qr-photos/*`

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut dirs = Vec::new();
    let (mut list, mut json) = (false, false);
    for a in std::env::args().skip(1) {
        match a.as_str() {
            "--list" => list = true,
            "--json" => json = true,
            _ => dirs.push(PathBuf::from(a)),
        }
    }
    let mut times = Vec::new();
    let (mut ok, mut total) = (0, 0);
    for dir in dirs {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("read photo directory")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "png"))
            .collect();
        files.sort();
        for png in files {
            let Ok(expected) = std::fs::read(png.with_extension("txt")) else {
                continue;
            };
            let img = image::open(&png).expect("decode photo").to_luma8();
            let (w, h) = (img.width() as usize, img.height() as usize);
            // Best of three, so one scheduling hiccup does not count as the decoder's time.
            let mut best = f64::MAX;
            let mut codes = Vec::new();
            for _ in 0..3 {
                let t = Instant::now();
                codes = certmark::scan::scan_gray(w, h, img.as_raw()).expect("frame size");
                best = best.min(t.elapsed().as_secs_f64() * 1000.0);
            }
            let hit = codes
                .iter()
                .any(|c| c.text.as_deref().map(str::as_bytes) == Some(&expected[..]));
            total += 1;
            ok += usize::from(hit);
            times.push(best);
            if json {
                println!(
                    "{{\"photo\":{:?},\"ok\":{hit},\"ms\":{best:.3}}}",
                    png.display().to_string()
                );
            } else if list && !hit {
                let got: Vec<_> = codes.iter().map(|c| c.text.clone()).collect();
                println!("missed {} ({w}x{h}, {best:.1} ms): {got:?}", png.display());
            }
        }
    }
    times.sort_by(f64::total_cmp);
    let median = times.get(times.len() / 2).copied().unwrap_or(0.0);
    if !json {
        println!("certmark native: {ok}/{total} read, median {median:.2} ms per photo");
    }
}
