//! IVR, trunks, routing policies, callbacks, retrials, recontacts and
//! proactive contact, each against an independent check: Erlang B for
//! trunks, the IVR's absorbing Markov chain for containment and time in the
//! menus, pooled service for overflow without delay, bit-identical KPIs where
//! a policy should not matter, exact common-random-number identities, and
//! invariants watched event by event.

use callsim::engine::ModelRouter;
use callsim::erlang::erlang_b;
use callsim::kpi::{CallKpi, EntryKpi, Scope};
use callsim::model::Model;
use callsim::observe::{Observation, Observer, ReplicationStats};
use callsim::run::replicate::{RunOptions, SimulationRun, replication_stats, simulate};
use callsim::scenario::{IvrTarget, Scenario};
use callsim::stats::Estimate;

fn inline(text: &str) -> Scenario {
    Scenario::from_toml(text, "inline.toml", &[]).unwrap_or_else(|e| panic!("{e}"))
}

fn load(path: &str) -> Scenario {
    Scenario::from_path(std::path::Path::new(&format!(
        "{}/{path}",
        env!("CARGO_MANIFEST_DIR")
    )))
    .unwrap()
}

fn run(scenario: &Scenario) -> SimulationRun {
    simulate(scenario, &RunOptions::default()).unwrap()
}

const DAY: Scope = Scope {
    call_type: None,
    interval: None,
};

fn day_kpi(run: &SimulationRun, kpi: CallKpi, confidence: f64) -> Estimate {
    run.moments.call(DAY, kpi, confidence).unwrap()
}

fn inside(name: &str, exact: f64, e: Estimate) {
    let h = e.half_width.unwrap();
    assert!(
        (exact - e.mean).abs() <= h,
        "{name}: exact {exact:.6} outside simulated {:.6} ± {h:.6}",
        e.mean
    );
}

#[test]
fn trunks_without_a_queue_block_as_erlang_b() {
    for (agents, erlangs) in [(5u32, 3.0), (20, 17.0)] {
        let calls_per_hour = erlangs / 120.0 * 3600.0;
        let scenario = inline(&format!(
            r#"
[simulation]
seed = 31
replications = 400
interval_min = 60
intervals = 6
warmup_min = 60
confidence_pct = 99.9

[trunks]
lines = {agents}

[[call_type]]
name = "calls"
calls_per_hour = {calls_per_hour}
handle = {{ dist = "exponential", mean_s = 120 }}

[[agent_group]]
name = "agents"
agents = {agents}
skills = ["calls"]
"#
        ));
        let run = run(&scenario);
        let exact = erlang_b(agents, erlangs).unwrap();
        inside(
            &format!("B({agents}, {erlangs})"),
            exact,
            day_kpi(&run, CallKpi::BlockRate, 0.999),
        );
        // Nobody queues: every call not blocked is answered at once.
        assert_eq!(day_kpi(&run, CallKpi::Asa, 0.999).mean, 0.0);
    }
}

/// Probability of each exit and expected time in the menus, from the IVR's
/// absorbing Markov chain, by value iteration (independent of the engine).
fn ivr_exact(scenario: &Scenario, start: usize) -> (f64, f64, f64) {
    let nodes = &scenario.ivr_nodes;
    let mut contained = vec![0.0; nodes.len()];
    let mut hung_up = vec![0.0; nodes.len()];
    let mut time = vec![0.0; nodes.len()];
    for _ in 0..10_000 {
        for n in 0..nodes.len() {
            let (mut c, mut h, mut t) = (0.0, 0.0, nodes[n].prompt.mean());
            for o in &nodes[n].options {
                match o.target {
                    IvrTarget::SelfService => c += o.prob,
                    IvrTarget::HangUp => h += o.prob,
                    IvrTarget::Queue(_) => {}
                    IvrTarget::Node(to) => {
                        c += o.prob * contained[to];
                        h += o.prob * hung_up[to];
                        t += o.prob * time[to];
                    }
                }
            }
            (contained[n], hung_up[n], time[n]) = (c, h, t);
        }
    }
    (contained[start], hung_up[start], time[start])
}

