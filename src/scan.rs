//! Finding and decoding QR codes in camera frames and photos.
//!
//! Frames are plain pixel buffers (8-bit grey or RGBA) so that the same code serves the
//! CLI (image files) and the browser (canvas `ImageData`). The decoder behind it is
//! quircs for now; the scanner issue measures it against others.

use core::fmt;

/// Largest frame accepted, in pixels (a 48-megapixel photo; anything larger is refused
/// before any allocation).
pub const MAX_PIXELS: usize = 48_000_000;

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

/// Decodes every QR code found in an 8-bit grey frame (row-major, one byte a pixel).
/// Returns each code's payload bytes; codes that are found but cannot be read are skipped.
///
/// # Errors
/// Impossible dimensions or a buffer of the wrong size.
pub fn scan_gray(width: usize, height: usize, gray: &[u8]) -> Result<Vec<Vec<u8>>, ScanError> {
    check(width, height, gray.len(), 1)?;
    let mut decoder = quircs::Quirc::default();
    let codes = decoder.identify(width, height, gray);
    Ok(codes
        .filter_map(|c| c.ok()?.decode().ok())
        .map(|d| d.payload)
        .collect())
}

/// Like [`scan_gray`] for an RGBA frame (as a canvas gives it); alpha is ignored.
///
/// # Errors
/// Impossible dimensions or a buffer of the wrong size.
pub fn scan_rgba(width: usize, height: usize, rgba: &[u8]) -> Result<Vec<Vec<u8>>, ScanError> {
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
