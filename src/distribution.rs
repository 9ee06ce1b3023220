//! Distributions of durations (handle times, patience, after-call work), built
//! from validated parameters and ready to sample.

use rand::{Rng, RngExt};
use rand_distr::Distribution as _;
use serde::{Deserialize, Serialize};

/// A distribution of durations: `dist` names it, and the keys it takes are
/// checked by [`Distribution::new`](crate::distribution::Distribution::new).
/// A flat table (rather than a tagged enum) keeps every key's own field path
/// in error messages.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawDistribution {
    pub dist: DistributionKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_s: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cv: Option<f64>,
    /// Erlang phases (a whole number, read as a number to check its range).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub k: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shape: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale_s: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_s: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_s: Option<f64>,
    /// The most likely duration of a triangular distribution.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode_s: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_s: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values_s: Option<Vec<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weights: Option<Vec<f64>>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DistributionKind {
    #[default]
    Exponential,
    Lognormal,
    Gamma,
    Erlang,
    Weibull,
    Uniform,
    /// From `min_s` to `max_s`, most likely at `mode_s`: what a planner can
    /// say of a task without data ("2 to 10 minutes, usually 4").
    Triangular,
    Constant,
    /// Draws one of `values_s`, with `weights` (default: equally likely).
    Empirical,
}

impl DistributionKind {
    pub fn name(self) -> &'static str {
        match self {
            DistributionKind::Exponential => "exponential",
            DistributionKind::Lognormal => "lognormal",
            DistributionKind::Gamma => "gamma",
            DistributionKind::Erlang => "erlang",
            DistributionKind::Weibull => "weibull",
            DistributionKind::Uniform => "uniform",
            DistributionKind::Triangular => "triangular",
            DistributionKind::Constant => "constant",
            DistributionKind::Empirical => "empirical",
        }
    }

    /// The keys this distribution takes (besides `dist`); optional ones last.
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            DistributionKind::Exponential => &["mean_s"],
            DistributionKind::Lognormal | DistributionKind::Gamma => &["mean_s", "cv"],
            DistributionKind::Erlang => &["mean_s", "k"],
            DistributionKind::Weibull => &["shape", "scale_s"],
            DistributionKind::Uniform => &["min_s", "max_s"],
            DistributionKind::Triangular => &["min_s", "mode_s", "max_s"],
            DistributionKind::Constant => &["value_s"],
            DistributionKind::Empirical => &["values_s", "weights"],
        }
    }
}

impl RawDistribution {
    /// The keys given in the table (besides `dist`).
    pub fn given_keys(&self) -> Vec<&'static str> {
        let present = [
            ("mean_s", self.mean_s.is_some()),
            ("cv", self.cv.is_some()),
            ("k", self.k.is_some()),
            ("shape", self.shape.is_some()),
            ("scale_s", self.scale_s.is_some()),
            ("min_s", self.min_s.is_some()),
            ("max_s", self.max_s.is_some()),
            ("mode_s", self.mode_s.is_some()),
            ("value_s", self.value_s.is_some()),
            ("values_s", self.values_s.is_some()),
            ("weights", self.weights.is_some()),
        ];
        present
            .iter()
            .filter(|(_, given)| *given)
            .map(|(k, _)| *k)
            .collect()
    }
}

/// The longest mean or value accepted for a duration: about eleven days.
pub const MAX_DURATION_S: f64 = 1e6;

/// The most values an empirical distribution may list.
pub const MAX_EMPIRICAL_VALUES: usize = 100_000;

/// A distribution of durations in seconds: the parameters as written, the
/// mean, and a sampler that draws values ≥ 0.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(into = "RawDistribution")]
pub struct Distribution {
    raw: RawDistribution,
    mean: f64,
    sampler: Sampler,
}

