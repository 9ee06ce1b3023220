//! Durations (talk, after-call work) fitted by maximum likelihood over
//! callsim's families that have a likelihood — exponential, lognormal,
//! gamma, Erlang, Weibull — ranked by AIC, each with its standard errors and
//! a Kolmogorov–Smirnov distance. Uniform, constant and empirical are left
//! out: the first two have no regular likelihood (the MLE sits on the
//! sample's edge) and the last fits any sample perfectly.
//!
//! Closed forms where they exist (exponential, lognormal); one-dimensional
//! monotone roots otherwise (gamma's shape from ln k − ψ(k) = ln x̄ − mean ln x,
//! Weibull's shape from its profile equation).

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, Gamma, Normal};
use statrs::function::gamma::{digamma, ln_gamma};

use super::numeric::{bisect, delta_standard_errors, kolmogorov_p_value};
use crate::distribution::{DistributionKind, RawDistribution};

/// Values at or below zero (a log rounds durations to the millisecond) are
/// read as half a millisecond, so that every family's log-likelihood exists.
pub const SMALLEST_S: f64 = 0.0005;

/// A sample of durations, sorted, with the sums the likelihoods need.
#[derive(Debug, Clone, Default)]
pub struct Durations {
    values: Vec<f64>,
    sum: f64,
    sum_ln: f64,
    sum_ln2: f64,
}

impl Durations {
    /// `values` sorted in place (KS needs the order), zeros raised to [`SMALLEST_S`].
    pub fn new(mut values: Vec<f64>) -> Self {
        for v in &mut values {
            *v = v.max(SMALLEST_S);
        }
        values.sort_by(f64::total_cmp);
        let (mut sum, mut sum_ln, mut sum_ln2) = (0.0, 0.0, 0.0);
        for &v in &values {
            let ln = v.ln();
            sum += v;
            sum_ln += ln;
            sum_ln2 += ln * ln;
        }
        Self {
            values,
            sum,
            sum_ln,
            sum_ln2,
        }
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    pub fn values(&self) -> &[f64] {
        &self.values
    }

    fn n(&self) -> f64 {
        self.values.len() as f64
    }

    pub fn mean(&self) -> f64 {
        self.sum / self.n()
    }
}

/// One family fitted to a sample.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FamilyFit {
    pub family: DistributionKind,
    /// The scenario's table for it (`dist`, `mean_s`, `cv` or `shape`, `scale_s`).
    pub distribution: RawDistribution,
    pub log_likelihood: f64,
    /// Number of parameters fitted.
    pub parameters: u32,
    /// 2·parameters − 2·log L: the lowest wins.
    pub aic: f64,
    pub mean_s: f64,
    pub mean_se_s: Option<f64>,
    pub cv: f64,
    /// `None` where cv is fixed by the family (exponential) or its SE is undefined.
    pub cv_se: Option<f64>,
    pub ks: GoodnessOfFit,
}

/// The Kolmogorov–Smirnov distance between the sample and a fitted family.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GoodnessOfFit {
    /// sup |F_n(x) − F(x)|.
    pub ks_distance: f64,
    /// From the Kolmogorov distribution. The parameters were estimated from
    /// the same sample, which makes it conservative (Lilliefors): a small
    /// p-value still rejects the family.
    pub ks_p_value: f64,
    /// The 5 % critical distance, 1.358/√n.
    pub ks_critical_5pct: f64,
}

/// Every family fitted to `sample` (at least two values, not all equal),
/// best AIC first; families whose fit fails numerically are left out.
pub fn fit_families(sample: &Durations) -> Vec<FamilyFit> {
    if sample.len() < 2 {
        return Vec::new();
    }
    let mut fits: Vec<FamilyFit> = [
        exponential(sample),
        lognormal(sample),
        gamma(sample),
        erlang(sample),
        weibull(sample),
    ]
    .into_iter()
    .flatten()
    .collect();
    fits.sort_by(|a, b| a.aic.total_cmp(&b.aic));
    fits
}

