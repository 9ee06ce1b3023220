//! Analytic staffing: the fewest agents whose KPIs meet every target.
//!
//! Every KPI improves as agents are added (service level and answered share
//! rise, ASA and occupancy fall), so "meets the targets" is monotone in the
//! number of agents and the answer is found by galloping from a start near the
//! answer and then bisecting: O(log n) evaluations, each O(√A) for Erlang C.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::erlang_c::min_stable_agents;
use super::error::{ErlangError, check};
use super::kpis::{Kpis, QueueModel, ServiceLevelBasis, ServiceLevelQuery, evaluate};
use super::traffic::{MAX_AGENTS, Traffic};

/// The threshold used for the reported service level when no target names one.
pub const DEFAULT_SERVICE_LEVEL_THRESHOLD_S: f64 = 20.0;

/// "X % of callers answered within T seconds", written `X/T` (e.g. `80/20`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ServiceLevelTarget {
    /// Share in (0, 1].
    pub share: f64,
    pub within_s: f64,
}

impl ServiceLevelTarget {
    pub fn new(share: f64, within_s: f64) -> Result<Self, ErlangError> {
        check(
            "service level target share",
            share,
            "in (0, 1], i.e. a percentage in (0, 100]",
            |v| v > 0.0 && v <= 1.0,
        )?;
        check(
            "service level target seconds",
            within_s,
            ">= 0 and at most 86400",
            |v| (0.0..=86_400.0).contains(&v),
        )?;
        Ok(Self { share, within_s })
    }
}

impl FromStr for ServiceLevelTarget {
    type Err = ErlangError;

    /// Parses `80/20`, `80%/20s` or `80 / 20 s`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let malformed = || ErlangError::MalformedTarget {
            text: text.to_string(),
        };
        let (percent, seconds) = text.split_once('/').ok_or_else(malformed)?;
        let percent = percent.trim().trim_end_matches('%').trim();
        let seconds = seconds.trim().trim_end_matches('s').trim();
        let percent: f64 = percent.parse().map_err(|_| malformed())?;
        let seconds: f64 = seconds.parse().map_err(|_| malformed())?;
        check(
            "service level target percentage",
            percent,
            "in (0, 100]",
            |v| v > 0.0 && v <= 100.0,
        )?;
        Self::new(percent / 100.0, seconds)
    }
}

impl fmt::Display for ServiceLevelTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.share * 100.0, self.within_s)
    }
}

/// What the planner asks for. Every target given must hold.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Targets {
    pub service_level: Option<ServiceLevelTarget>,
    pub max_asa_s: Option<f64>,
    /// Largest share of callers who may hang up, in (0, 1].
    pub max_abandon: Option<f64>,
    /// Largest share of agents' time on calls, in (0, 1].
    pub max_occupancy: Option<f64>,
}

impl Targets {
    pub fn is_empty(&self) -> bool {
        self.service_level.is_none()
            && self.max_asa_s.is_none()
            && self.max_abandon.is_none()
            && self.max_occupancy.is_none()
    }

    /// Checks ranges, and that the model can judge each target.
    pub fn validate(&self, model: QueueModel) -> Result<(), ErlangError> {
        if let Some(asa) = self.max_asa_s {
            check("max_asa_s", asa, "> 0 and at most 86400", |v| {
                v > 0.0 && v <= 86_400.0
            })?;
        }
        if let Some(share) = self.max_abandon {
            check("max_abandon_pct", share * 100.0, "in (0, 100]", |v| {
                v > 0.0 && v <= 100.0
            })?;
            if model == QueueModel::ErlangC {
                return Err(ErlangError::AbandonmentNeedsPatience);
            }
        }
        if let Some(share) = self.max_occupancy {
            check("max_occupancy_pct", share * 100.0, "in (0, 100]", |v| {
                v > 0.0 && v <= 100.0
            })?;
        }
        Ok(())
    }

    /// The service-level question these targets imply (their threshold, or 20 s).
    pub fn service_level_query(&self, basis: ServiceLevelBasis) -> ServiceLevelQuery {
        ServiceLevelQuery {
            threshold_s: self
                .service_level
                .map_or(DEFAULT_SERVICE_LEVEL_THRESHOLD_S, |t| t.within_s),
            basis,
        }
    }

    /// The targets `kpis` misses, each as a short phrase; empty when all hold.
    pub fn shortfalls(&self, kpis: &Kpis) -> Vec<String> {
        self.misses(kpis).iter().map(Miss::describe).collect()
    }

