//! `staff --write-scenario`: the planned staffing as a scenario, so the
//! plan's verification run can be repeated with more replications or split
//! into shards on a cluster (`simulate --shard i/N`, `merge`) and give
//! exactly the KPIs the plan reports.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn callsim() -> Command {
    let mut c = Command::cargo_bin("callsim").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn json(args: &[&str]) -> Value {
    let out = callsim().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn the_written_scenario_reproduces_the_plans_verification_run_and_shards_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let planned = dir.path().join("planned.toml");
    let plan = json(&[
        "staff",
        "scenarios/staff_day.toml",
        "--set",
        "simulation.replications=12",
        "--quiet",
        "--format",
        "json",
        "--write-scenario",
        s(&planned),
    ]);
    let text = std::fs::read_to_string(&planned).unwrap();
    assert!(text.starts_with("# Written by callsim staff from scenarios/staff_day.toml"));
    let scenario: toml::Table = toml::from_str(&text).unwrap();
    let agents: Vec<i64> = scenario["agent_group"][0]["agents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_integer().unwrap())
        .collect();
    let scheduled: Vec<i64> = plan["intervals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["groups"][0]["scheduled"].as_i64().unwrap())
        .collect();
    assert_eq!(agents, scheduled);

    // The same seed and replications: exactly the plan's scheduled KPIs.
    let single = json(&["simulate", s(&planned), "--format", "json", "--quiet"]);
    let all = single["totals"].as_array().unwrap().last().unwrap();
    for kpi in ["service_level", "abandon_rate", "asa_s", "occupancy"] {
        assert_eq!(
            all["kpis"][kpi]["mean"], plan["day"]["scheduled"][kpi]["mean"],
            "{kpi}"
        );
    }

    // Shards of the verification run merge into the single run exactly.
    let mut parts = Vec::new();
    for i in [2, 1, 3] {
        let part = dir.path().join(format!("part{i}.json"));
        let out = callsim()
            .args([
                "simulate",
                s(&planned),
                "--quiet",
                "--shard",
                &format!("{i}/3"),
                "--output",
                s(&part),
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
        parts.push(part);
    }
    let mut args = vec!["merge"];
    args.extend(parts.iter().map(|p| s(p)));
    args.extend(["--format", "json"]);
    let mut merged = json(&args);
    let mut single = single;
    merged.as_object_mut().unwrap().remove("run");
    single.as_object_mut().unwrap().remove("run");
    assert_eq!(merged, single);
}

#[test]
fn a_scenario_destination_in_a_missing_folder_is_refused_before_planning() {
    let out = callsim()
        .args([
            "staff",
            "scenarios/staff_day.toml",
            "--write-scenario",
            "/no/such/folder/plan.toml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "--write-scenario /no/such/folder/plan.toml: the folder /no/such/folder does not exist"
        ),
        "{stderr}"
    );
}
