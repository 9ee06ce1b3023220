//! Routing decisions, behind a trait so policies can be swapped without
//! touching the event loop. The engine asks two questions: which group takes
//! a call (new, or waiting long enough to overflow), and which waiting call a
//! freed agent takes.
//!
//! - [`PriorityRouter`]: static priorities, the call type's group preference
//!   order (or least flexible first). Use it unless one of the below is needed;
//!   it is what a plain ACD does and the fastest.
//! - [`PolicyRouter`]: adds priority aging (a waiting call gains priority as
//!   it waits: long waits of low-priority calls stop growing without bound),
//!   delayed overflow (a group takes a call type only once the call has
//!   waited its `answer_after_s`: secondary groups help only when the primary
//!   is overwhelmed) and reservation (a group keeps K agents idle for
//!   priority types: VIP callers always find an agent quickly).

use crate::model::{AgentSelection, CallTypeId, Channel, GroupId, Model};

/// What a router may look at.
pub trait RoutingState {
    /// Idle agents in `group`.
    fn idle_agents(&self, group: GroupId) -> usize;
    /// Agents in `group` who may take another chat: idle ones, and those
    /// holding fewer chats than they may.
    fn chat_room(&self, group: GroupId) -> usize;
    /// Arrival time of the oldest caller waiting for `call_type`.
    fn oldest_waiting(&self, call_type: CallTypeId) -> Option<f64>;
    /// The current time, seconds.
    fn now(&self) -> f64;
    /// A uniform draw in [0, 1) for this decision (routing at random).
    fn route_u(&self) -> f64;
    /// Whether agents open e-mails now: not after closing, when they serve
    /// the last callers and go home, leaving the backlog for the next day.
    fn opens_emails(&self) -> bool;
}

/// The group to take a call among `groups`, at random in proportion to
/// `room(g)` (each group's free agents; `None`: it may not take the call),
/// given the uniform draw `u`.
fn choose_group(
    groups: &[GroupId],
    u: f64,
    room: impl Fn(GroupId) -> Option<usize>,
) -> Option<GroupId> {
    let total: usize = groups.iter().filter_map(|&g| room(g)).sum();
    if total == 0 {
        return None;
    }
    // The draw picks one free agent of the groups; its group takes the call.
    let mut pick = ((u * total as f64) as usize).min(total - 1);
    for &g in groups {
        if let Some(n) = room(g) {
            if pick < n {
                return Some(g);
            }
            pick -= n;
        }
    }
    unreachable!("the pick is below the total")
}

pub trait Router {
    /// The model uses none of the optional parts (no chats, e-mails,
    /// outbound, transfers, callbacks, recontacts, overflow, balking or
    /// queue limits, group handle times; groups pick by priority, agents
    /// the longest idle): the engine compiled for this router leaves their
    /// checks out of its hot path.
    const PLAIN: bool = false;

    /// The group whose next idle agent answers a call of `call_type` that has
    /// waited `waited_s` (0 for a new call), or `None` to (keep it) waiting.
    fn group_for_call(
        &self,
        call_type: CallTypeId,
        waited_s: f64,
        state: &impl RoutingState,
    ) -> Option<GroupId>;

    /// The call type whose oldest caller a free agent of `group` takes, or
    /// `None` to leave the agent idle.
    fn call_for_agent(&self, group: GroupId, state: &impl RoutingState) -> Option<CallTypeId>;

    /// The chat type whose oldest chat an agent of `group` who holds chats
    /// and has room for one more takes, or `None`.
    fn chat_for_agent(&self, group: GroupId, state: &impl RoutingState) -> Option<CallTypeId>;
}

/// Whether an agent of a group may take a contact of `call_type` now: a chat
/// needs room for one more chat, a phone call an idle agent.
#[inline(always)]
fn has_room(
    is_chat: &[bool],
    call_type: CallTypeId,
    group: GroupId,
    state: &impl RoutingState,
) -> usize {
    // Empty without chats: a phone-only center reads no table.
    if !is_chat.is_empty() && is_chat[call_type.index()] {
        state.chat_room(group)
    } else {
        state.idle_agents(group)
    }
}

