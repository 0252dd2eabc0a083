//! What a scanned or pasted code is when it is not a mark.
//!
//! A consumer scans whatever QR code is on the box: a GS1 Digital Link, a GS1 element
//! string, a shop's or a look-alike verifier's web link, plain text. None proves anything
//! about certification; naming what it is (and, for a link, the host it would open) lets
//! the verifier say so plainly instead of a bare `not-a-mark`, and notice a printed code
//! that sends people elsewhere. Nothing here follows a link.
//!
//! ```
//! use certmark::code::{classify, Code};
//! match classify("https://id.example.com/01/09506000134352/10/ABC1/21/77?17=271231") {
//!     Code::Gs1 { gtin, gtin_ok, batch, serial, expiry, host, .. } => {
//!         assert_eq!((gtin.as_deref(), gtin_ok), (Some("09506000134352"), true));
//!         assert_eq!((batch.as_deref(), serial.as_deref()), (Some("ABC1"), Some("77")));
//!         assert_eq!((expiry.as_deref(), host.as_deref()), (Some("2027-12-31"), Some("id.example.com")));
//!     }
//!     other => panic!("{other:?}"),
//! }
//! assert!(matches!(classify("javascript:alert(1)"), Code::UnsafeLink { .. }));
//! assert!(matches!(classify("hello"), Code::Text));
//! ```

use serde::Serialize;

/// Longest host kept (DNS allows 253 characters); a longer one is cut and flagged.
pub const MAX_HOST: usize = 253;
/// Schemes a browser runs or opens outside the web: a code that holds one is named as
/// a link never to open.
pub const UNSAFE_SCHEMES: [&str; 8] = [
    "javascript",
    "vbscript",
    "data",
    "file",
    "blob",
    "about",
    "chrome",
    "intent",
];
/// Longest GS1 value kept (batch and serial are at most 20 characters in GS1).
const MAX_VALUE: usize = 20;

/// What a code that is not a mark holds. Serialised with its `kind`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Code {
    /// A GS1 product code: a Digital Link address or an element string.
    Gs1 {
        /// `digital-link` or `element-string`.
        form: &'static str,
        /// For a Digital Link, the host it names (not this verifier's concern to trust).
        host: Option<String>,
        /// The GTIN (AI 01), as found.
        gtin: Option<String>,
        /// Whether the GTIN's check digit is right.
        gtin_ok: bool,
        /// Batch or lot (AI 10).
        batch: Option<String>,
        /// Serial number (AI 21).
        serial: Option<String>,
        /// Expiry date (AI 17) as YYYY-MM-DD (day 00 read as the month's end is left as 00).
        expiry: Option<String>,
    },
    /// An `http` or `https` link to some host.
    WebLink {
        /// The host, ASCII letters lower-cased, as written (punycode stays punycode).
        host: String,
        /// The host is written in punycode (`xn--`): what a browser shows may imitate
        /// another name.
        punycode: bool,
        /// The host mixes scripts (Latin with Cyrillic, Greek, …) or holds non-ASCII
        /// letters: a look-alike of another host is likely.
        mixed_script: bool,
        /// The host was longer than [`MAX_HOST`] and is cut.
        too_long: bool,
    },
    /// A link a browser would run or open outside the web ([`UNSAFE_SCHEMES`]:
    /// `javascript:`, `data:`, `file:`, …): never to be opened.
    UnsafeLink {
        /// The scheme, lower-cased.
        scheme: String,
    },
    /// Anything else: plain text.
    Text,
}

