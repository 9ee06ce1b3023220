//! Raw scenario → typed [`Scenario`]: units converted, every rule checked, and
//! every problem reported with the field path of the value at fault.

mod ivr;
mod progress;
mod routing;

use std::collections::HashMap;

use super::error::FieldError;
use super::raw::{PerInterval, RawAfterClose, RawScenario, RawServiceLevelBasis, ShiftStarts};
use super::{
    AfterClose, AgentGroup, CallType, Scenario, ShiftPattern, Shrinkage, Simulation, Targets,
};
use crate::distribution::{Distribution, show};
use crate::erlang::ServiceLevelBasis;

/// Intervals per day at most: a year of 5-minute intervals.
pub const MAX_INTERVALS: usize = 105_120;
const MAX_REPLICATIONS: u32 = 1_000_000;
pub const MAX_AGENTS: u64 = 1_000_000;
pub const MAX_CALLS_PER_INTERVAL: f64 = 1e8;
const DEFAULT_ANSWER_WITHIN_S: f64 = 20.0;
const MAX_PRIORITY: i64 = 1_000_000;

pub(super) fn whole_in_range(field: &str, v: i64, min: i64, max: i64) -> Check<i64> {
    if (min..=max).contains(&v) {
        Ok(v)
    } else if max == i64::MAX {
        Err(FieldError::new(
            field,
            format!("must be a whole number >= {min}, got {v}"),
        ))
    } else {
        Err(FieldError::new(
            field,
            format!("must be a whole number from {min} to {max}, got {v}"),
        ))
    }
}

pub(super) type Check<T> = Result<T, FieldError>;

/// The most tables of each kind a scenario may have, and the most items of
/// the lists that are not per interval (for empirical values see
/// [`crate::distribution::MAX_EMPIRICAL_VALUES`]). Scenario files are at most 16 MiB,
/// but one short line (`calls_per_interval = 5`) expands to a value per
/// interval: these keep a scenario within what a run can hold.
pub const MAX_CALL_TYPES: usize = 1000;
pub const MAX_AGENT_GROUPS: usize = 1000;
pub const MAX_ENTRIES: usize = 1000;
pub const MAX_IVR_NODES: usize = 500;
pub const MAX_IVR_OPTIONS: usize = 100;
pub const MAX_SHIFTS: usize = 1000;
/// Shift patterns once every start time is counted.
pub const MAX_SHIFT_PATTERNS: usize = 10_000;
pub const MAX_BREAKS: usize = 50;
/// Tables (call types, groups, entries, IVR menus) × intervals.
pub const MAX_TABLE_INTERVALS: usize = 2_000_000;

/// Refuses more tables, options, breaks or empirical values than a scenario may have.
fn table_counts(raw: &RawScenario) -> Check<()> {
    let too_many = |list: &str, count: usize, max: usize, what: &str| {
        if count > max {
            Err(FieldError::new(
                format!("{list}[{max}]"),
                format!("the scenario has {count} {what}, more than the {max} it may have"),
            ))
        } else {
            Ok(())
        }
    };
    too_many(
        "call_type",
        raw.call_types.len(),
        MAX_CALL_TYPES,
        "[[call_type]] tables",
    )?;
    too_many(
        "agent_group",
        raw.agent_groups.len(),
        MAX_AGENT_GROUPS,
        "[[agent_group]] tables",
    )?;
    too_many("entry", raw.entries.len(), MAX_ENTRIES, "[[entry]] tables")?;
    too_many(
        "ivr_node",
        raw.ivr_nodes.len(),
        MAX_IVR_NODES,
        "[[ivr_node]] tables",
    )?;
    too_many("shift", raw.shifts.len(), MAX_SHIFTS, "[[shift]] tables")?;
    for (n, node) in raw.ivr_nodes.iter().enumerate() {
        if node.options.len() > MAX_IVR_OPTIONS {
            return Err(FieldError::new(
                format!("ivr_node[{n}].options[{MAX_IVR_OPTIONS}]"),
                format!(
                    "the menu has {} options, more than the {MAX_IVR_OPTIONS} a menu may have",
                    node.options.len()
                ),
            ));
        }
    }
    for (i, shift) in raw.shifts.iter().enumerate() {
        if shift.breaks.len() > MAX_BREAKS {
            return Err(FieldError::new(
                format!("shift[{i}].breaks[{MAX_BREAKS}]"),
                format!(
                    "the shift has {} breaks, more than the {MAX_BREAKS} a shift may have",
                    shift.breaks.len()
                ),
            ));
        }
    }
    let patterns: usize = raw
        .shifts
        .iter()
        .map(|s| match &s.start {
            ShiftStarts::List(items) => items.len(),
            _ => 1,
        })
        .sum();
    if patterns > MAX_SHIFT_PATTERNS {
        return Err(FieldError::new(
            "shift",
            format!(
                "the [[shift]] tables give {patterns} patterns (one per start time), more than the {MAX_SHIFT_PATTERNS} a scenario may have"
            ),
        ));
    }
    Ok(())
}

