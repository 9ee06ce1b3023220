//! Charts of an Erlang result: service level, ASA (and abandonment under
//! Erlang A) against agents; or agents and service level per interval of a
//! forecast.

use super::chart::{Chart, Guide, Series, XAxis, format_number};
use crate::kpi::CallKpi;
use crate::lang::{Words, capitalize, fill};
use crate::record::{ErlangKpis, ErlangRecord, ErlangResult, LinesRecord, ModelsRecord};

/// Erlang C and Erlang A: service level against agents (one series per
/// model), and Erlang A's against mean patience with Erlang C's as the
/// limit of infinite patience.
pub fn models_charts(r: &ModelsRecord, w: &Words) -> Vec<Chart> {
    let c = &r.comparison;
    let rows = if r.curve.is_empty() {
        &c.over_agents
    } else {
        &r.curve
    };
    let sl_label = format!("{} (%)", w.kpi(CallKpi::ServiceLevel));
    let mut erlang_c = Series::new("Erlang C", 0);
    erlang_c.points = rows
        .iter()
        .filter_map(|row| {
            row.erlang_c
                .map(|p| (f64::from(row.agents), p.service_level * 100.0))
        })
        .collect();
    let mut erlang_a = Series::new(
        format!("Erlang A, {} {} s", w.patience, format_number(c.patience_s)),
        1,
    );
    erlang_a.points = rows
        .iter()
        .map(|row| (f64::from(row.agents), row.erlang_a.service_level * 100.0))
        .collect();
    let agents_mark = vec![Guide {
        value: f64::from(c.agents),
        label: format!("{}: {}", w.agents, c.agents),
    }];
    let mut series = vec![erlang_c, erlang_a];
    // The simulation where a scenario was given: a dot per agent count
    // simulated, its confidence interval as a whisker.
    if let Some(s) = &r.simulation {
        let pct = format_number((s.confidence * 1000.0).round() / 10.0);
        let mut simulated = Series::new(fill(w.simulation_series, &[("pct", &pct)]), 2);
        simulated.whiskers = true;
        for row in &s.rows {
            let x = f64::from(row.agents);
            let mean = row.service_level.mean * 100.0;
            simulated.points.push((x, mean));
            if let Some(h) = row.service_level.half_width {
                simulated.band.push((x, mean - h * 100.0, mean + h * 100.0));
            }
        }
        series.push(simulated);
    }
    let models = if r.simulation.is_some() {
        format!("Erlang C, Erlang A, {}", w.simulation_word)
    } else {
        "Erlang C, Erlang A".to_string()
    };
    let against_agents = Chart {
        name: "erlang_models_agents".to_string(),
        title: format!(
            "{} {}: {models}",
            capitalize(w.kpi(CallKpi::ServiceLevel)),
            w.against_agents
        ),
        x_label: w.agents.to_string(),
        y_label: sl_label.clone(),
        x_axis: XAxis::Numeric,
        y_range: Some((0.0, 100.0)),
        series,
        y_guides: Vec::new(),
        x_guides: agents_mark,
        band_label: String::new(),
    };
    let mut over_patience = Series::new("Erlang A", 1);
    over_patience.points = c
        .over_patience
        .iter()
        .map(|row| (row.patience_s, row.erlang_a.service_level * 100.0))
        .collect();
    let limit = c.erlang_c_at_agents.map(|p| Guide {
        value: p.service_level * 100.0,
        label: format!("Erlang C ({}: ∞)", w.patience),
    });
    let against_patience = Chart {
        name: "erlang_models_patience".to_string(),
        title: format!("{} ({} {})", w.sl_against_patience, c.agents, w.agents),
        x_label: format!("{} (s)", w.patience),
        y_label: sl_label,
        x_axis: XAxis::Numeric,
        y_range: Some((0.0, 100.0)),
        series: vec![over_patience],
        y_guides: limit.into_iter().collect(),
        x_guides: Vec::new(),
        band_label: String::new(),
    };
    vec![against_agents, against_patience]
}

/// Erlang B line sizing: blocking against lines, the target and the
/// answer marked.
pub fn lines_charts(r: &LinesRecord, w: &Words) -> Vec<Chart> {
    let curve = if r.curve.is_empty() {
        &r.table
    } else {
        &r.curve
    };
    // Up to four times the target: the target line stays readable (at 1 %
    // it would hug the axis of a 0–100 % chart).
    let top = (r.max_blocking * 400.0).min(100.0);
    let mut blocking = Series::new(capitalize(w.blocking), 0);
    blocking.points = curve
        .iter()
        .map(|k| (f64::from(k.lines), k.blocking * 100.0))
        .filter(|&(_, pct)| pct <= top)
        .collect();
    vec![Chart {
        name: "erlang_blocking".to_string(),
        title: format!("{} (Erlang B)", w.blocking_against_lines),
        x_label: w.lines.to_string(),
        y_label: format!("{} (%)", w.blocking),
        x_axis: XAxis::Numeric,
        y_range: Some((0.0, top)),
        series: vec![blocking],
        y_guides: vec![Guide {
            value: r.max_blocking * 100.0,
            label: format!(
                "{} ≤ {} %",
                w.target,
                format_number(crate::erlang::share_as_pct(r.max_blocking))
            ),
        }],
        x_guides: vec![Guide {
            value: f64::from(r.required.lines),
            label: format!("{}: {}", w.required, r.required.lines),
        }],
        band_label: String::new(),
    }]
}

