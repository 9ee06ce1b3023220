//! Ratio KPIs across replications.
//!
//! A day's service level is a ratio: answered within T / offered. Over many
//! days there are two ways to average it, and they differ when days differ in
//! volume (`day_factor_cv`) or when an interval has few calls:
//!
//! - the **ratio of sums**, R = Σ x / Σ y (Σ answered within T / Σ offered
//!   over all days): every call weighs the same, so it is the long-run share a
//!   month's report shows. Its interval is the delta method's: with
//!   S² = Σ (x − R y)² / (n − 1), Var(R) ≈ S² / (n ȳ²), and R ± t(n − 1)·√Var.
//! - the **daily mean**, mean of x/y over the days where y > 0: every day
//!   weighs the same, whatever its volume; Student-t interval.
//!
//! The ratio of sums is the default ([`Estimator::RatioOfSums`]). A plain
//! value (a count, a quantile, the longest queue) is always the mean over the
//! replications where it is defined.

use serde::{Deserialize, Serialize};

use super::{Estimate, student_t_quantile};

/// Which estimate a ratio KPI gets across replications.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Estimator {
    /// Σ numerators / Σ denominators over all replications: each call weighs
    /// the same (the long-run share). Delta-method interval.
    #[default]
    RatioOfSums,
    /// The mean of each replication's ratio: each day weighs the same.
    DailyMean,
}

impl Estimator {
    pub fn key(self) -> &'static str {
        match self {
            Estimator::RatioOfSums => "ratio_of_sums",
            Estimator::DailyMean => "daily_mean",
        }
    }
}

/// Whether a KPI is a ratio of two sums (service level, ASA, occupancy…) or
/// a plain value (a count, a quantile, the longest queue).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KpiKind {
    Value,
    Ratio,
}

/// One replication's contribution to a KPI: a numerator over a denominator
/// (a plain value over 1); 0 / 0 where the KPI is undefined in it (ASA of a
/// day with no answered call). Written to JSON as `[num, den]`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Sample {
    pub num: f64,
    pub den: f64,
}

impl Sample {
    pub const UNDEFINED: Sample = Sample { num: 0.0, den: 0.0 };

    /// A plain value.
    pub fn value(v: f64) -> Self {
        Self { num: v, den: 1.0 }
    }

    /// A plain value, or undefined.
    pub fn of(v: Option<f64>) -> Self {
        v.map_or(Self::UNDEFINED, Self::value)
    }

    /// `num / den`; undefined unless `den > 0` and the ratio is finite.
    pub fn ratio(num: f64, den: f64) -> Self {
        if den > 0.0 && (num / den).is_finite() {
            Self { num, den }
        } else {
            Self::UNDEFINED
        }
    }

    /// The replication's own value, where defined.
    pub fn get(self) -> Option<f64> {
        (self.den > 0.0).then(|| self.num / self.den)
    }
}

impl Serialize for Sample {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (self.num, self.den).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Sample {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (num, den) = <(f64, f64)>::deserialize(deserializer)?;
        Ok(Self { num, den })
    }
}

/// Running sums and co-moments of (x, y) = (numerator, denominator) pairs,
/// fed in replication order so the result is the same bits whatever the
/// thread count. The estimate is Σx / Σy (exact for whole counts); the
/// co-moments (Welford's updates) give its variance. Fed `(v, 1)` pairs it is
/// the mean of v and its Student-t interval.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RatioMoments {
    count: u64,
    defined: u64,
    sum_x: f64,
    sum_y: f64,
    mean_x: f64,
    mean_y: f64,
    c_xx: f64,
    c_yy: f64,
    c_xy: f64,
}

impl RatioMoments {
    /// Adds one pair.
    pub fn add(&mut self, s: Sample) {
        self.count += 1;
        if s.den > 0.0 {
            self.defined += 1;
        }
        self.sum_x += s.num;
        self.sum_y += s.den;
        let n = self.count as f64;
        let dx = s.num - self.mean_x;
        let dy = s.den - self.mean_y;
        self.mean_x += dx / n;
        self.mean_y += dy / n;
        self.c_xx += dx * (s.num - self.mean_x);
        self.c_yy += dy * (s.den - self.mean_y);
        self.c_xy += dx * (s.den - self.mean_y);
    }

