//! `callsim staff`: agents per interval checked by simulation, shifts by MIP.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use super::CliError;
use super::visuals::{VisualArgs, check_destinations, refuse_files_read, with_visuals};
use crate::distribution::show;
use crate::report::{self, Format, StaffingReport};
use crate::scenario::Scenario;
use crate::scenario::budget::{Cost, worker_threads};
use crate::staffing::{Criterion, PlanOptions, SearchOptions, plan};

/// Staffing plan: the fewest agents per interval and group whose simulated
/// KPIs meet the scenario's [targets], heads after [shrinkage], and the
/// cheapest [[shift]] schedule that covers them, re-simulated.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  callsim staff scenarios/staff_day.toml\n  callsim staff scenarios/two_skill.toml --criterion bound --format json --output plan.json\n  callsim staff scenarios/staff_day.toml --set simulation.replications=100 --format csv"
)]
pub struct StaffArgs {
    /// The scenario file (TOML) with [targets], and optionally [[shift]] and [shrinkage].
    scenario: PathBuf,

    /// Override a scenario value, e.g. --set targets.service_level_pct=90 (repeatable).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    overrides: Vec<String>,

    /// Volumes (and AHTs) per interval from a forecast CSV: every call type a
    /// `queue` column names (or the only one) takes its rows, in place of its
    /// own volume. `;` or `,` separated, decimal comma or point, as Excel saves it.
    #[arg(long, value_name = "FILE")]
    forecast: Option<PathBuf>,

    /// Which value must meet each target: the mean over replications, or
    /// the pessimistic end of its confidence interval (simulation.confidence_pct).
    #[arg(long, value_enum, default_value = "mean")]
    criterion: Criterion,

    /// The most agents the search may give a group in one interval
    /// (default: twice Erlang's answer plus 50).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    max_agents: Option<u32>,

    /// Relative optimality gap of the shift MIP in percent (default: 0 for a
    /// day, 1 for longer horizons).
    #[arg(long, value_name = "PCT", allow_negative_numbers = true)]
    mip_gap_pct: Option<f64>,

    /// Seconds the shift MIP may run per group; then the best schedule found is taken.
    #[arg(
        long,
        value_name = "S",
        default_value_t = 60.0,
        allow_negative_numbers = true
    )]
    mip_time_limit_s: f64,

    /// Paid hours of one full-time equivalent over the scenario's horizon.
    #[arg(
        long,
        value_name = "H",
        default_value_t = 8.0,
        allow_negative_numbers = true
    )]
    fte_hours: f64,

    /// Worker threads (default: every core). Results are identical for any number.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=4096))]
    threads: Option<u32>,

    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,

    /// Write to this file (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// No progress and no warnings on standard error.
    #[arg(long, short)]
    quiet: bool,

    /// Run even when the estimated cost is above 1 core-hour or 4 GiB.
    #[arg(long)]
    force: bool,

    /// Also write the scenario with the plan's staffing (the shift schedule's
    /// agents on the phones, else the required agents) to verify it on more
    /// replications or other seeds, e.g. on a cluster with
    /// `simulate --shard i/N` and `merge`.
    #[arg(long, value_name = "FILE.toml")]
    write_scenario: Option<PathBuf>,

    /// Also write the roster as CSV: one row per agent on the schedule
    /// (group, shift, day, start, end, breaks, paid hours, cost), for a WFM
    /// or HR system. Needs [[shift]] patterns.
    #[arg(long, value_name = "FILE.csv")]
    roster: Option<PathBuf>,

    #[command(flatten)]
    visuals: VisualArgs,
}

