//! The small, strict subset of CBOR (RFC 8949) that a mark body uses.
//!
//! Only what the body needs is read: unsigned integers, text, arrays, maps and null,
//! each with definite, shortest-form lengths. Everything else is reported precisely,
//! never skipped, because two encodings of one mark would let a forger vary the bytes.
//! It knows nothing of marks: `mark` reads the fields and turns `CborError` into `MarkError`.

/// Why bytes are not strict CBOR; `mark::MarkError` has one variant for each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CborError {
    /// The bytes end inside an item.
    Truncated,
    /// An argument not in its shortest form.
    NotShortest,
    /// An indefinite-length string, array or map.
    Indefinite,
    /// A tag.
    Tag,
    /// A floating-point number.
    Float,
    /// A reserved additional-information value or simple value.
    Reserved,
}

/// One data item's head, already checked for the strict rules.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Head {
    Uint(u64),
    Negative,
    Bytes(u64),
    Text(u64),
    Array(u64),
    Map(u64),
    False,
    True,
    Null,
    Undefined,
    Simple,
}

/// Reads items from a byte slice, tracking the position.
pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    /// Bytes consumed so far.
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    fn take(&mut self, n: u64) -> Result<&'a [u8], CborError> {
        let n = usize::try_from(n).map_err(|_| CborError::Truncated)?;
        let end = self.pos.checked_add(n).ok_or(CborError::Truncated)?;
        let s = self.buf.get(self.pos..end).ok_or(CborError::Truncated)?;
        self.pos = end;
        Ok(s)
    }

    fn argument(&mut self, ai: u8) -> Result<u64, CborError> {
        let (bytes, min) = match ai {
            0..=23 => return Ok(u64::from(ai)),
            24 => (1, 24),
            25 => (2, 0x100),
            26 => (4, 0x1_0000),
            27 => (8, 0x1_0000_0000),
            _ => return Err(CborError::Reserved),
        };
        let v = self
            .take(bytes)?
            .iter()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        if v < min {
            return Err(CborError::NotShortest);
        }
        Ok(v)
    }

    /// Reads the next head. Tags, floats, indefinite lengths, reserved values and
    /// non-shortest arguments are errors here, wherever they appear.
    pub(crate) fn head(&mut self) -> Result<Head, CborError> {
        let [initial] = self.take(1)? else {
            return Err(CborError::Truncated);
        };
        let (major, ai) = (initial >> 5, initial & 0x1f);
        if ai == 31 {
            return Err(match major {
                2..=5 | 7 => CborError::Indefinite,
                _ => CborError::Reserved,
            });
        }
        if major == 7 {
            return match ai {
                20 => Ok(Head::False),
                21 => Ok(Head::True),
                22 => Ok(Head::Null),
                23 => Ok(Head::Undefined),
                0..=19 => Ok(Head::Simple),
                24 => match self.take(1)? {
                    [v] if *v >= 32 => Ok(Head::Simple),
                    _ => Err(CborError::Reserved),
                },
                25..=27 => Err(CborError::Float),
                _ => Err(CborError::Reserved),
            };
        }
        let arg = self.argument(ai)?;
        Ok(match major {
            0 => Head::Uint(arg),
            1 => Head::Negative,
            2 => Head::Bytes(arg),
            3 => Head::Text(arg),
            4 => Head::Array(arg),
            5 => Head::Map(arg),
            _ => return Err(CborError::Tag),
        })
    }

    /// The next `len` bytes (a text or byte string's content).
    pub(crate) fn bytes(&mut self, len: u64) -> Result<&'a [u8], CborError> {
        self.take(len)
    }
}

/// Appends a head in shortest form.
pub(crate) fn write_head(out: &mut Vec<u8>, major: u8, v: u64) {
    let m = major << 5;
    match v {
        0..=23 => out.push(m | v as u8),
        24..=0xff => out.extend_from_slice(&[m | 24, v as u8]),
        0x100..=0xffff => {
            out.push(m | 25);
            out.extend_from_slice(&(v as u16).to_be_bytes());
        }
        0x1_0000..=0xffff_ffff => {
            out.push(m | 26);
            out.extend_from_slice(&(v as u32).to_be_bytes());
        }
        _ => {
            out.push(m | 27);
            out.extend_from_slice(&v.to_be_bytes());
        }
    }
}

/// Appends a text string.
pub(crate) fn write_text(out: &mut Vec<u8>, s: &str) {
    write_head(out, 3, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// The encoding of CBOR null.
pub(crate) const NULL: u8 = 0xf6;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortest_heads_round_trip() {
        for v in [
            0,
            23,
            24,
            255,
            256,
            65_535,
            65_536,
            0xffff_ffff,
            0x1_0000_0000,
            u64::MAX,
        ] {
            let mut out = Vec::new();
            write_head(&mut out, 0, v);
            let mut r = Reader::new(&out);
            assert_eq!(r.head(), Ok(Head::Uint(v)));
            assert_eq!(r.position(), out.len());
        }
    }

    #[test]
    fn strict_heads() {
        let cases: &[(&[u8], CborError)] = &[
            (&[0x18, 0x17], CborError::NotShortest),
            (&[0x19, 0x00, 0xff], CborError::NotShortest),
            (&[0x1a, 0x00, 0x00, 0xff, 0xff], CborError::NotShortest),
            (
                &[0x1b, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff],
                CborError::NotShortest,
            ),
            (&[0x1c], CborError::Reserved),
            (&[0x9f], CborError::Indefinite),
            (&[0x7f], CborError::Indefinite),
            (&[0xff], CborError::Indefinite),
            (&[0xc0], CborError::Tag),
            (&[0xf9, 0, 0], CborError::Float),
            (&[0xfb], CborError::Float),
            (&[0xf8, 0x10], CborError::Reserved),
            (&[0x19, 0x01], CborError::Truncated),
            (&[], CborError::Truncated),
        ];
        for (bytes, want) in cases {
            assert_eq!(
                Reader::new(bytes).head().as_ref(),
                Err(want),
                "{bytes:02x?}"
            );
        }
    }
}
