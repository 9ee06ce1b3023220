//! The simulation beside Erlang C and Erlang A (`callsim erlang
//! --compare-models --scenario FILE`): the traffic of a scenario that is one
//! stationary queue, read as the formulas take it, and that scenario
//! simulated at each agent count of the comparison.
//!
//! Every agent count runs the scenario's replications with its seed, so
//! every row sees the same callers (common random numbers: arrivals, handle
//! times and patience are drawn from each caller's own streams), and the
//! differences between rows are the staffing's, not the noise's.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::distribution::Distribution;
use crate::erlang::ServiceLevelQuery;
use crate::kpi::{CallKpi, Scope};
use crate::run::replicate::{RunError, RunOptions, simulate};
use crate::scenario::Scenario;

/// Why a scenario cannot stand beside the formulas.
#[derive(Debug, Error)]
pub enum ModelsScenarioError {
    #[error(
        "{file}: {reason}, and Erlang C and A describe one stationary queue: --scenario takes a scenario with one call type, one agent group and calls at a constant rate"
    )]
    NotOneQueue { file: String, reason: String },

    #[error(
        "{file}: its callers never hang up (the call type has no patience), and Erlang A beside Erlang C needs their mean patience: give the call type a patience"
    )]
    NoPatience { file: String },
}

/// The traffic of a one-queue scenario, as the formulas read it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScenarioTraffic {
    pub calls_per_hour: f64,
    /// Mean handle time (talk + after-call work, times the group's factor), seconds.
    pub aht_s: f64,
    pub patience_s: f64,
    /// The agents of the scenario's first interval.
    pub agents: u32,
}

/// How the simulation was run, and its KPIs at each agent count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimulatedModels {
    /// The scenario file.
    pub scenario: String,
    pub seed: u64,
    pub replications: u64,
    /// Confidence level of the half-widths, e.g. 0.95.
    pub confidence: f64,
    /// Length of a simulated day, seconds (from the first interval's start to the last one's end).
    pub horizon_s: f64,
    /// Calls arriving before this are simulated but not counted.
    pub warmup_s: f64,
    /// The handle-time and patience distributions (`exponential` in Erlang A).
    pub handle: String,
    pub patience: String,
    pub rows: Vec<SimulatedRow>,
}

/// The simulation at one agent count: day totals over all replications.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SimulatedRow {
    pub agents: u32,
    pub service_level: SimulatedKpi,
    /// `None` where no caller was answered.
    pub asa_s: Option<SimulatedKpi>,
    pub abandon: SimulatedKpi,
    /// Calls counted per replication, on average.
    pub offered_per_replication: f64,
}

/// A simulated KPI: its estimate and confidence half-width (`None` with
/// one replication).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SimulatedKpi {
    pub mean: f64,
    pub half_width: Option<f64>,
}

impl SimulatedModels {
    /// Whether the distributions are Erlang A's (exponential both).
    pub fn is_markovian(&self) -> bool {
        self.handle == "exponential" && self.patience == "exponential"
    }
}

/// A relative difference below this is rounding, not a changing rate.
const SAME: f64 = 1e-9;

fn constant(values: &[f64]) -> bool {
    let first = values.first().copied().unwrap_or(0.0);
    values
        .iter()
        .all(|v| (v - first).abs() <= SAME * first.abs().max(1.0))
}

