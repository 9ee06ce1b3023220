//! What the engine reports as it runs. The engine computes no KPI: observers
//! listen. [`KpiCollector`] gathers the statistics; [`Tracer`] prints events
//! for students and debugging. Observers are generic parameters of the engine,
//! so an observer that is not used costs nothing.

mod kpi;
mod trace;

pub use kpi::{CallCounters, KpiCollector, ReplicationStats};
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

/// Receives what happens in a replication, in time order.
#[allow(unused_variables)]
pub trait Observer {
    /// Interval `interval` starts at `t` (0 at time 0).
    fn interval_started(&mut self, t: f64, interval: usize) {}
    /// The last interval ended: no new calls from now on.
    fn closed(&mut self, t: f64) {}
    fn arrival(&mut self, t: f64, call_type: CallTypeId) {}
    /// The call found no free agent; `waiting` of its type are now queued.
    fn queued(&mut self, t: f64, call_type: CallTypeId, waiting: usize) {}
    fn answered(&mut self, t: f64, call: &Answered) {}
    fn abandoned(&mut self, t: f64, call_type: CallTypeId, arrival_s: f64) {}
    /// Waiting at closing time and dropped (`after_close = "drop"`).
    fn dropped(&mut self, t: f64, call_type: CallTypeId, arrival_s: f64) {}
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
    fn arrival(&mut self, t: f64, call_type: CallTypeId) {
        self.0.arrival(t, call_type);
        self.1.arrival(t, call_type);
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
