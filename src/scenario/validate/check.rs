//! What every table's validator shares: the field path of a value, the
//! errors found so far, and the checks of numbers, clock times, durations and
//! per-interval values.

use std::fmt;

use super::limits::MAX_CALLS_PER_INTERVAL;
use super::simulation::Day;
use crate::distribution::{Distribution, show};
use crate::scenario::Retry;
use crate::scenario::error::FieldError;
use crate::scenario::raw::{PerInterval, RawDistribution, RawRetry};

/// One value's problem.
pub(super) type Check<T> = Result<T, FieldError>;

/// Every problem of one table (or of one check across tables).
pub(super) type TableCheck<T> = Result<T, Vec<FieldError>>;

/// Where a value sits in the scenario, e.g. `call_type[2].patience.mean_s`:
/// each validator gets its table's path and adds the keys below it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FieldPath(String);

impl FieldPath {
    /// A top-level key or list of tables: `simulation`, `call_type`.
    pub(super) fn top(key: &str) -> Self {
        Self(key.to_string())
    }

    /// `path.key`
    pub(super) fn key(&self, key: &str) -> Self {
        Self(format!("{}.{key}", self.0))
    }

    /// `path[index]`
    pub(super) fn at(&self, index: usize) -> Self {
        Self(format!("{}[{index}]", self.0))
    }

    pub(super) fn error(&self, message: impl Into<String>) -> FieldError {
        FieldError::new(self.0.clone(), message)
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The most errors kept for the message, which shows the first ten by line
/// and counts the rest: a 16 MiB file can hold a great many mistakes, and a
/// message that lists the known names can be long.
const MAX_KEPT_ERRORS: usize = 1000;

/// The errors found so far, in the order found.
#[derive(Debug, Default)]
pub(in crate::scenario) struct Errors {
    kept: Vec<FieldError>,
    count: usize,
}

impl Errors {
    pub(super) fn push(&mut self, error: FieldError) {
        self.count += 1;
        if self.kept.len() < MAX_KEPT_ERRORS {
            self.kept.push(error);
        }
    }

    pub(super) fn extend(&mut self, errors: impl IntoIterator<Item = FieldError>) {
        errors.into_iter().for_each(|e| self.push(e));
    }

    /// The value that passed its check, or `None` with its error kept.
    pub(super) fn check<T>(&mut self, result: Check<T>) -> Option<T> {
        result.map_err(|e| self.push(e)).ok()
    }

    /// The value of a table that passed, or `None` with its errors kept.
    pub(super) fn table<T>(&mut self, result: TableCheck<T>) -> Option<T> {
        result.map_err(|e| self.extend(e)).ok()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// `value` when nothing was found wrong; the errors otherwise.
    pub(super) fn finish<T>(self, value: T) -> TableCheck<T> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self.kept)
        }
    }

    pub(super) fn into_vec(self) -> Vec<FieldError> {
        self.kept
    }

    /// The errors kept (the first [`MAX_KEPT_ERRORS`] found) and how many
    /// were found in all.
    pub(in crate::scenario) fn into_parts(self) -> (Vec<FieldError>, usize) {
        (self.kept, self.count)
    }
}

pub(super) fn whole_in_range(path: &FieldPath, v: i64, min: i64, max: i64) -> Check<i64> {
    if (min..=max).contains(&v) {
        Ok(v)
    } else if max == i64::MAX {
        Err(path.error(format!("must be a whole number >= {min}, got {v}")))
    } else {
        Err(path.error(format!(
            "must be a whole number from {min} to {max}, got {v}"
        )))
    }
}

fn finite(path: &FieldPath, v: f64) -> Check<f64> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(path.error(format!("must be a finite number, got {v}")))
    }
}

/// A finite number for which `ok` holds; `rule` says which in the message.
pub(super) fn in_range(
    path: &FieldPath,
    v: f64,
    rule: &str,
    ok: impl Fn(f64) -> bool,
) -> Check<f64> {
    finite(path, v)?;
    if ok(v) {
        Ok(v)
    } else {
        Err(path.error(format!("must be {rule}, got {}", show(v))))
    }
}

/// A percentage in [0, 100] as a share.
pub(super) fn percent(path: &FieldPath, v: f64) -> Check<f64> {
    in_range(path, v, "a percentage from 0 to 100", |v| {
        (0.0..=100.0).contains(&v)
    })
    .map(|v| v / 100.0)
}

/// "HH:MM" → minutes after midnight (24:00 allowed as a closing time). A TOML
/// time value (`open = 08:00`, read back as "08:00:00") is accepted too.
pub(super) fn clock(path: &FieldPath, text: &str) -> Check<u32> {
    let bad = || {
        path.error(format!(
            "must be a time of day written HH:MM, e.g. \"08:00\", got \"{text}\""
        ))
    };
    let hh_mm = text
        .strip_suffix(":00")
        .filter(|t| t.len() == 5)
        .unwrap_or(text);
    let (h, m) = hh_mm.split_once(':').ok_or_else(bad)?;
    let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if m >= 60 || h > 24 || (h == 24 && m > 0) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// Minutes after midnight → "HH:MM".
pub(super) fn clock_text(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60 % 24, minutes % 60)
}

