//! The whole planning job: required agents, heads after shrinkage, shifts,
//! and the KPIs the scheduled staffing achieves.

use std::collections::BTreeSet;

use super::search::{
    MissedTarget, SearchOptions, Shortfall, primary_groups, required_staffing, shortfalls,
    with_staffing,
};
use super::shifts::{MipOptions, Schedule, schedule_shifts, shift_instances};
use super::{Requirement, StaffingError};
use crate::erlang::scheduled_staff;
use crate::run::replicate::{RunOptions, SimulationRun, simulate};
use crate::scenario::Scenario;

/// How to plan.
#[derive(Clone, Copy)]
pub struct PlanOptions<'a> {
    pub search: SearchOptions<'a>,
    /// Relative optimality gap of the shift MIP; `None`: 0 for a day or
    /// less, 1 % for longer horizons (a week).
    pub mip_gap: Option<f64>,
    /// Seconds the MIP may run per group before the best schedule found is taken.
    pub mip_time_limit_s: f64,
    /// Paid hours of one full-time equivalent in the scenario's horizon.
    pub fte_hours: f64,
}

impl Default for PlanOptions<'_> {
    fn default() -> Self {
        Self {
            search: SearchOptions::default(),
            mip_gap: None,
            mip_time_limit_s: 60.0,
            fte_hours: 8.0,
        }
    }
}

/// Rounds of repair at most: each re-solves the shift MIP with more heads
/// where the scheduled staffing missed a target, and simulates it again.
pub const MAX_REPAIRS: u32 = 25;

/// Coverage added because the scheduled staffing missed a target.
#[derive(Debug, Clone, PartialEq)]
pub struct Repair {
    /// 1 for the first re-solve.
    pub round: u32,
    pub interval: usize,
    pub group: usize,
    /// Agents on the phones the schedule had there, and now asks for.
    pub from_agents: u32,
    pub to_agents: u32,
    /// What was missed, e.g. `abandonment 5.07 % > 5.00 %`.
    pub missed: MissedTarget,
}

/// A target still missed when the repairs ran out.
#[derive(Debug, Clone, PartialEq)]
pub struct Unrepaired {
    pub interval: usize,
    /// Rounds of repair that ran.
    pub rounds: u32,
    pub missed: MissedTarget,
}

/// The scheduled staffing and what it achieves.
#[derive(Debug, Clone)]
pub struct ScheduledStaffing {
    /// One schedule per group.
    pub schedules: Vec<Schedule>,
    /// Agents on the phones, `[group][interval]`: on shift less shrinkage, rounded down.
    pub on_phones: Vec<Vec<u32>>,
    /// The whole-day simulation of `on_phones` (the scenario's seed).
    pub run: SimulationRun,
    /// Targets the scheduled staffing misses, `[interval]`.
    pub shortfalls: Vec<Vec<Shortfall>>,
    /// Relative MIP gap used.
    pub mip_gap: f64,
    /// Coverage added, round by round, where a schedule missed a target.
    pub repairs: Vec<Repair>,
    /// Why targets are still missed after the repairs, if they are.
    pub unrepaired: Option<Unrepaired>,
}

/// A staffing plan.
#[derive(Debug, Clone)]
pub struct Plan {
    pub requirement: Requirement,
    /// Heads to schedule, `[group][interval]`: ⌈required / (1 − shrinkage)⌉.
    pub heads: Vec<Vec<u32>>,
    /// Full-time equivalents the heads amount to, per group.
    pub fte_required: Vec<f64>,
    /// `None` when the scenario has no `[[shift]]`.
    pub scheduled: Option<ScheduledStaffing>,
    /// Paid FTE of the schedule, per group.
    pub fte_scheduled: Option<Vec<f64>>,
    /// Paid hours of one FTE.
    pub fte_hours: f64,
}

