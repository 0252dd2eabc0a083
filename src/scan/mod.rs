//! Finding and decoding QR codes in camera frames and photos.
//!
//! Frames are plain pixel buffers (8-bit grey or RGBA) so that the same code serves the
//! CLI (image files) and the browser (canvas `ImageData`).
//!
//! The reader is our own, in plain Rust with no unsafe code and no clock: binarize
//! (`binary`), find the finder patterns (`finder`), sample the module grid through a
//! perspective transform fixed by the alignment pattern (`grid`), read format, version
//! and codewords (`symbol`), correct errors (`rs`) and parse the segments
//! (`payload`, `cjk`). One scan finds printed and inverted (light-on-dark) finder
//! patterns; a frame where a code was seen but not read is tried again with a global
//! threshold; mirrored codes are read as such.
//! Every loop is bounded by the frame's size, and a frame larger than [`MAX_PIXELS`] is
//! refused before anything is allocated.

use core::fmt;

mod binary;
mod cjk;
mod finder;
mod grid;
mod payload;
mod rs;
mod symbol;

pub use symbol::EcLevel;

/// Largest frame accepted, in pixels (a 48-megapixel photo; anything larger is refused
/// before any allocation).
pub const MAX_PIXELS: usize = 48_000_000;

/// Largest image file a front end reads (the CLI, the page), in bytes: a phone's photo
/// is far smaller, and a larger file is refused before it is read.
pub const MAX_IMAGE_BYTES: usize = 64 << 20;

/// Largest image a front end decodes, in pixels, as its header states them (checked
/// before decoding, which would allocate four bytes a pixel); decoded images are scaled
/// down to a frame of at most [`MAX_PIXELS`].
pub const MAX_IMAGE_PIXELS: usize = 120_000_000;

/// Why a frame could not be scanned.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ScanError {
    /// Zero width or height, or more than [`MAX_PIXELS`].
    Dimensions {
        /// Width in pixels.
        width: usize,
        /// Height in pixels.
        height: usize,
    },
    /// The buffer's length does not match the dimensions.
    BufferSize {
        /// Bytes the dimensions call for.
        expected: usize,
        /// Bytes given.
        actual: usize,
    },
}

impl fmt::Display for ScanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScanError::Dimensions { width, height } => write!(
                f,
                "image of {width}x{height} pixels is empty or larger than {MAX_PIXELS} pixels"
            ),
            ScanError::BufferSize { expected, actual } => {
                write!(f, "pixel buffer has {actual} bytes, {expected} expected")
            }
        }
    }
}

impl std::error::Error for ScanError {}

fn check(width: usize, height: usize, len: usize, bytes_per_pixel: usize) -> Result<(), ScanError> {
    let pixels = width
        .checked_mul(height)
        .filter(|&p| p > 0 && p <= MAX_PIXELS);
    let Some(pixels) = pixels else {
        return Err(ScanError::Dimensions { width, height });
    };
    let expected = pixels * bytes_per_pixel;
    if len != expected {
        return Err(ScanError::BufferSize {
            expected,
            actual: len,
        });
    }
    Ok(())
}

/// A QR code read from a frame.
#[derive(Clone, Debug, PartialEq)]
pub struct Code {
    /// The text, when every segment's character encoding is known (numeric, alphanumeric,
    /// Kanji, Hanzi, and byte segments in UTF-8, Shift_JIS, GB 2312, ISO-8859-1 or ASCII, named by an ECI or
    /// guessed in that order). `None` for an ECI this reader has no table for.
    pub text: Option<String>,
    /// The payload bytes as encoded: numeric and alphanumeric as ASCII, Kanji as Shift_JIS.
    pub bytes: Vec<u8>,
    /// Symbol version, 1 to 40.
    pub version: u8,
    /// Error correction level.
    pub level: EcLevel,
    /// Whether the code was printed mirror-wise (read through glass, or from behind).
    pub mirrored: bool,
    /// The code's corners in the frame, in pixels: top-left, top-right, bottom-right,
    /// bottom-left as the code is read.
    pub corners: [(f32, f32); 4],
}

/// Triples of finder patterns tried per pass at most, so a frame full of finder-like
/// patterns costs bounded time.
const MAX_ATTEMPTS: usize = 64;

