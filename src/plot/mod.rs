//! Charts of a command's result, as PNG and SVG, drawn with plotters and the
//! DejaVu Sans font compiled into the binary (no system font needed).
//!
//! Charts are built from the result's JSON record, the same one `--format
//! json` writes, so `simulate --plot DIR` and `callsim plot RESULT.json` draw
//! the same pixels.

mod chart;
mod compare;
mod erlang;
pub mod fit;
pub mod font;
pub mod forecast;
mod simulation;
mod staffing;
mod svg;
mod sweep;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use plotters::prelude::*;
use thiserror::Error;

pub use crate::lang::{Lang, Words, capitalize};
pub use crate::record::Record;
pub use chart::{Chart, Guide, HEIGHT, Series, WIDTH, XAxis};

#[derive(Debug, Error)]
pub enum PlotError {
    #[error(transparent)]
    Record(#[from] crate::record::ReadError),

    #[error("cannot draw the chart {name}: {message}")]
    Draw { name: String, message: String },
}

/// Every chart of a result, in the order a reader wants them.
pub fn charts(record: &Record, lang: Lang) -> Vec<Chart> {
    match record {
        Record::Simulation(r) => simulation::charts(r, lang.words()),
        Record::Erlang(r) => erlang::charts(r, lang.words()),
        Record::Lines(r) => erlang::lines_charts(r, lang.words()),
        Record::Models(r) => erlang::models_charts(r, lang.words()),
        Record::Staff(r) => staffing::charts(r, lang.words()),
        Record::Compare(r) => compare::charts(r, lang.words()),
        Record::Sweep(r) => sweep::charts(r, lang.words()),
    }
}

/// The chart as a PNG file's bytes.
pub fn render_png(chart: &Chart) -> Result<Vec<u8>, PlotError> {
    font::register();
    let (w, h) = (chart::WIDTH, chart::HEIGHT);
    let mut pixels = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
        chart.draw(&root).map_err(|message| PlotError::Draw {
            name: chart.name.clone(),
            message,
        })?;
    }
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Best);
    let encoded = encoder
        .write_header()
        .and_then(|mut writer| writer.write_image_data(&pixels));
    encoded.map_err(|e| PlotError::Draw {
        name: chart.name.clone(),
        message: e.to_string(),
    })?;
    Ok(png)
}

/// The chart as a standalone SVG document, text drawn as glyph outlines.
pub fn render_svg(chart: &Chart) -> Result<String, PlotError> {
    font::register();
    let mut svg = String::new();
    let text = Rc::new(RefCell::new(String::new()));
    {
        let backend =
            svg::OutlinedSvg::new(&mut svg, (chart::WIDTH, chart::HEIGHT), Rc::clone(&text));
        let root = backend.into_drawing_area();
        chart.draw(&root).map_err(|message| PlotError::Draw {
            name: chart.name.clone(),
            message,
        })?;
    }
    let text = text.borrow();
    Ok(svg::finish(svg, &text))
}

/// A file to write: its path and its bytes.
pub type ChartFile = (PathBuf, Vec<u8>);

/// The files `DIR/NAME.png` and `DIR/NAME.svg` of every chart, drawn in
/// memory (the command writes them with its other outputs, all or none): a
/// drawing failure writes nothing.
pub fn render_files(charts: &[Chart], dir: &Path) -> Result<Vec<ChartFile>, PlotError> {
    let mut files = Vec::with_capacity(charts.len() * 2);
    for chart in charts {
        files.push((dir.join(format!("{}.png", chart.name)), render_png(chart)?));
        files.push((
            dir.join(format!("{}.svg", chart.name)),
            render_svg(chart)?.into_bytes(),
        ));
    }
    Ok(files)
}
