//! A `[[shift]]` table, for `callsim staff`: a shift pattern's length,
//! breaks, cost and group, and its start times (one pattern each).

use std::collections::HashSet;

use super::check::{Check, Errors, FieldPath, TableCheck, clock, clock_text, in_range, optional};
use super::names::{NameIndex, reference};
use super::simulation::Day;
use crate::distribution::show;
use crate::scenario::raw::{RawBreak, RawShift, ShiftStarts};
use crate::scenario::{BreakWindow, ShiftPattern};

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
    // Break windows are clock times: measured against each start.
    let windows = match (&starts, &breaks, length_min) {
        (Some(starts), Some(fixed), Some(length_min)) => errors.table(windows_of(
            &raw.breaks,
            starts,
            fixed,
            length_min,
            &path.key("breaks"),
        )),
        _ => None,
    };
    let (
        Some(length_min),
        Some(cost),
        Some(group),
        Some(breaks),
        Some(starts),
        Some(windows),
        Some(min_agents),
        Some(max_agents),
    ) = (
        length_min, cost, group, breaks, starts, windows, min_agents, max_agents,
    )
    else {
        return Err(errors.into_vec());
    };
    let Some(days_off) = errors.check(days_off(raw, length_min, day, path)) else {
        return Err(errors.into_vec());
    };
    let name = raw.name.trim();
    let several = starts.len() > 1;
    let patterns = starts
        .into_iter()
        .zip(windows)
        .map(|((field, start_min), break_windows)| ShiftPattern {
            name: if several {
                format!("{name} {}", clock_text(start_min))
            } else {
                name.to_string()
            },
            start_min,
            length_min,
            breaks: breaks.clone(),
            break_windows,
            cost,
            group,
            table,
            min_agents,
            max_agents,
            days_off,
            consecutive_days_off: raw.consecutive_days_off.unwrap_or(true),
            field: field.to_string(),
            line: None,
        })
        .collect();
    errors.finish(patterns)
}