#[test]
fn ivr_containment_abandonment_and_time_match_the_menu_chain() {
    let scenario = load("scenarios/ivr.toml");
    let mut scenario = scenario;
    scenario.simulation.replications = 200;
    scenario.simulation.confidence = 0.999;
    let run = run(&scenario);
    let (contained, hung_up, time) = ivr_exact(&scenario, scenario.entries[0].first_node);
    let entry = |kpi| run.moments.entry(0, None, kpi, 0.999).unwrap();
    inside("containment", contained, entry(EntryKpi::ContainmentRate));
    inside("IVR abandonment", hung_up, entry(EntryKpi::IvrAbandonRate));
    inside("time in IVR", time, entry(EntryKpi::MeanIvrTime));
    // Traffic per node: every caller hears the welcome prompt at least once.
    let calls = entry(EntryKpi::Calls).mean;
    let welcome = run.moments.node_visits(0, None, 0.999).unwrap().mean;
    assert!(welcome > calls, "welcome {welcome} vs calls {calls}");
}

/// The KPIs of calls, day and per interval, every type: what routing among
/// equivalent agents must not change. Occupancy sums agent time over groups,
/// so its last bits depend on how agents are split; it is compared to 1e-12.
fn call_kpis(run: &SimulationRun) -> Vec<Option<Estimate>> {
    run.moments
        .calls
        .iter()
        .flat_map(|m| {
            m.iter().zip(CallKpi::ALL).map(|(x, kpi)| {
                x.estimate(0.95).map(|mut e| {
                    if kpi == CallKpi::Occupancy {
                        e.mean = (e.mean * 1e12).round() / 1e12;
                        e.half_width = e.half_width.map(|h| (h * 1e9).round() / 1e9);
                    }
                    e
                })
            })
        })
        .collect()
}

const POOL: &str = r#"
[simulation]
seed = 4
replications = 20
interval_min = 30
intervals = 6

ROUTING

[[call_type]]
name = "calls"
calls_per_interval = 200
handle = { dist = "lognormal", mean_s = 240, cv = 0.8 }
patience = { dist = "exponential", mean_s = 200 }

GROUPS
"#;

fn pool(routing: &str, groups: &str) -> Scenario {
    inline(&POOL.replace("ROUTING", routing).replace("GROUPS", groups))
}

#[test]
fn overflow_after_zero_seconds_is_pooled_service() {
    let pooled = pool(
        "",
        r#"[[agent_group]]
name = "everyone"
agents = 28
skills = ["calls"]"#,
    );
    let split = pool(
        "",
        r#"[[agent_group]]
name = "primary"
agents = 20
skills = ["calls"]

[[agent_group]]
name = "secondary"
agents = 8
skills = ["calls"]
answer_after_s = { calls = 0 }"#,
    );
    assert_eq!(call_kpis(&run(&pooled)), call_kpis(&run(&split)));
    // With a real delay the secondary group helps less: service is worse.
    let delayed = pool(
        "",
        r#"[[agent_group]]
name = "primary"
agents = 20
skills = ["calls"]

[[agent_group]]
name = "secondary"
agents = 8
skills = ["calls"]
answer_after_s = { calls = 60 }"#,
    );
    let sl = |s: &Scenario| day_kpi(&run(s), CallKpi::ServiceLevel, 0.95).mean;
    assert!(
        sl(&delayed) < sl(&split),
        "a 60 s delay must cost service level"
    );
}

#[test]
fn agent_selection_does_not_change_call_kpis_in_a_symmetric_center() {
    let groups = r#"[[agent_group]]
name = "a"
agents = 14
skills = ["calls"]

[[agent_group]]
name = "b"
agents = 14
skills = ["calls"]"#;
    let longest = run(&pool("", groups));
    for selection in ["fewest_calls", "least_flexible"] {
        let other = run(&pool(
            &format!("[routing]\nagent_selection = \"{selection}\""),
            groups,
        ));
        assert_eq!(call_kpis(&longest), call_kpis(&other), "{selection}");
    }
}

