//! Contacts waiting for an agent: an arena of slots (reused, so memory follows
//! the callers in the system, not the calls simulated) threaded into one FIFO
//! list per call type, and a min-heap of the waiting callers' patience
//! deadlines (each slot knows its place in it). A caller who is answered
//! takes its deadline with it, so no stale event is left behind; the next
//! caller to hang up is the heap's top. Removing a caller is O(log waiting).

use crate::model::{AgentId, CallTypeId, Channel, GroupId, SourceId};
use crate::observe::{Answered, Repeat};

const NONE: u32 = u32::MAX;

pub use crate::observe::Caller;

/// A contact waiting for an agent (a call; a callback request), with the
/// attributes drawn at arrival.
#[derive(Debug, Clone, Copy)]
pub struct Contact {
    pub channel: Channel,
    pub call_type: CallTypeId,
    pub arrival_s: f64,
    pub talk_s: f64,
    pub after_call_work_s: f64,
    /// Where the caller came in: a retry goes there.
    pub origin: SourceId,
    pub caller: Caller,
    /// First attempt, retrial or recontact (for the calls log).
    pub repeat: Repeat,
    /// The caller holds a trunk line (callbacks do not).
    pub holds_line: bool,
    /// When the caller first arrived (before `arrival_s` after a transfer).
    pub first_arrival_s: f64,
}

