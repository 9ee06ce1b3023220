//! Every scenario in `scenarios/invalid/` has a mistake (a few have several),
//! says what it is in an opening `# ` comment, and has beside it a
//! `.expected` file with the exact errors it must produce, one line each:
//! file, line, field path and a clear sentence, sorted by line, at most ten
//! and then `… and N more`; exit code 2; nothing on stdout; no panic; no
//! output file.
//!
//! To add a case, write `NAME.toml`, run
//! `target/release/callsim simulate scenarios/invalid/NAME.toml 2> scenarios/invalid/NAME.expected`
//! and read the message before committing it.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// Invalid scenarios whose message rightly has no line: nothing in the file
/// to point at.
const NO_LINE: [&str; 4] = [
    "empty_file.toml",
    "comment_only.toml",
    "missing_simulation.toml",
    "no_agent_group.toml",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn invalid_dir() -> PathBuf {
    root().join("scenarios/invalid")
}

fn files_with_extension(extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(invalid_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files
}

fn invalid_scenarios() -> Vec<PathBuf> {
    files_with_extension("toml")
}

fn file_name(path: &Path) -> &str {
    path.file_name().unwrap().to_str().unwrap()
}

/// The line that follows the first ten errors, when there are more.
fn is_more_line(line: &str) -> bool {
    line.strip_prefix("error: … and ")
        .and_then(|rest| rest.strip_suffix(" more"))
        .is_some_and(|n| n.parse::<usize>().is_ok_and(|n| n > 0))
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

/// The line number after `FILE:` in a message, if any.
fn line_in(message: &str, relative: &str) -> Option<usize> {
    let rest = message.strip_prefix(&format!("error: {relative}:"))?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[test]
fn there_are_enough_invalid_scenarios() {
    let count = invalid_scenarios().len();
    assert!(count >= 20, "at least 20 invalid scenarios, found {count}");
}

#[test]
fn each_invalid_scenario_gives_its_exact_message() {
    let files = invalid_scenarios();
    assert!(files.len() >= 20, "at least 20 invalid scenarios");
    let mut failures = Vec::new();
    for path in &files {
        let name = file_name(path);
        let relative = format!("scenarios/invalid/{name}");
        let Ok(expected) = fs::read_to_string(path.with_extension("expected")) else {
            failures.push(format!(
                "{name}: no .expected file beside it (run the binary, read the message, save it)"
            ));
            continue;
        };
        let output = run(&relative, &[]);
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        if output.status.code() != Some(2) {
            failures.push(format!(
                "{name}: exit code {:?}, not 2; stderr: {stderr}",
                output.status.code()
            ));
        }
        if !stdout.is_empty() {
            failures.push(format!("{name}: wrote to stdout: {stdout}"));
        }
        if stderr.contains("panicked") {
            failures.push(format!("{name}: panicked: {stderr}"));
        }
        failures.extend(list_shape(name, &relative, &stderr));
        if stderr != expected {
            failures.push(format!(
                "{name}: message changed\n  expected: {expected:?}\n  got:      {stderr:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} invalid scenarios failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

/// What is wrong with the shape of a list of errors: each line names the
/// file, the lines are sorted by line number, at most ten, and a last line
/// counts the rest.
fn list_shape(name: &str, relative: &str, stderr: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let lines: Vec<&str> = stderr.lines().collect();
    let (errors, more) = match lines.split_last() {
        Some((last, errors)) if is_more_line(last) => (errors, true),
        _ => (&lines[..], false),
    };
    if errors.is_empty() {
        problems.push(format!("{name}: no error: {stderr:?}"));
    }
    if errors.len() > 10 || (more && errors.len() != 10) {
        problems.push(format!(
            "{name}: ten errors, then `… and N more`: {stderr:?}"
        ));
    }
    if let Some(line) = errors
        .iter()
        .find(|l| !l.starts_with(&format!("error: {relative}")))
    {
        problems.push(format!("{name}: a line does not name the file: {line:?}"));
    }
    let numbers: Vec<usize> = errors.iter().filter_map(|l| line_in(l, relative)).collect();
    if !numbers.is_sorted() {
        problems.push(format!("{name}: errors not sorted by line: {numbers:?}"));
    }
    if !stderr.ends_with('\n') || stderr.ends_with("\n\n") {
        problems.push(format!("{name}: one newline after each line: {stderr:?}"));
    }
    problems
}

#[test]
fn several_mistakes_are_reported_together() {
    // At least: three tables with a mistake each, and more than ten mistakes.
    let expected =
        |name: &str| fs::read_to_string(invalid_dir().join(format!("{name}.expected"))).unwrap();
    let three = expected("three_mistakes_in_three_tables");
    let fields: Vec<&str> = three
        .lines()
        .map(|l| {
            l.split(": ")
                .nth(2)
                .unwrap()
                .split(['.', '['])
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(fields, ["targets", "call_type", "agent_group"], "{three}");
    let many = expected("more_than_ten_mistakes");
    assert_eq!(many.lines().count(), 11, "{many}");
    assert_eq!(many.lines().last(), Some("error: … and 3 more"), "{many}");
    // Two or more lines in some files, one in most: each file is listed in
    // full, and the lists were reviewed mistake by mistake.
    let several: Vec<String> = files_with_extension("expected")
        .iter()
        .filter(|p| fs::read_to_string(p).unwrap().lines().count() > 1)
        .map(|p| file_name(p).to_string())
        .collect();
    assert_eq!(
        several,
        [
            "bad_name_hides_references_to_it.expected",
            "more_than_ten_mistakes.expected",
            "three_mistakes_in_one_table.expected",
            "three_mistakes_in_three_tables.expected",
        ],
        "a file now gives several errors: check each is a mistake of its own, then list it here"
    );
}

#[test]
fn the_guide_shows_a_real_list_of_errors() {
    let page = fs::read_to_string(root().join("docs/src/reference/limits-and-errors.md")).unwrap();
    let name = "three_mistakes_in_three_tables";
    let expected = fs::read_to_string(invalid_dir().join(format!("{name}.expected"))).unwrap();
    let shown = format!("$ callsim simulate scenarios/invalid/{name}.toml\n{expected}```");
    assert!(
        page.contains(&shown),
        "the guide's Errors section shows:\n{shown}"
    );
}

#[test]
fn every_expected_message_has_its_scenario() {
    for expected in files_with_extension("expected") {
        assert!(
            expected.with_extension("toml").exists(),
            "{} has no .toml beside it",
            file_name(&expected)
        );
    }
}

#[test]
fn each_invalid_scenario_says_what_is_wrong() {
    for path in invalid_scenarios() {
        let name = file_name(&path);
        let text = String::from_utf8_lossy(&fs::read(&path).unwrap()).into_owned();
        if name == "empty_file.toml" {
            assert!(text.is_empty(), "empty_file.toml must stay empty");
            continue;
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let first = text.lines().next().unwrap_or("");
        assert!(
            first.starts_with("# ") && first.len() > 10,
            "{name}: the first line must be a `# ` comment saying what is wrong, got {first:?}"
        );
    }
}

#[test]
fn messages_name_the_file_a_line_and_a_field() {
    for path in invalid_scenarios() {
        let name = file_name(&path);
        let relative = format!("scenarios/invalid/{name}");
        let Ok(messages) = fs::read_to_string(path.with_extension("expected")) else {
            continue; // reported by each_invalid_scenario_gives_its_exact_message
        };
        for expected in messages.lines().filter(|l| !is_more_line(l)) {
            message_names_a_line_and_a_field(name, &relative, &path, expected);
        }
    }
}

fn message_names_a_line_and_a_field(name: &str, relative: &str, path: &Path, expected: &str) {
    assert!(
        expected.starts_with(&format!("error: {relative}")),
        "{name}: the message names the file: {expected}"
    );
    if NO_LINE.contains(&name) {
        assert_eq!(
            line_in(expected, relative),
            None,
            "{name} now has a line: update NO_LINE"
        );
        return;
    }
    let line = line_in(expected, relative)
        .unwrap_or_else(|| panic!("{name}: no line number in {expected}"));
    let text = String::from_utf8_lossy(&fs::read(path).unwrap()).into_owned();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        (1..=lines.len()).contains(&line),
        "{name}: line {line} outside the file of {} lines",
        lines.len()
    );
    let pointed = lines[line - 1].trim();
    assert!(
        !pointed.is_empty() && !pointed.starts_with('#'),
        "{name}: line {line} is blank or a comment: {pointed:?}"
    );
    // After `FILE:LINE: ` comes a field path and `: `, except for TOML
    // syntax errors and undecodable text, which point at the text.
    let after = expected
        .strip_prefix(&format!("error: {relative}:{line}: "))
        .unwrap();
    assert!(
        after.starts_with("not valid TOML: ")
            || after.starts_with("the file is not UTF-8 text")
            || after
                .split_once(": ")
                .is_some_and(|(field, _)| !field.is_empty() && !field.contains(' ')),
        "{name}: no field path after the line: {expected}"
    );
}

#[test]
fn a_bad_scenario_writes_no_output_file() {
    // A TOML syntax error, a type error and a validation error.
    for name in [
        "not_toml",
        "text_instead_of_number",
        "negative_patience_mean",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.json");
        let output = run(
            &format!("scenarios/invalid/{name}.toml"),
            &["--format", "json", "--output", out.to_str().unwrap()],
        );
        assert_eq!(output.status.code(), Some(2), "{name}");
        assert!(output.stdout.is_empty(), "{name}");
        assert!(!out.exists(), "{name}: {} was written", out.display());
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            0,
            "{name}: no temporary file left behind"
        );
    }
}

#[test]
fn bad_overrides_name_the_override() {
    let cases = [
        (
            vec!["--set", "simulation.replications=abc"],
            "(--set simulation.replications): invalid type: string \"abc\", expected a whole number",
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
        // Was blamed on the file's line 6 (`helpline.toml:6: simulation.foo`):
        // the override created the table `foo`.
        (
            vec!["--set", "simulation.foo.bar=1"],
            "helpline.toml (--set simulation.foo): unknown field `foo`",
        ),
        // Was `invalid type: sequence, expected a whole number`.
        (
            vec!["--set", "simulation.seed=[1, 2]"],
            "(--set simulation.seed): expected a whole number, got a list",
        ),
        // Was `invalid type: map, expected a whole number`.
        (
            vec!["--set", "agent_group[0].reserve.agents={ count = 2 }"],
            "(--set agent_group[0].reserve.agents): expected a whole number, got a table",
        ),
        // Was `(--set call_type[0].handle[0]): invalid type: unit variant, expected string only`.
        (
            vec!["--set", "call_type[0].handle=[1]"],
            "(--set call_type[0].handle): expected a distribution, e.g. { dist = \"exponential\", mean_s = 240 }, got a list",
        ),
        // Was `wanted exactly 1 element, more than 1 element`.
        (
            vec!["--set", "routing.agent_selection={ a = 1, b = 2 }"],
            "(--set routing.agent_selection): expected a name in quotes: one of \"longest_idle\", \"fewest_calls\", \"least_flexible\"",
        ),
        // Was `invalid type: string "99999999999999999999", expected a whole number`.
        (
            vec!["--set", "simulation.seed=99999999999999999999"],
            "--set simulation.seed=99999999999999999999: the number is too large: TOML integers go up to 9223372036854775807",
        ),
        // Was `invalid type: integer `1`, expected a list, e.g. ["support"]`.
        (
            vec!["--set", "call_type=1"],
            "(--set call_type): expected [[call_type]] tables (one per entry)",
        ),
    ];
    for (args, message) in cases {
        let output = run("scenarios/helpline.toml", &args);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(
            stderr.contains(message),
            "{args:?}: expected `{message}` in `{stderr}`"
        );
        assert_eq!(stderr.lines().count(), 1);
        assert!(
            !stderr.contains("helpline.toml:"),
            "{args:?}: an override's mistake names no line of the file: {stderr}"
        );
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
