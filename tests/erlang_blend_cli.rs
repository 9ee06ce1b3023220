//! `callsim erlang --blend-above K`: the blending model from the command
//! line. Its figures are the library's chain (`erlang::Blending`, checked
//! on its own in `erlang_blend.rs`) at K and at each threshold around it; the
//! targets are judged on the inbound calls; every kind of bad input is one
//! sentence and exit code 2.

use assert_cmd::Command;
use callsim::erlang::{Blending, Dialer, Traffic};
use serde_json::Value;

fn callsim() -> Command {
    Command::cargo_bin("callsim").unwrap()
}

const CENTER: [&str; 8] = [
    "--calls-per-hour",
    "300",
    "--aht-s",
    "180",
    "--agents",
    "20",
    "--patience-s",
    "120",
];

fn run(extra: &[&str], format: &str) -> String {
    let output = callsim()
        .arg("erlang")
        .args(CENTER)
        .args(extra)
        .args(["--format", format])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn library(above: u32) -> callsim::erlang::BlendKpis {
    let traffic = Traffic::from_calls_per_hour(300.0, 180.0).unwrap();
    let dialer = Dialer {
        dial_when_idle_agents_above: above,
        dial_s: 15.0,
        reach_prob: 0.4,
        outbound_aht_s: 240.0,
    };
    Blending::new(&traffic, 20, Some(120.0), dialer)
        .unwrap()
        .kpis(20.0)
        .unwrap()
}

#[test]
fn the_figures_are_the_chains_at_k_and_around_it() {
    let args = [
        "--blend-above",
        "1",
        "--dial-s",
        "15",
        "--reach-pct",
        "40",
        "--outbound-aht-s",
        "240",
        "--target",
        "80/20",
        "--around",
        "2",
    ];
    let json: Value = serde_json::from_str(&run(&args, "json")).unwrap();
    assert_eq!(json["schema"], "callsim.erlang_blend/1");
    let at_k = library(1);
    assert_eq!(json["kpis"], serde_json::to_value(&at_k).unwrap());
    // K − 2 is cut at 0; K + 2 = 3.
    let table = json["table"].as_array().unwrap();
    let ks: Vec<u64> = table
        .iter()
        .map(|k| k["dial_when_idle_agents_above"].as_u64().unwrap())
        .collect();
    assert_eq!(ks, [0, 1, 2, 3]);
    assert_eq!(table[3], serde_json::to_value(library(3)).unwrap());
    // A higher threshold dials less and costs the inbound calls less.
    for pair in table.windows(2) {
        let (low, high) = (&pair[0], &pair[1]);
        assert!(high["connects_per_hour"].as_f64() < low["connects_per_hour"].as_f64());
        assert!(high["service_level"].as_f64() > low["service_level"].as_f64());
    }
    let met = at_k.service_level >= 0.8;
    assert_eq!(json["meets_targets"], Value::Bool(met));
    assert_eq!(json["shortfalls"].as_array().unwrap().is_empty(), met);
}

#[test]
fn the_table_and_csv_read_in_both_languages() {
    let en = run(&["--blend-above", "2"], "table");
    assert!(
        en.contains("the dialer dials while more than 2 are idle"),
        "{en}"
    );
    assert!(en.contains("nuisance rate (of parties reached)"), "{en}");
    assert!(en.contains("▶  2"), "K is marked: {en}");
    let pt = run(&["--blend-above", "2", "--lang", "pt"], "table");
    assert!(
        pt.contains("o discador disca enquanto mais de 2 estão livres"),
        "{pt}"
    );
    assert!(pt.contains("taxa de chamadas incômodas"), "{pt}");
    let csv = run(&["--blend-above", "2", "--around", "1"], "csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("dial_when_idle_agents_above,agents,service_level"));
    assert_eq!(lines.len(), 4, "a header and K = 1, 2, 3: {csv}");
}

#[test]
fn bad_blending_input_is_one_sentence() {
    let cases: [(&[&str], &str); 7] = [
        (
            &["--blend-above", "20"],
            "--blend-above must be below --agents (20), got 20",
        ),
        (
            &["--blend-above", "2", "--reach-pct", "150"],
            "reach_pct must be in [0, 100]",
        ),
        (
            &["--blend-above", "2", "--dial-s", "0"],
            "dial_s must be > 0",
        ),
        (
            &["--blend-above", "2", "--outbound-aht-s", "nan"],
            "outbound_aht_s must be a finite number",
        ),
        (
            &["--blend-above", "2", "--shrinkage-pct", "30"],
            "--shrinkage-pct does not apply",
        ),
        (
            &["--blend-above", "2", "--report", "x.html"],
            "--plot and --report does not apply",
        ),
        (&["--dial-s", "20"], "--blend-above"),
    ];
    for (extra, message) in cases {
        let output = callsim()
            .arg("erlang")
            .args(CENTER)
            .args(extra)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{extra:?}: {stderr}");
        assert!(
            stderr.contains(message),
            "{extra:?}: expected `{message}` in `{stderr}`"
        );
        assert!(output.stdout.is_empty());
    }
    // Without --agents, and a center too large for the exact chain.
    let traffic = [
        "--calls-per-hour",
        "300",
        "--aht-s",
        "180",
        "--blend-above",
        "2",
    ];
    let cases: [(&[&str], &str); 2] = [
        (&[], "give --agents N"),
        (&["--agents", "400"], "simulate a center this size"),
    ];
    for (extra, message) in cases {
        let output = callsim()
            .arg("erlang")
            .args(traffic)
            .args(extra)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{extra:?}: {stderr}");
        assert!(
            stderr.contains(message),
            "{extra:?}: expected `{message}` in `{stderr}`"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
}
