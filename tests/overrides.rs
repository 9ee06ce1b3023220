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
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains("\nnone "));
}
