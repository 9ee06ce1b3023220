//! The forecast stage, in front of the scenario: what an operation expects
//! per queue and interval. Today it reads a forecast file ([`mod@file`]), the
//! CSV that `erlang --intervals`, a call type's `volume_file` and
//! `simulate --forecast` / `staff --forecast` take, written by hand, by a
//! spreadsheet in any locale, or by a forecasting tool.

pub mod file;

pub use file::{Dialect, ForecastError, ForecastRow, ForecastTable};
