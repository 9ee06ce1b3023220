//! What the engine reports as it runs. The engine computes no KPI: observers
//! listen. [`KpiCollector`] gathers the statistics; [`Tracer`] prints events
//! for students and debugging. Observers are generic parameters of the engine,
//! so an observer that is not used costs nothing.

mod kpi;
mod trace;

pub use kpi::{CallCounters, EntryCounters, KpiCollector, ReplicationStats};
pub use trace::Tracer;

use crate::model::{CallTypeId, GroupId};

/// A call taken by an agent.
#[derive(Debug, Clone, Copy)]
pub struct Answered {
    pub call_type: CallTypeId,
    pub group: GroupId,
    pub agent: u32,
    pub arrival_s: f64,
    pub wait_s: f64,
    pub talk_s: f64,
    pub after_call_work_s: f64,
    /// The call had been put in the queue (even if it waited zero seconds).
    pub from_queue: bool,
}

/// Where a call attempt comes in: straight to a call type's queue, or at an
/// entry number answered by an IVR.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    CallType(CallTypeId),
    Entry(usize),
}

/// Whether a call is a caller's first attempt or a repeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    First,
    /// After hanging up in the queue or finding every line busy.
    Retrial,
    /// After an answered call that did not solve the problem.
    Recontact,
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

/// Receives what happens in a replication, in time order.
#[allow(unused_variables)]
pub trait Observer {
    /// Interval `interval` starts at `t` (0 at time 0).
    fn interval_started(&mut self, t: f64, interval: usize) {}
    /// The last interval ended: no new calls from now on.
    fn closed(&mut self, t: f64) {}
    /// A call attempt at `source` (before trunks can block it).
    fn attempt(&mut self, t: f64, source: Source, repeat: Repeat) {}
    /// Every line was busy: the attempt got a busy signal.
    fn blocked(&mut self, t: f64, source: Source) {}
    /// A call that a proactive notification made unnecessary (it never happens).
    fn proactive_avoided(&mut self, t: f64, call_type: CallTypeId) {}
    /// A caller starts listening to IVR node `node` of entry `entry`.
    fn ivr_visit(&mut self, t: f64, entry: usize, node: usize) {}
    /// A caller who entered the IVR at `entered_s` leaves it.
    fn ivr_exit(&mut self, t: f64, entry: usize, entered_s: f64, exit: IvrExit) {}
    /// A call is offered to `call_type`'s queue (an agent may take it at once).
    fn arrival(&mut self, t: f64, call_type: CallTypeId, repeat: Repeat) {}
    /// The call found no free agent; `waiting` of its type are now queued.
    fn queued(&mut self, t: f64, call_type: CallTypeId, waiting: usize) {}
    fn answered(&mut self, t: f64, call: &Answered) {}
    fn abandoned(&mut self, t: f64, call_type: CallTypeId, arrival_s: f64) {}
    /// Waiting at closing time and dropped (`after_close = "drop"`).
    fn dropped(&mut self, t: f64, call_type: CallTypeId, arrival_s: f64) {}
    /// A callback was offered to a caller facing a long expected wait.
    fn callback_offered(&mut self, t: f64, call_type: CallTypeId) {}
    /// The caller (queued since `arrival_s`) accepted the callback and hung up.
    fn callback_accepted(&mut self, t: f64, call_type: CallTypeId, arrival_s: f64) {}
    /// An agent calls back; `call.arrival_s` is when the callback was requested.
    fn callback_served(&mut self, t: f64, call: &Answered) {}
    /// A callback requested at `requested_s` that no agent made.
    fn callback_unserved(&mut self, t: f64, call_type: CallTypeId, requested_s: f64) {}
    /// An answered caller (queued since `arrival_s`) will call again.
    fn recontact_planned(&mut self, t: f64, call_type: CallTypeId, arrival_s: f64) {}
    /// An agent finished a call (talk and after-call work).
    fn agent_free(&mut self, t: f64, group: GroupId, agent: u32) {}
    /// The agents present in `group` (on shift, or finishing a call after it) changed.
    fn agents_changed(&mut self, t: f64, group: GroupId, present: u32) {}
    /// At the end, once for each caller still waiting (nobody left to answer).
    fn unfinished(&mut self, t: f64, call_type: CallTypeId, arrival_s: f64) {}
    /// The replication ended at `t`.
    fn finished(&mut self, t: f64) {}
}

