//! The discrete-event engine: one replication of a [`Model`], reported to an
//! [`Observer`]. Nothing else lives here: no KPI, no I/O, no randomness policy
//! beyond drawing from the streams it is given.
//!
//! Events are ordered by (time, sequence number). Poisson arrivals are kept
//! outside the heap (one pending arrival per call type and entry) and merged
//! with it by the same key; waiting callers and callers in the IVR live in
//! reusable arenas; idle agents of a group wait in a FIFO (longest idle first)
//! or a heap (fewest calls first). Nothing is allocated per event once the
//! buffers have grown to the number of agents and callers present.

mod events;
mod idle;
mod queues;
mod router;

use rand::RngExt;
use rand_distr::Distribution as _;

pub use router::{PolicyRouter, PriorityRouter, Router, RoutingState};

use crate::model::{CallTypeId, GroupId, Model};
use crate::observe::{Answered, IvrExit, Observer, Repeat, Source};
use crate::random::{CallerPurpose, Purpose, Stream, caller_stream, stream};
use crate::scenario::{AfterClose, IvrTarget};
use events::{EventKind, EventQueue};
use idle::IdleAgents;
use queues::{Caller, Queues, WaitingCall};

/// A replication processed more events than its model's work limit: a loop
/// that takes no simulated time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "replication {replication} processed {events} events without finishing its day (the limit is a thousand per expected call): something loops without taking time, such as a caller who calls again after 0 s every time"
)]
pub struct WorkLimitExceeded {
    pub replication: u64,
    pub events: u64,
}

/// What a replication did, apart from what the observers saw.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReplicationOutcome {
    /// Call attempts (first attempts and repeats, including blocked ones).
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
) -> Result<ReplicationOutcome, WorkLimitExceeded> {
    let mut engine = Engine::new(model, router, seed, replication);
    let outcome = engine.run(observer);
    if engine.events_done > model.work_limit {
        return Err(WorkLimitExceeded {
            replication,
            events: engine.events_done,
        });
    }
    Ok(outcome)
}

/// The router a model needs: the plain one unless it uses aging, delayed
/// overflow or reservation (each router is its own compiled engine).
#[derive(Debug, Clone)]
pub enum ModelRouter {
    Priority(PriorityRouter),
    Policy(PolicyRouter),
}

impl ModelRouter {
    pub fn new(model: &Model) -> Self {
        if model.needs_policy_router() {
            ModelRouter::Policy(PolicyRouter::new(model))
        } else {
            ModelRouter::Priority(PriorityRouter::new(model))
        }
    }

    /// Runs one replication with this router.
    pub fn run<O: Observer>(
        &self,
        model: &Model,
        seed: u64,
        replication: u64,
        observer: &mut O,
    ) -> Result<ReplicationOutcome, WorkLimitExceeded> {
        match self {
            ModelRouter::Priority(r) => run_replication(model, r, seed, replication, observer),
            ModelRouter::Policy(r) => run_replication(model, r, seed, replication, observer),
        }
    }
}

#[derive(Debug)]
struct GroupState {
    idle: IdleAgents,
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
    proactive: Stream,
    callback: Stream,
    /// An identity per first caller, drawn only when callers can come back.
    callers: Stream,
}

struct EntryStreams {
    arrivals: Stream,
    /// An identity per first caller: its IVR path and attributes.
    callers: Stream,
}

/// A caller who will call again at `source`.
#[derive(Debug, Clone, Copy)]
struct Return {
    source: u32,
    caller: Caller,
    recontact: bool,
}

/// A caller's attributes, drawn when the call arrives.
#[derive(Debug, Clone, Copy)]
struct Attributes {
    talk_s: f64,
    patience_s: Option<f64>,
    after_call_work_s: f64,
    /// Uniform draw deciding whether a callback offer is accepted.
    callback_u: f64,
}

impl Attributes {
    /// Every attribute of a `spec` caller from one stream (a caller's own).
    fn draw(spec: &crate::model::CallTypeModel, rng: &mut Stream) -> Self {
        Self {
            talk_s: spec.handle.sample(rng),
            patience_s: spec.patience.as_ref().map(|d| d.sample(rng)),
            after_call_work_s: spec.after_call_work.as_ref().map_or(0.0, |d| d.sample(rng)),
            callback_u: rng.random(),
        }
    }
}

