//! Comparing scenarios with common random numbers: each KPI's mean in every
//! scenario, and its difference from the first scenario with a **paired**
//! confidence interval.
//!
//! Replication r of every scenario is seeded alike, so it meets the same
//! callers (arrival times, handle times, patience): the difference between
//! two scenarios in replication r is due to what differs between them, not to
//! luck. The paired interval is Student's t on the per-replication
//! differences d_r = x_r(B) − x_r(A): mean(d) ± t · s_d / √n. The unpaired
//! (Welch) half-width, t_ν · √(s_A²/n_A + s_B²/n_B), is reported beside it to
//! show what the pairing buys: with positively correlated runs, s_d² =
//! s_A² + s_B² − 2·cov(A, B) is much smaller than s_A² + s_B².
//!
//! KPIs are matched by name: call types and agent groups of the first
//! scenario are looked up by name in the others; intervals are compared
//! only where every scenario has the same interval layout.
//!
//! ```
//! use std::path::Path;
//! use callsim::study::compare::{Arm, compare};
//! use callsim::run::replicate::{RunOptions, simulate};
//! use callsim::scenario::Scenario;
//!
//! let few = ["simulation.replications=8".to_string()];
//! let a = Scenario::from_path_with_overrides(Path::new("scenarios/helpline.toml"), &few)?;
//! let mut more = few.to_vec();
//! more.push("agent_group[0].agents=19".to_string());
//! let b = Scenario::from_path_with_overrides(Path::new("scenarios/helpline.toml"), &more)?;
//! let keep = RunOptions { keep_replications: true, ..RunOptions::default() };
//! let (ra, rb) = (simulate(&a, &keep)?, simulate(&b, &keep)?);
//! let arms = [
//!     Arm { scenario: &a, kpis: ra.per_replication.as_deref().unwrap() },
//!     Arm { scenario: &b, kpis: rb.per_replication.as_deref().unwrap() },
//! ];
//! let comparison = compare(&arms, 0.95);
//! let all = comparison.day.iter().find(|s| s.name == "all").unwrap();
//! let sl = all.kpis.iter().find(|k| k.kpi == "service_level").unwrap();
//! let d = sl.differences[1].unwrap();
//! // Two agents more: a higher service level, and the pairing narrows the interval.
//! assert!(d.mean > 0.0 && d.significant == Some(true));
//! assert!(d.half_width.unwrap() < d.welch_half_width.unwrap());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::{Deserialize, Serialize};

use std::ops::Range;

use crate::kpi::{AnyKpi, CallKpi, GroupKpi, Layout, ReplicationKpis, Scope};
use crate::run::replicate::{RunError, RunOptions, simulate};
use crate::scenario::Scenario;
use crate::stats::{
    Estimate, Estimator, KpiKind, PairedRatioMoments, RatioMoments, Sample, student_t_quantile,
};

/// The name of the row of all call types together.
pub const ALL: &str = "all";

/// A difference from the first scenario, with its paired and unpaired intervals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Difference {
    /// Mean of the per-replication differences (this scenario − the first).
    pub mean: f64,
    /// Paired Student-t half-width; `None` with fewer than two pairs.
    pub half_width: Option<f64>,
    /// Unpaired (Welch) half-width of the difference of the two means.
    pub welch_half_width: Option<f64>,
    /// Replications where the KPI is defined in both scenarios.
    pub pairs: u64,
    /// The paired interval excludes 0; `None` without an interval.
    pub significant: Option<bool>,
}

/// The paired difference `b − a` of two series of per-replication values
/// (replication r of each), with the Welch half-width beside it. Values are
/// `None` where the KPI is undefined; pairs need both. `None` when no pair
/// has both values.
pub fn paired_difference(
    a: &[Option<f64>],
    b: &[Option<f64>],
    confidence: f64,
) -> Option<Difference> {
    let mut differences = RatioMoments::default();
    let (mut ma, mut mb) = (RatioMoments::default(), RatioMoments::default());
    for (x, y) in a.iter().zip(b) {
        ma.add_kpi(Sample::of(*x), KpiKind::Value, Estimator::DailyMean);
        mb.add_kpi(Sample::of(*y), KpiKind::Value, Estimator::DailyMean);
        if let (Some(x), Some(y)) = (x, y) {
            differences.add(Sample::value(y - x));
        }
    }
    value_difference(&ma, &mb, &differences, confidence)
}

