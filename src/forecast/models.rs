//! The forecasting models, each fitted to a queue's first `train_days` days
//! and predicting any later days, interval by interval:
//!
//! - **seasonal naive**, the baseline: the same interval of the latest
//!   same weekday (last week's, for the week after the history);
//! - **Holt-Winters × profile**: Holt-Winters exponential smoothing (level,
//!   additive trend, multiplicative weekly seasonality) on daily totals,
//!   split into intervals by an intraday profile per weekday (recent weeks
//!   weighted more), and the handle time the same way: a smoothed daily
//!   level, volume-weighted, times a weekday and interval shape.
//!
//! The smoothing weights are chosen by Nelder-Mead (the `argmin` crate) on
//! the one-step squared errors. The recursions themselves are written here:
//! `augurs-ets`, the one Rust ETS crate, fits non-seasonal models only, and
//! a weekly season with gaps (missing days skip the update) and special days
//! is the whole point here.

use argmin::core::{CostFunction, Error as ArgminError, Executor};
use argmin::solver::neldermead::NelderMead;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::history::QueueHistory;
use super::special::{SpecialDay, SpecialDays};

/// A model's name in reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Model {
    SeasonalNaive,
    HoltWinters,
}

impl Model {
    pub const ALL: [Model; 2] = [Model::SeasonalNaive, Model::HoltWinters];

    pub fn name(self) -> &'static str {
        match self {
            Model::SeasonalNaive => "seasonal naive",
            Model::HoltWinters => "Holt-Winters × profile",
        }
    }
}

/// Weight of a week relative to the week after it, for intraday profiles
/// and handle-time shapes: the last 4 weeks carry about 70 % of the weight.
pub const PROFILE_DECAY: f64 = 0.75;

/// The dates the models see: day 0 and the special days.
#[derive(Debug, Clone, Copy)]
pub struct Calendar<'a> {
    pub first_date: NaiveDate,
    pub specials: &'a SpecialDays,
}

impl Calendar<'_> {
    pub fn date(&self, day: i64) -> NaiveDate {
        self.first_date + chrono::Duration::days(day)
    }

    /// Monday 0 … Sunday 6, the date's own.
    pub fn weekday(&self, day: i64) -> usize {
        self.date(day).weekday().num_days_from_monday() as usize
    }

    /// The weekday a day is forecast as (a "like Sunday" day: 6).
    pub fn forecast_weekday(&self, day: i64) -> usize {
        self.specials
            .weekday_of(self.date(day))
            .num_days_from_monday() as usize
    }

    pub fn factor(&self, day: i64) -> f64 {
        self.specials.factor_of(self.date(day))
    }

    pub fn special(&self, day: i64) -> Option<SpecialDay> {
        self.specials.get(self.date(day))
    }
}

/// Smoothing state and weights after a Holt-Winters fit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SmoothingFit {
    pub alpha: f64,
    pub beta: f64,
    pub gamma: f64,
    /// Calls per day (deseasonalised) at the end of the training days.
    pub level: f64,
    /// Calls per day added each day.
    pub trend_per_day: f64,
    /// Weekly indices, Monday first (1: an average day).
    pub season: [f64; 7],
    /// Smoothing weight of the daily handle-time level.
    pub aht_alpha: f64,
}

/// A model's prediction for `days` days from `first_day`.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    pub first_day: i64,
    pub slots: usize,
    /// Calls, day-major.
    pub calls: Vec<f64>,
    /// Handle time, seconds; NaN where the history gives none.
    pub aht_s: Vec<f64>,
    pub fit: Option<SmoothingFit>,
}

impl Prediction {
    pub fn days(&self) -> usize {
        self.calls.len() / self.slots.max(1)
    }

    pub fn day(&self, day: usize) -> &[f64] {
        &self.calls[day * self.slots..(day + 1) * self.slots]
    }
}

/// `model` fitted on the first `train_days` days of `queue`, predicting
/// `days` days from `first_day` (≥ `train_days`).
pub fn predict(
    model: Model,
    queue: &QueueHistory,
    train_days: usize,
    calendar: &Calendar,
    first_day: i64,
    days: usize,
) -> Prediction {
    match model {
        Model::SeasonalNaive => seasonal_naive(queue, train_days, calendar, first_day, days),
        Model::HoltWinters => holt_winters(queue, train_days, calendar, first_day, days),
    }
}

