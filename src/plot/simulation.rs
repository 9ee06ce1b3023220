//! Charts of a simulation: KPIs per interval with confidence bands and
//! targets, volumes, agents, and the wait-time distribution.

use super::chart::{Chart, Guide, Series, XAxis, format_number};
use crate::erlang::{self, QueueModel, ServiceLevelBasis, ServiceLevelTarget, Targets, Traffic};
use crate::kpi::{CallKpi, Kpi};
use crate::lang::{Words, capitalize};
use crate::record::{Estimate, SimulationRecord};

const ALL: &str = "all";

pub fn charts(r: &SimulationRecord, w: &Words) -> Vec<Chart> {
    let mut charts = vec![
        service_level(r, w),
        asa(r, w),
        abandonment(r, w),
        volumes(r, w),
        agents(r, w),
    ];
    charts.extend(email_backlog(r, w));
    charts.extend(wait_distribution(r, w));
    charts
}

/// Each e-mail type's backlog as each interval starts, with its band, and
/// what is left when each day closes (carried to the next): where the
/// back office falls behind and catches up. `None` without e-mail types.
fn email_backlog(r: &SimulationRecord, w: &Words) -> Option<Chart> {
    let emails: Vec<&str> = r
        .totals
        .iter()
        .filter(|n| n.channel == Some(crate::model::Channel::Email))
        .map(|n| n.call_type.as_str())
        .collect();
    if emails.is_empty() {
        return None;
    }
    let mut chart = base(
        r,
        w,
        "email_backlog",
        capitalize(w.email_backlog_title),
        w.emails_waiting.to_string(),
    );
    for (i, name) in emails.iter().enumerate() {
        let start = r.per_interval(name, CallKpi::BacklogAtStart);
        let label = format!("{name}: {}", w.kpi(CallKpi::BacklogAtStart));
        chart
            .series
            .push(interval_series(label, 2 * i, &start, 1.0, true));
        let close = r.per_interval(name, CallKpi::BacklogAtClose);
        let mut at_close = interval_series(
            format!("{name}: {}", w.kpi(CallKpi::BacklogAtClose)),
            2 * i + 1,
            &close,
            1.0,
            true,
        );
        // One value per day: dots with whiskers, not a line across the days.
        at_close.whiskers = true;
        chart.series.push(at_close);
    }
    Some(chart)
}

fn base(r: &SimulationRecord, w: &Words, name: &str, title: String, y_label: String) -> Chart {
    Chart {
        name: name.to_string(),
        title,
        x_label: w.interval_start.to_string(),
        y_label,
        x_axis: XAxis::Intervals(r.intervals.iter().map(|i| i.start.clone()).collect()),
        y_range: None,
        series: Vec::new(),
        y_guides: Vec::new(),
        x_guides: Vec::new(),
        band_label: format!("{:.0} % {}", r.confidence * 100.0, w.confidence_band),
    }
}

/// One KPI per interval: points where defined, a band where it has a half-width.
fn interval_series(
    label: String,
    color: usize,
    values: &[Option<Estimate>],
    scale: f64,
    band: bool,
) -> Series {
    let mut series = Series::new(label, color);
    for (k, value) in values.iter().enumerate() {
        let Some(e) = value else { continue };
        let x = k as f64;
        series.points.push((x, e.mean * scale));
        if band && let Some(h) = e.half_width {
            series
                .band
                .push((x, (e.mean - h) * scale, (e.mean + h) * scale));
        }
    }
    series
}

/// "all" with its band, then each call type as a plain line when there are several.
fn per_type_series(r: &SimulationRecord, w: &Words, kpi: CallKpi) -> Vec<Series> {
    let scale = kpi.scale();
    let types: Vec<&str> = r.call_types().filter(|t| *t != ALL).collect();
    let mut series = vec![interval_series(
        w.all.to_string(),
        0,
        &r.per_interval(ALL, kpi),
        scale,
        true,
    )];
    if types.len() > 1 {
        for (i, t) in types.iter().enumerate() {
            series.push(interval_series(
                (*t).to_string(),
                i + 1,
                &r.per_interval(t, kpi),
                scale,
                false,
            ));
        }
    }
    series
}

