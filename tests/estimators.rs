//! Long-run estimators across replications: a ratio KPI is the ratio of sums
//! over all days (the default) or the mean of daily ratios (`estimator =
//! "daily_mean"`), each equal to what the replications' own counts imply;
//! the delta-method interval of the ratio of sums covers exact values at its
//! nominal rate; the share of days meeting each target is the count of days
//! that met it; and the day's occupancy is the exact Erlang C/A value once the
//! work left at closing is counted.

use callsim::erlang::{self, QueueModel, ServiceLevelBasis, ServiceLevelQuery, Traffic};
use callsim::kpi::{CallKpi, GroupKpi, ReplicationKpis, Scope, TargetKpi};
use callsim::model::Model;
use callsim::run::replicate::{RunOptions, replication_stats, simulate};
use callsim::scenario::Scenario;
use callsim::study::compare::{self, CompareOptions};

fn inline(text: &str) -> Scenario {
    Scenario::from_toml(text, "inline.toml", &[]).unwrap()
}

const DAY: Scope = Scope {
    call_type: None,
    interval: None,
};

/// Three call types, two groups, day-to-day volume variation (gamma busyness).
const BUSY_DAYS: &str = r#"
[simulation]
seed = 11
replications = 60
interval_min = 30
intervals = 8
ESTIMATOR

[arrivals]
day_factor_cv = 0.35

[[call_type]]
name = "billing"
calls_per_interval = [40, 60, 80, 90, 70, 60, 50, 40]
handle = { dist = "lognormal", mean_s = 240, cv = 0.7 }
patience = { dist = "exponential", mean_s = 150 }

[[call_type]]
name = "tech"
calls_per_interval = 30
handle = { dist = "exponential", mean_s = 360 }
patience = { dist = "exponential", mean_s = 240 }

[[call_type]]
name = "sales"
calls_per_interval = [10, 20, 30, 20, 10, 10, 20, 10]
handle = { dist = "gamma", mean_s = 200, cv = 0.5 }

[[agent_group]]
name = "front"
agents = 11
skills = ["billing", "sales"]

[[agent_group]]
name = "experts"
agents = 7
skills = ["tech", "billing"]

[targets]
service_level_pct = 80
answer_within_s = 20
max_abandon_pct = 5
max_asa_s = 30
"#;

fn busy_days(estimator: &str) -> Scenario {
    inline(&BUSY_DAYS.replace("ESTIMATOR", estimator))
}

#[test]
fn ratio_of_sums_and_daily_mean_are_what_the_days_imply() {
    let sums = busy_days("");
    let daily = busy_days("estimator = \"daily_mean\"");
    let model = Model::compile(&sums);
    // Independently of the estimators: each day's counts, summed or averaged.
    let (mut within, mut offered, mut busy, mut present) = (0.0, 0.0, 0.0, 0.0);
    let (mut sl_days, mut occupancy_days) = (Vec::new(), Vec::new());
    for r in 0..u64::from(sums.simulation.replications) {
        let (stats, _) = replication_stats(&sums, &model, r).unwrap();
        let w: u64 = stats.calls.iter().map(|c| c.answered_within).sum();
        let o: u64 = stats.calls.iter().map(|c| c.offered).sum();
        let b: f64 = stats.busy_s.iter().sum();
        let p: f64 = stats.present_s.iter().sum();
        within += w as f64;
        offered += o as f64;
        busy += b;
        present += p;
        sl_days.push(w as f64 / o as f64);
        occupancy_days.push(b / p);
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1.0);

    let run = simulate(&sums, &RunOptions::default()).unwrap();
    let sl = run
        .moments
        .call(DAY, CallKpi::ServiceLevel, 0.95)
        .unwrap()
        .mean;
    let occupancy = run
        .moments
        .call(DAY, CallKpi::Occupancy, 0.95)
        .unwrap()
        .mean;
    assert!(
        close(sl, within / offered),
        "{sl} vs Σ/Σ {}",
        within / offered
    );
    assert!(close(occupancy, busy / present));

    let run = simulate(&daily, &RunOptions::default()).unwrap();
    let sl_daily = run
        .moments
        .call(DAY, CallKpi::ServiceLevel, 0.95)
        .unwrap()
        .mean;
    let occupancy_daily = run
        .moments
        .call(DAY, CallKpi::Occupancy, 0.95)
        .unwrap()
        .mean;
    assert!(
        close(sl_daily, mean(&sl_days)),
        "{sl_daily} vs {}",
        mean(&sl_days)
    );
    assert!(close(occupancy_daily, mean(&occupancy_days)));
    // Busy days weigh more in the long-run share: the two differ here.
    assert!(
        (sl - sl_daily).abs() > 1e-3,
        "ratio of sums {sl} and daily mean {sl_daily}"
    );
    // Counts are means per day under either estimator.
    let offered_sums = simulate(&sums, &RunOptions::default()).unwrap();
    assert_eq!(
        offered_sums.moments.call(DAY, CallKpi::Offered, 0.95),
        run.moments.call(DAY, CallKpi::Offered, 0.95)
    );
}

