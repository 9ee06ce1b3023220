//! `callsim compare`: run scenarios on the same callers and report paired
//! differences from the first.

use std::path::PathBuf;

use clap::Args;

use super::visuals::{VisualArgs, check_destinations, refuse_files_read, write_with_visuals};
use super::{CliError, write_output};
use crate::report::{self, CompareReport, Format};
use crate::scenario::Scenario;
use crate::scenario::budget::{Cost, worker_threads};
use crate::shard::{ComparePartial, ShardSpec};
use crate::study::compare::{self, CompareOptions};
use crate::study::compare::{ArmRun, CompareRunFacts};
use crate::study::verdict::RankBy;

/// Compare scenarios with common random numbers: every KPI's mean in each, and
/// its difference from the first with a paired confidence interval.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  callsim compare scenarios/helpline.toml scenarios/helpline_plus_one.toml\n  callsim compare a.toml b.toml c.toml --format json --output comparison.json\n  callsim compare scenarios/helpline.toml scenarios/helpline_plus_one.toml --set simulation.replications=500"
)]
pub struct CompareArgs {
    /// Scenario files (TOML): the first is the reference; its seed, replication
    /// count and confidence level are used for all.
    #[arg(required = true, value_name = "SCENARIO.toml")]
    scenarios: Vec<PathBuf>,

    /// Override a value in every scenario, e.g. --set simulation.replications=500
    /// or --set call_type[0].patience=none (repeatable; as for simulate).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    overrides: Vec<String>,

    /// Rank the scenarios in the verdict by this day KPI (all call types):
    /// service_level (the default), abandon_rate, asa_s, wait_p90_s, …, or
    /// agent_hours (the staffing's cost); KPI:high or KPI:low for the way
    /// that is better where the KPI has none of its own (occupancy:high).
    #[arg(long, value_name = "KPI[:high|low]")]
    rank_by: Option<String>,

    /// Worker threads (default: every core). Results are identical for any number.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=4096))]
    threads: Option<u32>,

    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,

    /// Write to this file (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// No progress bar and no warnings on standard error.
    #[arg(long, short)]
    quiet: bool,

    /// Run even when the estimated cost is above 1 core-hour or 4 GiB.
    #[arg(long)]
    force: bool,

    /// Run only block I of N of the replications (counting from 1) of every
    /// scenario and write a partial result for `callsim merge`.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    shard: Option<ShardSpec>,

    #[command(flatten)]
    visuals: VisualArgs,
}

fn parse_shard(text: &str) -> Result<ShardSpec, String> {
    text.parse()
}

/// A progress bar over `count` replications on standard error: hidden when
/// `quiet` or when standard error is not a terminal.
pub fn progress_bar(count: u64, quiet: bool) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(count);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} replications {eta}",
        )
        .expect("a valid template")
        .progress_chars("=> "),
    );
    bar
}

/// Loads the scenarios; the second and later ones take the first one's seed
/// and replication count (through the `--set` machinery, so the echo says so).
pub fn load_arms(
    paths: &[PathBuf],
    overrides: &[String],
) -> Result<Vec<(Scenario, u64, u64)>, CliError> {
    if paths.len() < 2 {
        return Err(CliError::Arguments(
            "compare needs at least two scenario files: the reference first, then the alternatives"
                .into(),
        ));
    }
    let mut arms = Vec::with_capacity(paths.len());
    let mut common: Option<(u64, u32)> = None;
    for path in paths {
        let scenario = Scenario::from_path_with_overrides(path, overrides)?;
        let (seed, replications) = (scenario.simulation.seed, scenario.simulation.replications);
        let scenario = match common {
            Some((s, r)) if (s, r) != (seed, replications) => {
                let mut with_common = overrides.to_vec();
                with_common.push(format!("simulation.seed={s}"));
                with_common.push(format!("simulation.replications={r}"));
                Scenario::from_path_with_overrides(path, &with_common)?
            }
            Some(_) => scenario,
            None => {
                common = Some((seed, replications));
                scenario
            }
        };
        arms.push((scenario, seed, u64::from(replications)));
    }
    Ok(arms)
}

