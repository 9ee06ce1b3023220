//! Charts of a staffing plan: agents per interval (Erlang's seed, the
//! simulated requirement, the shift schedule) per group, and the service
//! level and abandonment the required and the scheduled staffing achieve,
//! with their targets.

use super::chart::{Chart, Guide, Series, XAxis};
use crate::kpi::CallKpi;
use crate::lang::Words;
use crate::lang::capitalize;
use crate::record::{KpiMap, StaffInterval, StaffRecord};

pub fn charts(r: &StaffRecord, w: &Words) -> Vec<Chart> {
    let labels: Vec<String> = r.intervals.iter().map(|k| k.start.clone()).collect();
    let base = |name: String, title: String, y_label: String| Chart {
        name,
        title,
        x_label: w.interval_start.to_string(),
        y_label,
        x_axis: XAxis::Intervals(labels.clone()),
        y_range: None,
        series: Vec::new(),
        y_guides: Vec::new(),
        x_guides: Vec::new(),
        band_label: format!("{:.0} % {}", r.confidence * 100.0, w.confidence_band),
    };
    let mut charts = Vec::new();
    for (g, group) in r.groups.iter().enumerate() {
        let name = if r.groups.len() == 1 {
            "staff_agents".to_string()
        } else {
            format!("staff_agents_{}", g + 1)
        };
        let mut chart = base(
            name,
            format!("{}: {}", capitalize(w.agents_per_interval), group.group),
            w.agents.to_string(),
        );
        let steps = |label: &str, color: usize, value: &dyn Fn(usize) -> Option<u32>| {
            let mut series = Series::new(label, color);
            series.steps = true;
            series.points = (0..r.intervals.len())
                .filter_map(|k| value(k).map(|v| (k as f64, f64::from(v))))
                .collect();
            series
        };
        let at = |k: usize| &r.intervals[k].groups[g];
        chart
            .series
            .push(steps(w.required, 0, &|k| Some(at(k).required)));
        if r.intervals.iter().any(|k| k.groups[g].scheduled.is_some()) {
            chart
                .series
                .push(steps(w.scheduled_staff_on_phones, 1, &|k| at(k).scheduled));
        }
        chart
            .series
            .push(steps("Erlang", 6, &|k| Some(at(k).erlang)));
        charts.push(chart);
    }

    // A share KPI of both staffings per interval, with its target line.
    let share_chart = |name: &str, kpi: CallKpi, target: Option<Guide>| {
        let mut chart = base(
            name.to_string(),
            format!("{} {}", capitalize(w.kpi(kpi)), w.per_interval),
            w.kpi_axis(kpi),
        );
        chart.series.push(kpi_series(r, kpi, w.required, 0, |k| {
            Some(&k.kpis.required)
        }));
        if r.day.scheduled.is_some() {
            chart
                .series
                .push(kpi_series(r, kpi, w.scheduled_staff_on_phones, 1, |k| {
                    k.kpis.scheduled.as_ref()
                }));
        }
        chart.y_guides.extend(target);
        chart
    };
    let mut service_level = share_chart(
        "staff_service_level",
        CallKpi::ServiceLevel,
        r.targets.service_level.map(|share| Guide {
            value: share * 100.0,
            label: format!("{} {:.0} %", w.target, share * 100.0),
        }),
    );
    service_level.y_range = Some((0.0, 100.0));
    charts.push(service_level);
    let abandon = CallKpi::AbandonRate;
    if r.intervals
        .iter()
        .any(|k| k.kpis.required.get(abandon).is_some())
    {
        charts.push(share_chart(
            "staff_abandonment",
            abandon,
            r.targets.max_abandon.map(|max| Guide {
                value: max * 100.0,
                label: format!("{} ≤ {:.0} %", w.target, max * 100.0),
            }),
        ));
    }
    charts
}

/// A share KPI per interval (in %), with its band, of one staffing of the plan.
fn kpi_series<'a>(
    r: &'a StaffRecord,
    kpi: CallKpi,
    label: &str,
    color: usize,
    kpis: impl Fn(&'a StaffInterval) -> Option<&'a KpiMap>,
) -> Series {
    let mut series = Series::new(label, color);
    for (k, interval) in r.intervals.iter().enumerate() {
        let Some(e) = kpis(interval).and_then(|m| m.get(kpi)) else {
            continue;
        };
        series.points.push((k as f64, e.mean * 100.0));
        if let Some(h) = e.half_width {
            series
                .band
                .push((k as f64, (e.mean - h) * 100.0, (e.mean + h) * 100.0));
        }
    }
    series
}
