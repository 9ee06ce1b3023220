//! `--trace N`: the first N events of a replication, one line each.

use std::fmt::Write as _;

use super::{Answered, IvrExit, Observer, Repeat, Source};
use crate::model::{CallTypeId, GroupId};

/// Names to print events with.
struct Names {
    call_types: Vec<String>,
    groups: Vec<String>,
    entries: Vec<String>,
    ivr_nodes: Vec<String>,
}

impl Names {
    fn source(&self, source: Source) -> &str {
        match source {
            Source::CallType(c) => &self.call_types[c],
            Source::Entry(e) => &self.entries[e],
        }
    }
}

/// Writes the first `limit` events as text lines; after that, does nothing.
pub struct Tracer {
    limit: usize,
    written: usize,
    names: Names,
    out: String,
}

impl Tracer {
    pub fn new(limit: usize, call_types: Vec<String>, groups: Vec<String>) -> Self {
        Self {
            limit,
            written: 0,
            names: Names {
                call_types,
                groups,
                entries: Vec::new(),
                ivr_nodes: Vec::new(),
            },
            out: String::new(),
        }
    }

    /// Names of the entry numbers and IVR nodes, for scenarios with an IVR.
    pub fn with_ivr(mut self, entries: Vec<String>, ivr_nodes: Vec<String>) -> Self {
        self.names.entries = entries;
        self.names.ivr_nodes = ivr_nodes;
        self
    }

    /// The trace so far.
    pub fn into_text(self) -> String {
        self.out
    }

    /// Describes the event only while under the limit (no work afterwards).
    fn emit(&mut self, t: f64, describe: impl FnOnce(&Names) -> String) {
        if self.written < self.limit {
            let text = describe(&self.names);
            let _ = writeln!(self.out, "{t:>11.3} s  {text}");
            self.written += 1;
        }
    }
}

impl Observer for Tracer {
    fn interval_started(&mut self, t: f64, interval: usize) {
        self.emit(t, |_| format!("interval {interval} starts"));
    }
    fn closed(&mut self, t: f64) {
        self.emit(t, |_| "closing time: no new calls".into());
    }
    fn attempt(&mut self, t: f64, source: Source, repeat: Repeat) {
        if let Source::Entry(e) = source {
            self.emit(t, |n| {
                format!("call        {}{}", n.entries[e], repeat_note(repeat))
            });
        }
    }
    fn blocked(&mut self, t: f64, source: Source) {
        self.emit(t, |n| {
            format!("blocked     {}: every line busy", n.source(source))
        });
    }
    fn proactive_avoided(&mut self, t: f64, call_type: CallTypeId) {
        self.emit(t, |n| {
            format!(
                "avoided     {} (proactive notification)",
                n.call_types[call_type]
            )
        });
    }
    fn ivr_visit(&mut self, t: f64, entry: usize, node: usize) {
        self.emit(t, |n| {
            format!("IVR         {}: {}", n.entries[entry], n.ivr_nodes[node])
        });
    }
    fn ivr_exit(&mut self, t: f64, entry: usize, entered_s: f64, exit: IvrExit) {
        self.emit(t, |n| {
            let how = match exit {
                IvrExit::Queue(c) => format!("to queue {}", n.call_types[c]),
                IvrExit::SelfService => "self-service".to_string(),
                IvrExit::HangUp => "hung up".to_string(),
            };
            format!(
                "IVR exit    {}: {how} after {:.3} s",
                n.entries[entry],
                t - entered_s
            )
        });
    }
    fn arrival(&mut self, t: f64, call_type: CallTypeId, repeat: Repeat) {
        self.emit(t, |n| {
            format!(
                "arrival     {}{}",
                n.call_types[call_type],
                repeat_note(repeat)
            )
        });
    }
    fn callback_offered(&mut self, t: f64, call_type: CallTypeId) {
        self.emit(t, |n| {
            format!(
                "callback    offered to a {} caller",
                n.call_types[call_type]
            )
        });
    }
    fn callback_accepted(&mut self, t: f64, call_type: CallTypeId, _arrival_s: f64) {
        self.emit(t, |n| {
            format!(
                "callback    accepted by a {} caller",
                n.call_types[call_type]
            )
        });
    }
    fn callback_served(&mut self, t: f64, call: &Answered) {
        self.emit(t, |n| {
            format!(
                "callback    {} made by {} agent {} {:.3} s after the request",
                n.call_types[call.call_type], n.groups[call.group], call.agent, call.wait_s
            )
        });
    }
    fn queued(&mut self, t: f64, call_type: CallTypeId, waiting: usize) {
        self.emit(t, |n| {
            format!(
                "queued      {} ({waiting} waiting)",
                n.call_types[call_type]
            )
        });
    }
    fn answered(&mut self, t: f64, call: &Answered) {
        self.emit(t, |n| {
            format!(
                "answered    {} by {} agent {} after {:.3} s; talk {:.1} s + after-call work {:.1} s",
                n.call_types[call.call_type],
                n.groups[call.group],
                call.agent,
                call.wait_s,
                call.talk_s,
                call.after_call_work_s
            )
        });
    }
    fn abandoned(&mut self, t: f64, call_type: CallTypeId, arrival_s: f64) {
        self.emit(t, |n| {
            format!(
                "abandoned   {} after {:.3} s",
                n.call_types[call_type],
                t - arrival_s
            )
        });
    }
    fn dropped(&mut self, t: f64, call_type: CallTypeId, arrival_s: f64) {
        self.emit(t, |n| {
            format!(
                "dropped     {} at closing after {:.3} s",
                n.call_types[call_type],
                t - arrival_s
            )
        });
    }
    fn agent_free(&mut self, t: f64, group: GroupId, agent: u32) {
        self.emit(t, |n| {
            format!("agent free  {} agent {agent}", n.groups[group])
        });
    }
    fn agents_changed(&mut self, t: f64, group: GroupId, present: u32) {
        self.emit(t, |n| {
            format!("staffing    {}: {present} agents present", n.groups[group])
        });
    }
}

fn repeat_note(repeat: Repeat) -> &'static str {
    match repeat {
        Repeat::First => "",
        Repeat::Retrial => " (retrial)",
        Repeat::Recontact => " (recontact)",
    }
}
