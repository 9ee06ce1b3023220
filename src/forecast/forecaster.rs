//! From a history to a forecast: per queue, backtest both models, refit the
//! winner on the whole history, forecast the dates asked, and size the
//! prediction intervals and `day_factor_cv` from the winner's held-out
//! errors. The result is the forecast's JSON record.

use chrono::NaiveDate;
use serde::Serialize;

use super::backtest::{self, Dispersion, QueueBacktest, Score};
use super::history::History;
use super::models::{Calendar, Model, SmoothingFit, predict};
use super::special::SpecialDays;

/// Schema of the forecast's JSON record.
pub const FORECAST_SCHEMA: &str = "callsim.forecast/1";

/// The shortest history a forecast fits: a week to fit, a week to check.
pub const MIN_HISTORY_DAYS: usize = 14;

/// The most days one forecast covers.
pub const MAX_FORECAST_DAYS: usize = 366;

/// What the forecast is asked for.
#[derive(Debug, Clone)]
pub struct Options {
    pub from: NaiveDate,
    pub days: usize,
    /// Nominal coverage of the prediction intervals, e.g. 0.8.
    pub level: f64,
    pub holdout_weeks: usize,
}

/// What cannot be forecast, in one sentence.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ForecastRunError {
    #[error(
        "{file}: forecasting needs at least {MIN_HISTORY_DAYS} days of history (a week to fit, a week to check), and it holds {days} ({first} to {last}); give more history"
    )]
    ShortHistory {
        file: String,
        days: usize,
        first: NaiveDate,
        last: NaiveDate,
    },
    #[error(
        "{file}: queue \"{queue}\" has rows on {days} days only; each queue needs at least 7 days (every weekday) to be forecast"
    )]
    ShortQueue {
        file: String,
        queue: String,
        days: usize,
    },
    #[error(
        "--from {from} is not after the history's last date, {last}: forecast the dates after the history"
    )]
    FromInHistory { from: NaiveDate, last: NaiveDate },
    #[error("--days {0} is out of range: give 1 to {MAX_FORECAST_DAYS}")]
    Days(usize),
    #[error(
        "--from {from} is {days} days after the history's last date, {last}: a forecast reaches at most {MAX_LEAD_DAYS} days past its history"
    )]
    FromTooFar {
        from: NaiveDate,
        last: NaiveDate,
        days: i64,
    },
    #[error(
        "the forecast would have {rows} rows ({queues} queues × {days} days × {slots} intervals), more than the {max} a forecast file may hold: forecast fewer days or queues",
        max = crate::forecast::file::MAX_ROWS
    )]
    TooManyRows {
        rows: usize,
        queues: usize,
        days: usize,
        slots: usize,
    },
    #[error("--level {0} is out of range: give a percent between 50 and 99.9, e.g. 80")]
    Level(f64),
}

/// The history the forecast came from.
#[derive(Debug, Clone, Serialize)]
pub struct HistorySummary {
    pub source: String,
    pub first_date: String,
    pub last_date: String,
    pub days: usize,
    pub interval_min: u32,
    pub from_call_log: bool,
    pub queues: usize,
}

/// One queue: its backtest, the winner, and its fit.
#[derive(Debug, Clone, Serialize)]
pub struct QueueOutcome {
    pub queue: String,
    pub holdout_weeks: usize,
    pub scores: Vec<Score>,
    pub winner: Model,
    /// 1 − winner's WAPE / seasonal naive's.
    pub improvement_over_naive: f64,
    /// The Holt-Winters fit on the whole history, when it won.
    pub smoothing: Option<SmoothingFit>,
    /// Trend, percent of the level per week (Holt-Winters only).
    pub trend_pct_per_week: Option<f64>,
    /// φ of the intervals' errors (negative binomial).
    pub interval_dispersion: f64,
    /// √φ of the daily totals' errors.
    pub day_factor_cv: f64,
}

/// A forecast day's total for a queue.
#[derive(Debug, Clone, Serialize)]
pub struct DayTotal {
    pub date: String,
    pub queue: String,
    pub calls: f64,
    pub low: f64,
    pub high: f64,
}

