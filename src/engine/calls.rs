//! A call's way through the center: a line is taken (or the caller gets a
//! busy signal), the call is offered to the groups that may take it; a call
//! no agent answers at once may find its type's queue full (a busy signal)
//! or balk at the queue, else it waits in its type's queue (or accepts a
//! callback), and is answered by an agent or lost (the caller hangs up, or
//! the center closes). A free agent takes the waiting contact the router picks.

use rand::RngExt;

use super::arrivals::Attributes;
use super::events::{EventKind, key_of};
use super::queues::{Caller, Contact};
use super::{Engine, Router};
use crate::model::{AgentId, CallTypeId, Channel, GroupId, SourceId};
use crate::observe::{Observation, Observer, Repeat};
use crate::random::{CallerPurpose, caller_stream};

impl<R: Router> Engine<'_, R> {
    /// Takes a trunk line if one is free (always, without a trunk limit).
    #[inline(always)]
    pub(super) fn take_line(&mut self) -> bool {
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
    pub(super) fn release_line(&mut self) {
        if self.model.trunks.is_some() {
            self.lines_busy -= 1;
        }
    }

    /// A call straight to `call_type`'s queue (no IVR): a line, then the offer.
    #[inline(always)]
    pub(super) fn direct_call<O: Observer>(
        &mut self,
        call_type: CallTypeId,
        attributes: Attributes,
        caller: Caller,
        repeat: Repeat,
        observer: &mut O,
    ) {
        let source = SourceId::CallType(call_type);
        let channel = if self.uses().chats || self.uses().emails {
            self.model.call_type(call_type).channel
        } else {
            Channel::Voice
        };
        if channel == Channel::Chat {
            // A chat takes no trunk line.
            self.count_attempt(source, caller, repeat, observer);
            self.offer::<true, O>(call_type, attributes, source, caller, repeat, observer);
        } else if channel == Channel::Email {
            // Nor does an e-mail.
            self.count_attempt(source, caller, repeat, observer);
            self.offer::<false, O>(call_type, attributes, source, caller, repeat, observer);
        } else if self.admit(source, caller, repeat, observer) {
            self.offer::<false, O>(call_type, attributes, source, caller, repeat, observer);
        }
    }

    /// An attempt from `source`: counted, then a trunk line or a busy
    /// signal (and maybe a retry later); `true` when the call is in.
    #[inline(always)]
    pub(super) fn admit<O: Observer>(
        &mut self,
        source: SourceId,
        caller: Caller,
        repeat: Repeat,
        observer: &mut O,
    ) -> bool {
        let t = self.now;
        self.count_attempt(source, caller, repeat, observer);
        if self.take_line() {
            return true;
        }
        observer.observe(
            t,
            Observation::Blocked {
                source,
                caller,
                repeat,
            },
        );
        self.maybe_retry(source, caller);
        false
    }

    #[inline(always)]
    fn count_attempt<O: Observer>(
        &mut self,
        source: SourceId,
        caller: Caller,
        repeat: Repeat,
        observer: &mut O,
    ) {
        self.attempts += 1;
        observer.observe(
            self.now,
            Observation::Attempt {
                source,
                repeat,
                caller,
            },
        );
    }

    /// A call reaches `call_type`'s queue: answered at once, offered a
    /// callback, or put in the queue.
    /// `CHAT`: the call type comes by chat (the phone path is compiled without
    /// the chat's checks).
    #[inline(always)]
    pub(super) fn offer<const CHAT: bool, O: Observer>(
        &mut self,
        call_type: CallTypeId,
        attributes: Attributes,
        origin: SourceId,
        caller: Caller,
        repeat: Repeat,
        observer: &mut O,
    ) {
        let t = self.now;
        // Asked before the arrival is seen: a caller refused by a full queue
        // is not offered (a busy signal, as at the trunks).
        self.draw_route();
        let group = self.router.group_for_call(call_type, 0.0, &self.view());
        if group.is_none() && self.uses().arrival_limits && self.queue_full(call_type) {
            self.refuse(call_type, origin, caller, repeat, observer);
            return;
        }
        observer.observe(
            t,
            Observation::Arrival {
                call_type,
                repeat,
                caller,
                patience_s: attributes.patience_s,
            },
        );
        let channel = if CHAT {
            Channel::Chat
        } else if self.uses().emails {
            self.model.call_type(call_type).channel
        } else {
            Channel::Voice
        };
        let call = Contact {
            channel,
            call_type,
            arrival_s: t,
            talk_s: attributes.talk_s,
            after_call_work_s: attributes.after_call_work_s,
            origin,
            caller,
            repeat,
            holds_line: channel == Channel::Voice,
            first_arrival_s: attributes.first_arrival_s.unwrap_or(t),
        };
        if let Some(group) = group {
            if CHAT {
                self.take_chat(call, group, false, observer);
            } else {
                self.take_call(call, group, false, observer);
            }
            return;
        }
        if self.uses().arrival_limits && self.balks(call_type, attributes.balk_u) {
            observer.observe(
                t,
                Observation::Balked {
                    call_type,
                    waiting: self.queues.len(call_type),
                    caller,
                    repeat,
                },
            );
            self.release_line();
            // Like a caller who hangs up: it may call again.
            self.maybe_retry(origin, caller);
            return;
        }
        if self.uses().callbacks && self.offer_callback(call, attributes.callback_u, observer) {
            return;
        }
        let deadline = attributes
            .patience_s
            .map(|patience| key_of(t + patience, self.events.take_seq()));
        let (slot, generation) = self.queues.push_back(call, deadline);
        if self.uses().overflow {
            for (delay_index, &delay) in self.model.overflow_delays[call_type.index()]
                .iter()
                .enumerate()
            {
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
        let waiting = self.queues.len(call_type);
        observer.observe(t, Observation::Queued { call_type, waiting });
    }

    /// `call_type`'s queue holds its `max_waiting` callers: one more is refused.
    #[inline]
    fn queue_full(&self, call_type: CallTypeId) -> bool {
        self.model
            .call_type(call_type)
            .max_waiting
            .is_some_and(|most| self.queues.len(call_type) >= most as usize)
    }

    /// A caller who finds `when_waiting` or more of its type waiting leaves
    /// with the rule's probability, decided by its own draw `balk_u`.
    #[inline]
    fn balks(&self, call_type: CallTypeId, balk_u: f64) -> bool {
        self.model.call_type(call_type).balk.is_some_and(|b| {
            balk_u < b.prob && self.queues.len(call_type) >= b.when_waiting as usize
        })
    }

    /// A caller finds `call_type`'s queue full: a busy signal (its line is
    /// freed), and maybe a retry later, as when every trunk line is busy.
    fn refuse<O: Observer>(
        &mut self,
        call_type: CallTypeId,
        origin: SourceId,
        caller: Caller,
        repeat: Repeat,
        observer: &mut O,
    ) {
        observer.observe(
            self.now,
            Observation::QueueFull {
                call_type,
                caller,
                repeat,
            },
        );
        self.release_line();
        self.maybe_retry(origin, caller);
    }

    /// The wait a caller joining `call_type`'s queue now can expect, as an ACD
    /// announces it: callers ahead (plus this one) × mean handle time / agents
    /// present in the groups serving the type.
    pub(super) fn expected_wait_s(&self, call_type: CallTypeId) -> f64 {
        let agents: u32 = self
            .model
            .groups_for(call_type)
            .iter()
            .map(|&g| self.agents.present(g))
            .sum();
        let ahead = self.queues.len(call_type) as f64 + 1.0;
        ahead * self.model.call_type(call_type).mean_handle_s / f64::from(agents.max(1))
    }

    /// The waiting caller whose patience ends first hangs up.
    pub(super) fn abandon<O: Observer>(&mut self, observer: &mut O) {
        let gone = self.queues.pop_expired().expect("a caller's deadline came");
        observer.observe(
            self.now,
            Observation::Abandoned {
                call_type: gone.call_type,
                arrival_s: gone.arrival_s,
                caller: gone.caller,
                repeat: gone.repeat,
            },
        );
        if gone.holds_line {
            self.release_line();
        }
        self.maybe_retry(gone.origin, gone.caller);
    }

    /// A queued call has waited one of its type's overflow delays: a group
    /// that takes it after that wait may answer it now.
    pub(super) fn overflow<O: Observer>(
        &mut self,
        slot: u32,
        generation: u32,
        delay: usize,
        observer: &mut O,
    ) {
        let Some(&call) = self.queues.get(slot, generation) else {
            return;
        };
        let waited = self.model.overflow_delays[call.call_type.index()][delay];
        self.draw_route();
        if let Some(group) = self
            .router
            .group_for_call(call.call_type, waited, &self.view())
        {
            let call = self
                .queues
                .remove(slot, generation)
                .expect("checked waiting");
            if call.channel == Channel::Chat {
                self.take_chat(call, group, true, observer);
            } else {
                self.take_call(call, group, true, observer);
            }
        }
    }

    /// The idle agent of `group` the policy picks (the router chose the
    /// group) takes the phone call `call`.
    #[inline(always)]
    fn take_call<O: Observer>(
        &mut self,
        call: Contact,
        group: GroupId,
        from_queue: bool,
        observer: &mut O,
    ) {
        let agent = self
            .agents
            .pop_idle(group)
            .expect("router chose a group with an idle agent");
        self.answer(call, group, agent, from_queue, observer);
    }

    /// `agent` of `group` takes `call`: busy until talk and after-call work
    /// are done; the line is free when the talk ends.
    #[inline(always)]
    pub(super) fn answer<O: Observer>(
        &mut self,
        call: Contact,
        group: GroupId,
        agent: AgentId,
        from_queue: bool,
        observer: &mut O,
    ) {
        let t = self.now;
        // One test on the plain path for both ways a group changes it.
        let (talk_s, after_call_work_s) = if self.uses().group_handling {
            self.handled_by(group, &call)
        } else {
            (call.talk_s, call.after_call_work_s)
        };
        let free_s = t + talk_s + after_call_work_s;
        self.events.schedule_free(free_s, agent);
        let mut line_freed_with_agent = false;
        if call.holds_line && self.model.trunks.is_some() {
            let hung_up_s = t + talk_s;
            if hung_up_s == free_s {
                // The line would be freed by the very next event (same time,
                // the next seq): the agent's own completion frees it instead.
                line_freed_with_agent = true;
            } else {
                self.events.schedule(hung_up_s, EventKind::LineFree);
            }
        }
        self.agents.start_contact(agent, line_freed_with_agent);
        let mut answered = call.taken((group, agent), t, (talk_s, after_call_work_s), from_queue);
        if !call.holds_line && call.channel == Channel::Voice {
            observer.observe(t, Observation::CallbackServed(&answered));
            return;
        }
        if self.uses().transfers {
            answered.transferred_to = self.transfer_of(&call);
        }
        observer.observe(t, Observation::Answered(&answered));
        if let Some(to) = answered.transferred_to {
            // Handed over as the talk ends: not solved here, so no recontact.
            self.schedule_transfer(t + talk_s, to, &call);
        } else if self.uses().recontacts {
            self.maybe_recontact(&call, t + talk_s, observer);
        }
    }

    /// The talk and after-call work of `call` with an agent of `group`: the
    /// talk a draw from the group's own distribution for the type where it
    /// has one, else the caller's own (drawn at arrival from the type's);
    /// both times the group's `handle_factor` for the type.
    fn handled_by(&mut self, group: GroupId, call: &Contact) -> (f64, f64) {
        let c = call.call_type.index();
        let spec = self.model.group(group);
        let talk_s = match self
            .group_handles
            .get_mut(group.index() * self.model.call_types.len() + c)
        {
            Some(Some(rng)) => spec.handle[c]
                .as_ref()
                .expect("a stream where the group has its own distribution")
                .sample(rng),
            _ => call.talk_s,
        };
        let factor = spec.handle_factor[c];
        (talk_s * factor, call.after_call_work_s * factor)
    }

    /// An agent finished talk and after-call work: it leaves if its shift
    /// ended meanwhile, else it is available.
    #[inline]
    pub(super) fn agent_finished<O: Observer>(&mut self, agent: AgentId, observer: &mut O) {
        let group = self.agents.group_of(agent);
        let frees_line = self.agents.end_contact(agent);
        observer.observe(self.now, Observation::AgentFree { group, agent });
        let state = self.agents.group_state(group);
        if state.leaving > 0 {
            // Their shift ended while on this call.
            state.leaving -= 1;
            state.present -= 1;
            let present = state.present;
            self.agents.leave(agent);
            observer.observe(self.now, Observation::AgentsChanged { group, present });
        } else {
            self.agent_available(group, agent, observer);
        }
        if frees_line {
            // Where the LineFree event, scheduled right after this
            // completion for the same time, would have run.
            self.release_line();
        }
    }

    /// A free agent takes the waiting call the router picks, else the oldest
    /// callback among its skills, else goes idle.
    #[inline]
    pub(super) fn agent_available<O: Observer>(
        &mut self,
        group: GroupId,
        agent: AgentId,
        observer: &mut O,
    ) {
        if self.uses().outbound && self.take_held_party(group, agent, observer) {
            return;
        }
        if let Some(call_type) = self.router.call_for_agent(group, &self.view()) {
            let call = self
                .queues
                .pop_front(call_type)
                .expect("router chose a non-empty queue");
            if call.channel == Channel::Chat {
                self.answer_chat(call, group, agent, true, observer);
                self.fill_chats(group, agent, observer);
            } else {
                self.answer(call, group, agent, true, observer);
            }
            return;
        }
        if self.callbacks_pending() && self.make_callback(group, agent, observer) {
            return;
        }
        self.agents.push_idle(agent);
    }

    /// Draws whether an answered caller will call again (from its own stream:
    /// the same decision whatever the staffing), and when: `delay` after it
    /// hangs up at `hung_up_s`.
    pub(super) fn maybe_recontact<O: Observer>(
        &mut self,
        call: &Contact,
        hung_up_s: f64,
        observer: &mut O,
    ) {
        let Some(recontact) = &self.model.call_type(call.call_type).recontact else {
            return;
        };
        let rng = &mut caller_stream(
            call.caller.id,
            call.caller.attempt,
            CallerPurpose::Recontact,
        );
        let u: f64 = rng.random();
        let delay = recontact.delay.sample(rng);
        if u >= recontact.fcr {
            observer.observe(
                self.now,
                Observation::RecontactPlanned {
                    call_type: call.call_type,
                    arrival_s: call.arrival_s,
                },
            );
            self.schedule_return(
                hung_up_s + delay,
                call.origin,
                call.caller,
                Repeat::Recontact,
                hung_up_s + delay,
            );
        }
    }
}
