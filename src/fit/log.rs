//! Reading a call-level log: one row per call attempt, streamed through the
//! shared [`tabular`](crate::tabular) reader and folded into per-queue
//! accumulators. What is kept grows with the queues, days and callers
//! present, and with the durations the maximum-likelihood and KS work needs
//! (one number per answered call and per wait) — never a row's text.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use super::patience::Waits;
use crate::tabular::{Column, ColumnMap, Row, TableReader, TabularError};

/// The columns `fit` reads, with the names common ACD exports give them.
pub const COLUMNS: &[Column] = &[
    Column {
        key: "arrival",
        aliases: &[
            "arrival_time",
            "start",
            "start_time",
            "call_start",
            "datetime",
            "timestamp",
            "date_time",
            "data_hora",
            "inicio",
            "chegada",
            "entrada",
        ],
        required: true,
    },
    Column {
        key: "queue",
        aliases: &[
            "skill",
            "split",
            "queue_name",
            "call_type",
            "service",
            "fila",
            "servico",
            "skill_name",
        ],
        required: false,
    },
    Column {
        key: "outcome",
        aliases: &[
            "disposition",
            "result",
            "status",
            "call_result",
            "resultado",
            "situacao",
            "desfecho",
        ],
        required: true,
    },
    Column {
        key: "wait_s",
        aliases: &[
            "wait",
            "wait_time",
            "queue_time",
            "time_in_queue",
            "espera",
            "tempo_espera",
            "tempo_de_espera",
            "tempo_em_fila",
        ],
        required: true,
    },
    Column {
        key: "talk_s",
        aliases: &[
            "talk",
            "talk_time",
            "conversation",
            "tempo_conversacao",
            "tempo_de_conversacao",
            "conversa",
            "falado",
        ],
        required: true,
    },
    Column {
        key: "acw_s",
        aliases: &[
            "acw",
            "after_call_work",
            "wrap",
            "wrap_up",
            "wrap_up_time",
            "wrapup",
            "pos_atendimento",
            "tpa",
        ],
        required: false,
    },
    Column {
        key: "caller",
        aliases: &[
            "caller_id",
            "ani",
            "calling_number",
            "phone",
            "customer",
            "customer_id",
            "telefone",
            "cliente",
            "origem",
        ],
        required: false,
    },
    Column {
        key: "replication",
        aliases: &["replicacao", "run"],
        required: false,
    },
    Column {
        key: "entry",
        aliases: &["dnis", "entry_point", "number_dialled", "numero_discado"],
        required: false,
    },
    Column {
        key: "ivr",
        aliases: &["ivr_outcome", "ivr_result", "ura", "resultado_ura"],
        required: false,
    },
    Column {
        key: "ivr_s",
        aliases: &["ivr_time", "tempo_ura"],
        required: false,
    },
];

/// What became of a call attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    Answered,
    Abandoned,
    Blocked,
    /// Left at once on seeing the queue (balking): its patience is not seen.
    Balked,
    Dropped,
    Callback,
    CallbackAnswered,
    CallbackUnserved,
    Contained,
    IvrHangUp,
    Unfinished,
}

/// The words accepted for each outcome (compared lower case, without
/// accents, spaces and `-` as `_`): the calls log's own first.
const OUTCOME_WORDS: &[(Outcome, &[&str])] = &[
    (
        Outcome::Answered,
        &[
            "answered",
            "answer",
            "handled",
            "connected",
            "completed",
            "atendida",
            "atendido",
            "atendimento",
        ],
    ),
    (
        Outcome::Abandoned,
        &[
            "abandoned",
            "abandon",
            "abandonment",
            "abn",
            "lost",
            "abandonada",
            "abandonado",
            "abandono",
            "desistencia",
        ],
    ),
    (
        Outcome::Blocked,
        &[
            "blocked",
            "busy",
            "rejected",
            "bloqueada",
            "bloqueado",
            "ocupado",
        ],
    ),
    (
        Outcome::Balked,
        &[
            "balked",
            "balk",
            "desistiu_na_entrada",
            "desistencia_na_entrada",
        ],
    ),
    (
        Outcome::Dropped,
        &["dropped", "dropped_at_close", "derrubada", "descartada"],
    ),
    (
        Outcome::Callback,
        &["callback", "callback_requested", "retorno_solicitado"],
    ),
    (
        Outcome::CallbackAnswered,
        &["callback_answered", "retorno_atendido"],
    ),
    (
        Outcome::CallbackUnserved,
        &["callback_unserved", "retorno_nao_atendido"],
    ),
    (
        Outcome::Contained,
        &[
            "contained",
            "self_service",
            "autoatendimento",
            "retida",
            "retido",
        ],
    ),
    (
        Outcome::IvrHangUp,
        &[
            "ivr_hang_up",
            "ivr_abandoned",
            "ivr_abandon",
            "abandono_ura",
            "desligou_na_ura",
        ],
    ),
    (Outcome::Unfinished, &["unfinished", "in_queue", "em_fila"]),
];