/// t_ν · √(se_a² + se_b²), ν by Welch–Satterthwaite, where se² is each
/// estimate's squared standard error; `None` unless both have two
/// replications or more.
pub fn welch_half_width(a: &RatioMoments, b: &RatioMoments, confidence: f64) -> Option<f64> {
    let (ea, eb) = (a.ratio_variance()?, b.ratio_variance()?);
    let (na, nb) = (a.count() as f64, b.count() as f64);
    let se2 = ea + eb;
    if se2 <= 0.0 {
        return Some(0.0);
    }
    let df = se2 * se2 / (ea * ea / (na - 1.0) + eb * eb / (nb - 1.0));
    let t = student_t_quantile(0.5 + confidence / 2.0, df.max(1.0));
    Some(t * se2.sqrt())
}

/// One scenario's identity and its replications' KPI values, replication
/// r at index r (all scenarios run over the same replications).
pub struct Arm<'a> {
    pub scenario: &'a Scenario,
    pub kpis: &'a [ReplicationKpis],
}

/// One KPI across the scenarios.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiComparison {
    /// The KPI's JSON key, e.g. `service_level`.
    pub kpi: &'static str,
    /// Each scenario's mean and half-width; `None` where the KPI is undefined
    /// or the scenario has no such call type or group.
    pub scenarios: Vec<Option<Estimate>>,
    /// Each scenario's difference from the first (the first scenario's own
    /// entry is `None`).
    pub differences: Vec<Option<Difference>>,
}

/// The KPIs of one call type (or "all") or one agent group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiSet {
    pub name: String,
    pub kpis: Vec<KpiComparison>,
}

impl KpiSet {
    /// The comparison of `kpi`, where the set has it.
    pub fn kpi(&self, kpi: impl Into<AnyKpi>) -> Option<&KpiComparison> {
        let key = kpi.into().key();
        self.kpis.iter().find(|k| k.kpi == key)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntervalComparison {
    pub index: usize,
    pub start: String,
    /// Per call type of the first scenario, then "all".
    pub call_types: Vec<KpiSet>,
}

/// Every matched KPI of the scenarios, compared with the first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The whole day, per call type of the first scenario, then "all".
    pub day: Vec<KpiSet>,
    /// The whole day, per agent group of the first scenario.
    pub groups: Vec<KpiSet>,
    /// Whether every scenario has the same intervals (then `intervals` is filled).
    pub intervals_match: bool,
    pub intervals: Vec<IntervalComparison>,
}

fn layout(s: &Scenario) -> Layout {
    Layout::of(s)
}

/// Where a KPI lives in one scenario's [`ReplicationKpis`].
#[derive(Debug, Clone, Copy)]
enum Slot {
    Call(usize, CallKpi),
    Group(usize, GroupKpi),
}

impl Slot {
    fn sample(self, k: &ReplicationKpis) -> Option<Sample> {
        match self {
            Slot::Call(row, kpi) => k.calls.get(row).map(|v| v[kpi as usize]),
            Slot::Group(row, kpi) => k.groups.get(row).map(|v| v[kpi as usize]),
        }
    }
}

/// The running paired difference of one arm from the first.
#[derive(Debug, Clone)]
enum PairedSums {
    /// Ratio of sums: the arms' (numerator, denominator) pairs side by side.
    Ratios(PairedRatioMoments),
    /// Plain values or daily ratios: the per-replication differences.
    Values(RatioMoments),
}

/// Running sums of one KPI across the arms: each arm's values and each later
/// arm's paired difference from the first, fed replication by replication.
#[derive(Debug, Clone)]
struct KpiSums {
    key: &'static str,
    kind: KpiKind,
    estimator: Estimator,
    /// Per arm; `None` where the arm has no such call type or group.
    slots: Vec<Option<Slot>>,
    arms: Vec<RatioMoments>,
    differences: Vec<PairedSums>,
}

impl KpiSums {
    fn new(
        key: &'static str,
        kind: KpiKind,
        estimator: Estimator,
        slots: Vec<Option<Slot>>,
    ) -> Self {
        let n = slots.len();
        let paired = if kind == KpiKind::Ratio && estimator == Estimator::RatioOfSums {
            PairedSums::Ratios(PairedRatioMoments::default())
        } else {
            PairedSums::Values(RatioMoments::default())
        };
        Self {
            key,
            kind,
            estimator,
            slots,
            arms: vec![RatioMoments::default(); n],
            differences: vec![paired; n],
        }
    }