/// Reads the one queue of `scenario` as the formulas take it, or says in one
/// sentence why it is not one stationary queue.
pub fn scenario_traffic(scenario: &Scenario) -> Result<ScenarioTraffic, ModelsScenarioError> {
    let refuse = |reason: String| ModelsScenarioError::NotOneQueue {
        file: scenario.source.clone(),
        reason,
    };
    let sim = &scenario.simulation;
    if scenario.call_types.len() != 1 {
        return Err(refuse(format!(
            "it has {} call types",
            scenario.call_types.len()
        )));
    }
    if scenario.agent_groups.len() != 1 {
        return Err(refuse(format!(
            "it has {} agent groups",
            scenario.agent_groups.len()
        )));
    }
    let call = &scenario.call_types[0];
    let group = &scenario.agent_groups[0];
    if !scenario.entries.is_empty() || call.fed_by_ivr {
        return Err(refuse("its callers go through an IVR".into()));
    }
    if !constant(&call.calls_per_interval) {
        let low = call
            .calls_per_interval
            .iter()
            .copied()
            .fold(f64::INFINITY, f64::min);
        let high = call.calls_per_interval.iter().copied().fold(0.0, f64::max);
        return Err(refuse(format!(
            "its arrival rate changes over the day (from {low} to {high} calls per interval)"
        )));
    }
    if call.calls_per_interval.first().is_none_or(|&c| c <= 0.0) {
        return Err(refuse("it has no calls".into()));
    }
    if scenario.day_factor_cv > 0.0 {
        return Err(refuse(
            "its volume varies from day to day (day_factor_cv)".into(),
        ));
    }
    if sim.days > 1 && (sim.intervals_per_day as f64) * sim.interval_s < 86_400.0 {
        return Err(refuse(format!(
            "it covers {} days with the center closed between them",
            sim.days
        )));
    }
    if call.proactive.iter().any(|&p| p > 0.0) {
        return Err(refuse("it removes calls by proactive notifications".into()));
    }
    let extra = [
        (call.retry.is_some(), "its callers retry"),
        (
            call.recontact.is_some(),
            "its callers call back (recontact)",
        ),
        (call.callback.is_some(), "it offers callbacks"),
        (scenario.trunks.is_some(), "it limits its lines (trunks)"),
        (group.reserve.is_some(), "it reserves agents"),
        (
            group.answer_after_s.iter().any(|&s| s > 0.0),
            "its agents answer only after a delay (answer_after_s)",
        ),
    ];
    if let Some((_, reason)) = extra.iter().find(|(has, _)| *has) {
        return Err(refuse((*reason).into()));
    }
    if let Some(aht) = &call.aht_s
        && !constant(aht)
    {
        return Err(refuse("its AHT changes over the day".into()));
    }
    let Some(patience) = &call.patience else {
        return Err(ModelsScenarioError::NoPatience {
            file: scenario.source.clone(),
        });
    };
    let factor = group.handle_factor.first().copied().unwrap_or(1.0);
    Ok(ScenarioTraffic {
        calls_per_hour: call.calls_per_interval[0] * 3600.0 / sim.interval_s,
        aht_s: call.mean_handle_s_at(0) * factor,
        patience_s: patience.mean(),
        agents: group.agents.first().copied().unwrap_or(0),
    })
}

fn distribution_name(d: &Distribution) -> String {
    d.raw().dist.name().to_string()
}

/// Simulates `scenario` (checked by [`scenario_traffic`]) with each of
/// `agents` in every interval, its service level counted at `query`'s
/// threshold and basis; each row from the same seed and replications.
pub fn simulate_over_agents(
    scenario: &Scenario,
    agents: &[u32],
    query: ServiceLevelQuery,
    threads: Option<usize>,
    on_replication_done: Option<&(dyn Fn() + Sync)>,
) -> Result<SimulatedModels, RunError> {
    let mut base = scenario.clone();
    base.targets.answer_within_s = query.threshold_s;
    base.targets.basis = query.basis;
    let confidence = base.simulation.confidence;
    let all = Scope {
        call_type: None,
        interval: None,
    };
    let kpi = |run: &crate::run::replicate::SimulationRun, k: CallKpi| {
        run.moments.call(all, k, confidence).map(|e| SimulatedKpi {
            mean: e.mean,
            half_width: e.half_width,
        })
    };
    let zero = SimulatedKpi {
        mean: 0.0,
        half_width: None,
    };
    let mut rows = Vec::with_capacity(agents.len());
    for &n in agents {
        let mut at = base.clone();
        let intervals = at.simulation.intervals;
        at.agent_groups[0].agents = vec![n; intervals];
        let run = simulate(
            &at,
            &RunOptions {
                threads,
                on_replication_done,
                ..RunOptions::default()
            },
        )?;
        rows.push(SimulatedRow {
            agents: n,
            service_level: kpi(&run, CallKpi::ServiceLevel).unwrap_or(zero),
            asa_s: kpi(&run, CallKpi::Asa),
            abandon: kpi(&run, CallKpi::AbandonRate).unwrap_or(zero),
            offered_per_replication: kpi(&run, CallKpi::Offered).map_or(0.0, |k| k.mean),
        });
    }
    let call = &scenario.call_types[0];
    Ok(SimulatedModels {
        scenario: scenario.source.clone(),
        seed: scenario.simulation.seed,
        replications: u64::from(scenario.simulation.replications),
        confidence,
        horizon_s: scenario.simulation.horizon_s(),
        warmup_s: scenario.simulation.warmup_s,
        handle: distribution_name(&call.handle),
        patience: call
            .patience
            .as_ref()
            .map_or("none".into(), distribution_name),
        rows,
    })
}
