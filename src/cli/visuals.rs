//! `--plot DIR`, `--report FILE.html` and `--lang`: the charts and the HTML
//! report every command with a result offers.

use std::path::{Path, PathBuf};

use clap::Args;

use super::{CliError, write_output};
use crate::plot::{self, Lang, Record};
use crate::report::html;

#[derive(Debug, Args)]
pub struct VisualArgs {
    /// Draw the charts as PNG and SVG files into this folder (created if missing).
    #[arg(long, value_name = "DIR")]
    plot: Option<PathBuf>,

    /// Write a self-contained HTML report (summary, tables, charts, inputs) to this file.
    #[arg(long, value_name = "FILE.html")]
    report: Option<PathBuf>,

    /// Language of chart and report labels: en, or pt (Brazilian terms: nível de serviço, TME, TMA…).
    #[arg(long, value_enum, default_value = "en")]
    lang: Lang,
}

impl VisualArgs {
    pub fn wanted(&self) -> bool {
        self.plot.is_some() || self.report.is_some()
    }

    /// Refuses unusable destinations before any work is done.
    pub fn check(&self) -> Result<(), CliError> {
        if let Some(dir) = &self.plot
            && dir.exists()
            && !dir.is_dir()
        {
            return Err(CliError::Arguments(format!(
                "--plot {}: is a file; give a folder for the charts",
                dir.display()
            )));
        }
        if let Some(file) = &self.report {
            if file.is_dir() {
                return Err(CliError::Arguments(format!(
                    "--report {}: is a folder; give a file name such as report.html",
                    file.display()
                )));
            }
            let parent = file.parent().filter(|p| !p.as_os_str().is_empty());
            if let Some(parent) = parent
                && !parent.is_dir()
            {
                return Err(CliError::Arguments(format!(
                    "--report {}: the folder {} does not exist",
                    file.display(),
                    parent.display()
                )));
            }
        }
        Ok(())
    }
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
            Some(path) => Some((path.clone(), html::render(record, &charts, args.lang)?)),
            None => None,
        };
        let plot = match &args.plot {
            Some(dir) => Some((dir.clone(), plot::render_files(&charts, dir)?)),
            None => None,
        };
        Ok(Self { plot, report })
    }

    pub fn write(&self) -> Result<(), CliError> {
        if let Some((dir, files)) = &self.plot {
            plot::write_files(dir, files)?;
        }
        if let Some((path, html)) = &self.report {
            write_output(Some(path), html.as_bytes())?;
        }
        Ok(())
    }
}

/// Writes a command's output (to `output`, or standard output) and the
/// charts and report `visuals` asks for, all drawn from `report` first: a
/// failure to draw writes nothing.
pub fn write_with_visuals<T: serde::Serialize>(
    output: Option<&Path>,
    bytes: &[u8],
    visuals: &VisualArgs,
    report: &T,
) -> Result<(), CliError> {
    let visuals = if visuals.wanted() {
        Some(Visuals::render(visuals, &Record::of(report))?)
    } else {
        None
    };
    write_output(output, bytes)?;
    visuals.map_or(Ok(()), |v| v.write())
}
