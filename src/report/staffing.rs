//! The record of one `callsim staff` run: per interval and group the agents
//! Erlang suggests, the agents the simulation requires, the heads to
//! schedule after shrinkage and the agents the shift schedule gives, with the
//! KPIs the required and the scheduled staffing achieve.

use serde::Serialize;

use super::simulation::{ReplicationRange, ScenarioEcho};
use crate::kpi::{CallKpi, KpiMoments, Scope};
use crate::lang::Lang;
use crate::record::UnrepairedRecord;
use crate::scenario::{OwnTargets, Scenario, Shrinkage, Targets};
use crate::staffing::{Criterion, MipStatus, MissedTarget, Plan, Shortfall, UsedShift};
use crate::stats::Estimate;

pub use crate::record::STAFF_SCHEMA;

#[derive(Debug, Clone, Serialize)]
pub struct StaffingReport {
    pub schema: &'static str,
    pub callsim_version: &'static str,
    pub scenario: ScenarioEcho,
    pub seed: u64,
    pub replications: ReplicationRange,
    pub confidence: f64,
    /// Whether the mean or the confidence bound must meet each target.
    pub criterion: Criterion,
    pub targets: Targets,
    /// The call types with a service-level threshold of their own, checked
    /// within it (in place of `targets.answer_within_s`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub call_type_thresholds: Vec<CallTypeThreshold>,
    /// Each call type's whole period against its own targets (those of
    /// `[targets]` where it sets none).
    pub call_types: Vec<CallTypeStaffed>,
    pub shrinkage: ShrinkageSummary,
    /// Paid hours of one full-time equivalent.
    pub fte_hours: f64,
    pub search: SearchFacts,
    pub warnings: Vec<String>,
    pub groups: Vec<GroupPlan>,
    pub intervals: Vec<IntervalPlan>,
    /// KPIs of the whole day, all calls.
    pub day: Achieved,
    /// Coverage the schedule gained where its first solution missed a target.
    pub repairs: Vec<RepairRecord>,
    /// Why targets are still missed after the repairs, if they are (in English).
    pub unrepaired: Option<String>,
    /// The same, for any language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unrepaired_miss: Option<UnrepairedRecord>,
}

/// One repair of the schedule: more agents on the phones in one interval.
#[derive(Debug, Clone, Serialize)]
pub struct RepairRecord {
    pub round: u32,
    pub start: String,
    pub group: String,
    pub from_agents: u32,
    pub to_agents: u32,
    /// What was missed, in English.
    pub missed: String,
    /// The same, for any language.
    pub miss: MissedTarget,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct ShrinkageSummary {
    pub absenteeism: f64,
    pub breaks: f64,
    pub training: f64,
    pub total: f64,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct SearchFacts {
    pub simulations: u32,
    pub calls_simulated: u64,
    pub threads: usize,
    pub wall_time_s: f64,
}

/// A group's totals and shifts.
#[derive(Debug, Clone, Serialize)]
pub struct GroupPlan {
    pub group: String,
    /// Agent-hours on the phones that the requirement asks for.
    pub required_agent_hours: f64,
    pub fte_required: f64,
    /// `null` without `[[shift]]` patterns (as are the fields below).
    pub fte_scheduled: Option<f64>,
    pub shift_cost: Option<f64>,
    /// No schedule of these shifts costs less (the MIP's linear relaxation).
    pub shift_cost_bound: Option<f64>,
    pub paid_hours: Option<f64>,
    pub mip_gap: Option<f64>,
    pub mip_solve_s: Option<f64>,
    pub mip_status: Option<MipStatus>,
    pub shifts: Vec<UsedShift>,
}

/// One interval: agents per group, KPIs achieved.
#[derive(Debug, Clone, Serialize)]
pub struct IntervalPlan {
    pub index: usize,
    pub start: String,
    pub groups: Vec<GroupInterval>,
    pub kpis: Achieved,
}

/// Agents of one group in one interval.
#[derive(Debug, Clone, Serialize)]
pub struct GroupInterval {
    pub group: String,
    /// Erlang's answer, where the search started.
    pub erlang: u32,
    /// Agents on the phones the simulation requires.
    pub required: u32,
    /// Heads to have on shift: ⌈required / (1 − shrinkage)⌉.
    pub heads_required: u32,
    /// Whole agents on shift in the schedule (`null` without shifts).
    pub scheduled_heads: Option<u32>,
    /// Agents on the phones in the schedule: on shift less shrinkage.
    pub scheduled: Option<u32>,
    /// Heads on shift beyond those required.
    pub over: Option<u32>,
    /// Heads required but not on shift.
    pub under: Option<u32>,
}

/// KPIs of the required staffing and of the scheduled one (all calls).
#[derive(Debug, Clone, Serialize)]
pub struct Achieved {
    pub required: KpiSet,
    pub scheduled: Option<KpiSet>,
    /// Targets the scheduled staffing misses here, in English.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scheduled_misses: Vec<String>,
    /// The same, for any language.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scheduled_missed: Vec<MissedTarget>,
}

/// The KPIs the targets speak of, with confidence half-widths.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct KpiSet {
    pub offered: Option<Estimate>,
    pub service_level: Option<Estimate>,
    pub abandon_rate: Option<Estimate>,
    pub asa_s: Option<Estimate>,
    pub occupancy: Option<Estimate>,
}

impl KpiSet {
    /// The estimate of `kpi`; `None` for a KPI the set does not hold.
    pub fn get(&self, kpi: CallKpi) -> Option<Estimate> {
        match kpi {
            CallKpi::Offered => self.offered,
            CallKpi::ServiceLevel => self.service_level,
            CallKpi::AbandonRate => self.abandon_rate,
            CallKpi::Asa => self.asa_s,
            CallKpi::Occupancy => self.occupancy,
            _ => None,
        }
    }

