//! Balking (`balk`: a caller who finds k or more of its type waiting leaves
//! at once with probability p) and a queue capacity (`max_waiting`: a caller
//! who finds N waiting gets a busy signal), against exact birth–death chains
//! solved here: M/M/n with balking, and M/M/n/(n+N) (Erlang B at N = 0).
//! Each check asks that the exact value lie inside the simulation's 99.9 %
//! confidence interval. Then: without them (or with rules that never apply)
//! the results are the same bits; balked and refused callers retry as the
//! scenario's `retry` says; every replication conserves its calls.

mod common;

use callsim::kpi::CallKpi;
use callsim::model::Model;
use callsim::observe::ReplicationStats;
use callsim::run::replicate::{RunOptions, replication_stats, simulate};
use callsim::scenario::{Balk, Scenario};
use common::{check, check_covers, day};

const AHT_S: f64 = 180.0;
const THRESHOLD_S: f64 = 20.0;

/// An M/M/n day: 10 hours at `load` Erlangs, the first two a warm-up, no
/// abandonment; `extra` is added to the call type's table.
fn scenario(agents: u32, load: f64, replications: u32, extra: &str) -> Scenario {
    let calls_per_hour = load / AHT_S * 3600.0;
    let text = format!(
        r#"
[simulation]
seed = 2024
replications = {replications}
interval_min = 60
intervals = 10
warmup_min = 120
confidence_pct = 99.9

[[call_type]]
name = "calls"
calls_per_hour = {calls_per_hour}
handle = {{ dist = "exponential", mean_s = {AHT_S} }}
{extra}

[[agent_group]]
name = "agents"
agents = {agents}
skills = ["calls"]

[targets]
answer_within_s = {THRESHOLD_S}
"#
    );
    Scenario::from_toml(&text, "limits.toml", &[]).unwrap()
}

/// The stationary distribution of a birth–death chain on 0..=max with
/// birth rate `birth(s)` and death rate min(s, n)·μ, truncated where the
/// mass left is below 1e-16 of the total (or at `max`).
fn stationary(agents: u32, max: usize, birth: impl Fn(usize) -> f64) -> Vec<f64> {
    let mu = 1.0 / AHT_S;
    let mut weights = vec![1.0];
    let mut total = 1.0;
    for s in 0..max {
        let death = (s + 1).min(agents as usize) as f64 * mu;
        let next = weights[s] * birth(s) / death;
        weights.push(next);
        total += next;
        if next < 1e-16 * total && s > agents as usize * 4 {
            break;
        }
    }
    weights.iter().map(|w| w / total).collect()
}

/// P(a wait of `ahead` + 1 departures at rate n·μ is at most T): the
/// Poisson(n·μ·T) count reaches `ahead` + 1.
fn within_threshold(agents: u32, ahead: usize) -> f64 {
    let x = f64::from(agents) / AHT_S * THRESHOLD_S;
    let mut term = (-x).exp();
    let mut below = term;
    for j in 1..=ahead {
        term *= x / j as f64;
        below += term;
    }
    1.0 - below
}

/// Exact values of a chain at arrival (PASTA) and over time.
struct Exact {
    /// Share of arrivals that balk (`join` below 1).
    balk_share: f64,
    /// Share of arrivals that find the queue full.
    block_share: f64,
    /// Answered within T / arrivals let in (balking callers included).
    service_level: f64,
    mean_queue: f64,
}

/// A chain where an arrival finding `s` in the system (no agent free when
/// s ≥ n) joins with probability `join(s)`; `full(s)`: it is refused.
fn exact(
    agents: u32,
    pi: &[f64],
    join: impl Fn(usize) -> f64,
    full: impl Fn(usize) -> bool,
) -> Exact {
    let n = agents as usize;
    let (mut balk, mut block, mut within, mut queue) = (0.0, 0.0, 0.0, 0.0);
    for (s, &p) in pi.iter().enumerate() {
        if s < n {
            within += p;
            continue;
        }
        queue += (s - n) as f64 * p;
        if full(s) {
            block += p;
            continue;
        }
        let joins = join(s);
        balk += p * (1.0 - joins);
        within += p * joins * within_threshold(agents, s - n);
    }
    Exact {
        balk_share: balk,
        block_share: block,
        service_level: within / (1.0 - block),
        mean_queue: queue,
    }
}

