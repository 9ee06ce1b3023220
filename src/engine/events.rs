//! The future event list, ordered by (time, sequence number) so simultaneous
//! events run in the order they were scheduled — never at random. Times are
//! non-negative, so their IEEE bits order like the numbers and a key
//! (time bits above, seq below) compares as one integer.
//!
//! The events live in separate queues by kind, each a min-heap on the same
//! keys, and the loop takes the smallest key among them: agents finishing a
//! call (the most frequent event: its heap holds one entry per busy agent,
//! and an agent who takes the next caller replaces its own entry in place),
//! callers finishing an IVR prompt (a heap as small as the IVR's callers),
//! the rarer events (lines freed, callers coming back, overflow), and the
//! interval boundaries (known in advance, kept as a counter). The
//! patience deadlines of waiting callers live with the queue that holds them
//! ([`super::queues`]), so a caller answered in time leaves no stale event.

use crate::model::{AgentId, BoundaryKind};

/// The rarer events: everything but agents finishing, IVR prompts ending,
/// callers hanging up and interval boundaries.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EventKind {
    /// A queued caller has waited the `delay`-th overflow delay of its type:
    /// more groups may take it now (ignored if it left meanwhile).
    Overflow {
        call: u32,
        generation: u32,
        delay: u32,
    },
    /// A caller hung up after talking: the line is free (after-call work goes on).
    LineFree,
    /// A caller calls again: the engine's return slot `slot` says who and where.
    Return { slot: u32 },
    /// The first of an agent's chats to end ends, if the agent's chats are
    /// still as they were when it was scheduled (`generation`).
    ChatDone { agent: u32, generation: u32 },
    /// A dial of outbound campaign `campaign` stops ringing; `reached`: a
    /// person answers (decided when it was dialled).
    DialEnd { campaign: u32, reached: bool },
    /// Person `party` who answered a dial of `campaign` has been held as
    /// long as the campaign holds one: dropped, unless an agent took it.
    PartyGivesUp { campaign: u32, party: u32 },
    /// `agent` finishes an outbound call of `campaign`.
    OutboundDone { campaign: u32, agent: u32 },
    /// A lead joins the list of `campaign`, whose dialer had run out of
    /// records while agents were idle.
    LeadArrives { campaign: u32 },
}

/// (time, seq) of a key.
#[inline]
pub fn split(key: u128) -> (f64, u64) {
    (f64::from_bits((key >> 64) as u64), key as u64)
}

#[inline]
fn time_bits(time: f64) -> u64 {
    debug_assert!(time >= 0.0, "event times are never negative");
    // +0.0 and -0.0 would differ in bits; adding 0.0 maps -0.0 to +0.0.
    (time + 0.0).to_bits()
}

/// The key ordering `(time, seq)`: time bits above, seq below.
#[inline]
pub fn key_of(time: f64, seq: u64) -> u128 {
    (u128::from(time_bits(time)) << 64) | u128::from(seq)
}

/// An entry of a [`KeyedHeap`]: what it orders by.
pub trait HeapEntry: Copy {
    /// The (time, seq) order of the entry, as one integer.
    fn order(&self) -> u128;
}

/// An entry with a 32-bit item, packed in 16 bytes (half the size of a
/// key beside its item, so a heap of thousands of busy agents takes half
/// the cache: case c 10-18 % faster as a whole process): the event's time
/// bits, the low 32 bits of its seq, and the item, in that order of
/// significance. Ordering by the packed integer is ordering by (time, seq):
/// the seqs are unique. After 2^32 events in one replication the seqs of
/// the heap wrap, and events of exactly the same time may then run in
/// another order than they were scheduled: still the same order on every
/// run, so results stay reproducible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packed(u128);

impl Packed {
    #[inline]
    fn new(key: u128, item: u32) -> Self {
        let (time_bits, seq) = ((key >> 64) as u64, key as u32);
        Self((u128::from(time_bits) << 64) | (u128::from(seq) << 32) | u128::from(item))
    }

    /// The (time, seq) key, with the seq's low 32 bits.
    #[inline]
    fn key(self) -> u128 {
        (self.0 >> 64 << 64) | (self.0 >> 32 & 0xffff_ffff)
    }

