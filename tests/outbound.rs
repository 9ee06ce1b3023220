//! Outbound campaigns (`[[outbound]]`) in the engine: a small blended
//! center is held against the exact threshold-policy chain
//! (`erlang::Blending`, built to the same model) on its inbound service
//! level, abandonment and ASA, its dials, connects and nuisance calls per
//! hour, its occupancy split and the service level it costs (the same
//! calls simulated without it, against Erlang A); a campaign that reaches nobody leaves the
//! inbound calls bit for bit as without it; the list runs out; a person held
//! for an agent is counted once, connected or dropped; bad campaigns are
//! refused in one sentence each.

mod common;

use callsim::erlang::{Blending, Dialer, Traffic};
use callsim::kpi::{CallKpi, CampaignKpi, GroupKpi};
use callsim::observe::CampaignCounters;
use callsim::run::replicate::{RunOptions, SimulationRun, simulate};
use callsim::scenario::{Scenario, ScenarioError};
use common::{CONFIDENCE, check, check_covers, every_replication};

fn load(text: &str) -> Scenario {
    Scenario::from_toml(text, "outbound.toml", &[]).unwrap()
}

/// 60 inbound calls an hour (mean 180 s, patience 120 s) on `agents`, a
/// campaign dialling while more than `k` are idle (ring 20 s, reached 30 %,
/// talk 240 s); `extra` goes into the campaign's table.
fn blended(agents: u32, k: u32, replications: u32, extra: &str) -> String {
    format!(
        r#"
[simulation]
seed = 44
replications = {replications}
interval_min = 60
intervals = 10
warmup_min = 120
confidence_pct = {confidence}

[[call_type]]
name = "inbound"
calls_per_hour = 60
handle = {{ dist = "exponential", mean_s = 180 }}
patience = {{ dist = "exponential", mean_s = 120 }}

[[agent_group]]
name = "agents"
agents = {agents}
skills = ["inbound"]

[[outbound]]
name = "renewals"
groups = ["agents"]
dial_when_idle_agents_above = {k}
ring = {{ dist = "exponential", mean_s = 20 }}
reach_pct = 30
handle = {{ dist = "exponential", mean_s = 240 }}
{extra}

[targets]
answer_within_s = 20
"#,
        confidence = CONFIDENCE * 100.0,
    )
}

fn campaign(run: &SimulationRun, kpi: CampaignKpi) -> (f64, f64) {
    let e = run.moments.campaign(0, None, kpi, CONFIDENCE).unwrap();
    (e.mean, e.half_width.unwrap())
}

fn group(run: &SimulationRun, kpi: GroupKpi) -> (f64, f64) {
    let e = run.moments.group(0, None, kpi, CONFIDENCE).unwrap();
    (e.mean, e.half_width.unwrap())
}

#[test]
fn a_blended_center_meets_the_exact_threshold_chain() {
    let (agents, k) = (5, 1);
    let scenario = load(&blended(agents, k, 400, ""));
    let run = simulate(&scenario, &RunOptions::default()).unwrap();
    let traffic = Traffic::from_erlangs(3.0, 180.0).unwrap();
    let dialer = Dialer {
        dial_when_idle_agents_above: k,
        dial_s: 20.0,
        reach_prob: 0.3,
        outbound_aht_s: 240.0,
    };
    let exact = Blending::new(&traffic, agents, Some(120.0), dialer).unwrap();
    check(
        "inbound service level",
        exact.service_level(20.0),
        &run,
        CallKpi::ServiceLevel,
    );
    check(
        "inbound abandonment",
        exact.prob_abandon(),
        &run,
        CallKpi::AbandonRate,
    );
    check(
        "inbound ASA",
        exact.asa_answered_s().unwrap(),
        &run,
        CallKpi::Asa,
    );
    let per_hour = |per_s: f64| per_s * 3600.0;
    check_covers(
        "connects per hour",
        per_hour(exact.connects_per_s()),
        campaign(&run, CampaignKpi::ConnectsPerHour),
    );
    check_covers("reach rate", 0.3, campaign(&run, CampaignKpi::ReachRate));
    check_covers(
        "nuisance rate",
        exact.nuisance_per_s() / exact.reaches_per_s(),
        campaign(&run, CampaignKpi::NuisanceRate),
    );
    // Eight observed hours after the two of warm-up.
    let (dials, half) = campaign(&run, CampaignKpi::Dials);
    check_covers(
        "dials per hour",
        per_hour(exact.dials_per_s()),
        (dials / 8.0, half / 8.0),
    );
    check_covers(
        "occupancy on inbound",
        exact.inbound_occupancy(),
        group(&run, GroupKpi::InboundOccupancy),
    );
    check_covers(
        "occupancy on outbound",
        exact.outbound_occupancy(),
        group(&run, GroupKpi::OutboundOccupancy),
    );
    check_covers("outbound AHT", 240.0, campaign(&run, CampaignKpi::Aht));
    // The same calls without the campaign (Erlang A), and what it costs.
    let kpis = exact.kpis(20.0).unwrap();
    let (without, lost) = run.moments.without_outbound(None, CONFIDENCE);
    let estimate = |e: Option<callsim::stats::Estimate>| {
        let e = e.unwrap();
        (e.mean, e.half_width.unwrap())
    };
    check_covers(
        "service level without the campaign",
        kpis.without_outbound.service_level,
        estimate(without),
    );
    check_covers(
        "service level lost to blending",
        kpis.service_level_lost,
        estimate(lost),
    );
    // The check tells thresholds apart: at K = 2 the chain's inbound service
    // level is outside this run's interval.
    let other = Blending::new(
        &traffic,
        agents,
        Some(120.0),
        Dialer {
            dial_when_idle_agents_above: 2,
            ..dialer
        },
    )
    .unwrap();
    let sl = run
        .moments
        .call(common::day(), CallKpi::ServiceLevel, CONFIDENCE)
        .unwrap();
    assert!(
        (other.service_level(20.0) - sl.mean).abs() > sl.half_width.unwrap(),
        "K = 2's {} should lie outside {} ± {}",
        other.service_level(20.0),
        sl.mean,
        sl.half_width.unwrap()
    );
}

