//! Interval history: what each queue was offered, interval by interval, day
//! by day, held as arrays of queues × days × intervals (never as the file's
//! rows). A day the history has no row for is a gap (unknown), not a day of
//! zero calls; an interval missing from a day that has rows had no calls
//! (ACD reports leave out empty intervals).

use chrono::{Datelike, NaiveDate, Weekday};

/// One queue's history.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueHistory {
    pub name: String,
    /// Intervals per day.
    pub slots: usize,
    /// Calls offered, day-major: `offered[day * slots + slot]`.
    pub offered: Vec<f64>,
    /// Calls with a known handle time (answered calls where the file gives
    /// answered, else offered), per day and slot.
    pub handled: Vec<f64>,
    /// Their handle seconds, summed.
    pub handle_s: Vec<f64>,
    /// The day has rows: `false` is a gap.
    pub present: Vec<bool>,
}

impl QueueHistory {
    pub fn new(name: impl Into<String>, days: usize, slots: usize) -> Self {
        Self {
            name: name.into(),
            slots,
            offered: vec![0.0; days * slots],
            handled: vec![0.0; days * slots],
            handle_s: vec![0.0; days * slots],
            present: vec![false; days],
        }
    }

    pub fn days(&self) -> usize {
        self.present.len()
    }

    /// The day's calls per interval.
    pub fn day(&self, day: usize) -> &[f64] {
        &self.offered[day * self.slots..(day + 1) * self.slots]
    }

    pub fn total(&self, day: usize) -> f64 {
        self.day(day).iter().sum()
    }

    /// Adds an interval's figures to a day (and marks the day present).
    pub fn add(&mut self, day: usize, slot: usize, offered: f64, handled: f64, handle_s: f64) {
        let at = day * self.slots + slot;
        self.offered[at] += offered;
        self.handled[at] += handled;
        self.handle_s[at] += handle_s;
        self.present[day] = true;
    }

    /// Days with rows.
    pub fn days_present(&self) -> usize {
        self.present.iter().filter(|&&p| p).count()
    }
}

/// The history of every queue over the same calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// The file, for messages and the report.
    pub source: String,
    pub interval_min: u32,
    /// Day 0.
    pub first_date: NaiveDate,
    /// Read from a call-level log (calls counted into intervals) rather than an interval report.
    pub from_call_log: bool,
    /// Queues in the order the file first names them.
    pub queues: Vec<QueueHistory>,
}

impl History {
    pub fn slots(&self) -> usize {
        (1440 / self.interval_min) as usize
    }

    /// Calendar days from the first date to the last.
    pub fn days(&self) -> usize {
        self.queues.first().map_or(0, QueueHistory::days)
    }

    pub fn date(&self, day: i64) -> NaiveDate {
        self.first_date + chrono::Duration::days(day)
    }

    pub fn last_date(&self) -> NaiveDate {
        self.date(self.days() as i64 - 1)
    }

    pub fn weekday(&self, day: i64) -> Weekday {
        self.date(day).weekday()
    }

    /// `HH:MM` of a slot's start.
    pub fn slot_label(&self, slot: usize) -> String {
        let minutes = slot as u32 * self.interval_min;
        format!("{:02}:{:02}", minutes / 60, minutes % 60)
    }
}

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{NaiveDateTime, Timelike};

use crate::tabular::{Column, ColumnMap, Row, TableReader, TabularError};

/// The longest history read: ten years of days.
pub const MAX_HISTORY_DAYS: usize = 3660;
/// The most queues one history holds.
pub const MAX_QUEUES: usize = 1000;
/// Queues × days × intervals held at most (about 1.2 GB of arrays would be
/// 50 M; this is an eighth of it).
pub const MAX_CELLS: usize = 6_000_000;

/// The name a history without a queue column gives its one queue.
pub const DEFAULT_QUEUE: &str = "all";

