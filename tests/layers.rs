//! The crate's imports point one way (see the Layers table in `src/lib.rs`):
//! a module may use only modules listed before it here. A new `use` that
//! points back up (the kind that made `distribution` and `scenario` import
//! each other) fails this test instead of growing a cycle.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// Bottom first, as in the crate docs' table.
const LAYERS: &[&str] = &[
    "inputs",
    "template",
    "stats",
    "tabular",
    "distribution",
    "erlang",
    "forecast",
    "random",
    "model",
    "observe",
    "engine",
    "scenario",
    "fit",
    "kpi",
    "lang",
    "run",
    "study",
    "shard",
    "staffing",
    "record",
    "plot",
    "report",
    "cli",
];

fn rust_files(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// `crate::name` paths in code (doc comments and line comments are free to
/// point anywhere).
fn modules_used(source: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !name.is_empty() {
                used.insert(name);
            }
        }
    }
    used
}

#[test]
fn imports_point_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let rank = |name: &str| LAYERS.iter().position(|m| *m == name);
    let mut upward = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let top = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let top = top.trim_end_matches(".rs");
        if top == "lib" || top == "main" {
            continue;
        }
        let own = rank(top).unwrap_or_else(|| {
            panic!("src/{top} is not in LAYERS: place it in this test and in the crate docs")
        });
        for used in modules_used(&fs::read_to_string(file).unwrap()) {
            let Some(theirs) = rank(&used) else { continue };
            if theirs > own {
                upward.push(format!("{} uses crate::{used}", relative.display()));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports that point up:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_check_sees_an_upward_import() {
    let used = modules_used("use crate::report::Format; // crate::cli\n/// [`crate::study`]");
    assert!(used.contains("report"));
    assert!(!used.contains("cli"));
}
