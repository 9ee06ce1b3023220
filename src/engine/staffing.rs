//! The schedule and the closing: at each interval boundary a group moves to
//! the agents the schedule asks for (new agents start at once; idle agents
//! leave at once, busy ones after their call); at each day's closing no new
//! call arrives, waiting callers are served or dropped as the scenario says,
//! and an agent with nothing left to take logs off at once; the next day's
//! opening brings the agents back.

use super::{Engine, Router};
use crate::model::{AfterClose, BoundaryKind, GroupId};
use crate::observe::{Observation, Observer};

impl<R: Router> Engine<'_, R> {
    /// The calendar's boundary `index`: an interval starts (on a new day
    /// the center opens again), or a day closes.
    pub(super) fn boundary<O: Observer>(&mut self, index: u32, observer: &mut O) {
        let model = self.model;
        let interval = match self.events.boundary(index) {
            BoundaryKind::IntervalStarts(interval) => interval,
            BoundaryKind::NightFalls => return self.close(observer),
            BoundaryKind::LastClose => {
                self.closed_for_good = true;
                return self.close(observer);
            }
        };
        if self.closed {
            self.reopen();
        }
        observer.observe(self.now, Observation::IntervalStarted { interval });
        for g in model.group_ids() {
            self.set_staffing(g, model.group(g).staffing[interval], observer);
        }
    }

    /// A day closes: no new call until the next opening, waiting callers
    /// are served or dropped as the scenario says.
    fn close<O: Observer>(&mut self, observer: &mut O) {
        observer.observe(self.now, Observation::Closed);
        self.closed = true;
        if self.model.after_close == AfterClose::Drop {
            self.drop_everyone_waiting(observer);
        }
        self.log_off_agents_without_work(observer);
    }

    /// The next day opens: the agents still serving the night's callers
    /// are the ones on shift, until the day's staffing moves them.
    fn reopen(&mut self) {
        self.closed = false;
        for g in self.model.group_ids() {
            let state = self.agents.group_state(g);
            state.scheduled = state.present;
            state.leaving = 0;
        }
        if self.uses().chats {
            self.keep_chat_agents();
        }
    }

    /// Moves `group` to `target` agents at `self.now`.
    pub(super) fn set_staffing<O: Observer>(
        &mut self,
        group: GroupId,
        target: u32,
        observer: &mut O,
    ) {
        let t = self.now;
        let state = self.agents.group_state(group);
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
            let present = state.present;
            observer.observe(t, Observation::AgentsChanged { group, present });
            for _ in 0..joining {
                let agent = self.agents.join(group);
                self.agent_available(group, agent, observer);
            }
        } else if target < state.scheduled {
            let mut going = state.scheduled - target;
            state.scheduled = target;
            while going > 0 {
                let Some(agent) = self.agents.pop_idle(group) else {
                    break;
                };
                self.agents.leave(agent);
                self.agents.group_state(group).present -= 1;
                going -= 1;
            }
            let state = self.agents.group_state(group);
            state.leaving += going;
            let present = state.present;
            observer.observe(t, Observation::AgentsChanged { group, present });
        }
    }

    /// At closing with `after_close = "drop"`: every waiting caller is
    /// dropped and every callback request left unmade.
    fn drop_everyone_waiting<O: Observer>(&mut self, observer: &mut O) {
        for c in self.model.call_type_ids() {
            if !self.dropped_at_closing(c) {
                continue;
            }
            while let Some(call) = self.queues.pop_front(c) {
                observer.observe(
                    self.now,
                    Observation::Dropped {
                        call_type: c,
                        arrival_s: call.arrival_s,
                        caller: call.caller,
                        repeat: call.repeat,
                    },
                );
                if call.holds_line {
                    self.release_line();
                }
            }
            while let Some(request) = self.callbacks.pop_front(c) {
                observer.observe(
                    self.now,
                    Observation::CallbackUnserved {
                        call_type: c,
                        requested_s: request.arrival_s,
                        caller: request.caller,
                        repeat: request.repeat,
                    },
                );
            }
        }
    }

    /// Whether an agent of `group` may still have a caller to take after
    /// closing: one waiting for its skills, a callback due, or (when waiting
    /// callers are served) a caller still in the IVR. E-mails wait for the
    /// next day.
    fn work_left_for(&self, group: GroupId) -> bool {
        if self.model.after_close == AfterClose::Serve && self.ivr.callers() > 0 {
            return true;
        }
        self.calls_waiting_for(group)
            || self
                .model
                .group(group)
                .skills
                .iter()
                .any(|&c| self.callbacks.len(c) > 0)
    }

    /// After closing, idle agents with nothing left to take log off at once:
    /// no agent idles waiting for colleagues.
    pub(super) fn log_off_agents_without_work<O: Observer>(&mut self, observer: &mut O) {
        for group in self.model.group_ids() {
            if self.agents.idle_count(group) == 0 || self.work_left_for(group) {
                continue;
            }
            while let Some(agent) = self.agents.pop_idle(group) {
                self.agents.leave(agent);
                self.agents.group_state(group).present -= 1;
            }
            let present = self.agents.present(group);
            observer.observe(self.now, Observation::AgentsChanged { group, present });
        }
    }
}
