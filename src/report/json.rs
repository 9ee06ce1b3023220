use std::io::{self, Write};

use super::{ErlangReport, Exporter};

/// The complete record as pretty JSON.
pub struct JsonExporter;

impl Exporter for JsonExporter {
    fn erlang(&self, report: &ErlangReport, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, report)?;
        writeln!(out)
    }
}