/// Watches answers: the group, the wait, and each group's idle agents.
#[derive(Default)]
struct Watch {
    present: Vec<u32>,
    busy: Vec<u32>,
    /// (group, call type, wait, idle agents left in the group).
    answers: Vec<(usize, usize, f64, i64)>,
    busy_agents: std::collections::HashMap<u32, usize>,
}

impl Observer for Watch {
    fn observe(&mut self, _t: f64, what: Observation<'_>) {
        match what {
            Observation::AgentsChanged { group, present } => {
                let group = group.index();
                self.present.resize(self.present.len().max(group + 1), 0);
                self.busy.resize(self.present.len(), 0);
                self.present[group] = present;
            }
            Observation::Answered(call) => {
                let group = call.group.index();
                self.busy[group] += 1;
                self.busy_agents.insert(call.agent.index() as u32, group);
                let idle = i64::from(self.present[group]) - i64::from(self.busy[group]);
                self.answers
                    .push((group, call.call_type.index(), call.wait_s, idle));
            }
            Observation::CallbackServed(call) => self.busy[call.group.index()] += 1,
            Observation::AgentFree { group, .. } => self.busy[group.index()] -= 1,
            _ => {}
        }
    }
}

fn watch(scenario: &Scenario, replication: u64) -> Watch {
    let model = Model::compile(scenario);
    let mut watch = Watch::default();
    ModelRouter::new(&model)
        .run(&model, scenario.simulation.seed, replication, &mut watch)
        .unwrap();
    watch
}

#[test]
fn delayed_overflow_and_reservation_hold_call_by_call() {
    let scenario = inline(
        r#"
[simulation]
seed = 9
replications = 5
interval_min = 30
intervals = 8

[[call_type]]
name = "vip"
calls_per_interval = 25
handle = { dist = "exponential", mean_s = 300 }
priority = 5

[[call_type]]
name = "general"
calls_per_interval = 190
handle = { dist = "exponential", mean_s = 240 }
patience = { dist = "exponential", mean_s = 240 }

[[agent_group]]
name = "general team"
agents = 24
skills = ["general"]

[[agent_group]]
name = "vip desk"
agents = 6
skills = ["vip", "general"]
answer_after_s = { general = 30 }
reserve = { agents = 2, for = ["vip"] }
"#,
    );
    let mut overflowed = 0;
    for r in 0..5 {
        for (group, call_type, wait, idle_left) in watch(&scenario, r).answers {
            if group == 1 && call_type == 1 {
                overflowed += 1;
                assert!(
                    wait >= 30.0 - 1e-9,
                    "general call taken by the VIP desk after {wait} s"
                );
                assert!(
                    idle_left >= 2,
                    "the VIP desk kept {idle_left} agents, not 2"
                );
            }
        }
    }
    assert!(
        overflowed > 50,
        "the VIP desk helped only {overflowed} times"
    );
}

#[test]
fn aging_shortens_the_longest_waits_of_low_priority_calls() {
    let text = |aging: &str| {
        format!(
            r#"
[simulation]
seed = 12
replications = 40
interval_min = 30
intervals = 6

[routing]
aging_per_min = {aging}

[[call_type]]
name = "high"
calls_per_interval = 120
handle = {{ dist = "exponential", mean_s = 240 }}
priority = 10

[[call_type]]
name = "low"
calls_per_interval = 80
handle = {{ dist = "exponential", mean_s = 240 }}

[[agent_group]]
name = "agents"
agents = 28
skills = ["high", "low"]
"#
        )
    };
    let scope = |t| Scope {
        call_type: Some(t),
        interval: None,
    };
    let p99 = |run: &SimulationRun, t| {
        run.moments
            .call(scope(t), CallKpi::WaitP99, 0.95)
            .unwrap()
            .mean
    };
    let asa = |run: &SimulationRun, t| run.moments.call(scope(t), CallKpi::Asa, 0.95).unwrap().mean;
    let (fixed, aged) = (run(&inline(&text("0"))), run(&inline(&text("60"))));
    assert!(
        p99(&aged, 1) < p99(&fixed, 1),
        "aging must cut the low type's longest waits"
    );
    assert!(
        asa(&aged, 0) > asa(&fixed, 0),
        "and the high type pays for it"
    );
}

