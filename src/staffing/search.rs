//! Simulation-checked staffing: Erlang seeds, then a search over whole-day
//! simulations with common random numbers until every interval meets the
//! targets with the fewest agents the search can find.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::StaffingError;
use crate::erlang::{self, Miss, QueueModel, ServiceLevelTarget, Traffic};
use crate::kpi::{CallKpi, GroupKpi, KpiMoments, Scope};
use crate::lang::{Lang, Words};
use crate::run::replicate::{RunOptions, SimulationRun, simulate};
use crate::scenario::Scenario;
use crate::stats::Estimate;

/// Which end of a KPI's confidence interval must meet its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Criterion {
    /// The estimate over replications (the long-run ratio of sums, or the
    /// daily mean, as the scenario's `estimator` says) meets each target.
    #[default]
    Mean,
    /// The pessimistic confidence bound meets each target (lower bound of the
    /// service level, upper bound of abandonment, ASA and occupancy).
    Bound,
}

/// How to search.
#[derive(Clone, Copy, Default)]
pub struct SearchOptions<'a> {
    pub criterion: Criterion,
    /// Worker threads; `None` uses every core. The answer is the same for any number.
    pub threads: Option<usize>,
    /// The most agents a group may get in an interval; default: twice the
    /// Erlang seed plus 50.
    pub max_agents: Option<u32>,
    /// Called after each whole-day simulation with the count so far (progress).
    pub on_simulation: Option<&'a (dyn Fn(u32) + Sync)>,
}

/// A target missed in one interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortfall {
    pub interval: usize,
    /// The call type whose KPI misses (service level, abandonment, ASA).
    pub call_type: Option<usize>,
    /// The group whose occupancy is too high.
    pub group: Option<usize>,
    pub missed: MissedTarget,
}

/// What a target's miss says, in any language: who misses (the call type
/// when there are several, or the group), the KPI's value against its
/// target, and whether it was judged on the confidence bound.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MissedTarget {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    pub miss: Miss,
    #[serde(default)]
    pub confidence_bound: bool,
}

impl MissedTarget {
    /// The miss in the words of a language.
    pub fn text(&self, w: &Words) -> String {
        let by = self.by.as_ref().map_or(String::new(), |b| format!("{b}: "));
        let bound = if self.confidence_bound {
            w.miss_on_bound
        } else {
            ""
        };
        format!("{by}{}{bound}", w.miss(&self.miss))
    }
}

impl Shortfall {
    /// The miss in English, as the JSON record keeps it: e.g.
    /// `service level 74.1 % < 80.0 % within 20 s`.
    pub fn what(&self) -> String {
        self.missed.text(Lang::En.words())
    }
}

/// The answer of the search.
#[derive(Debug, Clone)]
pub struct Requirement {
    /// Erlang's answer, `[group][interval]`, where the search started.
    pub seeds: Vec<Vec<u32>>,
    /// The fewest agents found, `[group][interval]`.
    pub agents: Vec<Vec<u32>>,
    /// The whole-day simulation of `agents` (the scenario's seed).
    pub run: SimulationRun,
    /// Whole-day simulations the search ran.
    pub simulations: u32,
    /// Calls simulated by the search, all simulations together.
    pub calls_simulated: u64,
}

/// For each call type, the group that staffs it: the first group that lists
/// it as its first skill, else the first group that serves it.
pub fn primary_groups(scenario: &Scenario) -> Vec<usize> {
    let groups = &scenario.agent_groups;
    (0..scenario.call_types.len())
        .map(|t| {
            groups
                .iter()
                .position(|g| g.skills.first() == Some(&t))
                .or_else(|| groups.iter().position(|g| g.skills.contains(&t)))
                .unwrap_or(0)
        })
        .collect()
}

fn has_targets(scenario: &Scenario) -> bool {
    let t = &scenario.targets;
    t.service_level.is_some()
        || t.max_abandon.is_some()
        || t.max_asa_s.is_some()
        || t.max_occupancy.is_some()
        || scenario.has_own_targets()
}

