//! Routing options: an aging rate per call type (`aging_per_min` on the
//! call type, in place of `[routing]`'s) and group-side preferences
//! (`takes = "skill_order"`: a free agent takes the first of its skills with
//! someone waiting, whatever the priorities). Each decision of a busy
//! two-queue center is checked against the rule, from what an observer sees:
//! who waits, since when, and which queue the freed agent took.

use std::collections::VecDeque;

mod common;

use callsim::engine::ModelRouter;
use callsim::model::Model;
use callsim::observe::{Observation, Observer};
use callsim::scenario::Scenario;

/// Two call types on one group of 4 agents, overloaded so both queues
/// fill; `extra_types[i]` and `group_extra` are added to the tables.
fn scenario(routing: &str, extra_types: [&str; 2], group_extra: &str) -> Scenario {
    let text = format!(
        r#"
[simulation]
seed = 41
replications = 20
interval_min = 60
intervals = 3

{routing}

[[call_type]]
name = "low"
calls_per_hour = 40
handle = {{ dist = "exponential", mean_s = 240 }}
patience = {{ dist = "exponential", mean_s = 600 }}
{low}

[[call_type]]
name = "high"
calls_per_hour = 40
handle = {{ dist = "exponential", mean_s = 240 }}
patience = {{ dist = "exponential", mean_s = 600 }}
priority = 10
{high}

[[agent_group]]
name = "agents"
agents = 4
skills = ["low", "high"]
{group_extra}
"#,
        low = extra_types[0],
        high = extra_types[1],
    );
    Scenario::from_toml(&text, "routing.toml", &[]).unwrap()
}

/// The waiting callers of each type (arrival times, oldest first), and a
/// check of each queued call an agent takes against `rule`.
struct Decisions<F> {
    waiting: [VecDeque<f64>; 2],
    rule: F,
    checked: u64,
    /// Decisions where both queues had someone waiting.
    contested: u64,
}

impl<F: FnMut(f64, usize, &[VecDeque<f64>; 2])> Observer for Decisions<F> {
    fn observe(&mut self, t: f64, what: Observation<'_>) {
        match what {
            Observation::Arrival { call_type, .. } => {
                self.waiting[call_type.index()].push_back(t);
            }
            Observation::Answered(a) => {
                let queue = &mut self.waiting[a.call_type.index()];
                if a.from_queue {
                    assert_eq!(queue.front(), Some(&a.arrival_s), "not the oldest");
                    if self.waiting.iter().all(|q| !q.is_empty()) {
                        self.contested += 1;
                    }
                    (self.rule)(t, a.call_type.index(), &self.waiting);
                    self.checked += 1;
                }
                let queue = &mut self.waiting[a.call_type.index()];
                let at = queue.iter().position(|&s| s == a.arrival_s).unwrap();
                queue.remove(at);
            }
            Observation::Abandoned {
                call_type,
                arrival_s,
                ..
            }
            | Observation::Unfinished {
                call_type,
                arrival_s,
                ..
            } => {
                let queue = &mut self.waiting[call_type.index()];
                let at = queue.iter().position(|&s| s == arrival_s).unwrap();
                queue.remove(at);
            }
            _ => {}
        }
    }
}

fn check_every_decision(scenario: &Scenario, rule: impl FnMut(f64, usize, &[VecDeque<f64>; 2])) {
    let model = Model::compile(scenario);
    let router = ModelRouter::new(&model);
    let mut decisions = Decisions {
        waiting: [VecDeque::new(), VecDeque::new()],
        rule,
        checked: 0,
        contested: 0,
    };
    for r in 0..u64::from(scenario.simulation.replications) {
        decisions.waiting = [VecDeque::new(), VecDeque::new()];
        router
            .run(&model, scenario.simulation.seed, r, &mut decisions)
            .unwrap();
    }
    assert!(
        decisions.contested > 200,
        "only {} of {} decisions had both queues waiting",
        decisions.contested,
        decisions.checked
    );
}

#[test]
fn a_group_that_takes_its_skills_in_order_ignores_priorities() {
    // "low" is listed first: with both waiting, the agent takes "low"
    // although "high" has priority 10.
    for routing in ["", "[routing]\naging_per_min = 1"] {
        let scenario = scenario(routing, ["", ""], "takes = \"skill_order\"");
        check_every_decision(&scenario, |_, taken, waiting| {
            if !waiting[0].is_empty() {
                assert_eq!(taken, 0, "took \"high\" while \"low\" waited");
            }
        });
    }
}

