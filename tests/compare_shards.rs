//! `callsim compare --shard i/N` and `callsim merge`: the shards of a
//! comparison, merged in any order, give exactly the single comparison
//! (timing aside); other scenario sets, simulate shards, gaps and overlaps
//! are refused with one sentence.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const A: &str = "scenarios/helpline.toml";
const B: &str = "scenarios/helpline_plus_one.toml";

fn callsim() -> Command {
    let mut c = Command::cargo_bin("callsim").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn without_timing(mut report: Value) -> Value {
    report.as_object_mut().unwrap().remove("run");
    report
}

fn single_run() -> Value {
    let out = callsim()
        .args(["compare", A, B, "--format", "json", "--quiet"])
        .output()
        .unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

fn shards(dir: &Path, scenarios: &[&str], count: u64) -> Vec<PathBuf> {
    (1..=count)
        .map(|i| {
            let path = dir.join(format!("cmp{i}of{count}.json"));
            callsim()
                .arg("compare")
                .args(scenarios)
                .args(["--quiet", "--shard", &format!("{i}/{count}"), "--output"])
                .arg(&path)
                .assert()
                .success()
                .stdout("");
            path
        })
        .collect()
}

fn merge(parts: &[PathBuf], format: &str) -> std::process::Output {
    callsim()
        .arg("merge")
        .args(parts)
        .args(["--format", format])
        .output()
        .unwrap()
}

#[test]
fn merged_compare_shards_equal_the_single_comparison() {
    let single = single_run();
    let dir = tempfile::tempdir().unwrap();
    for count in [1, 3] {
        let mut parts = shards(dir.path(), &[A, B], count);
        parts.reverse();
        parts.rotate_left(1);
        let out = merge(&parts, "json");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let merged: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            merged["run"]["calls_simulated"],
            single["run"]["calls_simulated"]
        );
        assert_eq!(
            without_timing(merged),
            without_timing(single.clone()),
            "{count} shards"
        );
    }
    // The table of a merge is the table of the single run, timing aside.
    let parts = shards(dir.path(), &[A, B], 2);
    let merged = String::from_utf8(merge(&parts, "table").stdout).unwrap();
    let out = callsim().args(["compare", A, B]).output().unwrap();
    let whole = String::from_utf8(out.stdout).unwrap();
    let cut = |s: &str| s[..s.find(" calls simulated in ").unwrap()].to_string();
    assert_eq!(cut(&merged), cut(&whole));
}

fn merge_fails_with(parts: &[PathBuf], message: &str) {
    let out = merge(parts, "json");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(message),
        "expected `{message}` in `{stderr}`"
    );
    assert_eq!(stderr.lines().count(), 1);
    assert!(out.stdout.is_empty());
}

#[test]
fn refuses_other_scenario_sets_simulate_shards_gaps_and_overlaps() {
    let dir = tempfile::tempdir().unwrap();
    let parts = shards(dir.path(), &[A, B], 3);
    merge_fails_with(
        &[parts[0].clone(), parts[2].clone()],
        "replications 66 to 132 are missing",
    );
    merge_fails_with(
        &[
            parts[0].clone(),
            parts[1].clone(),
            parts[1].clone(),
            parts[2].clone(),
        ],
        "are in both",
    );
    let other = tempfile::tempdir().unwrap();
    let other_set = shards(other.path(), &[A, A], 3);
    merge_fails_with(
        &[parts[0].clone(), other_set[1].clone(), parts[2].clone()],
        "come from different runs",
    );
    let simulate_part = dir.path().join("simulate_part.json");
    callsim()
        .args(["simulate", A, "--quiet", "--shard", "2/3", "--output"])
        .arg(&simulate_part)
        .assert()
        .success();
    merge_fails_with(
        &[parts[0].clone(), simulate_part, parts[2].clone()],
        "of `callsim simulate`: merge the shards of one run at a time",
    );
}

#[test]
fn a_shard_writes_no_report() {
    let out = callsim()
        .args(["compare", A, B, "--shard", "1/2", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--shard writes a partial result"));
}

#[test]
fn an_edited_compare_shard_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let parts = shards(dir.path(), &[A, B], 2);
    let mut part: Value = serde_json::from_slice(&std::fs::read(&parts[1]).unwrap()).unwrap();
    let offered = &mut part["scenarios"][1]["replications"][0]["kpis"]["calls"][0][0][0];
    *offered = Value::from(offered.as_f64().unwrap() + 1.0);
    std::fs::write(&parts[1], serde_json::to_vec(&part).unwrap()).unwrap();
    let out = merge(&parts, "json");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("was changed after callsim wrote it"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