/// A fitted family's distribution function, quantile and moments.
#[derive(Debug, Clone, Copy)]
pub enum Fitted {
    Exponential { mean: f64 },
    Lognormal { mu: f64, sigma: f64 },
    Gamma { shape: f64, scale: f64 },
    Weibull { shape: f64, scale: f64 },
}

impl Fitted {
    pub fn cdf(self, x: f64) -> f64 {
        match self {
            Fitted::Exponential { mean } => 1.0 - (-x / mean).exp(),
            Fitted::Lognormal { mu, sigma } => standard_normal().cdf((x.ln() - mu) / sigma),
            Fitted::Gamma { shape, scale } => statrs::function::gamma::gamma_lr(shape, x / scale),
            Fitted::Weibull { shape, scale } => 1.0 - (-(x / scale).powf(shape)).exp(),
        }
    }

    pub fn quantile(self, p: f64) -> f64 {
        match self {
            Fitted::Exponential { mean } => -mean * (1.0 - p).ln(),
            Fitted::Lognormal { mu, sigma } => {
                (mu + sigma * standard_normal().inverse_cdf(p)).exp()
            }
            Fitted::Gamma { shape, scale } => Gamma::new(shape, 1.0 / scale)
                .map(|g| g.inverse_cdf(p))
                .unwrap_or(f64::NAN),
            Fitted::Weibull { shape, scale } => scale * (-(1.0 - p).ln()).powf(1.0 / shape),
        }
    }

    /// The fitted family back from a scenario table written by this module.
    pub fn of(raw: &RawDistribution) -> Option<Self> {
        let mean = raw.mean_s;
        Some(match raw.dist {
            DistributionKind::Exponential => Fitted::Exponential { mean: mean? },
            DistributionKind::Lognormal => {
                let sigma2 = (1.0 + raw.cv? * raw.cv?).ln();
                Fitted::Lognormal {
                    mu: mean?.ln() - sigma2 / 2.0,
                    sigma: sigma2.sqrt(),
                }
            }
            DistributionKind::Gamma | DistributionKind::Erlang => {
                let shape = match raw.dist {
                    DistributionKind::Erlang => raw.k?,
                    _ => 1.0 / (raw.cv? * raw.cv?),
                };
                Fitted::Gamma {
                    shape,
                    scale: mean? / shape,
                }
            }
            DistributionKind::Weibull => Fitted::Weibull {
                shape: raw.shape?,
                scale: raw.scale_s?,
            },
            _ => return None,
        })
    }
}

fn standard_normal() -> Normal {
    Normal::new(0.0, 1.0).expect("the standard normal")
}

/// The KS distance of the sorted `values` from `fitted`.
pub fn goodness_of_fit(values: &[f64], fitted: Fitted) -> GoodnessOfFit {
    let n = values.len() as f64;
    let mut distance: f64 = 0.0;
    for (i, &x) in values.iter().enumerate() {
        let f = fitted.cdf(x);
        distance = distance.max(f - i as f64 / n).max((i + 1) as f64 / n - f);
    }
    GoodnessOfFit {
        ks_distance: distance,
        ks_p_value: kolmogorov_p_value(distance, values.len()),
        ks_critical_5pct: 1.358 / n.sqrt(),
    }
}

/// Assembles a fit: AIC, moments and their SEs, KS.
struct Assembly<'a> {
    sample: &'a Durations,
    family: DistributionKind,
    distribution: RawDistribution,
    log_likelihood: f64,
    parameters: u32,
    fitted: Fitted,
    errors: Option<[f64; 2]>,
    cv_fixed: bool,
}