#[test]
fn a_campaign_that_reaches_nobody_leaves_the_inbound_calls_as_they_were() {
    let without = {
        let text = blended(5, 1, 30, "");
        let start = text.find("[[outbound]]").unwrap();
        let end = text.find("[targets]").unwrap();
        load(&format!("{}{}", &text[..start], &text[end..]))
    };
    let nobody = load(&blended(5, 1, 30, "").replace("reach_pct = 30", "reach_pct = 0"));
    let (a, b) = (every_replication(&without), every_replication(&nobody));
    let mut dials = 0;
    for (a, b) in a.iter().zip(&b) {
        assert_eq!(a.calls, b.calls);
        assert_eq!(a.waits, b.waits);
        assert_eq!(a.busy_s, b.busy_s);
        assert_eq!(a.queue_s, b.queue_s);
        let day = day_total(&b.campaign_calls);
        assert_eq!((day.reached, day.connects, day.nuisances), (0, 0, 0));
        dials += day.dials;
    }
    assert!(dials > 1000, "the campaign dialled ({dials} dials)");
}

fn day_total(rows: &[CampaignCounters]) -> CampaignCounters {
    let mut day = CampaignCounters::default();
    for r in rows {
        day.add(r);
    }
    day
}

#[test]
fn the_list_runs_out() {
    let text = blended(5, 0, 20, "list_size = 40").replace("warmup_min = 120", "warmup_min = 0");
    for stats in every_replication(&load(&text)) {
        let day = day_total(&stats.campaign_calls);
        assert_eq!(day.dials, 40, "every record dialled, no more");
        assert!(day.reached <= 40);
    }
}

#[test]
fn a_person_held_for_an_agent_is_connected_or_dropped_once() {
    let text = |hold: &str| {
        blended(4, 0, 200, hold)
            .replace("warmup_min = 120", "warmup_min = 0")
            .replace("calls_per_hour = 60", "calls_per_hour = 70")
    };
    let dropped_at_once = load(&text(""));
    let held = load(&text("connect_within_s = 30"));
    for stats in every_replication(&held) {
        let day = day_total(&stats.campaign_calls);
        assert_eq!(
            day.reached,
            day.connects + day.nuisances,
            "each person reached is connected or dropped"
        );
        assert!(day.held_s > 0.0, "some waited for an agent");
    }
    let rate = |s: &Scenario| {
        let run = simulate(s, &RunOptions::default()).unwrap();
        campaign(&run, CampaignKpi::NuisanceRate)
    };
    let (at_once, held_rate) = (rate(&dropped_at_once), rate(&held));
    assert!(
        held_rate.0 + held_rate.1 < at_once.0 - at_once.1,
        "holding 30 s drops fewer: {held_rate:?} vs {at_once:?}"
    );
}

/// The one error `text` gives, as "field: message".
fn error(text: &str) -> String {
    match Scenario::from_toml(text, "outbound.toml", &[]) {
        Err(ScenarioError::Invalid { errors, count }) => {
            assert_eq!(count, 1, "{errors:?}");
            format!("{}: {}", errors[0].location.field, errors[0].message)
        }
        other => panic!("expected one error, got {other:?}"),
    }
}

