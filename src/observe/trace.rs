//! `--trace N`: the first N events of a replication, one line each.

use std::fmt::Write as _;

use super::{Answered, Observer};
use crate::model::{CallTypeId, GroupId};

/// Names to print events with.
struct Names {
    call_types: Vec<String>,
    groups: Vec<String>,
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
            names: Names { call_types, groups },
            out: String::new(),
        }
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
    fn arrival(&mut self, t: f64, call_type: CallTypeId, _repeat: super::Repeat) {
        self.emit(t, |n| format!("arrival     {}", n.call_types[call_type]));
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
