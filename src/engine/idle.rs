//! Idle agents of a group, in the order the routing policy takes them:
//! longest idle first (a FIFO, O(1)), or fewest calls handled first (a heap,
//! O(log n); the longest idle among equals). Both reuse their buffers.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use crate::model::AgentId;

#[derive(Debug)]
pub enum IdleAgents {
    LongestIdle(VecDeque<AgentId>),
    /// (calls handled, idle since, agent), smallest first.
    FewestCalls {
        heap: BinaryHeap<Reverse<(u64, u64, AgentId)>>,
        next: u64,
    },
}

impl IdleAgents {
    pub fn new(fewest_calls: bool) -> Self {
        if fewest_calls {
            IdleAgents::FewestCalls {
                heap: BinaryHeap::new(),
                next: 0,
            }
        } else {
            IdleAgents::LongestIdle(VecDeque::new())
        }
    }

    #[inline]
    pub fn len(&self) -> usize {
        match self {
            IdleAgents::LongestIdle(fifo) => fifo.len(),
            IdleAgents::FewestCalls { heap, .. } => heap.len(),
        }
    }

    /// `agent`, who has handled `handled` calls, becomes idle.
    #[inline]
    pub fn push(&mut self, agent: AgentId, handled: u64) {
        match self {
            IdleAgents::LongestIdle(fifo) => fifo.push_back(agent),
            IdleAgents::FewestCalls { heap, next } => {
                heap.push(Reverse((handled, *next, agent)));
                *next += 1;
            }
        }
    }

    /// The idle agent the policy picks next.
    #[inline]
    pub fn pop(&mut self) -> Option<AgentId> {
        match self {
            IdleAgents::LongestIdle(fifo) => fifo.pop_front(),
            IdleAgents::FewestCalls { heap, .. } => heap.pop().map(|Reverse((_, _, a))| a),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_idle_is_first_in_first_out() {
        let mut idle = IdleAgents::new(false);
        for (agent, handled) in [(3, 9), (1, 0), (2, 4)] {
            idle.push(AgentId::new(agent), handled);
        }
        assert_eq!(idle.len(), 3);
        let popped: Vec<_> = std::iter::from_fn(|| idle.pop())
            .map(AgentId::index)
            .collect();
        assert_eq!(popped, [3, 1, 2]);
    }

    #[test]
    fn fewest_calls_first_then_longest_idle() {
        let mut idle = IdleAgents::new(true);
        for (agent, handled) in [(3, 9), (1, 4), (2, 4), (7, 0)] {
            idle.push(AgentId::new(agent), handled);
        }
        let popped: Vec<_> = std::iter::from_fn(|| idle.pop())
            .map(AgentId::index)
            .collect();
        assert_eq!(popped, [7, 1, 2, 3]);
    }
}