    fn add(&mut self, replication: &[&ReplicationKpis]) {
        let samples: Vec<Option<Sample>> = self
            .slots
            .iter()
            .zip(replication)
            .map(|(slot, k)| slot.and_then(|s| s.sample(k)))
            .collect();
        for (m, sample) in self.arms.iter_mut().zip(&samples) {
            if let Some(sample) = sample {
                m.add_kpi(*sample, self.kind, self.estimator);
            }
        }
        let Some(first) = samples[0] else { return };
        for (paired, sample) in self.differences.iter_mut().zip(&samples).skip(1) {
            let Some(sample) = sample else { continue };
            match paired {
                PairedSums::Ratios(p) => p.add(first, *sample),
                PairedSums::Values(m) => {
                    if let (Some(a), Some(b)) = (first.get(), sample.get()) {
                        m.add(Sample::value(b - a));
                    }
                }
            }
        }
    }

    fn finish(&self, confidence: f64) -> KpiComparison {
        let first = self.slots[0].is_some();
        KpiComparison {
            kpi: self.key,
            scenarios: self
                .slots
                .iter()
                .zip(&self.arms)
                .map(|(slot, m)| slot.and_then(|_| m.estimate(confidence)))
                .collect(),
            differences: self
                .slots
                .iter()
                .enumerate()
                .map(|(i, slot)| {
                    if i == 0 || !first || slot.is_none() {
                        return None;
                    }
                    let (a, b) = (&self.arms[0], &self.arms[i]);
                    match &self.differences[i] {
                        PairedSums::Values(d) => value_difference(a, b, d, confidence),
                        PairedSums::Ratios(p) => {
                            let (mean, half_width) = p.difference(confidence)?;
                            Some(Difference {
                                mean,
                                half_width,
                                welch_half_width: welch_half_width(a, b, confidence),
                                pairs: p.count(),
                                significant: half_width.map(|h| mean.abs() > h),
                            })
                        }
                    }
                })
                .collect(),
        }
    }
}

/// The paired difference from running values: `a` and `b` of each arm's
/// values, `d` of the per-replication differences b − a.
fn value_difference(
    a: &RatioMoments,
    b: &RatioMoments,
    d: &RatioMoments,
    confidence: f64,
) -> Option<Difference> {
    let paired = d.estimate(confidence)?;
    Some(Difference {
        mean: paired.mean,
        half_width: paired.half_width,
        welch_half_width: welch_half_width(a, b, confidence),
        pairs: paired.replications,
        significant: paired.half_width.map(|h| paired.mean.abs() > h),
    })
}

#[derive(Debug, Clone)]
struct SetSums {
    name: String,
    kpis: Vec<KpiSums>,
}

impl SetSums {
    fn add(&mut self, replication: &[&ReplicationKpis]) {
        self.kpis.iter_mut().for_each(|k| k.add(replication));
    }

