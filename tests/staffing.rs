//! The staffing planner's guarantees: it agrees with Erlang A where Erlang A
//! is exact, its answer holds when re-simulated with other callers, it is
//! minimal, multi-skill pooling never costs more than staffing each call type
//! alone, the shift MIP covers every interval at the cost brute force finds,
//! and impossible plans are refused with a sentence naming the interval.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use callsim::erlang::{self, QueueModel, ServiceLevelBasis, ServiceLevelTarget, Traffic};
use callsim::kpi::{CallKpi, Scope};
use callsim::run::replicate::{RunOptions, simulate};
use callsim::scenario::Scenario;
use callsim::staffing::{
    Criterion, MipOptions, MipStatus, PlanOptions, SearchOptions, plan, required_staffing,
    schedule_shifts, shift_instances, shortfalls,
};
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn load(path: &str) -> Scenario {
    Scenario::from_path(&root().join(path)).unwrap()
}

fn inline(text: &str) -> Scenario {
    Scenario::from_toml(text, "inline.toml", &[]).unwrap()
}

fn callsim() -> Command {
    let mut command = Command::cargo_bin("callsim").unwrap();
    command.current_dir(root());
    command
}

/// M/M/n+M, the same volume every half hour: Erlang A's own assumptions.
const STATIONARY: &str = r#"
[simulation]
seed = 3
replications = 200
interval_min = 30
intervals = 6

[[call_type]]
name = "support"
calls_per_interval = 150
handle = { dist = "exponential", mean_s = 240 }
patience = { dist = "exponential", mean_s = 180 }

[[agent_group]]
name = "team"
agents = 1
skills = ["support"]

[targets]
service_level_pct = 80
answer_within_s = 20
max_abandon_pct = 5
"#;

fn with_agents(scenario: &Scenario, agents: &[Vec<u32>]) -> Scenario {
    let mut s = scenario.clone();
    for (group, row) in s.agent_groups.iter_mut().zip(agents) {
        group.agents = row.clone();
    }
    s
}

#[test]
fn stationary_answer_is_erlang_a_within_one_agent() {
    let scenario = inline(STATIONARY);
    let found = required_staffing(&scenario, &SearchOptions::default()).unwrap();
    let traffic = Traffic::from_calls_per_interval(150.0, 1800.0, 240.0).unwrap();
    let targets = erlang::Targets {
        service_level: Some(ServiceLevelTarget::new(0.8, 20.0).unwrap()),
        max_abandon: Some(0.05),
        ..erlang::Targets::default()
    };
    let erlang_a = erlang::required_agents(
        &traffic,
        QueueModel::ErlangA { patience_s: 180.0 },
        &targets,
        ServiceLevelBasis::Offered,
    )
    .unwrap()
    .agents;
    for (k, &n) in found.agents[0].iter().enumerate() {
        assert!(
            n.abs_diff(erlang_a) <= 1,
            "interval {k}: simulation says {n}, Erlang A {erlang_a}"
        );
    }
    // The search started from Erlang's answer.
    assert!(found.seeds[0].iter().all(|&s| s == erlang_a));
}

#[test]
fn the_answer_is_minimal_one_agent_less_anywhere_misses_a_target() {
    let scenario = inline(STATIONARY);
    let options = SearchOptions::default();
    let found = required_staffing(&scenario, &options).unwrap();
    assert!(
        shortfalls(&scenario, &found.run.moments, Criterion::Mean)
            .iter()
            .all(Vec::is_empty)
    );
    for k in 0..scenario.simulation.intervals {
        let mut fewer = found.agents.clone();
        fewer[0][k] -= 1;
        let staffed = with_agents(&scenario, &fewer);
        let run = simulate(&staffed, &RunOptions::default()).unwrap();
        let missed = shortfalls(&staffed, &run.moments, Criterion::Mean);
        assert!(
            missed.iter().any(|m| !m.is_empty()),
            "interval {k} could do with one agent less"
        );
    }
}

#[test]
fn targets_hold_when_re_simulated_with_other_callers() {
    let scenario = load("scenarios/staff_day.toml");
    let found = required_staffing(&scenario, &SearchOptions::default()).unwrap();
    let mut check = with_agents(&scenario, &found.agents);
    check.simulation.seed = 20_261_124;
    check.simulation.replications = 200;
    let verify = simulate(&check, &RunOptions::default()).unwrap();
    let confidence = scenario.simulation.confidence;
    let sl_target = scenario.targets.service_level.unwrap();
    let abandon_max = scenario.targets.max_abandon.unwrap();
    for k in 0..scenario.simulation.intervals {
        let scope = Scope {
            call_type: None,
            interval: Some(k),
        };
        // The search's mean and the check's mean each lie within their
        // half-widths of the truth: together they may differ by both.
        let tolerance = |kpi| {
            let a = found.run.moments.call(scope, kpi, confidence).unwrap();
            let b = verify.moments.call(scope, kpi, confidence).unwrap();
            (b.mean, a.half_width.unwrap() + b.half_width.unwrap())
        };
        let (sl, slack) = tolerance(CallKpi::ServiceLevel);
        assert!(
            sl >= sl_target - slack,
            "interval {k}: service level {sl} re-simulated, target {sl_target} (± {slack})"
        );
        let (abandon, slack) = tolerance(CallKpi::AbandonRate);
        assert!(
            abandon <= abandon_max + slack,
            "interval {k}: abandonment {abandon} re-simulated, max {abandon_max} (± {slack})"
        );
    }
    let day = Scope {
        call_type: None,
        interval: None,
    };
    let sl_day = verify
        .moments
        .call(day, CallKpi::ServiceLevel, confidence)
        .unwrap();
    assert!(sl_day.mean + sl_day.half_width.unwrap() >= sl_target);
}

#[test]
fn the_confidence_bound_needs_at_least_the_agents_of_the_mean() {
    let scenario = inline(STATIONARY);
    let mean = required_staffing(&scenario, &SearchOptions::default()).unwrap();
    let bound = required_staffing(
        &scenario,
        &SearchOptions {
            criterion: Criterion::Bound,
            ..SearchOptions::default()
        },
    )
    .unwrap();
    let total = |a: &Vec<Vec<u32>>| a.iter().flatten().sum::<u32>();
    assert!(total(&bound.agents) >= total(&mean.agents));
    assert!(
        shortfalls(&scenario, &bound.run.moments, Criterion::Bound)
            .iter()
            .all(Vec::is_empty)
    );
}