    #[inline]
    fn item(self) -> u32 {
        self.0 as u32
    }
}

impl HeapEntry for Packed {
    #[inline(always)]
    fn order(&self) -> u128 {
        self.0
    }
}

/// A (time, seq) key beside an item of any size.
#[derive(Debug, Clone, Copy)]
pub struct Keyed<T> {
    key: u128,
    item: T,
}

impl<T: Copy> HeapEntry for Keyed<T> {
    #[inline(always)]
    fn order(&self) -> u128 {
        self.key
    }
}

/// Children per node: a 4-ary heap is half as deep as a binary one, and a
/// node's four children share a cache line or two (measured on the simulate
/// bench: 4 beats 2).
const ARITY: usize = 4;

/// A 4-ary min-heap of entries with unique orders.
/// [`take_top`](Self::take_top) leaves the top's place empty until the next
/// operation: a push then fills it from the root (one sift instead of a
/// pop's and a push's), as when an agent who finishes takes the next caller
/// at once.
#[derive(Debug)]
pub struct KeyedHeap<E> {
    heap: Vec<E>,
    /// The top was taken and its place not yet refilled.
    top_taken: bool,
}

impl<E: HeapEntry> KeyedHeap<E> {
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            heap: Vec::with_capacity(capacity),
            top_taken: false,
        }
    }

    #[inline]
    pub fn push(&mut self, entry: E) {
        if self.top_taken {
            self.top_taken = false;
            self.replace_top(entry);
            return;
        }
        let hole = self.heap.len();
        self.heap.push(entry);
        self.sift_up(hole, entry);
    }

    /// The smallest entry.
    #[inline]
    pub fn peek(&mut self) -> Option<E> {
        self.settle();
        self.heap.first().copied()
    }

    /// Takes the smallest entry (its place is refilled by the next push or
    /// by the next peek).
    #[inline]
    pub fn take_top(&mut self) {
        self.settle();
        self.top_taken = !self.heap.is_empty();
    }

    /// Refills the top's place with the last entry, if it was taken.
    #[inline]
    fn settle(&mut self) {
        if !self.top_taken {
            return;
        }
        self.top_taken = false;
        let last = self.heap.pop().expect("a taken top was an entry");
        if !self.heap.is_empty() {
            self.replace_top(last);
        }
    }

    /// Moves parents down from `hole` until `entry`'s place is found.
    #[inline]
    fn sift_up(&mut self, mut hole: usize, entry: E) {
        let order = entry.order();
        while hole > 0 {
            let parent = (hole - 1) / ARITY;
            let p = self.heap[parent];
            if p.order() <= order {
                break;
            }
            self.heap[hole] = p;
            hole = parent;
        }
        self.heap[hole] = entry;
    }

    /// Puts `entry` in place of the top, bottom-up: the hole goes down the
    /// smallest children to a leaf (one comparison per level, no test
    /// against `entry`), then `entry` sifts up from there, usually a level
    /// or two since a new completion lies far in the future.
    #[inline]
    fn replace_top(&mut self, entry: E) {
        let len = self.heap.len();
        let mut hole = 0;
        loop {
            let first = ARITY * hole + 1;
            if first + ARITY <= len {
                let children: &[E; ARITY] = self.heap[first..first + ARITY]
                    .try_into()
                    .expect("four children");
                // The smallest of the four selected by value: the next
                // level's address waits on the four keys' loads only, not on
                // a second round of loads by index (a heap-only loop 12-20 %
                // faster; case b 2.5 % as a whole process).
                let (first_pair, a) = smaller(children[0].order(), 0, children[1].order(), 1);
                let (second_pair, b) = smaller(children[2].order(), 2, children[3].order(), 3);
                let (_, best) = smaller(first_pair, a, second_pair, b);
                let moved = children[best];
                self.heap[hole] = moved;
                hole = first + best;
            } else {
                if first < len {
                    let mut best = first;
                    for child in first + 1..len {
                        if self.heap[child].order() < self.heap[best].order() {
                            best = child;
                        }
                    }
                    self.heap[hole] = self.heap[best];
                    hole = best;
                }
                break;
            }
        }
        self.sift_up(hole, entry);
    }
}

