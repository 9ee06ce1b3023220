//! The `[simulation]` table: the day (its intervals and opening hours) and
//! the run's settings (seed, replications, warm-up, confidence).

use super::check::{Check, Errors, FieldPath, TableCheck, clock, in_range, whole_in_range};
use super::limits::{MAX_DAYS, MAX_INTERVALS, MAX_REPLICATIONS};
use crate::distribution::show;
use crate::scenario::raw::{RawAfterClose, RawSimulation};
use crate::scenario::{AfterClose, Simulation, Weekday};

/// The day's intervals, which the per-interval values of the other tables
/// must fit.
#[derive(Debug, Clone)]
pub(super) struct Day {
    pub(super) interval_min: f64,
    /// Every interval of every day.
    pub(super) intervals: usize,
    /// `simulation.days`: days each opening at `open_min`, closed between.
    pub(super) days: usize,
    pub(super) per_day: usize,
    /// Clock time of the first interval's start, minutes after midnight.
    pub(super) open_min: u32,
    /// The key that gives the number of intervals (`simulation.intervals`,
    /// else `simulation.close`), for messages about it.
    pub(super) count_key: FieldPath,
}

impl Day {
    pub(super) fn interval_s(&self) -> f64 {
        self.interval_min * 60.0
    }

    /// One day's opening hours, minutes.
    pub(super) fn length_min(&self) -> f64 {
        self.interval_min * self.per_day as f64
    }
}

/// The day that `[simulation]` gives (`path`: `simulation`).
pub(super) fn day(raw: &RawSimulation, path: &FieldPath) -> TableCheck<Day> {
    let mut errors = Errors::default();
    let interval_min = errors.check(in_range(
        &path.key("interval_min"),
        raw.interval_min,
        "at least 1/60 (one second) and at most 1440 (one day)",
        // Shorter intervals make arrival rates astronomical (1e-309 min: infinite).
        |v| v * 60.0 >= 1.0 && v <= 1440.0,
    ));
    let open_min = errors.check(open(raw, path));
    let close_min = errors.check(
        raw.close
            .as_deref()
            .map(|text| clock(&path.key("close"), text))
            .transpose(),
    );
    // The intervals the opening hours hold: `Some(None)` without `close`;
    // `None` when what they are read from is wrong.
    let from_close = match (close_min, interval_min, open_min) {
        (Some(None), ..) => Some(None),
        (Some(Some(close_min)), Some(interval_min), Some(open_min)) => errors
            .check(intervals_in_hours(
                raw,
                path,
                interval_min,
                open_min,
                close_min,
            ))
            .map(Some),
        _ => None,
    };
    let per_day = from_close
        .and_then(|from_close| errors.check(intervals(raw, path, interval_min, from_close)));
    let (Some(interval_min), Some(open_min), Some(per_day)) = (interval_min, open_min, per_day)
    else {
        return Err(errors.into_vec());
    };
    let Some(days) = errors.check(days(raw, path, interval_min, per_day)) else {
        return Err(errors.into_vec());
    };
    errors.finish(Day {
        interval_min,
        intervals: per_day * days,
        days,
        per_day,
        open_min,
        count_key: path.key(if raw.intervals.is_some() {
            "intervals"
        } else {
            "close"
        }),
    })
}

/// `simulation.days`: how many days of `per_day` intervals, each within 24 hours.
fn days(raw: &RawSimulation, path: &FieldPath, interval_min: f64, per_day: usize) -> Check<usize> {
    let key = path.key("days");
    let Some(days) = raw.days else {
        return Ok(1);
    };
    let days = whole_in_range(&key, days, 1, MAX_DAYS as i64)? as usize;
    let day_min = interval_min * per_day as f64;
    if days > 1 && day_min > 1440.0 + 1e-9 {
        return Err(key.error(format!(
            "is {days}, but each day's opening hours ({per_day} intervals of {} min, {} h) are longer than 24 hours: with `days`, `intervals` counts one day's intervals",
            show(interval_min),
            show(day_min / 60.0)
        )));
    }
    if per_day.saturating_mul(days) > MAX_INTERVALS {
        return Err(key.error(format!(
            "is {days}: {days} days of {per_day} intervals make {}, more than the {MAX_INTERVALS} a scenario may have; use longer intervals",
            per_day.saturating_mul(days)
        )));
    }
    Ok(days)
}

fn open(raw: &RawSimulation, path: &FieldPath) -> Check<u32> {
    let path = path.key("open");
    let open_min = match &raw.open {
        Some(text) => clock(&path, text)?,
        None => 0,
    };
    if open_min >= 24 * 60 {
        return Err(path.error("must be before 24:00"));
    }
    Ok(open_min)
}

