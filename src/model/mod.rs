//! The compiled model the engine runs: dense indices, rates per second,
//! ready-to-sample distributions and routing tables. Built once per run from
//! a validated [`Scenario`](crate::scenario::Scenario); shared by all replications.

mod calendar;
mod ids;
mod rules;

pub use calendar::{BoundaryKind, Calendar};
pub use ids::{AgentId, CallTypeId, EntryId, GroupId, NodeId, SourceId};
pub use rules::{AfterClose, AgentSelection, Balk, Callback, Email, Recontact, Retry};

use crate::distribution::Distribution;

/// What a caller does after an IVR menu's prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuChoice {
    /// Hears another menu.
    Node(NodeId),
    /// Waits for an agent.
    Queue(CallTypeId),
    /// Is served by self-service (contained).
    SelfService,
    /// Hangs up in the menus.
    HangUp,
}

/// The channel a contact comes by: a phone call holds a trunk line and its
/// agent whole; a chat holds no line and one of its agent's `max_chats`
/// places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    #[default]
    Voice,
    Chat,
    /// An e-mail or ticket: holds no line, holds its agent whole, waits
    /// overnight, and is taken only when no call or chat waits.
    Email,
}

impl Channel {
    /// The channel's name as scenarios and logs write it.
    pub const fn name(self) -> &'static str {
        match self {
            Channel::Voice => "voice",
            Channel::Chat => "chat",
            Channel::Email => "email",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Model {
    pub interval_s: f64,
    pub intervals: usize,
    /// Where the intervals fall in time: days back to back, or apart with nights closed.
    pub calendar: Calendar,
    /// The calendar's boundaries after time 0, in time order.
    pub boundaries: Vec<(f64, BoundaryKind)>,
    pub warmup_s: f64,
    pub after_close: AfterClose,
    pub call_types: Vec<CallTypeModel>,
    pub groups: Vec<GroupModel>,
    /// For each call type, the groups that serve it, in scenario order.
    pub groups_for_type: Vec<Vec<GroupId>>,
    /// Gamma shape of the per-replication volume factor (mean 1), if any.
    pub day_factor_shape: Option<f64>,
    /// Lines into the center; `None`: unlimited.
    pub trunks: Option<u32>,
    pub entries: Vec<EntryModel>,
    pub ivr_nodes: Vec<IvrNodeModel>,
    pub agent_selection: AgentSelection,
    /// Some caller can call again (a retry or recontact rule): callers then
    /// need an identity of their own.
    pub callers_return: bool,
    /// Events a replication may process before it is stopped as a loop that
    /// makes no progress (see [`Model::work_limit`]).
    pub work_limit: u64,
    /// For each call type, the distinct positive `answer_after_s` of the
    /// groups serving it, ascending: when a waiting call becomes eligible for more groups.
    pub overflow_delays: Vec<Vec<f64>>,
    /// Outbound campaigns dialled in the agents' idle time.
    pub campaigns: Vec<CampaignModel>,
    /// For each group, the campaigns its agents take reached parties of.
    pub campaigns_of_group: Vec<Vec<usize>>,
}

/// An outbound campaign: see [`crate::scenario::Outbound`].
#[derive(Debug, Clone)]
pub struct CampaignModel {
    /// Keys the campaign's random streams: its name's.
    pub stream_key: u64,
    /// The groups whose idle agents it counts and connects to, in order.
    pub groups: Vec<GroupId>,
    pub dial_when_idle_agents_above: u32,
    pub ring: Distribution,
    pub reach: f64,
    pub handle: Distribution,
    pub after_call_work: Option<Distribution>,
    /// Records to dial over the replication; `None`: unlimited. With
    /// `leads_per_hour`, the records on the list at time 0.
    pub list_size: Option<u64>,
    /// New records joining the list per hour, a Poisson stream from time 0.
    pub leads_per_hour: Option<f64>,
    /// How long a reached party is held for an agent; 0: dropped at once.
    pub connect_within_s: f64,
}

#[derive(Debug, Clone)]
pub struct EntryModel {
    /// Keys this entry's random streams: its name's, the same in every scenario.
    pub stream_key: u64,
    pub rate_per_s: Vec<f64>,
    pub first_node: NodeId,
    pub retry: Option<Retry>,
}

#[derive(Debug, Clone)]
pub struct IvrNodeModel {
    pub prompt: Distribution,
    /// Options with cumulative probabilities, the last exactly 1.
    pub options: Vec<(f64, MenuChoice)>,
}

impl IvrNodeModel {
    /// The option a uniform draw `u` in [0, 1) picks.
    #[inline]
    pub fn choose(&self, u: f64) -> MenuChoice {
        self.options
            .iter()
            .find(|(cumulative, _)| u < *cumulative)
            .map_or(self.options[self.options.len() - 1].1, |(_, t)| *t)
    }
}

#[derive(Debug, Clone)]
pub struct CallTypeModel {
    /// Keys this type's random streams: its name's, the same in every scenario.
    pub stream_key: u64,
    /// Poisson arrival rate in each interval, calls per second.
    pub rate_per_s: Vec<f64>,
    pub handle: Distribution,
    pub patience: Option<Distribution>,
    pub after_call_work: Option<Distribution>,
    pub priority: i32,
    pub retry: Option<Retry>,
    pub recontact: Option<Recontact>,
    pub callback: Option<Callback>,
    /// Callers who find a long queue may leave at once.
    pub balk: Option<Balk>,
    /// The most callers of this type that may wait: one more is refused
    /// (a busy signal, counted as blocked); `None`: no limit.
    pub max_waiting: Option<u32>,
    /// Share of each interval's arrivals avoided by proactive notifications.
    pub proactive: Vec<f64>,
    pub any_proactive: bool,
    /// Mean talk plus after-call work, for the expected wait announced to callers.
    pub mean_handle_s: f64,
    /// Per interval, what handle and after-call-work draws are multiplied by
    /// to give that interval's AHT; empty when the scenario gives none.
    pub handle_scale: Vec<f64>,
    pub channel: Channel,
    /// Priority points per second of waiting (the type's own, else `[routing]`'s).
    pub aging_per_s: f64,
    /// The e-mail rules, for an e-mail type.
    pub email: Option<Email>,
    /// The type's own service-level threshold, seconds (`None`: the
    /// targets').
    pub answer_within_s: Option<f64>,
    /// Where answered contacts are transferred: (cumulative probability,
    /// call type), the probabilities summing to at most 1.
    pub transfers: Vec<(f64, CallTypeId)>,
}

#[derive(Debug, Clone)]
pub struct GroupModel {
    /// Agents on the phones in each interval.
    pub staffing: Vec<u32>,
    /// Call types served, in preference order.
    pub skills: Vec<CallTypeId>,
    /// Handle-time multiplier per call type (1 where not a skill).
    pub handle_factor: Vec<f64>,
    /// Wait a call of each type needs before this group takes it (0 if none).
    pub answer_after_s: Vec<f64>,
    /// The group's own handle-time distribution per call type (`None`: the
    /// type's), `[call type]`.
    pub handle: Vec<Option<Distribution>>,
    /// Keys the streams of the group's own handle times: its name's.
    pub stream_key: u64,
    /// Idle agents kept for some call types: (how many, reserved-for per type).
    pub reserve: Option<(u32, Vec<bool>)>,
    /// Chats an agent may hold at once (1 for a group without chat skills).
    pub max_chats: u16,
    /// Handle-time factor of a chat while its agent holds `l` chats, at
    /// `[l − 1]`: a chat's remaining work goes at `1 / factor` per second.
    pub chat_factor: Vec<f64>,
    /// A free agent takes the first of its skills with someone waiting,
    /// whatever the priorities.
    pub takes_in_skill_order: bool,
}

impl Model {
    /// The events a replication may process: a thousand per expected step
    /// (a call attempt, a repeat, a transfer, an IVR visit: room for busy
    /// days, overflow and chance), per interval and a million more. A day
    /// that needs more is a loop that takes no simulated time (a caller
    /// retrying at once, forever): the engine stops it with an error rather
    /// than hang.
    pub fn work_limit(expected_steps: f64, intervals: usize) -> u64 {
        let limit = 1000.0 * (expected_steps + intervals as f64) + 1e6;
        if limit < u64::MAX as f64 {
            limit as u64
        } else {
            u64::MAX
        }
    }

    #[inline]
    pub fn call_type(&self, id: CallTypeId) -> &CallTypeModel {
        &self.call_types[id.index()]
    }

    #[inline]
    pub fn group(&self, id: GroupId) -> &GroupModel {
        &self.groups[id.index()]
    }

    #[inline]
    pub fn entry(&self, id: EntryId) -> &EntryModel {
        &self.entries[id.index()]
    }

    #[inline]
    pub fn ivr_node(&self, id: NodeId) -> &IvrNodeModel {
        &self.ivr_nodes[id.index()]
    }

    /// The groups that serve `call_type`, in the order a new call tries them.
    #[inline]
    pub fn groups_for(&self, call_type: CallTypeId) -> &[GroupId] {
        &self.groups_for_type[call_type.index()]
    }

    /// Every call type's id, in order.
    pub fn call_type_ids(&self) -> impl Iterator<Item = CallTypeId> + use<> {
        (0..self.call_types.len()).map(CallTypeId::new)
    }

    /// Every group's id, in order.
    pub fn group_ids(&self) -> impl Iterator<Item = GroupId> + use<> {
        (0..self.groups.len()).map(GroupId::new)
    }

    /// Every arrival source: each call type, then each entry number.
    pub fn sources(&self) -> impl Iterator<Item = SourceId> + use<> {
        let entries = self.entries.len();
        self.call_type_ids()
            .map(SourceId::CallType)
            .chain((0..entries).map(|e| SourceId::Entry(EntryId::new(e))))
    }

    /// The Poisson rate of `source` in each interval, calls per second.
    #[inline]
    pub fn rates(&self, source: SourceId) -> &[f64] {
        match source {
            SourceId::CallType(c) => &self.call_type(c).rate_per_s,
            SourceId::Entry(e) => &self.entry(e).rate_per_s,
        }
    }

    /// What `source`'s callers do when they hang up or find the lines busy.
    #[inline]
    pub fn retry(&self, source: SourceId) -> Option<&Retry> {
        match source {
            SourceId::CallType(c) => self.call_type(c).retry.as_ref(),
            SourceId::Entry(e) => self.entry(e).retry.as_ref(),
        }
    }

    /// Whether some call type comes by chat.
    pub fn has_chats(&self) -> bool {
        self.call_types.iter().any(|c| c.channel == Channel::Chat)
    }

    pub fn has_emails(&self) -> bool {
        self.call_types.iter().any(|c| c.channel == Channel::Email)
    }

    pub fn has_campaigns(&self) -> bool {
        !self.campaigns.is_empty()
    }

    /// The same center without its outbound campaigns (the inbound service
    /// level lost to them is measured against it).
    pub fn without_campaigns(&self) -> Self {
        Self {
            campaigns: Vec::new(),
            campaigns_of_group: vec![Vec::new(); self.groups.len()],
            ..self.clone()
        }
    }

    /// Some group has its own handle-time distribution for a skill.
    pub fn has_group_handles(&self) -> bool {
        self.groups
            .iter()
            .any(|g| g.handle.iter().any(Option::is_some))
    }

    /// Whether routing needs more than static priorities: aging, delayed
    /// overflow or reserved agents.
    pub fn needs_policy_router(&self) -> bool {
        self.call_types.iter().any(|c| c.aging_per_s > 0.0)
            || self.overflow_delays.iter().any(|d| !d.is_empty())
            || self.groups.iter().any(|g| g.reserve.is_some())
    }

    /// End of the last interval, seconds.
    pub fn horizon_s(&self) -> f64 {
        self.calendar.horizon_s()
    }

    /// The interval containing time `t` (the day's last one at night and past closing).
    #[inline]
    pub fn interval_at(&self, t: f64) -> usize {
        self.calendar.interval_at(t)
    }
}