#[test]
fn proficiency_multiplies_handle_time() {
    let text = |factor: f64| {
        format!(
            r#"
[simulation]
seed = 2
replications = 30
interval_min = 30
intervals = 4
confidence_pct = 99.9

[[call_type]]
name = "calls"
calls_per_interval = 100
handle = {{ dist = "exponential", mean_s = 200 }}

[[agent_group]]
name = "agents"
agents = 40
skills = ["calls"]
handle_factor = {{ calls = {factor} }}
"#
        )
    };
    let base = run(&inline(&text(1.0)));
    let slow = run(&inline(&text(1.5)));
    // Common random numbers: the same callers, each handled 1.5 times longer.
    let aht = |r: &SimulationRun| day_kpi(r, CallKpi::Aht, 0.999).mean;
    assert!(
        (aht(&slow) / aht(&base) - 1.5).abs() < 1e-9,
        "{} vs {}",
        aht(&slow),
        aht(&base)
    );
}

fn callback_conservation(stats: &ReplicationStats) {
    for t in 0..stats.call_types {
        let (mut offered, mut accounted, mut accepted, mut settled) =
            (0, stats.still_waiting[t], 0, 0);
        for k in 0..stats.intervals {
            let c = stats.counters(t, k);
            offered += c.offered;
            accounted += c.answered + c.abandoned + c.balked + c.dropped + c.callbacks_accepted;
            accepted += c.callbacks_accepted;
            settled += c.callbacks_served + c.callbacks_unserved;
            assert!(c.callbacks_accepted <= c.callbacks_offered);
            assert!(c.callbacks_in_deadline <= c.callbacks_served);
        }
        assert_eq!(
            offered, accounted,
            "offered = answered + abandoned + balked + dropped + waiting + called back"
        );
        assert_eq!(
            accepted, settled,
            "every accepted callback is made or counted unserved"
        );
    }
    for e in 0..stats.entries {
        for k in 0..stats.intervals {
            let c = &stats.entry_calls[e * stats.intervals + k];
            assert_eq!(
                c.attempts,
                c.blocked + c.contained + c.ivr_hang_ups + c.to_queue
            );
        }
    }
}

#[test]
fn every_feature_scenario_conserves_calls() {
    for path in [
        "scenarios/ivr.toml",
        "scenarios/trunks.toml",
        "scenarios/overflow.toml",
        "scenarios/callbacks.toml",
        "scenarios/repeats.toml",
        "scenarios/proactive.toml",
        "scenarios/balking.toml",
        "scenarios/bench/multiskill_ivr.toml",
    ] {
        let mut scenario = load(path);
        scenario.simulation.warmup_s = 0.0;
        let model = Model::compile(&scenario);
        for r in 0..10 {
            let (stats, _) = replication_stats(&scenario, &model, r).unwrap();
            callback_conservation(&stats);
        }
    }
}

