//! Backtest and prediction intervals: every model is fitted on the history
//! without its last weeks and scored on them; the model with the lower WAPE
//! wins. Its errors on the held-out weeks also size the prediction
//! intervals.
//!
//! - **WAPE**: Σ |actual − forecast| / Σ actual over the held-out intervals
//!   of the days with rows (gaps are not scored).
//! - **MAPE**: the mean of |actual − forecast| / actual over the held-out
//!   *daily totals* with calls (per interval it is dominated by the quiet
//!   intervals, where one call is 100 %).
//! - **Prediction intervals**: an interval's calls are taken as negative
//!   binomial (Poisson arrivals whose rate carries a gamma error), with mean
//!   the forecast and variance `f + φ f²`; φ is the method-of-moments
//!   estimate Σ ((a − f)² − f) / Σ f² over the held-out intervals (0 when
//!   the errors are no larger than Poisson's). The same estimate over daily
//!   totals gives the day-to-day variation `day_factor_cv = √φ_day`: the
//!   gamma day factor `simulate` draws is exactly that error model.

use serde::Serialize;
use statrs::distribution::{DiscreteCDF, NegativeBinomial, Poisson};

use super::history::QueueHistory;
use super::models::{Calendar, Model, Prediction, predict};

/// A model's backtest score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Score {
    pub model: Model,
    /// Share (0.12: 12 %).
    pub wape: f64,
    /// Share, over daily totals; NaN without a day with calls.
    pub mape: f64,
}

/// Sums for the method-of-moments dispersion: Σ ((a − f)² − f) and Σ f².
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Dispersion {
    pub excess: f64,
    pub scale: f64,
}

impl Dispersion {
    fn add(&mut self, actual: f64, forecast: f64) {
        if forecast > 0.0 {
            self.excess += (actual - forecast).powi(2) - forecast;
            self.scale += forecast * forecast;
        }
    }

    /// φ: the squared coefficient of variation of the forecast's error
    /// beyond Poisson noise; 0 where the errors are Poisson's or smaller.
    pub fn phi(self) -> f64 {
        if self.scale > 0.0 {
            (self.excess / self.scale).max(0.0)
        } else {
            0.0
        }
    }

    pub fn merge(self, other: Dispersion) -> Dispersion {
        Dispersion {
            excess: self.excess + other.excess,
            scale: self.scale + other.scale,
        }
    }
}

/// One queue's backtest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueueBacktest {
    pub holdout_days: usize,
    /// Seasonal naive first.
    pub scores: Vec<Score>,
    pub winner: Model,
    /// 1 − winner's WAPE / seasonal naive's (0 when naive wins).
    pub improvement: f64,
    /// The winner's held-out errors per interval…
    pub intervals: Dispersion,
    /// …and per day.
    pub daily: Dispersion,
}

/// Scores of `prediction` against the queue's days from `first_day`, with
/// the dispersion sums of its errors.
fn score(
    model: Model,
    queue: &QueueHistory,
    prediction: &Prediction,
) -> (Score, Dispersion, Dispersion) {
    let (mut absolute, mut actual_sum) = (0.0, 0.0);
    let (mut ape, mut ape_days) = (0.0, 0usize);
    let (mut per_interval, mut per_day) = (Dispersion::default(), Dispersion::default());
    for k in 0..prediction.days() {
        let day = prediction.first_day as usize + k;
        if !queue.present[day] {
            continue;
        }
        let (forecast, actual) = (prediction.day(k), queue.day(day));
        for (&f, &a) in forecast.iter().zip(actual) {
            absolute += (a - f).abs();
            actual_sum += a;
            per_interval.add(a, f);
        }
        let (f, a): (f64, f64) = (forecast.iter().sum(), actual.iter().sum());
        per_day.add(a, f);
        if a > 0.0 {
            ape += (a - f).abs() / a;
            ape_days += 1;
        }
    }
    let wape = if actual_sum > 0.0 {
        absolute / actual_sum
    } else {
        f64::NAN
    };
    let mape = if ape_days > 0 {
        ape / ape_days as f64
    } else {
        f64::NAN
    };
    (Score { model, wape, mape }, per_interval, per_day)
}

/// Weeks to hold out: `requested`, or fewer so that a week is left to fit.
pub fn holdout_weeks(history_days: usize, requested: usize) -> usize {
    requested.min((history_days / 7).saturating_sub(1)).max(1)
}