/// The longest name of a call type, group, entry, IVR node or shift.
pub const MAX_NAME_CHARS: usize = 100;

/// Characters a name may not hold: control characters (newline, NUL, the
/// escape that starts terminal colour codes) and the invisible format
/// characters that reorder or hide text (bidirectional overrides, zero-width
/// spaces), which would make two different names print alike.
fn hidden_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

/// `text` with every hidden character written as an escape (`\n`, `\u{1b}`),
/// safe to print in a message.
pub fn printable(text: &str) -> String {
    if !text.chars().any(hidden_char) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if hidden_char(c) {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A name used to refer to something (a skill, a queue, a group): trimmed,
/// without hidden characters and not longer than a name may be.
pub(super) fn reference<'a>(field: &str, text: &'a str) -> Check<&'a str> {
    let trimmed = text.trim();
    if trimmed.chars().any(hidden_char) {
        return Err(FieldError::new(
            field,
            format!(
                "must not contain control or invisible characters (a newline, tab, NUL, escape or bidirectional mark), got \"{}\"",
                printable(trimmed)
            ),
        ));
    }
    let chars = trimmed.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(FieldError::new(
            field,
            format!("is {chars} characters long: a name has at most {MAX_NAME_CHARS}"),
        ));
    }
    Ok(trimmed)
}

/// A name given to something: as [`reference`], and not empty.
pub(super) fn checked_name<'a>(field: &str, text: &'a str) -> Check<&'a str> {
    let name = reference(field, text)?;
    if name.is_empty() {
        return Err(FieldError::new(field, "must not be empty"));
    }
    Ok(name)
}

fn finite(field: &str, v: f64) -> Check<f64> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(FieldError::new(
            field,
            format!("must be a finite number, got {v}"),
        ))
    }
}

pub(super) fn in_range(field: &str, v: f64, rule: &str, ok: impl Fn(f64) -> bool) -> Check<f64> {
    finite(field, v)?;
    if ok(v) {
        Ok(v)
    } else {
        Err(FieldError::new(
            field,
            format!("must be {rule}, got {}", show(v)),
        ))
    }
}

