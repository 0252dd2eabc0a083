//! The QR symbol itself: a square of modules read into data codewords. Format and version
//! information (with their BCH codes), the function patterns that hold no data, the
//! zig-zag codeword order, the eight masks and the block interleaving of ISO/IEC 18004.

use super::rs;

/// Error correction level, as the format information names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EcLevel {
    /// About 7 % of codewords can be restored.
    L,
    /// About 15 %.
    M,
    /// About 25 %.
    Q,
    /// About 30 %.
    H,
}

/// Parity codewords per block and number of blocks, for levels L, M, Q, H of each version
/// (ISO/IEC 18004 table 9). Data codewords follow from the symbol's capacity.
const BLOCKS: [[(u8, u8); 4]; 40] = [
    [(7, 1), (10, 1), (13, 1), (17, 1)],      // 1
    [(10, 1), (16, 1), (22, 1), (28, 1)],     // 2
    [(15, 1), (26, 1), (18, 2), (22, 2)],     // 3
    [(20, 1), (18, 2), (26, 2), (16, 4)],     // 4
    [(26, 1), (24, 2), (18, 4), (22, 4)],     // 5
    [(18, 2), (16, 4), (24, 4), (28, 4)],     // 6
    [(20, 2), (18, 4), (18, 6), (26, 5)],     // 7
    [(24, 2), (22, 4), (22, 6), (26, 6)],     // 8
    [(30, 2), (22, 5), (20, 8), (24, 8)],     // 9
    [(18, 4), (26, 5), (24, 8), (28, 8)],     // 10
    [(20, 4), (30, 5), (28, 8), (24, 11)],    // 11
    [(24, 4), (22, 8), (26, 10), (28, 11)],   // 12
    [(26, 4), (22, 9), (24, 12), (22, 16)],   // 13
    [(30, 4), (24, 9), (20, 16), (24, 16)],   // 14
    [(22, 6), (24, 10), (30, 12), (24, 18)],  // 15
    [(24, 6), (28, 10), (24, 17), (30, 16)],  // 16
    [(28, 6), (28, 11), (28, 16), (28, 19)],  // 17
    [(30, 6), (26, 13), (28, 18), (28, 21)],  // 18
    [(28, 7), (26, 14), (26, 21), (26, 25)],  // 19
    [(28, 8), (26, 16), (30, 20), (28, 25)],  // 20
    [(28, 8), (26, 17), (28, 23), (30, 25)],  // 21
    [(28, 9), (28, 17), (30, 23), (24, 34)],  // 22
    [(30, 9), (28, 18), (30, 25), (30, 30)],  // 23
    [(30, 10), (28, 20), (30, 27), (30, 32)], // 24
    [(26, 12), (28, 21), (30, 29), (30, 35)], // 25
    [(28, 12), (28, 23), (28, 34), (30, 37)], // 26
    [(30, 12), (28, 25), (30, 34), (30, 40)], // 27
    [(30, 13), (28, 26), (30, 35), (30, 42)], // 28
    [(30, 14), (28, 28), (30, 38), (30, 45)], // 29
    [(30, 15), (28, 29), (30, 40), (30, 48)], // 30
    [(30, 16), (28, 31), (30, 43), (30, 51)], // 31
    [(30, 17), (28, 33), (30, 45), (30, 54)], // 32
    [(30, 18), (28, 35), (30, 48), (30, 57)], // 33
    [(30, 19), (28, 37), (30, 51), (30, 60)], // 34
    [(30, 19), (28, 38), (30, 53), (30, 63)], // 35
    [(30, 20), (28, 40), (30, 56), (30, 66)], // 36
    [(30, 21), (28, 43), (30, 59), (30, 70)], // 37
    [(30, 22), (28, 45), (30, 62), (30, 74)], // 38
    [(30, 24), (28, 47), (30, 65), (30, 77)], // 39
    [(30, 25), (28, 49), (30, 68), (30, 81)], // 40
];

/// Modules on a side for a version.
pub(crate) fn size_of(version: usize) -> usize {
    17 + 4 * version
}