#[test]
fn share_of_days_meeting_each_target_counts_the_days_that_met_it() {
    let scenario = busy_days("");
    let run = simulate(
        &scenario,
        &RunOptions {
            keep_replications: true,
            ..RunOptions::default()
        },
    )
    .unwrap();
    let days: &[ReplicationKpis] = run.per_replication.as_deref().unwrap();
    let layout = callsim::kpi::Layout::of(&scenario);
    for interval in [None, Some(0), Some(3)] {
        for call_type in [None, Some(0), Some(1)] {
            let scope = Scope {
                call_type,
                interval,
            };
            let row = layout.call_index(scope);
            for (target, kpi, meets) in [
                (
                    TargetKpi::ServiceLevel,
                    CallKpi::ServiceLevel,
                    (|v: f64| v >= 0.8) as fn(f64) -> bool,
                ),
                (TargetKpi::AbandonRate, CallKpi::AbandonRate, |v| v <= 0.05),
                (TargetKpi::Asa, CallKpi::Asa, |v| v <= 30.0),
            ] {
                let values: Vec<f64> = days
                    .iter()
                    .filter_map(|d| d.calls[row][kpi as usize].get())
                    .collect();
                let met = values.iter().filter(|&&v| meets(v)).count();
                let share = run.moments.days_meeting(scope, target, 0.95).unwrap();
                assert_eq!(share.days, values.len() as u64);
                assert_eq!(
                    share.share,
                    met as f64 / values.len() as f64,
                    "{scope:?} {target:?}"
                );
                assert!(share.low <= share.share && share.share <= share.high);
            }
        }
    }
}

#[test]
fn no_target_no_share_of_days() {
    let scenario = inline(
        &BUSY_DAYS
            .replace("ESTIMATOR", "")
            .replace("max_asa_s = 30\n", ""),
    );
    let run = simulate(&scenario, &RunOptions::default()).unwrap();
    assert!(
        run.moments
            .days_meeting(DAY, TargetKpi::Asa, 0.95)
            .is_none()
    );
    assert!(
        run.moments
            .days_meeting(DAY, TargetKpi::ServiceLevel, 0.95)
            .is_some()
    );
}

/// Coverage of `runs` intervals at 95 % around `exact`: each run is the
/// scenario with its own seed. The share covering must be at least 93 %
/// (with 1000 runs of a 95 % interval that is 2.9 binomial standard errors
/// below nominal).
fn coverage(
    text: &str,
    runs: u64,
    mut estimate: impl FnMut(&Scenario) -> (f64, f64),
    exact: f64,
) -> f64 {
    let mut covered = 0;
    for seed in 0..runs {
        let scenario = inline(&text.replace("SEED", &(1000 + seed).to_string()));
        let (mean, half_width) = estimate(&scenario);
        if (mean - exact).abs() <= half_width {
            covered += 1;
        }
    }
    let share = covered as f64 / runs as f64;
    eprintln!("coverage of {exact:.6}: {share:.3} over {runs} runs");
    share
}