pub fn charts(r: &ErlangRecord, w: &Words) -> Vec<Chart> {
    match &r.result {
        ErlangResult::Intervals { rows, .. } => {
            let labels: Vec<String> = rows.iter().map(|row| row.interval.clone()).collect();
            let base = |name: &str, title: String, y_label: String| Chart {
                name: name.to_string(),
                title,
                x_label: w.interval_start.to_string(),
                y_label,
                x_axis: XAxis::Intervals(labels.clone()),
                y_range: None,
                series: Vec::new(),
                y_guides: Vec::new(),
                x_guides: Vec::new(),
                band_label: String::new(),
            };
            let mut agents = base(
                "erlang_agents",
                format!(
                    "{} ({})",
                    capitalize(w.agents_per_interval),
                    model_name(r, w)
                ),
                w.agents.to_string(),
            );
            let mut required = Series::new(w.required, 0);
            let mut scheduled = Series::new(w.scheduled_staff, 1);
            required.steps = true;
            scheduled.steps = true;
            for (k, row) in rows.iter().enumerate() {
                required.points.push((k as f64, f64::from(row.kpis.agents)));
                scheduled
                    .points
                    .push((k as f64, f64::from(row.scheduled_staff)));
            }
            agents.series = if r.shrinkage > 0.0 {
                vec![required, scheduled]
            } else {
                vec![required]
            };
            let mut service_level = base(
                "erlang_service_level",
                format!(
                    "{} {} ({})",
                    capitalize(w.kpi(CallKpi::ServiceLevel)),
                    w.per_interval,
                    model_name(r, w)
                ),
                w.kpi_axis(CallKpi::ServiceLevel),
            );
            service_level.y_range = Some((0.0, 100.0));
            let mut achieved = Series::new(w.kpi(CallKpi::ServiceLevel), 0);
            achieved.points = rows
                .iter()
                .enumerate()
                .map(|(k, row)| (k as f64, row.kpis.service_level * 100.0))
                .collect();
            service_level.series = vec![achieved];
            service_level.y_guides = sl_guide(r, w);
            vec![agents, service_level]
        }
        ErlangResult::Evaluate { kpis, .. } => against_agents(r, w, kpis, w.agents),
        ErlangResult::Staffing { required, .. } => against_agents(r, w, required, w.required),
    }
}

fn model_name(r: &ErlangRecord, w: &Words) -> String {
    match r.model.patience_s {
        Some(p) => format!("Erlang A, {} {} s", w.patience, format_number(p)),
        None => "Erlang C".to_string(),
    }
}

fn sl_guide(r: &ErlangRecord, w: &Words) -> Vec<Guide> {
    r.targets
        .service_level
        .map(|t| Guide {
            value: t.share * 100.0,
            label: format!(
                "{} {:.0} % / {} {}",
                w.target,
                t.share * 100.0,
                format_number(t.within_s),
                w.seconds
            ),
        })
        .into_iter()
        .collect()
}

/// SL, ASA and (Erlang A) abandonment against agents, the answer marked.
fn against_agents(
    r: &ErlangRecord,
    w: &Words,
    marked: &ErlangKpis,
    mark_label: &str,
) -> Vec<Chart> {
    let curve: Vec<ErlangKpis> = match (&r.result, r.curve.is_empty()) {
        (ErlangResult::Staffing { table, .. }, true) => table.clone(),
        (_, true) => vec![*marked],
        _ => r.curve.clone(),
    };
    let mark = vec![Guide {
        value: f64::from(marked.agents),
        label: format!("{mark_label}: {}", marked.agents),
    }];
    let base = |name: &str, title: String, y_label: String| Chart {
        name: name.to_string(),
        title: format!("{title} {} ({})", w.against_agents, model_name(r, w)),
        x_label: w.agents.to_string(),
        y_label,
        x_axis: XAxis::Numeric,
        y_range: None,
        series: Vec::new(),
        y_guides: Vec::new(),
        x_guides: mark.clone(),
        band_label: String::new(),
    };
    let line = |label: &str, value: &dyn Fn(&ErlangKpis) -> Option<f64>| {
        let mut series = Series::new(label, 0);
        series.points = curve
            .iter()
            .filter_map(|k| value(k).map(|v| (f64::from(k.agents), v)))
            .collect();
        series
    };
    let mut service_level = base(
        "erlang_service_level",
        capitalize(w.kpi(CallKpi::ServiceLevel)),
        format!(
            "{} (%, {} {} {})",
            w.kpi(CallKpi::ServiceLevel),
            w.answered_within.trim_end_matches(" (%)"),
            format_number(r.service_level_threshold_s),
            w.seconds
        ),
    );
    service_level.y_range = Some((0.0, 100.0));
    let name = w.kpi(CallKpi::ServiceLevel);
    service_level.series = vec![line(name, &|k| Some(k.service_level * 100.0))];
    service_level.y_guides = sl_guide(r, w);

    let mut asa = base(
        "erlang_asa",
        w.kpi(CallKpi::Asa).to_string(),
        w.kpi_axis(CallKpi::Asa),
    );
    asa.series = vec![line(w.kpi(CallKpi::Asa), &|k| k.asa_answered_s)];
    asa.y_guides = Guide::at_most(r.targets.max_asa_s, w.target, w.seconds);
    let mut charts = vec![service_level, asa];
    if r.model.patience_s.is_some() {
        let mut abandonment = base(
            "erlang_abandonment",
            capitalize(w.kpi(CallKpi::AbandonRate)),
            w.kpi_axis(CallKpi::AbandonRate),
        );
        let name = w.kpi(CallKpi::AbandonRate);
        abandonment.series = vec![line(name, &|k| Some(k.prob_abandon * 100.0))];
        abandonment.y_guides =
            Guide::at_most(r.targets.max_abandon.map(|s| s * 100.0), w.target, "%");
        charts.push(abandonment);
    }
    charts
}
