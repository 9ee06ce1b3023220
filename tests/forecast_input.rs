//! Volumes and AHTs from a forecast CSV: a call type's `volume_file` and the
//! command line's `--forecast`, in any spreadsheet locale, give the day the
//! inline values give; the AHT column scales handle times per interval; bad
//! files say which line.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use callsim::kpi::{CallKpi, Scope};
use callsim::run::replicate::{RunOptions, simulate};
use callsim::scenario::Scenario;

fn scenario_text(volume: &str, extra_type: &str) -> String {
    format!(
        r#"
[simulation]
seed = 5
replications = 30
interval_min = 30
open = "08:00"
close = "10:00"

[[call_type]]
name = "support"
{volume}
handle = {{ dist = "lognormal", mean_s = 240, cv = 0.6 }}
patience = {{ dist = "exponential", mean_s = 180 }}
{extra_type}
[[agent_group]]
name = "team"
agents = 16
skills = ["support"]
"#
    )
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn load(dir: &Path, text: &str, forecast: Option<&str>) -> Result<Scenario, String> {
    let path = write(dir, "scenario.toml", text);
    Scenario::from_path_with(Path::new(&path), &[], forecast.map(Path::new))
        .map_err(|e| e.to_string())
}

const PT_BR: &str = "\u{feff}Intervalo;Chamadas;TMA\r\n08:00;100;04:00\r\n08:30;120,5;250\r\n09:00;1.100;240\r\n09:30;90;200\r\n";

#[test]
fn a_volume_file_gives_the_day_its_inline_values_give() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "forecast.csv", PT_BR);
    let from_file = load(
        dir.path(),
        &scenario_text("volume_file = \"forecast.csv\"", ""),
        None,
    )
    .unwrap();
    let inline = load(
        dir.path(),
        &scenario_text(
            "calls_per_interval = [100, 120.5, 1100, 90]\naht_s = [240, 250, 240, 200]",
            "",
        ),
        None,
    )
    .unwrap();
    let options = RunOptions::default();
    let (a, b) = (
        simulate(&from_file, &options).unwrap(),
        simulate(&inline, &options).unwrap(),
    );
    assert_eq!(a.moments, b.moments);
    assert_eq!(a.calls_simulated, b.calls_simulated);
}

#[test]
fn an_aht_equal_to_the_handle_mean_changes_no_draw() {
    let dir = tempfile::tempdir().unwrap();
    let plain = load(
        dir.path(),
        &scenario_text("calls_per_interval = 100", ""),
        None,
    )
    .unwrap();
    let with_aht = load(
        dir.path(),
        &scenario_text("calls_per_interval = 100\naht_s = 240", ""),
        None,
    )
    .unwrap();
    let options = RunOptions::default();
    assert_eq!(
        simulate(&plain, &options).unwrap().moments,
        simulate(&with_aht, &options).unwrap().moments
    );
}

/// The AHT of each interval, measured on the calls answered in it, covers
/// the file's value with its 99.9 % interval (a quiet center: every call is
/// answered, so no selection by patience).
#[test]
fn the_aht_column_sets_each_intervals_handle_time() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "aht.csv",
        "interval,calls,aht_s\n08:00,60,120\n08:30,60,360\n09:00,60,240\n09:30,60,600\n",
    );
    let text = scenario_text("volume_file = \"aht.csv\"", "")
        .replace("agents = 16", "agents = 60")
        .replace("replications = 30", "replications = 200");
    let scenario = load(dir.path(), &text, None).unwrap();
    let run = simulate(&scenario, &RunOptions::default()).unwrap();
    for (k, aht) in [120.0, 360.0, 240.0, 600.0].into_iter().enumerate() {
        let scope = Scope {
            call_type: Some(0),
            interval: Some(k),
        };
        let e = run.moments.call(scope, CallKpi::Aht, 0.999).unwrap();
        let hw = e.half_width.unwrap();
        assert!(
            (e.mean - aht).abs() <= hw,
            "interval {k}: {} ± {hw} vs {aht}",
            e.mean
        );
    }
}