/// `word` as outcome words are compared.
fn normalized(word: &str) -> String {
    word.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ã' => 'a',
            'é' | 'ê' => 'e',
            'í' => 'i',
            'ó' | 'ô' | 'õ' => 'o',
            'ú' | 'ü' => 'u',
            'ç' => 'c',
            ' ' | '-' => '_',
            c => c,
        })
        .collect()
}

impl Outcome {
    pub fn parse(word: &str) -> Option<Self> {
        let word = normalized(word);
        OUTCOME_WORDS
            .iter()
            .find(|(_, words)| words.contains(&word.as_str()))
            .map(|(o, _)| *o)
    }

    fn accepted() -> String {
        OUTCOME_WORDS
            .iter()
            .map(|(_, words)| words[0])
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether the attempt waited in a queue: its wait is a patience time,
    /// observed (abandoned) or censored (the rest).
    fn waited(self) -> Option<bool> {
        match self {
            Outcome::Abandoned => Some(true),
            Outcome::Answered | Outcome::Dropped | Outcome::Callback | Outcome::Unfinished => {
                Some(false)
            }
            _ => None,
        }
    }
}

/// What the options of `fit` say about reading and folding.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Interval length, whole minutes dividing the day.
    pub interval_min: u32,
    /// A later attempt this soon after abandoning or a busy signal is a retrial.
    pub retrial_window_s: f64,
    /// A later attempt this soon after an answered call is a recontact.
    pub recontact_window_s: f64,
    pub columns: ColumnMap,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            interval_min: 30,
            retrial_window_s: 3600.0,
            recontact_window_s: 72.0 * 3600.0,
            columns: ColumnMap::default(),
        }
    }
}

/// A day of the log: the replication (1 for a real ACD's log) and the date.
pub type Day = (u32, NaiveDate);

/// Calls per interval of each day.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    pub by_day: BTreeMap<Day, Vec<f64>>,
}

impl Counts {
    fn add(&mut self, day: Day, interval: usize, intervals: usize, amount: f64) {
        self.by_day
            .entry(day)
            .or_insert_with(|| vec![0.0; intervals])[interval] += amount;
    }
}

/// Repeat calls after one kind of attempt: how many could repeat, how many
/// did within the window, and the delays.
#[derive(Debug, Clone, Default)]
pub struct RepeatFold {
    pub attempts: u64,
    pub repeated: u64,
    pub delays_s: Vec<f64>,
}

/// Everything one queue's rows add up to.
#[derive(Debug, Clone, Default)]
pub struct QueueFold {
    pub outcomes: BTreeMap<Outcome, u64>,
    /// Every attempt offered to the queue directly (not through an IVR entry).
    pub arrivals: Counts,
    /// The same without the detected retrials and recontacts.
    pub fresh_arrivals: Counts,
    /// Talk + after-call work of the answered calls, by arrival interval.
    pub work_s: Counts,
    pub talk_s: Vec<f64>,
    pub acw_s: Vec<f64>,
    pub waits: Waits,
    pub retrials: RepeatFold,
    pub recontacts: RepeatFold,
}

/// One IVR entry's rows.
#[derive(Debug, Clone, Default)]
pub struct EntryFold {
    pub arrivals: Counts,
    pub fresh_arrivals: Counts,
    /// IVR outcome word (`queue`, `self_service`, `hang_up`) → calls; for
    /// `queue`, split by the queue reached below.
    pub self_service: u64,
    pub hang_up: u64,
    pub to_queue: BTreeMap<String, u64>,
    pub ivr_s: Vec<f64>,
}