#[test]
fn balking_matches_the_exact_birth_death_chain() {
    // 5 agents, 4.8 Erlangs; a caller who finds 2 or more waiting leaves
    // with probability 0.6: arrivals at rate λ below n + k = 7 in the
    // system, λ(1 − p) from 7 on.
    let (agents, load, k, p) = (5, 4.8, 2, 0.6);
    let lambda = load / AHT_S;
    let threshold = agents as usize + k;
    let pi = stationary(agents, 10_000, |s| {
        if s < threshold {
            lambda
        } else {
            lambda * (1.0 - p)
        }
    });
    let values = exact(
        agents,
        &pi,
        |s| if s < threshold { 1.0 } else { 1.0 - p },
        |_| false,
    );
    let scenario = scenario(
        agents,
        load,
        3000,
        &format!("balk = {{ when_waiting = {k}, prob_pct = {} }}", p * 100.0),
    );
    let run = simulate(&scenario, &RunOptions::default()).unwrap();
    check("balk share", values.balk_share, &run, CallKpi::BalkRate);
    check(
        "service level (of offered, balked included)",
        values.service_level,
        &run,
        CallKpi::ServiceLevel,
    );
    check_covers(
        "mean queue",
        values.mean_queue,
        common::open_hours(&scenario)[1],
    );
    let abandoned = run.moments.call(day(), CallKpi::Abandoned, 0.95).unwrap();
    assert_eq!(abandoned.mean, 0.0, "balked callers are not abandons");
}

#[test]
fn balking_from_the_first_caller_who_must_wait_matches_its_chain() {
    // k = 0: every caller who finds no agent free leaves with probability p.
    let (agents, load, p) = (4, 4.5, 0.3);
    let lambda = load / AHT_S;
    let n = agents as usize;
    let pi = stationary(agents, 10_000, |s| {
        if s < n { lambda } else { lambda * (1.0 - p) }
    });
    let values = exact(agents, &pi, |_| 1.0 - p, |_| false);
    let scenario = scenario(
        agents,
        load,
        2000,
        "balk = { when_waiting = 0, prob_pct = 30 }",
    );
    let run = simulate(&scenario, &RunOptions::default()).unwrap();
    check(
        "balk share (k = 0)",
        values.balk_share,
        &run,
        CallKpi::BalkRate,
    );
    check(
        "service level (k = 0)",
        values.service_level,
        &run,
        CallKpi::ServiceLevel,
    );
    check_covers(
        "mean queue (k = 0)",
        values.mean_queue,
        common::open_hours(&scenario)[1],
    );
}

/// M/M/n/(n+N): arrivals at rate λ until N wait; the block rate is the
/// chance an arrival finds the queue full.
fn capacity_case(agents: u32, load: f64, capacity: usize, replications: u32) {
    let lambda = load / AHT_S;
    let top = agents as usize + capacity;
    let pi = stationary(agents, top, |_| lambda);
    assert_eq!(pi.len(), top + 1, "the chain ends at n + N");
    let values = exact(agents, &pi, |_| 1.0, |s| s == top);
    let scenario = scenario(
        agents,
        load,
        replications,
        &format!("max_waiting = {capacity}"),
    );
    let run = simulate(&scenario, &RunOptions::default()).unwrap();
    let label = format!("n={agents} A={load} N={capacity}");
    check(
        &format!("{label} blocking"),
        values.block_share,
        &run,
        CallKpi::BlockRate,
    );
    check(
        &format!("{label} service level (of callers let in)"),
        values.service_level,
        &run,
        CallKpi::ServiceLevel,
    );
    check_covers(
        &format!("{label} mean queue"),
        values.mean_queue,
        common::open_hours(&scenario)[1],
    );
}

#[test]
fn queue_capacity_matches_the_exact_finite_chain() {
    capacity_case(5, 5.0, 3, 2000);
}

