//! The README is a user's guide with real output: every ```console block
//! (`$ callsim ARGS` then the output) is run and compared line by line, and the
//! quick start runs the same job as the first example.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

struct Example {
    args: Vec<String>,
    expected: String,
}

fn readme() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

fn examples(readme: &str) -> Vec<Example> {
    let mut examples = Vec::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        if line.trim() != "```console" {
            continue;
        }
        let command = lines.next().expect("a command after ```console");
        let args = command
            .strip_prefix("$ callsim ")
            .unwrap_or_else(|| panic!("console blocks start with `$ callsim`: {command}"));
        let mut expected = String::new();
        for out in lines.by_ref() {
            if out.trim() == "```" {
                break;
            }
            expected.push_str(out);
            expected.push('\n');
        }
        examples.push(Example {
            args: args.split_whitespace().map(str::to_string).collect(),
            expected,
        });
    }
    examples
}

/// What `callsim ARGS` prints, run from the crate's folder.
fn run_example(args: &[String]) -> String {
    let output = Command::cargo_bin("callsim")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// With `CALLSIM_UPDATE_README=1`, rewrites every ```console block with what
/// its command prints now (for a deliberate change of output; review the diff).
fn update_readme(readme: &str) {
    let mut updated = String::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        updated.push_str(line);
        updated.push('\n');
        if line.trim() != "```console" {
            continue;
        }
        let command = lines.next().expect("a command after ```console");
        updated.push_str(command);
        updated.push('\n');
        let args: Vec<String> = command
            .strip_prefix("$ callsim ")
            .expect("console blocks start with `$ callsim`")
            .split_whitespace()
            .map(str::to_string)
            .collect();
        for out in lines.by_ref() {
            if out.trim() == "```" {
                break;
            }
        }
        updated.push_str(&run_example(&args));
        updated.push_str("```\n");
    }
    fs::write(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"),
        updated,
    )
    .unwrap();
}

#[test]
fn every_console_example_prints_what_the_readme_shows() {
    if std::env::var_os("CALLSIM_UPDATE_README").is_some() {
        update_readme(&readme());
    }
    let readme = readme();
    let examples = examples(&readme);
    assert!(examples.len() >= 5, "the README keeps its worked examples");
    for example in examples {
        let actual = run_example(&example.args);
        // Timing depends on the machine: compare the line up to its figures.
        let trim = |s: &str| {
            s.lines()
                .map(|l| match l.find(" calls simulated in ") {
                    Some(cut) => &l[..cut],
                    None => l.trim_end(),
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(
            trim(&actual),
            trim(&example.expected),
            "README example `callsim {}` is out of date",
            example.args.join(" ")
        );
    }
}

#[test]
fn quick_start_runs_the_first_example() {
    let readme = readme();
    let quick_start = readme
        .lines()
        .find_map(|l| l.strip_prefix("cargo run --release -- "))
        .expect("a `cargo run --release -- …` quick-start command");
    let first = &examples(&readme)[0];
    assert_eq!(
        quick_start.split_whitespace().collect::<Vec<_>>(),
        first.args
    );
    assert!(
        readme.contains("\ncargo test --release\n"),
        "the test command of the quick start"
    );
}
