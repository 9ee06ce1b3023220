//! `simulate --calls-log`: one CSV row per call attempt, as an ACD's
//! call-level export would have it (the schema `callsim fit` reads).
//!
//! A row is written when its attempt ends (answered, hung up, blocked,
//! dropped, contained…), so rows follow the time attempts end, not the time
//! they arrived. Nothing is kept per call but the IVR leg of callers who
//! went from the menus to a queue and are still waiting there: memory
//! follows the callers in the system, and the writer's buffer is bounded.

use std::collections::HashMap;
use std::io::{self, Write};

use chrono::{Days, NaiveDate};

use super::{Answered, Caller, IvrExit, Observation, Observer, Repeat};
use crate::model::{CallTypeId, EntryId, GroupId, SourceId};

/// The columns, in order.
pub const CALLS_LOG_COLUMNS: [&str; 14] = [
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
];

/// What rows are written with: the model's names and the calendar's first date.
#[derive(Debug, Clone)]
pub struct CallsLogLabels {
    call_types: Vec<String>,
    groups: Vec<String>,
    entries: Vec<String>,
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
            call_types,
            groups,
            entries,
            first_date,
            open_ms: i64::from(open_min) * 60_000,
        }
    }
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
    out: csv::Writer<W>,
    /// Callers from the IVR now in a queue, by (number, attempt).
    from_ivr: HashMap<(u32, u32), IvrLeg>,
    /// The first write error: later rows are skipped, [`CallsLog::finish`] returns it.
    failed: Option<io::Error>,
    /// The date of the last row's day, as text: dates change once a day.
    day: Option<(i64, String)>,
    text: String,
}

impl<'a, W: Write> CallsLog<'a, W> {
    /// Rows of replication `replication` (1-based, as the user counts) to `out`, without a header.
    pub fn new(labels: &'a CallsLogLabels, replication: u64, out: W) -> Self {
        Self {
            labels,
            replication,
            out: csv::WriterBuilder::new()
                .buffer_capacity(1 << 16)
                .from_writer(out),
            from_ivr: HashMap::new(),
            failed: None,
            day: None,
            text: String::with_capacity(32),
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
        if self.failed.is_none()
            && let Err(e) = self.write_fields(row)
        {
            self.failed = Some(e.into());
        }
    }

    fn write_fields(&mut self, row: &Row) -> csv::Result<()> {
        let labels = self.labels;
        self.number(self.replication)?;
        self.number(u64::from(row.caller.number))?;
        self.number(u64::from(row.caller.attempt) + 1)?;
        self.out.write_field(match row.repeat {
            Repeat::First => "first",
            Repeat::Retrial => "retrial",
            Repeat::Recontact => "recontact",
        })?;
        self.format_arrival(row.arrival_s);
        self.out.write_field(&self.text)?;
        let entry = row.ivr.map(|(e, _, _)| e).or(row.blocked_entry);
        self.out
            .write_field(entry.map_or("", |e| labels.entries[e.index()].as_str()))?;
        self.seconds(row.ivr.map(|(_, s, _)| s))?;
        self.out
            .write_field(row.ivr.map_or("", |(_, _, how)| how))?;
        self.out.write_field(
            row.queue
                .map_or("", |c| labels.call_types[c.index()].as_str()),
        )?;
        self.out.write_field(row.outcome)?;
        self.seconds(row.wait_s)?;
        self.seconds(row.handled.map(|(talk, _, _)| talk))?;
        self.seconds(row.handled.map(|(_, acw, _)| acw))?;
        self.out.write_field(
            row.handled
                .map_or("", |(_, _, g)| labels.groups[g.index()].as_str()),
        )?;
        self.out.write_record(None::<&[u8]>)
    }

    fn number(&mut self, n: u64) -> csv::Result<()> {
        use std::fmt::Write as _;
        self.text.clear();
        let _ = write!(self.text, "{n}");
        self.out.write_field(&self.text)
    }

    /// Seconds with 3 decimals (milliseconds), or an empty field.
    fn seconds(&mut self, value: Option<f64>) -> csv::Result<()> {
        self.text.clear();
        if let Some(s) = value {
            push_millis(&mut self.text, (s * 1000.0).round() as i64);
        }
        self.out.write_field(&self.text)
    }

    /// `YYYY-MM-DD HH:MM:SS.mmm` of time `t` into `self.text`: day 1's
    /// date at the opening plus `t`, rolling over at midnight.
    fn format_arrival(&mut self, t: f64) {
        let ms = self.labels.open_ms + (t * 1000.0).round() as i64;
        let (day, in_day) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
        if self.day.as_ref().is_none_or(|(d, _)| *d != day) {
            let date = u64::try_from(day)
                .ok()
                .and_then(|d| self.labels.first_date.checked_add_days(Days::new(d)))
                .unwrap_or(NaiveDate::MAX);
            self.day = Some((day, date.format("%Y-%m-%d").to_string()));
        }
        self.text.clear();
        self.text
            .push_str(self.day.as_ref().map_or("", |(_, d)| d.as_str()));
        let (h, m, s, milli) = (
            in_day / 3_600_000,
            in_day / 60_000 % 60,
            in_day / 1000 % 60,
            in_day % 1000,
        );
        use std::fmt::Write as _;
        let _ = write!(self.text, " {h:02}:{m:02}:{s:02}.{milli:03}");
    }
}

/// `millis` as seconds with 3 decimals: `12.345`.
fn push_millis(text: &mut String, millis: i64) {
    if millis < 0 {
        text.push('-');
    }
    let millis = millis.unsigned_abs();
    use std::fmt::Write as _;
    let _ = write!(text, "{}.", millis / 1000);
    let fraction = millis % 1000;
    for digit in [fraction / 100, fraction / 10 % 10, fraction % 10] {
        text.push(char::from(b'0' + digit as u8));
    }
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
            Observation::IvrExit {
                entry,
                entered_s,
                exit,
                caller,
                repeat,
            } => self.ivr_exit(t, entry, entered_s, exit, Row::new(caller, repeat, t, "")),
            Observation::Answered(call) => {
                let row = self.answered_row(call, "answered");
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
        let mut text = String::new();
        for (millis, shown) in [
            (0, "0.000"),
            (5, "0.005"),
            (12_345, "12.345"),
            (-70, "-0.070"),
        ] {
            text.clear();
            push_millis(&mut text, millis);
            assert_eq!(text, shown);
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
        log.format_arrival(0.0);
        assert_eq!(log.text, "2026-12-31 23:00:00.000");
        log.format_arrival(3599.9996);
        assert_eq!(log.text, "2027-01-01 00:00:00.000");
        log.format_arrival(86_400.0 + 61.25);
        assert_eq!(log.text, "2027-01-01 23:01:01.250");
    }
}
