//! The verdict of `callsim compare`: the scenarios ranked by a KPI, their
//! paired difference from A and the targets each meets, recomputed here
//! from the comparison's own tables in the JSON, pinned on the bundled
//! three-option comparison, and refused in one sentence where it cannot rank.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const OPTIONS: [&str; 3] = [
    "scenarios/helpline.toml",
    "scenarios/helpline_plus_one.toml",
    "scenarios/helpline_faster_handling.toml",
];

fn compare(extra: &[&str]) -> std::process::Output {
    Command::cargo_bin("callsim")
        .unwrap()
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .arg("compare")
        .args(OPTIONS)
        .args([
            "--quiet",
            "--set",
            "simulation.replications=40",
            "--threads",
            "2",
        ])
        .args(extra)
        .output()
        .unwrap()
}

fn stdout(extra: &[&str]) -> String {
    let output = compare(extra);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The verdict's block of the terminal text: from its heading to the gap.
fn verdict_block(text: &str) -> String {
    let start = text
        .lines()
        .position(|l| l.starts_with("Verdict") || l.starts_with("Veredito"))
        .expect("a verdict");
    text.lines()
        .skip(start)
        .take_while(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn kpi<'a>(set: &'a Value, key: &str) -> &'a Value {
    set["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kpi"] == key)
        .unwrap()
}

fn all_of(sets: &Value) -> &Value {
    sets.as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "all")
        .unwrap_or(&sets[0])
}

#[test]
fn the_bundled_comparison_verdict_is_pinned_and_narrow() {
    let en = verdict_block(&stdout(&[]));
    let pt = verdict_block(&stdout(&["--lang", "pt"]));
    for block in [&en, &pt] {
        for line in block.lines().skip(2).take(4) {
            assert!(line.chars().count() <= 100, "wider than 100: {line}");
        }
    }
    insta::assert_snapshot!("verdict_en", en);
    insta::assert_snapshot!("verdict_pt", pt);
}

#[test]
fn the_verdict_agrees_with_the_comparison_tables() {
    for rank_by in ["service_level", "abandon_rate", "wait_p90_s", "agent_hours"] {
        let json: Value =
            serde_json::from_str(&stdout(&["--format", "json", "--rank-by", rank_by])).unwrap();
        let verdict = &json["verdict"];
        assert_eq!(verdict["rank_by"], rank_by);
        let rows = verdict["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 3);
        let targets = &verdict["targets"];
        let labels = ["A", "B", "C"];
        let mut previous: Option<f64> = None;
        for (rank, row) in rows.iter().enumerate() {
            assert_eq!(row["rank"], rank + 1);
            let arm = labels.iter().position(|l| row["scenario"] == *l).unwrap();
            // The ranked value and its difference are the table's.
            let (value, difference) = if rank_by == "agent_hours" {
                let group = &json["groups"][0];
                let k = kpi(group, "agent_hours");
                (
                    k["scenarios"][arm]["mean"].clone(),
                    k["differences"][arm].clone(),
                )
            } else {
                let k = kpi(all_of(&json["day"]), rank_by);
                (
                    k["scenarios"][arm]["mean"].clone(),
                    k["differences"][arm].clone(),
                )
            };
            assert_eq!(row["value"], value);
            assert_eq!(row["difference"], difference);
            // Best first: service level up, the others down.
            let v = value.as_f64().unwrap();
            if let Some(p) = previous {
                if rank_by == "service_level" {
                    assert!(v <= p, "{rank_by}: {v} after {p}");
                } else {
                    assert!(v >= p, "{rank_by}: {v} after {p}");
                }
            }
            previous = Some(v);
            // Each target judged on the day's mean and on the lowest interval.
            let day = all_of(&json["day"]);
            let sl = kpi(day, "service_level")["scenarios"][arm]["mean"]
                .as_f64()
                .unwrap();
            let abandon = kpi(day, "abandon_rate")["scenarios"][arm]["mean"]
                .as_f64()
                .unwrap();
            let sl_target = targets["service_level"].as_f64().unwrap();
            let abandon_target = targets["max_abandon"].as_f64().unwrap();
            assert_eq!(row["service_level_met"], sl >= sl_target);
            assert_eq!(row["abandon_met"], abandon <= abandon_target);
            let (start, worst) = json["intervals"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| {
                    let sl =
                        kpi(all_of(&i["call_types"]), "service_level")["scenarios"][arm]["mean"]
                            .as_f64()
                            .unwrap();
                    (i["start"].as_str().unwrap().to_string(), sl)
                })
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap();
            assert_eq!(row["worst_interval"]["start"], start.as_str());
            assert_eq!(row["worst_interval"]["service_level"], worst);
            assert_eq!(row["worst_interval"]["met"], worst >= sl_target);
            let all = sl >= sl_target && abandon <= abandon_target && worst >= sl_target;
            assert_eq!(row["all_targets_met"], all);
        }
    }
}

#[test]
fn the_verdict_is_in_the_html_report() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("compare.html");
    stdout(&["--report", report.to_str().unwrap()]);
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(
        html.contains("Verdict, ranked by service level"),
        "no verdict heading"
    );
    assert!(html.contains("ranks first by service level"));
}

