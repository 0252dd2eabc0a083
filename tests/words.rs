//! The verdict words (words/*.json), read by the CLI and, through the generated
//! www/embed/rules.js, by the pages: every language has the same keys, every verdict
//! has a title, a meaning and advice, every broken rule its words, and no word is left
//! for a verdict or rule that is gone.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

use certmark::Verdict;
use serde_json::Value;

fn table(lang: &str) -> Value {
    let path = format!("{}/words/{lang}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every key path (`verdicts.valid.title`, …) to a string.
fn keys(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                keys(v, &format!("{prefix}{k}."), out);
            }
        }
        _ => {
            out.insert(prefix.trim_end_matches('.').to_owned());
        }
    }
}

#[test]
fn every_language_has_the_same_keys_and_every_verdict_its_words() {
    let zh = table("zh-CN");
    let en = table("en");
    let (mut kz, mut ke) = (BTreeSet::new(), BTreeSet::new());
    keys(&zh, "", &mut kz);
    keys(&en, "", &mut ke);
    assert_eq!(kz, ke, "zh-CN and en differ in their keys");
    let codes: BTreeSet<&str> = Verdict::ALL.iter().map(|v| v.code()).collect();
    for t in [&zh, &en] {
        let listed: BTreeSet<&str> = t["verdicts"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(listed, codes, "{}", t["language"]);
        for code in &codes {
            for part in ["title", "meaning", "advice"] {
                let text = t["verdicts"][code][part].as_str().unwrap_or_default();
                assert!(!text.trim().is_empty(), "{} {code}.{part}", t["language"]);
            }
        }
    }
    assert_eq!(zh["language"], "zh-CN");
    assert_eq!(en["language"], "en");
}

#[test]
fn every_broken_rule_has_words_and_no_word_is_left_for_a_rule_that_is_gone() {
    let rules: BTreeSet<&str> = certmark::MarkError::RULES.into_iter().collect();
    for lang in ["zh-CN", "en"] {
        let t = table(lang);
        let listed: BTreeSet<&str> = t["rules"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(listed, rules, "{lang}");
    }
}