/// Required agents by simulation, heads after shrinkage, and, when the
/// scenario has shift patterns, the cheapest schedule and its KPIs.
pub fn plan<'a>(scenario: &'a Scenario, options: &PlanOptions<'a>) -> Result<Plan, StaffingError> {
    let requirement = required_staffing(scenario, &options.search)?;
    let shrinkage = scenario.shrinkage.total();
    let heads: Vec<Vec<u32>> = requirement
        .agents
        .iter()
        .map(|row| row.iter().map(|&n| scheduled_staff(n, shrinkage)).collect())
        .collect();
    let interval_h = scenario.simulation.interval_s / 3600.0;
    let fte_required = heads
        .iter()
        .map(|row| row.iter().map(|&n| f64::from(n)).sum::<f64>() * interval_h / options.fte_hours)
        .collect();
    if scenario.shifts.is_empty() {
        return Ok(Plan {
            requirement,
            heads,
            fte_required,
            scheduled: None,
            fte_scheduled: None,
            fte_hours: options.fte_hours,
        });
    }
    let mip_gap = options
        .mip_gap
        .unwrap_or(if scenario.simulation.horizon_s() > 86_400.0 {
            0.01
        } else {
            0.0
        });
    let mip = MipOptions {
        gap: mip_gap,
        time_limit_s: options.mip_time_limit_s,
    };
    let instances: Vec<_> = (0..heads.len())
        .map(|g| shift_instances(scenario, g))
        .collect();
    let primary = primary_groups(scenario);
    let Repaired {
        schedules,
        on_phones,
        outcome: run,
        missed,
        repairs,
        unrepaired,
    } = repair(
        heads.clone(),
        shrinkage,
        &primary,
        |g, need| schedule_shifts(scenario, g, &instances[g], need, &mip),
        |on_phones| {
            let staffed = with_staffing(scenario, on_phones);
            let run = simulate(
                &staffed,
                &RunOptions {
                    threads: options.search.threads,
                    ..RunOptions::default()
                },
            )?;
            let missed = shortfalls(&staffed, &run.moments, options.search.criterion);
            Ok((run, missed))
        },
    )?;
    let fte_scheduled = schedules
        .iter()
        .map(|s| s.paid_hours / options.fte_hours)
        .collect();
    Ok(Plan {
        requirement,
        heads,
        fte_required,
        scheduled: Some(ScheduledStaffing {
            schedules,
            on_phones,
            run,
            shortfalls: missed,
            mip_gap,
            repairs,
            unrepaired,
        }),
        fte_scheduled: Some(fte_scheduled),
        fte_hours: options.fte_hours,
    })
}

/// Agents on the phones, `[group][interval]`: on shift less shrinkage, rounded down.
fn on_the_phones(schedules: &[Schedule], shrinkage: f64) -> Vec<Vec<u32>> {
    schedules
        .iter()
        .map(|s| {
            s.coverage
                .iter()
                .map(|&c| (c * (1.0 - shrinkage) + 1e-6).floor() as u32)
                .collect()
        })
        .collect()
}

/// The schedules that hold, with what their last evaluation gave.
struct Repaired<R> {
    schedules: Vec<Schedule>,
    on_phones: Vec<Vec<u32>>,
    outcome: R,
    missed: Vec<Vec<Shortfall>>,
    repairs: Vec<Repair>,
    unrepaired: Option<Unrepaired>,
}

