//! Ribbon retrieval (Dillinger and Walzer, "Ribbon filter", 2021; the standard ribbon of
//! width 128): a table of `rows` × `bits` bits from which a key's `bits`-bit value is the
//! XOR of the rows its 128-bit coefficient picks, starting at a row its hash picks.
//!
//! Building it solves the linear system "each key's rows XOR to its value", so every key
//! it was built from gets its value back exactly, and no key is stored: about `bits`
//! bits a key and a few per cent over. A key it was not built from gets an arbitrary
//! value; the exact list ([`super::exact`]) layers three ribbons so that this never
//! decides a verdict. Any bytes of the right length are a ribbon, so a parsed one needs
//! no further checks, and a lookup reads at most two 128-row blocks. Width 128, not 64:
//! a million keys solve with 3 % more rows than keys, not 8 % (`cargo bench --bench register`).

use crate::list::ListError;

/// Rows one key's coefficient spans.
pub const WIDTH: usize = 128;
/// Widest value a ribbon holds.
pub const MAX_BITS: u32 = 32;
/// Bytes before a ribbon's rows: seed (u32), rows (u32), bits (u8).
pub const HEADER: usize = 9;

/// The splitmix64 finaliser: every output bit depends on every input bit.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Where a key's equation starts and which of the 128 rows from there it takes (bit 0,
/// the start row, always).
fn equation(seed: u32, rows: usize, key: u64) -> (usize, u128) {
    let h = mix(key ^ mix(u64::from(seed).wrapping_add(0x9e37_79b9_7f4a_7c15)));
    // rows >= WIDTH, so the start leaves a whole window: start + 127 < rows.
    let start = ((u128::from(h) * (rows - WIDTH + 1) as u128) >> 64) as usize;
    let hi = u128::from(mix(h ^ 0x2545_f491_4f6c_dd1d));
    (
        start,
        hi << 64 | u128::from(mix(h ^ 0x4f6c_dd1d_2545_f491)) | 1,
    )
}

/// A solved ribbon: `bits` words per block of 128 rows, bit `j` of a block's word `b`
/// being bit `b` of row `128 × block + j`.
#[derive(Clone, PartialEq, Eq)]
pub struct Ribbon {
    seed: u32,
    rows: usize,
    bits: u32,
    words: Vec<u128>,
}

impl core::fmt::Debug for Ribbon {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Ribbon({} rows × {} bits)", self.rows, self.bits)
    }
}

/// Why a ribbon could not be built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuildError {
    /// No seed and size tried gave a solvable system: two equal keys with different
    /// values (the caller's duplicate check failed), or a value wider than `bits`.
    Unsolvable,
    /// More than 2^32 − 128 rows would be needed.
    TooMany,
}

impl Ribbon {
    /// Solves for `keys` (distinct; values below `2^bits`), trying seeds from `seed`
    /// and rows from `keys × (1 + overhead)` up.
    ///
    /// # Errors
    /// See [`BuildError`].
    pub fn build(
        keys: &[(u64, u32)],
        bits: u32,
        seed: u32,
        overhead: f64,
    ) -> Result<Ribbon, BuildError> {
        if bits == 0 || bits > MAX_BITS || keys.iter().any(|&(_, v)| u64::from(v) >> bits != 0) {
            return Err(BuildError::Unsolvable);
        }
        if keys.is_empty() {
            return Ok(Ribbon {
                seed,
                rows: 0,
                bits,
                words: Vec::new(),
            });
        }
        let mut rows = ((keys.len() as f64 * (1.0 + overhead)) as usize).max(2 * WIDTH);
        for attempt in 0..48u32 {
            rows = rows.next_multiple_of(WIDTH);
            if rows > u32::MAX as usize {
                return Err(BuildError::TooMany);
            }
            let seed = seed.wrapping_add(attempt);
            if let Some(words) = solve(seed, rows, bits, keys) {
                return Ok(Ribbon {
                    seed,
                    rows,
                    bits,
                    words,
                });
            }
            // Every fourth failure, half a per cent more room.
            if attempt % 4 == 3 {
                rows += rows / 200;
            }
        }
        Err(BuildError::Unsolvable)
    }

