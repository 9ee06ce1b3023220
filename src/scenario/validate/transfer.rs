//! Where callers go next: a call type's `transfer_pct` (answered contacts
//! handed to other call types at the end of the talk) and the `to` of a
//! `retry` (a caller who gave up tries another call type), resolved against
//! the call types' names, and the check that no caller is transferred
//! forever (a cycle of transfers each certain).

use super::check::{Check, FieldPath, in_range};
use super::names::{NameIndex, reference};
use crate::scenario::raw::{RawCallType, RawRetry};

/// A transfer: to call type `to` with probability `prob`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transfer {
    pub to: usize,
    pub prob: f64,
}

/// Call type `t`'s transfers (`path`: `call_type[t]`): each to another
/// call type, each share a percentage, at most 100 % in all.
pub(super) fn transfers(
    raw: &RawCallType,
    t: usize,
    call_types: &NameIndex,
    path: &FieldPath,
) -> Check<Vec<Transfer>> {
    let path = path.key("transfer_pct");
    let mut list = Vec::with_capacity(raw.transfer_pct.len());
    let mut total = 0.0;
    for (name, &pct) in &raw.transfer_pct {
        let path = path.key(name);
        let to = call_type(reference(&path, name)?, call_types, &path)?;
        if to == t {
            return Err(path.error(
                "a call type cannot transfer to itself: a caller sent back to the same queue is a recontact",
            ));
        }
        let pct = in_range(&path, pct, "a percentage from 0 to 100", |v| {
            (0.0..=100.0).contains(&v)
        })?;
        total += pct;
        if pct > 0.0 {
            list.push(Transfer {
                to,
                prob: pct / 100.0,
            });
        }
    }
    if total > 100.0 + 1e-9 {
        return Err(path.error(format!(
            "adds up to {} %: at most 100 % of the answered contacts can be transferred",
            crate::distribution::show(total)
        )));
    }
    Ok(list)
}

/// The call type a retry goes to, where it names one.
pub(super) fn retry_to(
    raw: Option<&RawRetry>,
    call_types: &NameIndex,
    path: &FieldPath,
) -> Check<Option<usize>> {
    let Some(name) = raw.and_then(|r| r.to.as_deref()) else {
        return Ok(None);
    };
    let path = path.key("retry").key("to");
    call_type(reference(&path, name)?, call_types, &path).map(Some)
}

fn call_type(name: &str, call_types: &NameIndex, path: &FieldPath) -> Check<usize> {
    call_types.get(name).ok_or_else(|| {
        path.error(format!(
            "\"{name}\" is not a call type (known: {})",
            call_types.in_file_order()
        ))
    })
}

/// A cycle of call types each transferring every answered contact to the
/// next: its callers would never leave. `transfers[t]`: type `t`'s; `names`
/// for the message.
pub(super) fn certain_cycle(
    transfers: &[Vec<Transfer>],
    names: &[&str],
    list: &FieldPath,
) -> Check<()> {
    // Only a type whose single transfer is certain can be part of one.
    let certain = |t: usize| match transfers[t].as_slice() {
        [only] if only.prob >= 1.0 => Some(only.to),
        _ => None,
    };
    for start in 0..transfers.len() {
        let mut path = vec![start];
        let mut at = start;
        while let Some(next) = certain(at) {
            if next == start {
                let cycle: Vec<&str> = path
                    .iter()
                    .chain(std::iter::once(&start))
                    .map(|&t| names[t])
                    .collect();
                return Err(list.at(start).key("transfer_pct").error(format!(
                    "transfers every answered contact round a cycle ({}): its callers would never leave; make one of the shares below 100 %",
                    cycle.join(" → ")
                )));
            }
            if path.contains(&next) {
                // A cycle that does not come back to `start`: found from its own types.
                break;
            }
            path.push(next);
            at = next;
        }
    }
    Ok(())
}