const fn column(key: &'static str, aliases: &'static [&'static str]) -> Column {
    Column {
        key,
        aliases,
        required: false,
    }
}

/// Every column either kind of history may have, none required: the probe
/// that tells an interval report from a call log.
const COLUMNS: [Column; 16] = [
    column(
        "queue",
        &[
            "fila",
            "skill",
            "split",
            "call_type",
            "queue_name",
            "skill_name",
            "campanha",
            "campaign",
        ],
    ),
    column("date", &["data", "dia", "day"]),
    column(
        "interval",
        &[
            "intervalo",
            "interval_start",
            "start_time",
            "hora",
            "horario",
            "time",
            "inicio",
        ],
    ),
    column(
        "start",
        &[
            "datetime",
            "date_time",
            "timestamp",
            "data_hora",
            "periodo",
            "period",
        ],
    ),
    column(
        "offered",
        &[
            "calls",
            "calls_offered",
            "ofertadas",
            "chamadas",
            "chamadas_ofertadas",
            "volume",
            "contacts",
            "recebidas",
        ],
    ),
    column(
        "answered",
        &[
            "calls_answered",
            "handled",
            "atendidas",
            "chamadas_atendidas",
        ],
    ),
    column(
        "abandoned",
        &[
            "calls_abandoned",
            "abandons",
            "abandonadas",
            "chamadas_abandonadas",
        ],
    ),
    column(
        "aht",
        &[
            "aht_s",
            "tma",
            "tma_s",
            "handle_time",
            "average_handle_time",
            "tempo_medio_de_atendimento",
        ],
    ),
    column(
        "asa",
        &[
            "asa_s",
            "tme",
            "tme_s",
            "average_speed_of_answer",
            "tempo_medio_de_espera",
        ],
    ),
    column(
        "service_level",
        &["sl", "service_level_pct", "nivel_de_servico", "ns"],
    ),
    column("arrival", &["chegada", "arrival_time"]),
    column("outcome", &["resultado", "desfecho"]),
    column("talk_s", &["talk", "talk_time", "conversa_s"]),
    column("acw_s", &["acw", "after_call_work_s", "pos_atendimento_s"]),
    column("wait_s", &["wait", "espera_s"]),
    column("replication", &["replicacao"]),
];

fn columns_requiring(keys: &[&str]) -> Vec<Column> {
    COLUMNS
        .iter()
        .map(|c| Column {
            required: keys.contains(&c.key),
            ..*c
        })
        .collect()
}

/// Where a history is read from.
pub enum Source<'a> {
    File(&'a Path),
    /// Bytes in memory, named in messages (tests).
    Bytes(&'a str, &'a [u8]),
}

impl Source<'_> {
    fn open(&self, wanted: &[Column], map: &ColumnMap) -> Result<TableReader, TabularError> {
        match self {
            Source::File(path) => TableReader::open(path, wanted, map),
            Source::Bytes(name, bytes) => {
                TableReader::from_bytes(name, bytes.to_vec(), wanted, map)
            }
        }
    }

    fn name(&self) -> String {
        match self {
            Source::File(path) => path.display().to_string(),
            Source::Bytes(name, _) => name.to_string(),
        }
    }
}

/// Reads an interval report, or a call-level log (told by its `arrival` and
/// `outcome` columns, without an `offered` one) counted into intervals of
/// `log_interval_min` minutes.
pub fn read(
    source: &Source,
    map: &ColumnMap,
    log_interval_min: u32,
) -> Result<History, TabularError> {
    let probe = source.open(&COLUMNS, map)?;
    let call_log = !probe.has("offered") && probe.has("arrival") && probe.has("outcome");
    drop(probe);
    let name = source.name();
    if call_log {
        let mut reader = source.open(&columns_requiring(&["arrival", "outcome", "queue"]), map)?;
        let days = read_call_log(&mut reader, &name, log_interval_min)?;
        assemble(&name, log_interval_min, days, true)
    } else {
        let mut reader = source.open(&columns_requiring(&["offered"]), map)?;
        let mut entries = read_report(&mut reader, &name)?;
        let interval_min = interval_length(&name, &entries)?;
        let clock_changed = std::mem::take(&mut entries.clock_changed);
        let days = entries.into_days(interval_min);
        let history = assemble(&name, interval_min, days.0, false)?;
        check_missing_hours(&name, &history, &days.1, &clock_changed)?;
        Ok(history)
    }
}

/// One interval of a report as read.
#[derive(Debug, Clone, Copy)]
struct Entry {
    minute: u16,
    offered: f64,
    handled: f64,
    handle_s: f64,
    line: u64,
    /// The start's instant, when the file gives offsets and `--time-zone`
    /// reads them on the center's clock.
    instant: Option<f64>,
}

/// Per queue (in order of appearance), per date, the intervals read.
#[derive(Default)]
struct Entries {
    names: Vec<String>,
    index: HashMap<String, usize>,
    days: Vec<BTreeMap<NaiveDate, Vec<Entry>>>,
    /// The UTC offset of each (queue, date)'s first start that carried one
    /// (read on the center's clock), and the (queue, date)s whose starts
    /// carried two: days the clock changed.
    offsets: HashMap<(usize, NaiveDate), i64>,
    clock_changed: std::collections::HashSet<(usize, NaiveDate)>,
}

