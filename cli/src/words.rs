//! The verdict words, read from the table the pages use too (`words/en.json`; the pages
//! get both languages through the generated `www/embed/rules.js`), so the CLI and the
//! pages say the same.

use std::collections::HashMap;
use std::sync::OnceLock;

use certmark::Verdict;
use serde::Deserialize;

#[derive(Deserialize)]
struct Table {
    verdicts: HashMap<String, Words>,
}

/// What a person reads for one verdict.
#[derive(Deserialize)]
pub struct Words {
    /// The headline.
    pub title: String,
    /// What it means.
    pub meaning: String,
    /// What to do.
    pub advice: String,
}

const EN: &str = include_str!("../../words/en.json");

/// The English words for `code` (the core's tests check the table has every code).
pub fn verdict(code: Verdict) -> Option<&'static Words> {
    static TABLE: OnceLock<Option<Table>> = OnceLock::new();
    TABLE
        .get_or_init(|| serde_json::from_str(EN).ok())
        .as_ref()?
        .verdicts
        .get(code.code())
}