/// Erlang's answer per group and interval, `[group][interval]`: a group gets
/// the agents Erlang A (Erlang C where a call type has no patience) needs for
/// the pooled traffic of the call types it is the primary group of. A group
/// that is primary for no call type keeps the scenario's agents.
pub fn erlang_seeds(scenario: &Scenario) -> Result<Vec<Vec<u32>>, StaffingError> {
    if !has_targets(scenario) {
        return Err(StaffingError::NoTargets);
    }
    let primary = primary_groups(scenario);
    let sim = &scenario.simulation;
    let t = &scenario.targets;
    let of_type: Vec<_> = (0..scenario.call_types.len())
        .map(|c| scenario.targets_of(c))
        .collect();
    for (call_type, tc) in scenario.call_types.iter().zip(&of_type) {
        // Only an abandonment target: callers who never hang up meet it with no agent.
        let abandonment_only = tc.max_abandon.is_some()
            && tc.service_level.is_none()
            && tc.max_asa_s.is_none()
            && tc.max_occupancy.is_none();
        let untargeted = tc.service_level.is_none()
            && tc.max_abandon.is_none()
            && tc.max_asa_s.is_none()
            && tc.max_occupancy.is_none();
        if untargeted {
            // Only others' own targets: this type would be staffed for nothing.
            return Err(StaffingError::UntargetedType {
                call_type: call_type.name.clone(),
            });
        }
        if abandonment_only && call_type.patience.is_none() {
            return Err(StaffingError::AbandonmentOnly {
                call_type: call_type.name.clone(),
            });
        }
    }
    let mut seeds = Vec::with_capacity(scenario.agent_groups.len());
    for (g, group) in scenario.agent_groups.iter().enumerate() {
        let types: Vec<usize> = (0..primary.len()).filter(|&c| primary[c] == g).collect();
        if types.is_empty() {
            seeds.push(group.agents.clone());
            continue;
        }
        // The strictest of the group's types' targets and thresholds: a
        // seed the search then moves, each type simulated against its own.
        let strictest = |value: fn(&crate::scenario::Targets) -> Option<f64>, most: bool| {
            types
                .iter()
                .filter_map(|&c| value(&of_type[c]))
                .reduce(if most { f64::max } else { f64::min })
        };
        let within_s = types
            .iter()
            .filter(|&&c| of_type[c].service_level.is_some())
            .map(|&c| scenario.answer_within_s(c))
            .fold(f64::INFINITY, f64::min);
        let service_level = strictest(|t| t.service_level, true)
            .map(|share| ServiceLevelTarget::new(share, within_s))
            .transpose();
        let max_asa_s = strictest(|t| t.max_asa_s, false);
        let max_abandon = strictest(|t| t.max_abandon, false);
        let mut row = Vec::with_capacity(sim.intervals);
        for k in 0..sim.intervals {
            let at_fault = |source| StaffingError::Erlang {
                interval: sim.interval_label(k),
                group: group.name.clone(),
                source,
            };
            let calls: f64 = types
                .iter()
                .map(|&c| scenario.call_types[c].calls_per_interval[k])
                .sum();
            if calls <= 0.0 {
                row.push(0);
                continue;
            }
            let weighted = |f: &dyn Fn(usize) -> f64| {
                types
                    .iter()
                    .map(|&c| scenario.call_types[c].calls_per_interval[k] * f(c))
                    .sum::<f64>()
                    / calls
            };
            let aht_s = weighted(&|c| {
                let call_type = &scenario.call_types[c];
                // The group's own talk time where it has one (not scaled by
                // the type's `aht_s`), with the type's after-call work.
                let own = group
                    .skills
                    .iter()
                    .position(|&s| s == c)
                    .and_then(|i| group.handle[i].as_ref());
                match own {
                    Some(talk) => {
                        talk.mean() + call_type.after_call_work.as_ref().map_or(0.0, |d| d.mean())
                    }
                    None => call_type.mean_handle_s_at(k),
                }
            });
            let all_patient = types
                .iter()
                .all(|&c| scenario.call_types[c].patience.is_some());
            let model = if all_patient {
                QueueModel::ErlangA {
                    patience_s: weighted(&|c| {
                        scenario.call_types[c]
                            .patience
                            .as_ref()
                            .map_or(0.0, |d| d.mean())
                    }),
                }
            } else {
                QueueModel::ErlangC
            };
            let targets = erlang::Targets {
                service_level: service_level.clone().map_err(at_fault)?,
                max_asa_s,
                max_abandon: if all_patient { max_abandon } else { None },
                max_occupancy: t.max_occupancy,
            };
            if targets.is_empty() {
                // Only an abandonment target, and callers who never hang up.
                row.push(0);
                continue;
            }
            let traffic =
                Traffic::from_calls_per_interval(calls, sim.interval_s, aht_s).map_err(at_fault)?;
            let kpis =
                erlang::required_agents(&traffic, model, &targets, t.basis).map_err(at_fault)?;
            row.push(kpis.agents);
        }
        seeds.push(row);
    }
    Ok(seeds)
}

