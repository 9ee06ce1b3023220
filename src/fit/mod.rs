//! `callsim fit`: from a call-level log (one row per call attempt, the
//! schema `simulate --calls-log` writes, or an ACD's export mapped with
//! `--columns`) to the scenario that would produce it. Per queue:
//!
//! - arrivals per interval and weekday, averaged over the days of that
//!   weekday the log covers, with standard errors ([`IntervalRate`]);
//! - talk and after-call-work distributions by maximum likelihood over
//!   callsim's families, chosen by AIC, with a KS goodness of fit ([`families`]);
//! - patience from censored waits: Kaplan–Meier and censored MLE, beside the
//!   naive mean of the abandoned waits that ignores censoring ([`patience`]);
//! - retrials, recontacts (FCR) and IVR containment ([`RepeatEstimate`], [`EntryFit`]);
//!
//! and [`write::scenario`] writes it all as a commented scenario.

pub mod families;
pub mod log;
pub mod numeric;
pub mod patience;
pub mod synthetic;
pub mod write;

use std::path::Path;

use serde::Serialize;

pub use families::{Durations, FamilyFit, Fitted, GoodnessOfFit};
pub use log::{LogError, LogFold, Outcome, ReadOptions};
pub use patience::{PatienceEstimate, PatienceFit, Waits};

use log::{Counts, Day, RepeatFold, weekday_of};

/// Weekday names, Monday first, as scenario files write them.
pub const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The name and version of the record `fit --format json` writes.
pub const FIT_SCHEMA: &str = "callsim.fit/1";

/// What a fit found in a log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitReport {
    pub schema: &'static str,
    pub callsim_version: &'static str,
    pub file: String,
    pub rows: u64,
    pub interval_min: u32,
    /// Days in the log (a simulated log's replications count one day each).
    pub days: u64,
    /// Days of each weekday, Monday first.
    pub days_by_weekday: [u64; 7],
    /// The intervals of the day with any first attempt: [open, close).
    pub open_interval: usize,
    pub close_interval: usize,
    pub retrial_window_min: f64,
    pub recontact_window_h: f64,
    /// Whether the log names callers (retrials and recontacts need it).
    pub has_callers: bool,
    pub queues: Vec<QueueFit>,
    pub entries: Vec<EntryFit>,
}

/// A queue's calls per interval of one weekday: the mean over that
/// weekday's days and its standard error (the days' spread over √days; with
/// one day, √calls as for a Poisson count).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct IntervalRate {
    /// Monday 0 … Sunday 6.
    pub weekday: usize,
    /// Index of the interval in the day (0 at midnight).
    pub interval: usize,
    pub calls: f64,
    pub calls_se: f64,
    /// Without the retrials and recontacts detected: what a scenario's
    /// `calls_per_interval` takes (its `retry` and `recontact` make the rest).
    pub fresh_calls: f64,
    pub fresh_calls_se: f64,
    /// Mean talk + after-call work of the answered calls over the interval's
    /// length: the agents busy on this queue's answered calls on average.
    pub busy_agents: f64,
}

/// A duration (talk, ACW) fitted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DurationFit {
    pub calls: u64,
    pub sample_mean_s: f64,
    /// Share of zero durations (raised to half a millisecond to fit).
    pub zero_share: f64,
    /// Best AIC first.
    pub families: Vec<FamilyFit>,
    /// (empirical, fitted) quantiles of the best family at 1 … 99 %.
    pub qq: Vec<(f64, f64)>,
}

impl DurationFit {
    pub fn best(&self) -> Option<&FamilyFit> {
        self.families.first()
    }
}

/// Repeats after one kind of attempt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepeatEstimate {
    /// Attempts that could be repeated (abandoned or blocked; or answered).
    pub attempts: u64,
    /// Followed by the same caller's next attempt within the window.
    pub repeated: u64,
    pub share: f64,
    /// Binomial: √(p(1 − p)/n).
    pub share_se: f64,
    pub delay_mean_s: Option<f64>,
    pub delay_mean_se_s: Option<f64>,
}