/// The days off a week of the table's agents: `days_off`, or what
/// `weekly_hours` leaves of the week's seven shifts; both need a week.
fn days_off(raw: &RawShift, length_min: f64, day: Option<&Day>, path: &FieldPath) -> Check<u32> {
    let hours = length_min / 60.0;
    let given = optional(raw.days_off.as_ref(), |&v| {
        in_range(
            &path.key("days_off"),
            v,
            "a whole number of days from 0 to 6",
            |v| v.fract() == 0.0 && (0.0..=6.0).contains(&v),
        )
        .map(|v| v as u32)
    })?;
    let weekly = optional(raw.weekly_hours.as_ref(), |&v| {
        in_range(&path.key("weekly_hours"), v, "> 0 and at most 168", |v| {
            v > 0.0 && v <= 168.0
        })
    })?;
    let days_off = match (given, weekly) {
        (Some(off), Some(weekly)) => {
            let worked = f64::from(7 - off) * hours;
            if worked > weekly + 1e-9 {
                return Err(path.key("weekly_hours").error(format!(
                    "is {}, but {} days of {}-hour shifts (7 less days_off = {off}) make {} hours a week",
                    show(weekly),
                    7 - off,
                    show(hours),
                    show(worked)
                )));
            }
            off
        }
        (Some(off), None) => off,
        (None, Some(weekly)) => {
            let days = (weekly / hours + 1e-9).floor().min(7.0) as u32;
            if days == 0 {
                return Err(path.key("weekly_hours").error(format!(
                    "is {}, less than one {}-hour shift",
                    show(weekly),
                    show(hours)
                )));
            }
            7 - days
        }
        (None, None) => 0,
    };
    // A week of days 24 hours apart, or one run of intervals a week long.
    let covered_days = day.map(|day| {
        if day.days > 1 {
            day.days as f64
        } else {
            day.length_min() / 1440.0
        }
    });
    if (raw.days_off.is_some() || raw.weekly_hours.is_some())
        && let Some(covered) = covered_days
        && covered < 7.0 - 1e-9
    {
        let key = if raw.days_off.is_some() {
            "days_off"
        } else {
            "weekly_hours"
        };
        return Err(path.key(key).error(format!(
            "plans a week, but the scenario covers {} day(s): give simulation.days = 7 or more (or a week of intervals)",
            show(covered)
        )));
    }
    Ok(days_off)
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
        let Some(after_min) = brk.after_min else {
            if brk.window.is_none() {
                errors.push(list.at(b).error(
                    "give the break's `after_min` (minutes after the start) or its `window` ([\"HH:MM\", \"HH:MM\"])",
                ));
            }
            continue;
        };
        if brk.window.is_some() {
            errors.push(list.at(b).key("window").error(
                "and after_min are both given: a break is fixed (`after_min`) or placed in a `window`, not both",
            ));
            continue;
        }
        match errors.table(one_break(
            after_min,
            brk.length_min,
            length_min,
            free_from,
            &list.at(b),
        )) {
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
    after_min: f64,
    break_min: f64,
    length_min: f64,
    free_from: Option<f64>,
    path: &FieldPath,
) -> TableCheck<(f64, f64)> {
    let mut errors = Errors::default();
    let after_path = path.key("after_min");
    let after = errors.check(
        in_range(&after_path, after_min, ">= 0 and inside the shift", |v| {
            v >= 0.0 && v < length_min
        })
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
    let length = errors.check(in_range(&length_path, break_min, "> 0", |v| v > 0.0));
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

/// The break windows of each start (`list`: `shift[i].breaks`): each inside
/// the shift that starts then, overlapping no fixed break and no other window.
fn windows_of(
    raw: &[RawBreak],
    starts: &[(FieldPath, u32)],
    fixed: &[(f64, f64)],
    length_min: f64,
    list: &FieldPath,
) -> TableCheck<Vec<Vec<BreakWindow>>> {
    let mut errors = Errors::default();
    let mut clocks = Vec::new();
    for (b, brk) in raw.iter().enumerate() {
        let (Some(window), None) = (&brk.window, brk.after_min) else {
            continue;
        };
        let path = list.at(b).key("window");
        let [from, to] = window.as_slice() else {
            errors.push(path.error(format!(
                "has {} clock times: give two, [\"HH:MM\", \"HH:MM\"]",
                window.len()
            )));
            continue;
        };
        let (Some(from_min), Some(to_min)) = (
            errors.check(clock(&path.at(0), from)),
            errors.check(clock(&path.at(1), to)),
        ) else {
            continue;
        };
        let Some(break_min) = errors.check(in_range(
            &list.at(b).key("length_min"),
            brk.length_min,
            "> 0",
            |v| v > 0.0,
        )) else {
            continue;
        };
        clocks.push((path, from.clone(), to.clone(), from_min, to_min, break_min));
    }
    let mut per_start = Vec::with_capacity(starts.len());
    for (_, start_min) in starts {
        let mut windows: Vec<BreakWindow> = Vec::with_capacity(clocks.len());
        for (path, from, to, from_min, to_min, break_min) in &clocks {
            // Minutes after the start; a window clock before the start is the next day's.
            let after = |clock: u32| f64::from((clock + 1440 - start_min) % 1440);
            let earliest = after(*from_min);
            let mut until = after(*to_min);
            if until == 0.0 {
                until = 1440.0;
            }
            let shift_text = format!(
                "{} to {}",
                clock_text(*start_min),
                clock_text((start_min + length_min.round() as u32) % 1440)
            );
            if until > length_min + 1e-9 || earliest >= until {
                errors.push(path.error(format!(
                    "[\"{from}\", \"{to}\"] is not inside the shift that starts at {} ({shift_text})",
                    clock_text(*start_min)
                )));
                continue;
            }
            if until - earliest + 1e-9 < *break_min {
                errors.push(path.error(format!(
                    "[\"{from}\", \"{to}\"] is shorter than the {}-minute break",
                    show(*break_min)
                )));
                continue;
            }
            let window = BreakWindow {
                earliest_after_min: earliest,
                latest_after_min: until - break_min,
                length_min: *break_min,
            };
            let overlaps = |a: f64, b: f64| a < until - 1e-9 && earliest < b - 1e-9;
            if let Some(&(after, length)) = fixed.iter().find(|&&(a, l)| overlaps(a, a + l)) {
                errors.push(path.error(format!(
                    "[\"{from}\", \"{to}\"] overlaps the fixed break {} min after the start ({} min long) of the shift starting at {}",
                    show(after),
                    show(length),
                    clock_text(*start_min)
                )));
                continue;
            }
            if windows
                .iter()
                .any(|w| overlaps(w.earliest_after_min, w.latest_after_min + w.length_min))
            {
                errors.push(path.error(format!(
                    "[\"{from}\", \"{to}\"] overlaps another break window of the shift"
                )));
                continue;
            }
            windows.push(window);
        }
        per_start.push(windows);
    }
    errors.finish(per_start)
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