pub fn run(args: &StaffArgs) -> Result<(), CliError> {
    if let Some(gap) = args.mip_gap_pct
        && !(gap.is_finite() && (0.0..100.0).contains(&gap))
    {
        return Err(CliError::Arguments(format!(
            "--mip-gap-pct must be a percentage from 0 to below 100, got {}",
            show(gap)
        )));
    }
    if !(args.mip_time_limit_s.is_finite() && args.mip_time_limit_s > 0.0) {
        return Err(CliError::Arguments(format!(
            "--mip-time-limit-s must be > 0, got {}",
            show(args.mip_time_limit_s)
        )));
    }
    // From six minutes to a leap year: 1e-300 h made FTE counts of 1e302.
    if !(0.1..=8784.0).contains(&args.fte_hours) {
        return Err(CliError::Arguments(format!(
            "--fte-hours must be from 0.1 to 8784 (a leap year of hours), got {}",
            show(args.fte_hours)
        )));
    }
    let scenario_file: Vec<(&'static str, &std::path::Path)> = args
        .write_scenario
        .as_deref()
        .map(|p| ("--write-scenario", p))
        .into_iter()
        .chain(args.roster.as_deref().map(|p| ("--roster", p)))
        .collect();
    let inputs: Vec<&std::path::Path> = std::iter::once(args.scenario.as_path())
        .chain(args.forecast.as_deref())
        .collect();
    check_destinations(
        args.output.as_deref(),
        &args.visuals,
        &scenario_file,
        &inputs,
    )?;
    let scenario =
        Scenario::from_path_with(&args.scenario, &args.overrides, args.forecast.as_deref())?;
    refuse_files_read(args.output.as_deref(), &args.visuals, &scenario_file)?;
    if args.roster.is_some() && scenario.shifts.is_empty() {
        return Err(CliError::Arguments(format!(
            "--roster lists the agents of a shift schedule, and {} has no [[shift]] patterns",
            scenario.source
        )));
    }
    let cost = Cost::staff(
        &scenario,
        worker_threads(args.threads.map(|t| t as usize)),
        args.mip_time_limit_s,
    );
    let over_budget = cost.admit(args.force).map_err(|message| CliError::Input {
        path: args.scenario.clone(),
        message,
    })?;
    if !args.quiet {
        // The agents staff finds replace the scenario's: none there is no matter.
        let unstaffed = |w: &&crate::scenario::Warning| {
            matches!(w, crate::scenario::Warning::NeverStaffed { .. })
        };
        for warning in scenario
            .warnings
            .iter()
            .filter(|w| !unstaffed(w))
            .chain(&over_budget)
        {
            eprintln!("warning: {warning}");
        }
    }
    let progress = if !args.quiet && std::io::stderr().is_terminal() {
        let spinner = indicatif::ProgressBar::new_spinner();
        spinner.set_style(
            indicatif::ProgressStyle::with_template("{elapsed_precise} {spinner} {msg}")
                .expect("a valid template"),
        );
        spinner
    } else {
        indicatif::ProgressBar::hidden()
    };
    let tick = |n: u32| progress.set_message(format!("whole-day simulation {n}"));
    let started = Instant::now();
    let options = PlanOptions {
        search: SearchOptions {
            criterion: args.criterion,
            threads: args.threads.map(|t| t as usize),
            max_agents: args.max_agents,
            on_simulation: Some(&tick),
        },
        mip_gap: args.mip_gap_pct.map(|p| p / 100.0),
        mip_time_limit_s: args.mip_time_limit_s,
        fte_hours: args.fte_hours,
    };
    let plan = plan(&scenario, &options);
    progress.finish_and_clear();
    let plan = plan?;
    let report = StaffingReport::new(
        &scenario,
        &plan,
        args.criterion,
        started.elapsed().as_secs_f64(),
    );
    let bytes =
        report::render(&report, args.format, args.visuals.lang()).map_err(CliError::Stdout)?;
    let mut outputs = with_visuals(args.output.as_deref(), bytes, &args.visuals, &report)?;
    if let Some(path) = &args.write_scenario {
        let text = staffed_scenario(&scenario, &report);
        outputs.file("--write-scenario", path, text.into_bytes())?;
    }
    if let Some(path) = &args.roster {
        let roster = report::roster_csv(&report, args.visuals.lang()).map_err(CliError::Stdout)?;
        outputs.file("--roster", path, roster)?;
    }
    Ok(outputs.commit()?)
}

/// The scenario as planned: every group's `agents` replaced by the agents
/// on the phones the plan gives per interval (scheduled, else required).
fn staffed_scenario(scenario: &Scenario, report: &StaffingReport) -> String {
    let mut document = scenario.echo.clone();
    if let Some(toml::Value::Array(groups)) = document.get_mut("agent_group") {
        for (g, group) in groups.iter_mut().enumerate() {
            let agents: Vec<toml::Value> = report
                .intervals
                .iter()
                .map(|k| {
                    let plan = &k.groups[g];
                    toml::Value::Integer(i64::from(plan.scheduled.unwrap_or(plan.required)))
                })
                .collect();
            if let toml::Value::Table(table) = group {
                table.insert("agents".into(), toml::Value::Array(agents));
            }
        }
    }
    let which = if report.groups.iter().any(|g| g.mip_status.is_some()) {
        "the shift schedule's agents on the phones"
    } else {
        "the required agents"
    };
    format!(
        "# Written by callsim staff from {}: agent_group agents are {which}, per interval.\n# Verify the plan with more replications or other seeds:\n#   callsim simulate THIS_FILE --set simulation.replications=1000\n\n{}",
        scenario.source,
        toml::to_string(&document).expect("a scenario document serializes")
    )
}