    fn finish(&self, confidence: f64) -> KpiSet {
        KpiSet {
            name: self.name.clone(),
            kpis: self.kpis.iter().map(|k| k.finish(confidence)).collect(),
        }
    }
}

/// The call KPIs of `name` (a call type of the first scenario, or "all") in
/// `interval` (or the day), located by name in every scenario.
fn call_set(
    scenarios: &[&Scenario],
    estimator: Estimator,
    name: &str,
    interval: Option<usize>,
) -> SetSums {
    let rows: Vec<Option<usize>> = scenarios
        .iter()
        .map(|s| {
            let call_type = if name == ALL {
                None
            } else {
                Some(s.call_types.iter().position(|c| c.name == name)?)
            };
            Some(layout(s).call_index(Scope {
                call_type,
                interval,
            }))
        })
        .collect();
    SetSums {
        name: name.to_string(),
        kpis: CallKpi::ALL
            .iter()
            .map(|&kpi| {
                let slots = rows.iter().map(|r| r.map(|r| Slot::Call(r, kpi))).collect();
                KpiSums::new(kpi.key(), kpi.kind(), estimator, slots)
            })
            .collect(),
    }
}

fn group_set(scenarios: &[&Scenario], estimator: Estimator, name: &str) -> SetSums {
    let rows: Vec<Option<usize>> = scenarios
        .iter()
        .map(|s| {
            let g = s.agent_groups.iter().position(|g| g.name == name)?;
            Some(layout(s).group_index(g, None))
        })
        .collect();
    SetSums {
        name: name.to_string(),
        kpis: GroupKpi::ALL
            .iter()
            .map(|&kpi| {
                let slots = rows
                    .iter()
                    .map(|r| r.map(|r| Slot::Group(r, kpi)))
                    .collect();
                KpiSums::new(kpi.key(), kpi.kind(), estimator, slots)
            })
            .collect(),
    }
}

/// Whether every scenario has the first one's intervals (count, length, opening).
pub fn intervals_match(scenarios: &[&Scenario]) -> bool {
    let Some(first) = scenarios.first() else {
        return true;
    };
    scenarios.iter().all(|s| {
        s.simulation.intervals == first.simulation.intervals
            && s.simulation.interval_s == first.simulation.interval_s
            && s.simulation.open_min == first.simulation.open_min
    })
}

/// A comparison being built: fed one replication of every scenario at a
/// time, in replication order, so memory does not grow with replications and
/// the result is the same bits however the replications were run.
#[derive(Debug, Clone)]
pub struct Comparer {
    arms: usize,
    day: Vec<SetSums>,
    groups: Vec<SetSums>,
    intervals_match: bool,
    intervals: Vec<(usize, String, Vec<SetSums>)>,
    replications: u64,
}

impl Comparer {
    /// Matches the KPIs of `scenarios` (the first is the reference) by name.
    pub fn new(scenarios: &[&Scenario]) -> Self {
        let Some(first) = scenarios.first() else {
            return Self {
                arms: 0,
                day: Vec::new(),
                groups: Vec::new(),
                intervals_match: true,
                intervals: Vec::new(),
                replications: 0,
            };
        };
        let names: Vec<&str> = first
            .call_types
            .iter()
            .map(|c| c.name.as_str())
            .chain(std::iter::once(ALL))
            .collect();
        let matched = intervals_match(scenarios);
        // Every arm is estimated as the first scenario says (a mix would not compare).
        let estimator = first.simulation.estimator;
        let intervals = if matched {
            (0..first.simulation.intervals)
                .map(|k| {
                    let sets = names
                        .iter()
                        .map(|n| call_set(scenarios, estimator, n, Some(k)))
                        .collect();
                    (k, first.simulation.interval_label(k), sets)
                })
                .collect()
        } else {
            Vec::new()
        };
        Self {
            arms: scenarios.len(),
            day: names
                .iter()
                .map(|n| call_set(scenarios, estimator, n, None))
                .collect(),
            groups: first
                .agent_groups
                .iter()
                .map(|g| group_set(scenarios, estimator, &g.name))
                .collect(),
            intervals_match: matched,
            intervals,
            replications: 0,
        }
    }

    /// Adds one replication: `replication[i]` is scenario i's KPI values.
    ///
    /// # Panics
    /// If `replication` does not hold one entry per scenario.
    pub fn add(&mut self, replication: &[&ReplicationKpis]) {
        assert_eq!(replication.len(), self.arms, "one replication per scenario");
        self.day.iter_mut().for_each(|s| s.add(replication));
        self.groups.iter_mut().for_each(|s| s.add(replication));
        for (_, _, sets) in &mut self.intervals {
            sets.iter_mut().for_each(|s| s.add(replication));
        }
        self.replications += 1;
    }

    /// Replications added so far.
    pub fn replications(&self) -> u64 {
        self.replications
    }

