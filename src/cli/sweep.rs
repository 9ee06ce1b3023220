//! `callsim sweep`: values varied over ranges (a grid for several) on the
//! same callers.

use std::path::PathBuf;

use clap::Args;

use super::CliError;
use super::visuals::{VisualArgs, check_destinations, refuse_files_read, write_with_visuals};
use crate::report::{self, Format, SweepReport};
use crate::scenario::Scenario;
use crate::scenario::budget::{ArmsCost, worker_threads};
use crate::study::compare::CompareRunFacts;
use crate::study::compare::{self, CompareOptions};
use crate::study::sweep::SweepGrid;

/// Vary values of a scenario over ranges with common random numbers and
/// report every KPI against them (the planner's what-if table); several
/// --vary make a grid of every combination.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  callsim sweep scenarios/helpline.toml --vary 'agent_group[0].agents=15:19:1'\n  callsim sweep scenarios/day.toml --vary volume_pct=80:120:10\n  callsim sweep scenarios/helpline.toml --vary aht_pct=90,100,110 --format csv\n  callsim sweep scenarios/helpline.toml --vary targets.answer_within_s=10,20,30\n  callsim sweep scenarios/two_skill.toml --vary 'agent_group[0].agents=10:12:1' --vary 'agent_group[1].agents=12,14'\n  callsim sweep scenarios/two_skill.toml --vary 'agent_group[0].agents=12:8:-1 & agent_group[1].agents=8:12:1'\n  callsim sweep scenarios/ivr.toml --vary 'ivr_node[1].options[0].prob_pct=20,30,40'"
)]
pub struct SweepArgs {
    /// The scenario file (TOML).
    scenario: PathBuf,

    /// What to vary: volume_pct, aht_pct, agents_pct or a scenario path (as for
    /// --set), then =FROM:TO:STEP or =V1,V2,… Repeat for a grid of every
    /// combination; NAME=RANGE parts joined by & in one --vary move together.
    #[arg(long, value_name = "NAME=RANGE", required = true)]
    vary: Vec<String>,

    /// Override a scenario value at every point, e.g. --set simulation.replications=500
    /// (repeatable; as for simulate).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    overrides: Vec<String>,

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

    #[command(flatten)]
    visuals: VisualArgs,
}

pub fn run(args: &SweepArgs) -> Result<(), CliError> {
    // Parsed here rather than by clap so a bad spec is one sentence.
    let grid = SweepGrid::new(&args.vary).map_err(|e| CliError::Arguments(e.to_string()))?;
    check_destinations(
        args.output.as_deref(),
        &args.visuals,
        &[],
        &[args.scenario.as_path()],
    )?;
    let base = Scenario::from_path_with_overrides(&args.scenario, &args.overrides)?;
    refuse_files_read(args.output.as_deref(), &args.visuals, &[])?;
    if !args.quiet {
        for warning in &base.warnings {
            eprintln!("warning: {warning}");
        }
    }
    // Build every point first: a bad value fails before any simulation. The
    // cost grows with each point: one too many is refused before the next.
    let mut cost = ArmsCost::new(
        worker_threads(args.threads.map(|t| t as usize)),
        u64::from(base.simulation.replications),
    );
    let over_budget = |message: String| CliError::Input {
        path: args.scenario.clone(),
        message: format!("--vary {}: {message}", grid.spec()),
    };
    let mut scenarios = Vec::with_capacity(grid.len());
    for i in 0..grid.len() {
        let point = grid
            .point(&args.scenario, &args.overrides, &base, i)
            .map_err(|e| CliError::Arguments(e.to_string()))?;
        cost.add(&point);
        cost.cost().admit(true).map_err(over_budget)?;
        scenarios.push(point);
    }
    let replications: u64 = scenarios
        .iter()
        .map(|s| u64::from(s.simulation.replications))
        .sum();
    let refs: Vec<&Scenario> = scenarios.iter().collect();
    if let Some(warning) = cost.cost().admit(args.force).map_err(over_budget)?
        && !args.quiet
    {
        eprintln!("warning: {warning}");
    }
    let progress = super::compare::progress_bar(replications, args.quiet);
    let tick = || progress.inc(1);
    let run = compare::run(
        &refs,
        &CompareOptions {
            threads: args.threads.map(|t| t as usize),
            on_replication_done: Some(&tick),
            ..CompareOptions::default()
        },
    )?;
    progress.finish_and_clear();
    let report = SweepReport::new(
        &base,
        &grid,
        &scenarios,
        &run.comparer,
        CompareRunFacts {
            threads: run.threads,
            wall_time_s: run.wall_s,
            calls_simulated: run.calls_simulated,
        },
    );
    let bytes =
        report::render(&report, args.format, args.visuals.lang()).map_err(CliError::Stdout)?;
    write_with_visuals(args.output.as_deref(), bytes, &args.visuals, &report)
}
