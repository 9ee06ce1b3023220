//! The staffing planner: how many agents per interval, and on which shifts.
//!
//! 1. [`erlang_seeds`]: per group and interval, the Erlang C/A answer for the
//!    call types the group is the primary server of (the start of the search).
//! 2. [`required_staffing`]: the fewest agents per group and interval whose
//!    **simulated** KPIs meet the scenario's targets in every interval of the
//!    whole day (a backlog carries over), searched with common random numbers:
//!    every candidate staffing sees the same callers.
//! 3. [`schedule_shifts`]: how many agents work each allowed shift pattern so
//!    that the heads needed after shrinkage are covered at least cost (a MIP
//!    solved by good_lp's pure-Rust microlp backend).
//! 4. [`plan`]: all of the above, then the scheduled staffing re-simulated.
//!
//! The guide's page docs/src/planner/staff.md describes the algorithm for planners.
//!
//! ```
//! use callsim::scenario::Scenario;
//! use callsim::staffing::{plan, PlanOptions};
//!
//! let scenario = Scenario::from_toml(r#"
//!     [simulation]
//!     seed = 1
//!     replications = 20
//!     interval_min = 30
//!     open = "08:00"
//!     close = "12:00"
//!
//!     [[call_type]]
//!     name = "support"
//!     calls_per_interval = [40, 80, 120, 60, 40, 30, 20, 20]
//!     handle = { dist = "exponential", mean_s = 240 }
//!     patience = { dist = "exponential", mean_s = 180 }
//!
//!     [[agent_group]]
//!     name = "team"
//!     agents = 10                    # replaced by the plan
//!     skills = ["support"]
//!
//!     [targets]
//!     service_level_pct = 80
//!     answer_within_s = 20
//!
//!     [shrinkage]
//!     absenteeism_pct = 10
//!
//!     [[shift]]
//!     name = "two hours"
//!     start = ["08:00", "09:00", "10:00"]
//!     length_min = 120
//! "#, "example.toml", &[])?;
//!
//! let plan = plan(&scenario, &PlanOptions::default())?;
//! let required = &plan.requirement.agents[0];   // agents on the phones per half hour
//! let schedule = &plan.scheduled.as_ref().unwrap().schedules[0];
//! for k in 0..8 {
//!     // Heads after 10 % shrinkage, and the shifts cover them.
//!     assert!(plan.heads[0][k] as f64 * 0.9 >= required[k] as f64);
//!     assert!(schedule.on_shift[k] >= plan.heads[0][k]);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod plan;
mod search;
mod shifts;

use thiserror::Error;

use crate::erlang::ErlangError;
use crate::run::replicate::RunError;

pub use plan::{Plan, PlanOptions, ScheduledStaffing, Unrepaired, plan};
pub use search::{
    Criterion, MissedTarget, Requirement, SearchOptions, Shortfall, erlang_seeds, primary_groups,
    required_staffing, shortfalls,
};
pub use shifts::{
    MipOptions, MipStatus, Schedule, ShiftInstance, UsedShift, schedule_shifts, shift_instances,
};

/// Why a staffing plan cannot be made. Every message is one sentence that
/// names the interval (and group) at fault.
#[derive(Debug, Error)]
pub enum StaffingError {
    #[error(
        "the scenario has no targets to staff for: give [targets] service_level_pct, max_abandon_pct, max_asa_s or max_occupancy_pct"
    )]
    NoTargets,

    #[error(
        "call type \"{call_type}\" has no patience, so nobody abandons and max_abandon_pct alone asks for no agent: add service_level_pct, max_asa_s or max_occupancy_pct to [targets]"
    )]
    AbandonmentOnly { call_type: String },

    #[error(
        "call type \"{call_type}\" has no target while others set their own: give it `targets = {{ service_level_pct = ... }}` or set the target in [targets] for every call type"
    )]
    UntargetedType { call_type: String },

    #[error("interval {interval}, group \"{group}\": Erlang cannot seed the search: {source}")]
    Erlang {
        interval: String,
        group: String,
        source: ErlangError,
    },

    #[error(
        "interval {interval}: the targets are not met even with {agents} agents in group \"{group}\" (the most the search may try{hint}): {shortfalls}"
    )]
    Unreachable {
        interval: String,
        group: String,
        agents: u32,
        hint: String,
        shortfalls: String,
    },

    #[error(
        "{location}: no shift pattern of group \"{group}\" has agents at work in interval {interval} (the shifts' hours and breaks leave it out), but it needs {heads} agents scheduled; add a [[shift]] start time or pattern that works then"
    )]
    Uncovered {
        /// `file:line: shift[i].start` of the group's first pattern.
        location: String,
        interval: String,
        group: String,
        heads: u32,
    },

    #[error(
        "{location}: max_agents leaves group \"{group}\" at most {most} agents at work in interval {interval}, but it needs {heads} agents scheduled; raise max_agents or add a [[shift]] pattern that works then"
    )]
    ShiftLimits {
        /// `file:line: shift[i]` of the limited table.
        location: String,
        interval: String,
        group: String,
        heads: u32,
        most: u32,
    },

    #[error("the shift schedule for group \"{group}\" cannot be solved: {message}")]
    Solver { group: String, message: String },

    #[error("{0}")]
    Run(#[from] RunError),
}
