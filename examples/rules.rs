//! Writes what the JavaScript side takes from the Rust core, so it never keeps a copy of
//! its own: `www/embed/rules.js` and `rules.d.ts` (verdict codes, kinds and ranks,
//! warning and list-update codes, input limits, hidden characters, the mark hint, and
//! the verdict words of `words/*.json`), and `wasm/common/src/types.d.ts`, the
//! TypeScript types of what the wasm modules return (whose fields the wasm crate's tests
//! check against the serde output). `scripts/test.sh` fails if any file differs from
//! what this writes.
//!
//! `cargo run --example rules`

use std::fmt::Write as _;
use std::path::Path;

use certmark::display::HIDDEN;
use certmark::list::ListError;
use certmark::revocation::Status;
use certmark::scan::{MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS};
use certmark::stock::MAX_FILE_BYTES;
use certmark::verify::{Kind, Verdict, Warning};
use certmark::{mark, trust_data, Date};
use serde_json::Value;

/// The languages of `words/`, in the order the pages offer them.
const LANGUAGES: [&str; 2] = ["zh-CN", "en"];

/// What an update answer's `status` can be (`UpdateResult` in wasm/common).
const UPDATE_STATUSES: [&str; 3] = ["accepted", "up-to-date", "refused"];

/// What a revocation index can say to download (`Plan` in wasm/common).
const PLANS: [&str; 4] = ["up-to-date", "deltas", "full", "refused"];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let words: Vec<(&str, Value)> = LANGUAGES
        .iter()
        .map(|lang| {
            let path = root.join("words").join(format!("{lang}.json"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (*lang, value)
        })
        .collect();
    let dir = root.join("www/embed");
    std::fs::write(dir.join("rules.js"), js(&words)).expect("write rules.js");
    std::fs::write(dir.join("rules.d.ts"), dts()).expect("write rules.d.ts");
    let (js, dts) = update_rules();
    std::fs::write(dir.join("update-rules.js"), js).expect("write update-rules.js");
    std::fs::write(dir.join("update-rules.d.ts"), dts).expect("write update-rules.d.ts");
    let types = root.join("wasm/common/src/types.d.ts");
    std::fs::write(types, wasm_types()).expect("write types.d.ts");
}

/// A JS string literal (JSON's is one).
fn lit(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

/// String literals joined by `sep`: `"a", "b"` (an array body) or `"a" | "b"` (a union).
fn literals<'a>(items: impl IntoIterator<Item = &'a str>, sep: &str) -> String {
    items.into_iter().map(lit).collect::<Vec<_>>().join(sep)
}

/// `notNewer: "not-newer"` for each code.
fn named<'a>(codes: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    codes
        .into_iter()
        .map(|c| format!("{}: {}", camel(c), lit(c)))
        .collect()
}

/// `not-newer` → `notNewer`.
fn camel(code: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in code.chars() {
        if c == '-' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `{ notNewer: "not-newer", … }`, one field a line.
fn by_name<'a>(codes: impl IntoIterator<Item = &'a str>) -> String {
    let fields: String = named(codes).iter().map(|f| format!("  {f},\n")).collect();
    format!("{{\n{fields}}}")
}

fn refusal_codes() -> Vec<&'static str> {
    let mut codes = vec![trust_data::UpdateError::NOT_NEWER];
    codes.extend(ListError::CODES);
    codes.extend(certmark::revocation::delta::DeltaError::CODES);
    codes
}

