use std::io;
use std::path::PathBuf;

use thiserror::Error;

use crate::erlang::ErlangError;

/// Everything the command line can fail with, each printed as one sentence.
#[derive(Debug, Error)]
pub enum CliError {
    /// Bad arguments (clap prints its own message and usage).
    #[error("{0}")]
    Usage(#[from] clap::Error),

    #[error("{0}")]
    Erlang(#[from] ErlangError),

    #[error("{0}")]
    Scenario(#[from] crate::scenario::ScenarioError),

    #[error("{0}")]
    Run(#[from] crate::run::replicate::RunError),

    #[error("{0}")]
    Merge(#[from] crate::shard::MergeError),

    #[error("{0}")]
    Plot(#[from] crate::plot::PlotError),

    #[error("{0}")]
    Staffing(#[from] crate::staffing::StaffingError),

    /// A problem in an input file, located as `file:line: message`.
    #[error("{}:{line}: {message}", path.display())]
    InputAt {
        path: PathBuf,
        line: u64,
        message: String,
    },

    /// A problem with an input file as a whole.
    #[error("{}: {message}", path.display())]
    Input { path: PathBuf, message: String },

    /// Arguments that are individually fine but do not go together.
    #[error("{0}")]
    Arguments(String),

    /// An output destination that cannot be used, or a write that failed.
    #[error("{0}")]
    Output(#[from] crate::report::OutputError),

    #[error("cannot write to standard output: {0}")]
    Stdout(io::Error),
}

impl CliError {
    /// Prints the error to standard error: clap's own text for usage errors,
    /// `error: <sentence>` for the rest, one line each when a scenario has
    /// several bad values.
    pub fn print(&self) {
        match self {
            CliError::Usage(e) => {
                let _ = e.print();
            }
            other => {
                for line in other.to_string().lines() {
                    eprintln!("error: {line}");
                }
            }
        }
    }

    /// 2 for bad usage or input, 1 for failures while running or writing.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Output(e) if !e.is_unusable_destination() => 1,
            // A replication that loops without progress is the scenario's fault.
            CliError::Run(crate::run::replicate::RunError::WorkLimit { .. })
            | CliError::Staffing(crate::staffing::StaffingError::Run(
                crate::run::replicate::RunError::WorkLimit { .. },
            )) => 2,
            CliError::Stdout(_)
            | CliError::Run(_)
            | CliError::Staffing(crate::staffing::StaffingError::Run(_)) => 1,
            CliError::Plot(e) if !matches!(e, crate::plot::PlotError::Record(_)) => 1,
            _ => 2,
        }
    }
}