#[test]
fn no_room_to_wait_is_erlang_b() {
    // Erlang B by its recursion, apart from the chain: B(0) = 1,
    // B(n) = A·B(n−1) / (n + A·B(n−1)).
    let (agents, load) = (5, 5.0);
    let mut erlang_b = 1.0;
    for n in 1..=agents {
        erlang_b = load * erlang_b / (f64::from(n) + load * erlang_b);
    }
    let scenario = scenario(agents, load, 1500, "max_waiting = 0");
    let run = simulate(&scenario, &RunOptions::default()).unwrap();
    check("Erlang B blocking", erlang_b, &run, CallKpi::BlockRate);
    let queued = run.moments.call(day(), CallKpi::MaxQueue, 0.95).unwrap();
    assert_eq!(queued.mean, 0.0, "nobody waits");
    capacity_case(agents, load, 0, 1500);
}

fn with_every_type(
    scenario: &Scenario,
    change: impl Fn(&mut callsim::scenario::CallType),
) -> Scenario {
    let mut changed = scenario.clone();
    changed.call_types.iter_mut().for_each(change);
    changed
}

fn load(path: &str) -> Scenario {
    Scenario::from_path(std::path::Path::new(&format!(
        "{}/{path}",
        env!("CARGO_MANIFEST_DIR")
    )))
    .unwrap()
}

/// Rules that never apply change no bit: the balking draw has a stream of
/// its own (or comes last in a caller's own stream), and the capacity check
/// reads nothing random.
#[test]
fn rules_that_never_apply_give_the_same_bits() {
    for path in [
        "scenarios/helpline.toml",
        "scenarios/ivr.toml",
        "scenarios/repeats.toml",
        "scenarios/callbacks.toml",
        "scenarios/overflow.toml",
        "scenarios/trunks.toml",
    ] {
        let plain = load(path);
        let base = simulate(&plain, &RunOptions::default()).unwrap();
        let never_balks = with_every_type(&plain, |c| {
            c.balk = Some(Balk {
                when_waiting: 100_000_000,
                prob: 0.5,
            });
        });
        let never_full = with_every_type(&plain, |c| c.max_waiting = Some(100_000_000));
        for (name, changed) in [("balk", never_balks), ("max_waiting", never_full)] {
            let run = simulate(&changed, &RunOptions::default()).unwrap();
            assert_eq!(
                run.moments, base.moments,
                "{path} with a {name} that never applies"
            );
            assert_eq!(run.calls_simulated, base.calls_simulated, "{path}: {name}");
        }
    }
}

/// offered = answered + abandoned + balked + dropped + still waiting +
/// callbacks accepted, per type; and with direct calls and no warm-up,
/// every attempt is offered or blocked.
fn conservation(stats: &ReplicationStats, attempts: u64) {
    let mut offered_or_blocked = 0;
    for t in 0..stats.call_types {
        let (mut offered, mut accounted) = (0, stats.still_waiting[t]);
        for k in 0..stats.intervals {
            let c = stats.counters(t, k);
            offered += c.offered;
            offered_or_blocked += c.offered + c.blocked;
            accounted += c.answered + c.abandoned + c.balked + c.dropped + c.callbacks_accepted;
        }
        assert_eq!(offered, accounted, "call type {t}");
    }
    if stats.entries == 0 {
        assert_eq!(offered_or_blocked, attempts, "attempts = offered + blocked");
    }
    for c in &stats.entry_calls {
        assert_eq!(
            c.attempts,
            c.blocked + c.contained + c.ivr_hang_ups + c.to_queue,
            "at each entry, calls = blocked + contained + hung up in the IVR + sent to a queue"
        );
    }
}

