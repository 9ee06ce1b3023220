use std::fmt;
use std::io;
use std::path::PathBuf;

use thiserror::Error;

/// Where a bad value is: the file and line, and the field path inside the scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: Option<usize>,
    /// e.g. `call_type[1].patience.mean_s`; empty for the document as a whole.
    pub field: String,
    /// The value came from `--set` on the command line, not from the file.
    pub from_override: bool,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from_override {
            return write!(f, "{} (--set {})", self.file, self.field);
        }
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if !self.field.is_empty() {
            write!(f, ": {}", self.field)?;
        }
        Ok(())
    }
}

/// One bad value and where it is: `file:line: field.path: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedError {
    pub location: Location,
    pub message: String,
}

impl fmt::Display for LocatedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// The most errors a message lists; a last line counts the others.
pub const LISTED_ERRORS: usize = 10;

/// Why a scenario cannot be loaded. Every error reads as one sentence on
/// one line; [`ScenarioError::Invalid`] lists several, one per line.
#[derive(Debug, Error)]
pub enum ScenarioError {
    #[error("cannot read scenario {}: {source}", super::printable(&path.display().to_string()))]
    Read { path: PathBuf, source: io::Error },

    /// Bad values, sorted by line: every one that validation found (of the
    /// first thousand found), or the one error that stopped the reading (a
    /// file that is not UTF-8 text or not TOML, a value of the wrong type,
    /// an unknown key). Shown as the first [`LISTED_ERRORS`] lines, then
    /// `… and N more`.
    #[error("{}", list(errors, *count))]
    Invalid {
        errors: Vec<LocatedError>,
        /// How many were found: more than `errors` holds when there were
        /// more than validation keeps.
        count: usize,
    },

    #[error("--set {text}: {message}")]
    BadOverride { text: String, message: String },
}

fn list(errors: &[LocatedError], count: usize) -> String {
    let shown = errors.len().min(LISTED_ERRORS);
    let mut lines: Vec<String> = errors[..shown].iter().map(ToString::to_string).collect();
    if count > shown {
        lines.push(format!("… and {} more", count - shown));
    }
    lines.join("\n")
}

impl ScenarioError {
    /// The one error that stopped the reading.
    pub(super) fn invalid(error: LocatedError) -> Self {
        ScenarioError::Invalid {
            errors: vec![error],
            count: 1,
        }
    }

    /// The location of the first bad value, when the error has one.
    pub fn location(&self) -> Option<&Location> {
        self.errors().first().map(|e| &e.location)
    }

    /// The bad values, sorted by line (none for the other errors).
    pub fn errors(&self) -> &[LocatedError] {
        match self {
            ScenarioError::Invalid { errors, .. } => errors,
            _ => &[],
        }
    }
}

/// A problem found in validation, before it is given a file and line.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}
