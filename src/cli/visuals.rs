//! `--plot DIR`, `--report FILE.html` and `--lang`: the charts and the HTML
//! report every command with a result offers.

use std::path::{Path, PathBuf};

use clap::Args;

use super::CliError;
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
/// until every chart and the report are ready.
pub struct Visuals {
    charts: Vec<plot::Chart>,
    plot_dir: Option<PathBuf>,
    report: Option<(PathBuf, String)>,
}

impl Visuals {
    pub fn render(args: &VisualArgs, record: &Record) -> Result<Self, CliError> {
        let charts = plot::charts(record, args.lang);
        let report = match &args.report {
            Some(path) => Some((path.clone(), html::render(record, &charts, args.lang)?)),
            None => None,
        };
        // Draw the PNGs and SVGs once here so a drawing failure writes nothing.
        if args.plot.is_some() {
            for chart in &charts {
                plot::render_png(chart)?;
            }
        }
        Ok(Self {
            charts,
            plot_dir: args.plot.clone(),
            report,
        })
    }

    pub fn write(&self) -> Result<(), CliError> {
        if let Some(dir) = &self.plot_dir {
            plot::write_charts(&self.charts, dir)?;
        }
        if let Some((path, html)) = &self.report {
            write_file(path, html.as_bytes())?;
        }
        Ok(())
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    crate::report::write_atomically(path, bytes).map_err(|source| CliError::Output {
        path: path.to_path_buf(),
        source,
    })
}
