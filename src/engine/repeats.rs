//! Callers who come back, and callbacks. A caller who hangs up or gets a
//! busy signal may retry; one whose answered call did not solve the problem
//! recontacts; each decides from its own stream, so it is the same caller in
//! every scenario. A caller facing a long wait may accept a callback instead:
//! agents call back, oldest request first, when no caller of their skills
//! waits.

use rand::RngExt;

use super::arrivals::Attributes;
use super::events::EventKind;
use super::queues::{Caller, Contact};
use super::{Engine, Router};
use crate::model::{AgentId, CallTypeId, GroupId, SourceId};
use crate::observe::{Observation, Observer, Repeat};
use crate::random::{CallerPurpose, caller_stream};

/// A caller who will call again at `source`.
#[derive(Debug, Clone, Copy)]
struct Return {
    source: SourceId,
    caller: Caller,
    repeat: Repeat,
    /// When the caller first arrived (a transfer keeps it).
    first_arrival_s: f64,
}

/// Callers due to call again; `EventKind::Return` holds the slot.
#[derive(Debug, Default)]
pub(super) struct Returns {
    slots: Vec<Return>,
    free: Vec<u32>,
    /// Callers on their way to another call type's queue (transfers): they
    /// are in the center, so the day does not end before they arrive.
    transfers: u32,
}

impl Returns {
    /// The caller in `slot` will not call again: its slot is free.
    pub(super) fn discard(&mut self, slot: u32) {
        self.free.push(slot);
    }

    /// The caller in `slot` is being transferred (it is in the center: a
    /// closing does not stop it).
    pub(super) fn is_transfer(&self, slot: u32) -> bool {
        self.slots[slot as usize].repeat == Repeat::Transfer
    }

    /// Whether a caller is on its way to another call type's queue.
    pub(super) fn transfers_on_the_way(&self) -> bool {
        self.transfers > 0
    }
}

