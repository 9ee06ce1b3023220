//! The simulator's guarantees: reproducible bits on any thread count,
//! conservation of calls in every replication, Little's law on every sample
//! path, and the edge cases a real center produces (no agents, no calls,
//! shift ends mid-call, closing time).

use std::fs;

use assert_cmd::Command;
use callsim::kpi::{CallKpi, Scope};
use callsim::model::Model;
use callsim::observe::ReplicationStats;
use callsim::run::replicate::{RunOptions, replication_stats, simulate};
use callsim::scenario::Scenario;
use serde_json::Value;

fn load(path: &str) -> Scenario {
    Scenario::from_path(std::path::Path::new(&format!(
        "{}/{path}",
        env!("CARGO_MANIFEST_DIR")
    )))
    .unwrap()
}

fn inline(text: &str) -> Scenario {
    Scenario::from_toml(text, "inline.toml", &[]).unwrap()
}

fn day(scope_type: Option<usize>) -> Scope {
    Scope {
        call_type: scope_type,
        interval: None,
    }
}

#[test]
fn same_bits_on_one_two_and_three_threads() {
    for path in [
        "scenarios/helpline.toml",
        "scenarios/two_skill.toml",
        "scenarios/day.toml",
    ] {
        let scenario = load(path);
        let runs: Vec<_> = [1, 2, 3]
            .iter()
            .map(|&threads| {
                simulate(
                    &scenario,
                    &RunOptions {
                        threads: Some(threads),
                        ..RunOptions::default()
                    },
                )
                .unwrap()
            })
            .collect();
        assert_eq!(runs[0].moments, runs[1].moments, "{path}: 1 vs 2 threads");
        assert_eq!(runs[0].moments, runs[2].moments, "{path}: 1 vs 3 threads");
        assert_eq!(runs[0].calls_simulated, runs[2].calls_simulated);
    }
}