/// Decodes every QR code found in an 8-bit grey frame (row-major, one byte a pixel).
/// Codes that are found but cannot be read are skipped.
///
/// ```
/// // A blank frame has no code; a wrong-sized buffer is an error, not a panic.
/// assert_eq!(certmark::scan::scan_gray(64, 48, &[255; 64 * 48]), Ok(vec![]));
/// assert!(certmark::scan::scan_gray(64, 48, &[255; 10]).is_err());
/// ```
///
/// # Errors
/// Impossible dimensions or a buffer of the wrong size.
pub fn scan_gray(width: usize, height: usize, gray: &[u8]) -> Result<Vec<Code>, ScanError> {
    check(width, height, gray.len(), 1)?;
    let mut codes = Vec::new();
    let mut img = binary::local(width, height, gray);
    if !read_all(&mut img, &mut codes) {
        // Something code-like was seen but not read: the global threshold is the second try.
        img = binary::global(width, height, gray);
        read_all(&mut img, &mut codes);
    }
    Ok(codes)
}

/// Reads the codes in `img`, printed ones first, then inverted ones if there were none.
/// Returns false when nothing was read although three finder patterns were seen.
fn read_all(img: &mut binary::Binary, codes: &mut Vec<Code>) -> bool {
    let finders = finder::find(img);
    let mut tried = false;
    for light in [0, 1] {
        let mine: Vec<finder::Finder> = finders
            .iter()
            .filter(|f| f.light == light)
            .copied()
            .collect();
        let triples = finder::triples(&mine);
        tried |= !triples.is_empty();
        img.light = light;
        let mut used: Vec<finder::Finder> = Vec::new();
        let same = |a: &finder::Finder, b: &finder::Finder| {
            (a.x - b.x).abs() < a.module && (a.y - b.y).abs() < a.module
        };
        for triple in triples.iter().take(MAX_ATTEMPTS) {
            if triple.iter().any(|f| used.iter().any(|u| same(u, f))) {
                continue;
            }
            if let Some(code) = read_triple(img, triple) {
                used.extend_from_slice(triple);
                codes.push(code);
            }
        }
        img.light = 0;
        if !codes.is_empty() {
            return true;
        }
    }
    !tried
}

fn read_triple(img: &binary::Binary, triple: &[finder::Finder; 3]) -> Option<Code> {
    let mut sizes = grid::sizes(img, triple);
    let mut i = 0;
    while i < sizes.len() && i < 5 {
        let size = sizes[i];
        i += 1;
        for use_alignment in [true, false] {
            if use_alignment && size == 21 {
                continue;
            }
            match grid::read(img, triple, size, use_alignment) {
                grid::Read::Ok(data, corners) => {
                    let Ok(p) = payload::parse(&data.codewords, data.version) else {
                        continue;
                    };
                    return Some(Code {
                        text: p.text,
                        bytes: p.bytes,
                        version: data.version as u8,
                        level: data.level,
                        mirrored: data.mirrored,
                        corners,
                    });
                }
                grid::Read::Size(s) => {
                    if !sizes.contains(&s) {
                        sizes.insert(i, s);
                    }
                    break;
                }
                grid::Read::Failed => {}
            }
        }
    }
    None
}

/// Like [`scan_gray`] for an RGBA frame (as a canvas gives it); alpha is ignored.
///
/// # Errors
/// Impossible dimensions or a buffer of the wrong size.
pub fn scan_rgba(width: usize, height: usize, rgba: &[u8]) -> Result<Vec<Code>, ScanError> {
    check(width, height, rgba.len(), 4)?;
    let gray: Vec<u8> = rgba
        .chunks_exact(4)
        .map(|p| ((77 * u32::from(p[0]) + 150 * u32::from(p[1]) + 29 * u32::from(p[2])) >> 8) as u8)
        .collect();
    scan_gray(width, height, &gray)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_bad_frames() {
        assert!(matches!(
            scan_gray(0, 10, &[]),
            Err(ScanError::Dimensions { .. })
        ));
        assert!(matches!(
            scan_gray(usize::MAX, 2, &[]),
            Err(ScanError::Dimensions { .. })
        ));
        assert!(matches!(
            scan_rgba(2, 2, &[0; 15]),
            Err(ScanError::BufferSize {
                expected: 16,
                actual: 15
            })
        ));
    }

    #[test]
    fn blank_frame_has_no_code() {
        assert_eq!(scan_gray(64, 48, &[255; 64 * 48]), Ok(vec![]));
    }
}
