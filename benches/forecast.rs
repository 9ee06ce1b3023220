//! Forecast speed: a year of 15-minute history for 20 queues (700 800 rows,
//! about 30 MB of CSV, generated into a temporary file once) read, backtested
//! and forecast for a week. The target is under 5 s.
//!
//! Run: `cargo bench --bench forecast`

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use callsim::forecast::forecaster::{Options, forecast};
use callsim::forecast::history::{Source, read};
use callsim::forecast::special::SpecialDays;
use callsim::tabular::ColumnMap;
use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use rand::{RngExt, SeedableRng};
use rand_distr::Poisson;
use rand_xoshiro::Xoshiro256PlusPlus;

const QUEUES: usize = 20;
const DAYS: usize = 365;
const SLOTS: usize = 96;

/// The history: every queue's every 15 minutes, a daily curve and a weekly pattern.
fn write_history(path: &std::path::Path) {
    let first = NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
    let weekday = [1.3, 1.1, 1.0, 1.0, 0.9, 0.5, 0.3];
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    let mut text = String::with_capacity(32 << 20);
    text.push_str("date,interval,queue,offered,answered,aht\n");
    for q in 0..QUEUES {
        for d in 0..DAYS {
            let date = first + chrono::Duration::days(d as i64);
            for s in 0..SLOTS {
                let hour = s as f64 / 4.0;
                let curve = (-(hour - 13.0).powi(2) / 18.0).exp();
                let mean = 0.5 + (5.0 + q as f64) * weekday[d % 7] * curve;
                let offered = rng.sample(Poisson::new(mean).unwrap()) as u64;
                let _ = writeln!(
                    text,
                    "{date},{:02}:{:02},queue{q},{offered},{offered},{}",
                    s / 4,
                    s % 4 * 15,
                    200 + s
                );
            }
        }
    }
    std::fs::write(path, text).unwrap();
}

fn year_of_history(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.csv");
    write_history(&path);
    let options = Options {
        from: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        days: 7,
        level: 0.8,
        holdout_weeks: 2,
    };
    let mut group = c.benchmark_group("forecast");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("year_15min_20_queues_read_backtest_week", |b| {
        b.iter(|| {
            let history = read(&Source::File(&path), &ColumnMap::default(), 30).unwrap();
            let report = forecast(&history, &SpecialDays::new(), &options).unwrap();
            black_box(report.intervals.len())
        })
    });
    group.finish();
}

criterion_group!(benches, year_of_history);
criterion_main!(benches);