/// Per queue, per date, the figures of each slot.
type Days = Vec<(String, BTreeMap<NaiveDate, Vec<[f64; 3]>>)>;

impl Entries {
    fn queue(&mut self, name: &str, file: &str, line: u64) -> Result<usize, TabularError> {
        if let Some(&i) = self.index.get(name) {
            return Ok(i);
        }
        if self.names.len() == MAX_QUEUES {
            return Err(TabularError::at(
                file,
                line,
                format!("more than {MAX_QUEUES} queues: split the file"),
            ));
        }
        self.index.insert(name.to_string(), self.names.len());
        self.names.push(name.to_string());
        self.days.push(BTreeMap::new());
        Ok(self.names.len() - 1)
    }

    /// The days as slot arrays, with each entry's line by (queue, date, slot) for messages.
    fn into_days(self, interval_min: u32) -> (Days, HashMap<(usize, NaiveDate), Vec<u64>>) {
        let slots = (1440 / interval_min) as usize;
        let mut lines = HashMap::new();
        let days = self
            .names
            .into_iter()
            .zip(self.days)
            .enumerate()
            .map(|(q, (name, dates))| {
                let arrays = dates
                    .into_iter()
                    .map(|(date, entries)| {
                        let mut cells = vec![[0.0; 3]; slots];
                        let mut day_lines = vec![0; slots];
                        for e in entries {
                            let s = e.minute as usize / interval_min as usize;
                            cells[s] = [e.offered, e.handled, e.handle_s];
                            day_lines[s] = e.line;
                        }
                        lines.insert((q, date), day_lines);
                        (date, cells)
                    })
                    .collect();
                (name, arrays)
            })
            .collect();
        (days, lines)
    }
}

/// A row's date and interval start: a `start` date-time, or `date` and
/// `interval` (a time, or a date-time where there is no date column); and
/// the start's instant, when it carries an offset read with `--time-zone`.
fn row_start(row: &Row) -> Result<(NaiveDateTime, Option<f64>), TabularError> {
    if row.text("start").is_some() {
        return Ok(row.date_time_and_instant("start")?.unwrap_or_default());
    }
    let Some(date) = row.date("date")? else {
        if row.text("interval").is_some_and(|t| t.len() > 10) {
            return Ok(row.date_time_and_instant("interval")?.unwrap_or_default());
        }
        let key = if row.text("interval").is_some() {
            "date"
        } else {
            "start"
        };
        return Err(row.error(key, "is empty: each row needs its date and interval start (a date and an interval column, or one start date-time column)"));
    };
    let Some(time) = row.time_of_day("interval")? else {
        return Err(row.error(
            "interval",
            "is empty: each row needs the start time of its interval",
        ));
    };
    Ok((date.and_time(time), None))
}

