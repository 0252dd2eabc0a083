//! The core's modules as docs/architecture.md draws them: each imports exactly the
//! modules its row names ("knows of"), and no import circle exists, so the page stays
//! true as the code changes.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The `crate::NAME` modules each top-level module's code (not its comments or tests)
/// names.
fn imports() -> Graph {
    let mut graph = Graph::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![src.clone()];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(&src).unwrap();
        let top = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        if top == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        let deps = graph.entry(top.clone()).or_default();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (i, _) in line.match_indices("crate::") {
                let name: String = line[i + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if name != top && name != "domain_separated" && !name.is_empty() {
                    deps.insert(name);
                }
            }
        }
    }
    graph
}

/// The "knows of" column of the core's module table in docs/architecture.md.
fn documented() -> Graph {
    let page =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/architecture.md"))
            .unwrap();
    let table = page
        .split("## The core's modules")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    let names = |cell: &str| -> BTreeSet<String> {
        cell.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    };
    table
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').collect();
            let module = names(cells[1]).into_iter().next().unwrap();
            (module, names(cells[3]))
        })
        .collect()
}

#[test]
fn each_module_imports_what_the_architecture_page_says() {
    assert_eq!(imports(), documented());
}

#[test]
fn the_core_has_no_import_circle() {
    let graph = imports();
    // Repeatedly drop modules that import nothing left: a circle is what remains.
    let mut left = graph.clone();
    loop {
        let leaves: Vec<String> = left
            .iter()
            .filter(|(_, deps)| deps.iter().all(|d| !left.contains_key(d)))
            .map(|(m, _)| m.clone())
            .collect();
        if leaves.is_empty() {
            break;
        }
        for m in leaves {
            left.remove(&m);
        }
    }
    assert!(left.is_empty(), "import circle among {:?}", left.keys());
}
