//! The data bit stream inside a QR symbol: segments in numeric, alphanumeric, byte and
//! Kanji modes, Hanzi mode (GB 2312), ECI designators, structured append and FNC1 headers, and the text they
//! spell. Byte segments without an ECI are in an unnamed encoding; like other readers we
//! take ASCII, then UTF-8, then Shift_JIS, then ISO-8859-1, the first that fits.

use super::cjk;

/// Why the bit stream did not give a payload.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PayloadError {
    /// A segment runs past the end of the data.
    Truncated,
    /// A mode indicator this reader does not know, or a Hanzi subset other than GB 2312.
    Mode(u8),
    /// A digit or character value outside its mode's range.
    Value,
}

struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Bits<'_> {
    fn left(&self) -> usize {
        self.data.len() * 8 - self.pos
    }

    fn take(&mut self, n: usize) -> Result<u32, PayloadError> {
        if n > self.left() {
            return Err(PayloadError::Truncated);
        }
        let mut v = 0u32;
        for _ in 0..n {
            let bit = self.data[self.pos / 8] >> (7 - self.pos % 8) & 1;
            v = v << 1 | u32::from(bit);
            self.pos += 1;
        }
        Ok(v)
    }
}

/// A character encoding named by an ECI or guessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Charset {
    Latin1,
    ShiftJis,
    Gb2312,
    Utf8,
    Ascii,
    /// An ECI this reader has no table for: the text is not given.
    Other,
}

fn charset_of_eci(eci: u32) -> Charset {
    match eci {
        1 | 3 => Charset::Latin1,
        20 => Charset::ShiftJis,
        26 => Charset::Utf8,
        29 => Charset::Gb2312,
        27 | 170 => Charset::Ascii,
        _ => Charset::Other,
    }
}

fn decode_text(bytes: &[u8], charset: Option<Charset>) -> Option<String> {
    let latin1 = |b: &[u8]| b.iter().map(|&c| char::from(c)).collect::<String>();
    match charset {
        Some(Charset::Latin1) => Some(latin1(bytes)),
        Some(Charset::ShiftJis) => cjk::shift_jis(bytes),
        Some(Charset::Gb2312) => cjk::gb2312(bytes),
        Some(Charset::Utf8) => String::from_utf8(bytes.to_vec()).ok(),
        Some(Charset::Ascii) => bytes.is_ascii().then(|| latin1(bytes)),
        Some(Charset::Other) => None,
        None => String::from_utf8(bytes.to_vec())
            .ok()
            .or_else(|| cjk::shift_jis(bytes))
            .or_else(|| Some(latin1(bytes))),
    }
}

/// A decoded payload: the bytes as encoded (Kanji as Shift_JIS) and the text, when every
/// segment's encoding is known.
pub(crate) struct Payload {
    pub(crate) bytes: Vec<u8>,
    pub(crate) text: Option<String>,
}

/// Kanji and Hanzi modes: `count` 13-bit values, each a two-byte code packed as
/// (high − base) · `row` + (low − base), with one base below `split` and another above.
fn double_bytes(
    bits: &mut Bits,
    count: usize,
    row: u32,
    split: u32,
    low: u32,
    high: u32,
) -> Result<Vec<u8>, PayloadError> {
    if count * 13 > bits.left() {
        return Err(PayloadError::Truncated);
    }
    let mut out = Vec::with_capacity(count * 2);
    for _ in 0..count {
        let v = bits.take(13)?;
        let w = (v / row) << 8 | (v % row);
        let w = if w < split { w + low } else { w + high };
        out.push((w >> 8) as u8);
        out.push(w as u8);
    }
    Ok(out)
}

