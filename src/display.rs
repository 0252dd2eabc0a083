//! How mark text is shown to people: hidden characters (controls, bidi controls,
//! zero-width and other invisible format characters) written out, so what a person
//! reads is what the issuer signed. Marks keep their exact text; only showing changes.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether a character is one a reader cannot see or that moves the text around it:
/// controls (C0 and C1), zero-width and bidi-control characters, line and paragraph
/// separators and the other invisible format characters. Marks may hold them (the
/// issuer signed what it signed); [`visible`] is how they are shown.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061c}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}')
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
