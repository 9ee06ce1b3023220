//! `simulate --calls-log`: one CSV row per call attempt, as an ACD's
//! call-level export would have it (the schema `callsim fit` reads).
//!
//! A row is written when its attempt ends (answered, hung up, blocked,
//! dropped, contained…), so rows follow the time attempts end, not the time
//! they arrived. Nothing is kept per call but the IVR leg of callers who
//! went from the menus to a queue and are still waiting there: memory
//! follows the callers in the system, and the writer's buffer is bounded.
//!
//! Names are quoted once, by the csv crate, when the labels are made; every
//! other field is a number, a date or a fixed word that never needs quoting,
//! so rows are written straight into the buffer (a per-field CSV writer and
//! `format!` took three quarters of the log's time).

use std::collections::HashMap;
use std::io::{self, Write};

use chrono::{Days, NaiveDate};

use super::{Answered, Caller, IvrExit, Observation, Observer, Repeat};
use crate::model::{CallTypeId, Channel, EntryId, GroupId, SourceId};

/// The columns, in order.
pub const CALLS_LOG_COLUMNS: [&str; 15] = [
    "replication",
    "caller",
    "attempt",
    "repeat",
    "arrival",
    "entry",
    "ivr_s",
    "ivr",
    "queue",
    "outcome",
    "wait_s",
    "talk_s",
    "acw_s",
    "group",
    "channel",
];

/// What rows are written with: the model's names and the calendar's first date.
#[derive(Debug, Clone)]
pub struct CallsLogLabels {
    /// Each name as a CSV field: quoted where it needs to be.
    call_types: Vec<Vec<u8>>,
    /// Each call type's channel (`voice` where none is given).
    channels: Vec<Channel>,
    groups: Vec<Vec<u8>>,
    entries: Vec<Vec<u8>>,
    first_date: NaiveDate,
    /// Clock time of time 0 (the first day's opening), milliseconds after midnight.
    open_ms: i64,
}

impl CallsLogLabels {
    /// Names by id; day 1 is `first_date`, and time 0 is `open_min` minutes after its midnight.
    pub fn new(
        call_types: Vec<String>,
        groups: Vec<String>,
        entries: Vec<String>,
        first_date: NaiveDate,
        open_min: u32,
    ) -> Self {
        Self {
            channels: vec![Channel::Voice; call_types.len()],
            call_types: quoted(call_types),
            groups: quoted(groups),
            entries: quoted(entries),
            first_date,
            open_ms: i64::from(open_min) * 60_000,
        }
    }
}

impl CallsLogLabels {
    /// The call types' channels, in call-type order.
    pub fn with_channels(mut self, channels: Vec<Channel>) -> Self {
        assert_eq!(
            channels.len(),
            self.call_types.len(),
            "a channel per call type"
        );
        self.channels = channels;
        self
    }
}

/// Each name as the csv crate writes it as a field.
fn quoted(names: Vec<String>) -> Vec<Vec<u8>> {
    names
        .iter()
        .map(|name| {
            let mut writer = csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(Vec::new());
            // As a record of one field, less its line end (a single
            // empty field is written `""`: the same field).
            writer.write_record([name]).expect("writing to memory");
            let mut field = writer.into_inner().expect("writing to memory");
            field.pop();
            field
        })
        .collect()
}

/// Writes the header row.
pub fn write_calls_log_header<W: Write>(out: W) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(CALLS_LOG_COLUMNS)?;
    writer.flush()
}

/// Where a caller who left the IVR for a queue came from.
#[derive(Debug, Clone, Copy)]
struct IvrLeg {
    entry: EntryId,
    entered_s: f64,
    ivr_s: f64,
}