#[derive(Debug, Clone, PartialEq)]
enum Sampler {
    Exponential(rand_distr::Exp<f64>),
    LogNormal(rand_distr::LogNormal<f64>),
    Gamma(rand_distr::Gamma<f64>),
    Weibull(rand_distr::Weibull<f64>),
    Uniform {
        min: f64,
        width: f64,
    },
    Triangular(rand_distr::Triangular<f64>),
    Constant(f64),
    Empirical {
        values: Vec<f64>,
        /// Cumulative weights normalised to end at 1.
        cumulative: Vec<f64>,
    },
}

impl From<Distribution> for RawDistribution {
    fn from(d: Distribution) -> Self {
        d.raw
    }
}

/// A number for a message: plain when of a readable size, else in exponent form
/// (1e308 rather than 309 digits).
pub fn show(v: f64) -> String {
    if v != 0.0 && v.is_finite() && (v.abs() >= 1e9 || v.abs() < 1e-4) {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

/// A rule a parameter broke: (field name inside the distribution, message).
pub type ParameterError = (&'static str, String);

fn positive(name: &'static str, v: f64) -> Result<f64, ParameterError> {
    if !v.is_finite() {
        return Err((name, format!("must be a finite number, got {}", show(v))));
    }
    if v <= 0.0 || v > MAX_DURATION_S {
        return Err((
            name,
            format!("must be > 0 and at most {MAX_DURATION_S}, got {}", show(v)),
        ));
    }
    Ok(v)
}

fn non_negative(name: &'static str, v: f64) -> Result<f64, ParameterError> {
    if !v.is_finite() {
        return Err((name, format!("must be a finite number, got {}", show(v))));
    }
    if !(0.0..=MAX_DURATION_S).contains(&v) {
        return Err((
            name,
            format!("must be >= 0 and at most {MAX_DURATION_S}, got {}", show(v)),
        ));
    }
    Ok(v)
}

fn coefficient_of_variation(v: f64) -> Result<f64, ParameterError> {
    if !v.is_finite() || v <= 0.0 || v > 100.0 {
        return Err((
            "cv",
            format!(
                "must be > 0 and at most 100 (use dist = \"constant\" for no variation), got {v}"
            ),
        ));
    }
    Ok(v)
}

/// The weights, their total and the mean of `values` under them. Weights as
/// large as 1e308 add up to infinity (and tiny ones to a subnormal): those
/// are first divided by the largest weight, which keeps the shares. Weights
/// whose sum is an ordinary number are used as given.
fn normalised_weights(values: &[f64], weights: Vec<f64>) -> (Vec<f64>, f64, f64) {
    let summed = |weights: &[f64]| {
        let total: f64 = weights.iter().sum();
        let mean: f64 = values.iter().zip(weights).map(|(v, w)| v * w / total).sum();
        (total, mean)
    };
    let (total, mean) = summed(&weights);
    if total.is_normal() && mean.is_finite() {
        return (weights, total, mean);
    }
    let largest = weights.iter().copied().fold(0.0, f64::max);
    let scaled: Vec<f64> = weights.iter().map(|w| w / largest).collect();
    let (total, mean) = summed(&scaled);
    (scaled, total, mean)
}

/// A sampler with its mean, or the parameter at fault.
type Built = Result<(f64, Sampler), ParameterError>;

/// The value of `key`, required by distributions of `kind`.
fn required(
    kind: DistributionKind,
    key: &'static str,
    value: Option<f64>,
) -> Result<f64, ParameterError> {
    value.ok_or((key, format!("is required for dist = \"{}\"", kind.name())))
}

fn exponential(raw: &RawDistribution) -> Built {
    let mean = positive("mean_s", required(raw.dist, "mean_s", raw.mean_s)?)?;
    let inner = rand_distr::Exp::new(1.0 / mean).map_err(|e| ("mean_s", e.to_string()))?;
    Ok((mean, Sampler::Exponential(inner)))
}

fn lognormal(raw: &RawDistribution) -> Built {
    let mean = positive("mean_s", required(raw.dist, "mean_s", raw.mean_s)?)?;
    let cv = coefficient_of_variation(required(raw.dist, "cv", raw.cv)?)?;
    let sigma2 = (1.0 + cv * cv).ln();
    let inner = rand_distr::LogNormal::new(mean.ln() - sigma2 / 2.0, sigma2.sqrt())
        .map_err(|e| ("cv", e.to_string()))?;
    Ok((mean, Sampler::LogNormal(inner)))
}

fn gamma(raw: &RawDistribution) -> Built {
    let mean = positive("mean_s", required(raw.dist, "mean_s", raw.mean_s)?)?;
    let cv = coefficient_of_variation(required(raw.dist, "cv", raw.cv)?)?;
    let shape = 1.0 / (cv * cv);
    let inner = rand_distr::Gamma::new(shape, mean / shape).map_err(|e| ("cv", e.to_string()))?;
    Ok((mean, Sampler::Gamma(inner)))
}

fn erlang(raw: &RawDistribution) -> Built {
    let mean = positive("mean_s", required(raw.dist, "mean_s", raw.mean_s)?)?;
    let k = required(raw.dist, "k", raw.k)?;
    if !(k.fract() == 0.0 && (1.0..=10_000.0).contains(&k)) {
        return Err((
            "k",
            format!("must be a whole number from 1 to 10000, got {}", show(k)),
        ));
    }
    let inner = rand_distr::Gamma::new(k, mean / k).map_err(|e| ("k", e.to_string()))?;
    Ok((mean, Sampler::Gamma(inner)))
}

fn weibull(raw: &RawDistribution) -> Built {
    let shape = required(raw.dist, "shape", raw.shape)?;
    if !shape.is_finite() || shape <= 0.0 || shape > 100.0 {
        return Err((
            "shape",
            format!("must be > 0 and at most 100, got {}", show(shape)),
        ));
    }
    let scale = positive("scale_s", required(raw.dist, "scale_s", raw.scale_s)?)?;
    let inner = rand_distr::Weibull::new(scale, shape).map_err(|e| ("shape", e.to_string()))?;
    let mean = scale * crate::stats::gamma_function(1.0 + 1.0 / shape);
    // A small shape gives an astronomically long tail: cap the mean like any duration.
    if !mean.is_finite() || mean > MAX_DURATION_S {
        return Err((
            "shape",
            format!(
                "{} with scale_s = {} gives a mean of {} s: at most {MAX_DURATION_S}",
                show(shape),
                show(scale),
                if mean.is_finite() {
                    show(mean)
                } else {
                    "more than 1e308".into()
                }
            ),
        ));
    }
    Ok((mean, Sampler::Weibull(inner)))
}

fn uniform(raw: &RawDistribution) -> Built {
    let min = non_negative("min_s", required(raw.dist, "min_s", raw.min_s)?)?;
    let max = non_negative("max_s", required(raw.dist, "max_s", raw.max_s)?)?;
    if max < min {
        return Err((
            "max_s",
            format!("must be >= min_s ({}), got {}", show(min), show(max)),
        ));
    }
    Ok((
        (min + max) / 2.0,
        Sampler::Uniform {
            min,
            width: max - min,
        },
    ))
}

fn triangular(raw: &RawDistribution) -> Built {
    let min = non_negative("min_s", required(raw.dist, "min_s", raw.min_s)?)?;
    let mode = non_negative("mode_s", required(raw.dist, "mode_s", raw.mode_s)?)?;
    let max = non_negative("max_s", required(raw.dist, "max_s", raw.max_s)?)?;
    if mode < min {
        return Err((
            "mode_s",
            format!("must be >= min_s ({}), got {}", show(min), show(mode)),
        ));
    }
    if max < mode {
        return Err((
            "max_s",
            format!("must be >= mode_s ({}), got {}", show(mode), show(max)),
        ));
    }
    let inner =
        rand_distr::Triangular::new(min, max, mode).map_err(|e| ("mode_s", e.to_string()))?;
    Ok(((min + mode + max) / 3.0, Sampler::Triangular(inner)))
}

fn constant(raw: &RawDistribution) -> Built {
    let value = non_negative("value_s", required(raw.dist, "value_s", raw.value_s)?)?;
    Ok((value, Sampler::Constant(value)))
}

/// The weights of an empirical distribution, checked against its values.
fn empirical_weights(
    values_s: &[f64],
    weights: Option<&Vec<f64>>,
) -> Result<Vec<f64>, ParameterError> {
    let weights = match weights {
        None => vec![1.0; values_s.len()],
        Some(w) if w.len() != values_s.len() => {
            return Err((
                "weights",
                format!("has {} values but values_s has {}", w.len(), values_s.len()),
            ));
        }
        Some(w) => {
            if let Some(&x) = w.iter().find(|x| !x.is_finite() || **x < 0.0) {
                return Err((
                    "weights",
                    format!("must be finite and >= 0, got {}", show(x)),
                ));
            }
            w.clone()
        }
    };
    if weights.iter().all(|&w| w == 0.0) {
        return Err(("weights", "must not all be zero".into()));
    }
    Ok(weights)
}

fn empirical(raw: &RawDistribution) -> Built {
    let values_s = raw.values_s.as_ref().ok_or((
        "values_s",
        "is required for dist = \"empirical\"".to_string(),
    ))?;
    if values_s.is_empty() {
        return Err(("values_s", "must list at least one duration".into()));
    }
    if values_s.len() > MAX_EMPIRICAL_VALUES {
        return Err((
            "values_s",
            format!(
                "lists {} durations, more than the {MAX_EMPIRICAL_VALUES} it may have",
                values_s.len()
            ),
        ));
    }
    for v in values_s {
        non_negative("values_s", *v)?;
    }
    let weights = empirical_weights(values_s, raw.weights.as_ref())?;
    let (weights, total, mean) = normalised_weights(values_s, weights);
    let mut running = 0.0;
    let cumulative = weights
        .iter()
        .map(|w| {
            running += w / total;
            running
        })
        .collect();
    Ok((
        mean,
        Sampler::Empirical {
            values: values_s.clone(),
            cumulative,
        },
    ))
}

impl Distribution {
    /// Checks the parameters and prepares the sampler.
    pub fn new(raw: &RawDistribution) -> Result<Self, ParameterError> {
        let kind = raw.dist;
        let takes = kind.keys();
        if let Some(extra) = raw.given_keys().into_iter().find(|k| !takes.contains(k)) {
            return Err((
                extra,
                format!(
                    "does not apply to dist = \"{}\", which takes {}",
                    kind.name(),
                    takes.join(" and ")
                ),
            ));
        }
        let (mean, sampler) = match kind {
            DistributionKind::Exponential => exponential(raw)?,
            DistributionKind::Lognormal => lognormal(raw)?,
            DistributionKind::Gamma => gamma(raw)?,
            DistributionKind::Erlang => erlang(raw)?,
            DistributionKind::Weibull => weibull(raw)?,
            DistributionKind::Uniform => uniform(raw)?,
            DistributionKind::Triangular => triangular(raw)?,
            DistributionKind::Constant => constant(raw)?,
            DistributionKind::Empirical => empirical(raw)?,
        };
        Ok(Self {
            raw: raw.clone(),
            mean,
            sampler,
        })
    }

    /// The same shape with every duration multiplied by `factor` (> 0): the
    /// mean, scale, bounds and values scale; cv, shape, phases and weights
    /// stay. Every supported family is closed under scaling, so a draw of the
    /// result has the distribution of `factor` × a draw of `self`.
    pub fn scaled(&self, factor: f64) -> Result<Self, ParameterError> {
        if !(factor.is_finite() && factor > 0.0) {
            return Err(("", format!("cannot scale durations by {}", show(factor))));
        }
        let mut raw = self.raw.clone();
        let scale = |v: &mut Option<f64>| {
            if let Some(v) = v.as_mut() {
                *v *= factor;
            }
        };
        scale(&mut raw.mean_s);
        scale(&mut raw.scale_s);
        scale(&mut raw.min_s);
        scale(&mut raw.max_s);
        scale(&mut raw.mode_s);
        scale(&mut raw.value_s);
        if let Some(values) = raw.values_s.as_mut() {
            values.iter_mut().for_each(|v| *v *= factor);
        }
        Self::new(&raw)
    }

    /// Always `value_s` (finite and ≥ 0, as validation keeps it).
    pub fn constant(value_s: f64) -> Self {
        Self {
            raw: RawDistribution {
                dist: DistributionKind::Constant,
                value_s: Some(value_s),
                ..RawDistribution::default()
            },
            mean: value_s,
            sampler: Sampler::Constant(value_s),
        }
    }

    /// The parameters as written in the scenario.
    pub fn raw(&self) -> &RawDistribution {
        &self.raw
    }

    /// The mean in seconds.
    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// Whether `other` turns random draws into values as this one does, so
    /// that a caller drawing from either gets corresponding values (common
    /// random numbers): the same kind and, for gamma and Erlang, whose
    /// rejection sampler's draws depend on the shape, the same shape.
    pub fn draws_like(&self, other: &Distribution) -> bool {
        use DistributionKind as K;
        let (a, b) = (&self.raw, &other.raw);
        a.dist == b.dist
            && match a.dist {
                K::Gamma => a.cv == b.cv,
                K::Erlang => a.k == b.k,
                _ => true,
            }
    }

    /// Whether a draw is exactly 0 s with a positive probability: a constant
    /// 0, an empirical 0 with a weight, a uniform or triangular from 0 to 0. A step that
    /// can take no time may repeat at one instant (a retry, a prompt).
    pub fn can_be_zero(&self) -> bool {
        match &self.sampler {
            Sampler::Constant(value) => *value == 0.0,
            Sampler::Uniform { min, width } => *min == 0.0 && *width == 0.0,
            Sampler::Triangular(_) => self.raw.max_s == Some(0.0),
            Sampler::Empirical { values, cumulative } => {
                values.iter().enumerate().any(|(i, &v)| {
                    let before = if i == 0 { 0.0 } else { cumulative[i - 1] };
                    v == 0.0 && cumulative[i] > before
                })
            }
            _ => false,
        }
    }

    /// A draw. The exponential, the commonest, is tested first and inlined
    /// where it is drawn; the others are one call away.
    #[inline(always)]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        if let Sampler::Exponential(inner) = &self.sampler {
            return inner.sample(rng);
        }
        self.sample_other(rng)
    }

    #[inline]
    fn sample_other<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match &self.sampler {
            Sampler::Exponential(inner) => inner.sample(rng),
            Sampler::LogNormal(inner) => inner.sample(rng),
            Sampler::Gamma(inner) => inner.sample(rng),
            Sampler::Weibull(inner) => inner.sample(rng),
            Sampler::Uniform { min, width } => min + width * rng.random::<f64>(),
            Sampler::Triangular(inner) => inner.sample(rng),
            Sampler::Constant(value) => *value,
            Sampler::Empirical { values, cumulative } => {
                let u: f64 = rng.random();
                let i = cumulative
                    .partition_point(|&c| c <= u)
                    .min(values.len() - 1);
                values[i]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::DistributionKind as K;
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    fn raw(dist: K, set: &[(&str, f64)]) -> RawDistribution {
        let mut r = RawDistribution {
            dist,
            ..RawDistribution::default()
        };
        for &(key, v) in set {
            let slot = match key {
                "mean_s" => &mut r.mean_s,
                "cv" => &mut r.cv,
                "k" => &mut r.k,
                "shape" => &mut r.shape,
                "scale_s" => &mut r.scale_s,
                "min_s" => &mut r.min_s,
                "max_s" => &mut r.max_s,
                "mode_s" => &mut r.mode_s,
                "value_s" => &mut r.value_s,
                _ => unreachable!("{key}"),
            };
            *slot = Some(v);
        }
        r
    }

    fn empirical(values: Vec<f64>, weights: Option<Vec<f64>>) -> RawDistribution {
        RawDistribution {
            dist: K::Empirical,
            values_s: Some(values),
            weights,
            ..RawDistribution::default()
        }
    }

    fn sample_mean_and_cv(d: &Distribution, n: usize) -> (f64, f64) {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let xs: Vec<f64> = (0..n).map(|_| d.sample(&mut rng)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        assert!(xs.iter().all(|&x| x >= 0.0));
        (mean, var.sqrt() / mean)
    }

    #[test]
    fn scaled_multiplies_every_draw_and_the_mean() {
        for raw in [
            raw(K::Exponential, &[("mean_s", 180.0)]),
            raw(K::Lognormal, &[("mean_s", 240.0), ("cv", 0.6)]),
            raw(K::Gamma, &[("mean_s", 100.0), ("cv", 0.5)]),
            raw(K::Erlang, &[("mean_s", 90.0), ("k", 4.0)]),
            raw(K::Weibull, &[("shape", 1.5), ("scale_s", 200.0)]),
            raw(K::Uniform, &[("min_s", 10.0), ("max_s", 50.0)]),
            raw(
                K::Triangular,
                &[("min_s", 60.0), ("mode_s", 120.0), ("max_s", 600.0)],
            ),
            raw(K::Constant, &[("value_s", 30.0)]),
            empirical(vec![10.0, 60.0, 300.0], Some(vec![1.0, 2.0, 1.0])),
        ] {
            let d = Distribution::new(&raw).unwrap();
            for factor in [0.8, 1.0, 1.25] {
                let s = d.scaled(factor).unwrap();
                assert!(
                    (s.mean() - factor * d.mean()).abs() < 1e-9 * d.mean(),
                    "{raw:?}"
                );
                let mut a = Xoshiro256PlusPlus::seed_from_u64(11);
                let mut b = Xoshiro256PlusPlus::seed_from_u64(11);
                for _ in 0..1000 {
                    let (x, y) = (d.sample(&mut a), s.sample(&mut b));
                    assert!(
                        (y - factor * x).abs() <= 1e-9 * (1.0 + x),
                        "{raw:?}: {x} {y}"
                    );
                }
            }
            assert_eq!(d.scaled(1.0).unwrap(), d);
        }
        let d = Distribution::new(&raw(K::Exponential, &[("mean_s", 180.0)])).unwrap();
        assert!(d.scaled(0.0).is_err());
        assert!(d.scaled(f64::NAN).is_err());
    }

    #[test]
    fn means_and_cvs_match_parameters() {
        let n = 400_000;
        for (raw, cv) in [
            (raw(K::Exponential, &[("mean_s", 180.0)]), 1.0),
            (raw(K::Lognormal, &[("mean_s", 240.0), ("cv", 0.6)]), 0.6),
            (raw(K::Gamma, &[("mean_s", 100.0), ("cv", 0.5)]), 0.5),
            (raw(K::Erlang, &[("mean_s", 90.0), ("k", 4.0)]), 0.5),
            (
                raw(K::Uniform, &[("min_s", 10.0), ("max_s", 50.0)]),
                20.0 / 3f64.sqrt() / 30.0,
            ),
            // Variance (a² + b² + c² − ab − ac − bc) / 18 = 2100 / 18 around 30.
            (
                raw(
                    K::Triangular,
                    &[("min_s", 10.0), ("mode_s", 20.0), ("max_s", 60.0)],
                ),
                (2100.0f64 / 18.0).sqrt() / 30.0,
            ),
        ] {
            let d = Distribution::new(&raw).unwrap();
            let (mean, got_cv) = sample_mean_and_cv(&d, n);
            // Standard error of the mean is mean·cv/√n; allow five of them.
            let se = d.mean() * cv / (n as f64).sqrt();
            assert!(
                (mean - d.mean()).abs() < 5.0 * se,
                "{raw:?}: {mean} vs {}",
                d.mean()
            );
            assert!((got_cv - cv).abs() < 0.02, "{raw:?}: cv {got_cv}");
        }
    }

    #[test]
    fn triangular_draws_follow_its_distribution_function() {
        let (a, c, b) = (60.0, 120.0, 600.0);
        let d = Distribution::new(&raw(
            K::Triangular,
            &[("min_s", a), ("mode_s", c), ("max_s", b)],
        ))
        .unwrap();
        assert_eq!(d.mean(), (a + b + c) / 3.0);
        let cdf = |x: f64| {
            if x < c {
                (x - a).powi(2) / ((b - a) * (c - a))
            } else {
                1.0 - (b - x).powi(2) / ((b - a) * (b - c))
            }
        };
        let n = 20_000;
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
        let mut xs: Vec<f64> = (0..n).map(|_| d.sample(&mut rng)).collect();
        xs.sort_by(f64::total_cmp);
        assert!(xs[0] >= a && xs[n - 1] <= b);
        let ks = xs
            .iter()
            .enumerate()
            .map(|(i, &x)| {
                let f = cdf(x);
                (f - i as f64 / n as f64).max((i + 1) as f64 / n as f64 - f)
            })
            .fold(0.0, f64::max);
        // The Kolmogorov–Smirnov critical value at 1 %: 1.63 / √n.
        assert!(ks < 1.63 / (n as f64).sqrt(), "KS distance {ks}");
    }

    #[test]
    fn weibull_mean_uses_the_gamma_function() {
        let d = Distribution::new(&raw(K::Weibull, &[("shape", 2.0), ("scale_s", 100.0)])).unwrap();
        // Γ(1.5) = √π / 2.
        assert!((d.mean() - 100.0 * std::f64::consts::PI.sqrt() / 2.0).abs() < 1e-9);
        let (mean, _) = sample_mean_and_cv(&d, 200_000);
        assert!((mean - d.mean()).abs() < 1.0);
    }

    #[test]
    fn empirical_draws_with_weights() {
        let d = Distribution::new(&empirical(
            vec![10.0, 20.0, 30.0],
            Some(vec![1.0, 0.0, 3.0]),
        ))
        .unwrap();
        assert!((d.mean() - 25.0).abs() < 1e-12);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        assert!((0..1000).all(|_| d.sample(&mut rng) != 20.0));
    }

    #[test]
    fn empirical_weights_summing_past_the_largest_number_keep_their_shares() {
        // 1e308 + 1e308 is infinite: every w / total was 0 and only the last
        // value was drawn (mean 200 instead of 150).
        for weights in [
            vec![1e308, 1e308],
            vec![f64::MAX, f64::MAX],
            vec![5e-324, 5e-324],
        ] {
            let d =
                Distribution::new(&empirical(vec![100.0, 200.0], Some(weights.clone()))).unwrap();
            assert!((d.mean() - 150.0).abs() < 1e-9, "{weights:?}: {}", d.mean());
            let n = 100_000;
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
            let drawn = (0..n).map(|_| d.sample(&mut rng)).sum::<f64>() / n as f64;
            // Standard error 50 / √n ≈ 0.16: five of them.
            assert!(
                (drawn - 150.0).abs() < 0.8,
                "{weights:?}: drawn mean {drawn}"
            );
        }
        // Large values times large weights overflowed the mean to infinity.
        let d = Distribution::new(&empirical(vec![1e6, 5e5], Some(vec![1e305, 1e305]))).unwrap();
        assert!((d.mean() - 750_000.0).abs() < 1e-6, "{}", d.mean());
    }

    #[test]
    fn ordinary_empirical_weights_are_used_as_given() {
        // The rescaled path must not touch weights whose sum is an ordinary
        // number: the cumulative shares decide every draw.
        let d =
            Distribution::new(&empirical(vec![1.0, 2.0, 3.0], Some(vec![0.1, 0.2, 0.7]))).unwrap();
        let Sampler::Empirical { cumulative, .. } = &d.sampler else {
            unreachable!()
        };
        let total = 0.1 + 0.2 + 0.7;
        assert_eq!(
            cumulative,
            &vec![
                0.1 / total,
                0.1 / total + 0.2 / total,
                0.1 / total + 0.2 / total + 0.7 / total
            ]
        );
    }

    #[test]
    fn can_be_zero_finds_the_atoms_at_zero() {
        let zero = |raw: RawDistribution| Distribution::new(&raw).unwrap().can_be_zero();
        assert!(zero(raw(K::Constant, &[("value_s", 0.0)])));
        assert!(!zero(raw(K::Constant, &[("value_s", 0.5)])));
        assert!(zero(raw(K::Uniform, &[("min_s", 0.0), ("max_s", 0.0)])));
        assert!(!zero(raw(K::Uniform, &[("min_s", 0.0), ("max_s", 5.0)])));
        let triangle = |mode, max| {
            raw(
                K::Triangular,
                &[("min_s", 0.0), ("mode_s", mode), ("max_s", max)],
            )
        };
        assert!(zero(triangle(0.0, 0.0)));
        assert!(!zero(triangle(0.0, 5.0)));
        assert!(zero(empirical(vec![0.0, 30.0], None)));
        assert!(zero(empirical(vec![30.0, 0.0], Some(vec![1.0, 1e-9]))));
        assert!(!zero(empirical(vec![0.0, 30.0], Some(vec![0.0, 1.0]))));
        assert!(!zero(raw(K::Exponential, &[("mean_s", 1.0)])));
    }

    #[test]
    fn rejects_bad_parameters() {
        let bad = [
            (
                raw(K::Exponential, &[("mean_s", -3.0)]),
                "mean_s",
                "must be > 0 and at most 1000000, got -3",
            ),
            (
                raw(K::Exponential, &[("mean_s", f64::NAN)]),
                "mean_s",
                "must be a finite number, got NaN",
            ),
            (
                raw(K::Exponential, &[]),
                "mean_s",
                "is required for dist = \"exponential\"",
            ),
            (
                raw(K::Exponential, &[("mean_s", 9.0), ("cv", 1.0)]),
                "cv",
                "does not apply to dist = \"exponential\", which takes mean_s",
            ),
            (
                raw(K::Lognormal, &[("mean_s", 10.0), ("cv", 0.0)]),
                "cv",
                "must be > 0",
            ),
            (
                raw(K::Erlang, &[("mean_s", 10.0), ("k", 0.0)]),
                "k",
                "from 1 to 10000, got 0",
            ),
            (
                raw(K::Erlang, &[("mean_s", 10.0), ("k", 2.5)]),
                "k",
                "a whole number from 1 to 10000, got 2.5",
            ),
            (
                raw(K::Weibull, &[("shape", 0.001), ("scale_s", 100.0)]),
                "shape",
                "gives a mean of more than 1e308 s",
            ),
            (
                raw(K::Uniform, &[("min_s", 5.0), ("max_s", 1.0)]),
                "max_s",
                "must be >= min_s (5), got 1",
            ),
            (
                raw(
                    K::Triangular,
                    &[("min_s", 5.0), ("mode_s", 2.0), ("max_s", 9.0)],
                ),
                "mode_s",
                "must be >= min_s (5), got 2",
            ),
            (
                raw(
                    K::Triangular,
                    &[("min_s", 1.0), ("mode_s", 5.0), ("max_s", 4.0)],
                ),
                "max_s",
                "must be >= mode_s (5), got 4",
            ),
            (
                raw(K::Triangular, &[("min_s", 1.0), ("max_s", 4.0)]),
                "mode_s",
                "is required for dist = \"triangular\"",
            ),
            (
                raw(
                    K::Uniform,
                    &[("min_s", 1.0), ("mode_s", 2.0), ("max_s", 4.0)],
                ),
                "mode_s",
                "does not apply to dist = \"uniform\"",
            ),
            (empirical(vec![], None), "values_s", "at least one"),
            (
                empirical(vec![1.0], Some(vec![0.0])),
                "weights",
                "not all be zero",
            ),
        ];
        for (raw, field, message) in bad {
            let (f, m) = Distribution::new(&raw).unwrap_err();
            assert_eq!(f, field);
            assert!(m.contains(message), "{m}");
        }
    }
}
