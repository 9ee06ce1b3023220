//! Tables a contact center exports (ACD interval reports, call logs,
//! forecasts) as they come: `,` or `;` separators, decimal points or
//! commas (pt-BR Excel), UTF-8 with or without a byte-order mark, column
//! names in English or Portuguese or the user's own (`--columns`), dates
//! and times in ISO or pt-BR order or a given format, with or without a UTC
//! offset. Every refusal names the file, the line, the column and the value.
//!
//! The csv crate splits the fields and chrono reads the dates; this module
//! adds what both leave to their user: finding the columns, the locale's
//! numbers and the one-sentence errors. A [`TableReader`] streams a file one
//! row at a time into one reused record, so a million-row log costs the
//! memory of one row.

pub mod cells;
mod columns;
mod reader;
#[cfg(test)]
mod tests;

use std::fmt;

pub use cells::Dialect;
pub use columns::{Column, ColumnMap, Zone};
pub use reader::{MAX_NAME_CHARS, Row, TableReader};

/// What is wrong with a table: `file:line: column "Header" ("value"): message`,
/// without the parts that do not apply.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct TabularError {
    pub file: String,
    pub line: Option<u64>,
    /// The column's header as the file writes it.
    pub column: Option<String>,
    pub value: Option<String>,
    pub message: String,
}

impl TabularError {
    /// An error about the whole file (or a command-line mapping when `file` names it).
    pub fn whole(file: &str, message: impl Into<String>) -> Self {
        Self {
            file: file.to_string(),
            line: None,
            column: None,
            value: None,
            message: message.into(),
        }
    }

    /// An error at a line of `file`.
    pub fn at(file: &str, line: u64, message: impl Into<String>) -> Self {
        Self {
            line: Some(line),
            ..Self::whole(file, message)
        }
    }
}

impl fmt::Display for TabularError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        f.write_str(": ")?;
        if let Some(column) = &self.column {
            write!(f, "column \"{column}\"")?;
            // Cell parsers quote the value in their message already.
            if let Some(value) = self
                .value
                .as_ref()
                .filter(|v| !self.message.contains(v.as_str()))
            {
                write!(f, " (\"{value}\")")?;
            }
            f.write_str(": ")?;
        }
        f.write_str(&self.message)
    }
}
