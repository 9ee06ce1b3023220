use thiserror::Error;

/// Why an Erlang computation cannot be done with the given inputs.
///
/// Every message is one sentence a planner can act on; parameter names are
/// the library's (and the CLI's, with dashes) so the user can find the value.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ErlangError {
    #[error("{name} must be a finite number, got {}", crate::distribution::show(*value))]
    NotFinite { name: &'static str, value: f64 },

    #[error("{name} must be {rule}, got {}", crate::distribution::show(*value))]
    OutOfRange {
        name: &'static str,
        rule: &'static str,
        value: f64,
    },

    #[error(
        "the queue is unstable: {agents} agents cannot keep up with {load:.2} Erlangs offered, so the queue grows without bound; \
         Erlang C needs at least {needed} agents for a stable queue (or give a patience for Erlang A)"
    )]
    Unstable { agents: u32, load: f64, needed: u32 },

    #[error(
        "target `{text}` is not of the form PERCENT/SECONDS, e.g. 80/20 for 80 % answered within 20 s"
    )]
    MalformedTarget { text: String },

    #[error(
        "give at least one target (service level, max ASA, max abandonment or max occupancy) to compute staffing"
    )]
    NoTargets,

    #[error(
        "a maximum abandonment needs a patience (Erlang A): Erlang C assumes that nobody abandons"
    )]
    AbandonmentNeedsPatience,

    #[error(
        "no staffing up to {max_agents} agents meets the targets; they are unreachable for this traffic"
    )]
    Unreachable { max_agents: u32 },

    #[error("no count up to {max_lines} lines blocks at most {max_blocking_pct} % of the calls")]
    LinesUnreachable {
        max_lines: u32,
        max_blocking_pct: f64,
    },

    #[error(
        "the Erlang A queue would hold more than {limit} waiting callers at {agents} agents; \
         the load is far beyond the agents: add agents or shorten the patience"
    )]
    QueueTooLong { agents: u32, limit: usize },
}

/// Checks that `value` is finite and satisfies `ok`, naming the parameter otherwise.
pub(crate) fn check(
    name: &'static str,
    value: f64,
    rule: &'static str,
    ok: impl Fn(f64) -> bool,
) -> Result<f64, ErlangError> {
    if !value.is_finite() {
        return Err(ErlangError::NotFinite { name, value });
    }
    if !ok(value) {
        return Err(ErlangError::OutOfRange { name, rule, value });
    }
    Ok(value)
}