#[test]
fn bad_campaigns_are_refused_in_one_sentence() {
    let base = blended(5, 1, 10, "");
    let cases = [
        (
            base.replace(r#"groups = ["agents"]"#, "groups = []"),
            "outbound[0].groups: must name at least one agent group",
        ),
        (
            base.replace(r#"groups = ["agents"]"#, r#"groups = ["sales"]"#),
            r#"outbound[0].groups[0]: "sales" is not an agent group (known: agents)"#,
        ),
        (
            base.replace(r#"groups = ["agents"]"#, r#"groups = ["agents", "agents"]"#),
            r#"outbound[0].groups[1]: "agents" is listed twice"#,
        ),
        (
            base.replace("mean_s = 20 }", "mean_s = 0.5 }"),
            "outbound[0].ring: has a mean of 0.5 s",
        ),
        (
            base.replace("reach_pct = 30", "reach_pct = 130"),
            "outbound[0].reach_pct: must be a percentage from 0 to 100",
        ),
        (
            base.replace(
                "dial_when_idle_agents_above = 1",
                "dial_when_idle_agents_above = -1",
            ),
            "outbound[0].dial_when_idle_agents_above: must be a whole number from 0",
        ),
        (
            blended(5, 1, 10, "list_size = 0"),
            "outbound[0].list_size: must be a whole number from 1",
        ),
        (
            blended(5, 1, 10, "leads_per_hour = 0"),
            "outbound[0].leads_per_hour: must be more than 0 and at most 100000",
        ),
        (
            blended(5, 1, 10, "leads_per_hour = 1e9"),
            "outbound[0].leads_per_hour: must be more than 0 and at most 100000",
        ),
        (
            blended(5, 1, 10, "connect_within_s = 4000"),
            "outbound[0].connect_within_s: must be from 0 to 600 seconds",
        ),
        (
            blended(5, 1, 10, "max_nuisance_pct = -3"),
            "outbound[0].max_nuisance_pct: must be a percentage from 0 to 100",
        ),
        (
            format!(
                "{base}\n[[outbound]]\nname = \"renewals\"\ngroups = [\"agents\"]\ndial_when_idle_agents_above = 1\nring = {{ dist = \"exponential\", mean_s = 20 }}\nreach_pct = 30\nhandle = {{ dist = \"exponential\", mean_s = 240 }}\n"
            ),
            r#"outbound[1].name: "renewals" is already the name of outbound[0]"#,
        ),
    ];
    for (text, expected) in cases {
        let got = error(&text);
        assert!(got.starts_with(expected), "{got}\n  expected: {expected}");
    }
}

/// Two mornings (08:00–12:00) with the night between, ten agents with next
/// to no inbound calls, and a campaign fed by `leads_per_hour` leads that
/// every agent dials at once: every lead is dialled, so the dials are the
/// leads, a Poisson count.
fn fed_by_leads(extra: &str) -> String {
    format!(
        r#"
[simulation]
seed = 45
replications = 300
interval_min = 60
open = "08:00"
close = "12:00"
days = 2
confidence_pct = {confidence}

[[call_type]]
name = "inbound"
calls_per_hour = 1
handle = {{ dist = "exponential", mean_s = 60 }}

[[agent_group]]
name = "agents"
agents = 10
skills = ["inbound"]

[[outbound]]
name = "web leads"
groups = ["agents"]
dial_when_idle_agents_above = 0
ring = {{ dist = "constant", value_s = 10 }}
reach_pct = 100
handle = {{ dist = "constant", value_s = 20 }}
leads_per_hour = 30
{extra}
"#,
        confidence = CONFIDENCE * 100.0,
    )
}

#[test]
fn leads_arrive_around_the_clock_and_are_dialled_as_they_come() {
    let run = simulate(&load(&fed_by_leads("")), &RunOptions::default()).unwrap();
    // From the first opening to the last close: 4 h, a 20 h night, 4 h.
    let hours = 28.0;
    check_covers(
        "dials, both days",
        30.0 * hours,
        campaign(&run, CampaignKpi::Dials),
    );
    // The night's leads wait on the list for the second morning's first hour.
    let e = run
        .moments
        .campaign(0, Some(4), CampaignKpi::Dials, CONFIDENCE)
        .unwrap();
    check_covers(
        "dials, day 2 08:00",
        30.0 * 21.0,
        (e.mean, e.half_width.unwrap()),
    );
    let e = run
        .moments
        .campaign(0, Some(1), CampaignKpi::Dials, CONFIDENCE)
        .unwrap();
    check_covers("dials, day 1 09:00", 30.0, (e.mean, e.half_width.unwrap()));
}

#[test]
fn a_list_fed_by_leads_starts_with_its_size() {
    let run = simulate(
        &load(&fed_by_leads("list_size = 100")),
        &RunOptions::default(),
    )
    .unwrap();
    check_covers(
        "dials",
        100.0 + 30.0 * 28.0,
        campaign(&run, CampaignKpi::Dials),
    );
    // The starting list is dialled at the first opening.
    let first = run
        .moments
        .campaign(0, Some(0), CampaignKpi::Dials, CONFIDENCE)
        .unwrap();
    check_covers(
        "dials, day 1 08:00",
        130.0,
        (first.mean, first.half_width.unwrap()),
    );
}