    /// The value for `key`: exact for a key it was built from, arbitrary otherwise.
    #[inline]
    pub fn get(&self, key: u64) -> u32 {
        if self.rows == 0 {
            return 0;
        }
        let (start, coef) = equation(self.seed, self.rows, key);
        let bits = self.bits as usize;
        let (block, shift) = (start / WIDTH, start % WIDTH);
        let lo = &self.words[block * bits..block * bits + bits];
        let mut value = 0;
        if shift == 0 {
            for (b, w) in lo.iter().enumerate() {
                value |= ((w & coef).count_ones() & 1) << b;
            }
        } else {
            // start + 127 < rows, so the next block exists.
            let hi = &self.words[(block + 1) * bits..(block + 2) * bits];
            for (b, (l, h)) in lo.iter().zip(hi).enumerate() {
                let window = l >> shift | h << (WIDTH - shift);
                value |= ((window & coef).count_ones() & 1) << b;
            }
        }
        value
    }

    /// Rows (a multiple of 128; 0 for a ribbon of no keys).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Bits a row.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// Its size in bytes as written.
    pub fn byte_len(&self) -> usize {
        HEADER + 16 * self.words.len()
    }

    /// Appends seed, rows, bits and the words (big-endian).
    pub fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.seed.to_be_bytes());
        // build and read keep rows within u32.
        out.extend_from_slice(&(self.rows as u32).to_be_bytes());
        out.push(self.bits as u8);
        for w in &self.words {
            out.extend_from_slice(&w.to_be_bytes());
        }
    }

    /// Reads a ribbon from the front of `bytes`. `bits` must lie in `allowed`; rows must
    /// be 0 or a multiple of 128 above 128 and every word present. Nothing else can be
    /// wrong with a ribbon.
    ///
    /// # Errors
    /// [`ListError::BadCompact`] naming the rule.
    pub fn read(
        bytes: &mut Cursor<'_>,
        allowed: core::ops::RangeInclusive<u32>,
    ) -> Result<Ribbon, ListError> {
        let seed = bytes.uint(4)? as u32;
        let rows = bytes.uint(4)? as usize;
        let bits = bytes.uint(1)? as u32;
        if !allowed.contains(&bits) || rows % WIDTH != 0 || rows == WIDTH {
            return Err(bad("a ribbon's width or rows are not ones its role takes"));
        }
        let words = bytes
            .take(16 * (rows / WIDTH) * bits as usize)?
            .chunks_exact(16)
            .map(|c| u128::from_be_bytes(c.try_into().unwrap_or_default()))
            .collect();
        Ok(Ribbon {
            seed,
            rows,
            bits,
            words,
        })
    }
}

fn bad(problem: &'static str) -> ListError {
    ListError::BadCompact { problem }
}

/// Bytes read from the front, each field checked to be there.
pub struct Cursor<'a>(pub &'a [u8]);

impl<'a> Cursor<'a> {
    /// The next `n` bytes.
    ///
    /// # Errors
    /// [`ListError::BadCompact`] when fewer are left.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], ListError> {
        let (field, rest) = self
            .0
            .split_at_checked(n)
            .ok_or(bad("ends inside a field"))?;
        self.0 = rest;
        Ok(field)
    }

    /// The next `n` bytes (at most 8) as a big-endian integer.
    ///
    /// # Errors
    /// As [`Cursor::take`].
    pub fn uint(&mut self, n: usize) -> Result<u64, ListError> {
        Ok(self
            .take(n)?
            .iter()
            .fold(0, |acc, &b| acc << 8 | u64::from(b)))
    }
}