/// The latest training day of weekday `weekday` with rows and no special
/// day: the reference a seasonal-naive forecast copies.
fn reference_day(
    queue: &QueueHistory,
    train_days: usize,
    calendar: &Calendar,
    weekday: usize,
) -> Option<usize> {
    (0..train_days).rev().find(|&d| {
        queue.present[d]
            && calendar.special(d as i64).is_none()
            && calendar.weekday(d as i64) == weekday
    })
}

fn seasonal_naive(
    queue: &QueueHistory,
    train_days: usize,
    calendar: &Calendar,
    first_day: i64,
    days: usize,
) -> Prediction {
    let slots = queue.slots;
    let mut calls = vec![0.0; days * slots];
    let mut aht_s = vec![f64::NAN; days * slots];
    for k in 0..days {
        let day = first_day + k as i64;
        let Some(reference) =
            reference_day(queue, train_days, calendar, calendar.forecast_weekday(day))
        else {
            continue;
        };
        let factor = calendar.factor(day);
        let day_aht = ratio(
            queue.handle_s[reference * slots..(reference + 1) * slots]
                .iter()
                .sum(),
            queue.handled[reference * slots..(reference + 1) * slots]
                .iter()
                .sum(),
        );
        for s in 0..slots {
            let from = reference * slots + s;
            calls[k * slots + s] = queue.offered[from] * factor;
            let slot_aht = ratio(queue.handle_s[from], queue.handled[from]);
            aht_s[k * slots + s] = if slot_aht.is_nan() { day_aht } else { slot_aht };
        }
    }
    Prediction {
        first_day,
        slots,
        calls,
        aht_s,
        fit: None,
    }
}

fn ratio(numerator: f64, denominator: f64) -> f64 {
    if denominator > 0.0 {
        numerator / denominator
    } else {
        f64::NAN
    }
}

/// Daily totals for fitting: NaN for gaps and "like" days, factor days
/// divided by their factor.
fn daily_totals(queue: &QueueHistory, train_days: usize, calendar: &Calendar) -> Vec<f64> {
    (0..train_days)
        .map(|d| match calendar.special(d as i64) {
            _ if !queue.present[d] => f64::NAN,
            Some(SpecialDay::Like(_)) => f64::NAN,
            Some(SpecialDay::Factor(f)) if f > 0.0 => queue.total(d) / f,
            Some(SpecialDay::Factor(_)) => f64::NAN,
            None => queue.total(d),
        })
        .collect()
}

/// Holt-Winters state: level, trend, weekly season by weekday.
#[derive(Debug, Clone, Copy)]
struct HwState {
    level: f64,
    trend: f64,
    season: [f64; 7],
}

/// Initial state from the first two weeks with data: the first week's mean
/// as the level, the change of weekly means as the trend, each weekday's
/// ratio to its week's mean as its index.
fn initial_state(y: &[f64], weekday: impl Fn(usize) -> usize) -> Option<(usize, HwState)> {
    let start = y.iter().position(|v| !v.is_nan())?;
    let week_mean = |w: usize| {
        let values: Vec<f64> = (start + 7 * w..(start + 7 * (w + 1)).min(y.len()))
            .map(|t| y[t])
            .filter(|v| !v.is_nan())
            .collect();
        (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
    };
    let first = week_mean(0)?;
    let trend = match week_mean(1) {
        Some(second) if y.len() >= start + 14 => (second - first) / 7.0,
        _ => 0.0,
    };
    let (mut sums, mut counts) = ([0.0; 7], [0.0; 7]);
    for w in 0..2 {
        let Some(mean) = week_mean(w).filter(|m| *m > 0.0) else {
            continue;
        };
        for t in start + 7 * w..(start + 7 * (w + 1)).min(y.len()) {
            if !y[t].is_nan() {
                sums[weekday(t)] += y[t] / mean;
                counts[weekday(t)] += 1.0;
            }
        }
    }
    let mut season = [1.0; 7];
    for w in 0..7 {
        if counts[w] > 0.0 {
            season[w] = sums[w] / counts[w];
        }
    }
    Some((
        start,
        HwState {
            level: first.max(f64::MIN_POSITIVE),
            trend,
            season,
        },
    ))
}

/// Runs the recursions over `y` from `start`; returns the state after the
/// last day and the one-step squared errors after the first week.
fn run_smoothing(
    y: &[f64],
    start: usize,
    initial: HwState,
    weekday: &impl Fn(usize) -> usize,
    (alpha, beta, gamma): (f64, f64, f64),
) -> (HwState, f64) {
    const TINY: f64 = 1e-9;
    let mut s = initial;
    let mut sse = 0.0;
    for (t, &value) in y.iter().enumerate().skip(start) {
        let w = weekday(t);
        let expected = (s.level + s.trend).max(0.0) * s.season[w];
        if value.is_nan() {
            s.level = (s.level + s.trend).max(TINY);
            continue;
        }
        if t >= start + 7 {
            sse += (value - expected).powi(2);
        }
        // A closed weekday (index 0) says nothing about the level.
        let level = if s.season[w] > TINY {
            alpha * (value / s.season[w]) + (1.0 - alpha) * (s.level + s.trend)
        } else {
            s.level + s.trend
        }
        .max(TINY);
        s.trend = beta * (level - s.level) + (1.0 - beta) * s.trend;
        s.season[w] = gamma * (value / level) + (1.0 - gamma) * s.season[w];
        s.level = level;
    }
    (s, sse)
}

/// A weight in (0, 1) from an unbounded optimiser coordinate.
fn squash(x: f64) -> f64 {
    0.001 + 0.998 / (1.0 + (-x).exp())
}

fn unsquash(p: f64) -> f64 {
    let q = (p - 0.001) / 0.998;
    (q / (1.0 - q)).ln()
}

struct Objective<F>(F);

impl<F: Fn(&[f64]) -> f64> CostFunction for Objective<F> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, p: &Self::Param) -> Result<f64, ArgminError> {
        Ok((self.0)(p))
    }
}

