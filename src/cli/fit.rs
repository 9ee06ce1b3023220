//! `callsim fit`: a call-level log to the estimates a scenario needs, and
//! optionally the scenario itself (`--write-scenario`).

use std::path::{Path, PathBuf};

use clap::Args;

use super::CliError;
use super::table_input::TableArgs;
use super::visuals::{chart_is_svg, primary_output};
use crate::fit::write::{ScenarioOptions, scenario};
use crate::fit::{ReadOptions, fit_file};
use crate::lang::Lang;
use crate::report::{self, Format, output};

/// Fit a scenario from a call log: arrivals per interval and weekday, talk and
/// after-call-work distributions (maximum likelihood, AIC, KS), patience from
/// censored waits (Kaplan–Meier, censored MLE), retrials, recontacts, IVR.
///
/// The log has one row per call attempt, as `simulate --calls-log` writes it
/// (arrival, queue, outcome, wait_s, talk_s, acw_s, caller, …); map an ACD
/// export's own column names with --columns.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  callsim fit calls.csv\n  callsim fit calls.csv --write-scenario fitted.toml --plot charts/\n  callsim fit export.csv --columns 'arrival=Start Time,queue=Skill,outcome=Disposition' --date-format '%d/%m/%Y %H:%M:%S' --lang pt"
)]
pub struct FitArgs {
    /// The call log (CSV, `,` or `;` separated).
    log: PathBuf,

    /// Write the fitted scenario (TOML, commented) to this file, atomically.
    #[arg(long, value_name = "FILE.toml")]
    write_scenario: Option<PathBuf>,

    #[command(flatten)]
    table: TableArgs,

    /// Interval length in minutes (a whole number that divides the day).
    #[arg(long, value_name = "MIN", default_value_t = 30, value_parser = parse_interval)]
    interval_min: u32,

    /// A caller's next attempt this soon after abandoning or a busy signal is a retrial.
    #[arg(long, value_name = "MIN", default_value_t = 60.0, value_parser = parse_window)]
    retrial_window_min: f64,

    /// A caller's next attempt this soon after an answered call is a recontact (FCR).
    #[arg(long, value_name = "H", default_value_t = 72.0, value_parser = parse_window)]
    recontact_window_h: f64,

    /// Agents in every interval of the written scenario (default: estimated
    /// from the answered work over --occupancy-pct).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100_000),
          conflicts_with = "occupancy_pct")]
    agents: Option<u32>,

    /// The occupancy the agents estimate assumes.
    #[arg(long, value_name = "PCT", default_value_t = 85.0, value_parser = parse_occupancy)]
    occupancy_pct: f64,

    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,

    /// Write to this file (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Draw the Q-Q and patience charts as PNG and SVG files into this folder.
    #[arg(long, value_name = "DIR")]
    plot: Option<PathBuf>,

    /// The same charts as one kind of file, PNG or SVG by extension, one per
    /// chart: NAME_qq_talk.png, NAME_qq_acw.png, NAME_patience.png (NAME_…_2 for a second queue).
    #[arg(long, value_name = "FILE.png|svg")]
    chart: Option<PathBuf>,

    /// Language of the table, CSV and charts: en, or pt. JSON stays English.
    #[arg(long, value_enum, default_value = "en")]
    lang: Lang,
}

fn parse_interval(text: &str) -> Result<u32, String> {
    match text.parse::<u32>() {
        Ok(n) if n > 0 && 1440 % n == 0 => Ok(n),
        _ => Err("give whole minutes that divide the day: 5, 10, 15, 30, 60 …".into()),
    }
}

fn parse_window(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= 1e5 => Ok(v),
        _ => Err("give a number above 0".into()),
    }
}

fn parse_occupancy(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        // At least 1 %: the estimate is the busy agents over it, and a
        // share near 0 would ask for billions of agents.
        Ok(v) if (1.0..=100.0).contains(&v) => Ok(v),
        _ => Err("give a percentage from 1 to 100".into()),
    }
}

/// `dir/fit.png` and the chart `fit_qq_talk` → `dir/fit_qq_talk.png`.
fn chart_path(path: &Path, chart: &str) -> PathBuf {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("fit");
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("png");
    let name = chart.strip_prefix("fit_").unwrap_or(chart);
    path.with_file_name(format!("{stem}_{name}.{extension}"))
}

pub fn run(args: &FitArgs) -> Result<(), CliError> {
    let chart_is_svg = args.chart.as_deref().map(chart_is_svg).transpose()?;
    let mut others: Vec<(&'static str, &std::path::Path)> = Vec::new();
    others.extend(
        args.write_scenario
            .as_deref()
            .map(|p| ("--write-scenario", p)),
    );
    let folders: Vec<(&'static str, &std::path::Path)> = args
        .plot
        .as_deref()
        .map(|d| ("--plot", d))
        .into_iter()
        .collect();
    let mut files = others.clone();
    files.extend(args.output.as_deref().map(|p| ("--output", p)));
    output::check_all(&files, &folders)?;
    let mut inputs = vec![args.log.as_path()];
    inputs.extend(args.table.columns_path());
    output::refuse_inputs(&files, &inputs)?;
    let columns = args.table.column_map()?;
    let options = ReadOptions {
        interval_min: args.interval_min,
        retrial_window_s: args.retrial_window_min * 60.0,
        recontact_window_s: args.recontact_window_h * 3600.0,
        columns,
    };
    let fitted = fit_file(&args.log, &options)?;
    let bytes = report::render(&fitted, args.format, args.lang).map_err(CliError::Stdout)?;
    let mut outputs = primary_output(args.output.as_deref(), bytes)?;
    if let Some(path) = &args.write_scenario {
        let text = scenario(
            &fitted,
            &ScenarioOptions {
                agents: args.agents,
                occupancy_pct: args.occupancy_pct,
                ..ScenarioOptions::default()
            },
        )
        .map_err(|e| CliError::Arguments(e.to_string()))?;
        outputs.file("--write-scenario", path, text.into_bytes())?;
    }
    if let Some(dir) = &args.plot {
        let charts = crate::plot::fit::charts(&fitted, args.lang);
        outputs.folder("--plot", dir, crate::plot::render_files(&charts, dir)?)?;
    }
    if let (Some(path), Some(svg)) = (&args.chart, chart_is_svg) {
        for chart in crate::plot::fit::charts(&fitted, args.lang) {
            let bytes = if svg {
                crate::plot::render_svg(&chart)?.into_bytes()
            } else {
                crate::plot::render_png(&chart)?
            };
            outputs.file("--chart", &chart_path(path, &chart.name), bytes)?;
        }
    }
    outputs.commit()?;
    Ok(())
}