impl Assembly<'_> {
    fn finish(self) -> Option<FamilyFit> {
        if !self.log_likelihood.is_finite() {
            return None;
        }
        crate::distribution::Distribution::new(&self.distribution).ok()?;
        let (mean_s, cv) = moments(self.fitted);
        Some(FamilyFit {
            family: self.family,
            distribution: self.distribution,
            log_likelihood: self.log_likelihood,
            parameters: self.parameters,
            aic: 2.0 * f64::from(self.parameters) - 2.0 * self.log_likelihood,
            mean_s,
            mean_se_s: self.errors.map(|e| e[0]),
            cv,
            cv_se: if self.cv_fixed {
                None
            } else {
                self.errors.map(|e| e[1])
            },
            ks: goodness_of_fit(self.sample.values(), self.fitted),
        })
    }
}

/// Mean and coefficient of variation of a fitted family.
pub fn moments(fitted: Fitted) -> (f64, f64) {
    match fitted {
        Fitted::Exponential { mean } => (mean, 1.0),
        Fitted::Lognormal { mu, sigma } => (
            (mu + sigma * sigma / 2.0).exp(),
            ((sigma * sigma).exp() - 1.0).sqrt(),
        ),
        Fitted::Gamma { shape, scale } => (shape * scale, 1.0 / shape.sqrt()),
        Fitted::Weibull { shape, scale } => {
            let g1 = ln_gamma(1.0 + 1.0 / shape);
            let g2 = ln_gamma(1.0 + 2.0 / shape);
            (
                scale * g1.exp(),
                ((g2 - 2.0 * g1).exp() - 1.0).max(0.0).sqrt(),
            )
        }
    }
}

fn exponential(sample: &Durations) -> Option<FamilyFit> {
    let (n, sum) = (sample.n(), sample.sum);
    let mean = sum / n;
    let ll = |t: &[f64; 1]| -n * t[0] - sum / t[0].exp();
    Assembly {
        sample,
        family: DistributionKind::Exponential,
        distribution: RawDistribution {
            dist: DistributionKind::Exponential,
            mean_s: Some(mean),
            ..RawDistribution::default()
        },
        log_likelihood: ll(&[mean.ln()]),
        parameters: 1,
        fitted: Fitted::Exponential { mean },
        // Closed form: SE of the mean = mean/√n.
        errors: Some([mean / n.sqrt(), 0.0]),
        cv_fixed: true,
    }
    .finish()
}

/// Log-likelihood of a lognormal (μ, ln σ) from the sums.
fn lognormal_ll(sample: &Durations, t: &[f64; 2]) -> f64 {
    let (n, mu, sigma) = (sample.n(), t[0], t[1].exp());
    let squares = sample.sum_ln2 - 2.0 * mu * sample.sum_ln + n * mu * mu;
    -sample.sum_ln
        - n * sigma.ln()
        - 0.5 * n * (2.0 * std::f64::consts::PI).ln()
        - squares / (2.0 * sigma * sigma)
}

fn lognormal(sample: &Durations) -> Option<FamilyFit> {
    let n = sample.n();
    let mu = sample.sum_ln / n;
    let variance = (sample.sum_ln2 / n - mu * mu).max(0.0);
    if variance <= 0.0 {
        return None;
    }
    let sigma = variance.sqrt();
    let fitted = Fitted::Lognormal { mu, sigma };
    let (mean, cv) = moments(fitted);
    let theta = [mu, sigma.ln()];
    let to_moments = |t: &[f64; 2]| {
        let (m, c) = moments(Fitted::Lognormal {
            mu: t[0],
            sigma: t[1].exp(),
        });
        [m, c]
    };
    Assembly {
        sample,
        family: DistributionKind::Lognormal,
        distribution: mean_cv(DistributionKind::Lognormal, mean, cv),
        log_likelihood: lognormal_ll(sample, &theta),
        parameters: 2,
        fitted,
        errors: delta_standard_errors(|t| lognormal_ll(sample, t), theta, to_moments),
        cv_fixed: false,
    }
    .finish()
}

fn mean_cv(dist: DistributionKind, mean: f64, cv: f64) -> RawDistribution {
    RawDistribution {
        dist,
        mean_s: Some(mean),
        cv: Some(cv),
        ..RawDistribution::default()
    }
}

