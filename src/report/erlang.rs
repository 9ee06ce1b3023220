//! The record of one `callsim erlang` run.

use serde::Serialize;

use crate::erlang::{Kpis, QueueModel, ServiceLevelBasis, Targets, Traffic};

pub use crate::record::{ERLANG_SCHEMA, LINES_SCHEMA, MODELS_SCHEMA};

/// The record of `callsim erlang --compare-models`: Erlang C and Erlang A on
/// the same traffic, over agents and over patience.
#[derive(Debug, Clone, Serialize)]
pub struct ModelsReport {
    pub schema: &'static str,
    pub callsim_version: &'static str,
    pub traffic: TrafficSummary,
    pub service_level_threshold_s: f64,
    #[serde(flatten)]
    pub comparison: crate::erlang::ModelComparison,
    /// Both models over about 30 staffing levels, for the chart.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub curve: Vec<crate::erlang::AgentsRow>,
    /// `--scenario`: the scenario simulated at each agent count of `over_agents`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simulation: Option<crate::study::erlang_models::SimulatedModels>,
}

/// The record of `callsim erlang --max-blocking-pct`: the fewest lines
/// (Erlang B, no queue) whose blocking is at most the target.
#[derive(Debug, Clone, Serialize)]
pub struct LinesReport {
    pub schema: &'static str,
    pub callsim_version: &'static str,
    pub traffic: TrafficSummary,
    /// The largest share of calls blocked, in (0, 1).
    pub max_blocking: f64,
    pub required: crate::erlang::LineKpis,
    /// The line counts around the answer (`--around`).
    pub table: Vec<crate::erlang::LineKpis>,
    /// About 40 line counts around the answer, for the chart.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub curve: Vec<crate::erlang::LineKpis>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub explanation: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ErlangReport {
    pub schema: &'static str,
    pub callsim_version: &'static str,
    pub model: QueueModel,
    pub service_level_basis: ServiceLevelBasis,
    pub service_level_threshold_s: f64,
    pub targets: Targets,
    /// Share of paid time not on the phones, in [0, 1).
    pub shrinkage: f64,
    pub result: ErlangResult,
    /// KPIs against agents around the answer (about 60 staffing levels), for
    /// charts; empty for per-interval results.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub curve: Vec<Kpis>,
    /// `--explain`: the computation step by step.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub explanation: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum ErlangResult {
    /// KPIs of a given number of agents.
    Evaluate {
        traffic: TrafficSummary,
        kpis: Kpis,
        scheduled_staff: u32,
        /// `None` when no target was given.
        meets_targets: Option<bool>,
        shortfalls: Vec<String>,
    },
    /// The fewest agents meeting the targets, with the staffings around it.
    Staffing {
        traffic: TrafficSummary,
        required: Kpis,
        scheduled_staff: u32,
        table: Vec<Kpis>,
    },
    /// Required agents for each interval of a forecast.
    Intervals {
        interval_min: f64,
        rows: Vec<IntervalStaffing>,
        totals: IntervalTotals,
    },
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct TrafficSummary {
    pub calls_per_hour: f64,
    pub aht_s: f64,
    pub offered_load_erlangs: f64,
}

impl From<&Traffic> for TrafficSummary {
    fn from(traffic: &Traffic) -> Self {
        Self {
            calls_per_hour: traffic.arrival_rate_per_s() * 3600.0,
            aht_s: traffic.aht_s(),
            offered_load_erlangs: traffic.offered_load(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct IntervalStaffing {
    pub interval: String,
    pub calls: f64,
    pub traffic: TrafficSummary,
    pub scheduled_staff: u32,
    pub kpis: Kpis,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct IntervalTotals {
    pub calls: f64,
    /// Agent-hours on the phones: Σ agents × interval length.
    pub agent_hours: f64,
    /// Paid staff-hours after shrinkage.
    pub staff_hours: f64,
    pub peak_agents: u32,
    pub peak_scheduled_staff: u32,
}

impl IntervalTotals {
    pub fn of(rows: &[IntervalStaffing], interval_min: f64) -> Self {
        let hours = interval_min / 60.0;
        Self {
            calls: rows.iter().map(|r| r.calls).sum(),
            agent_hours: rows.iter().map(|r| f64::from(r.kpis.agents) * hours).sum(),
            staff_hours: rows
                .iter()
                .map(|r| f64::from(r.scheduled_staff) * hours)
                .sum(),
            peak_agents: rows.iter().map(|r| r.kpis.agents).max().unwrap_or(0),
            peak_scheduled_staff: rows.iter().map(|r| r.scheduled_staff).max().unwrap_or(0),
        }
    }
}

/// The schema of `callsim erlang --max-chats` (the chat model).
pub const CHAT_SCHEMA: &str = "callsim.erlang_chat/1";

/// The record of `callsim erlang --max-chats`: the exact chat model
/// ([`crate::erlang::ErlangChat`]) at given agents, or the fewest agents
/// meeting the targets with the staffings around it.
#[derive(Debug, Clone, Serialize)]
pub struct ChatReport {
    pub schema: &'static str,
    pub callsim_version: &'static str,
    /// Chats per hour (`calls_per_hour`), the mean handle time `h` at factor 1
    /// (`aht_s`) and `λ·h` (`offered_load_erlangs`).
    pub traffic: TrafficSummary,
    /// The most chats an agent holds at once.
    pub max_chats: u32,
    /// The handle-time factor at 1, 2, …, `max_chats` chats.
    pub handle_time_factors: Vec<f64>,
    /// Mean patience of a waiting chat; `None`: chats never give up.
    pub patience_s: Option<f64>,
    /// The service level's basis: always `offered`.
    pub service_level_basis: ServiceLevelBasis,
    pub service_level_threshold_s: f64,
    pub targets: Targets,
    /// Share of paid time not on chats, in [0, 1).
    pub shrinkage: f64,
    pub result: ChatResult,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum ChatResult {
    /// KPIs of a given number of agents.
    Evaluate {
        kpis: crate::erlang::ChatKpis,
        scheduled_staff: u32,
        /// `None` when no target was given.
        meets_targets: Option<bool>,
        shortfalls: Vec<String>,
    },
    /// The fewest agents meeting the targets, with the staffings around it.
    Staffing {
        required: crate::erlang::ChatKpis,
        scheduled_staff: u32,
        table: Vec<crate::erlang::ChatKpis>,
    },
}

/// Schema of `callsim erlang --blend-above` output.
pub const BLEND_SCHEMA: &str = "callsim.erlang_blend/1";

/// `callsim erlang --blend-above K`: an inbound queue and an outbound
/// dialer on the same agents, solved exactly.
#[derive(Debug, Clone, Serialize)]
pub struct BlendReport {
    pub schema: &'static str,
    pub callsim_version: &'static str,
    /// The inbound calls: per hour, mean handle time, Erlangs.
    pub traffic: TrafficSummary,
    pub agents: u32,
    /// Mean patience of a waiting inbound caller; `None`: nobody hangs up.
    pub patience_s: Option<f64>,
    pub dialer: crate::erlang::Dialer,
    pub service_level_threshold_s: f64,
    pub targets: Targets,
    /// Whether the inbound KPIs meet the targets; `None` without targets.
    pub meets_targets: Option<bool>,
    pub shortfalls: Vec<String>,
    /// At the dialer's threshold K.
    pub kpis: crate::erlang::BlendKpis,
    /// At each threshold around K (`--around`), K among them.
    pub table: Vec<crate::erlang::BlendKpis>,
}

impl BlendReport {
    /// The inbound KPIs at K as the Erlang formulas give theirs, for the
    /// targets: occupancy is all the agents' work, inbound and outbound;
    /// Erlang B's blocking is no KPI of a queue (0, not shown).
    pub fn inbound(&self) -> Kpis {
        let k = &self.kpis;
        Kpis {
            agents: self.agents,
            offered_load_erlangs: self.traffic.offered_load_erlangs,
            blocking_no_queue: 0.0,
            prob_wait: k.prob_wait,
            prob_abandon: k.prob_abandon,
            service_level: k.service_level,
            service_level_threshold_s: self.service_level_threshold_s,
            asa_answered_s: k.asa_answered_s,
            // Little's law on the queue.
            mean_wait_all_s: k.mean_queue_length / (self.traffic.calls_per_hour / 3600.0),
            occupancy: k.inbound_occupancy + k.outbound_occupancy,
            mean_queue_length: k.mean_queue_length,
        }
    }
}
