//! Chats (`channel = "chat"`, `max_chats = k`, `chat_handle_factor`):
//! against the exact Markov chain of the chat center, solved here; one chat
//! at a time at factor 1 is the phone call bit for bit; shifts that end
//! while agents hold chats; every replication conserves its chats.
//!
//! The chain: N agents, each holding up to k chats; a chat at an agent who
//! holds l completes at rate 1/(h·f_l); a new chat goes to an agent holding
//! the fewest (if below k), else waits (FCFS) and may hang up after an
//! exponential patience. The state is how many agents hold 0..k chats while
//! nobody waits, and the queue length once all hold k. Each check asks
//! that the exact value lie inside the simulation's 99.9 % interval.

use std::collections::HashMap;

mod common;

use callsim::kpi::CallKpi;
use callsim::model::Model;
use callsim::run::replicate::{RunOptions, simulate};
use callsim::scenario::Scenario;
use common::{check, check_covers, open_hours};

const HANDLE_S: f64 = 300.0;
const THRESHOLD_S: f64 = 60.0;

/// A chat center of `agents` agents holding up to `factors.len()` chats,
/// 10 hours at `per_hour` chats, the first two a warm-up.
fn scenario(
    agents: u32,
    factors: &[f64],
    per_hour: f64,
    patience_s: Option<f64>,
    replications: u32,
) -> Scenario {
    let patience = patience_s.map_or(String::new(), |p| {
        format!("patience = {{ dist = \"exponential\", mean_s = {p} }}")
    });
    let factors: Vec<String> = factors.iter().map(|f| format!("{f:?}")).collect();
    let text = format!(
        r#"
[simulation]
seed = 77
replications = {replications}
interval_min = 60
intervals = 10
warmup_min = 120
confidence_pct = 99.9

[[call_type]]
name = "chat"
channel = "chat"
calls_per_hour = {per_hour}
handle = {{ dist = "exponential", mean_s = {HANDLE_S} }}
{patience}

[[agent_group]]
name = "agents"
agents = {agents}
skills = ["chat"]
max_chats = {k}
chat_handle_factor = [{factors}]

[targets]
answer_within_s = {THRESHOLD_S}
"#,
        k = factors.len(),
        factors = factors.join(", ")
    );
    Scenario::from_toml(&text, "chat.toml", &[]).unwrap()
}

/// Exact values of the chain at arrival (PASTA) and over time.
#[derive(Debug)]
struct Exact {
    prob_wait: f64,
    /// Answered within T / offered (without patience).
    service_level: f64,
    abandon_share: f64,
    /// Chats held / (agents × k), over time.
    occupancy: f64,
    mean_queue: f64,
}

/// Every way of spreading `agents` agents over levels 0..=k (counts per level).
fn compositions(agents: usize, levels: usize) -> Vec<Vec<usize>> {
    if levels == 1 {
        return vec![vec![agents]];
    }
    let mut out = Vec::new();
    for first in 0..=agents {
        for mut rest in compositions(agents - first, levels - 1) {
            rest.insert(0, first);
            out.push(rest);
        }
    }
    out
}

/// Solves π Q = 0, Σ π = 1 by Gaussian elimination with partial pivoting
/// (the chains here have a few hundred states).
fn stationary(rates: &[(usize, usize, f64)], states: usize) -> Vec<f64> {
    // Rows: the balance equations transposed (Qᵀ π = 0), the last one
    // replaced by Σ π = 1.
    let mut a = vec![vec![0.0; states + 1]; states];
    for &(from, to, rate) in rates {
        a[to][from] += rate;
        a[from][from] -= rate;
    }
    a[states - 1].fill(1.0);
    for col in 0..states {
        let pivot = (col..states)
            .max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs()))
            .unwrap();
        a.swap(col, pivot);
        let p = a[col][col];
        a[col][col..].iter_mut().for_each(|v| *v /= p);
        let pivot_row = a[col].clone();
        for (row, values) in a.iter_mut().enumerate() {
            let f = values[col];
            if row != col && f != 0.0 {
                for (v, &q) in values[col..].iter_mut().zip(&pivot_row[col..]) {
                    *v -= f * q;
                }
            }
        }
    }
    (0..states).map(|i| a[i][states]).collect()
}

/// P(Poisson(x) ≥ j + 1): `ahead` callers, then this one, served within T
/// by departures at the total rate of all-full agents.
fn within(rate: f64, ahead: usize) -> f64 {
    let x = rate * THRESHOLD_S;
    let mut term = (-x).exp();
    let mut below = term;
    for j in 1..=ahead {
        term *= x / j as f64;
        below += term;
    }
    1.0 - below
}

