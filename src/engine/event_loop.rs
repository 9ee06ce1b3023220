//! The event loop: the next Poisson arrival or the next event, whichever
//! comes first by (time, seq), until closing; then the callers still in the
//! center are served (or drop out) until the last one has left and the last
//! agent is done.

use super::events::EventKind;
use super::{Engine, ReplicationOutcome, Router};
use crate::observe::{Observation, Observer};

impl<R: Router> Engine<'_, R> {
    pub(super) fn run<O: Observer>(&mut self, observer: &mut O) -> ReplicationOutcome {
        let model = self.model;
        for k in 1..=model.intervals {
            self.events.schedule(
                k as f64 * model.interval_s,
                EventKind::Boundary { interval: k as u32 },
            );
        }
        observer.observe(0.0, Observation::IntervalStarted { interval: 0 });
        for g in model.group_ids() {
            self.set_staffing(g, model.group(g).staffing[0], observer);
        }
        self.start_arrivals();

        let limit = model.work_limit;
        while !self.closed {
            self.events_done += 1;
            if self.events_done > limit {
                break;
            }
            if let Some((key, source)) = self.sources.next_key()
                && self.events.peek_raw_key().is_none_or(|event| key < event)
            {
                self.now = super::events::split(key).0;
                self.poisson_arrival(source, observer);
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

        for c in model.call_type_ids() {
            while let Some(call) = self.queues.pop_front(c) {
                let arrival_s = call.arrival_s;
                observer.observe(
                    self.now,
                    Observation::Unfinished {
                        call_type: c,
                        arrival_s,
                    },
                );
            }
            while let Some(request) = self.callbacks.pop_front(c) {
                let requested_s = request.arrival_s;
                observer.observe(
                    self.now,
                    Observation::CallbackUnserved {
                        call_type: c,
                        requested_s,
                    },
                );
            }
        }
        observer.observe(self.now, Observation::Finished);
        ReplicationOutcome {
            calls: self.attempts,
            end_s: self.now,
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
            && !self.callbacks_pending()
            && self.ivr.callers() == 0
            && self.agents.none_present()
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
            EventKind::Return { slot } => self.caller_returns(slot, observer),
        }
    }
}
