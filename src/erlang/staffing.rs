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
        let mut missed = Vec::new();
        if let Some(t) = self.service_level
            && kpis.service_level < t.share
        {
            missed.push(format!(
                "service level {:.1} % < {:.1} % within {} s",
                kpis.service_level * 100.0,
                t.share * 100.0,
                t.within_s
            ));
        }
        if let Some(max) = self.max_asa_s {
            match kpis.asa_answered_s {
                Some(asa) if asa <= max => {}
                Some(asa) => missed.push(format!("ASA {asa:.1} s > {max} s")),
                None => missed.push("no caller is answered".to_string()),
            }
        }
        if let Some(max) = self.max_abandon
            && kpis.prob_abandon > max
        {
            missed.push(format!(
                "abandonment {:.2} % > {:.2} %",
                kpis.prob_abandon * 100.0,
                max * 100.0
            ));
        }
        if let Some(max) = self.max_occupancy
            && kpis.occupancy > max
        {
            missed.push(format!(
                "occupancy {:.1} % > {:.1} %",
                kpis.occupancy * 100.0,
                max * 100.0
            ));
        }
        missed
    }

    pub fn met_by(&self, kpis: &Kpis) -> bool {
        self.shortfalls(kpis).is_empty()
    }
}

/// The smallest number of agents meeting every target, with its KPIs.
pub fn required_agents(
    traffic: &Traffic,
    model: QueueModel,
    targets: &Targets,
    basis: ServiceLevelBasis,
) -> Result<Kpis, ErlangError> {
    if targets.is_empty() {
        return Err(ErlangError::NoTargets);
    }
    targets.validate(model)?;
    let query = targets.service_level_query(basis);
    let load = traffic.offered_load();
    let lowest = lowest_candidate(load, model, targets);
    let start = match model {
        QueueModel::ErlangC => lowest,
        // Abandonment lets fewer agents than Erlangs meet targets; start at A.
        QueueModel::ErlangA { .. } => lowest.max(load.ceil() as u32),
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
    let start = start.min(max_agents);
    let meets = |agents: u32| -> Result<bool, ErlangError> {
        match evaluate(traffic, model, agents, query) {
            Ok(kpis) => Ok(targets.met_by(&kpis)),
            // Far too few agents for the chain to be summed: far from any target.
            Err(ErlangError::QueueTooLong { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    };
    let agents = smallest_meeting(lowest, start, max_agents, meets)?;
    evaluate(traffic, model, agents, query)
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
    let mut first = agents.saturating_sub(around);
    if model == QueueModel::ErlangC && traffic.offered_load() > 0.0 {
        first = first.max(min_stable_agents(traffic.offered_load()));
    }
    (first..=agents.saturating_add(around).min(MAX_AGENTS.max(agents)))
        .map(|n| evaluate(traffic, model, n, query))
        .collect()
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

/// Smallest `n` in `[lowest, max]` with `meets(n)`, assuming `meets` is monotone.
fn smallest_meeting(
    lowest: u32,
    start: u32,
    max: u32,
    mut meets: impl FnMut(u32) -> Result<bool, ErlangError>,
) -> Result<u32, ErlangError> {
    let start = start.clamp(lowest, max);
    // Invariant once bracketed: meets(hi) holds, and meets(below) fails or below < lowest.
    let (mut below, mut hi): (Option<u32>, u32);
    if meets(start)? {
        hi = start;
        below = None;
        let mut step = 1u32;
        while hi > lowest {
            let candidate = hi.saturating_sub(step).max(lowest);
            if meets(candidate)? {
                hi = candidate;
                step = step.saturating_mul(2);
            } else {
                below = Some(candidate);
                break;
            }
        }
    } else {
        let mut failed = start;
        let mut step = 1u32;
        loop {
            if failed >= max {
                return Err(ErlangError::Unreachable { max_agents: max });
            }
            let candidate = failed.saturating_add(step).min(max);
            if meets(candidate)? {
                hi = candidate;
                below = Some(failed);
                break;
            }
            failed = candidate;
            step = step.saturating_mul(2);
        }
    }
    if let Some(mut lo) = below {
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if meets(mid)? {
                hi = mid;
            } else {
                lo = mid;
            }
        }
    }
    Ok(hi)
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
        for answer in [0u32, 1, 5, 17, 1000] {
            for start in [0u32, 3, 17, 40, 2000] {
                let found = smallest_meeting(0, start, 5000, |n| Ok(n >= answer)).unwrap();
                assert_eq!(found, answer, "start {start}");
            }
        }
        assert!(matches!(
            smallest_meeting(0, 3, 50, |n| Ok(n > 60)),
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