impl RepeatEstimate {
    fn of(fold: &RepeatFold) -> Option<Self> {
        if fold.attempts == 0 {
            return None;
        }
        let n = fold.attempts as f64;
        let share = fold.repeated as f64 / n;
        let (delay_mean_s, delay_mean_se_s) = mean_se(&fold.delays_s);
        Some(Self {
            attempts: fold.attempts,
            repeated: fold.repeated,
            share,
            share_se: (share * (1.0 - share) / n).sqrt(),
            delay_mean_s,
            delay_mean_se_s,
        })
    }
}

fn mean_se(values: &[f64]) -> (Option<f64>, Option<f64>) {
    if values.is_empty() {
        return (None, None);
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let se = (values.len() > 1)
        .then(|| (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0) / n).sqrt());
    (Some(mean), se)
}

/// One queue fitted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueueFit {
    pub name: String,
    pub attempts: u64,
    pub answered: u64,
    pub abandoned: u64,
    pub blocked: u64,
    /// Callers who left at once on seeing the queue (balking).
    pub balked: u64,
    /// Offered through an IVR entry rather than directly.
    pub via_ivr: u64,
    /// Per weekday present, per open interval.
    pub arrivals: Vec<IntervalRate>,
    pub handle: Option<DurationFit>,
    pub after_call_work: Option<DurationFit>,
    pub patience: Option<PatienceEstimate>,
    /// After abandoning or a busy signal.
    pub retrial: Option<RepeatEstimate>,
    /// After an answered call: FCR is 1 − its share.
    pub recontact: Option<RepeatEstimate>,
}

/// An IVR entry: its volume and where its callers went.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryFit {
    pub name: String,
    pub calls: u64,
    pub self_service: u64,
    pub hang_up: u64,
    /// Calls the IVR sent to each queue.
    pub to_queue: Vec<(String, u64)>,
    /// Self-service share of the entry's calls, and its binomial SE.
    pub containment: f64,
    pub containment_se: f64,
    pub ivr_mean_s: Option<f64>,
    pub arrivals: Vec<IntervalRate>,
}

/// Reads the log at `path` and fits it.
pub fn fit_file(path: &Path, options: &ReadOptions) -> Result<FitReport, LogError> {
    Ok(fit(&log::read(path, options)?))
}

/// Fits a folded log.
pub fn fit(log: &LogFold) -> FitReport {
    let mut days_by_weekday = [0u64; 7];
    for (_, date) in &log.days {
        days_by_weekday[weekday_of(*date)] += 1;
    }
    let (open_interval, close_interval) = open_window(log);
    let window = open_interval..close_interval;
    let rates = |all: &Counts, fresh: &Counts, work: Option<&Counts>| {
        interval_rates(log, all, fresh, work, window.clone())
    };
    let mut queues: Vec<QueueFit> = log
        .queues
        .iter()
        .map(|(name, q)| {
            let count = |o: Outcome| q.outcomes.get(&o).copied().unwrap_or(0);
            let attempts: u64 = q.outcomes.values().sum();
            let direct: f64 = q.arrivals.by_day.values().flatten().sum();
            QueueFit {
                name: name.clone(),
                attempts,
                answered: count(Outcome::Answered),
                abandoned: count(Outcome::Abandoned),
                blocked: count(Outcome::Blocked),
                balked: count(Outcome::Balked),
                via_ivr: attempts - direct as u64,
                arrivals: rates(&q.arrivals, &q.fresh_arrivals, Some(&q.work_s)),
                handle: duration_fit(&q.talk_s),
                after_call_work: if q.acw_s.iter().any(|&v| v > 0.0) {
                    duration_fit(&q.acw_s)
                } else {
                    None
                },
                patience: (!q.waits.is_empty()).then(|| patience::estimate(&q.waits)),
                retrial: log
                    .has_callers
                    .then(|| RepeatEstimate::of(&q.retrials))
                    .flatten(),
                recontact: log
                    .has_callers
                    .then(|| RepeatEstimate::of(&q.recontacts))
                    .flatten(),
            }
        })
        .collect();
    queues.sort_by(|a, b| a.name.cmp(&b.name));
    let mut entries: Vec<EntryFit> = log
        .entries
        .iter()
        .map(|(name, e)| {
            let calls = e.self_service + e.hang_up + e.to_queue.values().sum::<u64>();
            let containment = e.self_service as f64 / calls.max(1) as f64;
            EntryFit {
                name: name.clone(),
                calls,
                self_service: e.self_service,
                hang_up: e.hang_up,
                to_queue: e.to_queue.iter().map(|(q, n)| (q.clone(), *n)).collect(),
                containment,
                containment_se: (containment * (1.0 - containment) / calls.max(1) as f64).sqrt(),
                ivr_mean_s: mean_se(&e.ivr_s).0,
                arrivals: rates(&e.arrivals, &e.fresh_arrivals, None),
            }
        })
        .collect();
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    FitReport {
        schema: FIT_SCHEMA,
        callsim_version: env!("CARGO_PKG_VERSION"),
        file: log.file.clone(),
        rows: log.rows,
        interval_min: log.interval_min,
        days: log.days.len() as u64,
        days_by_weekday,
        open_interval,
        close_interval,
        retrial_window_min: log.retrial_window_s / 60.0,
        recontact_window_h: log.recontact_window_s / 3600.0,
        has_callers: log.has_callers,
        queues,
        entries,
    }
}

