//! Charts of a comparison: for each main KPI, every scenario's difference
//! from the first as a dot with its paired interval, and the unpaired
//! (Welch) interval beside it to show what common random numbers buy.

use super::chart::{Chart, Guide, Series, XAxis};
use crate::kpi::{CallKpi, Kpi};
use crate::lang::Words;
use crate::lang::capitalize;
use crate::record::{CompareRecord, KpiComparison};

/// A file's name without folder and extension, for short labels.
pub(super) fn stem(source: &str) -> &str {
    std::path::Path::new(source)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(source)
}

pub fn charts(r: &CompareRecord, w: &Words) -> Vec<Chart> {
    let Some(all) = r.day.iter().find(|s| s.name == "all") else {
        return Vec::new();
    };
    CallKpi::HEADLINE
        .iter()
        .filter_map(|&kpi| difference_chart(r, w, all.kpi(kpi)?, kpi))
        .collect()
}

fn difference_chart(
    r: &CompareRecord,
    w: &Words,
    values: &KpiComparison,
    kpi: CallKpi,
) -> Option<Chart> {
    let (label, scale) = (w.kpi(kpi), kpi.scale());
    let first = r.scenarios.first()?;
    let categories: Vec<String> = r
        .scenarios
        .iter()
        .skip(1)
        .map(|s| format!("{}: {}", s.label, stem(&s.source)))
        .collect();
    let mut paired = Series::new(
        format!("{:.0} % {}", r.confidence * 100.0, w.paired_interval),
        0,
    );
    let mut welch = Series::new(
        format!("{:.0} % {}", r.confidence * 100.0, w.unpaired_interval),
        6,
    );
    paired.whiskers = true;
    welch.whiskers = true;
    for (i, d) in values.differences.iter().skip(1).enumerate() {
        let Some(d) = d else { continue };
        let x = i as f64;
        let mean = d.mean * scale;
        paired.points.push((x, mean));
        if let Some(h) = d.half_width {
            paired.band.push((x, mean - h * scale, mean + h * scale));
        }
        // Beside the paired whisker, not on it.
        if let Some(h) = d.welch_half_width {
            welch.points.push((x + 0.2, mean));
            welch
                .band
                .push((x + 0.2, mean - h * scale, mean + h * scale));
        }
    }
    if paired.points.is_empty() {
        return None;
    }
    let (lo, hi) = paired
        .band
        .iter()
        .chain(&welch.band)
        .fold((0.0f64, 0.0f64), |(lo, hi), &(_, l, h)| {
            (lo.min(l), hi.max(h))
        });
    let (lo, hi) = paired
        .points
        .iter()
        .fold((lo, hi), |(lo, hi), &(_, y)| (lo.min(y), hi.max(y)));
    let pad = ((hi - lo) * 0.1).max(1e-6);
    let unit = if kpi.is_share() {
        w.percentage_points.to_string()
    } else {
        w.seconds.to_string()
    };
    Some(Chart {
        name: format!("compare_{}", kpi.key()),
        title: format!(
            "{}: {} {}: {}",
            capitalize(label),
            w.difference_from,
            first.label,
            stem(&first.source)
        ),
        x_label: w.scenario.to_string(),
        y_label: format!("{label} ({unit})"),
        x_axis: XAxis::Intervals(categories),
        y_range: Some((lo - pad, hi + pad)),
        series: vec![paired, welch],
        y_guides: vec![Guide {
            value: 0.0,
            label: w.no_difference.to_string(),
        }],
        x_guides: Vec::new(),
        band_label: String::new(),
    })
}
