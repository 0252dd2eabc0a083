//! Double-byte CJK text: Shift_JIS (JIS X 0208) for Kanji mode and Japanese byte
//! segments, and GB 2312 for Hanzi mode (GB/T 18284, used on Chinese labels) and ECI 29.
//! The tables are made by `scripts/gen-cjk-tables.py` from Python's codecs; see that
//! script for their layout.

static SJIS: &[u8; 47 * 188 * 2] = include_bytes!("sjis.bin");
static GB2312: &[u8; 87 * 94 * 2] = include_bytes!("gb2312.bin");

fn lookup(table: &[u8], index: usize) -> Option<char> {
    let unit = u16::from_le_bytes([*table.get(index * 2)?, *table.get(index * 2 + 1)?]);
    (unit != 0)
        .then(|| char::from_u32(u32::from(unit)))
        .flatten()
}

fn sjis_pair(lead: u8, trail: u8) -> Option<char> {
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
    lookup(SJIS, usize::from(row) * 188 + usize::from(col))
}

/// Decodes Shift_JIS text, or `None` when the bytes are not valid Shift_JIS.
pub(crate) fn shift_jis(bytes: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(bytes.len() * 2);
    let mut it = bytes.iter().copied();
    while let Some(b) = it.next() {
        match b {
            0x00..=0x7f => out.push(char::from(b)),
            0xa1..=0xdf => out.push(char::from_u32(0xff61 + u32::from(b - 0xa1))?),
            _ => out.push(sjis_pair(b, it.next()?)?),
        }
    }
    Some(out)
}

/// Decodes GB 2312 (EUC-CN) text, or `None` when the bytes are not valid GB 2312.
pub(crate) fn gb2312(bytes: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(bytes.len() * 2);
    let mut it = bytes.iter().copied();
    while let Some(b) = it.next() {
        if b < 0x80 {
            out.push(char::from(b));
            continue;
        }
        let trail = it.next()?;
        if !(0xa1..=0xf7).contains(&b) || !(0xa1..=0xfe).contains(&trail) {
            return None;
        }
        out.push(lookup(
            GB2312,
            usize::from(b - 0xa1) * 94 + usize::from(trail - 0xa1),
        )?);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_characters() {
        assert_eq!(
            shift_jis(b"\x82\xa0\x88\x9f\x93\x5f\xe4\xaa\x81\x40A\xb1").as_deref(),
            Some("あ亜点茗\u{3000}Aｱ")
        );
        assert_eq!(shift_jis(b"\x82"), None);
        assert_eq!(shift_jis(b"\x85\x40"), None);
        assert_eq!(shift_jis(b"\xf0\x40"), None);
        // 认证 (certification), 阿, and ASCII.
        assert_eq!(
            gb2312(b"\xc8\xcf\xd6\xa4\xb0\xa2 A").as_deref(),
            Some("认证阿 A")
        );
        assert_eq!(gb2312(b"\xc8"), None);
        assert_eq!(gb2312(b"\xaa\xa1"), None);
    }
}
