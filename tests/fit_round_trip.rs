//! The round trip: simulate a known scenario with `--calls-log`, fit the log,
//! and recover what the scenario says — calls per interval, the handle
//! time's mean and cv, the patience's mean for exponential, lognormal and
//! Weibull patience with far more than 30 % of the waits censored — while
//! the naive patience (the mean of the abandoned waits) misses by many
//! standard errors.
//!
//! Tolerance: K = 4 standard errors of each estimate (see tests/fit.rs for
//! why 4).

use std::fs;

use assert_cmd::Command;
use serde_json::Value;

const K: f64 = 4.0;

fn within(what: &str, estimate: f64, se: f64, truth: f64) {
    assert!(
        (estimate - truth).abs() <= K * se,
        "{what}: {estimate} is {:.1} SE from {truth} (SE {se})",
        (estimate - truth) / se
    );
}

/// A queue a little short of agents: many answered (censored) waits and
/// enough abandons to fit; 40 replications of 8 half hours.
fn scenario(patience: &str) -> String {
    format!(
        r#"
[simulation]
seed = 5
replications = 40
interval_min = 30
open = "08:00"
intervals = 8

[[call_type]]
name = "support"
calls_per_interval = 120
handle = {{ dist = "lognormal", mean_s = 240, cv = 0.7 }}
patience = {patience}

[[agent_group]]
name = "team"
agents = 15
skills = ["support"]
"#
    )
}

fn round_trip(patience: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("known.toml");
    let log = dir.path().join("calls.csv");
    fs::write(&toml, scenario(patience)).unwrap();
    Command::cargo_bin("callsim")
        .unwrap()
        .args(["simulate", toml.to_str().unwrap(), "--quiet", "--calls-log"])
        .arg(&log)
        .args(["--calls-log-replication", "all"])
        .assert()
        .success();
    let fitted = dir.path().join("fitted.toml");
    let out = Command::cargo_bin("callsim")
        .unwrap()
        .args([
            "fit",
            log.to_str().unwrap(),
            "--format",
            "json",
            "--write-scenario",
        ])
        .arg(&fitted)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    // The fitted scenario simulates.
    Command::cargo_bin("callsim")
        .unwrap()
        .args([
            "simulate",
            fitted.to_str().unwrap(),
            "--quiet",
            "--set",
            "simulation.replications=3",
        ])
        .assert()
        .success();
    serde_json::from_slice(&out).unwrap()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

fn check(patience: &str, family: &str, mean: f64) {
    let report = round_trip(patience);
    assert_eq!(report["days"], 40, "each replication is a day");
    let q = &report["queues"][0];
    for rate in q["arrivals"].as_array().unwrap() {
        // 40 days of Poisson(120): SE √(120/40).
        within(
            "calls per interval",
            f(&rate["calls"]),
            (120.0f64 / 40.0).sqrt(),
            120.0,
        );
    }
    let handle = &q["handle"]["families"][0];
    assert_eq!(handle["family"], "lognormal");
    within(
        "handle mean",
        f(&handle["mean_s"]),
        f(&handle["mean_se_s"]),
        240.0,
    );
    within("handle cv", f(&handle["cv"]), f(&handle["cv_se"]), 0.7);
    let p = &q["patience"];
    assert!(f(&p["censored_share"]) >= 0.3);
    let fit = p["fits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["family"] == family)
        .unwrap();
    within(
        &format!("{family} patience mean"),
        f(&fit["mean_s"]),
        f(&fit["mean_se_s"]),
        mean,
    );
    let miss = (mean - f(&p["naive_mean_s"])) / f(&p["naive_mean_se_s"]);
    assert!(
        miss > 10.0,
        "the naive patience is only {miss:.1} SE below the truth"
    );
}

#[test]
fn exponential_patience_round_trip() {
    check(
        r#"{ dist = "exponential", mean_s = 150 }"#,
        "exponential",
        150.0,
    );
}

#[test]
fn lognormal_patience_round_trip() {
    check(
        r#"{ dist = "lognormal", mean_s = 180, cv = 1.2 }"#,
        "lognormal",
        180.0,
    );
}

#[test]
fn weibull_patience_round_trip() {
    // mean = 140·Γ(1 + 1/0.8) = 140 · 1.1330 = 158.6 s
    let mean = 140.0 * callsim::stats::gamma_function(1.0 + 1.0 / 0.8);
    check(
        r#"{ dist = "weibull", shape = 0.8, scale_s = 140 }"#,
        "weibull",
        mean,
    );
}

/// The guide's round-trip example (planner/fit.md) fits `scenarios/fit/calls_simulated.csv`:
/// it must be what `simulate --calls-log` writes for the bundled scenario
/// today, or the guide would show a fit of another engine's calls.
#[test]
fn the_bundled_simulated_log_is_what_simulate_writes() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("calls.csv");
    Command::cargo_bin("callsim")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "simulate",
            "scenarios/fit/known_center.toml",
            "--quiet",
            "--output",
            "/dev/null",
            "--calls-log-replication",
            "all",
            "--calls-log",
        ])
        .arg(&log)
        .assert()
        .success();
    let bundled = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/fit/calls_simulated.csv"
    );
    assert!(
        fs::read(&log).unwrap() == fs::read(bundled).unwrap(),
        "regenerate it with the command in scenarios/fit/known_center.toml"
    );
}