#[test]
fn the_answer_does_not_depend_on_the_thread_count() {
    let scenario = load("scenarios/two_skill.toml");
    let runs: Vec<_> = [1, 2, 3]
        .iter()
        .map(|&threads| {
            required_staffing(
                &scenario,
                &SearchOptions {
                    threads: Some(threads),
                    ..SearchOptions::default()
                },
            )
            .unwrap()
        })
        .collect();
    for other in &runs[1..] {
        assert_eq!(other.agents, runs[0].agents);
        assert_eq!(other.run.moments, runs[0].run.moments);
        assert_eq!(other.simulations, runs[0].simulations);
    }
}

/// Erlang A for each call type on its own, every interval: the agents a
/// center would need with one dedicated team per call type.
fn separate_erlang_total(scenario: &Scenario) -> u32 {
    let t = &scenario.targets;
    let targets = erlang::Targets {
        service_level: t
            .service_level
            .map(|s| ServiceLevelTarget::new(s, t.answer_within_s).unwrap()),
        max_abandon: t.max_abandon,
        max_asa_s: t.max_asa_s,
        max_occupancy: t.max_occupancy,
    };
    let mut total = 0;
    for call_type in &scenario.call_types {
        let aht = call_type.handle.mean() + call_type.after_call_work.as_ref().unwrap().mean();
        let patience_s = call_type.patience.as_ref().unwrap().mean();
        for &calls in &call_type.calls_per_interval {
            let traffic =
                Traffic::from_calls_per_interval(calls, scenario.simulation.interval_s, aht)
                    .unwrap();
            total += erlang::required_agents(
                &traffic,
                QueueModel::ErlangA { patience_s },
                &targets,
                t.basis,
            )
            .unwrap()
            .agents;
        }
    }
    total
}

#[test]
fn two_skills_meet_the_targets_with_no_more_agents_than_separate_erlang() {
    let scenario = load("scenarios/two_skill.toml");
    let found = required_staffing(&scenario, &SearchOptions::default()).unwrap();
    // Every call type meets every target in every interval of the final run.
    let missed = shortfalls(&scenario, &found.run.moments, Criterion::Mean);
    assert!(missed.iter().all(Vec::is_empty), "{missed:?}");
    let pooled: u32 = found.agents.iter().flatten().sum();
    let separate = separate_erlang_total(&scenario);
    println!("two_skill: {pooled} agent-intervals by simulation, {separate} by separate Erlang A");
    assert!(
        pooled <= separate,
        "{pooled} agent-intervals, separate Erlang A needs {separate}"
    );
    // Per call type, checked on their own (not hidden by the other type).
    let confidence = scenario.simulation.confidence;
    for c in 0..scenario.call_types.len() {
        for k in 0..scenario.simulation.intervals {
            let scope = Scope {
                call_type: Some(c),
                interval: Some(k),
            };
            let sl = found
                .run
                .moments
                .call(scope, CallKpi::ServiceLevel, confidence)
                .unwrap();
            assert!(sl.mean >= scenario.targets.service_level.unwrap());
        }
    }
}

/// 08:00 to 14:00 in hours; shifts: three 3-hour starts, one 6-hour shift
/// with an hour's break from 10:30, two 2-hour starts.
const TINY_SHIFTS: &str = r#"
[simulation]
seed = 1
replications = 2
interval_min = 60
open = "08:00"
close = "14:00"

[[call_type]]
name = "support"
calls_per_interval = 10
handle = { dist = "exponential", mean_s = 240 }

[[agent_group]]
name = "team"
agents = 1
skills = ["support"]

[[shift]]
name = "short"
start = ["08:00", "09:00", "10:00"]
length_min = 180
cost = 3

[[shift]]
name = "long"
start = "08:00"
length_min = 360
breaks = [{ after_min = 150, length_min = 60 }]
cost = 5.5

[[shift]]
name = "late"
start = ["11:00", "12:00"]
length_min = 120
cost = 2.4
"#;

/// [`TINY_SHIFTS`]'s center (hourly, one call type, one group) with other
/// opening hours and shifts.
fn tiny_center(hours: &str, shifts: &str) -> String {
    let center = &TINY_SHIFTS[..TINY_SHIFTS.find("[[shift]]").unwrap()];
    center.replace("open = \"08:00\"\nclose = \"14:00\"", hours) + shifts
}

/// The share of each hour each instance of [`TINY_SHIFTS`] works, written out by hand.
const TINY_COVERAGE: [[f64; 6]; 6] = [
    [1.0, 1.0, 1.0, 0.0, 0.0, 0.0],
    [0.0, 1.0, 1.0, 1.0, 0.0, 0.0],
    [0.0, 0.0, 1.0, 1.0, 1.0, 0.0],
    [1.0, 1.0, 0.5, 0.5, 1.0, 1.0],
    [0.0, 0.0, 0.0, 1.0, 1.0, 0.0],
    [0.0, 0.0, 0.0, 0.0, 1.0, 1.0],
];
const TINY_COSTS: [f64; 6] = [3.0, 3.0, 3.0, 5.5, 2.4, 2.4];

/// `count` needs of 0 to `below − 1` heads per hour from a fixed LCG (reproducible).
fn pseudo_random_needs(seed: u64, count: usize, below: u64) -> Vec<[u32; 6]> {
    let mut state = seed;
    (0..count)
        .map(|_| {
            let mut need = [0u32; 6];
            for n in &mut need {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                *n = ((state >> 33) % below) as u32;
            }
            need
        })
        .collect()
}

/// The cheapest cost of the tiny instance's counts up to `most` that cover
/// `need` and that `allowed` accepts, by trying them all (∞ when none does).
fn cheapest_by_brute_force(
    need: &[u32; 6],
    most: [u32; 6],
    allowed: impl Fn(&[u32; 6]) -> bool,
) -> f64 {
    let mut best = f64::INFINITY;
    for_every_count(&most, |counts| {
        let counts: &[u32; 6] = counts.try_into().unwrap();
        let covered = (0..6).all(|k| {
            let on: f64 = (0..6)
                .map(|i| TINY_COVERAGE[i][k] * f64::from(counts[i]))
                .sum();
            on + 1e-9 >= f64::from(need[k])
        });
        if covered && allowed(counts) {
            best = best.min((0..6).map(|i| TINY_COSTS[i] * f64::from(counts[i])).sum());
        }
    });
    best
}

