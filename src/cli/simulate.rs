//! `callsim simulate`: run a scenario's replications and report every KPI.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use super::{CliError, write_output};
use crate::replicate::{RunOptions, simulate};
use crate::report::{self, Format, SimulationReport};
use crate::scenario::Scenario;

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

    /// Worker threads (default: every core). Results are identical for any number.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=4096))]
    threads: Option<u32>,

    /// Print the first N events of replication 0 (arrivals, queueing, answers, abandonments).
    #[arg(long, value_name = "N")]
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
}

pub fn run(args: &SimulateArgs) -> Result<(), CliError> {
    let scenario = Scenario::from_path_with_overrides(&args.scenario, &args.overrides)?;
    if !args.quiet {
        for warning in &scenario.warnings {
            eprintln!("warning: {warning}");
        }
    }
    let show_progress = !args.quiet && std::io::stderr().is_terminal();
    let progress = if show_progress {
        let bar = indicatif::ProgressBar::new(u64::from(scenario.simulation.replications));
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
            replications: None,
            trace: args.trace,
            on_replication_done: Some(&tick),
        },
    )?;
    progress.finish_and_clear();
    let report = SimulationReport::new(&scenario, &run);
    let mut bytes = Vec::new();
    report::exporter(args.format)
        .simulation(&report, &mut bytes)
        .map_err(CliError::Stdout)?;
    write_output(args.output.as_deref(), &bytes)
}
