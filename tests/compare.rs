//! `callsim compare`: common random numbers make paired intervals narrower
//! than unpaired ones; a scenario against itself differs by exactly 0; the
//! output is the same bits on any number of threads; bad input is one sentence.

use assert_cmd::Command;
use serde_json::Value;

const HELPLINE: &str = "scenarios/helpline.toml";
const PLUS_ONE: &str = "scenarios/helpline_plus_one.toml";

fn callsim() -> Command {
    let mut c = Command::cargo_bin("callsim").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn compare_json(args: &[&str]) -> Value {
    let out = callsim()
        .arg("compare")
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

/// The day's KPI `key` of "all" call types.
fn day_kpi<'a>(report: &'a Value, key: &str) -> &'a Value {
    let all = report["day"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "all")
        .unwrap();
    all["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kpi"] == key)
        .unwrap()
}

#[test]
fn one_agent_more_paired_interval_is_narrower_than_welch() {
    let report = compare_json(&[HELPLINE, PLUS_ONE]);
    assert_eq!(report["schema"], "callsim.compare/2");
    assert_eq!(report["scenarios"].as_array().unwrap().len(), 2);
    for key in ["service_level", "asa_s", "abandon_rate", "occupancy"] {
        let kpi = day_kpi(&report, key);
        let d = &kpi["differences"][1];
        let paired = d["half_width"].as_f64().unwrap();
        let welch = d["welch_half_width"].as_f64().unwrap();
        assert!(
            paired < welch,
            "{key}: paired ± {paired} is not narrower than Welch ± {welch}"
        );
        // Every replication defines these KPIs, so the mean difference is the
        // difference of the means.
        let (a, b) = (
            kpi["scenarios"][0]["mean"].as_f64().unwrap(),
            kpi["scenarios"][1]["mean"].as_f64().unwrap(),
        );
        let mean = d["mean"].as_f64().unwrap();
        assert!((mean - (b - a)).abs() < 1e-9 * (1.0 + a.abs()), "{key}");
        assert_eq!(d["pairs"], report["replications"]);
    }
    // One agent more: service level up, ASA down, both significantly.
    let sl = &day_kpi(&report, "service_level")["differences"][1];
    assert!(sl["mean"].as_f64().unwrap() > 0.0);
    assert_eq!(sl["significant"], true);
    let asa = &day_kpi(&report, "asa_s")["differences"][1];
    assert!(asa["mean"].as_f64().unwrap() < 0.0);
    assert_eq!(asa["significant"], true);
    // The same callers in both: offered calls are identical replication by replication.
    let offered = &day_kpi(&report, "offered")["differences"][1];
    assert_eq!(offered["mean"], 0.0);
    assert_eq!(offered["half_width"], 0.0);
    // Intervals and groups are compared too.
    assert_eq!(report["intervals_match"], true);
    assert_eq!(report["intervals"].as_array().unwrap().len(), 18);
    assert_eq!(report["groups"][0]["name"], "agents");
}

#[test]
fn a_scenario_against_itself_differs_by_exactly_zero() {
    let report = compare_json(&[HELPLINE, HELPLINE]);
    let mut checked = 0;
    let sets = report["day"]
        .as_array()
        .unwrap()
        .iter()
        .chain(report["groups"].as_array().unwrap())
        .chain(
            report["intervals"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|i| i["call_types"].as_array().unwrap()),
        );
    for set in sets {
        for kpi in set["kpis"].as_array().unwrap() {
            assert_eq!(kpi["differences"][0], Value::Null);
            assert_eq!(kpi["scenarios"][0], kpi["scenarios"][1]);
            let d = &kpi["differences"][1];
            if d.is_null() {
                continue;
            }
            assert_eq!(d["mean"], 0.0, "{kpi}");
            assert_eq!(d["half_width"], 0.0, "{kpi}");
            assert_eq!(d["significant"], false, "{kpi}");
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} KPIs compared");
}

#[test]
fn thread_count_does_not_change_the_result() {
    let strip = |mut v: Value| {
        v.as_object_mut().unwrap().remove("run");
        v
    };
    let one = strip(compare_json(&[HELPLINE, PLUS_ONE, "--threads", "1"]));
    let two = strip(compare_json(&[HELPLINE, PLUS_ONE, "--threads", "2"]));
    assert_eq!(one, two);
}

#[test]
fn other_seeds_and_replications_are_replaced_by_the_first_ones_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other_seed.toml");
    let text =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(PLUS_ONE))
            .unwrap()
            .replace("seed = 2026", "seed = 7")
            .replace("replications = 200", "replications = 30");
    std::fs::write(&other, text).unwrap();
    let out = callsim()
        .args(["compare", HELPLINE])
        .arg(&other)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("gives seed 7 and 30 replications; the first scenario's are used"),
        "{stderr}"
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["scenarios"][1]["seed_in_file"], 7);
    assert_eq!(
        report["scenarios"][1]["content"]["simulation"]["seed"],
        2026
    );
    // The same numbers as the bundled file with the right seed.
    let bundled = compare_json(&[HELPLINE, PLUS_ONE]);
    assert_eq!(report["day"], bundled["day"]);
}

