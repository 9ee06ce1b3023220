//! E-mails (and tickets): contacts that hold no line, never hang up (they
//! may expire), and wait as long as it takes, overnight included. A free
//! agent opens one only when no call or chat of its skills waits (the
//! routers look at e-mail skills last), and finishes it once opened: a call
//! that arrives meanwhile waits (e-mails are not interrupted). After closing,
//! agents serve the last callers and go home: the e-mail backlog is carried
//! to the next day, and left at the end (`Unfinished`) after the last.

use super::{Engine, Router};
use crate::model::{CallTypeId, Channel, GroupId};
use crate::observe::Observer;

impl<R: Router> Engine<'_, R> {
    /// The e-mails already waiting when the first day opens (`backlog_start`),
    /// arriving at time 0 from their types' streams as the day's e-mails do.
    /// Kept out of line: the replication's loop stays as small as without e-mails.
    #[inline(never)]
    pub(super) fn start_backlog<O: Observer>(&mut self, observer: &mut O) {
        for c in self.model.call_type_ids() {
            let backlog = self.model.call_type(c).email.map_or(0, |e| e.backlog_start);
            for _ in 0..backlog {
                self.first_direct_call(c, observer);
            }
        }
    }

    /// Whether `call_type`'s waiting contacts keep agents and the night
    /// going: every type's but e-mails'.
    #[inline]
    fn holds_the_night(&self, call_type: CallTypeId) -> bool {
        !self.uses().emails || self.model.call_type(call_type).channel != Channel::Email
    }

    /// Whether a contact that is not an e-mail waits.
    pub(super) fn calls_waiting(&self) -> bool {
        if !self.uses().emails {
            return !self.queues.is_empty();
        }
        self.model
            .call_type_ids()
            .any(|c| self.holds_the_night(c) && self.queues.len(c) > 0)
    }

    /// Whether a contact that is not an e-mail waits for `group`'s skills.
    pub(super) fn calls_waiting_for(&self, group: GroupId) -> bool {
        self.model
            .group(group)
            .skills
            .iter()
            .any(|&c| self.holds_the_night(c) && self.queues.len(c) > 0)
    }

    /// Whether closing drops `call_type`'s waiting contacts
    /// (`after_close = "drop"`): never an e-mail's.
    pub(super) fn dropped_at_closing(&self, call_type: CallTypeId) -> bool {
        self.holds_the_night(call_type)
    }
}
