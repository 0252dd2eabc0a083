//! The words people read, in Simplified Chinese and English: verdicts, broken format
//! rules, known `extra` labels and the stock report's columns.
//!
//! One table per language (`words/*.json`), compiled in. The CLI and the report exports
//! read it here; the pages get the same table through the generated `www/embed/rules.js`,
//! so no text is kept twice. `tests/words.rs` checks both tables have every key.
//!
//! ```
//! use certmark::words::{words, Lang};
//! use certmark::Verdict;
//! assert_eq!(words(Lang::ZhCn).verdict(Verdict::Valid).title, "有效");
//! assert_eq!(Lang::from_tag("de-DE"), Lang::En);
//! assert_eq!(words(Lang::En).label("standard"), "Standard");
//! assert_eq!(words(Lang::En).label("lot_no"), "lot_no");
//! ```

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::verify::Verdict;

/// A language of the words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Simplified Chinese.
    ZhCn,
    /// English.
    En,
}

impl Lang {
    /// Both, in the order the pages offer them.
    pub const ALL: [Lang; 2] = [Lang::ZhCn, Lang::En];

    /// The BCP 47 tag: `zh-CN` or `en`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Chinese for any `zh` tag, English for every other language (a German reader is
    /// likelier to read English than Chinese).
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("zh") {
            Lang::ZhCn
        } else {
            Lang::En
        }
    }
}

/// What a person reads for one verdict.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
pub struct VerdictWords {
    /// The headline.
    pub title: String,
    /// What it means.
    pub meaning: String,
    /// What to do.
    pub advice: String,
}

/// One language's words.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Words {
    verdicts: HashMap<String, VerdictWords>,
    rules: HashMap<String, String>,
    labels: HashMap<String, String>,
    report: HashMap<String, String>,
}

const ZH: &str = include_str!("../words/zh-CN.json");
const EN: &str = include_str!("../words/en.json");

/// The words of `lang`.
pub fn words(lang: Lang) -> &'static Words {
    static TABLES: OnceLock<[Words; 2]> = OnceLock::new();
    // The tables are compiled in and parsed by the tests; an empty table (every word
    // then its key) would only follow a broken build.
    let tables =
        TABLES.get_or_init(|| [ZH, EN].map(|text| serde_json::from_str(text).unwrap_or_default()));
    match lang {
        Lang::ZhCn => &tables[0],
        Lang::En => &tables[1],
    }
}

impl Words {
    /// The words for a verdict.
    pub fn verdict(&self, verdict: Verdict) -> VerdictWords {
        self.verdicts
            .get(verdict.code())
            .cloned()
            .unwrap_or_else(|| VerdictWords {
                title: verdict.code().to_owned(),
                ..VerdictWords::default()
            })
    }

    /// What a broken format rule ([`crate::MarkError::rule`]) means to a reader.
    pub fn rule(&self, rule: &str) -> Option<&str> {
        self.rules.get(rule).map(String::as_str)
    }

    /// An issuer's `extra` label as shown: the known ones in words, others as signed.
    pub fn label<'a>(&'a self, label: &'a str) -> &'a str {
        self.labels.get(label).map_or(label, String::as_str)
    }

    /// A word of the stock report's exports (a column name, say); the key if none.
    pub fn report<'a>(&'a self, key: &'a str) -> &'a str {
        self.report.get(key).map_or(key, String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mark::MarkError;

    #[test]
    fn both_tables_parse_and_name_every_verdict_and_rule() {
        for lang in Lang::ALL {
            let text = if lang == Lang::ZhCn { ZH } else { EN };
            let table: Words =
                serde_json::from_str(text).unwrap_or_else(|e| panic!("{}: {e}", lang.tag()));
            for v in Verdict::ALL {
                assert!(!table.verdict(v).meaning.is_empty(), "{v:?}");
            }
            for rule in MarkError::RULES {
                assert!(table.rule(rule).is_some(), "{} {rule}", lang.tag());
            }
        }
    }

    #[test]
    fn languages_by_tag() {
        for (tag, lang) in [
            ("zh", Lang::ZhCn),
            ("zh-CN", Lang::ZhCn),
            ("ZH_tw", Lang::ZhCn),
            ("en-US", Lang::En),
            ("de-DE", Lang::En),
            ("", Lang::En),
        ] {
            assert_eq!(Lang::from_tag(tag), lang, "{tag}");
        }
        assert_eq!(Lang::ZhCn.tag(), "zh-CN");
    }
}
