//! From three finder patterns to a square of modules. The finders give the code's size and
//! an affine frame; the bottom-right alignment pattern, found by matching its template
//! near where that frame puts it, gives the fourth point of a perspective transform; every
//! module's centre is then sampled through that transform.

use super::binary::Binary;
use super::finder::Finder;
use super::symbol::{self, Modules};

/// A 3x3 projective transform, (u, v, 1) to (x, y, w).
#[derive(Clone, Copy)]
pub(crate) struct Transform([f64; 9]);

impl Transform {
    /// Maps the unit square's corners (0,0), (1,0), (1,1), (0,1) onto `q`.
    fn square_to_quad(q: [(f64, f64); 4]) -> Transform {
        let [(x0, y0), (x1, y1), (x2, y2), (x3, y3)] = q;
        let (sx, sy) = (x0 - x1 + x2 - x3, y0 - y1 + y2 - y3);
        if sx.abs() < 1e-9 && sy.abs() < 1e-9 {
            return Transform([x1 - x0, x2 - x1, x0, y1 - y0, y2 - y1, y0, 0.0, 0.0, 1.0]);
        }
        let (dx1, dx2, dy1, dy2) = (x1 - x2, x3 - x2, y1 - y2, y3 - y2);
        let den = dx1 * dy2 - dx2 * dy1;
        let g = (sx * dy2 - dx2 * sy) / den;
        let h = (dx1 * sy - sx * dy1) / den;
        Transform([
            x1 - x0 + g * x1,
            x3 - x0 + h * x3,
            x0,
            y1 - y0 + g * y1,
            y3 - y0 + h * y3,
            y0,
            g,
            h,
            1.0,
        ])
    }

