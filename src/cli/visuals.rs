//! `--plot DIR`, `--report FILE.html` and `--lang`: the charts and the HTML
//! report every command with a result offers, and the language of all its
//! outputs but JSON.

use std::path::{Path, PathBuf};

use clap::Args;

use super::CliError;
use crate::plot::{self, Lang, Record};
use crate::report::{OutputSet, html_report, output};

#[derive(Debug, Args)]
pub struct VisualArgs {
    /// Draw the charts as PNG and SVG files into this folder (created if missing).
    #[arg(long, value_name = "DIR")]
    plot: Option<PathBuf>,

    /// Write a self-contained HTML report (summary, tables, charts, inputs) to this file.
    #[arg(long, value_name = "FILE.html")]
    report: Option<PathBuf>,

    /// Language of the tables, CSV, charts and report: en, or pt (Brazilian terms: nível de serviço, TME, TMA…; decimal comma, CSV separated by ;). JSON stays English.
    #[arg(long, value_enum, default_value = "en")]
    lang: Lang,
}

impl VisualArgs {
    pub fn wanted(&self) -> bool {
        self.plot.is_some() || self.report.is_some()
    }

    /// The language of the table and CSV outputs too.
    pub fn lang(&self) -> Lang {
        self.lang
    }
}

/// Refuses unusable destinations before any work is done, so that a
/// missing folder, a read-only file or a link is found in a moment rather
/// than after hours of simulation: `--output` (none: standard output), the
/// chart folder and report file of `visuals`, and `others` (flag, file).
/// A destination that is one of `inputs` (or a file already read) is
/// refused too: it would replace what the run is made from. They are
/// checked again when written, since the run may take a while.
pub fn check_destinations(
    output: Option<&Path>,
    visuals: &VisualArgs,
    others: &[(&'static str, &Path)],
    inputs: &[&Path],
) -> Result<(), CliError> {
    let files = destinations(output, visuals, others);
    let folders: Vec<(&'static str, &Path)> = visuals
        .plot
        .as_deref()
        .map(|d| ("--plot", d))
        .into_iter()
        .collect();
    output::check_all(&files, &folders)?;
    Ok(output::refuse_inputs(&files, inputs)?)
}

/// Refuses a destination (as [`check_destinations`] lists them) that is a
/// file the run has read since: a scenario's `volume_file`, found only once
/// the scenario is loaded, before the simulation starts.
pub fn refuse_files_read(
    output: Option<&Path>,
    visuals: &VisualArgs,
    others: &[(&'static str, &Path)],
) -> Result<(), CliError> {
    Ok(output::refuse_inputs(
        &destinations(output, visuals, others),
        &[],
    )?)
}

/// The files a command writes: `--output`, `--report` and `others`.
fn destinations<'a>(
    output: Option<&'a Path>,
    visuals: &'a VisualArgs,
    others: &[(&'static str, &'a Path)],
) -> Vec<(&'static str, &'a Path)> {
    let mut files: Vec<(&'static str, &Path)> = Vec::new();
    files.extend(output.map(|p| ("--output", p)));
    files.extend(visuals.report.as_deref().map(|p| ("--report", p)));
    files.extend_from_slice(others);
    files
}

/// Everything `VisualArgs` asks for, rendered in memory: nothing is written
/// until every chart file and the report are ready.
pub struct Visuals {
    /// The chart folder and its files.
    plot: Option<(PathBuf, Vec<plot::ChartFile>)>,
    report: Option<(PathBuf, String)>,
}

impl Visuals {
    pub fn render(args: &VisualArgs, record: &Record) -> Result<Self, CliError> {
        let charts = plot::charts(record, args.lang);
        let report = match &args.report {
            Some(path) => Some((path.clone(), html_report(record, &charts, args.lang)?)),
            None => None,
        };
        let plot = match &args.plot {
            Some(dir) => Some((dir.clone(), plot::render_files(&charts, dir)?)),
            None => None,
        };
        Ok(Self { plot, report })
    }

    /// Adds the chart files and the report to the outputs of the run.
    pub fn add_to(self, outputs: &mut OutputSet) -> Result<(), CliError> {
        if let Some((dir, files)) = self.plot {
            outputs.folder("--plot", &dir, files)?;
        }
        if let Some((path, html)) = self.report {
            outputs.file("--report", &path, html.into_bytes())?;
        }
        Ok(())
    }
}

/// A command's output: to `--output FILE`, or standard output.
pub fn primary_output(output: Option<&Path>, bytes: Vec<u8>) -> Result<OutputSet, CliError> {
    let mut outputs = OutputSet::new();
    match output {
        Some(path) => {
            outputs.file("--output", path, bytes)?;
        }
        None => {
            outputs.stdout(bytes);
        }
    }
    Ok(outputs)
}

/// Writes a command's output (to `output`, or standard output) and the
/// charts and report `visuals` asks for, all drawn from `report` first:
/// a failure to draw or to write any of them writes none.
pub fn write_with_visuals<T: serde::Serialize>(
    output: Option<&Path>,
    bytes: Vec<u8>,
    visuals: &VisualArgs,
    report: &T,
) -> Result<(), CliError> {
    with_visuals(output, bytes, visuals, report)?.commit()?;
    Ok(())
}

/// The outputs of [`write_with_visuals`], not yet written, for a command
/// that adds files of its own.
pub fn with_visuals<T: serde::Serialize>(
    output: Option<&Path>,
    bytes: Vec<u8>,
    visuals: &VisualArgs,
    report: &T,
) -> Result<OutputSet, CliError> {
    let mut outputs = primary_output(output, bytes)?;
    if visuals.wanted() {
        Visuals::render(visuals, &Record::of(report))?.add_to(&mut outputs)?;
    }
    Ok(outputs)
}

/// A `--chart FILE` of `fit` and `forecast`: `true` for SVG, `false` for PNG.
pub(super) fn chart_is_svg(path: &Path) -> Result<bool, CliError> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("svg") => Ok(true),
        Some("png") => Ok(false),
        _ => Err(CliError::Arguments(format!(
            "--chart {}: name a .png or .svg file",
            path.display()
        ))),
    }
}
