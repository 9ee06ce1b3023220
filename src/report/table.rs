use std::io::{self, Write};

use super::render::text::{write_aligned, write_pairs};
use super::{ErlangReport, ErlangResult, Exporter, TrafficSummary};
use crate::erlang::{Kpis, QueueModel, Targets};

/// Aligned text for a terminal.
pub struct TableExporter;

impl Exporter for TableExporter {
    fn erlang(&self, report: &ErlangReport, out: &mut dyn Write) -> io::Result<()> {
        for line in &report.explanation {
            writeln!(out, "{line}")?;
        }
        if !report.explanation.is_empty() {
            writeln!(out)?;
        }
        let model = model_line(report.model);
        let targets = targets_line(&report.targets);
        match &report.result {
            ErlangResult::Evaluate {
                traffic,
                kpis,
                scheduled_staff,
                meets_targets,
                shortfalls,
            } => {
                writeln!(out, "{model}, {}", traffic_line(traffic))?;
                let mut rows = kpi_rows(kpis, report);
                if report.shrinkage > 0.0 {
                    rows.push((
                        format!(
                            "scheduled staff ({:.0} % shrinkage)",
                            report.shrinkage * 100.0
                        ),
                        scheduled_staff.to_string(),
                    ));
                }
                write_pairs(out, &rows)?;
                match meets_targets {
                    Some(true) => writeln!(out, "targets ({targets}): met")?,
                    Some(false) => writeln!(
                        out,
                        "targets ({targets}): NOT met: {}",
                        shortfalls.join("; ")
                    )?,
                    None => {}
                }
            }
            ErlangResult::Staffing {
                traffic,
                required,
                scheduled_staff,
                table,
            } => {
                writeln!(out, "{model}, {}", traffic_line(traffic))?;
                writeln!(out, "targets: {targets}")?;
                write!(out, "required: {} agents", required.agents)?;
                if report.shrinkage > 0.0 {
                    write!(
                        out,
                        ", {scheduled_staff} scheduled staff after {:.0} % shrinkage",
                        report.shrinkage * 100.0
                    )?;
                }
                writeln!(out)?;
                writeln!(out)?;
                let header = kpi_header(report);
                let rows: Vec<Vec<String>> = table
                    .iter()
                    .map(|k| {
                        let marker = if k.agents == required.agents {
                            "▶"
                        } else {
                            ""
                        };
                        let mut row = vec![marker.to_string()];
                        row.extend(kpi_cells(k, report.model));
                        row
                    })
                    .collect();
                write_aligned(out, &header, &rows, false)?;
            }
            ErlangResult::Intervals {
                interval_min,
                rows,
                totals,
            } => {
                writeln!(out, "{model}, {interval_min} min intervals")?;
                writeln!(out, "targets: {targets}")?;
                writeln!(out)?;
                let mut header = vec!["interval", "calls", "AHT s", "Erlangs"];
                header.extend(&kpi_header(report)[1..]);
                header.push("staff");
                let grid: Vec<Vec<String>> = rows
                    .iter()
                    .map(|r| {
                        let mut row = vec![
                            r.interval.clone(),
                            format!("{:.1}", r.calls),
                            format!("{:.0}", r.traffic.aht_s),
                            format!("{:.2}", r.traffic.offered_load_erlangs),
                        ];
                        row.extend(kpi_cells(&r.kpis, report.model));
                        row.push(r.scheduled_staff.to_string());
                        row
                    })
                    .collect();
                write_aligned(out, &header, &grid, false)?;
                writeln!(out)?;
                writeln!(
                    out,
                    "total: {:.1} calls, {:.1} agent-hours on the phones, {:.1} paid staff-hours; peak {} agents ({} staff)",
                    totals.calls,
                    totals.agent_hours,
                    totals.staff_hours,
                    totals.peak_agents,
                    totals.peak_scheduled_staff
                )?;
            }
        }
        Ok(())
    }
}

fn model_line(model: QueueModel) -> String {
    match model {
        QueueModel::ErlangC => "Erlang C (no abandonment)".to_string(),
        QueueModel::ErlangA { patience_s } => {
            format!("Erlang A (mean patience {patience_s} s)")
        }
    }
}

fn traffic_line(t: &TrafficSummary) -> String {
    format!(
        "{:.2} calls/hour × AHT {} s = {:.2} Erlangs",
        t.calls_per_hour, t.aht_s, t.offered_load_erlangs
    )
}

fn targets_line(targets: &Targets) -> String {
    let mut parts = Vec::new();
    if let Some(sl) = targets.service_level {
        parts.push(format!(
            "{} % answered within {} s",
            sl.share * 100.0,
            sl.within_s
        ));
    }
    if let Some(asa) = targets.max_asa_s {
        parts.push(format!("ASA ≤ {asa} s"));
    }
    if let Some(ab) = targets.max_abandon {
        parts.push(format!("abandonment ≤ {} %", ab * 100.0));
    }
    if let Some(occ) = targets.max_occupancy {
        parts.push(format!("occupancy ≤ {} %", occ * 100.0));
    }
    parts.join(", ")
}

fn percent(share: f64) -> String {
    format!("{:.2} %", share * 100.0)
}

fn asa(k: &Kpis) -> String {
    k.asa_answered_s
        .map_or("–".to_string(), |s| format!("{s:.1}"))
}

fn kpi_rows(k: &Kpis, report: &ErlangReport) -> Vec<(String, String)> {
    let mut rows = vec![
        ("agents".to_string(), k.agents.to_string()),
        ("probability of waiting".to_string(), percent(k.prob_wait)),
        (
            format!("service level ({} s)", k.service_level_threshold_s),
            format!(
                "{} ({})",
                percent(k.service_level),
                report.service_level_basis.describe()
            ),
        ),
        (
            "ASA (answered callers)".to_string(),
            format!("{} s", asa(k)),
        ),
    ];
    if let QueueModel::ErlangA { .. } = report.model {
        rows.push(("abandonment".to_string(), percent(k.prob_abandon)));
        rows.push((
            "mean wait (all callers)".to_string(),
            format!("{:.1} s", k.mean_wait_all_s),
        ));
    }
    rows.push(("occupancy".to_string(), percent(k.occupancy)));
    rows.push((
        "mean queue length".to_string(),
        format!("{:.3}", k.mean_queue_length),
    ));
    rows.push((
        "Erlang B (no queue)".to_string(),
        format!("{:.6}", k.blocking_no_queue),
    ));
    rows
}

fn kpi_header(report: &ErlangReport) -> Vec<&'static str> {
    let mut header = vec!["", "agents", "P(wait)", "SL", "ASA s"];
    if let QueueModel::ErlangA { .. } = report.model {
        header.push("abandon");
    }
    header.extend(["occupancy", "queue"]);
    header
}

fn kpi_cells(k: &Kpis, model: QueueModel) -> Vec<String> {
    let mut cells = vec![
        k.agents.to_string(),
        percent(k.prob_wait),
        percent(k.service_level),
        asa(k),
    ];
    if let QueueModel::ErlangA { .. } = model {
        cells.push(percent(k.prob_abandon));
    }
    cells.push(percent(k.occupancy));
    cells.push(format!("{:.2}", k.mean_queue_length));
    cells
}
