//! The agents of a replication: an arena of agent slots, each with its group,
//! its capacity (how many contacts it can hold at once: one voice call) and
//! its load (the contacts it holds), and per group the idle agents in the
//! order the routing policy takes them and the counts the schedule moves.

use super::idle::IdleAgents;
use crate::model::{AgentId, AgentSelection, GroupId, Model};

/// One agent slot. A slot is reused by the next agent who joins once its
/// agent has left, so the arena grows to the agents present, not the agents
/// who ever worked.
#[derive(Debug, Clone, Copy)]
struct Agent {
    group: GroupId,
    /// Contacts the agent can hold at once.
    capacity: u16,
    /// Contacts it holds now.
    load: u16,
    /// Contacts handled since it joined (fewest-calls selection).
    handled: u64,
    /// The caller of its contact hangs up as the agent finishes, so the
    /// completion frees the caller's trunk line too.
    frees_line: bool,
}

/// A group's agents as the schedule sees them.
#[derive(Debug)]
pub(super) struct GroupState {
    pub(super) idle: IdleAgents,
    /// Agents on shift plus those finishing a call after their shift.
    pub(super) present: u32,
    /// Agents the schedule asks for now.
    pub(super) scheduled: u32,
    /// Agents to leave as soon as they finish their call.
    pub(super) leaving: u32,
}

#[derive(Debug)]
pub(super) struct Agents {
    slots: Vec<Agent>,
    free_slots: Vec<AgentId>,
    groups: Vec<GroupState>,
    /// The most agents the schedule has present at once.
    peak: usize,
}

impl Agents {
    pub(super) fn new(model: &Model) -> Self {
        let fewest_calls = model.agent_selection == AgentSelection::FewestCalls;
        let peak: usize = model
            .groups
            .iter()
            .map(|g| g.staffing.iter().copied().max().unwrap_or(0) as usize)
            .sum();
        Self {
            slots: Vec::with_capacity(peak),
            free_slots: Vec::new(),
            groups: (0..model.groups.len())
                .map(|_| GroupState {
                    idle: IdleAgents::new(fewest_calls),
                    present: 0,
                    scheduled: 0,
                    leaving: 0,
                })
                .collect(),
            peak,
        }
    }

    pub(super) fn peak(&self) -> usize {
        self.peak
    }

    #[inline]
    pub(super) fn group_state(&mut self, group: GroupId) -> &mut GroupState {
        &mut self.groups[group.index()]
    }

    #[inline]
    pub(super) fn present(&self, group: GroupId) -> u32 {
        self.groups[group.index()].present
    }

    /// Whether no agent of any group is present.
    pub(super) fn none_present(&self) -> bool {
        self.groups.iter().all(|g| g.present == 0)
    }

    #[inline]
    pub(super) fn idle_count(&self, group: GroupId) -> usize {
        self.groups[group.index()].idle.len()
    }

    #[inline]
    pub(super) fn group_of(&self, agent: AgentId) -> GroupId {
        self.slots[agent.index()].group
    }

    /// A new agent of `group` in a free slot (it is not idle yet).
    pub(super) fn join(&mut self, group: GroupId) -> AgentId {
        let agent = Agent {
            group,
            capacity: 1,
            load: 0,
            handled: 0,
            frees_line: false,
        };
        match self.free_slots.pop() {
            Some(slot) => {
                self.slots[slot.index()] = agent;
                slot
            }
            None => {
                self.slots.push(agent);
                AgentId::new(self.slots.len() - 1)
            }
        }
    }

    /// `agent` leaves: its slot is free for the next agent who joins.
    #[inline]
    pub(super) fn leave(&mut self, agent: AgentId) {
        self.free_slots.push(agent);
    }

    /// The idle agent of `group` the policy picks next.
    #[inline]
    pub(super) fn pop_idle(&mut self, group: GroupId) -> Option<AgentId> {
        self.groups[group.index()].idle.pop()
    }

    /// `agent` waits for a contact among its group's idle agents.
    #[inline]
    pub(super) fn push_idle(&mut self, agent: AgentId) {
        let a = self.slots[agent.index()];
        self.groups[a.group.index()].idle.push(agent, a.handled);
    }

    /// `agent` takes a contact; `frees_line`: its completion frees the
    /// caller's trunk line.
    #[inline]
    pub(super) fn start_contact(&mut self, agent: AgentId, frees_line: bool) {
        let a = &mut self.slots[agent.index()];
        a.frees_line = frees_line;
        debug_assert!(
            a.load < a.capacity,
            "an agent holds no more than its capacity"
        );
        a.load += 1;
        a.handled += 1;
    }

    /// `agent` is done with a contact; whether that frees a trunk line.
    #[inline]
    pub(super) fn end_contact(&mut self, agent: AgentId) -> bool {
        let a = &mut self.slots[agent.index()];
        a.load -= 1;
        std::mem::take(&mut a.frees_line)
    }
}
