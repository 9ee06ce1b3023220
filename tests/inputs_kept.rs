//! No output replaces one of the run's inputs, whichever command, flag or
//! field names it: the scenario, a scenario's `volume_file`, a part given to
//! `merge`, the result `plot` draws, the forecast `erlang` sizes, a file in
//! the `--plot` folder under a chart's name. Each is refused in one sentence
//! with exit code 2, and every file is left as it was.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn callsim() -> Command {
    Command::cargo_bin("callsim").unwrap()
}

const SCENARIO: &str = r#"
[simulation]
seed = 3
replications = 2
interval_min = 30
intervals = 2

[[call_type]]
name = "calls"
calls_per_interval = 20
handle = { dist = "exponential", mean_s = 240 }
patience = { dist = "exponential", mean_s = 180 }

[[agent_group]]
name = "agents"
agents = 3
skills = ["calls"]
"#;

/// Writes `text` to `dir/name` and returns the path as text.
fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// Runs callsim in `dir` with `args`: exit code 2, one line naming `flag`
/// and saying the file is an input, and `kept` unchanged.
fn refused(dir: &Path, args: &[&str], flag: &str, kept: &[&str]) {
    let before: Vec<Vec<u8>> = kept
        .iter()
        .map(|p| fs::read(dir.join(p)).unwrap())
        .collect();
    let out = callsim().current_dir(dir).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{args:?}: {stderr}");
    assert!(
        stderr.contains(flag) && stderr.contains("is one of this run's inputs"),
        "{args:?}: {stderr}"
    );
    for (path, bytes) in kept.iter().zip(before) {
        assert_eq!(fs::read(dir.join(path)).unwrap(), bytes, "{args:?}: {path}");
    }
}

fn succeeds(dir: &Path, args: &[&str]) {
    let out = callsim().current_dir(dir).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The files in `dir`, sorted.
fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut names: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into())
        .collect();
    names.sort();
    names
}

#[test]
fn compare_and_sweep_keep_their_scenarios() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.toml", SCENARIO);
    write(d, "b.toml", &SCENARIO.replace("agents = 3", "agents = 4"));
    refused(
        d,
        &["compare", "a.toml", "b.toml", "--output", "b.toml"],
        "--output",
        &["a.toml", "b.toml"],
    );
    refused(
        d,
        &["compare", "a.toml", "b.toml", "--report", "./a.toml"],
        "--report",
        &["a.toml", "b.toml"],
    );
    refused(
        d,
        &[
            "sweep",
            "a.toml",
            "--vary",
            "agent_group[0].agents=3,4",
            "--output",
            "a.toml",
        ],
        "--output",
        &["a.toml"],
    );
}

#[test]
fn merge_and_plot_keep_the_results_they_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "s.toml", SCENARIO);
    succeeds(
        d,
        &[
            "simulate", "s.toml", "--shard", "1/2", "--output", "p1.json",
        ],
    );
    succeeds(
        d,
        &[
            "simulate", "s.toml", "--shard", "2/2", "--output", "p2.json",
        ],
    );
    refused(
        d,
        &["merge", "p1.json", "p2.json", "--output", "p1.json"],
        "--output",
        &["p1.json", "p2.json"],
    );
    refused(
        d,
        &["merge", "p1.json", "p2.json", "--report", "p2.json"],
        "--report",
        &["p1.json", "p2.json"],
    );
    succeeds(
        d,
        &[
            "simulate", "s.toml", "--quiet", "--format", "json", "--output", "r.json",
        ],
    );
    refused(
        d,
        &["plot", "r.json", "--report", "r.json"],
        "--report",
        &["r.json"],
    );
    // The result saved under a chart's name, in the chart folder: found when
    // the charts are named, and nothing of the folder written.
    fs::create_dir(d.join("charts")).unwrap();
    fs::copy(d.join("r.json"), d.join("charts/asa.svg")).unwrap();
    refused(
        d,
        &["plot", "charts/asa.svg", "--plot", "charts"],
        "--plot",
        &["charts/asa.svg"],
    );
    assert_eq!(listing(&d.join("charts")), [PathBuf::from("asa.svg")]);
}

#[test]
fn erlang_keeps_its_forecast() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "week.csv", "interval,calls\n00:00,40\n00:30,50\n");
    for flag in ["--output", "--report"] {
        refused(
            d,
            &[
                "erlang",
                "--intervals",
                "week.csv",
                "--aht-s",
                "240",
                "--target",
                "80/20",
                flag,
                "week.csv",
            ],
            flag,
            &["week.csv"],
        );
    }
}

#[test]
fn a_volume_file_is_an_input_too() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "volumes.csv", "interval,calls\n00:00,40\n00:30,50\n");
    write(
        d,
        "s.toml",
        &SCENARIO.replace("calls_per_interval = 20", "volume_file = \"volumes.csv\""),
    );
    for flag in ["--output", "--calls-log", "--report"] {
        refused(
            d,
            &["simulate", "s.toml", "--quiet", flag, "volumes.csv"],
            flag,
            &["s.toml", "volumes.csv"],
        );
    }
    refused(
        d,
        &["compare", "s.toml", "s.toml", "--output", "volumes.csv"],
        "--output",
        &["volumes.csv"],
    );
    // The scenario itself in the chart folder under a chart's name.
    fs::create_dir(d.join("charts")).unwrap();
    write(
        &d.join("charts"),
        "asa.svg",
        &SCENARIO.replace(
            "calls_per_interval = 20",
            "volume_file = \"../volumes.csv\"",
        ),
    );
    refused(
        d,
        &["simulate", "charts/asa.svg", "--quiet", "--plot", "charts"],
        "--plot",
        &["charts/asa.svg", "volumes.csv"],
    );
    assert_eq!(listing(&d.join("charts")), [PathBuf::from("asa.svg")]);
    // A different file beside them is written as asked.
    succeeds(
        d,
        &["simulate", "s.toml", "--quiet", "--output", "result.txt"],
    );
    assert!(d.join("result.txt").is_file());
}
