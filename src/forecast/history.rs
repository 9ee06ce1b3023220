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
