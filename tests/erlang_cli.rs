//! `callsim erlang` end to end: published values, formats, and every kind of bad input.

use std::fs;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn callsim() -> Command {
    Command::cargo_bin("callsim").unwrap()
}

fn json(args: &[&str]) -> Value {
    let output = callsim()
        .arg("erlang")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Runs `callsim erlang ARGS`, expects exit code 2 and one error line containing `message`.
fn fails_with(args: &[&str], message: &str) {
    let output = callsim().arg("erlang").args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "args {args:?}: {stderr}");
    assert!(
        stderr.contains(message),
        "args {args:?}: expected `{message}` in `{stderr}`"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(output.stdout.is_empty(), "nothing on stdout after an error");
}

#[test]
fn erlang_b_published_value() {
    let report = json(&["--erlangs", "5", "--aht-s", "180", "--agents", "10"]);
    let b = report["result"]["kpis"]["blocking_no_queue"]
        .as_f64()
        .unwrap();
    assert!((b - 0.018385).abs() < 5e-7, "{b}");
    assert_eq!(report["schema"], "callsim.erlang/1");
    assert_eq!(report["result"]["mode"], "evaluate");
}

#[test]
fn published_staffing_for_80_in_20() {
    for (erlangs, agents) in [
        ("10", 14),
        ("100", 107),
        ("1000", 1011),
        ("10000", 10013),
        ("100000", 100014),
    ] {
        let report = json(&["--erlangs", erlangs, "--aht-s", "180", "--target", "80/20"]);
        assert_eq!(
            report["result"]["required"]["agents"], agents,
            "{erlangs} Erlangs"
        );
        let table = report["result"]["table"].as_array().unwrap();
        assert_eq!(table.len(), 7, "three rows either side");
    }
}

#[test]
fn planner_inputs_agree_with_each_other() {
    // 300 calls per half hour = 600 per hour = 0.1667/s; × 240 s = 40 Erlangs.
    let by_interval = json(&["--calls", "300", "--aht-s", "240", "--target", "80/20"]);
    let by_hour = json(&[
        "--calls-per-hour",
        "600",
        "--aht-s",
        "240",
        "--target",
        "80/20",
    ]);
    let by_load = json(&["--erlangs", "40", "--aht-s", "240", "--target", "80/20"]);
    let fifteen = json(&[
        "--calls",
        "150",
        "--interval-min",
        "15",
        "--aht-s",
        "240",
        "--target",
        "80/20",
    ]);
    for other in [&by_hour, &by_load, &fifteen] {
        assert_eq!(
            by_interval["result"]["required"],
            other["result"]["required"]
        );
    }
}

#[test]
fn evaluate_checks_targets() {
    let met = json(&[
        "--erlangs",
        "10",
        "--aht-s",
        "180",
        "--agents",
        "14",
        "--target",
        "80/20",
    ]);
    assert_eq!(met["result"]["meets_targets"], true);
    let missed = json(&[
        "--erlangs",
        "10",
        "--aht-s",
        "180",
        "--agents",
        "13",
        "--target",
        "80/20",
    ]);
    assert_eq!(missed["result"]["meets_targets"], false);
    let reason = missed["result"]["shortfalls"][0].as_str().unwrap();
    assert!(reason.starts_with("service level"), "{reason}");
}

#[test]
fn erlang_a_needs_fewer_agents_and_reports_abandonment() {
    let c = json(&["--calls", "300", "--aht-s", "240", "--target", "80/20"]);
    let a = json(&[
        "--calls",
        "300",
        "--aht-s",
        "240",
        "--target",
        "80/20",
        "--patience-s",
        "120",
    ]);
    let c_agents = c["result"]["required"]["agents"].as_u64().unwrap();
    let a_agents = a["result"]["required"]["agents"].as_u64().unwrap();
    assert!(a_agents < c_agents, "A {a_agents} vs C {c_agents}");
    assert!(a["result"]["required"]["prob_abandon"].as_f64().unwrap() > 0.0);
    assert_eq!(a["model"]["model"], "erlang_a");
}

#[test]
fn abandonment_target_binds() {
    let loose = json(&[
        "--calls",
        "300",
        "--aht-s",
        "240",
        "--patience-s",
        "60",
        "--max-abandon-pct",
        "10",
    ]);
    let tight = json(&[
        "--calls",
        "300",
        "--aht-s",
        "240",
        "--patience-s",
        "60",
        "--max-abandon-pct",
        "1",
    ]);
    let loose_n = loose["result"]["required"]["agents"].as_u64().unwrap();
    let tight_n = tight["result"]["required"]["agents"].as_u64().unwrap();
    assert!(tight_n > loose_n);
    assert!(
        tight["result"]["required"]["prob_abandon"]
            .as_f64()
            .unwrap()
            <= 0.01
    );
}

#[test]
fn shrinkage_turns_agents_into_staff() {
    let report = json(&[
        "--erlangs",
        "100",
        "--aht-s",
        "180",
        "--target",
        "80/20",
        "--shrinkage-pct",
        "30",
    ]);
    // 107 agents / 0.7 = 152.9 → 153 staff.
    assert_eq!(report["result"]["scheduled_staff"], 153);
}

#[test]
fn table_output_marks_the_required_row() {
    callsim()
        .args([
            "erlang",
            "--erlangs",
            "10",
            "--aht-s",
            "180",
            "--target",
            "80/20",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("required: 14 agents"))
        .stdout(predicate::str::contains("▶      14"));
}

#[test]
fn csv_output_has_one_row_per_staffing() {
    let output = callsim()
        .args([
            "erlang",
            "--erlangs",
            "10",
            "--aht-s",
            "180",
            "--target",
            "80/20",
            "--format",
            "csv",
            "--around",
            "2",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("agents,offered_load_erlangs,"));
    assert_eq!(lines.len(), 1 + 5);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("14,") && l.ends_with(",true"))
    );
}

#[test]
fn explain_shows_the_steps_with_numbers() {
    callsim()
        .args([
            "erlang",
            "--erlangs",
            "5",
            "--aht-s",
            "180",
            "--agents",
            "7",
            "--explain",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "A = λ × AHT = 0.027778 × 180 = 5.0000 Erlangs",
        ))
        .stdout(predicate::str::contains(
            "B(7) = 5.0000 × 0.191847 / (7 + 5.0000 × 0.191847) = 0.120519",
        ))
        .stdout(predicate::str::contains("C = n·B / (n − A·(1 − B))"))
        .stdout(predicate::str::contains("SL = 1 − C × e^"));
}

#[test]
fn explain_of_erlang_a_shows_the_chain() {
    callsim()
        .args([
            "erlang",
            "--erlangs",
            "5",
            "--aht-s",
            "180",
            "--agents",
            "6",
            "--patience-s",
            "60",
            "--explain",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("birth–death chain"))
        .stdout(predicate::str::contains("P(abandon) = θ·E[queue]/λ"));
}

#[test]
fn intervals_file_gives_agents_per_interval() {
    let report = json(&[
        "--intervals",
        "scenarios/erlang/weekday.csv",
        "--aht-s",
        "240",
        "--target",
        "80/20",
        "--shrinkage-pct",
        "30",
    ]);
    let rows = report["result"]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 24);
    assert_eq!(rows[0]["interval"], "08:00");
    for row in rows {
        assert!(row["kpis"]["service_level"].as_f64().unwrap() >= 0.8);
        // Recompute each interval's staffing on its own: the file path must agree.
        let calls = row["calls"].as_f64().unwrap().to_string();
        let single = json(&["--calls", &calls, "--aht-s", "240", "--target", "80/20"]);
        assert_eq!(
            row["kpis"]["agents"],
            single["result"]["required"]["agents"]
        );
    }
    let peak = rows
        .iter()
        .map(|r| r["kpis"]["agents"].as_u64().unwrap())
        .max()
        .unwrap();
    assert_eq!(report["result"]["totals"]["peak_agents"], peak);
}

#[test]
fn intervals_without_labels_get_clock_times_and_zero_calls_need_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("night.csv");
    fs::write(&path, "calls,aht_s\n0,\n12,300\n40,\n").unwrap();
    let report = json(&[
        "--intervals",
        path.to_str().unwrap(),
        "--aht-s",
        "200",
        "--target",
        "90/30",
        "--interval-min",
        "60",
    ]);
    let rows = report["result"]["rows"].as_array().unwrap();
    assert_eq!(rows[0]["interval"], "00:00");
    assert_eq!(rows[2]["interval"], "02:00");
    assert_eq!(rows[0]["kpis"]["agents"], 0);
    assert_eq!(rows[1]["traffic"]["aht_s"], 300.0);
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("staffing.json");
    callsim()
        .args([
            "erlang",
            "--erlangs",
            "10",
            "--aht-s",
            "180",
            "--target",
            "80/20",
            "--format",
            "json",
            "--output",
        ])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    let value: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(value["result"]["required"]["agents"], 14);
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
}

