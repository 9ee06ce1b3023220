//! What the engine reports as it runs. The engine computes no KPI: observers
//! listen. [`KpiCollector`] gathers the statistics; [`Tracer`] prints events
//! for students and debugging. Observers are generic parameters of the engine,
//! so an observer that is not used costs nothing.
//!
//! Everything that happens is one [`Observation`]: a new kind of observation
//! is one more variant here, and only the observers that care about it handle
//! it (the others ignore it with `_ => {}`). Observers see them one at a time
//! through [`Observer::observe`]; a pair of observers `(A, B)` is an observer
//! that tells both.

mod calls_log;
mod kpi;
mod trace;

pub use calls_log::{CALLS_LOG_COLUMNS, CallsLog, CallsLogLabels, write_calls_log_header};
pub use kpi::{CallCounters, CampaignCounters, EntryCounters, KpiCollector, ReplicationStats};
pub use trace::{Clock, TraceEvent, Tracer, trace_text};

use crate::model::{AgentId, CallTypeId, Channel, EntryId, GroupId, NodeId, SourceId};

/// Who a caller is: an identity drawn when it first called, and which of its
/// attempts this is (0 for the first). Its own random streams follow from
/// both, so a repeat call is the same caller in every scenario. `number`
/// counts the replication's callers from 1 in the order they first called:
/// the caller id of the calls log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caller {
    pub id: u64,
    pub attempt: u32,
    pub number: u32,
}

/// A contact taken by an agent.
#[derive(Debug, Clone, Copy)]
pub struct Answered {
    pub channel: Channel,
    pub call_type: CallTypeId,
    pub group: GroupId,
    pub agent: AgentId,
    pub arrival_s: f64,
    pub wait_s: f64,
    pub talk_s: f64,
    pub after_call_work_s: f64,
    /// The call had been put in the queue (even if it waited zero seconds).
    pub from_queue: bool,
    /// When the caller first arrived: before `arrival_s` when it came here
    /// by transfer.
    pub first_arrival_s: f64,
    /// The call type the agent transfers the caller to at the end of the talk.
    pub transferred_to: Option<CallTypeId>,
    pub caller: Caller,
    pub repeat: Repeat,
}

/// An outbound call connected to an agent.
#[derive(Debug, Clone, Copy)]
pub struct OutboundCall {
    /// The campaign's index in the scenario.
    pub campaign: usize,
    pub group: GroupId,
    pub agent: AgentId,
    /// How long the person who answered was held for an agent.
    pub waited_s: f64,
    pub talk_s: f64,
    pub after_call_work_s: f64,
}

/// Whether a call is a caller's first attempt or a repeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    First,
    /// After hanging up in the queue or finding every line busy.
    Retrial,
    /// After an answered call that did not solve the problem.
    Recontact,
    /// Handed over by an agent of another call type at the end of its talk.
    Transfer,
}

/// How a caller leaves the IVR.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IvrExit {
    /// To a call type's queue.
    Queue(CallTypeId),
    /// Served by self-service: contained.
    SelfService,
    /// Hung up in the menus.
    HangUp,
}

