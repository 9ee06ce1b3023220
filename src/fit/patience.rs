//! Patience from censored waits. An abandoned caller's wait is an observed
//! patience time; an answered caller's wait is right-censored: they would
//! have waited at least that long. Averaging the abandoned waits alone (the
//! "naive" estimate) keeps only the impatient and falls far below the true
//! mean patience whenever many callers are answered.
//!
//! Estimates: the Kaplan–Meier survival curve with Greenwood standard
//! errors, and censored maximum likelihood for the exponential (closed
//! form: abandons / total exposure), Weibull (profile equation) and
//! lognormal (Nelder–Mead), ranked by AIC.

use serde::Serialize;
use statrs::function::erf::erfc;

use super::families::{Fitted, SMALLEST_S, moments, weibull_ll, weibull_mle};
use super::numeric::{delta_standard_errors, nelder_mead};
use crate::distribution::{DistributionKind, RawDistribution};

/// Waits, each observed (the caller hung up) or censored (answered, or left
/// the queue another way first).
#[derive(Debug, Clone, Default)]
pub struct Waits {
    /// (seconds, observed)
    waits: Vec<(f64, bool)>,
}

impl Waits {
    pub fn add(&mut self, wait_s: f64, observed: bool) {
        self.waits.push((wait_s.max(0.0), observed));
    }

    pub fn len(&self) -> usize {
        self.waits.len()
    }

    pub fn is_empty(&self) -> bool {
        self.waits.is_empty()
    }

    pub fn observed(&self) -> usize {
        self.waits.iter().filter(|w| w.1).count()
    }
}

/// One step of the Kaplan–Meier curve: at `time_s`, `events` hung up out of
/// `at_risk` still waiting; the survival just after and its Greenwood SE.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct KaplanMeierStep {
    pub time_s: f64,
    pub at_risk: u64,
    pub events: u64,
    pub survival: f64,
    pub se: f64,
}

/// The Kaplan–Meier estimate of P(patience > t): at each time with
/// abandons, S ← S·(1 − d/n); Var S = S²·Σ d/(n(n − d)) (Greenwood). A
/// censored wait equal to an event time is still at risk at it (the usual
/// convention: censoring just after).
pub fn kaplan_meier(waits: &Waits) -> Vec<KaplanMeierStep> {
    let mut sorted = waits.waits.clone();
    // Events before censorings at the same time.
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut at_risk = sorted.len() as u64;
    let (mut survival, mut greenwood) = (1.0, 0.0);
    let mut steps = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let time = sorted[i].0;
        let (mut events, mut leaving) = (0u64, 0u64);
        while i < sorted.len() && sorted[i].0 == time {
            events += u64::from(sorted[i].1);
            leaving += 1;
            i += 1;
        }
        if events > 0 {
            let (n, d) = (at_risk as f64, events as f64);
            survival *= 1.0 - d / n;
            if at_risk > events {
                greenwood += d / (n * (n - d));
            }
            steps.push(KaplanMeierStep {
                time_s: time,
                at_risk,
                events,
                survival,
                se: survival * greenwood.sqrt(),
            });
        }
        at_risk -= leaving;
    }
    steps
}

/// At most `points` steps of the curve, evenly spaced along it, the last kept.
pub fn thinned(steps: &[KaplanMeierStep], points: usize) -> Vec<KaplanMeierStep> {
    if steps.len() <= points || points < 2 {
        return steps.to_vec();
    }
    let stride = steps.len().div_ceil(points - 1);
    let mut kept: Vec<_> = steps.iter().step_by(stride).copied().collect();
    if kept.last() != steps.last() {
        kept.push(*steps.last().expect("not empty"));
    }
    kept
}

/// A patience family fitted to censored waits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PatienceFit {
    pub family: DistributionKind,
    pub distribution: RawDistribution,
    pub log_likelihood: f64,
    pub parameters: u32,
    pub aic: f64,
    pub mean_s: f64,
    pub mean_se_s: Option<f64>,
    pub cv: f64,
}

/// Patience estimated from a queue's waits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PatienceEstimate {
    pub waits: u64,
    pub abandoned: u64,
    /// Share of waits censored (answered or otherwise not abandoned).
    pub censored_share: f64,
    /// Best AIC first.
    pub fits: Vec<PatienceFit>,
    /// The mean of the abandoned callers' waits: ignores censoring, biased low.
    pub naive_mean_s: Option<f64>,
    pub naive_mean_se_s: Option<f64>,
    /// At most 200 steps of the Kaplan–Meier curve.
    pub kaplan_meier: Vec<KaplanMeierStep>,
}

/// Sums the censored likelihoods need.
struct Censored {
    /// ln t of every wait > 0 (a censoring at 0 tells nothing).
    ln_all: Vec<f64>,
    /// ln t of the observed ones.
    ln_observed: Vec<f64>,
    /// ln t of the censored ones > 0.
    ln_censored: Vec<f64>,
    total_exposure: f64,
    observed: f64,
}

