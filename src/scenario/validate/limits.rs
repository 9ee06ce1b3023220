//! How large a scenario may be. Scenario files are at most 16 MiB, but one
//! short line (`calls_per_interval = 5`) expands to a value per interval:
//! these keep a scenario within what a run can hold.

use super::check::FieldPath;
use super::simulation::Day;
use crate::scenario::error::FieldError;
use crate::scenario::raw::{RawScenario, ShiftStarts};

/// Intervals per day at most: a year of 5-minute intervals.
pub const MAX_INTERVALS: usize = 105_120;
/// Days a scenario may cover (`simulation.days`): a leap year.
pub const MAX_DAYS: usize = 366;
pub const MAX_REPLICATIONS: u32 = 1_000_000;
pub const MAX_AGENTS: u64 = 1_000_000;
pub const MAX_CALLS_PER_INTERVAL: f64 = 1e8;

/// The most tables of each kind a scenario may have, and the most items of
/// the lists that are not per interval (for empirical values see
/// [`crate::distribution::MAX_EMPIRICAL_VALUES`]).
pub const MAX_CALL_TYPES: usize = 1000;
pub const MAX_AGENT_GROUPS: usize = 1000;
pub const MAX_ENTRIES: usize = 1000;
/// The most outbound campaigns: each is looked at after every event.
pub const MAX_CAMPAIGNS: usize = 100;
pub const MAX_IVR_NODES: usize = 500;
pub const MAX_IVR_OPTIONS: usize = 100;
pub const MAX_SHIFTS: usize = 1000;
/// Shift patterns once every start time is counted.
pub const MAX_SHIFT_PATTERNS: usize = 10_000;
pub const MAX_BREAKS: usize = 50;
/// Tables (call types, groups, entries, IVR menus) × intervals.
pub const MAX_TABLE_INTERVALS: usize = 2_000_000;

/// Every way the scenario is larger than it may be: more tables, options,
/// breaks or shift patterns, or more values per interval, than allowed.
/// `day` is `None` when `[simulation]` gives no valid day.
pub(super) fn exceeded(raw: &RawScenario, day: Option<&Day>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut too_many = |list: &FieldPath, count: usize, max: usize, what: &str| {
        if count > max {
            errors.push(list.at(max).error(format!(
                "the scenario has {count} {what}, more than the {max} it may have"
            )));
        }
    };
    let lists = [
        ("call_type", raw.call_types.len(), MAX_CALL_TYPES),
        ("agent_group", raw.agent_groups.len(), MAX_AGENT_GROUPS),
        ("entry", raw.entries.len(), MAX_ENTRIES),
        ("outbound", raw.outbound.len(), MAX_CAMPAIGNS),
        ("ivr_node", raw.ivr_nodes.len(), MAX_IVR_NODES),
        ("shift", raw.shifts.len(), MAX_SHIFTS),
    ];
    for (list, count, max) in lists {
        too_many(
            &FieldPath::top(list),
            count,
            max,
            &format!("[[{list}]] tables"),
        );
    }
    let nodes = FieldPath::top("ivr_node");
    for (n, node) in raw.ivr_nodes.iter().enumerate() {
        let options = node.options.len();
        if options > MAX_IVR_OPTIONS {
            errors.push(nodes.at(n).key("options").at(MAX_IVR_OPTIONS).error(format!(
                "the menu has {options} options, more than the {MAX_IVR_OPTIONS} a menu may have"
            )));
        }
    }
    let shifts = FieldPath::top("shift");
    for (i, shift) in raw.shifts.iter().enumerate() {
        let breaks = shift.breaks.len();
        if breaks > MAX_BREAKS {
            errors.push(shifts.at(i).key("breaks").at(MAX_BREAKS).error(format!(
                "the shift has {breaks} breaks, more than the {MAX_BREAKS} a shift may have"
            )));
        }
    }
    let patterns: usize = raw
        .shifts
        .iter()
        .map(|s| match &s.start {
            ShiftStarts::List(items) => items.len(),
            ShiftStarts::One(_) => 1,
        })
        .sum();
    if patterns > MAX_SHIFT_PATTERNS {
        errors.push(shifts.error(format!(
            "the [[shift]] tables give {patterns} patterns (one per start time), more than the {MAX_SHIFT_PATTERNS} a scenario may have"
        )));
    }
    if let Some(day) = day {
        errors.extend(values_per_interval(raw, day));
    }
    errors
}

/// Every table holds a value per interval (volumes, agents, KPIs): their
/// product is what a run keeps in memory many times over.
fn values_per_interval(raw: &RawScenario, day: &Day) -> Option<FieldError> {
    let intervals = day.intervals;
    let tables =
        raw.call_types.len() + raw.agent_groups.len() + raw.entries.len() + raw.ivr_nodes.len();
    (tables.saturating_mul(intervals) > MAX_TABLE_INTERVALS).then(|| {
        day.count_key.error(format!(
            "{intervals} intervals × {tables} tables (call types, agent groups, entries and IVR menus) make {} per-interval values, more than the {MAX_TABLE_INTERVALS} a scenario may have: use longer intervals or fewer tables",
            tables * intervals
        ))
    })
}