    /// Every KPI's estimates and differences at `confidence`.
    pub fn finish(&self, confidence: f64) -> Comparison {
        let sets = |sets: &[SetSums]| sets.iter().map(|s| s.finish(confidence)).collect();
        Comparison {
            day: sets(&self.day),
            groups: sets(&self.groups),
            intervals_match: self.intervals_match,
            intervals: self
                .intervals
                .iter()
                .map(|(index, start, call_types)| IntervalComparison {
                    index: *index,
                    start: start.clone(),
                    call_types: sets(call_types),
                })
                .collect(),
        }
    }
}

/// Compares every scenario with the first, KPI by KPI, at `confidence`.
/// Every arm must hold the same replications in the same order.
pub fn compare(arms: &[Arm<'_>], confidence: f64) -> Comparison {
    let scenarios: Vec<&Scenario> = arms.iter().map(|a| a.scenario).collect();
    let mut comparer = Comparer::new(&scenarios);
    let count = arms.iter().map(|a| a.kpis.len()).min().unwrap_or(0);
    for r in 0..count {
        let replication: Vec<&ReplicationKpis> = arms.iter().map(|a| &a.kpis[r]).collect();
        comparer.add(&replication);
    }
    comparer.finish(confidence)
}

/// One compared scenario as run: the scenario with the common seed and
/// replication count, and the file's own.
pub struct ArmRun {
    pub scenario: Scenario,
    pub seed_in_file: u64,
    pub replications_in_file: u64,
}

/// How a comparison ran: threads, time, calls.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CompareRunFacts {
    pub threads: usize,
    pub wall_time_s: f64,
    pub calls_simulated: u64,
}

/// How to run a comparison.
#[derive(Default)]
pub struct CompareOptions<'a> {
    /// Worker threads; `None` uses every core.
    pub threads: Option<usize>,
    /// Replications to run (of every scenario); `None`: all of the first's.
    pub replications: Option<Range<u64>>,
    /// Called after each replication of each scenario (from worker threads).
    pub on_replication_done: Option<&'a (dyn Fn() + Sync)>,
    /// Keep each scenario's replications' KPI values (for a shard's partial result).
    pub keep_replications: bool,
}

/// What a comparison run produced.
pub struct CompareRun {
    pub comparer: Comparer,
    pub replications: Range<u64>,
    pub calls_simulated: u64,
    pub threads: usize,
    pub wall_s: f64,
    /// Per scenario, each replication's KPI values, when asked for.
    pub per_replication: Option<Vec<Vec<ReplicationKpis>>>,
}

/// Replications run per scenario before their values are folded: bounds
/// memory whatever the number of replications.
const BLOCK: u64 = 64;