/// One row, as the observation that ends an attempt describes it.
#[derive(Debug, Clone, Copy)]
struct Row {
    caller: Caller,
    repeat: Repeat,
    arrival_s: f64,
    ivr: Option<(EntryId, f64, &'static str)>,
    /// The entry of a call blocked before its IVR.
    blocked_entry: Option<EntryId>,
    queue: Option<CallTypeId>,
    outcome: &'static str,
    wait_s: Option<f64>,
    /// Talk, after-call work and group of a call an agent took.
    handled: Option<(f64, f64, GroupId)>,
}

impl Row {
    fn new(caller: Caller, repeat: Repeat, arrival_s: f64, outcome: &'static str) -> Self {
        Self {
            caller,
            repeat,
            arrival_s,
            ivr: None,
            blocked_entry: None,
            queue: None,
            outcome,
            wait_s: None,
            handled: None,
        }
    }
}

/// The calls log of one replication, written to `W` as rows end.
pub struct CallsLog<'a, W: Write> {
    labels: &'a CallsLogLabels,
    replication: u64,
    out: io::BufWriter<W>,
    /// Callers from the IVR now in a queue, by (number, attempt).
    from_ivr: HashMap<(u32, u32), IvrLeg>,
    /// The first write error: later rows are skipped, [`CallsLog::finish`] returns it.
    failed: Option<io::Error>,
    /// The date of the last row's day, as text: dates change once a day.
    day: Option<(i64, [u8; 10])>,
    /// The row being written.
    line: Vec<u8>,
}

impl<'a, W: Write> CallsLog<'a, W> {
    /// Rows of replication `replication` (1-based, as the user counts) to `out`, without a header.
    pub fn new(labels: &'a CallsLogLabels, replication: u64, out: W) -> Self {
        Self {
            labels,
            replication,
            out: io::BufWriter::with_capacity(1 << 16, out),
            from_ivr: HashMap::new(),
            failed: None,
            day: None,
            line: Vec::with_capacity(256),
        }
    }

    /// Flushes the rows and gives the writer back, or the first write error.
    pub fn finish(self) -> io::Result<W> {
        if let Some(e) = self.failed {
            return Err(e);
        }
        self.out.into_inner().map_err(|e| e.into_error())
    }

    /// A row of a call that reached a queue: its IVR leg, if it had one, is
    /// its start (and is forgotten: the attempt ends here).
    fn queue_row(
        &mut self,
        call_type: CallTypeId,
        caller: Caller,
        repeat: Repeat,
        arrival_s: f64,
        outcome: &'static str,
    ) -> Row {
        let mut row = Row::new(caller, repeat, arrival_s, outcome);
        row.queue = Some(call_type);
        if let Some(leg) = self.from_ivr.remove(&(caller.number, caller.attempt)) {
            row.arrival_s = leg.entered_s;
            row.ivr = Some((leg.entry, leg.ivr_s, "queue"));
        }
        row
    }

    fn answered_row(&mut self, call: &Answered, outcome: &'static str) -> Row {
        let mut row = if outcome == "answered" {
            self.queue_row(
                call.call_type,
                call.caller,
                call.repeat,
                call.arrival_s,
                outcome,
            )
        } else {
            // A callback: it starts when requested, without the IVR.
            let mut row = Row::new(call.caller, call.repeat, call.arrival_s, outcome);
            row.queue = Some(call.call_type);
            row
        };
        row.wait_s = Some(call.wait_s);
        row.handled = Some((call.talk_s, call.after_call_work_s, call.group));
        row
    }

    fn ivr_exit(&mut self, t: f64, entry: EntryId, entered_s: f64, exit: IvrExit, row: Row) {
        let ivr_s = t - entered_s;
        let (ivr, outcome) = match exit {
            IvrExit::Queue(_) => {
                let leg = IvrLeg {
                    entry,
                    entered_s,
                    ivr_s,
                };
                self.from_ivr
                    .insert((row.caller.number, row.caller.attempt), leg);
                return;
            }
            IvrExit::SelfService => ("self_service", "contained"),
            IvrExit::HangUp => ("hang_up", "ivr_hang_up"),
        };
        self.write(&Row {
            arrival_s: entered_s,
            ivr: Some((entry, ivr_s, ivr)),
            outcome,
            ..row
        });
    }

    fn write(&mut self, row: &Row) {
        if self.failed.is_some() {
            return;
        }
        self.line.clear();
        self.format_row(row);
        if let Err(e) = self.out.write_all(&self.line) {
            self.failed = Some(e);
        }
    }