fn read_report(reader: &mut TableReader, file: &str) -> Result<Entries, TabularError> {
    let has_answered = reader.has("answered");
    let dialect = reader.dialect();
    let mut entries = Entries::default();
    while let Some(row) = reader.next_row()? {
        let line = row.line();
        let queue = entries.queue(row.name("queue")?.unwrap_or(DEFAULT_QUEUE), file, line)?;
        let (start, instant) = row_start(&row)?;
        if start.second() != 0 {
            return Err(row.error(
                if row.text("start").is_some() {
                    "start"
                } else {
                    "interval"
                },
                "an interval starts on a whole minute",
            ));
        }
        let Some(offered) = row.count("offered")? else {
            return Err(row.error("offered", "is empty: give the calls offered (0 for none)"));
        };
        let offered = offered as f64;
        let answered = row.count("answered")?.map(|a| a as f64);
        if let Some(a) = answered.filter(|&a| a > offered) {
            return Err(row.error(
                "answered",
                format!("{a} answered is more than the {offered} offered"),
            ));
        }
        if let Some(a) = row
            .count("abandoned")?
            .map(|a| a as f64)
            .filter(|&a| a > offered)
        {
            return Err(row.error(
                "abandoned",
                format!("{a} abandoned is more than the {offered} offered"),
            ));
        }
        // Checked, so a broken export is refused, though the models do not use them.
        row.duration_s("asa")?;
        if let Some(sl) = row.text("service_level") {
            let value = crate::tabular::cells::number(sl.trim_end_matches('%').trim(), dialect)
                .map_err(|why| row.error("service_level", why))?;
            if !(0.0..=100.0).contains(&value) {
                return Err(row.error(
                    "service_level",
                    "a service level is between 0 and 100 (percent) or 0 and 1",
                ));
            }
        }
        let aht = row.duration_s("aht")?;
        // One absurd cell would drag the volume-weighted profile of every interval.
        if aht.is_some_and(|a| a > 86_400.0) {
            return Err(row.error("aht", "an average handle time of more than a day is no call's: is the column in milliseconds?"));
        }
        let handled = if has_answered {
            answered.unwrap_or(0.0)
        } else {
            offered
        };
        let (handled, handle_s) = match aht {
            Some(aht) => (handled, aht * handled),
            None => (0.0, 0.0),
        };
        if let Some(at) = instant {
            let offset = start.and_utc().timestamp() - at.floor() as i64;
            let first = *entries
                .offsets
                .entry((queue, start.date()))
                .or_insert(offset);
            if first != offset {
                entries.clock_changed.insert((queue, start.date()));
            }
        }
        let entry = Entry {
            minute: (start.hour() * 60 + start.minute()) as u16,
            offered,
            handled,
            handle_s,
            line,
            instant,
        };
        let day = entries.days[queue].entry(start.date()).or_default();
        place(day, entry, &entries.names[queue], start, file)?;
    }
    if entries.names.is_empty() {
        return Err(TabularError::whole(
            file,
            "the file has a header but no rows: give one row per queue and interval",
        ));
    }
    Ok(entries)
}

/// Adds an interval to its day, refusing a repeated one: a clock that went
/// back (the same start again, within the hour after a later one) or a
/// plain duplicate.
fn place(
    day: &mut Vec<Entry>,
    entry: Entry,
    queue: &str,
    start: NaiveDateTime,
    file: &str,
) -> Result<(), TabularError> {
    let last = day.last().copied();
    if last.is_none_or(|l| entry.minute > l.minute) {
        day.push(entry);
        return Ok(());
    }
    let at = day.partition_point(|e| e.minute < entry.minute);
    if let Some(same) = day.get_mut(at).filter(|e| e.minute == entry.minute)
        && let (Some(first), Some(again)) = (same.instant, entry.instant)
        && first != again
    {
        // The clock went back, and the offsets tell the two hours apart: the
        // local interval held both, so the day keeps all its calls.
        same.offered += entry.offered;
        same.handled += entry.handled;
        same.handle_s += entry.handle_s;
        return Ok(());
    }
    if let Some(same) = day.get(at).filter(|e| e.minute == entry.minute) {
        let last = last.unwrap_or(*same);
        let back = last.minute - entry.minute;
        let when = start.format("%Y-%m-%d %H:%M");
        // With instants, the same local time twice is the same time twice.
        let message = if back > 0 && back < 60 && last.line > same.line && same.instant.is_none() {
            format!(
                "queue \"{queue}\": {when} comes again (first on line {}) after {:02}:{:02}: the clock went back an hour (daylight saving time ended); export the report in standard time or UTC, or with UTC offsets and --time-zone",
                same.line,
                last.minute / 60,
                last.minute % 60
            )
        } else {
            format!(
                "queue \"{queue}\" has the interval {when} twice (lines {} and {}): keep one row per queue and interval",
                same.line, entry.line
            )
        };
        return Err(TabularError::at(file, entry.line, message));
    }
    day.insert(at, entry);
    Ok(())
}