fn exact(agents: usize, factors: &[f64], per_hour: f64, patience_s: Option<f64>) -> Exact {
    let k = factors.len();
    let lambda = per_hour / 3600.0;
    let mu: Vec<f64> = factors.iter().map(|f| 1.0 / (HANDLE_S * f)).collect();
    let theta = patience_s.map_or(0.0, |p| 1.0 / p);
    let full_rate = (agents * k) as f64 * mu[k - 1];
    let queue_states = 400;
    let spread = compositions(agents, k + 1);
    let index: HashMap<Vec<usize>, usize> = spread
        .iter()
        .enumerate()
        .map(|(i, c)| (c.clone(), i))
        .collect();
    let all_full = index[&{
        let mut c = vec![0; k + 1];
        c[k] = agents;
        c
    }];
    // Queue length j ≥ 1 at state spread.len() + j − 1.
    let queued = |j: usize| spread.len() + j - 1;
    let states = spread.len() + queue_states;
    let mut rates = Vec::new();
    for (i, c) in spread.iter().enumerate() {
        match (0..k).find(|&l| c[l] > 0) {
            Some(l) => {
                let mut next = c.clone();
                next[l] -= 1;
                next[l + 1] += 1;
                rates.push((i, index[&next], lambda));
            }
            None => rates.push((i, queued(1), lambda)),
        }
        for l in 1..=k {
            if c[l] > 0 {
                let mut next = c.clone();
                next[l] -= 1;
                next[l - 1] += 1;
                rates.push((i, index[&next], c[l] as f64 * l as f64 * mu[l - 1]));
            }
        }
    }
    for j in 1..=queue_states {
        let down = if j == 1 { all_full } else { queued(j - 1) };
        rates.push((queued(j), down, full_rate + j as f64 * theta));
        if j < queue_states {
            rates.push((queued(j), queued(j + 1), lambda));
        }
    }
    let pi = stationary(&rates, states);
    let queue_tail = pi[queued(queue_states)];
    assert!(
        queue_tail < 1e-12,
        "the queue was cut too short: {queue_tail}"
    );
    let (mut wait, mut sl, mut queue, mut held) = (0.0, 0.0, 0.0, 0.0);
    for (i, c) in spread.iter().enumerate() {
        held += pi[i] * (1..=k).map(|l| (l * c[l]) as f64).sum::<f64>();
        if i == all_full {
            wait += pi[i];
            sl += pi[i] * within(full_rate, 0);
        } else {
            sl += pi[i];
        }
    }
    for j in 1..=queue_states {
        let p = pi[queued(j)];
        wait += p;
        queue += j as f64 * p;
        held += p * (agents * k) as f64;
        sl += p * within(full_rate, j);
    }
    Exact {
        prob_wait: wait,
        service_level: sl,
        abandon_share: theta * queue / lambda,
        occupancy: held / (agents * k) as f64,
        mean_queue: queue,
    }
}

#[test]
fn chats_with_slower_handling_at_higher_levels_match_the_exact_chain() {
    // 3 agents holding up to 3 chats that take 1, 1.3 and 1.7 times as
    // long: 63.5 chats an hour at most; 52 come, nobody hangs up.
    let factors = [1.0, 1.3, 1.7];
    let (agents, per_hour) = (3, 52.0);
    let values = exact(agents, &factors, per_hour, None);
    println!("{values:?}");
    let scenario = scenario(agents as u32, &factors, per_hour, None, 2000);
    let run = simulate(&scenario, &RunOptions::default()).unwrap();
    check(
        "service level (60 s)",
        values.service_level,
        &run,
        CallKpi::ServiceLevel,
    );
    let [occupancy, queue] = open_hours(&scenario);
    check_covers("occupancy", values.occupancy, occupancy);
    check_covers("mean queue", values.mean_queue, queue);
    assert!(values.prob_wait > 0.2, "the check has queues to test");
}

#[test]
fn chats_that_hang_up_match_the_exact_chain() {
    // 2 agents holding up to 4 chats, overloaded: patience decides.
    let factors = [1.0, 1.2, 1.5, 2.0];
    let (agents, per_hour, patience) = (2, 60.0, 240.0);
    let values = exact(agents, &factors, per_hour, Some(patience));
    println!("{values:?}");
    let scenario = scenario(agents as u32, &factors, per_hour, Some(patience), 2000);
    let run = simulate(&scenario, &RunOptions::default()).unwrap();
    check(
        "abandonment",
        values.abandon_share,
        &run,
        CallKpi::AbandonRate,
    );
    let [occupancy, queue] = open_hours(&scenario);
    check_covers("occupancy", values.occupancy, occupancy);
    check_covers("mean queue", values.mean_queue, queue);
    assert!(
        values.abandon_share > 0.05,
        "the check has abandons to test"
    );
}