/// A caller in the IVR: where it is, and its own random stream for the path.
struct IvrCaller {
    entry: usize,
    node: usize,
    entered_s: f64,
    repeat: Repeat,
    caller: Caller,
    rng: Stream,
}

/// The optional parts a model uses, checked once per replication so that a
/// plain model's hot path does none of their work.
#[derive(Debug, Clone, Copy)]
struct Uses {
    handle_factors: bool,
    recontacts: bool,
    callbacks: bool,
    overflow: bool,
}

impl Uses {
    fn of(model: &Model) -> Self {
        Self {
            handle_factors: model
                .groups
                .iter()
                .any(|g| g.handle_factor.iter().any(|&f| f != 1.0)),
            recontacts: model.call_types.iter().any(|c| c.recontact.is_some()),
            callbacks: model.call_types.iter().any(|c| c.callback.is_some()),
            overflow: model.overflow_delays.iter().any(|d| !d.is_empty()),
        }
    }
}

struct Engine<'m, R> {
    model: &'m Model,
    router: &'m R,
    events: EventQueue,
    queues: Queues,
    /// Callback requests waiting for an agent, per call type, by request time.
    callbacks: Queues,
    callbacks_pending: usize,
    /// (time, seq) of each source's next Poisson arrival (call types, then
    /// entries); time is infinite when none.
    next_arrival: Vec<(f64, u64)>,
    /// Interval the arrival clock of each source is in.
    arrival_interval: Vec<usize>,
    streams: Vec<CallTypeStreams>,
    entry_streams: Vec<EntryStreams>,
    ivr: Vec<IvrCaller>,
    free_ivr_slots: Vec<u32>,
    /// Callers due to call again; `EventKind::Return` holds the slot.
    returns: Vec<Return>,
    free_return_slots: Vec<u32>,
    groups: Vec<GroupState>,
    /// Group of each agent slot; slots of agents who left are reused.
    agent_group: Vec<GroupId>,
    /// Calls each agent slot handled since it joined (fewest-calls selection).
    agent_handled: Vec<u64>,
    free_agent_slots: Vec<u32>,
    lines_busy: u32,
    /// Idle agents are picked by calls handled (else the count is not kept).
    fewest_calls: bool,
    /// Which optional parts the model uses: the plain path skips the rest.
    uses: Uses,
    /// Multiplies every arrival rate in this replication (1 without overdispersion).
    volume_factor: f64,
    attempts: u64,
    now: f64,
    /// The last interval has ended: no new calls, agents log off when done.
    closed: bool,
    /// Events and arrivals processed, against the model's work limit.
    events_done: u64,
}

struct View<'a> {
    groups: &'a [GroupState],
    queues: &'a Queues,
    now: f64,
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

    #[inline]
    fn now(&self) -> f64 {
        self.now
    }
}