/// Centres of the alignment patterns along each axis (empty for version 1).
pub(crate) fn alignment_centres(version: usize) -> ([usize; 7], usize) {
    let mut out = [0usize; 7];
    if version < 2 {
        return (out, 0);
    }
    let count = version / 7 + 2;
    let size = size_of(version);
    let step = if version == 32 {
        26
    } else {
        (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
    };
    out[0] = 6;
    for i in 1..count {
        out[count - i] = size - 7 - (i - 1) * step;
    }
    (out, count)
}

/// Centre of the bottom-right alignment pattern, the one the detector looks for.
pub(crate) fn last_alignment(version: usize) -> Option<usize> {
    let (c, n) = alignment_centres(version);
    (n > 0).then(|| c[n - 1])
}

const fn bch(data: u32, generator: u32, data_bits: u32, total_bits: u32) -> u32 {
    let mut rem = data << (total_bits - data_bits);
    let mut bit = total_bits;
    while bit > total_bits - data_bits {
        bit -= 1;
        if rem & (1 << bit) != 0 {
            rem ^= generator << (bit - (total_bits - data_bits));
        }
    }
    (data << (total_bits - data_bits)) | rem
}

const fn format_codes() -> [u32; 32] {
    let mut out = [0; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = bch(i as u32, 0x537, 5, 15) ^ 0x5412;
        i += 1;
    }
    out
}

const fn version_codes() -> [u32; 34] {
    let mut out = [0; 34];
    let mut i = 0;
    while i < 34 {
        out[i] = bch(i as u32 + 7, 0x1f25, 6, 18);
        i += 1;
    }
    out
}

static FORMAT_CODES: [u32; 32] = format_codes();
static VERSION_CODES: [u32; 34] = version_codes();

/// The valid code nearest to `bits` within 3 bit errors, as (index, distance).
fn nearest(codes: &[u32], reads: &[u32]) -> Option<usize> {
    let mut best = (4u32, None);
    for &r in reads {
        for (i, &c) in codes.iter().enumerate() {
            let d = (c ^ r).count_ones();
            if d < best.0 {
                best = (d, Some(i));
            }
        }
    }
    best.1
}

/// A square of sampled modules, dark = true, possibly read mirrored.
pub(crate) struct Modules {
    size: usize,
    dark: Vec<bool>,
    mirrored: bool,
}

impl Modules {
    pub(crate) fn new(size: usize, dark: Vec<bool>) -> Self {
        Modules {
            size,
            dark,
            mirrored: false,
        }
    }

    fn get(&self, x: usize, y: usize) -> bool {
        let (x, y) = if self.mirrored { (y, x) } else { (x, y) };
        self.dark[y * self.size + x]
    }

    fn bits(&self, cells: impl Iterator<Item = (usize, usize)>) -> u32 {
        cells.fold(0, |acc, (x, y)| acc << 1 | u32::from(self.get(x, y)))
    }

    fn format(&self) -> Option<(EcLevel, usize)> {
        let s = self.size;
        let first = self.bits(
            (0..6)
                .map(|i| (i, 8))
                .chain([(7, 8), (8, 8), (8, 7)])
                .chain((0..6).rev().map(|j| (8, j))),
        );
        let second = self.bits(
            (s - 7..s)
                .rev()
                .map(|j| (8, j))
                .chain((s - 8..s).map(|i| (i, 8))),
        );
        let i = nearest(&FORMAT_CODES, &[first, second])?;
        let level = [EcLevel::M, EcLevel::L, EcLevel::H, EcLevel::Q][i >> 3];
        Some((level, i & 7))
    }

    /// The version the symbol's version information gives (versions 7 and up).
    fn version_info(&self) -> Option<usize> {
        let s = self.size;
        let top_right = self.bits(
            (0..6)
                .rev()
                .flat_map(|j| (s - 11..=s - 9).rev().map(move |i| (i, j))),
        );
        let bottom_left = self.bits(
            (0..6)
                .rev()
                .flat_map(|i| (s - 11..=s - 9).rev().map(move |j| (i, j))),
        );
        nearest(&VERSION_CODES, &[top_right, bottom_left]).map(|i| i + 7)
    }
}

/// Why sampled modules gave no data codewords.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SymbolError {
    /// The size is not 21, 25, … 177.
    Size,
    /// Neither copy of the format information is within 3 bits of a valid one.
    Format,
    /// The version information names another version: sample again at that size.
    VersionIs(usize),
    /// Neither copy of the version information is readable.
    Version,
    /// A block has more errors than its parity can correct.
    Blocks,
}

fn is_function(version: usize, x: usize, y: usize) -> bool {
    let s = size_of(version);
    if x == 6 || y == 6 || (x < 9 && (y < 9 || y >= s - 8)) || (x >= s - 8 && y < 9) {
        return true;
    }
    if version >= 7 && ((x >= s - 11 && x < s - 8 && y < 6) || (y >= s - 11 && y < s - 8 && x < 6))
    {
        return true;
    }
    let (c, n) = alignment_centres(version);
    let near = |v: usize| c[..n].iter().any(|&a| v + 2 >= a && v <= a + 2);
    if near(x) && near(y) {
        // The patterns that would overlap the finders are left out.
        let ax = c[..n].iter().find(|&&a| x + 2 >= a && x <= a + 2);
        let ay = c[..n].iter().find(|&&a| y + 2 >= a && y <= a + 2);
        if let (Some(&ax), Some(&ay)) = (ax, ay) {
            let last = c[n - 1];
            let overlaps = (ax == 6 || ay == 6) && (ax + ay == 12 || ax + ay == 6 + last);
            return !overlaps;
        }
    }
    false
}