#[test]
fn exact_chain_with_one_chat_per_agent_is_erlang_a() {
    // The chain above, at k = 1, is M/M/n+M: the test's own solver against
    // callsim's Erlang A (a check on the reference, not on the engine).
    let (agents, per_hour, patience) = (4, 40.0, 200.0);
    let values = exact(agents, &[1.0], per_hour, Some(patience));
    let traffic = callsim::erlang::Traffic::from_calls_per_hour(per_hour, HANDLE_S).unwrap();
    let a = callsim::erlang::ErlangA::new(&traffic, agents as u32, patience).unwrap();
    assert!((values.prob_wait - a.prob_wait()).abs() < 1e-9);
    assert!((values.abandon_share - a.prob_abandon()).abs() < 1e-9);
    assert!((values.mean_queue - a.mean_queue_length()).abs() < 1e-9);
}

fn text(channel: &str, max_chats: &str) -> String {
    format!(
        r#"
[simulation]
seed = 5
replications = 40
interval_min = 30
open = "08:00"
close = "12:00"

[[call_type]]
name = "web"
channel = "{channel}"
calls_per_interval = [30, 45, 50, 40, 35, 30, 20, 10]
handle = {{ dist = "lognormal", mean_s = 240, cv = 0.8 }}
after_call_work = {{ dist = "constant", value_s = 20 }}
patience = {{ dist = "exponential", mean_s = 150 }}
retry = {{ prob_pct = 40, delay = {{ dist = "exponential", mean_s = 300 }} }}

[[agent_group]]
name = "agents"
agents = [6, 7, 8, 8, 7, 6, 5, 4]
skills = ["web"]
{max_chats}
"#
    )
}

/// Every replication's statistics (counts, sums, time integrals, waits).
fn stats(text: &str) -> Vec<callsim::observe::ReplicationStats> {
    common::every_replication(&Scenario::from_toml(text, "web.toml", &[]).unwrap())
}

#[test]
fn one_chat_at_a_time_at_factor_one_is_the_phone_call_bit_for_bit() {
    let voice = stats(&text("voice", ""));
    let chat = stats(&text("chat", "max_chats = 1"));
    assert!(
        voice == chat,
        "one chat at a time differs from the phone call"
    );
    // Several chats at factor 1 are another center: the check can fail.
    let three = stats(&text("chat", "max_chats = 3"));
    assert!(voice != three);
}

/// Watches every replication for what the chat rules forbid: an agent
/// holding more than its `max_chats`, a phone call to an agent holding
/// chats, a chat to an agent on a call, an agent leaving with chats held,
/// a chat that never ends.
#[derive(Default)]
struct Rules {
    max_chats: usize,
    /// Per agent slot: chats held, on a phone call.
    chats: Vec<usize>,
    on_call: Vec<bool>,
    taken: u64,
    ended: u64,
    answered_voice: u64,
    present: Vec<u32>,
    offered: Vec<u64>,
    settled: Vec<u64>,
}

impl Rules {
    fn slot(&mut self, agent: usize) {
        if agent >= self.chats.len() {
            self.chats.resize(agent + 1, 0);
            self.on_call.resize(agent + 1, false);
        }
    }
}

impl callsim::observe::Observer for Rules {
    fn observe(&mut self, _t: f64, what: callsim::observe::Observation<'_>) {
        use callsim::model::Channel;
        use callsim::observe::Observation as O;
        match what {
            O::Answered(a) | O::ChatAnswered(a) => {
                let agent = a.agent.index();
                self.slot(agent);
                assert!(!self.on_call[agent], "a contact to an agent on a call");
                if a.channel == Channel::Chat {
                    self.chats[agent] += 1;
                    self.taken += 1;
                    assert!(self.chats[agent] <= self.max_chats, "over max_chats");
                } else {
                    assert_eq!(self.chats[agent], 0, "a call to an agent holding chats");
                    self.on_call[agent] = true;
                    self.answered_voice += 1;
                }
                self.settled[a.call_type.index()] += 1;
            }
            O::ChatEnded { chat, .. } => {
                self.chats[chat.agent.index()] -= 1;
                self.ended += 1;
            }
            O::AgentFree { agent, .. } => self.on_call[agent.index()] = false,
            O::AgentsChanged { group, present } => self.present[group.index()] = present,
            O::Arrival { call_type, .. } => self.offered[call_type.index()] += 1,
            O::Abandoned { call_type, .. }
            | O::Dropped { call_type, .. }
            | O::Unfinished { call_type, .. }
            | O::Balked { call_type, .. } => self.settled[call_type.index()] += 1,
            _ => {}
        }
    }
}

