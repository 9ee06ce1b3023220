//! Simulation speed on the benchmark cases (scenarios/bench/): the M/M/n+M
//! cases a, b, c (exponential AHT 3 min, exponential patience 5 min, FIFO,
//! 540 minutes), and d, a multi-skill center behind an IVR with every
//! optional part at work; one replication per iteration with full KPI
//! collection, on one thread.
//!
//! The `replication_overhead` group times what a replication costs besides
//! its calls: setting up the engine and the KPI collector, turning the
//! counters into KPIs and folding them into the run's estimates, on a day of
//! 48 half hours, 3 call types and 2 groups with almost no calls.
//!
//! Run: `cargo bench --bench simulate` (throughput is reported in calls/s).

use std::hint::black_box;
use std::path::Path;

use callsim::engine::ModelRouter;
use callsim::kpi::{KpiMoments, Layout, ReplicationKpis};
use callsim::model::Model;
use callsim::observe::KpiCollector;
use callsim::scenario::Scenario;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn simulate(c: &mut Criterion) {
    let mut group = c.benchmark_group("simulate");
    for (case, samples) in [
        ("mmnm_a", 100),
        ("mmnm_b", 30),
        ("mmnm_c", 10),
        ("multiskill_ivr", 10),
    ] {
        let path = format!("{}/scenarios/bench/{case}.toml", env!("CARGO_MANIFEST_DIR"));
        let scenario = Scenario::from_path(Path::new(&path)).unwrap();
        let model = Model::compile(&scenario);
        let router = ModelRouter::new(&model);
        let threshold = scenario.targets.answer_within_s;
        let basis = scenario.targets.basis;
        let seed = scenario.simulation.seed;
        let one_replication = || {
            let mut collector = KpiCollector::new(&model, threshold);
            let outcome = router.run(&model, seed, 0, &mut collector).unwrap();
            let kpis = ReplicationKpis::from_stats(&collector.into_stats(), basis);
            (outcome.calls, kpis)
        };
        let (calls, _) = one_replication();
        group.throughput(Throughput::Elements(calls));
        group.sample_size(samples);
        group.bench_function(case, |b| b.iter(|| black_box(one_replication())));
    }
    group.finish();
}

/// A day of 48 half hours, 3 call types and 2 groups, with one call in all.
const QUIET_DAY: &str = r#"
[simulation]
seed = 1
replications = 1
intervals = 48

[[call_type]]
name = "billing"
calls_per_interval = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
handle = { dist = "exponential", mean_s = 240 }
patience = { dist = "exponential", mean_s = 120 }

[[call_type]]
name = "tech"
calls_per_interval = 0
handle = { dist = "lognormal", mean_s = 360, cv = 0.7 }

[[call_type]]
name = "sales"
calls_per_interval = 0
handle = { dist = "exponential", mean_s = 200 }

[[agent_group]]
name = "front"
agents = 5
skills = ["billing", "sales"]

[[agent_group]]
name = "back"
agents = 3
skills = ["tech", "billing"]

[targets]
service_level_pct = 80
answer_within_s = 20
max_abandon_pct = 5
"#;

fn replication_overhead(c: &mut Criterion) {
    let scenario = Scenario::from_toml(QUIET_DAY, "quiet_day.toml", &[]).unwrap();
    let model = Model::compile(&scenario);
    let router = ModelRouter::new(&model);
    let layout = Layout::of(&scenario);
    let (threshold, basis) = (scenario.targets.answer_within_s, scenario.targets.basis);
    let mut moments = KpiMoments::new(
        layout,
        scenario.simulation.estimator,
        scenario.scope_targets(),
    );
    let mut group = c.benchmark_group("replication_overhead");
    group.bench_function("quiet_day_48x3x2", |b| {
        b.iter(|| {
            let mut collector = KpiCollector::new(&model, threshold);
            router.run(&model, 1, 0, &mut collector).unwrap();
            let kpis = ReplicationKpis::from_stats(&collector.into_stats(), basis);
            moments.add(black_box(&kpis));
        })
    });
    group.finish();
}

criterion_group!(benches, simulate, replication_overhead);
criterion_main!(benches);
