//! Finder patterns: the three 7x7 squares whose centre lines read dark, light, dark, light,
//! dark in the ratio 1:1:3:1:1 in every direction, whatever the code's rotation or scale.
//! Rows are scanned for that ratio, each hit is checked down its column, again along its
//! row and on a diagonal, and hits on the same pattern are merged. Triples of patterns
//! shaped like a code's corners (a right angle, equal legs, equal module sizes) are then
//! ranked for the grid reader.

use super::binary::Binary;

/// A finder pattern's centre and module size in pixels.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Finder {
    pub(crate) x: f32,
    pub(crate) y: f32,
    pub(crate) module: f32,
    /// How many row hits were merged into it.
    pub(crate) count: u32,
    /// 1 for a light-on-dark (inverted) pattern, else 0.
    pub(crate) light: u8,
}

/// At most this many patterns are kept: a frame of finder-like noise cannot make the
/// triple search quadratic in its size.
const MAX_FINDERS: usize = 256;
/// Patterns compared for triples (the most often seen); 20 give 1140 triples.
const MAX_RANKED: usize = 20;

/// Whether five run lengths are 1:1:3:1:1, up to half a module times `slack` / 2 (2 is
/// half a module, 3 three quarters), either run by run or edge to edge. Edge to edge means
/// the sums of neighbouring runs, 2:4:4:2: blur and thresholds widen dark runs and narrow
/// light ones (or the reverse) alike, and those sums cancel that out, which matters when
/// modules are 2 or 3 pixels. In integers: the row scan calls it for every run.
fn ratio(r: &[u32; 5], slack: u32) -> bool {
    let total = r[0] + r[1] + r[2] + r[3] + r[4];
    if total < 7 {
        return false;
    }
    // |r - k m| <= k m slack / 4 with m = total / 7, times 28.
    let off = |n: u32, k: u32| (28 * n).abs_diff(4 * k * total) <= k * total * slack;
    if off(r[0], 1) && off(r[1], 1) && off(r[2], 3) && off(r[3], 1) && off(r[4], 1) {
        return true;
    }
    // Edge to edge: |e - k m| <= m slack / 4 with m = (sum of e) / 12, times 48.
    let e = [r[0] + r[1], r[1] + r[2], r[2] + r[3], r[3] + r[4]];
    let sum = e[0] + e[1] + e[2] + e[3];
    e.iter()
        .zip([2, 4, 4, 2])
        .all(|(&e, k)| (48 * e).abs_diff(4 * k * sum) <= sum * slack)
}

/// The five runs along a line through (x, y) in direction (dx, dy), with the centre of the
/// middle (dark, under polarity `light`) run. `limit` bounds the whole length.
fn runs(
    img: &Binary,
    x: i32,
    y: i32,
    dx: i32,
    dy: i32,
    limit: i32,
    light: u8,
) -> Option<([u32; 5], f32, f32)> {
    let (w, h) = (img.width as i32, img.height as i32);
    let dark = |i: i32| {
        let (px, py) = (x + i * dx, y + i * dy);
        if px < 0 || py < 0 || px >= w || py >= h {
            None
        } else {
            Some(img.get_as(px as usize, py as usize, light))
        }
    };
    if dark(0) != Some(true) {
        return None;
    }
    let mut c = [0i32; 5];
    let mut i = 0;
    while dark(i) == Some(true) && c[2] <= limit {
        c[2] += 1;
        i -= 1;
    }
    let back_end = i + 1;
    while dark(i) == Some(false) && c[1] <= limit {
        c[1] += 1;
        i -= 1;
    }
    while dark(i) == Some(true) && c[0] <= limit {
        c[0] += 1;
        i -= 1;
    }
    let mut j = 1;
    while dark(j) == Some(true) && c[2] <= limit {
        c[2] += 1;
        j += 1;
    }
    let fwd_end = j - 1;
    while dark(j) == Some(false) && c[3] <= limit {
        c[3] += 1;
        j += 1;
    }
    while dark(j) == Some(true) && c[4] <= limit {
        c[4] += 1;
        j += 1;
    }
    if c.contains(&0) || c.iter().sum::<i32>() > limit {
        return None;
    }
    let mid = (back_end + fwd_end) as f32 / 2.0 + 0.5;
    let r = c.map(|n| n as u32);
    Some((r, x as f32 + mid * dx as f32, y as f32 + mid * dy as f32))
}

/// Checks a row hit centred at `cx` on row `y` in the other directions; returns the
/// refined centre and module size.
fn confirm(img: &Binary, cx: f32, y: usize, total: f32, light: u8) -> Option<(f32, f32, f32)> {
    let limit = (total * 2.0) as i32 + 4;
    let (v, _, cy) = runs(img, cx as i32, y as i32, 0, 1, limit, light)?;
    let vt = v.iter().sum::<u32>() as f32;
    if (vt - total).abs() * 5.0 > 2.0 * total.max(vt) {
        return None;
    }
    if !ratio(&v, 2) {
        return None;
    }
    let (hr, cx, _) = runs(img, cx as i32, cy as i32, 1, 0, limit, light)?;
    let ht = hr.iter().sum::<u32>() as f32;
    if !ratio(&hr, 2) {
        return None;
    }
    // The diagonal rules out stripes and crosses that pass the two straight checks.
    let (d, _, _) = runs(img, cx as i32, cy as i32, 1, 1, limit, light)?;
    if !ratio(&d, 3) {
        return None;
    }
    Some((cx, cy, (ht + vt) / 14.0))
}