/// The value a target is judged on: the mean, or the pessimistic bound.
fn judged(e: Estimate, criterion: Criterion, higher_is_better: bool) -> f64 {
    let half_width = match criterion {
        Criterion::Mean => 0.0,
        Criterion::Bound => e.half_width.unwrap_or(0.0),
    };
    if higher_is_better {
        e.mean - half_width
    } else {
        e.mean + half_width
    }
}

/// The targets each interval misses in a run, `[interval]`.
pub fn shortfalls(
    scenario: &Scenario,
    moments: &KpiMoments,
    criterion: Criterion,
) -> Vec<Vec<Shortfall>> {
    let t = &scenario.targets;
    let confidence = scenario.simulation.confidence;
    let several_types = scenario.call_types.len() > 1;
    let primary = primary_groups(scenario);
    let confidence_bound = criterion == Criterion::Bound;
    (0..scenario.simulation.intervals)
        .map(|k| {
            let mut missed = Vec::new();
            for (c, call_type) in scenario.call_types.iter().enumerate() {
                let t = scenario.targets_of(c);
                let scope = Scope {
                    call_type: Some(c),
                    interval: Some(k),
                };
                let by = several_types.then(|| call_type.name.clone());
                let mut miss = |miss: Miss| {
                    let target = MissedTarget {
                        by: by.clone(),
                        miss,
                        confidence_bound,
                    };
                    missed.push(Shortfall {
                        interval: k,
                        call_type: Some(c),
                        group: None,
                        missed: target,
                    });
                };
                // Callers came but none was answered in any replication: the
                // KPIs of answered calls are undefined, and no target is met.
                let offered = moments
                    .call(scope, CallKpi::Offered, confidence)
                    .map_or(0.0, |e| e.mean);
                if let Some(share) = t.service_level {
                    match moments.call(scope, CallKpi::ServiceLevel, confidence) {
                        Some(e) => {
                            let v = judged(e, criterion, true);
                            if v < share {
                                miss(Miss::ServiceLevel {
                                    value: v,
                                    target: share,
                                    within_s: scenario.answer_within_s(c),
                                });
                            }
                        }
                        None if offered > 0.0 => miss(Miss::NoneAnswered),
                        None => {}
                    }
                }
                if let Some(max) = t.max_abandon
                    && let Some(e) = moments.call(scope, CallKpi::AbandonRate, confidence)
                {
                    let v = judged(e, criterion, false);
                    if v > max {
                        miss(Miss::Abandonment { value: v, max });
                    }
                }
                if let Some(max) = t.max_asa_s {
                    match moments.call(scope, CallKpi::Asa, confidence) {
                        Some(e) => {
                            let v = judged(e, criterion, false);
                            if v > max {
                                miss(Miss::Asa { value: v, max });
                            }
                        }
                        None if offered > 0.0 && t.service_level.is_none() => {
                            miss(Miss::NoneAnswered)
                        }
                        None => {}
                    }
                }
            }
            if let Some(max) = t.max_occupancy {
                for (g, group) in scenario.agent_groups.iter().enumerate() {
                    let what = match moments.group(g, Some(k), GroupKpi::Occupancy, confidence) {
                        Some(e) => {
                            let v = judged(e, criterion, false);
                            (v > max).then_some(Miss::Occupancy { value: v, max })
                        }
                        // No agent present: no occupancy, but a group with
                        // calls of its own to answer does not meet the target.
                        None => (0..scenario.call_types.len())
                            .filter(|&c| primary[c] == g)
                            .any(|c| {
                                let scope = Scope {
                                    call_type: Some(c),
                                    interval: Some(k),
                                };
                                moments
                                    .call(scope, CallKpi::Offered, confidence)
                                    .is_some_and(|e| e.mean > 0.0)
                            })
                            .then_some(Miss::NoAgent),
                    };
                    if let Some(miss) = what {
                        let target = MissedTarget {
                            by: Some(group.name.clone()),
                            miss,
                            confidence_bound: confidence_bound && miss != Miss::NoAgent,
                        };
                        missed.push(Shortfall {
                            interval: k,
                            call_type: None,
                            group: Some(g),
                            missed: target,
                        });
                    }
                }
            }
            missed
        })
        .collect()
}

