//! CSV (RFC 4180) as retailers' files and reports need it: a strict reader that names
//! the line of every fault, and a writer whose cells spreadsheets never run as formulas.
//!
//! Files come from suppliers and spreadsheets, so the reader takes commas or tabs,
//! CRLF or LF, and a UTF-8 byte-order mark; anything else it cannot read for certain
//! (a stray quote, an unclosed one, text after a closing quote) is an error with its
//! line, never a guess.

use core::fmt;
use std::borrow::Cow;

use crate::display;

/// Why a file could not be read as CSV.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CsvError {
    /// A quoted field is still open at the end of the file.
    UnclosedQuote {
        /// Line where the field starts.
        line: u64,
    },
    /// A quote inside an unquoted field (`ab"c`), which spreadsheets write otherwise.
    StrayQuote {
        /// Line of the quote.
        line: u64,
    },
    /// Text after a closing quote and before the next separator (`"ab"c`).
    AfterQuote {
        /// Line of the text.
        line: u64,
    },
    /// UTF-16 text (a byte-order mark FF FE or FE FF); save the file as UTF-8.
    Utf16,
    /// Bytes that are not UTF-8 (a legacy encoding such as GBK); save the file as UTF-8.
    NotUtf8 {
        /// Line of the first bad byte.
        line: u64,
    },
}

impl CsvError {
    /// A stable code for programs.
    pub fn code(&self) -> &'static str {
        match self {
            CsvError::UnclosedQuote { .. } => "unclosed-quote",
            CsvError::StrayQuote { .. } => "stray-quote",
            CsvError::AfterQuote { .. } => "text-after-quote",
            CsvError::Utf16 => "utf-16",
            CsvError::NotUtf8 { .. } => "not-utf-8",
        }
    }
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CsvError::UnclosedQuote { line } => {
                write!(f, "line {line}: a quoted field is never closed")
            }
            CsvError::StrayQuote { line } => write!(
                f,
                "line {line}: a quote inside an unquoted field (quote the whole field and double the quote)"
            ),
            CsvError::AfterQuote { line } => {
                write!(f, "line {line}: text after a closing quote")
            }
            CsvError::Utf16 => write!(f, "the file is UTF-16 text; save it as UTF-8"),
            CsvError::NotUtf8 { line } => write!(
                f,
                "line {line}: not UTF-8 text (GBK or another legacy encoding?); save the file as UTF-8"
            ),
        }
    }
}

impl std::error::Error for CsvError {}

/// One row: its fields and the line it starts on (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record<'a> {
    /// Line number where the record starts.
    pub line: u64,
    /// The fields, unquoted: borrowed from the text unless a doubled quote was undone.
    pub fields: Vec<Cow<'a, str>>,
}

impl Record<'_> {
    /// Whether every field is empty or blank (an empty line, or `,,`).
    pub fn is_blank(&self) -> bool {
        self.fields.iter().all(|f| f.trim().is_empty())
    }
}

/// A file's bytes as UTF-8 text, or the precise reason they are not.
///
/// # Errors
/// UTF-16 (by its byte-order mark) or any other non-UTF-8 bytes, with the line.
pub fn text(bytes: &[u8]) -> Result<&str, CsvError> {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(CsvError::Utf16);
    }
    std::str::from_utf8(bytes).map_err(|e| CsvError::NotUtf8 {
        line: 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64,
    })
}

/// The separator a file uses: a tab if the first line has tabs and no commas (what
/// spreadsheets copy to the clipboard), otherwise a comma.
pub fn sniff_separator(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else {
        b','
    }
}

/// Reads every record of `text` (a UTF-8 byte-order mark is skipped).
///
/// ```
/// use certmark::csv::read;
/// let rows = read("mark,box\n\"CM1:a,b\",3\r\n\nx,\"say \"\"hi\"\"\"\n", b',')?;
/// assert_eq!(rows[1].fields, ["CM1:a,b", "3"]);
/// assert_eq!((rows[3].line, &*rows[3].fields[1]), (4, "say \"hi\""));
/// assert!(rows[2].is_blank());
/// # Ok::<(), certmark::csv::CsvError>(())
/// ```
///
/// # Errors
/// A stray, unclosed or misplaced quote, with its line.
pub fn read(text: &str, separator: u8) -> Result<Vec<Record<'_>>, CsvError> {
    records(text, separator).collect()
}