/// `value` for every interval of the day. Without a day (the
/// `[simulation]` keys that give it are wrong) the value comes back once:
/// the scenario has errors, and nothing is simulated from it.
pub(super) fn every_interval(value: f64, day: Option<&Day>) -> Vec<f64> {
    vec![value; day.map_or(1, |d| d.intervals)]
}

/// A number for every interval, or a list with one per interval, each checked
/// by `check`. A list reports its first bad value only: a list of a year of
/// values could hold 100 000 mistakes. Without a day, the values are checked
/// one by one but not counted.
pub(super) fn per_interval(
    path: &FieldPath,
    value: &PerInterval,
    day: Option<&Day>,
    check: impl Fn(&FieldPath, f64) -> Check<f64>,
) -> Check<Vec<f64>> {
    match value {
        PerInterval::List(items) => {
            let checked = items
                .iter()
                .enumerate()
                .map(|(i, &item)| check(&path.at(i), item));
            match day {
                Some(day) if items.len() == day.intervals => checked.collect(),
                // One day's values stand for every day of a multi-day scenario.
                Some(day) if day.days > 1 && items.len() == day.per_day => {
                    let one_day = checked.collect::<Check<Vec<f64>>>()?;
                    Ok(one_day.repeat(day.days))
                }
                Some(day) if day.days > 1 => Err(path.error(format!(
                    "has {} values but the {} days have {} intervals ({} a day): give one per interval, one day's for every day, or a single number for all",
                    items.len(),
                    day.days,
                    day.intervals,
                    day.per_day
                ))),
                Some(day) => Err(path.error(format!(
                    "has {} values but the day has {} intervals: give one per interval, or a single number for all",
                    items.len(),
                    day.intervals
                ))),
                None => checked.collect(),
            }
        }
        &PerInterval::One(v) => Ok(every_interval(check(path, v)?, day)),
    }
}

/// The volume of a call type or entry (`table`): calls per interval from
/// `calls_per_interval` or `calls_per_hour`; `None` when neither is given.
pub(super) fn volume(
    table: &FieldPath,
    calls_per_interval: Option<&PerInterval>,
    calls_per_hour: Option<&PerInterval>,
    day: Option<&Day>,
) -> Check<Option<Vec<f64>>> {
    let volume_check = |path: &FieldPath, v: f64| {
        in_range(path, v, ">= 0 and at most 100000000", |v| {
            (0.0..=MAX_CALLS_PER_INTERVAL).contains(&v)
        })
    };
    match (calls_per_interval, calls_per_hour) {
        (Some(v), None) => {
            per_interval(&table.key("calls_per_interval"), v, day, volume_check).map(Some)
        }
        (None, Some(v)) => {
            let path = table.key("calls_per_hour");
            let per_hour = per_interval(&path, v, day, volume_check)?;
            let Some(day) = day else {
                return Ok(Some(per_hour));
            };
            let interval_s = day.interval_s();
            let volume: Vec<f64> = per_hour
                .into_iter()
                .map(|per_hour| per_hour * interval_s / 3600.0)
                .collect();
            // The limit is on calls per interval, whatever unit they were given in.
            if let Some(&most) = volume.iter().find(|&&v| v > MAX_CALLS_PER_INTERVAL) {
                return Err(path.error(format!(
                    "gives {} calls in a {}-minute interval, more than 100000000",
                    show(most),
                    interval_s / 60.0
                )));
            }
            Ok(Some(volume))
        }
        (Some(_), Some(_)) => Err(table
            .key("calls_per_hour")
            .error("give calls_per_interval or calls_per_hour, not both")),
        (None, None) => Ok(None),
    }
}

pub(super) fn distribution(path: &FieldPath, raw: &RawDistribution) -> Check<Distribution> {
    Distribution::new(raw).map_err(|(param, message)| path.key(param).error(message))
}

/// A `retry` table of a call type or an entry.
pub(super) fn retry(path: &FieldPath, raw: &RawRetry) -> TableCheck<Retry> {
    let mut errors = Errors::default();
    let prob = errors.check(retry_probability(&path.key("prob_pct"), raw.prob_pct));
    let delay = errors.check(distribution(&path.key("delay"), &raw.delay));
    let (Some(prob), Some(delay)) = (prob, delay) else {
        return Err(errors.into_vec());
    };
    // `to` is resolved with the other references to call types (`transfer`).
    errors.finish(Retry {
        prob,
        delay,
        to: None,
    })
}

fn retry_probability(path: &FieldPath, prob_pct: f64) -> Check<f64> {
    let prob = percent(path, prob_pct)?;
    if prob >= 1.0 {
        return Err(path.error(
            "must be below 100: at 100 % a caller who hangs up or finds the lines busy never stops calling again",
        ));
    }
    Ok(prob)
}

/// Checks an optional value: `None` passes as `None`.
pub(super) fn optional<R, T>(
    raw: Option<&R>,
    check: impl FnOnce(&R) -> Check<T>,
) -> Check<Option<T>> {
    raw.map(check).transpose()
}

/// Checks an optional table: `None` passes as `None`.
pub(super) fn optional_table<R, T>(
    raw: Option<&R>,
    check: impl FnOnce(&R) -> TableCheck<T>,
) -> TableCheck<Option<T>> {
    raw.map(check).transpose()
}