fn percent_guide(w: &Words, share: Option<f64>) -> Vec<Guide> {
    share
        .map(|s| Guide {
            value: s * 100.0,
            label: format!("{} {:.0} %", w.target, s * 100.0),
        })
        .into_iter()
        .collect()
}

fn service_level(r: &SimulationRecord, w: &Words) -> Chart {
    let t = r.targets.answer_within_s;
    let mut chart = base(
        r,
        w,
        "service_level",
        format!(
            "{} {} ({} {} {})",
            capitalize(w.kpi(CallKpi::ServiceLevel)),
            w.per_interval,
            w.answered_within.trim_end_matches(" (%)"),
            format_number(t),
            w.seconds
        ),
        w.kpi_axis(CallKpi::ServiceLevel),
    );
    chart.y_range = Some((0.0, 100.0));
    chart.series = per_type_series(r, w, CallKpi::ServiceLevel);
    chart.y_guides = percent_guide(w, r.targets.service_level);
    chart
}

fn asa(r: &SimulationRecord, w: &Words) -> Chart {
    let mut chart = base(
        r,
        w,
        "asa",
        format!("{} {}", w.kpi(CallKpi::Asa), w.per_interval),
        w.kpi_axis(CallKpi::Asa),
    );
    chart.series = per_type_series(r, w, CallKpi::Asa);
    chart.y_guides = Guide::at_most(r.targets.max_asa_s, w.target, w.seconds);
    chart
}

fn abandonment(r: &SimulationRecord, w: &Words) -> Chart {
    let mut chart = base(
        r,
        w,
        "abandonment",
        format!(
            "{} {}",
            capitalize(w.kpi(CallKpi::AbandonRate)),
            w.per_interval
        ),
        w.kpi_axis(CallKpi::AbandonRate),
    );
    chart.series = per_type_series(r, w, CallKpi::AbandonRate);
    chart.y_guides = Guide::at_most(r.targets.max_abandon.map(|s| s * 100.0), w.target, "%");
    chart
}

fn volumes(r: &SimulationRecord, w: &Words) -> Chart {
    let mut chart = base(
        r,
        w,
        "volumes",
        format!(
            "{}, {}, {} {}",
            capitalize(w.kpi(CallKpi::Offered)),
            w.kpi(CallKpi::Answered),
            w.kpi(CallKpi::Abandoned),
            w.per_interval
        ),
        w.calls_per_interval.to_string(),
    );
    chart.series = [CallKpi::Offered, CallKpi::Answered, CallKpi::Abandoned]
        .iter()
        .enumerate()
        .map(|(i, &kpi)| {
            let values = r.per_interval(ALL, kpi);
            interval_series(w.kpi(kpi).to_string(), i, &values, kpi.scale(), true)
        })
        .collect();
    chart
}

fn agents(r: &SimulationRecord, w: &Words) -> Chart {
    let mut chart = base(
        r,
        w,
        "agents",
        format!(
            "{} ({}, {})",
            capitalize(w.agents_per_interval),
            w.staffed,
            w.required
        ),
        w.agents.to_string(),
    );
    for (g, group) in r.groups.iter().enumerate() {
        let mut series = Series::new(format!("{}: {}", w.staffed, group.group), g);
        series.steps = true;
        series.points = group
            .staffed
            .iter()
            .enumerate()
            .map(|(k, &n)| (k as f64, f64::from(n)))
            .collect();
        chart.series.push(series);
    }
    if r.groups.len() > 1 {
        let mut total = Series::new(format!("{}: {}", w.staffed, w.all), r.groups.len());
        total.steps = true;
        total.points = (0..r.intervals.len())
            .map(|k| {
                let n: u32 = r.groups.iter().filter_map(|g| g.staffed.get(k)).sum();
                (k as f64, f64::from(n))
            })
            .collect();
        chart.series.push(total);
    }
    if let Some(required) = erlang_c_required(r) {
        let mut series = Series::new(w.required_estimate, 6);
        series.steps = true;
        series.points = required;
        chart.series.push(series);
    }
    chart
}