    /// The targets `kpis` misses, with the values compared, for a report to
    /// phrase in its own language.
    pub fn misses(&self, kpis: &Kpis) -> Vec<Miss> {
        let mut missed = Vec::new();
        if let Some(t) = self.service_level
            && kpis.service_level < t.share
        {
            missed.push(Miss::ServiceLevel {
                value: kpis.service_level,
                target: t.share,
                within_s: t.within_s,
            });
        }
        if let Some(max) = self.max_asa_s {
            match kpis.asa_answered_s {
                Some(asa) if asa <= max => {}
                Some(asa) => missed.push(Miss::Asa { value: asa, max }),
                None => missed.push(Miss::NoneAnswered),
            }
        }
        if let Some(max) = self.max_abandon
            && kpis.prob_abandon > max
        {
            missed.push(Miss::Abandonment {
                value: kpis.prob_abandon,
                max,
            });
        }
        if let Some(max) = self.max_occupancy
            && kpis.occupancy > max
        {
            missed.push(Miss::Occupancy {
                value: kpis.occupancy,
                max,
            });
        }
        missed
    }

    pub fn met_by(&self, kpis: &Kpis) -> bool {
        self.shortfalls(kpis).is_empty()
    }

    /// How far `kpis` are inside every target (≥ 0 exactly when
    /// [`met_by`](Self::met_by)): the smallest slack, each in its own unit
    /// (a share, or seconds over the ASA target). It grows with the agents,
    /// so the search can aim at its zero instead of stepping.
    fn margin(&self, kpis: &Kpis) -> f64 {
        let mut slack = f64::INFINITY;
        if let Some(t) = self.service_level {
            slack = slack.min(kpis.service_level - t.share);
        }
        if let Some(max) = self.max_asa_s {
            slack = slack.min(kpis.asa_answered_s.map_or(-1.0, |asa| (max - asa) / max));
        }
        if let Some(max) = self.max_abandon {
            slack = slack.min(max - kpis.prob_abandon);
        }
        if let Some(max) = self.max_occupancy {
            slack = slack.min(max - kpis.occupancy);
        }
        // The sign is the targets' own verdict, whatever rounding the slack has.
        if self.met_by(kpis) {
            slack.abs()
        } else {
            -slack.abs().max(f64::MIN_POSITIVE)
        }
    }
}

/// KPIs of staffing levels already computed, so that the search and the
/// table around its answer compute each level once.
struct Evaluations<'a> {
    traffic: &'a Traffic,
    model: QueueModel,
    query: ServiceLevelQuery,
    done: std::collections::HashMap<u32, Kpis>,
}

