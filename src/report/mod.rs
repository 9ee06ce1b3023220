//! Reports: the record each command produces (its JSON), the documents it
//! builds from it ([`document`]: one module per command), and the renderers
//! that write any document as text, CSV or HTML ([`mod@render`]).
//!
//! A new command adds its record and its document module and touches no
//! renderer; a new format adds one renderer and one arm in [`render()`].

pub mod compare;
pub mod document;
pub mod erlang;
pub mod output;
pub mod render;
pub mod simulation;
pub mod staffing;
pub mod sweep;

use std::io;

use serde::Serialize;

use crate::lang::Lang;

pub use compare::CompareReport;
pub use document::Document;
pub use erlang::{
    BlendReport, ChatReport, ChatResult, ErlangReport, ErlangResult, IntervalStaffing,
    IntervalTotals, LinesReport, ModelsReport, TrafficSummary,
};
pub use output::{OutputError, OutputSet, write_atomically};
pub use simulation::SimulationReport;
pub use staffing::StaffingReport;
pub use sweep::SweepReport;

/// The output formats every command offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
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
/// the terminal and CSV formats render ([`document`]), in a language.
pub trait Report: Serialize {
    /// The terminal's tables.
    fn table(&self, lang: Lang) -> Document;
    /// The spreadsheet's rows.
    fn csv(&self, lang: Lang) -> Document;
}

/// `report` in `format`, its words and numbers in `lang`. JSON, the
/// machine record, is the same in every language.
pub fn render(report: &impl Report, format: Format, lang: Lang) -> io::Result<Vec<u8>> {
    match format {
        Format::Table => Ok(render::text::render(&report.table(lang)).into_bytes()),
        Format::Csv => render::csv::render(&report.csv(lang)),
        Format::Json => {
            let mut out = serde_json::to_vec_pretty(report)?;
            out.push(b'\n');
            Ok(out)
        }
    }
}

/// The roster of a staffing plan's schedule as CSV, a row per agent.
pub fn roster_csv(report: &StaffingReport, lang: Lang) -> io::Result<Vec<u8>> {
    render::csv::render(&document::staff::roster(report, lang))
}

/// The HTML report of `record` with `charts` drawn inline, in `lang`.
pub fn html_report(
    record: &crate::plot::Record,
    charts: &[crate::plot::Chart],
    lang: crate::plot::Lang,
) -> Result<String, crate::plot::PlotError> {
    render::html::render(&document::html(record, charts, lang))
}
