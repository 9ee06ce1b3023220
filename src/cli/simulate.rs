//! `callsim simulate`: run a scenario's replications and report every KPI.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use super::visuals::{VisualArgs, check_destinations, write_with_visuals};
use super::{CliError, write_output};
use crate::report::{self, Format, SimulationReport};
use crate::run::replicate::{RunOptions, simulate};
use crate::scenario::Scenario;
use crate::scenario::budget::{Cost, worker_threads};
use crate::shard::{PartialResult, ShardSpec};

/// Simulate a scenario: many independent replications, KPIs with confidence intervals.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  callsim simulate scenarios/helpline.toml\n  callsim simulate scenarios/day.toml --format csv --output day.csv\n  callsim simulate scenarios/helpline.toml --set simulation.replications=200 --set 'agent_group[0].agents=18'\n  callsim simulate scenarios/helpline.toml --trace 30 --set simulation.replications=1"
)]
pub struct SimulateArgs {
    /// The scenario file (TOML).
    scenario: PathBuf,

    /// Override a scenario value, e.g. --set call_type[0].patience.mean_s=90 (repeatable).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    overrides: Vec<String>,

    /// Volumes (and AHTs) per interval from a forecast CSV: every call type a
    /// `queue` column names (or the only one) takes its rows, in place of its
    /// own volume. `;` or `,` separated, decimal comma or point, as Excel saves it.
    #[arg(long, value_name = "FILE")]
    forecast: Option<PathBuf>,

    /// Worker threads (default: every core). Results are identical for any number.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=4096))]
    threads: Option<u32>,

    /// Print the first N events of replication 0 (arrivals, queueing, answers, abandonments).
    #[arg(long, value_name = "N", value_parser = parse_trace)]
    trace: Option<usize>,

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

    /// Run only block I of N of the replications (counting from 1) and write a
    /// partial result for `callsim merge`.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    shard: Option<ShardSpec>,

    #[command(flatten)]
    visuals: VisualArgs,
}

/// The most events `--trace` prints: the trace is held in memory until written.
const MAX_TRACE_EVENTS: usize = 1_000_000;

fn parse_trace(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if n <= MAX_TRACE_EVENTS => Ok(n),
        _ => Err(format!(
            "give a number of events from 0 to {MAX_TRACE_EVENTS}"
        )),
    }
}

fn parse_shard(text: &str) -> Result<ShardSpec, String> {
    text.parse()
}

pub fn run(args: &SimulateArgs) -> Result<(), CliError> {
    check_destinations(args.output.as_deref(), &args.visuals, &[])?;
    let scenario =
        Scenario::from_path_with(&args.scenario, &args.overrides, args.forecast.as_deref())?;
    if args.shard.is_some() && (args.format != Format::Table || args.trace.is_some()) {
        return Err(CliError::Arguments(
            "--shard writes a partial result for `callsim merge`: give --format and --trace to the merge or to a whole run".into(),
        ));
    }
    if args.shard.is_some() && args.visuals.wanted() {
        return Err(CliError::Arguments(
            "--shard writes a partial result for `callsim merge`: give --plot and --report to the merge".into(),
        ));
    }
    let replications = args
        .shard
        .map(|s| s.replications(u64::from(scenario.simulation.replications)));
    let cost = Cost::simulate(
        &scenario,
        worker_threads(args.threads.map(|t| t as usize)),
        replications
            .as_ref()
            .map_or(u64::from(scenario.simulation.replications), |r| {
                r.end - r.start
            }),
        args.shard.is_some(),
    );
    let over_budget = cost.admit(args.force).map_err(|message| CliError::Input {
        path: args.scenario.clone(),
        message,
    })?;
    if !args.quiet {
        for warning in scenario.warnings.iter().chain(&over_budget) {
            eprintln!("warning: {warning}");
        }
    }
    let show_progress = !args.quiet && std::io::stderr().is_terminal();
    let progress = if show_progress {
        let count = replications
            .as_ref()
            .map_or(u64::from(scenario.simulation.replications), |r| {
                r.end - r.start
            });
        let bar = indicatif::ProgressBar::new(count);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{elapsed_precise} [{bar:40}] {pos}/{len} replications {eta}",
            )
            .expect("a valid template")
            .progress_chars("=> "),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let tick = || progress.inc(1);
    let run = simulate(
        &scenario,
        &RunOptions {
            threads: args.threads.map(|t| t as usize),
            replications,
            trace: args.trace,
            on_replication_done: Some(&tick),
            keep_replications: args.shard.is_some(),
        },
    )?;
    progress.finish_and_clear();
    if args.shard.is_some() {
        let partial = PartialResult::new(&scenario, &run);
        let bytes = serde_json::to_vec(&partial).map_err(|e| CliError::Stdout(e.into()))?;
        return write_output(args.output.as_deref(), bytes);
    }
    let report = SimulationReport::new(&scenario, &run);
    write_simulation(&report, args.format, args.output.as_deref(), &args.visuals)
}

/// Renders the report in `format` and the charts and HTML report asked
/// for, then writes them: the output first, the visuals after.
pub fn write_simulation(
    report: &SimulationReport,
    format: Format,
    output: Option<&std::path::Path>,
    visuals: &VisualArgs,
) -> Result<(), CliError> {
    let bytes = report::render(report, format, visuals.lang()).map_err(CliError::Stdout)?;
    write_with_visuals(output, bytes, visuals, report)
}