/// The interval length: the most common step between a day's consecutive
/// starts. A start off its grid, or a day of many rows stepping by a
/// multiple of it only, is a mix of lengths, refused.
fn interval_length(file: &str, entries: &Entries) -> Result<u32, TabularError> {
    let mut steps: BTreeMap<u16, usize> = BTreeMap::new();
    for dates in &entries.days {
        for day in dates.values() {
            for pair in day.windows(2) {
                *steps.entry(pair[1].minute - pair[0].minute).or_default() += 1;
            }
        }
    }
    let Some((&length, _)) = steps
        .iter()
        .max_by_key(|(step, n)| (**n, std::cmp::Reverse(**step)))
    else {
        // One row a day: a daily history.
        return Ok(1440);
    };
    if 1440 % length != 0 {
        let line = first_line(entries);
        return Err(TabularError::at(
            file,
            line,
            format!(
                "the intervals are {length} minutes long, which does not divide a day: export 5, 10, 15, 30 or 60-minute intervals"
            ),
        ));
    }
    for (q, dates) in entries.days.iter().enumerate() {
        for (date, day) in dates {
            if let Some(off) = day.iter().find(|e| e.minute % length != 0) {
                return Err(TabularError::at(
                    file,
                    off.line,
                    format!(
                        "queue \"{}\": the interval starting {date} {:02}:{:02} is off the {length}-minute grid of the rest of the file: the file mixes interval lengths; export one length",
                        entries.names[q],
                        off.minute / 60,
                        off.minute % 60
                    ),
                ));
            }
            let smallest = day.windows(2).map(|p| p[1].minute - p[0].minute).min();
            if day.len() >= 8 && smallest.is_some_and(|s| s > length) {
                return Err(TabularError::at(
                    file,
                    day[0].line,
                    format!(
                        "queue \"{}\": {date} steps by {} minutes where the rest of the file steps by {length}: the file mixes interval lengths; export one length",
                        entries.names[q],
                        smallest.unwrap_or_default()
                    ),
                ));
            }
        }
    }
    Ok(length as u32)
}

fn first_line(entries: &Entries) -> u64 {
    entries
        .days
        .iter()
        .flat_map(|d| d.values())
        .filter_map(|day| day.first())
        .map(|e| e.line)
        .min()
        .unwrap_or(1)
}

const CALL_LOG_OUTCOMES: [&str; 10] = [
    "answered",
    "abandoned",
    "blocked",
    "dropped",
    "callback",
    "callback_answered",
    "callback_unserved",
    "contained",
    "ivr_hang_up",
    "unfinished",
];

/// Counts a call log's calls into intervals: a call offered to a queue
/// (answered, abandoned, dropped at closing, taking a callback, still
/// waiting) counts as offered; an answered one adds its talk and after-call
/// work to the handle time. Only the first replication of a simulated log
/// is read (the others repeat the same dates).
fn read_call_log(
    reader: &mut TableReader,
    file: &str,
    interval_min: u32,
) -> Result<Days, TabularError> {
    let slots = (1440 / interval_min) as usize;
    let mut names: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut days: Vec<BTreeMap<NaiveDate, Vec<[f64; 3]>>> = Vec::new();
    let mut replication: Option<String> = None;
    let mut rows = 0u64;
    while let Some(row) = reader.next_row()? {
        rows += 1;
        if let Some(r) = row.text("replication") {
            match &replication {
                None => replication = Some(r.to_string()),
                Some(first) if first != r => continue,
                Some(_) => {}
            }
        }
        let Some(outcome) = row.text("outcome") else {
            return Err(row.error("outcome", "is empty: each call has an outcome"));
        };
        if !CALL_LOG_OUTCOMES.contains(&outcome) {
            return Err(row.error(
                "outcome",
                format!(
                    "is not an outcome of the calls-log schema ({})",
                    CALL_LOG_OUTCOMES.join(", ")
                ),
            ));
        }
        let Some(queue) = row.name("queue")? else {
            continue;
        };
        if matches!(
            outcome,
            "blocked" | "callback_answered" | "callback_unserved" | "contained" | "ivr_hang_up"
        ) {
            continue;
        }
        let Some(arrival) = row.date_time("arrival")? else {
            return Err(row.error("arrival", "is empty: each call has its arrival date-time"));
        };
        let q = match index.get(queue) {
            Some(&q) => q,
            None => {
                if names.len() == MAX_QUEUES {
                    return Err(row.error(
                        "queue",
                        format!("more than {MAX_QUEUES} queues: split the file"),
                    ));
                }
                index.insert(queue.to_string(), names.len());
                names.push(queue.to_string());
                days.push(BTreeMap::new());
                names.len() - 1
            }
        };
        let (mut handled, mut handle_s) = (0.0, 0.0);
        if outcome == "answered" {
            let talk = row.duration_s("talk_s")?;
            let acw = row.duration_s("acw_s")?.unwrap_or(0.0);
            if let Some(talk) = talk {
                handled = 1.0;
                handle_s = talk + acw;
            }
        }
        let slot = (arrival.hour() * 60 + arrival.minute()) as usize / interval_min as usize;
        let cells = days[q]
            .entry(arrival.date())
            .or_insert_with(|| vec![[0.0; 3]; slots]);
        let cell = &mut cells[slot];
        cell[0] += 1.0;
        cell[1] += handled;
        cell[2] += handle_s;
    }
    if rows == 0 {
        return Err(TabularError::whole(
            file,
            "the file has a header but no rows: give one row per call",
        ));
    }
    if names.is_empty() {
        return Err(TabularError::whole(
            file,
            "no call in the log reached a queue: nothing to forecast",
        ));
    }
    Ok(names.into_iter().zip(days).collect())
}

