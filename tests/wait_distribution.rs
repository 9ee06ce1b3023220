//! The day's wait-time distribution (the CDF the charts draw) against the
//! exact M/M/n one, P(W ≤ t) = 1 − C(n, A)·e^{−(nμ − λ)t}, which Erlang C's
//! service level at threshold t is. The tolerance is the simulation's 99.9 %
//! confidence interval at each point.

use callsim::erlang::{self, QueueModel, ServiceLevelBasis, ServiceLevelQuery, Traffic};
use callsim::run::replicate::{RunOptions, simulate};
use callsim::scenario::Scenario;

#[test]
fn simulated_wait_distribution_matches_erlang_c() {
    let (agents, load, aht_s) = (20u32, 17.0, 180.0);
    let calls_per_hour = load / aht_s * 3600.0;
    let text = format!(
        r#"
[simulation]
seed = 99
replications = 60
interval_min = 60
intervals = 8
warmup_min = 120
confidence_pct = 99.9

[[call_type]]
name = "calls"
calls_per_hour = {calls_per_hour}
handle = {{ dist = "exponential", mean_s = {aht_s} }}

[[agent_group]]
name = "agents"
agents = {agents}
skills = ["calls"]
"#
    );
    let scenario = Scenario::from_toml(&text, "mmn.toml", &[]).unwrap();
    let run = simulate(&scenario, &RunOptions::default()).unwrap();
    let traffic = Traffic::from_calls_per_interval(calls_per_hour, 3600.0, aht_s).unwrap();
    let points = run.moments.wait_distribution(None, 0.999);
    assert!(points.len() > 20);
    let mut checked = 0;
    let mut last = 0.0;
    for (wait_s, estimate) in points {
        let e = estimate.expect("every replication answers calls");
        assert!(e.mean >= last, "the distribution decreases at {wait_s} s");
        last = e.mean;
        if wait_s > 300.0 {
            continue;
        }
        let query = ServiceLevelQuery::new(wait_s, ServiceLevelBasis::Offered).unwrap();
        let exact = erlang::evaluate(&traffic, QueueModel::ErlangC, agents, query)
            .unwrap()
            .service_level;
        let half_width = e.half_width.unwrap();
        assert!(
            (exact - e.mean).abs() <= half_width,
            "P(W ≤ {wait_s} s): exact {exact:.5} outside simulated {:.5} ± {half_width:.5}",
            e.mean
        );
        checked += 1;
    }
    assert!(checked >= 20, "{checked} points checked");
}

#[test]
fn per_type_distributions_are_reported_beside_all() {
    let scenario = Scenario::from_path(std::path::Path::new("scenarios/two_skill.toml")).unwrap();
    let run = simulate(&scenario, &RunOptions::default()).unwrap();
    let types = scenario.call_types.len();
    for t in (0..types).map(Some).chain([None]) {
        let points = run.moments.wait_distribution(t, 0.95);
        let last = points.last().unwrap().1.unwrap();
        assert!(last.mean > 0.9 && last.mean <= 1.0, "{t:?}: {last:?}");
    }
}
