//! Every scenario in `scenarios/invalid/` has one mistake and, beside it, a
//! `.expected` file with the exact one-line error it must produce: file, line,
//! field path and a clear sentence; exit code 2; nothing on stdout; no panic;
//! no output file.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn invalid_scenarios() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(root().join("scenarios/invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn run(relative: &str, extra: &[&str]) -> std::process::Output {
    Command::cargo_bin("callsim")
        .unwrap()
        .current_dir(root())
        .args(["simulate", relative])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn each_invalid_scenario_gives_its_exact_message() {
    let files = invalid_scenarios();
    assert!(
        files.len() >= 20,
        "at least 20 invalid scenarios, found {}",
        files.len()
    );
    let mut mismatches = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_str().unwrap();
        let relative = format!("scenarios/invalid/{name}");
        let expected_path = path.with_extension("expected");
        let expected = fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{name} has no .expected file beside it"));
        let output = run(&relative, &[]);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{name}: exit code; stderr {stderr}"
        );
        assert!(output.stdout.is_empty(), "{name}: nothing on stdout");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{name}: one line, got {stderr}");
        assert!(
            stderr.starts_with(&format!("error: {relative}")),
            "{name}: names the file: {stderr}"
        );
        if stderr.trim_end() != expected.trim_end() {
            mismatches.push(format!(
                "{name}\n  expected: {}\n  got:      {}",
                expected.trim_end(),
                stderr.trim_end()
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "messages changed:\n{}",
        mismatches.join("\n")
    );
}

#[test]
fn messages_name_a_line_and_a_field_where_there_is_one() {
    for path in invalid_scenarios() {
        let name = path.file_name().unwrap().to_str().unwrap();
        let expected = fs::read_to_string(path.with_extension("expected")).unwrap();
        // Only a file with no content, or with no such table, has no line to point at.
        if matches!(name, "empty_file.toml" | "no_agent_group.toml") {
            continue;
        }
        let after_file = expected
            .split_once(".toml:")
            .map(|(_, rest)| rest)
            .unwrap_or("");
        let line: String = after_file
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        assert!(!line.is_empty(), "{name}: no line number in {expected}");
        let line: usize = line.parse().unwrap();
        let lines = fs::read_to_string(&path).unwrap().lines().count();
        assert!(
            line >= 1 && line <= lines,
            "{name}: line {line} outside the file"
        );
    }
}

#[test]
fn a_bad_scenario_writes_no_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let output = run(
        "scenarios/invalid/negative_patience_mean.toml",
        &["--format", "json", "--output", out.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(!out.exists());
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn bad_overrides_name_the_override() {
    let cases = [
        (
            vec!["--set", "simulation.replications=abc"],
            "(--set simulation.replications): invalid type: string \"abc\", expected a whole number >= 0",
        ),
        (
            vec!["--set", "call_type[0].patience.mean_s=-1"],
            "(--set call_type[0].patience.mean_s): must be > 0 and at most 1000000, got -1",
        ),
        (
            vec!["--set", "simulation"],
            "--set simulation: expected PATH=VALUE",
        ),
        (
            vec!["--set", "call_type[5].name=x"],
            "--set call_type[5].name=x: call_type has 1 entries, so [5] does not exist",
        ),
        (
            vec!["--set", "call_type[x].name=y"],
            "`x` is not a list index",
        ),
        (
            vec!["--set", "simulation.bogus=1"],
            "(--set simulation.bogus): unknown field `bogus`",
        ),
    ];
    for (args, message) in cases {
        let output = run("scenarios/helpline.toml", &args);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(message),
            "{args:?}: expected `{message}` in `{stderr}`"
        );
        assert_eq!(stderr.lines().count(), 1);
    }
}

#[test]
fn missing_or_unreadable_files_are_named() {
    let output = run("scenarios/no_such_file.toml", &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("error: cannot read scenario scenarios/no_such_file.toml: "),
        "{stderr}"
    );
    let output = run("scenarios", &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .starts_with("error: cannot read scenario scenarios: ")
    );
}
