//! Synthetic camera photos of a printed QR code: the code image is mapped onto the frame
//! through a perspective (tilted card) and optionally a cylinder (bottle label), printed
//! with grey ink on paper, lit unevenly with a glare spot, blurred (out of focus) and
//! noised (sensor). Deterministic from a seed, so a failing photo can be regenerated.
//!
//! Used by `tests/scan.rs` (a decode-rate floor) and `examples/synth_photos.rs` (writes
//! the photos as PNG for the benchmark and for looking at).
#![allow(dead_code)] // each includer uses its own part

/// A small deterministic generator (xorshift64*), so photos are the same everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (self.next() >> 11) as f64 / (1u64 << 53) as f64 * (hi - lo)
    }
}

/// How one photo is taken.
#[derive(Clone, Debug)]
pub struct Scene {
    /// Pixels per module, before perspective.
    pub module_px: f64,
    /// Rotation in the image plane, radians.
    pub angle: f64,
    /// Corner displacement, as a fraction of the code's side (perspective).
    pub tilt: f64,
    /// Half the arc of a cylinder the label is wrapped on, radians (0 = flat).
    pub curve: f64,
    /// Blur radius in pixels (two box passes).
    pub blur: usize,
    /// Noise amplitude in grey levels.
    pub noise: f64,
    /// Light falling off across the frame, 0 (even) to 0.6.
    pub shade: f64,
    /// Glare spot strength in grey levels (0 = none).
    pub glare: f64,
    /// Seed for the random parts (corner shifts, noise, light direction).
    pub seed: u64,
}

impl Scene {
    /// A scene of difficulty `level` (0 easy .. 3 hard), with modules of `module_px`.
    pub fn random(rng: &mut Rng, module_px: f64, level: u32) -> Scene {
        let l = f64::from(level.min(3)) / 3.0;
        Scene {
            module_px,
            angle: rng.range(0.0, std::f64::consts::TAU),
            tilt: rng.range(0.0, 0.04 + 0.12 * l),
            curve: if rng.range(0.0, 1.0) < 0.3 {
                rng.range(0.2, 0.4 + 0.6 * l)
            } else {
                0.0
            },
            blur: (rng.range(0.0, 0.3 + 0.45 * l) * module_px) as usize,
            noise: rng.range(0.0, 6.0 + 18.0 * l),
            shade: rng.range(0.0, 0.2 + 0.4 * l),
            glare: if rng.range(0.0, 1.0) < 0.4 {
                rng.range(20.0, 40.0 + 60.0 * l)
            } else {
                0.0
            },
            seed: rng.next(),
        }
    }
}

/// A grey image, row-major.
pub struct Gray {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
    /// Where the source image's corners landed (photos only), for looking into misses.
    pub corners: Vec<(f64, f64)>,
}

/// Photographs `code` (a clean rendering, `modules` modules across including its quiet
/// zone) as `scene` says.
pub fn photograph(code: &Gray, modules: f64, scene: &Scene) -> Gray {
    let mut rng = Rng::new(scene.seed);
    let side = scene.module_px * modules;
    // Room for any rotation and corner shift, and a margin.
    let size = (side * (1.5 + 3.0 * scene.tilt)).ceil().max(120.0) as usize;
    let (w, h) = (size, size);
    let c = (w as f64 / 2.0, h as f64 / 2.0);
    // The code's corners: a rotated square, each corner shifted for perspective.
    let (sin, cos) = scene.angle.sin_cos();
    let corners: Vec<(f64, f64)> = [(-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)]
        .iter()
        .map(|&(u, v)| {
            let (x, y) = (u * side, v * side);
            let dx = rng.range(-1.0, 1.0) * scene.tilt * side;
            let dy = rng.range(-1.0, 1.0) * scene.tilt * side;
            (c.0 + x * cos - y * sin + dx, c.1 + x * sin + y * cos + dy)
        })
        .collect();
    let to_code = Homography::square_to(&corners).inverse();
    let light_dir = rng.range(0.0, std::f64::consts::TAU);
    let glare_at = (
        rng.range(0.25, 0.75) * w as f64,
        rng.range(0.25, 0.75) * h as f64,
    );
    let glare_r = side * rng.range(0.15, 0.35);
    let (ink, paper) = (rng.range(25.0, 60.0), rng.range(185.0, 235.0));

    let sample = |x: f64, y: f64| -> f64 {
        let (mut u, v) = to_code.map(x, y);
        if scene.curve > 0.0 {
            // Seen from the front, a label on a cylinder is squeezed towards its edges.
            let a = (u - 0.5) * 2.0;
            u = (a * scene.curve.sin()).asin() / scene.curve / 2.0 + 0.5;
        }
        if !(0.0..1.0).contains(&u) || !(0.0..1.0).contains(&v) {
            return 110.0; // a grey table top
        }
        let t = f64::from(
            code.pixels
                [(v * code.height as f64) as usize * code.width + (u * code.width as f64) as usize],
        ) / 255.0;
        ink + (paper - ink) * t
    };
    let mut img = vec![0f64; w * h];
    for y in 0..h {
        for x in 0..w {
            // 2x2 samples a pixel, as a sensor integrates light.
            let mut v = 0.0;
            for (sx, sy) in [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)] {
                v += sample(x as f64 + sx, y as f64 + sy);
            }
            img[y * w + x] = v / 4.0;
        }
    }
    for _ in 0..2 {
        box_blur(&mut img, w, h, scene.blur);
    }
    let (ls, lc) = light_dir.sin_cos();
    let pixels = img
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let (x, y) = ((i % w) as f64, (i / w) as f64);
            let along = ((x - c.0) * lc + (y - c.1) * ls) / w as f64 + 0.5;
            let mut v = v * (1.0 - scene.shade * along);
            let d2 = (x - glare_at.0).powi(2) + (y - glare_at.1).powi(2);
            v += scene.glare * (-d2 / (glare_r * glare_r)).exp();
            v += rng.range(-1.0, 1.0) * scene.noise;
            v.clamp(0.0, 255.0) as u8
        })
        .collect();
    Gray {
        width: w,
        height: h,
        pixels,
        corners,
    }
}

