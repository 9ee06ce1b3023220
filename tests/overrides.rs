//! `--set PATH=none` takes a setting out of a scenario: the run is the run
//! of the same file without it, and a path that is not there is refused.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The KPIs of a run as JSON, without what names the file or times the run.
fn kpis(scenario: &Path, sets: &[&str]) -> serde_json::Value {
    let mut cmd = Command::cargo_bin("callsim").unwrap();
    cmd.current_dir(root())
        .args(["simulate", "--quiet", "--format", "json", "--threads", "2"])
        .arg(scenario)
        .args(["--set", "simulation.replications=8"]);
    for set in sets {
        cmd.args(["--set", set]);
    }
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let object = json.as_object_mut().unwrap();
    for key in ["scenario", "run", "warnings"] {
        object.remove(key);
    }
    json
}

/// `file` with the lines `drop` picks taken out, in a temporary folder.
fn without_lines(dir: &Path, file: &str, drop: impl Fn(&str) -> bool) -> std::path::PathBuf {
    let text = fs::read_to_string(root().join(file)).unwrap();
    let kept: Vec<&str> = text.lines().filter(|l| !drop(l)).collect();
    assert!(kept.len() < text.lines().count(), "{file}: nothing dropped");
    let path = dir.join(Path::new(file).file_name().unwrap());
    fs::write(&path, kept.join("\n")).unwrap();
    path
}

#[test]
fn none_removes_an_optional_table_and_a_setting() {
    let dir = tempfile::tempdir().unwrap();
    // The [trunks] table: blocked calls disappear with it.
    let no_trunks = without_lines(dir.path(), "scenarios/trunks.toml", |l| {
        l.starts_with("[trunks]") || l.starts_with("lines =")
    });
    let removed = kpis(&root().join("scenarios/trunks.toml"), &["trunks=none"]);
    assert_eq!(removed, kpis(&no_trunks, &[]));
    assert_ne!(removed, kpis(&root().join("scenarios/trunks.toml"), &[]));

    // A call type's patience: nobody hangs up.
    let patient = without_lines(dir.path(), "scenarios/helpline.toml", |l| {
        l.starts_with("patience")
    });
    let removed = kpis(
        &root().join("scenarios/helpline.toml"),
        &["call_type[0].patience=none"],
    );
    assert_eq!(removed, kpis(&patient, &[]));
    let abandoned = &removed["totals"][0]["kpis"]["abandoned"]["mean"];
    assert_eq!(abandoned.as_f64(), Some(0.0), "{abandoned}");
}

#[test]
fn none_refuses_a_path_that_is_not_there_and_blames_the_override() {
    for (set, message) in [
        (
            "call_type[0].patiense=none",
            "error: --set call_type[0].patiense=none: call_type[0].patiense is not in the scenario, so there is nothing to remove",
        ),
        (
            "trunks=none",
            "error: --set trunks=none: trunks is not in the scenario, so there is nothing to remove",
        ),
        (
            "call_type[3]=none",
            "call_type[3] is not in the scenario, so there is nothing to remove",
        ),
        // A required setting removed: the error is the override's, not the file's line.
        (
            "call_type[0].handle=none",
            "error: scenarios/helpline.toml (--set call_type[0]): missing field `handle`",
        ),
    ] {
        let output = Command::cargo_bin("callsim")
            .unwrap()
            .current_dir(root())
            .args(["simulate", "scenarios/helpline.toml", "--set", set])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{set}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{set}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{set}: {stderr}");
    }
    // In quotes, none is the text: here a name.
    let output = Command::cargo_bin("callsim")
        .unwrap()
        .current_dir(root())
        .args([
            "simulate",
            "scenarios/helpline.toml",
            "--quiet",
            "--set",
            "simulation.replications=2",
            "--set",
            "call_type[0].name=\"none\"",
            "--set",
            "agent_group[0].skills=[\"none\"]",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("\nnone "));
}

fn json_of(args: &[&str]) -> serde_json::Value {
    let output = Command::cargo_bin("callsim")
        .unwrap()
        .current_dir(root())
        .args(args)
        .args(["--quiet", "--format", "json", "--threads", "2"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The day's KPI `kpi` of all call types, one (mean, difference) per scenario.
fn day_kpi(json: &serde_json::Value, kpi: &str) -> Vec<(f64, Option<f64>)> {
    let all = json["day"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "all")
        .unwrap_or(&json["day"][0]);
    let k = all["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kpi"] == kpi)
        .unwrap();
    let means = k["scenarios"].as_array().unwrap().iter();
    means
        .zip(k["differences"].as_array().unwrap())
        .map(|(e, d)| (e["mean"].as_f64().unwrap(), d["mean"].as_f64()))
        .collect()
}

#[test]
fn compare_and_sweep_take_set_for_every_scenario() {
    // B has one agent more than A; set both to 20 and they are the same center.
    let both = json_of(&[
        "compare",
        "scenarios/helpline.toml",
        "scenarios/helpline_plus_one.toml",
        "--set",
        "simulation.replications=6",
        "--set",
        "agent_group[0].agents=20",
    ]);
    assert_eq!(both["replications"], 6);
    let sl = day_kpi(&both, "service_level");
    assert_eq!(sl[0].0, sl[1].0);
    assert_eq!(sl[1].1, Some(0.0));
    let apart = json_of(&[
        "compare",
        "scenarios/helpline.toml",
        "scenarios/helpline_plus_one.toml",
        "--set",
        "simulation.replications=6",
    ]);
    assert!(day_kpi(&apart, "service_level")[1].1.unwrap() > 0.0);

    // Every point of a sweep: nobody hangs up at any staffing.
    let sweep = json_of(&[
        "sweep",
        "scenarios/helpline.toml",
        "--vary",
        "agent_group[0].agents=15:17:1",
        "--set",
        "simulation.replications=4",
        "--set",
        "call_type[0].patience=none",
    ]);
    assert_eq!(sweep["replications"], 4);
    let abandoned = day_kpi(&sweep, "abandoned");
    assert_eq!(abandoned.len(), 3);
    assert!(
        abandoned.iter().all(|&(mean, _)| mean == 0.0),
        "{abandoned:?}"
    );
    // A bad --set names itself, in compare as in simulate.
    let output = Command::cargo_bin("callsim")
        .unwrap()
        .current_dir(root())
        .args([
            "compare",
            "scenarios/helpline.toml",
            "scenarios/helpline_plus_one.toml",
            "--set",
            "simulation.replications=abc",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("(--set simulation.replications)") && stderr.lines().count() == 1,
        "{stderr}"
    );
}