/// One interval of the forecast: a row of the output CSV.
#[derive(Debug, Clone, Serialize)]
pub struct IntervalForecast {
    pub date: String,
    pub interval: String,
    pub queue: String,
    pub calls: f64,
    pub aht_s: Option<f64>,
    pub low: f64,
    pub high: f64,
}

/// A history day's total, for the chart.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryDay {
    pub date: String,
    pub queue: String,
    /// `None`: a gap.
    pub calls: Option<f64>,
}

/// The forecast's record (its JSON).
#[derive(Debug, Clone, Serialize)]
pub struct ForecastReport {
    pub schema: &'static str,
    pub callsim_version: &'static str,
    pub history: HistorySummary,
    pub from: String,
    pub days: usize,
    /// Nominal coverage of the prediction intervals (0.8).
    pub level: f64,
    pub interval_method: &'static str,
    /// The day-to-day variation of all queues' daily totals, pooled: the
    /// scenario's `[arrivals] day_factor_cv`.
    pub day_factor_cv: f64,
    pub queues: Vec<QueueOutcome>,
    pub day_totals: Vec<DayTotal>,
    pub intervals: Vec<IntervalForecast>,
    /// The history's last weeks of daily totals, for the chart.
    pub recent_history: Vec<HistoryDay>,
    pub warnings: Vec<String>,
}

pub const INTERVAL_METHOD: &str = "negative binomial around the forecast, dispersion from the winner's backtest errors (method of moments)";

/// History weeks the record keeps for the chart.
const RECENT_WEEKS: usize = 4;

/// Checks the options against the history; `active` is the slots each
/// forecast day's rows cover.
fn check(
    history: &History,
    options: &Options,
    active: &std::ops::Range<usize>,
) -> Result<(), ForecastRunError> {
    if options.days == 0 || options.days > MAX_FORECAST_DAYS {
        return Err(ForecastRunError::Days(options.days));
    }
    if !(0.5..=0.999).contains(&options.level) {
        return Err(ForecastRunError::Level(options.level * 100.0));
    }
    let days = history.days();
    if days < MIN_HISTORY_DAYS {
        return Err(ForecastRunError::ShortHistory {
            file: history.source.clone(),
            days,
            first: history.first_date,
            last: history.last_date(),
        });
    }
    if let Some(q) = history.queues.iter().find(|q| q.days_present() < 7) {
        return Err(ForecastRunError::ShortQueue {
            file: history.source.clone(),
            queue: q.name.clone(),
            days: q.days_present(),
        });
    }
    if options.from <= history.last_date() {
        return Err(ForecastRunError::FromInHistory {
            from: options.from,
            last: history.last_date(),
        });
    }
    let lead = (options.from - history.last_date()).num_days();
    if lead > MAX_LEAD_DAYS {
        return Err(ForecastRunError::FromTooFar {
            from: options.from,
            last: history.last_date(),
            days: lead,
        });
    }
    // The rows are built in memory: sized before, as the file readers would refuse them after.
    let (queues, slots) = (history.queues.len(), active.len());
    let rows = queues * options.days * slots;
    if rows > crate::forecast::file::MAX_ROWS {
        return Err(ForecastRunError::TooManyRows {
            rows,
            queues,
            days: options.days,
            slots,
        });
    }
    Ok(())
}

/// How far past its history a forecast may start: a trend carried further
/// than two years is no forecast.
const MAX_LEAD_DAYS: i64 = 731;

/// The slots any queue ever had calls in: the rows each forecast day gets
/// (the same for every queue, so a scenario's opening hours fit them all).
fn active_slots(history: &History) -> std::ops::Range<usize> {
    let slots = history.slots();
    let busy = |s: usize| {
        history
            .queues
            .iter()
            .any(|q| (0..q.days()).any(|d| q.offered[d * slots + s] > 0.0))
    };
    let first = (0..slots).find(|&s| busy(s));
    match first {
        Some(first) => first..(0..slots).rev().find(|&s| busy(s)).unwrap_or(first) + 1,
        None => 0..0,
    }
}