const ALNUM: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// Parses the data codewords of a symbol of `version`.
pub(crate) fn parse(codewords: &[u8], version: usize) -> Result<Payload, PayloadError> {
    let mut bits = Bits {
        data: codewords,
        pos: 0,
    };
    let class = match version {
        0..=9 => 0,
        10..=26 => 1,
        _ => 2,
    };
    let mut bytes = Vec::new();
    let mut text = Some(String::new());
    let mut charset: Option<Charset> = None;
    // A run of byte segments shares one guess, as a long text is often split.
    let mut pending: Vec<u8> = Vec::new();
    let flush = |pending: &mut Vec<u8>, text: &mut Option<String>, charset: Option<Charset>| {
        if !pending.is_empty() {
            let piece = decode_text(pending, charset);
            *text = match (text.take(), piece) {
                (Some(mut t), Some(p)) => {
                    t.push_str(&p);
                    Some(t)
                }
                _ => None,
            };
            pending.clear();
        }
    };
    while bits.left() >= 4 {
        let mode = bits.take(4)? as u8;
        match mode {
            0 => break,
            1 => {
                flush(&mut pending, &mut text, charset);
                let mut count = bits.take([10, 12, 14][class])? as usize;
                let mut digits = String::with_capacity(count);
                while count > 0 {
                    let (n, w, max) = match count {
                        1 => (1, 4, 10),
                        2 => (2, 7, 100),
                        _ => (3, 10, 1000),
                    };
                    let v = bits.take(w)?;
                    if v >= max {
                        return Err(PayloadError::Value);
                    }
                    let s = format!("{v:0n$}");
                    digits.push_str(&s);
                    count -= n;
                }
                bytes.extend_from_slice(digits.as_bytes());
                if let Some(t) = text.as_mut() {
                    t.push_str(&digits);
                }
            }
            2 => {
                flush(&mut pending, &mut text, charset);
                let mut count = bits.take([9, 11, 13][class])? as usize;
                let mut out = Vec::with_capacity(count);
                while count > 0 {
                    if count == 1 {
                        let v = bits.take(6)? as usize;
                        out.push(*ALNUM.get(v).ok_or(PayloadError::Value)?);
                        count -= 1;
                    } else {
                        let v = bits.take(11)? as usize;
                        let (a, b) = (v / 45, v % 45);
                        out.push(*ALNUM.get(a).ok_or(PayloadError::Value)?);
                        out.push(ALNUM[b]);
                        count -= 2;
                    }
                }
                if let Some(t) = text.as_mut() {
                    t.extend(out.iter().map(|&c| char::from(c)));
                }
                bytes.extend(out);
            }
            4 => {
                let count = bits.take([8, 16, 16][class])? as usize;
                if count * 8 > bits.left() {
                    return Err(PayloadError::Truncated);
                }
                for _ in 0..count {
                    let b = bits.take(8)? as u8;
                    bytes.push(b);
                    pending.push(b);
                }
            }
            8 | 13 => {
                flush(&mut pending, &mut text, charset);
                // Hanzi mode (GB/T 18284) names its subset; 1 is GB 2312.
                if mode == 13 && bits.take(4)? != 1 {
                    return Err(PayloadError::Mode(13));
                }
                let count = bits.take([8, 10, 12][class])? as usize;
                let (pair, piece) = if mode == 8 {
                    let sj = double_bytes(&mut bits, count, 0xc0, 0x1f00, 0x8140, 0xc140)?;
                    let t = cjk::shift_jis(&sj);
                    (sj, t)
                } else {
                    let gb = double_bytes(&mut bits, count, 0x60, 0x0a00, 0xa1a1, 0xa6a1)?;
                    let t = cjk::gb2312(&gb);
                    (gb, t)
                };
                text = text.zip(piece).map(|(t, p)| t + &p);
                bytes.extend(pair);
            }
            7 => {
                flush(&mut pending, &mut text, charset);
                let first = bits.take(8)?;
                let eci = if first & 0x80 == 0 {
                    first
                } else if first & 0xc0 == 0x80 {
                    (first & 0x3f) << 8 | bits.take(8)?
                } else if first & 0xe0 == 0xc0 {
                    (first & 0x1f) << 16 | bits.take(16)?
                } else {
                    return Err(PayloadError::Value);
                };
                charset = Some(charset_of_eci(eci));
            }
            3 => {
                // Structured append: position, total and parity; the parts are read alone.
                bits.take(16)?;
            }
            5 => {}
            9 => {
                bits.take(8)?;
            }
            m => return Err(PayloadError::Mode(m)),
        }
    }
    flush(&mut pending, &mut text, charset);
    Ok(Payload { bytes, text })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack(fields: &[(u32, usize)]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut pos = 0;
        for &(v, n) in fields {
            for i in (0..n).rev() {
                if pos % 8 == 0 {
                    out.push(0);
                }
                let last = out.len() - 1;
                out[last] |= (((v >> i) & 1) as u8) << (7 - pos % 8);
                pos += 1;
            }
        }
        out
    }

    #[test]
    fn reads_every_mode() {
        // numeric "01234567", alphanumeric "AC-42", byte "hé" (UTF-8), Kanji "点茗".
        let data = pack(&[
            (1, 4),
            (8, 10),
            (12, 10),
            (345, 10),
            (67, 7),
            (2, 4),
            (5, 9),
            (10 * 45 + 12, 11),
            (41 * 45 + 4, 11),
            (2, 6),
            (4, 4),
            (3, 8),
            (b'h' as u32, 8),
            (0xc3, 8),
            (0xa9, 8),
            (8, 4),
            (2, 8),
            (0x0d9f, 13),
            (0x1aaa, 13),
            (0, 4),
        ]);
        let p = parse(&data, 1).unwrap();
        assert_eq!(p.text.as_deref(), Some("01234567AC-42hé点茗"));
    }

    #[test]
    fn hanzi_mode_is_gb2312() {
        // Subset 1, two characters: 阿 (0xB0A2) and 认 (0xC8CF).
        let data = pack(&[(13, 4), (1, 4), (2, 8), (961, 13), (3310, 13), (0, 4)]);
        let p = parse(&data, 1).unwrap();
        assert_eq!(
            (p.bytes, p.text.as_deref()),
            (vec![0xb0, 0xa2, 0xc8, 0xcf], Some("阿认"))
        );
        // Other subsets have no table here.
        assert_eq!(
            parse(&pack(&[(13, 4), (2, 4), (1, 8), (0, 13)]), 1).err(),
            Some(PayloadError::Mode(13))
        );
    }

    #[test]
    fn eci_names_the_charset() {
        // ECI 20 (Shift_JIS) then byte 0x82 0xA0 ("あ"); ECI 3 then 0xE9 ("é").
        let data = pack(&[
            (7, 4),
            (20, 8),
            (4, 4),
            (2, 8),
            (0x82, 8),
            (0xa0, 8),
            (7, 4),
            (3, 8),
            (4, 4),
            (1, 8),
            (0xe9, 8),
        ]);
        assert_eq!(parse(&data, 1).unwrap().text.as_deref(), Some("あé"));
        // An ECI without a table keeps the bytes and gives no text.
        let data = pack(&[(7, 4), (9, 8), (4, 4), (1, 8), (0xe9, 8)]);
        let p = parse(&data, 1).unwrap();
        assert_eq!((p.bytes, p.text), (vec![0xe9], None));
    }

    #[test]
    fn refuses_bad_streams() {
        assert_eq!(
            parse(&pack(&[(4, 4), (200, 8)]), 1).err(),
            Some(PayloadError::Truncated)
        );
        assert_eq!(
            parse(&pack(&[(1, 4), (3, 10), (1000, 10)]), 1).err(),
            Some(PayloadError::Value)
        );
        assert_eq!(
            parse(&pack(&[(13, 4), (0, 8)]), 1).err(),
            Some(PayloadError::Mode(13))
        );
    }
}
