//! The event loop: the next Poisson arrival or the next event, whichever
//! comes first by (time, seq), until a day closes; through a night the
//! callers still in the center are served (or drop out) until the next day
//! opens; after the last closing, until the last caller has left and the
//! last agent is done.

use super::events::{EventKind, Next, split};
use super::{Engine, ReplicationOutcome, Router};
use crate::model::{AgentId, SourceId};
use crate::observe::{Observation, Observer};

/// The next thing to happen, by kind.
#[derive(Debug, Clone, Copy)]
enum Step {
    Arrival(SourceId),
    Abandon,
    Event(Next),
}

impl<R: Router> Engine<'_, R> {
    /// The step with the smallest (time, seq) key: a Poisson arrival, a
    /// caller hanging up, or an event; `None` when nothing is left.
    #[inline(always)]
    fn next_step(&mut self) -> Option<(u128, Step)> {
        let mut best = self
            .events
            .peek()
            .map(|(key, next)| (key, Step::Event(next)));
        if let Some(key) = self.queues.next_deadline()
            && best.is_none_or(|(b, _)| key < b)
        {
            best = Some((key, Step::Abandon));
        }
        if let Some((key, source)) = self.sources.next_key()
            && best.is_none_or(|(b, _)| key < b)
        {
            best = Some((key, Step::Arrival(source)));
        }
        best
    }

    pub(super) fn run<O: Observer>(&mut self, observer: &mut O) -> ReplicationOutcome {
        let model = self.model;
        if self.uses().emails {
            self.start_backlog(observer);
        }
        observer.observe(0.0, Observation::IntervalStarted { interval: 0 });
        for g in model.group_ids() {
            self.set_staffing(g, model.group(g).staffing[0], observer);
        }
        self.start_arrivals();
        if self.uses().outbound {
            self.dial_up(observer);
        }

        while self.events_done <= model.work_limit {
            self.open_hours(observer);
            if self.events_done > model.work_limit {
                break;
            }
            if self.closed && !self.closed_for_good {
                self.night(observer);
                if self.closed && !self.closed_for_good {
                    // The night ran past the work limit.
                    break;
                }
                continue;
            }
            self.after_closing(observer);
            break;
        }

        for c in model.call_type_ids() {
            while let Some(call) = self.queues.pop_front(c) {
                let arrival_s = call.arrival_s;
                observer.observe(
                    self.now,
                    Observation::Unfinished {
                        call_type: c,
                        arrival_s,
                        caller: call.caller,
                        repeat: call.repeat,
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
                        caller: request.caller,
                        repeat: request.repeat,
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

    /// The center's open hours: every step until a day closes.
    fn open_hours<O: Observer>(&mut self, observer: &mut O) {
        let limit = self.model.work_limit;
        if self.uses().outbound && !self.closed {
            // The day opened (the staffing of its first interval is in).
            self.dial_up(observer);
        }
        while !self.closed {
            self.events_done += 1;
            if self.events_done > limit {
                return;
            }
            let Some((key, step)) = self.next_step() else {
                return;
            };
            self.now = split(key).0;
            // The frequent kinds are tested first, with plain branches: a
            // jump table over every kind mispredicts on their random mix.
            match step {
                Step::Event(Next::AgentFree(agent)) => {
                    self.events.take(Next::AgentFree(agent));
                    self.agent_finished(agent, observer);
                }
                Step::Arrival(source) => self.poisson_arrival(source, observer),
                Step::Abandon => self.abandon(observer),
                Step::Event(next) => {
                    self.events.take(next);
                    self.rare_event(next, observer);
                }
            }
            if self.uses().outbound && !self.closed {
                self.dial_up(observer);
            }
        }
    }

    /// After the last closing: the callers still in the center are served
    /// (or drop out), and the replication ends when the last caller has left
    /// and the last agent is done.
    fn after_closing<O: Observer>(&mut self, observer: &mut O) {
        while !self.center_empty() {
            self.events_done += 1;
            if self.events_done > self.model.work_limit {
                break;
            }
            let Some((key, step)) = self.next_step() else {
                break;
            };
            self.closed_step(key, step, observer);
        }
    }

    /// A night between two days: the callers still in the center are served
    /// (or drop out) as after the last closing, until the next day opens.
    /// A repeat call that falls in the night finds the center closed.
    fn night<O: Observer>(&mut self, observer: &mut O) {
        let mut emptied = false;
        loop {
            if !emptied && self.center_empty() {
                observer.observe(self.now, Observation::Emptied);
                emptied = true;
            }
            self.events_done += 1;
            if self.events_done > self.model.work_limit {
                return;
            }
            let Some((key, step)) = self.next_step() else {
                return;
            };
            if let Step::Event(next @ Next::Boundary(index)) = step {
                self.events.take(next);
                self.now = split(key).0;
                self.boundary(index, observer);
                if !self.closed || self.closed_for_good {
                    return;
                }
                continue;
            }
            self.closed_step(key, step, observer);
        }
    }

    /// One step while closed. Events that would change nothing (the
    /// patience of a caller already answered, a repeat call) are skipped
    /// without moving the clock, so they cannot stretch the day or keep
    /// agents present.
    fn closed_step<O: Observer>(&mut self, key: u128, step: Step, observer: &mut O) {
        let live = match step {
            Step::Event(next @ Next::Other(kind)) => {
                self.events.take(next);
                match kind {
                    EventKind::Overflow {
                        call, generation, ..
                    } => self.queues.get(call, generation).is_some(),
                    EventKind::Return { slot } => {
                        // A transfer is in the center; a repeat call finds it closed.
                        self.returns.is_transfer(slot) || {
                            self.returns.discard(slot);
                            false
                        }
                    }
                    EventKind::LineFree => true,
                    EventKind::ChatDone { agent, generation } => self
                        .chats
                        .is_current(AgentId::new(agent as usize), generation),
                    EventKind::DialEnd { campaign, .. } => {
                        // The dialer hung up at closing.
                        self.dialers.ring_ended(campaign as usize);
                        observer.observe(
                            self.now,
                            Observation::DialEnded {
                                campaign: campaign as usize,
                                reached: false,
                            },
                        );
                        false
                    }
                    EventKind::PartyGivesUp { campaign, party } => {
                        self.dialers.holds(campaign as usize, party)
                    }
                    EventKind::OutboundDone { .. } => true,
                    EventKind::LeadArrives { campaign } => {
                        // Closed: the lead waits on the list for the opening.
                        self.dialers.woken(campaign as usize);
                        false
                    }
                }
            }
            Step::Event(next) => {
                self.events.take(next);
                true
            }
            Step::Abandon | Step::Arrival(_) => true,
        };
        if !live {
            return;
        }
        self.now = split(key).0;
        match step {
            Step::Event(Next::AgentFree(agent)) => self.agent_finished(agent, observer),
            Step::Abandon => self.abandon(observer),
            Step::Event(next) => self.rare_event(next, observer),
            Step::Arrival(source) => self.poisson_arrival(source, observer),
        }
        self.log_off_agents_without_work(observer);
    }

    /// Nobody waits (but e-mails, which wait for the next day), nobody is in
    /// the IVR, no callback is due and no agent is present.
    fn center_empty(&self) -> bool {
        !self.calls_waiting()
            && !self.callbacks_pending()
            && self.ivr.callers() == 0
            && self.dialers.none_held()
            && !self.returns.transfers_on_the_way()
            && self.agents.none_present()
    }

    /// Events other than agents freed and callers hanging up.
    fn rare_event<O: Observer>(&mut self, next: Next, observer: &mut O) {
        match next {
            Next::AgentFree(_) => unreachable!("handled in the event loop"),
            Next::Boundary(index) => self.boundary(index, observer),
            Next::IvrStep(caller) => self.ivr_step(caller, observer),
            Next::Other(EventKind::Overflow {
                call,
                generation,
                delay,
            }) => self.overflow(call, generation, delay as usize, observer),
            Next::Other(EventKind::LineFree) => self.release_line(),
            Next::Other(EventKind::Return { slot }) => self.caller_returns(slot, observer),
            Next::Other(EventKind::ChatDone { agent, generation }) => {
                self.chat_done(AgentId::new(agent as usize), generation, observer);
            }
            Next::Other(EventKind::DialEnd { campaign, reached }) => {
                self.dial_ended(campaign as usize, reached, observer);
            }
            Next::Other(EventKind::PartyGivesUp { campaign, party }) => {
                self.party_gives_up(campaign as usize, party, observer);
            }
            Next::Other(EventKind::OutboundDone { campaign, agent }) => {
                self.outbound_done(campaign as usize, AgentId::new(agent as usize), observer);
            }
            // The dial-up after this step dials it.
            Next::Other(EventKind::LeadArrives { campaign }) => {
                self.dialers.woken(campaign as usize);
            }
        }
    }
}
