//! A chart as data (series, confidence bands, target lines) and the one
//! function that draws it on any plotters backend.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::font::FAMILY;

/// What a chart shows, independent of the file format.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// File name without extension, e.g. `service_level`.
    pub name: String,
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub x_axis: XAxis,
    /// Fixed y range; `None` fits the data (from zero).
    pub y_range: Option<(f64, f64)>,
    pub series: Vec<Series>,
    /// Horizontal reference lines (targets).
    pub y_guides: Vec<Guide>,
    /// Vertical reference lines (a threshold, the required agents).
    pub x_guides: Vec<Guide>,
    /// Legend text of the shaded confidence bands.
    pub band_label: String,
}

/// How x values are labelled.
#[derive(Debug, Clone, PartialEq)]
pub enum XAxis {
    /// x = interval index; ticks show these labels ("08:30").
    Intervals(Vec<String>),
    /// Plain numbers.
    Numeric,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub points: Vec<(f64, f64)>,
    /// Confidence band: (x, low, high).
    pub band: Vec<(f64, f64, f64)>,
    /// Index into the palette.
    pub color: usize,
    /// Draw as steps (staffing) instead of straight segments.
    pub steps: bool,
    /// Draw each point as a dot with its band as a whisker (an interval per
    /// category) instead of a line with a shaded band.
    pub whiskers: bool,
    /// A dot on each point of the line: the values actually computed (a
    /// sweep's points), not an interpolation between them.
    pub markers: bool,
}

impl Series {
    pub fn new(label: impl Into<String>, color: usize) -> Self {
        Self {
            label: label.into(),
            points: Vec::new(),
            band: Vec::new(),
            color,
            steps: false,
            whiskers: false,
            markers: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Guide {
    pub value: f64,
    pub label: String,
}

impl Guide {
    /// The guide of an upper target, if there is one: "target ≤ 20 s".
    pub fn at_most(target: Option<f64>, word: &str, unit: &str) -> Vec<Guide> {
        target
            .map(|value| Guide {
                value,
                label: format!("{word} ≤ {} {unit}", format_number(value)),
            })
            .into_iter()
            .collect()
    }
}

/// Colour-blind-safe palette (Okabe–Ito), darkest first.
const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(230, 159, 0),
    RGBColor(60, 60, 60),
];
/// Targets in red; marks (a threshold, the answer) in dark grey.
const GUIDE_COLOR: RGBColor = RGBColor(200, 30, 30);
const MARK_COLOR: RGBColor = RGBColor(90, 90, 90);

pub fn color(index: usize) -> RGBColor {
    PALETTE[index % PALETTE.len()]
}

pub const WIDTH: u32 = 1000;
pub const HEIGHT: u32 = 560;
const LEGEND_HEIGHT: u32 = 44;
/// Each further row of legend entries.
const LEGEND_ROW: u32 = 26;

type DrawResult<T> = Result<T, String>;

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

impl Chart {
    /// The x range covering every point and guide.
    fn x_range(&self) -> (f64, f64) {
        if let XAxis::Intervals(labels) = &self.x_axis {
            return (-0.5, labels.len().max(1) as f64 - 0.5);
        }
        let xs = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0))
            .chain(self.x_guides.iter().map(|g| g.value));
        let (lo, hi) = min_max(xs).unwrap_or((0.0, 1.0));
        if hi > lo {
            (lo, hi)
        } else {
            (lo - 1.0, hi + 1.0)
        }
    }

    fn y_range(&self) -> (f64, f64) {
        if let Some(range) = self.y_range {
            return range;
        }
        let ys = self
            .series
            .iter()
            .flat_map(|s| {
                s.points
                    .iter()
                    .map(|p| p.1)
                    .chain(s.band.iter().map(|b| b.2))
            })
            .chain(self.y_guides.iter().map(|g| g.value));
        let hi = min_max(ys).map_or(1.0, |(_, hi)| hi);
        (0.0, if hi > 0.0 { hi * 1.08 } else { 1.0 })
    }