/// "HH:MM" → minutes after midnight (24:00 allowed as a closing time). A TOML
/// time value (`open = 08:00`, read back as "08:00:00") is accepted too.
fn clock(field: &str, text: &str) -> Check<u32> {
    let bad = || {
        FieldError::new(
            field,
            format!("must be a time of day written HH:MM, e.g. \"08:00\", got \"{text}\""),
        )
    };
    let hh_mm = text
        .strip_suffix(":00")
        .filter(|t| t.len() == 5)
        .unwrap_or(text);
    let (h, m) = hh_mm.split_once(':').ok_or_else(bad)?;
    let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if m >= 60 || h > 24 || (h == 24 && m > 0) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// A number for every interval, or a list with one per interval.
fn per_interval(
    field: &str,
    value: &PerInterval,
    intervals: usize,
    check: impl Fn(&str, f64) -> Check<f64>,
) -> Check<Vec<f64>> {
    match value {
        PerInterval::List(items) => {
            if items.len() != intervals {
                return Err(FieldError::new(
                    field,
                    format!(
                        "has {} values but the day has {intervals} intervals: give one per interval, or a single number for all",
                        items.len()
                    ),
                ));
            }
            items
                .iter()
                .enumerate()
                .map(|(i, &item)| check(&format!("{field}[{i}]"), item))
                .collect()
        }
        &PerInterval::One(v) => Ok(vec![check(field, v)?; intervals]),
    }
}

/// The volume of a call type or entry at `at`: calls per interval from
/// `calls_per_interval` or `calls_per_hour`; `None` when neither is given.
pub(super) fn volume(
    at: &str,
    calls_per_interval: Option<&PerInterval>,
    calls_per_hour: Option<&PerInterval>,
    intervals: usize,
    interval_s: f64,
) -> Check<Option<Vec<f64>>> {
    let volume_check = |field: &str, v: f64| {
        in_range(field, v, ">= 0 and at most 100000000", |v| {
            (0.0..=MAX_CALLS_PER_INTERVAL).contains(&v)
        })
    };
    match (calls_per_interval, calls_per_hour) {
        (Some(v), None) => per_interval(
            &format!("{at}.calls_per_interval"),
            v,
            intervals,
            volume_check,
        )
        .map(Some),
        (None, Some(v)) => {
            let field = format!("{at}.calls_per_hour");
            let volume: Vec<f64> = per_interval(&field, v, intervals, volume_check)?
                .into_iter()
                .map(|per_hour| per_hour * interval_s / 3600.0)
                .collect();
            // The limit is on calls per interval, whatever unit they were given in.
            if let Some(&most) = volume.iter().find(|&&v| v > MAX_CALLS_PER_INTERVAL) {
                return Err(FieldError::new(
                    field,
                    format!(
                        "gives {} calls in a {}-minute interval, more than 100000000",
                        show(most),
                        interval_s / 60.0
                    ),
                ));
            }
            Ok(Some(volume))
        }
        (Some(_), Some(_)) => Err(FieldError::new(
            format!("{at}.calls_per_hour"),
            "give calls_per_interval or calls_per_hour, not both",
        )),
        (None, None) => Ok(None),
    }
}

/// A percentage in [0, 100] as a share.
pub(super) fn percent(field: &str, v: f64) -> Check<f64> {
    in_range(field, v, "a percentage from 0 to 100", |v| {
        (0.0..=100.0).contains(&v)
    })
    .map(|v| v / 100.0)
}

pub(super) fn retry(at: &str, raw: &super::raw::RawRetry) -> Check<super::Retry> {
    let field = format!("{at}.prob_pct");
    let prob = percent(&field, raw.prob_pct)?;
    if prob >= 1.0 {
        return Err(FieldError::new(
            field,
            "must be below 100: at 100 % a caller who hangs up or finds the lines busy never stops calling again",
        ));
    }
    Ok(super::Retry {
        prob,
        delay: distribution(&format!("{at}.delay"), &raw.delay)?,
    })
}

pub(super) fn distribution(field: &str, raw: &super::raw::RawDistribution) -> Check<Distribution> {
    Distribution::new(raw)
        .map_err(|(param, message)| FieldError::new(format!("{field}.{param}"), message))
}

pub fn validate(raw: &RawScenario, source: &str, echo: toml::Value) -> Check<Scenario> {
    let s = &raw.simulation;
    let interval_min = in_range(
        "simulation.interval_min",
        s.interval_min,
        "at least 1/60 (one second) and at most 1440 (one day)",
        // Shorter intervals make arrival rates astronomical (1e-309 min: infinite).
        |v| v * 60.0 >= 1.0 && v <= 1440.0,
    )?;
    let open_min = match &s.open {
        Some(text) => clock("simulation.open", text)?,
        None => 0,
    };
    if open_min >= 24 * 60 {
        return Err(FieldError::new("simulation.open", "must be before 24:00"));
    }
    let from_close = match &s.close {
        None => None,
        Some(text) => {
            let close = clock("simulation.close", text)?;
            if close <= open_min {
                return Err(FieldError::new(
                    "simulation.close",
                    format!(
                        "must be after simulation.open ({}), got \"{text}\"",
                        s.open.as_deref().unwrap_or("00:00")
                    ),
                ));
            }
            let span = f64::from(close - open_min);
            let count = span / interval_min;
            if (count - count.round()).abs() > 1e-9 {
                return Err(FieldError::new(
                    "simulation.close",
                    format!(
                        "opening hours of {span} min are not a whole number of {}-minute intervals",
                        show(interval_min)
                    ),
                ));
            }
            Some(count.round() as usize)
        }
    };
    let intervals = match (s.intervals, from_close) {
        (Some(n), Some(m)) if n != m as i64 => {
            return Err(FieldError::new(
                "simulation.intervals",
                format!(
                    "is {n} but simulation.open and simulation.close give {m} intervals: give one or the other"
                ),
            ));
        }
        (Some(n), _) => {
            whole_in_range("simulation.intervals", n, 1, MAX_INTERVALS as i64)? as usize
        }
        (None, Some(m)) => {
            if m > MAX_INTERVALS {
                return Err(FieldError::new(
                    "simulation.close",
                    format!(
                        "the opening hours hold {m} intervals of {} min: at most {MAX_INTERVALS}; use longer intervals",
                        show(interval_min)
                    ),
                ));
            }
            m
        }
        (None, None) => {
            return Err(FieldError::new(
                "simulation",
                "give the length of the day: `intervals = N`, or `open` and `close` times",
            ));
        }
    };
    let replications = whole_in_range(
        "simulation.replications",
        s.replications,
        1,
        i64::from(MAX_REPLICATIONS),
    )? as u32;
    let seed = whole_in_range("simulation.seed", s.seed, 0, i64::MAX)? as u64;
    let interval_s = interval_min * 60.0;
    let horizon_s = interval_s * intervals as f64;
    let warmup_s = in_range(
        "simulation.warmup_min",
        s.warmup_min,
        ">= 0 and shorter than the day",
        |v| v >= 0.0 && v * 60.0 < horizon_s,
    )? * 60.0;
    let confidence = in_range(
        "simulation.confidence_pct",
        s.confidence_pct,
        "a percentage from 50 to below 100, e.g. 95",
        |v| (50.0..100.0).contains(&v),
    )? / 100.0;
    let day_factor_cv = in_range(
        "arrivals.day_factor_cv",
        raw.arrivals.day_factor_cv,
        // The day factor's gamma shape is 1/cv²: a cv of 1e-279 made it infinite.
        "0, or from 0.0001 to 10",
        |v| v == 0.0 || (1e-4..=10.0).contains(&v),
    )?;

    if raw.call_types.is_empty() {
        return Err(FieldError::new(
            "call_type",
            "the scenario needs at least one [[call_type]]",
        ));
    }
    table_counts(raw)?;
    // Every table holds a value per interval (volumes, agents, KPIs): their
    // product is what a run keeps in memory many times over.
    let tables =
        raw.call_types.len() + raw.agent_groups.len() + raw.entries.len() + raw.ivr_nodes.len();
    if tables.saturating_mul(intervals) > MAX_TABLE_INTERVALS {
        return Err(FieldError::new(
            if s.intervals.is_some() {
                "simulation.intervals"
            } else {
                "simulation.close"
            },
            format!(
                "{intervals} intervals × {tables} tables (call types, agent groups, entries and IVR menus) make {} per-interval values, more than the {MAX_TABLE_INTERVALS} a scenario may have: use longer intervals or fewer tables",
                tables * intervals
            ),
        ));
    }
    if raw.agent_groups.is_empty() {
        return Err(FieldError::new(
            "agent_group",
            "the scenario needs at least one [[agent_group]]",
        ));
    }
    // Call types an IVR sends callers to may have no volume of their own.
    let fed_by_ivr: std::collections::HashSet<&str> = raw
        .ivr_nodes
        .iter()
        .flat_map(|n| n.options.iter().filter_map(|o| o.queue.as_deref()))
        .map(str::trim)
        .collect();
    let mut type_index: HashMap<&str, usize> = HashMap::new();
    let mut call_types = Vec::with_capacity(raw.call_types.len());
    for (i, c) in raw.call_types.iter().enumerate() {
        let at = |f: &str| format!("call_type[{i}].{f}");
        let name = checked_name(&at("name"), &c.name)?;
        if let Some(first) = type_index.insert(name, i) {
            return Err(FieldError::new(
                at("name"),
                format!("\"{name}\" is already the name of call_type[{first}]"),
            ));
        }
        let calls_per_interval = match volume(
            &format!("call_type[{i}]"),
            c.calls_per_interval.as_ref(),
            c.calls_per_hour.as_ref(),
            intervals,
            interval_s,
        )? {
            Some(v) => v,
            None if fed_by_ivr.contains(&name) => vec![0.0; intervals],
            None => {
                return Err(FieldError::new(
                    format!("call_type[{i}]"),
                    "give the volume: calls_per_interval (a number or one per interval) or calls_per_hour",
                ));
            }
        };
        let handle = distribution(&at("handle"), &c.handle)?;
        if handle.mean() <= 0.0 {
            return Err(FieldError::new(
                at("handle"),
                "the mean handle time must be > 0",
            ));
        }
        let patience = c
            .patience
            .as_ref()
            .map(|p| distribution(&at("patience"), p))
            .transpose()?;
        let after_call_work = c
            .after_call_work
            .as_ref()
            .map(|p| distribution(&at("after_call_work"), p))
            .transpose()?;
        let recontact = c
            .recontact
            .as_ref()
            .map(|r| {
                let fcr = percent(&at("recontact.fcr_pct"), r.fcr_pct)?;
                if fcr <= 0.0 {
                    return Err(FieldError::new(
                        at("recontact.fcr_pct"),
                        "must be above 0: at 0 % no call ever solves the caller's problem, so every answered caller calls again without end",
                    ));
                }
                Ok::<_, FieldError>(super::Recontact {
                    fcr,
                    delay: distribution(&at("recontact.delay"), &r.delay)?,
                })
            })
            .transpose()?;
        let callback = c
            .callback
            .as_ref()
            .map(|cb| {
                Ok::<_, FieldError>(super::Callback {
                    offer_when_wait_s: in_range(
                        &at("callback.offer_when_wait_s"),
                        cb.offer_when_wait_s,
                        ">= 0 and at most 86400",
                        |v| (0.0..=86_400.0).contains(&v),
                    )?,
                    accept: percent(&at("callback.accept_pct"), cb.accept_pct)?,
                    deadline_s: in_range(
                        &at("callback.deadline_min"),
                        cb.deadline_min,
                        "> 0 and at most 10080 (a week)",
                        |v| v > 0.0 && v <= 10_080.0,
                    )? * 60.0,
                })
            })
            .transpose()?;
        let proactive = match &c.proactive_pct {
            None => vec![0.0; intervals],
            Some(_) if fed_by_ivr.contains(&name) => {
                return Err(FieldError::new(
                    at("proactive_pct"),
                    "applies to the call type's own volume: callers reaching it through an IVR have already called",
                ));
            }
            Some(v) => per_interval(&at("proactive_pct"), v, intervals, |f, v| {
                in_range(f, v, "a percentage from 0 to 100", |v| {
                    (0.0..=100.0).contains(&v)
                })
            })?
            .into_iter()
            .map(|p| p / 100.0)
            .collect(),
        };
        call_types.push(CallType {
            name: name.to_string(),
            calls_per_interval,
            handle,
            patience,
            after_call_work,
            priority: whole_in_range(&at("priority"), c.priority, -MAX_PRIORITY, MAX_PRIORITY)?
                as i32,
            preference: Vec::new(),
            retry: c
                .retry
                .as_ref()
                .map(|r| retry(&at("retry"), r))
                .transpose()?,
            recontact,
            callback,
            proactive,
            fed_by_ivr: fed_by_ivr.contains(&name),
        });
    }

    let mut group_names: HashMap<&str, usize> = HashMap::new();
    let mut agent_groups = Vec::with_capacity(raw.agent_groups.len());
    let mut served = vec![false; call_types.len()];
    for (g, group) in raw.agent_groups.iter().enumerate() {
        let at = |f: &str| format!("agent_group[{g}].{f}");
        let name = checked_name(&at("name"), &group.name)?;
        if let Some(first) = group_names.insert(name, g) {
            return Err(FieldError::new(
                at("name"),
                format!("\"{name}\" is already the name of agent_group[{first}]"),
            ));
        }
        let agents = per_interval(&at("agents"), &group.agents, intervals, |field, v| {
            if v.fract() != 0.0 || v < 0.0 || v > MAX_AGENTS as f64 {
                Err(FieldError::new(
                    field,
                    format!(
                        "must be a whole number of agents from 0 to {MAX_AGENTS}, got {}",
                        show(v)
                    ),
                ))
            } else {
                Ok(v)
            }
        })?
        .into_iter()
        .map(|v| v as u32)
        .collect();
        if group.skills.is_empty() {
            return Err(FieldError::new(
                at("skills"),
                "must name at least one call type this group serves",
            ));
        }
        let mut skills = Vec::with_capacity(group.skills.len());
        for (k, skill) in group.skills.iter().enumerate() {
            let skill_field = format!("agent_group[{g}].skills[{k}]");
            let Some(&t) = type_index.get(reference(&skill_field, skill)?) else {
                let known: Vec<&str> = call_types.iter().map(|c| c.name.as_str()).collect();
                return Err(FieldError::new(
                    format!("agent_group[{g}].skills[{k}]"),
                    format!(
                        "\"{skill}\" is not a call type (known: {})",
                        known.join(", ")
                    ),
                ));
            };
            if skills.contains(&t) {
                return Err(FieldError::new(
                    format!("agent_group[{g}].skills[{k}]"),
                    format!("\"{skill}\" is listed twice"),
                ));
            }
            served[t] = true;
            skills.push(t);
        }
        let skill_names: Vec<&str> = group.skills.iter().map(|k| k.trim()).collect();
        let per_skill = |key: &str,
                         map: &std::collections::BTreeMap<String, f64>,
                         default: f64,
                         rule: &str,
                         ok: &dyn Fn(f64) -> bool|
         -> Check<Vec<f64>> {
            for (skill, &v) in map {
                let field = format!("agent_group[{g}].{key}.{skill}");
                if !skill_names.contains(&reference(&field, skill)?) {
                    return Err(FieldError::new(
                        field,
                        format!(
                            "\"{skill}\" is not one of this group's skills ({})",
                            skill_names.join(", ")
                        ),
                    ));
                }
                in_range(&field, v, rule, ok)?;
            }
            Ok(skill_names
                .iter()
                .map(|k| map.get(*k).copied().unwrap_or(default))
                .collect())
        };
        let handle_factor = per_skill(
            "handle_factor",
            &group.handle_factor,
            1.0,
            "> 0 and at most 100",
            &|v| v > 0.0 && v <= 100.0,
        )?;
        let answer_after_s = per_skill(
            "answer_after_s",
            &group.answer_after_s,
            0.0,
            ">= 0 and at most 86400",
            &|v| (0.0..=86_400.0).contains(&v),
        )?;
        let reserve = match &group.reserve {
            None => None,
            Some(r) => {
                let agents =
                    whole_in_range(&at("reserve.agents"), r.agents, 1, MAX_AGENTS as i64)? as u32;
                if r.for_types.is_empty() {
                    return Err(FieldError::new(
                        at("reserve.for"),
                        "name the call types the reserved agents are kept for",
                    ));
                }
                let mut for_types = Vec::with_capacity(r.for_types.len());
                for (k, t) in r.for_types.iter().enumerate() {
                    let field = format!("agent_group[{g}].reserve.for[{k}]");
                    let Some(&index) = type_index.get(reference(&field, t)?) else {
                        return Err(FieldError::new(
                            field,
                            format!("\"{t}\" is not a call type"),
                        ));
                    };
                    if !skills.contains(&index) {
                        return Err(FieldError::new(
                            field,
                            format!("\"{t}\" is not one of this group's skills"),
                        ));
                    }
                    for_types.push(index);
                }
                if skills.iter().all(|s| for_types.contains(s)) {
                    return Err(FieldError::new(
                        at("reserve.for"),
                        "names every skill of the group: reserving agents for all its calls changes nothing",
                    ));
                }
                Some(super::Reserve { agents, for_types })
            }
        };
        agent_groups.push(AgentGroup {
            name: name.to_string(),
            agents,
            skills,
            handle_factor,
            answer_after_s,
            reserve,
        });
    }
    let mut warnings = Vec::new();
    for (t, is_served) in served.iter().enumerate() {
        if !is_served {
            let message = format!(
                "no agent group serves call type \"{}\": its callers can only wait and hang up",
                call_types[t].name
            );
            if !s.allow_unserved {
                return Err(FieldError::new(
                    format!("call_type[{t}]"),
                    format!(
                        "{message} (add it to a group's skills, or set simulation.allow_unserved = true)"
                    ),
                ));
            }
            warnings.push(message);
        }
    }

    routing::preferences(raw, &mut call_types, &agent_groups, &group_names)?;
    let routing = routing::routing(&raw.routing)?;
    let trunks = raw
        .trunks
        .as_ref()
        .map(|t| whole_in_range("trunks.lines", t.lines, 1, MAX_AGENTS as i64).map(|v| v as u32))
        .transpose()?;
    let (entries, ivr_nodes) = ivr::entries_and_nodes(raw, &type_index, intervals, interval_s)?;
    progress::check(&call_types, &entries, &ivr_nodes, trunks)?;

    let t = &raw.targets;
    let service_level = t
        .service_level_pct
        .map(|v| {
            in_range("targets.service_level_pct", v, "in (0, 100]", |v| {
                v > 0.0 && v <= 100.0
            })
            .map(|v| v / 100.0)
        })
        .transpose()?;
    let answer_within_s = t
        .answer_within_s
        .map(|v| {
            in_range(
                "targets.answer_within_s",
                v,
                ">= 0 and at most 86400",
                |v| (0.0..=86_400.0).contains(&v),
            )
        })
        .transpose()?
        .unwrap_or(DEFAULT_ANSWER_WITHIN_S);
    let max_abandon = t
        .max_abandon_pct
        .map(|v| {
            in_range("targets.max_abandon_pct", v, "in (0, 100]", |v| {
                v > 0.0 && v <= 100.0
            })
            .map(|v| v / 100.0)
        })
        .transpose()?;
    let max_asa_s = t
        .max_asa_s
        .map(|v| {
            in_range("targets.max_asa_s", v, "> 0 and at most 86400", |v| {
                v > 0.0 && v <= 86_400.0
            })
        })
        .transpose()?;

    let max_occupancy = t
        .max_occupancy_pct
        .map(|v| {
            in_range("targets.max_occupancy_pct", v, "in (0, 100]", |v| {
                v > 0.0 && v <= 100.0
            })
            .map(|v| v / 100.0)
        })
        .transpose()?;
    let shifts = shifts(raw, &group_names, open_min, interval_min * intervals as f64)?;
    let shrinkage = shrinkage(&raw.shrinkage)?;

    Ok(Scenario {
        source: source.to_string(),
        simulation: Simulation {
            seed,
            replications,
            interval_s,
            intervals,
            open_min,
            warmup_s,
            confidence,
            after_close: match s.after_close {
                RawAfterClose::Serve => AfterClose::Serve,
                RawAfterClose::Drop => AfterClose::Drop,
            },
            estimator: s.estimator,
        },
        day_factor_cv,
        call_types,
        agent_groups,
        targets: Targets {
            service_level,
            answer_within_s,
            max_abandon,
            max_asa_s,
            max_occupancy,
            basis: match t.service_level_basis {
                RawServiceLevelBasis::Offered => ServiceLevelBasis::Offered,
                RawServiceLevelBasis::Answered => ServiceLevelBasis::Answered,
                RawServiceLevelBasis::ExcludeShortAbandons => {
                    ServiceLevelBasis::ExcludeShortAbandons
                }
            },
        },
        trunks,
        routing,
        entries,
        ivr_nodes,
        shifts,
        shrinkage,
        warnings,
        echo,
    })
}

/// The longest shift: a day.
const MAX_SHIFT_MIN: f64 = 1440.0;
const MAX_SHIFT_COST: f64 = 1e9;

/// `[[shift]]` tables → one pattern per start time.
fn shifts(
    raw: &RawScenario,
    group_names: &HashMap<&str, usize>,
    open_min: u32,
    day_min: f64,
) -> Check<Vec<ShiftPattern>> {
    let mut patterns = Vec::new();
    let mut names: HashMap<&str, usize> = HashMap::new();
    for (i, shift) in raw.shifts.iter().enumerate() {
        let at = |f: &str| format!("shift[{i}].{f}");
        let name = checked_name(&at("name"), &shift.name)?;
        if let Some(first) = names.insert(name, i) {
            return Err(FieldError::new(
                at("name"),
                format!("\"{name}\" is already the name of shift[{first}]"),
            ));
        }
        let length_min = in_range(
            &at("length_min"),
            shift.length_min,
            "> 0 and at most 1440 (one day)",
            |v| v > 0.0 && v <= MAX_SHIFT_MIN,
        )?;
        let cost = match shift.cost {
            Some(c) => in_range(&at("cost"), c, "> 0 and at most 1000000000", |v| {
                v > 0.0 && v <= MAX_SHIFT_COST
            })?,
            None => length_min / 60.0,
        };
        let group =
            match &shift.group {
                None => None,
                Some(g) => Some(*group_names.get(reference(&at("group"), g)?).ok_or_else(
                    || {
                        let mut known: Vec<(&str, usize)> =
                            group_names.iter().map(|(n, i)| (*n, *i)).collect();
                        known.sort_by_key(|(_, i)| *i);
                        let known: Vec<&str> = known.into_iter().map(|(n, _)| n).collect();
                        FieldError::new(
                            at("group"),
                            format!(
                                "\"{g}\" is not an agent group (known: {})",
                                known.join(", ")
                            ),
                        )
                    },
                )?),
            };
        let mut breaks = Vec::with_capacity(shift.breaks.len());
        let mut free_from = 0.0;
        for (b, brk) in shift.breaks.iter().enumerate() {
            let at_break = |f: &str| format!("shift[{i}].breaks[{b}].{f}");
            let after = in_range(
                &at_break("after_min"),
                brk.after_min,
                ">= 0 and inside the shift",
                |v| v >= 0.0 && v < length_min,
            )?;
            if after < free_from {
                return Err(FieldError::new(
                    at_break("after_min"),
                    format!(
                        "must be at or after the end of the previous break ({} min), got {}",
                        show(free_from),
                        show(after)
                    ),
                ));
            }
            let length = in_range(&at_break("length_min"), brk.length_min, "> 0", |v| v > 0.0)?;
            if after + length > length_min {
                return Err(FieldError::new(
                    at_break("length_min"),
                    format!(
                        "the break ends {} min after the start, after the {}-minute shift ends",
                        show(after + length),
                        show(length_min)
                    ),
                ));
            }
            free_from = after + length;
            breaks.push((after, length));
        }
        let starts: Vec<(String, String)> = match &shift.start {
            ShiftStarts::List(items) if items.is_empty() => {
                return Err(FieldError::new(
                    at("start"),
                    "give at least one start time, e.g. \"08:00\"",
                ));
            }
            ShiftStarts::List(items) => items
                .iter()
                .enumerate()
                .map(|(k, text)| (format!("shift[{i}].start[{k}]"), text.clone()))
                .collect(),
            ShiftStarts::One(text) => vec![(at("start"), text.clone())],
        };
        let several = starts.len() > 1;
        let mut starts_seen = std::collections::HashSet::new();
        for (field, text) in starts {
            let start_min = clock(&field, &text)?;
            // Minutes after the day opens; a start before opening is the next day's.
            let offset = f64::from((start_min + 1440 - open_min) % 1440);
            if offset >= day_min {
                return Err(FieldError::new(
                    field,
                    format!(
                        "starts at {text}, outside the opening hours ({} to {})",
                        clock_text(open_min),
                        clock_text((open_min + day_min.round() as u32) % 1440)
                    ),
                ));
            }
            if !starts_seen.insert(start_min) {
                return Err(FieldError::new(
                    field,
                    format!("\"{text}\" is listed twice"),
                ));
            }
            patterns.push(ShiftPattern {
                name: if several {
                    format!("{name} {}", clock_text(start_min))
                } else {
                    name.to_string()
                },
                start_min,
                length_min,
                breaks: breaks.clone(),
                cost,
                group,
                field,
                line: None,
            });
        }
    }
    Ok(patterns)
}

fn clock_text(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60 % 24, minutes % 60)
}

fn shrinkage(raw: &super::raw::RawShrinkage) -> Check<Shrinkage> {
    let pct = |field: &str, v: f64| {
        in_range(field, v, "a percentage from 0 to below 100", |v| {
            (0.0..100.0).contains(&v)
        })
        .map(|v| v / 100.0)
    };
    let shrinkage = Shrinkage {
        absenteeism: pct("shrinkage.absenteeism_pct", raw.absenteeism_pct)?,
        breaks: pct("shrinkage.breaks_pct", raw.breaks_pct)?,
        training: pct("shrinkage.training_pct", raw.training_pct)?,
    };
    if shrinkage.total() >= 1.0 - 1e-9 {
        return Err(FieldError::new(
            "shrinkage",
            format!(
                "absenteeism_pct + breaks_pct + training_pct must be below 100, got {}",
                show(shrinkage.total() * 100.0)
            ),
        ));
    }
    Ok(shrinkage)
}
