//! Callers in the IVR: each walks the menus with its own stream (a prompt,
//! then a choice, at each menu), and leaves for a queue, self-service or a
//! hang-up. Its attributes for the queue come from another of its streams,
//! so a longer path does not change them.

use rand::RngExt;

use super::arrivals::Attributes;
use super::queues::Caller;
use super::{Engine, Router};
use crate::model::AfterClose;
use crate::model::{EntryId, MenuChoice, NodeId, SourceId};
use crate::observe::{IvrExit, Observation, Observer, Repeat};
use crate::random::{CallerPurpose, Stream, caller_stream};

/// A caller in the IVR: where it is, and its own random stream for the path.
struct IvrCaller {
    entry: EntryId,
    node: NodeId,
    entered_s: f64,
    repeat: Repeat,
    caller: Caller,
    rng: Stream,
}

/// The callers in the IVR, in reusable slots (`Next::IvrStep` holds one).
#[derive(Default)]
pub(super) struct Ivr {
    slots: Vec<IvrCaller>,
    free: Vec<u32>,
}

impl Ivr {
    /// Callers in the menus now.
    pub(super) fn callers(&self) -> usize {
        self.slots.len() - self.free.len()
    }
}

impl<R: Router> Engine<'_, R> {
    /// A call at entry `entry`: a line, then the first menu.
    pub(super) fn entry_call<O: Observer>(
        &mut self,
        entry: EntryId,
        caller: Caller,
        repeat: Repeat,
        observer: &mut O,
    ) {
        if !self.admit(SourceId::Entry(entry), caller, repeat, observer) {
            return;
        }
        let in_ivr = IvrCaller {
            entry,
            node: self.model.entry(entry).first_node,
            entered_s: self.now,
            repeat,
            caller,
            rng: caller_stream(caller.id, caller.attempt, CallerPurpose::Path),
        };
        let ivr = &mut self.ivr;
        let slot = match ivr.free.pop() {
            Some(slot) => {
                ivr.slots[slot as usize] = in_ivr;
                slot
            }
            None => {
                ivr.slots.push(in_ivr);
                (ivr.slots.len() - 1) as u32
            }
        };
        self.ivr_listen(slot, observer);
    }

    /// The caller in IVR slot `slot` starts its current menu's prompt.
    fn ivr_listen<O: Observer>(&mut self, slot: u32, observer: &mut O) {
        let caller = &mut self.ivr.slots[slot as usize];
        let (entry, node, who) = (caller.entry, caller.node, caller.caller);
        observer.observe(
            self.now,
            Observation::IvrVisit {
                entry,
                node,
                caller: who,
            },
        );
        let prompt = self.model.ivr_node(node).prompt.sample(&mut caller.rng);
        self.events.schedule_ivr_step(self.now + prompt, slot);
    }

    /// The caller in IVR slot `slot` heard the prompt and chooses.
    pub(super) fn ivr_step<O: Observer>(&mut self, slot: u32, observer: &mut O) {
        let t = self.now;
        let model = self.model;
        let caller = &mut self.ivr.slots[slot as usize];
        let u: f64 = caller.rng.random();
        let (entry, entered_s, repeat, who) =
            (caller.entry, caller.entered_s, caller.repeat, caller.caller);
        match model.ivr_node(caller.node).choose(u) {
            MenuChoice::Node(next) => {
                caller.node = next;
                self.ivr_listen(slot, observer);
            }
            MenuChoice::Queue(call_type) => {
                // Attributes from the caller's own stream, apart from its path:
                // another menu changes neither the other callers nor this one.
                let mut rng = caller_stream(who.id, who.attempt, CallerPurpose::Attributes);
                let spec = model.call_type(call_type);
                let attributes = Attributes::draw(spec, &mut rng).at_interval_aht(spec, model, t);
                self.ivr.free.push(slot);
                let exit = IvrExit::Queue(call_type);
                observer.observe(
                    t,
                    Observation::IvrExit {
                        entry,
                        entered_s,
                        exit,
                        caller: who,
                        repeat,
                    },
                );
                if self.closed && model.after_close == AfterClose::Drop {
                    // The queues closed while this caller was in the menus.
                    observer.observe(
                        t,
                        Observation::Arrival {
                            call_type,
                            repeat,
                            caller: who,
                            patience_s: attributes.patience_s,
                        },
                    );
                    observer.observe(
                        t,
                        Observation::Queued {
                            call_type,
                            waiting: 1,
                        },
                    );
                    observer.observe(
                        t,
                        Observation::Dropped {
                            call_type,
                            arrival_s: t,
                            caller: who,
                            repeat,
                        },
                    );
                    self.release_line();
                    return;
                }
                let origin = SourceId::Entry(entry);
                self.offer::<false, O>(call_type, attributes, origin, who, repeat, observer);
            }
            choice @ (MenuChoice::SelfService | MenuChoice::HangUp) => {
                self.ivr.free.push(slot);
                self.release_line();
                let exit = if choice == MenuChoice::SelfService {
                    IvrExit::SelfService
                } else {
                    IvrExit::HangUp
                };
                observer.observe(
                    t,
                    Observation::IvrExit {
                        entry,
                        entered_s,
                        exit,
                        caller: who,
                        repeat,
                    },
                );
            }
        }
    }
}