    /// The inverse up to scale (the adjugate), which is all a projective map needs.
    fn adjugate(&self) -> Transform {
        let [a, b, c, d, e, f, g, h, i] = self.0;
        Transform([
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

    fn then(&self, next: &Transform) -> Transform {
        let (a, b) = (&next.0, &self.0);
        let mut m = [0.0; 9];
        for r in 0..3 {
            for c in 0..3 {
                m[r * 3 + c] = (0..3).map(|k| a[r * 3 + k] * b[k * 3 + c]).sum();
            }
        }
        Transform(m)
    }

    /// Maps quadrilateral `from` onto `to`, corner by corner.
    pub(crate) fn quad_to_quad(from: [(f64, f64); 4], to: [(f64, f64); 4]) -> Transform {
        Transform::square_to_quad(from)
            .adjugate()
            .then(&Transform::square_to_quad(to))
    }

    pub(crate) fn map(&self, u: f64, v: f64) -> (f64, f64) {
        let m = &self.0;
        let w = m[6] * u + m[7] * v + m[8];
        (
            (m[0] * u + m[1] * v + m[2]) / w,
            (m[3] * u + m[4] * v + m[5]) / w,
        )
    }
}

/// What sampling at one size gave.
pub(crate) enum Read {
    Ok(symbol::Data, [(f32, f32); 4]),
    /// The version information says the code has another size.
    Size(usize),
    Failed,
}

/// Finds alignment pattern centres near `guess`, given one module's step along the
/// code's axes, within `modules` modules of it: each position is scored by how many of
/// the 5x5 template's modules match, and `min_score` of 25 is a match. Matches are
/// grouped (one group per pattern, its best positions averaged) and returned best first,
/// then nearest first, at most [`MAX_CANDIDATES`].
fn alignments(
    img: &Binary,
    guess: (f64, f64),
    ux: (f64, f64),
    uy: (f64, f64),
    modules: f64,
    min_score: u32,
) -> Vec<(f64, f64)> {
    let module = ((ux.0.hypot(ux.1)) + (uy.0.hypot(uy.1))) / 2.0;
    let radius = (module * modules).max(4.0);
    let step = (module / 3.0).max(1.0);
    let n = (radius / step) as i32;
    let mut hits: Vec<(u32, f64, f64)> = Vec::new();
    for j in -n..=n {
        for i in -n..=n {
            let (cx, cy) = (guess.0 + f64::from(i) * step, guess.1 + f64::from(j) * step);
            let mut score = 0u32;
            for b in -2i32..=2 {
                for a in -2i32..=2 {
                    let want = a.abs().max(b.abs()) != 1;
                    let (px, py) = (
                        cx + f64::from(a) * ux.0 + f64::from(b) * uy.0,
                        cy + f64::from(a) * ux.1 + f64::from(b) * uy.1,
                    );
                    if img.at(px as f32, py as f32) == want {
                        score += 1;
                    }
                }
            }
            if score >= min_score {
                hits.push((score, cx, cy));
            }
        }
    }
    let dist = |x: f64, y: f64| (x - guess.0).hypot(y - guess.1);
    hits.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(dist(a.1, a.2).total_cmp(&dist(b.1, b.2)))
    });
    // Groups: (best score, sum x, sum y, count) of positions within 1.5 modules.
    let mut groups: Vec<(u32, f64, f64, f64)> = Vec::new();
    for (score, x, y) in hits {
        let full = groups.len() >= MAX_CANDIDATES;
        let near = groups
            .iter_mut()
            .find(|g| (g.1 / g.3 - x).hypot(g.2 / g.3 - y) < module * 1.5);
        match near {
            Some(g) if g.0 == score => {
                g.1 += x;
                g.2 += y;
                g.3 += 1.0;
            }
            Some(_) => {}
            None if !full => groups.push((score, x, y, 1.0)),
            None => {}
        }
    }
    groups.iter().map(|g| (g.1 / g.3, g.2 / g.3)).collect()
}

/// Alignment pattern candidates tried per code size.
const MAX_CANDIDATES: usize = 3;

fn sample(img: &Binary, size: usize, map: impl Fn(f64, f64) -> (f64, f64)) -> Modules {
    let mut dark = Vec::with_capacity(size * size);
    for y in 0..size {
        for x in 0..size {
            let (px, py) = map(x as f64 + 0.5, y as f64 + 0.5);
            dark.push(img.at(px as f32, py as f32));
        }
    }
    Modules::new(size, dark)
}

/// Control points for a code of version 7 and up, whose surface may be curved: every
/// alignment pattern is looked for near where `t` puts it, and each region between
/// neighbouring patterns gets its own transform.
fn piecewise(
    img: &Binary,
    version: usize,
    t: &Transform,
    ux: (f64, f64),
    uy: (f64, f64),
) -> impl Fn(f64, f64) -> (f64, f64) {
    let (c, n) = symbol::alignment_centres(version);
    let coords: Vec<f64> = c[..n].iter().map(|&a| a as f64 + 0.5).collect();
    let mut points = vec![(0.0, 0.0); n * n];
    for j in 0..n {
        for i in 0..n {
            let (u, v) = (coords[i], coords[j]);
            let guess = t.map(u, v);
            // The finders stand where these three patterns would be.
            let corner = (i == 0 || j == 0) && (i + j == 0 || i + j == n - 1);
            points[j * n + i] = if corner {
                guess
            } else {
                alignments(img, guess, ux, uy, 2.5, 19)
                    .first()
                    .copied()
                    .unwrap_or(guess)
            };
        }
    }
    let mut regions = Vec::with_capacity((n - 1) * (n - 1));
    for j in 0..n - 1 {
        for i in 0..n - 1 {
            let from = [
                (coords[i], coords[j]),
                (coords[i + 1], coords[j]),
                (coords[i + 1], coords[j + 1]),
                (coords[i], coords[j + 1]),
            ];
            let to = [
                points[j * n + i],
                points[j * n + i + 1],
                points[(j + 1) * n + i + 1],
                points[(j + 1) * n + i],
            ];
            regions.push(Transform::quad_to_quad(from, to));
        }
    }
    move |u: f64, v: f64| {
        let cell = |w: f64| coords[1..n - 1].iter().take_while(|&&a| w >= a).count();
        regions[cell(v) * (n - 1) + cell(u)].map(u, v)
    }
}

/// Samples a code of `size` modules whose finders are `f`, with or without looking for
/// the alignment pattern, and reads its data codewords.
pub(crate) fn read(img: &Binary, f: &[Finder; 3], size: usize, use_alignment: bool) -> Read {
    let [tl, tr, bl] = f.map(|p| (f64::from(p.x), f64::from(p.y)));
    let s = size as f64;
    let span = s - 7.0;
    let ux = ((tr.0 - tl.0) / span, (tr.1 - tl.1) / span);
    let uy = ((bl.0 - tl.0) / span, (bl.1 - tl.1) / span);
    let version = (size - 17) / 4;
    let parallelogram = (tr.0 + bl.0 - tl.0, tr.1 + bl.1 - tl.1);

    // The fourth point of the transform: (module coordinates, image position) candidates.
    let fourths: Vec<((f64, f64), (f64, f64))> = if use_alignment {
        let Some(a) = symbol::last_alignment(version) else {
            return Read::Failed;
        };
        let c = a as f64 + 0.5;
        let guess = match from_finders(img, f, s) {
            Some(h) => h.map(c, c),
            None => (
                tl.0 + ux.0 * (c - 3.5) + uy.0 * (c - 3.5),
                tl.1 + ux.1 * (c - 3.5) + uy.1 * (c - 3.5),
            ),
        };
        // A clear match near the guess, else looser ones further out.
        let mut found = alignments(img, guess, ux, uy, 3.0, 23);
        if found.is_empty() {
            found = alignments(img, guess, ux, uy, 7.0, 19);
        }
        found.into_iter().map(|p| ((c, c), p)).collect()
    } else if version <= 6 {
        // Without an alignment pattern the fourth corner is a guess from a parallelogram;
        // under perspective it can be a module or so out, so nearby guesses are tried.
        let steps = [0.0, -0.5, 0.5, -1.0, 1.0];
        steps
            .iter()
            .flat_map(|&dy| steps.iter().map(move |&dx| (dx, dy)))
            .map(|(dx, dy)| {
                let p = (
                    parallelogram.0 + dx * ux.0 + dy * uy.0,
                    parallelogram.1 + dx * ux.1 + dy * uy.1,
                );
                ((s - 3.5, s - 3.5), p)
            })
            .collect()
    } else {
        vec![((s - 3.5, s - 3.5), parallelogram)]
    };

    let mut last = Read::Failed;
    for fourth in fourths {
        let t = Transform::quad_to_quad(
            [(3.5, 3.5), (s - 3.5, 3.5), fourth.0, (3.5, s - 3.5)],
            [tl, tr, fourth.1, bl],
        );
        let mut modules = sample(img, size, |u, v| t.map(u, v));
        let mut result = symbol::read(&mut modules);
        if use_alignment && version >= 7 && matches!(result, Err(symbol::SymbolError::Blocks)) {
            modules = sample(img, size, piecewise(img, version, &t, ux, uy));
            result = symbol::read(&mut modules);
        }
        match result {
            Ok(data) => {
                let corners = [(0.0, 0.0), (s, 0.0), (s, s), (0.0, s)].map(|(u, v)| {
                    let (x, y) = t.map(u, v);
                    (x as f32, y as f32)
                });
                return Read::Ok(data, corners);
            }
            // The version information names another size: no point in other fourth points.
            Err(symbol::SymbolError::VersionIs(v)) if symbol::size_of(v) != size => {
                return Read::Size(symbol::size_of(v));
            }
            // A symbol whose format cannot be read will not be fixed by the fourth point.
            Err(symbol::SymbolError::Format | symbol::SymbolError::Version) if !use_alignment => {
                return Read::Failed;
            }
            Err(_) => last = Read::Failed,
        }
    }
    last
}

/// A finder's module size along direction (dx, dy) (a unit vector along one of the
/// code's axes): from the centre out through dark and light to the dark ring, both ways.
/// The ring's middle is 3 modules from the centre whatever blur or threshold do to its
/// edges (they move in and out alike), so 6 modules lie between the two middles.
/// Measuring along the axis makes it right for rotated codes too.
fn module_along(img: &Binary, f: &Finder, (dx, dy): (f32, f32)) -> Option<f32> {
    let limit = f.module * 7.0;
    let mut total = 0.0;
    for sign in [1.0f32, -1.0] {
        let (mut t, mut state, mut ring_start) = (0.0f32, 0, 0.0);
        // States: 0 centre dark, 1 light ring, 2 dark ring; done at the light outside.
        while state < 3 {
            t += 0.5;
            if t > limit {
                return None;
            }
            let dark = img.at(f.x + sign * t * dx, f.y + sign * t * dy);
            if dark == (state % 2 == 1) {
                state += 1;
                if state == 2 {
                    ring_start = t;
                }
            }
        }
        total += (ring_start + t) / 2.0;
    }
    Some(total / 6.0)
}

fn unit(from: &Finder, to: &Finder) -> (f32, f32) {
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    let len = dx.hypot(dy).max(1e-3);
    (dx / len, dy / len)
}

/// Module sizes along the code's x and y axes at each finder.
fn local_modules(img: &Binary, f: &[Finder; 3]) -> Option<[(f32, f32); 3]> {
    let [tl, tr, bl] = f;
    let (x, y) = (unit(tl, tr), unit(tl, bl));
    Some([
        (module_along(img, tl, x)?, module_along(img, tl, y)?),
        (module_along(img, tr, x)?, module_along(img, tr, y)?),
        (module_along(img, bl, x)?, module_along(img, bl, y)?),
    ])
}

/// A perspective transform from the three finders alone. A projective map scales areas
/// by det(H)/w³, so each finder's module area gives its w up to one factor; with w known,
/// the three centres fix the whole map (H = Q·P⁻¹). This predicts where the far corner
/// is when the code is tilted, which the parallelogram of the three centres does not.
fn from_finders(img: &Binary, f: &[Finder; 3], size: f64) -> Option<Transform> {
    let m = local_modules(img, f)?;
    let w: Vec<f64> = m
        .iter()
        .map(|&(a, b)| f64::from(a * b).powf(-1.0 / 3.0))
        .collect();
    let far = size - 3.5;
    // P: module coordinates as columns; Q: homogeneous image points as columns.
    let p = Transform([3.5, far, 3.5, 3.5, 3.5, far, 1.0, 1.0, 1.0]);
    let q = Transform([
        w[0] * f64::from(f[0].x),
        w[1] * f64::from(f[1].x),
        w[2] * f64::from(f[2].x),
        w[0] * f64::from(f[0].y),
        w[1] * f64::from(f[1].y),
        w[2] * f64::from(f[2].y),
        w[0],
        w[1],
        w[2],
    ]);
    Some(p.adjugate().then(&q))
}

/// The code's size from a timing pattern: the line 3 modules below (or beside) the finder
/// centres runs through the finders' edge rows and the alternating timing modules between
/// them (2 + (size - 15) / 2 dark runs), so counting its dark runs counts modules, whatever the module size estimate.
fn timing_size(img: &Binary, a: &Finder, b: &Finder, side: (f32, f32)) -> Option<usize> {
    let (x0, y0) = (a.x + side.0 * 3.0, a.y + side.1 * 3.0);
    let (x1, y1) = (b.x + side.0 * 3.0, b.y + side.1 * 3.0);
    let len = (x1 - x0).hypot(y1 - y0);
    let steps = (len * 2.0) as usize;
    if steps < 8 {
        return None;
    }
    let (mut dark_runs, mut prev) = (0usize, false);
    for k in 0..=steps {
        let t = k as f32 / steps as f32;
        let d = img.at(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
        if d && !prev {
            dark_runs += 1;
        }
        prev = d;
    }
    let size = 2 * dark_runs + 11;
    (21..=177)
        .contains(&size)
        .then_some(size)
        .filter(|s| s % 4 == 1)
}

/// The sizes worth trying for a triple, nearest to the finders' estimate first.
pub(crate) fn sizes(img: &Binary, f: &[Finder; 3]) -> Vec<usize> {
    let [tl, tr, bl] = f;
    let d = |a: &Finder, b: &Finder| (a.x - b.x).hypot(a.y - b.y);
    let module = |a: &Finder, b: &Finder| match (
        module_along(img, a, unit(a, b)),
        module_along(img, b, unit(a, b)),
    ) {
        (Some(x), Some(y)) => (x + y) / 2.0,
        _ => (a.module + b.module) / 2.0,
    };
    // Module sizes along each axis.
    let (mx, my) = (module(tl, tr), module(tl, bl));
    let est = (d(tl, tr) / mx + d(tl, bl) / my) / 2.0 + 7.0;
    let v = ((est - 17.0) / 4.0).clamp(1.0, 40.0);
    let near = v.round() as usize;
    let other = if v > near as f32 {
        near + 1
    } else {
        near.saturating_sub(1)
    };
    let mut out = Vec::with_capacity(4);
    // Steps of one module from the finder centres towards the timing lines.
    let step = |a: &Finder, b: &Finder, m: f32| {
        let (dx, dy) = unit(a, b);
        (dx * m, dy * m)
    };
    for t in [
        timing_size(img, tl, tr, step(tl, bl, my)),
        timing_size(img, tl, bl, step(tl, tr, mx)),
    ]
    .into_iter()
    .flatten()
    {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    for v in [near, other] {
        let s = symbol::size_of(v.clamp(1, 40));
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}
