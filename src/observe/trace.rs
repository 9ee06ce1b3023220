//! `--trace N`: the first N events of a replication, one line each: the
//! clock time, the simulated seconds, and what happened, with the caller's
//! number (the calls log's caller id) and the patience it drew.

use std::fmt::Write as _;

use super::{Caller, IvrExit, Observation, Observer, Repeat};
use crate::model::{CallTypeId, EntryId, GroupId, SourceId};

/// Names to print events with.
struct Names {
    call_types: Vec<String>,
    groups: Vec<String>,
    entries: Vec<String>,
    ivr_nodes: Vec<String>,
    campaigns: Vec<String>,
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

/// The clock time of a simulated time, as the scenario's calendar reads it.
pub type Clock = Box<dyn Fn(f64) -> String + Send + Sync>;

/// One traced event: when (clock time and simulated seconds) and what.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TraceEvent {
    /// "08:00:06.499"; `None` without a calendar to read it from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clock: Option<String>,
    pub t_s: f64,
    /// What kind of event: "arrival", "answered", "abandoned", …; empty for
    /// the calendar's own (an interval starts, the center closes).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub kind: String,
    pub event: String,
}

/// Width of the kind column of the trace's lines.
const KIND_WIDTH: usize = 12;

/// The events as the terminal shows them, one line each.
pub fn trace_text(events: &[TraceEvent]) -> String {
    let mut out = String::new();
    for e in events {
        if let Some(clock) = &e.clock {
            let _ = write!(out, "{clock}  ");
        }
        let _ = writeln!(
            out,
            "{:>11.3} s  {:<width$}{}",
            e.t_s,
            e.kind,
            e.event,
            width = if e.kind.is_empty() { 0 } else { KIND_WIDTH }
        );
    }
    out
}

/// Keeps the first `limit` events; after that, does nothing.
pub struct Tracer {
    limit: usize,
    names: Names,
    clock: Option<Clock>,
    events: Vec<TraceEvent>,
}

impl Tracer {
    pub fn new(limit: usize, call_types: Vec<String>, groups: Vec<String>) -> Self {
        Self {
            limit,
            names: Names {
                call_types,
                groups,
                entries: Vec::new(),
                ivr_nodes: Vec::new(),
                campaigns: Vec::new(),
            },
            clock: None,
            events: Vec::new(),
        }
    }

    /// Each line starts with the clock time `clock` gives ("08:00:06.499").
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Names of the entry numbers and IVR nodes, for scenarios with an IVR.
    pub fn with_ivr(mut self, entries: Vec<String>, ivr_nodes: Vec<String>) -> Self {
        self.names.entries = entries;
        self.names.ivr_nodes = ivr_nodes;
        self
    }

    /// Names of the outbound campaigns, for scenarios with some.
    pub fn with_campaigns(mut self, campaigns: Vec<String>) -> Self {
        self.names.campaigns = campaigns;
        self
    }

    /// The events traced so far.
    pub fn into_events(self) -> Vec<TraceEvent> {
        self.events
    }
}

impl Observer for Tracer {
    fn observe(&mut self, t: f64, what: Observation<'_>) {
        if self.events.len() < self.limit
            && let Some((kind, event)) = describe(&self.names, t, what)
        {
            self.events.push(TraceEvent {
                clock: self.clock.as_ref().map(|clock| clock(t)),
                t_s: t,
                kind: kind.to_string(),
                event,
            });
        }
    }
}