impl<'m, R: Router> Engine<'m, R> {
    fn new(model: &'m Model, router: &'m R, seed: u64, replication: u64) -> Self {
        let types = model.call_types.len();
        let streams = model
            .call_types
            .iter()
            .map(|c| {
                let k = c.stream_key;
                CallTypeStreams {
                    arrivals: stream(seed, replication, Purpose::Arrivals(k)),
                    handle: stream(seed, replication, Purpose::HandleTimes(k)),
                    patience: stream(seed, replication, Purpose::Patience(k)),
                    after_call_work: stream(seed, replication, Purpose::AfterCallWork(k)),
                    proactive: stream(seed, replication, Purpose::Proactive(k)),
                    callback: stream(seed, replication, Purpose::Callback(k)),
                    callers: stream(seed, replication, Purpose::Callers(k)),
                }
            })
            .collect();
        let entry_streams = model
            .entries
            .iter()
            .map(|e| EntryStreams {
                arrivals: stream(seed, replication, Purpose::EntryArrivals(e.stream_key)),
                callers: stream(seed, replication, Purpose::EntryCallers(e.stream_key)),
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
        let fewest_calls = model.agent_selection == crate::scenario::AgentSelection::FewestCalls;
        let sources = types + model.entries.len();
        Self {
            model,
            router,
            events: EventQueue::with_capacity(peak_agents + model.intervals + 16),
            queues: Queues::new(types),
            callbacks: Queues::new(types),
            callbacks_pending: 0,
            next_arrival: vec![(f64::INFINITY, u64::MAX); sources],
            arrival_interval: vec![0; sources],
            streams,
            entry_streams,
            ivr: Vec::new(),
            free_ivr_slots: Vec::new(),
            returns: Vec::new(),
            free_return_slots: Vec::new(),
            groups: (0..model.groups.len())
                .map(|_| GroupState {
                    idle: IdleAgents::new(fewest_calls),
                    present: 0,
                    scheduled: 0,
                    leaving: 0,
                })
                .collect(),
            agent_group: Vec::with_capacity(peak_agents),
            agent_handled: Vec::with_capacity(peak_agents),
            free_agent_slots: Vec::new(),
            lines_busy: 0,
            fewest_calls,
            uses: Uses::of(model),
            volume_factor,
            attempts: 0,
            now: 0.0,
            closed: false,
            events_done: 0,
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
        for source in 0..self.next_arrival.len() {
            self.schedule_next_arrival(source, 0.0);
        }

        let limit = model.work_limit;
        while !self.closed {
            self.events_done += 1;
            if self.events_done > limit {
                break;
            }
            let (arrival_time, arrival_seq, arrival_source) = self.earliest_arrival();
            let arrival_first = match self.events.peek_key() {
                None => arrival_source.is_some(),
                Some((time, seq)) => {
                    arrival_source.is_some()
                        && (arrival_time < time || (arrival_time == time && arrival_seq < seq))
                }
            };
            if arrival_first {
                self.now = arrival_time;
                self.poisson_arrival(arrival_source.expect("checked"), observer);
                continue;
            }
            let Some(event) = self.events.pop() else {
                break;
            };
            self.now = event.time;
            // The two frequent kinds are tested first, with plain branches: a
            // jump table over every kind mispredicts on their random mix.
            if let EventKind::AgentFree { agent } = event.kind {
                self.agent_finished(agent, observer);
            } else if let EventKind::Abandon { call, generation } = event.kind {
                self.abandon(call, generation, observer);
            } else {
                self.rare_event(event.kind, observer);
            }
        }
        if self.events_done <= limit {
            self.after_closing(observer);
        }

        for c in 0..model.call_types.len() {
            while let Some(call) = self.queues.pop_front(c) {
                observer.unfinished(self.now, c, call.arrival_s);
            }
            while let Some(request) = self.callbacks.pop_front(c) {
                observer.callback_unserved(self.now, c, request.arrival_s);
            }
        }
        observer.finished(self.now);
        ReplicationOutcome {
            calls: self.attempts,
            end_s: self.now,
        }
    }

    fn abandon<O: Observer>(&mut self, call: u32, generation: u32, observer: &mut O) {
        if let Some(gone) = self.queues.remove(call, generation) {
            observer.abandoned(self.now, gone.call_type, gone.arrival_s);
            if gone.holds_line {
                self.release_line();
            }
            self.maybe_retry(gone.origin, gone.caller);
        }
    }

    /// After closing: the callers still in the center are served (or drop
    /// out), and the replication ends when the last caller has left and the
    /// last agent is done. Events that would change nothing (the patience of
    /// a caller already answered, a repeat call after closing) are skipped
    /// without moving the clock, so they cannot stretch the day or keep
    /// agents present.
    fn after_closing<O: Observer>(&mut self, observer: &mut O) {
        while !self.center_empty() {
            self.events_done += 1;
            if self.events_done > self.model.work_limit {
                break;
            }
            let Some(event) = self.events.pop() else {
                break;
            };
            let live = match event.kind {
                EventKind::Abandon { call, generation }
                | EventKind::Overflow {
                    call, generation, ..
                } => self.queues.get(call, generation).is_some(),
                EventKind::Return { .. } | EventKind::Boundary { .. } => false,
                EventKind::AgentFree { .. } | EventKind::IvrStep { .. } | EventKind::LineFree => {
                    true
                }
            };
            if !live {
                continue;
            }
            self.now = event.time;
            match event.kind {
                EventKind::AgentFree { agent } => self.agent_finished(agent, observer),
                EventKind::Abandon { call, generation } => self.abandon(call, generation, observer),
                kind => self.rare_event(kind, observer),
            }
            self.log_off_agents_without_work(observer);
        }
    }

    /// Nobody waits, nobody is in the IVR, no callback is due and no agent is present.
    fn center_empty(&self) -> bool {
        self.queues.is_empty()
            && self.callbacks_pending == 0
            && self.ivr.len() == self.free_ivr_slots.len()
            && self.groups.iter().all(|g| g.present == 0)
    }

    /// Whether an agent of `group` may still have a caller to take after
    /// closing: one waiting for its skills, a callback due, or (when waiting
    /// callers are served) a caller still in the IVR.
    fn work_left_for(&self, group: GroupId) -> bool {
        if self.model.after_close == AfterClose::Serve && self.ivr.len() > self.free_ivr_slots.len()
        {
            return true;
        }
        self.model.groups[group]
            .skills
            .iter()
            .any(|&c| self.queues.len(c) > 0 || self.callbacks.len(c) > 0)
    }

    /// After closing, idle agents with nothing left to take log off at once:
    /// no agent idles waiting for colleagues.
    fn log_off_agents_without_work<O: Observer>(&mut self, observer: &mut O) {
        for group in 0..self.groups.len() {
            if self.groups[group].idle.len() == 0 || self.work_left_for(group) {
                continue;
            }
            let state = &mut self.groups[group];
            while let Some(agent) = state.idle.pop() {
                self.free_agent_slots.push(agent);
                state.present -= 1;
            }
            observer.agents_changed(self.now, group, state.present);
        }
    }

    /// Events other than agents freed and callers hanging up.
    fn rare_event<O: Observer>(&mut self, kind: EventKind, observer: &mut O) {
        match kind {
            EventKind::AgentFree { .. } | EventKind::Abandon { .. } => {
                unreachable!("handled in the event loop")
            }
            EventKind::Boundary { interval } => self.boundary(interval as usize, observer),
            EventKind::Overflow {
                call,
                generation,
                delay,
            } => self.overflow(call, generation, delay as usize, observer),
            EventKind::IvrStep { caller } => self.ivr_step(caller, observer),
            EventKind::LineFree => self.release_line(),
            EventKind::Return { slot } => {
                let back = self.returns[slot as usize];
                self.free_return_slots.push(slot);
                // No new calls after closing: a caller calling back then finds it closed.
                if self.now < self.model.horizon_s() {
                    let repeat = if back.recontact {
                        Repeat::Recontact
                    } else {
                        Repeat::Retrial
                    };
                    self.call_from(back.source as usize, back.caller, repeat, observer);
                }
            }
        }
    }

    #[inline]
    fn earliest_arrival(&self) -> (f64, u64, Option<usize>) {
        let mut best = (f64::INFINITY, u64::MAX, None);
        for (source, &(time, seq)) in self.next_arrival.iter().enumerate() {
            if time < best.0 || (time == best.0 && seq < best.1) {
                best = (time, seq, Some(source));
            }
        }
        if best.0.is_infinite() {
            (best.0, best.1, None)
        } else {
            best
        }
    }

    /// Draws the next Poisson arrival of `source` after `from`, restarting
    /// the clock at each interval boundary with that interval's rate (exact,
    /// since the exponential is memoryless).
    fn schedule_next_arrival(&mut self, source: usize, from: f64) {
        let model = self.model;
        let types = model.call_types.len();
        let (rates, rng) = if source < types {
            (
                &model.call_types[source].rate_per_s,
                &mut self.streams[source].arrivals,
            )
        } else {
            (
                &model.entries[source - types].rate_per_s,
                &mut self.entry_streams[source - types].arrivals,
            )
        };
        let mut k = self.arrival_interval[source];
        let mut t = from;
        while k < model.intervals {
            let end = (k + 1) as f64 * model.interval_s;
            let rate = rates[k] * self.volume_factor;
            if rate > 0.0 {
                let gap: f64 = rand_distr::Exp1.sample(rng);
                let next = t + gap / rate;
                if next < end {
                    self.arrival_interval[source] = k;
                    self.next_arrival[source] = (next, self.events.take_seq());
                    return;
                }
            }
            t = end;
            k += 1;
        }
        self.arrival_interval[source] = k;
        self.next_arrival[source] = (f64::INFINITY, u64::MAX);
    }

    /// A first attempt from the Poisson stream of `source`.
    #[inline(always)]
    fn poisson_arrival<O: Observer>(&mut self, source: usize, observer: &mut O) {
        let t = self.now;
        self.schedule_next_arrival(source, t);
        let types = self.model.call_types.len();
        if source < types {
            let attributes = self.draw_attributes(source);
            let caller = Caller {
                id: if self.model.callers_return {
                    self.streams[source].callers.random()
                } else {
                    0
                },
                attempt: 0,
            };
            let spec = &self.model.call_types[source];
            // Drawn for every call, avoided or not, so the callers left are the
            // same ones whatever the share avoided (common random numbers).
            if spec.any_proactive {
                let u: f64 = self.streams[source].proactive.random();
                if u < spec.proactive[self.model.interval_at(t)] {
                    observer.proactive_avoided(t, source);
                    return;
                }
            }
            self.direct_call(source, attributes, caller, Repeat::First, observer);
        } else {
            let entry = source - types;
            // Drawn whether or not a line is free, so blocking does not shift
            // the identities of the callers after.
            let caller = Caller {
                id: self.entry_streams[entry].callers.random(),
                attempt: 0,
            };
            self.entry_call(entry, caller, Repeat::First, observer);
        }
    }

    /// A repeat attempt of `caller` at `source` (a call type, then entries, by index).
    fn call_from<O: Observer>(
        &mut self,
        source: usize,
        caller: Caller,
        repeat: Repeat,
        observer: &mut O,
    ) {
        let types = self.model.call_types.len();
        if source < types {
            // From the caller's own stream: the type's streams stay with first callers.
            let mut rng = caller_stream(caller.id, caller.attempt, CallerPurpose::Attributes);
            let attributes = Attributes::draw(&self.model.call_types[source], &mut rng);
            self.direct_call(source, attributes, caller, repeat, observer);
        } else {
            self.entry_call(source - types, caller, repeat, observer);
        }
    }

    /// Every attribute is drawn at arrival, from the call type's own streams,
    /// whatever happens next: scenarios that differ in staffing see the same callers.
    #[inline(always)]
    fn draw_attributes(&mut self, call_type: CallTypeId) -> Attributes {
        let spec = &self.model.call_types[call_type];
        let streams = &mut self.streams[call_type];
        Attributes {
            talk_s: spec.handle.sample(&mut streams.handle),
            patience_s: spec
                .patience
                .as_ref()
                .map(|d| d.sample(&mut streams.patience)),
            after_call_work_s: spec
                .after_call_work
                .as_ref()
                .map_or(0.0, |d| d.sample(&mut streams.after_call_work)),
            callback_u: if spec.callback.is_some() {
                streams.callback.random()
            } else {
                1.0
            },
        }
    }

    /// Takes a trunk line if one is free (always, without a trunk limit).
    #[inline(always)]
    fn take_line(&mut self) -> bool {
        match self.model.trunks {
            None => true,
            Some(lines) if self.lines_busy < lines => {
                self.lines_busy += 1;
                true
            }
            Some(_) => false,
        }
    }

    #[inline]
    fn release_line(&mut self) {
        if self.model.trunks.is_some() {
            self.lines_busy -= 1;
        }
    }

    #[inline(always)]
    fn direct_call<O: Observer>(
        &mut self,
        call_type: CallTypeId,
        attributes: Attributes,
        caller: Caller,
        repeat: Repeat,
        observer: &mut O,
    ) {
        let t = self.now;
        self.attempts += 1;
        observer.attempt(t, Source::CallType(call_type), repeat);
        if !self.take_line() {
            observer.blocked(t, Source::CallType(call_type));
            self.maybe_retry(call_type as u32, caller);
            return;
        }
        self.offer(
            call_type,
            attributes,
            call_type as u32,
            caller,
            repeat,
            observer,
        );
    }

    fn entry_call<O: Observer>(
        &mut self,
        entry: usize,
        caller: Caller,
        repeat: Repeat,
        observer: &mut O,
    ) {
        let t = self.now;
        let types = self.model.call_types.len();
        self.attempts += 1;
        observer.attempt(t, Source::Entry(entry), repeat);
        if !self.take_line() {
            observer.blocked(t, Source::Entry(entry));
            self.maybe_retry((types + entry) as u32, caller);
            return;
        }
        let caller = IvrCaller {
            entry,
            node: self.model.entries[entry].first_node,
            entered_s: t,
            repeat,
            caller,
            rng: caller_stream(caller.id, caller.attempt, CallerPurpose::Path),
        };
        let slot = match self.free_ivr_slots.pop() {
            Some(slot) => {
                self.ivr[slot as usize] = caller;
                slot
            }
            None => {
                self.ivr.push(caller);
                (self.ivr.len() - 1) as u32
            }
        };
        self.ivr_listen(slot, observer);
    }

    /// The caller in IVR slot `slot` starts its current node's prompt.
    fn ivr_listen<O: Observer>(&mut self, slot: u32, observer: &mut O) {
        let caller = &mut self.ivr[slot as usize];
        observer.ivr_visit(self.now, caller.entry, caller.node);
        let prompt = self.model.ivr_nodes[caller.node]
            .prompt
            .sample(&mut caller.rng);
        self.events
            .schedule(self.now + prompt, EventKind::IvrStep { caller: slot });
    }

    fn ivr_step<O: Observer>(&mut self, slot: u32, observer: &mut O) {
        let t = self.now;
        let model = self.model;
        let caller = &mut self.ivr[slot as usize];
        let u: f64 = caller.rng.random();
        let (entry, entered_s, repeat, who) =
            (caller.entry, caller.entered_s, caller.repeat, caller.caller);
        match model.ivr_nodes[caller.node].choose(u) {
            IvrTarget::Node(next) => {
                caller.node = next;
                self.ivr_listen(slot, observer);
            }
            IvrTarget::Queue(call_type) => {
                // Attributes from the caller's own stream, apart from its path:
                // another menu changes neither the other callers nor this one.
                let mut rng = caller_stream(who.id, who.attempt, CallerPurpose::Attributes);
                let attributes = Attributes::draw(&model.call_types[call_type], &mut rng);
                self.free_ivr_slots.push(slot);
                observer.ivr_exit(t, entry, entered_s, IvrExit::Queue(call_type));
                if self.closed && model.after_close == AfterClose::Drop {
                    // The queues closed while this caller was in the menus.
                    observer.arrival(t, call_type, repeat);
                    observer.queued(t, call_type, 1);
                    observer.dropped(t, call_type, t);
                    self.release_line();
                    return;
                }
                let origin = (model.call_types.len() + entry) as u32;
                self.offer(call_type, attributes, origin, who, repeat, observer);
            }
            exit @ (IvrTarget::SelfService | IvrTarget::HangUp) => {
                self.free_ivr_slots.push(slot);
                self.release_line();
                let exit = if exit == IvrTarget::SelfService {
                    IvrExit::SelfService
                } else {
                    IvrExit::HangUp
                };
                observer.ivr_exit(t, entry, entered_s, exit);
            }
        }
    }

    /// A call reaches `call_type`'s queue: answered at once, offered a
    /// callback, or put in the queue.
    #[inline(always)]
    fn offer<O: Observer>(
        &mut self,
        call_type: CallTypeId,
        attributes: Attributes,
        origin: u32,
        caller: Caller,
        repeat: Repeat,
        observer: &mut O,
    ) {
        let t = self.now;
        observer.arrival(t, call_type, repeat);
        let call = WaitingCall {
            call_type,
            arrival_s: t,
            talk_s: attributes.talk_s,
            after_call_work_s: attributes.after_call_work_s,
            origin,
            caller,
            holds_line: true,
        };
        let view = View {
            groups: &self.groups,
            queues: &self.queues,
            now: t,
        };
        if let Some(group) = self.router.group_for_call(call_type, 0.0, &view) {
            let agent = self.groups[group]
                .idle
                .pop()
                .expect("router chose a group with an idle agent");
            self.answer(call, group, agent, false, observer);
            return;
        }
        if self.uses.callbacks
            && let Some(callback) = self.model.call_types[call_type].callback
            && self.expected_wait_s(call_type) > callback.offer_when_wait_s
        {
            observer.callback_offered(t, call_type);
            if attributes.callback_u < callback.accept {
                observer.callback_accepted(t, call_type, t);
                self.release_line();
                self.callbacks.push_back(WaitingCall {
                    holds_line: false,
                    ..call
                });
                self.callbacks_pending += 1;
                return;
            }
        }
        let (slot, generation) = self.queues.push_back(call);
        if let Some(patience) = attributes.patience_s {
            self.events.schedule(
                t + patience,
                EventKind::Abandon {
                    call: slot,
                    generation,
                },
            );
        }
        if self.uses.overflow {
            for (delay_index, &delay) in self.model.overflow_delays[call_type].iter().enumerate() {
                self.events.schedule(
                    t + delay,
                    EventKind::Overflow {
                        call: slot,
                        generation,
                        delay: delay_index as u32,
                    },
                );
            }
        }
        observer.queued(t, call_type, self.queues.len(call_type));
    }

    /// The wait a caller joining `call_type`'s queue now can expect, as an ACD
    /// announces it: callers ahead (plus this one) × mean handle time / agents
    /// present in the groups serving the type.
    fn expected_wait_s(&self, call_type: CallTypeId) -> f64 {
        let agents: u32 = self.model.groups_for_type[call_type]
            .iter()
            .map(|&g| self.groups[g].present)
            .sum();
        let ahead = self.queues.len(call_type) as f64 + 1.0;
        ahead * self.model.call_types[call_type].mean_handle_s / f64::from(agents.max(1))
    }

    /// A queued call has waited one of its type's overflow delays: a group
    /// that takes it after that wait may answer it now.
    fn overflow<O: Observer>(
        &mut self,
        slot: u32,
        generation: u32,
        delay: usize,
        observer: &mut O,
    ) {
        let Some(&call) = self.queues.get(slot, generation) else {
            return;
        };
        let waited = self.model.overflow_delays[call.call_type][delay];
        let view = View {
            groups: &self.groups,
            queues: &self.queues,
            now: self.now,
        };
        if let Some(group) = self.router.group_for_call(call.call_type, waited, &view) {
            let call = self
                .queues
                .remove(slot, generation)
                .expect("checked waiting");
            let agent = self.groups[group]
                .idle
                .pop()
                .expect("router chose a group with an idle agent");
            self.answer(call, group, agent, true, observer);
        }
    }

    #[inline(always)]
    fn answer<O: Observer>(
        &mut self,
        call: WaitingCall,
        group: GroupId,
        agent: u32,
        from_queue: bool,
        observer: &mut O,
    ) {
        let t = self.now;
        let (talk_s, after_call_work_s) = if self.uses.handle_factors {
            let factor = self.model.groups[group].handle_factor[call.call_type];
            (call.talk_s * factor, call.after_call_work_s * factor)
        } else {
            (call.talk_s, call.after_call_work_s)
        };
        self.events.schedule(
            t + talk_s + after_call_work_s,
            EventKind::AgentFree { agent },
        );
        if call.holds_line && self.model.trunks.is_some() {
            self.events.schedule(t + talk_s, EventKind::LineFree);
        }
        if self.fewest_calls {
            self.agent_handled[agent as usize] += 1;
        }
        let answered = Answered {
            call_type: call.call_type,
            group,
            agent,
            arrival_s: call.arrival_s,
            wait_s: t - call.arrival_s,
            talk_s,
            after_call_work_s,
            from_queue,
        };
        if !call.holds_line {
            observer.callback_served(t, &answered);
            return;
        }
        observer.answered(t, &answered);
        if !self.uses.recontacts {
            return;
        }
        if let Some(recontact) = &self.model.call_types[call.call_type].recontact {
            let rng = &mut caller_stream(
                call.caller.id,
                call.caller.attempt,
                CallerPurpose::Recontact,
            );
            let u: f64 = rng.random();
            let delay = recontact.delay.sample(rng);
            if u >= recontact.fcr {
                observer.recontact_planned(t, call.call_type, call.arrival_s);
                self.schedule_return(t + talk_s + delay, call.origin, call.caller, true);
            }
        }
    }

    /// A caller who hung up in the queue or got a busy signal at `source`
    /// may call again there after a delay: decided from its own stream.
    #[inline]
    fn maybe_retry(&mut self, source: u32, caller: Caller) {
        let model = self.model;
        let types = model.call_types.len();
        let s = source as usize;
        let retry = if s < types {
            &model.call_types[s].retry
        } else {
            &model.entries[s - types].retry
        };
        let Some(retry) = retry else { return };
        let rng = &mut caller_stream(caller.id, caller.attempt, CallerPurpose::Retry);
        let u: f64 = rng.random();
        let delay = retry.delay.sample(rng);
        if u < retry.prob {
            self.schedule_return(self.now + delay, source, caller, false);
        }
    }

    /// `caller` calls again at `source` at time `t`, as its next attempt.
    fn schedule_return(&mut self, t: f64, source: u32, caller: Caller, recontact: bool) {
        let back = Return {
            source,
            caller: Caller {
                id: caller.id,
                attempt: caller.attempt.saturating_add(1),
            },
            recontact,
        };
        let slot = match self.free_return_slots.pop() {
            Some(slot) => {
                self.returns[slot as usize] = back;
                slot
            }
            None => {
                self.returns.push(back);
                (self.returns.len() - 1) as u32
            }
        };
        self.events.schedule(t, EventKind::Return { slot });
    }

    #[inline]
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

    /// A free agent takes the waiting call the router picks, else the oldest
    /// callback among its skills, else goes idle.
    #[inline]
    fn agent_available<O: Observer>(&mut self, group: GroupId, agent: u32, observer: &mut O) {
        let view = View {
            groups: &self.groups,
            queues: &self.queues,
            now: self.now,
        };
        if let Some(call_type) = self.router.call_for_agent(group, &view) {
            let call = self
                .queues
                .pop_front(call_type)
                .expect("router chose a non-empty queue");
            self.answer(call, group, agent, true, observer);
            return;
        }
        if self.callbacks_pending > 0
            && let Some(call_type) = self.callback_for(group)
        {
            let request = self
                .callbacks
                .pop_front(call_type)
                .expect("a pending callback");
            self.callbacks_pending -= 1;
            self.answer(request, group, agent, true, observer);
            return;
        }
        let handled = if self.fewest_calls {
            self.agent_handled[agent as usize]
        } else {
            0
        };
        self.groups[group].idle.push(agent, handled);
    }

    /// The call type of the oldest callback `group` may make: among its
    /// skills, keeping its reserved agents for their types.
    fn callback_for(&self, group: GroupId) -> Option<CallTypeId> {
        let spec = &self.model.groups[group];
        let mut best: Option<(CallTypeId, f64)> = None;
        for &c in &spec.skills {
            let Some(requested) = self.callbacks.front_arrival(c) else {
                continue;
            };
            if let Some((keep, reserved)) = &spec.reserve
                && !reserved[c]
                && self.groups[group].idle.len() < *keep as usize
            {
                continue;
            }
            if best.is_none_or(|(_, r)| requested < r) {
                best = Some((c, requested));
            }
        }
        best.map(|(c, _)| c)
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
        self.closed = true;
        if model.after_close == AfterClose::Drop {
            for c in 0..model.call_types.len() {
                while let Some(call) = self.queues.pop_front(c) {
                    observer.dropped(self.now, c, call.arrival_s);
                    if call.holds_line {
                        self.release_line();
                    }
                }
                while let Some(request) = self.callbacks.pop_front(c) {
                    observer.callback_unserved(self.now, c, request.arrival_s);
                }
            }
            self.callbacks_pending = 0;
        }
        self.log_off_agents_without_work(observer);
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
                        self.agent_handled[slot as usize] = 0;
                        slot
                    }
                    None => {
                        self.agent_group.push(group);
                        self.agent_handled.push(0);
                        (self.agent_group.len() - 1) as u32
                    }
                };
                self.agent_available(group, agent, observer);
            }
        } else if target < state.scheduled {
            let mut going = state.scheduled - target;
            state.scheduled = target;
            while going > 0 {
                let Some(agent) = state.idle.pop() else {
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
