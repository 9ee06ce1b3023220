//! The verdict of a comparison: the scenarios ranked by one KPI, each with
//! its paired difference from the first (and whether it is significant),
//! and which of its own targets it meets over the day and in its worst
//! interval. It reads only the folded [`Comparison`], so a merge of shards
//! gives the same verdict as the whole run.

use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::compare::{ALL, Comparison, Difference, KpiComparison};
use crate::kpi::{CallKpi, GroupKpi, Kpi};
use crate::scenario::Targets;

/// Which way a KPI is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    Higher,
    Lower,
}

/// What the scenarios are ranked by: a day KPI of all call types, or the
/// agent hours of every group together (the cost of the staffing).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankBy {
    pub kpi: RankedKpi,
    pub better: Better,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankedKpi {
    Calls(CallKpi),
    AgentHours,
}

impl RankedKpi {
    pub fn key(self) -> &'static str {
        match self {
            RankedKpi::Calls(k) => k.def().key,
            RankedKpi::AgentHours => GroupKpi::AgentHours.def().key,
        }
    }

    /// Shown values are stored values times this: 100 for shares.
    pub fn scale(self) -> f64 {
        match self {
            RankedKpi::Calls(k) => k.scale(),
            RankedKpi::AgentHours => GroupKpi::AgentHours.scale(),
        }
    }
}

impl Default for RankBy {
    fn default() -> Self {
        Self {
            kpi: RankedKpi::Calls(CallKpi::ServiceLevel),
            better: Better::Higher,
        }
    }
}

#[derive(Debug, Error, PartialEq)]
#[error("--rank-by {given}: {message}")]
pub struct RankByError {
    given: String,
    message: String,
}

/// The way a call KPI is better, where it has one.
fn natural_direction(kpi: CallKpi) -> Option<Better> {
    use CallKpi as K;
    match kpi {
        K::Answered
        | K::ServiceLevel
        | K::Fcr
        | K::CallbacksInDeadline
        | K::CallbacksAccepted
        | K::AnsweredInWindow
        | K::ProactiveAvoided => Some(Better::Higher),
        K::Abandoned
        | K::AbandonRate
        | K::Asa
        | K::MeanWaitAbandoned
        | K::WaitP50
        | K::WaitP80
        | K::WaitP90
        | K::WaitP95
        | K::WaitP99
        | K::MaxQueue
        | K::MeanQueue
        | K::DroppedAtClose
        | K::StillWaiting
        | K::Blocked
        | K::BlockRate
        | K::RepeatCalls
        | K::RepeatShare
        | K::CallbackDelay
        | K::CallbacksUnserved
        | K::ResponseMean
        | K::ResponseP90
        | K::BacklogAtStart
        | K::BacklogAtClose
        | K::Balked
        | K::BalkRate
        | K::Transferred
        | K::TransferRate
        | K::EndToEnd => Some(Better::Lower),
        // Neither way is better in itself: more calls offered, a longer
        // handle time or a busier agent can be what a planner wants or not.
        K::Offered
        | K::Aht
        | K::Occupancy
        | K::UniqueCallers
        | K::CallbacksOffered
        | K::TransfersIn => None,
    }
}

impl FromStr for RankBy {
    type Err = RankByError;

    /// `KPI` (its better way) or `KPI:high` / `KPI:low`.
    fn from_str(given: &str) -> Result<Self, Self::Err> {
        let bad = |message: String| RankByError {
            given: given.to_string(),
            message,
        };
        let (key, way) = match given.split_once(':') {
            Some((key, way)) => (key.trim(), Some(way.trim())),
            None => (given.trim(), None),
        };
        let way = match way {
            None => None,
            Some("high" | "higher" | "max") => Some(Better::Higher),
            Some("low" | "lower" | "min") => Some(Better::Lower),
            Some(other) => {
                return Err(bad(format!(
                    "{other} is not a direction: give {key}:high or {key}:low"
                )));
            }
        };
        let kpi = if key == GroupKpi::AgentHours.def().key {
            RankedKpi::AgentHours
        } else {
            RankedKpi::Calls(CallKpi::from_key(key).ok_or_else(|| {
                bad(format!(
                    "unknown KPI {key}: give a day KPI such as service_level, abandon_rate, asa_s, wait_p90_s or agent_hours (the keys of the JSON output)"
                ))
            })?)
        };
        let natural = match kpi {
            RankedKpi::Calls(k) => natural_direction(k),
            RankedKpi::AgentHours => Some(Better::Lower),
        };
        let better = way.or(natural).ok_or_else(|| {
            bad(format!(
                "{key} is not better higher or lower in itself: give {key}:high or {key}:low"
            ))
        })?;
        Ok(Self { kpi, better })
    }
}

