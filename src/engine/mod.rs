//! The discrete-event engine: one replication of a [`Model`], reported to an
//! [`Observer`]. Nothing else lives here: no KPI, no I/O, no randomness policy
//! beyond drawing from the streams it is given.
//!
//! Events are ordered by (time, sequence number). Arrivals are kept outside
//! the heap (one pending arrival per call type) and merged with it by the same
//! key; waiting callers live in a reusable arena; idle agents of a group wait
//! in a FIFO, whose front is the longest idle. Nothing is allocated per event
//! once the buffers have grown to the number of agents and callers present.

mod events;
mod queues;
mod router;

use std::collections::VecDeque;

use rand_distr::Distribution as _;

pub use router::{PriorityRouter, Router, RoutingState};

use crate::model::{CallTypeId, GroupId, Model};
use crate::observe::{Answered, Observer};
use crate::random::{Purpose, Stream, stream};
use crate::scenario::AfterClose;
use events::{EventKind, EventQueue};
use queues::{Queues, WaitingCall};

/// What a replication did, apart from what the observers saw.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReplicationOutcome {
    /// Calls that arrived.
    pub calls: u64,
    /// Time of the last event, seconds.
    pub end_s: f64,
}

/// Runs replication `replication` of `model` with streams from `seed`.
pub fn run_replication<R: Router, O: Observer>(
    model: &Model,
    router: &R,
    seed: u64,
    replication: u64,
    observer: &mut O,
) -> ReplicationOutcome {
    let mut engine = Engine::new(model, router, seed, replication);
    engine.run(observer)
}

#[derive(Debug, Default)]
struct GroupState {
    /// Idle agents, longest idle first.
    idle: VecDeque<u32>,
    /// Agents on shift plus those finishing a call after their shift.
    present: u32,
    /// Agents the schedule asks for now.
    scheduled: u32,
    /// Agents to leave as soon as they finish their call.
    leaving: u32,
}

struct CallTypeStreams {
    arrivals: Stream,
    handle: Stream,
    patience: Stream,
    after_call_work: Stream,
}

struct Engine<'m, R> {
    model: &'m Model,
    router: &'m R,
    events: EventQueue,
    queues: Queues,
    /// (time, seq) of each call type's next arrival; time is infinite when none.
    next_arrival: Vec<(f64, u64)>,
    /// Interval the arrival clock of each call type is in.
    arrival_interval: Vec<usize>,
    streams: Vec<CallTypeStreams>,
    groups: Vec<GroupState>,
    /// Group of each agent slot; slots of agents who left are reused.
    agent_group: Vec<GroupId>,
    free_agent_slots: Vec<u32>,
    /// Multiplies every arrival rate in this replication (1 without overdispersion).
    volume_factor: f64,
    arrivals: u64,
    now: f64,
}

struct View<'a> {
    groups: &'a [GroupState],
    queues: &'a Queues,
}

impl RoutingState for View<'_> {
    #[inline]
    fn idle_agents(&self, group: GroupId) -> usize {
        self.groups[group].idle.len()
    }

    #[inline]
    fn oldest_waiting(&self, call_type: CallTypeId) -> Option<f64> {
        self.queues.front_arrival(call_type)
    }
}

impl<'m, R: Router> Engine<'m, R> {
    fn new(model: &'m Model, router: &'m R, seed: u64, replication: u64) -> Self {
        let types = model.call_types.len();
        let streams = (0..types)
            .map(|c| CallTypeStreams {
                arrivals: stream(seed, replication, Purpose::Arrivals(c)),
                handle: stream(seed, replication, Purpose::HandleTimes(c)),
                patience: stream(seed, replication, Purpose::Patience(c)),
                after_call_work: stream(seed, replication, Purpose::AfterCallWork(c)),
            })
            .collect();
        let volume_factor = match model.day_factor_shape {
            None => 1.0,
            Some(shape) => rand_distr::Gamma::new(shape, 1.0 / shape)
                .expect("shape validated positive")
                .sample(&mut stream(seed, replication, Purpose::DayFactor)),
        };
        let peak_agents: usize = model
            .groups
            .iter()
            .map(|g| g.staffing.iter().copied().max().unwrap_or(0) as usize)
            .sum();
        Self {
            model,
            router,
            events: EventQueue::with_capacity(peak_agents + model.intervals + 16),
            queues: Queues::new(types),
            next_arrival: vec![(f64::INFINITY, u64::MAX); types],
            arrival_interval: vec![0; types],
            streams,
            groups: (0..model.groups.len())
                .map(|_| GroupState::default())
                .collect(),
            agent_group: Vec::with_capacity(peak_agents),
            free_agent_slots: Vec::new(),
            volume_factor,
            arrivals: 0,
            now: 0.0,
        }
    }