/// Calls `visit` with every vector of counts from all zeros to `most`.
fn for_every_count(most: &[u32], mut visit: impl FnMut(&[u32])) {
    let mut counts = vec![0u32; most.len()];
    loop {
        visit(&counts);
        let mut i = 0;
        while i < most.len() && counts[i] == most[i] {
            counts[i] = 0;
            i += 1;
        }
        if i == most.len() {
            return;
        }
        counts[i] += 1;
    }
}

#[test]
fn the_mip_matches_brute_force_on_a_tiny_instance() {
    let scenario = inline(TINY_SHIFTS);
    let instances = shift_instances(&scenario, 0);
    assert_eq!(instances.len(), TINY_COVERAGE.len());
    for (i, inst) in instances.iter().enumerate() {
        assert_eq!(inst.coverage, TINY_COVERAGE[i], "instance {i}");
        assert_eq!(inst.cost, TINY_COSTS[i]);
    }
    // Hand-picked needs, then pseudo-random ones.
    let mut needs = vec![
        [2u32, 3, 4, 3, 2, 1],
        [1, 1, 1, 1, 1, 1],
        [0, 2, 0, 3, 0, 1],
        [3, 1, 4, 1, 5, 2],
    ];
    needs.extend(pseudo_random_needs(12_345, 40, 4));
    for need in needs {
        let exact = MipOptions {
            gap: 0.0,
            time_limit_s: 60.0,
        };
        let schedule = schedule_shifts(&scenario, 0, &instances, &need, &exact).unwrap();
        assert_eq!(schedule.status, MipStatus::Optimal);
        // Brute force over every count up to the most a cheapest schedule can
        // use: more agents on a shift than cover the largest need (5) alone in
        // the hours it works (half of two hours for the long one) only costs.
        let best = cheapest_by_brute_force(&need, [5, 5, 5, 10, 5, 5], |_| true);
        assert!(
            (schedule.cost - best).abs() < 1e-9,
            "need {need:?}: MIP cost {}, brute force {best}",
            schedule.cost
        );
        for k in 0..6 {
            assert!(schedule.on_shift[k] >= need[k], "need {need:?}, hour {k}");
            let on: f64 = (0..6)
                .map(|i| TINY_COVERAGE[i][k] * f64::from(schedule.counts[i]))
                .sum();
            assert!((on - schedule.coverage[k]).abs() < 1e-9);
        }
    }
}

/// Two days of [`TINY_SHIFTS`], closed at night: every shift instance works
/// in one day only, and the MIP (which solves each day's block alone) costs
/// what brute force finds for each day, summed.
#[test]
fn a_week_closed_at_night_is_scheduled_day_by_day_at_the_brute_force_cost() {
    let two_days = TINY_SHIFTS.replace("close = \"14:00\"", "close = \"14:00\"\ndays = 2");
    let scenario = inline(&two_days);
    assert_eq!(scenario.simulation.intervals, 12);
    let instances = shift_instances(&scenario, 0);
    assert_eq!(instances.len(), 2 * TINY_COVERAGE.len());
    for (i, inst) in instances.iter().enumerate() {
        // Instances come pattern by pattern, each on day 1 then day 2.
        let (hand, day) = ([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5][i], i % 2);
        let mut expected = [0.0; 12];
        expected[day * 6..day * 6 + 6].copy_from_slice(&TINY_COVERAGE[hand]);
        assert_eq!(inst.coverage, expected, "instance {i}");
    }
    for pair in pseudo_random_needs(777, 12, 4).chunks(2) {
        let need: Vec<u32> = pair[0].iter().chain(&pair[1]).copied().collect();
        let exact = MipOptions {
            gap: 0.0,
            time_limit_s: 60.0,
        };
        let schedule = schedule_shifts(&scenario, 0, &instances, &need, &exact).unwrap();
        assert_eq!(schedule.status, MipStatus::Optimal);
        let best: f64 = pair
            .iter()
            .map(|day| cheapest_by_brute_force(day, [5, 5, 5, 10, 5, 5], |_| true))
            .sum();
        assert!(
            (schedule.cost - best).abs() < 1e-9,
            "need {need:?}: MIP cost {}, brute force {best}",
            schedule.cost
        );
    }
}

/// 08:00 to 14:00 in hours: a 6-hour shift whose hour of break the MIP
/// places between 10:00 and 13:00, and two 3-hour starts.
fn window_shifts() -> String {
    tiny_center(
        "open = \"08:00\"\nclose = \"14:00\"",
        r#"[[shift]]
name = "long"
start = "08:00"
length_min = 360
breaks = [{ window = ["10:00", "13:00"], length_min = 60 }]
cost = 5.5

[[shift]]
name = "short"
start = ["08:00", "11:00"]
length_min = 180
cost = 3
"#,
    )
}

/// The break window as three fixed-break columns (10:00, 11:00, 12:00),
/// then the two short starts: what brute force tries.
const WINDOW_COLUMNS: [([f64; 6], f64); 5] = [
    ([1.0, 1.0, 0.0, 1.0, 1.0, 1.0], 5.5),
    ([1.0, 1.0, 1.0, 0.0, 1.0, 1.0], 5.5),
    ([1.0, 1.0, 1.0, 1.0, 0.0, 1.0], 5.5),
    ([1.0, 1.0, 1.0, 0.0, 0.0, 0.0], 3.0),
    ([0.0, 0.0, 0.0, 1.0, 1.0, 1.0], 3.0),
];

fn cheapest_with_window_by_brute_force(need: &[u32; 6]) -> f64 {
    let mut best = f64::INFINITY;
    for_every_count(&[6; 5], |counts| {
        let covers = (0..6).all(|k| {
            let on: f64 = (0..5)
                .map(|c| WINDOW_COLUMNS[c].0[k] * f64::from(counts[c]))
                .sum();
            on + 1e-9 >= f64::from(need[k])
        });
        if covers {
            best = best.min(
                (0..5)
                    .map(|c| WINDOW_COLUMNS[c].1 * f64::from(counts[c]))
                    .sum(),
            );
        }
    });
    best
}

