//! Reed–Solomon error correction over GF(256) as QR codes use it (polynomial 0x11D,
//! generator roots α^0 … α^(n-1)). Berlekamp–Massey finds the error locator, Chien search
//! its roots, Forney the values; the result is checked again so that a block with more
//! errors than the code can fix is refused rather than "corrected" into other data.

const fn tables() -> ([u8; 512], [u8; 256]) {
    let mut exp = [0u8; 512];
    let mut log = [0u8; 256];
    let mut x: u16 = 1;
    let mut i = 0;
    while i < 255 {
        exp[i] = x as u8;
        log[x as usize] = i as u8;
        x <<= 1;
        if x & 0x100 != 0 {
            x ^= 0x11d;
        }
        i += 1;
    }
    while i < 512 {
        exp[i] = exp[i - 255];
        i += 1;
    }
    (exp, log)
}

const TABLES: ([u8; 512], [u8; 256]) = tables();
static EXP: [u8; 512] = TABLES.0;
static LOG: [u8; 256] = TABLES.1;

/// Most parity codewords in one block (versions 1–40 use at most 30).
const MAX_EC: usize = 30;

fn mul(a: u8, b: u8) -> u8 {
    if a == 0 || b == 0 {
        0
    } else {
        EXP[LOG[a as usize] as usize + LOG[b as usize] as usize]
    }
}

fn div(a: u8, b: u8) -> u8 {
    // b is never 0 where this is called.
    if a == 0 || b == 0 {
        0
    } else {
        EXP[LOG[a as usize] as usize + 255 - LOG[b as usize] as usize]
    }
}

/// α^e for any exponent.
fn pow_alpha(e: usize) -> u8 {
    EXP[e % 255]
}

/// Evaluates a polynomial given lowest degree first.
fn eval_low(p: &[u8], x: u8) -> u8 {
    p.iter().rev().fold(0, |acc, &c| mul(acc, x) ^ c)
}

/// Evaluates the received block (highest degree first) at `x`.
fn eval_block(block: &[u8], x: u8) -> u8 {
    block.iter().fold(0, |acc, &c| mul(acc, x) ^ c)
}

fn syndromes(block: &[u8], ec: usize, s: &mut [u8; MAX_EC]) -> bool {
    let mut any = false;
    for (j, sj) in s.iter_mut().enumerate().take(ec) {
        *sj = eval_block(block, pow_alpha(j));
        any |= *sj != 0;
    }
    any
}

/// Corrects `block` (data then `ec` parity codewords) in place. Returns the number of
/// codewords changed, or `None` when the errors are beyond what `ec` parity codewords fix.
pub(crate) fn correct(block: &mut [u8], ec: usize) -> Option<usize> {
    let n = block.len();
    if ec == 0 || ec > MAX_EC || n > 255 || n <= ec {
        return None;
    }
    let mut s = [0u8; MAX_EC];
    if !syndromes(block, ec, &mut s) {
        return Some(0);
    }

    // Berlekamp–Massey: error locator Λ (lowest degree first).
    let mut lambda = [0u8; MAX_EC + 1];
    let mut prev = [0u8; MAX_EC + 1];
    lambda[0] = 1;
    prev[0] = 1;
    let mut errors = 0usize;
    let mut shift = 1usize;
    let mut prev_d = 1u8;
    for k in 0..ec {
        let mut d = s[k];
        for i in 1..=errors {
            d ^= mul(lambda[i], s[k - i]);
        }
        if d == 0 {
            shift += 1;
            continue;
        }
        let coef = div(d, prev_d);
        let before = lambda;
        for i in 0..(MAX_EC + 1).saturating_sub(shift) {
            lambda[i + shift] ^= mul(coef, prev[i]);
        }
        if 2 * errors <= k {
            errors = k + 1 - errors;
            prev = before;
            prev_d = d;
            shift = 1;
        } else {
            shift += 1;
        }
    }
    if errors == 0 || 2 * errors > ec {
        return None;
    }

    // Ω = S·Λ mod x^ec.
    let mut omega = [0u8; MAX_EC];
    for i in 0..ec {
        let mut v = 0;
        for j in 0..=i.min(errors) {
            v ^= mul(lambda[j], s[i - j]);
        }
        omega[i] = v;
    }
    // Λ' keeps the odd terms: Λ'(x) = Σ λ_i x^(i-1), i odd.
    let mut deriv = [0u8; MAX_EC];
    for i in (1..=errors).step_by(2) {
        deriv[i - 1] = lambda[i];
    }

    // Chien search over the block's positions; position p holds the x^p coefficient.
    let mut found = 0;
    for p in 0..n {
        let x_inv = pow_alpha(255 - p % 255);
        if eval_low(&lambda[..=errors], x_inv) != 0 {
            continue;
        }
        let denom = eval_low(&deriv[..errors], x_inv);
        if denom == 0 {
            return None;
        }
        let value = mul(pow_alpha(p), div(eval_low(&omega[..ec], x_inv), denom));
        block[n - 1 - p] ^= value;
        found += 1;
    }
    if found != errors || syndromes(block, ec, &mut s) {
        return None;
    }
    Some(found)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Appends `ec` parity codewords to `data` (the encoder, for tests only).
    pub(crate) fn encode(data: &[u8], ec: usize) -> Vec<u8> {
        // Generator Π (x - α^i), highest degree first.
        let mut gen = vec![1u8];
        for i in 0..ec {
            let mut next = vec![0u8; gen.len() + 1];
            for (j, &g) in gen.iter().enumerate() {
                next[j] ^= g;
                next[j + 1] ^= mul(g, pow_alpha(i));
            }
            gen = next;
        }
        let mut rem = vec![0u8; ec];
        for &d in data {
            let f = d ^ rem[0];
            rem.rotate_left(1);
            rem[ec - 1] = 0;
            for (r, &g) in rem.iter_mut().zip(&gen[1..]) {
                *r ^= mul(f, g);
            }
        }
        let mut out = data.to_vec();
        out.extend(rem);
        out
    }

    fn lcg(seed: &mut u32) -> u32 {
        *seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        *seed >> 8
    }

    #[test]
    fn corrects_up_to_half_the_parity_and_refuses_more() {
        let mut seed = 7;
        for &(k, ec) in &[
            (19usize, 7usize),
            (16, 10),
            (13, 13),
            (9, 17),
            (122, 30),
            (15, 30),
        ] {
            for errors in 0..=ec / 2 + 2 {
                for _ in 0..20 {
                    let data: Vec<u8> = (0..k).map(|_| lcg(&mut seed) as u8).collect();
                    let clean = encode(&data, ec);
                    let mut block = clean.clone();
                    let mut hit = vec![false; block.len()];
                    let mut n = 0;
                    while n < errors {
                        let p = lcg(&mut seed) as usize % block.len();
                        if !hit[p] {
                            hit[p] = true;
                            block[p] ^= (lcg(&mut seed) % 255 + 1) as u8;
                            n += 1;
                        }
                    }
                    let got = correct(&mut block, ec);
                    if errors <= ec / 2 {
                        assert_eq!(got, Some(errors), "k={k} ec={ec}");
                        assert_eq!(block, clean);
                    } else if got.is_some() {
                        // Beyond capacity: it may land on another codeword, never on ours.
                        assert_ne!(block, clean);
                    }
                }
            }
        }
    }
}
