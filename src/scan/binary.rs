//! Grey frames to dark/light pixels. Camera frames are lit unevenly, so the main
//! threshold is local: the mean of 5x5 blocks of 8x8 pixels around each block, with flat
//! blocks taken as background. A global threshold (Otsu's) is the fallback for small or
//! evenly lit images where the local one breaks thin modules.

/// One byte per pixel, 1 = dark, read through a polarity: when `light` is 1 the image is
/// read inverted, for light-on-dark codes, without a second copy.
pub(crate) struct Binary {
    pub(crate) width: usize,
    pub(crate) height: usize,
    pub(crate) dark: Vec<u8>,
    pub(crate) light: u8,
}

impl Binary {
    fn new(width: usize, height: usize, dark: Vec<u8>) -> Self {
        Binary {
            width,
            height,
            dark,
            light: 0,
        }
    }

    /// Whether a pixel reads dark under polarity `light` (0 as printed, 1 inverted).
    pub(crate) fn get_as(&self, x: usize, y: usize, light: u8) -> bool {
        self.dark[y * self.width + x] ^ light != 0
    }

    /// Whether the pixel at a real-valued position reads dark; outside the frame is
    /// background.
    pub(crate) fn at(&self, x: f32, y: f32) -> bool {
        if x < 0.0 || y < 0.0 {
            return false;
        }
        let (xi, yi) = (x as usize, y as usize);
        xi < self.width && yi < self.height && self.dark[yi * self.width + xi] ^ self.light != 0
    }
}

const BLOCK: usize = 8;
/// Blocks whose range is below this are flat: background, not an edge.
const MIN_RANGE: u8 = 24;

/// The local threshold, for frames of at least 5x5 blocks; smaller ones use [`global`].
pub(crate) fn local(width: usize, height: usize, gray: &[u8]) -> Binary {
    let bw = width.div_ceil(BLOCK);
    let bh = height.div_ceil(BLOCK);
    if bw < 5 || bh < 5 {
        return global(width, height, gray);
    }
    let mut avg = vec![0u8; bw * bh];
    for by in 0..bh {
        let y0 = (by * BLOCK).min(height - BLOCK.min(height));
        for bx in 0..bw {
            let x0 = (bx * BLOCK).min(width - BLOCK.min(width));
            let (mut sum, mut lo, mut hi) = (0u32, 255u8, 0u8);
            for row in gray[y0 * width..].chunks(width).take(BLOCK) {
                for &p in &row[x0..x0 + BLOCK] {
                    sum += u32::from(p);
                    lo = lo.min(p);
                    hi = hi.max(p);
                }
            }
            let mut a = (sum / (BLOCK * BLOCK) as u32) as u8;
            if hi - lo <= MIN_RANGE {
                // Flat: assume background (light) unless its neighbours say this is dark.
                a = lo / 2;
                if by > 0 && bx > 0 {
                    let n = (u32::from(avg[(by - 1) * bw + bx])
                        + 2 * u32::from(avg[by * bw + bx - 1])
                        + u32::from(avg[(by - 1) * bw + bx - 1]))
                        / 4;
                    if u32::from(lo) < n {
                        a = n as u8;
                    }
                }
            }
            avg[by * bw + bx] = a;
        }
    }
    // Summed-area table over the block means, for 5x5 means.
    let sw = bw + 1;
    let mut sat = vec![0u32; sw * (bh + 1)];
    for by in 0..bh {
        let mut run = 0;
        for bx in 0..bw {
            run += u32::from(avg[by * bw + bx]);
            sat[(by + 1) * sw + bx + 1] = sat[by * sw + bx + 1] + run;
        }
    }
    let mut dark = vec![0u8; width * height];
    for by in 0..bh {
        let cy = by.clamp(2, bh - 3);
        for bx in 0..bw {
            let cx = bx.clamp(2, bw - 3);
            let (x0, x1, y0, y1) = (cx - 2, cx + 3, cy - 2, cy + 3);
            let sum = sat[y1 * sw + x1] + sat[y0 * sw + x0] - sat[y0 * sw + x1] - sat[y1 * sw + x0];
            let t = (sum / 25) as u8;
            let ys = by * BLOCK..((by + 1) * BLOCK).min(height);
            let xs = bx * BLOCK..((bx + 1) * BLOCK).min(width);
            for y in ys {
                let row = y * width;
                for x in xs.clone() {
                    dark[row + x] = u8::from(gray[row + x] <= t);
                }
            }
        }
    }
    Binary::new(width, height, dark)
}

/// One threshold for the whole frame, by Otsu's method.
pub(crate) fn global(width: usize, height: usize, gray: &[u8]) -> Binary {
    let mut hist = [0u64; 256];
    for &p in gray {
        hist[p as usize] += 1;
    }
    let total = gray.len() as f64;
    let sum_all: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &h)| i as f64 * h as f64)
        .sum();
    let (mut w_b, mut sum_b, mut best, mut threshold) = (0.0, 0.0, -1.0, 127u8);
    for (t, &h) in hist.iter().enumerate() {
        w_b += h as f64;
        if w_b == 0.0 {
            continue;
        }
        let w_f = total - w_b;
        if w_f == 0.0 {
            break;
        }
        sum_b += t as f64 * h as f64;
        let (m_b, m_f) = (sum_b / w_b, (sum_all - sum_b) / w_f);
        let between = w_b * w_f * (m_b - m_f) * (m_b - m_f);
        if between > best {
            best = between;
            threshold = t as u8;
        }
    }
    let dark = gray.iter().map(|&p| u8::from(p <= threshold)).collect();
    Binary::new(width, height, dark)
}