/// Log-likelihood of a gamma (ln shape, ln scale) from the sums.
fn gamma_ll(sample: &Durations, t: &[f64; 2]) -> f64 {
    let (n, k, theta) = (sample.n(), t[0].exp(), t[1].exp());
    (k - 1.0) * sample.sum_ln - sample.sum / theta - n * k * theta.ln() - n * ln_gamma(k)
}

/// The gamma shape's MLE: the root of ln k − ψ(k) = ln x̄ − mean ln x
/// (the left side falls from +∞ to 0 as k grows).
fn gamma_shape(sample: &Durations) -> Option<f64> {
    let s = sample.mean().ln() - sample.sum_ln / sample.n();
    if !(s > 0.0 && s.is_finite()) {
        return None;
    }
    let ln_k = bisect(|ln_k| ln_k - digamma(ln_k.exp()) - s, -12.0, 20.0)?;
    Some(ln_k.exp())
}

fn gamma(sample: &Durations) -> Option<FamilyFit> {
    let shape = gamma_shape(sample)?;
    let scale = sample.mean() / shape;
    let theta = [shape.ln(), scale.ln()];
    let to_moments = |t: &[f64; 2]| [(t[0] + t[1]).exp(), (-0.5 * t[0]).exp()];
    Assembly {
        sample,
        family: DistributionKind::Gamma,
        distribution: mean_cv(DistributionKind::Gamma, sample.mean(), 1.0 / shape.sqrt()),
        log_likelihood: gamma_ll(sample, &theta),
        parameters: 2,
        fitted: Fitted::Gamma { shape, scale },
        errors: delta_standard_errors(|t| gamma_ll(sample, t), theta, to_moments),
        cv_fixed: false,
    }
    .finish()
}

/// A gamma with a whole shape: the better of the two whole numbers around
/// gamma's shape (the likelihood in k is unimodal), the scale x̄/k. Its SE
/// takes k as known; k counts as a parameter in the AIC.
fn erlang(sample: &Durations) -> Option<FamilyFit> {
    let shape = gamma_shape(sample)?;
    let mean = sample.mean();
    let ll_at = |k: f64| gamma_ll(sample, &[k.ln(), (mean / k).ln()]);
    let candidates = [shape.floor().max(1.0), shape.ceil().max(1.0)];
    let k = if ll_at(candidates[0]) >= ll_at(candidates[1]) {
        candidates[0]
    } else {
        candidates[1]
    };
    if k > 10_000.0 {
        return None;
    }
    Assembly {
        sample,
        family: DistributionKind::Erlang,
        distribution: RawDistribution {
            dist: DistributionKind::Erlang,
            mean_s: Some(mean),
            k: Some(k),
            ..RawDistribution::default()
        },
        log_likelihood: ll_at(k),
        parameters: 2,
        fitted: Fitted::Gamma {
            shape: k,
            scale: mean / k,
        },
        errors: delta_standard_errors(
            |t: &[f64; 1]| gamma_ll(sample, &[k.ln(), t[0] - k.ln()]),
            [mean.ln()],
            |t| [t[0].exp(), 1.0 / k.sqrt()],
        )
        .map(|e| [e[0], 0.0]),
        cv_fixed: true,
    }
    .finish()
}

/// Σ w·x^k and Σ w·x^k·ln x over `ln_x`, scaled by e^(−k·ln_max) so that large
/// shapes do not overflow; the scale cancels in the profile equation.
fn power_sums(ln_x: &[f64], k: f64, ln_max: f64) -> (f64, f64) {
    let (mut s, mut s_ln) = (0.0, 0.0);
    for &l in ln_x {
        let p = (k * (l - ln_max)).exp();
        s += p;
        s_ln += p * l;
    }
    (s, s_ln)
}

