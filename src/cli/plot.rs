//! `callsim plot`: charts and the HTML report of a saved result.

use std::path::PathBuf;

use clap::Args;

use super::CliError;
use super::visuals::{VisualArgs, Visuals, check_destinations};
use crate::plot::Record;
use crate::report::OutputSet;

/// Draw the charts (PNG and SVG) and/or the HTML report of a result saved with
/// `--format json` by `simulate`, `merge`, `erlang`, `compare` or `sweep`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  callsim simulate scenarios/day.toml --format json --output day.json\n  callsim plot day.json --plot charts/\n  callsim plot day.json --report day.html --lang pt"
)]
pub struct PlotArgs {
    /// A result saved with --format json.
    result: PathBuf,

    #[command(flatten)]
    visuals: VisualArgs,
}

pub fn run(args: &PlotArgs) -> Result<(), CliError> {
    if !args.visuals.wanted() {
        return Err(CliError::Arguments(
            "give --plot DIR for the charts, --report FILE.html for the report, or both".into(),
        ));
    }
    check_destinations(None, &args.visuals, &[], &[args.result.as_path()])?;
    let record = Record::read(&args.result).map_err(crate::plot::PlotError::from)?;
    let mut outputs = OutputSet::new();
    Visuals::render(&args.visuals, &record)?.add_to(&mut outputs)?;
    Ok(outputs.commit()?)
}
