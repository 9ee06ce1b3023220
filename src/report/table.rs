use std::io::{self, Write};

use super::render::text::{write_aligned, write_pairs};
use super::{ErlangReport, ErlangResult, Exporter, StaffingReport, TrafficSummary};
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

    fn staffing(&self, report: &StaffingReport, out: &mut dyn Write) -> io::Result<()> {
        staffing_tables(report, out)
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

/// The header's words when there is one replication: a half-width needs two.
const ONE_REPLICATION: &str = "no confidence half-widths with one replication";

/// "81.23 ± 0.41", scaled (100 for percentages), or "–" where undefined.
fn estimate_cell(e: Option<crate::stats::Estimate>, scale: f64, decimals: usize) -> String {
    match e {
        None => "–".to_string(),
        Some(e) => match e.half_width {
            Some(h) => format!("{:.decimals$} ± {:.decimals$}", e.mean * scale, h * scale),
            None => format!("{:.decimals$}", e.mean * scale),
        },
    }
}

fn staffing_tables(report: &StaffingReport, out: &mut dyn Write) -> io::Result<()> {
    use crate::staffing::Criterion;
    let t = &report.targets;
    let mut targets = Vec::new();
    if let Some(sl) = t.service_level {
        targets.push(format!(
            "{} % answered within {} s",
            sl * 100.0,
            t.answer_within_s
        ));
    }
    if let Some(asa) = t.max_asa_s {
        targets.push(format!("ASA ≤ {asa} s"));
    }
    if let Some(ab) = t.max_abandon {
        targets.push(format!("abandonment ≤ {} %", ab * 100.0));
    }
    if let Some(occ) = t.max_occupancy {
        targets.push(format!("occupancy ≤ {} %", occ * 100.0));
    }
    let judged = match report.criterion {
        Criterion::Mean => "the mean".to_string(),
        // The search takes a missing half-width as zero.
        Criterion::Bound if report.replications.count == 1 => {
            "the mean (a confidence bound needs two replications or more)".to_string()
        }
        Criterion::Bound => format!("the {} % confidence bound", report.confidence * 100.0),
    };
    writeln!(
        out,
        "Staffing {} ({} intervals, {}, seed {})",
        report.scenario.source,
        report.intervals.len(),
        plural(report.replications.count, "replication"),
        report.seed
    )?;
    writeln!(
        out,
        "targets in every interval: {}; judged on {judged}",
        targets.join(", ")
    )?;
    let s = &report.shrinkage;
    if s.total > 0.0 {
        writeln!(
            out,
            "shrinkage {} % (absenteeism {} %, breaks {} %, training {} %): heads = ⌈required / {}⌉",
            round6(s.total * 100.0),
            round6(s.absenteeism * 100.0),
            round6(s.breaks * 100.0),
            round6(s.training * 100.0),
            round6(1.0 - s.total)
        )?;
    }
    for warning in &report.warnings {
        writeln!(out, "warning: {warning}")?;
    }
    let several = report.groups.len() > 1;
    let has_shifts = report.groups.iter().any(|g| g.shift_cost.is_some());
    writeln!(out)?;
    writeln!(out, "Agents per interval")?;
    let mut header = vec!["start"];
    if several {
        header.push("group");
    }
    header.extend(["erlang", "required", "heads"]);
    if has_shifts {
        header.extend(["on shift", "over", "under", "scheduled"]);
    }
    let opt = |v: Option<u32>| v.map_or("–".to_string(), |v| v.to_string());
    let mut rows = Vec::new();
    for interval in &report.intervals {
        for g in &interval.groups {
            let mut row = vec![interval.start.clone()];
            if several {
                row.push(g.group.clone());
            }
            row.extend([
                g.erlang.to_string(),
                g.required.to_string(),
                g.heads_required.to_string(),
            ]);
            if has_shifts {
                row.extend([
                    opt(g.scheduled_heads),
                    opt(g.over),
                    opt(g.under),
                    opt(g.scheduled),
                ]);
            }
            rows.push(row);
        }
    }
    write_aligned(out, &header, &rows, true)?;

    writeln!(out)?;
    if report.replications.count == 1 {
        writeln!(out, "KPIs achieved, all calls (means: {ONE_REPLICATION})")?;
    } else {
        writeln!(out, "KPIs achieved, all calls (mean ± half-width)")?;
    }
    let mut header = vec!["start", "offered", "SL %", "abandon %", "ASA s"];
    if has_shifts {
        header.extend(["SL % sched", "abandon % sched", "ASA s sched", "missed"]);
    }
    let set_cells = |k: &super::staffing::KpiSet| {
        vec![
            estimate_cell(k.service_level, 100.0, 1),
            estimate_cell(k.abandon_rate, 100.0, 2),
            estimate_cell(k.asa_s, 1.0, 1),
        ]
    };
    let mut rows = Vec::new();
    let day = std::iter::once(("day".to_string(), &report.day));
    for (start, kpis) in report
        .intervals
        .iter()
        .map(|i| (i.start.clone(), &i.kpis))
        .chain(day)
    {
        let mut row = vec![start, estimate_cell(kpis.required.offered, 1.0, 1)];
        row.extend(set_cells(&kpis.required));
        if has_shifts {
            match &kpis.scheduled {
                Some(k) => row.extend(set_cells(k)),
                None => row.extend(["–".to_string(), "–".to_string(), "–".to_string()]),
            }
            row.push(if kpis.scheduled_misses.is_empty() {
                String::new()
            } else {
                kpis.scheduled_misses.join("; ")
            });
        }
        rows.push(row);
    }
    write_aligned(out, &header, &rows, true)?;

    for group in &report.groups {
        writeln!(out)?;
        let name = if several {
            format!(" \"{}\"", group.group)
        } else {
            String::new()
        };
        writeln!(
            out,
            "Totals{name}: {:.1} agent-hours on the phones required; the heads to schedule make {:.2} FTE of {} h",
            group.required_agent_hours,
            group.fte_required,
            round6(report.fte_hours)
        )?;
        if let (Some(cost), Some(paid), Some(fte), Some(status)) = (
            group.shift_cost,
            group.paid_hours,
            group.fte_scheduled,
            group.mip_status,
        ) {
            writeln!(
                out,
                "Shifts{name}: cost {} ({}), {:.1} paid hours = {fte:.2} FTE",
                round6(cost),
                status.describe(),
                paid
            )?;
            let header = ["shift", "start", "length min", "agents", "cost each"];
            let rows: Vec<Vec<String>> = group
                .shifts
                .iter()
                .map(|s| {
                    vec![
                        s.shift.clone(),
                        s.start.clone(),
                        round6(s.length_min).to_string(),
                        s.agents.to_string(),
                        round6(s.cost_each).to_string(),
                    ]
                })
                .collect();
            write_aligned(out, &header, &rows, true)?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "search: Erlang seeds, then {} whole-day simulations with common random numbers; {} calls simulated in {:.2} s",
        report.search.simulations, report.search.calls_simulated, report.search.wall_time_s
    )
}

/// Rounds away binary noise (0.7000000000000001) for display.
fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

fn plural(n: u64, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