    fn format_row(&mut self, row: &Row) {
        let labels = self.labels;
        let name = |names: &'a [Vec<u8>], index: Option<usize>| -> &'a [u8] {
            index.map_or(&[], |i| names[i].as_slice())
        };
        let mut number = itoa::Buffer::new();
        let line = &mut self.line;
        line.extend_from_slice(number.format(self.replication).as_bytes());
        line.push(b',');
        line.extend_from_slice(number.format(row.caller.number).as_bytes());
        line.push(b',');
        line.extend_from_slice(number.format(u64::from(row.caller.attempt) + 1).as_bytes());
        line.extend_from_slice(match row.repeat {
            Repeat::First => b",first,",
            Repeat::Retrial => b",retrial,",
            Repeat::Recontact => b",recontact,",
            Repeat::Transfer => b",transfer,",
        });
        self.push_arrival(row.arrival_s);
        let line = &mut self.line;
        line.push(b',');
        let entry = row.ivr.map(|(e, _, _)| e).or(row.blocked_entry);
        line.extend_from_slice(name(&labels.entries, entry.map(EntryId::index)));
        line.push(b',');
        push_seconds(line, row.ivr.map(|(_, s, _)| s));
        line.push(b',');
        line.extend_from_slice(row.ivr.map_or("", |(_, _, how)| how).as_bytes());
        line.push(b',');
        line.extend_from_slice(name(&labels.call_types, row.queue.map(CallTypeId::index)));
        line.push(b',');
        line.extend_from_slice(row.outcome.as_bytes());
        line.push(b',');
        push_seconds(line, row.wait_s);
        line.push(b',');
        push_seconds(line, row.handled.map(|(talk, _, _)| talk));
        line.push(b',');
        push_seconds(line, row.handled.map(|(_, acw, _)| acw));
        line.push(b',');
        let group = row.handled.map(|(_, _, g)| g.index());
        line.extend_from_slice(name(&labels.groups, group));
        line.push(b',');
        // The channel of the queue the attempt reached; none before one.
        let channel = row.queue.map(|c| labels.channels[c.index()].name());
        line.extend_from_slice(channel.unwrap_or("").as_bytes());
        line.push(b'\n');
    }

    /// `YYYY-MM-DD HH:MM:SS.mmm` of time `t`: day 1's date at the opening
    /// plus `t`, rolling over at midnight.
    fn push_arrival(&mut self, t: f64) {
        let ms = self.labels.open_ms + (t * 1000.0).round() as i64;
        let (day, in_day) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
        let date = match self.day {
            Some((d, text)) if d == day => text,
            _ => {
                let date = u64::try_from(day)
                    .ok()
                    .and_then(|d| self.labels.first_date.checked_add_days(Days::new(d)))
                    .unwrap_or(NaiveDate::MAX);
                let mut text = [0; 10];
                let shown = date.format("%Y-%m-%d").to_string();
                let n = shown.len().min(10);
                text[..n].copy_from_slice(&shown.as_bytes()[..n]);
                self.day = Some((day, text));
                text
            }
        };
        let line = &mut self.line;
        line.extend_from_slice(&date);
        let in_day = in_day as u64;
        line.push(b' ');
        push_digits(line, in_day / 3_600_000, 2);
        line.push(b':');
        push_digits(line, in_day / 60_000 % 60, 2);
        line.push(b':');
        push_digits(line, in_day / 1000 % 60, 2);
        line.push(b'.');
        push_digits(line, in_day % 1000, 3);
    }
}

/// The last `width` decimal digits of `n`, with leading zeros.
fn push_digits(line: &mut Vec<u8>, n: u64, width: u32) {
    let mut scale = 10u64.pow(width - 1);
    while scale > 0 {
        line.push(b'0' + (n / scale % 10) as u8);
        scale /= 10;
    }
}

/// Seconds with 3 decimals (to the millisecond), `12.345`; nothing for `None`.
fn push_seconds(line: &mut Vec<u8>, seconds: Option<f64>) {
    let Some(s) = seconds else {
        return;
    };
    let millis = (s * 1000.0).round() as i64;
    if millis < 0 {
        line.push(b'-');
    }
    let millis = millis.unsigned_abs();
    line.extend_from_slice(itoa::Buffer::new().format(millis / 1000).as_bytes());
    line.push(b'.');
    push_digits(line, millis % 1000, 3);
}