/// For each group, its skills that are not e-mails (a free agent looks at
/// them first), in its order.
fn live_skills(model: &Model) -> Vec<Vec<CallTypeId>> {
    skills_where(model, |channel| channel != Channel::Email)
}

/// For each group, its e-mail skills, in its order; empty without e-mails.
fn email_skills(model: &Model) -> Vec<Vec<CallTypeId>> {
    if !model.has_emails() {
        return Vec::new();
    }
    skills_where(model, |channel| channel == Channel::Email)
}

fn skills_where(model: &Model, keep: impl Fn(Channel) -> bool) -> Vec<Vec<CallTypeId>> {
    model
        .groups
        .iter()
        .map(|g| {
            g.skills
                .iter()
                .copied()
                .filter(|&c| keep(model.call_type(c).channel))
                .collect()
        })
        .collect()
}

/// For each group, its skills that come by chat, in its order.
fn chat_skills(model: &Model) -> Vec<Vec<CallTypeId>> {
    skills_where(model, |channel| channel == Channel::Chat)
}

/// Static priorities: a new call goes to the first group, in the call type's
/// preference order, with an idle agent; a free agent takes the
/// highest-priority waiting call among its skills, the longest-waiting one
/// among equal priorities, and the earlier skill in its list on an exact tie.
#[derive(Debug, Clone)]
pub struct PriorityRouter {
    groups_for_type: Vec<Vec<GroupId>>,
    /// Per group, its skills but e-mails.
    skills: Vec<Vec<CallTypeId>>,
    /// Per group, its e-mail skills (empty without e-mails): taken only
    /// when no other contact waits for the agent.
    email_skills: Vec<Vec<CallTypeId>>,
    chat_skills: Vec<Vec<CallTypeId>>,
    is_chat: Vec<bool>,
    priority: Vec<i32>,
    /// Per group: its free agents take the first skill with someone waiting.
    skill_order: Vec<bool>,
    any_skill_order: bool,
    at_random: bool,
}

impl PriorityRouter {
    pub fn new(model: &Model) -> Self {
        Self {
            groups_for_type: model.groups_for_type.clone(),
            skills: live_skills(model),
            email_skills: email_skills(model),
            chat_skills: chat_skills(model),
            is_chat: is_chat(model),
            priority: model.call_types.iter().map(|c| c.priority).collect(),
            skill_order: skill_order(model),
            any_skill_order: model.groups.iter().any(|g| g.takes_in_skill_order),
            at_random: model.agent_selection == AgentSelection::RandomByIdle,
        }
    }

    /// What a free agent of `group` takes among `skills`: the first with
    /// someone waiting for a group that takes its skills in order, else the
    /// best by priority.
    #[inline(always)]
    fn pick(
        &self,
        group: GroupId,
        skills: &[CallTypeId],
        state: &impl RoutingState,
    ) -> Option<CallTypeId> {
        if self.any_skill_order && self.skill_order[group.index()] {
            return skills
                .iter()
                .copied()
                .find(|&c| state.oldest_waiting(c).is_some());
        }
        self.best_waiting(skills, state)
    }

