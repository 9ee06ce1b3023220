//! Reports: the records a command produces, and one exporter per output format.
//!
//! Adding a format means one new exporter module and one arm in [`exporter`].

pub mod compare;
mod csv;
pub mod erlang;
pub mod html;
mod json;
pub mod simulation;
pub mod staffing;
pub mod sweep;
mod table;

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

pub use compare::CompareReport;
pub use erlang::{ErlangReport, ErlangResult, IntervalStaffing, IntervalTotals, TrafficSummary};
pub use simulation::SimulationReport;
pub use staffing::StaffingReport;
pub use sweep::SweepReport;

/// The output formats every command offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Aligned text for a terminal.
    #[default]
    Table,
    /// The complete, versioned record, for other tools.
    Json,
    /// Rows for a spreadsheet.
    Csv,
}

/// Writes reports in one format.
pub trait Exporter {
    fn erlang(&self, report: &ErlangReport, out: &mut dyn Write) -> io::Result<()>;
    fn simulation(&self, report: &SimulationReport, out: &mut dyn Write) -> io::Result<()>;
    fn staffing(&self, report: &StaffingReport, out: &mut dyn Write) -> io::Result<()>;
    fn compare(&self, report: &CompareReport, out: &mut dyn Write) -> io::Result<()>;
    fn sweep(&self, report: &SweepReport, out: &mut dyn Write) -> io::Result<()>;
}

/// The exporter for `format`.
pub fn exporter(format: Format) -> Box<dyn Exporter> {
    match format {
        Format::Table => Box::new(table::TableExporter),
        Format::Json => Box::new(json::JsonExporter),
        Format::Csv => Box::new(csv::CsvExporter),
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a
/// rename, so a reader never sees a half-written file and a failure leaves none.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    // A device or pipe (/dev/null, /dev/stdout, a FIFO) is written in place:
    // renaming over it would replace the device with a file.
    if fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return fs::OpenOptions::new()
            .write(true)
            .open(path)?
            .write_all(bytes);
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let mut temporary_name = std::ffi::OsString::from(".");
    temporary_name.push(name);
    temporary_name.push(format!(".{}.tmp", std::process::id()));
    let temporary = folder.join(temporary_name);
    let result = (|| {
        let mut file = fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}
