//! `callsim erlang --compare-models --scenario FILE`: the simulation of an
//! M/M/n+M scenario beside Erlang C and Erlang A. Its confidence intervals
//! cover Erlang A's exact values in every row; scenarios that are not one
//! stationary queue, and options that clash, are refused in one sentence.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const SCENARIO: &str = "scenarios/erlang_a_check.toml";

fn callsim() -> Command {
    Command::cargo_bin("callsim").unwrap()
}

fn models_json(args: &[&str]) -> Value {
    let output = callsim()
        .args(["erlang", "--compare-models"])
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

/// Two-sided normal quantile for a family of `tests` comparisons at 5 %
/// overall (Bonferroni: each at 5 %/tests), by bisection on erfc.
fn bonferroni_z(tests: usize) -> f64 {
    let alpha = 0.05 / tests as f64;
    // P(|Z| > z) = erfc(z/√2); erfc by its continued-fraction-free series
    // is not in std, so integrate the normal density (Simpson) instead.
    let tail = |z: f64| {
        let steps = 2000;
        let (a, b) = (z, z + 12.0);
        let h = (b - a) / steps as f64;
        let f = |x: f64| (-x * x / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt();
        let mut sum = f(a) + f(b);
        for i in 1..steps {
            let x = a + i as f64 * h;
            sum += if i % 2 == 1 { 4.0 } else { 2.0 } * f(x);
        }
        2.0 * sum * h / 3.0
    };
    let (mut low, mut high) = (0.0, 10.0);
    for _ in 0..100 {
        let mid = (low + high) / 2.0;
        if tail(mid) > alpha {
            low = mid;
        } else {
            high = mid;
        }
    }
    low
}

/// Every row's simulated service level and abandonment cover Erlang A's
/// values within their confidence intervals, widened for the number of
/// comparisons made.
fn simulation_covers_erlang_a(record: &Value) {
    let simulation = &record["simulation"];
    let rows = simulation["rows"].as_array().unwrap();
    let over_agents = record["over_agents"].as_array().unwrap();
    assert_eq!(rows.len(), over_agents.len());
    assert!(rows.len() >= 5);
    // The reported half-widths are Student t at the run's confidence (95 %):
    // back to a standard error with 1.96 (t with 100+ replications is a
    // little larger, so this errs wide by under 1 %), then widened to a
    // Bonferroni z for the 2 KPIs × rows comparisons, so that the whole
    // family fails by chance at most 5 % of the time.
    let confidence = simulation["confidence"].as_f64().unwrap();
    assert_eq!(confidence, 0.95);
    let z = bonferroni_z(2 * rows.len());
    assert!(z > 2.8 && z < 3.3, "{z}");
    for (sim, formula) in rows.iter().zip(over_agents) {
        assert_eq!(sim["agents"], formula["agents"]);
        let a = &formula["erlang_a"];
        for (kpi, exact) in [("service_level", "service_level"), ("abandon", "abandon")] {
            let mean = sim[kpi]["mean"].as_f64().unwrap();
            let half_width = sim[kpi]["half_width"].as_f64().unwrap();
            let exact = a[exact].as_f64().unwrap();
            let allowed = half_width / 1.96 * z;
            assert!(
                (mean - exact).abs() <= allowed,
                "{} agents: simulated {kpi} {mean} ± {allowed} misses Erlang A's {exact}",
                sim["agents"]
            );
        }
        // The same callers in every row: the offered calls do not depend on the agents.
        assert_eq!(
            sim["offered_per_replication"],
            rows[0]["offered_per_replication"]
        );
    }
}

#[test]
fn the_bundled_scenario_matches_erlang_a_in_every_row() {
    let record = models_json(&["--scenario", SCENARIO]);
    assert_eq!(record["schema"], "callsim.erlang_models/1");
    // The traffic is the scenario's: 200 calls/h × 180 s, patience 120 s.
    assert!((record["traffic"]["offered_load_erlangs"].as_f64().unwrap() - 10.0).abs() < 1e-9);
    assert_eq!(record["patience_s"], 120.0);
    assert_eq!(record["agents"], 12);
    let simulation = &record["simulation"];
    assert_eq!(simulation["replications"], 200);
    assert_eq!(simulation["warmup_s"], 3600.0);
    assert_eq!(simulation["handle"], "exponential");
    simulation_covers_erlang_a(&record);
}

/// A second M/M/n+M case: short patience (30 s) over more agents, its
/// own threshold and agents given on the command line.
#[test]
fn a_short_patience_queue_matches_erlang_a_in_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("short_patience.toml");
    fs::write(
        &path,
        r#"
[simulation]
seed = 7
replications = 100
interval_min = 60
intervals = 7
warmup_min = 60

[[call_type]]
name = "calls"
calls_per_hour = 360
handle = { dist = "exponential", mean_s = 300 }
patience = { dist = "exponential", mean_s = 30 }

[[agent_group]]
name = "agents"
agents = 30
skills = ["calls"]
"#,
    )
    .unwrap();
    let record = models_json(&[
        "--scenario",
        path.to_str().unwrap(),
        "--agents",
        "31",
        "--sl-threshold-s",
        "15",
    ]);
    assert_eq!(record["service_level_threshold_s"], 15.0);
    assert_eq!(record["agents"], 31);
    simulation_covers_erlang_a(&record);
}

#[test]
fn same_seed_gives_the_same_simulation_whatever_the_threads() {
    use callsim::erlang::{ServiceLevelBasis, ServiceLevelQuery};
    use callsim::study::erlang_models::{scenario_traffic, simulate_over_agents};
    let scenario = callsim::scenario::Scenario::from_path(Path::new(SCENARIO)).unwrap();
    let traffic = scenario_traffic(&scenario).unwrap();
    assert_eq!(traffic.agents, 12);
    assert!((traffic.calls_per_hour - 200.0).abs() < 1e-9);
    let query = ServiceLevelQuery::new(20.0, ServiceLevelBasis::Offered).unwrap();
    let agents = [11, 12, 13];
    let one = simulate_over_agents(&scenario, &agents, query, Some(1), None).unwrap();
    let three = simulate_over_agents(&scenario, &agents, query, Some(3), None).unwrap();
    assert_eq!(one, three);
}

#[test]
fn table_csv_and_pt_show_the_simulation() {
    let table = callsim()
        .args(["erlang", "--compare-models", "--scenario", SCENARIO])
        .output()
        .unwrap();
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(
        text.contains("S: SL %") && text.contains("Simulated (S): "),
        "{text}"
    );
    assert!(
        text.contains("calls of the first 60 min not counted (warm-up)"),
        "{text}"
    );
    // The table over agents fits 100 columns.
    let table: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != "Over agents")
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(
        table.len() > 5 && table.iter().all(|l| l.chars().count() <= 100),
        "{text}"
    );
    let pt = callsim()
        .args([
            "erlang",
            "--compare-models",
            "--scenario",
            SCENARIO,
            "--lang",
            "pt",
        ])
        .output()
        .unwrap();
    let pt = String::from_utf8(pt.stdout).unwrap();
    assert!(
        pt.contains("S: NS %") && pt.contains("Simulação (S): "),
        "{pt}"
    );
    assert!(pt.contains("(aquecimento)"), "{pt}");
    let csv = callsim()
        .args([
            "erlang",
            "--compare-models",
            "--scenario",
            SCENARIO,
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.lines().next().unwrap().ends_with("abandon_half_width"));
    assert_eq!(
        csv.lines().filter(|l| l.starts_with("simulation,")).count(),
        7
    );
}

#[test]
fn the_chart_has_the_simulation_series() {
    let dir = tempfile::tempdir().unwrap();
    let output = callsim()
        .args([
            "erlang",
            "--compare-models",
            "--scenario",
            SCENARIO,
            "--plot",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    let svg = fs::read_to_string(dir.path().join("erlang_models_agents.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("valid SVG");
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect();
    let text = titles.join("\n");
    for label in [
        "Erlang C",
        "Erlang A, patience 120 s",
        "simulation (95 % interval)",
    ] {
        assert!(
            text.contains(label),
            "no `{label}` in the chart's labels:\n{text}"
        );
    }
    assert!(Path::new(&dir.path().join("erlang_models_agents.png")).exists());
}

/// Runs `callsim erlang --compare-models ARGS`, expects exit code 2 and one
/// error line containing `message`.
fn fails_with(args: &[&str], message: &str) {
    let output = callsim()
        .args(["erlang", "--compare-models"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "args {args:?}: {stderr}");
    assert!(
        stderr.contains(message),
        "args {args:?}: expected `{message}` in `{stderr}`"
    );
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn scenarios_that_are_not_one_stationary_queue_are_refused() {
    let one_queue = "Erlang C and A describe one stationary queue";
    fails_with(
        &["--scenario", "scenarios/two_skill.toml"],
        "scenarios/two_skill.toml: it has 2 call types, and Erlang C and A describe one stationary queue",
    );
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    let varying = write(
        "varying.toml",
        r#"
[simulation]
seed = 1
replications = 10
interval_min = 60
intervals = 3

[[call_type]]
name = "calls"
calls_per_interval = [100, 200, 150]
handle = { dist = "exponential", mean_s = 180 }
patience = { dist = "exponential", mean_s = 120 }

[[agent_group]]
name = "agents"
agents = 12
skills = ["calls"]
"#,
    );
    fails_with(
        &["--scenario", &varying],
        "its arrival rate changes over the day (from 100 to 200 calls per interval)",
    );
    fails_with(&["--scenario", &varying], one_queue);
    let patient = write(
        "patient.toml",
        r#"
[simulation]
seed = 1
replications = 10
interval_min = 60
intervals = 3

[[call_type]]
name = "calls"
calls_per_hour = 200
handle = { dist = "exponential", mean_s = 180 }

[[agent_group]]
name = "agents"
agents = 12
skills = ["calls"]
"#,
    );
    fails_with(&["--scenario", &patient], "its callers never hang up");
    fails_with(
        &["--scenario", "scenarios/no_such_file.toml"],
        "scenarios/no_such_file.toml",
    );
}

#[test]
fn options_that_clash_with_a_scenario_are_refused() {
    for flag in ["--erlangs", "--calls-per-hour", "--aht-s", "--patience-s"] {
        fails_with(
            &["--scenario", SCENARIO, flag, "10"],
            &format!(
                "--scenario gives the traffic (its arrival rate, AHT and patience): leave out {flag}"
            ),
        );
    }
    let output = callsim()
        .args(["erlang", "--scenario", SCENARIO, "--agents", "12"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("use it with --compare-models"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_costly_simulation_needs_force() {
    // The bundled queue on 100 000 replications of 16 hours, at 201 agent
    // counts: about 6 core-hours, refused before anything runs (the timeout
    // stops the test, not the machine, if it is not).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.toml");
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/erlang_a_check.toml"),
    )
    .unwrap()
    .replace("replications = 200", "replications = 100000")
    .replace("close = \"16:00\"", "close = \"23:00\"");
    assert!(text.contains("replications = 100000") && text.contains("23:00"));
    std::fs::write(&path, text).unwrap();
    let output = callsim()
        .args(["erlang", "--compare-models", "--scenario"])
        .arg(&path)
        .args(["--around", "100"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("more than the 1 core-hour of processor time or 4 GiB of memory callsim starts without --force"),
        "{stderr}"
    );
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    let output = callsim()
        .args([
            "erlang",
            "--erlangs",
            "10",
            "--aht-s",
            "180",
            "--agents",
            "12",
            "--force",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("goes with --compare-models --scenario")
    );
}