/// The first and one past the last interval of the day with a first
/// attempt: the opening hours (repeats may spill past them).
fn open_window(log: &LogFold) -> (usize, usize) {
    let counts = log
        .queues
        .iter()
        .map(|(_, q)| &q.fresh_arrivals)
        .chain(log.entries.iter().map(|(_, e)| &e.fresh_arrivals));
    let (mut first, mut last) = (usize::MAX, 0);
    for c in counts {
        for day in c.by_day.values() {
            for (i, _) in day.iter().enumerate().filter(|(_, n)| **n > 0.0) {
                first = first.min(i);
                last = last.max(i + 1);
            }
        }
    }
    if first == usize::MAX {
        (0, 0)
    } else {
        (first, last)
    }
}

/// Mean and SE of calls per interval over each weekday's days (zero on a
/// day without calls there).
fn interval_rates(
    log: &LogFold,
    all: &Counts,
    fresh: &Counts,
    work: Option<&Counts>,
    window: std::ops::Range<usize>,
) -> Vec<IntervalRate> {
    let interval_s = f64::from(log.interval_min) * 60.0;
    let mut rates = Vec::new();
    for weekday in 0..7 {
        let days: Vec<&Day> = log
            .days
            .iter()
            .filter(|(_, d)| weekday_of(*d) == weekday)
            .collect();
        if days.is_empty() {
            continue;
        }
        for interval in window.clone() {
            let values = |c: &Counts| -> Vec<f64> {
                days.iter()
                    .map(|d| c.by_day.get(d).map_or(0.0, |v| v[interval]))
                    .collect()
            };
            let (calls, calls_se) = day_mean_se(&values(all));
            let (fresh_calls, fresh_calls_se) = day_mean_se(&values(fresh));
            let busy_agents = work.map_or(0.0, |w| day_mean_se(&values(w)).0 / interval_s);
            rates.push(IntervalRate {
                weekday,
                interval,
                calls,
                calls_se,
                fresh_calls,
                fresh_calls_se,
                busy_agents,
            });
        }
    }
    rates
}

/// Mean over days and its SE: the spread over √days, or √mean for a single
/// day (a Poisson count's).
fn day_mean_se(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    if values.len() < 2 {
        return (mean, mean.sqrt());
    }
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (variance / n).sqrt())
}

fn duration_fit(values: &[f64]) -> Option<DurationFit> {
    if values.len() < 2 {
        return None;
    }
    let zeros = values.iter().filter(|&&v| v <= 0.0).count();
    let sample = Durations::new(values.to_vec());
    let families = families::fit_families(&sample);
    let qq = families
        .first()
        .and_then(|best| Fitted::of(&best.distribution))
        .map(|f| families::quantile_pairs(&sample, f))
        .unwrap_or_default();
    Some(DurationFit {
        calls: values.len() as u64,
        sample_mean_s: sample.mean(),
        zero_share: zeros as f64 / values.len() as f64,
        families,
        qq,
    })
}

/// "08:30": the clock time an interval of the day starts.
pub fn clock(interval: usize, interval_min: u32) -> String {
    let minutes = interval as u32 * interval_min;
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}
