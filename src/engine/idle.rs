//! Idle agents of a group, in the order the routing policy takes them:
//! longest idle first (a FIFO, O(1)), or fewest calls handled first (a heap,
//! O(log n); the longest idle among equals). Both reuse their buffers.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

#[derive(Debug)]
pub enum IdleAgents {
    LongestIdle(VecDeque<u32>),
    /// (calls handled, idle since, agent), smallest first.
    FewestCalls {
        heap: BinaryHeap<Reverse<(u64, u64, u32)>>,
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
    pub fn push(&mut self, agent: u32, handled: u64) {
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
    pub fn pop(&mut self) -> Option<u32> {
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
            idle.push(agent, handled);
        }
        assert_eq!(idle.len(), 3);
        assert_eq!(
            [idle.pop(), idle.pop(), idle.pop(), idle.pop()],
            [Some(3), Some(1), Some(2), None]
        );
    }

    #[test]
    fn fewest_calls_first_then_longest_idle() {
        let mut idle = IdleAgents::new(true);
        for (agent, handled) in [(3, 9), (1, 4), (2, 4), (7, 0)] {
            idle.push(agent, handled);
        }
        assert_eq!(
            [idle.pop(), idle.pop(), idle.pop(), idle.pop(), idle.pop()],
            [Some(7), Some(1), Some(2), Some(3), None]
        );
    }
}
