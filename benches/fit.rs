//! Fit speed: `callsim fit` on a synthetic call log of about a million
//! attempts (one queue, 76 days of 20 half hours, retrials and recontacts,
//! written once to the temporary folder as
//! `callsim_fit_bench_1m.csv`), read, folded and fitted: arrivals, five
//! duration families on talk and ACW with KS, censored patience (three
//! families and Kaplan–Meier), repeats.
//!
//! Run: `cargo bench --bench fit` (to take under 10 s). For the memory,
//! after a run: `/usr/bin/time -v target/release/callsim fit $TMPDIR/callsim_fit_bench_1m.csv`.

use std::fs::File;
use std::hint::black_box;
use std::io::BufWriter;
use std::path::PathBuf;

use callsim::distribution::{DistributionKind, RawDistribution};
use callsim::fit::synthetic::SyntheticLog;
use callsim::fit::{ReadOptions, fit_file};
use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};

fn generator() -> SyntheticLog {
    let dist = |dist, mean, cv| RawDistribution {
        dist,
        mean_s: Some(mean),
        cv,
        ..RawDistribution::default()
    };
    let first = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    SyntheticLog {
        seed: 1,
        days: (0..76)
            .map(|d| (1, first + chrono::Duration::days(d)))
            .collect(),
        open_min: 8 * 60,
        interval_min: 30,
        calls_per_interval: vec![500.0; 20],
        weekday_factor: [1.0; 7],
        queue: "support".into(),
        talk: dist(DistributionKind::Lognormal, 240.0, Some(0.7)),
        acw: Some(dist(DistributionKind::Gamma, 30.0, Some(0.5))),
        patience: dist(DistributionKind::Lognormal, 150.0, Some(1.0)),
        answer_wait_mean_s: 40.0,
        blocked_pct: 1.0,
        retry_pct: 50.0,
        retry_delay_mean_s: 300.0,
        fcr_pct: 80.0,
        recontact_delay_mean_s: 7200.0,
    }
}

/// The log, written once (the generator is seeded: the same file each time).
fn log_file() -> PathBuf {
    let path = std::env::temp_dir().join("callsim_fit_bench_1m.csv");
    if !path.exists() {
        let partial = path.with_extension("partial");
        let mut out = BufWriter::new(File::create(&partial).unwrap());
        let rows = generator().write(&mut out).unwrap();
        drop(out);
        std::fs::rename(&partial, &path).unwrap();
        eprintln!("wrote {rows} rows to {}", path.display());
    }
    path
}

fn fit(c: &mut Criterion) {
    let path = log_file();
    let mut group = c.benchmark_group("fit");
    group.sample_size(10);
    group.bench_function("call_log_1m_rows", |b| {
        b.iter(|| black_box(fit_file(&path, &ReadOptions::default()).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, fit);
criterion_main!(benches);