fn fails_with(args: &[&str], expected: &str) {
    let out = callsim().arg("compare").args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(expected), "{stderr}");
}

#[test]
fn bad_input_is_one_sentence() {
    fails_with(&[HELPLINE], "compare needs at least two scenario files");
    fails_with(
        &[HELPLINE, "scenarios/no_such_file.toml"],
        "cannot read scenario scenarios/no_such_file.toml",
    );
    fails_with(
        &[HELPLINE, "scenarios/invalid/agents_text.toml"],
        "error: scenarios/invalid/agents_text.toml:17: agent_group[0].agents: expected a whole number",
    );
}

#[test]
fn no_partial_output_file_on_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("out.json");
    callsim()
        .args([
            "compare",
            HELPLINE,
            "scenarios/invalid/agents_text.toml",
            "--output",
        ])
        .arg(&output)
        .assert()
        .failure();
    assert!(!output.exists());
}

#[test]
fn charts_and_report_of_a_comparison_and_of_a_sweep() {
    let dir = tempfile::tempdir().unwrap();
    let charts = dir.path().join("charts");
    let report = dir.path().join("compare.html");
    let saved = dir.path().join("compare.json");
    callsim()
        .args([
            "compare", HELPLINE, PLUS_ONE, "--quiet", "--format", "json", "--plot",
        ])
        .arg(&charts)
        .arg("--report")
        .arg(&report)
        .arg("--output")
        .arg(&saved)
        .assert()
        .success();
    for kpi in ["service_level", "asa_s", "abandon_rate", "occupancy"] {
        for ext in ["png", "svg"] {
            let file = charts.join(format!("compare_{kpi}.{ext}"));
            assert!(std::fs::metadata(&file).unwrap().len() > 1000, "{file:?}");
        }
    }
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("callsim comparison report"));
    assert!(html.contains("id=\"chart-compare_service_level\""));
    assert!(html.contains("unpaired interval (Welch)"));
    // `callsim plot` draws the same charts from the saved JSON.
    let again = dir.path().join("again");
    callsim()
        .args(["plot"])
        .arg(&saved)
        .arg("--plot")
        .arg(&again)
        .assert()
        .success();
    for kpi in ["service_level", "asa_s", "abandon_rate", "occupancy"] {
        let name = format!("compare_{kpi}.png");
        assert_eq!(
            std::fs::read(charts.join(&name)).unwrap(),
            std::fs::read(again.join(&name)).unwrap()
        );
    }

    let sweep_charts = dir.path().join("sweep");
    let sweep_report = dir.path().join("sweep.html");
    callsim()
        .args([
            "sweep",
            HELPLINE,
            "--vary",
            "agent_group[0].agents=15:19:2",
            "--lang",
            "pt",
            "--plot",
        ])
        .arg(&sweep_charts)
        .arg("--report")
        .arg(&sweep_report)
        .assert()
        .success();
    for kpi in ["service_level", "asa_s", "abandon_rate", "occupancy"] {
        assert!(sweep_charts.join(format!("sweep_{kpi}.png")).exists());
    }
    let html = std::fs::read_to_string(&sweep_report).unwrap();
    assert!(html.contains("relatório de variação"));
    assert!(html.contains("agent_group[0].agents"));
}