#[test]
fn shared_agents_over_two_days_keep_the_chat_rules_and_every_contact() {
    // Phone calls and chats on the same agents, two days with a night
    // between, staffing that drops while agents hold chats (and to zero).
    let text = r#"
[simulation]
seed = 11
replications = 60
interval_min = 30
open = "08:00"
close = "12:00"
days = 2

[[call_type]]
name = "phone"
calls_per_interval = [30, 40, 45, 40, 35, 30, 25, 20]
handle = { dist = "exponential", mean_s = 240 }
patience = { dist = "exponential", mean_s = 120 }
priority = 1

[[call_type]]
name = "web"
channel = "chat"
calls_per_interval = [40, 60, 70, 70, 60, 50, 40, 30]
handle = { dist = "lognormal", mean_s = 420, cv = 0.7 }
after_call_work = { dist = "constant", value_s = 30 }
patience = { dist = "exponential", mean_s = 300 }

[[agent_group]]
name = "chat desk"
agents = [4, 5, 5, 2, 0, 3, 3, 1]
skills = ["web"]
max_chats = 3
chat_handle_factor = [1.0, 1.25, 1.6]

[[agent_group]]
name = "blended"
agents = [6, 6, 7, 7, 6, 5, 5, 4]
skills = ["phone", "web"]
max_chats = 2
chat_handle_factor = [1.0, 1.4]
"#;
    let scenario = Scenario::from_toml(text, "shared.toml", &[]).unwrap();
    let model = Model::compile(&scenario);
    let router = callsim::engine::ModelRouter::new(&model);
    let (mut chats, mut calls) = (0, 0);
    for r in 0..u64::from(scenario.simulation.replications) {
        let mut rules = Rules {
            max_chats: 3,
            present: vec![0; 2],
            offered: vec![0; 2],
            settled: vec![0; 2],
            ..Rules::default()
        };
        router.run(&model, 11, r, &mut rules).unwrap();
        assert_eq!(
            rules.taken, rules.ended,
            "replication {r}: a chat never ended"
        );
        assert!(rules.chats.iter().all(|&c| c == 0));
        assert_eq!(rules.present, [0, 0], "replication {r}: an agent stayed");
        assert_eq!(
            rules.offered, rules.settled,
            "replication {r}: a contact was lost"
        );
        chats += rules.taken;
        calls += rules.answered_voice;
    }
    assert!(
        chats > 10_000 && calls > 10_000,
        "{chats} chats, {calls} calls"
    );
}

#[test]
fn chats_take_no_trunk_line() {
    // One line: the phone calls are blocked, the chats are not.
    let text = |trunks: &str| {
        format!(
            r#"
[simulation]
seed = 3
replications = 20
interval_min = 60
intervals = 4

[[call_type]]
name = "web"
channel = "chat"
calls_per_hour = 40
handle = {{ dist = "exponential", mean_s = 300 }}

[[agent_group]]
name = "agents"
agents = 3
skills = ["web"]
max_chats = 2
{trunks}
"#
        )
    };
    assert!(stats(&text("")) == stats(&text("[trunks]\nlines = 1")));
}

#[test]
fn the_exact_chain_here_is_the_erlang_chat_model() {
    // This file's dense solve against `callsim erlang --max-chats`'s solver
    // (Gauss–Seidel with Erlang A's queue attached): two methods, one chain.
    for (agents, factors, per_hour, patience) in [
        (3, vec![1.0, 1.3, 1.7], 52.0, None),
        (2, vec![1.0, 1.2, 1.5, 2.0], 60.0, Some(240.0)),
    ] {
        let ours = exact(agents, &factors, per_hour, patience);
        let traffic = callsim::erlang::Traffic::from_calls_per_hour(per_hour, HANDLE_S).unwrap();
        let chat = callsim::erlang::ErlangChat::new(
            &traffic,
            agents as u32,
            factors.len() as u32,
            &factors,
            patience,
        )
        .unwrap();
        assert!((ours.prob_wait - chat.prob_wait()).abs() < 1e-9);
        assert!((ours.abandon_share - chat.prob_abandon()).abs() < 1e-9);
        assert!((ours.occupancy - chat.occupancy()).abs() < 1e-9);
        assert!((ours.mean_queue - chat.mean_queue_length()).abs() < 1e-8);
        if patience.is_none() {
            assert!((ours.service_level - chat.service_level(THRESHOLD_S)).abs() < 1e-9);
        }
    }
}
