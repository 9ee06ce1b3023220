//! The `[shrinkage]` table: paid time off the phones, for `callsim staff`.

use super::check::{Errors, FieldPath, TableCheck, in_range};
use crate::distribution::show;
use crate::scenario::Shrinkage;
use crate::scenario::raw::RawShrinkage;

/// `path`: `shrinkage`.
pub(super) fn from_raw(raw: &RawShrinkage, path: &FieldPath) -> TableCheck<Shrinkage> {
    let mut errors = Errors::default();
    let mut pct = |key: &str, v: f64| {
        errors.check(
            in_range(&path.key(key), v, "a percentage from 0 to below 100", |v| {
                (0.0..100.0).contains(&v)
            })
            .map(|v| v / 100.0),
        )
    };
    let absenteeism = pct("absenteeism_pct", raw.absenteeism_pct);
    let breaks = pct("breaks_pct", raw.breaks_pct);
    let training = pct("training_pct", raw.training_pct);
    let (Some(absenteeism), Some(breaks), Some(training)) = (absenteeism, breaks, training) else {
        return Err(errors.into_vec());
    };
    let shrinkage = Shrinkage {
        absenteeism,
        breaks,
        training,
    };
    if shrinkage.total() >= 1.0 - 1e-9 {
        errors.push(path.error(format!(
            "absenteeism_pct + breaks_pct + training_pct must be below 100, got {}",
            show(shrinkage.total() * 100.0)
        )));
    }
    errors.finish(shrinkage)
}
