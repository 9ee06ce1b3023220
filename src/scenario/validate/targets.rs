//! The `[targets]` table: service level, abandonment, answer speed and
//! occupancy targets.

use super::check::{Check, Errors, FieldPath, TableCheck, in_range, optional};
use crate::erlang::ServiceLevelBasis;
use crate::scenario::raw::{RawOwnTargets, RawServiceLevelBasis, RawTargets};
use crate::scenario::{OwnTargets, Targets};

/// The T of "X % answered within T seconds" when the file gives none.
const DEFAULT_ANSWER_WITHIN_S: f64 = 20.0;

/// A percentage target in (0, 100], as a share.
fn share(path: &FieldPath, key: &str, v: Option<f64>) -> Check<Option<f64>> {
    optional(v.as_ref(), |&v| {
        in_range(&path.key(key), v, "in (0, 100]", |v| v > 0.0 && v <= 100.0).map(|v| v / 100.0)
    })
}

/// The most an ASA target may be: a day.
fn max_asa(path: &FieldPath, v: Option<f64>) -> Check<Option<f64>> {
    optional(v.as_ref(), |&v| {
        in_range(&path.key("max_asa_s"), v, "> 0 and at most 86400", |v| {
            v > 0.0 && v <= 86_400.0
        })
    })
}

/// A call type's own `targets` (`path`: `call_type[i].targets`).
pub(super) fn own(raw: &RawOwnTargets, path: &FieldPath) -> TableCheck<OwnTargets> {
    let mut errors = Errors::default();
    let service_level = errors.check(share(path, "service_level_pct", raw.service_level_pct));
    let max_abandon = errors.check(share(path, "max_abandon_pct", raw.max_abandon_pct));
    let max_asa_s = errors.check(max_asa(path, raw.max_asa_s));
    let (Some(service_level), Some(max_abandon), Some(max_asa_s)) =
        (service_level, max_abandon, max_asa_s)
    else {
        return Err(errors.into_vec());
    };
    errors.finish(OwnTargets {
        service_level,
        max_abandon,
        max_asa_s,
    })
}

/// `path`: `targets`.
pub(super) fn from_raw(raw: &RawTargets, path: &FieldPath) -> TableCheck<Targets> {
    let mut errors = Errors::default();
    let share = |key: &str, v: Option<f64>| share(path, key, v);
    let seconds = |key: &str, v: Option<f64>, rule: &str, ok: fn(f64) -> bool| {
        optional(v.as_ref(), |&v| in_range(&path.key(key), v, rule, ok))
    };
    let service_level = errors.check(share("service_level_pct", raw.service_level_pct));
    let answer_within_s = errors.check(seconds(
        "answer_within_s",
        raw.answer_within_s,
        ">= 0 and at most 86400",
        |v| (0.0..=86_400.0).contains(&v),
    ));
    let max_abandon = errors.check(share("max_abandon_pct", raw.max_abandon_pct));
    let max_asa_s = errors.check(max_asa(path, raw.max_asa_s));
    let max_occupancy = errors.check(share("max_occupancy_pct", raw.max_occupancy_pct));
    let (
        Some(service_level),
        Some(answer_within_s),
        Some(max_abandon),
        Some(max_asa_s),
        Some(max_occupancy),
    ) = (
        service_level,
        answer_within_s,
        max_abandon,
        max_asa_s,
        max_occupancy,
    )
    else {
        return Err(errors.into_vec());
    };
    errors.finish(Targets {
        service_level,
        answer_within_s: answer_within_s.unwrap_or(DEFAULT_ANSWER_WITHIN_S),
        max_abandon,
        max_asa_s,
        max_occupancy,
        basis: match raw.service_level_basis {
            RawServiceLevelBasis::Offered => ServiceLevelBasis::Offered,
            RawServiceLevelBasis::Answered => ServiceLevelBasis::Answered,
            RawServiceLevelBasis::ExcludeShortAbandons => ServiceLevelBasis::ExcludeShortAbandons,
        },
    })
}
