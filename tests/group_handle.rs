//! A group's own handle-time distribution per skill (`handle = { type =
//! {...} }` on the agent group, in place of the call type's): an M/M/n whose
//! only group talks at its own mean is held against Erlang C at that mean;
//! two groups with their own means show them as their AHT; and the draws come
//! from streams of their own, so the rest of a center is bit for bit what it
//! is without them.

mod common;

use callsim::erlang::{self, QueueModel, ServiceLevelBasis, ServiceLevelQuery, Traffic};
use callsim::kpi::{CallKpi, GroupKpi};
use callsim::run::replicate::{RunOptions, simulate};
use callsim::scenario::Scenario;
use common::{CONFIDENCE, check, check_covers, every_replication};

fn load(text: &str) -> Scenario {
    Scenario::from_toml(text, "group_handle.toml", &[]).unwrap()
}

/// 48 calls an hour of a type whose own handle mean is 300 s, on one group
/// of `agents` whose agents take 150 s on average.
fn one_group(agents: u32, replications: u32) -> Scenario {
    load(&format!(
        r#"
[simulation]
seed = 91
replications = {replications}
interval_min = 60
intervals = 10
warmup_min = 120
confidence_pct = {confidence}

[[call_type]]
name = "calls"
calls_per_hour = 48
handle = {{ dist = "exponential", mean_s = 300 }}

[[agent_group]]
name = "experts"
agents = {agents}
skills = ["calls"]
handle = {{ calls = {{ dist = "exponential", mean_s = 150 }} }}

[targets]
answer_within_s = 20
"#,
        confidence = CONFIDENCE * 100.0,
    ))
}

#[test]
fn a_groups_own_handle_time_meets_erlang_c_at_its_mean() {
    let agents = 3;
    let scenario = one_group(agents, 400);
    let run = simulate(&scenario, &RunOptions::default()).unwrap();
    // 48 calls an hour × 150 s = 2 Erlangs on 3 agents (at the type's 300 s
    // the queue would be unstable).
    let traffic = Traffic::from_erlangs(2.0, 150.0).unwrap();
    let exact = erlang::evaluate(
        &traffic,
        QueueModel::ErlangC,
        agents,
        ServiceLevelQuery::new(20.0, ServiceLevelBasis::Offered).unwrap(),
    )
    .unwrap();
    check(
        "service level",
        exact.service_level,
        &run,
        CallKpi::ServiceLevel,
    );
    check("ASA", exact.asa_answered_s.unwrap(), &run, CallKpi::Asa);
    check("AHT", 150.0, &run, CallKpi::Aht);
}

/// One type served by two groups with their own exponential means; calls
/// overflow between them, and each group's AHT is its own mean.
#[test]
fn each_group_talks_at_its_own_mean() {
    let scenario = load(&format!(
        r#"
[simulation]
seed = 5
replications = 200
interval_min = 60
intervals = 8
confidence_pct = {confidence}

[[call_type]]
name = "calls"
calls_per_hour = 100
handle = {{ dist = "exponential", mean_s = 200 }}
patience = {{ dist = "exponential", mean_s = 120 }}

[[agent_group]]
name = "fast"
agents = 3
skills = ["calls"]
handle = {{ calls = {{ dist = "exponential", mean_s = 120 }} }}

[[agent_group]]
name = "slow"
agents = 4
skills = ["calls"]
handle = {{ calls = {{ dist = "gamma", mean_s = 360, cv = 0.5 }} }}
"#,
        confidence = CONFIDENCE * 100.0,
    ));
    let run = simulate(&scenario, &RunOptions::default()).unwrap();
    for (g, mean_s) in [(0, 120.0), (1, 360.0)] {
        let e = run
            .moments
            .group(g, None, GroupKpi::Aht, CONFIDENCE)
            .unwrap();
        check_covers(
            &format!("group {g} AHT"),
            mean_s,
            (e.mean, e.half_width.unwrap()),
        );
    }
}