/// The scenario with `agents[group][interval]` on the phones.
pub(crate) fn with_staffing(scenario: &Scenario, agents: &[Vec<u32>]) -> Scenario {
    let mut staffed = scenario.clone();
    for (group, row) in staffed.agent_groups.iter_mut().zip(agents) {
        group.agents = row.clone();
    }
    staffed
}

struct Evaluator<'a> {
    scenario: &'a Scenario,
    options: SearchOptions<'a>,
    simulations: u32,
    calls_simulated: u64,
}

type Evaluation = (SimulationRun, Vec<Vec<Shortfall>>);

impl Evaluator<'_> {
    /// Simulates the whole day with `agents`: same seed, same callers (CRN).
    fn evaluate(&mut self, agents: &[Vec<u32>]) -> Result<Evaluation, StaffingError> {
        let staffed = with_staffing(self.scenario, agents);
        let run = simulate(
            &staffed,
            &RunOptions {
                threads: self.options.threads,
                ..RunOptions::default()
            },
        )?;
        self.simulations += 1;
        self.calls_simulated += run.calls_simulated;
        if let Some(progress) = self.options.on_simulation {
            progress(self.simulations);
        }
        let missed = shortfalls(&staffed, &run.moments, self.options.criterion);
        Ok((run, missed))
    }
}

