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

/// Reads a part, lets `tamper` change it, and writes it back resealed with a
/// correct checksum (as someone editing it on purpose would) or not.
fn tampered(
    path: &Path,
    out: &Path,
    reseal: bool,
    tamper: impl Fn(&mut callsim::shard::PartialResult),
) {
    let mut part: callsim::shard::PartialResult =
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    tamper(&mut part);
    if reseal {
        part.seal();
    }
    std::fs::write(out, serde_json::to_vec(&part).unwrap()).unwrap();
}

fn bump_first_offered(part: &mut callsim::shard::PartialResult, replication: usize) {
    part.replications[replication].kpis.calls[0][0].num += 1.0;
}

/// Regressions: merge accepted a part whose KPI numbers were edited, a part
/// with one replication duplicated, and a part from another seed with the
/// first part's fingerprint copied in.
#[test]
fn refuses_edited_duplicated_and_relabelled_parts() {
    let dir = tempfile::tempdir().unwrap();
    let parts = shards(dir.path(), 3, &[]);
    let edited = dir.path().join("edited.json");
    let with = |bad: &Path| vec![parts[0].clone(), bad.to_path_buf(), parts[2].clone()];

    tampered(&parts[1], &edited, false, |p| bump_first_offered(p, 3));
    merge_fails_with(&with(&edited), "was changed after callsim wrote it");

    // Resealed, an edit of the first replication is caught by simulating it again.
    tampered(&parts[1], &edited, true, |p| bump_first_offered(p, 0));
    merge_fails_with(
        &with(&edited),
        "replication 8 is not what its scenario and seed give",
    );

    // Of a later replication, only --verify-all (every replication again) sees it.
    tampered(&parts[1], &edited, true, |p| bump_first_offered(p, 3));
    assert!(
        merge(&with(&edited)).status.success(),
        "one replication per part is checked"
    );
    let out = callsim()
        .arg("merge")
        .args(with(&edited))
        .arg("--verify-all")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("replication 11 is not what"));

    tampered(&parts[1], &edited, true, |p| {
        p.replications[2].kpis = p.replications[1].kpis.clone();
    });
    merge_fails_with(
        &with(&edited),
        "replications 9 and 10 hold exactly the same values",
    );
    tampered(&parts[1], &edited, true, |p| {
        p.replications[2] = p.replications[1].clone()
    });
    merge_fails_with(
        &with(&edited),
        "its replication number 3 is labelled 9, expected 10",
    );

    let other_seed = tempfile::tempdir().unwrap();
    let reseeded = shards(other_seed.path(), 3, &["--set", "simulation.seed=99"]);
    let fingerprint = {
        let p: Value = serde_json::from_slice(&std::fs::read(&parts[1]).unwrap()).unwrap();
        p["fingerprint"].as_str().unwrap().to_string()
    };
    tampered(&reseeded[1], &edited, true, |p| {
        p.fingerprint = fingerprint.clone()
    });
    merge_fails_with(
        &with(&edited),
        "its fingerprint is not that of the scenario",
    );
    // Relabelled to the first run's seed as well: the numbers still betray it.
    let first_content: callsim::shard::PartialResult =
        serde_json::from_slice(&std::fs::read(&parts[1]).unwrap()).unwrap();
    tampered(&reseeded[1], &edited, true, |p| {
        p.fingerprint = fingerprint.clone();
        p.seed = first_content.seed;
        p.scenario = first_content.scenario.clone();
    });
    merge_fails_with(
        &with(&edited),
        "replication 8 is not what its scenario and seed give",
    );
}

/// A TOML time literal in the scenario (`open = 08:00`) survives the round
/// trip through JSON, so the checksum of an untouched part holds.
#[test]
fn a_time_literal_keeps_the_checksum() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("clock.toml");
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/helpline.toml"),
    )
    .unwrap()
    .replace("open = \"08:00\"", "open = 08:00")
    .replace("close = \"17:00\"", "close = 17:00");
    std::fs::write(&scenario, text).unwrap();
    let part = dir.path().join("part.json");
    callsim()
        .arg("simulate")
        .arg(&scenario)
        .args([
            "--set",
            "simulation.replications=4",
            "--quiet",
            "--shard",
            "1/1",
            "--output",
        ])
        .arg(&part)
        .assert()
        .success();
    assert!(merge(&[part]).status.success());
}