/// The intervals from `open` to `close`.
fn intervals_in_hours(
    raw: &RawSimulation,
    path: &FieldPath,
    interval_min: f64,
    open_min: u32,
    close_min: u32,
) -> Check<usize> {
    let close = path.key("close");
    if close_min == open_min {
        return Err(close.error(format!(
            "is the opening time (simulation.open = {}): for a day of 24 hours give simulation.intervals instead",
            raw.open.as_deref().unwrap_or("00:00"),
        )));
    }
    // A closing time before the opening time is the next day's: a center
    // open 08:00 to 01:00 closes one hour after midnight.
    let span = if close_min > open_min {
        f64::from(close_min - open_min)
    } else {
        f64::from(close_min + 1440 - open_min)
    };
    let count = span / interval_min;
    if (count - count.round()).abs() > 1e-9 {
        return Err(close.error(format!(
            "opening hours of {span} min are not a whole number of {}-minute intervals",
            show(interval_min)
        )));
    }
    Ok(count.round() as usize)
}

/// The number of intervals: `intervals`, or the opening hours' (`from_close`).
fn intervals(
    raw: &RawSimulation,
    path: &FieldPath,
    interval_min: Option<f64>,
    from_close: Option<usize>,
) -> Check<usize> {
    let key = path.key("intervals");
    match (raw.intervals, from_close) {
        (Some(n), Some(m)) if n != m as i64 => Err(key.error(format!(
            "is {n} but simulation.open and simulation.close give {m} intervals: give one or the other"
        ))),
        (Some(n), _) => Ok(whole_in_range(&key, n, 1, MAX_INTERVALS as i64)? as usize),
        (None, Some(m)) if m > MAX_INTERVALS => Err(path.key("close").error(format!(
            "the opening hours hold {m} intervals of {} min: at most {MAX_INTERVALS}; use longer intervals",
            interval_min.map_or_else(String::new, show)
        ))),
        (None, Some(m)) => Ok(m),
        (None, None) => Err(path.error(
            "give the length of the day: `intervals = N`, or `open` and `close` times",
        )),
    }
}

/// The `[simulation]` table (`path`: `simulation`).
pub(super) fn from_raw(raw: &RawSimulation, path: &FieldPath) -> TableCheck<Simulation> {
    let mut errors = Errors::default();
    let day = errors.table(day(raw, path));
    let replications = errors.check(whole_in_range(
        &path.key("replications"),
        raw.replications,
        1,
        i64::from(MAX_REPLICATIONS),
    ));
    let seed = errors.check(whole_in_range(&path.key("seed"), raw.seed, 0, i64::MAX));
    // The warm-up is measured against the day: without one it is not checked.
    let warmup_s = day.as_ref().and_then(|day| {
        let horizon_s = day.interval_s() * day.per_day as f64;
        errors.check(in_range(
            &path.key("warmup_min"),
            raw.warmup_min,
            ">= 0 and shorter than the day",
            |v| v >= 0.0 && v * 60.0 < horizon_s,
        ))
    });
    let confidence = errors.check(in_range(
        &path.key("confidence_pct"),
        raw.confidence_pct,
        "a percentage from 50 to below 100, e.g. 95",
        |v| (50.0..100.0).contains(&v),
    ));
    let (Some(day), Some(replications), Some(seed), Some(warmup_min), Some(confidence_pct)) =
        (day, replications, seed, warmup_s, confidence)
    else {
        return Err(errors.into_vec());
    };
    let first_day = errors.check(
        raw.first_day
            .as_deref()
            .map(|text| {
                Weekday::parse(text).ok_or_else(|| {
                    path.key("first_day").error(format!(
                        "must be a weekday: \"Mon\" … \"Sun\" or \"seg\" … \"dom\", or their full names (\"Monday\", \"segunda\"), got \"{text}\""
                    ))
                })
            })
            .transpose(),
    );
    let Some(first_day) = first_day else {
        return Err(errors.into_vec());
    };
    errors.finish(Simulation {
        seed: seed as u64,
        replications: replications as u32,
        interval_s: day.interval_s(),
        intervals: day.intervals,
        days: day.days,
        intervals_per_day: day.per_day,
        open_min: day.open_min,
        warmup_s: warmup_min * 60.0,
        confidence: confidence_pct / 100.0,
        after_close: match raw.after_close {
            RawAfterClose::Serve => AfterClose::Serve,
            RawAfterClose::Drop => AfterClose::Drop,
        },
        estimator: raw.estimator,
        first_day,
        forecast_first_date: None,
    })
}
