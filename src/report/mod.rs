//! Reports: the records a command produces, and one exporter per output format.
//!
//! Adding a format means one new exporter module and one arm in [`exporter`].

pub mod compare;
mod csv;
pub mod document;
pub mod erlang;
pub mod html;
mod json;
pub mod output;
pub mod render;
pub mod simulation;
pub mod staffing;
pub mod sweep;
mod table;

use std::io::{self, Write};

use serde::Serialize;

pub use compare::CompareReport;
pub use document::Document;
pub use erlang::{ErlangReport, ErlangResult, IntervalStaffing, IntervalTotals, TrafficSummary};
pub use output::{OutputError, OutputSet, write_atomically};
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

/// A command's result: the JSON record it serializes to, and the documents
/// the terminal and CSV formats render ([`document`]).
pub trait Report: Serialize {
    /// The terminal's tables.
    fn table(&self) -> Document;
    /// The spreadsheet's rows.
    fn csv(&self) -> Document;
}

/// `report` in `format`.
pub fn render(report: &impl Report, format: Format) -> io::Result<Vec<u8>> {
    match format {
        Format::Table => Ok(render::text::render(&report.table()).into_bytes()),
        Format::Csv => render::csv::render(&report.csv()),
        Format::Json => {
            let mut out = serde_json::to_vec_pretty(report)?;
            out.push(b'\n');
            Ok(out)
        }
    }
}

/// Writes reports in one format.
pub trait Exporter {
    fn erlang(&self, report: &ErlangReport, out: &mut dyn Write) -> io::Result<()>;
}

/// The exporter for `format`.
pub fn exporter(format: Format) -> Box<dyn Exporter> {
    match format {
        Format::Table => Box::new(table::TableExporter),
        Format::Json => Box::new(json::JsonExporter),
        Format::Csv => Box::new(csv::CsvExporter),
    }
}
