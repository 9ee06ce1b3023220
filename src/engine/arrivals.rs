//! Poisson arrivals: each call type and entry number has one pending arrival,
//! drawn interval by interval at that interval's rate; the pending arrivals
//! wait in a small heap of their own, whose top the event loop compares with
//! the event queue's (no scan over the sources per event). A first caller's
//! attributes come from its call type's streams, in arrival order.

use rand::RngExt;
use rand_distr::Distribution as _;

use super::events::key_of;
use super::queues::Caller;
use super::{Engine, Router};
use crate::model::{CallTypeId, CallTypeModel, Model, SourceId};
use crate::observe::{Observation, Observer, Repeat};
use crate::random::{Purpose, Stream, stream};

pub(super) struct CallTypeStreams {
    arrivals: Stream,
    handle: Stream,
    patience: Stream,
    after_call_work: Stream,
    proactive: Stream,
    callback: Stream,
    balk: Stream,
    /// An identity per first caller, drawn only when callers can come back.
    callers: Stream,
}

pub(super) struct EntryStreams {
    arrivals: Stream,
    /// An identity per first caller: its IVR path and attributes.
    callers: Stream,
}

/// A caller's attributes, drawn when the call arrives.
#[derive(Debug, Clone, Copy)]
pub(super) struct Attributes {
    pub(super) talk_s: f64,
    pub(super) patience_s: Option<f64>,
    pub(super) after_call_work_s: f64,
    /// Uniform draw deciding whether a callback offer is accepted.
    pub(super) callback_u: f64,
    /// Uniform draw deciding whether the caller balks at a long queue (1
    /// where its type has no balking: it never does).
    pub(super) balk_u: f64,
    /// When a transferred caller first arrived (`None`: it arrives now).
    pub(super) first_arrival_s: Option<f64>,
}

impl Attributes {
    /// Scales talk and after-call work to the AHT of the interval at `t`,
    /// where the call type has one per interval.
    #[inline]
    pub(super) fn at_interval_aht(mut self, spec: &CallTypeModel, model: &Model, t: f64) -> Self {
        if !spec.handle_scale.is_empty() {
            let scale = spec.handle_scale[model.interval_at(t)];
            self.talk_s *= scale;
            self.after_call_work_s *= scale;
        }
        self
    }

    /// Every attribute of a `spec` caller from one stream (a caller's own).
    /// The balking draw comes last, and only where the type balks: without
    /// it the other draws are those of a scenario without balking.
    pub(super) fn draw(spec: &CallTypeModel, rng: &mut Stream) -> Self {
        Self {
            talk_s: spec.handle.sample(rng),
            patience_s: spec.patience.as_ref().map(|d| d.sample(rng)),
            after_call_work_s: spec.after_call_work.as_ref().map_or(0.0, |d| d.sample(rng)),
            callback_u: rng.random(),
            balk_u: if spec.balk.is_some() {
                rng.random()
            } else {
                1.0
            },
            first_arrival_s: None,
        }
    }
}

/// The pending arrival of one source: (time bits, seq) as one key.
#[derive(Debug, Clone, Copy)]
struct Pending {
    key: u128,
    source: SourceId,
}

/// The arrivals to come and the streams they are drawn from.
pub(super) struct Sources {
    call_types: Vec<CallTypeStreams>,
    entries: Vec<EntryStreams>,
    /// Min-heap of the sources' next arrivals; a source with none left is out.
    pending: Vec<Pending>,
    /// Interval the arrival clock of each source is in (call types, then entries).
    interval: Vec<usize>,
    /// Multiplies every arrival rate in this replication (1 without overdispersion).
    volume_factor: f64,
}

