//! The HTML report: one self-contained file (no script, no link, no font to
//! fetch) with the summary, KPI tables, inline SVG charts and the inputs.

use std::fmt::Write;

use super::render::html::{STYLE, legacy_table as table};
use crate::plot::font::escape_xml as esc;
use crate::plot::records::{ErlangKpis, ErlangRecord, ErlangResult};
use crate::plot::{self, Chart, Lang, PlotError, Record, Words, capitalize};

/// The report of `record` with `charts` drawn inline.
pub fn render(record: &Record, charts: &[Chart], lang: Lang) -> Result<String, PlotError> {
    let w = lang.words();
    if !matches!(record, Record::Erlang(_)) {
        let doc = super::document::html(record, charts, lang);
        return super::render::html::render(&doc);
    }
    let mut body = String::new();
    let title = match record {
        Record::Simulation(_) => unreachable!("a document"),
        Record::Erlang(r) => {
            erlang(&mut body, r, w);
            w.erlang_title.to_string()
        }
        Record::Staff(_) => unreachable!("a document"),
        Record::Compare(_) => unreachable!("a document"),
        Record::Sweep(_) => unreachable!("a document"),
    };
    let _ = writeln!(body, "<h2>{}</h2>", w.charts);
    for chart in charts {
        let svg = plot::render_svg(chart)?;
        let svg = &svg[svg.find("<svg").unwrap_or(0)..];
        let svg = if svg.contains("viewBox") {
            svg.to_string()
        } else {
            svg.replacen(
                "<svg ",
                &format!(r#"<svg viewBox="0 0 {} {}" "#, plot::WIDTH, plot::HEIGHT),
                1,
            )
        };
        let _ = writeln!(
            body,
            "<figure id=\"chart-{}\">{svg}<figcaption>{}</figcaption></figure>",
            esc(&chart.name),
            esc(&chart.title)
        );
    }
    let echoed = match record {
        Record::Simulation(r) => Some(&r.scenario.content),
        Record::Staff(r) => Some(&r.scenario.content),
        Record::Erlang(_) | Record::Compare(_) | Record::Sweep(_) => None,
    };
    if let Some(content) = echoed {
        let _ = writeln!(body, "<h2>{}</h2>", capitalize(w.scenario));
        let echo = toml::to_string_pretty(content)
            .unwrap_or_else(|_| serde_json::to_string_pretty(content).unwrap_or_default());
        let _ = writeln!(body, "<pre id=\"scenario\">{}</pre>", esc(&echo));
    }
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n{body}<p class=\"pm\">{} {}</p>\n</body>\n</html>\n",
        lang.code(),
        esc(&title),
        esc(&title),
        w.generated_by,
        env!("CARGO_PKG_VERSION"),
    ))
}

fn erlang(out: &mut String, r: &ErlangRecord, w: &Words) {
    let _ = writeln!(out, "<h2>{}</h2>", w.summary);
    let model = match r.model.patience_s {
        Some(p) => format!("Erlang A (M/M/n+M), {} {p} s", w.patience),
        None => "Erlang C (M/M/n)".to_string(),
    };
    let mut rows = vec![vec![capitalize(w.model), model]];
    let t = &r.targets;
    let mut targets = Vec::new();
    if let Some(sl) = t.service_level {
        targets.push(format!(
            "{} {:.0} % / {} {}",
            w.service_level,
            sl.share * 100.0,
            sl.within_s,
            w.seconds
        ));
    }
    if let Some(v) = t.max_asa_s {
        targets.push(format!("{} ≤ {v} {}", w.asa, w.seconds));
    }
    if let Some(v) = t.max_abandon {
        targets.push(format!("{} ≤ {:.1} %", w.abandon_rate, v * 100.0));
    }
    if let Some(v) = t.max_occupancy {
        targets.push(format!("{} ≤ {:.0} %", w.occupancy, v * 100.0));
    }
    rows.push(vec![
        capitalize(w.targets),
        if targets.is_empty() {
            w.none.to_string()
        } else {
            esc(&targets.join("; "))
        },
    ]);
    let traffic = match &r.result {
        ErlangResult::Evaluate { traffic, .. } | ErlangResult::Staffing { traffic, .. } => {
            Some(traffic)
        }
        ErlangResult::Intervals { .. } => None,
    };
    if let Some(tr) = traffic {
        rows.push(vec![
            capitalize(w.load),
            format!(
                "{:.2} ({:.1} {}/h × {:.1} {})",
                tr.offered_load_erlangs, tr.calls_per_hour, w.calls, tr.aht_s, w.seconds
            ),
        ]);
    }
    match &r.result {
        ErlangResult::Evaluate {
            kpis,
            scheduled_staff,
            meets_targets,
            ..
        } => {
            rows.push(vec![capitalize(w.agents), kpis.agents.to_string()]);
            rows.push(vec![
                capitalize(w.scheduled_staff),
                scheduled_staff.to_string(),
            ]);
            if let Some(ok) = meets_targets {
                rows.push(vec![
                    capitalize(w.targets),
                    (if *ok { w.met } else { w.not_met }).to_string(),
                ]);
            }
        }
        ErlangResult::Staffing {
            required,
            scheduled_staff,
            ..
        } => {
            rows.push(vec![capitalize(w.required), required.agents.to_string()]);
            rows.push(vec![
                capitalize(w.scheduled_staff),
                scheduled_staff.to_string(),
            ]);
        }
        ErlangResult::Intervals { .. } => {}
    }
    table(out, "summary", &[String::new(), String::new()], &rows);

    let _ = writeln!(out, "<h2>{}</h2>", w.staffing_table);
    let kpi_cells = |k: &ErlangKpis| {
        vec![
            format!("{:.1}", k.service_level * 100.0),
            k.asa_answered_s.map_or("–".into(), |a| format!("{a:.1}")),
            format!("{:.1}", k.prob_wait * 100.0),
            format!("{:.2}", k.prob_abandon * 100.0),
            format!("{:.1}", k.occupancy * 100.0),
        ]
    };
    let kpi_header = [
        format!("{} %", w.service_level),
        format!("{} ({})", w.asa, w.seconds),
        format!("{} %", w.prob_wait),
        format!("{} %", w.abandon_rate),
        format!("{} %", w.occupancy),
    ];
    match &r.result {
        ErlangResult::Intervals {
            rows: intervals, ..
        } => {
            let mut header = vec![
                w.interval.to_string(),
                w.calls.to_string(),
                w.required.to_string(),
                w.scheduled_staff.to_string(),
            ];
            header.extend(kpi_header);
            let rows: Vec<Vec<String>> = intervals
                .iter()
                .map(|row| {
                    let mut cells = vec![
                        esc(&row.interval),
                        format!("{:.1}", row.calls),
                        row.kpis.agents.to_string(),
                        row.scheduled_staff.to_string(),
                    ];
                    cells.extend(kpi_cells(&row.kpis));
                    cells
                })
                .collect();
            table(out, "kpis", &header, &rows);
        }
        ErlangResult::Evaluate { .. } | ErlangResult::Staffing { .. } => {
            let curve: &[ErlangKpis] = match (&r.result, r.curve.is_empty()) {
                (ErlangResult::Staffing { table, .. }, true) => table,
                _ => &r.curve,
            };
            let mut header = vec![w.agents.to_string()];
            header.extend(kpi_header);
            let rows: Vec<Vec<String>> = curve
                .iter()
                .map(|k| {
                    let mut cells = vec![k.agents.to_string()];
                    cells.extend(kpi_cells(k));
                    cells
                })
                .collect();
            table(out, "kpis", &header, &rows);
        }
    }
}
