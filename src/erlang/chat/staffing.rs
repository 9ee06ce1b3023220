//! The fewest chat agents meeting targets, and the staffings around it.
//!
//! Every KPI improves with agents (tested over ranges in the unit tests), so
//! the search gallops from a first guess (Erlang A or C with every chat at
//! its slowest factor, `first_guess`) by doubling steps until the
//! targets change verdict, then bisects: about 2·log₂ of the distance
//! solves, each one chain.

use std::collections::HashMap;

use super::{ChatError, ChatKpis, ErlangChat, min_stable_chat_agents, state_count};
use crate::erlang::{ErlangError, QueueModel, ServiceLevelBasis, Targets, Traffic};

/// What the chat center is: the traffic and the agents' ways.
#[derive(Debug, Clone, Copy)]
pub struct ChatCenter<'a> {
    pub traffic: &'a Traffic,
    pub max_chats: u32,
    /// `f_1..f_k`; empty: all 1.
    pub factors: &'a [f64],
    pub patience_s: Option<f64>,
}

impl ChatCenter<'_> {
    /// Solves the center at `agents` agents.
    pub fn solve(&self, agents: u32) -> Result<ErlangChat, ChatError> {
        ErlangChat::new(
            self.traffic,
            agents,
            self.max_chats,
            self.factors,
            self.patience_s,
        )
    }

    /// The fewest agents the chain is defined for: a stable queue without
    /// patience, one agent with it.
    pub fn fewest_agents(&self) -> u32 {
        if self.patience_s.is_none() && self.traffic.arrival_rate_per_s() > 0.0 {
            min_stable_chat_agents(self.traffic, self.max_chats, self.factors)
        } else {
            1
        }
    }
}

/// Staffing levels already solved, each solved once.
struct Levels<'a> {
    center: ChatCenter<'a>,
    threshold_s: f64,
    done: HashMap<u32, ChatKpis>,
}

impl Levels<'_> {
    fn get(&mut self, agents: u32) -> Result<ChatKpis, ChatError> {
        if let Some(kpis) = self.done.get(&agents) {
            return Ok(kpis.clone());
        }
        let kpis = self.center.solve(agents)?.kpis(self.threshold_s);
        self.done.insert(agents, kpis.clone());
        Ok(kpis)
    }

    fn meets(&mut self, agents: u32, targets: &Targets) -> Result<bool, ChatError> {
        Ok(targets.met_by(&self.get(agents)?.kpis))
    }
}

/// The fewest agents meeting every target (the service level on the
/// offered basis, within `threshold_s`), and the KPIs of the staffings
/// `around` it on each side that the chain can be solved for.
pub fn required_chat_agents(
    center: ChatCenter<'_>,
    targets: &Targets,
    threshold_s: f64,
    around: u32,
) -> Result<(ChatKpis, Vec<ChatKpis>), ChatError> {
    if targets.is_empty() {
        return Err(ErlangError::NoTargets.into());
    }
    let model = QueueModel::with_patience(center.patience_s);
    targets.validate(model)?;
    // Checks the inputs once, whatever the staffing.
    center.solve(0).map(|_| ()).or_else(|e| match e {
        ChatError::Unstable { .. } => Ok(()),
        other => Err(other),
    })?;
    let lowest = center.fewest_agents();
    let start = first_guess(center, targets, model).max(lowest);
    let mut levels = Levels {
        center,
        threshold_s,
        done: HashMap::new(),
    };
    // (fails, meets): the answer is in (fails, meets].
    let (mut fails, mut meets) = if levels.meets(start, targets)? {
        let mut step = 1;
        let mut meets = start;
        loop {
            let below = meets.saturating_sub(step).max(lowest);
            if below == meets {
                break (None, meets);
            }
            if !levels.meets(below, targets)? {
                break (Some(below), meets);
            }
            meets = below;
            step *= 2;
        }
    } else {
        let mut step = 1;
        let mut fails = start;
        let most = most_solvable_agents(center.max_chats);
        loop {
            // The gallop stops at the largest chain solved; past it, the error says so.
            let above = fails.saturating_add(step).min(most.max(fails + 1));
            if levels.meets(above, targets)? {
                break (Some(fails), above);
            }
            fails = above;
            step *= 2;
        }
    };
    while let Some(f) = fails
        && meets - f > 1
    {
        let middle = f + (meets - f) / 2;
        if levels.meets(middle, targets)? {
            meets = middle;
        } else {
            fails = Some(middle);
        }
    }
    let required = levels.get(meets)?;
    let mut table = Vec::new();
    for n in meets.saturating_sub(around).max(lowest)..=meets.saturating_add(around) {
        match levels.get(n) {
            Ok(kpis) => table.push(kpis),
            // Above the chain's size limit the table stops.
            Err(ChatError::TooManyStates { .. }) => break,
            Err(e) => return Err(e),
        }
    }
    Ok((required, table))
}

/// Where the search starts: the center with every chat at the slowest
/// factor is Erlang A (or C) with `N·k` servers, which needs at least as
/// many agents (its chats are never faster), and at high load, where most
/// agents are full, about as many. Its answer over `k`, or where it has none
/// the agents whose full capacity matches the load, `⌈λ·h·f_max/k⌉`.
fn first_guess(center: ChatCenter<'_>, targets: &Targets, model: QueueModel) -> u32 {
    let t = center.traffic;
    // The factors were checked: positive and finite.
    let slowest = if center.factors.is_empty() {
        1.0
    } else {
        center
            .factors
            .iter()
            .copied()
            .fold(f64::MIN_POSITIVE, f64::max)
    };
    let k = f64::from(center.max_chats);
    let fluid = (t.arrival_rate_per_s() * t.aht_s() * slowest / k).ceil() as u32;
    let servers = Traffic::new(t.arrival_rate_per_s(), t.aht_s() * slowest)
        .ok()
        .and_then(|slow| {
            crate::erlang::required_agents(&slow, model, targets, ServiceLevelBasis::Offered).ok()
        });
    match servers {
        Some(kpis) => kpis.agents.div_ceil(center.max_chats),
        None => fluid,
    }
}

/// The most agents whose chain is within the state limit at `max_chats`.
pub(super) fn most_solvable_agents(max_chats: u32) -> u32 {
    let (mut low, mut high) = (0u32, crate::erlang::MAX_AGENTS);
    while low < high {
        let middle = low + (high - low).div_ceil(2);
        if state_count(middle, max_chats).is_ok() {
            low = middle;
        } else {
            high = middle - 1;
        }
    }
    low
}