impl Sources {
    pub(super) fn new(model: &Model, seed: u64, replication: u64) -> Self {
        let call_types = model
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
                    balk: stream(seed, replication, Purpose::Balk(k)),
                    callers: stream(seed, replication, Purpose::Callers(k)),
                }
            })
            .collect();
        let entries = model
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
        let sources = model.call_types.len() + model.entries.len();
        Self {
            call_types,
            entries,
            pending: Vec::with_capacity(sources),
            interval: vec![0; sources],
            volume_factor,
        }
    }

    /// The (time, seq) key of the next arrival, and its source.
    #[inline]
    pub(super) fn next_key(&self) -> Option<(u128, SourceId)> {
        self.pending.first().map(|p| (p.key, p.source))
    }

    fn slot(&self, source: SourceId) -> usize {
        match source {
            SourceId::CallType(c) => c.index(),
            SourceId::Entry(e) => self.call_types.len() + e.index(),
        }
    }

    /// Draws `source`'s next Poisson arrival after `from`, restarting the
    /// clock at each interval boundary with that interval's rate (exact, since
    /// the exponential is memoryless; nights have no arrivals); `None` when the
    /// last day has no more.
    fn draw_next(&mut self, model: &Model, source: SourceId, from: f64) -> Option<f64> {
        let slot = self.slot(source);
        let rates = model.rates(source);
        let rng = match source {
            SourceId::CallType(c) => &mut self.call_types[c.index()].arrivals,
            SourceId::Entry(e) => &mut self.entries[e.index()].arrivals,
        };
        let mut k = self.interval[slot];
        let mut t = from;
        let calendar = &model.calendar;
        while k < model.intervals {
            let end = calendar.end_s(k);
            let rate = rates[k] * self.volume_factor;
            if rate > 0.0 {
                let gap: f64 = rand_distr::Exp1.sample(rng);
                let next = t + gap / rate;
                if next < end {
                    self.interval[slot] = k;
                    return Some(next);
                }
            }
            k += 1;
            // The next interval's start: after a night, the next day's opening.
            t = calendar.start_s(k);
        }
        self.interval[slot] = k;
        None
    }

    /// Adds `source`'s first arrival of the day to the heap.
    fn start(&mut self, model: &Model, source: SourceId, seq: impl FnOnce() -> u64) {
        if let Some(t) = self.draw_next(model, source, 0.0) {
            self.pending.push(Pending {
                key: key_of(t, seq()),
                source,
            });
            let mut hole = self.pending.len() - 1;
            while hole > 0 {
                let parent = (hole - 1) / 2;
                if self.pending[parent].key <= self.pending[hole].key {
                    break;
                }
                self.pending.swap(hole, parent);
                hole = parent;
            }
        }
    }

    /// Replaces the top source's arrival (just taken) by its next one, or
    /// takes the source out when its day has no more.
    #[inline]
    fn advance_top(&mut self, model: &Model, from: f64, seq: impl FnOnce() -> u64) {
        let source = self.pending[0].source;
        match self.draw_next(model, source, from) {
            Some(t) => self.pending[0].key = key_of(t, seq()),
            None => {
                let last = self.pending.pop().expect("the top was there");
                if self.pending.is_empty() {
                    return;
                }
                self.pending[0] = last;
            }
        }
        // Sift the top down to its place.
        let len = self.pending.len();
        let mut hole = 0;
        loop {
            let left = 2 * hole + 1;
            if left >= len {
                break;
            }
            let right = left + 1;
            let child = if right < len && self.pending[right].key < self.pending[left].key {
                right
            } else {
                left
            };
            if self.pending[hole].key <= self.pending[child].key {
                break;
            }
            self.pending.swap(hole, child);
            hole = child;
        }
    }
}

impl<R: Router> Engine<'_, R> {
    /// Puts every source's first arrival of the day in the arrival queue.
    pub(super) fn start_arrivals(&mut self) {
        for source in self.model.sources() {
            let events = &mut self.events;
            self.sources.start(self.model, source, || events.take_seq());
        }
    }

    /// A first attempt from the top source of the arrival queue, at `self.now`.
    #[inline(always)]
    pub(super) fn poisson_arrival<O: Observer>(&mut self, source: SourceId, observer: &mut O) {
        let t = self.now;
        let events = &mut self.events;
        self.sources
            .advance_top(self.model, t, || events.take_seq());
        match source {
            SourceId::CallType(c) => self.first_direct_call(c, observer),
            SourceId::Entry(e) => {
                // Drawn whether or not a line is free, so blocking does not
                // shift the identities of the callers after.
                let caller = Caller {
                    id: self.sources.entries[e.index()].callers.random(),
                    attempt: 0,
                    number: self.next_caller_number(),
                };
                self.entry_call(e, caller, Repeat::First, observer);
            }
        }
    }

    /// A call type's first caller: attributes from the type's streams, then
    /// (common random numbers) the proactive draw whether or not it is avoided.
    #[inline(always)]
    pub(super) fn first_direct_call<O: Observer>(&mut self, c: CallTypeId, observer: &mut O) {
        let t = self.now;
        let attributes =
            self.draw_attributes(c)
                .at_interval_aht(self.model.call_type(c), self.model, t);
        let id = if self.model.callers_return {
            self.sources.call_types[c.index()].callers.random()
        } else {
            0
        };
        let spec = self.model.call_type(c);
        // Drawn for every call, avoided or not, so the callers left are the
        // same ones whatever the share avoided (common random numbers).
        if spec.any_proactive {
            let u: f64 = self.sources.call_types[c.index()].proactive.random();
            if u < spec.proactive[self.model.interval_at(t)] {
                observer.observe(t, Observation::ProactiveAvoided { call_type: c });
                return;
            }
        }
        let caller = Caller {
            id,
            attempt: 0,
            number: self.next_caller_number(),
        };
        self.direct_call(c, attributes, caller, Repeat::First, observer);
    }

    /// The next first caller's number (1 for the first): avoided calls take none.
    #[inline(always)]
    fn next_caller_number(&mut self) -> u32 {
        self.callers = self.callers.wrapping_add(1);
        self.callers
    }

    /// Every attribute is drawn at arrival, from the call type's own streams,
    /// whatever happens next: scenarios that differ in staffing see the same callers.
    #[inline(always)]
    fn draw_attributes(&mut self, call_type: CallTypeId) -> Attributes {
        let spec = self.model.call_type(call_type);
        let streams = &mut self.sources.call_types[call_type.index()];
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
            // A stream of its own: the other draws stay those of a scenario
            // without balking, so the same callers arrive (common random numbers).
            balk_u: if spec.balk.is_some() {
                streams.balk.random()
            } else {
                1.0
            },
            first_arrival_s: None,
        }
    }
}