#[test]
fn failed_run_writes_no_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.json");
    callsim()
        .args([
            "erlang",
            "--erlangs",
            "10",
            "--aht-s",
            "180",
            "--agents",
            "9",
            "--output",
        ])
        .arg(&path)
        .assert()
        .code(2);
    assert!(!path.exists());
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn unwritable_output_is_a_clear_error() {
    let output = callsim()
        .args([
            "erlang",
            "--erlangs",
            "10",
            "--aht-s",
            "180",
            "--agents",
            "14",
            "--output",
            "/nonexistent-folder/x.json",
        ])
        .output()
        .unwrap();
    // Found before computing anything: a usage error, named by its flag.
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: --output /nonexistent-folder/x.json: the folder /nonexistent-folder does not exist\n"
    );
}

// ---- bad input: one clear sentence, exit code 2, no panic ----

#[test]
fn unstable_queue_says_how_many_agents_stability_needs() {
    fails_with(
        &["--erlangs", "6", "--aht-s", "180", "--agents", "6"],
        "the queue is unstable: 6 agents cannot keep up with 6.00 Erlangs offered, so the queue grows without bound; Erlang C needs at least 7 agents",
    );
    fails_with(
        &["--erlangs", "12.5", "--aht-s", "180", "--agents", "3"],
        "needs at least 13 agents",
    );
}

