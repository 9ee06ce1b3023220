//! What the tests that hold simulated KPIs against exact values share: the
//! confidence, the day's scope, the open hours' time averages, and the check
//! that an exact value lies inside the simulation's interval.

// Each test crate uses the helpers it needs.
#![allow(dead_code)]

use callsim::kpi::{CallKpi, Scope};
use callsim::model::Model;
use callsim::observe::ReplicationStats;
use callsim::run::replicate::{SimulationRun, replication_stats};
use callsim::scenario::Scenario;
use callsim::stats::Moments;

/// The confidence of every interval the checks use.
pub const CONFIDENCE: f64 = 0.999;

/// All call types over the whole day.
pub fn day() -> Scope {
    Scope {
        call_type: None,
        interval: None,
    }
}

/// That `exact` lies inside the simulated (mean, half-width), said aloud.
pub fn check_covers(name: &str, exact: f64, (mean, half_width): (f64, f64)) {
    println!("{name}: exact {exact:.6}, simulated {mean:.6} ± {half_width:.6}");
    assert!(
        (exact - mean).abs() <= half_width,
        "{name}: exact {exact:.6} outside simulated {mean:.6} ± {half_width:.6}"
    );
}

/// That `exact` lies inside the day's interval of `kpi`.
pub fn check(name: &str, exact: f64, run: &SimulationRun, kpi: CallKpi) {
    let e = run.moments.call(day(), kpi, CONFIDENCE).unwrap();
    check_covers(name, exact, (e.mean, e.half_width.unwrap()));
}

/// Every replication's statistics (counts, sums, time integrals, waits),
/// for comparing two runs bit for bit.
pub fn every_replication(scenario: &Scenario) -> Vec<ReplicationStats> {
    let model = Model::compile(scenario);
    (0..u64::from(scenario.simulation.replications))
        .map(|r| replication_stats(scenario, &model, r).unwrap().0)
        .collect()
}

/// Open-hours time averages over days, with their half-widths: the share of
/// agent time busy (busy / present) and the queue. After closing the queue
/// drains with no arrivals, which is not the steady state.
pub fn open_hours(scenario: &Scenario) -> [(f64, f64); 2] {
    let model = Model::compile(scenario);
    let (mut occupancy, mut queue) = (Moments::default(), Moments::default());
    for r in 0..u64::from(scenario.simulation.replications) {
        let (stats, _) = replication_stats(scenario, &model, r).unwrap();
        let open = 0..stats.intervals;
        let busy: f64 = stats.busy_s[open.clone()].iter().sum();
        let present: f64 = stats.present_s[open.clone()].iter().sum();
        let area: f64 = stats.queue_s[open.clone()].iter().sum();
        let observed: f64 = stats.observed_s[open].iter().sum();
        occupancy.add(busy / present);
        queue.add(area / observed);
    }
    [occupancy, queue].map(|m| {
        let e = m.estimate(CONFIDENCE).unwrap();
        (e.mean, e.half_width.unwrap())
    })
}