fn js(words: &[(&str, Value)]) -> String {
    let mut out = String::from(
        "// Written by `cargo run --example rules` from the Rust core and words/*.json;\n\
         // do not edit (scripts/test.sh fails if this differs from what it writes).\n\n",
    );
    let codes: Vec<&str> = Verdict::ALL.iter().map(|v| v.code()).collect();
    let _ = writeln!(
        out,
        "/** Every verdict code, in the order they are decided (verify::Verdict::ALL). */\nexport const CODES = [{}];\n",
        literals(codes.iter().copied(), ", ")
    );
    let table = |f: &dyn Fn(Verdict) -> String| {
        Verdict::ALL
            .iter()
            .map(|v| format!("  {}: {},\n", lit(v.code()), f(*v)))
            .collect::<String>()
    };
    let _ = writeln!(
        out,
        "/** How a person should take each verdict: 'good', 'unsure' or 'bad' (Verdict::kind). */\nexport const KIND = {{\n{}}};\n",
        table(&|v| lit(v.kind().code()))
    );
    let _ = writeln!(
        out,
        "/** Where each verdict sorts in reports, most urgent first (Verdict::rank). */\nexport const RANK = {{\n{}}};\n",
        table(&|v| v.rank().to_string())
    );
    let _ = writeln!(
        out,
        "/** Whether the input was readable as a mark at all (Verdict::is_readable). */\nexport const READABLE = {{\n{}}};\n",
        table(&|v| v.is_readable().to_string())
    );
    let _ = writeln!(
        out,
        "/** The warnings beside a verdict, by name (verify::Warning). */\nexport const WARNING = {};\n",
        by_name(Warning::CODES)
    );
    let _ = writeln!(
        out,
        "/** Mark text past this many characters is refused before it reaches wasm (mark::MAX_INPUT). */\n\
         export const MAX_INPUT = {};\n\
         /** Largest marks file read, in bytes (stock::MAX_FILE_BYTES). */\n\
         export const MAX_FILE_BYTES = {MAX_FILE_BYTES};\n\
         /** Largest image file read, in bytes (scan::MAX_IMAGE_BYTES). */\n\
         export const MAX_IMAGE_BYTES = {MAX_IMAGE_BYTES};\n\
         /** Largest image decoded, in pixels as its header states them (scan::MAX_IMAGE_PIXELS). */\n\
         export const MAX_IMAGE_PIXELS = {MAX_IMAGE_PIXELS};\n",
        mark::MAX_INPUT
    );
    let ranges: String = HIDDEN
        .iter()
        .map(|&(a, b)| {
            if a == b {
                format!("\\\\u{{{:x}}}", u32::from(a))
            } else {
                format!("\\\\u{{{:x}}}-\\\\u{{{:x}}}", u32::from(a), u32::from(b))
            }
        })
        .collect();
    let _ = writeln!(
        out,
        "/** The hidden characters as a character class, for a RegExp with the 'u' flag (display::HIDDEN). */\n\
         export const HIDDEN_CLASS = '[{ranges}]';\n"
    );
    let _ = writeln!(
        out,
        "/** What every mark contains (mark::MARK_HINT). */\nexport const MARK_HINT = {};\n\n\
         /** Whether text may hold a mark (mark::looks_like_mark). */\n\
         export function looksLikeMark(text) {{\n  return String(text).includes(MARK_HINT);\n}}\n",
        lit(mark::MARK_HINT)
    );
    out.push_str("/** [title, meaning, advice] by verdict code, per language (words/*.json). */\nexport const VERDICTS = {\n");
    for (lang, value) in words {
        let _ = writeln!(out, "  {}: {{", lit(lang));
        for code in &codes {
            let w = &value["verdicts"][code];
            let field = |k: &str| {
                lit(w[k]
                    .as_str()
                    .unwrap_or_else(|| panic!("words/{lang}.json: {code}.{k} is missing")))
            };
            let _ = writeln!(
                out,
                "    {}: [{}, {}, {}],",
                lit(code),
                field("title"),
                field("meaning"),
                field("advice")
            );
        }
        out.push_str("  },\n");
    }
    out.push_str("};\n");
    for (name, section, what) in [
        (
            "RULE_WORDS",
            "rules",
            "What each broken format rule (MarkError::rule) means",
        ),
        ("LABELS", "labels", "Known `extra` labels as shown"),
    ] {
        let _ = writeln!(
            out,
            "\n/** {what}, per language (words/*.json). */\nexport const {name} = {{"
        );
        for (lang, value) in words {
            let _ = writeln!(out, "  {}: {{", lit(lang));
            let table = value[section]
                .as_object()
                .unwrap_or_else(|| panic!("words/{lang}.json: no {section}"));
            for (k, v) in table {
                let v = v
                    .as_str()
                    .unwrap_or_else(|| panic!("words/{lang}.json: {section}.{k}"));
                let _ = writeln!(out, "    {}: {},", lit(k), lit(v));
            }
            out.push_str("  },\n");
        }
        out.push_str("};\n");
    }
    out
}

