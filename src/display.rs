//! How mark text is shown to people: hidden characters (controls, bidi controls,
//! zero-width and other invisible format characters) written out, so what a person
//! reads is what the issuer signed. Marks keep their exact text; only showing changes.

use std::borrow::Cow;
use std::fmt::Write as _;

/// The hidden characters, as inclusive ranges: controls (C0, DEL and C1), the Arabic
/// letter mark, the Mongolian vowel separator, zero-width and bidi marks, line and
/// paragraph separators, bidi embeddings and overrides, invisible operators, bidi
/// isolates and deprecated format characters, the byte order mark and the interlinear
/// annotation characters. The pages' copy (`www/embed/rules.js`) is generated from it.
pub const HIDDEN: [(char, char); 10] = [
    ('\u{0}', '\u{1f}'),
    ('\u{7f}', '\u{9f}'),
    ('\u{61c}', '\u{61c}'),
    ('\u{180e}', '\u{180e}'),
    ('\u{200b}', '\u{200f}'),
    ('\u{2028}', '\u{202e}'),
    ('\u{2060}', '\u{2064}'),
    ('\u{2066}', '\u{206f}'),
    ('\u{feff}', '\u{feff}'),
    ('\u{fff9}', '\u{fffb}'),
];

/// Whether a character is one a reader cannot see or that moves the text around it
/// (one of [`HIDDEN`]). Marks may hold them (the issuer signed what it signed);
/// [`visible`] is how they are shown.
pub fn is_hidden(c: char) -> bool {
    if c < '\u{7f}' {
        return c < ' '; // the common case, printable ASCII, in one comparison
    }
    HIDDEN
        .iter()
        .any(|&(first, last)| (first..=last).contains(&c))
}

/// `text` as it is shown to a person (CLI, page, badge, CSV export): every
/// [hidden](is_hidden) character written out as `\u{…}`, so a right-to-left override
/// cannot reverse what is read and a terminal escape cannot run. Exports for programs
/// (JSON) keep the exact text.
///
/// ```
/// use certmark::display::visible;
/// assert_eq!(visible("DK-1500 \u{202e}0081"), "DK-1500 \\u{202e}0081");
/// assert_eq!(visible("\u{1b}[31mred"), "\\u{1b}[31mred");
/// assert_eq!(visible("电热水壶 <b>"), "电热水壶 <b>"); // markup is text: shown as it is
/// ```
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hidden(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_is_controls_and_the_listed_format_characters() {
        let listed = |c: char| {
            matches!(c,
                '\u{061c}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}')
        };
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            assert_eq!(
                is_hidden(c),
                c.is_control() || listed(c),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }
}