impl Contact {
    /// What observers hear when `agent` of `group` takes this contact at
    /// `taken_s` (from the queue or not) for this talk and after-call work.
    #[inline(always)]
    pub fn taken(
        &self,
        (group, agent): (GroupId, AgentId),
        taken_s: f64,
        (talk_s, after_call_work_s): (f64, f64),
        from_queue: bool,
    ) -> Answered {
        Answered {
            channel: self.channel,
            call_type: self.call_type,
            group,
            agent,
            arrival_s: self.arrival_s,
            wait_s: taken_s - self.arrival_s,
            talk_s,
            after_call_work_s,
            from_queue,
            caller: self.caller,
            repeat: self.repeat,
            first_arrival_s: self.first_arrival_s,
            transferred_to: None,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    call: Contact,
    /// Bumped on every reuse, so a stale overflow event finds no match.
    generation: u32,
    in_queue: bool,
    prev: u32,
    next: u32,
    /// Place of the caller's patience deadline in the heap (`NONE`: it never hangs up).
    deadline_at: u32,
}

/// A patience deadline: its (time, seq) key and the slot of its caller.
#[derive(Debug, Clone, Copy)]
struct Deadline {
    key: u128,
    slot: u32,
}

#[derive(Debug, Clone, Copy)]
struct List {
    head: u32,
    tail: u32,
    len: usize,
}

#[derive(Debug)]
pub struct Queues {
    slots: Vec<Slot>,
    free: Vec<u32>,
    lists: Vec<List>,
    /// Callers waiting over all types.
    total: usize,
    /// Min-heap of the waiting callers' deadlines.
    deadlines: Vec<Deadline>,
}

impl Queues {
    pub fn new(call_types: usize) -> Self {
        Self {
            slots: Vec::new(),
            free: Vec::new(),
            lists: vec![
                List {
                    head: NONE,
                    tail: NONE,
                    len: 0
                };
                call_types
            ],
            total: 0,
            deadlines: Vec::new(),
        }
    }

    /// Puts `call` at the back of its type's queue, hanging up at the
    /// (time, seq) key `deadline` if any; returns (slot, generation).
    #[inline]
    pub fn push_back(&mut self, call: Contact, deadline: Option<u128>) -> (u32, u32) {
        let list = &mut self.lists[call.call_type.index()];
        let index = match self.free.pop() {
            Some(i) => {
                let slot = &mut self.slots[i as usize];
                slot.call = call;
                slot.generation = slot.generation.wrapping_add(1);
                slot.in_queue = true;
                slot.prev = list.tail;
                slot.next = NONE;
                slot.deadline_at = NONE;
                i
            }
            None => {
                self.slots.push(Slot {
                    call,
                    generation: 0,
                    in_queue: true,
                    prev: list.tail,
                    next: NONE,
                    deadline_at: NONE,
                });
                (self.slots.len() - 1) as u32
            }
        };
        if list.tail == NONE {
            list.head = index;
        } else {
            self.slots[list.tail as usize].next = index;
        }
        list.tail = index;
        list.len += 1;
        self.total += 1;
        if let Some(key) = deadline {
            let at = self.deadlines.len();
            self.deadlines.push(Deadline { key, slot: index });
            self.sift_up(at);
        }
        (index, self.slots[index as usize].generation)
    }

    /// The (time, seq) key of the next caller to hang up.
    #[inline]
    pub fn next_deadline(&self) -> Option<u128> {
        self.deadlines.first().map(|d| d.key)
    }

    /// The caller whose deadline comes first, out of the queue.
    #[inline]
    pub fn pop_expired(&mut self) -> Option<Contact> {
        let slot = self.deadlines.first()?.slot;
        Some(self.unlink(slot))
    }

    /// Arrival time of the caller at the front of `call_type`'s queue.
    #[inline]
    pub fn front_arrival(&self, call_type: CallTypeId) -> Option<f64> {
        let head = self.lists[call_type.index()].head;
        (head != NONE).then(|| self.slots[head as usize].call.arrival_s)
    }

    pub fn len(&self, call_type: CallTypeId) -> usize {
        self.lists[call_type.index()].len
    }

    /// Whether nobody waits, of any type.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// The caller in `slot` if it is still the one with `generation` and waiting.
    #[inline]
    pub fn get(&self, slot: u32, generation: u32) -> Option<&Contact> {
        let s = &self.slots[slot as usize];
        (s.in_queue && s.generation == generation).then_some(&s.call)
    }

    #[inline]
    pub fn pop_front(&mut self, call_type: CallTypeId) -> Option<Contact> {
        let head = self.lists[call_type.index()].head;
        (head != NONE).then(|| self.unlink(head))
    }

    /// Removes the caller in `slot` if it is still the one with `generation`
    /// and still waiting (the event naming it is not stale).
    #[inline]
    pub fn remove(&mut self, slot: u32, generation: u32) -> Option<Contact> {
        let s = &self.slots[slot as usize];
        (s.in_queue && s.generation == generation).then(|| self.unlink(slot))
    }

    fn unlink(&mut self, index: u32) -> Contact {
        let Slot {
            call, prev, next, ..
        } = self.slots[index as usize];
        let list = &mut self.lists[call.call_type.index()];
        if prev == NONE {
            list.head = next;
        } else {
            self.slots[prev as usize].next = next;
        }
        if next == NONE {
            list.tail = prev;
        } else {
            self.slots[next as usize].prev = prev;
        }
        list.len -= 1;
        self.total -= 1;
        let at = self.slots[index as usize].deadline_at;
        if at != NONE {
            self.remove_deadline(at as usize);
        }
        self.slots[index as usize].in_queue = false;
        self.free.push(index);
        call
    }

    /// Puts the deadline at heap place `at` there for good (its slot learns it).
    #[inline]
    fn settle(&mut self, at: usize, d: Deadline) {
        self.deadlines[at] = d;
        self.slots[d.slot as usize].deadline_at = at as u32;
    }

    fn sift_up(&mut self, mut at: usize) {
        let d = self.deadlines[at];
        while at > 0 {
            let parent = (at - 1) / 2;
            if self.deadlines[parent].key <= d.key {
                break;
            }
            let p = self.deadlines[parent];
            self.settle(at, p);
            at = parent;
        }
        self.settle(at, d);
    }

    fn sift_down(&mut self, mut at: usize) {
        let d = self.deadlines[at];
        let len = self.deadlines.len();
        loop {
            let left = 2 * at + 1;
            if left >= len {
                break;
            }
            let right = left + 1;
            let child = if right < len && self.deadlines[right].key < self.deadlines[left].key {
                right
            } else {
                left
            };
            if d.key <= self.deadlines[child].key {
                break;
            }
            let c = self.deadlines[child];
            self.settle(at, c);
            at = child;
        }
        self.settle(at, d);
    }

    /// Removes the deadline at heap place `at`.
    fn remove_deadline(&mut self, at: usize) {
        let last = self.deadlines.pop().expect("the deadline is in the heap");
        if at == self.deadlines.len() {
            return;
        }
        self.deadlines[at] = last;
        if at > 0 && self.deadlines[(at - 1) / 2].key > last.key {
            self.sift_up(at);
        } else {
            self.sift_down(at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(call_type: usize, arrival_s: f64) -> Contact {
        let call_type = CallTypeId::new(call_type);
        Contact {
            channel: Channel::Voice,
            call_type,
            arrival_s,
            talk_s: 1.0,
            after_call_work_s: 0.0,
            origin: SourceId::CallType(call_type),
            caller: Caller {
                id: 0,
                attempt: 0,
                number: 0,
            },
            repeat: Repeat::First,
            holds_line: true,
            first_arrival_s: arrival_s,
        }
    }

    #[test]
    fn fifo_with_removal_from_the_middle() {
        let mut q = Queues::new(2);
        let _a = q.push_back(call(0, 1.0), None);
        let b = q.push_back(call(0, 2.0), None);
        let _c = q.push_back(call(0, 3.0), None);
        q.push_back(call(1, 1.5), None);
        assert_eq!(q.remove(b.0, b.1).unwrap().arrival_s, 2.0);
        assert!(q.remove(b.0, b.1).is_none(), "already gone");
        let (zero, one) = (CallTypeId::new(0), CallTypeId::new(1));
        assert_eq!(q.len(zero), 2);
        assert_eq!(q.pop_front(zero).unwrap().arrival_s, 1.0);
        // The freed slot is reused with a new generation: the old handle stays stale.
        let d = q.push_back(call(0, 4.0), None);
        assert!(q.remove(b.0, b.1).is_none() || d != b);
        assert_eq!(q.pop_front(zero).unwrap().arrival_s, 3.0);
        assert_eq!(q.pop_front(zero).unwrap().arrival_s, 4.0);
        assert!(q.pop_front(zero).is_none());
        assert_eq!(q.front_arrival(one), Some(1.5));
    }

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_waiting_contact_fills_one_cache_line() {
        // The caller's number and the repeat kind (for the calls log) took
        // padding; the first arrival kept through transfers takes 8 bytes
        // more: one cache line, and no more.
        assert_eq!(std::mem::size_of::<Contact>(), 64);
    }
}