/// The whole log, folded.
#[derive(Debug, Clone, Default)]
pub struct LogFold {
    pub file: String,
    pub rows: u64,
    pub interval_min: u32,
    /// Days with a first attempt.
    pub days: BTreeSet<Day>,
    /// In order of first appearance.
    pub queues: Vec<(String, QueueFold)>,
    pub entries: Vec<(String, EntryFold)>,
    queue_index: HashMap<String, usize>,
    entry_index: HashMap<String, usize>,
    /// Whether the log names callers (repeats can be detected).
    pub has_callers: bool,
    pub has_acw: bool,
    pub has_ivr: bool,
    pub retrial_window_s: f64,
    pub recontact_window_s: f64,
    /// Each caller's last attempt, by a hash of (replication, caller id)
    /// (64 bits: two ids of a million-caller log collide with probability
    /// about 3e-8). Callers whose windows have closed are dropped as the
    /// log goes on, so this holds the callers of the last window, not all.
    last_attempt: HashMap<u64, LastAttempt>,
    /// The latest arrival read (and its line): the log's clock, per
    /// replication (a simulated log's replications each start on day 1).
    latest_arrival: Option<(f64, u64)>,
    clock_replication: u32,
    /// Arrivals before this can no longer be matched to the callers dropped.
    dropped_before_s: f64,
}

/// Callers are dropped every this many rows.
const DROP_EVERY_ROWS: u64 = 1 << 16;

/// How far back in time a log may step once callers have been dropped: a
/// log written as attempts end (`simulate --calls-log`) lags its arrivals
/// by a wait and a talk time.
const OUT_OF_ORDER_SLACK_S: f64 = 24.0 * 3600.0;

/// A caller's previous attempt, as repeat detection needs it: 32 bytes.
#[derive(Debug, Clone)]
struct LastAttempt {
    arrival_s: f64,
    /// When the caller hung up, seconds after arrival: the retrial and
    /// recontact delays start there.
    end_after_s: f32,
    /// The queue it repeats at (`NO_QUEUE`: it came through an IVR entry,
    /// or reached no queue).
    queue: u32,
    outcome: Outcome,
    line: u64,
}

const NO_QUEUE: u32 = u32::MAX;

impl LastAttempt {
    fn end_s(&self) -> f64 {
        self.arrival_s + f64::from(self.end_after_s)
    }
}

/// One row, read.
struct Attempt<'a> {
    day: Day,
    interval: usize,
    /// Seconds since 1970: the instant when `instant`, else the local time
    /// read as UTC (across the hour the clock goes back, local times repeat:
    /// the gaps between a caller's attempts are the instants').
    arrival_s: f64,
    /// The arrival carried an offset read with `--time-zone`.
    instant: bool,
    queue: Option<&'a str>,
    entry: Option<&'a str>,
    outcome: Outcome,
    wait_s: Option<f64>,
    talk_s: Option<f64>,
    acw_s: Option<f64>,
    ivr: Option<&'a str>,
    ivr_s: Option<f64>,
    caller: Option<u64>,
}

/// Errors reading a log: a cell (file:line: column "…" ("value"): why).
pub type LogError = TabularError;

/// Reads and folds the log at `path`.
pub fn read(path: &Path, options: &ReadOptions) -> Result<LogFold, LogError> {
    let reader = TableReader::open(path, COLUMNS, &options.columns)?;
    fold(reader, path.display().to_string(), options)
}

/// Folds a log held in memory, called `name` in messages (tests).
pub fn read_bytes(name: &str, bytes: Vec<u8>, options: &ReadOptions) -> Result<LogFold, LogError> {
    let reader = TableReader::from_bytes(name, bytes, COLUMNS, &options.columns)?;
    fold(reader, name.to_string(), options)
}

fn fold(mut reader: TableReader, file: String, options: &ReadOptions) -> Result<LogFold, LogError> {
    let interval_min = options.interval_min;
    let mut log = LogFold {
        file,
        interval_min,
        has_callers: reader.has("caller"),
        has_acw: reader.has("acw_s"),
        has_ivr: reader.has("ivr"),
        retrial_window_s: options.retrial_window_s,
        recontact_window_s: options.recontact_window_s,
        dropped_before_s: f64::NEG_INFINITY,
        ..LogFold::default()
    };
    // Whether the arrivals are instants (offsets read on the center's
    // clock), from the first row: gaps between attempts are measured on
    // one kind of time only.
    let mut instants: Option<bool> = None;
    while let Some(row) = reader.next_row()? {
        let attempt = attempt(&row, interval_min)?;
        if *instants.get_or_insert(attempt.instant) != attempt.instant {
            return Err(row.error(
                "arrival",
                "mixes times with a UTC offset and times without one: give every time with its offset, or none",
            ));
        }
        log.add(&row, &attempt)?;
    }
    if log.rows == 0 {
        return Err(TabularError::whole(
            &log.file,
            "the log has a header but no calls",
        ));
    }
    Ok(log)
}

