//! `callsim merge`: fold shards' partial results into the single run's report.

use std::path::PathBuf;

use clap::Args;

use super::CliError;
use super::compare::write_compare;
use super::simulate::write_simulation;
use super::visuals::{VisualArgs, check_destinations};
use crate::report::{CompareReport, Format, SimulationReport};
use crate::shard::{Parts, Verify, merge, merge_compare, read_any_partial, split_parts};

/// Merge partial results of `callsim simulate --shard i/N` (or `callsim compare --shard i/N`) into one report,
/// the same as a single run's (in any order; gaps, overlaps and mixed runs are refused).
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  for i in 1 2 3; do callsim simulate scenarios/day.toml --shard $i/3 --output part$i.json; done\n  callsim merge part1.json part2.json part3.json --format json --output day.json\n  for i in 1 2; do callsim compare a.toml b.toml --shard $i/2 --output cmp$i.json; done\n  callsim merge cmp1.json cmp2.json"
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

    /// Simulate every replication of every part again and compare it bit for
    /// bit (as costly as the run itself); by default only each part's first
    /// replication is checked this way.
    #[arg(long)]
    verify_all: bool,

    /// For compare parts: the KPI the verdict ranks by, as for compare.
    #[arg(long, value_name = "KPI[:high|low]")]
    rank_by: Option<String>,

    #[command(flatten)]
    visuals: VisualArgs,
}

pub fn run(args: &MergeArgs) -> Result<(), CliError> {
    let inputs: Vec<&std::path::Path> = args.parts.iter().map(PathBuf::as_path).collect();
    check_destinations(args.output.as_deref(), &args.visuals, &[], &inputs)?;
    let parts = args
        .parts
        .iter()
        .map(|path| read_any_partial(path).map(|p| (path.clone(), p)))
        .collect::<Result<Vec<_>, _>>()?;
    let verify = if args.verify_all {
        Verify::All
    } else {
        Verify::First
    };
    match split_parts(parts)? {
        Parts::Simulate(parts) => {
            if args.rank_by.is_some() {
                return Err(CliError::Arguments(
                    "--rank-by ranks the scenarios of a comparison: these parts are of one simulate run".into(),
                ));
            }
            let (scenario, run) = merge(parts, verify)?;
            let report = SimulationReport::new(&scenario, &run);
            write_simulation(&report, args.format, args.output.as_deref(), &args.visuals)
        }
        Parts::Compare(parts) => {
            let (arms, comparer, run) = merge_compare(parts, verify)?;
            let rank_by = super::compare::rank_by(args.rank_by.as_deref())?;
            let report = CompareReport::new(&arms, &comparer, run, rank_by);
            write_compare(&report, args.format, args.output.as_deref(), &args.visuals)
        }
    }
}