#[test]
fn callbacks_are_offered_only_above_the_threshold() {
    let scenario = load("scenarios/callbacks.toml");
    let offered = |s: &Scenario| day_kpi(&run(s), CallKpi::CallbacksOffered, 0.95).mean;
    let mut never = scenario.clone();
    never.call_types[0]
        .callback
        .as_mut()
        .unwrap()
        .offer_when_wait_s = 86_400.0;
    assert_eq!(offered(&never), 0.0);
    let mut everyone = scenario.clone();
    everyone.call_types[0].callback.as_mut().unwrap().accept = 1.0;
    let r = run(&everyone);
    assert!(offered(&scenario) > 10.0);
    assert_eq!(
        day_kpi(&r, CallKpi::CallbacksOffered, 0.95).mean,
        day_kpi(&r, CallKpi::CallbacksAccepted, 0.95).mean
    );
    // Callbacks lighten the queue for the callers who stay.
    let mut without = scenario.clone();
    without.call_types[0].callback = None;
    let asa = |s: &Scenario| day_kpi(&run(s), CallKpi::Asa, 0.95).mean;
    assert!(asa(&scenario) < asa(&without));
}

#[test]
fn measured_fcr_matches_the_configured_one() {
    let mut scenario = load("scenarios/repeats.toml");
    scenario.simulation.replications = 100;
    let r = run(&scenario);
    let fcr = scenario.call_types[0].recontact.as_ref().unwrap().fcr;
    inside("FCR", fcr, day_kpi(&r, CallKpi::Fcr, 0.999));
    let repeats = day_kpi(&r, CallKpi::RepeatCalls, 0.95).mean;
    let unique = day_kpi(&r, CallKpi::UniqueCallers, 0.95).mean;
    let offered = day_kpi(&r, CallKpi::Offered, 0.95).mean;
    assert!(repeats > 0.0 && (unique + repeats - offered).abs() < 1e-6);
    // No retry, no recontact: no repeat call.
    let mut once = scenario.clone();
    once.call_types[0].retry = None;
    once.call_types[0].recontact = None;
    assert_eq!(day_kpi(&run(&once), CallKpi::RepeatCalls, 0.95).mean, 0.0);
}

#[test]
fn proactive_contact_removes_exactly_the_avoided_callers() {
    let scenario = load("scenarios/proactive.toml");
    let mut none = scenario.clone();
    for c in &mut none.call_types {
        c.proactive.iter_mut().for_each(|p| *p = 0.0);
    }
    let model = Model::compile(&scenario);
    let model_none = Model::compile(&none);
    for r in 0..10 {
        let (with, _) = replication_stats(&scenario, &model, r).unwrap();
        let (without, _) = replication_stats(&none, &model_none, r).unwrap();
        for t in 0..with.call_types {
            for k in 0..with.intervals {
                let (a, b) = (with.counters(t, k), without.counters(t, k));
                assert_eq!(
                    a.offered + a.proactive_avoided,
                    b.offered,
                    "type {t}, interval {k}"
                );
                if scenario.call_types[t].proactive[k] == 0.0 {
                    assert_eq!(a.proactive_avoided, 0);
                }
            }
        }
    }
    let mut big = scenario.clone();
    big.simulation.replications = 100;
    let r = run(&big);
    let afternoon: f64 = scenario.call_types[0].calls_per_interval[4..].iter().sum();
    let avoided = run_scope(&r, 0, CallKpi::ProactiveAvoided);
    // 25 % of the afternoon's Poisson calls, within the 99.9 % interval.
    inside("avoided", 0.25 * afternoon, avoided);
}

fn run_scope(run: &SimulationRun, call_type: usize, kpi: CallKpi) -> Estimate {
    run.moments
        .call(
            Scope {
                call_type: Some(call_type),
                interval: None,
            },
            kpi,
            0.999,
        )
        .unwrap()
}

#[test]
fn feature_scenarios_give_the_same_bits_on_any_thread_count() {
    for path in [
        "scenarios/ivr.toml",
        "scenarios/repeats.toml",
        "scenarios/overflow.toml",
    ] {
        let scenario = load(path);
        let one = simulate(
            &scenario,
            &RunOptions {
                threads: Some(1),
                ..RunOptions::default()
            },
        )
        .unwrap();
        let three = simulate(
            &scenario,
            &RunOptions {
                threads: Some(3),
                ..RunOptions::default()
            },
        )
        .unwrap();
        assert_eq!(one.moments, three.moments, "{path}");
    }
}