/// Seconds since 1970 of a local date-time (for gaps between attempts).
fn seconds(t: NaiveDateTime) -> f64 {
    t.and_utc().timestamp_millis() as f64 / 1000.0
}

fn attempt<'a>(row: &'a Row<'_>, interval_min: u32) -> Result<Attempt<'a>, LogError> {
    let (arrival, instant) = row
        .date_time_and_instant("arrival")?
        .ok_or_else(|| row.error("arrival", "the arrival time is empty"))?;
    let word = row
        .text("outcome")
        .ok_or_else(|| row.error("outcome", "the outcome is empty"))?;
    let outcome = Outcome::parse(word).ok_or_else(|| {
        row.error(
            "outcome",
            format!(
                "\"{word}\" is not an outcome callsim knows: write one of {} (or a synonym such as ABANDON, ANSWERED, atendida, abandonada)",
                Outcome::accepted()
            ),
        )
    })?;
    let replication = match row.count("replication")? {
        Some(r) => u32::try_from(r).map_err(|_| row.error("replication", "too large"))?,
        None => 1,
    };
    let minute = arrival.time().num_seconds_from_midnight() / 60;
    let caller = row.text("caller").map(|id| {
        let mut hasher = DefaultHasher::new();
        (replication, id).hash(&mut hasher);
        hasher.finish()
    });
    let attempt = Attempt {
        day: (replication, arrival.date()),
        interval: (minute / interval_min) as usize,
        arrival_s: instant.unwrap_or_else(|| seconds(arrival)),
        instant: instant.is_some(),
        queue: row.name("queue")?,
        entry: row.name("entry")?,
        outcome,
        wait_s: row.duration_s("wait_s")?,
        talk_s: row.duration_s("talk_s")?,
        acw_s: row.duration_s("acw_s")?,
        ivr: row.text("ivr"),
        ivr_s: row.duration_s("ivr_s")?,
        caller,
    };
    check(row, &attempt)?;
    Ok(attempt)
}

/// What each outcome needs the row to give.
fn check(row: &Row<'_>, a: &Attempt<'_>) -> Result<(), LogError> {
    let needs_queue = !matches!(
        a.outcome,
        Outcome::Contained | Outcome::IvrHangUp | Outcome::Blocked
    );
    if needs_queue && a.queue.is_none() {
        return Err(row.error("queue", "the queue is empty for a call that reached one"));
    }
    if a.outcome.waited().is_some() && a.wait_s.is_none() {
        return Err(row.error(
            "wait_s",
            "the wait is empty for a call that waited in a queue",
        ));
    }
    if a.outcome == Outcome::Answered && a.talk_s.is_none() {
        return Err(row.error("talk_s", "the talk time is empty for an answered call"));
    }
    for (key, value) in [
        ("wait_s", a.wait_s),
        ("talk_s", a.talk_s),
        ("acw_s", a.acw_s),
        ("ivr_s", a.ivr_s),
    ] {
        // One absurd cell would drag every fit (a mean of days, a cv of 20):
        // refused where it is, as the scenario would refuse it.
        if value.is_some_and(|v| v > MAX_DURATION_S) {
            return Err(row.error(
                key,
                format!("a duration of more than a day ({MAX_DURATION_S} s) is no call's: is the column in milliseconds?"),
            ));
        }
    }
    Ok(())
}

/// The most queues a log may name (as forecast histories).
const MAX_QUEUES: usize = 1000;

/// The longest wait, talk, after-call work or IVR time a row may give.
const MAX_DURATION_S: f64 = 86_400.0;

impl LogFold {
    fn intervals(&self) -> usize {
        (1440 / self.interval_min) as usize
    }

