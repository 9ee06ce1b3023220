//! The rules the engine follows that a scenario states: what happens at
//! closing, how an idle agent is chosen, and when callers come back or are
//! called back. `scenario` validates them; the engine reads them here.

use serde::Serialize;

use crate::distribution::Distribution;

/// What happens to callers still waiting when the last interval ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AfterClose {
    /// No new calls; the last interval's agents serve the callers still
    /// there, each logging off when nothing is left for it.
    Serve,
    /// Waiting callers are dropped (counted as `dropped_at_close`).
    Drop,
}

/// Abandoned or blocked callers call again with probability `prob` after `delay`.
#[derive(Debug, Clone)]
pub struct Retry {
    pub prob: f64,
    pub delay: Distribution,
    /// The call type the caller tries next time; `None`: where it called.
    pub to: Option<usize>,
}

/// An answered caller calls again with probability 1 − `fcr` after `delay`.
#[derive(Debug, Clone)]
pub struct Recontact {
    pub fcr: f64,
    pub delay: Distribution,
}

/// Balking: a caller who finds `when_waiting` or more callers of its type
/// already waiting (and no agent to answer it at once) leaves at once with
/// probability `prob`, without joining the queue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Balk {
    pub when_waiting: u32,
    pub prob: f64,
}

/// Virtual hold: when the expected wait at arrival exceeds `offer_when_wait_s`,
/// a callback is offered; a share `accept` takes it and hangs up.
#[derive(Debug, Clone, Copy)]
pub struct Callback {
    pub offer_when_wait_s: f64,
    pub accept: f64,
    pub deadline_s: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AgentSelection {
    /// The first group in the call type's preference order with an idle
    /// agent; in it, the agent idle longest.
    #[default]
    LongestIdle,
    /// As above, but the idle agent who has handled the fewest calls.
    FewestCalls,
    /// Groups with the fewest skills first, keeping versatile agents free.
    LeastFlexible,
    /// Among the groups that may take the call now, one at random with
    /// probability in proportion to its idle agents (in it, the agent idle
    /// longest): work spread over groups as their free agents are.
    RandomByIdle,
}

/// What makes a call type an e-mail (or ticket) queue: answered within a
/// window of hours, carried over the night, opened by agents only when no
/// phone call or chat waits for them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Email {
    /// The service-level window: an e-mail opened within it counts as answered in time.
    pub answer_within_s: f64,
    /// An e-mail nobody opened within this long expires (counted as
    /// abandoned); `None`: e-mails wait as long as it takes.
    pub expire_after_s: Option<f64>,
    /// E-mails already waiting when the first day opens.
    pub backlog_start: u32,
}