impl<W: Write> Observer for CallsLog<'_, W> {
    fn observe(&mut self, t: f64, what: Observation<'_>) {
        match what {
            Observation::Blocked {
                source,
                caller,
                repeat,
            } => {
                let mut row = Row::new(caller, repeat, t, "blocked");
                match source {
                    SourceId::CallType(c) => row.queue = Some(c),
                    SourceId::Entry(e) => row.blocked_entry = Some(e),
                }
                self.write(&row);
            }
            Observation::QueueFull {
                call_type,
                caller,
                repeat,
            } => {
                // The IVR leg, if any, starts the row: the caller was refused at the queue.
                let row = self.queue_row(call_type, caller, repeat, t, "blocked");
                self.write(&row);
            }
            Observation::Balked {
                call_type,
                caller,
                repeat,
                ..
            } => self.waited(t, call_type, t, caller, repeat, "balked"),
            Observation::IvrExit {
                entry,
                entered_s,
                exit,
                caller,
                repeat,
            } => self.ivr_exit(t, entry, entered_s, exit, Row::new(caller, repeat, t, "")),
            // A chat's row waits for its end, when its handle time is known.
            Observation::Answered(call) => {
                let row = self.answered_row(call, "answered");
                self.write(&row);
            }
            Observation::ChatEnded { chat, .. } => {
                let row = self.answered_row(chat, "answered");
                self.write(&row);
            }
            Observation::CallbackServed(call) => {
                let row = self.answered_row(call, "callback_answered");
                self.write(&row);
            }
            Observation::Abandoned {
                call_type,
                arrival_s,
                caller,
                repeat,
            } => self.waited(t, call_type, arrival_s, caller, repeat, "abandoned"),
            Observation::Dropped {
                call_type,
                arrival_s,
                caller,
                repeat,
            } => self.waited(t, call_type, arrival_s, caller, repeat, "dropped"),
            Observation::CallbackAccepted {
                call_type,
                arrival_s,
                caller,
                repeat,
            } => self.waited(t, call_type, arrival_s, caller, repeat, "callback"),
            Observation::Unfinished {
                call_type,
                arrival_s,
                caller,
                repeat,
            } => self.waited(t, call_type, arrival_s, caller, repeat, "unfinished"),
            Observation::CallbackUnserved {
                call_type,
                requested_s,
                caller,
                repeat,
            } => {
                let mut row = Row::new(caller, repeat, requested_s, "callback_unserved");
                row.queue = Some(call_type);
                row.wait_s = Some(t - requested_s);
                self.write(&row);
            }
            _ => {}
        }
    }
}

impl<W: Write> CallsLog<'_, W> {
    /// A caller who waited in `call_type`'s queue from `arrival_s` until `t` and left unanswered.
    fn waited(
        &mut self,
        t: f64,
        call_type: CallTypeId,
        arrival_s: f64,
        caller: Caller,
        repeat: Repeat,
        outcome: &'static str,
    ) {
        let mut row = self.queue_row(call_type, caller, repeat, arrival_s, outcome);
        row.wait_s = Some(t - arrival_s);
        self.write(&row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milliseconds_are_written_with_three_decimals() {
        for (seconds, shown) in [
            (Some(0.0), "0.000"),
            (Some(0.005), "0.005"),
            (Some(12.3454), "12.345"),
            (Some(-0.07), "-0.070"),
            (Some(86_400.5), "86400.500"),
            (None, ""),
        ] {
            let mut line = Vec::new();
            push_seconds(&mut line, seconds);
            assert_eq!(String::from_utf8(line).unwrap(), shown);
        }
    }

    #[test]
    fn arrivals_roll_over_at_midnight() {
        let labels = CallsLogLabels::new(
            vec![],
            vec![],
            vec![],
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            23 * 60,
        );
        let mut log = CallsLog::new(&labels, 1, Vec::new());
        for (t, shown) in [
            (0.0, "2026-12-31 23:00:00.000"),
            (3599.9996, "2027-01-01 00:00:00.000"),
            (86_400.0 + 61.25, "2027-01-01 23:01:01.250"),
        ] {
            log.line.clear();
            log.push_arrival(t);
            assert_eq!(String::from_utf8(log.line.clone()).unwrap(), shown);
        }
    }

    #[test]
    fn names_are_quoted_where_csv_needs_it() {
        let names = ["plain", "a, b", "say \"hi\"", ""]
            .map(String::from)
            .to_vec();
        let shown: Vec<String> = quoted(names)
            .into_iter()
            .map(|q| String::from_utf8(q).unwrap())
            .collect();
        assert_eq!(shown, ["plain", "\"a, b\"", "\"say \"\"hi\"\"\"", "\"\""]);
    }
}
