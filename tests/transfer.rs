//! Transfers (`transfer_pct` on a call type: at the end of the talk the
//! agent hands the caller to another type's queue) and a retry that changes
//! type (`retry.to`): every transferred caller arrives where it was sent, in
//! every replication; the transfer rate and the end-to-end time are held
//! against their exact values on a center with no waits; a share of 0 is
//! bit for bit no transfer; bad transfers are refused in one sentence each.

mod common;

use callsim::kpi::{CallKpi, Scope};
use callsim::run::replicate::{RunOptions, SimulationRun, simulate};
use callsim::scenario::{Scenario, ScenarioError};
use common::{CONFIDENCE, check_covers, every_replication};

fn load(text: &str) -> Scenario {
    Scenario::from_toml(text, "transfer.toml", &[]).unwrap()
}

/// General calls (60 an hour, talk 180 s) of which `pct` % are transferred
/// to billing (talk 240 s); `agents` on each desk; abandoners retry as an
/// e-mail half the time.
fn center(pct: &str, agents: u32, replications: u32) -> String {
    format!(
        r#"
[simulation]
seed = 12
replications = {replications}
interval_min = 60
intervals = 8
confidence_pct = {confidence}

[[call_type]]
name = "general"
calls_per_hour = 60
handle = {{ dist = "exponential", mean_s = 180 }}
patience = {{ dist = "exponential", mean_s = 120 }}
{pct}
retry = {{ prob_pct = 50, delay = {{ dist = "constant", value_s = 1 }}, to = "e-mail" }}

[[call_type]]
name = "billing"
calls_per_hour = 0
handle = {{ dist = "exponential", mean_s = 240 }}
patience = {{ dist = "exponential", mean_s = 120 }}

[[call_type]]
name = "e-mail"
channel = "email"
calls_per_hour = 0
handle = {{ dist = "exponential", mean_s = 300 }}
answer_within_h = 4

[[agent_group]]
name = "front"
agents = {agents}
skills = ["general", "e-mail"]

[[agent_group]]
name = "billing desk"
agents = {agents}
skills = ["billing"]
"#,
        confidence = CONFIDENCE * 100.0,
    )
}

fn day(call_type: usize) -> Scope {
    Scope {
        call_type: Some(call_type),
        interval: None,
    }
}

fn estimate(run: &SimulationRun, t: usize, kpi: CallKpi) -> (f64, f64) {
    let e = run.moments.call(day(t), kpi, CONFIDENCE).unwrap();
    (e.mean, e.half_width.unwrap())
}

#[test]
fn every_transferred_caller_arrives_where_it_was_sent() {
    for stats in every_replication(&load(&center("transfer_pct = { billing = 30 }", 4, 40))) {
        let total = |t: usize| {
            let mut sum = callsim::observe::CallCounters::default();
            for k in 0..stats.intervals {
                sum.add(stats.counters(t, k));
            }
            sum
        };
        let (general, billing, email) = (total(0), total(1), total(2));
        assert!(general.transferred > 0);
        assert_eq!(general.transferred, billing.transfers_in);
        assert_eq!(
            billing.offered, billing.transfers_in,
            "billing has no volume of its own"
        );
        // Every billing caller leaves once: answered, hung up, dropped or still waiting.
        assert_eq!(
            billing.offered,
            billing.answered + billing.abandoned + billing.dropped + stats.still_waiting[1]
        );
        assert_eq!(billing.transferred, 0);
        // The e-mails are the general callers who gave up and wrote.
        assert_eq!(email.offered, email.repeats);
        assert!(email.offered <= general.abandoned);
        // Each answered contact is transferred or is its caller's last.
        assert_eq!(general.answered, general.transferred + general.resolved);
    }
}

#[test]
fn with_no_waits_the_rate_and_the_end_to_end_time_are_exact() {
    // 40 agents a desk: nobody waits, so a billing caller's end-to-end time
    // is a general talk plus a billing talk.
    let run = simulate(
        &load(&center("transfer_pct = { billing = 25 }", 40, 300)),
        &RunOptions::default(),
    )
    .unwrap();
    check_covers(
        "transfer rate",
        0.25,
        estimate(&run, 0, CallKpi::TransferRate),
    );
    check_covers(
        "FCR across transfers",
        0.75,
        estimate(&run, 0, CallKpi::Fcr),
    );
    check_covers(
        "end to end, general",
        180.0,
        estimate(&run, 0, CallKpi::EndToEnd),
    );
    check_covers(
        "end to end, billing",
        180.0 + 240.0,
        estimate(&run, 1, CallKpi::EndToEnd),
    );
}

#[test]
fn a_retry_goes_to_its_own_call_type() {
    // Abandoners retry as e-mails half the time (after 1 s): e-mails over
    // abandoned general calls is a binomial share of 0.5. Callers waiting at
    // closing are dropped: one who hung up after it would find it closed.
    let scenario = load(
        &center("", 3, 200).replace("intervals = 8\n", "intervals = 8\nafter_close = \"drop\"\n"),
    );
    let (mut abandoned, mut emails) = (0u64, 0u64);
    for stats in every_replication(&scenario) {
        for k in 0..stats.intervals {
            abandoned += stats.counters(0, k).abandoned;
            emails += stats.counters(2, k).offered;
        }
    }
    let share = emails as f64 / abandoned as f64;
    // 99.9 % normal interval of a binomial share.
    let half_width = 3.29 * (0.25 / abandoned as f64).sqrt();
    check_covers("retried as e-mail", 0.5, (share, half_width));
}

#[test]
fn a_share_of_zero_is_no_transfer_bit_for_bit() {
    let none = every_replication(&load(&center("", 4, 20)));
    let zero = every_replication(&load(&center("transfer_pct = { billing = 0 }", 4, 20)));
    assert_eq!(none, zero);
}

fn error(text: &str) -> String {
    match Scenario::from_toml(text, "transfer.toml", &[]) {
        Err(ScenarioError::Invalid { errors, count }) => {
            assert_eq!(count, 1, "{errors:?}");
            format!("{}: {}", errors[0].location.field, errors[0].message)
        }
        other => panic!("expected one error, got {other:?}"),
    }
}

#[test]
fn bad_transfers_are_refused_in_one_sentence() {
    let base = center("transfer_pct = { billing = 30 }", 4, 10);
    let cases = [
        (
            base.replace("billing = 30", "sales = 30"),
            r#"call_type[0].transfer_pct.sales: "sales" is not a call type (known: general, billing, e-mail)"#,
        ),
        (
            base.replace("billing = 30", "general = 30"),
            "call_type[0].transfer_pct.general: a call type cannot transfer to itself",
        ),
        (
            base.replace("billing = 30", "billing = 130"),
            "call_type[0].transfer_pct.billing: must be a percentage from 0 to 100",
        ),
        (
            base.replace("billing = 30", r#"billing = 70, "e-mail" = 40"#),
            "call_type[0].transfer_pct: adds up to 110 %",
        ),
        (
            base.replace(r#"to = "e-mail""#, r#"to = "fax""#),
            r#"call_type[0].retry.to: "fax" is not a call type"#,
        ),
        (
            base.replace("billing = 30", "billing = 100").replace(
                "mean_s = 240 }\n",
                "mean_s = 240 }\ntransfer_pct = { general = 100 }\n",
            ),
            "call_type[0].transfer_pct: transfers every answered contact round a cycle (general → billing → general)",
        ),
    ];
    for (text, expected) in cases {
        let got = error(&text);
        assert!(got.starts_with(expected), "{got}\n  expected: {expected}");
    }
}