/// One thing that happened in a replication, at the time given beside it.
#[derive(Debug, Clone, Copy)]
pub enum Observation<'a> {
    /// Interval `interval` starts (0 at time 0).
    IntervalStarted { interval: usize },
    /// A day closed (its last interval ended): no new calls until the next
    /// day opens, or from now on after the last day.
    Closed,
    /// Through a night after a closing, the last caller has left and the
    /// last agent is done: nothing happens until the next day opens.
    Emptied,
    /// A call attempt at `source` (before trunks can block it).
    Attempt {
        source: SourceId,
        repeat: Repeat,
        caller: Caller,
    },
    /// Every line was busy: the attempt got a busy signal.
    Blocked {
        source: SourceId,
        caller: Caller,
        repeat: Repeat,
    },
    /// A call that a proactive notification made unnecessary (it never happens).
    ProactiveAvoided { call_type: CallTypeId },
    /// A caller starts listening to IVR menu `node` of entry `entry`.
    IvrVisit {
        entry: EntryId,
        node: NodeId,
        caller: Caller,
    },
    /// A caller who entered the IVR at `entered_s` leaves it.
    IvrExit {
        entry: EntryId,
        entered_s: f64,
        exit: IvrExit,
        caller: Caller,
        repeat: Repeat,
    },
    /// A call is offered to `call_type`'s queue (an agent may take it at
    /// once); `patience_s` is how long the caller will wait (drawn now).
    Arrival {
        call_type: CallTypeId,
        repeat: Repeat,
        caller: Caller,
        patience_s: Option<f64>,
    },
    /// The caller found no free agent and `waiting` callers of its type
    /// already waiting, and left at once without joining the queue
    /// (balking); it was offered (an [`Observation::Arrival`] came first).
    Balked {
        call_type: CallTypeId,
        waiting: usize,
        caller: Caller,
        repeat: Repeat,
    },
    /// The caller found no free agent and `call_type`'s queue holding its
    /// `max_waiting` callers: a busy signal. It is not offered (no
    /// [`Observation::Arrival`]), as a caller who finds every line busy.
    QueueFull {
        call_type: CallTypeId,
        caller: Caller,
        repeat: Repeat,
    },
    /// The call found no free agent; `waiting` of its type are now queued.
    Queued {
        call_type: CallTypeId,
        waiting: usize,
    },
    /// A phone call answered by an agent.
    Answered(&'a Answered),
    /// A chat taken by an agent (the handle time as planned at the level it
    /// starts at; [`Observation::ChatEnded`] gives it as it went).
    ChatAnswered(&'a Answered),
    /// A chat ended: its talk and after-call work as they went (stretched
    /// while its agent held more chats). Its [`Observation::Answered`] came
    /// when the agent took it, with the handle time `planned_s` it would
    /// have taken at the level it started at.
    ChatEnded { chat: &'a Answered, planned_s: f64 },
    /// A queued caller (waiting since `arrival_s`) hung up.
    Abandoned {
        call_type: CallTypeId,
        arrival_s: f64,
        caller: Caller,
        repeat: Repeat,
    },
    /// Waiting at closing time and dropped (`after_close = "drop"`).
    Dropped {
        call_type: CallTypeId,
        arrival_s: f64,
        caller: Caller,
        repeat: Repeat,
    },
    /// A callback was offered to a caller facing a long expected wait.
    CallbackOffered { call_type: CallTypeId },
    /// The caller (queued since `arrival_s`) accepted the callback and hung up.
    CallbackAccepted {
        call_type: CallTypeId,
        arrival_s: f64,
        caller: Caller,
        repeat: Repeat,
    },
    /// An agent calls back; `arrival_s` of the call is when it was requested.
    CallbackServed(&'a Answered),
    /// A callback requested at `requested_s` that no agent made.
    CallbackUnserved {
        call_type: CallTypeId,
        requested_s: f64,
        caller: Caller,
        repeat: Repeat,
    },
    /// An answered caller (queued since `arrival_s`) will call again.
    RecontactPlanned {
        call_type: CallTypeId,
        arrival_s: f64,
    },
    /// An agent finished a call (talk and after-call work).
    AgentFree { group: GroupId, agent: AgentId },
    /// An outbound campaign starts a dial.
    Dialed { campaign: usize },
    /// A dial stopped ringing: a person answered (`reached`) or not. A dial
    /// still ringing when the day closes is hung up by the dialer, unreached.
    DialEnded { campaign: usize, reached: bool },
    /// A person who answered a dial is connected to an agent.
    OutboundConnected(&'a OutboundCall),
    /// A person who answered a dial found no agent free within the
    /// campaign's `connect_within_s`, held `waited_s`: the dialer dropped it.
    Nuisance { campaign: usize, waited_s: f64 },
    /// An agent of `group` finished an outbound call (talk and after-call
    /// work); its [`Observation::AgentFree`] follows.
    OutboundEnded { campaign: usize, group: GroupId },
    /// The agents present in `group` (on shift, or finishing a call after it) changed.
    AgentsChanged { group: GroupId, present: u32 },
    /// At the end, once for each caller still waiting (nobody left to answer).
    Unfinished {
        call_type: CallTypeId,
        arrival_s: f64,
        caller: Caller,
        repeat: Repeat,
    },
    /// The replication ended.
    Finished,
}

/// Receives what happens in a replication, in time order.
pub trait Observer {
    fn observe(&mut self, t: f64, what: Observation<'_>);
}

/// An observer lent to the engine.
impl<O: Observer + ?Sized> Observer for &mut O {
    #[inline(always)]
    fn observe(&mut self, t: f64, what: Observation<'_>) {
        (**self).observe(t, what);
    }
}

/// An observer that may be absent (one replication's tracer or calls log).
impl<O: Observer> Observer for Option<O> {
    #[inline(always)]
    fn observe(&mut self, t: f64, what: Observation<'_>) {
        if let Some(observer) = self {
            observer.observe(t, what);
        }
    }
}

/// Two observers side by side, both told everything.
impl<A: Observer, B: Observer> Observer for (A, B) {
    #[inline(always)]
    fn observe(&mut self, t: f64, what: Observation<'_>) {
        self.0.observe(t, what);
        self.1.observe(t, what);
    }
}