impl Code {
    /// The code as JSON, exactly as serde writes it, without serde_json's machinery: the
    /// scanner module answers with this, and stays small.
    pub fn to_json(&self) -> String {
        fn text(out: &mut String, name: &str, value: &str) {
            out.push_str(&format!(",\"{name}\":\""));
            for c in value.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    '\u{8}' => out.push_str("\\b"),
                    '\u{c}' => out.push_str("\\f"),
                    c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                    c => out.push(c),
                }
            }
            out.push('"');
        }
        fn maybe(out: &mut String, name: &str, value: &Option<String>) {
            match value {
                Some(v) => text(out, name, v),
                None => out.push_str(&format!(",\"{name}\":null")),
            }
        }
        let flag =
            |out: &mut String, name: &str, v: bool| out.push_str(&format!(",\"{name}\":{v}"));
        let mut out = format!("{{\"kind\":\"{}\"", self.kind());
        match self {
            Code::Gs1 {
                form,
                host,
                gtin,
                gtin_ok,
                batch,
                serial,
                expiry,
            } => {
                text(&mut out, "form", form);
                maybe(&mut out, "host", host);
                maybe(&mut out, "gtin", gtin);
                flag(&mut out, "gtin_ok", *gtin_ok);
                maybe(&mut out, "batch", batch);
                maybe(&mut out, "serial", serial);
                maybe(&mut out, "expiry", expiry);
            }
            Code::WebLink {
                host,
                punycode,
                mixed_script,
                too_long,
            } => {
                text(&mut out, "host", host);
                flag(&mut out, "punycode", *punycode);
                flag(&mut out, "mixed_script", *mixed_script);
                flag(&mut out, "too_long", *too_long);
            }
            Code::UnsafeLink { scheme } => text(&mut out, "scheme", scheme),
            Code::Text => {}
        }
        out.push('}');
        out
    }

    /// The stable kind name (as serialised).
    pub fn kind(&self) -> &'static str {
        match self {
            Code::Gs1 { .. } => "gs1",
            Code::WebLink { .. } => "web-link",
            Code::UnsafeLink { .. } => "unsafe-link",
            Code::Text => "text",
        }
    }
}

/// Names what `input` is. Never fails and never follows anything: every input is one of
/// the kinds.
pub fn classify(input: &str) -> Code {
    let text = input.trim();
    if let Some(code) = element_string(text) {
        return code;
    }
    // A link has no spaces: "Note: see box" is text, not a `note:` link.
    let Some((scheme, rest)) = split_scheme(text).filter(|_| !text.contains(char::is_whitespace))
    else {
        return Code::Text;
    };
    if UNSAFE_SCHEMES.contains(&scheme.as_str()) {
        return Code::UnsafeLink { scheme };
    }
    if scheme != "http" && scheme != "https" {
        // mailto:, tel:, an app's own scheme, "CMX:…": nothing a verifier names.
        return Code::Text;
    }
    let Some(after) = rest.strip_prefix("//") else {
        return Code::UnsafeLink { scheme };
    };
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let authority = &after[..end];
    // user:password@ before the host is a classic disguise; the host is what follows.
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host_port.split(':').next().unwrap_or_default(),
    };
    let mut host = host.trim_end_matches('.').to_ascii_lowercase();
    let too_long = host.len() > MAX_HOST;
    if too_long {
        let mut cut = MAX_HOST;
        while !host.is_char_boundary(cut) {
            cut -= 1;
        }
        host.truncate(cut);
    }
    if host.is_empty() {
        return Code::Text;
    }
    let rest = &after[end..];
    if let Some(code) = digital_link(&host, rest) {
        return code;
    }
    Code::WebLink {
        punycode: host.split('.').any(|l| l.starts_with("xn--")),
        mixed_script: !host.is_ascii(),
        host,
        too_long,
    }
}