/// The smaller of two keys and its index (the first on a tie), selected
/// with masks rather than a branch: which child is smallest is random, so
/// a branch would mispredict half the time.
#[inline(always)]
fn smaller(key0: u128, index0: usize, key1: u128, index1: usize) -> (u128, usize) {
    let mask = 0u128.wrapping_sub(u128::from(key1 < key0));
    let key = key0 ^ ((key0 ^ key1) & mask);
    let index = index0 ^ ((index0 ^ index1) & mask as usize);
    (key, index)
}

/// What comes next, by kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Next {
    /// An agent finishes talk and after-call work.
    AgentFree(AgentId),
    /// The IVR caller in slot `caller` finished listening to a node's prompt.
    IvrStep(u32),
    /// One of the rarer events.
    Other(EventKind),
    /// The calendar's boundary of this index ([`Agenda::boundary`]).
    Boundary(u32),
}

/// The future events, by kind, with the sequence counter shared with
/// arrivals and patience deadlines.
#[derive(Debug)]
pub struct Agenda<'m> {
    next_seq: u64,
    completions: KeyedHeap<Packed>,
    /// Kept apart from the rarer events: IVR callers step often, while the
    /// other heap may hold many callers due back hours later.
    ivr_steps: KeyedHeap<Packed>,
    other: KeyedHeap<Keyed<EventKind>>,
    /// The calendar's boundaries (interval starts, nights, the last
    /// closing) and the index of the next.
    boundaries: &'m [(f64, BoundaryKind)],
    next_boundary: u32,
    /// The key of the next boundary (its seq is the boundary's own, below
    /// every other); `u128::MAX` once the last has passed.
    boundary_key: u128,
}

impl<'m> Agenda<'m> {
    /// An agenda with the calendar's `boundaries` after time 0; they take
    /// the first sequence numbers, so a boundary comes before anything else
    /// at the same time.
    pub fn new(boundaries: &'m [(f64, BoundaryKind)], agents: usize) -> Self {
        let mut agenda = Self {
            next_seq: boundaries.len() as u64,
            completions: KeyedHeap::with_capacity(agents + 16),
            ivr_steps: KeyedHeap::with_capacity(16),
            other: KeyedHeap::with_capacity(16),
            boundaries,
            next_boundary: 0,
            boundary_key: u128::MAX,
        };
        agenda.set_boundary_key();
        agenda
    }

    fn set_boundary_key(&mut self) {
        let next = self.next_boundary as usize;
        self.boundary_key = match self.boundaries.get(next) {
            Some(&(time, _)) => key_of(time, next as u64),
            None => u128::MAX,
        };
    }

    /// What boundary `index` (as [`Next::Boundary`] gives it) is.
    pub fn boundary(&self, index: u32) -> BoundaryKind {
        self.boundaries[index as usize].1
    }

