//! The future event list: a binary heap ordered by (time, sequence number), so
//! simultaneous events run in the order they were scheduled — never at random.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EventKind {
    /// An agent finishes talk and after-call work.
    AgentFree { agent: u32 },
    /// A queued caller's patience runs out (ignored if answered meanwhile).
    Abandon { call: u32, generation: u32 },
    /// Interval `interval` starts (`interval == intervals` is closing time).
    Boundary { interval: u32 },
}

#[derive(Debug, Clone, Copy)]
pub struct Event {
    pub time: f64,
    pub seq: u64,
    pub kind: EventKind,
}

impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Event {}
impl PartialOrd for Event {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Event {
    /// Reversed, so that the max-heap pops the earliest (time, seq) first.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .time
            .total_cmp(&self.time)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

/// Events by (time, seq), with the sequence counter shared with arrivals.
#[derive(Debug, Default)]
pub struct EventQueue {
    heap: BinaryHeap<Event>,
    next_seq: u64,
}

impl EventQueue {
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            heap: BinaryHeap::with_capacity(capacity),
            next_seq: 0,
        }
    }

    /// A fresh sequence number, for anything ordered against events.
    #[inline]
    pub fn take_seq(&mut self) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        seq
    }

    #[inline]
    pub fn schedule(&mut self, time: f64, kind: EventKind) {
        let seq = self.take_seq();
        self.heap.push(Event { time, seq, kind });
    }

    /// (time, seq) of the next event.
    #[inline]
    pub fn peek_key(&self) -> Option<(f64, u64)> {
        self.heap.peek().map(|e| (e.time, e.seq))
    }

    #[inline]
    pub fn pop(&mut self) -> Option<Event> {
        self.heap.pop()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_run_in_scheduling_order() {
        let mut q = EventQueue::default();
        q.schedule(5.0, EventKind::AgentFree { agent: 1 });
        q.schedule(3.0, EventKind::AgentFree { agent: 2 });
        q.schedule(5.0, EventKind::AgentFree { agent: 3 });
        q.schedule(5.0, EventKind::AgentFree { agent: 4 });
        let order: Vec<_> = std::iter::from_fn(|| q.pop())
            .map(|e| match e.kind {
                EventKind::AgentFree { agent } => agent,
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(order, vec![2, 1, 3, 4]);
    }
}
