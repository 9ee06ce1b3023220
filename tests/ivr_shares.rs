//! An IVR option's share set alone (`--set` or `--vary`): the node's other
//! options are scaled in their proportions so that the menu sums to 100 %,
//! the shares simulated are those, and a share that cannot be made up is
//! refused in one sentence.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const IVR: &str = "scenarios/ivr.toml";

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

/// The `prob_pct` of each option of `ivr_node[node]` in a scenario echo.
fn shares(content: &Value, node: usize) -> Vec<f64> {
    content["ivr_node"][node]["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["prob_pct"].as_f64().unwrap())
        .collect()
}

/// At each point the menu sums to 100 % exactly (in validation's units of
/// 10⁻⁶ %), the varied option has its value and the others keep the
/// proportions of the file.
#[test]
fn a_swept_share_scales_the_other_options_in_proportion() {
    let values = [10.0, 25.0, 50.0, 80.0];
    let spec = "ivr_node[1].options[0].prob_pct=10,25,50,80";
    let sweep = json(&[
        "sweep",
        IVR,
        "--vary",
        spec,
        "--set",
        "simulation.replications=2",
    ]);
    let file = shares(&sweep["scenario"]["content"], 1);
    let others_in_file: f64 = file[1..].iter().sum();
    for (i, point) in sweep["points"].as_array().unwrap().iter().enumerate() {
        let node = &point["ivr_shares"][0];
        assert_eq!(node["node"], "ivr_node[1]");
        assert_eq!(node["name"], "cards menu");
        let now: Vec<f64> = node["prob_pct"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        assert_eq!(now.len(), file.len());
        let units: i64 = now.iter().map(|s| (s * 1e6).round() as i64).sum();
        assert_eq!(units, 100_000_000, "{now:?}");
        assert_eq!(now[0], values[i]);
        for o in 1..now.len() {
            let proportional = file[o] * (100.0 - values[i]) / others_in_file;
            assert!((now[o] - proportional).abs() <= 1e-6, "{now:?}");
        }
        // The same shares as `simulate --set` of the same value.
        let plain = json(&[
            "simulate",
            IVR,
            "--set",
            "simulation.replications=2",
            "--set",
            &format!("ivr_node[1].options[0].prob_pct={}", values[i]),
        ]);
        assert_eq!(shares(&plain["scenario"]["content"], 1), now);
    }
    // The terminal gives the shares at each point.
    let out = callsim()
        .args([
            "sweep",
            IVR,
            "--vary",
            spec,
            "--set",
            "simulation.replications=2",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("ivr_node[1] \"cards menu\": each option's share, % (the others scaled"),
        "{text}"
    );
    for point in sweep["points"].as_array().unwrap() {
        let mut row = vec![point["value"].as_str().unwrap().to_string()];
        row.extend(
            point["ivr_shares"][0]["prob_pct"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap().to_string()),
        );
        assert!(
            text.lines()
                .any(|l| l.split_whitespace().collect::<Vec<_>>() == row),
            "{row:?}: {text}"
        );
    }
}

#[test]
fn set_says_how_it_scaled_and_keeps_the_shares_set() {
    let out = callsim()
        .args([
            "simulate",
            IVR,
            "--set",
            "simulation.replications=2",
            "--set",
            "ivr_node[0].options[0].prob_pct=25",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("warning: ivr_node[0] \"welcome\": the options' shares are now 25 / "),
        "{stderr}"
    );
    // Two shares set: both kept, the third takes the rest.
    let both = json(&[
        "simulate",
        IVR,
        "--set",
        "simulation.replications=2",
        "--set",
        "ivr_node[0].options[0].prob_pct=30",
        "--set",
        "ivr_node[0].options[1].prob_pct=60",
    ]);
    assert_eq!(shares(&both["scenario"]["content"], 0), [30.0, 60.0, 10.0]);
    // Every share set: as written, as before (the file's own shares).
    let all = json(&[
        "simulate",
        IVR,
        "--set",
        "simulation.replications=2",
        "--set",
        "ivr_node[0].options[0].prob_pct=45",
        "--set",
        "ivr_node[0].options[1].prob_pct=50",
        "--set",
        "ivr_node[0].options[2].prob_pct=5",
    ]);
    assert!(all["warnings"].as_array().unwrap().is_empty());
}

/// A menu of three options, fed by one entry, in a temporary folder.
fn menu(dir: &Path, options: [f64; 3]) -> PathBuf {
    let [queue, self_service, hang_up] = options;
    let text = format!(
        r#"[simulation]
seed = 5
replications = 20
interval_min = 60
open = "08:00"
close = "12:00"

[[entry]]
name = "main"
calls_per_interval = 400
ivr = "menu"

[[ivr_node]]
name = "menu"
prompt = {{ dist = "constant", value_s = 10 }}
options = [
  {{ prob_pct = {queue}, queue = "calls" }},
  {{ prob_pct = {self_service}, outcome = "self_service" }},
  {{ prob_pct = {hang_up}, outcome = "hang_up" }},
]

[[call_type]]
name = "calls"
handle = {{ dist = "exponential", mean_s = 200 }}

[[agent_group]]
name = "team"
agents = 30
skills = ["calls"]
"#
    );
    let path = dir.join("menu.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// The callers leaving by each option are the shares, within a binomial
/// confidence interval (4 standard errors: a chance of 6e-5 each).
#[test]
fn callers_take_the_scaled_shares() {
    let dir = tempfile::tempdir().unwrap();
    let path = menu(dir.path(), [50.0, 30.0, 20.0]);
    let path = path.to_str().unwrap();
    for share in ["10", "70"] {
        let run = json(&[
            "simulate",
            path,
            "--set",
            &format!("ivr_node[0].options[1].prob_pct={share}"),
        ]);
        let expected = shares(&run["scenario"]["content"], 0);
        assert_eq!(expected[1], share.parse::<f64>().unwrap());
        let replications = run["replications"]["count"].as_f64().unwrap();
        let count = |v: &Value| v["mean"].as_f64().unwrap() * replications;
        let entry = &run["entries"][0]["day"];
        let calls = count(&entry["calls"]);
        let offered = run["totals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["call_type"] == "calls")
            .map(|t| count(&t["kpis"]["offered"]))
            .unwrap();
        let taken = [
            offered,
            count(&entry["contained"]),
            count(&entry["ivr_abandoned"]),
        ];
        assert!(
            (taken.iter().sum::<f64>() - calls).abs() < 0.5,
            "{taken:?} of {calls}"
        );
        for (k, &n) in taken.iter().enumerate() {
            let p = expected[k] / 100.0;
            let observed = n / calls;
            let standard_error = (p * (1.0 - p) / calls).sqrt();
            assert!(
                (observed - p).abs() <= 4.0 * standard_error,
                "share {share}: option {k} taken by {observed}, expected {p} ± {}",
                4.0 * standard_error
            );
        }
    }
}

#[test]
fn shares_that_cannot_be_made_up_are_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let zeros = menu(dir.path(), [100.0, 0.0, 0.0]);
    let zeros = zeros.to_str().unwrap().to_string();
    for (scenario, sets, expected) in [
        (
            IVR.to_string(),
            &["ivr_node[1].options[0].prob_pct=120"][..],
            "error: --set ivr_node[1].options[0].prob_pct=120: a share is a percentage from 0 to 100 (the node's other options are scaled to make up the rest), got 120",
        ),
        (
            IVR.to_string(),
            &["ivr_node[1].options[0].prob_pct=100"][..],
            "error: --set ivr_node[1].options[0].prob_pct=100: leaves 0 % for the other options of ivr_node[1] (options[1], options[2], options[3]), and every option needs a share above 0",
        ),
        (
            IVR.to_string(),
            &[
                "ivr_node[0].options[0].prob_pct=70",
                "ivr_node[0].options[1].prob_pct=60",
            ][..],
            "error: --set ivr_node[0].options[1].prob_pct=60: the shares set in ivr_node[0] add up to 130 %, more than 100 %",
        ),
        (
            zeros,
            &["ivr_node[0].options[0].prob_pct=60"][..],
            "error: --set ivr_node[0].options[0].prob_pct=60: the other options of ivr_node[0] (options[1], options[2]) have no share to scale",
        ),
    ] {
        let mut cmd = callsim();
        cmd.args(["simulate", &scenario]);
        for set in sets {
            cmd.args(["--set", set]);
        }
        let out = cmd.output().unwrap();
        assert!(!out.status.success(), "{sets:?}");
        assert!(out.stdout.is_empty());
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with(expected), "{sets:?}: {stderr}");
    }
    // A sweep says it once, after its own --vary.
    let out = callsim()
        .args([
            "sweep",
            IVR,
            "--vary",
            "ivr_node[1].options[0].prob_pct=20,120",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.trim_end(),
        "error: --vary ivr_node[1].options[0].prob_pct=120: a share is a percentage from 0 to 100 (the node's other options are scaled to make up the rest), got 120"
    );
}