    fn of(moments: &KpiMoments, interval: Option<usize>, confidence: f64) -> Self {
        let scope = Scope {
            call_type: None,
            interval,
        };
        Self::of_scope(moments, scope, confidence)
    }

    fn of_scope(moments: &KpiMoments, scope: Scope, confidence: f64) -> Self {
        let call = |kpi| moments.call(scope, kpi, confidence);
        Self {
            offered: call(CallKpi::Offered),
            service_level: call(CallKpi::ServiceLevel),
            abandon_rate: call(CallKpi::AbandonRate),
            asa_s: call(CallKpi::Asa),
            occupancy: call(CallKpi::Occupancy),
        }
    }
}

impl StaffingReport {
    pub fn new(scenario: &Scenario, plan: &Plan, criterion: Criterion, wall_time_s: f64) -> Self {
        let sim = &scenario.simulation;
        let confidence = sim.confidence;
        let req = &plan.requirement;
        let scheduled = plan.scheduled.as_ref();
        let interval_h = sim.interval_s / 3600.0;
        let Shrinkage {
            absenteeism,
            breaks,
            training,
        } = scenario.shrinkage;
        let groups = scenario
            .agent_groups
            .iter()
            .enumerate()
            .map(|(g, group)| {
                let schedule = scheduled.map(|s| &s.schedules[g]);
                GroupPlan {
                    group: group.name.clone(),
                    required_agent_hours: req.agents[g].iter().map(|&n| f64::from(n)).sum::<f64>()
                        * interval_h,
                    fte_required: plan.fte_required[g],
                    fte_scheduled: plan.fte_scheduled.as_ref().map(|f| f[g]),
                    shift_cost: schedule.map(|s| s.cost),
                    shift_cost_bound: schedule.map(|s| s.cost_bound),
                    paid_hours: schedule.map(|s| s.paid_hours),
                    mip_gap: scheduled.map(|s| s.mip_gap),
                    mip_solve_s: schedule.map(|s| s.solve_s),
                    mip_status: schedule.map(|s| s.status),
                    shifts: schedule.map(|s| s.used.clone()).unwrap_or_default(),
                }
            })
            .collect();
        let intervals = (0..sim.intervals)
            .map(|k| IntervalPlan {
                index: k,
                start: sim.interval_label(k),
                groups: scenario
                    .agent_groups
                    .iter()
                    .enumerate()
                    .map(|(g, group)| {
                        let heads = plan.heads[g][k];
                        let on_shift = scheduled.map(|s| s.schedules[g].on_shift[k]);
                        GroupInterval {
                            group: group.name.clone(),
                            erlang: req.seeds[g][k],
                            required: req.agents[g][k],
                            heads_required: heads,
                            scheduled_heads: on_shift,
                            scheduled: scheduled.map(|s| s.on_phones[g][k]),
                            over: on_shift.map(|n| n.saturating_sub(heads)),
                            under: on_shift.map(|n| heads.saturating_sub(n)),
                        }
                    })
                    .collect(),
                kpis: Achieved {
                    required: KpiSet::of(&req.run.moments, Some(k), confidence),
                    scheduled: scheduled.map(|s| KpiSet::of(&s.run.moments, Some(k), confidence)),
                    scheduled_misses: scheduled
                        .map(|s| s.shortfalls[k].iter().map(Shortfall::what).collect())
                        .unwrap_or_default(),
                    scheduled_missed: scheduled
                        .map(|s| s.shortfalls[k].iter().map(|m| m.missed.clone()).collect())
                        .unwrap_or_default(),
                },
            })
            .collect();
        let unrepaired = scheduled
            .and_then(|s| s.unrepaired.as_ref())
            .map(|u| UnrepairedRecord {
                start: sim.interval_label(u.interval),
                rounds: u.rounds,
                missed: u.missed.clone(),
            });
        Self {
            schema: STAFF_SCHEMA,
            callsim_version: env!("CARGO_PKG_VERSION"),
            scenario: ScenarioEcho {
                source: scenario.source.clone(),
                content: scenario.echo.clone(),
            },
            seed: sim.seed,
            replications: ReplicationRange {
                first: req.run.replications.start,
                count: req.run.replications.end - req.run.replications.start,
            },
            confidence,
            criterion,
            targets: scenario.targets,
            call_type_thresholds: CallTypeThreshold::of(scenario),
            call_types: CallTypeStaffed::of(scenario, plan),
            shrinkage: ShrinkageSummary {
                absenteeism,
                breaks,
                training,
                total: scenario.shrinkage.total(),
            },
            fte_hours: plan.fte_hours,
            search: SearchFacts {
                simulations: req.simulations,
                calls_simulated: req.calls_simulated,
                threads: req.run.threads,
                wall_time_s,
            },
            warnings: scenario.warnings.iter().map(String::from).collect(),
            groups,
            intervals,
            day: Achieved {
                required: KpiSet::of(&req.run.moments, None, confidence),
                scheduled: scheduled.map(|s| KpiSet::of(&s.run.moments, None, confidence)),
                scheduled_misses: Vec::new(),
                scheduled_missed: Vec::new(),
            },
            repairs: scheduled
                .map(|s| {
                    s.repairs
                        .iter()
                        .map(|r| RepairRecord {
                            round: r.round,
                            start: sim.interval_label(r.interval),
                            group: scenario.agent_groups[r.group].name.clone(),
                            from_agents: r.from_agents,
                            to_agents: r.to_agents,
                            missed: r.missed.text(Lang::En.words()),
                            miss: r.missed.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            unrepaired: unrepaired.as_ref().map(|u| u.text(Lang::En.words())),
            unrepaired_miss: unrepaired,
        }
    }
}

/// One call type's whole period under the plan, and the targets it is
/// judged on.
#[derive(Debug, Clone, Serialize)]
pub struct CallTypeStaffed {
    pub call_type: String,
    pub targets: Targets,
    /// Those of `targets` the call type sets itself.
    #[serde(skip_serializing_if = "OwnTargets::is_empty")]
    pub own_targets: OwnTargets,
    pub required: KpiSet,
    pub scheduled: Option<KpiSet>,
}

impl CallTypeStaffed {
    /// Every call type's.
    fn of(scenario: &Scenario, plan: &Plan) -> Vec<Self> {
        let confidence = scenario.simulation.confidence;
        (0..scenario.call_types.len())
            .map(|c| {
                let scope = Scope {
                    call_type: Some(c),
                    interval: None,
                };
                Self {
                    call_type: scenario.call_types[c].name.clone(),
                    targets: scenario.targets_of(c),
                    own_targets: scenario.call_types[c].own_targets,
                    required: KpiSet::of_scope(&plan.requirement.run.moments, scope, confidence),
                    scheduled: plan
                        .scheduled
                        .as_ref()
                        .map(|s| KpiSet::of_scope(&s.run.moments, scope, confidence)),
                }
            })
            .collect()
    }
}

/// A call type's own service-level threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CallTypeThreshold {
    pub call_type: String,
    pub answer_within_s: f64,
}

impl CallTypeThreshold {
    /// Those of `scenario`'s call types that have one, in file order.
    pub fn of(scenario: &Scenario) -> Vec<Self> {
        scenario
            .call_types
            .iter()
            .filter_map(|c| {
                Some(Self {
                    call_type: c.name.clone(),
                    answer_within_s: c.answer_within_s?,
                })
            })
            .collect()
    }
}