#[test]
fn every_replication_conserves_calls_with_balking_and_a_capacity() {
    for path in [
        "scenarios/balking.toml",
        "scenarios/callbacks.toml",
        "scenarios/ivr.toml",
        "scenarios/trunks.toml",
        "scenarios/day.toml",
    ] {
        let mut scenario = load(path);
        scenario.simulation.warmup_s = 0.0;
        let scenario = with_every_type(&scenario, |c| {
            c.balk = Some(Balk {
                when_waiting: 3,
                prob: 0.5,
            });
            c.max_waiting = Some(8);
        });
        let model = Model::compile(&scenario);
        let mut balked = 0;
        let mut blocked = 0;
        for r in 0..20 {
            let (stats, attempts) = replication_stats(&scenario, &model, r).unwrap();
            conservation(&stats, attempts);
            balked += stats.calls.iter().map(|c| c.balked).sum::<u64>();
            blocked += stats.calls.iter().map(|c| c.blocked).sum::<u64>();
        }
        if path == "scenarios/balking.toml" {
            assert!(balked > 0 && blocked > 0, "{path}: both rules acted");
        }
    }
}

/// Retrials per balked (or refused) caller: with no patience and no trunks,
/// every retrial comes from a balk (or a full queue), and each calls again
/// with the retry probability r. The count of retrials is binomial given the
/// callers turned away; the few whose retry falls after closing are lost.
/// Retrial attempts are the attempts beyond those of the same day without
/// `retry`: the first callers are the same (common random numbers), and a
/// refused retrial is never offered, so `repeats` alone would miss it.
fn retries_follow(extra: &str, turned_away: fn(&callsim::observe::CallCounters) -> u64) {
    let r = 0.4;
    let mut first_only = scenario(5, 5.2, 200, extra);
    first_only.simulation.warmup_s = 0.0;
    let mut scenario = scenario(
        5,
        5.2,
        200,
        &format!(
            "{extra}\nretry = {{ prob_pct = {}, delay = {{ dist = \"constant\", value_s = 30 }} }}",
            r * 100.0
        ),
    );
    scenario.simulation.warmup_s = 0.0;
    let model = Model::compile(&scenario);
    let first_model = Model::compile(&first_only);
    let (mut away, mut retrials) = (0u64, 0u64);
    for rep in 0..u64::from(scenario.simulation.replications) {
        let (stats, attempts) = replication_stats(&scenario, &model, rep).unwrap();
        conservation(&stats, attempts);
        let (_, first_attempts) = replication_stats(&first_only, &first_model, rep).unwrap();
        away += stats.calls.iter().map(turned_away).sum::<u64>();
        retrials += attempts - first_attempts;
    }
    // Those turned away in a day's last 30 s (about 30 s / 10 h of them)
    // find the center closed when they call again: the mean lies between
    // r·away less them and r·away; the tolerance is 3.29 standard
    // deviations (99.9 %) around that range.
    let all = r * away as f64;
    let lost = all * 30.0 / scenario.simulation.horizon_s();
    let sd = (away as f64 * r * (1.0 - r)).sqrt();
    let tolerance = 3.29 * sd + lost / 2.0;
    let expected = all - lost / 2.0;
    println!(
        "{extra}: {retrials} retrials of {away} turned away; expected {expected:.1} ± {tolerance:.1}"
    );
    assert!(retrials > 0, "{extra}: callers turned away retry");
    assert!(
        (retrials as f64 - expected).abs() <= tolerance,
        "{extra}: {retrials} retrials of {away} turned away, expected {expected:.1} ± {tolerance:.1}"
    );
}

#[test]
fn balked_callers_retry_like_callers_who_hang_up() {
    retries_follow("balk = { when_waiting = 1, prob_pct = 50 }", |c| c.balked);
}

#[test]
fn refused_callers_retry_like_callers_who_get_a_busy_signal() {
    retries_follow("max_waiting = 2", |c| c.blocked);
}

/// A caller answered at once neither balks nor is refused: with enough
/// agents that nobody waits, balking at 0 waiting with 100 % and no room
/// to wait change nothing.
#[test]
fn a_caller_who_finds_a_free_agent_neither_balks_nor_is_refused() {
    let text = |extra: &str| scenario(50, 1.0, 5, extra);
    let base = simulate(&text(""), &RunOptions::default()).unwrap();
    for extra in [
        "balk = { when_waiting = 0, prob_pct = 100 }",
        "max_waiting = 0",
    ] {
        let run = simulate(&text(extra), &RunOptions::default()).unwrap();
        assert_eq!(run.moments.calls, base.moments.calls, "{extra}");
    }
}