impl Evaluations<'_> {
    /// The KPIs of `agents`, or `None` when far too few agents for Erlang A's
    /// chain to be summed (far from any target).
    fn get(&mut self, agents: u32) -> Result<Option<Kpis>, ErlangError> {
        if let Some(kpis) = self.done.get(&agents) {
            return Ok(Some(*kpis));
        }
        match evaluate(self.traffic, self.model, agents, self.query) {
            Ok(kpis) => {
                self.done.insert(agents, kpis);
                Ok(Some(kpis))
            }
            Err(ErlangError::QueueTooLong { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// The smallest number of agents meeting every target, with its KPIs.
pub fn required_agents(
    traffic: &Traffic,
    model: QueueModel,
    targets: &Targets,
    basis: ServiceLevelBasis,
) -> Result<Kpis, ErlangError> {
    required_with_table(traffic, model, targets, basis, 0).map(|(kpis, _)| kpis)
}

/// [`required_agents`] and the KPIs of the levels `around` it (the table a
/// planner reads), from one search: levels the search computed are reused.
pub fn required_with_table(
    traffic: &Traffic,
    model: QueueModel,
    targets: &Targets,
    basis: ServiceLevelBasis,
    around: u32,
) -> Result<(Kpis, Vec<Kpis>), ErlangError> {
    if targets.is_empty() {
        return Err(ErlangError::NoTargets);
    }
    targets.validate(model)?;
    let query = targets.service_level_query(basis);
    let load = traffic.offered_load();
    let lowest = lowest_candidate(load, model, targets);
    let start = match model {
        QueueModel::ErlangC => lowest,
        QueueModel::ErlangA { patience_s } => {
            lowest.max(fluid_estimate(load, patience_s, targets).ceil() as u32)
        }
    };
    // An occupancy target may ask for more agents than the usual limit
    // (1 % occupancy needs 100 × the load): search up to the agents that
    // meet it, but never past what the formulas accept.
    let max_agents = search_limit(load)
        .max(agents_for_occupancy(load, targets))
        .min(MAX_AGENTS);
    if lowest > max_agents {
        return Err(ErlangError::Unreachable { max_agents });
    }
    let mut levels = Evaluations {
        traffic,
        model,
        query,
        done: std::collections::HashMap::new(),
    };
    let agents = smallest_meeting(lowest, start.min(max_agents), max_agents, |n| {
        Ok(levels.get(n)?.map(|kpis| targets.margin(&kpis)))
    })?;
    let required = match levels.get(agents)? {
        Some(kpis) => kpis,
        None => evaluate(traffic, model, agents, query)?,
    };
    let table = table_levels(traffic, model, agents, around)
        .map(|n| match levels.get(n)? {
            Some(kpis) => Ok(kpis),
            None => evaluate(traffic, model, n, query),
        })
        .collect::<Result<_, _>>()?;
    Ok((required, table))
}

/// KPIs for staffing levels around `agents` (skipping unstable Erlang C rows):
/// the table a planner reads to see what one agent more or less buys.
pub fn kpi_table(
    traffic: &Traffic,
    model: QueueModel,
    agents: u32,
    around: u32,
    query: ServiceLevelQuery,
) -> Result<Vec<Kpis>, ErlangError> {
    table_levels(traffic, model, agents, around)
        .map(|n| evaluate(traffic, model, n, query))
        .collect()
}

/// The levels of [`kpi_table`].
fn table_levels(
    traffic: &Traffic,
    model: QueueModel,
    agents: u32,
    around: u32,
) -> std::ops::RangeInclusive<u32> {
    let mut first = agents.saturating_sub(around);
    if model == QueueModel::ErlangC && traffic.offered_load() > 0.0 {
        first = first.max(min_stable_agents(traffic.offered_load()));
    }
    first..=agents.saturating_add(around).min(MAX_AGENTS.max(agents))
}

/// Staff to schedule so that `agents` are on the phones after `shrinkage`
/// (the share of paid time lost to breaks, absence, training): ⌈n / (1 − s)⌉.
pub fn scheduled_staff(agents: u32, shrinkage: f64) -> u32 {
    // The small slack keeps 7 / 0.7 = 10.000000000000002 at 10.
    (f64::from(agents) / (1.0 - shrinkage) - 1e-9)
        .ceil()
        .max(0.0) as u32
}

/// Occupancy A/n ≤ max gives n ≥ A/max: exact under Erlang C, enough under
/// Erlang A (abandonment only lowers the occupancy). `as` saturates, so an
/// occupancy of 1e-300 % asks for u32::MAX.
fn agents_for_occupancy(load: f64, targets: &Targets) -> u32 {
    targets
        .max_occupancy
        .map_or(0, |max| (load / max - 1e-9).ceil() as u32)
}

/// Erlang A's agents as the fluid model sees them, a start for the search:
/// with fewer agents than Erlangs every caller waits `ln(A/n)/θ` and a share
/// `n/A` is answered, so a service level `s` within `T` needs
/// `n ≥ A·max(s, e^(−θT))`, abandonment `p` needs `n ≥ A(1 − p)` and an ASA
/// of `w` needs `n ≥ A·e^(−θw)`; an occupancy target, `n ≥ A`. The answer is
/// within a few √A of it, above it or below.
fn fluid_estimate(load: f64, patience_s: f64, targets: &Targets) -> f64 {
    let theta = 1.0 / patience_s;
    let mut share: f64 = 0.0;
    if let Some(t) = targets.service_level {
        share = share.max(t.share).max((-theta * t.within_s).exp());
    }
    if let Some(p) = targets.max_abandon {
        share = share.max(1.0 - p);
    }
    if let Some(w) = targets.max_asa_s {
        share = share.max((-theta * w).exp());
    }
    if targets.max_occupancy.is_some() {
        share = 1.0;
    }
    load * share.min(1.0)
}

fn lowest_candidate(load: f64, model: QueueModel, targets: &Targets) -> u32 {
    match model {
        QueueModel::ErlangC if load > 0.0 => {
            min_stable_agents(load).max(agents_for_occupancy(load, targets))
        }
        _ => 0,
    }
}

fn search_limit(load: f64) -> u32 {
    (2.0 * load + 10.0 * load.sqrt() + 1000.0).min(f64::from(u32::MAX - 1)) as u32
}

/// Smallest `n` in `[lowest, max]` whose margin is ≥ 0, assuming the margin
/// grows with `n` (`None`: too few agents to compute, so it fails).
///
/// From `start` it steps outward until the answer is bracketed, then narrows
/// the bracket. Each new level is aimed where the straight line through two
/// known margins crosses zero (the margins are smooth in the agents), with
/// steps that double when no line is known and a halving whenever the same
/// end moved twice in a row (so a bent curve cannot stall it): a handful of
/// evaluations where stepping and bisection took dozens at 100 000 Erlangs.
fn smallest_meeting(
    lowest: u32,
    start: u32,
    max: u32,
    mut margin: impl FnMut(u32) -> Result<Option<f64>, ErlangError>,
) -> Result<u32, ErlangError> {
    let start = start.clamp(lowest, max);
    let mut at =
        |n: u32| -> Result<f64, ErlangError> { Ok(margin(n)?.unwrap_or(f64::NEG_INFINITY)) };
    let first = at(start)?;
    // Bracket: `lo` fails (or is below `lowest`: None), `hi` meets.
    let (mut lo, mut hi): (Option<(u32, f64)>, (u32, f64));
    if first >= 0.0 {
        hi = (start, first);
        lo = None;
        let (mut previous, mut step): (Option<(u32, f64)>, u32) = (None, first_step(start));
        while hi.0 > lowest {
            let aim = previous
                .and_then(|(p, m_p)| crossing(p, m_p, hi.0, hi.1))
                .filter(|&n| n < hi.0);
            let candidate = aim.unwrap_or(hi.0.saturating_sub(step)).max(lowest);
            let m = at(candidate)?;
            if m < 0.0 {
                lo = Some((candidate, m));
                break;
            }
            previous = Some(hi);
            hi = (candidate, m);
            step = step.saturating_mul(2);
        }
    } else {
        let (mut failed, mut previous, mut step): ((u32, f64), Option<(u32, f64)>, u32) =
            ((start, first), None, first_step(start));
        loop {
            if failed.0 >= max {
                return Err(ErlangError::Unreachable { max_agents: max });
            }
            let aim = previous
                .and_then(|(p, m_p)| crossing(p, m_p, failed.0, failed.1))
                .filter(|&n| n > failed.0);
            let candidate = aim.unwrap_or(failed.0.saturating_add(step)).min(max);
            let m = at(candidate)?;
            if m >= 0.0 {
                hi = (candidate, m);
                lo = Some(failed);
                break;
            }
            previous = Some(failed);
            failed = (candidate, m);
            step = step.saturating_mul(2);
        }
    }
    // Which end moved last, and how many times in a row.
    let (mut last_moved_hi, mut same_end) = (true, 0);
    while let Some((l, m_l)) = lo {
        if hi.0 - l <= 1 {
            break;
        }
        let halfway = l + (hi.0 - l) / 2;
        let mid = if same_end >= 2 {
            halfway
        } else {
            crossing(l, m_l, hi.0, hi.1).map_or(halfway, |n| n.clamp(l + 1, hi.0 - 1))
        };
        let m = at(mid)?;
        let moved_hi = m >= 0.0;
        same_end = if moved_hi == last_moved_hi {
            same_end + 1
        } else {
            1
        };
        last_moved_hi = moved_hi;
        if moved_hi {
            hi = (mid, m);
        } else {
            lo = Some((mid, m));
        }
    }
    Ok(hi.0)
}

/// The first step away from `start`: the answer's distance from a good
/// start grows like √start.
fn first_step(start: u32) -> u32 {
    (f64::from(start).sqrt() / 4.0).ceil().max(1.0) as u32
}

/// Where the line through (a, m_a) and (b, m_b) crosses zero, rounded up;
/// `None` when the margins do not allow a line (flat, or not finite).
fn crossing(a: u32, m_a: f64, b: u32, m_b: f64) -> Option<u32> {
    if !(m_a.is_finite() && m_b.is_finite()) || m_a == m_b {
        return None;
    }
    let x = f64::from(a) + (0.0 - m_a) * (f64::from(b) - f64::from(a)) / (m_b - m_a);
    (x.is_finite() && x >= 0.0 && x < f64::from(u32::MAX)).then(|| x.ceil() as u32)
}

/// A target missed: the value reached and the target (shares as shares).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kpi", rename_all = "snake_case")]
pub enum Miss {
    ServiceLevel {
        value: f64,
        target: f64,
        within_s: f64,
    },
    Asa {
        value: f64,
        max: f64,
    },
    /// No caller is answered, so there is no ASA to compare.
    NoneAnswered,
    Abandonment {
        value: f64,
        max: f64,
    },
    Occupancy {
        value: f64,
        max: f64,
    },
    /// A group with calls of its own to answer has no agent (so no occupancy).
    NoAgent,
}

impl Miss {
    /// The miss in English, as the JSON record keeps it.
    pub fn describe(&self) -> String {
        match *self {
            Miss::ServiceLevel {
                value,
                target,
                within_s,
            } => format!(
                "service level {:.1} % < {:.1} % within {within_s} s",
                value * 100.0,
                target * 100.0
            ),
            Miss::Asa { value, max } => format!("ASA {value:.1} s > {max} s"),
            Miss::NoneAnswered => "no caller is answered".to_string(),
            Miss::Abandonment { value, max } => {
                format!("abandonment {:.2} % > {:.2} %", value * 100.0, max * 100.0)
            }
            Miss::Occupancy { value, max } => {
                format!("occupancy {:.1} % > {:.1} %", value * 100.0, max * 100.0)
            }
            Miss::NoAgent => "no agent for its calls".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_targets() {
        let t: ServiceLevelTarget = "80/20".parse().unwrap();
        assert_eq!(
            t,
            ServiceLevelTarget {
                share: 0.8,
                within_s: 20.0
            }
        );
        let t: ServiceLevelTarget = " 90% / 30s ".parse().unwrap();
        assert_eq!(
            t,
            ServiceLevelTarget {
                share: 0.9,
                within_s: 30.0
            }
        );
        for bad in ["80", "80-20", "abc/20", "80/xyz", "", "/"] {
            assert!(
                matches!(
                    bad.parse::<ServiceLevelTarget>(),
                    Err(ErlangError::MalformedTarget { .. })
                ),
                "{bad}"
            );
        }
        for out_of_range in ["0/20", "120/20", "-5/20", "80/-1", "NaN/20", "80/inf"] {
            assert!(
                out_of_range.parse::<ServiceLevelTarget>().is_err(),
                "{out_of_range}"
            );
        }
    }

    #[test]
    fn search_finds_the_boundary_from_any_start() {
        let step = |answer: u32| move |n: u32| Ok(Some(if n >= answer { 1.0 } else { -1.0 }));
        // Smooth margins, bent like a service level: the line aims well.
        let smooth = |answer: u32| {
            move |n: u32| Ok(Some((f64::from(n) - f64::from(answer) + 0.5).tanh() * 0.3))
        };
        for answer in [0u32, 1, 5, 17, 1000, 4321] {
            for start in [0u32, 3, 17, 40, 2000, 4999] {
                let found = smallest_meeting(0, start, 5000, step(answer)).unwrap();
                assert_eq!(found, answer, "step margin, start {start}");
                let mut evaluations = 0;
                let counted = smooth(answer);
                let found = smallest_meeting(0, start, 5000, |n| {
                    evaluations += 1;
                    counted(n)
                })
                .unwrap();
                assert_eq!(found, answer, "smooth margin, start {start}");
                assert!(
                    evaluations <= 40,
                    "{evaluations} evaluations from {start} to {answer}"
                );
            }
        }
        // Levels too low to compute fail.
        let found = smallest_meeting(0, 100, 5000, |n| {
            Ok((n >= 30).then_some(if n >= 60 { 1.0 } else { -1.0 }))
        })
        .unwrap();
        assert_eq!(found, 60);
        assert!(matches!(
            smallest_meeting(0, 3, 50, step(61)),
            Err(ErlangError::Unreachable { max_agents: 50 })
        ));
    }

    #[test]
    fn scheduled_staff_rounds_up_once() {
        assert_eq!(scheduled_staff(7, 0.3), 10);
        assert_eq!(scheduled_staff(10, 0.3), 15);
        assert_eq!(scheduled_staff(10, 0.0), 10);
        assert_eq!(scheduled_staff(0, 0.5), 0);
    }
}
