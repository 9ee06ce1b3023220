//! `simulate --calls-log`: one row per call attempt. The rows add up to the
//! KPIs of the same run (counts exactly, means to the log's 3 decimals), on
//! scenarios with an IVR, trunks, callbacks, repeat callers and a week past
//! midnight; `all` is the single replications' logs one after another, the
//! same bytes on any number of threads; the KPIs do not change with the log;
//! bad requests are refused in one sentence and leave no file; and an
//! M/M/n+M log agrees with Erlang A inside its confidence interval.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use assert_cmd::Command;
use callsim::erlang::{self, QueueModel, ServiceLevelBasis, ServiceLevelQuery, Traffic};
use chrono::NaiveDateTime;
use serde_json::Value;

fn callsim(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("callsim")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap()
}

/// Runs `args` and returns standard output, failing on an error.
fn run_ok(args: &[&str]) -> Vec<u8> {
    let out = callsim(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// One row of the log.
#[derive(Debug, Clone)]
struct Row {
    replication: u64,
    caller: u64,
    attempt: u32,
    repeat: String,
    arrival: NaiveDateTime,
    entry: String,
    ivr_s: Option<f64>,
    ivr: String,
    queue: String,
    outcome: String,
    wait_s: Option<f64>,
    talk_s: Option<f64>,
    acw_s: Option<f64>,
    group: String,
    channel: String,
}

const COLUMNS: &str = "replication,caller,attempt,repeat,arrival,entry,ivr_s,ivr,queue,outcome,wait_s,talk_s,acw_s,group,channel";

fn read_log(path: &Path) -> Vec<Row> {
    let text = fs::read_to_string(path).unwrap();
    assert_eq!(text.lines().next(), Some(COLUMNS), "the header");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let seconds = |field: &str| -> Option<f64> {
        if field.is_empty() {
            return None;
        }
        let (_, decimals) = field.split_once('.').expect("seconds with decimals");
        assert_eq!(decimals.len(), 3, "3 decimals: {field}");
        Some(field.parse().unwrap())
    };
    reader
        .records()
        .map(|record| {
            let r = record.unwrap();
            assert_eq!(r.len(), 15, "{r:?}");
            Row {
                replication: r[0].parse().unwrap(),
                caller: r[1].parse().unwrap(),
                attempt: r[2].parse().unwrap(),
                repeat: r[3].to_string(),
                arrival: NaiveDateTime::parse_from_str(&r[4], "%Y-%m-%d %H:%M:%S%.3f").unwrap(),
                entry: r[5].to_string(),
                ivr_s: seconds(&r[6]),
                ivr: r[7].to_string(),
                queue: r[8].to_string(),
                outcome: r[9].to_string(),
                wait_s: seconds(&r[10]),
                talk_s: seconds(&r[11]),
                acw_s: seconds(&r[12]),
                group: r[13].to_string(),
                channel: r[14].to_string(),
            }
        })
        .collect()
}

/// The outcomes of a call that reached a queue and was counted as offered.
const OFFERED: [&str; 6] = [
    "answered",
    "abandoned",
    "balked",
    "dropped",
    "callback",
    "unfinished",
];

fn kpi(kpis: &Value, name: &str) -> Option<f64> {
    kpis[name]["mean"].as_f64()
}

/// A KPI that is a mean count per replication, times the replications.
fn total(kpis: &Value, name: &str, replications: f64) -> f64 {
    kpi(kpis, name).unwrap_or_else(|| panic!("no {name}")) * replications
}

fn assert_count(what: &str, kpi_total: f64, rows: usize) {
    assert!(
        (kpi_total - rows as f64).abs() < 1e-6 * kpi_total.max(1.0),
        "{what}: KPIs say {kpi_total}, the log has {rows} rows"
    );
}

/// The log's mean of `values` against a ratio KPI: each value is rounded
/// to the millisecond, so the means differ by at most half of one.
fn assert_mean(what: &str, kpi_mean: Option<f64>, values: &[f64], terms: f64) {
    if values.is_empty() {
        return;
    }
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    let kpi_mean = kpi_mean.unwrap_or_else(|| panic!("{what}: no KPI"));
    assert!(
        (mean - kpi_mean).abs() <= 0.0005 * terms + 1e-9,
        "{what}: KPI {kpi_mean}, log {mean}"
    );
}

/// Every replication of `scenario` logged, and its JSON KPIs.
fn logged_run(scenario: &str, replications: u32, sets: &[&str]) -> (Value, Vec<Row>) {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("calls.csv");
    let reps = format!("simulation.replications={replications}");
    let mut args = vec![
        "simulate",
        scenario,
        "--format",
        "json",
        "--quiet",
        "--threads",
        "2",
        "--set",
        &reps,
        "--set",
        "simulation.warmup_min=0",
        "--calls-log",
        s(&log),
        "--calls-log-replication",
        "all",
    ];
    for set in sets {
        args.extend(["--set", set]);
    }
    let json: Value = serde_json::from_slice(&run_ok(&args)).unwrap();
    (json, read_log(&log))
}

/// The log's rows add up to every count KPI of the run, and its waits,
/// handle and IVR times average to the mean KPIs.
fn rows_add_up_to_the_kpis(scenario: &str, replications: u32) -> Vec<Row> {
    rows_add_up_to_the_kpis_with(scenario, replications, &[])
}

/// As [`rows_add_up_to_the_kpis`], with `--set` overrides.
fn rows_add_up_to_the_kpis_with(scenario: &str, replications: u32, sets: &[&str]) -> Vec<Row> {
    let (json, rows) = logged_run(scenario, replications, sets);
    let r = f64::from(replications);
    assert_eq!(json["estimator"], "ratio_of_sums");
    for t in json["totals"].as_array().unwrap() {
        let name = t["call_type"].as_str().unwrap();
        if name == "all" {
            continue;
        }
        let k = &t["kpis"];
        let of = |outcome: &str| -> Vec<&Row> {
            rows.iter()
                .filter(|row| row.queue == name && row.outcome == outcome)
                .collect()
        };
        let offered: Vec<&Row> = rows
            .iter()
            .filter(|row| row.queue == name && OFFERED.contains(&row.outcome.as_str()))
            .collect();
        let label = |what: &str| format!("{scenario} {name} {what}");
        assert_count(&label("offered"), total(k, "offered", r), offered.len());
        for (kpi_name, outcome) in [
            ("answered", "answered"),
            ("abandoned", "abandoned"),
            ("balked", "balked"),
            ("blocked", "blocked"),
            ("dropped_at_close", "dropped"),
            ("still_waiting", "unfinished"),
            ("callbacks_accepted", "callback"),
            ("callbacks_unserved", "callback_unserved"),
        ] {
            assert_count(&label(kpi_name), total(k, kpi_name, r), of(outcome).len());
        }
        let repeats = offered.iter().filter(|row| row.repeat != "first").count();
        assert_count(&label("repeat_calls"), total(k, "repeat_calls", r), repeats);
        let answered = of("answered");
        let waits: Vec<f64> = answered.iter().map(|row| row.wait_s.unwrap()).collect();
        assert_mean(&label("ASA"), kpi(k, "asa_s"), &waits, 1.0);
        let handles: Vec<f64> = answered
            .iter()
            .map(|row| row.talk_s.unwrap() + row.acw_s.unwrap())
            .collect();
        assert_mean(&label("AHT"), kpi(k, "aht_s"), &handles, 2.0);
        let abandoned: Vec<f64> = of("abandoned")
            .iter()
            .map(|row| row.wait_s.unwrap())
            .collect();
        assert_mean(
            &label("wait of the abandoned"),
            kpi(k, "mean_wait_abandoned_s"),
            &abandoned,
            1.0,
        );
        assert!(
            answered.iter().all(|row| !row.group.is_empty()),
            "{scenario}: answered calls name their group"
        );
    }
    for e in json["entries"].as_array().unwrap() {
        let name = e["entry"].as_str().unwrap();
        let day = &e["day"];
        let at_entry: Vec<&Row> = rows.iter().filter(|row| row.entry == name).collect();
        let label = |what: &str| format!("{scenario} entry {name} {what}");
        assert_count(&label("calls"), total(day, "calls", r), at_entry.len());
        for (kpi_name, outcome) in [
            ("blocked", "blocked"),
            ("contained", "contained"),
            ("ivr_abandoned", "ivr_hang_up"),
        ] {
            // A caller refused by a full queue after the IVR was blocked
            // at its call type, not at the entry's lines.
            let n = at_entry
                .iter()
                .filter(|row| row.outcome == outcome && row.ivr != "queue")
                .count();
            assert_count(&label(kpi_name), total(day, kpi_name, r), n);
        }
        let to_queue = at_entry.iter().filter(|row| row.ivr == "queue").count();
        assert_count(&label("to_queue"), total(day, "to_queue", r), to_queue);
        let ivr_times: Vec<f64> = at_entry.iter().filter_map(|row| row.ivr_s).collect();
        assert_mean(
            &label("IVR time"),
            kpi(day, "mean_ivr_time_s"),
            &ivr_times,
            1.0,
        );
    }
    // Every replication, in order; within one, callers count from 1 and
    // each caller's attempts from 1, the first one a first call.
    let mut attempts: BTreeMap<(u64, u64), Vec<(u32, &str)>> = BTreeMap::new();
    let mut last_replication = 1;
    for row in &rows {
        assert!(row.replication >= last_replication, "replications in order");
        last_replication = row.replication;
        if !row.outcome.starts_with("callback_") {
            attempts
                .entry((row.replication, row.caller))
                .or_default()
                .push((row.attempt, row.repeat.as_str()));
        }
    }
    assert_eq!(last_replication, u64::from(replications));
    for ((replication, caller), mut tries) in attempts {
        tries.sort();
        assert_eq!(
            tries[0],
            (1, "first"),
            "replication {replication} caller {caller}"
        );
        for (i, (attempt, repeat)) in tries.iter().enumerate() {
            assert_eq!(
                *attempt as usize,
                i + 1,
                "caller {caller}: attempts 1, 2, 3…"
            );
            assert!(i == 0 || *repeat != "first");
        }
    }
    rows
}

#[test]
fn ivr_rows_add_up_to_the_kpis() {
    let rows = rows_add_up_to_the_kpis("scenarios/ivr.toml", 3);
    for ivr in ["queue", "self_service", "hang_up"] {
        assert!(rows.iter().any(|r| r.ivr == ivr), "some {ivr}");
    }
}

#[test]
fn balked_and_refused_rows_add_up_to_the_kpis() {
    let rows = rows_add_up_to_the_kpis("scenarios/balking.toml", 3);
    let balked: Vec<&Row> = rows.iter().filter(|r| r.outcome == "balked").collect();
    assert!(!balked.is_empty() && rows.iter().any(|r| r.outcome == "blocked"));
    assert!(
        balked
            .iter()
            .all(|r| r.wait_s == Some(0.0) && r.talk_s.is_none())
    );
    // After an IVR: the refused caller's row starts with its IVR leg.
    let rows = rows_add_up_to_the_kpis_with(
        "scenarios/ivr.toml",
        3,
        &[
            "call_type[0].max_waiting=1",
            "call_type[1].balk={ when_waiting = 1, prob_pct = 50 }",
        ],
    );
    assert!(
        rows.iter()
            .any(|r| r.outcome == "blocked" && r.ivr == "queue" && r.queue == "cards")
    );
    assert!(
        rows.iter()
            .any(|r| r.outcome == "balked" && r.ivr == "queue")
    );
}

#[test]
fn trunk_rows_add_up_to_the_kpis() {
    let rows = rows_add_up_to_the_kpis("scenarios/trunks.toml", 3);
    assert!(rows.iter().any(|r| r.outcome == "blocked"));
    assert!(
        rows.iter()
            .filter(|r| r.outcome == "blocked")
            .all(|r| r.wait_s.is_none() && r.talk_s.is_none())
    );
}

#[test]
fn callback_rows_add_up_to_the_kpis() {
    let rows = rows_add_up_to_the_kpis("scenarios/callbacks.toml", 3);
    let made: Vec<&Row> = rows
        .iter()
        .filter(|r| r.outcome == "callback_answered")
        .collect();
    assert!(!made.is_empty());
    // Each callback made is a request the same caller made on that attempt.
    for call in made {
        assert!(rows.iter().any(|r| r.outcome == "callback"
            && (r.replication, r.caller, r.attempt)
                == (call.replication, call.caller, call.attempt)
            && r.arrival <= call.arrival));
    }
}

#[test]
fn repeat_rows_add_up_to_the_kpis() {
    let rows = rows_add_up_to_the_kpis("scenarios/repeats.toml", 3);
    for repeat in ["retrial", "recontact"] {
        assert!(rows.iter().any(|r| r.repeat == repeat), "some {repeat}");
    }
}

#[test]
fn a_week_past_midnight_is_dated_day_by_day() {
    // Open 08:00 to 01:00, Monday (seg) to Sunday.
    let rows = rows_add_up_to_the_kpis("scenarios/bank_week.toml", 2);
    let monday = NaiveDateTime::parse_from_str("2026-01-05 00:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
    let mut days_seen = [false; 7];
    let mut after_midnight = 0;
    for row in &rows {
        let from_monday_s = (row.arrival - monday).num_milliseconds() as f64 / 1000.0;
        let since_opening = from_monday_s - 8.0 * 3600.0;
        let day = (since_opening / 86_400.0).floor();
        assert!(
            (0.0..7.0).contains(&day) && since_opening - day * 86_400.0 <= 17.0 * 3600.0,
            "{row:?} arrived while the bank was closed"
        );
        days_seen[day as usize] = true;
        after_midnight += usize::from(since_opening - day * 86_400.0 >= 16.0 * 3600.0);
    }
    assert_eq!(days_seen, [true; 7]);
    assert!(
        after_midnight > 0,
        "calls between midnight and 01:00 get the next date"
    );
}

#[test]
fn day_one_is_dated_by_first_day_or_the_forecast() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("calls.csv");
    let first_date = |extra: &[&str]| {
        let mut args = vec![
            "simulate",
            "scenarios/helpline.toml",
            "--quiet",
            "--set",
            "simulation.replications=1",
            "--calls-log",
            s(&log),
        ];
        args.extend_from_slice(extra);
        run_ok(&args);
        read_log(&log).iter().map(|r| r.arrival).min().unwrap()
    };
    let parse = |t: &str| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S").unwrap();
    assert!(first_date(&[]) >= parse("2026-01-05 08:00:00"));
    assert!(first_date(&[]) < parse("2026-01-05 08:01:00"));
    let wednesday = first_date(&["--set", "simulation.first_day=\"qua\""]);
    assert_eq!(wednesday.date(), parse("2026-01-07 00:00:00").date());
    let forecast = dir.path().join("forecast.csv");
    let mut text = String::from("date,interval,calls\n");
    for day in ["2026-12-07", "2026-12-08"] {
        for half_hour in 0..18 {
            let minutes = 8 * 60 + 30 * half_hour;
            text += &format!("{day},{:02}:{:02},100\n", minutes / 60, minutes % 60);
        }
    }
    fs::write(&forecast, text).unwrap();
    let from_forecast = first_date(&["--set", "simulation.days=2", "--forecast", s(&forecast)]);
    assert!(from_forecast >= parse("2026-12-07 08:00:00"));
    assert!(from_forecast < parse("2026-12-07 08:01:00"));
    let last = read_log(&log).iter().map(|r| r.arrival).max().unwrap();
    assert_eq!(last.date(), parse("2026-12-08 00:00:00").date());
}

/// The JSON output without what changes from run to run (time, threads).
fn kpis_only(json: &[u8]) -> Value {
    let mut value: Value = serde_json::from_slice(json).unwrap();
    value.as_object_mut().unwrap().remove("run");
    value
}

#[test]
fn all_is_each_replication_in_turn_the_same_on_any_threads_and_kpis_do_not_change() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = "scenarios/repeats.toml";
    let reps = "simulation.replications=11";
    let log = |name: &str, which: &str, threads: &str| -> (Vec<u8>, Value) {
        let path = dir.path().join(name);
        let json = run_ok(&[
            "simulate",
            scenario,
            "--format",
            "json",
            "--quiet",
            "--set",
            reps,
            "--threads",
            threads,
            "--calls-log",
            s(&path),
            "--calls-log-replication",
            which,
        ]);
        (fs::read(&path).unwrap(), kpis_only(&json))
    };
    let (all_1, kpis_1) = log("all1.csv", "all", "1");
    let (all_2, kpis_2) = log("all2.csv", "all", "2");
    let (all_3, kpis_3) = log("all3.csv", "all", "3");
    assert!(
        all_1 == all_2 && all_1 == all_3,
        "the same bytes on 1, 2 and 3 threads"
    );
    let plain = kpis_only(&run_ok(&[
        "simulate", scenario, "--format", "json", "--quiet", "--set", reps,
    ]));
    assert_eq!(plain, kpis_1);
    assert_eq!(plain, kpis_2);
    assert_eq!(plain, kpis_3);
    let mut joined = format!("{COLUMNS}\n").into_bytes();
    for r in 1..=11 {
        let (one, kpis) = log(
            &format!("r{r}.csv"),
            &r.to_string(),
            if r % 2 == 0 { "1" } else { "2" },
        );
        assert_eq!(kpis, plain);
        let header_end = one.iter().position(|&b| b == b'\n').unwrap() + 1;
        assert_eq!(&one[..header_end], joined[..header_end].to_vec().as_slice());
        joined.extend_from_slice(&one[header_end..]);
    }
    assert!(joined == all_1, "all = replication 1, then 2, … then 11");
    let (default, _) = log("default.csv", "1", "2");
    let path = dir.path().join("no_flag.csv");
    run_ok(&[
        "simulate",
        scenario,
        "--quiet",
        "--set",
        reps,
        "--calls-log",
        s(&path),
    ]);
    assert_eq!(
        fs::read(&path).unwrap(),
        default,
        "replication 1 by default"
    );
}

/// Runs `args`, expecting a refusal in one sentence and no file in `dir`.
fn refused(args: &[&str], dir: &Path, message: &str) {
    let before: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let out = callsim(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    assert!(
        stderr.contains(message),
        "{args:?}: `{message}` not in {stderr}"
    );
    assert!(out.stdout.is_empty());
    let after: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(before, after, "{args:?} left a file");
}

#[test]
fn bad_requests_are_refused_in_one_sentence_and_leave_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("calls.csv");
    let log = s(&log);
    let base = [
        "simulate",
        "scenarios/helpline.toml",
        "--set",
        "simulation.replications=4",
    ];
    let check = |extra: Vec<&str>, message: &str| {
        let mut args: Vec<&str> = base.to_vec();
        args.extend(extra);
        refused(&args, dir.path(), message);
    };
    check(
        vec!["--calls-log", log, "--calls-log-replication", "0"],
        "--calls-log-replication 0: replications count from 1: give 1 to 4, or all",
    );
    check(
        vec!["--calls-log", log, "--calls-log-replication", "5"],
        "--calls-log-replication 5: the scenario runs 4 replications (simulation.replications): give 1 to 4, or all",
    );
    check(
        vec!["--calls-log-replication", "2"],
        "--calls-log-replication chooses the replication --calls-log writes",
    );
    check(
        vec!["--calls-log", s(dir.path())],
        "is a folder; give a file name",
    );
    let missing = dir.path().join("nope/calls.csv");
    check(vec!["--calls-log", s(&missing)], "does not exist");
    check(
        vec!["--calls-log", log, "--shard", "1/2"],
        "--shard writes a partial result for `callsim merge`, which keeps no calls",
    );
    check(
        vec!["--calls-log", log, "--output", log],
        "give each output its own file",
    );
    // A read-only log stays as it was.
    let read_only = dir.path().join("kept.csv");
    fs::write(&read_only, "mine").unwrap();
    let mut permissions = fs::metadata(&read_only).unwrap().permissions();
    permissions.set_readonly(true);
    fs::set_permissions(&read_only, permissions).unwrap();
    check(vec!["--calls-log", s(&read_only)], "is read-only");
    assert_eq!(fs::read_to_string(&read_only).unwrap(), "mine");
}

#[test]
#[cfg(unix)]
fn a_failed_write_leaves_no_log() {
    // /dev/full takes the open and fails every write: no temporary is left
    // beside anything, and the error names the flag.
    let out = callsim(&[
        "simulate",
        "scenarios/helpline.toml",
        "--quiet",
        "--set",
        "simulation.replications=2",
        "--calls-log",
        "/dev/full",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.starts_with("error: --calls-log /dev/full: cannot write:"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(out.stdout.is_empty(), "no KPIs without their log");
}

/// The ratio `Σy / Σx` over replications and its delta-method standard error.
fn ratio_of_sums(pairs: &[(f64, f64)]) -> (f64, f64) {
    let m = pairs.len() as f64;
    let (sy, sx): (f64, f64) = pairs
        .iter()
        .fold((0.0, 0.0), |(a, b), (y, x)| (a + y, b + x));
    let ratio = sy / sx;
    let residuals: f64 = pairs.iter().map(|(y, x)| (y - ratio * x).powi(2)).sum();
    let se = (residuals / (m - 1.0)).sqrt() / m.sqrt() / (sx / m);
    (ratio, se)
}

#[test]
fn an_mmnm_log_agrees_with_erlang_a() {
    // 10 agents, 10 Erlangs, exponential handle 180 s and patience 300 s,
    // 10 hours open; the first 2 hours warm the queue up and are left out.
    let (agents, load, aht_s, patience_s) = (10, 10.0, 180.0, 300.0);
    let calls_per_hour = load / aht_s * 3600.0;
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("mmnm.toml");
    fs::write(
        &scenario,
        format!(
            r#"
[simulation]
seed = 99
replications = 150
interval_min = 60
intervals = 10
open = "08:00"

[[call_type]]
name = "calls"
calls_per_hour = {calls_per_hour}
handle = {{ dist = "exponential", mean_s = {aht_s} }}
patience = {{ dist = "exponential", mean_s = {patience_s} }}

[[agent_group]]
name = "agents"
agents = {agents}
skills = ["calls"]
"#
        ),
    )
    .unwrap();
    let log = dir.path().join("calls.csv");
    run_ok(&[
        "simulate",
        s(&scenario),
        "--quiet",
        "--calls-log",
        s(&log),
        "--calls-log-replication",
        "all",
    ]);
    let warm = NaiveDateTime::parse_from_str("2026-01-05 10:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
    // Per replication: (abandoned, offered) and (wait of the abandoned, abandoned).
    let mut per: BTreeMap<u64, (f64, f64, f64)> = BTreeMap::new();
    for row in read_log(&log).iter().filter(|r| r.arrival >= warm) {
        let e = per.entry(row.replication).or_default();
        e.1 += 1.0;
        if row.outcome == "abandoned" {
            e.0 += 1.0;
            e.2 += row.wait_s.unwrap();
        }
    }
    assert_eq!(per.len(), 150);
    let share: Vec<(f64, f64)> = per.values().map(|&(ab, off, _)| (ab, off)).collect();
    let wait: Vec<(f64, f64)> = per.values().map(|&(ab, _, w)| (w, ab)).collect();
    let exact = erlang::evaluate(
        &Traffic::from_erlangs(load, aht_s).unwrap(),
        QueueModel::ErlangA { patience_s },
        agents,
        ServiceLevelQuery::new(20.0, ServiceLevelBasis::Offered).unwrap(),
    )
    .unwrap();
    // Mean wait of all = P(answered)·ASA + P(abandoned)·(wait of the abandoned).
    let exact_wait_abandoned = (exact.mean_wait_all_s
        - (1.0 - exact.prob_abandon) * exact.asa_answered_s.unwrap())
        / exact.prob_abandon;
    // 99.9 % two-sided normal quantile.
    let z = 3.2905;
    let (p, p_se) = ratio_of_sums(&share);
    assert!(
        (p - exact.prob_abandon).abs() <= z * p_se,
        "abandoned share: log {p:.5} ± {:.5}, Erlang A {:.5}",
        z * p_se,
        exact.prob_abandon
    );
    let (w, w_se) = ratio_of_sums(&wait);
    assert!(
        (w - exact_wait_abandoned).abs() <= z * w_se,
        "wait of the abandoned: log {w:.3} ± {:.3} s, Erlang A {exact_wait_abandoned:.3} s",
        z * w_se
    );
}

#[test]
fn names_are_quoted_and_safe_to_open_in_a_spreadsheet() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("odd.toml");
    fs::write(
        &scenario,
        r#"
[simulation]
seed = 1
replications = 1
interval_min = 30
open = "08:00"
close = "08:30"

[[call_type]]
name = "=cmd, \"x\""
calls_per_interval = 3
handle = { dist = "exponential", mean_s = 60 }

[[agent_group]]
name = "-a"
agents = 1
skills = ["=cmd, \"x\""]
"#,
    )
    .unwrap();
    let log = dir.path().join("calls.csv");
    run_ok(&["simulate", s(&scenario), "--quiet", "--calls-log", s(&log)]);
    let rows = read_log(&log);
    assert!(!rows.is_empty());
    for row in rows {
        assert_eq!(row.queue, "'=cmd, \"x\"");
        assert_eq!(row.group, "'-a");
    }
}

#[test]
fn each_row_names_its_queue_s_channel_and_the_channels_add_up_to_their_kpis() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("calls.csv");
    let json = run_ok(&[
        "simulate",
        "scenarios/omnichannel.toml",
        "--set",
        "simulation.replications=1",
        "--quiet",
        "--format",
        "json",
        "--calls-log",
        s(&log),
    ]);
    let record: Value = serde_json::from_slice(&json).unwrap();
    let rows = read_log(&log);
    let channel_of = |queue: &str| match queue {
        "phone" => "voice",
        "web chat" => "chat",
        "e-mail" => "email",
        other => panic!("unknown queue {other}"),
    };
    for r in &rows {
        if r.queue.is_empty() {
            assert_eq!(r.channel, "", "{r:?}");
        } else {
            assert_eq!(r.channel, channel_of(&r.queue), "{r:?}");
        }
    }
    for (name, channel) in [
        ("phone", "voice"),
        ("web chat", "chat"),
        ("e-mail", "email"),
    ] {
        let totals = record["totals"].as_array().unwrap();
        let kpis = &totals.iter().find(|t| t["call_type"] == name).unwrap()["kpis"];
        let offered = rows
            .iter()
            .filter(|r| r.channel == channel && OFFERED.contains(&r.outcome.as_str()))
            .count();
        assert_count(
            &format!("{channel} offered"),
            total(kpis, "offered", 1.0),
            offered,
        );
    }
}