/// The verdict's ranking from `--rank-by` (service level by default),
/// parsed here rather than by clap so a bad one is one sentence.
pub fn rank_by(given: Option<&str>) -> Result<RankBy, CliError> {
    given.map_or(Ok(RankBy::default()), |text| {
        text.parse()
            .map_err(|e: crate::study::verdict::RankByError| CliError::Arguments(e.to_string()))
    })
}

pub fn run(args: &CompareArgs) -> Result<(), CliError> {
    let rank_by = rank_by(args.rank_by.as_deref())?;
    let inputs: Vec<&std::path::Path> = args.scenarios.iter().map(PathBuf::as_path).collect();
    check_destinations(args.output.as_deref(), &args.visuals, &[], &inputs)?;
    let loaded = load_arms(&args.scenarios, &args.overrides)?;
    refuse_files_read(args.output.as_deref(), &args.visuals, &[])?;
    if args.shard.is_some() && (args.format != Format::Table || args.visuals.wanted()) {
        return Err(CliError::Arguments(
            "--shard writes a partial result for `callsim merge`: give --format, --plot and --report to the merge or to a whole run".into(),
        ));
    }
    let replications = args
        .shard
        .map(|s| s.replications(u64::from(loaded[0].0.simulation.replications)));
    let threads = args.threads.map(|t| t as usize);
    let per_arm = replications
        .as_ref()
        .map_or(u64::from(loaded[0].0.simulation.replications), |r| {
            r.end - r.start
        });
    let scenarios: Vec<&Scenario> = loaded.iter().map(|(s, _, _)| s).collect();
    let cost = Cost::compare(&scenarios, worker_threads(threads), per_arm);
    if let Some(warning) = cost.admit(args.force).map_err(|message| CliError::Input {
        path: args.scenarios[0].clone(),
        message,
    })? && !args.quiet
    {
        eprintln!("warning: {warning}");
    }
    let progress = progress_bar(per_arm * loaded.len() as u64, args.quiet);
    let tick = || progress.inc(1);
    let run = compare::run(
        &scenarios,
        &CompareOptions {
            threads,
            replications: replications.clone(),
            on_replication_done: Some(&tick),
            keep_replications: replications.is_some(),
        },
    )?;
    progress.finish_and_clear();
    let facts = CompareRunFacts {
        threads: run.threads,
        wall_time_s: run.wall_s,
        calls_simulated: run.calls_simulated,
    };
    let arms: Vec<ArmRun> = loaded
        .into_iter()
        .map(|(scenario, seed_in_file, replications_in_file)| ArmRun {
            scenario,
            seed_in_file,
            replications_in_file,
        })
        .collect();
    let report = CompareReport::new(&arms, &run.comparer, facts, rank_by);
    if !args.quiet {
        for note in report.notes.iter().skip(1) {
            eprintln!("warning: {note}");
        }
        for s in &report.scenarios {
            for w in &s.warnings {
                eprintln!("warning: {}: {w}", s.source);
            }
        }
    }
    if let Some(range) = replications {
        let kept = run.per_replication.unwrap_or_default();
        let partial = ComparePartial::new(&arms, &kept, range, facts);
        let bytes = serde_json::to_vec(&partial).map_err(|e| CliError::Stdout(e.into()))?;
        return write_output(args.output.as_deref(), bytes);
    }
    write_compare(&report, args.format, args.output.as_deref(), &args.visuals)
}

/// Renders the comparison in `format` and the charts and HTML report asked
/// for, then writes them: the output first, the visuals after.
pub fn write_compare(
    report: &CompareReport,
    format: Format,
    output: Option<&std::path::Path>,
    visuals: &VisualArgs,
) -> Result<(), CliError> {
    let bytes = report::render(report, format, visuals.lang()).map_err(CliError::Stdout)?;
    write_with_visuals(output, bytes, visuals, report)
}