/// A scenario's worst interval by service level (all call types together).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorstInterval {
    pub start: String,
    pub service_level: f64,
    /// Whether it reaches the scenario's service-level target; `None` without one.
    pub met: Option<bool>,
}

/// One scenario's line of the verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerdictRow {
    /// 1 for the best; scenarios without a value come last, unranked.
    pub rank: Option<usize>,
    /// "A", "B", … as in the comparison.
    pub scenario: String,
    /// The ranked KPI's mean, as stored (a share as a fraction).
    pub value: Option<f64>,
    /// Its paired difference from the first scenario (`None` for the first).
    pub difference: Option<Difference>,
    pub service_level: Option<f64>,
    pub service_level_met: Option<bool>,
    pub abandon_rate: Option<f64>,
    pub abandon_met: Option<bool>,
    pub asa_s: Option<f64>,
    pub asa_met: Option<bool>,
    /// Where the intervals of every scenario match.
    pub worst_interval: Option<WorstInterval>,
    /// Every agent group's agent hours together.
    pub agent_hours: Option<f64>,
    /// Every target the scenario sets is met over the day and in its worst
    /// interval; `None` when it sets none.
    pub all_targets_met: Option<bool>,
}

/// The targets a verdict judges by, as a scenario sets them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct VerdictTargets {
    pub service_level: Option<f64>,
    pub answer_within_s: f64,
    pub max_abandon: Option<f64>,
    pub max_asa_s: Option<f64>,
}

impl From<&Targets> for VerdictTargets {
    fn from(t: &Targets) -> Self {
        Self {
            service_level: t.service_level,
            answer_within_s: t.answer_within_s,
            max_abandon: t.max_abandon,
            max_asa_s: t.max_asa_s,
        }
    }
}

/// The scenarios ranked, best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// The ranked KPI's JSON key.
    pub rank_by: String,
    pub better: Better,
    /// The first scenario's targets (each row is judged by its own).
    pub targets: VerdictTargets,
    /// Some scenario's targets differ from the first's.
    pub targets_differ: bool,
    pub rows: Vec<VerdictRow>,
}

fn mean_of(kpi: Option<&KpiComparison>, arm: usize) -> Option<f64> {
    kpi.and_then(|k| k.scenarios.get(arm).copied().flatten())
        .map(|e| e.mean)
}