impl Censored {
    fn new(waits: &Waits) -> Self {
        let mut c = Censored {
            ln_all: Vec::new(),
            ln_observed: Vec::new(),
            ln_censored: Vec::new(),
            total_exposure: 0.0,
            observed: 0.0,
        };
        for &(t, observed) in &waits.waits {
            c.total_exposure += t;
            if observed {
                let l = t.max(SMALLEST_S).ln();
                c.ln_observed.push(l);
                c.ln_all.push(l);
                c.observed += 1.0;
            } else if t > 0.0 {
                c.ln_censored.push(t.ln());
                c.ln_all.push(t.ln());
            }
        }
        c
    }

    fn sum_ln_observed(&self) -> f64 {
        self.ln_observed.iter().sum()
    }
}

/// Patience from `waits`: KM, the censored MLEs, the naive mean.
pub fn estimate(waits: &Waits) -> PatienceEstimate {
    let abandoned = waits.observed();
    let naive: Vec<f64> = waits.waits.iter().filter(|w| w.1).map(|w| w.0).collect();
    let (naive_mean_s, naive_mean_se_s) = mean_and_se(&naive);
    let censored = Censored::new(waits);
    let mut fits: Vec<PatienceFit> = if abandoned >= 2 {
        [
            exponential(&censored),
            weibull(&censored),
            lognormal(&censored),
        ]
        .into_iter()
        .flatten()
        .collect()
    } else {
        Vec::new()
    };
    fits.sort_by(|a, b| a.aic.total_cmp(&b.aic));
    PatienceEstimate {
        waits: waits.len() as u64,
        abandoned: abandoned as u64,
        censored_share: if waits.is_empty() {
            0.0
        } else {
            1.0 - abandoned as f64 / waits.len() as f64
        },
        fits,
        naive_mean_s,
        naive_mean_se_s,
        kaplan_meier: thinned(&kaplan_meier(waits), 200),
    }
}

