//! The `[arrivals]` table: how the day's volume varies from one replication
//! to the next.

use super::check::{FieldPath, TableCheck, in_range};
use crate::scenario::raw::RawArrivals;

/// The coefficient of variation of the day factor (`path`: `arrivals`).
pub(super) fn from_raw(raw: &RawArrivals, path: &FieldPath) -> TableCheck<f64> {
    in_range(
        &path.key("day_factor_cv"),
        raw.day_factor_cv,
        // The day factor's gamma shape is 1/cv²: a cv of 1e-279 made it infinite.
        "0, or from 0.0001 to 10",
        |v| v == 0.0 || (1e-4..=10.0).contains(&v),
    )
    .map_err(|e| vec![e])
}
