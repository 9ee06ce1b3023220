//! The files this run has read: every reader notes the file it opens, and
//! the outputs are checked against the list, so that no output replaces an
//! input, whichever command, flag or field named it (a scenario's
//! `volume_file`, a part given to `merge`, a chart's name in `--plot`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The files read (resolved), once [`record_inputs`] has started the list.
static INPUTS_READ: Mutex<Option<BTreeSet<PathBuf>>> = Mutex::new(None);

/// Starts (or restarts) the list of the files read. Until it is called
/// nothing is listed: a library user's reads are its own business.
pub fn record_inputs() {
    *INPUTS_READ.lock().unwrap_or_else(|e| e.into_inner()) = Some(BTreeSet::new());
}

/// Notes that `path` is being read, when the list is kept.
pub fn note_input(path: &Path) {
    let mut inputs = INPUTS_READ.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(inputs) = inputs.as_mut()
        && let Ok(resolved) = std::fs::canonicalize(path)
    {
        inputs.insert(resolved);
    }
}

/// Whether the file at the resolved path `path` has been read by this run.
pub fn was_read(resolved: &Path) -> bool {
    INPUTS_READ
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .is_some_and(|inputs| inputs.contains(resolved))
}
