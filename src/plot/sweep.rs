//! Charts of a sweep: the main KPIs against the varied value, a dot on each
//! point computed, with their confidence bands, the scenario's target as a
//! line, and each call type beside "all" when there are several.

use super::chart::{Chart, Guide, Series, XAxis};
use crate::kpi::{CallKpi, GroupKpi, Kpi};
use crate::lang::Words;
use crate::lang::capitalize;
use crate::record::SweepRecord;

pub fn charts(r: &SweepRecord, w: &Words) -> Vec<Chart> {
    let Some(all) = r.day.iter().find(|s| s.name == "all") else {
        return Vec::new();
    };
    // Numbers on a numeric axis; otherwise each value is a category.
    let numbers: Option<Vec<f64>> = r.points.iter().map(|p| p.number).collect();
    let (x_axis, xs) = match numbers {
        Some(xs) => (XAxis::Numeric, xs),
        None => (
            XAxis::Intervals(r.points.iter().map(|p| p.value.clone()).collect()),
            (0..r.points.len()).map(|i| i as f64).collect(),
        ),
    };
    let types: Vec<&crate::record::KpiSet> = r.day.iter().filter(|s| s.name != "all").collect();
    let mut charts = Vec::new();
    for kpi in CallKpi::HEADLINE {
        let (label, scale, share) = (w.kpi(kpi), kpi.scale(), kpi.is_share());
        let Some(values) = all.kpi(kpi) else { continue };
        let mut series = Series::new(w.all, 0);
        series.markers = true;
        for (x, e) in xs.iter().zip(&values.scenarios) {
            let Some(e) = e else { continue };
            series.points.push((*x, e.mean * scale));
            if let Some(h) = e.half_width {
                series
                    .band
                    .push((*x, (e.mean - h) * scale, (e.mean + h) * scale));
            }
        }
        if series.points.is_empty() {
            continue;
        }
        let mut lines = vec![series];
        // Each call type beside all of them, when there are several.
        if types.len() > 1 {
            for (i, set) in types.iter().enumerate() {
                let Some(values) = set.kpi(kpi) else { continue };
                let mut s = Series::new(format!("{}: {}", w.call_type, set.name), i + 1);
                s.markers = true;
                s.points = xs
                    .iter()
                    .zip(&values.scenarios)
                    .filter_map(|(x, e)| e.map(|e| (*x, e.mean * scale)))
                    .collect();
                // Occupancy is the agents', not a call type's: no line.
                if !s.points.is_empty() {
                    lines.push(s);
                }
            }
        }
        let mut chart = Chart {
            name: format!("sweep_{}", kpi.key()),
            title: format!("{} — {}", capitalize(label), r.vary.name),
            x_label: r.vary.name.clone(),
            y_label: w.kpi_axis(kpi),
            x_axis: x_axis.clone(),
            y_range: share.then_some((0.0, 100.0)),
            series: lines,
            y_guides: target_guide(r, kpi, w),
            x_guides: Vec::new(),
            band_label: format!("{:.0} % {}", r.confidence * 100.0, w.confidence_band),
        };
        // Occupancy of each group as well, when there are several.
        if kpi == CallKpi::Occupancy && r.groups.len() > 1 {
            for (g, group) in r.groups.iter().enumerate() {
                let Some(occupancy) = group.kpi(GroupKpi::Occupancy) else {
                    continue;
                };
                let mut s =
                    Series::new(format!("{}: {}", w.group, group.name), types.len() + g + 1);
                s.markers = true;
                s.points = xs
                    .iter()
                    .zip(&occupancy.scenarios)
                    .filter_map(|(x, e)| e.map(|e| (*x, e.mean * scale)))
                    .collect();
                chart.series.push(s);
            }
        }
        charts.push(chart);
    }
    charts
}

/// The scenario's target for `kpi` as a line (service level, ASA or
/// abandonment), unless the sweep varies the targets themselves.
fn target_guide(r: &SweepRecord, kpi: CallKpi, w: &Words) -> Vec<Guide> {
    if r.vary.name.starts_with("targets.") {
        return Vec::new();
    }
    let targets = &r.scenario.content["targets"];
    let (key, below) = match kpi {
        CallKpi::ServiceLevel => ("service_level_pct", false),
        CallKpi::AbandonRate => ("max_abandon_pct", true),
        CallKpi::Asa => ("max_asa_s", true),
        _ => return Vec::new(),
    };
    let Some(value) = targets[key].as_f64() else {
        return Vec::new();
    };
    let unit = if kpi == CallKpi::Asa { w.seconds } else { "%" };
    let label = if below {
        format!(
            "{} ≤ {} {unit}",
            w.target,
            super::chart::format_number(value)
        )
    } else {
        format!("{} {} {unit}", w.target, super::chart::format_number(value))
    };
    vec![Guide { value, label }]
}