/// Erlang C's required agents for each interval's simulated offered calls
/// and AHT, against the scenario's service-level and ASA targets: the
/// textbook estimate to compare the staffing with. `None` without such targets.
fn erlang_c_required(r: &SimulationRecord) -> Option<Vec<(f64, f64)>> {
    let service_level = match r.targets.service_level {
        Some(share) => Some(ServiceLevelTarget::new(share, r.targets.answer_within_s).ok()?),
        None => None,
    };
    let targets = Targets {
        service_level,
        max_asa_s: r.targets.max_asa_s,
        max_abandon: None,
        max_occupancy: None,
    };
    if targets.is_empty() {
        return None;
    }
    let offered = r.per_interval(ALL, CallKpi::Offered);
    let aht = r.per_interval(ALL, CallKpi::Aht);
    let interval_s = r.interval_min * 60.0;
    let points = offered
        .iter()
        .zip(&aht)
        .enumerate()
        .filter_map(|(k, (calls, aht))| {
            let calls = calls.map_or(0.0, |e| e.mean);
            let agents = match aht {
                Some(aht) if calls > 0.0 && aht.mean > 0.0 => {
                    let traffic =
                        Traffic::from_calls_per_interval(calls, interval_s, aht.mean).ok()?;
                    erlang::required_agents(
                        &traffic,
                        QueueModel::ErlangC,
                        &targets,
                        ServiceLevelBasis::Offered,
                    )
                    .ok()?
                    .agents
                }
                _ => 0,
            };
            Some((k as f64, f64::from(agents)))
        })
        .collect();
    Some(points)
}

fn wait_distribution(r: &SimulationRecord, w: &Words) -> Option<Chart> {
    let all = r.wait_distribution.iter().find(|d| d.call_type == ALL)?;
    let defined = |p: &crate::record::WaitPoint| p.share_answered.is_some();
    if !all.points.iter().any(defined) {
        return None;
    }
    // Show waits up to where nearly every answered call is in.
    let t = r.targets.answer_within_s;
    let limit = all
        .points
        .iter()
        .find(|p| p.share_answered.is_some_and(|e| e.mean >= 0.995))
        .map_or(1800.0, |p| p.wait_s)
        .max(60.0)
        .max(t * 1.5);
    let mut chart = Chart {
        name: "wait_distribution".to_string(),
        title: capitalize(w.wait_distribution),
        x_label: w.wait_s.to_string(),
        y_label: w.answered_within.to_string(),
        x_axis: XAxis::Numeric,
        y_range: Some((0.0, 100.0)),
        series: Vec::new(),
        y_guides: percent_guide(w, r.targets.service_level),
        x_guides: vec![Guide {
            value: t,
            label: format!("T = {} {}", format_number(t), w.seconds),
        }],
        band_label: format!("{:.0} % {}", r.confidence * 100.0, w.confidence_band),
    };
    let several = r.wait_distribution.len() > 2;
    let mut color = 0;
    for distribution in &r.wait_distribution {
        let is_all = distribution.call_type == ALL;
        if !is_all && !several {
            continue;
        }
        let label = if is_all {
            w.all.to_string()
        } else {
            distribution.call_type.clone()
        };
        let mut series = Series::new(label, if is_all { 0 } else { color + 1 });
        if !is_all {
            color += 1;
        }
        for p in distribution.points.iter().filter(|p| p.wait_s <= limit) {
            let Some(e) = p.share_answered else { continue };
            series.points.push((p.wait_s, e.mean * 100.0));
            if is_all && let Some(h) = e.half_width {
                series.band.push((
                    p.wait_s,
                    ((e.mean - h) * 100.0).max(0.0),
                    ((e.mean + h) * 100.0).min(100.0),
                ));
            }
        }
        chart.series.push(series);
    }
    // "all" first: in the legend and on top of the other lines.
    chart.series.rotate_right(1);
    Some(chart)
}
