//! Chats: an agent of a group with `max_chats = k` holds up to k chats at
//! once, and a chat goes slower the more its agent holds (its handle time is
//! multiplied by the group's `chat_handle_factor` at that level).
//!
//! Each chat carries the finish time it would have if its agent's level
//! stayed as it is; when the level changes, the time left is stretched by
//! the ratio of the two levels' factors (and left alone when they are
//! equal, so that one chat at a time at factor 1 finishes exactly when the
//! same call would). The agent's next finish is one `ChatDone` event; a
//! level change that moves it schedules a new one and bumps the agent's
//! generation, so the old one is skipped when it comes.
//!
//! A new chat goes to an idle agent of the group if there is one, else to
//! the agent holding the fewest chats (the longest at that level first):
//! agents holding some chats but fewer than k wait in one list per level.
//! An agent who holds chats takes no phone call; a phone call goes only to
//! an idle agent. An agent whose shift has ended takes no new chat and
//! leaves when its last one ends.

use super::events::EventKind;
use super::queues::Contact;
use super::{Engine, Router};
use crate::model::{AgentId, Channel, GroupId, Model};
use crate::observe::{Observation, Observer};

const NONE: u32 = u32::MAX;

/// A chat in progress.
#[derive(Debug, Clone, Copy)]
struct Chat {
    contact: Contact,
    started_s: f64,
    /// When it ends if its agent's level stays as it is.
    finish_s: f64,
    /// Talk and after-call work at the level it started at (with the
    /// group's proficiency): what it takes unless the level changes.
    talk_s: f64,
    after_call_work_s: f64,
    /// Its agent's level changed its pace since it started.
    restretched: bool,
}

/// One agent's chats and where it waits for more.
#[derive(Debug, Clone, Copy)]
struct Desk {
    held: u16,
    /// Bumped each time the agent's next finish is rescheduled.
    generation: u32,
    /// The chat whose finish is scheduled, and when.
    next: u16,
    next_finish_s: f64,
    /// Its shift ended: it takes no new chat and leaves when done.
    leaving: bool,
    /// In its group's list for its level (fewer than `max_chats` held).
    listed: bool,
    prev: u32,
    next_listed: u32,
}

const EMPTY_DESK: Desk = Desk {
    held: 0,
    generation: 0,
    next: 0,
    next_finish_s: f64::INFINITY,
    leaving: false,
    listed: false,
    prev: NONE,
    next_listed: NONE,
};

#[derive(Debug, Clone, Copy)]
struct Level {
    head: u32,
    tail: u32,
}

/// A group's agents who hold some chats and have room for more, by level.
#[derive(Debug)]
struct GroupLevels {
    /// `[held − 1]`, for 1 ≤ held < max_chats.
    levels: Vec<Level>,
    listed: usize,
}

#[derive(Debug)]
pub(super) struct ChatDesks {
    /// The most chats any agent may hold: the chats' stride per agent.
    per_agent: usize,
    chats: Vec<Chat>,
    desks: Vec<Desk>,
    groups: Vec<GroupLevels>,
}

impl ChatDesks {
    pub(super) fn new(model: &Model) -> Self {
        let per_agent = model
            .groups
            .iter()
            .map(|g| usize::from(g.max_chats))
            .max()
            .unwrap_or(1);
        let groups = model
            .groups
            .iter()
            .map(|g| GroupLevels {
                levels: vec![
                    Level {
                        head: NONE,
                        tail: NONE
                    };
                    usize::from(g.max_chats.max(1)) - 1
                ],
                listed: 0,
            })
            .collect();
        Self {
            per_agent,
            chats: Vec::new(),
            desks: Vec::new(),
            groups,
        }
    }

    /// Agents of `group` who hold chats and have room for one more.
    #[inline]
    pub(super) fn with_room(&self, group: GroupId) -> usize {
        self.groups[group.index()].listed
    }

    /// Whether `generation` is still `agent`'s current one (its `ChatDone` is not stale).
    #[inline]
    pub(super) fn is_current(&self, agent: AgentId, generation: u32) -> bool {
        self.desks
            .get(agent.index())
            .is_some_and(|d| d.generation == generation && d.held > 0)
    }

