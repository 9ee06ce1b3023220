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
    assert_eq!(report["schema"], "callsim.sweep/3");
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

const TWO_SKILL: &str = "scenarios/two_skill.toml";

/// Every KPI mean of a simulate run's totals, by (call type, key).
fn simulate_means(sets: &[String]) -> Vec<(String, String, f64)> {
    let mut args = vec!["simulate".to_string(), TWO_SKILL.to_string()];
    for set in sets {
        args.extend(["--set".to_string(), set.clone()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let plain = json(&args);
    let mut out = Vec::new();
    for totals in plain["totals"].as_array().unwrap() {
        let name = totals["call_type"].as_str().unwrap();
        for (key, estimate) in totals["kpis"].as_object().unwrap() {
            if let Some(mean) = estimate.get("mean") {
                out.push((name.to_string(), key.clone(), mean.as_f64().unwrap()));
            }
        }
    }
    out
}

/// Asserts point `point` of `sweep` has, bit for bit, the KPIs of `plain`.
fn assert_point_equals(sweep: &Value, point: usize, plain: &[(String, String, f64)]) {
    assert!(plain.len() > 40);
    for (name, key, mean) in plain {
        let swept = means(sweep, name, key)[point];
        assert_eq!(
            swept.to_bits(),
            mean.to_bits(),
            "point {point}: {name} {key}"
        );
    }
}

fn point_values(report: &Value, point: usize) -> Vec<(String, String)> {
    report["points"][point]["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["name"].as_str().unwrap().to_string(),
                v["value"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A 2 × 3 grid is six plain runs: each point, bit for bit, `simulate`
/// with the point's values set, the first axis varying slowest.
#[test]
fn a_grid_is_every_combination_each_a_plain_simulation() {
    let replications = "simulation.replications=4";
    let sweep = json(&[
        "sweep",
        TWO_SKILL,
        "--vary",
        "agent_group[0].agents=10,12",
        "--vary",
        "agent_group[1].agents=12:16:2",
        "--set",
        replications,
    ]);
    assert_eq!(sweep["schema"], "callsim.sweep/3");
    let axes = sweep["axes"].as_array().unwrap();
    assert_eq!(axes.len(), 2);
    assert_eq!(axes[1]["names"][0], "agent_group[1].agents");
    let points = sweep["points"].as_array().unwrap();
    assert_eq!(points.len(), 6);
    let mut seen = Vec::new();
    for (i, point) in points.iter().enumerate() {
        let values = point_values(&sweep, i);
        let at: Vec<u64> = point["at"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_u64().unwrap())
            .collect();
        assert_eq!(at, [i as u64 / 3, i as u64 % 3]);
        assert_eq!(values[0].1, ["10", "12"][i / 3]);
        assert_eq!(values[1].1, ["12", "14", "16"][i % 3]);
        seen.push(values.clone());
        let sets: Vec<String> = std::iter::once(replications.to_string())
            .chain(values.iter().map(|(name, value)| format!("{name}={value}")))
            .collect();
        assert_point_equals(&sweep, i, &simulate_means(&sets));
        // All groups' agents: the two varied and the 4 cross-trained.
        let total: u64 = values.iter().map(|(_, v)| v.parse::<u64>().unwrap()).sum();
        assert_eq!(point["agents"]["min"], total + 4);
        assert_eq!(point["agents"]["max"], total + 4);
    }
    seen.dedup();
    assert_eq!(seen.len(), 6, "every combination once");
}

/// A percentage axis with a path axis: each point is the one-axis sweep of
/// the percentage with the path's value set.
#[test]
fn a_grid_point_with_a_percentage_is_the_one_axis_sweep() {
    let grid = json(&[
        "sweep",
        TWO_SKILL,
        "--vary",
        "volume_pct=90,110",
        "--vary",
        "agent_group[0].agents=11,13",
        "--set",
        "simulation.replications=3",
    ]);
    for (i, (volume, agents)) in [("90", "11"), ("90", "13"), ("110", "11"), ("110", "13")]
        .into_iter()
        .enumerate()
    {
        let single = json(&[
            "sweep",
            TWO_SKILL,
            "--vary",
            &format!("volume_pct={volume}"),
            "--set",
            "simulation.replications=3",
            "--set",
            &format!("agent_group[0].agents={agents}"),
        ]);
        for name in ["all", "billing", "technical"] {
            for key in ["offered", "service_level", "asa_s", "abandon_rate", "aht_s"] {
                assert_eq!(
                    means(&grid, name, key)[i].to_bits(),
                    means(&single, name, key)[0].to_bits(),
                    "{volume} × {agents}: {name} {key}"
                );
            }
        }
    }
}

/// `a=… & b=…` moves agents from one group to the other: the total stays,
/// and each point is the plain run with both values set.
#[test]
fn values_joined_by_and_move_together_keeping_the_total() {
    let sweep = json(&[
        "sweep",
        TWO_SKILL,
        "--vary",
        "agent_group[0].agents=12:8:-1 & agent_group[1].agents=8:12:1",
        "--set",
        "simulation.replications=3",
    ]);
    let points = sweep["points"].as_array().unwrap();
    assert_eq!(points.len(), 5);
    assert_eq!(sweep["axes"].as_array().unwrap().len(), 1);
    for (i, point) in points.iter().enumerate() {
        let values = point_values(&sweep, i);
        assert_eq!(values[0].1, (12 - i).to_string());
        assert_eq!(values[1].1, (8 + i).to_string());
        assert_eq!(point["agents"]["min"], 24);
        assert_eq!(point["agents"]["max"], 24);
    }
    let sets = [
        "simulation.replications=3".to_string(),
        "agent_group[0].agents=10".to_string(),
        "agent_group[1].agents=10".to_string(),
    ];
    assert_point_equals(&sweep, 2, &simulate_means(&sets));
    // The terminal shows each value's column and the total, within 100 columns.
    let out = callsim()
        .args([
            "sweep",
            TWO_SKILL,
            "--vary",
            "agent_group[0].agents=12:8:-1 & agent_group[1].agents=8:12:1",
            "--set",
            "simulation.replications=3",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("agent_group[0].agents & agent_group[1].agents = 12 & 8, 11 & 9, 10 & 10, 9 & 11, 8 & 12"),
        "{text}"
    );
    let header = text
        .lines()
        .find(|l| l.starts_with("agent_group[0].agents  agent_group[1].agents  agents"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(header.contains("SL 30s %"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
}

#[test]
fn bad_grids_are_one_sentence() {
    for (varies, expected) in [
        (
            &["agent_group[0].agents=10,11", "agent_group[0].agents=12"][..],
            "agent_group[0].agents is varied twice (in --vary agent_group[0].agents=10,11 and --vary agent_group[0].agents=12); vary each value once",
        ),
        (
            &["volume_pct=90,100 & volume_pct=80,70"][..],
            "volume_pct is varied twice (in --vary volume_pct=90,100 & volume_pct=80,70)",
        ),
        (
            &["agent_group[0].agents=12:8:-1 & agent_group[1].agents=8:11:1"][..],
            "values joined by & move together, so each needs as many: agent_group[0].agents has 5 and agent_group[1].agents has 4",
        ),
        (
            &["agent_group[0].agents="][..],
            "--vary agent_group[0].agents=: no values after agent_group[0].agents=; give FROM:TO:STEP or V1,V2,…",
        ),
        (&["volume_pct=90 & "][..], "a part joined by & is empty"),
        (
            &["volume_pct=1:15:1", "agents_pct=1:15:1"][..],
            "the grid has 15 × 15 = 225 points, more than the 200 a sweep may have",
        ),
        (
            &["agent_group[0].agents=10", "agent_group[1].agents=x,3"][..],
            "--vary agent_group[1].agents=x: scenarios/two_skill.toml (--set agent_group[1].agents)",
        ),
    ] {
        let mut cmd = callsim();
        cmd.args(["sweep", TWO_SKILL]);
        for vary in varies {
            cmd.args(["--vary", vary]);
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{varies:?}");
        assert!(out.stdout.is_empty());
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(expected), "{varies:?}: {stderr}");
    }
}

#[test]
fn a_grid_does_not_depend_on_the_thread_count() {
    let run = |threads: &str| {
        let mut v = json(&[
            "sweep",
            TWO_SKILL,
            "--vary",
            "agents_pct=90,110",
            "--vary",
            "agent_group[2].agents=3:5:1",
            "--set",
            "simulation.replications=5",
            "--threads",
            threads,
        ]);
        v.as_object_mut().unwrap().remove("run");
        v
    };
    assert_eq!(run("1"), run("2"));
}

/// A grid's charts: one line per value of the second axis over the first,
/// named by that value, with markers and the target line; its CSV a
/// column per varied name.
#[test]
fn a_grid_charts_a_line_per_value_of_the_second_axis_and_its_csv_a_column_each() {
    let args = [
        "sweep",
        TWO_SKILL,
        "--vary",
        "agent_group[0].agents=9:12:1",
        "--vary",
        "agent_group[1].agents=12,15",
        "--set",
        "simulation.replications=3",
    ];
    let report = json(&args);
    let record = callsim::record::Record::from_json(report.clone()).unwrap();
    let charts = callsim::plot::charts(&record, callsim::lang::Lang::En);
    let sl = charts
        .iter()
        .find(|c| c.name == "sweep_service_level")
        .unwrap();
    let labels: Vec<&str> = sl.series.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(
        labels,
        ["agent_group[1].agents = 12", "agent_group[1].agents = 15"]
    );
    assert_eq!(sl.x_label, "agent_group[0].agents");
    let target = report["scenario"]["content"]["targets"]["service_level_pct"]
        .as_f64()
        .unwrap();
    assert_eq!(sl.y_guides.len(), 1);
    assert_eq!(sl.y_guides[0].value, target);
    let sl_means = means(&report, "all", "service_level");
    for (line, series) in sl.series.iter().enumerate() {
        assert!(series.markers);
        let xs: Vec<f64> = series.points.iter().map(|p| p.0).collect();
        assert_eq!(xs, [9.0, 10.0, 11.0, 12.0]);
        for (k, point) in series.points.iter().enumerate() {
            assert_eq!(point.1, sl_means[k * 2 + line] * 100.0);
        }
    }
    let out = callsim()
        .args(args)
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(
        header.contains(",agent_group[0].agents,agent_group[1].agents,mean,"),
        "{header}"
    );
    assert!(
        csv.lines()
            .any(|l| l.starts_with("day,,,all,service_level,12,15,")),
        "{csv}"
    );
}

/// The cost gate weighs the whole grid: 2 × 2 points cost twice the 2 of
/// one axis, and the refusal names every --vary.
#[test]
fn the_cost_gate_weighs_every_point_of_a_grid() {
    let refusal = |varies: &[&str]| {
        let mut cmd = callsim();
        cmd.args([
            "sweep",
            HELPLINE,
            "--threads",
            "1",
            "--set",
            "simulation.replications=1000000",
            "--set",
            "call_type[0].calls_per_interval=100000",
        ]);
        for vary in varies {
            cmd.args(["--vary", vary]);
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        let attempts: f64 = stderr
            .split("needs about ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{stderr}"));
        (stderr, attempts)
    };
    let (_, one_axis) = refusal(&["agents_pct=90,110"]);
    let (stderr, grid) = refusal(&["agents_pct=90,110", "targets.answer_within_s=10,20"]);
    assert!(
        stderr.contains("--vary agents_pct=90,110 × targets.answer_within_s=10,20: this run needs"),
        "{stderr}"
    );
    assert!((grid / one_axis - 2.0).abs() < 0.05, "{grid} vs {one_axis}");
    assert!(stderr.contains("give --force to run it anyway"), "{stderr}");
}

/// A grid's own lines in Portuguese, numbers with a decimal comma.
#[test]
fn a_grid_speaks_portuguese() {
    let out = callsim()
        .args([
            "sweep",
            "scenarios/ivr.toml",
            "--vary",
            "ivr_node[1].options[0].prob_pct=20,40",
            "--vary",
            "agents_pct=90,110",
            "--set",
            "simulation.replications=2",
            "--lang",
            "pt",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for expected in [
        "scenarios/ivr.toml: 2 × 2 = 4 pontos",
        "  ivr_node[1].options[0].prob_pct = 20, 40",
        "\"cards menu\": participação de cada opção, %",
        "Diferença em relação ao primeiro ponto (pareadas por replicação",
        "  agentes  ",
        "68,571428",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    // Every line but the seed's sentence, which is as long in a one-axis sweep.
    assert!(
        text.lines()
            .filter(|l| !l.starts_with("Números aleatórios comuns"))
            .all(|l| l.chars().count() <= 100),
        "{text}"
    );
}