/// Two observers side by side, both told everything.
impl<A: Observer, B: Observer> Observer for (A, B) {
    fn interval_started(&mut self, t: f64, interval: usize) {
        self.0.interval_started(t, interval);
        self.1.interval_started(t, interval);
    }
    fn closed(&mut self, t: f64) {
        self.0.closed(t);
        self.1.closed(t);
    }
    fn attempt(&mut self, t: f64, source: Source, repeat: Repeat) {
        self.0.attempt(t, source, repeat);
        self.1.attempt(t, source, repeat);
    }
    fn blocked(&mut self, t: f64, source: Source) {
        self.0.blocked(t, source);
        self.1.blocked(t, source);
    }
    fn proactive_avoided(&mut self, t: f64, call_type: CallTypeId) {
        self.0.proactive_avoided(t, call_type);
        self.1.proactive_avoided(t, call_type);
    }
    fn ivr_visit(&mut self, t: f64, entry: usize, node: usize) {
        self.0.ivr_visit(t, entry, node);
        self.1.ivr_visit(t, entry, node);
    }
    fn ivr_exit(&mut self, t: f64, entry: usize, entered_s: f64, exit: IvrExit) {
        self.0.ivr_exit(t, entry, entered_s, exit);
        self.1.ivr_exit(t, entry, entered_s, exit);
    }
    fn arrival(&mut self, t: f64, call_type: CallTypeId, repeat: Repeat) {
        self.0.arrival(t, call_type, repeat);
        self.1.arrival(t, call_type, repeat);
    }
    fn callback_offered(&mut self, t: f64, call_type: CallTypeId) {
        self.0.callback_offered(t, call_type);
        self.1.callback_offered(t, call_type);
    }
    fn callback_accepted(&mut self, t: f64, call_type: CallTypeId, arrival_s: f64) {
        self.0.callback_accepted(t, call_type, arrival_s);
        self.1.callback_accepted(t, call_type, arrival_s);
    }
    fn callback_served(&mut self, t: f64, call: &Answered) {
        self.0.callback_served(t, call);
        self.1.callback_served(t, call);
    }
    fn callback_unserved(&mut self, t: f64, call_type: CallTypeId, requested_s: f64) {
        self.0.callback_unserved(t, call_type, requested_s);
        self.1.callback_unserved(t, call_type, requested_s);
    }
    fn recontact_planned(&mut self, t: f64, call_type: CallTypeId, arrival_s: f64) {
        self.0.recontact_planned(t, call_type, arrival_s);
        self.1.recontact_planned(t, call_type, arrival_s);
    }
    fn queued(&mut self, t: f64, call_type: CallTypeId, waiting: usize) {
        self.0.queued(t, call_type, waiting);
        self.1.queued(t, call_type, waiting);
    }
    fn answered(&mut self, t: f64, call: &Answered) {
        self.0.answered(t, call);
        self.1.answered(t, call);
    }
    fn abandoned(&mut self, t: f64, call_type: CallTypeId, arrival_s: f64) {
        self.0.abandoned(t, call_type, arrival_s);
        self.1.abandoned(t, call_type, arrival_s);
    }
    fn dropped(&mut self, t: f64, call_type: CallTypeId, arrival_s: f64) {
        self.0.dropped(t, call_type, arrival_s);
        self.1.dropped(t, call_type, arrival_s);
    }
    fn agent_free(&mut self, t: f64, group: GroupId, agent: u32) {
        self.0.agent_free(t, group, agent);
        self.1.agent_free(t, group, agent);
    }
    fn agents_changed(&mut self, t: f64, group: GroupId, present: u32) {
        self.0.agents_changed(t, group, present);
        self.1.agents_changed(t, group, present);
    }
    fn unfinished(&mut self, t: f64, call_type: CallTypeId, arrival_s: f64) {
        self.0.unfinished(t, call_type, arrival_s);
        self.1.unfinished(t, call_type, arrival_s);
    }
    fn finished(&mut self, t: f64) {
        self.0.finished(t);
        self.1.finished(t);
    }
}
