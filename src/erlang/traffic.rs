use serde::Serialize;

use super::error::{ErlangError, check};

/// The largest offered load accepted, in Erlangs: ten times the biggest
/// centers in the world, and well inside what the arithmetic handles exactly.
pub const MAX_LOAD_ERLANGS: f64 = 1_000_000.0;
/// The longest average handle time accepted: one day.
pub const MAX_AHT_S: f64 = 86_400.0;
/// The longest interval accepted: one day.
pub const MAX_INTERVAL_S: f64 = 86_400.0;
/// The shortest interval accepted: one second.
pub const MIN_INTERVAL_S: f64 = 1.0;
/// The most agents evaluated or searched: five times the largest load, so
/// every load accepted can be staffed; the formulas' cost grows with agents.
pub const MAX_AGENTS: u32 = 5_000_000;

/// Relative slack on the offered-load limit: λ × AHT computed back from the
/// user's own numbers (1e6 Erlangs / 240 s × 240 s = 1000000.0000000001) may
/// be a few units of rounding above what was typed.
const LOAD_ROUNDING: f64 = 1e-12;

/// Offered traffic: how fast calls arrive and how long each one holds an agent.
///
/// The offered load in Erlangs is `A = λ × AHT`: the number of agents that
/// would be busy on average if every call were answered at once.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Traffic {
    arrival_rate_per_s: f64,
    aht_s: f64,
}

impl Traffic {
    /// Traffic from an arrival rate (calls per second) and an average handle time.
    pub fn new(arrival_rate_per_s: f64, aht_s: f64) -> Result<Self, ErlangError> {
        check(
            "arrival rate (calls per second)",
            arrival_rate_per_s,
            ">= 0",
            |v| v >= 0.0,
        )?;
        check("aht_s", aht_s, "> 0 and at most 86400 (one day)", |v| {
            v > 0.0 && v <= MAX_AHT_S
        })?;
        let load = arrival_rate_per_s * aht_s;
        check("offered load (Erlangs)", load, "at most 1000000", |v| {
            v <= MAX_LOAD_ERLANGS * (1.0 + LOAD_ROUNDING)
        })?;
        Ok(Self {
            arrival_rate_per_s,
            aht_s,
        })
    }

    /// Traffic from a call volume per interval, as planners forecast it.
    pub fn from_calls_per_interval(
        calls: f64,
        interval_s: f64,
        aht_s: f64,
    ) -> Result<Self, ErlangError> {
        check("calls", calls, ">= 0", |v| v >= 0.0)?;
        check(
            "interval length (seconds)",
            interval_s,
            "at least one second and at most one day",
            |v| (MIN_INTERVAL_S..=MAX_INTERVAL_S).contains(&v),
        )?;
        Self::new(calls / interval_s, aht_s)
    }

    /// Traffic from calls per hour.
    pub fn from_calls_per_hour(calls_per_hour: f64, aht_s: f64) -> Result<Self, ErlangError> {
        check("calls_per_hour", calls_per_hour, ">= 0", |v| v >= 0.0)?;
        Self::new(calls_per_hour / 3600.0, aht_s)
    }

    /// Traffic from an offered load in Erlangs (the textbook's input).
    pub fn from_erlangs(load: f64, aht_s: f64) -> Result<Self, ErlangError> {
        check("erlangs", load, ">= 0 and at most 1000000", |v| {
            (0.0..=MAX_LOAD_ERLANGS).contains(&v)
        })?;
        check("aht_s", aht_s, "> 0 and at most 86400 (one day)", |v| {
            v > 0.0 && v <= MAX_AHT_S
        })?;
        Self::new(load / aht_s, aht_s)
    }

    /// Calls per second (λ).
    pub fn arrival_rate_per_s(&self) -> f64 {
        self.arrival_rate_per_s
    }

    /// Average handle time in seconds (1/μ).
    pub fn aht_s(&self) -> f64 {
        self.aht_s
    }

    /// Offered load in Erlangs, `A = λ × AHT`.
    pub fn offered_load(&self) -> f64 {
        self.arrival_rate_per_s * self.aht_s
    }
}