impl<R: Router> Engine<'_, R> {
    /// A caller who hung up in the queue or got a busy signal at `source`
    /// may call again there after a delay: decided from its own stream.
    #[inline]
    pub(super) fn maybe_retry(&mut self, source: SourceId, caller: Caller) {
        let Some(retry) = self.model.retry(source) else {
            return;
        };
        let rng = &mut caller_stream(caller.id, caller.attempt, CallerPurpose::Retry);
        let u: f64 = rng.random();
        let delay = retry.delay.sample(rng);
        if u < retry.prob {
            let to = retry
                .to
                .map_or(source, |c| SourceId::CallType(CallTypeId::new(c)));
            self.schedule_return(self.now + delay, to, caller, Repeat::Retrial, self.now);
        }
    }

    /// The call type an agent transfers `call`'s caller to at the end of
    /// the talk, if any: decided from the caller's own stream.
    pub(super) fn transfer_of(&self, call: &Contact) -> Option<CallTypeId> {
        let transfers = &self.model.call_type(call.call_type).transfers;
        if transfers.is_empty() {
            return None;
        }
        let rng = &mut caller_stream(call.caller.id, call.caller.attempt, CallerPurpose::Transfer);
        let u: f64 = rng.random();
        transfers
            .iter()
            .find(|(cumulative, _)| u < *cumulative)
            .map(|&(_, to)| to)
    }

    /// `call`'s caller is handed to call type `to` at `t`, keeping its first arrival.
    pub(super) fn schedule_transfer(&mut self, t: f64, to: CallTypeId, call: &Contact) {
        self.schedule_return(
            t,
            SourceId::CallType(to),
            call.caller,
            Repeat::Transfer,
            call.first_arrival_s,
        );
    }

    /// `caller` calls again at `source` at time `t`, as its next attempt.
    pub(super) fn schedule_return(
        &mut self,
        t: f64,
        source: SourceId,
        caller: Caller,
        repeat: Repeat,
        first_arrival_s: f64,
    ) {
        let back = Return {
            source,
            caller: Caller {
                attempt: caller.attempt.saturating_add(1),
                ..caller
            },
            repeat,
            first_arrival_s,
        };
        let returns = &mut self.returns;
        if repeat == Repeat::Transfer {
            returns.transfers += 1;
        }
        let slot = match returns.free.pop() {
            Some(slot) => {
                returns.slots[slot as usize] = back;
                slot
            }
            None => {
                returns.slots.push(back);
                (returns.slots.len() - 1) as u32
            }
        };
        self.events.schedule(t, EventKind::Return { slot });
    }

    /// The caller in return slot `slot` calls again (unless the center has
    /// closed: it then finds it closed).
    pub(super) fn caller_returns<O: Observer>(&mut self, slot: u32, observer: &mut O) {
        let back = self.returns.slots[slot as usize];
        self.returns.discard(slot);
        let repeat = back.repeat;
        if repeat == Repeat::Transfer {
            self.returns.transfers -= 1;
        }
        if self.closed && repeat != Repeat::Transfer {
            return;
        }
        match back.source {
            SourceId::CallType(c) => {
                // From the caller's own stream: the type's streams stay with first callers.
                let caller = back.caller;
                let mut rng = caller_stream(caller.id, caller.attempt, CallerPurpose::Attributes);
                let spec = self.model.call_type(c);
                let mut attributes =
                    Attributes::draw(spec, &mut rng).at_interval_aht(spec, self.model, self.now);
                if repeat == Repeat::Transfer {
                    attributes.first_arrival_s = Some(back.first_arrival_s);
                }
                self.direct_call(c, attributes, caller, repeat, observer);
            }
            SourceId::Entry(e) => self.entry_call(e, back.caller, repeat, observer),
        }
    }

    /// Offers `call` a callback when the wait announced is above its type's
    /// threshold; `true` when the caller accepts (and hangs up).
    pub(super) fn offer_callback<O: Observer>(
        &mut self,
        call: Contact,
        accept_u: f64,
        observer: &mut O,
    ) -> bool {
        let t = self.now;
        let call_type = call.call_type;
        let Some(callback) = self.model.call_type(call_type).callback else {
            return false;
        };
        if self.expected_wait_s(call_type) <= callback.offer_when_wait_s {
            return false;
        }
        observer.observe(t, Observation::CallbackOffered { call_type });
        if accept_u >= callback.accept {
            return false;
        }
        observer.observe(
            t,
            Observation::CallbackAccepted {
                call_type,
                arrival_s: t,
                caller: call.caller,
                repeat: call.repeat,
            },
        );
        self.release_line();
        // A callback request waits for an agent without hanging up.
        self.callbacks.push_back(
            Contact {
                holds_line: false,
                ..call
            },
            None,
        );
        true
    }

    /// Whether a callback request waits for an agent.
    #[inline]
    pub(super) fn callbacks_pending(&self) -> bool {
        !self.callbacks.is_empty()
    }

    /// A free `agent` of `group` makes the oldest callback among its skills;
    /// `false` when there is none it may make.
    pub(super) fn make_callback<O: Observer>(
        &mut self,
        group: GroupId,
        agent: AgentId,
        observer: &mut O,
    ) -> bool {
        let Some(call_type) = self.callback_for(group) else {
            return false;
        };
        let request = self
            .callbacks
            .pop_front(call_type)
            .expect("a pending callback");
        self.answer(request, group, agent, true, observer);
        true
    }

    /// The call type of the oldest callback `group` may make: among its
    /// skills, keeping its reserved agents for their types.
    fn callback_for(&self, group: GroupId) -> Option<CallTypeId> {
        let spec = self.model.group(group);
        let mut best: Option<(CallTypeId, f64)> = None;
        for &c in &spec.skills {
            let Some(requested) = self.callbacks.front_arrival(c) else {
                continue;
            };
            if let Some((keep, reserved)) = &spec.reserve
                && !reserved[c.index()]
                && self.agents.idle_count(group) < *keep as usize
            {
                continue;
            }
            if best.is_none_or(|(_, r)| requested < r) {
                best = Some((c, requested));
            }
        }
        best.map(|(c, _)| c)
    }
}
