//! The QR scanner on hostile frames. Any answer is fine; a panic, hang or runaway
//! allocation is a bug. The first byte picks the mode:
//! - even: a raw frame, the second byte picks the width (1 to 256), the rest are grey
//!   pixels cut to whole rows;
//! - odd: a real code (version 3, 2 px a module) with pixels overwritten by the rest, as
//!   (index high, index low, value) triples, so the fuzzer reaches format, version,
//!   Reed-Solomon and segment parsing with damaged symbols.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn base() -> &'static (usize, Vec<u8>) {
    static BASE: OnceLock<(usize, Vec<u8>)> = OnceLock::new();
    BASE.get_or_init(|| {
        let code = qrcode::QrCode::with_version(
            b"http://127.0.0.1:8080/#CM1/0123456789012345",
            qrcode::Version::Normal(3),
            qrcode::EcLevel::L,
        )
        .expect("fits");
        let n = code.width();
        let colors = code.to_colors();
        let side = (n + 8) * 2;
        let img = (0..side * side)
            .map(|i| {
                let (x, y) = ((i % side / 2).wrapping_sub(4), (i / side / 2).wrapping_sub(4));
                if x < n && y < n && colors[y * n + x] == qrcode::Color::Dark { 0 } else { 255 }
            })
            .collect();
        (side, img)
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode & 1 == 0 {
        let Some((&w, pixels)) = rest.split_first() else {
            return;
        };
        let width = usize::from(w) + 1;
        let height = pixels.len() / width;
        if height > 0 {
            let _ = certmark::scan::scan_gray(width, height, &pixels[..width * height]);
        }
    } else {
        let (side, img) = base();
        let mut img = img.clone();
        for t in rest.chunks_exact(3) {
            let i = usize::from(u16::from_be_bytes([t[0], t[1]])) % img.len();
            img[i] = t[2];
        }
        let _ = certmark::scan::scan_gray(*side, *side, &img);
    }
});
