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

use std::sync::OnceLock;

use serde_json::Value;

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

/// What a person reads for one verdict, borrowed from the table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VerdictWords<'a> {
    /// The headline.
    pub title: &'a str,
    /// What it means.
    pub meaning: &'a str,
    /// What to do.
    pub advice: &'a str,
}

/// One language's words: the table as parsed JSON (read untyped, which keeps a typed
/// deserialiser's code out of the wasm modules that carry it).
#[derive(Clone, Debug, Default)]
pub struct Words {
    table: Value,
}

const ZH: &str = include_str!("../words/zh-CN.json");
const EN: &str = include_str!("../words/en.json");

/// The words of `lang`.
pub fn words(lang: Lang) -> &'static Words {
    static TABLES: OnceLock<[Words; 2]> = OnceLock::new();
    // The tables are compiled in and parsed by the tests; an empty table (every word
    // then its key) would only follow a broken build.
    let tables = TABLES.get_or_init(|| {
        [ZH, EN].map(|text| Words {
            table: serde_json::from_str(text).unwrap_or_default(),
        })
    });
    match lang {
        Lang::ZhCn => &tables[0],
        Lang::En => &tables[1],
    }
}

impl Words {
    fn get(&self, section: &str, key: &str) -> Option<&Value> {
        self.table.get(section)?.get(key)
    }

    /// The words for a verdict (its code as the title, were the table broken).
    pub fn verdict(&self, verdict: Verdict) -> VerdictWords<'_> {
        let words = self.get("verdicts", verdict.code());
        let part = |name: &str| words.and_then(|w| w.get(name)?.as_str());
        VerdictWords {
            title: part("title").unwrap_or(verdict.code()),
            meaning: part("meaning").unwrap_or_default(),
            advice: part("advice").unwrap_or_default(),
        }
    }

    /// What a broken format rule ([`crate::MarkError::rule`]) means to a reader.
    pub fn rule(&self, rule: &str) -> Option<&str> {
        self.get("rules", rule)?.as_str()
    }

    /// An issuer's `extra` label as shown: the known ones in words, others as signed.
    pub fn label<'a>(&'a self, label: &'a str) -> &'a str {
        self.get("labels", label)
            .and_then(Value::as_str)
            .unwrap_or(label)
    }

    /// A word of the stock report's exports (a column name, say); the key if none.
    pub fn report<'a>(&'a self, key: &'a str) -> &'a str {
        self.get("report", key)
            .and_then(Value::as_str)
            .unwrap_or(key)
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
            let table = Words {
                table: serde_json::from_str(text).unwrap_or_else(|e| panic!("{}: {e}", lang.tag())),
            };
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