/// Gaussian elimination as the equations arrive in order of their start row (each row
/// of the echelon form is kept at its leading column), then back-substitution.
fn solve(seed: u32, rows: usize, bits: u32, keys: &[(u64, u32)]) -> Option<Vec<u128>> {
    let mut eqs: Vec<(usize, u128, u32)> = keys
        .iter()
        .map(|&(k, v)| {
            let (start, coef) = equation(seed, rows, k);
            (start, coef, v)
        })
        .collect();
    eqs.sort_unstable_by_key(|e| e.0);
    let mut coefs = vec![0u128; rows];
    let mut values = vec![0u32; rows];
    for (mut i, mut c, mut v) in eqs {
        loop {
            if coefs[i] == 0 {
                coefs[i] = c;
                values[i] = v;
                break;
            }
            c ^= coefs[i];
            v ^= values[i];
            if c == 0 {
                if v != 0 {
                    return None;
                }
                break;
            }
            let tz = c.trailing_zeros() as usize;
            c >>= tz;
            i += tz;
        }
    }
    // Every row's coefficient stays within its key's window, so i + 1 + j < rows.
    let mut solution = vec![0u32; rows];
    for i in (0..rows).rev() {
        let mut x = values[i];
        let mut rest = coefs[i] >> 1;
        while rest != 0 {
            x ^= solution[i + 1 + rest.trailing_zeros() as usize];
            rest &= rest - 1;
        }
        solution[i] = x;
    }
    let bits = bits as usize;
    let mut words = vec![0u128; rows / WIDTH * bits];
    for (i, s) in solution.iter().enumerate() {
        let block = &mut words[i / WIDTH * bits..][..bits];
        for (b, w) in block.iter_mut().enumerate() {
            *w |= u128::from(s >> b & 1) << (i % WIDTH);
        }
    }
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_gets_its_value_back() {
        for n in [0usize, 1, 5, 127, 128, 129, 1000, 20_000] {
            let keys: Vec<(u64, u32)> = (0..n as u64)
                .map(|k| (mix(k + 7), (mix(k) & 0x1fff) as u32))
                .collect();
            let r = Ribbon::build(&keys, 13, 0, 0.05).unwrap();
            assert!(keys.iter().all(|&(k, v)| r.get(k) == v), "n = {n}");
            let mut bytes = Vec::new();
            r.write(&mut bytes);
            assert_eq!(bytes.len(), r.byte_len());
            let mut cursor = Cursor(&bytes);
            assert_eq!(Ribbon::read(&mut cursor, 13..=13).unwrap(), r);
            assert!(cursor.0.is_empty());
        }
    }

    #[test]
    fn refuses_what_it_cannot_solve() {
        assert_eq!(
            Ribbon::build(&[(1, 1), (1, 0)], 1, 0, 0.05),
            Err(BuildError::Unsolvable)
        );
        assert_eq!(
            Ribbon::build(&[(1, 2)], 1, 0, 0.05),
            Err(BuildError::Unsolvable)
        );
    }

    #[test]
    fn reads_strictly() {
        let r = Ribbon::build(&[(1, 1), (2, 0)], 1, 0, 0.05).unwrap();
        let mut bytes = Vec::new();
        r.write(&mut bytes);
        let read = |b: &[u8], bits| Ribbon::read(&mut Cursor(b), bits);
        assert!(read(&bytes, 1..=1).is_ok());
        assert!(read(&bytes, 2..=3).is_err());
        assert!(read(&bytes[..bytes.len() - 1], 1..=1).is_err());
        assert!(read(&bytes[..5], 1..=1).is_err());
        let mut odd = bytes.clone();
        odd[7] = 129;
        assert!(read(&odd, 1..=1).is_err());
        // A huge row count is refused by the bytes left, never allocated.
        let mut huge = bytes.clone();
        huge[4..8].copy_from_slice(&0xffff_ff80u32.to_be_bytes());
        assert!(read(&huge, 1..=1).is_err());
    }
}
