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

/// Why a scenario cannot be loaded. Every variant reads as one sentence.
#[derive(Debug, Error)]
pub enum ScenarioError {
    #[error("cannot read scenario {}: {source}", super::printable(&path.display().to_string()))]
    Read { path: PathBuf, source: io::Error },

    #[error("{location}: {message}")]
    Invalid { location: Location, message: String },

    #[error("--set {text}: {message}")]
    BadOverride { text: String, message: String },
}

impl ScenarioError {
    /// The location of a bad value, when the error has one.
    pub fn location(&self) -> Option<&Location> {
        match self {
            ScenarioError::Invalid { location, .. } => Some(location),
            _ => None,
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
