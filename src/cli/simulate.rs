//! `callsim simulate`: run a scenario's replications and report every KPI.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use super::visuals::{
    VisualArgs, check_destinations, refuse_files_read, with_visuals, write_with_visuals,
};
use super::{CliError, write_output};
use crate::report::output::{OutputError, StreamedFile};
use crate::report::{self, Format, SimulationReport};
use crate::run::calls_log::{CallsLogOptions, labels_of};
use crate::run::replicate::{RunError, RunOptions, simulate};
use crate::scenario::Scenario;
use crate::scenario::budget::{Cost, worker_threads};
use crate::shard::{PartialResult, ShardSpec};

/// Simulate a scenario: many independent replications, KPIs with confidence intervals.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  callsim simulate scenarios/helpline.toml\n  callsim simulate scenarios/day.toml --format csv --output day.csv\n  callsim simulate scenarios/helpline.toml --set simulation.replications=200 --set 'agent_group[0].agents=18'\n  callsim simulate scenarios/helpline.toml --trace 30 --set simulation.replications=1\n  callsim simulate scenarios/ivr.toml --calls-log calls.csv --calls-log-replication all"
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

    /// Write one CSV row per call attempt (the schema `callsim fit` reads)
    /// to this file, as the run goes.
    #[arg(long, value_name = "FILE.csv")]
    calls_log: Option<PathBuf>,

    /// Whose calls `--calls-log` writes: replication N (from 1; default 1),
    /// or all, one after another in order.
    #[arg(long, value_name = "N|all", value_parser = parse_logged)]
    calls_log_replication: Option<Logged>,

    #[command(flatten)]
    visuals: VisualArgs,
}

/// The replications `--calls-log` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Logged {
    /// Replication N, counting from 1.
    One(u64),
    All,
}

fn parse_logged(text: &str) -> Result<Logged, String> {
    if text.eq_ignore_ascii_case("all") {
        return Ok(Logged::All);
    }
    text.parse::<u64>()
        .map(Logged::One)
        .map_err(|_| "give a replication number (from 1) or all".into())
}