    fn run<O: Observer>(&mut self, observer: &mut O) -> ReplicationOutcome {
        let model = self.model;
        for k in 1..=model.intervals {
            self.events.schedule(
                k as f64 * model.interval_s,
                EventKind::Boundary { interval: k as u32 },
            );
        }
        observer.interval_started(0.0, 0);
        for g in 0..model.groups.len() {
            self.set_staffing(0.0, g, model.groups[g].staffing[0], observer);
        }
        for c in 0..model.call_types.len() {
            self.schedule_next_arrival(c, 0.0);
        }

        loop {
            let (arrival_time, arrival_seq, arrival_type) = self.earliest_arrival();
            let arrival_first = match self.events.peek_key() {
                None => arrival_type.is_some(),
                Some((time, seq)) => {
                    arrival_type.is_some()
                        && (arrival_time < time || (arrival_time == time && arrival_seq < seq))
                }
            };
            if arrival_first {
                self.now = arrival_time;
                self.arrive(arrival_type.expect("checked"), observer);
                continue;
            }
            let Some(event) = self.events.pop() else {
                break;
            };
            self.now = event.time;
            match event.kind {
                EventKind::AgentFree { agent } => self.agent_finished(agent, observer),
                EventKind::Abandon { call, generation } => {
                    if let Some(gone) = self.queues.remove(call, generation) {
                        observer.abandoned(self.now, gone.call_type, gone.arrival_s);
                    }
                }
                EventKind::Boundary { interval } => self.boundary(interval as usize, observer),
            }
        }

        for c in 0..model.call_types.len() {
            while let Some(call) = self.queues.pop_front(c) {
                observer.unfinished(self.now, c, call.arrival_s);
            }
        }
        observer.finished(self.now);
        ReplicationOutcome {
            calls: self.arrivals,
            end_s: self.now,
        }
    }

    #[inline]
    fn earliest_arrival(&self) -> (f64, u64, Option<CallTypeId>) {
        let mut best = (f64::INFINITY, u64::MAX, None);
        for (c, &(time, seq)) in self.next_arrival.iter().enumerate() {
            if time < best.0 || (time == best.0 && seq < best.1) {
                best = (time, seq, Some(c));
            }
        }
        if best.0.is_infinite() {
            (best.0, best.1, None)
        } else {
            best
        }
    }

    /// Draws the next Poisson arrival of `call_type` after `from`, restarting
    /// the clock at each interval boundary with that interval's rate (exact,
    /// since the exponential is memoryless).
    fn schedule_next_arrival(&mut self, call_type: CallTypeId, from: f64) {
        let model = self.model;
        let rates = &model.call_types[call_type].rate_per_s;
        let mut k = self.arrival_interval[call_type];
        let mut t = from;
        while k < model.intervals {
            let end = (k + 1) as f64 * model.interval_s;
            let rate = rates[k] * self.volume_factor;
            if rate > 0.0 {
                let gap: f64 = rand_distr::Exp1.sample(&mut self.streams[call_type].arrivals);
                let next = t + gap / rate;
                if next < end {
                    self.arrival_interval[call_type] = k;
                    self.next_arrival[call_type] = (next, self.events.take_seq());
                    return;
                }
            }
            t = end;
            k += 1;
        }
        self.arrival_interval[call_type] = k;
        self.next_arrival[call_type] = (f64::INFINITY, u64::MAX);
    }

