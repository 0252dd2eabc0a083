//! Writes synthetic camera photos of the demo marks' QR codes (see
//! `tests/common/synth.rs`) as `N.png` with the expected text in `N.txt` and the scene in
//! `N.metadata.txt`, the layout of the shared photo sets, so `scan_photos` and
//! `scripts/bench-scan.sh` read them like real ones.
//!
//! `cargo run --release --example synth_photos -- OUT_DIR [COUNT]`

#[path = "../tests/common/synth.rs"]
mod synth;

use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().expect("usage: synth_photos OUT_DIR [COUNT]"));
    let count: usize = args
        .next()
        .map_or(120, |c| c.parse().expect("COUNT is a number"));
    std::fs::create_dir_all(&out).expect("create OUT_DIR");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for (i, (source, scene, photo)) in synth::photos(&root, count).into_iter().enumerate() {
        let corners = format!("{:?}", photo.corners);
        let img = image::GrayImage::from_raw(photo.width as u32, photo.height as u32, photo.pixels)
            .expect("pixel count");
        img.save(out.join(format!("{i}.png"))).expect("write PNG");
        std::fs::write(out.join(format!("{i}.txt")), &source.text).expect("write text");
        std::fs::write(
            out.join(format!("{i}.metadata.txt")),
            format!("{}\n{scene:?}\ncorners {corners}\n", source.name),
        )
        .expect("write metadata");
    }
}