/// The replications (counting from 0) whose calls are logged, if any.
fn logged_replications(
    args: &SimulateArgs,
    replications: u64,
) -> Result<Option<std::ops::Range<u64>>, CliError> {
    if args.calls_log.is_none() {
        return match args.calls_log_replication {
            Some(_) => Err(CliError::Arguments(
                "--calls-log-replication chooses the replication --calls-log writes: give --calls-log FILE.csv too".into(),
            )),
            None => Ok(None),
        };
    }
    if args.shard.is_some() {
        return Err(CliError::Arguments(
            "--shard writes a partial result for `callsim merge`, which keeps no calls: give --calls-log to a whole run".into(),
        ));
    }
    match args.calls_log_replication.unwrap_or(Logged::One(1)) {
        Logged::All => Ok(Some(0..replications)),
        Logged::One(n) if (1..=replications).contains(&n) => Ok(Some(n - 1..n)),
        Logged::One(0) => Err(CliError::Arguments(format!(
            "--calls-log-replication 0: replications count from 1: give 1 to {replications}, or all"
        ))),
        Logged::One(n) => Err(CliError::Arguments(format!(
            "--calls-log-replication {n}: the scenario runs {replications} replication{} (simulation.replications): give 1 to {replications}, or all",
            if replications == 1 { "" } else { "s" }
        ))),
    }
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
    let logged_to: Vec<(&'static str, &std::path::Path)> = args
        .calls_log
        .as_deref()
        .map(|p| ("--calls-log", p))
        .into_iter()
        .collect();
    let inputs: Vec<&std::path::Path> = std::iter::once(args.scenario.as_path())
        .chain(args.forecast.as_deref())
        .collect();
    check_destinations(args.output.as_deref(), &args.visuals, &logged_to, &inputs)?;
    let scenario =
        Scenario::from_path_with(&args.scenario, &args.overrides, args.forecast.as_deref())?;
    refuse_files_read(args.output.as_deref(), &args.visuals, &logged_to)?;
    if args.shard.is_some() && (args.format != Format::Table || args.trace.is_some()) {
        return Err(CliError::Arguments(
            "--shard writes a partial result for `callsim merge`: give --format and --trace to the merge or to a whole run".into(),
        ));
    }
    if args.trace.is_some() && args.format == Format::Csv {
        return Err(CliError::Arguments(
            "--trace has no place in the CSV tables: give --format table (the events as text) or --format json (a trace list of {clock, t_s, kind, event})".into(),
        ));
    }
    if args.shard.is_some() && args.visuals.wanted() {
        return Err(CliError::Arguments(
            "--shard writes a partial result for `callsim merge`: give --plot and --report to the merge".into(),
        ));
    }
    let logged = logged_replications(args, u64::from(scenario.simulation.replications))?;
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
    if let (Some(path), Some(logged), false) = (&args.calls_log, &logged, args.quiet) {
        warn_of_a_big_log(path, logged, &cost);
    }
    let progress = progress_bar(
        !args.quiet && std::io::stderr().is_terminal(),
        replications
            .as_ref()
            .map_or(u64::from(scenario.simulation.replications), |r| {
                r.end - r.start
            }),
    );
    let tick = || progress.inc(1);
    let labels = labels_of(&scenario, |name| {
        report::render::csv::text_cell(name).into_owned()
    });
    let calls_log = match (&args.calls_log, &logged) {
        (Some(path), Some(_)) => Some(StreamedFile::create("--calls-log", path)?),
        _ => None,
    };
    let run = simulate(
        &scenario,
        &RunOptions {
            threads: args.threads.map(|t| t as usize),
            replications,
            trace: args.trace,
            on_replication_done: Some(&tick),
            keep_replications: args.shard.is_some(),
            calls_log: calls_log
                .as_ref()
                .zip(logged.as_ref())
                .map(|(file, logged)| CallsLogOptions {
                    replications: logged,
                    file: file.file(),
                    scratch: file.folder(),
                    labels: &labels,
                }),
        },
    )
    .map_err(|e| naming_the_log(e, args.calls_log.as_deref()))?;
    progress.finish_and_clear();
    if args.shard.is_some() {
        let partial = PartialResult::new(&scenario, &run);
        let bytes = serde_json::to_vec(&partial).map_err(|e| CliError::Stdout(e.into()))?;
        return write_output(args.output.as_deref(), bytes);
    }
    let report = SimulationReport::new(&scenario, &run);
    match calls_log {
        None => write_simulation(&report, args.format, args.output.as_deref(), &args.visuals),
        Some(calls_log) => {
            let bytes = report::render(&report, args.format, args.visuals.lang())
                .map_err(CliError::Stdout)?;
            let mut outputs = with_visuals(args.output.as_deref(), bytes, &args.visuals, &report)?;
            outputs.streamed(calls_log)?;
            Ok(outputs.commit()?)
        }
    }
}

/// A run's error; a failure to write the calls log names its flag and file.
fn naming_the_log(e: RunError, calls_log: Option<&std::path::Path>) -> CliError {
    match (e, calls_log) {
        (RunError::CallsLog(source), Some(path)) => CliError::from(OutputError::Write {
            flag: "--calls-log",
            path: path.to_path_buf(),
            source,
        }),
        (e, _) => e.into(),
    }
}

/// A progress bar of `count` replications on standard error, or a hidden one.
fn progress_bar(show: bool, count: u64) -> indicatif::ProgressBar {
    if !show {
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

/// Warns when the calls log of `logged` will take more than a gigabyte.
fn warn_of_a_big_log(path: &std::path::Path, logged: &std::ops::Range<u64>, cost: &Cost) {
    // About 90 bytes a row, as the bundled scenarios' logs have.
    let rows = cost.attempts / cost.replications.max(1.0) * (logged.end - logged.start) as f64;
    if rows * 90.0 > 1e9 {
        eprintln!(
            "warning: --calls-log {}: about {:.1} GB ({rows:.1e} rows) will be written",
            path.display(),
            rows * 90e-9
        );
    }
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
