//! The Slurm job array end to end: submit N shards and a dependent merge job
//! to a real (single-node) Slurm, wait, and compare the merged report with a
//! single run. Runs where `sbatch` exists; `.ci/run` sets up Slurm and sets
//! CALLSIM_REQUIRE_SLURM=1 so that CI cannot skip it silently.

use std::path::Path;
use std::process::Command as Process;
use std::time::{Duration, Instant};

use serde_json::Value;

fn slurm_available() -> bool {
    Process::new("sinfo")
        .arg("-h")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn job_array_and_merge_equal_a_single_run() {
    if !slurm_available() {
        assert!(
            std::env::var("CALLSIM_REQUIRE_SLURM").is_err(),
            "CALLSIM_REQUIRE_SLURM is set but no Slurm controller answers `sinfo`"
        );
        eprintln!("skipped: no Slurm here (scripts/slurm/setup-single-node.sh sets one up)");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let callsim = env!("CARGO_BIN_EXE_callsim");
    let scenario = root.join("scenarios/two_skill.toml");
    let dir = tempfile::tempdir().unwrap();
    let outdir = dir.path().join("run");

    let submitted = Process::new(root.join("scripts/slurm/submit.sh"))
        .env("CALLSIM", callsim)
        .arg(&scenario)
        .arg("3")
        .arg(&outdir)
        .args(["--set", "simulation.replications=12"])
        .output()
        .unwrap();
    assert!(
        submitted.status.success(),
        "{}",
        String::from_utf8_lossy(&submitted.stderr)
    );
    let ids = String::from_utf8(submitted.stdout).unwrap();
    let jobs = ids.split_whitespace().collect::<Vec<_>>().join(",");
    assert_eq!(jobs.split(',').count(), 2, "array id and merge id: {ids}");

    let started = Instant::now();
    loop {
        let queue = Process::new("squeue")
            .args(["-h", "-j", &jobs])
            .output()
            .unwrap();
        if String::from_utf8_lossy(&queue.stdout).trim().is_empty() {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(110),
            "jobs {jobs} still queued after 110 s"
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    let result = outdir.join("result.json");
    assert!(
        result.exists(),
        "no merged report; logs in {}",
        outdir.display()
    );
    let mut merged: Value = serde_json::from_slice(&std::fs::read(&result).unwrap()).unwrap();

    let single = Process::new(callsim)
        .arg("simulate")
        .arg(&scenario)
        .args([
            "--set",
            "simulation.replications=12",
            "--format",
            "json",
            "--quiet",
        ])
        .output()
        .unwrap();
    let mut single: Value = serde_json::from_slice(&single.stdout).unwrap();
    merged.as_object_mut().unwrap().remove("run");
    single.as_object_mut().unwrap().remove("run");
    assert_eq!(merged, single);
}