/// Backtests every model on the last `holdout_days` days of `queue`.
pub fn backtest(queue: &QueueHistory, calendar: &Calendar, holdout_days: usize) -> QueueBacktest {
    let train_days = queue.days() - holdout_days;
    let mut scored: Vec<(Score, Dispersion, Dispersion)> = Model::ALL
        .iter()
        .map(|&model| {
            let prediction = predict(
                model,
                queue,
                train_days,
                calendar,
                train_days as i64,
                holdout_days,
            );
            score(model, queue, &prediction)
        })
        .collect();
    let naive_wape = scored[0].0.wape;
    // The naive baseline keeps a tie (and wins where nothing could be scored).
    let mut best = 0;
    for (i, (s, _, _)) in scored.iter().enumerate().skip(1) {
        if s.wape < scored[best].0.wape {
            best = i;
        }
    }
    let winner = scored[best].0;
    let improvement = if naive_wape > 0.0 && best != 0 {
        1.0 - winner.wape / naive_wape
    } else {
        0.0
    };
    let scores: Vec<Score> = scored.iter().map(|s| s.0).collect();
    let (_, intervals, daily) = scored.swap_remove(best);
    QueueBacktest {
        holdout_days,
        scores,
        winner: winner.model,
        improvement,
        intervals,
        daily,
    }
}

/// The cumulative distribution of a count with mean `mean` and dispersion
/// `phi` (Poisson when `phi` is 0); `None` where statrs refuses the parameters.
fn count_cdf(mean: f64, phi: f64) -> Option<Box<dyn Fn(u64) -> f64>> {
    if phi < 1e-9 {
        let d = Poisson::new(mean).ok()?;
        Some(Box::new(move |k| d.cdf(k)))
    } else {
        let r = 1.0 / phi;
        let d = NegativeBinomial::new(r, r / (r + mean)).ok()?;
        Some(Box::new(move |k| d.cdf(k)))
    }
}

/// The smallest count whose cumulative probability reaches `p`, by
/// bisection (statrs's own search gives up on wide negative binomials).
fn quantile(cdf: &dyn Fn(u64) -> f64, p: f64, mean: f64, phi: f64) -> u64 {
    let sd = (mean + phi * mean * mean).sqrt();
    let mut high = (mean + 8.0 * sd + 8.0).ceil() as u64;
    while cdf(high) < p && high < u64::MAX / 4 {
        high *= 2;
    }
    let mut low = 0;
    while low < high {
        let mid = low + (high - low) / 2;
        if cdf(mid) >= p {
            high = mid;
        } else {
            low = mid + 1;
        }
    }
    low
}

/// The central `level` (0.8) prediction interval of a count with mean
/// `mean` and dispersion `phi`: (low, high), whole calls.
pub fn prediction_interval(mean: f64, phi: f64, level: f64) -> (f64, f64) {
    if mean <= 0.0 || !mean.is_finite() {
        return (0.0, 0.0);
    }
    let Some(cdf) = count_cdf(mean, phi) else {
        return (mean, mean);
    };
    let (lower, upper) = ((1.0 - level) / 2.0, (1.0 + level) / 2.0);
    (
        quantile(&cdf, lower, mean, phi) as f64,
        quantile(&cdf, upper, mean, phi) as f64,
    )
}

/// The probability a count with mean `mean` and dispersion `phi` falls in
/// `[low, high]`: what an interval claims to cover.
pub fn coverage_of(mean: f64, phi: f64, (low, high): (f64, f64)) -> f64 {
    if mean <= 0.0 {
        return 1.0;
    }
    let Some(cdf) = count_cdf(mean, phi) else {
        return f64::NAN;
    };
    let below = if low >= 1.0 { cdf(low as u64 - 1) } else { 0.0 };
    cdf(high as u64) - below
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_widen_with_dispersion_and_hold_their_level() {
        let (lo, hi) = prediction_interval(100.0, 0.0, 0.8);
        assert!(lo < 100.0 && hi > 100.0);
        // Poisson(100): sd 10, so about ±12.8.
        assert!((hi - lo - 25.6).abs() <= 3.0, "{lo} {hi}");
        let (wide_lo, wide_hi) = prediction_interval(100.0, 0.04, 0.8);
        assert!(wide_lo < lo && wide_hi > hi);
        let covered = coverage_of(100.0, 0.04, (wide_lo, wide_hi));
        assert!((0.8..0.85).contains(&covered), "{covered}");
        assert_eq!(prediction_interval(0.0, 0.1, 0.8), (0.0, 0.0));
    }

    #[test]
    fn dispersion_is_zero_for_poisson_sized_errors() {
        let mut d = Dispersion::default();
        d.add(110.0, 100.0);
        d.add(90.0, 100.0);
        assert_eq!(d.phi(), 0.0);
        d.add(150.0, 100.0);
        assert!(d.phi() > 0.0);
    }

    #[test]
    fn holdout_leaves_a_week_to_fit() {
        assert_eq!(holdout_weeks(100, 2), 2);
        assert_eq!(holdout_weeks(20, 2), 1);
        assert_eq!(holdout_weeks(14, 3), 1);
    }
}
