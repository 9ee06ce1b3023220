//! Scenarios of several days (`simulation.days`): days that close at night
//! give, day by day, what the same day simulated alone gives; days around
//! the clock are one run of intervals; callers waiting at each day's closing
//! follow `after_close`; one day's values stand for every day.

use assert_cmd::Command;
use serde_json::Value;

fn callsim() -> Command {
    Command::cargo_bin("callsim").unwrap()
}

/// A folder of this test's own, for its scenario and forecast files; it is
/// removed when the returned guard drops.
fn scratch_dir(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("callsim-multi-day-{name}-"))
        .tempdir()
        .unwrap()
}

/// Asserts that `out` failed with one sentence that contains `expected`.
fn refused_in_one_sentence(out: &std::process::Output, expected: &str, case: usize) {
    assert!(!out.status.success(), "case {case}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(expected), "case {case}: {stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "case {case}: {stderr}");
}

/// The JSON record of `simulate` on `scenario` (written to a file of its own).
fn simulate(name: &str, scenario: &str) -> Value {
    let dir = scratch_dir("runs");
    let path = dir.path().join(format!("{name}.toml"));
    std::fs::write(&path, scenario).unwrap();
    let out = callsim()
        .arg("simulate")
        .arg(&path)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A busy half day: callers still wait at closing.
const ONE_DAY: &str = r#"
[simulation]
seed = 3
replications = 20
interval_min = 30
open = "08:00"
close = "10:00"
after_close = "AFTER"

[[call_type]]
name = "sales"
calls_per_interval = [40, 60, 80, 90]
handle = { dist = "exponential", mean_s = 240 }
patience = { dist = "exponential", mean_s = 600 }
retry = { prob_pct = 30, delay = { dist = "exponential", mean_s = 300 } }

[[agent_group]]
name = "team"
agents = [5, 6, 7, 7]
skills = ["sales"]
"#;

fn one_day(after_close: &str) -> String {
    ONE_DAY.replace("AFTER", after_close)
}

/// `ONE_DAY` over `days` days with `calls` and `agents` lists for all of them.
fn days(after_close: &str, days: usize, calls: &str, agents: &str) -> String {
    one_day(after_close)
        .replace(
            "close = \"10:00\"",
            &format!("close = \"10:00\"\ndays = {days}\nfirst_day = \"seg\""),
        )
        .replace("[40, 60, 80, 90]", calls)
        .replace("[5, 6, 7, 7]", agents)
}

/// Every KPI of the record's rows, without the labels.
fn interval_kpis(record: &Value) -> Vec<Value> {
    record["intervals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["call_types"].clone())
        .collect()
}

#[test]
fn a_day_closed_at_night_gives_what_the_day_alone_gives() {
    for after_close in ["serve", "drop"] {
        let alone = simulate(&format!("alone-{after_close}"), &one_day(after_close));
        // The second day has no calls and no agents: everything that day
        // one's callers and agents do happens in its closing and night.
        let two = simulate(
            &format!("two-{after_close}"),
            &days(
                after_close,
                2,
                "[40, 60, 80, 90, 0, 0, 0, 0]",
                "[5, 6, 7, 7, 0, 0, 0, 0]",
            ),
        );
        let (alone_rows, two_rows) = (interval_kpis(&alone), interval_kpis(&two));
        assert_eq!(two_rows.len(), 8);
        assert_eq!(alone_rows[..], two_rows[..4], "after_close = {after_close}");
        // Day totals and the agents' time; the mean queue is over the hours
        // observed, day two's open hours among them (nobody waits then) but
        // not the night's: counting the night's 22 h would take it below a
        // tenth of the single day's.
        let (mut alone_totals, mut two_totals) = (alone["totals"].clone(), two["totals"].clone());
        for row in 0..2 {
            let queue = |totals: &mut Value| {
                totals[row]["kpis"]
                    .as_object_mut()
                    .unwrap()
                    .remove("mean_queue")
                    .unwrap()["mean"]
                    .as_f64()
                    .unwrap()
            };
            let (one, both) = (queue(&mut alone_totals), queue(&mut two_totals));
            assert!(both < one && both > 0.4 * one, "{both} against {one}");
        }
        assert_eq!(alone_totals, two_totals, "after_close = {after_close}");
        assert_eq!(
            alone["groups"][0]["day"], two["groups"][0]["day"],
            "after_close = {after_close}"
        );
        assert_eq!(two["intervals"][4]["start"], "ter 08:00");
    }
}

#[test]
fn days_around_the_clock_are_one_run_of_intervals() {
    let around = |extra: &str| {
        one_day("serve")
            .replace("open = \"08:00\"\nclose = \"10:00\"", extra)
            .replace("[40, 60, 80, 90]", "[40, 60, 80, 90, 30, 20]")
            .replace("[5, 6, 7, 7]", "[5, 6, 7, 7, 5, 4]")
            .replace("interval_min = 30", "interval_min = 240")
    };
    let week = simulate("week", &around("intervals = 6\ndays = 3"));
    let mut continuous = around("intervals = 18");
    continuous = continuous.replace(
        "[40, 60, 80, 90, 30, 20]",
        "[40, 60, 80, 90, 30, 20, 40, 60, 80, 90, 30, 20, 40, 60, 80, 90, 30, 20]",
    );
    continuous = continuous.replace(
        "[5, 6, 7, 7, 5, 4]",
        "[5, 6, 7, 7, 5, 4, 5, 6, 7, 7, 5, 4, 5, 6, 7, 7, 5, 4]",
    );
    let continuous = simulate("continuous", &continuous);
    assert_eq!(interval_kpis(&week), interval_kpis(&continuous));
    assert_eq!(week["totals"], continuous["totals"]);
    assert_eq!(week["groups"], continuous["groups"]);
    assert_eq!(
        week["intervals"][6]["start"],
        continuous["intervals"][6]["start"]
    );
}

#[test]
fn one_days_values_stand_for_every_day() {
    let written_out = simulate(
        "written-out",
        &days(
            "serve",
            3,
            "[40, 60, 80, 90, 40, 60, 80, 90, 40, 60, 80, 90]",
            "[5, 6, 7, 7, 5, 6, 7, 7, 5, 6, 7, 7]",
        ),
    );
    let one_for_all = simulate(
        "one-for-all",
        &days("serve", 3, "[40, 60, 80, 90]", "[5, 6, 7, 7]"),
    );
    assert_eq!(interval_kpis(&written_out), interval_kpis(&one_for_all));
    assert_eq!(written_out["totals"], one_for_all["totals"]);
}

/// The mean of KPI `kpi` of call type 0 in interval `k`.
fn kpi(record: &Value, k: usize, kpi: &str) -> f64 {
    record["intervals"][k]["call_types"][0]["kpis"][kpi]["mean"]
        .as_f64()
        .unwrap_or(f64::NAN)
}

#[test]
fn callers_waiting_at_each_closing_follow_after_close() {
    let calls = "[40, 60, 80, 90]";
    let agents = "[5, 6, 7, 7]";
    let drop = simulate("each-drop", &days("drop", 3, calls, agents));
    let serve = simulate("each-serve", &days("serve", 3, calls, agents));
    for day in 0..3 {
        let last = day * 4 + 3;
        // Dropped at every closing when so asked, never when served.
        assert!(kpi(&drop, last, "dropped_at_close") > 1.0, "day {day}");
        assert_eq!(kpi(&serve, last, "dropped_at_close"), 0.0, "day {day}");
        // Served callers are answered after closing: more answers than
        // with drop, and the next day starts with nobody waiting, as the
        // first day did.
        assert!(kpi(&serve, last, "answered") > kpi(&drop, last, "answered"));
        let first = day * 4;
        assert_eq!(
            kpi(&drop, first, "offered") > 0.0,
            kpi(&serve, first, "offered") > 0.0
        );
    }
    // The first interval of each day has the same load and staff: its
    // service level does not depend on the day (nobody is left from the
    // night before), within the replications' confidence.
    let sl = |day: usize| {
        let row = &serve["intervals"][day * 4]["call_types"][0]["kpis"]["service_level"];
        (
            row["mean"].as_f64().unwrap(),
            row["half_width"].as_f64().unwrap(),
        )
    };
    let (first, first_hw) = sl(0);
    for day in 1..3 {
        let (m, hw) = sl(day);
        assert!(
            (m - first).abs() <= 1.5 * (hw + first_hw),
            "day {day}: {m} ± {hw} against {first} ± {first_hw}"
        );
    }
    let after_close_h = serve["groups"][0]["day"]["after_close_hours"]["mean"]
        .as_f64()
        .unwrap();
    assert!(after_close_h > 0.0);
}

#[test]
fn bad_multi_day_input_is_one_clear_sentence() {
    let dir = scratch_dir("bad");
    let cases = [
        (
            one_day("serve").replace("close = \"10:00\"", "close = \"10:00\"\ndays = 0"),
            "simulation.days",
        ),
        (
            one_day("serve").replace("close = \"10:00\"", "close = \"10:00\"\ndays = 1000"),
            "simulation.days",
        ),
        (
            one_day("serve").replace(
                "open = \"08:00\"\nclose = \"10:00\"",
                "intervals = 50\ndays = 2",
            ),
            "longer than 24 hours",
        ),
        (
            days("serve", 2, "[40, 60, 80]", "[5, 6, 7, 7]"),
            "one day's for every day",
        ),
    ];
    for (i, (text, expected)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("bad-{i}.toml"));
        std::fs::write(&path, text).unwrap();
        let out = callsim().arg("simulate").arg(&path).output().unwrap();
        refused_in_one_sentence(&out, expected, i);
    }
}

/// A pt-BR forecast with one date per day feeds a multi-day scenario as the
/// same volumes written into it do; a date with a row missing is named.
#[test]
fn a_forecast_of_several_dates_fills_the_days() {
    let dir = scratch_dir("fc");
    let rows = [
        ("07/12/2026", "08:00", 40),
        ("07/12/2026", "08:30", 60),
        ("07/12/2026", "09:00", 80),
        ("07/12/2026", "09:30", 90),
        ("08/12/2026", "08:00", 42),
        ("08/12/2026", "08:30", 61),
        ("08/12/2026", "09:00", 79),
        ("08/12/2026", "09:30", 95),
    ];
    let csv = |skip: Option<usize>| {
        let mut text = String::from("\u{feff}data;intervalo;chamadas\n");
        for (i, (date, clock, calls)) in rows.iter().enumerate() {
            if Some(i) != skip {
                text.push_str(&format!("{date};{clock};{calls}\n"));
            }
        }
        text
    };
    std::fs::write(dir.path().join("forecast.csv"), csv(None)).unwrap();
    std::fs::write(dir.path().join("missing.csv"), csv(Some(5))).unwrap();
    let scenario =
        days("serve", 2, "[0]", "[5, 6, 7, 7]").replace("calls_per_interval = [0]\n", "");
    std::fs::write(dir.path().join("week.toml"), &scenario).unwrap();
    let out = callsim()
        .current_dir(dir.path())
        .args(["simulate", "week.toml", "--forecast", "forecast.csv"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let from_file: Value = serde_json::from_slice(&out.stdout).unwrap();
    let written = simulate(
        "written",
        &days(
            "serve",
            2,
            "[40, 60, 80, 90, 42, 61, 79, 95]",
            "[5, 6, 7, 7]",
        ),
    );
    assert_eq!(interval_kpis(&from_file), interval_kpis(&written));

    let out = callsim()
        .current_dir(dir.path())
        .args(["simulate", "week.toml", "--forecast", "missing.csv"])
        .output()
        .unwrap();
    refused_in_one_sentence(&out, "missing.csv:6: date: 08/12/2026 has 3 intervals", 0);

    // Dates out of order, a week apart, on another weekday than the
    // scenario's first day, or one date given twice: one sentence each.
    let with_dates = |first: &str, second: &str| {
        csv(None)
            .replace("07/12/2026", "FIRST")
            .replace("08/12/2026", "SECOND")
            .replace("FIRST", first)
            .replace("SECOND", second)
    };
    let cases = [
        (
            with_dates("08/12/2026", "07/12/2026"),
            "07/12/2026 follows 08/12/2026: the scenario's days are consecutive",
        ),
        (
            with_dates("07/12/2026", "14/12/2026"),
            "14/12/2026 follows 07/12/2026",
        ),
        (
            with_dates("08/12/2026", "09/12/2026"),
            "08/12/2026 is a ter, but simulation.first_day is seg",
        ),
        (
            with_dates("07/12/2026", "07/12/2026"),
            "08:00 comes again in 07/12/2026's rows for `sales`: is the date given twice?",
        ),
    ];
    for (i, (text, expected)) in cases.iter().enumerate() {
        let file = format!("bad-{i}.csv");
        std::fs::write(dir.path().join(&file), text).unwrap();
        let out = callsim()
            .current_dir(dir.path())
            .args(["simulate", "week.toml", "--forecast", &file])
            .output()
            .unwrap();
        refused_in_one_sentence(&out, expected, i);
    }
}

/// The tables of a scenario of several days say so, in each language.
#[test]
fn the_totals_of_several_days_are_headed_so() {
    let dir = scratch_dir("head");
    let path = dir.path().join("three.toml");
    std::fs::write(&path, days("serve", 3, "[40, 60, 80, 90]", "[5, 6, 7, 7]")).unwrap();
    for (lang, totals, groups) in [
        ("en", "Totals of the 3 days", "Agent groups, all 3 days"),
        (
            "pt",
            "Totais dos 3 dias",
            "Grupos de agentes, todos os 3 dias",
        ),
    ] {
        let out = callsim()
            .arg("simulate")
            .arg(&path)
            .args(["--lang", lang])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.lines().any(|l| l == totals), "{lang}: {text}");
        assert!(text.lines().any(|l| l == groups), "{lang}: {text}");
    }
}
