//! A `[[shift]]` table, for `callsim staff`: a shift pattern's length,
//! breaks, cost and group, and its start times (one pattern each).

use std::collections::HashSet;

use super::check::{Check, Errors, FieldPath, TableCheck, clock, clock_text, in_range, optional};
use super::names::{NameIndex, reference};
use super::simulation::Day;
use crate::distribution::show;
use crate::scenario::ShiftPattern;
use crate::scenario::raw::{RawBreak, RawShift, ShiftStarts};

/// The longest shift: a day.
const MAX_SHIFT_MIN: f64 = 1440.0;
const MAX_SHIFT_COST: f64 = 1e9;
/// The most agents a `min_agents` or `max_agents` may name.
const MAX_LIMIT: f64 = 1e6;

/// A shift table (`path`: `shift[i]`) → one pattern per start time; its
/// name was checked with the others' (see `names`). `groups`: the agent
/// groups by name. Without a day, start times are not compared with the
/// opening hours.
pub(super) fn from_raw(
    raw: &RawShift,
    table: usize,
    day: Option<&Day>,
    groups: &NameIndex,
    path: &FieldPath,
) -> TableCheck<Vec<ShiftPattern>> {
    let mut errors = Errors::default();
    let heads = |key: &str, v: Option<f64>| {
        optional(v.as_ref(), |&v| {
            in_range(
                &path.key(key),
                v,
                "a whole number of agents from 0 to 1000000",
                |v| v.fract() == 0.0 && (0.0..=MAX_LIMIT).contains(&v),
            )
            .map(|v| v as u32)
        })
    };
    let min_agents = errors.check(heads("min_agents", raw.min_agents));
    let max_agents = errors.check(heads("max_agents", raw.max_agents));
    if let (Some(Some(min)), Some(Some(max))) = (min_agents, max_agents)
        && min > max
    {
        errors.push(path.key("min_agents").error(format!(
            "is {min}, more than max_agents ({max}): no schedule can hold both"
        )));
    }
    let length_min = errors.check(in_range(
        &path.key("length_min"),
        raw.length_min,
        "> 0 and at most 1440 (one day)",
        |v| v > 0.0 && v <= MAX_SHIFT_MIN,
    ));
    let cost = match raw.cost {
        Some(c) => errors.check(in_range(
            &path.key("cost"),
            c,
            "> 0 and at most 1000000000",
            |v| v > 0.0 && v <= MAX_SHIFT_COST,
        )),
        // Paid hours.
        None => length_min.map(|length_min| length_min / 60.0),
    };
    let group = errors.check(optional(raw.group.as_ref(), |g| {
        group(g, groups, &path.key("group"))
    }));
    // Breaks are measured against the shift's length.
    let breaks = length_min
        .and_then(|length_min| errors.table(breaks(&raw.breaks, length_min, &path.key("breaks"))));
    let starts = errors.check(starts(&raw.start, day, &path.key("start")));
    let (
        Some(length_min),
        Some(cost),
        Some(group),
        Some(breaks),
        Some(starts),
        Some(min_agents),
        Some(max_agents),
    ) = (
        length_min, cost, group, breaks, starts, min_agents, max_agents,
    )
    else {
        return Err(errors.into_vec());
    };
    let name = raw.name.trim();
    let several = starts.len() > 1;
    let patterns = starts
        .into_iter()
        .map(|(field, start_min)| ShiftPattern {
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
            table,
            min_agents,
            max_agents,
            field: field.to_string(),
            line: None,
        })
        .collect();
    errors.finish(patterns)
}

fn group(name: &str, groups: &NameIndex, path: &FieldPath) -> Check<usize> {
    groups.get(reference(path, name)?).ok_or_else(|| {
        path.error(format!(
            "\"{name}\" is not an agent group (known: {})",
            groups.in_file_order()
        ))
    })
}

/// The breaks, in order and not overlapping (`list`: `shift[i].breaks`), as
/// (minutes after the start, length in minutes).
fn breaks(raw: &[RawBreak], length_min: f64, list: &FieldPath) -> TableCheck<Vec<(f64, f64)>> {
    let mut errors = Errors::default();
    let mut breaks = Vec::with_capacity(raw.len());
    // Where the previous break ends; `None` after a bad break.
    let mut free_from = Some(0.0);
    for (b, brk) in raw.iter().enumerate() {
        match errors.table(one_break(brk, length_min, free_from, &list.at(b))) {
            Some((after, length)) => {
                free_from = Some(after + length);
                breaks.push((after, length));
            }
            None => free_from = None,
        }
    }
    errors.finish(breaks)
}

fn one_break(
    raw: &RawBreak,
    length_min: f64,
    free_from: Option<f64>,
    path: &FieldPath,
) -> TableCheck<(f64, f64)> {
    let mut errors = Errors::default();
    let after_path = path.key("after_min");
    let after = errors.check(
        in_range(
            &after_path,
            raw.after_min,
            ">= 0 and inside the shift",
            |v| v >= 0.0 && v < length_min,
        )
        .and_then(|after| match free_from {
            Some(free_from) if after < free_from => Err(after_path.error(format!(
                "must be at or after the end of the previous break ({} min), got {}",
                show(free_from),
                show(after)
            ))),
            _ => Ok(after),
        }),
    );
    let length_path = path.key("length_min");
    let length = errors.check(in_range(&length_path, raw.length_min, "> 0", |v| v > 0.0));
    let (Some(after), Some(length)) = (after, length) else {
        return Err(errors.into_vec());
    };
    if after + length > length_min {
        errors.push(length_path.error(format!(
            "the break ends {} min after the start, after the {}-minute shift ends",
            show(after + length),
            show(length_min)
        )));
    }
    errors.finish((after, length))
}

/// Each start time's field path and clock time, minutes after midnight
/// (`path`: `shift[i].start`). The list reports its first bad time.
fn starts(raw: &ShiftStarts, day: Option<&Day>, path: &FieldPath) -> Check<Vec<(FieldPath, u32)>> {
    let texts: Vec<(FieldPath, &str)> = match raw {
        ShiftStarts::List(items) if items.is_empty() => {
            return Err(path.error("give at least one start time, e.g. \"08:00\""));
        }
        ShiftStarts::List(items) => items
            .iter()
            .enumerate()
            .map(|(k, text)| (path.at(k), text.as_str()))
            .collect(),
        ShiftStarts::One(text) => vec![(path.clone(), text.as_str())],
    };
    let mut seen = HashSet::new();
    let mut starts = Vec::with_capacity(texts.len());
    for (path, text) in texts {
        let start_min = clock(&path, text)?;
        if let Some(day) = day {
            within_hours(&path, text, start_min, day)?;
        }
        if !seen.insert(start_min) {
            return Err(path.error(format!("\"{text}\" is listed twice")));
        }
        starts.push((path, start_min));
    }
    Ok(starts)
}

fn within_hours(path: &FieldPath, text: &str, start_min: u32, day: &Day) -> Check<()> {
    let day_min = day.length_min();
    // Minutes after the day opens; a start before opening is the next day's.
    let offset = f64::from((start_min + 1440 - day.open_min) % 1440);
    if offset >= day_min {
        return Err(path.error(format!(
            "starts at {text}, outside the opening hours ({} to {})",
            clock_text(day.open_min),
            clock_text((day.open_min + day_min.round() as u32) % 1440)
        )));
    }
    Ok(())
}