impl Verdict {
    /// The verdict of `comparison`, scenario i labelled `labels[i]` and
    /// judged by `targets[i]`.
    pub fn new(
        comparison: &Comparison,
        labels: &[String],
        targets: &[&Targets],
        rank_by: RankBy,
    ) -> Self {
        let all = comparison.day.iter().find(|s| s.name == ALL);
        let day = |kpi: CallKpi| all.and_then(|s| s.kpi(kpi));
        let mut rows: Vec<VerdictRow> = labels
            .iter()
            .enumerate()
            .map(|(arm, label)| {
                let target = targets[arm];
                let service_level = mean_of(day(CallKpi::ServiceLevel), arm);
                let abandon_rate = mean_of(day(CallKpi::AbandonRate), arm);
                let asa_s = mean_of(day(CallKpi::Asa), arm);
                let at_least = |value: Option<f64>, goal: Option<f64>| {
                    goal.zip(value).map(|(goal, v)| v >= goal)
                };
                let at_most = |value: Option<f64>, goal: Option<f64>| {
                    goal.zip(value).map(|(goal, v)| v <= goal)
                };
                let worst_interval = comparison
                    .intervals
                    .iter()
                    .filter_map(|i| {
                        let set = i.call_types.iter().find(|s| s.name == ALL)?;
                        let sl = mean_of(set.kpi(CallKpi::ServiceLevel), arm)?;
                        Some((i.start.clone(), sl))
                    })
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .map(|(start, sl)| WorstInterval {
                        start,
                        service_level: sl,
                        met: at_least(Some(sl), target.service_level),
                    });
                let hours: Vec<f64> = comparison
                    .groups
                    .iter()
                    .filter_map(|g| mean_of(g.kpi(GroupKpi::AgentHours), arm))
                    .collect();
                let agent_hours = (!hours.is_empty()).then(|| hours.iter().sum());
                let service_level_met = at_least(service_level, target.service_level);
                let abandon_met = at_most(abandon_rate, target.max_abandon);
                let asa_met = at_most(asa_s, target.max_asa_s);
                let checks = [
                    service_level_met,
                    worst_interval.as_ref().and_then(|w| w.met),
                    abandon_met,
                    asa_met,
                ];
                let all_targets_met = checks
                    .iter()
                    .any(Option::is_some)
                    .then(|| checks.iter().flatten().all(|&met| met));
                let (value, difference) = match rank_by.kpi {
                    RankedKpi::Calls(k) => {
                        let kpi = day(k);
                        let difference =
                            kpi.and_then(|k| k.differences.get(arm).copied().flatten());
                        (mean_of(kpi, arm), difference)
                    }
                    RankedKpi::AgentHours => (agent_hours, hours_difference(comparison, arm)),
                };
                VerdictRow {
                    rank: None,
                    scenario: label.clone(),
                    value,
                    difference,
                    service_level,
                    service_level_met,
                    abandon_rate,
                    abandon_met,
                    asa_s,
                    asa_met,
                    worst_interval,
                    agent_hours,
                    all_targets_met,
                }
            })
            .collect();
        // Best first; equal values keep the order given; no value last.
        rows.sort_by(|a, b| match (a.value, b.value) {
            (Some(x), Some(y)) => match rank_by.better {
                Better::Higher => y.total_cmp(&x),
                Better::Lower => x.total_cmp(&y),
            },
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
        let mut rank = 0;
        for row in &mut rows {
            if row.value.is_some() {
                rank += 1;
                row.rank = Some(rank);
            }
        }
        let first = VerdictTargets::from(targets[0]);
        let targets_differ = targets.iter().any(|&t| VerdictTargets::from(t) != first);
        Self {
            rank_by: rank_by.kpi.key().to_string(),
            better: rank_by.better,
            targets: first,
            targets_differ,
            rows,
        }
    }

    /// The ranked KPI, as parsed back from the saved key.
    pub fn ranked_kpi(&self) -> Option<RankedKpi> {
        if self.rank_by == GroupKpi::AgentHours.def().key {
            Some(RankedKpi::AgentHours)
        } else {
            CallKpi::from_key(&self.rank_by).map(RankedKpi::Calls)
        }
    }
}

/// The paired difference of every group's agent hours together: exact with
/// one group; with several, the sum of the groups' mean differences without
/// an interval (the groups' differences are correlated, and the folded
/// comparison does not keep their covariance).
fn hours_difference(comparison: &Comparison, arm: usize) -> Option<Difference> {
    let differences: Vec<Difference> = comparison
        .groups
        .iter()
        .filter_map(|g| {
            g.kpi(GroupKpi::AgentHours)?
                .differences
                .get(arm)
                .copied()
                .flatten()
        })
        .collect();
    match differences[..] {
        [] => None,
        [one] => Some(one),
        _ => Some(Difference {
            mean: differences.iter().map(|d| d.mean).sum(),
            half_width: None,
            welch_half_width: None,
            pairs: differences.iter().map(|d| d.pairs).min().unwrap_or(0),
            significant: None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::Estimate;
    use crate::study::compare::{IntervalComparison, KpiSet};

    fn estimate(mean: f64) -> Option<Estimate> {
        Some(Estimate {
            mean,
            half_width: Some(0.01),
            replications: 10,
        })
    }

    fn kpi(key: &'static str, means: &[f64]) -> KpiComparison {
        KpiComparison {
            kpi: key,
            scenarios: means.iter().map(|&m| estimate(m)).collect(),
            differences: means
                .iter()
                .enumerate()
                .map(|(i, &m)| {
                    (i > 0).then(|| Difference {
                        mean: m - means[0],
                        half_width: Some(0.02),
                        welch_half_width: Some(0.05),
                        pairs: 10,
                        significant: Some((m - means[0]).abs() > 0.02),
                    })
                })
                .collect(),
        }
    }

    fn comparison() -> Comparison {
        let day = |sl: &[f64]| KpiSet {
            name: ALL.into(),
            kpis: vec![
                kpi("service_level", sl),
                kpi("abandon_rate", &[0.07, 0.04, 0.05]),
                kpi("asa_s", &[20.0, 9.0, 12.0]),
            ],
        };
        Comparison {
            day: vec![day(&[0.71, 0.84, 0.80])],
            groups: vec![KpiSet {
                name: "agents".into(),
                kpis: vec![kpi("agent_hours", &[150.0, 170.0, 160.0])],
            }],
            intervals_match: true,
            intervals: vec![
                IntervalComparison {
                    index: 0,
                    start: "08:00".into(),
                    call_types: vec![day(&[0.60, 0.81, 0.79])],
                },
                IntervalComparison {
                    index: 1,
                    start: "08:30".into(),
                    call_types: vec![day(&[0.50, 0.90, 0.70])],
                },
            ],
        }
    }

    fn targets() -> Targets {
        Targets {
            service_level: Some(0.8),
            answer_within_s: 20.0,
            max_abandon: Some(0.05),
            max_asa_s: None,
            max_occupancy: None,
            basis: Default::default(),
        }
    }

    fn labels() -> Vec<String> {
        ["A", "B", "C"].map(String::from).to_vec()
    }

    #[test]
    fn ranks_by_service_level_and_judges_each_target() {
        let t = targets();
        let v = Verdict::new(&comparison(), &labels(), &[&t, &t, &t], RankBy::default());
        let order: Vec<&str> = v.rows.iter().map(|r| r.scenario.as_str()).collect();
        assert_eq!(order, ["B", "C", "A"]);
        assert_eq!(v.rows[0].rank, Some(1));
        let b = &v.rows[0];
        assert_eq!(b.service_level_met, Some(true));
        assert_eq!(b.abandon_met, Some(true));
        assert_eq!(b.asa_met, None);
        let worst = b.worst_interval.as_ref().unwrap();
        assert_eq!((worst.start.as_str(), worst.met), ("08:00", Some(true)));
        assert_eq!(b.all_targets_met, Some(true));
        // C meets the day's service level and abandonment, not its worst interval.
        let c = &v.rows[1];
        assert_eq!(c.service_level_met, Some(true));
        assert_eq!(c.worst_interval.as_ref().unwrap().start, "08:30");
        assert_eq!(c.all_targets_met, Some(false));
        assert!((c.difference.unwrap().mean - 0.09).abs() < 1e-12);
        assert_eq!(v.rows[2].difference, None);
        assert!(!v.targets_differ);
    }

    #[test]
    fn ranks_by_cost_and_by_a_chosen_direction() {
        let t = targets();
        let cheapest = Verdict::new(
            &comparison(),
            &labels(),
            &[&t, &t, &t],
            "agent_hours".parse().unwrap(),
        );
        let order: Vec<&str> = cheapest.rows.iter().map(|r| r.scenario.as_str()).collect();
        assert_eq!(order, ["A", "C", "B"]);
        assert_eq!(cheapest.rows[0].value, Some(150.0));
        let slowest: RankBy = "asa_s:high".parse().unwrap();
        let v = Verdict::new(&comparison(), &labels(), &[&t, &t, &t], slowest);
        assert_eq!(v.rows[0].scenario, "A");
        let mut loose = targets();
        loose.service_level = None;
        let v = Verdict::new(
            &comparison(),
            &labels(),
            &[&t, &loose, &t],
            RankBy::default(),
        );
        assert!(v.targets_differ);
        let b = v.rows.iter().find(|r| r.scenario == "B").unwrap();
        assert_eq!(b.service_level_met, None);
    }

    #[test]
    fn rank_by_refuses_what_it_cannot_rank() {
        for (given, message) in [
            (
                "occupancy",
                "occupancy is not better higher or lower in itself",
            ),
            ("sl", "unknown KPI sl"),
            ("asa_s:up", "up is not a direction"),
        ] {
            let e = given.parse::<RankBy>().unwrap_err().to_string();
            assert!(e.starts_with(&format!("--rank-by {given}: ")), "{e}");
            assert!(e.contains(message), "{e}");
        }
        let o: RankBy = "occupancy:high".parse().unwrap();
        assert_eq!(o.better, Better::Higher);
        assert_eq!(
            "abandon_rate".parse::<RankBy>().unwrap().better,
            Better::Lower
        );
    }
}