#[test]
fn rejects_negative_zero_nan_and_absurd_numbers() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["--erlangs", "-5", "--aht-s", "180", "--agents", "7"],
            "erlangs must be >= 0 and at most 1000000, got -5",
        ),
        (
            &["--erlangs", "5", "--aht-s", "0", "--agents", "7"],
            "aht_s must be > 0 and at most 86400 (one day), got 0",
        ),
        (
            &["--erlangs", "5", "--aht-s", "-180", "--agents", "7"],
            "aht_s must be > 0",
        ),
        (
            &["--erlangs", "5", "--aht-s", "NaN", "--agents", "7"],
            "aht_s must be a finite number, got NaN",
        ),
        (
            &["--erlangs", "inf", "--aht-s", "180", "--agents", "7"],
            "erlangs must be a finite number, got inf",
        ),
        (
            &["--erlangs", "5", "--aht-s", "1e9", "--agents", "7"],
            "aht_s must be > 0 and at most 86400",
        ),
        (
            &["--erlangs", "5e7", "--aht-s", "180", "--agents", "7"],
            "erlangs must be >= 0 and at most 1000000",
        ),
        (
            &["--calls", "-3", "--aht-s", "180", "--agents", "7"],
            "calls must be >= 0, got -3",
        ),
        (
            &[
                "--calls",
                "30",
                "--interval-min",
                "0",
                "--aht-s",
                "180",
                "--agents",
                "7",
            ],
            "interval_min must be at least 1/60 (one second) and at most 1440 (one day), got 0",
        ),
        (
            &["--calls-per-hour", "NaN", "--aht-s", "180", "--agents", "7"],
            "calls_per_hour must be a finite number",
        ),
        (
            &[
                "--calls-per-hour",
                "1e12",
                "--aht-s",
                "180",
                "--agents",
                "7",
            ],
            "offered load (Erlangs) must be at most 1000000",
        ),
        (
            &[
                "--erlangs",
                "5",
                "--aht-s",
                "180",
                "--agents",
                "6",
                "--patience-s",
                "0",
            ],
            "patience_s must be > 0",
        ),
        (
            &[
                "--erlangs",
                "5",
                "--aht-s",
                "180",
                "--agents",
                "6",
                "--patience-s",
                "-1",
            ],
            "patience_s must be > 0",
        ),
        (
            &[
                "--erlangs",
                "5",
                "--aht-s",
                "180",
                "--agents",
                "7",
                "--shrinkage-pct",
                "100",
            ],
            "shrinkage_pct must be in [0, 99], got 100",
        ),
        (
            &[
                "--erlangs",
                "5",
                "--aht-s",
                "180",
                "--agents",
                "7",
                "--shrinkage-pct",
                "99.9999999",
            ],
            "shrinkage_pct must be in [0, 99], got 99.9999999",
        ),
        (
            &[
                "--erlangs",
                "5",
                "--aht-s",
                "180",
                "--agents",
                "7",
                "--shrinkage-pct",
                "-5",
            ],
            "shrinkage_pct must be in [0, 99]",
        ),
        (
            &["--erlangs", "5", "--aht-s", "180", "--max-asa-s", "-2"],
            "max_asa_s must be > 0",
        ),
        (
            &[
                "--erlangs",
                "5",
                "--aht-s",
                "180",
                "--max-occupancy-pct",
                "150",
            ],
            "max_occupancy_pct must be in (0, 100], got 150",
        ),
        (
            &[
                "--erlangs",
                "5",
                "--aht-s",
                "180",
                "--max-abandon-pct",
                "0",
                "--patience-s",
                "60",
            ],
            "max_abandon_pct must be in (0, 100], got 0",
        ),
        (
            &[
                "--erlangs",
                "5",
                "--aht-s",
                "180",
                "--agents",
                "7",
                "--sl-threshold-s",
                "-1",
            ],
            "service level threshold (seconds) must be >= 0",
        ),
    ];
    for (args, message) in cases {
        fails_with(args, message);
    }
}