/// The minimum of `f` found by Nelder-Mead from `start` (the start itself
/// if the solver fails).
pub fn minimise(start: Vec<f64>, f: impl Fn(&[f64]) -> f64) -> Vec<f64> {
    let mut simplex = vec![start.clone()];
    for i in 0..start.len() {
        let mut vertex = start.clone();
        vertex[i] += 1.0;
        simplex.push(vertex);
    }
    let Ok(solver) = NelderMead::new(simplex).with_sd_tolerance(1e-7) else {
        return start;
    };
    Executor::new(Objective(f), solver)
        .configure(|state| state.max_iters(400))
        .run()
        .ok()
        .and_then(|result| result.state.best_param)
        .unwrap_or(start)
}

/// Fits the smoothing weights on the daily totals; `None` without data.
fn fit_daily(y: &[f64], weekday: impl Fn(usize) -> usize) -> Option<(HwState, [f64; 3])> {
    let (start, initial) = initial_state(y, &weekday)?;
    let cost = |p: &[f64]| {
        let weights = (squash(p[0]), squash(p[1]), squash(p[2]));
        run_smoothing(y, start, initial, &weekday, weights).1
    };
    let best = minimise(vec![unsquash(0.3), unsquash(0.02), unsquash(0.1)], cost);
    let weights = (squash(best[0]), squash(best[1]), squash(best[2]));
    let (state, _) = run_smoothing(y, start, initial, &weekday, weights);
    Some((state, [weights.0, weights.1, weights.2]))
}

/// Per weekday, the share of the day's calls in each slot, weeks weighted
/// by [`PROFILE_DECAY`]; the all-days profile for a weekday without data.
fn intraday_profiles(
    queue: &QueueHistory,
    train_days: usize,
    calendar: &Calendar,
) -> Vec<Vec<f64>> {
    let slots = queue.slots;
    let mut sums = vec![vec![0.0; slots]; 8];
    let mut totals = [0.0; 8];
    for d in usable_days(queue, train_days, calendar) {
        let weight = week_weight(train_days, d);
        let w = calendar.weekday(d as i64);
        for (s, &calls) in queue.day(d).iter().enumerate() {
            sums[w][s] += weight * calls;
            sums[7][s] += weight * calls;
        }
        let total = weight * queue.total(d);
        totals[w] += total;
        totals[7] += total;
    }
    (0..7)
        .map(|w| {
            let from = if totals[w] > 0.0 { w } else { 7 };
            let total = totals[from];
            sums[from]
                .iter()
                .map(|v| if total > 0.0 { v / total } else { 0.0 })
                .collect()
        })
        .collect()
}

/// Training days the weekly patterns learn from: with rows, no special day.
fn usable_days<'q>(
    queue: &'q QueueHistory,
    train_days: usize,
    calendar: &'q Calendar,
) -> impl Iterator<Item = usize> + 'q {
    (0..train_days).filter(move |&d| queue.present[d] && calendar.special(d as i64).is_none())
}

