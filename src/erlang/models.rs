//! Erlang C and Erlang A side by side, for students: the same traffic with
//! callers who never hang up (C) and with callers who hang up after an
//! exponential patience (A), over a range of agents and, at one staffing,
//! over a range of patience (Erlang C is the limit of infinite patience).

use serde::{Deserialize, Serialize};

use super::error::ErlangError;
use super::kpis::{QueueModel, ServiceLevelQuery, evaluate};
use super::traffic::{MAX_AGENTS, Traffic};

/// One model's answer at one staffing.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ModelPoint {
    pub service_level: f64,
    /// Mean wait of answered callers; `None` if nobody is answered.
    pub asa_s: Option<f64>,
    pub prob_wait: f64,
    /// 0 under Erlang C.
    pub abandon: f64,
}

/// Both models at `agents`; Erlang C is `None` where its queue has no
/// steady state (agents ≤ Erlangs: the queue grows without end).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AgentsRow {
    pub agents: u32,
    pub erlang_c: Option<ModelPoint>,
    pub erlang_a: ModelPoint,
}

/// Erlang A at one mean patience.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PatienceRow {
    pub patience_s: f64,
    pub erlang_a: ModelPoint,
}

/// The comparison: rows over agents around `agents`, and rows over patience
/// at `agents` with Erlang C's answer there as the infinite-patience limit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelComparison {
    pub agents: u32,
    pub patience_s: f64,
    pub over_agents: Vec<AgentsRow>,
    pub over_patience: Vec<PatienceRow>,
    pub erlang_c_at_agents: Option<ModelPoint>,
}

/// The patience means shown, as multiples of the one given.
const PATIENCE_MULTIPLES: [f64; 7] = [0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0];

fn point(
    traffic: &Traffic,
    model: QueueModel,
    agents: u32,
    query: ServiceLevelQuery,
) -> Result<Option<ModelPoint>, ErlangError> {
    if model == QueueModel::ErlangC && f64::from(agents) <= traffic.offered_load() {
        return Ok(None);
    }
    let k = evaluate(traffic, model, agents, query)?;
    Ok(Some(ModelPoint {
        service_level: k.service_level,
        asa_s: k.asa_answered_s,
        prob_wait: k.prob_wait,
        abandon: k.prob_abandon,
    }))
}

/// Both models over `agents` ± `around` (from 1 agent), and Erlang A over
/// patience at `agents`.
pub fn compare_models(
    traffic: &Traffic,
    patience_s: f64,
    agents: u32,
    around: u32,
    query: ServiceLevelQuery,
) -> Result<ModelComparison, ErlangError> {
    let a = QueueModel::ErlangA { patience_s };
    let low = agents.saturating_sub(around).max(1);
    let high = agents.saturating_add(around).min(MAX_AGENTS);
    let mut over_agents = Vec::with_capacity((high - low + 1) as usize);
    for n in low..=high {
        over_agents.push(AgentsRow {
            agents: n,
            erlang_c: point(traffic, QueueModel::ErlangC, n, query)?,
            erlang_a: point(traffic, a, n, query)?.expect("Erlang A is always stable"),
        });
    }
    let mut over_patience = Vec::with_capacity(PATIENCE_MULTIPLES.len());
    for m in PATIENCE_MULTIPLES {
        let p = patience_s * m;
        let model = QueueModel::ErlangA { patience_s: p };
        over_patience.push(PatienceRow {
            patience_s: p,
            erlang_a: point(traffic, model, agents, query)?.expect("Erlang A is always stable"),
        });
    }
    Ok(ModelComparison {
        agents,
        patience_s,
        over_agents,
        over_patience,
        erlang_c_at_agents: point(traffic, QueueModel::ErlangC, agents, query)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erlang::ServiceLevelBasis;

    fn query() -> ServiceLevelQuery {
        ServiceLevelQuery::new(20.0, ServiceLevelBasis::Offered).unwrap()
    }

    #[test]
    fn erlang_a_tends_to_erlang_c_as_patience_grows() {
        let traffic = Traffic::from_calls_per_hour(200.0, 180.0).unwrap();
        let c = compare_models(&traffic, 60.0, 12, 3, query()).unwrap();
        let limit = c.erlang_c_at_agents.unwrap();
        let gaps: Vec<f64> = c
            .over_patience
            .iter()
            .map(|r| (r.erlang_a.service_level - limit.service_level).abs())
            .collect();
        // Abandonment shortens the queue: fewer callers wait than under C,
        // more as patience grows, towards C's share.
        let waits: Vec<f64> = c
            .over_patience
            .iter()
            .map(|r| r.erlang_a.prob_wait)
            .collect();
        assert!(waits.windows(2).all(|w| w[0] < w[1]), "{waits:?}");
        assert!(waits.iter().all(|&w| w < limit.prob_wait));
        // A's service level is above C's, and from a patience of a few
        // waits up the gap closes. (At very short patience callers who hang
        // up within the threshold count against a service level of offered
        // calls, so the gap first grows.)
        assert!(
            c.over_patience
                .iter()
                .all(|r| r.erlang_a.service_level > limit.service_level)
        );
        assert!(gaps[2..].windows(2).all(|g| g[1] < g[0]), "{gaps:?}");
        let longest = c.over_patience.last().unwrap();
        let shorter = &c.over_patience[c.over_patience.len() - 2];
        assert!(longest.erlang_a.abandon < shorter.erlang_a.abandon);
    }

    #[test]
    fn erlang_c_has_no_answer_at_or_below_the_load() {
        let traffic = Traffic::from_erlangs(10.0, 180.0).unwrap();
        let c = compare_models(&traffic, 120.0, 10, 2, query()).unwrap();
        let agents: Vec<u32> = c.over_agents.iter().map(|r| r.agents).collect();
        assert_eq!(agents, [8, 9, 10, 11, 12]);
        for r in &c.over_agents {
            assert_eq!(r.erlang_c.is_none(), r.agents <= 10, "{}", r.agents);
            assert!(r.erlang_a.abandon > 0.0);
        }
        assert!(c.erlang_c_at_agents.is_none());
    }
}