fn one_thread() -> RunOptions<'static> {
    RunOptions {
        threads: Some(1),
        ..RunOptions::default()
    }
}

/// With no agent, a caller arriving at t abandons if its patience ends
/// before closing: P = 1 − (1 − e^{−θT})/(θT), whatever the day's volume. The
/// denominators vary from day to day (gamma busyness, cv 0.5): the ratio of
/// sums and its delta-method interval must cope.
#[test]
fn ratio_of_sums_interval_covers_an_exact_abandonment_share() {
    let text = r#"
[simulation]
seed = SEED
replications = 20
interval_min = 30
intervals = 1
after_close = "drop"

[arrivals]
day_factor_cv = 0.5

[[call_type]]
name = "a"
calls_per_interval = 30
handle = { dist = "exponential", mean_s = 60 }
patience = { dist = "exponential", mean_s = 600 }

[[agent_group]]
name = "nobody"
agents = 0
skills = ["a"]
"#;
    let theta_t: f64 = 1800.0 / 600.0;
    let exact = 1.0 - (1.0 - (-theta_t).exp()) / theta_t;
    let share = coverage(
        text,
        1000,
        |s| {
            let run = simulate(s, &one_thread()).unwrap();
            let e = run.moments.call(DAY, CallKpi::AbandonRate, 0.95).unwrap();
            (e.mean, e.half_width.unwrap())
        },
        exact,
    );
    assert!(share >= 0.93, "coverage {share}");
}

const ERLANG_C: &str = r#"
[simulation]
seed = SEED
replications = 20
interval_min = 60
intervals = 4
warmup_min = 120

[[call_type]]
name = "a"
calls_per_hour = 72
handle = { dist = "exponential", mean_s = 60 }

[[agent_group]]
name = "g"
agents = AGENTS
skills = ["a"]

[targets]
answer_within_s = 20
"#;

fn erlang_c_service_level(agents: u32) -> f64 {
    let traffic = Traffic::from_erlangs(1.2, 60.0).unwrap();
    let query = ServiceLevelQuery::new(20.0, ServiceLevelBasis::Offered).unwrap();
    erlang::evaluate(&traffic, QueueModel::ErlangC, agents, query)
        .unwrap()
        .service_level
}

/// M/M/2 at 1.2 Erlangs after a two-hour warm-up: the ratio-of-sums service
/// level's interval covers Erlang C's exact value.
#[test]
fn ratio_of_sums_interval_covers_erlang_c_service_level() {
    let share = coverage(
        &ERLANG_C.replace("AGENTS", "2"),
        1000,
        |s| {
            let run = simulate(s, &one_thread()).unwrap();
            let e = run.moments.call(DAY, CallKpi::ServiceLevel, 0.95).unwrap();
            (e.mean, e.half_width.unwrap())
        },
        erlang_c_service_level(2),
    );
    assert!(share >= 0.93, "coverage {share}");
}

