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
    let axes = r.axes();
    let grid = axes.len() > 1;
    // The x axis is the first axis (its first name); a grid's other axes
    // give one line each combination of their values.
    let first_len = axes.first().map_or(0, |a| a.points);
    let mut first_values: Vec<Option<crate::record::SweepPointValue>> = vec![None; first_len];
    let mut lines_of: Vec<(Vec<usize>, String, Vec<usize>)> = Vec::new();
    let mut x_of = Vec::with_capacity(r.points.len());
    for i in 0..r.points.len() {
        let at = r.at(i);
        let values = r.values(i);
        let k = at
            .first()
            .copied()
            .unwrap_or(0)
            .min(first_len.saturating_sub(1));
        x_of.push(k);
        if first_values[k].is_none() {
            first_values[k] = values.first().cloned();
        }
        let rest = at.get(1..).unwrap_or_default().to_vec();
        match lines_of.iter_mut().find(|(key, _, _)| *key == rest) {
            Some((_, _, members)) => members.push(i),
            None => {
                let skip = axes.first().map_or(1, |a| a.names.len());
                let named: Vec<String> = values
                    .iter()
                    .skip(skip)
                    .map(|v| format!("{} = {}", v.name, v.value))
                    .collect();
                let label = if grid {
                    named.join(", ")
                } else {
                    w.all.to_string()
                };
                lines_of.push((rest, label, vec![i]));
            }
        }
    }
    // Numbers on a numeric axis; otherwise each value is a category.
    let numbers: Option<Vec<f64>> = first_values
        .iter()
        .map(|v| v.as_ref().and_then(|v| v.number))
        .collect();
    let (x_axis, xs) = match numbers {
        Some(xs) => (XAxis::Numeric, xs),
        None => (
            XAxis::Intervals(
                first_values
                    .iter()
                    .map(|v| v.as_ref().map_or(String::new(), |v| v.value.clone()))
                    .collect(),
            ),
            (0..first_len).map(|i| i as f64).collect(),
        ),
    };
    let x_name = axes
        .first()
        .map_or(r.vary.name.clone(), |a| a.names.join(" & "));
    // Each point's x, for the lines of one axis (a point each).
    let xs: Vec<f64> = x_of
        .iter()
        .map(|&k| xs.get(k).copied().unwrap_or(0.0))
        .collect();
    let types: Vec<&crate::record::KpiSet> = r.day.iter().filter(|s| s.name != "all").collect();
    let mut charts = Vec::new();
    for kpi in CallKpi::HEADLINE {
        let (label, scale, share) = (w.kpi(kpi), kpi.scale(), kpi.is_share());
        let Some(values) = all.kpi(kpi) else { continue };
        let mut lines = Vec::new();
        for (n, (_, name, members)) in lines_of.iter().enumerate() {
            let mut series = Series::new(name.as_str(), n);
            series.markers = true;
            for &i in members {
                let (Some(e), x) = (values.scenarios[i], xs[i]) else {
                    continue;
                };
                series.points.push((x, e.mean * scale));
                if let Some(h) = e.half_width {
                    series
                        .band
                        .push((x, (e.mean - h) * scale, (e.mean + h) * scale));
                }
            }
            if !series.points.is_empty() {
                lines.push(series);
            }
        }
        if lines.is_empty() {
            continue;
        }
        // Each call type beside all of them, when there are several (not
        // in a grid: its lines are the other axes' values).
        if types.len() > 1 && !grid {
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
            title: format!("{} — {}", capitalize(label), x_name),
            x_label: x_name.clone(),
            y_label: w.kpi_axis(kpi),
            x_axis: x_axis.clone(),
            y_range: share.then_some((0.0, 100.0)),
            series: lines,
            y_guides: target_guide(r, kpi, w),
            x_guides: Vec::new(),
            band_label: format!("{:.0} % {}", r.confidence * 100.0, w.confidence_band),
        };
        // Occupancy of each group as well, when there are several.
        if kpi == CallKpi::Occupancy && r.groups.len() > 1 && !grid {
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
    let varied = r.axes().into_iter().flat_map(|a| a.names);
    if varied.into_iter().any(|n| n.starts_with("targets.")) || r.vary.name.starts_with("targets.")
    {
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
