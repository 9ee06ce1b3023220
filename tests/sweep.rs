//! `callsim sweep`: KPIs move the right way as agents rise, the 100 % point
//! is exactly a plain simulation, and bad specs are one sentence.

use assert_cmd::Command;
use serde_json::Value;

const HELPLINE: &str = "scenarios/helpline.toml";

fn callsim() -> Command {
    let mut c = Command::cargo_bin("callsim").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn json(args: &[&str]) -> Value {
    let out = callsim()
        .args(args)
        .args(["--format", "json", "--quiet"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Point means of the day's KPI `key` for `name` ("all" or a call type).
fn means(report: &Value, name: &str, key: &str) -> Vec<f64> {
    let set = report["day"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap();
    let kpi = set["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kpi"] == key)
        .unwrap();
    kpi["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["mean"].as_f64().unwrap())
        .collect()
}

#[test]
fn more_agents_raise_service_level_and_lower_asa() {
    let report = json(&["sweep", HELPLINE, "--vary", "agent_group[0].agents=14:20:1"]);
    assert_eq!(report["schema"], "callsim.sweep/2");
    assert_eq!(report["points"].as_array().unwrap().len(), 7);
    assert_eq!(report["points"][0]["value"], "14");
    let sl = means(&report, "all", "service_level");
    let asa = means(&report, "all", "asa_s");
    let occupancy = means(&report, "all", "occupancy");
    for i in 1..sl.len() {
        assert!(sl[i] > sl[i - 1], "service level {sl:?}");
        assert!(asa[i] < asa[i - 1], "ASA {asa:?}");
        assert!(occupancy[i] < occupancy[i - 1], "occupancy {occupancy:?}");
    }
    // The same callers at every point.
    let offered = means(&report, "all", "offered");
    assert!(offered.iter().all(|&o| o == offered[0]));
    // Neighbouring points are paired: each difference from the first is significant.
    let all = report["day"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "all")
        .unwrap();
    let sl_row = all["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kpi"] == "service_level")
        .unwrap();
    for d in &sl_row["differences"].as_array().unwrap()[1..] {
        assert_eq!(d["significant"], true);
        assert!(d["half_width"].as_f64().unwrap() < d["welch_half_width"].as_f64().unwrap());
    }
}

fn assert_point_is_plain_simulation(spec: &str, point: usize) {
    let sweep = json(&["sweep", "scenarios/two_skill.toml", "--vary", spec]);
    let plain = json(&["simulate", "scenarios/two_skill.toml"]);
    let mut compared = 0;
    for totals in plain["totals"].as_array().unwrap() {
        let name = totals["call_type"].as_str().unwrap();
        for (key, estimate) in totals["kpis"].as_object().unwrap() {
            let Some(mean) = estimate.get("mean") else {
                continue;
            };
            let swept = means(&sweep, name, key)[point];
            assert_eq!(
                swept.to_bits(),
                mean.as_f64().unwrap().to_bits(),
                "{spec}: {name} {key}"
            );
            compared += 1;
        }
    }
    assert!(compared > 40);
}

#[test]
fn the_100_percent_point_is_exactly_a_plain_simulation() {
    assert_point_is_plain_simulation("volume_pct=90:110:10", 1);
    assert_point_is_plain_simulation("aht_pct=100,105", 0);
    assert_point_is_plain_simulation("agents_pct=100", 0);
}

#[test]
fn volume_and_handle_time_scale_what_they_should() {
    let volume = json(&["sweep", HELPLINE, "--vary", "volume_pct=50,100"]);
    let offered = means(&volume, "all", "offered");
    // 120 calls per half hour for 18 half hours; half of it at 50 %, within
    // the 95 % interval of the mean.
    let half_width = volume["day"][1]["kpis"][0]["scenarios"][0]["half_width"]
        .as_f64()
        .unwrap();
    assert!(
        (offered[0] - 1080.0).abs() < 3.0 * half_width,
        "{offered:?}"
    );
    let aht = json(&["sweep", HELPLINE, "--vary", "aht_pct=80,100"]);
    let mean_aht = means(&aht, "all", "aht_s");
    let ratio = mean_aht[0] / mean_aht[1];
    // Handle times are drawn from the same streams, scaled: AHT of answered
    // calls scales by 0.8 up to which calls get answered.
    assert!((ratio - 0.8).abs() < 0.01, "{mean_aht:?}");
}

#[test]
fn bad_specs_are_one_sentence() {
    for (spec, expected) in [
        ("staff_pct=90:110:10", "unknown sweep staff_pct"),
        ("volume_pct=80:120:0", "the step is 0"),
        ("volume_pct=120:80:10", "never goes from 120 to 80"),
        ("volume_pct=0:1000:1", "1001 points, more than the 200"),
        (
            "agent_group[0].agents=x,3",
            "--vary agent_group[0].agents=x: scenarios/helpline.toml (--set agent_group[0].agents)",
        ),
        ("no_such.path=1,2", "--vary no_such.path=1"),
    ] {
        let out = callsim()
            .args(["sweep", HELPLINE, "--vary", spec])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{spec}");
        assert!(out.stdout.is_empty());
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(expected), "{spec}: {stderr}");
    }
}

#[test]
fn thread_count_does_not_change_the_result() {
    let run = |threads: &str| {
        let mut v = json(&[
            "sweep",
            HELPLINE,
            "--vary",
            "agents_pct=90:110:10",
            "--threads",
            threads,
        ]);
        v.as_object_mut().unwrap().remove("run");
        v
    };
    assert_eq!(run("1"), run("2"));
}

/// The sweep's charts: a dot on every point, the scenario's target as a
/// line, and each call type beside all of them.
#[test]
fn sweep_charts_mark_points_targets_and_each_call_type() {
    let report = json(&[
        "sweep",
        "scenarios/two_skill.toml",
        "--vary",
        "volume_pct=80:120:20",
        "--set",
        "simulation.replications=4",
    ]);
    let target_sl = report["scenario"]["content"]["targets"]["service_level_pct"]
        .as_f64()
        .unwrap();
    let types: Vec<String> = report["day"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .filter(|n| n != "all")
        .collect();
    assert_eq!(types.len(), 2);
    let record = callsim::record::Record::from_json(report).unwrap();
    let charts = callsim::plot::charts(&record, callsim::lang::Lang::En);
    let sl = charts
        .iter()
        .find(|c| c.name == "sweep_service_level")
        .unwrap();
    assert_eq!(sl.y_guides.len(), 1);
    assert_eq!(sl.y_guides[0].value, target_sl);
    let labels: Vec<&str> = sl.series.iter().map(|s| s.label.as_str()).collect();
    let expected: Vec<String> = std::iter::once("all".to_string())
        .chain(types.iter().map(|t| format!("call type: {t}")))
        .collect();
    assert_eq!(labels, expected);
    assert!(sl.series.iter().all(|s| s.markers && s.points.len() == 3));
    // Occupancy is the groups', not the call types': no empty call-type lines.
    let occupancy = charts.iter().find(|c| c.name == "sweep_occupancy").unwrap();
    assert!(occupancy.series.iter().all(|s| !s.points.is_empty()));
    assert!(occupancy.y_guides.is_empty());
    // Sweeping the target itself draws no target line.
    let varied = json(&[
        "sweep",
        "scenarios/two_skill.toml",
        "--vary",
        "targets.service_level_pct=70,80",
        "--set",
        "simulation.replications=2",
    ]);
    let record = callsim::record::Record::from_json(varied).unwrap();
    let charts = callsim::plot::charts(&record, callsim::lang::Lang::En);
    let sl = charts
        .iter()
        .find(|c| c.name == "sweep_service_level")
        .unwrap();
    assert!(sl.y_guides.is_empty());
}
