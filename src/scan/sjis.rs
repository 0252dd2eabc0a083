//! Shift_JIS (JIS X 0208) to Unicode, for Kanji mode and Japanese byte segments, the text
//! Japanese QR codes most often carry. The table (`sjis.bin`) is made by
//! `scripts/gen-sjis.py` from Python's codec; see that script for its layout.

static TABLE: &[u8; 47 * 188 * 2] = include_bytes!("sjis.bin");

fn double(lead: u8, trail: u8) -> Option<char> {
    let row = match lead {
        0x81..=0x9f => lead - 0x81,
        0xe0..=0xef => lead - 0xe0 + 31,
        _ => return None,
    };
    let col = match trail {
        0x40..=0x7e => trail - 0x40,
        0x80..=0xfc => trail - 0x41,
        _ => return None,
    };
    let i = (usize::from(row) * 188 + usize::from(col)) * 2;
    let unit = u16::from_le_bytes([TABLE[i], TABLE[i + 1]]);
    (unit != 0)
        .then(|| char::from_u32(u32::from(unit)))
        .flatten()
}

/// Decodes Shift_JIS text, or `None` when the bytes are not valid Shift_JIS.
pub(crate) fn decode(bytes: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(bytes.len() * 2);
    let mut it = bytes.iter().copied();
    while let Some(b) = it.next() {
        match b {
            0x00..=0x7f => out.push(char::from(b)),
            0xa1..=0xdf => out.push(char::from_u32(0xff61 + u32::from(b - 0xa1))?),
            _ => out.push(double(b, it.next()?)?),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn known_characters() {
        assert_eq!(
            decode(b"\x82\xa0\x88\x9f\x93\x5f\xe4\xaa\x81\x40A\xb1").as_deref(),
            Some("あ亜点茗\u{3000}Aｱ")
        );
        assert_eq!(decode(b"\x82"), None);
        assert_eq!(decode(b"\x85\x40"), None);
        assert_eq!(decode(b"\xf0\x40"), None);
    }
}
