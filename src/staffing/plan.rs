//! The whole planning job: required agents, heads after shrinkage, shifts,
//! and the KPIs the scheduled staffing achieves.

use super::search::{SearchOptions, Shortfall, required_staffing, shortfalls, with_staffing};
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
    let schedules = heads
        .iter()
        .enumerate()
        .map(|(g, need)| {
            let instances = shift_instances(scenario, g);
            let mip = MipOptions {
                gap: mip_gap,
                time_limit_s: options.mip_time_limit_s,
            };
            schedule_shifts(scenario, g, &instances, need, &mip)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let on_phones: Vec<Vec<u32>> = schedules
        .iter()
        .map(|s| {
            s.coverage
                .iter()
                .map(|&c| (c * (1.0 - shrinkage) + 1e-6).floor() as u32)
                .collect()
        })
        .collect();
    let staffed = with_staffing(scenario, &on_phones);
    let run = simulate(
        &staffed,
        &RunOptions {
            threads: options.search.threads,
            ..RunOptions::default()
        },
    )?;
    let missed = shortfalls(&staffed, &run.moments, options.search.criterion);
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
        }),
        fte_scheduled: Some(fte_scheduled),
        fte_hours: options.fte_hours,
    })
}