fn week_weight(train_days: usize, day: usize) -> f64 {
    PROFILE_DECAY.powi(((train_days - 1 - day) / 7) as i32)
}

/// Handle time: a smoothed daily level times a weekday × slot shape.
struct AhtModel {
    level: f64,
    alpha: f64,
    /// Per weekday and slot: the slot's handle time over the overall one.
    shape: Vec<Vec<f64>>,
}

fn fit_aht(queue: &QueueHistory, train_days: usize, calendar: &Calendar) -> Option<AhtModel> {
    let slots = queue.slots;
    let daily: Vec<(f64, f64)> = (0..train_days)
        .map(|d| {
            let range = d * slots..(d + 1) * slots;
            let usable = queue.present[d] && calendar.special(d as i64).is_none();
            if !usable {
                return (0.0, 0.0);
            }
            (
                queue.handle_s[range.clone()].iter().sum(),
                queue.handled[range].iter().sum(),
            )
        })
        .collect();
    let first = daily.iter().position(|(_, n)| *n > 0.0)?;
    // Simple exponential smoothing of the daily AHT, errors weighted by volume.
    let smooth = |alpha: f64| {
        let mut level = daily[first].0 / daily[first].1;
        let mut sse = 0.0;
        for &(seconds, calls) in &daily[first + 1..] {
            if calls > 0.0 {
                let aht = seconds / calls;
                sse += calls * (aht - level).powi(2);
                level = alpha * aht + (1.0 - alpha) * level;
            }
        }
        (level, sse)
    };
    let best = minimise(vec![unsquash(0.2)], |p| smooth(squash(p[0])).1);
    let alpha = squash(best[0]);
    let level = smooth(alpha).0;
    let (mut seconds, mut calls) = (vec![vec![0.0; slots]; 7], vec![vec![0.0; slots]; 7]);
    let (mut all_seconds, mut all_calls) = (0.0, 0.0);
    for d in usable_days(queue, train_days, calendar) {
        let weight = week_weight(train_days, d);
        let w = calendar.weekday(d as i64);
        for s in 0..slots {
            seconds[w][s] += weight * queue.handle_s[d * slots + s];
            calls[w][s] += weight * queue.handled[d * slots + s];
        }
        all_seconds += weight
            * queue.handle_s[d * slots..(d + 1) * slots]
                .iter()
                .sum::<f64>();
        all_calls += weight
            * queue.handled[d * slots..(d + 1) * slots]
                .iter()
                .sum::<f64>();
    }
    let overall = ratio(all_seconds, all_calls);
    let shape = (0..7)
        .map(|w| {
            let weekday = ratio(seconds[w].iter().sum(), calls[w].iter().sum());
            (0..slots)
                .map(|s| {
                    let slot = ratio(seconds[w][s], calls[w][s]);
                    let aht = if slot.is_nan() { weekday } else { slot };
                    if aht.is_nan() { 1.0 } else { aht / overall }
                })
                .collect()
        })
        .collect();
    Some(AhtModel {
        level,
        alpha,
        shape,
    })
}