/// `scheme:rest` when `text` starts with an RFC 3986 scheme.
fn split_scheme(text: &str) -> Option<(String, &str)> {
    let colon = text.find(':')?;
    let scheme = &text[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    let ok = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    ok.then(|| (scheme.to_ascii_lowercase(), &text[colon + 1..]))
}

/// A GS1 Digital Link: a path with `/01/<GTIN>` and optional `/10/<batch>`, `/21/<serial>`
/// after it, and `17=<YYMMDD>` in the query.
fn digital_link(host: &str, rest: &str) -> Option<Code> {
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, q.split('#').next().unwrap_or_default()),
        None => (rest.split('#').next().unwrap_or_default(), ""),
    };
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let at = segments.iter().position(|s| *s == "01" || *s == "gtin")?;
    let gtin = segments.get(at + 1)?;
    if !(8..=14).contains(&gtin.len()) || !gtin.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut batch = None;
    let mut serial = None;
    for pair in segments[at + 2..].chunks(2) {
        if let [ai, value] = pair {
            match *ai {
                "10" | "lot" => batch = Some(value_of(value)),
                "21" | "ser" => serial = Some(value_of(value)),
                _ => {}
            }
        }
    }
    let expiry = query
        .split('&')
        .find_map(|p| p.strip_prefix("17="))
        .and_then(yymmdd);
    Some(Code::Gs1 {
        form: "digital-link",
        host: Some(host.to_owned()),
        gtin: Some((*gtin).to_owned()),
        gtin_ok: check_digit_ok(gtin),
        batch,
        serial,
        expiry,
    })
}

/// A value as printed (percent-escapes and all), cut to [`MAX_VALUE`] characters.
fn value_of(s: &str) -> String {
    s.chars().take(MAX_VALUE).collect()
}

/// `YYMMDD` as `YYYY-MM-DD` (GS1: years within 50 back and 49 ahead; read here as 20YY).
fn yymmdd(s: &str) -> Option<String> {
    if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (yy, mm, dd) = (&s[..2], &s[2..4], &s[4..]);
    let month: u8 = mm.parse().ok()?;
    let day: u8 = dd.parse().ok()?;
    ((1..=12).contains(&month) && day <= 31).then(|| format!("20{yy}-{mm}-{dd}"))
}

/// The GS1 check digit (mod 10, weights 3 and 1 from the right) of a GTIN-8/12/13/14.
fn check_digit_ok(gtin: &str) -> bool {
    let digits: Vec<u32> = gtin.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != gtin.len() || ![8, 12, 13, 14].contains(&digits.len()) {
        return false;
    }
    let (body, check) = digits.split_at(digits.len() - 1);
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { d * 3 } else { *d })
        .sum();
    (10 - sum % 10) % 10 == check[0]
}