/// Solves each group's schedule for `need` (`[group][interval]` heads),
/// evaluates the agents it puts on the phones, and where a target is missed
/// asks the solver for one agent more on the phones there (the cheapest
/// coverage that adds it), until every interval holds or [`MAX_REPAIRS`]
/// rounds have run. `primary[c]`: the group a call type's misses are
/// repaired in.
fn repair<R>(
    mut need: Vec<Vec<u32>>,
    shrinkage: f64,
    primary: &[usize],
    mut solve: impl FnMut(usize, &[u32]) -> Result<Schedule, StaffingError>,
    mut evaluate: impl FnMut(&[Vec<u32>]) -> Result<(R, Vec<Vec<Shortfall>>), StaffingError>,
) -> Result<Repaired<R>, StaffingError> {
    let mut schedules = need
        .iter()
        .enumerate()
        .map(|(g, n)| solve(g, n))
        .collect::<Result<Vec<_>, _>>()?;
    let mut repairs: Vec<Repair> = Vec::new();
    let mut round = 0;
    loop {
        let on_phones = on_the_phones(&schedules, shrinkage);
        let (outcome, missed) = evaluate(&on_phones)?;
        let first_miss = missed.iter().flatten().next();
        if first_miss.is_none() || round == MAX_REPAIRS {
            let unrepaired = first_miss.map(|m| Unrepaired {
                interval: m.interval,
                rounds: MAX_REPAIRS,
                missed: m.missed.clone(),
            });
            return Ok(Repaired {
                schedules,
                on_phones,
                outcome,
                missed,
                repairs,
                unrepaired,
            });
        }
        round += 1;
        // One repair per (group, interval) a round, however many targets it misses.
        let mut raised = BTreeSet::new();
        for m in missed.iter().flatten() {
            let g = m
                .group
                .unwrap_or_else(|| m.call_type.map_or(0, |c| primary[c]));
            let k = m.interval;
            if !raised.insert((g, k)) {
                continue;
            }
            let to_agents = on_phones[g][k] + 1;
            need[g][k] = need[g][k].max(scheduled_staff(to_agents, shrinkage));
            repairs.push(Repair {
                round,
                interval: k,
                group: g,
                from_agents: on_phones[g][k],
                to_agents,
                missed: m.missed.clone(),
            });
        }
        let changed: BTreeSet<usize> = raised.iter().map(|&(g, _)| g).collect();
        for g in changed {
            schedules[g] = solve(g, &need[g])?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::staffing::shifts::MipStatus;

    /// A solver that covers exactly the need, with a cost of one per head-interval.
    fn exact(need: &[u32]) -> Schedule {
        Schedule {
            counts: need.to_vec(),
            break_counts: vec![Vec::new(); need.len()],
            used: Vec::new(),
            coverage: need.iter().map(|&n| f64::from(n)).collect(),
            on_shift: need.to_vec(),
            cost: need.iter().map(|&n| f64::from(n)).sum(),
            paid_hours: 0.0,
            solve_s: 0.0,
            status: MipStatus::Optimal,
            cost_bound: need.iter().map(|&n| f64::from(n)).sum(),
        }
    }

    fn miss(interval: usize, call_type: usize) -> Shortfall {
        Shortfall {
            interval,
            call_type: Some(call_type),
            group: None,
            missed: MissedTarget {
                by: None,
                miss: crate::erlang::Miss::ServiceLevel {
                    value: interval as f64 / 10.0,
                    target: 0.8,
                    within_s: 20.0,
                },
                confidence_bound: false,
            },
        }
    }

    /// The evaluation misses interval 1 until group 0 has 5 agents there and
    /// interval 2 until it has 4: the repair adds one agent a round where
    /// each misses, and stops as soon as both hold.
    #[test]
    fn repair_adds_an_agent_a_round_where_a_target_is_missed_until_all_hold() {
        let mut solves = Vec::new();
        let repaired = repair(
            vec![vec![2, 3, 3]],
            0.0,
            &[0],
            |g, need| {
                solves.push((g, need.to_vec()));
                Ok(exact(need))
            },
            |on_phones| {
                let a = &on_phones[0];
                let mut missed = vec![Vec::new(); 3];
                if a[1] < 5 {
                    missed[1].push(miss(1, 0));
                }
                if a[2] < 4 {
                    missed[2].push(miss(2, 0));
                    missed[2].push(miss(2, 0));
                }
                Ok(((), missed))
            },
        )
        .unwrap();
        assert_eq!(repaired.on_phones, vec![vec![2, 5, 4]]);
        assert!(repaired.missed.iter().all(Vec::is_empty));
        assert!(repaired.unrepaired.is_none());
        let steps: Vec<(u32, usize, u32, u32)> = repaired
            .repairs
            .iter()
            .map(|r| (r.round, r.interval, r.from_agents, r.to_agents))
            .collect();
        assert_eq!(steps, vec![(1, 1, 3, 4), (1, 2, 3, 4), (2, 1, 4, 5)]);
        assert_eq!(solves.len(), 3, "the first solve and one per round");
    }

    /// With shrinkage the need is in heads: one more agent on the phones
    /// is ⌈(n + 1) / (1 − s)⌉ heads.
    #[test]
    fn repair_asks_for_heads_that_give_one_more_agent_after_shrinkage() {
        let repaired = repair(
            vec![vec![10]],
            0.3,
            &[0],
            |_, need| Ok(exact(need)),
            |on_phones| {
                let missed = if on_phones[0][0] < 8 {
                    vec![vec![miss(0, 0)]]
                } else {
                    vec![vec![]]
                };
                Ok(((), missed))
            },
        )
        .unwrap();
        // 10 heads × 0.7 = 7 on the phones; 8 need ⌈8 / 0.7⌉ = 12 heads.
        assert_eq!(repaired.schedules[0].coverage, vec![12.0]);
        assert_eq!(repaired.on_phones, vec![vec![8]]);
    }

    #[test]
    fn a_miss_no_coverage_mends_is_reported_with_its_interval_after_the_last_round() {
        let repaired = repair(
            vec![vec![1, 1]],
            0.0,
            &[0],
            |_, need| Ok(exact(need)),
            |_| Ok(((), vec![vec![], vec![miss(1, 0)]])),
        )
        .unwrap();
        assert_eq!(repaired.repairs.len() as u32, MAX_REPAIRS);
        let why = repaired.unrepaired.unwrap();
        assert_eq!((why.interval, why.rounds), (1, MAX_REPAIRS));
        assert_eq!(why.missed, miss(1, 0).missed);
    }
}
