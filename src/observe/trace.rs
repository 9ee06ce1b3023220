//! `--trace N`: the first N events of a replication, one line each.

use std::fmt::Write as _;

use super::{IvrExit, Observation, Observer, Repeat};
use crate::model::{CallTypeId, EntryId, GroupId, SourceId};

/// Names to print events with.
struct Names {
    call_types: Vec<String>,
    groups: Vec<String>,
    entries: Vec<String>,
    ivr_nodes: Vec<String>,
}

impl Names {
    fn source(&self, source: SourceId) -> &str {
        match source {
            SourceId::CallType(c) => self.call_type(c),
            SourceId::Entry(e) => self.entry(e),
        }
    }

    fn call_type(&self, id: CallTypeId) -> &str {
        &self.call_types[id.index()]
    }

    fn group(&self, id: GroupId) -> &str {
        &self.groups[id.index()]
    }

    fn entry(&self, id: EntryId) -> &str {
        &self.entries[id.index()]
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
}

impl Observer for Tracer {
    fn observe(&mut self, t: f64, what: Observation<'_>) {
        if self.written < self.limit
            && let Some(text) = describe(&self.names, t, what)
        {
            let _ = writeln!(self.out, "{t:>11.3} s  {text}");
            self.written += 1;
        }
    }
}

/// The trace line of an observation, or `None` for those not traced.
fn describe(n: &Names, t: f64, what: Observation<'_>) -> Option<String> {
    Some(match what {
        Observation::IntervalStarted { interval } => format!("interval {interval} starts"),
        Observation::Closed => "closing time: no new calls".into(),
        Observation::Emptied => "the center is empty until it opens again".into(),
        Observation::Attempt {
            source: SourceId::Entry(e),
            repeat,
        } => format!("call        {}{}", n.entry(e), repeat_note(repeat)),
        Observation::Blocked { source, .. } => {
            format!("blocked     {}: every line busy", n.source(source))
        }
        Observation::ProactiveAvoided { call_type } => format!(
            "avoided     {} (proactive notification)",
            n.call_type(call_type)
        ),
        Observation::IvrVisit { entry, node } => {
            format!(
                "IVR         {}: {}",
                n.entry(entry),
                n.ivr_nodes[node.index()]
            )
        }
        Observation::IvrExit {
            entry,
            entered_s,
            exit,
            ..
        } => {
            let how = match exit {
                IvrExit::Queue(c) => format!("to queue {}", n.call_type(c)),
                IvrExit::SelfService => "self-service".to_string(),
                IvrExit::HangUp => "hung up".to_string(),
            };
            format!(
                "IVR exit    {}: {how} after {:.3} s",
                n.entry(entry),
                t - entered_s
            )
        }
        Observation::Arrival { call_type, repeat } => format!(
            "arrival     {}{}",
            n.call_type(call_type),
            repeat_note(repeat)
        ),
        Observation::CallbackOffered { call_type } => {
            format!("callback    offered to a {} caller", n.call_type(call_type))
        }
        Observation::CallbackAccepted { call_type, .. } => format!(
            "callback    accepted by a {} caller",
            n.call_type(call_type)
        ),
        Observation::CallbackServed(call) => format!(
            "callback    {} made by {} agent {} {:.3} s after the request",
            n.call_type(call.call_type),
            n.group(call.group),
            call.agent.index(),
            call.wait_s
        ),
        Observation::Queued { call_type, waiting } => {
            format!("queued      {} ({waiting} waiting)", n.call_type(call_type))
        }
        Observation::Answered(call) => format!(
            "answered    {} by {} agent {} after {:.3} s; talk {:.1} s + after-call work {:.1} s",
            n.call_type(call.call_type),
            n.group(call.group),
            call.agent.index(),
            call.wait_s,
            call.talk_s,
            call.after_call_work_s
        ),
        Observation::Abandoned {
            call_type,
            arrival_s,
            ..
        } => format!(
            "abandoned   {} after {:.3} s",
            n.call_type(call_type),
            t - arrival_s
        ),
        Observation::Dropped {
            call_type,
            arrival_s,
            ..
        } => format!(
            "dropped     {} at closing after {:.3} s",
            n.call_type(call_type),
            t - arrival_s
        ),
        Observation::AgentFree { group, agent } => {
            format!("agent free  {} agent {}", n.group(group), agent.index())
        }
        Observation::AgentsChanged { group, present } => {
            format!("staffing    {}: {present} agents present", n.group(group))
        }
        _ => return None,
    })
}

fn repeat_note(repeat: Repeat) -> &'static str {
    match repeat {
        Repeat::First => "",
        Repeat::Retrial => " (retrial)",
        Repeat::Recontact => " (recontact)",
    }
}