    /// A fresh sequence number, for anything ordered against events.
    #[inline]
    pub fn take_seq(&mut self) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        seq
    }

    /// `agent` finishes at `time`.
    #[inline]
    pub fn schedule_free(&mut self, time: f64, agent: AgentId) {
        let key = key_of(time, self.take_seq());
        self.completions
            .push(Packed::new(key, agent.index() as u32));
    }

    /// The IVR caller in slot `caller` finishes its prompt at `time`.
    #[inline]
    pub fn schedule_ivr_step(&mut self, time: f64, caller: u32) {
        let key = key_of(time, self.take_seq());
        self.ivr_steps.push(Packed::new(key, caller));
    }

    #[inline]
    pub fn schedule(&mut self, time: f64, kind: EventKind) {
        let key = key_of(time, self.take_seq());
        self.other.push(Keyed { key, item: kind });
    }

    /// The smallest key of the events (not the arrivals), and what it is.
    #[inline(always)]
    pub fn peek(&mut self) -> Option<(u128, Next)> {
        let mut best = (self.boundary_key, Next::Boundary(self.next_boundary));
        if let Some(top) = self.completions.peek()
            && top.key() < best.0
        {
            let agent = AgentId::new(top.item() as usize);
            best = (top.key(), Next::AgentFree(agent));
        }
        if let Some(top) = self.ivr_steps.peek()
            && top.key() < best.0
        {
            best = (top.key(), Next::IvrStep(top.item()));
        }
        if let Some(top) = self.other.peek()
            && top.key < best.0
        {
            best = (top.key, Next::Other(top.item));
        }
        (best.0 != u128::MAX).then_some(best)
    }

    /// Removes the event [`peek`](Self::peek) returned.
    #[inline]
    pub fn take(&mut self, next: Next) {
        match next {
            Next::AgentFree(_) => {
                self.completions.take_top();
            }
            Next::IvrStep(_) => {
                self.ivr_steps.take_top();
            }
            Next::Other(_) => {
                self.other.take_top();
            }
            Next::Boundary(_) => {
                self.next_boundary += 1;
                self.set_boundary_key();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    #[test]
    fn ties_run_in_scheduling_order() {
        let mut a = Agenda::new(&[], 0);
        for (time, agent) in [(5.0, 1), (3.0, 2), (5.0, 3), (5.0, 4), (0.0, 5)] {
            a.schedule_free(time, AgentId::new(agent));
        }
        let mut order = Vec::new();
        while let Some((_, next)) = a.peek() {
            a.take(next);
            let Next::AgentFree(agent) = next else {
                unreachable!()
            };
            order.push(agent.index());
        }
        assert_eq!(order, vec![5, 2, 1, 3, 4]);
    }

    #[test]
    fn boundaries_come_first_on_ties_and_kinds_merge_by_key() {
        let boundaries = [
            (10.0, BoundaryKind::IntervalStarts(1)),
            (20.0, BoundaryKind::LastClose),
        ];
        let mut a = Agenda::new(&boundaries, 0);
        a.schedule(10.0, EventKind::LineFree);
        a.schedule_free(10.0, AgentId::new(7));
        a.schedule(5.0, EventKind::Return { slot: 1 });
        let mut order = Vec::new();
        while let Some((_, next)) = a.peek() {
            a.take(next);
            order.push(next);
        }
        assert_eq!(
            order,
            vec![
                Next::Other(EventKind::Return { slot: 1 }),
                Next::Boundary(0),
                Next::Other(EventKind::LineFree),
                Next::AgentFree(AgentId::new(7)),
                Next::Boundary(1),
            ]
        );
    }

    #[test]
    fn a_packed_entry_orders_by_time_then_seq_in_16_bytes() {
        assert_eq!(std::mem::size_of::<Packed>(), 16);
        let entries = [
            Packed::new(key_of(2.0, 1), 9),
            Packed::new(key_of(1.0, 7), u32::MAX),
            Packed::new(key_of(1.0, 3), 0),
            Packed::new(key_of(0.0, 8), 5),
        ];
        let mut sorted = entries;
        sorted.sort_by_key(HeapEntry::order);
        let keys: Vec<(f64, u64, u32)> = sorted
            .iter()
            .map(|e| {
                let (time, seq) = split(e.key());
                (time, seq, e.item())
            })
            .collect();
        assert_eq!(
            keys,
            vec![(0.0, 8, 5), (1.0, 3, 0), (1.0, 7, u32::MAX), (2.0, 1, 9)]
        );
    }

    /// Against a sorted reference, with pushes right after a taken top (the
    /// in-place replacement) and coarse times that make many ties.
    #[test]
    fn pops_in_key_order_under_random_interleaving() {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(9);
        let mut heap: KeyedHeap<Packed> = KeyedHeap::with_capacity(0);
        let mut reference: Vec<u128> = Vec::new();
        let mut seq = 0u64;
        let mut popped = Vec::new();
        let mut expected = Vec::new();
        for _ in 0..20_000 {
            let u = rng.random::<f64>();
            if u < 0.55 {
                let key = key_of((rng.random::<f64>() * 50.0).floor(), seq);
                seq += 1;
                heap.push(Packed::new(key, seq as u32));
                reference.push(key);
            } else if let Some(top) = heap.peek() {
                heap.take_top();
                assert_eq!(u64::from(top.item()), split(top.key()).1 + 1);
                popped.push(top.key());
                let (i, _) = reference
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, k)| **k)
                    .unwrap();
                expected.push(reference.swap_remove(i));
            }
        }
        assert_eq!(popped, expected);
    }
}