#[test]
fn rejects_target_shares_outside_zero_to_one() {
    fails_with(
        &["--erlangs", "5", "--aht-s", "180", "--target", "0/20"],
        "service level target percentage must be in (0, 100], got 0",
    );
    fails_with(
        &["--erlangs", "5", "--aht-s", "180", "--target", "101/20"],
        "must be in (0, 100], got 101",
    );
    fails_with(
        &["--erlangs", "5", "--aht-s", "180", "--target", "80/-5"],
        "service level target seconds must be >= 0",
    );
}

#[test]
fn rejects_malformed_targets() {
    for bad in ["80", "80-20", "eighty/20", "80/twenty", "80/20/10"] {
        fails_with(
            &["--erlangs", "5", "--aht-s", "180", "--target", bad],
            "is not of the form PERCENT/SECONDS",
        );
    }
}

#[test]
fn rejects_missing_or_conflicting_arguments() {
    fails_with(
        &["--aht-s", "180", "--agents", "4"],
        "give the traffic with one of --calls N",
    );
    fails_with(
        &["--erlangs", "5", "--agents", "4"],
        "give the average handle time with --aht-s",
    );
    fails_with(
        &["--erlangs", "5", "--aht-s", "180"],
        "give --agents N to see the KPIs of N agents, or a target",
    );
    fails_with(
        &[
            "--erlangs",
            "5",
            "--calls",
            "4",
            "--aht-s",
            "180",
            "--agents",
            "4",
        ],
        "cannot be used with",
    );
    fails_with(
        &["--erlangs", "5", "--aht-s", "180", "--max-abandon-pct", "5"],
        "a maximum abandonment needs a patience (Erlang A)",
    );
    fails_with(
        &[
            "--erlangs",
            "5",
            "--aht-s",
            "180",
            "--agents",
            "7",
            "--target",
            "80/20",
            "--sl-threshold-s",
            "30",
        ],
        "either in --target or in --sl-threshold-s",
    );
    fails_with(
        &[
            "--erlangs",
            "5",
            "--aht-s",
            "180",
            "--agents",
            "7",
            "--explain",
            "--format",
            "csv",
        ],
        "--explain walks through one computation",
    );
    fails_with(
        &["--erlangs", "5", "--aht-s", "180", "--agents", "x7"],
        "invalid value 'x7' for '--agents <N>'",
    );
}

fn forecast(contents: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("forecast.csv");
    fs::write(&path, contents).unwrap();
    let path = path.to_str().unwrap().to_string();
    (dir, path)
}

fn forecast_fails_with(contents: &str, message: &str) {
    let (_dir, path) = forecast(contents);
    fails_with(
        &["--intervals", &path, "--aht-s", "180", "--target", "80/20"],
        &format!("{path}{message}"),
    );
}

#[test]
fn unreadable_forecasts_name_the_line() {
    forecast_fails_with(
        "interval,calls\n08:00,10\n08:30,abc\n",
        ":3: calls: `abc` is not a number",
    );
    forecast_fails_with(
        "interval,calls\n08:00,10\n08:30,-4\n",
        ":3: calls: must not be negative, got -4",
    );
    forecast_fails_with(
        "interval,calls\n08:00,10\n08:30,NaN\n",
        ":3: calls: `NaN` is not a number",
    );
    forecast_fails_with(
        "interval,calls\n08:00,10\n08:30,12,99\n",
        ":3: expected 2 fields like the header, found 3",
    );
    forecast_fails_with(
        "interval,count\n08:00,10\n",
        ":1: no `calls` column (found: interval, count)",
    );
    forecast_fails_with("interval,calls\n", ": the forecast has no intervals");
    forecast_fails_with(
        "",
        ": the forecast is empty: give a header line such as `interval,calls`, then one line per interval",
    );
    forecast_fails_with("# only a comment\n", ": the forecast is empty");
    forecast_fails_with(
        "calls,aht_s\n10,180\n12,-1\n",
        ":3: aht_s: must be more than 0 seconds, got -1",
    );
    forecast_fails_with(
        "interval,calls\n08:00,10\n08:30,\u{0}\u{ff}\n",
        ":3: calls: ",
    );
}