#[test]
fn the_command_lines_forecast_replaces_the_volumes_of_the_call_types_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let forecast = write(
        dir.path(),
        "week.csv",
        "queue;interval;calls;aht_s\nsupport;08:00;100;240\nsupport;08:30;120,5;250\nsupport;09:00;1100;240\nsupport;09:30;90;200\n",
    );
    let sales = "[[call_type]]\nname = \"sales\"\ncalls_per_interval = 7\nhandle = { dist = \"exponential\", mean_s = 200 }\n";
    let text = scenario_text("calls_per_interval = 3", sales).replace(
        "skills = [\"support\"]",
        "skills = [\"support\", \"sales\"]",
    );
    let scenario = load(dir.path(), &text, Some(&forecast)).unwrap();
    assert_eq!(
        scenario.call_types[0].calls_per_interval,
        vec![100.0, 120.5, 1100.0, 90.0]
    );
    assert_eq!(
        scenario.call_types[0].aht_s.as_deref(),
        Some(&[240.0, 250.0, 240.0, 200.0][..])
    );
    assert_eq!(
        scenario.call_types[1].calls_per_interval,
        vec![7.0; 4],
        "sales is not in the file"
    );
}

#[test]
fn simulate_and_staff_take_forecast_and_the_record_holds_the_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let forecast = write(dir.path(), "excel.csv", PT_BR);
    let text = scenario_text("calls_per_interval = 1", "")
        + "\n[targets]\nservice_level_pct = 80\nanswer_within_s = 20\n";
    let scenario = write(dir.path(), "scenario.toml", &text);
    for command in ["simulate", "staff"] {
        let out = Command::cargo_bin("callsim")
            .unwrap()
            .args([
                command,
                &scenario,
                "--forecast",
                &forecast,
                "--format",
                "json",
            ])
            .args(["--set", "simulation.replications=5"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{command}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let echoed = record.to_string();
        assert!(
            echoed.contains("[100.0,120.5,1100.0,90.0]") && !echoed.contains("excel.csv"),
            "{command}: the scenario as simulated holds the forecast's numbers"
        );
    }
}

fn refused(text_volume: &str, files: &[(&str, &str)], forecast: Option<&str>, expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        write(dir.path(), name, text);
    }
    let forecast = forecast.map(|f| dir.path().join(f).to_str().unwrap().to_string());
    let err = load(
        dir.path(),
        &scenario_text(text_volume, ""),
        forecast.as_deref(),
    )
    .unwrap_err();
    assert!(err.contains(expected), "expected `{expected}` in `{err}`");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn bad_forecasts_are_refused_with_the_file_line_and_reason() {
    let volume = "volume_file = \"f.csv\"";
    refused(
        volume,
        &[(
            "f.csv",
            "interval;calls\n08:00;1\n09:00;2\n09:30;3\n10:00;4\n",
        )],
        None,
        "f.csv:3: interval: 09:00 is not the day's interval 2 for `support`, which starts at 08:30: is a row missing",
    );
    refused(
        volume,
        &[("f.csv", "interval;calls\n08:00;1\n08:30;2\n09:00;3\n")],
        None,
        "has 3 values but the day has 4 intervals",
    );
    refused(
        volume,
        &[("f.csv", "queue,interval,calls\nsales,08:00,1\n")],
        None,
        "has no rows for the call type `support` (its queues: sales)",
    );
    refused(
        volume,
        &[(
            "f.csv",
            "date,interval,calls\n2026-12-07,08:00,1\n2026-12-08,08:30,2\n",
        )],
        None,
        "f.csv:3: date: 2026-12-08 after 2026-12-07: the scenario is one day",
    );
    refused(
        volume,
        &[(
            "f.csv",
            "interval,calls,aht_s\n08:00,1,200\n08:30,2,\n09:00,1,200\n09:30,1,200\n",
        )],
        None,
        "f.csv:3: aht_s: is empty",
    );
    refused(
        volume,
        &[("f.csv", "interval;calls\n08:00;12.5\n")],
        None,
        "write 12,5",
    );
    refused(volume, &[], None, "f.csv: cannot read the forecast");
    refused(
        "volume_file = \"f.csv\"\ncalls_per_interval = 4",
        &[("f.csv", "calls\n1\n")],
        None,
        "call_type[0].volume_file: give volume_file or calls_per_interval, not both",
    );
    refused(
        "calls_per_interval = 4",
        &[("f.csv", "queue,calls\nsupport,1\nbilling,2\n")],
        Some("f.csv"),
        "f.csv:3: queue: `billing` is not a call type of the scenario",
    );
}

/// A forecast given where the scenario goes (the planner's first try) is
/// named for what it is, with the way to give it.
#[test]
fn a_forecast_given_as_the_scenario_says_how_to_give_it() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(dir.path(), "forecast.csv", PT_BR);
    for command in ["simulate", "staff"] {
        let out = Command::cargo_bin("callsim")
            .unwrap()
            .args([command, &csv])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("forecast.csv:1: not valid TOML")
                && stderr.contains("this looks like a forecast CSV, not a scenario")
                && stderr.contains("--forecast"),
            "{stderr}"
        );
    }
}
