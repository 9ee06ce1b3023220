//! Volumes and AHTs from forecast files ([`crate::forecast::file`]): a call
//! type's `volume_file`, or the forecast the command line gives
//! (`simulate --forecast`, `staff --forecast`) for every call type it names.
//! They are written into the scenario document as `calls_per_interval` and
//! `aht_s` before the document is read, so the scenario as simulated, echoed
//! in every record and re-read by `merge`, holds the numbers, not a path.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::error::{LocatedError, Location};
use super::file;
use crate::forecast::{self, ForecastError, ForecastRow, ForecastTable};

/// A forecast file as read, with the path it was read from.
pub(super) struct Loaded {
    path: PathBuf,
    table: ForecastTable,
}

/// Which call types took their volume from which file, for messages about
/// the values written in their place.
#[derive(Debug, Default)]
pub(super) struct Expanded {
    pub(super) from_file: Vec<(usize, String)>,
    /// The first date of the first forecast read that gives dates.
    pub(super) first_date: Option<chrono::NaiveDate>,
}

impl Expanded {
    /// Keeps the first date of `rows` unless a forecast read before gave one.
    fn note_first_date(&mut self, rows: &[&ForecastRow]) {
        if self.first_date.is_none() {
            self.first_date = rows
                .first()
                .and_then(|r| r.date.as_deref())
                .and_then(forecast::file::date);
        }
    }

    /// The forecast file call type `index` took its volume from.
    pub(super) fn file_of(&self, field: &str) -> Option<&str> {
        self.from_file.iter().find_map(|(i, file)| {
            let prefix = format!("call_type[{i}].");
            [
                format!("{prefix}calls_per_interval"),
                format!("{prefix}aht_s"),
            ]
            .iter()
            .any(|key| field == key || field.starts_with(&format!("{key}[")))
            .then_some(file.as_str())
        })
    }
}

/// What is wrong: at a field of the scenario (located by the caller, which
/// knows the scenario's lines and overrides), or in a forecast file.
#[derive(Debug)]
pub(super) enum ExpandError {
    InScenario { field: String, message: String },
    InForecast(LocatedError),
}

fn in_scenario(field: &str, message: impl Into<String>) -> ExpandError {
    ExpandError::InScenario {
        field: field.to_string(),
        message: message.into(),
    }
}

fn error(file: &str, line: Option<u64>, field: &str, message: String) -> LocatedError {
    LocatedError {
        location: Location {
            file: super::printable(file),
            line: line.map(|l| l as usize),
            field: field.to_string(),
            from_override: false,
        },
        message: super::printable(&message),
    }
}

/// Reads and parses a forecast file.
pub(super) fn load(path: &Path) -> Result<Loaded, LocatedError> {
    let shown = path.display().to_string();
    let bytes = file::read_bounded(path, file::MAX_FORECAST_BYTES)
        .map_err(|e| error(&shown, None, "", format!("cannot read the forecast: {e}")))?;
    let located = |e: ForecastError| error(&shown, e.line, "", e.message);
    let table = forecast::file::decode(bytes)
        .and_then(|text| forecast::file::parse(&text))
        .map_err(located)?;
    Ok(Loaded {
        path: path.to_path_buf(),
        table,
    })
}

/// The day's clock as the document gives it, for checking the file's labels:
/// (opening minute, interval minutes), when both are plain values.
fn clock_of(document: &toml::Value) -> Option<(u32, f64)> {
    let simulation = document.get("simulation")?;
    let interval_min = match simulation.get("interval_min")? {
        toml::Value::Integer(i) => *i as f64,
        toml::Value::Float(f) => *f,
        _ => return None,
    };
    let open = match simulation.get("open") {
        None => 0,
        Some(toml::Value::String(s)) => forecast::file::clock_in(s)?,
        Some(_) => return None,
    };
    (interval_min > 0.0).then_some((open, interval_min))
}

/// The weekday of the document's first day (`simulation.first_day`), when it names one.
fn first_day_of(document: &toml::Value) -> Option<super::Weekday> {
    match document.get("simulation").and_then(|s| s.get("first_day")) {
        Some(toml::Value::String(day)) => super::Weekday::parse(day),
        _ => None,
    }
}