/// The fewest agents per group and interval whose simulated KPIs meet every
/// target in every interval of the day (see the module docs and the guide's
/// docs/src/planner/staff.md).
pub fn required_staffing<'a>(
    scenario: &'a Scenario,
    options: &SearchOptions<'a>,
) -> Result<Requirement, StaffingError> {
    let seeds = erlang_seeds(scenario)?;
    let primary = primary_groups(scenario);
    let intervals = scenario.simulation.intervals;
    let caps: Vec<Vec<u32>> = seeds
        .iter()
        .map(|row| {
            row.iter()
                .map(|&s| {
                    options
                        .max_agents
                        .unwrap_or_else(|| s.saturating_mul(2).saturating_add(50))
                })
                .collect()
        })
        .collect();
    let mut evaluator = Evaluator {
        scenario,
        options: *options,
        simulations: 0,
        calls_simulated: 0,
    };
    let mut agents: Vec<Vec<u32>> = seeds
        .iter()
        .zip(&caps)
        .map(|(row, cap)| row.iter().zip(cap).map(|(&s, &c)| s.min(c)).collect())
        .collect();

    // 1. Up: add agents where a target is missed until every interval holds.
    let mut verified = Some(raise(&mut evaluator, &mut agents, &primary, &caps)?);

    // 2. Down: take one agent from every other interval of a group at once;
    //    keep the cuts that hurt no interval, blame a failing interval on the
    //    nearest cut at or before it (its backlog), and undo that cut for good.
    let mut order: Vec<usize> = (0..agents.len()).collect();
    order.sort_by_key(|&g| scenario.agent_groups[g].skills.len());
    // Intervals inside the warm-up have no KPI: they keep Erlang's answer.
    let sim = &scenario.simulation;
    let warm_up = |k: usize| (k + 1) as f64 * sim.interval_s <= sim.warmup_s;
    let mut may_cut: Vec<Vec<bool>> = agents
        .iter()
        .map(|row| {
            row.iter()
                .enumerate()
                .map(|(k, &n)| n > 0 && !warm_up(k))
                .collect()
        })
        .collect();
    loop {
        let mut cut_any = false;
        for &g in &order {
            for parity in 0..2 {
                let cuts: Vec<usize> = (parity..intervals)
                    .step_by(2)
                    .filter(|&k| may_cut[g][k] && agents[g][k] > 0)
                    .collect();
                if cuts.is_empty() {
                    continue;
                }
                let mut trial = agents.clone();
                for &k in &cuts {
                    trial[g][k] -= 1;
                }
                let (run, missed) = evaluator.evaluate(&trial)?;
                let undone = blamed_cuts(&cuts, &missed);
                for &k in &undone {
                    trial[g][k] += 1;
                    may_cut[g][k] = false;
                }
                if undone.len() < cuts.len() {
                    cut_any = true;
                    agents = trial;
                    verified = undone.is_empty().then_some((run, missed));
                }
            }
        }
        if !cut_any {
            break;
        }
    }

    // 3. Verify the whole day once more (undone cuts change the backlog) and
    //    raise again wherever an interval slipped.
    let mut verified = match verified {
        Some(done) => done,
        None => raise(&mut evaluator, &mut agents, &primary, &caps)?,
    };

    // 4. Polish: one agent less in every `spacing`-th interval at once, for
    //    each offset in turn. Cuts `spacing` intervals apart span the backlog
    //    window (twelve AHTs, at least four intervals, at most two hours), so a missed
    //    interval is blamed on the nearest cut at or before it and that cut
    //    undone; the others are kept once the day holds without it. Repeat
    //    until a whole round keeps no cut. A round takes `spacing` whole-day
    //    simulations per group, however long the horizon: the search's
    //    cost grows linearly with the intervals, not with their square.
    let spacing = polish_spacing(sim.interval_s, intervals, longest_mean_handle_s(scenario));
    loop {
        let mut cut_any = false;
        for &g in &order {
            for offset in 0..spacing {
                let cuts: Vec<usize> = (offset..intervals)
                    .step_by(spacing)
                    .filter(|&k| agents[g][k] > 0 && !warm_up(k))
                    .collect();
                if cuts.is_empty() {
                    continue;
                }
                let mut trial = agents.clone();
                for &k in &cuts {
                    trial[g][k] -= 1;
                }
                let (run, missed) = evaluator.evaluate(&trial)?;
                let undone = blamed_cuts(&cuts, &missed);
                if undone.is_empty() {
                    agents = trial;
                    verified = (run, missed);
                    cut_any = true;
                    continue;
                }
                if undone.len() == cuts.len() {
                    continue;
                }
                for &k in &undone {
                    trial[g][k] += 1;
                }
                let (run, missed) = evaluator.evaluate(&trial)?;
                if missed.iter().all(Vec::is_empty) {
                    agents = trial;
                    verified = (run, missed);
                    cut_any = true;
                }
            }
        }
        if !cut_any {
            break;
        }
    }
    let (run, _) = verified;
    Ok(Requirement {
        seeds,
        agents,
        run,
        simulations: evaluator.simulations,
        calls_simulated: evaluator.calls_simulated,
    })
}

/// The cuts to undo: for each interval that misses a target, the nearest
/// cut at or before it (a backlog flows forward); a miss before every cut
/// is blamed on the first.
fn blamed_cuts(cuts: &[usize], missed: &[Vec<Shortfall>]) -> BTreeSet<usize> {
    let mut undone = BTreeSet::new();
    for (j, m) in missed.iter().enumerate() {
        if m.is_empty() {
            continue;
        }
        let blamed = cuts
            .iter()
            .rev()
            .find(|&&k| k <= j)
            .copied()
            .unwrap_or(cuts[0]);
        undone.insert(blamed);
    }
    undone
}