    /// Draws the chart on `root`: plot area above, legend strip below.
    pub fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<()> {
        root.fill(&WHITE).map_err(err)?;
        let (width, height) = root.dim_in_pixel();
        let entries = self.legend_entries();
        let (places, rows) = legend_places(root, &entries, width)?;
        let legend_height = LEGEND_HEIGHT + (rows - 1) * LEGEND_ROW;
        let (plot, legend) = root.split_vertically(height.saturating_sub(legend_height));
        let (x0, x1) = self.x_range();
        let (y0, y1) = self.y_range();
        let mut chart = ChartBuilder::on(&plot)
            .caption(&self.title, (FAMILY, 24))
            .margin(14)
            .x_label_area_size(52)
            .y_label_area_size(74)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(err)?;
        let interval_labels = match &self.x_axis {
            XAxis::Intervals(labels) => Some(labels.clone()),
            XAxis::Numeric => None,
        };
        let format_x = |x: &f64| match &interval_labels {
            Some(labels) => {
                let k = x.round();
                if (x - k).abs() < 1e-6 && k >= 0.0 {
                    labels.get(k as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            }
            None => format_number(*x),
        };
        let format_y = |y: &f64| format_number(*y);
        let x_ticks = match &interval_labels {
            // One tick an hour for half hours; labels every other tick at most 12.
            Some(labels) => tick_count(labels.len()),
            None => 10,
        };
        chart
            .configure_mesh()
            .x_desc(&self.x_label)
            .y_desc(&self.y_label)
            .x_labels(x_ticks)
            .y_labels(8)
            .x_label_formatter(&format_x)
            .y_label_formatter(&format_y)
            .label_style((FAMILY, 15))
            .axis_desc_style((FAMILY, 17))
            .light_line_style(RGBColor(246, 246, 246))
            .bold_line_style(RGBColor(210, 210, 210))
            .draw()
            .map_err(err)?;

        for series in &self.series {
            if !series.whiskers && series.band.len() >= 2 {
                let band_color = color(series.color).mix(0.18);
                let outline: Vec<(f64, f64)> = series
                    .band
                    .iter()
                    .map(|&(x, _, hi)| (x, hi.min(y1)))
                    .chain(series.band.iter().rev().map(|&(x, lo, _)| (x, lo.max(y0))))
                    .collect();
                chart
                    .draw_series(std::iter::once(Polygon::new(outline, band_color.filled())))
                    .map_err(err)?;
            }
        }
        for guide in &self.y_guides {
            chart
                .draw_series(DashedLineSeries::new(
                    [(x0, guide.value), (x1, guide.value)],
                    10,
                    6,
                    GUIDE_COLOR.stroke_width(2),
                ))
                .map_err(err)?;
        }
        for guide in &self.x_guides {
            chart
                .draw_series(DashedLineSeries::new(
                    [(guide.value, y0), (guide.value, y1)],
                    10,
                    6,
                    MARK_COLOR.stroke_width(2),
                ))
                .map_err(err)?;
        }
        // The first series (usually "all") last, on top of the others.
        for series in self.series.iter().rev() {
            if series.whiskers {
                self.draw_whiskers(&mut chart, series)?;
                continue;
            }
            let style = color(series.color).stroke_width(2);
            let points = if series.steps {
                steps(&series.points)
            } else {
                series.points.clone()
            };
            chart
                .draw_series(LineSeries::new(points, style))
                .map_err(err)?;
            if series.points.len() == 1 || series.markers {
                let dot = color(series.color).filled();
                chart
                    .draw_series(series.points.iter().map(|&p| Circle::new(p, 4, dot)))
                    .map_err(err)?;
            }
        }
        draw_legend(&legend, entries, &places)?;
        root.present().map_err(err)
    }

    /// Dots at the points, each with a vertical whisker over its band entry
    /// and short caps at both ends.
    fn draw_whiskers<DB: DrawingBackend>(
        &self,
        chart: &mut ChartContext<
            '_,
            DB,
            Cartesian2d<
                plotters::coord::types::RangedCoordf64,
                plotters::coord::types::RangedCoordf64,
            >,
        >,
        series: &Series,
    ) -> DrawResult<()> {
        let style = color(series.color).stroke_width(3);
        let cap = 0.06;
        for &(x, lo, hi) in &series.band {
            chart
                .draw_series([
                    PathElement::new(vec![(x, lo), (x, hi)], style),
                    PathElement::new(vec![(x - cap, lo), (x + cap, lo)], style),
                    PathElement::new(vec![(x - cap, hi), (x + cap, hi)], style),
                ])
                .map_err(err)?;
        }
        chart
            .draw_series(
                series
                    .points
                    .iter()
                    .map(|&p| Circle::new(p, 6, color(series.color).filled())),
            )
            .map_err(err)?;
        Ok(())
    }

    /// The legend's entries: each series, the band, the guides.
    fn legend_entries(&self) -> Vec<LegendEntry> {
        let mut entries: Vec<LegendEntry> = Vec::new();
        for series in &self.series {
            entries.push((
                series.label.clone(),
                color(series.color).stroke_width(3),
                false,
            ));
        }
        if self.series.iter().any(|s| !s.whiskers && s.band.len() >= 2) {
            entries.push((self.band_label.clone(), color(0).mix(0.18).filled(), true));
        }
        for guide in &self.y_guides {
            entries.push((guide.label.clone(), GUIDE_COLOR.stroke_width(2), false));
        }
        for guide in &self.x_guides {
            entries.push((guide.label.clone(), MARK_COLOR.stroke_width(2), false));
        }
        entries
    }
}

/// A legend entry: its label, its line or fill, and whether it is a band.
type LegendEntry = (String, ShapeStyle, bool);

fn legend_style() -> TextStyle<'static> {
    TextStyle::from((FAMILY, 15).into_font()).color(&BLACK)
}

/// Where each legend entry goes under the plot, left to right, on as many
/// rows as the chart's width needs (so no entry is cut off), and the rows.
fn legend_places<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[LegendEntry],
    width: u32,
) -> DrawResult<(Vec<(i32, i32)>, u32)> {
    let style = legend_style();
    let (left, right) = (88i32, width as i32 - 12);
    let (mut x, mut y, mut rows) = (left, 18i32, 1u32);
    let mut places = Vec::with_capacity(entries.len());
    for (label, _, _) in entries {
        let (w, _) = area.estimate_text_size(label, &style).map_err(err)?;
        let entry_width = 32 + w as i32;
        if x > left && x + entry_width > right {
            x = left;
            y += LEGEND_ROW as i32;
            rows += 1;
        }
        places.push((x, y));
        x += entry_width + 24;
    }
    Ok((places, rows))
}

