//! Simulation speed on the benchmark cases (scenarios/bench/): the M/M/n+M
//! cases a, b, c (exponential AHT 3 min, exponential patience 5 min, FIFO,
//! 540 minutes), and d, a multi-skill center behind an IVR with every
//! optional part at work; one replication per iteration with full KPI
//! collection, on one thread.
//!
//! Run: `cargo bench --bench simulate` (throughput is reported in calls/s).

use std::hint::black_box;
use std::path::Path;

use callsim::engine::ModelRouter;
use callsim::kpi::ReplicationKpis;
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

criterion_group!(benches, simulate);
criterion_main!(benches);
