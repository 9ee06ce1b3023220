//! Contacts waiting for an agent: an arena of slots (reused, so memory follows
//! the callers in the system, not the calls simulated) threaded into one FIFO
//! list per call type. Removing an abandoning caller is O(1).

use crate::model::{CallTypeId, Channel, SourceId};

const NONE: u32 = u32::MAX;

/// Who a caller is: an identity drawn when it first called, and which of its
/// attempts this is (0 for the first). Its own random streams follow from
/// both, so a repeat call is the same caller in every scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caller {
    pub id: u64,
    pub attempt: u32,
}

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
    /// The caller holds a trunk line (callbacks do not).
    pub holds_line: bool,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    call: Contact,
    /// Bumped on every reuse, so a stale abandonment event finds no match.
    generation: u32,
    in_queue: bool,
    prev: u32,
    next: u32,
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
        }
    }

    /// Puts `call` at the back of its type's queue; returns (slot, generation).
    #[inline]
    pub fn push_back(&mut self, call: Contact) -> (u32, u32) {
        let list = &mut self.lists[call.call_type.index()];
        let index = match self.free.pop() {
            Some(i) => {
                let slot = &mut self.slots[i as usize];
                slot.call = call;
                slot.generation = slot.generation.wrapping_add(1);
                slot.in_queue = true;
                slot.prev = list.tail;
                slot.next = NONE;
                i
            }
            None => {
                self.slots.push(Slot {
                    call,
                    generation: 0,
                    in_queue: true,
                    prev: list.tail,
                    next: NONE,
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
        (index, self.slots[index as usize].generation)
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
    /// and still waiting (its abandonment event is not stale).
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
        self.slots[index as usize].in_queue = false;
        self.free.push(index);
        call
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
            caller: Caller { id: 0, attempt: 0 },
            holds_line: true,
        }
    }

    #[test]
    fn fifo_with_removal_from_the_middle() {
        let mut q = Queues::new(2);
        let _a = q.push_back(call(0, 1.0));
        let b = q.push_back(call(0, 2.0));
        let _c = q.push_back(call(0, 3.0));
        q.push_back(call(1, 1.5));
        assert_eq!(q.remove(b.0, b.1).unwrap().arrival_s, 2.0);
        assert!(q.remove(b.0, b.1).is_none(), "already gone");
        let (zero, one) = (CallTypeId::new(0), CallTypeId::new(1));
        assert_eq!(q.len(zero), 2);
        assert_eq!(q.pop_front(zero).unwrap().arrival_s, 1.0);
        // The freed slot is reused with a new generation: the old handle stays stale.
        let d = q.push_back(call(0, 4.0));
        assert!(q.remove(b.0, b.1).is_none() || d != b);
        assert_eq!(q.pop_front(zero).unwrap().arrival_s, 3.0);
        assert_eq!(q.pop_front(zero).unwrap().arrival_s, 4.0);
        assert!(q.pop_front(zero).is_none());
        assert_eq!(q.front_arrival(one), Some(1.5));
    }
}