fn mean_and_se(values: &[f64]) -> (Option<f64>, Option<f64>) {
    if values.is_empty() {
        return (None, None);
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let se = (values.len() > 1).then(|| {
        let ss: f64 = values.iter().map(|v| (v - mean).powi(2)).sum();
        (ss / (n - 1.0) / n).sqrt()
    });
    (Some(mean), se)
}

fn finish(
    family: DistributionKind,
    distribution: RawDistribution,
    log_likelihood: f64,
    parameters: u32,
    fitted: Fitted,
    mean_se_s: Option<f64>,
) -> Option<PatienceFit> {
    if !log_likelihood.is_finite() {
        return None;
    }
    crate::distribution::Distribution::new(&distribution).ok()?;
    let (mean_s, cv) = moments(fitted);
    Some(PatienceFit {
        family,
        distribution,
        log_likelihood,
        parameters,
        aic: 2.0 * f64::from(parameters) - 2.0 * log_likelihood,
        mean_s,
        mean_se_s,
        cv,
    })
}

/// Closed form: mean = total exposure / abandons, SE = mean/√abandons.
fn exponential(c: &Censored) -> Option<PatienceFit> {
    let mean = c.total_exposure / c.observed;
    let log_likelihood = -c.observed * mean.ln() - c.total_exposure / mean;
    finish(
        DistributionKind::Exponential,
        RawDistribution {
            dist: DistributionKind::Exponential,
            mean_s: Some(mean),
            ..RawDistribution::default()
        },
        log_likelihood,
        1,
        Fitted::Exponential { mean },
        Some(mean / c.observed.sqrt()),
    )
}

fn weibull(c: &Censored) -> Option<PatienceFit> {
    let sum_ln = c.sum_ln_observed();
    let (shape, scale) = weibull_mle(&c.ln_all, c.observed, sum_ln)?;
    let theta = [shape.ln(), scale.ln()];
    let ll = |t: &[f64; 2]| weibull_ll(&c.ln_all, c.observed, sum_ln, t);
    let mean_of = |t: &[f64; 2]| {
        [moments(Fitted::Weibull {
            shape: t[0].exp(),
            scale: t[1].exp(),
        })
        .0]
    };
    finish(
        DistributionKind::Weibull,
        RawDistribution {
            dist: DistributionKind::Weibull,
            shape: Some(shape),
            scale_s: Some(scale),
            ..RawDistribution::default()
        },
        ll(&theta),
        2,
        Fitted::Weibull { shape, scale },
        delta_standard_errors(ll, theta, mean_of).map(|e| e[0]),
    )
}

/// ln P(Z > z) for a standard normal, without underflow far in the tail.
fn ln_normal_tail(z: f64) -> f64 {
    let tail = 0.5 * erfc(z / std::f64::consts::SQRT_2);
    if tail > 1e-300 {
        tail.ln()
    } else {
        -0.5 * z * z - (z * (2.0 * std::f64::consts::PI).sqrt()).ln()
    }
}

/// Censored lognormal log-likelihood at (μ, ln σ), without the Σ ln t term
/// of the observed times (a constant; added back for the AIC).
fn lognormal_ll(c: &Censored, sums: (f64, f64), t: &[f64; 2]) -> f64 {
    let (mu, ln_sigma) = (t[0], t[1]);
    let sigma = ln_sigma.exp();
    let (sum_ln, sum_ln2) = sums;
    let r = c.observed;
    let squares = sum_ln2 - 2.0 * mu * sum_ln + r * mu * mu;
    let observed = -r * ln_sigma
        - 0.5 * r * (2.0 * std::f64::consts::PI).ln()
        - squares / (2.0 * sigma * sigma);
    let censored: f64 = c
        .ln_censored
        .iter()
        .map(|&l| ln_normal_tail((l - mu) / sigma))
        .sum();
    observed + censored
}

fn lognormal(c: &Censored) -> Option<PatienceFit> {
    let sum_ln = c.sum_ln_observed();
    let sum_ln2: f64 = c.ln_observed.iter().map(|l| l * l).sum();
    let sums = (sum_ln, sum_ln2);
    // Start from the logs of every wait: between the naive and the truth.
    let n_all = c.ln_all.len() as f64;
    let mu0 = c.ln_all.iter().sum::<f64>() / n_all;
    let var0 = c.ln_all.iter().map(|l| (l - mu0).powi(2)).sum::<f64>() / n_all;
    let start = [mu0, 0.5 * var0.max(0.01).ln()];
    let theta = nelder_mead(|t| -lognormal_ll(c, sums, t), start, 0.5);
    let ll = |t: &[f64; 2]| lognormal_ll(c, sums, t);
    let fitted = Fitted::Lognormal {
        mu: theta[0],
        sigma: theta[1].exp(),
    };
    let (mean, cv) = moments(fitted);
    let mean_of = |t: &[f64; 2]| {
        [moments(Fitted::Lognormal {
            mu: t[0],
            sigma: t[1].exp(),
        })
        .0]
    };
    finish(
        DistributionKind::Lognormal,
        RawDistribution {
            dist: DistributionKind::Lognormal,
            mean_s: Some(mean),
            cv: Some(cv),
            ..RawDistribution::default()
        },
        ll(&theta) - sum_ln,
        2,
        fitted,
        delta_standard_errors(ll, theta, mean_of).map(|e| e[0]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The textbook example: times 3, 4+, 5, 5, 8+, 9 (+ censored).
    /// S(3) = 5/6; at 5 the risk set is {5, 5, 8+, 9}: S(5) = 5/6·2/4 = 5/12;
    /// at 9 one at risk: S(9) = 0. Greenwood at 3: S²·1/(6·5).
    #[test]
    fn kaplan_meier_by_hand() {
        let mut waits = Waits::default();
        for (t, o) in [
            (3.0, true),
            (4.0, false),
            (5.0, true),
            (5.0, true),
            (8.0, false),
            (9.0, true),
        ] {
            waits.add(t, o);
        }
        let km = kaplan_meier(&waits);
        let times: Vec<f64> = km.iter().map(|s| s.time_s).collect();
        assert_eq!(times, vec![3.0, 5.0, 9.0]);
        assert!((km[0].survival - 5.0 / 6.0).abs() < 1e-12);
        assert!((km[1].survival - 5.0 / 12.0).abs() < 1e-12);
        assert_eq!((km[1].at_risk, km[1].events), (4, 2));
        assert_eq!(km[2].survival, 0.0);
        let greenwood_3 = (5.0f64 / 6.0) * (1.0f64 / 30.0).sqrt();
        assert!((km[0].se - greenwood_3).abs() < 1e-12);
        // At 5: S·√(1/30 + 2/(4·2)).
        let greenwood_5 = (5.0f64 / 12.0) * (1.0f64 / 30.0 + 2.0 / 8.0).sqrt();
        assert!((km[1].se - greenwood_5).abs() < 1e-12);
    }

    #[test]
    fn the_exponential_mle_is_exposure_over_abandons() {
        let mut waits = Waits::default();
        for (t, o) in [(10.0, true), (20.0, false), (30.0, true), (40.0, false)] {
            waits.add(t, o);
        }
        let estimate = estimate(&waits);
        let exp = estimate
            .fits
            .iter()
            .find(|f| f.family == DistributionKind::Exponential)
            .unwrap();
        assert_eq!(exp.mean_s, 50.0);
        assert_eq!(estimate.naive_mean_s, Some(20.0));
        assert_eq!(estimate.censored_share, 0.5);
    }

    #[test]
    fn thinning_keeps_the_last_step() {
        let steps: Vec<KaplanMeierStep> = (0..1000)
            .map(|i| KaplanMeierStep {
                time_s: f64::from(i),
                at_risk: 1,
                events: 1,
                survival: 1.0,
                se: 0.0,
            })
            .collect();
        let kept = thinned(&steps, 200);
        assert!(kept.len() <= 201);
        assert_eq!(kept.last().unwrap().time_s, 999.0);
    }
}
