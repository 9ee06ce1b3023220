//! Inputs that once exhausted the memory or ran without end: every one is
//! refused with one sentence and exit code 2, quickly, before any work.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `callsim ARGS` in the repository root, expecting a refusal within
/// a few seconds: exit 2, one line on stderr naming `message`, no stdout.
fn refused(args: &[&str], message: &str) -> String {
    let started = Instant::now();
    let output = Command::cargo_bin("callsim")
        .unwrap()
        .current_dir(root())
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(output.stdout.is_empty(), "{args:?}: wrote to stdout");
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr:?}");
    assert!(
        stderr.contains(message),
        "{args:?}: expected `{message}` in `{stderr}`"
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{args:?}: took {:?}",
        started.elapsed()
    );
    stderr
}

#[cfg(unix)]
#[test]
fn dev_zero_is_refused_as_a_scenario_and_as_a_forecast() {
    // Both read 4 GB before failing.
    refused(
        &["simulate", "/dev/zero"],
        "cannot read scenario /dev/zero: it is not a regular file (a device, a pipe or a socket)",
    );
    refused(
        &[
            "erlang",
            "--intervals",
            "/dev/zero",
            "--aht-s",
            "180",
            "--target",
            "80/20",
        ],
        "/dev/zero: cannot read the forecast: it is not a regular file",
    );
}

#[test]
fn files_over_the_size_limit_are_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.toml");
    // A comment of 17 MB: valid TOML, past the 16 MiB limit.
    let mut text = String::from("# ");
    text.push_str(&"x".repeat(17_000_000));
    fs::write(&path, &text).unwrap();
    let path = path.to_str().unwrap();
    refused(
        &["simulate", path],
        "the file holds 16.2 MiB (17000002 bytes), over the limit of 16 MiB for an input file",
    );
    refused(
        &[
            "erlang",
            "--intervals",
            path,
            "--aht-s",
            "180",
            "--target",
            "80/20",
        ],
        "over the limit of 16 MiB",
    );
}

#[test]
fn a_folder_is_not_a_scenario() {
    refused(
        &["simulate", "scenarios"],
        "cannot read scenario scenarios: it is a folder, not a file",
    );
}

#[test]
fn forecast_labels_with_control_characters_or_too_long_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (label, shown) in [
        ("\u{1b}[2Jcleared", "\\u{1b}[2Jcleared"),
        (&"x".repeat(101), &"x".repeat(100)),
    ] {
        let path = dir.path().join("forecast.csv");
        fs::write(&path, format!("interval,calls\n08:00,10\n{label},12\n")).unwrap();
        refused(
            &[
                "erlang",
                "--intervals",
                path.to_str().unwrap(),
                "--aht-s",
                "180",
                "--target",
                "80/20",
            ],
            &format!(
                ":3: interval: the label \"{shown}\" must be at most 100 characters, without control or invisible characters"
            ),
        );
    }
}

#[test]
fn a_forecast_longer_than_a_year_of_five_minute_intervals_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("forecast.csv");
    let mut text = String::from("calls\n");
    for _ in 0..105_121 {
        text.push_str("1\n");
    }
    fs::write(&path, text).unwrap();
    refused(
        &[
            "erlang",
            "--intervals",
            path.to_str().unwrap(),
            "--aht-s",
            "180",
            "--target",
            "80/20",
        ],
        ":105122: the forecast has more than 105120 intervals",
    );
}
