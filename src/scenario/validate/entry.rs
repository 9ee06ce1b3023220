//! An `[[entry]]` table: an entry number, its volume, and the IVR menu that
//! answers it.

use super::check::{Check, Errors, FieldPath, TableCheck, optional_table, retry, volume};
use super::names::{NameIndex, reference};
use super::simulation::Day;
use crate::scenario::Entry;
use crate::scenario::raw::RawEntry;

/// An entry (`path`: `entry[e]`); its name was checked with the others' (see
/// `names`). `nodes`: the IVR menus by name.
pub(super) fn from_raw(
    raw: &RawEntry,
    day: Option<&Day>,
    nodes: &NameIndex,
    path: &FieldPath,
) -> TableCheck<Entry> {
    let mut errors = Errors::default();
    let calls_per_interval = errors.check(
        volume(
            path,
            raw.calls_per_interval.as_ref(),
            raw.calls_per_hour.as_ref(),
            day,
        )
        .and_then(|volume| {
            volume.ok_or_else(|| {
                path.error(
                    "give the volume: calls_per_interval (a number or one per interval) or calls_per_hour",
                )
            })
        }),
    );
    let first_node = errors.check(first_node(raw, nodes, &path.key("ivr")));
    let retry = errors.table(optional_table(raw.retry.as_ref(), |r| {
        retry(&path.key("retry"), r)
    }));
    let (Some(calls_per_interval), Some(first_node), Some(retry)) =
        (calls_per_interval, first_node, retry)
    else {
        return Err(errors.into_vec());
    };
    errors.finish(Entry {
        name: raw.name.trim().to_string(),
        calls_per_interval,
        first_node,
        retry,
    })
}

fn first_node(raw: &RawEntry, nodes: &NameIndex, path: &FieldPath) -> Check<usize> {
    nodes.get(reference(path, &raw.ivr)?).ok_or_else(|| {
        path.error(if nodes.is_empty() {
            format!(
                "\"{}\" is not an IVR node: add [[ivr_node]] tables",
                raw.ivr
            )
        } else {
            format!(
                "\"{}\" is not an IVR node (known: {})",
                raw.ivr,
                nodes.sorted()
            )
        })
    })
}