    /// Advances the log's clock to `arrival_s` and every `DROP_EVERY_ROWS`
    /// rows drops the callers whose last attempt ended longer than both
    /// windows (and the slack) before it. Once some are dropped, a row more
    /// than the slack before the clock could have been a repeat of one of
    /// them: refused, since then the order matters.
    fn follow_the_clock(
        &mut self,
        row: &Row<'_>,
        replication: u32,
        arrival_s: f64,
    ) -> Result<(), LogError> {
        if replication != self.clock_replication {
            // Another replication's callers are other callers: its clock starts afresh.
            self.clock_replication = replication;
            self.latest_arrival = None;
            self.dropped_before_s = f64::NEG_INFINITY;
        }
        if arrival_s < self.dropped_before_s {
            let (latest, line) = self.latest_arrival.unwrap_or((arrival_s, 0));
            return Err(row.error(
                "arrival",
                format!(
                    "this attempt arrives {:.0} min before one on line {line}: a log with caller ids must be in arrival order (within {} h) for retrials and recontacts to be found; sort it by arrival",
                    (latest - arrival_s) / 60.0,
                    OUT_OF_ORDER_SLACK_S / 3600.0
                ),
            ));
        }
        if self.latest_arrival.is_none_or(|(t, _)| arrival_s > t) {
            self.latest_arrival = Some((arrival_s, row.line()));
        }
        if self.rows % DROP_EVERY_ROWS == 0 {
            let (latest, _) = self.latest_arrival.expect("set above");
            let horizon = latest - OUT_OF_ORDER_SLACK_S;
            let window = self.retrial_window_s.max(self.recontact_window_s);
            self.last_attempt
                .retain(|_, last| last.end_s() + window >= horizon);
            self.dropped_before_s = horizon;
        }
        Ok(())
    }

    /// The index of `queue`, added at its first call.
    fn queue(&mut self, row: &Row<'_>, queue: &str) -> Result<usize, LogError> {
        if let Some(&i) = self.queue_index.get(queue) {
            return Ok(i);
        }
        // Each queue folds its own durations and counts: bounded, as a scenario's call types are.
        if self.queues.len() == MAX_QUEUES {
            return Err(row.error(
                "queue",
                format!("the log names more than {MAX_QUEUES} queues: fit a part of it at a time"),
            ));
        }
        self.queues.push((queue.to_string(), QueueFold::default()));
        self.queue_index
            .insert(queue.to_string(), self.queues.len() - 1);
        Ok(self.queues.len() - 1)
    }

    /// A replication's days span at most ten years: a stray year-0 date
    /// (a mistyped year) would add a day of one call to its weekday's mean.
    fn check_span(&self, row: &Row<'_>, (replication, _): Day) -> Result<(), LogError> {
        use crate::forecast::history::MAX_HISTORY_DAYS;
        let mut own = self
            .days
            .range((replication, NaiveDate::MIN)..=(replication, NaiveDate::MAX));
        let (Some(&(_, first)), Some(&(_, last))) = (own.next(), own.next_back()) else {
            return Ok(());
        };
        let span = (last - first).num_days() + 1;
        if span > MAX_HISTORY_DAYS as i64 {
            return Err(row
                .error(
                    "arrival",
                    format!(
                        "the dates run from {first} to {last}, {span} days: give at most {MAX_HISTORY_DAYS} days (ten years), and check for a mistyped year"
                    ),
                ));
        }
        Ok(())
    }

    fn add(&mut self, row: &Row<'_>, a: &Attempt<'_>) -> Result<(), LogError> {
        self.rows += 1;
        let intervals = self.intervals();
        let repeat = self.repeat_of(row, a)?;
        // A day with repeats only (a recontact past the log's last day) is
        // no day of the log's: it would pull its weekday's means down.
        if !repeat && self.days.insert(a.day) {
            self.check_span(row, a.day)?;
        }
        if let Some(entry) = a.entry {
            self.has_ivr = true;
            let index = match self.entry_index.get(entry) {
                Some(&i) => i,
                None => {
                    self.entries.push((entry.to_string(), EntryFold::default()));
                    self.entry_index
                        .insert(entry.to_string(), self.entries.len() - 1);
                    self.entries.len() - 1
                }
            };
            let fold = &mut self.entries[index].1;
            fold.arrivals.add(a.day, a.interval, intervals, 1.0);
            if !repeat {
                fold.fresh_arrivals.add(a.day, a.interval, intervals, 1.0);
            }
            fold.ivr_s.extend(a.ivr_s);
            match (a.ivr.map(normalized).as_deref(), a.outcome) {
                (Some("self_service") | Some("contained"), _) | (_, Outcome::Contained) => {
                    fold.self_service += 1
                }
                (Some("hang_up") | Some("ivr_hang_up"), _) | (_, Outcome::IvrHangUp) => {
                    fold.hang_up += 1
                }
                _ => {
                    if let Some(queue) = a.queue {
                        match fold.to_queue.get_mut(queue) {
                            Some(n) => *n += 1,
                            None => {
                                fold.to_queue.insert(queue.to_string(), 1);
                            }
                        }
                    }
                }
            }
        }
        let Some(queue) = a.queue else {
            return Ok(());
        };
        let index = self.queue(row, queue)?;
        let fold = &mut self.queues[index].1;
        *fold.outcomes.entry(a.outcome).or_default() += 1;
        if a.entry.is_none() {
            fold.arrivals.add(a.day, a.interval, intervals, 1.0);
            if !repeat {
                fold.fresh_arrivals.add(a.day, a.interval, intervals, 1.0);
            }
        }
        if let (Some(wait), Some(observed)) = (a.wait_s, a.outcome.waited()) {
            fold.waits.add(wait, observed);
        }
        if a.outcome == Outcome::Answered {
            let talk = a.talk_s.unwrap_or(0.0);
            let acw = a.acw_s.unwrap_or(0.0);
            fold.talk_s.push(talk);
            if a.acw_s.is_some() {
                fold.acw_s.push(acw);
            }
            fold.work_s.add(a.day, a.interval, intervals, talk + acw);
        }
        match a.outcome {
            Outcome::Abandoned | Outcome::Blocked | Outcome::Balked => fold.retrials.attempts += 1,
            Outcome::Answered => fold.recontacts.attempts += 1,
            _ => {}
        }
        Ok(())
    }