/// The records of `text` one at a time, as [`read`] reads them: a file of ten million
/// rows (a certification register) need not be held as records all at once. After an
/// error the iterator ends.
pub fn records(text: &str, separator: u8) -> Records<'_> {
    Records {
        text: text.strip_prefix('\u{feff}').unwrap_or(text),
        separator,
        at: 0,
        line: 1,
    }
}

/// The iterator [`records`] returns.
#[derive(Clone, Debug)]
pub struct Records<'a> {
    text: &'a str,
    separator: u8,
    at: usize,
    line: u64,
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>, CsvError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.at >= self.text.len() {
            return None;
        }
        let record = self.record();
        if record.is_err() {
            self.at = self.text.len();
        }
        Some(record)
    }
}

impl<'a> Records<'a> {
    fn record(&mut self) -> Result<Record<'a>, CsvError> {
        let text = self.text;
        let separator = self.separator;
        let bytes = text.as_bytes();
        let mut i = self.at;
        let mut line = self.line;
        // Fields are cut at ASCII bytes only, so each one is valid UTF-8 on its own.
        let slice = |from: usize, to: usize| Cow::Borrowed(text.get(from..to).unwrap_or_default());
        let start_line = line;
        let mut fields = Vec::new();
        loop {
            if bytes.get(i) == Some(&b'"') {
                let opened = line;
                i += 1;
                let from = i;
                // Unescaped text, once a doubled quote is met.
                let mut unescaped: Option<Vec<u8>> = None;
                loop {
                    match bytes.get(i) {
                        None => return Err(CsvError::UnclosedQuote { line: opened }),
                        Some(b'"') if bytes.get(i + 1) == Some(&b'"') => {
                            unescaped
                                .get_or_insert_with(|| bytes[from..i].to_vec())
                                .push(b'"');
                            i += 2;
                        }
                        Some(b'"') => {
                            fields.push(match unescaped.take() {
                                Some(u) => Cow::Owned(String::from_utf8_lossy(&u).into_owned()),
                                None => slice(from, i),
                            });
                            i += 1;
                            break;
                        }
                        Some(&c) => {
                            line += u64::from(c == b'\n');
                            if let Some(u) = &mut unescaped {
                                u.push(c);
                            }
                            i += 1;
                        }
                    }
                }
                if !matches!(bytes.get(i), None | Some(b'\n' | b'\r')) && bytes[i] != separator {
                    return Err(CsvError::AfterQuote { line });
                }
            } else {
                let from = i;
                let len = bytes[i..]
                    .iter()
                    .position(|&c| c == separator || c == b'\n' || c == b'\r' || c == b'"')
                    .unwrap_or(bytes.len() - i);
                i += len;
                if bytes.get(i) == Some(&b'"') {
                    return Err(CsvError::StrayQuote { line });
                }
                fields.push(slice(from, i));
            }
            if bytes.get(i) == Some(&separator) {
                i += 1;
            } else {
                break;
            }
        }
        if bytes.get(i) == Some(&b'\r') {
            i += 1;
        }
        if bytes.get(i) == Some(&b'\n') {
            i += 1;
        }
        self.at = i;
        self.line = line + 1;
        Ok(Record {
            line: start_line,
            fields,
        })
    }
}

/// One cell for a CSV file that people open in spreadsheets: hidden characters (controls,
/// bidi controls…) written out as `\u{…}` ([`display::visible`]), then text that a
/// spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, or their
/// full-width forms) gets a leading `'`, and the cell is quoted when it holds a
/// separator or quote.
///
/// ```
/// use certmark::csv::cell;
/// assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
/// assert_eq!(cell("-2"), "'-2");
/// assert_eq!(cell("2026-01-01"), "2026-01-01");
/// assert_eq!(cell("\t=1+2\n"), "\\u{9}=1+2\\u{a}");
/// assert_eq!(cell("＝1+2"), "'＝1+2");
/// ```
pub fn cell(text: &str) -> Cow<'_, str> {
    let text = display::visible(text);
    let risky = text.starts_with(['=', '+', '-', '@', '＝', '＋', '－', '＠']);
    let quote = text.contains([',', '"']);
    if !risky && !quote {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 4);
    if quote {
        out.push('"');
    }
    if risky {
        out.push('\'');
    }
    for c in text.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quote {
        out.push('"');
    }
    Cow::Owned(out)
}

/// Appends one CSV line (cells joined by commas, CRLF at the end, as RFC 4180 says).
pub fn write_row<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    for (i, c) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&cell(c));
    }
    out.push_str("\r\n");
}