#[test]
fn missing_forecast_file_is_named() {
    fails_with(
        &[
            "--intervals",
            "no/such/forecast.csv",
            "--aht-s",
            "180",
            "--target",
            "80/20",
        ],
        "no/such/forecast.csv: cannot read the forecast:",
    );
}

#[test]
fn binary_forecast_file_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("binary.csv");
    fs::write(&path, [0xff, 0xfe, 0x00, 0x41, 0x0a]).unwrap();
    fails_with(
        &[
            "--intervals",
            path.to_str().unwrap(),
            "--aht-s",
            "180",
            "--target",
            "80/20",
        ],
        "binary.csv:1: the forecast is not UTF-8 text",
    );
}

/// The fewest agents whose occupancy A/n is at most `max`, from the load the
/// report gives, next to what callsim answered.
fn occupancy_answer(report: &Value, max: f64) -> (u64, f64) {
    let agents = report["result"]["required"]["agents"].as_u64().unwrap();
    let load = report["result"]["traffic"]["offered_load_erlangs"]
        .as_f64()
        .unwrap();
    assert!(load / agents as f64 <= max + 1e-12, "{agents} agents");
    (agents, load)
}

#[test]
fn occupancy_target_beyond_the_usual_search_limit_is_staffed_not_a_panic() {
    // 13.3 Erlangs at 1 % occupancy need over 1300 agents, past the search's
    // usual limit (2A + 10√A + 1000): this panicked on a clamp with min > max.
    for extra in [&[][..], &["--patience-s", "60"][..]] {
        let mut args = vec![
            "--calls",
            "100",
            "--aht-s",
            "240",
            "--max-occupancy-pct",
            "1",
        ];
        args.extend_from_slice(extra);
        let report = json(&args);
        let (agents, load) = occupancy_answer(&report, 0.01);
        assert!(agents > 1063, "{agents}");
        if extra.is_empty() {
            // Erlang C: one agent fewer is above 1 %.
            assert!(
                load / (agents - 1) as f64 > 0.01,
                "{agents} is not the fewest"
            );
        }
    }
}

#[test]
fn unreachable_occupancy_target_is_a_sentence_not_a_panic() {
    fails_with(
        &[
            "--calls",
            "100",
            "--aht-s",
            "240",
            "--max-occupancy-pct",
            "1e-300",
        ],
        "no staffing up to 5000000 agents meets the targets",
    );
}

#[test]
fn agents_beyond_the_formulas_limit_are_refused_at_once() {
    // Four billion agents took minutes of O(agents) sums.
    let started = std::time::Instant::now();
    fails_with(
        &["--calls", "100", "--aht-s", "240", "--agents", "4000000000"],
        "agents must be at most 5000000, got 4e9",
    );
    assert!(started.elapsed().as_secs() < 5);
    fails_with(
        &[
            "--calls", "1", "--aht-s", "10", "--agents", "3", "--around", "100000",
        ],
        "100000 is not in 0..=1000",
    );
}

#[test]
fn a_million_erlangs_as_the_readme_promises() {
    // 1e6 / 240 × 240 is 1000000.0000000001: it was refused above the limit.
    let report = json(&["--erlangs", "1e6", "--aht-s", "240", "--target", "80/20"]);
    let load = report["result"]["traffic"]["offered_load_erlangs"]
        .as_f64()
        .unwrap();
    assert!((load - 1e6).abs() < 1e-3, "{load}");
    assert!(report["result"]["required"]["agents"].as_u64().unwrap() > 1_000_000);
    fails_with(
        &[
            "--erlangs",
            "1000001",
            "--aht-s",
            "240",
            "--target",
            "80/20",
        ],
        "erlangs must be >= 0 and at most 1000000, got 1000001",
    );
    fails_with(
        &[
            "--calls-per-hour",
            "15000001",
            "--aht-s",
            "240",
            "--agents",
            "1",
        ],
        "offered load (Erlangs) must be at most 1000000",
    );
}