    /// The highest-priority waiting call among `skills`, the longest-waiting
    /// among equals, the earlier skill on an exact tie.
    #[inline(always)]
    fn best_waiting(&self, skills: &[CallTypeId], state: &impl RoutingState) -> Option<CallTypeId> {
        let mut best: Option<(CallTypeId, i32, f64)> = None;
        for &c in skills {
            let Some(arrival) = state.oldest_waiting(c) else {
                continue;
            };
            let priority = self.priority[c.index()];
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

/// Per group, whether its free agents take their skills in order.
fn skill_order(model: &Model) -> Vec<bool> {
    model
        .groups
        .iter()
        .map(|g| g.takes_in_skill_order)
        .collect()
}

/// Whether each call type comes by chat; empty when none does.
fn is_chat(model: &Model) -> Vec<bool> {
    if !model.has_chats() {
        return Vec::new();
    }
    model
        .call_types
        .iter()
        .map(|c| c.channel == Channel::Chat)
        .collect()
}

impl PriorityRouter {
    /// The group for a new call (see [`Router::group_for_call`]); `PLAIN`:
    /// the model has no chats and agents are not chosen at random.
    #[inline(always)]
    fn route_call<const PLAIN: bool>(
        &self,
        call_type: CallTypeId,
        state: &impl RoutingState,
    ) -> Option<GroupId> {
        let groups = &self.groups_for_type[call_type.index()];
        if PLAIN || !self.at_random {
            // A plain loop: the iterator chain was not inlined into the engine.
            for &g in groups {
                let room = if PLAIN {
                    state.idle_agents(g)
                } else {
                    has_room(&self.is_chat, call_type, g, state)
                };
                if room > 0 {
                    return Some(g);
                }
            }
            return None;
        }
        choose_group(groups, state.route_u(), |g| {
            let n = has_room(&self.is_chat, call_type, g, state);
            (n > 0).then_some(n)
        })
    }

    /// What a free agent takes (see [`Router::call_for_agent`]); `PLAIN`:
    /// no e-mails and no group takes its skills in order.
    #[inline(always)]
    fn next_call<const PLAIN: bool>(
        &self,
        group: GroupId,
        state: &impl RoutingState,
    ) -> Option<CallTypeId> {
        let skills = &self.skills[group.index()];
        if PLAIN {
            return self.best_waiting(skills, state);
        }
        let pick = self.pick(group, skills, state);
        if pick.is_some() || self.email_skills.is_empty() || !state.opens_emails() {
            return pick;
        }
        self.pick(group, &self.email_skills[group.index()], state)
    }
}

impl Router for PriorityRouter {
    #[inline(always)]
    fn group_for_call(
        &self,
        call_type: CallTypeId,
        _waited_s: f64,
        state: &impl RoutingState,
    ) -> Option<GroupId> {
        self.route_call::<false>(call_type, state)
    }

    #[inline(always)]
    fn call_for_agent(&self, group: GroupId, state: &impl RoutingState) -> Option<CallTypeId> {
        self.next_call::<false>(group, state)
    }

    fn chat_for_agent(&self, group: GroupId, state: &impl RoutingState) -> Option<CallTypeId> {
        self.pick(group, &self.chat_skills[group.index()], state)
    }
}

/// Static priorities for a model that uses none of the optional parts
/// ([`Router::PLAIN`]): the same decisions as [`PriorityRouter`]'s, in an
/// engine compiled without the parts' checks.
#[derive(Debug, Clone)]
pub struct PlainRouter(PriorityRouter);

impl PlainRouter {
    /// The plain router, if `model` can have one.
    pub fn for_model(model: &Model) -> Option<Self> {
        let router = PriorityRouter::new(model);
        let plain = !model.needs_policy_router()
            && !router.at_random
            && !router.any_skill_order
            && super::Uses::of(model) == super::Uses::NONE;
        plain.then_some(Self(router))
    }
}

impl Router for PlainRouter {
    const PLAIN: bool = true;

    #[inline(always)]
    fn group_for_call(
        &self,
        call_type: CallTypeId,
        _waited_s: f64,
        state: &impl RoutingState,
    ) -> Option<GroupId> {
        self.0.route_call::<true>(call_type, state)
    }

    #[inline(always)]
    fn call_for_agent(&self, group: GroupId, state: &impl RoutingState) -> Option<CallTypeId> {
        self.0.next_call::<true>(group, state)
    }

    fn chat_for_agent(&self, group: GroupId, state: &impl RoutingState) -> Option<CallTypeId> {
        self.0.chat_for_agent(group, state)
    }
}

/// Priority with aging, delayed overflow and reservation (see the module docs).
/// A call's score is `priority + aging × wait` (aging per call type); the highest score wins,
/// the longest wait on a tie.
#[derive(Debug, Clone)]
pub struct PolicyRouter {
    groups_for_type: Vec<Vec<GroupId>>,
    skills: Vec<Vec<CallTypeId>>,
    email_skills: Vec<Vec<CallTypeId>>,
    chat_skills: Vec<Vec<CallTypeId>>,
    is_chat: Vec<bool>,
    priority: Vec<f64>,
    /// Per call type: priority points per second of waiting.
    aging_per_s: Vec<f64>,
    skill_order: Vec<bool>,
    at_random: bool,
    types: usize,
    /// `[group × types + type]`: the wait before the group may take the type.
    answer_after_s: Vec<f64>,
    /// `[group × types + type]`: idle agents the group must keep after taking the type.
    keep_idle: Vec<usize>,
}

impl PolicyRouter {
    pub fn new(model: &Model) -> Self {
        let types = model.call_types.len();
        let mut answer_after_s = Vec::with_capacity(model.groups.len() * types);
        let mut keep_idle = Vec::with_capacity(model.groups.len() * types);
        for g in &model.groups {
            answer_after_s.extend_from_slice(&g.answer_after_s);
            keep_idle.extend((0..types).map(|t| match &g.reserve {
                Some((agents, reserved)) if !reserved[t] => *agents as usize,
                _ => 0,
            }));
        }
        Self {
            groups_for_type: model.groups_for_type.clone(),
            skills: live_skills(model),
            email_skills: email_skills(model),
            chat_skills: chat_skills(model),
            is_chat: is_chat(model),
            priority: model
                .call_types
                .iter()
                .map(|c| f64::from(c.priority))
                .collect(),
            aging_per_s: model.call_types.iter().map(|c| c.aging_per_s).collect(),
            skill_order: skill_order(model),
            at_random: model.agent_selection == AgentSelection::RandomByIdle,
            types,
            answer_after_s,
            keep_idle,
        }
    }
}

impl Router for PolicyRouter {
    #[inline]
    fn group_for_call(
        &self,
        call_type: CallTypeId,
        waited_s: f64,
        state: &impl RoutingState,
    ) -> Option<GroupId> {
        let groups = &self.groups_for_type[call_type.index()];
        let free = |g: GroupId| {
            let slot = g.index() * self.types + call_type.index();
            let room = has_room(&self.is_chat, call_type, g, state);
            (self.answer_after_s[slot] <= waited_s && room > self.keep_idle[slot])
                .then(|| room - self.keep_idle[slot])
        };
        if !self.at_random {
            // A plain loop with the test written out: the closure was not inlined.
            for &g in groups {
                let slot = g.index() * self.types + call_type.index();
                if self.answer_after_s[slot] <= waited_s
                    && has_room(&self.is_chat, call_type, g, state) > self.keep_idle[slot]
                {
                    return Some(g);
                }
            }
            return None;
        }
        choose_group(groups, state.route_u(), free)
    }

    #[inline(always)]
    fn call_for_agent(&self, group: GroupId, state: &impl RoutingState) -> Option<CallTypeId> {
        let pick = self.best_waiting(group, &self.skills[group.index()], state);
        if pick.is_some() || self.email_skills.is_empty() || !state.opens_emails() {
            return pick;
        }
        self.best_waiting(group, &self.email_skills[group.index()], state)
    }

    fn chat_for_agent(&self, group: GroupId, state: &impl RoutingState) -> Option<CallTypeId> {
        self.best_waiting(group, &self.chat_skills[group.index()], state)
    }
}

impl PolicyRouter {
    /// The waiting call among `skills` with the highest score that `group`
    /// may take now, the longest-waiting on a tie.
    #[inline(always)]
    fn best_waiting(
        &self,
        group: GroupId,
        skills: &[CallTypeId],
        state: &impl RoutingState,
    ) -> Option<CallTypeId> {
        let now = state.now();
        let in_skill_order = self.skill_order[group.index()];
        let mut best: Option<(CallTypeId, f64, f64)> = None;
        for &c in skills {
            let Some(arrival) = state.oldest_waiting(c) else {
                continue;
            };
            let slot = group.index() * self.types + c.index();
            // The freed agent is not idle yet: idle_agents counts the others.
            if now - arrival < self.answer_after_s[slot]
                || state.idle_agents(group) < self.keep_idle[slot]
            {
                continue;
            }
            if in_skill_order {
                return Some(c);
            }
            let score = self.priority[c.index()] + self.aging_per_s[c.index()] * (now - arrival);
            let better = match best {
                None => true,
                Some((_, s, a)) => score > s || (score == s && arrival < a),
            };
            if better {
                best = Some((c, score, arrival));
            }
        }
        best.map(|(c, _, _)| c)
    }
}