/// The kind and the text of an observation's trace line ("" for the
/// calendar's own), or `None` for those not traced.
fn describe(n: &Names, t: f64, what: Observation<'_>) -> Option<(&'static str, String)> {
    Some(match what {
        Observation::IntervalStarted { interval } => ("", format!("interval {interval} starts")),
        Observation::Closed => ("", "closing time: no new calls".into()),
        Observation::Emptied => ("", "the center is empty until it opens again".into()),
        Observation::Attempt {
            source: SourceId::Entry(e),
            repeat,
            caller,
        } => (
            "call",
            format!("{} {}{}", n.entry(e), who(caller), repeat_note(repeat)),
        ),
        Observation::Blocked { source, .. } => {
            ("blocked", format!("{}: every line busy", n.source(source)))
        }
        Observation::ProactiveAvoided { call_type } => (
            "avoided",
            format!("{} (proactive notification)", n.call_type(call_type)),
        ),
        Observation::IvrVisit {
            entry,
            node,
            caller,
        } => (
            "IVR",
            format!(
                "{} {}: {}",
                n.entry(entry),
                who(caller),
                n.ivr_nodes[node.index()]
            ),
        ),
        Observation::IvrExit {
            entry,
            entered_s,
            exit,
            caller,
            ..
        } => {
            let how = match exit {
                IvrExit::Queue(c) => format!("to queue {}", n.call_type(c)),
                IvrExit::SelfService => "self-service".to_string(),
                IvrExit::HangUp => "hung up".to_string(),
            };
            (
                "IVR exit",
                format!(
                    "{} {}: {how} after {:.3} s",
                    n.entry(entry),
                    who(caller),
                    t - entered_s
                ),
            )
        }
        Observation::Arrival {
            call_type,
            repeat,
            caller,
            patience_s,
        } => (
            "arrival",
            format!(
                "{} {}{}{}",
                n.call_type(call_type),
                who(caller),
                repeat_note(repeat),
                match patience_s {
                    Some(p) => format!("; patience {p:.1} s"),
                    None => String::new(),
                }
            ),
        ),
        Observation::CallbackOffered { call_type } => (
            "callback",
            format!("offered to a {} caller", n.call_type(call_type)),
        ),
        Observation::CallbackAccepted { call_type, .. } => (
            "callback",
            format!("accepted by a {} caller", n.call_type(call_type)),
        ),
        Observation::CallbackServed(call) => (
            "callback",
            format!(
                "{} made by {} agent {} {:.3} s after the request",
                n.call_type(call.call_type),
                n.group(call.group),
                call.agent.index(),
                call.wait_s
            ),
        ),
        Observation::Balked {
            call_type,
            waiting,
            caller,
            ..
        } => (
            "balked",
            format!(
                "{} {}: {waiting} waiting, leaves at once",
                n.call_type(call_type),
                who(caller)
            ),
        ),
        Observation::QueueFull {
            call_type, caller, ..
        } => (
            "blocked",
            format!(
                "{} {}: the queue is full",
                n.call_type(call_type),
                who(caller)
            ),
        ),
        Observation::Queued { call_type, waiting } => (
            "queued",
            format!("{} ({waiting} waiting)", n.call_type(call_type)),
        ),
        Observation::Answered(call) | Observation::ChatAnswered(call) => (
            "answered",
            format!(
                "{} {} by {} agent {} after {:.3} s; talk {:.1} s + after-call work {:.1} s",
                n.call_type(call.call_type),
                who(call.caller),
                n.group(call.group),
                call.agent.index(),
                call.wait_s,
                call.talk_s,
                call.after_call_work_s
            ),
        ),
        Observation::ChatEnded { chat, .. } => (
            "chat ended",
            format!(
                "{} {} with {} agent {} after {:.1} s of handling",
                n.call_type(chat.call_type),
                who(chat.caller),
                n.group(chat.group),
                chat.agent.index(),
                chat.talk_s + chat.after_call_work_s
            ),
        ),
        Observation::Abandoned {
            call_type,
            arrival_s,
            caller,
            ..
        } => (
            "abandoned",
            format!(
                "{} {} after {:.3} s",
                n.call_type(call_type),
                who(caller),
                t - arrival_s
            ),
        ),
        Observation::Dropped {
            call_type,
            arrival_s,
            caller,
            ..
        } => (
            "dropped",
            format!(
                "{} {} at closing after {:.3} s",
                n.call_type(call_type),
                who(caller),
                t - arrival_s
            ),
        ),
        Observation::AgentFree { group, agent } => (
            "agent free",
            format!("{} agent {}", n.group(group), agent.index()),
        ),
        Observation::AgentsChanged { group, present } => (
            "staffing",
            format!("{}: {present} agents present", n.group(group)),
        ),
        Observation::Dialed { campaign } => ("dial", n.campaigns[campaign].clone()),
        Observation::DialEnded { campaign, reached } => (
            "dial ended",
            format!(
                "{}: {}",
                n.campaigns[campaign],
                if reached { "answered" } else { "no answer" }
            ),
        ),
        Observation::OutboundConnected(call) => (
            "connected",
            format!(
                "{} to {} agent {} after {:.3} s held; talk {:.1} s + after-call work {:.1} s",
                n.campaigns[call.campaign],
                n.group(call.group),
                call.agent.index(),
                call.waited_s,
                call.talk_s,
                call.after_call_work_s
            ),
        ),
        Observation::Nuisance { campaign, waited_s } => (
            "nuisance",
            format!(
                "{}: no agent free after {waited_s:.3} s, dropped by the dialer",
                n.campaigns[campaign]
            ),
        ),
        _ => return None,
    })
}

/// "caller 12", the calls log's caller id; "caller 12, attempt 2" on a repeat.
fn who(caller: Caller) -> String {
    if caller.attempt == 0 {
        format!("caller {}", caller.number)
    } else {
        format!("caller {}, attempt {}", caller.number, caller.attempt + 1)
    }
}

fn repeat_note(repeat: Repeat) -> &'static str {
    match repeat {
        Repeat::First => "",
        Repeat::Retrial => " (retrial)",
        Repeat::Recontact => " (recontact)",
        Repeat::Transfer => " (transferred)",
    }
}