    fn desk(&mut self, agent: AgentId) -> &mut Desk {
        let i = agent.index();
        if i >= self.desks.len() {
            self.desks.resize(i + 1, EMPTY_DESK);
            self.chats.resize(
                (i + 1) * self.per_agent,
                Chat {
                    contact: EMPTY_CONTACT,
                    started_s: 0.0,
                    finish_s: 0.0,
                    talk_s: 0.0,
                    after_call_work_s: 0.0,
                    restretched: false,
                },
            );
        }
        &mut self.desks[i]
    }

    /// The agent of `group` holding the fewest chats (and some), out of its list.
    pub(super) fn pop_least_loaded(&mut self, group: GroupId) -> Option<AgentId> {
        let level = self.groups[group.index()]
            .levels
            .iter()
            .position(|l| l.head != NONE)?;
        let agent = AgentId::new(self.groups[group.index()].levels[level].head as usize);
        self.detach(agent, group);
        Some(agent)
    }

    /// Takes `agent` out of its group's list, if it is there.
    fn detach(&mut self, agent: AgentId, group: GroupId) {
        let Desk {
            listed,
            held,
            prev,
            next_listed,
            ..
        } = self.desks[agent.index()];
        if !listed {
            return;
        }
        let levels = &mut self.groups[group.index()];
        let level = &mut levels.levels[usize::from(held) - 1];
        if prev == NONE {
            level.head = next_listed;
        } else {
            self.desks[prev as usize].next_listed = next_listed;
        }
        if next_listed == NONE {
            level.tail = prev;
        } else {
            self.desks[next_listed as usize].prev = prev;
        }
        levels.listed -= 1;
        let desk = &mut self.desks[agent.index()];
        desk.listed = false;
        desk.prev = NONE;
        desk.next_listed = NONE;
    }

    /// Puts `agent` at the back of its level's list if it holds chats, has
    /// room for more and is not leaving.
    fn attach(&mut self, agent: AgentId, group: GroupId, max_chats: u16) {
        let desk = self.desks[agent.index()];
        if desk.listed || desk.leaving || desk.held == 0 || desk.held >= max_chats {
            return;
        }
        let levels = &mut self.groups[group.index()];
        let level = &mut levels.levels[usize::from(desk.held) - 1];
        let index = agent.index() as u32;
        let tail = level.tail;
        if tail == NONE {
            level.head = index;
        } else {
            self.desks[tail as usize].next_listed = index;
        }
        level.tail = index;
        levels.listed += 1;
        let desk = &mut self.desks[agent.index()];
        desk.listed = true;
        desk.prev = tail;
        desk.next_listed = NONE;
    }

    /// The chats of `agent`, held now.
    fn held(&mut self, agent: AgentId) -> &mut [Chat] {
        let held = usize::from(self.desks[agent.index()].held);
        let start = agent.index() * self.per_agent;
        &mut self.chats[start..start + held]
    }

    /// `agent`'s level goes from `from` to `to` factors at `now`: the time
    /// its chats have left is stretched by their ratio.
    fn stretch(&mut self, agent: AgentId, now: f64, from: f64, to: f64) {
        if from == to {
            return;
        }
        let ratio = to / from;
        for chat in self.held(agent) {
            chat.finish_s = now + (chat.finish_s - now) * ratio;
            chat.restretched = true;
        }
    }

    /// The chat of `agent` that ends first: (its place, its finish).
    fn first_finish(&mut self, agent: AgentId) -> (u16, f64) {
        let mut best = (0, f64::INFINITY);
        for (i, chat) in self.held(agent).iter().enumerate() {
            if chat.finish_s < best.1 {
                best = (i as u16, chat.finish_s);
            }
        }
        best
    }

    /// Agents of `group` whose shift ended while they held chats, flagged to
    /// leave: a new day's opening keeps them (its schedule moves them).
    pub(super) fn keep_leaving_agents(
        &mut self,
        group_of: impl Fn(AgentId) -> GroupId,
        model: &Model,
    ) {
        for i in 0..self.desks.len() {
            if self.desks[i].leaving && self.desks[i].held > 0 {
                self.desks[i].leaving = false;
                let agent = AgentId::new(i);
                let group = group_of(agent);
                self.attach(agent, group, model.group(group).max_chats);
            }
        }
    }
}