/// Weibull MLE by its profile equation, for censored data too: `ln_all` the
/// logs of every time (observed and censored), `observed` how many of them
/// are observed and `sum_ln_observed` the sum of their logs. The shape k
/// solves Σ t^k ln t / Σ t^k − 1/k − (Σ_obs ln t)/r = 0 (increasing in k);
/// the scale is (Σ t^k / r)^(1/k). Returns (shape, scale).
pub fn weibull_mle(ln_all: &[f64], observed: f64, sum_ln_observed: f64) -> Option<(f64, f64)> {
    let ln_max = ln_all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mean_ln = sum_ln_observed / observed;
    let profile = |ln_k: f64| {
        let k = ln_k.exp();
        let (s, s_ln) = power_sums(ln_all, k, ln_max);
        s_ln / s - 1.0 / k - mean_ln
    };
    let shape = bisect(profile, (0.02f64).ln(), (100.0f64).ln())?.exp();
    let (s, _) = power_sums(ln_all, shape, ln_max);
    let scale = ((s / observed).ln() / shape + ln_max).exp();
    Some((shape, scale))
}

/// Weibull log-likelihood at (ln shape, ln scale), censored times included.
pub fn weibull_ll(ln_all: &[f64], observed: f64, sum_ln_observed: f64, t: &[f64; 2]) -> f64 {
    let (k, ln_scale) = (t[0].exp(), t[1]);
    let tail: f64 = ln_all.iter().map(|&l| (k * (l - ln_scale)).exp()).sum();
    observed * (k.ln() - k * ln_scale) + (k - 1.0) * sum_ln_observed - tail
}

fn weibull(sample: &Durations) -> Option<FamilyFit> {
    let ln_x: Vec<f64> = sample.values.iter().map(|v| v.ln()).collect();
    let n = sample.n();
    let (shape, scale) = weibull_mle(&ln_x, n, sample.sum_ln)?;
    let theta = [shape.ln(), scale.ln()];
    let to_moments = |t: &[f64; 2]| {
        let (m, c) = moments(Fitted::Weibull {
            shape: t[0].exp(),
            scale: t[1].exp(),
        });
        [m, c]
    };
    Assembly {
        sample,
        family: DistributionKind::Weibull,
        distribution: RawDistribution {
            dist: DistributionKind::Weibull,
            shape: Some(shape),
            scale_s: Some(scale),
            ..RawDistribution::default()
        },
        log_likelihood: weibull_ll(&ln_x, n, sample.sum_ln, &theta),
        parameters: 2,
        fitted: Fitted::Weibull { shape, scale },
        errors: delta_standard_errors(
            |t| weibull_ll(&ln_x, n, sample.sum_ln, t),
            theta,
            to_moments,
        ),
        cv_fixed: false,
    }
    .finish()
}

/// Quantile pairs (empirical, fitted) at p = 1 %, 2 %, … 99 %: the Q-Q chart's points.
pub fn quantile_pairs(sample: &Durations, fitted: Fitted) -> Vec<(f64, f64)> {
    let values = sample.values();
    if values.is_empty() {
        return Vec::new();
    }
    (1..100)
        .map(|i| {
            let p = f64::from(i) / 100.0;
            let at = ((p * values.len() as f64).ceil() as usize).clamp(1, values.len()) - 1;
            (values[at], fitted.quantile(p))
        })
        .filter(|(_, q)| q.is_finite())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponential_mle_is_the_mean() {
        let sample = Durations::new(vec![1.0, 2.0, 3.0, 6.0]);
        let fit = exponential(&sample).unwrap();
        assert_eq!(fit.mean_s, 3.0);
        assert_eq!(fit.mean_se_s, Some(1.5));
        // log L = −n ln m − n.
        assert!((fit.log_likelihood - (-4.0 * 3f64.ln() - 4.0)).abs() < 1e-12);
    }

    #[test]
    fn the_weibull_profile_with_shape_one_is_the_exponential() {
        // At k = 1 the scale is Σt/r, the exponential's censored MLE.
        let ln_t: Vec<f64> = [1.0f64, 2.0, 4.0].iter().map(|v| v.ln()).collect();
        let (s, _) = power_sums(&ln_t, 1.0, 0.0);
        assert!((s - 7.0).abs() < 1e-12);
    }
}