#[test]
fn by_default_the_priority_decides() {
    let scenario = scenario("", ["", ""], "");
    check_every_decision(&scenario, |_, taken, waiting| {
        if !waiting[1].is_empty() {
            assert_eq!(taken, 1, "took \"low\" while \"high\" waited");
        }
    });
}

#[test]
fn each_call_type_ages_at_its_own_rate() {
    // "low" gains 6 points a minute, "high" none: after 100 s of waiting a
    // "low" caller outranks a fresh "high" one. The freed agent takes the
    // type whose oldest caller scores highest.
    let scenario = scenario("", ["aging_per_min = 6", ""], "");
    check_every_decision(&scenario, |t, taken, waiting| {
        let score = |c: usize| {
            waiting[c].front().map(|&arrival| {
                let (priority, aging_per_s) = [(0.0, 0.1), (10.0, 0.0)][c];
                priority + aging_per_s * (t - arrival)
            })
        };
        let (mine, other) = (score(taken).unwrap(), score(1 - taken));
        if let Some(other) = other {
            assert!(mine >= other, "took a score {mine} over {other}");
        }
    });
}

#[test]
fn an_aging_rate_on_every_call_type_is_the_routing_tables() {
    let per_type = scenario("", ["aging_per_min = 2", "aging_per_min = 2"], "");
    let routing = scenario("[routing]\naging_per_min = 2", ["", ""], "");
    let none = scenario("", ["", ""], "");
    let stats = common::every_replication;
    assert!(stats(&per_type) == stats(&routing));
    assert!(
        stats(&per_type) != stats(&none),
        "aging changes this center"
    );
}

/// Counts, for calls answered at once, how many went to the first group
/// and how many the rule expects: each such call goes to a group with
/// probability idle agents there / idle agents of both groups (the groups'
/// idle agents are followed from what the observer sees).
#[derive(Default)]
struct SharesByIdle {
    busy: [u32; 2],
    present: [u32; 2],
    to_first: f64,
    expected: f64,
    variance: f64,
    decisions: u64,
}

impl Observer for SharesByIdle {
    fn observe(&mut self, _t: f64, what: Observation<'_>) {
        match what {
            Observation::Answered(a) => {
                let g = a.group.index();
                if !a.from_queue {
                    let idle = [0, 1].map(|g| f64::from(self.present[g] - self.busy[g]));
                    let p = idle[0] / (idle[0] + idle[1]);
                    self.expected += p;
                    self.variance += p * (1.0 - p);
                    self.to_first += f64::from(u8::from(g == 0));
                    self.decisions += 1;
                }
                self.busy[g] += 1;
            }
            Observation::AgentFree { group, .. } => self.busy[group.index()] -= 1,
            Observation::AgentsChanged { group, present } => self.present[group.index()] = present,
            _ => {}
        }
    }
}

#[test]
fn random_by_idle_sends_calls_to_groups_in_proportion_to_their_idle_agents() {
    let text = r#"
[simulation]
seed = 8
replications = 200
interval_min = 60
intervals = 4

[routing]
agent_selection = "random_by_idle"

[[call_type]]
name = "sales"
calls_per_hour = 60
handle = { dist = "exponential", mean_s = 240 }
patience = { dist = "exponential", mean_s = 120 }

[[agent_group]]
name = "front"
agents = 3
skills = ["sales"]

[[agent_group]]
name = "back"
agents = 2
skills = ["sales"]
"#;
    let scenario = Scenario::from_toml(text, "random.toml", &[]).unwrap();
    let model = Model::compile(&scenario);
    let router = ModelRouter::new(&model);
    let mut shares = SharesByIdle::default();
    for r in 0..200 {
        shares.busy = [0, 0];
        router.run(&model, 8, r, &mut shares).unwrap();
    }
    // z for 99.9 % two-sided: the count is a sum of independent-given-the-past
    // Bernoulli draws (a martingale), so its spread is Σ p(1 − p).
    let z = (shares.to_first - shares.expected) / shares.variance.sqrt();
    println!(
        "{} decisions: {} to the first group, {:.1} expected (z = {z:.2})",
        shares.decisions, shares.to_first, shares.expected
    );
    assert!(z.abs() < 3.29, "z = {z:.2}");
    // Not the first group whenever it has an idle agent: the check can fail.
    assert!(shares.to_first < shares.decisions as f64 * 0.9);
}
