//! Staffing speed: `callsim staff` on the bundled 48-interval single-skill
//! day (scenarios/staff_day.toml, 40 replications): Erlang seeds, the CRN
//! search with its whole-day verifications, the shift MIP and the
//! re-simulation of the schedule, on every core.
//!
//! Run: `cargo bench --bench staff` (the issue asks for under 10 s on 2 cores).

use std::hint::black_box;
use std::path::Path;

use callsim::scenario::Scenario;
use callsim::staffing::{PlanOptions, plan};
use criterion::{Criterion, criterion_group, criterion_main};

fn staff(c: &mut Criterion) {
    let path = format!("{}/scenarios/staff_day.toml", env!("CARGO_MANIFEST_DIR"));
    let scenario = Scenario::from_path(Path::new(&path)).unwrap();
    let mut group = c.benchmark_group("staff");
    group.sample_size(10);
    group.bench_function("staff_day_48_intervals", |b| {
        b.iter(|| black_box(plan(&scenario, &PlanOptions::default()).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, staff);
criterion_main!(benches);
