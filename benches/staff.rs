//! Staffing speed: `callsim staff` on the bundled 48-interval single-skill
//! day (scenarios/staff_day.toml, 40 replications), the same center over a
//! week of 336 half hours (scenarios/staff_week.toml), a bank's week of
//! seven days closed at night with lunch windows (scenarios/bank_week.toml)
//! and the two-skill day:
//! Erlang seeds, the CRN search with its whole-horizon verifications, the
//! shift MIP and the re-simulation (and repair) of the schedule, on every core.
//!
//! Run: `cargo bench --bench staff` (a week is to take under 10 s on 2 cores).

use std::hint::black_box;
use std::path::Path;

use callsim::scenario::Scenario;
use callsim::staffing::{PlanOptions, plan};
use criterion::{Criterion, criterion_group, criterion_main};

fn staff(c: &mut Criterion) {
    let load = |name: &str| {
        let path = format!("{}/scenarios/{name}", env!("CARGO_MANIFEST_DIR"));
        Scenario::from_path(Path::new(&path)).unwrap()
    };
    let mut group = c.benchmark_group("staff");
    group.sample_size(10);
    for (name, file) in [
        ("staff_day_48_intervals", "staff_day.toml"),
        ("staff_week_336_intervals", "staff_week.toml"),
        ("bank_week_7_days_closed_at_night", "bank_week.toml"),
        ("two_skill_day", "two_skill.toml"),
    ] {
        let scenario = load(file);
        group.bench_function(name, |b| {
            b.iter(|| black_box(plan(&scenario, &PlanOptions::default()).unwrap()))
        });
    }
    group.finish();
}

criterion_group!(benches, staff);
criterion_main!(benches);
