//! What a scenario or its run deserves a word about without being wrong:
//! each warning says what it is and what to do about it.

use std::fmt;

/// A warning, with its advice.
#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    /// No group serves the call type (allowed by `simulation.allow_unserved`).
    UnservedCallType { name: String },
    /// The groups that serve the call type have no agent in any interval.
    NeverStaffed { name: String },
    /// The run's estimated cost is above the thresholds; `--force` runs it.
    Costly { estimate: String, limits: String },
    /// A share set in an IVR menu (`node`: `ivr_node[n]`): the options not
    /// set were scaled in proportion; `shares` are the menu's now, in %.
    IvrSharesScaled {
        node: String,
        name: String,
        shares: Vec<f64>,
    },
}

impl Warning {
    /// What the warning is about.
    pub fn message(&self) -> String {
        match self {
            Warning::UnservedCallType { name } => format!(
                "no agent group serves call type \"{name}\": its callers can only wait and hang up"
            ),
            Warning::NeverStaffed { name } => format!(
                "the groups that serve call type \"{name}\" have no agent in any interval: none of its calls is answered"
            ),
            Warning::Costly { estimate, limits } => {
                format!("this run needs {estimate}, more than {limits}")
            }
            Warning::IvrSharesScaled { node, name, shares } => {
                let shares: Vec<String> = shares
                    .iter()
                    .map(|s| crate::distribution::show(*s))
                    .collect();
                format!(
                    "{node} \"{name}\": the options' shares are now {} %, the ones not set scaled in proportion so that they sum to 100 %",
                    shares.join(" / ")
                )
            }
        }
    }

    /// What to do about it.
    pub fn advice(&self) -> &'static str {
        match self {
            Warning::UnservedCallType { .. } => {
                "add it to a group's skills, or set simulation.allow_unserved = true"
            }
            Warning::NeverStaffed { .. } => "give its groups agents",
            Warning::Costly { .. } => "running it because of --force",
            Warning::IvrSharesScaled { .. } => "set every option's share to choose them all",
        }
    }
}

/// The sentence printed after `warning:` (and kept in reports): the message,
/// with the advice where acting on it is the reader's next step.
impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // The run goes on as the scenario asked: the advice would repeat it.
            Warning::UnservedCallType { .. }
            | Warning::IvrSharesScaled { .. }
            | Warning::NeverStaffed { .. } => write!(f, "{}", self.message()),
            Warning::Costly { .. } => write!(f, "{}; {}", self.message(), self.advice()),
        }
    }
}

impl From<&Warning> for String {
    fn from(w: &Warning) -> Self {
        w.to_string()
    }
}