/// The legend under the plot, so no entry hides data.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: Vec<LegendEntry>,
    places: &[(i32, i32)],
) -> DrawResult<()> {
    let style = legend_style();
    for ((label, shape, is_band), &(x, y)) in entries.into_iter().zip(places) {
        if is_band {
            area.draw(&Rectangle::new([(x, y - 7), (x + 26, y + 7)], shape))
                .map_err(err)?;
        } else {
            area.draw(&PathElement::new(vec![(x, y), (x + 26, y)], shape))
                .map_err(err)?;
        }
        area.draw(&Text::new(label, (x + 32, y - 8), style.clone()))
            .map_err(err)?;
    }
    Ok(())
}

/// Points joined by horizontal then vertical moves, each value held for its
/// interval (x − 0.5 to x + 0.5).
fn steps(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(points.len() * 2);
    for &(x, y) in points {
        out.push((x - 0.5, y));
        out.push((x + 0.5, y));
    }
    out
}

fn tick_count(intervals: usize) -> usize {
    let mut step = 1;
    while intervals / step > 12 {
        step += 1;
    }
    intervals.div_ceil(step).max(1)
}

fn min_max(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

/// A tick label: no trailing zeros, thousands as "12k" beyond 10 000.
pub fn format_number(v: f64) -> String {
    let a = v.abs();
    if a >= 10_000.0 {
        format!("{:.0}k", v / 1000.0)
    } else if a >= 100.0 || (v.fract().abs() < 1e-9) {
        format!("{v:.0}")
    } else if a >= 1.0 {
        let s = format!("{v:.1}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}