#[test]
fn a_ranking_that_cannot_be_made_is_one_sentence() {
    for (rank_by, message) in [
        (
            "occupancy",
            "error: --rank-by occupancy: occupancy is not better higher or lower in itself: give occupancy:high or occupancy:low",
        ),
        ("sl", "error: --rank-by sl: unknown KPI sl"),
        (
            "asa_s:fast",
            "error: --rank-by asa_s:fast: fast is not a direction: give asa_s:high or asa_s:low",
        ),
    ] {
        let output = compare(&["--rank-by", rank_by]);
        assert_eq!(output.status.code(), Some(2), "{rank_by}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.starts_with(message), "{rank_by}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn the_compare_tables_name_kpis_as_a_reader_would() {
    for (lang, names) in [
        (
            "en",
            [
                "mean wait of abandoned callers (s)",
                "service level (%)",
                "agent-hours",
            ],
        ),
        (
            "pt",
            [
                "espera média dos abandonos (s)",
                "nível de serviço (%)",
                "horas-agente",
            ],
        ),
    ] {
        let text = stdout(&["--lang", lang]);
        for name in names {
            assert!(
                text.contains(&format!("\n{name} ")),
                "{lang}: no row {name}"
            );
        }
        // No row is labelled by a JSON key (snake_case).
        let keyed: Vec<&str> = text
            .lines()
            .filter_map(|l| l.split("  ").next())
            .filter(|label| label.contains('_'))
            .collect();
        assert!(keyed.is_empty(), "{lang}: {keyed:?}");
    }
}

#[test]
fn merged_shards_give_the_whole_run_verdict_and_merge_takes_rank_by() {
    let dir = tempfile::tempdir().unwrap();
    let part = |i: u32| dir.path().join(format!("part{i}.json"));
    for i in 1..=2 {
        let shard = format!("{i}/2");
        let out = part(i);
        stdout(&["--shard", &shard, "--output", out.to_str().unwrap()]);
    }
    let merge = |rank_by: &str| -> Value {
        let output = Command::cargo_bin("callsim")
            .unwrap()
            .args(["merge", "--format", "json", "--rank-by", rank_by])
            .arg(part(1))
            .arg(part(2))
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap()
    };
    for rank_by in ["service_level", "agent_hours"] {
        let whole: Value =
            serde_json::from_str(&stdout(&["--format", "json", "--rank-by", rank_by])).unwrap();
        assert_eq!(merge(rank_by)["verdict"], whole["verdict"], "{rank_by}");
    }
    // A simulate run has nothing to rank.
    let simulated = dir.path().join("simulated.json");
    let output = Command::cargo_bin("callsim")
        .unwrap()
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .args([
            "simulate",
            OPTIONS[0],
            "--quiet",
            "--set",
            "simulation.replications=4",
        ])
        .args(["--shard", "1/1", "--output"])
        .arg(&simulated)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = Command::cargo_bin("callsim")
        .unwrap()
        .args(["merge", "--rank-by", "asa_s"])
        .arg(&simulated)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: --rank-by ranks the scenarios of a comparison")
            && stderr.lines().count() == 1,
        "{stderr}"
    );
}