#[test]
fn cli_json_is_identical_across_thread_counts_apart_from_timing() {
    let json = |threads: &str| -> Value {
        let out = Command::cargo_bin("callsim")
            .unwrap()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args([
                "simulate",
                "scenarios/two_skill.toml",
                "--format",
                "json",
                "--threads",
                threads,
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
        let mut v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v.as_object_mut().unwrap().remove("run");
        v
    };
    assert_eq!(json("1"), json("2"));
}

fn conservation(stats: &ReplicationStats) {
    for t in 0..stats.call_types {
        let mut offered = 0;
        let mut accounted = stats.still_waiting[t];
        for k in 0..stats.intervals {
            let c = stats.counters(t, k);
            offered += c.offered;
            accounted += c.answered + c.abandoned + c.balked + c.dropped;
        }
        assert_eq!(
            offered, accounted,
            "call type {t}: offered = answered + abandoned + balked + dropped + still waiting"
        );
    }
}

/// ∫ queue length dt = Σ time spent waiting, exactly, when the day starts
/// empty and every caller leaves the queue by the end (Little's law on the path).
fn littles_law(stats: &ReplicationStats) {
    let area: f64 = stats.queue_s.iter().sum();
    let waited: f64 = stats
        .calls
        .iter()
        .map(|c| c.wait_answered_s + c.wait_abandoned_s)
        .sum();
    assert!(
        (area - waited).abs() <= 1e-9 * waited.max(1.0),
        "∫Q dt = {area}, Σ waits = {waited}"
    );
}

#[test]
fn every_replication_conserves_calls_and_obeys_littles_law() {
    for path in [
        "scenarios/helpline.toml",
        "scenarios/two_skill.toml",
        "scenarios/day.toml",
    ] {
        let scenario = load(path);
        let model = Model::compile(&scenario);
        for r in 0..20 {
            let (stats, calls) = replication_stats(&scenario, &model, r).unwrap();
            conservation(&stats);
            littles_law(&stats);
            let offered: u64 = stats.calls.iter().map(|c| c.offered).sum();
            assert_eq!(
                offered, calls,
                "{path}: every arrival is counted (no warm-up)"
            );
        }
    }
}

const BASE: &str = r#"
[simulation]
seed = 3
replications = 20
interval_min = 30
intervals = 4

[[call_type]]
name = "calls"
calls_per_interval = VOLUME
handle = { dist = "exponential", mean_s = 300 }
PATIENCE

[[agent_group]]
name = "agents"
agents = AGENTS
skills = ["calls"]
"#;

fn base(volume: &str, agents: &str, patience: &str) -> Scenario {
    inline(
        &BASE
            .replace("VOLUME", volume)
            .replace("AGENTS", agents)
            .replace("PATIENCE", patience),
    )
}

#[test]
fn zero_agents_all_day_means_everyone_abandons_or_waits() {
    let with_patience = base(
        "30",
        "0",
        r#"patience = { dist = "exponential", mean_s = 60 }"#,
    );
    let run = simulate(&with_patience, &RunOptions::default()).unwrap();
    let m = &run.moments;
    assert_eq!(
        m.call(day(None), CallKpi::Answered, 0.95).unwrap().mean,
        0.0
    );
    assert_eq!(
        m.call(day(None), CallKpi::AbandonRate, 0.95).unwrap().mean,
        1.0
    );
    assert_eq!(
        m.call(day(None), CallKpi::Asa, 0.95),
        None,
        "no ASA without answered calls"
    );
    assert_eq!(
        m.call(day(None), CallKpi::Occupancy, 0.95),
        None,
        "no occupancy without agents"
    );

    let forever = base("30", "0", "");
    let model = Model::compile(&forever);
    let (stats, calls) = replication_stats(&forever, &model, 0).unwrap();
    assert_eq!(
        stats.still_waiting[0], calls,
        "nobody to answer, nobody hangs up"
    );
    conservation(&stats);
}

#[test]
fn an_empty_day_is_valid() {
    let empty = base("0", "3", "");
    let run = simulate(&empty, &RunOptions::default()).unwrap();
    assert_eq!(run.calls_simulated, 0);
    let m = &run.moments;
    assert_eq!(m.call(day(None), CallKpi::Offered, 0.95).unwrap().mean, 0.0);
    assert_eq!(m.call(day(None), CallKpi::ServiceLevel, 0.95), None);
    assert_eq!(
        m.call(day(None), CallKpi::Occupancy, 0.95).unwrap().mean,
        0.0
    );
}

#[test]
fn one_call_one_agent() {
    // 0.5 expected calls in the first interval only: some replications get one call.
    let tiny = base("[0.5, 0, 0, 0]", "1", "");
    let model = Model::compile(&tiny);
    let mut saw_a_call = false;
    for r in 0..20 {
        let (stats, calls) = replication_stats(&tiny, &model, r).unwrap();
        conservation(&stats);
        if calls == 1 {
            saw_a_call = true;
            let c = stats.counters(0, 0);
            assert_eq!(
                (c.answered, c.wait_answered_s),
                (1, 0.0),
                "a lone caller never waits"
            );
        }
    }
    assert!(saw_a_call);
}

#[test]
fn agents_leaving_at_a_boundary_finish_their_call_first() {
    // Four agents, then none: calls in progress at the boundary still complete.
    let s = base("[40, 0, 0, 0]", "[4, 0, 0, 0]", "");
    let model = Model::compile(&s);
    for r in 0..10 {
        let (stats, _) = replication_stats(&s, &model, r).unwrap();
        conservation(&stats);
        let c = stats.counters(0, 0);
        // Calls still waiting at 30 min are never answered (nobody is left):
        assert_eq!(c.answered + stats.still_waiting[0], c.offered);
        // but busy time continues past the boundary while agents finish.
        assert!(
            stats.busy_s[1] > 0.0,
            "agents finishing calls after their shift"
        );
        assert!(stats.present_s[1] > 0.0 && stats.present_s[1] < 4.0 * 1800.0);
    }
}

#[test]
fn closing_rule_drop_counts_dropped_callers() {
    let text = BASE
        .replace("VOLUME", "[10, 10, 10, 120]")
        .replace("AGENTS", "2")
        .replace("PATIENCE", "")
        .replace("intervals = 4", "intervals = 4\nafter_close = \"drop\"");
    let s = inline(&text);
    let model = Model::compile(&s);
    let (stats, _) = replication_stats(&s, &model, 0).unwrap();
    conservation(&stats);
    let dropped: u64 = stats.calls.iter().map(|c| c.dropped).sum();
    assert!(
        dropped > 0,
        "120 calls of 5 minutes for 2 agents leave callers waiting at close"
    );
    assert_eq!(stats.still_waiting[0], 0);
    // With the default rule they are served after closing instead.
    let serve = inline(
        &BASE
            .replace("VOLUME", "[10, 10, 10, 120]")
            .replace("AGENTS", "2")
            .replace("PATIENCE", ""),
    );
    let (stats, _) = replication_stats(&serve, &Model::compile(&serve), 0).unwrap();
    let answered: u64 = stats.calls.iter().map(|c| c.answered).sum();
    let offered: u64 = stats.calls.iter().map(|c| c.offered).sum();
    assert_eq!(answered, offered);
    assert!(stats.end_s > serve.simulation.horizon_s());
}

#[test]
fn more_agents_help_with_the_same_callers() {
    // Common random numbers: the same seed gives the same callers, so one
    // more agent can only shorten every wait in FIFO without abandonment.
    let few = base("60", "9", "");
    let more = base("60", "10", "");
    let (a, ca) = replication_stats(&few, &Model::compile(&few), 0).unwrap();
    let (b, cb) = replication_stats(&more, &Model::compile(&more), 0).unwrap();
    assert_eq!(ca, cb, "same callers");
    let wait = |s: &ReplicationStats| s.calls.iter().map(|c| c.wait_answered_s).sum::<f64>();
    assert!(wait(&b) < wait(&a));
}

#[test]
fn warmup_excludes_early_calls() {
    let text = BASE
        .replace("VOLUME", "30")
        .replace("AGENTS", "3")
        .replace("PATIENCE", "")
        .replace("intervals = 4", "intervals = 4\nwarmup_min = 60");
    let s = inline(&text);
    let (stats, calls) = replication_stats(&s, &Model::compile(&s), 0).unwrap();
    assert_eq!(
        stats.counters(0, 0).offered + stats.counters(0, 1).offered,
        0
    );
    let offered: u64 = stats.calls.iter().map(|c| c.offered).sum();
    assert!(offered > 0 && offered < calls);
}

fn cli() -> Command {
    let mut c = Command::cargo_bin("callsim").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

#[test]
fn json_is_complete_and_versioned() {
    let out = cli()
        .args(["simulate", "scenarios/two_skill.toml", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], "callsim.simulate/2");
    assert_eq!(v["seed"], 11);
    assert_eq!(v["replications"]["count"], 100);
    assert_eq!(
        v["scenario"]["content"]["call_type"][1]["name"],
        "technical"
    );
    assert!(v["run"]["calls_simulated"].as_u64().unwrap() > 100_000);
    assert!(v["run"]["calls_per_second"].as_f64().unwrap() > 0.0);
    assert!(v["run"]["wall_time_s"].as_f64().unwrap() > 0.0);
    let all = &v["totals"][2];
    assert_eq!(all["call_type"], "all");
    for key in [
        "offered",
        "answered",
        "abandoned",
        "abandon_rate",
        "service_level",
        "asa_s",
        "mean_wait_abandoned_s",
        "wait_p50_s",
        "wait_p80_s",
        "wait_p90_s",
        "wait_p95_s",
        "wait_p99_s",
        "aht_s",
        "occupancy",
        "max_queue",
        "mean_queue",
    ] {
        assert!(all["kpis"][key]["mean"].is_number(), "{key}");
        assert!(all["kpis"][key]["half_width"].is_number(), "{key}");
    }
    assert_eq!(v["intervals"].as_array().unwrap().len(), 18);
    assert_eq!(v["intervals"][0]["start"], "09:00");
    assert_eq!(v["groups"][2]["group"], "cross-trained");
    assert!(v["groups"][2]["day"]["occupancy"]["mean"].as_f64().unwrap() > 0.0);
}

#[test]
fn csv_has_a_row_per_interval_and_call_type() {
    let out = cli()
        .args(["simulate", "scenarios/two_skill.toml", "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "interval");
    assert!(header.iter().any(|h| h == "service_level_half_width"));
    let rows: Vec<_> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(
        rows.len(),
        18 * 3 + 3,
        "18 intervals × (2 types + all), then the day"
    );
    assert_eq!((&rows[0][1], &rows[0][2]), ("09:00", "billing"));
}

#[test]
fn set_overrides_change_the_run() {
    let json = |extra: &[&str]| -> Value {
        let out = cli()
            .args([
                "simulate",
                "scenarios/helpline.toml",
                "--format",
                "json",
                "--set",
                "simulation.replications=10",
            ])
            .args(extra)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let base = json(&[]);
    let more = json(&["--set", "agent_group[0].agents=20"]);
    assert_eq!(base["replications"]["count"], 10);
    assert_eq!(more["scenario"]["content"]["agent_group"][0]["agents"], 20);
    let sl = |v: &Value| {
        v["totals"][1]["kpis"]["service_level"]["mean"]
            .as_f64()
            .unwrap()
    };
    assert!(sl(&more) > sl(&base));
}

#[test]
fn trace_shows_the_first_events() {
    let out = cli()
        .args([
            "simulate",
            "scenarios/helpline.toml",
            "--trace",
            "12",
            "--set",
            "simulation.replications=2",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("First events of replication 0:"));
    let events: Vec<&str> = text.lines().skip(1).take_while(|l| !l.is_empty()).collect();
    assert_eq!(events.len(), 12);
    assert!(
        events
            .iter()
            .any(|l| l.contains("arrival     support caller 1; patience "))
    );
    assert!(
        events
            .iter()
            .any(|l| l.contains("answered    support caller 1 by agents agent"))
    );
    // Each line starts with the clock time: the day opens at 08:00.
    assert!(events[0].starts_with("08:00:00.000 "), "{}", events[0]);
}

/// The trace's numbers hang together: a caller who hangs up has waited the
/// patience its arrival line says it drew, one who is answered less; the
/// clock is the opening time plus the simulated seconds.
#[test]
fn trace_follows_each_caller_with_its_drawn_patience() {
    let out = cli()
        .args([
            "simulate",
            "scenarios/helpline.toml",
            "--trace",
            "2000",
            "--quiet",
            "--set",
            "simulation.replications=1",
            "--set",
            "agent_group[0].agents=14",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let number_after = |line: &str, word: &str| -> f64 {
        let at = line.find(word).unwrap() + word.len();
        let digits: String = line[at..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        digits.parse().unwrap()
    };
    let caller_of = |line: &str| number_after(line, "caller ") as u64;
    let mut patience = std::collections::HashMap::new();
    let (mut abandoned, mut answered) = (0, 0);
    for line in text.lines().skip(1).take_while(|l| !l.is_empty()) {
        let (clock, rest) = line.split_once("  ").unwrap();
        let t: f64 = rest
            .trim_start()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let (h, m, s): (f64, f64, f64) = {
            let parts: Vec<f64> = clock.split(':').map(|p| p.parse().unwrap()).collect();
            (parts[0], parts[1], parts[2])
        };
        let clock_s = h * 3600.0 + m * 60.0 + s;
        assert!((clock_s - (8.0 * 3600.0 + t)).abs() < 0.002, "{line}");
        if line.contains("arrival ") {
            patience.insert(caller_of(line), number_after(line, "patience "));
        } else if line.contains("abandoned ") {
            let waited = number_after(line, " after ");
            let drawn = patience[&caller_of(line)];
            assert!(
                (waited - drawn).abs() <= 0.05 + 5e-4,
                "{line}: drew {drawn}"
            );
            abandoned += 1;
        } else if line.contains("answered ") {
            let waited = number_after(line, " after ");
            assert!(waited <= patience[&caller_of(line)] + 0.05, "{line}");
            answered += 1;
        }
    }
    assert!(
        abandoned > 5 && answered > 50,
        "{abandoned} abandoned, {answered} answered"
    );
}

#[test]
fn trace_is_a_list_in_json_and_refused_in_csv() {
    let out = cli()
        .args([
            "simulate",
            "scenarios/helpline.toml",
            "--trace",
            "5",
            "--quiet",
            "--format",
            "json",
            "--set",
            "simulation.replications=1",
        ])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let trace = json["trace"].as_array().unwrap();
    assert_eq!(trace.len(), 5);
    assert_eq!(trace[2]["kind"], "arrival");
    assert_eq!(
        trace[2]["clock"].as_str().unwrap().len(),
        "08:00:06.499".len()
    );
    assert!(
        trace[2]["event"]
            .as_str()
            .unwrap()
            .starts_with("support caller 1; patience ")
    );
    let out = cli()
        .args([
            "simulate",
            "scenarios/helpline.toml",
            "--trace",
            "5",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: --trace has no place in the CSV tables"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn output_file_is_written_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("run.csv");
    cli()
        .args([
            "simulate",
            "scenarios/helpline.toml",
            "--format",
            "csv",
            "--quiet",
            "--output",
        ])
        .arg(&path)
        .assert()
        .success()
        .stdout("");
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .starts_with("interval,start,call_type,")
    );
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_call_type_whose_groups_never_have_an_agent_is_a_warning() {
    let text = |night: &str, day: &str| {
        format!(
            r#"
[simulation]
seed = 1
replications = 2
intervals = 2

[[call_type]]
name = "calls"
calls_per_interval = 10
handle = {{ dist = "exponential", mean_s = 100 }}

[[agent_group]]
name = "night"
agents = {night}
skills = ["calls"]

[[agent_group]]
name = "day"
agents = {day}
skills = ["calls"]
"#
        )
    };
    let never = inline(&text("0", "[0, 0]"));
    assert_eq!(
        never.warnings,
        [callsim::scenario::Warning::NeverStaffed {
            name: "calls".into()
        }]
    );
    assert!(
        never.warnings[0]
            .to_string()
            .contains("none of its calls is answered")
    );
    // One agent in one interval of one group is enough.
    assert!(inline(&text("0", "[0, 1]")).warnings.is_empty());
}

#[test]
fn unserved_call_type_is_a_warning_with_the_flag() {
    let text = r#"
[simulation]
seed = 1
replications = 3
intervals = 2
allow_unserved = true

[[call_type]]
name = "served"
calls_per_interval = 10
handle = { dist = "exponential", mean_s = 100 }

[[call_type]]
name = "orphan"
calls_per_interval = 5
handle = { dist = "exponential", mean_s = 100 }
patience = { dist = "constant", value_s = 30 }

[[agent_group]]
name = "team"
agents = 2
skills = ["served"]
"#;
    let s = inline(text);
    assert_eq!(s.warnings.len(), 1);
    assert_eq!(
        s.warnings[0],
        callsim::scenario::Warning::UnservedCallType {
            name: "orphan".into()
        }
    );
    assert!(s.warnings[0].advice().contains("allow_unserved"));
    let run = simulate(&s, &RunOptions::default()).unwrap();
    let orphan = Scope {
        call_type: Some(1),
        interval: None,
    };
    assert_eq!(
        run.moments
            .call(orphan, CallKpi::AbandonRate, 0.95)
            .unwrap()
            .mean,
        1.0
    );
    assert_eq!(
        run.moments
            .call(orphan, CallKpi::MeanWaitAbandoned, 0.95)
            .unwrap()
            .mean,
        30.0
    );
}

#[test]
fn output_to_a_device_writes_through_it() {
    // Regression: the atomic rename once replaced /dev/null with a file.
    cli()
        .args([
            "simulate",
            "scenarios/helpline.toml",
            "--set",
            "simulation.replications=2",
            "--quiet",
            "--output",
            "/dev/null",
        ])
        .assert()
        .success();
    let meta = fs::metadata("/dev/null").unwrap();
    assert!(!meta.is_file(), "/dev/null is still a device");
}

/// A replication that needs more events than its model allows (a loop that
/// takes no simulated time) stops with an error instead of hanging.
#[test]
fn a_replication_past_its_work_limit_stops_with_an_error() {
    let scenario = load("scenarios/helpline.toml");
    let mut model = Model::compile(&scenario);
    assert!(model.work_limit > 1_000_000, "room for a normal day");
    let router = callsim::engine::ModelRouter::new(&model);
    let mut collector =
        callsim::observe::KpiCollector::new(&model, scenario.targets.answer_within_s);
    assert!(router.run(&model, 1, 0, &mut collector).is_ok());
    model.work_limit = 500;
    let mut collector =
        callsim::observe::KpiCollector::new(&model, scenario.targets.answer_within_s);
    let error = router.run(&model, 1, 3, &mut collector).unwrap_err();
    assert_eq!((error.replication, error.events), (3, 501));
    assert!(
        error.to_string().contains("loops without taking time"),
        "{error}"
    );
}
