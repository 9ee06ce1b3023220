//! The simulator against exact queueing theory. M/M/n is checked against
//! Erlang C and M/M/n+M against Erlang A, at n ≈ 5, 50 and 500, on service
//! level, ASA, abandonment and occupancy. Each check asks that the exact value
//! lie inside the simulation's 99.9 % confidence interval: the tolerance is
//! the interval itself, not a number chosen to pass.

use callsim::erlang::{self, QueueModel, ServiceLevelQuery, Traffic};
use callsim::kpi::{CallKpi, Scope};
use callsim::model::Model;
use callsim::run::replicate::{RunOptions, replication_stats, simulate};
use callsim::scenario::Scenario;
use callsim::stats::Moments;

const CONFIDENCE: f64 = 0.999;
const AHT_S: f64 = 180.0;
const THRESHOLD_S: f64 = 20.0;

struct Case {
    agents: u32,
    load: f64,
    patience_s: Option<f64>,
    replications: u32,
    basis: &'static str,
}

fn scenario(case: &Case) -> Scenario {
    let calls_per_hour = case.load / AHT_S * 3600.0;
    let patience = case.patience_s.map_or(String::new(), |p| {
        format!("patience = {{ dist = \"exponential\", mean_s = {p} }}")
    });
    let text = format!(
        r#"
[simulation]
seed = 12345
replications = {replications}
interval_min = 60
intervals = 10
warmup_min = 120
confidence_pct = {confidence}

[[call_type]]
name = "calls"
calls_per_hour = {calls_per_hour}
handle = {{ dist = "exponential", mean_s = {AHT_S} }}
{patience}

[[agent_group]]
name = "agents"
agents = {agents}
skills = ["calls"]

[targets]
answer_within_s = {THRESHOLD_S}
service_level_basis = "{basis}"
"#,
        replications = case.replications,
        confidence = CONFIDENCE * 100.0,
        agents = case.agents,
        basis = case.basis,
    );
    Scenario::from_toml(&text, "validation.toml", &[]).unwrap()
}

fn check(name: &str, exact: f64, moments_mean: f64, half_width: f64) {
    assert!(
        (exact - moments_mean).abs() <= half_width,
        "{name}: exact {exact:.6} outside simulated {moments_mean:.6} ± {half_width:.6}"
    );
}

/// Occupancy while open (overtime after closing, when the queue drains with
/// no new calls, is not steady state), from each replication's raw statistics.
fn open_hours_occupancy(scenario: &Scenario) -> (f64, f64) {
    let model = Model::compile(scenario);
    let mut m = Moments::default();
    for r in 0..u64::from(scenario.simulation.replications) {
        let (stats, _) = replication_stats(scenario, &model, r).unwrap();
        let open = 0..stats.intervals;
        let busy: f64 = stats.busy_s[open.clone()].iter().sum();
        let present: f64 = stats.present_s[open].iter().sum();
        m.add(busy / present);
    }
    let e = m.estimate(CONFIDENCE).unwrap();
    (e.mean, e.half_width.unwrap())
}

fn validate(case: Case) {
    let scenario = scenario(&case);
    let run = simulate(&scenario, &RunOptions::default()).unwrap();
    let traffic = Traffic::from_erlangs(case.load, AHT_S).unwrap();
    let model = match case.patience_s {
        None => QueueModel::ErlangC,
        Some(patience_s) => QueueModel::ErlangA { patience_s },
    };
    let basis = scenario.targets.basis;
    let exact = erlang::evaluate(
        &traffic,
        model,
        case.agents,
        ServiceLevelQuery::new(THRESHOLD_S, basis).unwrap(),
    )
    .unwrap();
    let day = Scope {
        call_type: None,
        interval: None,
    };
    let sim = |kpi| run.moments.call(day, kpi, CONFIDENCE).unwrap();
    let label = format!(
        "n={} A={} patience={:?} basis={:?}",
        case.agents, case.load, case.patience_s, basis
    );

    let sl = sim(CallKpi::ServiceLevel);
    check(
        &format!("{label} service level"),
        exact.service_level,
        sl.mean,
        sl.half_width.unwrap(),
    );
    let asa = sim(CallKpi::Asa);
    check(
        &format!("{label} ASA"),
        exact.asa_answered_s.unwrap(),
        asa.mean,
        asa.half_width.unwrap(),
    );
    let abandon = sim(CallKpi::AbandonRate);
    if case.patience_s.is_some() {
        check(
            &format!("{label} P(abandon)"),
            exact.prob_abandon,
            abandon.mean,
            abandon.half_width.unwrap(),
        );
    } else {
        assert_eq!(abandon.mean, 0.0, "nobody abandons without patience");
    }
    let (occupancy, half_width) = open_hours_occupancy(&scenario);
    check(
        &format!("{label} occupancy"),
        exact.occupancy,
        occupancy,
        half_width,
    );
}

#[test]
fn mmn_5_agents_matches_erlang_c() {
    validate(Case {
        agents: 5,
        load: 4.0,
        patience_s: None,
        replications: 400,
        basis: "offered",
    });
}

#[test]
fn mmn_50_agents_matches_erlang_c() {
    validate(Case {
        agents: 50,
        load: 45.0,
        patience_s: None,
        replications: 200,
        basis: "offered",
    });
}

#[test]
fn mmn_500_agents_matches_erlang_c() {
    validate(Case {
        agents: 500,
        load: 485.0,
        patience_s: None,
        replications: 60,
        basis: "offered",
    });
}

#[test]
fn mmnm_5_agents_matches_erlang_a() {
    validate(Case {
        agents: 5,
        load: 5.0,
        patience_s: Some(300.0),
        replications: 400,
        basis: "offered",
    });
}

#[test]
fn mmnm_50_agents_matches_erlang_a() {
    validate(Case {
        agents: 50,
        load: 50.0,
        patience_s: Some(300.0),
        replications: 200,
        basis: "offered",
    });
}

#[test]
fn mmnm_500_agents_matches_erlang_a() {
    validate(Case {
        agents: 500,
        load: 510.0,
        patience_s: Some(300.0),
        replications: 60,
        basis: "offered",
    });
}

#[test]
fn service_level_variants_match_erlang_a() {
    for basis in ["answered", "exclude-short-abandons"] {
        validate(Case {
            agents: 50,
            load: 52.0,
            patience_s: Some(120.0),
            replications: 200,
            basis,
        });
    }
}