#[test]
fn a_bad_chart_folder_is_refused_before_running() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let out = callsim()
        .args(["compare", HELPLINE, PLUS_ONE, "--plot"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a file; give a folder"));
}

#[test]
fn unmatched_names_and_intervals_are_noted() {
    let report = compare_json(&[HELPLINE, "scenarios/two_skill.toml"]);
    let notes: Vec<&str> = report["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("B has call types that A lacks, not compared by name: billing")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("B lacks A's call types support")),
        "{notes:?}"
    );
    // "all" is still compared; A's own call type has no value in B.
    let support = &report["day"][0];
    assert_eq!(support["name"], "support");
    assert_eq!(support["kpis"][0]["scenarios"][1], Value::Null);
    assert_eq!(support["kpis"][0]["differences"][1], Value::Null);
    assert!(day_kpi(&report, "service_level")["differences"][1]["mean"].is_f64());
    if report["intervals_match"] == false {
        assert!(report["intervals"].as_array().unwrap().is_empty());
        assert!(notes.iter().any(|n| n.contains("only whole-day KPIs")));
    }
}

#[test]
fn guide_compare_chart_is_current() {
    let dir = tempfile::tempdir().unwrap();
    callsim()
        .args([
            "compare",
            HELPLINE,
            PLUS_ONE,
            "--quiet",
            "--output",
            "/dev/null",
            "--plot",
        ])
        .arg(dir.path())
        .assert()
        .success();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let page = std::fs::read_to_string(root.join("docs/src/tutorials/manager.md")).unwrap();
    let name = "compare_service_level.png";
    assert!(page.contains(&format!("(../images/{name})")));
    assert!(
        std::fs::read(root.join("docs/src/images").join(name)).unwrap()
            == std::fs::read(dir.path().join(name)).unwrap(),
        "docs/src/images/{name} is out of date: callsim compare {HELPLINE} {PLUS_ONE} --plot docs/src/images"
    );
}

#[test]
fn csv_has_a_row_per_kpi_and_scenario_of_the_json() {
    let report = compare_json(&[HELPLINE, PLUS_ONE]);
    let out = callsim()
        .args(["compare", HELPLINE, PLUS_ONE, "--format", "csv", "--quiet"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "section,interval,start,name,kpi,scenario,source,mean,half_width,difference,difference_half_width,welch_half_width,significant,pairs"
    );
    let count = |v: &Value| -> usize {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s["kpis"].as_array().unwrap().len())
            .sum()
    };
    let intervals: usize = report["intervals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| count(&i["call_types"]))
        .sum();
    let kpis = count(&report["day"]) + count(&report["groups"]) + intervals;
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), kpis * 2);
    // The service-level row of B for the day, all call types, as in the JSON.
    let sl = day_kpi(&report, "service_level");
    let row = rows
        .iter()
        .find(|r| r.starts_with("day,,,all,service_level,B,"))
        .unwrap();
    let fields: Vec<&str> = row.split(',').collect();
    assert_eq!(
        fields[9].parse::<f64>().unwrap(),
        sl["differences"][1]["mean"].as_f64().unwrap()
    );
    assert_eq!(fields[12], "true");
}

#[test]
fn charts_are_valid_svg_with_text_as_outlines() {
    let dir = tempfile::tempdir().unwrap();
    callsim()
        .args([
            "compare",
            HELPLINE,
            PLUS_ONE,
            "--quiet",
            "--output",
            "/dev/null",
            "--plot",
        ])
        .arg(dir.path())
        .assert()
        .success();
    callsim()
        .args(["sweep", HELPLINE, "--vary", "volume_pct=90,110", "--quiet"])
        .args(["--output", "/dev/null", "--plot"])
        .arg(dir.path())
        .assert()
        .success();
    let mut svgs = 0;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "svg") {
            let text = std::fs::read_to_string(&path).unwrap();
            let doc = roxmltree::Document::parse(&text).unwrap();
            assert!(
                !doc.descendants().any(|n| n.has_tag_name("text")),
                "{path:?} has <text>"
            );
            svgs += 1;
        }
    }
    assert_eq!(svgs, 8);
}

#[test]
fn every_table_fits_a_terminal_of_100_columns() {
    // Four options: the estimates and the differences no longer fit in one
    // table and are cut, each difference kept with its Welch ±.
    let faster = "scenarios/helpline_faster_handling.toml";
    for lang in ["en", "pt"] {
        let out = callsim()
            .args(["compare", HELPLINE, PLUS_ONE, faster, PLUS_ONE, "--quiet"])
            .args(["--set", "simulation.replications=20", "--lang", lang])
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        // Table rows hold an estimate (±); sentences end with a full stop.
        let rows: Vec<&str> = text
            .lines()
            .filter(|l| l.contains('±') && !l.ends_with('.'))
            .collect();
        assert!(rows.len() > 40, "{text}");
        for row in rows {
            assert!(row.chars().count() <= 100, "{lang}: {row}");
        }
        for header in ["B − A", "D − A"] {
            let line = text.lines().find(|l| l.contains(header)).unwrap();
            assert!(
                line[line.find(header).unwrap()..].contains("Welch ±"),
                "{lang}: {header} without its Welch ± in {line}"
            );
        }
    }
}