#[test]
fn intervals_shorter_than_a_second_are_refused() {
    // 1e-309 minutes made the arrival rate infinite.
    fails_with(
        &[
            "--calls",
            "1",
            "--interval-min",
            "1e-309",
            "--aht-s",
            "10",
            "--agents",
            "3",
        ],
        "interval_min must be at least 1/60 (one second)",
    );
}

/// The same forecast saved by a pt-BR Excel (`;`, decimal comma, a BOM, the
/// columns named in Portuguese, TMA as mm:ss) sizes the same agents as the
/// plain file.
#[test]
fn a_pt_br_excel_forecast_reads_like_the_plain_one() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.csv");
    let excel = dir.path().join("excel.csv");
    fs::write(
        &plain,
        "interval,calls,aht_s\n08:00,120.5,245\n08:30,1234,240\n",
    )
    .unwrap();
    fs::write(
        &excel,
        "\u{feff}Intervalo;Chamadas;TMA\r\n08:00;120,5;04:05\r\n08:30;1.234;240\r\n",
    )
    .unwrap();
    let json = |path: &std::path::Path| {
        let out = Command::cargo_bin("callsim")
            .unwrap()
            .args(["erlang", "--intervals", path.to_str().unwrap()])
            .args(["--target", "80/20", "--format", "json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v.as_object_mut().unwrap().remove("wall_time_s");
        v
    };
    assert_eq!(json(&plain), json(&excel));
}

/// `callsim forecast` writes one file for every queue and day: `--queue`
/// sizes one queue's rows, each labelled with its date.
#[test]
fn a_forecast_of_several_queues_and_days_is_sized_one_queue_at_a_time() {
    let (_dir, path) = forecast(
        "date,interval,queue,calls,aht_s,low,high\n\
         2026-12-07,08:00,sales,10,180,8,12\n\
         2026-12-07,08:00,support,40,240,35,45\n\
         2026-12-08,08:00,sales,12,180,9,14\n\
         2026-12-08,08:00,support,44,240,39,49\n",
    );
    let base = ["--intervals", &path, "--target", "80/20"];
    let support = json(&[&base[..], &["--queue", "support"]].concat());
    let rows = support["result"]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["interval"], "2026-12-07 08:00");
    assert_eq!(rows[1]["interval"], "2026-12-08 08:00");
    assert_eq!(rows[1]["calls"], 44.0);
    let alone = json(&["--calls", "44", "--aht-s", "240", "--target", "80/20"]);
    assert_eq!(
        rows[1]["kpis"]["agents"], alone["result"]["required"]["agents"],
        "the queue's interval is sized as the same traffic alone"
    );
    fails_with(
        &base,
        ":2: the forecast holds several queues (sales, support): --intervals sizes one queue; choose it with --queue NAME",
    );
    fails_with(
        &[&base[..], &["--queue", "billing"]].concat(),
        "--queue billing: the forecast has no rows for it (its queues: sales, support)",
    );
    let (_dir2, plain) = forecast("interval,calls\n08:00,10\n");
    fails_with(
        &[
            "--intervals",
            &plain,
            "--aht-s",
            "180",
            "--target",
            "80/20",
            "--queue",
            "sales",
        ],
        "--queue sales: the forecast has no queue column",
    );
}

/// B(n, A) from its definition, Aⁿ/n! / Σₖ Aᵏ/k!.
fn erlang_b_by_definition(n: u32, a: f64) -> f64 {
    let (mut term, mut sum) = (1.0, 1.0);
    for k in 1..=n {
        term *= a / f64::from(k);
        sum += term;
    }
    term / sum
}

