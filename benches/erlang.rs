//! Analytic staffing speed: the smallest agents for 80 % in 20 s (AHT 180 s)
//! at 10 to 100 000 Erlangs, under Erlang C and Erlang A.
//!
//! Run: `cargo bench --bench erlang`

use std::hint::black_box;

use callsim::erlang::{QueueModel, ServiceLevelBasis, Targets, Traffic, required_agents};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn staffing(c: &mut Criterion) {
    let targets = Targets {
        service_level: Some("80/20".parse().unwrap()),
        ..Targets::default()
    };
    for (name, model) in [
        ("erlang_c_staffing_80_20", QueueModel::ErlangC),
        (
            "erlang_a_staffing_80_20_patience_120s",
            QueueModel::ErlangA { patience_s: 120.0 },
        ),
    ] {
        let mut group = c.benchmark_group(name);
        for load in [10.0, 100.0, 1_000.0, 10_000.0, 100_000.0] {
            let traffic = Traffic::from_erlangs(load, 180.0).unwrap();
            group.bench_with_input(BenchmarkId::from_parameter(load), &traffic, |b, traffic| {
                b.iter(|| {
                    required_agents(
                        black_box(traffic),
                        model,
                        &targets,
                        ServiceLevelBasis::Offered,
                    )
                    .unwrap()
                    .agents
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, staffing);
criterion_main!(benches);
