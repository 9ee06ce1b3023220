//! The `[trunks]` table: the lines into the center.

use super::check::{FieldPath, TableCheck, whole_in_range};
use super::limits::MAX_AGENTS;
use crate::scenario::raw::RawTrunks;

/// The number of lines (`path`: `trunks`).
pub(super) fn from_raw(raw: &RawTrunks, path: &FieldPath) -> TableCheck<u32> {
    whole_in_range(&path.key("lines"), raw.lines, 1, MAX_AGENTS as i64)
        .map(|lines| lines as u32)
        .map_err(|e| vec![e])
}
