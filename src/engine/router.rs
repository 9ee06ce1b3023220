//! Routing decisions, behind a trait so policies can be swapped without
//! touching the event loop. The engine asks two questions: which group takes a
//! new call, and which waiting call a freed agent takes.

use crate::model::{CallTypeId, GroupId, Model};

/// What a router may look at.
pub trait RoutingState {
    /// Idle agents in `group`.
    fn idle_agents(&self, group: GroupId) -> usize;
    /// Arrival time of the oldest caller waiting for `call_type`.
    fn oldest_waiting(&self, call_type: CallTypeId) -> Option<f64>;
}

pub trait Router {
    /// The group whose longest-idle agent answers a new call of `call_type`,
    /// or `None` to queue it.
    fn group_for_call(&self, call_type: CallTypeId, state: &impl RoutingState) -> Option<GroupId>;

    /// The call type whose oldest caller a free agent of `group` takes, or
    /// `None` to leave the agent idle.
    fn call_for_agent(&self, group: GroupId, state: &impl RoutingState) -> Option<CallTypeId>;
}

/// Routing v1: a new call goes to the first group (in scenario order) with an
/// idle agent; a free agent takes the highest-priority waiting call among its
/// skills, the longest-waiting one among equal priorities, and the earlier
/// skill in its list on an exact tie.
#[derive(Debug, Clone)]
pub struct PriorityRouter {
    groups_for_type: Vec<Vec<GroupId>>,
    skills: Vec<Vec<CallTypeId>>,
    priority: Vec<i32>,
}

impl PriorityRouter {
    pub fn new(model: &Model) -> Self {
        Self {
            groups_for_type: model.groups_for_type.clone(),
            skills: model.groups.iter().map(|g| g.skills.clone()).collect(),
            priority: model.call_types.iter().map(|c| c.priority).collect(),
        }
    }
}

impl Router for PriorityRouter {
    #[inline]
    fn group_for_call(&self, call_type: CallTypeId, state: &impl RoutingState) -> Option<GroupId> {
        self.groups_for_type[call_type]
            .iter()
            .copied()
            .find(|&g| state.idle_agents(g) > 0)
    }

    #[inline]
    fn call_for_agent(&self, group: GroupId, state: &impl RoutingState) -> Option<CallTypeId> {
        let mut best: Option<(CallTypeId, i32, f64)> = None;
        for &c in &self.skills[group] {
            let Some(arrival) = state.oldest_waiting(c) else {
                continue;
            };
            let priority = self.priority[c];
            let better = match best {
                None => true,
                Some((_, p, a)) => priority > p || (priority == p && arrival < a),
            };
            if better {
                best = Some((c, priority, arrival));
            }
        }
        best.map(|(c, _, _)| c)
    }
}
