//! Shards and merge: N partial results, merged in any order, give exactly the
//! single run's JSON (timing fields aside); mixed runs, gaps and overlaps are refused.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const SCENARIO: &str = "scenarios/two_skill.toml";
const REPLICATIONS: &str = "simulation.replications=24";

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
        .args([
            "simulate",
            SCENARIO,
            "--set",
            REPLICATIONS,
            "--format",
            "json",
            "--quiet",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

fn shards(dir: &Path, count: u64, extra: &[&str]) -> Vec<PathBuf> {
    (1..=count)
        .map(|i| {
            let path = dir.join(format!("part{i}of{count}.json"));
            callsim()
                .args([
                    "simulate",
                    SCENARIO,
                    "--set",
                    REPLICATIONS,
                    "--quiet",
                    "--shard",
                    &format!("{i}/{count}"),
                    "--output",
                ])
                .arg(&path)
                .args(extra)
                .assert()
                .success()
                .stdout("");
            path
        })
        .collect()
}

fn merge(parts: &[PathBuf]) -> std::process::Output {
    callsim()
        .arg("merge")
        .args(parts)
        .args(["--format", "json"])
        .output()
        .unwrap()
}

#[test]
fn merged_shards_equal_the_single_run_for_1_3_and_8_shards() {
    let single = without_timing(single_run());
    let dir = tempfile::tempdir().unwrap();
    for count in [1, 3, 8] {
        let mut parts = shards(dir.path(), count, &[]);
        // Any order: reverse, and rotate.
        parts.reverse();
        parts.rotate_left(count as usize / 2);
        let out = merge(&parts);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let merged: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            merged["run"]["calls_simulated"],
            single_run()["run"]["calls_simulated"]
        );
        assert_eq!(without_timing(merged), single, "{count} shards");
    }
}

fn merge_fails_with(parts: &[PathBuf], message: &str) {
    let out = merge(parts);
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
fn refuses_gaps_overlaps_and_mixed_runs() {
    let dir = tempfile::tempdir().unwrap();
    let parts = shards(dir.path(), 3, &[]);
    merge_fails_with(
        &[parts[0].clone(), parts[2].clone()],
        "replications 8 to 15 are missing",
    );
    merge_fails_with(
        &[parts[0].clone(), parts[1].clone()],
        "replications 16 to 23 are missing",
    );
    merge_fails_with(
        &[
            parts[0].clone(),
            parts[0].clone(),
            parts[1].clone(),
            parts[2].clone(),
        ],
        "are in both",
    );

    let other_seed = tempfile::tempdir().unwrap();
    let reseeded = shards(other_seed.path(), 3, &["--set", "simulation.seed=99"]);
    merge_fails_with(
        &[parts[0].clone(), reseeded[1].clone(), parts[2].clone()],
        "come from different runs",
    );

    let report = dir.path().join("report.json");
    std::fs::write(&report, serde_json::to_vec(&single_run()).unwrap()).unwrap();
    merge_fails_with(
        &[report],
        "is not a callsim partial result: its schema is callsim.simulate/2",
    );
    let garbage = dir.path().join("garbage.json");
    std::fs::write(&garbage, "{ not json").unwrap();
    merge_fails_with(&[garbage], "is not a callsim partial result: not JSON");
    merge_fails_with(&[dir.path().join("missing.json")], "cannot read");
}

#[test]
fn shard_arguments_are_checked() {
    for (shard, message) in [
        ("0/3", "the index must be from 1"),
        ("4/3", "the index must be from 1"),
        ("x", "is not a shard like 2/8"),
    ] {
        let out = callsim()
            .args(["simulate", SCENARIO, "--shard", shard])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains(message));
    }
    let out = callsim()
        .args(["simulate", SCENARIO, "--shard", "1/2", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--shard writes a partial result"));
}
