//! Statistics across replications: running moments, confidence intervals,
//! and the wait-time histogram.
//!
//! A KPI's value in one replication is a [`Sample`]: a numerator and a
//! denominator (a plain value is the value over 1). Across replications a
//! ratio KPI is estimated, by default, as the **ratio of sums** — Σ answered
//! within T / Σ offered over all days, the long-run share a month's report
//! shows — with a delta-method confidence interval ([`RatioMoments`]); the
//! mean of the per-replication ratios is the [`Estimator::DailyMean`] option.

mod histogram;
mod ratio;
mod student_t;

pub use histogram::WaitHistogram;
pub use ratio::{DaysMet, Estimator, KpiKind, PairedRatioMoments, RatioMoments, Sample, Share};
pub use student_t::student_t_quantile;

/// Γ(x) for x > 0.
pub fn gamma_function(x: f64) -> f64 {
    student_t::ln_gamma(x).exp()
}

use serde::Serialize;

/// Estimate and confidence half-width of one KPI over replications.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    /// The point estimate: the mean of the replications' values, or for a
    /// ratio KPI under [`Estimator::RatioOfSums`] Σ numerators / Σ denominators.
    pub mean: f64,
    /// Student-t half-width at the run's confidence level; `None` with fewer
    /// than two replications where the KPI is defined.
    pub half_width: Option<f64>,
    /// Replications in which the KPI was defined (e.g. ASA needs an answered call).
    pub replications: u64,
}

/// Running mean and variance (Welford), fed in replication order so the result
/// is the same bits whatever the thread count.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Moments {
    count: u64,
    mean: f64,
    sum_sq_dev: f64,
}

impl Moments {
    pub fn add(&mut self, value: f64) {
        self.count += 1;
        let delta = value - self.mean;
        self.mean += delta / self.count as f64;
        self.sum_sq_dev += delta * (value - self.mean);
    }

    /// Adds `value` when the KPI is defined in this replication.
    pub fn add_defined(&mut self, value: Option<f64>) {
        if let Some(v) = value {
            self.add(v);
        }
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    pub fn mean(&self) -> f64 {
        self.mean
    }

    pub fn sample_variance(&self) -> Option<f64> {
        (self.count >= 2).then(|| self.sum_sq_dev / (self.count - 1) as f64)
    }

    /// Mean with its Student-t half-width at `confidence` (e.g. 0.95);
    /// `None` when the KPI was never defined.
    pub fn estimate(&self, confidence: f64) -> Option<Estimate> {
        if self.count == 0 {
            return None;
        }
        let half_width = self.sample_variance().map(|var| {
            let t = student_t_quantile(0.5 + confidence / 2.0, (self.count - 1) as f64);
            t * (var / self.count as f64).sqrt()
        });
        Some(Estimate {
            mean: self.mean,
            half_width,
            replications: self.count,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_match_two_pass_formulas() {
        let values = [3.0, 7.5, 1.25, 9.0, 4.0, 4.0, 6.5];
        let mut m = Moments::default();
        values.iter().for_each(|&v| m.add(v));
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        let var =
            values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (values.len() - 1) as f64;
        assert!((m.mean() - mean).abs() < 1e-12);
        assert!((m.sample_variance().unwrap() - var).abs() < 1e-12);
        let e = m.estimate(0.95).unwrap();
        let t6 = 2.446_911_851;
        assert!((e.half_width.unwrap() - t6 * (var / 7.0).sqrt()).abs() < 1e-8);
    }

    #[test]
    fn one_replication_has_no_half_width() {
        let mut m = Moments::default();
        m.add(2.0);
        assert_eq!(m.estimate(0.95).unwrap().half_width, None);
        assert_eq!(Moments::default().estimate(0.95), None);
    }
}
