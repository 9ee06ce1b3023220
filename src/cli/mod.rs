//! Command-line interface: clap definitions and one module per subcommand.

mod choices;
mod compare;
mod erlang;
mod error;
mod fit;
mod forecast;
mod merge;
mod plot;
mod simulate;
mod staff;
mod sweep;
mod table_input;
mod visuals;

use std::ffi::OsString;

use clap::{Parser, Subcommand};

pub use error::CliError;

/// callsim: call-center simulator and capacity planner.
#[derive(Debug, Parser)]
#[command(name = "callsim", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Simulate a scenario: replications in parallel, KPIs with confidence intervals.
    Simulate(simulate::SimulateArgs),
    /// Compare scenarios on the same callers: paired differences with confidence intervals.
    Compare(compare::CompareArgs),
    /// Vary values (volume, AHT, agents, any scenario path), alone or as a grid, on the same callers.
    Sweep(sweep::SweepArgs),
    /// Merge the partial results of `simulate` or `compare --shard i/N` into one report.
    Merge(merge::MergeArgs),
    /// Erlang B/C/A: KPIs for a number of agents, or the agents that meet targets.
    Erlang(erlang::ErlangArgs),
    /// Charts (PNG, SVG) and an HTML report of a result saved with --format json.
    Plot(plot::PlotArgs),
    /// Staffing plan: agents per interval checked by simulation, shifts by MIP.
    Staff(staff::StaffArgs),
    /// Fit a scenario from a call log: arrivals, durations (MLE, AIC), censored patience, repeats.
    Fit(fit::FitArgs),
    /// Forecast calls and AHT per queue and interval from an ACD's history (or a call log).
    Forecast(forecast::ForecastArgs),
}

/// Parses `args` (program name first) and runs the subcommand.
pub fn run<I, T>(args: I) -> Result<(), CliError>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version: print and succeed.
            e.print().map_err(CliError::Stdout)?;
            return Ok(());
        }
        Err(e) => return Err(CliError::Usage(e)),
    };
    // Best effort: without it an interrupt may leave a temporary file, as
    // any program's would.
    let _ = crate::report::output::remove_temporaries_on_signals();
    // Every file read from here on is an input no output may replace.
    crate::inputs::record_inputs();
    match cli.command {
        Command::Erlang(args) => erlang::run(&args),
        Command::Simulate(args) => simulate::run(&args),
        Command::Merge(args) => merge::run(&args),
        Command::Compare(args) => compare::run(&args),
        Command::Sweep(args) => sweep::run(&args),
        Command::Plot(args) => plot::run(&args),
        Command::Staff(args) => staff::run(&args),
        Command::Fit(args) => fit::run(&args),
        Command::Forecast(args) => forecast::run(&args),
    }
}

/// Writes a finished report to `path` atomically, or to standard output.
pub(crate) fn write_output(path: Option<&std::path::Path>, bytes: Vec<u8>) -> Result<(), CliError> {
    visuals::primary_output(path, bytes)?.commit()?;
    Ok(())
}