/// A GS1 element string: `(01)…(17)…(10)…` as printed, or the scanned form (`]C1`,
/// `]d2` or `]Q3` and FNC1 as the GS character `\u{1d}`) starting with AI 01.
fn element_string(text: &str) -> Option<Code> {
    let mut gtin = None;
    let mut batch = None;
    let mut serial = None;
    let mut expiry = None;
    let mut take = |ai: &str, value: &str| match ai {
        "01" => gtin = Some(value.to_owned()),
        "10" => batch = Some(value.chars().take(MAX_VALUE).collect()),
        "21" => serial = Some(value.chars().take(MAX_VALUE).collect()),
        "17" => expiry = yymmdd(value),
        _ => {}
    };
    if text.starts_with("(01)") {
        for part in text.split('(').skip(1) {
            let (ai, value) = part.split_once(')')?;
            if ai.len() < 2 || ai.len() > 4 || !ai.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            take(ai, value.trim());
        }
    } else {
        let raw = ["]C1", "]d2", "]Q3", "\u{1d}"]
            .iter()
            .find_map(|p| text.strip_prefix(p))?;
        let mut rest = raw.trim_start_matches('\u{1d}');
        while rest.len() >= 2 {
            let ai = rest.get(..2)?;
            let fixed = match ai {
                "01" | "02" => Some(14),
                "11" | "13" | "15" | "16" | "17" => Some(6),
                "00" => Some(18),
                _ => None,
            };
            let value;
            (value, rest) = match fixed {
                Some(n) => (rest.get(2..2 + n)?, rest.get(2 + n..)?),
                None => {
                    let body = &rest[2..];
                    let end = body.find('\u{1d}').unwrap_or(body.len());
                    (&body[..end], &body[end..])
                }
            };
            take(ai, value);
            rest = rest.trim_start_matches('\u{1d}');
        }
    }
    let found = gtin.clone()?;
    Some(Code::Gs1 {
        form: "element-string",
        host: None,
        gtin_ok: found.len() == 14 && check_digit_ok(&found),
        gtin,
        batch,
        serial,
        expiry,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gs1(code: &Code) -> (&'static str, Option<&str>, bool, Option<&str>) {
        match code {
            Code::Gs1 {
                form,
                gtin,
                gtin_ok,
                serial,
                ..
            } => (form, gtin.as_deref(), *gtin_ok, serial.as_deref()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn gs1_codes_and_their_check_digits() {
        assert_eq!(
            gs1(&classify("https://d.example/01/09506000134352/21/S1")),
            ("digital-link", Some("09506000134352"), true, Some("S1"))
        );
        // One digit off: still a GS1 code, but its GTIN is wrong.
        assert_eq!(
            gs1(&classify("https://d.example/01/09506000134353")),
            ("digital-link", Some("09506000134353"), false, None)
        );
        assert_eq!(
            gs1(&classify("(01)09506000134352(17)271231(10)ABC(21)X9")),
            ("element-string", Some("09506000134352"), true, Some("X9"))
        );
        assert_eq!(
            gs1(&classify("]C10109506000134352172712311012AB\u{1d}21X9")),
            ("element-string", Some("09506000134352"), true, Some("X9"))
        );
        assert_eq!(
            gs1(&classify("(01)09506000134359")),
            ("element-string", Some("09506000134359"), false, None)
        );
        assert!(check_digit_ok("96385074"), "GTIN-8");
        assert!(check_digit_ok("4006381333931"), "GTIN-13");
        assert!(!check_digit_ok("400638133393x"));
    }

    #[test]
    fn the_light_json_is_serdes_json() {
        for input in [
            "https://id.example/01/09506000134352/10/A\"B\\C/21/\u{1}x?17=271231",
            "(01)09506000134359",
            "https://xn--a.example/\"",
            "(01)09506000134352(10)a\tb\nc\u{8}\u{c}\rd\u{7f}",
            "https://\u{441}ertmark.example/",
            "javascript:x",
            "plain",
        ] {
            let code = classify(input);
            assert_eq!(
                code.to_json(),
                serde_json::to_string(&code).unwrap(),
                "{input}"
            );
        }
    }

    #[test]
    fn links_are_named_by_host_and_never_trusted() {
        let host = |s: &str| match classify(s) {
            Code::WebLink {
                host,
                punycode,
                mixed_script,
                too_long,
            } => (host, punycode, mixed_script, too_long),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            host("https://Shop.Example.com/p/1"),
            ("shop.example.com".into(), false, false, false)
        );
        assert_eq!(host("http://user@evil.example:8080/x").0, "evil.example");
        assert!(host("https://xn--certmrk-7ua.example/").1, "punycode");
        assert!(host("https://сertmark.example/").2, "Cyrillic с");
        let long = format!("https://{}.example/", "a".repeat(400));
        let (h, _, _, too_long) = host(&long);
        assert!(too_long && h.len() == MAX_HOST);
        for unsafe_link in [
            "javascript:alert(1)",
            "JAVASCRIPT:x",
            "data:text/html,x",
            "file:///etc/passwd",
            "http:no-slashes",
        ] {
            assert_eq!(classify(unsafe_link).kind(), "unsafe-link", "{unsafe_link}");
        }
        for text in [
            "hello",
            "",
            "一物一码 12345",
            "https://",
            ":x",
            "Note: see box 7",
            "CMX:AAAA",
            "mailto:a@b.example",
        ] {
            assert_eq!(classify(text), Code::Text, "{text}");
        }
    }
}
