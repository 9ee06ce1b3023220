//! `callsim merge`: fold shards' partial results into the single run's report.

use std::path::PathBuf;

use clap::Args;

use super::{CliError, write_output};
use crate::report::{self, Format, SimulationReport};
use crate::shard::{merge, read_partial};

/// Merge partial results of `callsim simulate --shard i/N` into one report,
/// the same as a single run's (in any order; gaps, overlaps and mixed runs are refused).
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  for i in 1 2 3; do callsim simulate scenarios/day.toml --shard $i/3 --output part$i.json; done\n  callsim merge part1.json part2.json part3.json --format json --output day.json"
)]
pub struct MergeArgs {
    /// Partial result files.
    #[arg(required = true, value_name = "PART.json")]
    parts: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,

    /// Write to this file (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: &MergeArgs) -> Result<(), CliError> {
    let parts = args
        .parts
        .iter()
        .map(|path| read_partial(path).map(|p| (path.clone(), p)))
        .collect::<Result<Vec<_>, _>>()?;
    let (scenario, run) = merge(parts)?;
    let report = SimulationReport::new(&scenario, &run);
    let mut bytes = Vec::new();
    report::exporter(args.format)
        .simulation(&report, &mut bytes)
        .map_err(CliError::Stdout)?;
    write_output(args.output.as_deref(), &bytes)
}