#[test]
fn lines_for_a_blocking_target_match_the_trunk_tables() {
    // Published Erlang B tables: 10 E → 18 lines at 1 %, 15 at 5 %; 5 E → 11 at 1 %.
    for (erlangs, pct, lines) in [("10", "1", 18), ("10", "5", 15), ("5", "1", 11)] {
        let r = json(&[
            "--erlangs",
            erlangs,
            "--aht-s",
            "180",
            "--max-blocking-pct",
            pct,
        ]);
        assert_eq!(r["schema"], "callsim.erlang_lines/1");
        assert_eq!(r["required"]["lines"], lines, "{erlangs} E at {pct} %");
        let (a, target) = (
            erlangs.parse::<f64>().unwrap(),
            pct.parse::<f64>().unwrap() / 100.0,
        );
        // Every row is the definition's, and the answer is the first meeting the target.
        for row in r["table"].as_array().unwrap() {
            let n = row["lines"].as_u64().unwrap() as u32;
            let b = erlang_b_by_definition(n, a);
            assert!((row["blocking"].as_f64().unwrap() - b).abs() < 1e-12, "{n}");
            assert_eq!(b <= target, n >= lines, "{erlangs} E, {n} lines");
            let carried = row["carried_erlangs"].as_f64().unwrap();
            assert!((carried - a * (1.0 - b)).abs() < 1e-9);
        }
    }
    // The explanation ends with why one line fewer fails.
    let text = String::from_utf8(
        callsim()
            .args([
                "erlang",
                "--erlangs",
                "10",
                "--aht-s",
                "180",
                "--max-blocking-pct",
                "1",
                "--explain",
            ])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(text.contains("17 lines block too many calls"), "{text}");
    assert!(text.contains("lines needed: 18"), "{text}");
    let pt = String::from_utf8(
        callsim()
            .args([
                "erlang",
                "--erlangs",
                "10",
                "--aht-s",
                "180",
                "--max-blocking-pct",
                "1",
                "--lang",
                "pt",
            ])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        pt.contains("linhas necessárias: 18") && pt.contains("0,714 %"),
        "{pt}"
    );
}

#[test]
fn lines_chart_and_report_and_their_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("lines.html");
    callsim()
        .args([
            "erlang",
            "--erlangs",
            "10",
            "--aht-s",
            "180",
            "--max-blocking-pct",
            "1",
        ])
        .arg("--plot")
        .arg(dir.path())
        .arg("--report")
        .arg(&report)
        .assert()
        .success();
    let svg = fs::read_to_string(dir.path().join("erlang_blocking.svg")).unwrap();
    assert!(
        svg.starts_with("<svg") || svg.starts_with("<?xml"),
        "not an SVG"
    );
    assert!(svg.trim_end().ends_with("</svg>"));
    let html = fs::read_to_string(&report).unwrap();
    assert!(html.contains("Lines for a blocking target (Erlang B)") && html.contains("▶"));
    for (args, message) in [
        (
            vec!["--max-blocking-pct", "0"],
            "max_blocking_pct must be > 0 and < 100, got 0",
        ),
        (
            vec!["--max-blocking-pct", "100"],
            "max_blocking_pct must be > 0 and < 100, got 100",
        ),
        (
            vec!["--max-blocking-pct", "nan"],
            "max_blocking_pct must be a finite number",
        ),
        (
            vec!["--max-blocking-pct", "1", "--agents", "20"],
            "--agents does not apply",
        ),
        (
            vec!["--max-blocking-pct", "1", "--target", "80/20"],
            "--target does not apply",
        ),
        (
            vec!["--max-blocking-pct", "1", "--patience-s", "60"],
            "--patience-s does not apply",
        ),
        (
            vec!["--max-blocking-pct", "1", "--shrinkage-pct", "30"],
            "--shrinkage-pct does not apply",
        ),
        (
            vec!["--max-blocking-pct", "1", "--explain", "--format", "csv"],
            "--explain walks through one computation",
        ),
    ] {
        let mut all = vec!["--erlangs", "10", "--aht-s", "180"];
        all.extend(args);
        fails_with(&all, message);
    }
    fails_with(&["--erlangs", "10", "--max-blocking-pct", "1"], "aht");
}

/// KPIs of one model at `agents` (and `patience` for Erlang A), from
/// `callsim erlang --agents`: the reference `--compare-models` must match.
fn evaluated(load: &str, agents: u32, patience: Option<f64>) -> (f64, f64) {
    let agents = agents.to_string();
    let mut args = vec![
        "--erlangs",
        load,
        "--aht-s",
        "180",
        "--agents",
        agents.as_str(),
    ];
    let patience_text = patience.map(|p| p.to_string());
    if let Some(p) = &patience_text {
        args.extend(["--patience-s", p.as_str()]);
    }
    let r = json(&args);
    let kpis = &r["result"]["kpis"];
    (
        kpis["service_level"].as_f64().unwrap(),
        kpis["prob_abandon"].as_f64().unwrap(),
    )
}