/// The days read as a [`History`] over one calendar, first date to last.
fn assemble(
    file: &str,
    interval_min: u32,
    days: Days,
    from_call_log: bool,
) -> Result<History, TabularError> {
    let dates = days.iter().flat_map(|(_, d)| d.keys().copied());
    let (Some(first), Some(last)) = (dates.clone().min(), dates.max()) else {
        return Err(TabularError::whole(file, "the file has no rows"));
    };
    let span = (last - first).num_days() as usize + 1;
    if span > MAX_HISTORY_DAYS {
        return Err(TabularError::whole(
            file,
            format!(
                "the dates run from {first} to {last}, {span} days: give at most {MAX_HISTORY_DAYS} days (ten years), and check for a mistyped year"
            ),
        ));
    }
    let slots = (1440 / interval_min) as usize;
    if span * slots * days.len() > MAX_CELLS {
        return Err(TabularError::whole(
            file,
            format!(
                "{} queues × {span} days × {slots} intervals is more than {MAX_CELLS} intervals: split the file by queue or by period",
                days.len()
            ),
        ));
    }
    let queues = days
        .into_iter()
        .map(|(name, dates)| {
            let mut queue = QueueHistory::new(name, span, slots);
            for (date, cells) in dates {
                let d = (date - first).num_days() as usize;
                for (s, [offered, handled, handle_s]) in cells.into_iter().enumerate() {
                    queue.add(d, s, offered, handled, handle_s);
                }
            }
            queue
        })
        .collect();
    Ok(History {
        source: file.to_string(),
        interval_min,
        first_date: first,
        from_call_log,
        queues,
    })
}

/// A clock that went forward: a day of a queue that has rows in every
/// interval but one hour's, where its other days have rows in that hour.
fn check_missing_hours(
    file: &str,
    history: &History,
    lines: &HashMap<(usize, NaiveDate), Vec<u64>>,
    clock_changed: &std::collections::HashSet<(usize, NaiveDate)>,
) -> Result<(), TabularError> {
    let slots = history.slots();
    let hour = (60 / history.interval_min) as usize;
    if hour == 0 || slots < 2 * hour {
        return Ok(());
    }
    for (q, queue) in history.queues.iter().enumerate() {
        let days = queue.days_present();
        let mut rows_at = vec![0usize; slots];
        let mut day_rows = Vec::new();
        for d in (0..queue.days()).filter(|&d| queue.present[d]) {
            let date = history.date(d as i64);
            let Some(day_lines) = lines.get(&(q, date)) else {
                continue;
            };
            for (s, &l) in day_lines.iter().enumerate() {
                rows_at[s] += usize::from(l > 0);
            }
            day_rows.push((date, day_lines));
        }
        // Slots nearly every day has a row in.
        let usual: Vec<bool> = rows_at
            .iter()
            .map(|&n| n * 10 >= days * 9 && days >= 7)
            .collect();
        for (date, day_lines) in day_rows {
            // Its offsets show the clock went forward: that hour never was.
            if clock_changed.contains(&(q, date)) {
                continue;
            }
            let missing: Vec<usize> = (0..slots)
                .filter(|&s| usual[s] && day_lines[s] == 0)
                .collect();
            let contiguous = missing.len() == hour && missing.windows(2).all(|p| p[1] == p[0] + 1);
            let (Some(&from), Some(&to)) = (missing.first(), missing.last()) else {
                continue;
            };
            // Clocks change in the small hours.
            let small_hours = from as u32 * history.interval_min < 4 * 60;
            if contiguous
                && small_hours
                && from > 0
                && to + 1 < slots
                && day_lines[from - 1] > 0
                && day_lines[to + 1] > 0
            {
                return Err(TabularError::at(
                    file,
                    day_lines[to + 1],
                    format!(
                        "queue \"{}\": {date} has no rows from {} to {} where its other days do: the clock went forward an hour (daylight saving time began); export the report in standard time or UTC, or with UTC offsets and --time-zone",
                        queue.name,
                        history.slot_label(from),
                        history.slot_label(to + 1)
                    ),
                ));
            }
        }
    }
    Ok(())
}