    fn arrive<O: Observer>(&mut self, call_type: CallTypeId, observer: &mut O) {
        let t = self.now;
        self.arrivals += 1;
        let spec = &self.model.call_types[call_type];
        let streams = &mut self.streams[call_type];
        // Every attribute is drawn now, from the caller's own streams, whatever
        // happens next: scenarios that differ in staffing see the same callers.
        let talk_s = spec.handle.sample(&mut streams.handle);
        let patience_s = spec
            .patience
            .as_ref()
            .map(|d| d.sample(&mut streams.patience));
        let after_call_work_s = spec
            .after_call_work
            .as_ref()
            .map_or(0.0, |d| d.sample(&mut streams.after_call_work));
        observer.arrival(t, call_type);
        self.schedule_next_arrival(call_type, t);

        let call = WaitingCall {
            call_type,
            arrival_s: t,
            talk_s,
            after_call_work_s,
        };
        let view = View {
            groups: &self.groups,
            queues: &self.queues,
        };
        if let Some(group) = self.router.group_for_call(call_type, &view) {
            let agent = self.groups[group]
                .idle
                .pop_front()
                .expect("router chose a group with an idle agent");
            self.answer(call, group, agent, false, observer);
        } else {
            let (slot, generation) = self.queues.push_back(call);
            if let Some(patience) = patience_s {
                self.events.schedule(
                    t + patience,
                    EventKind::Abandon {
                        call: slot,
                        generation,
                    },
                );
            }
            observer.queued(t, call_type, self.queues.len(call_type));
        }
    }

    #[inline]
    fn answer<O: Observer>(
        &mut self,
        call: WaitingCall,
        group: GroupId,
        agent: u32,
        from_queue: bool,
        observer: &mut O,
    ) {
        let t = self.now;
        self.events.schedule(
            t + call.talk_s + call.after_call_work_s,
            EventKind::AgentFree { agent },
        );
        observer.answered(
            t,
            &Answered {
                call_type: call.call_type,
                group,
                agent,
                arrival_s: call.arrival_s,
                wait_s: t - call.arrival_s,
                talk_s: call.talk_s,
                after_call_work_s: call.after_call_work_s,
                from_queue,
            },
        );
    }

    fn agent_finished<O: Observer>(&mut self, agent: u32, observer: &mut O) {
        let group = self.agent_group[agent as usize];
        observer.agent_free(self.now, group, agent);
        let state = &mut self.groups[group];
        if state.leaving > 0 {
            // Their shift ended while on this call.
            state.leaving -= 1;
            state.present -= 1;
            self.free_agent_slots.push(agent);
            observer.agents_changed(self.now, group, state.present);
        } else {
            self.agent_available(group, agent, observer);
        }
    }

    /// A free agent takes the waiting call the router picks, or goes idle.
    fn agent_available<O: Observer>(&mut self, group: GroupId, agent: u32, observer: &mut O) {
        let view = View {
            groups: &self.groups,
            queues: &self.queues,
        };
        match self.router.call_for_agent(group, &view) {
            Some(call_type) => {
                let call = self
                    .queues
                    .pop_front(call_type)
                    .expect("router chose a non-empty queue");
                self.answer(call, group, agent, true, observer);
            }
            None => self.groups[group].idle.push_back(agent),
        }
    }

    fn boundary<O: Observer>(&mut self, interval: usize, observer: &mut O) {
        let model = self.model;
        if interval < model.intervals {
            observer.interval_started(self.now, interval);
            for g in 0..model.groups.len() {
                self.set_staffing(self.now, g, model.groups[g].staffing[interval], observer);
            }
            return;
        }
        observer.closed(self.now);
        if model.after_close == AfterClose::Drop {
            for c in 0..model.call_types.len() {
                while let Some(call) = self.queues.pop_front(c) {
                    observer.dropped(self.now, c, call.arrival_s);
                }
            }
        }
    }

    /// Moves a group to `target` agents: new agents start at once (taking
    /// waiting calls first); idle agents leave at once, busy ones after their call.
    fn set_staffing<O: Observer>(&mut self, t: f64, group: GroupId, target: u32, observer: &mut O) {
        let state = &mut self.groups[group];
        if target > state.scheduled {
            let mut joining = target - state.scheduled;
            let staying = joining.min(state.leaving);
            state.leaving -= staying;
            joining -= staying;
            state.scheduled = target;
            if joining == 0 {
                return;
            }
            state.present += joining;
            observer.agents_changed(t, group, state.present);
            for _ in 0..joining {
                let agent = match self.free_agent_slots.pop() {
                    Some(slot) => {
                        self.agent_group[slot as usize] = group;
                        slot
                    }
                    None => {
                        self.agent_group.push(group);
                        (self.agent_group.len() - 1) as u32
                    }
                };
                self.agent_available(group, agent, observer);
            }
        } else if target < state.scheduled {
            let mut going = state.scheduled - target;
            state.scheduled = target;
            while going > 0 {
                let Some(agent) = state.idle.pop_front() else {
                    break;
                };
                self.free_agent_slots.push(agent);
                state.present -= 1;
                going -= 1;
            }
            state.leaving += going;
            observer.agents_changed(t, group, state.present);
        }
    }
}