/// Finds the finder patterns in a binary image, printed and inverted.
pub(crate) fn find(img: &Binary) -> Vec<Finder> {
    let mut found: Vec<Finder> = Vec::new();
    let step = (img.height / 600).max(1);
    // Where each run starts, then the row's end; filled without branches, as noisy rows
    // would make a branch per pixel mispredict.
    let mut edges: Vec<u32> = vec![0; img.width + 1];
    for y in (0..img.height).step_by(step) {
        let row = &img.dark[y * img.width..(y + 1) * img.width];
        let mut n = 1;
        for x in 1..row.len() {
            edges[n] = x as u32;
            n += usize::from(row[x] != row[x - 1]);
        }
        edges[n] = row.len() as u32;
        let runs = n;
        let len = |i: usize| edges[i + 1] - edges[i];
        // Windows starting on a dark run look for printed patterns, on a light run for
        // inverted ones.
        let first_light = u8::from(row.first() != Some(&1));
        let mut k = 0;
        while k + 4 < runs {
            let light = (k as u8 & 1) ^ first_light;
            let r = [len(k), len(k + 1), len(k + 2), len(k + 3), len(k + 4)];
            if ratio(&r, 2) {
                let m = r.iter().sum::<u32>() as f32 / 7.0;
                let cx = edges[k + 2] as f32 + r[2] as f32 / 2.0;
                if let Some((x, cy, module)) = confirm(img, cx, y, m * 7.0, light) {
                    add(&mut found, x, cy, module, light);
                }
            }
            k += 1;
        }
        if found.len() >= MAX_FINDERS {
            break;
        }
    }
    found
}

fn add(found: &mut Vec<Finder>, x: f32, y: f32, module: f32, light: u8) {
    for f in found.iter_mut() {
        if f.light == light
            && (f.x - x).abs() <= f.module
            && (f.y - y).abs() <= f.module
            && (f.module - module).abs() <= f.module.max(1.0)
        {
            let n = f.count as f32;
            f.x = (f.x * n + x) / (n + 1.0);
            f.y = (f.y * n + y) / (n + 1.0);
            f.module = (f.module * n + module) / (n + 1.0);
            f.count += 1;
            return;
        }
    }
    found.push(Finder {
        x,
        y,
        module,
        count: 1,
        light,
    });
}

/// Ranks triples of patterns that could be one code's corners, best first, each as
/// (top-left, top-right, bottom-left) for a code seen from the front.
pub(crate) fn triples(finders: &[Finder]) -> Vec<[Finder; 3]> {
    let mut ranked: Vec<Finder> = finders.to_vec();
    ranked.sort_by_key(|f| std::cmp::Reverse(f.count));
    if ranked.iter().filter(|f| f.count >= 2).count() >= 3 {
        ranked.retain(|f| f.count >= 2);
    }
    ranked.truncate(MAX_RANKED);
    let d2 = |a: &Finder, b: &Finder| (a.x - b.x).powi(2) + (a.y - b.y).powi(2);
    let mut out: Vec<(f32, [Finder; 3])> = Vec::new();
    let n = ranked.len();
    for i in 0..n {
        for j in i + 1..n {
            for k in j + 1..n {
                let (a, b, c) = (ranked[i], ranked[j], ranked[k]);
                let lo = a.module.min(b.module).min(c.module);
                let hi = a.module.max(b.module).max(c.module);
                if hi > lo * 1.5 {
                    continue;
                }
                // The corner opposite the longest side is the top-left.
                let (ab, ac, bc) = (d2(&a, &b), d2(&a, &c), d2(&b, &c));
                let (tl, p, q, hyp, l1, l2) = if bc >= ab && bc >= ac {
                    (a, b, c, bc, ab, ac)
                } else if ac >= ab {
                    (b, a, c, ac, ab, bc)
                } else {
                    (c, a, b, ab, ac, bc)
                };
                let legs = l1.sqrt().max(l2.sqrt()) / l1.sqrt().min(l2.sqrt()).max(1e-3);
                let angle = (hyp / (l1 + l2) - 1.0).abs();
                if legs > 1.6 || angle > 0.35 {
                    continue;
                }
                let module = (a.module + b.module + c.module) / 3.0;
                let dim = (l1.sqrt() + l2.sqrt()) / 2.0 / module + 7.0;
                if !(15.0..=185.0).contains(&dim) {
                    continue;
                }
                let (tr, bl) = if (p.x - tl.x) * (q.y - tl.y) - (p.y - tl.y) * (q.x - tl.x) > 0.0 {
                    (p, q)
                } else {
                    (q, p)
                };
                let score = (legs - 1.0) + angle + (hi / lo - 1.0);
                out.push((score, [tl, tr, bl]));
            }
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out.into_iter().map(|(_, t)| t).collect()
}