/// Runs every scenario over the same replications (so with the same seed,
/// the same callers) and folds them, in replication order, into a [`Comparer`].
/// The scenarios should share seed and replication count: replication r of
/// each is seeded from its own scenario's seed.
pub fn run(scenarios: &[&Scenario], options: &CompareOptions<'_>) -> Result<CompareRun, RunError> {
    let started = std::time::Instant::now();
    let mut comparer = Comparer::new(scenarios);
    let replications = options.replications.clone().unwrap_or_else(|| {
        0..scenarios
            .first()
            .map_or(0, |s| u64::from(s.simulation.replications))
    });
    let mut kept = options
        .keep_replications
        .then(|| vec![Vec::new(); scenarios.len()]);
    let (mut calls_simulated, mut threads) = (0, options.threads.unwrap_or(1));
    let mut start = replications.start;
    while start < replications.end {
        let end = (start + BLOCK).min(replications.end);
        let mut block = Vec::with_capacity(scenarios.len());
        for scenario in scenarios {
            let run = simulate(
                scenario,
                &RunOptions {
                    threads: options.threads,
                    replications: Some(start..end),
                    on_replication_done: options.on_replication_done,
                    keep_replications: true,
                    ..RunOptions::default()
                },
            )?;
            calls_simulated += run.calls_simulated;
            threads = run.threads;
            block.push(run.per_replication.unwrap_or_default());
        }
        for r in 0..(end - start) as usize {
            let replication: Vec<&ReplicationKpis> = block.iter().map(|b| &b[r]).collect();
            comparer.add(&replication);
        }
        if let Some(kept) = kept.as_mut() {
            for (all, b) in kept.iter_mut().zip(block) {
                all.extend(b);
            }
        }
        start = end;
    }
    Ok(CompareRun {
        comparer,
        replications,
        calls_simulated,
        threads,
        wall_s: started.elapsed().as_secs_f64(),
        per_replication: kept,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paired_difference_of_identical_series_is_exactly_zero() {
        let a = [Some(1.0), Some(2.5), None, Some(4.0)];
        let d = paired_difference(&a, &a, 0.95).unwrap();
        assert_eq!(d.mean, 0.0);
        assert_eq!(d.half_width, Some(0.0));
        assert_eq!(d.pairs, 3);
        assert_eq!(d.significant, Some(false));
        assert!(d.welch_half_width.unwrap() > 0.0);
    }

    #[test]
    fn paired_difference_matches_two_pass_formulas() {
        let a = [3.0, 7.5, 1.25, 9.0, 4.0, 4.0, 6.5];
        let b = [3.5, 8.25, 1.0, 10.0, 5.0, 4.5, 7.5];
        let some = |v: &[f64]| v.iter().map(|&x| Some(x)).collect::<Vec<_>>();
        let d = paired_difference(&some(&a), &some(&b), 0.95).unwrap();
        let diffs: Vec<f64> = a.iter().zip(&b).map(|(x, y)| y - x).collect();
        let n = diffs.len() as f64;
        let mean = diffs.iter().sum::<f64>() / n;
        let var = diffs.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
        let t6 = 2.446_911_851;
        assert!((d.mean - mean).abs() < 1e-12);
        assert!((d.half_width.unwrap() - t6 * (var / n).sqrt()).abs() < 1e-8);
        assert_eq!(d.significant, Some(mean.abs() > d.half_width.unwrap()));
        // Strongly correlated series: pairing narrows the interval.
        assert!(d.half_width.unwrap() < d.welch_half_width.unwrap());
    }

    #[test]
    fn welch_with_equal_sizes_and_variances_uses_pooled_degrees_of_freedom() {
        let mut a = RatioMoments::default();
        let mut b = RatioMoments::default();
        for v in [1.0, 2.0, 3.0, 4.0] {
            a.add(Sample::value(v));
            b.add(Sample::value(v + 10.0));
        }
        // Equal variances and sizes: ν = 2(n − 1) = 6, se = √(2 s²/n).
        let s2 = a.ratio_variance().unwrap() * 4.0;
        let expected = 2.446_911_851 * (2.0 * s2 / 4.0).sqrt();
        assert!((welch_half_width(&a, &b, 0.95).unwrap() - expected).abs() < 1e-8);
    }

    /// The paired interval covers the true difference in about `confidence`
    /// of experiments: 4000 experiments of 10 correlated pairs, coverage within
    /// 4 binomial standard errors of 95 %.
    #[test]
    fn paired_interval_has_its_nominal_coverage() {
        use rand::SeedableRng;
        use rand_distr::{Distribution as _, StandardNormal};
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(2026);
        let (experiments, n, delta) = (4000, 10, 0.3);
        let mut covered = 0;
        for _ in 0..experiments {
            let mut a = Vec::with_capacity(n);
            let mut b = Vec::with_capacity(n);
            for _ in 0..n {
                let common: f64 = StandardNormal.sample(&mut rng);
                let (ea, eb): (f64, f64) = (
                    StandardNormal.sample(&mut rng),
                    StandardNormal.sample(&mut rng),
                );
                a.push(Some(5.0 * common + 0.2 * ea));
                b.push(Some(5.0 * common + delta + 0.2 * eb));
            }
            let d = paired_difference(&a, &b, 0.95).unwrap();
            if (d.mean - delta).abs() <= d.half_width.unwrap() {
                covered += 1;
            }
            assert!(d.half_width.unwrap() < d.welch_half_width.unwrap());
        }
        let share = f64::from(covered) / f64::from(experiments);
        let se = (0.95 * 0.05 / f64::from(experiments)).sqrt();
        assert!((share - 0.95).abs() < 4.0 * se, "coverage {share}");
    }

    #[test]
    fn no_pair_no_difference() {
        assert_eq!(
            paired_difference(&[Some(1.0), None], &[None, Some(2.0)], 0.95),
            None
        );
    }
}