    /// Adds a replication's sample of a KPI of `kind` as `estimator` needs it:
    /// a ratio's pair as it is (ratio of sums, every replication), otherwise
    /// the replication's own value where it is defined.
    pub fn add_kpi(&mut self, sample: Sample, kind: KpiKind, estimator: Estimator) {
        if kind == KpiKind::Ratio && estimator == Estimator::RatioOfSums {
            self.add(sample);
        } else if let Some(v) = sample.get() {
            self.add(Sample::value(v));
        }
    }

    /// Pairs added.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Σ x / Σ y.
    pub fn ratio(&self) -> Option<f64> {
        (self.defined > 0 && self.sum_y > 0.0).then(|| self.sum_x / self.sum_y)
    }

    /// The squared standard error of [`ratio`](Self::ratio), by the delta
    /// method: Σ (x − R y)² / ((n − 1) n ȳ²); `None` below two pairs.
    pub fn ratio_variance(&self) -> Option<f64> {
        let r = self.ratio()?;
        if self.count < 2 {
            return None;
        }
        let n = self.count as f64;
        let y_bar = self.sum_y / n;
        let s2 = ((self.c_xx - 2.0 * r * self.c_xy + r * r * self.c_yy) / (n - 1.0)).max(0.0);
        Some(s2 / n / (y_bar * y_bar))
    }

    /// The ratio with its Student-t half-width at `confidence`; `None` when
    /// no replication defined it.
    pub fn estimate(&self, confidence: f64) -> Option<Estimate> {
        let mean = self.ratio()?;
        let half_width = self.ratio_variance().map(|var| {
            let t = student_t_quantile(0.5 + confidence / 2.0, (self.count - 1) as f64);
            t * var.sqrt()
        });
        Some(Estimate {
            mean,
            half_width,
            replications: self.defined,
        })
    }
}

/// Running sums and co-moments of two arms' (x, y) pairs, replication by
/// replication, for the paired difference of their ratios of sums,
/// R_B − R_A. Its interval is the delta method's on the per-replication
/// linearisation z = (x_B − R_B y_B)/ȳ_B − (x_A − R_A y_A)/ȳ_A: common random
/// numbers make the two terms move together, so Var(z) is small. Arm B is
/// kept as its difference from arm A, so identical arms differ by exactly 0.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PairedRatioMoments {
    count: u64,
    /// Sums of (x_A, y_A, x_B − x_A, y_B − y_A).
    sum: [f64; 4],
    mean: [f64; 4],
    /// Co-moments Σ (v_i − mean_i)(v_j − mean_j) of the same four.
    c: [[f64; 4]; 4],
}

impl PairedRatioMoments {
    pub fn add(&mut self, a: Sample, b: Sample) {
        self.count += 1;
        let n = self.count as f64;
        let v = [a.num, a.den, b.num - a.num, b.den - a.den];
        let mut before = [0.0; 4];
        for i in 0..4 {
            self.sum[i] += v[i];
            before[i] = v[i] - self.mean[i];
            self.mean[i] += before[i] / n;
        }
        let after: [f64; 4] = std::array::from_fn(|j| v[j] - self.mean[j]);
        for (row, b) in self.c.iter_mut().zip(before) {
            for (c, a) in row.iter_mut().zip(after) {
                *c += b * a;
            }
        }
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    /// R_B − R_A and its half-width at `confidence` (`None` below two pairs);
    /// `None` when either ratio is undefined.
    pub fn difference(&self, confidence: f64) -> Option<(f64, Option<f64>)> {
        let [sxa, sya, sdx, sdy] = self.sum;
        let (sxb, syb) = (sxa + sdx, sya + sdy);
        if self.count == 0 || sya <= 0.0 || syb <= 0.0 {
            return None;
        }
        let (ra, rb) = (sxa / sya, sxb / syb);
        if self.count < 2 {
            return Some((rb - ra, None));
        }
        let n = self.count as f64;
        let (ya, yb) = (sya / n, syb / n);
        // z = c₁ x_A + c₂ y_A + c₃ (x_B − x_A) + c₄ (y_B − y_A).
        let g = [1.0 / yb - 1.0 / ya, ra / ya - rb / yb, 1.0 / yb, -rb / yb];
        let mut sum = 0.0;
        for i in 0..4 {
            for j in 0..4 {
                sum += g[i] * self.c[i][j] * g[j];
            }
        }
        let var = (sum / (n - 1.0)).max(0.0) / n;
        let t = student_t_quantile(0.5 + confidence / 2.0, n - 1.0);
        Some((rb - ra, Some(t * var.sqrt())))
    }
}

/// How many replications (days) met a target, of those where the KPI was
/// defined.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DaysMet {
    pub met: u64,
    pub days: u64,
}

