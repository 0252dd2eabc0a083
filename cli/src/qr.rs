//! QR codes of marks: the URL in a byte segment, the digits in a numeric one.

use std::path::Path;

use qrcode::bits::Bits;
use qrcode::{Color, QrCode, Version};

use crate::cli::{EcLevel, QrFormat};
use crate::Failure;

pub fn ec(level: EcLevel) -> qrcode::EcLevel {
    match level {
        EcLevel::L => qrcode::EcLevel::L,
        EcLevel::M => qrcode::EcLevel::M,
        EcLevel::Q => qrcode::EcLevel::Q,
        EcLevel::H => qrcode::EcLevel::H,
    }
}

/// The smallest QR code holding `prefix` (bytes) then `digits` (numeric).
pub fn encode(prefix: &str, digits: &str, level: qrcode::EcLevel) -> Result<QrCode, Failure> {
    for v in 1..=40 {
        let mut bits = Bits::new(Version::Normal(v));
        let fits = bits.push_byte_data(prefix.as_bytes()).is_ok()
            && bits.push_numeric_data(digits.as_bytes()).is_ok()
            && bits.push_terminator(level).is_ok();
        if fits {
            return QrCode::with_bits(bits, level)
                .map_err(|e| Failure::other(format!("QR encoding failed: {e}")));
        }
    }
    Err(
        Failure::other("the mark is too large for any QR code at this error-correction level")
            .hint("use a shorter URL, fewer extra fields or a lower --ec level"),
    )
}

/// Splits a link or bare QR form into its byte prefix (through `CM1/`) and digits.
pub fn split(link: &str) -> (&str, &str) {
    let at = link.rfind("CM1/").map_or(0, |i| i + 4);
    link.split_at(at)
}

pub fn version(code: &QrCode) -> i16 {
    match code.version() {
        Version::Normal(v) | Version::Micro(v) => v,
    }
}

pub fn format_for(path: &Path) -> Result<QrFormat, Failure> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("svg") => Ok(QrFormat::Svg),
        Some("png") => Ok(QrFormat::Png),
        _ => Err(Failure::other(format!(
            "{}: QR output must end in .svg or .png",
            path.display()
        ))),
    }
}

/// The image file's bytes: SVG, or an 8-bit grey PNG with a 4-module quiet zone.
pub fn render(code: &QrCode, format: QrFormat, scale: u32) -> Result<Vec<u8>, Failure> {
    match format {
        QrFormat::Svg => Ok(code
            .render::<qrcode::render::svg::Color>()
            .quiet_zone(true)
            .module_dimensions(scale, scale)
            .build()
            .into_bytes()),
        QrFormat::Png => {
            let n = code.width();
            let quiet = 4;
            let side = (n + 2 * quiet) * scale as usize;
            let colors = code.to_colors();
            let mut pixels = vec![255u8; side * side];
            for (i, c) in colors.iter().enumerate() {
                if *c == Color::Dark {
                    let (mx, my) = (i % n + quiet, i / n + quiet);
                    for y in my * scale as usize..(my + 1) * scale as usize {
                        pixels
                            [y * side + mx * scale as usize..y * side + (mx + 1) * scale as usize]
                            .fill(0);
                    }
                }
            }
            let mut out = Vec::new();
            let side32 = u32::try_from(side).map_err(|_| Failure::other("QR image too large"))?;
            let mut enc = png::Encoder::new(&mut out, side32, side32);
            enc.set_color(png::ColorType::Grayscale);
            enc.set_depth(png::BitDepth::Eight);
            let mut w = enc
                .write_header()
                .map_err(|e| Failure::other(format!("PNG: {e}")))?;
            w.write_image_data(&pixels)
                .map_err(|e| Failure::other(format!("PNG: {e}")))?;
            w.finish()
                .map_err(|e| Failure::other(format!("PNG: {e}")))?;
            Ok(out)
        }
    }
}
