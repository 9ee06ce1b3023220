//! `simulate --calls-log`: which replications write their calls, and how
//! their rows reach the file in replication order whatever the threads.
//!
//! Replications run in parallel, in chunks. The first logged replication of
//! a chunk writes straight into the file (everything before it is already
//! there); each other one writes into an anonymous scratch file beside it
//! (the system removes it however the process ends), appended to the file
//! in order once the chunk is done. Memory stays one write buffer per
//! replication running; disk holds at most a chunk's scratch files.

use std::fs::File;
use std::io::{self, Seek, SeekFrom};
use std::ops::Range;
use std::path::Path;

use crate::observe::{CallsLogLabels, write_calls_log_header};
use crate::scenario::Scenario;

/// Where the calls log goes.
#[derive(Clone, Copy)]
pub struct CallsLogOptions<'a> {
    /// The replications logged (counting from 0, within the run's).
    pub replications: &'a Range<u64>,
    /// The file the header and then the rows go to, in replication order.
    pub file: &'a File,
    /// The folder for scratch files (the file's own, so they share its disk).
    pub scratch: &'a Path,
    /// The names and first date the rows are written with ([`labels_of`]).
    pub labels: &'a CallsLogLabels,
}

impl CallsLogOptions<'_> {
    /// Whether replication `r` is logged.
    pub(super) fn logs(&self, r: u64) -> bool {
        self.replications.contains(&r)
    }

    /// Where replication `r`, of a chunk starting at `chunk_start`, writes:
    /// `None` for the file itself, else a new scratch file.
    pub(super) fn scratch_for(&self, r: u64, chunk_start: u64) -> io::Result<Option<File>> {
        if r == chunk_start.max(self.replications.start) {
            Ok(None)
        } else {
            tempfile::tempfile_in(self.scratch).map(Some)
        }
    }

    /// Appends a replication's scratch file to the file.
    pub(super) fn append(&self, mut scratch: File) -> io::Result<()> {
        scratch.seek(SeekFrom::Start(0))?;
        let mut file = self.file;
        io::copy(&mut scratch, &mut file)?;
        Ok(())
    }

    pub(super) fn write_header(&self) -> io::Result<()> {
        write_calls_log_header(self.file)
    }
}

/// The names and first date the rows of `scenario` are written with, each
/// name as `text_cell` makes it safe for a spreadsheet (the reports' rule).
pub fn labels_of(scenario: &Scenario, text_cell: impl Fn(&str) -> String) -> CallsLogLabels {
    let names = |names: Vec<&String>| names.into_iter().map(|n| text_cell(n)).collect();
    CallsLogLabels::new(
        names(scenario.call_types.iter().map(|c| &c.name).collect()),
        names(scenario.agent_groups.iter().map(|g| &g.name).collect()),
        names(scenario.entries.iter().map(|e| &e.name).collect()),
        scenario.simulation.first_date(),
        scenario.simulation.open_min,
    )
    .with_channels(scenario.call_types.iter().map(|c| c.channel).collect())
}