/// `update-rules.js` and its `.d.ts`: the codes of list updates, which only code loaded
/// after the verdict reads (so the link path's `rules.js` does not carry them).
fn update_rules() -> (String, String) {
    let mut js = String::from(
        "// Written by `cargo run --example rules` from the Rust core; do not edit (scripts/test.sh\n\
         // fails if this differs from what it writes). Loaded after the verdict, with the updates.\n\n",
    );
    let _ = writeln!(
        js,
        "/** What became of an offered list (the wasm's UpdateResult status). */\nexport const UPDATE = {};\n",
        by_name(UPDATE_STATUSES)
    );
    let _ = writeln!(
        js,
        "/** What a revocation index says to download (the wasm's RevocationPlan plan). */\nexport const PLAN = {};\n",
        by_name(PLANS)
    );
    let _ = writeln!(
        js,
        "/** Why an offered list was refused (trust_data::UpdateError and list::ListError codes). */\nexport const REFUSAL = {};",
        by_name(refusal_codes())
    );
    let record = |codes: &[&str]| named(codes.iter().copied()).join("; ");
    let mut dts = String::from(
        "// Written by `cargo run --example rules` with update-rules.js; do not edit.\n\n",
    );
    let _ = writeln!(
        dts,
        "export const UPDATE: {{ {} }};",
        record(&UPDATE_STATUSES)
    );
    let _ = writeln!(dts, "export const PLAN: {{ {} }};", record(&PLANS));
    let _ = writeln!(
        dts,
        "export const REFUSAL: {{ {} }};",
        record(&refusal_codes())
    );
    (js, dts)
}

fn dts() -> String {
    let codes: Vec<&str> = Verdict::ALL.iter().map(|v| v.code()).collect();
    let refusals = refusal_codes();
    let record = |codes: &[&str]| named(codes.iter().copied()).join("; ");
    let mut out =
        String::from("// Written by `cargo run --example rules` with rules.js; do not edit.\n\n");
    let _ = writeln!(
        out,
        "/** One of the stable verdict codes. */\nexport type Code = {};",
        union(codes.iter().copied())
    );
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.code()).collect();
    let _ = writeln!(
        out,
        "/** How a person should take a verdict. */\nexport type Kind = {};",
        union(kinds.iter().copied())
    );
    let _ = writeln!(
        out,
        "/** A warning's code. */\nexport type WarningCode = {};",
        union(Warning::CODES)
    );
    let _ = writeln!(
        out,
        "/** Why an offered list was refused. */\nexport type RefusalCode = {};\n",
        union(refusals.iter().copied())
    );
    let _ = writeln!(out, "export const CODES: Code[];");
    let _ = writeln!(out, "export const KIND: Record<Code, Kind>;");
    let _ = writeln!(out, "export const RANK: Record<Code, number>;");
    let _ = writeln!(out, "export const READABLE: Record<Code, boolean>;");
    let _ = writeln!(
        out,
        "export const WARNING: {{ {} }};",
        record(&Warning::CODES)
    );
    out.push_str(
        "export const MAX_INPUT: number;\nexport const MAX_FILE_BYTES: number;\n\
         export const MAX_IMAGE_BYTES: number;\nexport const MAX_IMAGE_PIXELS: number;\n\
         export const HIDDEN_CLASS: string;\nexport const MARK_HINT: string;\n\
         export function looksLikeMark(text: string): boolean;\n\
         /** [title, meaning, advice] by verdict code, per language. */\n\
         export const VERDICTS: Record<\"zh-CN\" | \"en\", Record<Code, [string, string, string]>>;\n\
         /** What each broken format rule means, per language. */\n\
         export const RULE_WORDS: Record<\"zh-CN\" | \"en\", Record<string, string>>;\n\
         /** Known `extra` labels as shown, per language. */\n\
         export const LABELS: Record<\"zh-CN\" | \"en\", Record<string, string>>;\n",
    );
    out
}

/// `"a" | "b"`.
fn union<'a>(codes: impl IntoIterator<Item = &'a str>) -> String {
    literals(codes, " | ")
}

