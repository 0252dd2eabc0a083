//! The hostile-text corpus (tests/hostile/corpus.json) as the core's and the CLI's
//! hostile tests read it, with the fixed check date they use.
#![allow(dead_code)] // each includer uses its own part

use certmark::CheckDates;
use serde_json::Value;

#[path = "demo.rs"]
mod demo;

#[allow(unused_imports)] // the CLI's tests use it, the core's do not
pub use demo::CHECK_DAY;

/// Characters that would start a formula in a spreadsheet cell.
pub const FORMULA: [char; 8] = ['=', '+', '-', '@', '＝', '＋', '－', '＠'];

/// One hostile string in a signed demo mark.
pub struct Case {
    pub name: String,
    pub text: String,
    pub shown: String,
    pub expect: String,
    pub mark: String,
    pub link: String,
}

/// Every case of the corpus.
pub fn corpus() -> Vec<Case> {
    let json: Vec<Value> = serde_json::from_str(include_str!("../hostile/corpus.json")).unwrap();
    let s = |v: &Value, k: &str| v[k].as_str().unwrap().to_owned();
    json.iter()
        .map(|v| Case {
            name: s(v, "name"),
            text: s(v, "text"),
            shown: s(v, "shown"),
            expect: s(v, "expect"),
            mark: s(v, "mark"),
            link: s(v, "link"),
        })
        .collect()
}

/// The day the corpus is checked as of (the demo set's check day).
pub fn when() -> CheckDates {
    demo::when()
}