/// Forecasts every queue of `history` for the dates in `options`.
pub fn forecast(
    history: &History,
    specials: &SpecialDays,
    options: &Options,
) -> Result<ForecastReport, ForecastRunError> {
    let active = active_slots(history);
    check(history, options, &active)?;
    let calendar = Calendar {
        first_date: history.first_date,
        specials,
    };
    let days = history.days();
    let weeks = backtest::holdout_weeks(days, options.holdout_weeks);
    let mut warnings = Vec::new();
    if weeks < options.holdout_weeks {
        warnings.push(format!(
            "the history is {days} days long, so the backtest holds out {weeks} week(s), not {}",
            options.holdout_weeks
        ));
    }
    let first_day = (options.from - history.first_date).num_days();
    let (mut queues, mut day_totals, mut intervals) = (Vec::new(), Vec::new(), Vec::new());
    let mut pooled = Dispersion::default();
    for queue in &history.queues {
        let test: QueueBacktest = backtest::backtest(queue, &calendar, weeks * 7);
        let prediction = predict(test.winner, queue, days, &calendar, first_day, options.days);
        let (phi, phi_day) = (test.intervals.phi(), test.daily.phi());
        pooled = pooled.merge(test.daily);
        for k in 0..options.days {
            let date = calendar.date(first_day + k as i64).to_string();
            let total: f64 = prediction.day(k).iter().sum();
            let (low, high) = backtest::prediction_interval(total, phi_day, options.level);
            day_totals.push(DayTotal {
                date: date.clone(),
                queue: queue.name.clone(),
                calls: round_to(total, 10.0),
                low,
                high,
            });
            for s in active.clone() {
                let calls = prediction.calls[k * queue.slots + s];
                let aht = prediction.aht_s[k * queue.slots + s];
                let (low, high) = backtest::prediction_interval(calls, phi, options.level);
                intervals.push(IntervalForecast {
                    date: date.clone(),
                    interval: history.slot_label(s),
                    queue: queue.name.clone(),
                    calls: round_to(calls, 100.0),
                    aht_s: aht.is_finite().then_some(round_to(aht, 10.0)),
                    low,
                    high,
                });
            }
        }
        let smoothing = prediction.fit.filter(|_| test.winner == Model::HoltWinters);
        queues.push(QueueOutcome {
            queue: queue.name.clone(),
            holdout_weeks: weeks,
            scores: test.scores.clone(),
            winner: test.winner,
            improvement_over_naive: test.improvement,
            trend_pct_per_week: smoothing
                .filter(|f| f.level > 0.0)
                .map(|f| 700.0 * f.trend_per_day / f.level),
            smoothing,
            interval_dispersion: phi,
            day_factor_cv: phi_day.sqrt(),
        });
    }
    Ok(ForecastReport {
        schema: FORECAST_SCHEMA,
        callsim_version: env!("CARGO_PKG_VERSION"),
        history: summary(history),
        from: options.from.to_string(),
        days: options.days,
        level: options.level,
        interval_method: INTERVAL_METHOD,
        day_factor_cv: pooled.phi().sqrt(),
        queues,
        day_totals,
        intervals,
        recent_history: recent_history(history),
        warnings,
    })
}

fn summary(history: &History) -> HistorySummary {
    HistorySummary {
        source: history.source.clone(),
        first_date: history.first_date.to_string(),
        last_date: history.last_date().to_string(),
        days: history.days(),
        interval_min: history.interval_min,
        from_call_log: history.from_call_log,
        queues: history.queues.len(),
    }
}

fn recent_history(history: &History) -> Vec<HistoryDay> {
    let days = history.days();
    let from = days.saturating_sub(RECENT_WEEKS * 7);
    let mut out = Vec::new();
    for queue in &history.queues {
        for d in from..days {
            out.push(HistoryDay {
                date: history.date(d as i64).to_string(),
                queue: queue.name.clone(),
                calls: queue.present[d].then(|| queue.total(d)),
            });
        }
    }
    out
}

fn round_to(value: f64, per_unit: f64) -> f64 {
    (value * per_unit).round() / per_unit
}