/// A share of days with its Wilson score interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Share {
    pub share: f64,
    pub low: f64,
    pub high: f64,
    /// Days where the KPI was defined (the denominator).
    pub days: u64,
}

impl DaysMet {
    pub fn add(&mut self, met: bool) {
        self.days += 1;
        if met {
            self.met += 1;
        }
    }

    /// The share met with its Wilson score interval at `confidence`:
    /// (p̂ + z²/2n ± z √(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n). Unlike the
    /// normal approximation it stays inside [0, 1] and is not empty when
    /// every day (or none) met the target.
    pub fn share(&self, confidence: f64) -> Option<Share> {
        if self.days == 0 {
            return None;
        }
        let n = self.days as f64;
        let p = self.met as f64 / n;
        let z = normal_quantile(0.5 + confidence / 2.0);
        let z2 = z * z;
        let centre = p + z2 / (2.0 * n);
        let spread = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
        let scale = 1.0 + z2 / n;
        // At p̂ = 0 or 1 one end is p̂ itself; rounding must not move it past.
        Some(Share {
            share: p,
            low: ((centre - spread) / scale).clamp(0.0, p),
            high: ((centre + spread) / scale).clamp(p, 1.0),
            days: self.days,
        })
    }
}

/// The standard normal `p`-quantile.
fn normal_quantile(p: f64) -> f64 {
    use statrs::distribution::{ContinuousCDF, Normal};
    Normal::standard().inverse_cdf(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_pairs_give_the_plain_mean_and_variance() {
        let values = [3.0, 7.5, 1.25, 9.0, 4.0, 4.0, 6.5];
        let mut m = RatioMoments::default();
        let mut welford = super::super::Moments::default();
        for &v in &values {
            m.add(Sample::value(v));
            welford.add(v);
        }
        // The running mean and its Student-t interval.
        let (e, w) = (m.estimate(0.95).unwrap(), welford.estimate(0.95).unwrap());
        assert!((e.mean - w.mean).abs() < 1e-14);
        assert!((e.half_width.unwrap() - w.half_width.unwrap()).abs() < 1e-14);
        assert_eq!(e.replications, w.replications);
    }

    #[test]
    fn ratio_of_sums_and_its_delta_variance_match_two_pass_formulas() {
        let pairs = [(3.0, 4.0), (10.0, 12.0), (0.0, 0.0), (7.0, 9.0), (1.0, 5.0)];
        let mut m = RatioMoments::default();
        for &(x, y) in &pairs {
            m.add(Sample::ratio(x, y));
        }
        let n = pairs.len() as f64;
        let (sx, sy): (f64, f64) = pairs
            .iter()
            .fold((0.0, 0.0), |(a, b), &(x, y)| (a + x, b + y));
        let r = sx / sy;
        let s2 = pairs.iter().map(|&(x, y)| (x - r * y).powi(2)).sum::<f64>() / (n - 1.0);
        let ybar = sy / n;
        let var = s2 / n / (ybar * ybar);
        let e = m.estimate(0.95).unwrap();
        assert!((e.mean - r).abs() < 1e-14);
        assert!((m.ratio_variance().unwrap() - var).abs() < 1e-14);
        let t4 = 2.776_445_105;
        assert!((e.half_width.unwrap() - t4 * var.sqrt()).abs() < 1e-8);
        assert_eq!(
            e.replications, 4,
            "the 0/0 day counts in the sums, not as defined"
        );
    }

    #[test]
    fn daily_mean_averages_each_replications_ratio() {
        let pairs = [(1.0, 2.0), (9.0, 10.0), (0.0, 0.0)];
        let mut m = RatioMoments::default();
        for &(x, y) in &pairs {
            m.add_kpi(Sample::ratio(x, y), KpiKind::Ratio, Estimator::DailyMean);
        }
        let e = m.estimate(0.95).unwrap();
        assert!((e.mean - 0.7).abs() < 1e-15);
        assert_eq!(e.replications, 2);
        let mut sums = RatioMoments::default();
        for &(x, y) in &pairs {
            sums.add_kpi(Sample::ratio(x, y), KpiKind::Ratio, Estimator::RatioOfSums);
        }
        assert!((sums.estimate(0.95).unwrap().mean - 10.0 / 12.0).abs() < 1e-15);
    }

    #[test]
    fn paired_difference_of_ratios_matches_its_linearisation() {
        let a = [(3.0, 4.0), (10.0, 12.0), (7.0, 9.0), (1.0, 5.0), (6.0, 6.0)];
        let b = [(3.5, 4.0), (11.0, 12.0), (8.0, 9.0), (2.0, 5.0), (6.0, 6.0)];
        let mut p = PairedRatioMoments::default();
        for (&(xa, ya), &(xb, yb)) in a.iter().zip(&b) {
            p.add(Sample::ratio(xa, ya), Sample::ratio(xb, yb));
        }
        let sum = |v: &[(f64, f64)]| v.iter().fold((0.0, 0.0), |(s, t), &(x, y)| (s + x, t + y));
        let n = a.len() as f64;
        let ((sxa, sya), (sxb, syb)) = (sum(&a), sum(&b));
        let (ra, rb) = (sxa / sya, sxb / syb);
        let z: Vec<f64> = a
            .iter()
            .zip(&b)
            .map(|(&(xa, ya), &(xb, yb))| (xb - rb * yb) / (syb / n) - (xa - ra * ya) / (sya / n))
            .collect();
        let zbar = z.iter().sum::<f64>() / n;
        let var = z.iter().map(|v| (v - zbar).powi(2)).sum::<f64>() / (n - 1.0) / n;
        let (d, h) = p.difference(0.95).unwrap();
        assert!((d - (rb - ra)).abs() < 1e-14);
        let t4 = 2.776_445_105;
        assert!((h.unwrap() - t4 * var.sqrt()).abs() < 1e-8);
    }

    #[test]
    fn identical_arms_differ_by_exactly_zero() {
        let mut p = PairedRatioMoments::default();
        for (x, y) in [(3.0, 4.0), (10.0, 12.0), (0.0, 0.0), (7.0, 9.0)] {
            p.add(Sample::ratio(x, y), Sample::ratio(x, y));
        }
        let (d, h) = p.difference(0.95).unwrap();
        assert_eq!(d, 0.0);
        assert_eq!(h, Some(0.0));
    }

    #[test]
    fn wilson_interval_is_inside_zero_one_and_covers_the_share() {
        let none = DaysMet { met: 0, days: 7 }.share(0.95).unwrap();
        assert_eq!((none.share, none.low), (0.0, 0.0));
        let all = DaysMet { met: 20, days: 20 }.share(0.95).unwrap();
        assert_eq!(all.share, 1.0);
        assert_eq!(all.high, 1.0);
        assert!(all.low > 0.8 && all.low < 1.0, "{all:?}");
        // 62 of 100 days: Wilson (p̂ + z²/2n ± z√(p̂q̂/n + z²/4n²))/(1 + z²/n) = [0.5221, 0.7090].
        let some = DaysMet { met: 62, days: 100 }.share(0.95).unwrap();
        assert!(
            (some.low - 0.5221).abs() < 5e-4 && (some.high - 0.7090).abs() < 5e-4,
            "{some:?}"
        );
        assert_eq!(DaysMet::default().share(0.95), None);
    }

    #[test]
    fn samples_are_written_as_pairs() {
        let s = Sample::ratio(3.0, 4.0);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, "[3.0,4.0]");
        assert_eq!(serde_json::from_str::<Sample>(&json).unwrap(), s);
        assert_eq!(Sample::ratio(1.0, 0.0), Sample::UNDEFINED);
        assert_eq!(Sample::UNDEFINED.get(), None);
    }
}