#[test]
fn breaks_placed_in_their_window_cost_what_brute_force_finds() {
    let scenario = inline(&window_shifts());
    let instances = shift_instances(&scenario, 0);
    assert_eq!(instances.len(), 3);
    // The long shift works every hour but for the break the MIP places.
    assert_eq!(instances[0].coverage, vec![1.0; 6]);
    let starts: Vec<f64> = instances[0].break_options[0]
        .iter()
        .map(|o| o.after_min)
        .collect();
    assert_eq!(starts, vec![120.0, 180.0, 240.0]);
    let mut needs = vec![
        [3u32, 3, 3, 3, 3, 3],
        [2, 2, 1, 1, 1, 2],
        [0, 4, 4, 4, 0, 0],
    ];
    needs.extend(pseudo_random_needs(4_242, 30, 5));
    for need in needs {
        let exact = MipOptions {
            gap: 0.0,
            time_limit_s: 60.0,
        };
        let schedule = schedule_shifts(&scenario, 0, &instances, &need, &exact).unwrap();
        let best = cheapest_with_window_by_brute_force(&need);
        assert!(
            (schedule.cost - best).abs() < 1e-9,
            "need {need:?}: MIP cost {}, brute force {best}",
            schedule.cost
        );
        for k in 0..6 {
            assert!(schedule.on_shift[k] >= need[k], "need {need:?}, hour {k}");
        }
        // Every long-shift agent has one break inside the window, and the
        // rows add up to the agents on the shift.
        let long: Vec<_> = schedule.used.iter().filter(|u| u.shift == "long").collect();
        assert_eq!(
            long.iter().map(|u| u.agents).sum::<u32>(),
            schedule.counts[0],
            "need {need:?}"
        );
        for row in long {
            assert_eq!(row.breaks.len(), 1);
            assert!(
                ["10:00-11:00", "11:00-12:00", "12:00-13:00"].contains(&row.breaks[0].as_str()),
                "{:?}",
                row.breaks
            );
        }
    }
}