fn holt_winters(
    queue: &QueueHistory,
    train_days: usize,
    calendar: &Calendar,
    first_day: i64,
    days: usize,
) -> Prediction {
    let slots = queue.slots;
    let y = daily_totals(queue, train_days, calendar);
    let weekday = |t: usize| calendar.weekday(t as i64);
    let fitted = fit_daily(&y, weekday);
    let profiles = intraday_profiles(queue, train_days, calendar);
    let aht = fit_aht(queue, train_days, calendar);
    let mut calls = vec![0.0; days * slots];
    let mut aht_s = vec![f64::NAN; days * slots];
    for k in 0..days {
        let day = first_day + k as i64;
        let w = calendar.forecast_weekday(day);
        if let Some((state, _)) = &fitted {
            let ahead = (day - train_days as i64 + 1) as f64;
            let total = (state.level + ahead * state.trend).max(0.0)
                * state.season[w]
                * calendar.factor(day);
            for s in 0..slots {
                calls[k * slots + s] = total * profiles[w][s];
            }
        }
        if let Some(model) = &aht {
            for s in 0..slots {
                aht_s[k * slots + s] = model.level * model.shape[w][s];
            }
        }
    }
    let fit = fitted.map(|(state, [alpha, beta, gamma])| {
        // Reported with the indices averaging 1, so the level is calls per average day.
        let mean = state.season.iter().sum::<f64>() / 7.0;
        let scale = if mean > 0.0 { mean } else { 1.0 };
        SmoothingFit {
            alpha,
            beta,
            gamma,
            level: state.level * scale,
            trend_per_day: state.trend * scale,
            season: state.season.map(|s| s / scale),
            aht_alpha: aht.as_ref().map_or(f64::NAN, |a| a.alpha),
        }
    });
    Prediction {
        first_day,
        slots,
        calls,
        aht_s,
        fit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A queue with one slot whose daily volume follows `f(day)`.
    fn queue_of(days: usize, f: impl Fn(usize) -> f64) -> QueueHistory {
        let mut q = QueueHistory::new("q", days, 2);
        for d in 0..days {
            let v = f(d);
            q.add(d, 0, v * 0.25, v * 0.25, v * 0.25 * 200.0);
            q.add(d, 1, v * 0.75, v * 0.75, v * 0.75 * 300.0);
        }
        q
    }

    const SEASON: [f64; 7] = [1.3, 1.1, 1.0, 1.0, 0.9, 0.5, 0.2];

    #[test]
    fn holt_winters_follows_an_exact_trend_and_season() {
        let specials = SpecialDays::new();
        // 2026-01-05 is a Monday.
        let calendar = Calendar {
            first_date: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            specials: &specials,
        };
        let truth = |d: usize| (100.0 + 2.0 * d as f64) * SEASON[d % 7] / (6.0 / 7.0);
        let q = queue_of(70, truth);
        let p = predict(Model::HoltWinters, &q, 70, &calendar, 70, 7);
        for k in 0..7 {
            let total: f64 = p.day(k).iter().sum();
            let expected = truth(70 + k);
            assert!(
                (total - expected).abs() < 0.02 * expected,
                "day {k}: {total} vs {expected}"
            );
            assert!((p.day(k)[0] / total - 0.25).abs() < 1e-9);
        }
        // Handle time by slot, overall 275 s: 200 and 300.
        assert!((p.aht_s[0] - 200.0).abs() < 1e-6, "{}", p.aht_s[0]);
        assert!((p.aht_s[1] - 300.0).abs() < 1e-6, "{}", p.aht_s[1]);
        let fit = p.fit.unwrap();
        assert!((fit.trend_per_day - 2.0).abs() < 0.2, "{fit:?}");
        assert!((fit.level - 238.0).abs() < 5.0, "{fit:?}");
    }

    #[test]
    fn seasonal_naive_copies_the_latest_same_weekday_and_skips_gaps() {
        let specials = SpecialDays::new();
        let calendar = Calendar {
            first_date: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            specials: &specials,
        };
        let mut q = queue_of(21, |d| d as f64 + 1.0);
        q.present[14] = false;
        let p = predict(Model::SeasonalNaive, &q, 21, &calendar, 21, 8);
        // Day 21 is a Monday: day 14 is a gap, so day 7's 8 calls.
        assert_eq!(p.day(0).iter().sum::<f64>(), 8.0);
        assert_eq!(p.day(1).iter().sum::<f64>(), 16.0);
        assert_eq!(p.day(7).iter().sum::<f64>(), 8.0);
        assert_eq!(p.aht_s[1], 300.0);
    }

    #[test]
    fn special_days_scale_or_borrow_a_weekday() {
        let mut specials = SpecialDays::new();
        let monday = NaiveDate::from_ymd_opt(2026, 3, 16).unwrap();
        specials.insert(monday, SpecialDay::Factor(1.5));
        specials.insert(
            monday.succ_opt().unwrap(),
            SpecialDay::Like(chrono::Weekday::Sun),
        );
        let calendar = Calendar {
            first_date: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            specials: &specials,
        };
        let q = queue_of(70, |d| 100.0 * SEASON[d % 7]);
        let plain_specials = SpecialDays::new();
        let plain = Calendar {
            specials: &plain_specials,
            ..calendar
        };
        for model in Model::ALL {
            let with = predict(model, &q, 70, &calendar, 70, 7);
            let without = predict(model, &q, 70, &plain, 70, 7);
            let total = |p: &Prediction, k| p.day(k).iter().sum::<f64>();
            assert!((total(&with, 0) - 1.5 * total(&without, 0)).abs() < 1e-6);
            assert!((total(&with, 1) - total(&without, 6)).abs() < 1e-6);
            assert!((total(&with, 2) - total(&without, 2)).abs() < 1e-6);
        }
    }
}