    /// Whether attempt `a` repeats its caller's previous one (a retrial or
    /// a recontact, counted at the previous attempt's queue), and records `a`
    /// as the caller's last attempt. A caller's attempts must come in time
    /// order: the delays are measured between them.
    fn repeat_of(&mut self, row: &Row<'_>, a: &Attempt<'_>) -> Result<bool, LogError> {
        let Some(caller) = a.caller else {
            return Ok(false);
        };
        let ivr_s = a.ivr_s.unwrap_or(0.0);
        let end_s: f64 = a.arrival_s
            + ivr_s
            + a.wait_s.unwrap_or(0.0)
            + if a.outcome == Outcome::Answered {
                a.talk_s.unwrap_or(0.0)
            } else {
                0.0
            };
        let queue = match (a.entry, a.queue) {
            (None, Some(queue)) => self.queue(row, queue)? as u32,
            _ => NO_QUEUE,
        };
        self.follow_the_clock(row, a.day.0, a.arrival_s)?;
        let this = LastAttempt {
            arrival_s: a.arrival_s,
            end_after_s: (end_s - a.arrival_s) as f32,
            outcome: a.outcome,
            queue,
            line: row.line(),
        };
        let Some(previous) = self.last_attempt.insert(caller, this) else {
            return Ok(false);
        };
        if a.arrival_s < previous.arrival_s {
            return Err(row.error(
                "arrival",
                format!(
                    "this caller's attempt arrives before their earlier one on line {}: a log must list each caller's attempts in time order",
                    previous.line
                ),
            ));
        }
        let gap = a.arrival_s - previous.end_s();
        let (window, retrial) = match previous.outcome {
            Outcome::Abandoned | Outcome::Blocked | Outcome::Balked => {
                (self.retrial_window_s, true)
            }
            Outcome::Answered => (self.recontact_window_s, false),
            _ => return Ok(false),
        };
        if previous.queue == NO_QUEUE || !(0.0..=window).contains(&gap) {
            return Ok(false);
        }
        let fold = &mut self.queues[previous.queue as usize].1;
        let repeats = if retrial {
            &mut fold.retrials
        } else {
            &mut fold.recontacts
        };
        repeats.repeated += 1;
        repeats.delays_s.push(gap);
        Ok(true)
    }
}

/// Monday 0 … Sunday 6.
pub fn weekday_of(date: NaiveDate) -> usize {
    date.weekday().num_days_from_monday() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_synonyms() {
        assert_eq!(Outcome::parse("ABANDON"), Some(Outcome::Abandoned));
        assert_eq!(Outcome::parse("Answered"), Some(Outcome::Answered));
        assert_eq!(Outcome::parse("atendida"), Some(Outcome::Answered));
        assert_eq!(Outcome::parse("Abandonada"), Some(Outcome::Abandoned));
        assert_eq!(Outcome::parse("ivr-hang-up"), Some(Outcome::IvrHangUp));
        assert_eq!(Outcome::parse("maybe"), None);
    }
}