/// The days the document covers (`simulation.days`, 1 without it).
fn days_of(document: &toml::Value) -> usize {
    match document.get("simulation").and_then(|s| s.get("days")) {
        Some(toml::Value::Integer(n)) if *n > 1 => *n as usize,
        _ => 1,
    }
}

/// The rows of `loaded` for `queue` (all rows when the file names no queue),
/// checked to be one day's intervals in order, for each of the scenario's `days`.
fn rows_for<'a>(
    loaded: &'a Loaded,
    queue: &str,
    clock: Option<(u32, f64)>,
    days: usize,
    first_day: Option<super::Weekday>,
) -> Result<Vec<&'a ForecastRow>, LocatedError> {
    let shown = loaded.path.display().to_string();
    let table = &loaded.table;
    let rows: Vec<&ForecastRow> = table
        .rows
        .iter()
        .filter(|r| !table.has_queue || r.queue.as_deref() == Some(queue))
        .collect();
    if rows.is_empty() {
        let queues: BTreeSet<&str> = table
            .rows
            .iter()
            .filter_map(|r| r.queue.as_deref())
            .collect();
        return Err(error(
            &shown,
            None,
            "",
            format!(
                "has no rows for the call type `{queue}` (its queues: {})",
                queues.into_iter().take(10).collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    let dates = date_runs(&rows, days, queue, &shown)?;
    // Each date's rows: the fullest date's count is the day's, so that a
    // date with a row missing is the one named.
    let counts: Vec<usize> = dates
        .iter()
        .zip(dates.iter().skip(1).map(|d| d.1).chain([rows.len()]))
        .map(|((_, start), end)| end - start)
        .collect();
    let per_day = counts.iter().copied().max().unwrap_or(0);
    if let Some(short) = counts.iter().position(|&n| n != per_day) {
        let full = counts.iter().position(|&n| n == per_day).unwrap_or(0);
        return Err(error(
            &shown,
            Some(rows[dates[short].1].line),
            "date",
            format!(
                "{} has {} intervals for `{queue}` but {} has {per_day}: is a row missing?",
                dates[short].0.unwrap_or("no date"),
                counts[short],
                dates[full].0.unwrap_or("no date"),
            ),
        ));
    }
    check_dates(&dates, &rows, first_day, &shown)?;
    if let Some((open_min, interval_min)) = clock {
        for (k, row) in rows.iter().enumerate() {
            let Some(found) = row.clock_min else { continue };
            let slot = k % per_day;
            let first = rows[k - slot].clock_min;
            if slot > 0 && first == Some(found) {
                return Err(error(
                    &shown,
                    Some(row.line),
                    "interval",
                    format!(
                        "{} comes again in {}'s rows for `{queue}`: is the date given twice?",
                        row.label.as_deref().unwrap_or_default(),
                        row.date.as_deref().unwrap_or("the file")
                    ),
                ));
            }
            let expected =
                ((f64::from(open_min) + slot as f64 * interval_min).round() as u64 % 1440) as u32;
            if found != expected {
                return Err(error(
                    &shown,
                    Some(row.line),
                    "interval",
                    format!(
                        "{} is not the day's interval {} for `{queue}`, which starts at {:02}:{:02}: is a row missing or out of order?",
                        row.label.as_deref().unwrap_or_default(),
                        slot + 1,
                        expected / 60,
                        expected % 60
                    ),
                ));
            }
        }
    }
    if table.has_aht
        && let Some(row) = rows.iter().find(|r| r.aht_s.is_none())
    {
        return Err(error(
            &shown,
            Some(row.line),
            "aht_s",
            "is empty: give every interval's AHT, or leave the column out to use the call type's handle time".into(),
        ));
    }
    Ok(rows)
}

/// The rows' dates, each with the index of its first row: a scenario of
/// several days takes one date's rows per day, in order (or one date's for
/// every day); one day takes one date's.
fn date_runs<'r>(
    rows: &[&'r ForecastRow],
    days: usize,
    queue: &str,
    shown: &str,
) -> Result<Vec<(Option<&'r str>, usize)>, LocatedError> {
    let first = rows[0];
    let mut dates: Vec<(Option<&'r str>, usize)> = Vec::new();
    for (k, row) in rows.iter().enumerate() {
        match dates.last() {
            Some((date, _)) if *date == row.date.as_deref() => {}
            _ => {
                if let Some((seen, _)) = dates.iter().find(|(d, _)| *d == row.date.as_deref()) {
                    return Err(error(
                        shown,
                        Some(row.line),
                        "date",
                        format!(
                            "{} comes again after other dates: give each date's rows together, in order",
                            seen.unwrap_or("no date")
                        ),
                    ));
                }
                dates.push((row.date.as_deref(), k));
            }
        }
    }
    if dates.len() > 1
        && let Some(&(_, at)) = dates.iter().find(|(d, _)| d.is_none())
    {
        return Err(error(
            shown,
            Some(rows[at].line),
            "date",
            "is empty, where the file's other rows give a date: give every row its date".into(),
        ));
    }
    if dates.len() > 1 && dates.len() != days {
        // The first date past the scenario's days, or the last one given.
        let other = rows[dates[days.min(dates.len() - 1).max(1)].1];
        return Err(error(
            shown,
            Some(other.line),
            "date",
            if days == 1 {
                format!(
                    "{} after {}: the scenario is one day, so its forecast is one date's rows (or give `simulation.days`)",
                    other.date.as_deref().unwrap_or("no date"),
                    first.date.as_deref().unwrap_or("no date"),
                )
            } else {
                format!(
                    "has {} dates for `{queue}`, but the scenario covers {days} days (`simulation.days`): give one date per day",
                    dates.len()
                )
            },
        ));
    }
    Ok(dates)
}

/// Dates a calendar can read follow each other day by day, the first on the
/// scenario's first weekday when it names one.
fn check_dates(
    dates: &[(Option<&str>, usize)],
    rows: &[&ForecastRow],
    first_day: Option<super::Weekday>,
    shown: &str,
) -> Result<(), LocatedError> {
    let Some(parsed) = dates
        .iter()
        .map(|(d, _)| d.and_then(forecast::file::date))
        .collect::<Option<Vec<_>>>()
    else {
        return Ok(());
    };
    for (w, pair) in parsed.windows(2).enumerate() {
        if pair[0].succ_opt() != Some(pair[1]) {
            return Err(error(
                shown,
                Some(rows[dates[w + 1].1].line),
                "date",
                format!(
                    "{} follows {}: the scenario's days are consecutive, so give one date per day, in order",
                    dates[w + 1].0.unwrap_or_default(),
                    dates[w].0.unwrap_or_default()
                ),
            ));
        }
    }
    if let (Some(first), Some(day)) = (parsed.first(), first_day) {
        use chrono::Datelike;
        let weekday = first.weekday().num_days_from_monday() as u8;
        if weekday != day.index {
            let named = super::Weekday {
                index: weekday,
                portuguese: day.portuguese,
            };
            return Err(error(
                shown,
                Some(rows[0].line),
                "date",
                format!(
                    "{} is a {}, but simulation.first_day is {}: the forecast's first date and the scenario's first day differ",
                    dates[0].0.unwrap_or_default(),
                    named.after(0),
                    day.after(0)
                ),
            ));
        }
    }
    Ok(())
}

/// Writes `rows` into the call type's table, in place of its own volume (and AHT).
fn write_into(table: &mut toml::Table, rows: &[&ForecastRow], with_aht: bool) {
    let list =
        |values: Vec<f64>| toml::Value::Array(values.into_iter().map(toml::Value::Float).collect());
    table.remove("calls_per_hour");
    table.insert(
        "calls_per_interval".into(),
        list(rows.iter().map(|r| r.calls).collect()),
    );
    if with_aht {
        table.insert(
            "aht_s".into(),
            list(rows.iter().map(|r| r.aht_s.unwrap_or_default()).collect()),
        );
    }
}

/// Expands every `volume_file` of the document (relative to `base`) and
/// the command line's forecast, if any.
pub(super) fn expand(
    document: &mut toml::Value,
    base: &Path,
    command_line: Option<&Loaded>,
) -> Result<Expanded, Vec<ExpandError>> {
    let clock = clock_of(document);
    let days = days_of(document);
    let first_day = first_day_of(document);
    let mut errors = Vec::new();
    let mut expanded = Expanded::default();
    let Some(toml::Value::Array(call_types)) = document.get_mut("call_type") else {
        return Ok(expanded);
    };
    let names: Vec<Option<String>> = call_types
        .iter()
        .map(|c| c.get("name").and_then(|n| n.as_str()).map(str::to_string))
        .collect();
    for (i, call_type) in call_types.iter_mut().enumerate() {
        let Some(table) = call_type.as_table_mut() else {
            continue;
        };
        let Some(file) = table.remove("volume_file") else {
            continue;
        };
        let field = format!("call_type[{i}].volume_file");
        let Some(file) = file.as_str() else {
            errors.push(in_scenario(
                &field,
                "must be the path of a forecast CSV file",
            ));
            continue;
        };
        for own in ["calls_per_interval", "calls_per_hour"] {
            if table.contains_key(own) {
                errors.push(in_scenario(
                    &field,
                    format!("give volume_file or {own}, not both"),
                ));
            }
        }
        // Relative to the scenario's folder; as written when that is the current one.
        let path = if base == Path::new(".") {
            PathBuf::from(file)
        } else {
            base.join(file)
        };
        let loaded = match load(&path) {
            Ok(loaded) => loaded,
            Err(e) => {
                errors.push(ExpandError::InForecast(e));
                continue;
            }
        };
        if loaded.table.has_aht && table.contains_key("aht_s") {
            errors.push(in_scenario(
                &field,
                "the file has an AHT column and the call type an aht_s: give one of them",
            ));
        }
        let name = names[i].clone().unwrap_or_default();
        match rows_for(&loaded, &name, clock, days, first_day) {
            Ok(rows) => {
                write_into(table, &rows, loaded.table.has_aht);
                expanded.note_first_date(&rows);
                expanded
                    .from_file
                    .push((i, loaded.path.display().to_string()));
            }
            Err(e) => errors.push(ExpandError::InForecast(e)),
        }
    }
    if let Some(loaded) = command_line {
        let shown = loaded.path.display().to_string();
        let targets: Vec<usize> = if loaded.table.has_queue {
            let queues: BTreeSet<&str> = loaded
                .table
                .rows
                .iter()
                .filter_map(|r| r.queue.as_deref())
                .collect();
            if let Some(unknown) = queues
                .iter()
                .find(|q| !names.iter().any(|n| n.as_deref() == Some(**q)))
            {
                errors.push(ExpandError::InForecast(error(
                    &shown,
                    loaded
                        .table
                        .rows
                        .iter()
                        .find(|r| r.queue.as_deref() == Some(*unknown))
                        .map(|r| r.line),
                    "queue",
                    format!("`{unknown}` is not a call type of the scenario"),
                )));
            }
            (0..names.len())
                .filter(|&i| names[i].as_deref().is_some_and(|n| queues.contains(n)))
                .collect()
        } else if names.len() == 1 {
            vec![0]
        } else {
            errors.push(ExpandError::InForecast(error(
                &shown,
                None,
                "",
                format!(
                    "has no `queue` column, and the scenario has {} call types: add a `queue` column naming the call type of each row",
                    names.len()
                ),
            )));
            Vec::new()
        };
        for i in targets {
            let Some(table) = call_types[i].as_table_mut() else {
                continue;
            };
            let name = names[i].clone().unwrap_or_default();
            match rows_for(loaded, &name, clock, days, first_day) {
                Ok(rows) => {
                    if loaded.table.has_aht {
                        table.remove("aht_s");
                    }
                    write_into(table, &rows, loaded.table.has_aht);
                    expanded.note_first_date(&rows);
                    expanded.from_file.retain(|(j, _)| *j != i);
                    expanded.from_file.push((i, shown.clone()));
                }
                Err(e) => errors.push(ExpandError::InForecast(e)),
            }
        }
    }
    if errors.is_empty() {
        Ok(expanded)
    } else {
        Err(errors)
    }
}