/// Two independent centers; `b_own` on the second center's group.
fn two_centers(b_own: &str) -> Scenario {
    load(&format!(
        r#"
[simulation]
seed = 17
replications = 20
interval_min = 60
intervals = 6

[[call_type]]
name = "a"
calls_per_hour = 60
handle = {{ dist = "exponential", mean_s = 240 }}
patience = {{ dist = "exponential", mean_s = 200 }}

[[call_type]]
name = "b"
calls_per_hour = 60
handle = {{ dist = "exponential", mean_s = 240 }}
patience = {{ dist = "exponential", mean_s = 200 }}

[[agent_group]]
name = "desk a"
agents = 4
skills = ["a"]

[[agent_group]]
name = "desk b"
agents = 4
skills = ["b"]
{b_own}
"#
    ))
}

#[test]
fn a_groups_own_draws_shift_no_other_stream() {
    let without = every_replication(&two_centers(""));
    let with = every_replication(&two_centers(
        r#"handle = { b = { dist = "lognormal", mean_s = 180, cv = 0.6 } }"#,
    ));
    let intervals = without[0].intervals;
    let buckets = intervals + 1;
    let mut b_differs = false;
    for (w, o) in with.iter().zip(&without) {
        // Center a: every count and time integral the same.
        assert_eq!(w.calls[..intervals], o.calls[..intervals]);
        assert_eq!(w.busy_s[..buckets], o.busy_s[..buckets]);
        assert_eq!(w.queue_s[..buckets], o.queue_s[..buckets]);
        // Center b's calls are the same callers (arrivals, patience) ...
        let offered = |s: &callsim::observe::ReplicationStats| -> u64 {
            s.calls[intervals..].iter().map(|c| c.offered).sum()
        };
        assert_eq!(offered(w), offered(o));
        // ... served at another pace.
        b_differs |= w.busy_s[buckets..] != o.busy_s[buckets..];
    }
    assert!(b_differs, "desk b's own distribution changed nothing");
}

#[test]
fn bad_group_handles_are_refused_in_one_sentence() {
    let base = |group_extra: &str, types_extra: &str| {
        format!(
            r#"
[simulation]
seed = 1
replications = 2
interval_min = 60
intervals = 2

[[call_type]]
name = "calls"
calls_per_hour = 10
handle = {{ dist = "exponential", mean_s = 200 }}
{types_extra}

[[agent_group]]
name = "desk"
agents = 2
skills = ["calls"{chat_skill}]
{group_extra}
"#,
            chat_skill = if types_extra.is_empty() {
                ""
            } else {
                r#", "web""#
            },
        )
    };
    let chat = r#"
[[call_type]]
name = "web"
channel = "chat"
calls_per_hour = 10
handle = { dist = "exponential", mean_s = 300 }"#;
    let cases = [
        (
            base(
                r#"handle = { billing = { dist = "exponential", mean_s = 100 } }"#,
                "",
            ),
            "agent_group[0].handle.billing: \"billing\" is not one of this group's skills (calls)",
        ),
        (
            base(
                r#"handle = { calls = { dist = "exponential", mean_s = -3 } }"#,
                "",
            ),
            "agent_group[0].handle.calls.mean_s",
        ),
        (
            base(
                "handle = { calls = { dist = \"exponential\", mean_s = 100 } }\nhandle_factor = { calls = 1.2 }",
                "",
            ),
            "agent_group[0].handle.calls: \"calls\" has a `handle_factor` too",
        ),
        (
            base(
                r#"handle = { web = { dist = "exponential", mean_s = 100 } }"#,
                chat,
            ),
            "agent_group[0].handle.web: a chat's handle time is its call type's",
        ),
    ];
    for (text, expected) in cases {
        let err = Scenario::from_toml(&text, "bad.toml", &[])
            .unwrap_err()
            .to_string();
        assert!(err.contains(expected), "expected {expected:?} in: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}