/// A placeholder for chat slots not in use.
const EMPTY_CONTACT: Contact = Contact {
    channel: Channel::Chat,
    call_type: crate::model::CallTypeId::new(0),
    arrival_s: 0.0,
    talk_s: 0.0,
    after_call_work_s: 0.0,
    origin: crate::model::SourceId::CallType(crate::model::CallTypeId::new(0)),
    caller: crate::observe::Caller {
        id: 0,
        attempt: 0,
        number: 0,
    },
    repeat: crate::observe::Repeat::First,
    holds_line: false,
    first_arrival_s: 0.0,
};

impl<R: Router> Engine<'_, R> {
    /// The agent of `group` who takes a new chat: an idle one, else the one
    /// holding the fewest chats. The router said the group has room.
    pub(super) fn chat_agent(&mut self, group: GroupId) -> AgentId {
        self.agents
            .pop_idle(group)
            .or_else(|| self.chats.pop_least_loaded(group))
            .expect("router chose a group with room for a chat")
    }

    /// An agent of `group` (the router chose the group) takes the chat
    /// `call`: an idle one, else the one holding the fewest chats.
    pub(super) fn take_chat<O: Observer>(
        &mut self,
        call: Contact,
        group: GroupId,
        from_queue: bool,
        observer: &mut O,
    ) {
        let agent = self.chat_agent(group);
        self.answer_chat(call, group, agent, from_queue, observer);
        self.fill_chats(group, agent, observer);
    }

    /// `agent` of `group` takes `call`, a chat: the agent's other chats slow
    /// to the new level, and it waits for more while it has room.
    pub(super) fn answer_chat<O: Observer>(
        &mut self,
        call: Contact,
        group: GroupId,
        agent: AgentId,
        from_queue: bool,
        observer: &mut O,
    ) {
        let t = self.now;
        let spec = self.model.group(group);
        let proficiency = if self.uses().handle_factors {
            spec.handle_factor[call.call_type.index()]
        } else {
            1.0
        };
        let (talk_s, after_call_work_s) = (
            call.talk_s * proficiency,
            call.after_call_work_s * proficiency,
        );
        let desks = &mut self.chats;
        let held = usize::from(desks.desk(agent).held);
        desks.detach(agent, group);
        let factor = spec.chat_factor[held];
        if held > 0 {
            desks.stretch(agent, t, spec.chat_factor[held - 1], factor);
        }
        let (talk_s, after_call_work_s) = (talk_s * factor, after_call_work_s * factor);
        // Written as the phone call's `t + talk + after-call work`.
        let finish_s = t + talk_s + after_call_work_s;
        let slot = agent.index() * desks.per_agent + held;
        desks.chats[slot] = Chat {
            contact: call,
            started_s: t,
            finish_s,
            talk_s,
            after_call_work_s,
            restretched: false,
        };
        desks.desks[agent.index()].held += 1;
        self.schedule_next_chat_end(agent);
        let mut answered = call.taken((group, agent), t, (talk_s, after_call_work_s), from_queue);
        if self.uses().transfers {
            answered.transferred_to = self.transfer_of(&call);
        }
        observer.observe(t, Observation::ChatAnswered(&answered));
    }

    /// Schedules `agent`'s first chat end, unless it is the one already due.
    fn schedule_next_chat_end(&mut self, agent: AgentId) {
        let (next, finish_s) = self.chats.first_finish(agent);
        let desk = &mut self.chats.desks[agent.index()];
        if desk.next == next && desk.next_finish_s == finish_s {
            return;
        }
        desk.generation = desk.generation.wrapping_add(1);
        desk.next = next;
        desk.next_finish_s = finish_s;
        let generation = desk.generation;
        self.events.schedule(
            finish_s,
            EventKind::ChatDone {
                agent: agent.index() as u32,
                generation,
            },
        );
    }

    /// `agent` takes waiting chats while it has room and the router finds one.
    pub(super) fn fill_chats<O: Observer>(
        &mut self,
        group: GroupId,
        agent: AgentId,
        observer: &mut O,
    ) {
        let max = self.model.group(group).max_chats;
        while self.chats.desks[agent.index()].held < max && !self.chats.desks[agent.index()].leaving
        {
            let Some(call_type) = self.router.chat_for_agent(group, &self.view()) else {
                break;
            };
            let call = self
                .queues
                .pop_front(call_type)
                .expect("router chose a non-empty queue");
            self.answer_chat(call, group, agent, true, observer);
        }
        self.chats.attach(agent, group, max);
    }

    /// `agent`'s first chat ends (its `ChatDone` of `generation`, skipped if stale).
    pub(super) fn chat_done<O: Observer>(
        &mut self,
        agent: AgentId,
        generation: u32,
        observer: &mut O,
    ) {
        if !self.chats.is_current(agent, generation) {
            return;
        }
        let t = self.now;
        let group = self.agents.group_of(agent);
        let spec = self.model.group(group);
        let desks = &mut self.chats;
        desks.detach(agent, group);
        let desk = desks.desks[agent.index()];
        let held = usize::from(desk.held);
        let base = agent.index() * desks.per_agent;
        let done = desks.chats[base + usize::from(desk.next)];
        desks.chats[base + usize::from(desk.next)] = desks.chats[base + held - 1];
        desks.desks[agent.index()].held -= 1;
        desks.desks[agent.index()].next_finish_s = f64::INFINITY;
        if held > 1 {
            desks.stretch(
                agent,
                t,
                spec.chat_factor[held - 1],
                spec.chat_factor[held - 2],
            );
        }
        self.chat_ended(&done, group, agent, observer);
        if held > 1 {
            self.schedule_next_chat_end(agent);
            self.after_chat_with_more(group, agent, observer);
        } else {
            self.after_last_chat(group, agent, observer);
        }
    }

    /// Reports an ended chat with its handle time as it went: talk and
    /// after-call work stretched alike to the time it took if its agent's
    /// level changed its pace, else as they were when it started.
    fn chat_ended<O: Observer>(
        &mut self,
        chat: &Chat,
        group: GroupId,
        agent: AgentId,
        observer: &mut O,
    ) {
        let t = self.now;
        let planned_s = chat.talk_s + chat.after_call_work_s;
        let stretch = if !chat.restretched {
            1.0
        } else if planned_s > 0.0 {
            (t - chat.started_s) / planned_s
        } else {
            0.0
        };
        let call = chat.contact;
        let as_it_went = (chat.talk_s * stretch, chat.after_call_work_s * stretch);
        let ended = call.taken((group, agent), chat.started_s, as_it_went, true);
        observer.observe(
            t,
            Observation::ChatEnded {
                chat: &ended,
                planned_s,
            },
        );
        // The same decision as when the agent took it (the caller's own draw).
        let transfer = if self.uses().transfers {
            self.transfer_of(&call)
        } else {
            None
        };
        if let Some(to) = transfer {
            self.schedule_transfer(t, to, &call);
        } else if self.uses().recontacts {
            self.maybe_recontact(&call, t, observer);
        }
    }

    /// An agent still holding chats after one ended: flagged to leave if its
    /// group has agents to let go, else it takes more.
    fn after_chat_with_more<O: Observer>(
        &mut self,
        group: GroupId,
        agent: AgentId,
        observer: &mut O,
    ) {
        let desk = &mut self.chats.desks[agent.index()];
        if !desk.leaving {
            let state = self.agents.group_state(group);
            if state.leaving > 0 {
                state.leaving -= 1;
                desk.leaving = true;
                return;
            }
        }
        self.fill_chats(group, agent, observer);
    }

    /// An agent's last chat ended: it leaves if its shift is over, else it is free.
    fn after_last_chat<O: Observer>(&mut self, group: GroupId, agent: AgentId, observer: &mut O) {
        let desk = &mut self.chats.desks[agent.index()];
        let flagged = std::mem::take(&mut desk.leaving);
        let state = self.agents.group_state(group);
        let leaves = flagged || state.leaving > 0;
        if !leaves {
            self.agent_available(group, agent, observer);
            return;
        }
        if !flagged {
            state.leaving -= 1;
        }
        state.present -= 1;
        let present = state.present;
        self.agents.leave(agent);
        observer.observe(self.now, Observation::AgentsChanged { group, present });
    }

    /// A new day's opening: agents flagged to leave the night before stay.
    pub(super) fn keep_chat_agents(&mut self) {
        let agents = &self.agents;
        self.chats
            .keep_leaving_agents(|a| agents.group_of(a), self.model);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_chat_place_fits_the_budgets_estimate() {
        // scenario::budget counts 128 bytes per chat place of each agent.
        assert!(std::mem::size_of::<Chat>() <= 128);
    }
}