#[test]
fn a_break_window_outside_its_shift_is_one_clear_sentence() {
    let cases = [
        (
            r#"window = ["13:00", "15:00"]"#,
            "is not inside the shift that starts at 08:00",
        ),
        (
            r#"window = ["10:00", "10:30"]"#,
            "is shorter than the 60-minute break",
        ),
        (r#"window = ["10:00"]"#, "give two"),
        (
            r#"window = ["10:00", "13:00"], after_min = 120"#,
            "not both",
        ),
        (r#"window = ["10:00", "25:00"]"#, "25:00"),
    ];
    for (window, expected) in cases {
        let text = window_shifts().replace(r#"window = ["10:00", "13:00"]"#, window);
        let err = Scenario::from_toml(&text, "inline.toml", &[])
            .unwrap_err()
            .to_string();
        assert!(err.contains(expected), "{window}: {err}");
        assert!(err.contains("shift[0].breaks[0]"), "{window}: {err}");
        assert_eq!(err.lines().count(), 1, "{window}: {err}");
    }
}

/// A week of two-hour days and one 2-hour shift whose agents take two days
/// off together: seven week plans (off Mon–Tue … Sun–Mon).
fn week_plan() -> String {
    tiny_center(
        "open = \"08:00\"\nclose = \"10:00\"\ndays = 7\nfirst_day = \"Mon\"",
        r#"[[shift]]
name = "full"
start = "08:00"
length_min = 120
cost = 1
days_off = 2
"#,
    )
}

/// The cheapest week by brute force: `counts[s]` agents off days s and s + 1
/// (mod 7), each working the other five, covering `need` heads each day.
fn cheapest_week_by_brute_force(need: &[u32; 7]) -> f64 {
    let most = *need.iter().max().unwrap();
    let mut best = f64::INFINITY;
    for_every_count(&[most; 7], |counts| {
        let covers = (0..7).all(|d| {
            let on: u32 = (0..7)
                .filter(|&s| d != s && d != (s + 1) % 7)
                .map(|s| counts[s])
                .sum();
            on >= need[d]
        });
        if covers {
            // Each agent costs one per day worked, five days.
            best = best.min(f64::from(counts.iter().sum::<u32>() * 5));
        }
    });
    best
}

#[test]
fn week_plans_with_days_off_cost_what_brute_force_finds() {
    let scenario = inline(&week_plan());
    let instances = shift_instances(&scenario, 0);
    assert_eq!(instances.len(), 7);
    for (s, inst) in instances.iter().enumerate() {
        assert_eq!(inst.days_off, vec![s, (s + 1) % 7]);
        assert_eq!(inst.days.len(), 5);
        assert_eq!(inst.cost, 5.0);
    }
    let mut needs = vec![[3u32, 3, 3, 3, 3, 1, 1], [1, 2, 3, 4, 3, 2, 1]];
    for raw in pseudo_random_needs(99, 20, 4) {
        needs.push([raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[0]]);
    }
    for day_need in needs {
        let need: Vec<u32> = day_need.iter().flat_map(|&n| [n, n]).collect();
        let exact = MipOptions {
            gap: 0.0,
            time_limit_s: 60.0,
        };
        let schedule = schedule_shifts(&scenario, 0, &instances, &need, &exact).unwrap();
        let best = cheapest_week_by_brute_force(&day_need);
        assert!(
            (schedule.cost - best).abs() < 1e-9,
            "need {day_need:?}: MIP cost {}, brute force {best}",
            schedule.cost
        );
        assert!(schedule.cost_bound <= schedule.cost + 1e-9);
        for (k, &n) in need.iter().enumerate() {
            assert!(schedule.on_shift[k] >= n, "need {day_need:?}, interval {k}");
        }
        for used in &schedule.used {
            assert_eq!(used.days_worked.len(), 5);
            assert_eq!(used.days_off.len(), 2);
        }
    }
}

#[test]
fn weekly_hours_set_the_days_off_and_bad_week_plans_are_one_sentence() {
    let with = |extra: &str| week_plan().replace("days_off = 2\n", extra);
    // 5 h a week of 2-hour shifts: two days, five off.
    let scenario = inline(&with("weekly_hours = 5\n"));
    assert_eq!(scenario.shifts[0].days_off, 5);
    let cases = [
        (with("days_off = 7\n"), "shift[0].days_off"),
        (
            with("days_off = 2\nweekly_hours = 8\n"),
            "make 10 hours a week",
        ),
        (with("weekly_hours = 1\n"), "less than one 2-hour shift"),
        (
            with("days_off = 1\n").replace("days = 7\n", "days = 3\n"),
            "plans a week, but the scenario covers 3 day(s)",
        ),
    ];
    for (text, expected) in cases {
        let err = Scenario::from_toml(&text, "inline.toml", &[])
            .unwrap_err()
            .to_string();
        assert!(err.contains(expected), "{expected}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}

#[test]
fn the_schedule_covers_every_interval_and_is_re_simulated() {
    let scenario = load("scenarios/staff_day.toml");
    let plan = plan(&scenario, &PlanOptions::default()).unwrap();
    let shrinkage = scenario.shrinkage.total();
    let scheduled = plan.scheduled.as_ref().unwrap();
    for k in 0..scenario.simulation.intervals {
        let required = plan.requirement.agents[0][k];
        let heads = plan.heads[0][k];
        // heads = ⌈required / (1 − shrinkage)⌉, the smallest such whole number.
        assert!(f64::from(heads) * (1.0 - shrinkage) >= f64::from(required) - 1e-9);
        assert!(heads == 0 || f64::from(heads - 1) * (1.0 - shrinkage) < f64::from(required));
        assert!(scheduled.schedules[0].on_shift[k] >= heads, "interval {k}");
        assert!(scheduled.on_phones[0][k] >= required, "interval {k}");
    }
    // The schedule's staffing is what was simulated.
    let offered = |run: &callsim::run::replicate::SimulationRun| {
        run.moments
            .call(
                Scope {
                    call_type: None,
                    interval: None,
                },
                CallKpi::Offered,
                0.95,
            )
            .unwrap()
            .mean
    };
    // Same seed, same callers (common random numbers).
    assert_eq!(offered(&scheduled.run), offered(&plan.requirement.run));
    let total_paid: f64 = scheduled.schedules[0].paid_hours;
    assert!(
        (plan.fte_scheduled.as_ref().unwrap()[0] - total_paid / 8.0).abs() < 1e-9,
        "FTE = paid hours / 8"
    );
}

#[test]
fn json_carries_required_and_scheduled_agents_per_interval_and_group() {
    let output = callsim()
        .args(["staff", "scenarios/staff_day.toml", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["schema"], "callsim.staff/2");
    let intervals = json["intervals"].as_array().unwrap();
    assert_eq!(intervals.len(), 48);
    for interval in intervals {
        let group = &interval["groups"][0];
        assert_eq!(group["group"], "agents");
        let required = group["required"].as_u64().unwrap();
        let scheduled = group["scheduled"].as_u64().unwrap();
        assert!(scheduled >= required, "{interval}");
        assert!(group["heads_required"].as_u64().unwrap() >= required);
        assert!(interval["kpis"]["required"]["service_level"]["mean"].is_number());
        assert!(interval["kpis"]["scheduled"]["abandon_rate"]["mean"].is_number());
    }
    let shifts = json["groups"][0]["shifts"].as_array().unwrap();
    assert!(!shifts.is_empty());
    let cost: f64 = shifts
        .iter()
        .map(|s| s["agents"].as_f64().unwrap() * s["cost_each"].as_f64().unwrap())
        .sum();
    assert!((cost - json["groups"][0]["shift_cost"].as_f64().unwrap()).abs() < 1e-6);
}

#[test]
fn csv_has_one_row_per_interval_and_group() {
    let output = callsim()
        .args(["staff", "scenarios/two_skill.toml", "--format", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("interval,start,group,erlang,required,heads_required"));
    assert_eq!(lines.count(), 18 * 3);
}

/// Runs `callsim staff` expecting a refusal: exit 2, one line on stderr, nothing on stdout.
fn refusal(args: &[&str]) -> String {
    let output = callsim().arg("staff").args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{args:?}");
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!stderr.contains("panicked"));
    stderr
}

#[test]
fn a_shift_set_that_leaves_an_interval_uncovered_is_named() {
    let text = fs::read_to_string(root().join("scenarios/staff_day.toml")).unwrap();
    // Without the early shift nobody works during the night shift's break at 04:00.
    let start = text.find("[[shift]]\nname = \"early\"").unwrap();
    let end = start + text[start..].find("\n\n").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no_early.toml");
    let without_early = format!("{}{}", &text[..start], &text[end + 2..]);
    fs::write(&path, &without_early).unwrap();
    let out = dir.path().join("plan.json");
    let stderr = refusal(&[path.to_str().unwrap(), "--output", out.to_str().unwrap()]);
    // It named the interval but neither the file nor a field: now the first
    // shift pattern's start time, with its line.
    let first_start = without_early
        .lines()
        .skip_while(|l| *l != "[[shift]]")
        .position(|l| l.starts_with("start = "))
        .unwrap()
        + without_early
            .lines()
            .position(|l| l == "[[shift]]")
            .unwrap()
        + 1;
    assert!(
        stderr.starts_with(&format!(
            "error: {}:{first_start}: shift[0].start: no shift pattern of group \"agents\" has agents at work in interval 04:00 (the shifts' hours and breaks leave it out), but it needs ",
            path.display()
        )),
        "{stderr}"
    );
    assert!(
        stderr
            .trim_end()
            .ends_with("agents scheduled; add a [[shift]] start time or pattern that works then")
    );
    assert!(!out.exists(), "no output file on failure");
}

#[test]
fn an_unreachable_target_is_named_with_its_interval() {
    // Every target here is reachable with enough agents (nobody waits when
    // there are more agents than callers), so "unreachable" means: not within
    // the ceiling the planner allows. 100 % answered at once needs far more
    // than 20 agents at 16 Erlangs, in every interval: the first is named.
    let stderr = refusal(&[
        "scenarios/helpline.toml",
        "--set",
        "targets.service_level_pct=100",
        "--set",
        "targets.answer_within_s=0",
        "--max-agents",
        "20",
    ]);
    let scenario = load("scenarios/helpline.toml");
    assert!(
        stderr.starts_with(&format!(
            "error: interval {}: the targets are not met even with 20 agents in group \"{}\" (the most the search may try, --max-agents): service level ",
            scenario.simulation.interval_label(0),
            scenario.agent_groups[0].name
        )),
        "{stderr}"
    );
    // A ceiling below what the targets need: the first interval that needs more is named.
    let stderr = refusal(&["scenarios/staff_day.toml", "--max-agents", "5"]);
    let found =
        required_staffing(&load("scenarios/staff_day.toml"), &SearchOptions::default()).unwrap();
    let first_over = found.agents[0].iter().position(|&n| n > 5).unwrap();
    let label = load("scenarios/staff_day.toml")
        .simulation
        .interval_label(first_over);
    assert!(
        stderr.starts_with(&format!(
            "error: interval {label}: the targets are not met even with 5 agents in group \"agents\" (the most the search may try, --max-agents): "
        )),
        "{stderr}"
    );
}

#[test]
fn a_scenario_without_targets_is_refused() {
    let stderr = refusal(&["scenarios/staff_day.toml", "--set", "targets={}"]);
    assert_eq!(
        stderr.trim_end(),
        "error: the scenario has no targets to staff for: give [targets] service_level_pct, max_abandon_pct, max_asa_s or max_occupancy_pct"
    );
}

/// The day of staff_day.toml as a week of 336 half hours, with short breaks
/// that cut half hours in two: the kind of MIP that needs a gap or a limit.
fn hard_week() -> Scenario {
    let text = fs::read_to_string(root().join("scenarios/staff_day.toml")).unwrap();
    let open = text.find("calls_per_interval = [").unwrap();
    let close = open + text[open..].find(']').unwrap();
    let day = &text[open + "calls_per_interval = [".len()..close];
    let week = [day.trim().trim_end_matches(','); 7].join(", ");
    let text = format!(
        "{}calls_per_interval = [{week}]{}",
        &text[..open],
        &text[close + 1..]
    )
    .replace("close = \"24:00\"", "intervals = 336")
    .replace(
        "breaks = [{ after_min = 240, length_min = 30 }]",
        "breaks = [{ after_min = 105, length_min = 15 }, { after_min = 240, length_min = 30 }, { after_min = 375, length_min = 15 }]",
    );
    Scenario::from_toml(&text, "hard_week.toml", &[]).unwrap()
}

#[test]
fn a_hard_week_of_shifts_is_solved_within_its_time_limit_and_covers_every_interval() {
    let scenario = hard_week();
    assert_eq!(scenario.simulation.intervals, 336);
    let shrinkage = scenario.shrinkage.total();
    let need: Vec<u32> = callsim::staffing::erlang_seeds(&scenario).unwrap()[0]
        .iter()
        .map(|&n| erlang::scheduled_staff(n, shrinkage))
        .collect();
    let instances = shift_instances(&scenario, 0);
    // Every start of every pattern on each of the 7 days.
    let starts: usize = [1, 2, 21, 13].iter().sum();
    assert_eq!(instances.len(), starts * 7);
    for options in [
        MipOptions {
            gap: 0.01,
            time_limit_s: 60.0,
        },
        MipOptions {
            gap: 0.0,
            time_limit_s: 2.0,
        },
    ] {
        let schedule = schedule_shifts(&scenario, 0, &instances, &need, &options).unwrap();
        assert!(
            schedule.solve_s < options.time_limit_s + 10.0,
            "{options:?}: {} s",
            schedule.solve_s
        );
        for (k, &heads) in need.iter().enumerate() {
            assert!(schedule.on_shift[k] >= heads, "{options:?}: interval {k}");
        }
        println!(
            "hard week, {options:?}: cost {}, {:?}, {:.3} s",
            schedule.cost, schedule.status, schedule.solve_s
        );
    }
}

#[test]
fn an_occupancy_target_alone_gives_erlang_a_within_one_agent() {
    let scenario = Scenario::from_toml(
        STATIONARY,
        "inline.toml",
        &[
            "targets={ max_occupancy_pct = 85 }".to_string(),
            "simulation.warmup_min=30".to_string(),
        ],
    )
    .unwrap();
    let found = required_staffing(&scenario, &SearchOptions::default()).unwrap();
    let traffic = Traffic::from_calls_per_interval(150.0, 1800.0, 240.0).unwrap();
    let targets = erlang::Targets {
        max_occupancy: Some(0.85),
        ..erlang::Targets::default()
    };
    let erlang_a = erlang::required_agents(
        &traffic,
        QueueModel::ErlangA { patience_s: 180.0 },
        &targets,
        ServiceLevelBasis::Offered,
    )
    .unwrap()
    .agents;
    // The first half hour is warm-up (the day starts empty): no KPI to judge,
    // so it keeps Erlang's answer.
    assert_eq!(found.agents[0][0], found.seeds[0][0]);
    for (k, &n) in found.agents[0].iter().enumerate().skip(1) {
        assert!(
            n.abs_diff(erlang_a) <= 1,
            "interval {k}: simulation says {n}, Erlang A {erlang_a}"
        );
    }
}

/// Callers who never hang up, in a day with an empty half hour.
const NO_PATIENCE: &str = r#"
[simulation]
seed = 1
replications = 20
intervals = 4

[[call_type]]
name = "support"
calls_per_interval = [10, 0, 30, 5]
handle = { dist = "exponential", mean_s = 240 }

[[agent_group]]
name = "team"
agents = 3
skills = ["support"]

[targets]
max_abandon_pct = 5
"#;

#[test]
fn targets_that_zero_agents_would_meet_are_not_met_by_zero_agents() {
    // Nobody hangs up, so abandonment alone would be met by nobody answering.
    let scenario = inline(NO_PATIENCE);
    let error = required_staffing(&scenario, &SearchOptions::default()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "call type \"support\" has no patience, so nobody abandons and max_abandon_pct alone asks for no agent: add service_level_pct, max_asa_s or max_occupancy_pct to [targets]"
    );
    // ASA and occupancy are undefined when nobody is answered or nobody
    // works: that is a miss wherever calls come, not a pass.
    for targets in ["{ max_asa_s = 30 }", "{ max_occupancy_pct = 90 }"] {
        let scenario =
            Scenario::from_toml(NO_PATIENCE, "inline.toml", &[format!("targets={targets}")])
                .unwrap();
        let found = required_staffing(&scenario, &SearchOptions::default()).unwrap();
        for (k, &calls) in scenario.call_types[0].calls_per_interval.iter().enumerate() {
            if calls > 0.0 {
                assert!(found.agents[0][k] > 0, "{targets}: interval {k}");
            }
        }
    }
}

#[test]
fn bad_planner_options_are_refused_in_one_sentence() {
    for (args, message) in [
        (
            vec!["--mip-gap-pct", "150"],
            "error: --mip-gap-pct must be a percentage from 0 to below 100, got 150\n",
        ),
        (
            vec!["--fte-hours", "0"],
            "error: --fte-hours must be from 0.1 to 8784 (a leap year of hours), got 0\n",
        ),
        (
            vec!["--fte-hours", "1e-300"],
            "error: --fte-hours must be from 0.1 to 8784 (a leap year of hours), got 1e-300\n",
        ),
        (
            vec!["--mip-gap-pct", "1e308"],
            "error: --mip-gap-pct must be a percentage from 0 to below 100, got 1e308\n",
        ),
        (
            vec!["--mip-time-limit-s", "-1"],
            "error: --mip-time-limit-s must be > 0, got -1\n",
        ),
    ] {
        let mut all = vec!["scenarios/staff_day.toml"];
        all.extend(args);
        assert_eq!(refusal(&all), message);
    }
}

/// The schedule, planned on the pessimistic bound, holds on callers it was
/// not planned on: re-simulated with another seed and four times the
/// replications, no interval's target is significantly missed (the
/// optimistic end of each 99 % interval still meets it).
#[test]
fn the_schedule_meets_every_target_on_an_independent_simulation() {
    let scenario = load("scenarios/staff_day.toml");
    let options = PlanOptions {
        search: SearchOptions {
            criterion: Criterion::Bound,
            ..SearchOptions::default()
        },
        ..PlanOptions::default()
    };
    let planned = plan(&scenario, &options).unwrap();
    let scheduled = planned.scheduled.expect("staff_day has shifts");
    assert!(scheduled.unrepaired.is_none());
    let mut independent = scenario.clone();
    independent.simulation.seed += 1_000_003;
    independent.simulation.replications *= 4;
    for (group, row) in independent
        .agent_groups
        .iter_mut()
        .zip(&scheduled.on_phones)
    {
        group.agents = row.clone();
    }
    let run = simulate(&independent, &RunOptions::default()).unwrap();
    let t = &scenario.targets;
    for k in 0..scenario.simulation.intervals {
        let scope = Scope {
            call_type: Some(0),
            interval: Some(k),
        };
        if let (Some(share), Some(e)) = (
            t.service_level,
            run.moments.call(scope, CallKpi::ServiceLevel, 0.99),
        ) {
            let best = e.mean + e.half_width.unwrap_or(0.0);
            assert!(
                best >= share,
                "interval {k}: service level {} ± {:?}",
                e.mean,
                e.half_width
            );
        }
        if let (Some(max), Some(e)) = (
            t.max_abandon,
            run.moments.call(scope, CallKpi::AbandonRate, 0.99),
        ) {
            let best = e.mean - e.half_width.unwrap_or(0.0);
            assert!(
                best <= max,
                "interval {k}: abandonment {} ± {:?}",
                e.mean,
                e.half_width
            );
        }
    }
}

/// `max_agents` and `min_agents` bound a [[shift]] table's agents over all
/// its start times: the MIP's answer holds them and costs what the cheapest
/// schedule within them costs, found by brute force; where no schedule
/// within them covers the need, the plan is refused.
#[test]
fn shift_table_limits_hold_in_the_mip_as_in_brute_force() {
    let text = TINY_SHIFTS
        .replace(
            "length_min = 180\ncost = 3",
            "length_min = 180\ncost = 3\nmax_agents = 2",
        )
        .replace(
            "length_min = 120\ncost = 2.4",
            "length_min = 120\ncost = 2.4\nmin_agents = 1",
        )
        .replace("cost = 5.5", "cost = 5.5\nmax_agents = 1");
    let scenario = inline(&text);
    let instances = shift_instances(&scenario, 0);
    let within = |counts: &[u32; 6]| {
        counts[..3].iter().sum::<u32>() <= 2 && counts[4] + counts[5] >= 1 && counts[3] <= 1
    };
    let mut refused = 0;
    for need in pseudo_random_needs(99, 30, 5) {
        let best = cheapest_by_brute_force(&need, [2, 2, 2, 1, 6, 6], within);
        let exact = MipOptions {
            gap: 0.0,
            time_limit_s: 60.0,
        };
        match schedule_shifts(&scenario, 0, &instances, &need, &exact) {
            Ok(schedule) => {
                let counts: [u32; 6] = schedule.counts.clone().try_into().unwrap();
                assert!(
                    within(&counts),
                    "need {need:?}: {counts:?} breaks the limits"
                );
                assert!(
                    (schedule.cost - best).abs() < 1e-9,
                    "need {need:?}: MIP cost {}, brute force {best}",
                    schedule.cost
                );
            }
            Err(e) => {
                assert!(
                    best.is_infinite(),
                    "need {need:?}: refused ({e}) but {best} is possible"
                );
                assert!(e.to_string().contains("max_agents"), "{e}");
                refused += 1;
            }
        }
    }
    assert!(
        refused > 0 && refused < 30,
        "the needs try both sides of the limits: {refused}"
    );
}

/// The search's cost grows linearly with the horizon: a week of 336 half
/// hours simulates at most twice seven times the calls the day of 48 does
/// (a search whose simulations each cover the whole horizon, one per
/// interval, would simulate about 7 × 7 times as many), and the week's
/// answer meets every target.
#[test]
fn a_weeks_search_takes_at_most_linearly_more_simulations_than_a_days() {
    let day = load("scenarios/staff_day.toml");
    let week = load("scenarios/staff_week.toml");
    assert_eq!(week.simulation.intervals, 7 * day.simulation.intervals);
    let options = SearchOptions::default();
    let on_day = required_staffing(&day, &options).unwrap();
    let on_week = required_staffing(&week, &options).unwrap();
    assert!(
        on_week.simulations <= 7 * on_day.simulations,
        "week {} simulations, day {}",
        on_week.simulations,
        on_day.simulations
    );
    assert!(
        on_week.calls_simulated <= 2 * 7 * on_day.calls_simulated,
        "week {} calls simulated, day {}",
        on_week.calls_simulated,
        on_day.calls_simulated
    );
    let missed = shortfalls(&week, &on_week.run.moments, Criterion::Mean);
    assert!(missed.iter().all(Vec::is_empty));
    // The search cuts where it can: below Erlang's answer somewhere, never
    // more than a few agents above it.
    let (erlang, found): (u32, u32) = (
        on_week.seeds[0].iter().sum(),
        on_week.agents[0].iter().sum(),
    );
    assert!(
        found <= erlang + 336 / 10,
        "{found} agent-intervals against Erlang's {erlang}"
    );
}

/// `--roster` writes one row per agent of the schedule, each with the day,
/// start, end and breaks of its shift, as many rows as the JSON's shifts
/// hold agents; it is refused, writing nothing, without shifts or with a
/// folder that does not exist.
#[test]
fn the_roster_lists_every_scheduled_agent_with_its_shift() {
    let dir = tempfile::tempdir().unwrap();
    let (shifts, agents, text) =
        staff_with_roster(dir.path(), Path::new("scenarios/staff_day.toml"));
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("agent,group,shift,day,weekday,start,end,breaks,paid_hours,cost")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len() as u64, agents);
    for row in &rows {
        let shift = shifts
            .iter()
            .find(|s| s["shift"] == row[2])
            .expect("a roster row names a scheduled shift");
        // The scenario names no weekday.
        assert_eq!(row[4], "");
        assert_eq!(row[5], shift["start_clock"]);
        assert!(shift["start"].as_str().unwrap().ends_with(row[5]));
        assert_eq!(row[6], shift["end"]);
        let breaks: Vec<&str> = shift["breaks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_str().unwrap())
            .collect();
        assert_eq!(row[7], breaks.join(" "));
    }
    let names: std::collections::BTreeSet<&str> = rows.iter().map(|r| r[0]).collect();
    assert_eq!(names.len(), rows.len(), "one row per agent");

    let refused = callsim()
        .args(["staff", "scenarios/two_skill.toml", "--roster"])
        .arg(dir.path().join("none.csv"))
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("no [[shift]] patterns"));
    let missing = callsim()
        .args(["staff", "scenarios/staff_day.toml", "--roster"])
        .arg(dir.path().join("no/such/folder/roster.csv"))
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(!dir.path().join("none.csv").exists());
}

/// The HTML report shows the schedule (every start with its end, breaks,
/// agents and costs), the service level and abandonment of both staffings,
/// and in Portuguese writes its words and its decimals (a comma) as a
/// Brazilian planner reads them.
#[test]
fn the_staff_report_shows_the_schedule_and_speaks_portuguese() {
    let dir = tempfile::tempdir().unwrap();
    let report = |lang: &str| {
        let path = dir.path().join(format!("staff-{lang}.html"));
        let out = callsim()
            .args([
                "staff",
                "scenarios/staff_day.toml",
                "--output",
                "/dev/null",
                "--lang",
                lang,
            ])
            .arg("--report")
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        fs::read_to_string(path).unwrap()
    };
    let en = report("en");
    assert!(en.contains("17.0 %") && en.contains("the mean over replications"));
    assert!(en.contains("<h2>Schedule — agents</h2>") && en.contains("04:00-04:30"));
    assert!(en.contains("abandon"));
    let pt = report("pt");
    for expected in [
        "17,0 %",
        "a média das replicações",
        "Escala — agents",
        "custo unitário",
        "496,80",
        "taxa de abandono",
    ] {
        assert!(
            pt.contains(expected),
            "no `{expected}` in the Portuguese report"
        );
    }
    assert!(
        !pt.contains("Critério</td><td>mean"),
        "the criterion is in Portuguese"
    );
    // No number of a table cell keeps a decimal point.
    let cells = pt
        .split("<td>")
        .skip(1)
        .map(|c| c.split("</td>").next().unwrap());
    for cell in cells {
        let bare = cell
            .replace("<span class=\"pm\">", "")
            .replace("</span>", "");
        let numeric = bare
            .chars()
            .all(|c| c.is_ascii_digit() || " ,.±%+-–".contains(c));
        assert!(
            !(numeric && bare.contains('.')),
            "a decimal point in `{cell}`"
        );
    }
}

/// A week plan's agents have a roster row for each day they work, none on
/// their days off, with the same agent id all week.
#[test]
fn a_week_plans_roster_has_a_row_per_agent_and_day_worked() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("week.toml");
    fs::write(
        &scenario,
        format!(
            "{}\n[targets]\nservice_level_pct = 80\n",
            week_plan().replace(
                "calls_per_interval = 10",
                "calls_per_interval = [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 4, 4, 4, 4]",
            )
        ),
    )
    .unwrap();
    let (_, agents, text) = staff_with_roster(dir.path(), &scenario);
    assert!(agents > 0);
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(rows.len() as u64, agents * 5, "five days each");
    let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let mut by_agent: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for row in &rows {
        by_agent.entry(row[0]).or_default().push(row[4]);
    }
    for (agent, days) in by_agent {
        assert_eq!(days.len(), 5, "{agent}");
        // The two days off are together (Sunday and Monday count as together).
        let off: Vec<usize> = (0..7).filter(|d| !days.contains(&weekdays[*d])).collect();
        assert_eq!(off.len(), 2, "{agent}: {days:?}");
        assert!(
            off[1] == off[0] + 1 || (off[0] == 0 && off[1] == 6),
            "{agent}: off {off:?}"
        );
    }
}

/// With one shift whose every agent breaks in a window, covering the window
/// takes more agents than any interval needs: three heads each hour, two
/// break starts, six agents (capping the agents at the busiest need made
/// this infeasible).
#[test]
fn a_window_break_may_need_more_agents_than_the_busiest_interval() {
    let scenario = inline(&tiny_center(
        "open = \"08:00\"\nclose = \"14:00\"",
        r#"[[shift]]
name = "long"
start = "08:00"
length_min = 360
breaks = [{ window = ["10:00", "12:00"], length_min = 60 }]
cost = 5.5
"#,
    ));
    let instances = shift_instances(&scenario, 0);
    let exact = MipOptions {
        gap: 0.0,
        time_limit_s: 60.0,
    };
    let schedule = schedule_shifts(&scenario, 0, &instances, &[3; 6], &exact).unwrap();
    assert_eq!(schedule.counts, vec![6]);
    assert_eq!(schedule.break_counts, vec![vec![vec![3, 3]]]);
    assert!((schedule.cost - 33.0).abs() < 1e-9);
    // A window that leaves no placing but one covering a needed hour is
    // refused before the solver, naming the hour.
    let only_one = tiny_center(
        "open = \"08:00\"\nclose = \"14:00\"",
        r#"[[shift]]
name = "long"
start = "08:00"
length_min = 360
breaks = [{ window = ["10:00", "11:00"], length_min = 60 }]
cost = 5.5
"#,
    );
    let scenario = inline(&only_one);
    let instances = shift_instances(&scenario, 0);
    let err = schedule_shifts(&scenario, 0, &instances, &[3; 6], &exact).unwrap_err();
    assert!(err.to_string().contains("interval 10:00"), "{err}");
}

/// `staff SCENARIO --format json --roster` into `dir`: the first group's
/// shifts in the JSON, their agents, and the roster's text.
fn staff_with_roster(dir: &Path, scenario: &Path) -> (Vec<Value>, u64, String) {
    let roster = dir.join("roster.csv");
    let json = dir.join("plan.json");
    let out = callsim()
        .arg("staff")
        .arg(scenario)
        .args(["--format", "json", "--output"])
        .arg(&json)
        .arg("--roster")
        .arg(&roster)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan: Value = serde_json::from_slice(&fs::read(&json).unwrap()).unwrap();
    let shifts = plan["groups"][0]["shifts"].as_array().unwrap().clone();
    let agents: u64 = shifts.iter().map(|s| s["agents"].as_u64().unwrap()).sum();
    (shifts, agents, fs::read_to_string(&roster).unwrap())
}
