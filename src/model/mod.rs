//! The compiled model the engine runs: dense indices, rates per second,
//! ready-to-sample distributions and routing tables. Built once per run from
//! a validated [`Scenario`](crate::scenario::Scenario); shared by all replications.

use crate::distribution::Distribution;
use crate::scenario::{AfterClose, Scenario};

/// Index of a call type in the model.
pub type CallTypeId = usize;
/// Index of an agent group in the model.
pub type GroupId = usize;

#[derive(Debug, Clone)]
pub struct Model {
    pub interval_s: f64,
    pub intervals: usize,
    pub warmup_s: f64,
    pub after_close: AfterClose,
    pub call_types: Vec<CallTypeModel>,
    pub groups: Vec<GroupModel>,
    /// For each call type, the groups that serve it, in scenario order.
    pub groups_for_type: Vec<Vec<GroupId>>,
    /// Gamma shape of the per-replication volume factor (mean 1), if any.
    pub day_factor_shape: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct CallTypeModel {
    /// Poisson arrival rate in each interval, calls per second.
    pub rate_per_s: Vec<f64>,
    pub handle: Distribution,
    pub patience: Option<Distribution>,
    pub after_call_work: Option<Distribution>,
    pub priority: i32,
}

#[derive(Debug, Clone)]
pub struct GroupModel {
    /// Agents on the phones in each interval.
    pub staffing: Vec<u32>,
    /// Call types served, in preference order.
    pub skills: Vec<CallTypeId>,
}

impl Model {
    pub fn compile(scenario: &Scenario) -> Self {
        let sim = &scenario.simulation;
        let call_types = scenario
            .call_types
            .iter()
            .map(|c| CallTypeModel {
                rate_per_s: c
                    .calls_per_interval
                    .iter()
                    .map(|v| v / sim.interval_s)
                    .collect(),
                handle: c.handle.clone(),
                patience: c.patience.clone(),
                after_call_work: c.after_call_work.clone(),
                priority: c.priority,
            })
            .collect::<Vec<_>>();
        let groups: Vec<GroupModel> = scenario
            .agent_groups
            .iter()
            .map(|g| GroupModel {
                staffing: g.agents.clone(),
                skills: g.skills.clone(),
            })
            .collect();
        let groups_for_type = (0..call_types.len())
            .map(|t| {
                (0..groups.len())
                    .filter(|&g| groups[g].skills.contains(&t))
                    .collect()
            })
            .collect();
        let cv = scenario.day_factor_cv;
        Self {
            interval_s: sim.interval_s,
            intervals: sim.intervals,
            warmup_s: sim.warmup_s,
            after_close: sim.after_close,
            call_types,
            groups,
            groups_for_type,
            day_factor_shape: (cv > 0.0).then(|| 1.0 / (cv * cv)),
        }
    }

    /// End of the last interval, seconds.
    pub fn horizon_s(&self) -> f64 {
        self.interval_s * self.intervals as f64
    }

    /// The interval containing time `t` (the last one for times at or past closing).
    #[inline]
    pub fn interval_at(&self, t: f64) -> usize {
        ((t / self.interval_s) as usize).min(self.intervals - 1)
    }
}
