//! `callsim merge`: fold shards' partial results into the single run's report.

use std::path::PathBuf;

use clap::Args;

use super::CliError;
use super::simulate::write_simulation;
use super::visuals::VisualArgs;
use crate::report::{Format, SimulationReport};
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

    #[command(flatten)]
    visuals: VisualArgs,
}

pub fn run(args: &MergeArgs) -> Result<(), CliError> {
    args.visuals.check()?;
    let parts = args
        .parts
        .iter()
        .map(|path| read_partial(path).map(|p| (path.clone(), p)))
        .collect::<Result<Vec<_>, _>>()?;
    let (scenario, run) = merge(parts)?;
    let report = SimulationReport::new(&scenario, &run);
    write_simulation(&report, args.format, args.output.as_deref(), &args.visuals)
}