/// The TypeScript types of the wasm modules' answers: the unions from the Rust enums,
/// the interfaces as the serde structs write them.
fn wasm_types() -> String {
    let codes: Vec<&str> = Verdict::ALL.iter().map(|v| v.code()).collect();
    let statuses: Vec<String> = [Status::Withdrawn, Status::Suspended]
        .iter()
        .map(|s| {
            serde_json::to_value(s)
                .expect("status")
                .as_str()
                .expect("text")
                .to_owned()
        })
        .collect();
    let day = Date::from_ymd(2026, 1, 1).expect("a date");
    let warnings: Vec<String> = [
        Warning::TrustDataExpired { expires: day },
        Warning::ClockBeforeIssued { issued: day },
        Warning::NotCovered { register: day },
    ]
    .iter()
    .map(|w| {
        let v = serde_json::to_value(w).expect("warning");
        let rest: Vec<String> = v
            .as_object()
            .expect("an object")
            .keys()
            .filter(|k| *k != "code")
            .map(|k| format!("; {k}: string"))
            .collect();
        format!("{{ code: {}{} }}", lit(w.code()), rest.concat())
    })
    .collect();
    let refusals = refusal_codes();
    let mut out = String::from(
        "// Written by `cargo run --example rules` from the Rust types; do not edit.\n",
    );
    let _ = writeln!(
        out,
        "/** One of the stable verdict codes. */\nexport type Code = {};",
        union(codes)
    );
    let _ = writeln!(
        out,
        "/** Why an offered list was refused. */\nexport type RefusalCode = {};",
        union(refusals)
    );
    out.push_str(
        "/** What a mark says. */\n\
         export interface Claims {\n  issuer: string; key: number; cert: string; holder: string; scheme: string; scope: string;\n  valid_from: string; valid_to: string; serial: string | null; extra: Record<string, string>;\n}\n\
         /** An issuer as the trust list describes it. */\n\
         export interface Issuer {\n  id: string; name: { en: string; zh: string }; country: string; accreditation: string;\n  schemes: string[]; demo: boolean;\n}\n",
    );
    let _ = writeln!(
        out,
        "/** A revocation list entry. */\nexport interface Revocation {{\n  issuer: string; cert: string; status: {}; since: string; reason: string;\n}}",
        union(statuses.iter().map(String::as_str))
    );
    let _ = writeln!(
        out,
        "/** A warning to show beside the verdict. */\nexport type Warning = {};",
        warnings.join(" | ")
    );
    out.push_str(
        "/** The version of the trust data in use. */\n\
         export interface TrustVersion {\n  sequence: number; issued: string; expires: string; revocations_sequence: number; revocations_issued: string;\n}\n",
    );
    let _ = writeln!(
        out,
        "/** What became of an offered list: in use now, already in use, or refused (the list in use stays). */\n\
         export type UpdateResult =\n  | {{ status: {}; sequence: number; previous: number }}\n  | {{ status: {}; sequence: number }}\n  \
         | {{ status: {}; code: RefusalCode; reason: string; in_use: number; offered: number | null }};",
        lit(UPDATE_STATUSES[0]),
        lit(UPDATE_STATUSES[1]),
        lit(UPDATE_STATUSES[2])
    );
    let _ = writeln!(
        out,
        "/** What a signed revocation index says to download: nothing, the deltas the list in use lacks (in order), or the whole list. */\n\
         export type RevocationPlan =\n  | {{ plan: {}; sequence: number }}\n  | {{ plan: {}; sequence: number; files: string[]; bytes: number }}\n  \
         | {{ plan: {}; sequence: number; file: string; bytes: number }}\n  | {{ plan: {}; code: RefusalCode; reason: string }};",
        lit(PLANS[0]),
        lit(PLANS[1]),
        lit(PLANS[2]),
        lit(PLANS[3])
    );
    out.push_str(
        "/** A verdict and everything a person needs to read it. */\n\
         export interface Outcome {\n  code: Code; reason: string; rule: string | null;\n  /** Present only once the signature verified. */\n  claims: Claims | null;\n  \
         /** For unknown-issuer, unknown-key and forged: show only labelled as unverified. */\n  unverified: Claims | null;\n  \
         issuer: Issuer | null; revocation: Revocation | null; warnings: Warning[];\n  demo: boolean; as_of: string; trust_data: TrustVersion;\n}\n\
         /** What a code that is not a mark holds (code::Code). */\n\
         export type OtherCode =\n  | { kind: \"gs1\"; form: \"digital-link\" | \"element-string\"; host: string | null; gtin: string | null; gtin_ok: boolean;\n      \
         batch: string | null; serial: string | null; expiry: string | null }\n  \
         | { kind: \"web-link\"; host: string; punycode: boolean; mixed_script: boolean; too_long: boolean }\n  \
         | { kind: \"unsafe-link\"; scheme: string }\n  | { kind: \"text\" };\n\
         /** The trust data in use (bundled, or updated since). */\n\
         export interface TrustInfo {\n  demo: boolean; trust_data: TrustVersion; issuers: Issuer[];\n  \
         /** The lists' signatures as their .sig files hold them (base64): an offered list with the same one is the one in use. */\n  \
         signatures: { trust_list: string; revocations: string };\n  revocations: { count: number; compact: boolean; register: { as_of: string; certificates: number } | null; deltas: number };\n}\n",
    );
    out
}