fn mask(mask: usize, x: usize, y: usize) -> bool {
    let (i, j) = (y, x);
    match mask {
        0 => (i + j) % 2 == 0,
        1 => i % 2 == 0,
        2 => j % 3 == 0,
        3 => (i + j) % 3 == 0,
        4 => (i / 2 + j / 3) % 2 == 0,
        5 => (i * j) % 2 + (i * j) % 3 == 0,
        6 => ((i * j) % 2 + (i * j) % 3) % 2 == 0,
        _ => ((i + j) % 2 + (i * j) % 3) % 2 == 0,
    }
}

/// Error-corrected data codewords of a symbol.
pub(crate) struct Data {
    pub(crate) version: usize,
    pub(crate) level: EcLevel,
    pub(crate) mirrored: bool,
    pub(crate) codewords: Vec<u8>,
}

/// Reads the data codewords, trying the mirror image when the plain reading fails.
pub(crate) fn read(modules: &mut Modules) -> Result<Data, SymbolError> {
    let plain = match read_one(modules) {
        Ok(d) => return Ok(d),
        Err(e) => e,
    };
    modules.mirrored = true;
    let mirrored = read_one(modules);
    modules.mirrored = false;
    match (plain, mirrored) {
        (_, Ok(d)) => Ok(d),
        // Prefer the error that says more: a version to sample at beats a bad format.
        (e @ SymbolError::VersionIs(_), _) | (_, Err(e @ SymbolError::VersionIs(_))) => Err(e),
        (e, _) => Err(e),
    }
}

fn read_one(m: &Modules) -> Result<Data, SymbolError> {
    let size = m.size;
    if !(21..=177).contains(&size) || size % 4 != 1 || m.dark.len() != size * size {
        return Err(SymbolError::Size);
    }
    let mut version = (size - 17) / 4;
    if version >= 7 {
        let said = m.version_info().ok_or(SymbolError::Version)?;
        if said != version {
            return Err(SymbolError::VersionIs(said));
        }
        version = said;
    }
    let (level, mask_no) = m.format().ok_or(SymbolError::Format)?;

    // Zig-zag over column pairs from the right, skipping the vertical timing column.
    let mut raw = Vec::with_capacity(size * size / 8);
    let (mut byte, mut nbits) = (0u8, 0);
    let mut right = size - 1;
    let mut upward = true;
    loop {
        if right == 6 {
            right = 5;
        }
        for v in 0..size {
            let y = if upward { size - 1 - v } else { v };
            for x in [right, right - 1] {
                if is_function(version, x, y) {
                    continue;
                }
                byte = byte << 1 | u8::from(m.get(x, y) ^ mask(mask_no, x, y));
                nbits += 1;
                if nbits == 8 {
                    raw.push(byte);
                    nbits = 0;
                }
            }
        }
        upward = !upward;
        if right < 3 {
            break;
        }
        right -= 2;
    }

    let level_index = match level {
        EcLevel::L => 0,
        EcLevel::M => 1,
        EcLevel::Q => 2,
        EcLevel::H => 3,
    };
    let (ec, blocks) = BLOCKS[version - 1][level_index];
    let (ec, blocks) = (usize::from(ec), usize::from(blocks));
    let total = raw.len();
    let data_total = total.checked_sub(ec * blocks).ok_or(SymbolError::Blocks)?;
    let short = data_total / blocks;
    let long = data_total % blocks;
    let first_long = blocks - long;

    // De-interleave: data codewords column by column (long blocks have one more), then parity.
    let mut split: Vec<Vec<u8>> = (0..blocks)
        .map(|b| Vec::with_capacity(short + 1 + ec + usize::from(b >= first_long)))
        .collect();
    let mut it = raw.iter().copied();
    for i in 0..=short {
        for (b, block) in split.iter_mut().enumerate() {
            if i < short || b >= first_long {
                block.push(it.next().ok_or(SymbolError::Blocks)?);
            }
        }
    }
    for _ in 0..ec {
        for block in split.iter_mut() {
            block.push(it.next().ok_or(SymbolError::Blocks)?);
        }
    }
    let mut codewords = Vec::with_capacity(data_total);
    for block in split.iter_mut() {
        rs::correct(block, ec).ok_or(SymbolError::Blocks)?;
        let data_len = block.len() - ec;
        codewords.extend_from_slice(&block[..data_len]);
    }
    Ok(Data {
        version,
        level,
        mirrored: m.mirrored,
        codewords,
    })
}