/// The longest mean handle time of any call type in any interval, seconds.
fn longest_mean_handle_s(scenario: &Scenario) -> f64 {
    let intervals = scenario.simulation.intervals;
    scenario
        .call_types
        .iter()
        .flat_map(|c| (0..intervals).map(|k| c.mean_handle_s_at(k)))
        .fold(0.0, f64::max)
}

/// The longest the polish keeps its simultaneous cuts apart: two hours.
const POLISH_WINDOW_S: f64 = 7200.0;

/// How far apart the polish's simultaneous cuts are, in intervals: the time
/// a one-agent backlog takes to clear, twelve of the longest mean handle times,
/// but at least four intervals (a miss is blamed on the cut before it) and
/// at most two hours; at least two intervals, at most the horizon. Long
/// intervals keep two hours; short ones (minutes) cut far more at once.
/// Blame is only where the next simulation looks: a cut is kept only once
/// the whole day holds without it.
fn polish_spacing(interval_s: f64, intervals: usize, longest_handle_s: f64) -> usize {
    let window_s = (12.0 * longest_handle_s)
        .max(4.0 * interval_s)
        .min(POLISH_WINDOW_S);
    let spacing = (window_s / interval_s).ceil().max(2.0) as usize;
    spacing.min(intervals.max(1))
}

/// Simulates and adds agents where targets are missed until none is; the
/// step per (group, interval) doubles while the same interval keeps missing.
fn raise(
    evaluator: &mut Evaluator<'_>,
    agents: &mut [Vec<u32>],
    primary: &[usize],
    caps: &[Vec<u32>],
) -> Result<Evaluation, StaffingError> {
    let mut step: Vec<Vec<u32>> = agents.iter().map(|row| vec![1; row.len()]).collect();
    loop {
        let (run, missed) = evaluator.evaluate(agents)?;
        if missed.iter().all(Vec::is_empty) {
            return Ok((run, missed));
        }
        let mut raised = BTreeSet::new();
        for m in missed.iter().flatten() {
            let g = match (m.group, m.call_type) {
                (Some(g), _) => g,
                (None, Some(c)) => primary[c],
                (None, None) => 0,
            };
            raised.insert((g, m.interval));
        }
        for (g, k) in raised {
            if agents[g][k] >= caps[g][k] {
                let scenario = evaluator.scenario;
                let what: Vec<String> = missed[k].iter().map(Shortfall::what).collect();
                return Err(StaffingError::Unreachable {
                    interval: scenario.simulation.interval_label(k),
                    group: scenario.agent_groups[g].name.clone(),
                    agents: agents[g][k],
                    hint: match evaluator.options.max_agents {
                        Some(_) => ", --max-agents".into(),
                        None => {
                            ": twice Erlang's answer plus 50; raise it with --max-agents".into()
                        }
                    },
                    shortfalls: what.join("; "),
                });
            }
            agents[g][k] = agents[g][k].saturating_add(step[g][k]).min(caps[g][k]);
            step[g][k] = step[g][k].saturating_mul(2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missed_target_speaks_the_report_language() {
        let missed = MissedTarget {
            by: Some("conta".into()),
            miss: Miss::Abandonment {
                value: 0.0507,
                max: 0.05,
            },
            confidence_bound: true,
        };
        assert_eq!(
            missed.text(Lang::En.words()),
            "conta: abandonment 5.07 % > 5.00 % (confidence bound)"
        );
        assert_eq!(
            missed.text(Lang::Pt.words()),
            "conta: abandono 5,07 % > 5,00 % (limite de confiança)"
        );
        let sl = MissedTarget {
            by: None,
            miss: Miss::ServiceLevel {
                value: 0.723,
                target: 0.8,
                within_s: 20.0,
            },
            confidence_bound: false,
        };
        assert_eq!(
            sl.text(Lang::Pt.words()),
            "nível de serviço 72,3 % < 80,0 % em até 20 s"
        );
        // The record keeps the structure, and reads it back.
        let json = serde_json::to_string(&missed).unwrap();
        let back: MissedTarget = serde_json::from_str(&json).unwrap();
        assert_eq!(back, missed);
    }
}