fn box_blur(img: &mut [f64], w: usize, h: usize, r: usize) {
    if r == 0 {
        return;
    }
    let across = box_pass(img, w, h, r, |x, y| y * w + x);
    let down = box_pass(&across, h, w, r, |y, x| y * w + x);
    img.copy_from_slice(&down);
}

/// One box-filter pass along lines of `len` pixels, `lines` of them; `at(i, line)` is
/// the pixel's index in `img` (and in the result), edges clamped.
fn box_pass(
    img: &[f64],
    len: usize,
    lines: usize,
    r: usize,
    at: impl Fn(usize, usize) -> usize,
) -> Vec<f64> {
    let mut out = vec![0f64; img.len()];
    let n = (2 * r + 1) as f64;
    for line in 0..lines {
        for i in 0..len {
            let s: f64 = (0..=2 * r)
                .map(|k| img[at((i + k).saturating_sub(r).min(len - 1), line)])
                .sum();
            out[at(i, line)] = s / n;
        }
    }
    out
}

/// A plane projective map.
struct Homography([f64; 9]);

impl Homography {
    /// The unit square's corners (0,0), (1,0), (1,1), (0,1) to `q`.
    fn square_to(q: &[(f64, f64)]) -> Homography {
        let [(x0, y0), (x1, y1), (x2, y2), (x3, y3)] = [q[0], q[1], q[2], q[3]];
        let (sx, sy) = (x0 - x1 + x2 - x3, y0 - y1 + y2 - y3);
        let (dx1, dx2, dy1, dy2) = (x1 - x2, x3 - x2, y1 - y2, y3 - y2);
        let den = dx1 * dy2 - dx2 * dy1;
        let g = (sx * dy2 - dx2 * sy) / den;
        let hh = (dx1 * sy - sx * dy1) / den;
        Homography([
            x1 - x0 + g * x1,
            x3 - x0 + hh * x3,
            x0,
            y1 - y0 + g * y1,
            y3 - y0 + hh * y3,
            y0,
            g,
            hh,
            1.0,
        ])
    }

    fn inverse(&self) -> Homography {
        let [a, b, c, d, e, f, g, h, i] = self.0;
        Homography([
            e * i - f * h,
            c * h - b * i,
            b * f - c * e,
            f * g - d * i,
            a * i - c * g,
            c * d - a * f,
            d * h - e * g,
            b * g - a * h,
            a * e - b * d,
        ])
    }

    fn map(&self, x: f64, y: f64) -> (f64, f64) {
        let m = &self.0;
        let w = m[6] * x + m[7] * y + m[8];
        (
            (m[0] * x + m[1] * y + m[2]) / w,
            (m[3] * x + m[4] * y + m[5]) / w,
        )
    }
}

/// A demo mark's clean QR rendering and its expected text.
pub struct Source {
    pub name: String,
    pub code: Gray,
    /// Modules across, quiet zone included.
    pub modules: f64,
    pub text: String,
}

/// The demo marks that have a PNG, read from `demo/`.
pub fn demo_sources(root: &std::path::Path) -> Vec<Source> {
    let mut out = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(root.join("demo"))
        .expect("demo dir")
        .filter_map(|e| e.ok()?.path().file_stem()?.to_str().map(String::from))
        .collect();
    names.sort();
    names.dedup();
    for name in names {
        let png = root.join("demo").join(format!("{name}.png"));
        let Ok(img) = image::open(&png) else { continue };
        let img = img.to_luma8();
        let (width, height) = (img.width() as usize, img.height() as usize);
        let pixels = img.into_raw();
        // The top-left finder's first dark run is 7 modules; the quiet zone is 4.
        let first = pixels.iter().position(|&p| p < 128).expect("a dark pixel");
        let (y, x) = (first / width, first % width);
        let run = pixels[y * width + x..(y + 1) * width]
            .iter()
            .take_while(|&&p| p < 128)
            .count();
        let modules = width as f64 / (run as f64 / 7.0);
        let text = std::fs::read_to_string(root.join("demo").join(format!("{name}.link")))
            .expect("link text")
            .trim_end()
            .to_owned();
        out.push(Source {
            name,
            code: Gray {
                width,
                height,
                pixels,
                corners: vec![],
            },
            modules,
            text,
        });
    }
    out
}

/// Module sizes the photos cycle through, in pixels.
pub const MODULE_PX: [f64; 6] = [2.0, 2.5, 3.0, 4.0, 5.0, 6.0];

/// `count` photos of the demo marks: sources, module sizes and difficulty levels in turn,
/// scenes from seed `i`.
pub fn photos(root: &std::path::Path, count: usize) -> Vec<(std::rc::Rc<Source>, Scene, Gray)> {
    let sources: Vec<std::rc::Rc<Source>> = demo_sources(root)
        .into_iter()
        .map(std::rc::Rc::new)
        .collect();
    (0..count)
        .map(|i| {
            let source = sources[i % sources.len()].clone();
            let mut rng = Rng::new(i as u64 + 1);
            let scene = Scene::random(
                &mut rng,
                MODULE_PX[i % MODULE_PX.len()],
                (i / MODULE_PX.len()) as u32 % 4,
            );
            let photo = photograph(&source.code, source.modules, &scene);
            (source, scene, photo)
        })
        .collect()
}