#[test]
fn compare_models_sets_erlang_c_beside_erlang_a() {
    let r = json(&[
        "--erlangs",
        "10",
        "--aht-s",
        "180",
        "--patience-s",
        "120",
        "--agents",
        "12",
        "--compare-models",
        "--around",
        "3",
    ]);
    assert_eq!(r["schema"], "callsim.erlang_models/1");
    let rows = r["over_agents"].as_array().unwrap();
    assert_eq!(rows.len(), 7);
    for row in rows {
        let n = row["agents"].as_u64().unwrap() as u32;
        let a = evaluated("10", n, Some(120.0));
        assert_eq!(
            row["erlang_a"]["service_level"].as_f64().unwrap(),
            a.0,
            "A at {n}"
        );
        assert_eq!(
            row["erlang_a"]["abandon"].as_f64().unwrap(),
            a.1,
            "A at {n}"
        );
        if n <= 10 {
            assert!(row["erlang_c"].is_null(), "C has no steady state at {n}");
        } else {
            let c = evaluated("10", n, None);
            assert_eq!(
                row["erlang_c"]["service_level"].as_f64().unwrap(),
                c.0,
                "C at {n}"
            );
        }
    }
    for row in r["over_patience"].as_array().unwrap() {
        let p = row["patience_s"].as_f64().unwrap();
        let a = evaluated("10", 12, Some(p));
        assert_eq!(
            row["erlang_a"]["service_level"].as_f64().unwrap(),
            a.0,
            "patience {p}"
        );
    }
    // The chart of service level against agents has one series per model.
    let record = callsim::record::Record::from_json(r).unwrap();
    let charts = callsim::plot::charts(&record, callsim::lang::Lang::En);
    let names: Vec<&str> = charts.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["erlang_models_agents", "erlang_models_patience"]);
    let labels: Vec<&str> = charts[0].series.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, ["Erlang C", "Erlang A, patience 120 s"]);
    // Erlang C starts above the load; Erlang A at one agent.
    assert_eq!(charts[0].series[0].points[0].0, 11.0);
    assert_eq!(charts[0].series[1].points[0].0, 1.0);
    // With a target, the staffing compared at is Erlang C's answer to it.
    let required = json(&["--erlangs", "10", "--aht-s", "180", "--target", "80/20"])["result"]
        ["required"]["agents"]
        .as_u64()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    callsim()
        .args([
            "erlang",
            "--erlangs",
            "10",
            "--aht-s",
            "180",
            "--patience-s",
            "120",
            "--target",
            "80/20",
            "--compare-models",
        ])
        .arg("--plot")
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("▶      {required} ")));
    let svg = fs::read_to_string(dir.path().join("erlang_models_agents.svg")).unwrap();
    roxmltree::Document::parse(&svg).expect("valid SVG");
    for (args, message) in [
        (
            vec!["--agents", "12"],
            "--compare-models needs --patience-s S",
        ),
        (
            vec!["--patience-s", "120", "--agents", "0"],
            "--compare-models compares the models at one agent or more",
        ),
        (
            vec!["--patience-s", "120"],
            "--compare-models needs the staffing to compare at",
        ),
        (
            vec!["--patience-s", "120", "--agents", "12", "--explain"],
            "--explain does not apply",
        ),
        (
            vec!["--patience-s", "0", "--agents", "12"],
            "patience_s must be > 0",
        ),
    ] {
        let mut all = vec!["--erlangs", "10", "--aht-s", "180", "--compare-models"];
        all.extend(args);
        fails_with(&all, message);
    }
}

#[test]
fn explain_of_a_staffing_search_says_why_one_agent_fewer_fails() {
    for extra in [
        vec!["--target", "80/20"],
        vec![
            "--target",
            "80/20",
            "--patience-s",
            "120",
            "--max-abandon-pct",
            "3",
        ],
    ] {
        let mut args = vec!["--calls", "300", "--aht-s", "240"];
        args.extend(extra.iter().copied());
        let required = json(&args)["result"]["required"]["agents"]
            .as_u64()
            .unwrap();
        let fewer = (required - 1).to_string();
        let mut check = args.clone();
        check.extend(["--agents", fewer.as_str()]);
        assert_eq!(json(&check)["result"]["meets_targets"], false, "{extra:?}");
        let mut explain = vec!["erlang"];
        explain.extend(args.iter().copied());
        explain.push("--explain");
        let text = String::from_utf8(callsim().args(&explain).output().unwrap().stdout).unwrap();
        let last: Vec<&str> = text
            .lines()
            .skip_while(|l| !l.starts_with("Last step"))
            .take(3)
            .collect();
        assert_eq!(last.len(), 3, "{text}");
        assert!(
            last[1].starts_with(&format!("  n − 1 = {fewer} agents: "))
                && last[1].contains("; misses "),
            "{}",
            last[1]
        );
        assert!(
            last[2].starts_with(&format!("  n = {required} agents: "))
                && last[2].ends_with("meets every target"),
            "{}",
            last[2]
        );
    }
}
