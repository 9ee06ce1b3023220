//! The forecast stage, in front of the scenario: what an operation expects
//! per queue and interval. It reads a forecast file ([`mod@file`]), the
//! CSV that `erlang --intervals`, a call type's `volume_file` and
//! `simulate --forecast` / `staff --forecast` take, written by hand, by a
//! spreadsheet in any locale, or by a forecasting tool — and it writes one
//! from an ACD's interval history (`callsim forecast`): [`history`] (the
//! history as arrays), [`models`] (seasonal naive and Holt-Winters ×
//! profile), [`backtest`] (held-out weeks, the winner, prediction
//! intervals), [`special`] (holidays and campaigns).

pub mod backtest;
pub mod file;
pub mod forecaster;
pub mod history;
pub mod models;
pub mod special;

pub use file::{Dialect, ForecastError, ForecastRow, ForecastTable};