/// The paired difference of ratios of sums (2 → 3 agents, same callers)
/// covers the exact difference of Erlang C service levels.
#[test]
fn paired_difference_of_ratios_covers_the_exact_difference() {
    let exact = erlang_c_service_level(3) - erlang_c_service_level(2);
    let mut narrower = 0;
    let runs = 600;
    let share = coverage(
        &ERLANG_C.replace("AGENTS", "2"),
        runs,
        |a| {
            let text = toml::to_string(&a.echo).unwrap();
            let b = Scenario::from_toml(&text, "b.toml", &["agent_group[0].agents=3".to_string()])
                .unwrap();
            let run = compare::run(
                &[a, &b],
                &CompareOptions {
                    threads: Some(1),
                    ..CompareOptions::default()
                },
            )
            .unwrap();
            let comparison = run.comparer.finish(0.95);
            let all = comparison.day.iter().find(|s| s.name == "all").unwrap();
            let sl = all.kpis.iter().find(|k| k.kpi == "service_level").unwrap();
            let d = sl.differences[1].unwrap();
            if d.half_width.unwrap() < d.welch_half_width.unwrap() {
                narrower += 1;
            }
            (d.mean, d.half_width.unwrap())
        },
        exact,
    );
    assert!(share >= 0.92, "coverage {share}");
    assert!(
        narrower > runs * 9 / 10,
        "pairing narrowed {narrower} of {runs}"
    );
}

/// The day's occupancy, as a ratio of sums, is E[busy] / E[present] over
/// the counted hours T and the work left at closing. Stationary M/M/n:
/// busy a·T + L·AHT, present n·T + L·AHT, where L (callers in the system at
/// closing) is served by agents who each log off when nothing is left; with
/// `after_close = "drop"`, only the calls in service are finished:
/// a_carried·AHT.
fn check_day_occupancy(agents: u32, erlangs: f64, patience_s: Option<f64>) {
    let aht = 180.0;
    let warmup_h = 10.0;
    let open_h = 8.0;
    let patience = patience_s.map_or(String::new(), |p| {
        format!("patience = {{ dist = \"exponential\", mean_s = {p} }}")
    });
    let close = if patience_s.is_some() {
        "after_close = \"drop\""
    } else {
        ""
    };
    let text = format!(
        r#"
[simulation]
seed = 5
replications = 200
interval_min = 60
intervals = {intervals}
warmup_min = {warmup}
confidence_pct = 99.9
{close}

[[call_type]]
name = "a"
calls_per_hour = {rate}
handle = {{ dist = "exponential", mean_s = {aht} }}
{patience}

[[agent_group]]
name = "g"
agents = {agents}
skills = ["a"]
"#,
        intervals = warmup_h + open_h,
        warmup = warmup_h * 60.0,
        rate = erlangs / aht * 3600.0,
    );
    let scenario = inline(&text);
    let run = simulate(&scenario, &RunOptions::default()).unwrap();
    let occupancy = run
        .moments
        .group(0, None, GroupKpi::Occupancy, 0.999)
        .unwrap();
    let traffic = Traffic::from_erlangs(erlangs, aht).unwrap();
    let model = match patience_s {
        None => QueueModel::ErlangC,
        Some(patience_s) => QueueModel::ErlangA { patience_s },
    };
    let query = ServiceLevelQuery::new(20.0, ServiceLevelBasis::Offered).unwrap();
    let exact = erlang::evaluate(&traffic, model, agents, query).unwrap();
    let busy_agents = exact.occupancy * f64::from(agents);
    let left_at_close = match patience_s {
        None => busy_agents + exact.mean_queue_length,
        Some(_) => busy_agents,
    };
    let t = open_h * 3600.0;
    let expected =
        (busy_agents * t + left_at_close * aht) / (f64::from(agents) * t + left_at_close * aht);
    assert!(
        (occupancy.mean - expected).abs() <= occupancy.half_width.unwrap(),
        "n={agents} A={erlangs} patience={patience_s:?}: exact {expected:.5} (open hours {:.5}) outside {:.5} ± {:.5}",
        exact.occupancy,
        occupancy.mean,
        occupancy.half_width.unwrap()
    );
}

#[test]
fn day_occupancy_matches_erlang_c_light_and_heavy() {
    check_day_occupancy(10, 5.0, None);
    check_day_occupancy(10, 9.0, None);
}

#[test]
fn day_occupancy_matches_erlang_a_light_and_heavy() {
    check_day_occupancy(10, 6.0, Some(120.0));
    check_day_occupancy(10, 11.0, Some(120.0));
}
