use serde::Serialize;

use super::erlang_a::ErlangA;
use super::erlang_c::ErlangC;
use super::error::{ErlangError, check};
use super::traffic::{MAX_AGENTS, Traffic};

/// The formulas' cost grows with the agents: more than [`MAX_AGENTS`] is refused.
pub(crate) fn check_agents(agents: u32) -> Result<u32, ErlangError> {
    check("agents", f64::from(agents), "at most 5000000", |v| {
        v <= f64::from(MAX_AGENTS)
    })
    .map(|_| agents)
}

/// Which queueing model answers the question.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "model", rename_all = "snake_case")]
pub enum QueueModel {
    /// M/M/n: nobody hangs up. Needs more agents than Erlangs.
    ErlangC,
    /// M/M/n+M: callers hang up after an exponential patience with this mean.
    ErlangA { patience_s: f64 },
}

impl QueueModel {
    pub fn name(&self) -> &'static str {
        match self {
            QueueModel::ErlangC => "Erlang C",
            QueueModel::ErlangA { .. } => "Erlang A",
        }
    }

    /// Erlang A with a mean patience, Erlang C without one.
    pub fn with_patience(patience_s: Option<f64>) -> Self {
        match patience_s {
            Some(patience_s) => QueueModel::ErlangA { patience_s },
            None => QueueModel::ErlangC,
        }
    }

    pub fn patience_s(&self) -> Option<f64> {
        match *self {
            QueueModel::ErlangC => None,
            QueueModel::ErlangA { patience_s } => Some(patience_s),
        }
    }
}

/// What the service level is a share of. Without abandonment all three agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ServiceLevelBasis {
    /// Answered within T / all callers (abandoned ones count against it). The default.
    #[default]
    Offered,
    /// Answered within T / answered callers.
    Answered,
    /// Answered within T / (all callers − those who hung up within T).
    ExcludeShortAbandons,
}

impl ServiceLevelBasis {
    pub fn describe(&self) -> &'static str {
        match self {
            ServiceLevelBasis::Offered => "answered within T / offered",
            ServiceLevelBasis::Answered => "answered within T / answered",
            ServiceLevelBasis::ExcludeShortAbandons => {
                "answered within T / (offered − abandoned within T)"
            }
        }
    }
}

/// The service level asked for: threshold and basis.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ServiceLevelQuery {
    pub threshold_s: f64,
    pub basis: ServiceLevelBasis,
}

impl ServiceLevelQuery {
    pub fn new(threshold_s: f64, basis: ServiceLevelBasis) -> Result<Self, ErlangError> {
        check(
            "service level threshold (seconds)",
            threshold_s,
            ">= 0 and at most 86400",
            |v| (0.0..=86_400.0).contains(&v),
        )?;
        Ok(Self { threshold_s, basis })
    }
}

/// The KPIs of one staffing level, as a planner reads them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Kpis {
    pub agents: u32,
    pub offered_load_erlangs: f64,
    /// Erlang B: the share that would be lost if there were no queue.
    pub blocking_no_queue: f64,
    /// Share of callers who find every agent busy.
    pub prob_wait: f64,
    /// Share of callers who hang up before an answer (0 under Erlang C).
    pub prob_abandon: f64,
    /// Share answered within the threshold, on the query's basis.
    pub service_level: f64,
    pub service_level_threshold_s: f64,
    /// Average speed of answer: mean wait of answered callers; `None` if nobody is answered.
    pub asa_answered_s: Option<f64>,
    /// Mean time in queue of all callers, answered or not.
    pub mean_wait_all_s: f64,
    /// Share of agents' time on calls.
    pub occupancy: f64,
    /// Mean number of callers waiting.
    pub mean_queue_length: f64,
}

/// Computes every KPI of `agents` agents under `model`.
pub fn evaluate(
    traffic: &Traffic,
    model: QueueModel,
    agents: u32,
    service_level: ServiceLevelQuery,
) -> Result<Kpis, ErlangError> {
    check_agents(agents)?;
    let load = traffic.offered_load();
    let threshold = service_level.threshold_s;
    match model {
        QueueModel::ErlangC => {
            let c = ErlangC::new(traffic, agents)?;
            let asa = c.asa_s();
            Ok(Kpis {
                agents,
                offered_load_erlangs: load,
                blocking_no_queue: c.blocking(),
                prob_wait: c.prob_wait(),
                prob_abandon: 0.0,
                service_level: c.service_level(threshold),
                service_level_threshold_s: threshold,
                asa_answered_s: Some(asa),
                mean_wait_all_s: asa,
                occupancy: c.occupancy(),
                mean_queue_length: c.mean_queue_length(),
            })
        }
        QueueModel::ErlangA { patience_s } => {
            let a = ErlangA::new(traffic, agents, patience_s)?;
            let at = a.outcomes_at(threshold);
            let denominator = match service_level.basis {
                ServiceLevelBasis::Offered => 1.0,
                ServiceLevelBasis::Answered => a.prob_answered(),
                ServiceLevelBasis::ExcludeShortAbandons => 1.0 - at.abandoned,
            };
            let sl = if denominator > 0.0 {
                (at.answered / denominator).min(1.0)
            } else {
                0.0
            };
            Ok(Kpis {
                agents,
                offered_load_erlangs: load,
                blocking_no_queue: a.blocking(),
                prob_wait: a.prob_wait(),
                prob_abandon: a.prob_abandon(),
                service_level: sl,
                service_level_threshold_s: threshold,
                asa_answered_s: a.asa_answered_s(),
                mean_wait_all_s: a.mean_wait_all_s(),
                occupancy: a.occupancy(),
                mean_queue_length: a.mean_queue_length(),
            })
        }
    }
}
