//! The documents of `callsim staff`: the plan's tables, its CSV rows per
//! interval and group, and the HTML report.

use super::phrases::{ONE_REPLICATION, PLANNING_ORDER, plural, round6, targets_sentence};
use super::{Block, Column, Document, Facts, Table, Value, report_header};
use crate::kpi::{CallKpi, Kpi};
use crate::lang::{Lang, Words, capitalize};
use crate::record::StaffRecord;
use crate::report::staffing::{GroupPlan, KpiSet};
use crate::report::{Report, StaffingReport};
use crate::staffing::Criterion;

impl Report for StaffingReport {
    fn table(&self) -> Document {
        table(self)
    }

    fn csv(&self) -> Document {
        csv(self)
    }
}

/// The KPIs achieved, in the terminal's table after the offered calls.
const ACHIEVED: [CallKpi; 3] = [CallKpi::ServiceLevel, CallKpi::AbandonRate, CallKpi::Asa];

/// The KPIs of each staffing in the CSV.
const CSV_KPIS: [CallKpi; 5] = [
    CallKpi::Offered,
    CallKpi::ServiceLevel,
    CallKpi::AbandonRate,
    CallKpi::Asa,
    CallKpi::Occupancy,
];

/// The terminal's tables: the agents per interval, the KPIs achieved, each
/// group's totals and shifts.
pub fn table(r: &StaffingReport) -> Document {
    let mut doc = Document::new(None, Lang::En);
    let t = &r.targets;
    let targets = targets_sentence(
        &PLANNING_ORDER,
        |k| k.target(t),
        t.answer_within_s,
        t.max_occupancy,
    );
    let judged = match r.criterion {
        Criterion::Mean => "the mean".to_string(),
        // The search takes a missing half-width as zero.
        Criterion::Bound if r.replications.count == 1 => {
            "the mean (a confidence bound needs two replications or more)".to_string()
        }
        Criterion::Bound => format!("the {} % confidence bound", r.confidence * 100.0),
    };
    doc.line(format!(
        "Staffing {} ({} intervals, {}, seed {})",
        r.scenario.source,
        r.intervals.len(),
        plural(r.replications.count, "replication"),
        r.seed
    ));
    doc.line(format!(
        "targets in every interval: {targets}; judged on {judged}"
    ));
    let s = &r.shrinkage;
    if s.total > 0.0 {
        doc.line(format!(
            "shrinkage {} % (absenteeism {} %, breaks {} %, training {} %): heads = ⌈required / {}⌉",
            round6(s.total * 100.0),
            round6(s.absenteeism * 100.0),
            round6(s.breaks * 100.0),
            round6(s.training * 100.0),
            round6(1.0 - s.total)
        ));
    }
    for warning in &r.warnings {
        doc.line(format!("warning: {warning}"));
    }
    let has_shifts = r.groups.iter().any(|g| g.shift_cost.is_some());
    doc.gap().heading("Agents per interval");
    doc.table(agents(r, has_shifts));
    doc.gap();
    doc.line(if r.replications.count == 1 {
        format!("KPIs achieved, all calls (means: {ONE_REPLICATION})")
    } else {
        "KPIs achieved, all calls (mean ± half-width)".to_string()
    });
    doc.table(achieved(r, has_shifts));
    let several = r.groups.len() > 1;
    for group in &r.groups {
        doc.gap();
        group_totals(&mut doc, r, group, several);
    }
    if !r.repairs.is_empty() || r.unrepaired.is_some() {
        doc.gap().heading("Schedule repairs");
        for repair in &r.repairs {
            doc.line(format!(
                "round {}: {} {}: {} → {} agents on the phones ({})",
                repair.round,
                repair.start,
                repair.group,
                repair.from_agents,
                repair.to_agents,
                repair.missed
            ));
        }
        if let Some(why) = &r.unrepaired {
            doc.line(format!("not repaired: {why}"));
        }
    }
    doc.gap();
    let search = &r.search;
    doc.line(format!(
        "search: Erlang seeds, then {} whole-day simulations with common random numbers; {}",
        search.simulations,
        super::phrases::timing(search.calls_simulated, search.wall_time_s, None)
    ));
    doc
}

/// Agents per interval and group: Erlang's seed, the requirement, the
/// heads, and the schedule's where there are shifts.
fn agents(r: &StaffingReport, has_shifts: bool) -> Table {
    let several = r.groups.len() > 1;
    let mut columns = vec![Column::label("start")];
    if several {
        columns.push(Column::text("group"));
    }
    columns.extend(["erlang", "required", "heads"].map(Column::integer));
    if has_shifts {
        columns.extend(["on shift", "over", "under", "scheduled"].map(Column::integer));
    }
    let mut table = Table::new("agents", columns);
    for interval in &r.intervals {
        for g in &interval.groups {
            let mut row = vec![Value::text(&interval.start)];
            if several {
                row.push(Value::text(&g.group));
            }
            row.extend([g.erlang, g.required, g.heads_required].map(Value::integer));
            if has_shifts {
                row.extend(
                    [g.scheduled_heads, g.over, g.under, g.scheduled]
                        .map(|n| Value::Integer(n.map(u64::from))),
                );
            }
            table.rows.push(row);
        }
    }
    table
}

/// The KPIs the required (and the scheduled) staffing achieve per interval
/// and for the day, with the targets the schedule misses.
fn achieved(r: &StaffingReport, has_shifts: bool) -> Table {
    let mut columns = vec![Column::label("start"), Column::kpi(CallKpi::Offered)];
    columns.extend(ACHIEVED.map(Column::kpi));
    if has_shifts {
        columns.extend(ACHIEVED.map(|k| {
            let header = format!("{} sched", k.def().header);
            Column::kpi_headed(k, header)
        }));
        columns.push(Column::text("missed"));
    }
    let mut table = Table::new("achieved", columns);
    let day = std::iter::once(("day", &r.day));
    let rows = r.intervals.iter().map(|i| (i.start.as_str(), &i.kpis));
    for (start, kpis) in rows.chain(day) {
        let mut row = vec![
            Value::text(start),
            Value::estimate(kpis.required.get(CallKpi::Offered)),
        ];
        let set =
            |k: Option<&KpiSet>| ACHIEVED.map(|kpi| Value::estimate(k.and_then(|k| k.get(kpi))));
        row.extend(set(Some(&kpis.required)));
        if has_shifts {
            row.extend(set(kpis.scheduled.as_ref()));
            row.push(Value::Text(kpis.scheduled_misses.join("; ")));
        }
        table.rows.push(row);
    }
    table
}

/// A group's hours and FTE, and its shifts where the MIP scheduled them.
fn group_totals(doc: &mut Document, r: &StaffingReport, group: &GroupPlan, several: bool) {
    let name = if several {
        format!(" \"{}\"", group.group)
    } else {
        String::new()
    };
    doc.line(format!(
        "Totals{name}: {:.1} agent-hours on the phones required; the heads to schedule make {:.2} FTE of {} h",
        group.required_agent_hours,
        group.fte_required,
        round6(r.fte_hours)
    ));
    let (Some(cost), Some(paid), Some(fte), Some(status)) = (
        group.shift_cost,
        group.paid_hours,
        group.fte_scheduled,
        group.mip_status,
    ) else {
        return;
    };
    doc.line(format!(
        "Shifts{name}: cost {cost:.2} ({}), {paid:.1} paid hours = {fte:.2} FTE",
        status.describe(),
    ));
    let mut columns = vec![Column::label("shift"), Column::text("start")];
    columns
        .extend(["end", "breaks", "length min", "agents", "cost each", "cost"].map(Column::text));
    let mut shifts = Table::new("shifts", columns);
    for s in &group.shifts {
        shifts.rows.push(vec![
            Value::text(&s.shift),
            Value::text(&s.start),
            Value::text(&s.end),
            Value::Text(if s.breaks.is_empty() {
                "–".into()
            } else {
                s.breaks.join(" ")
            }),
            Value::Text(round6(s.length_min).to_string()),
            Value::integer(s.agents),
            Value::Text(format!("{:.2}", s.cost_each)),
            Value::Text(format!("{:.2}", s.cost_each * f64::from(s.agents))),
        ]);
    }
    doc.table(shifts);
}

/// One row per interval × group: agents, then the KPIs (all calls) of the
/// required and of the scheduled staffing.
pub fn csv(r: &StaffingReport) -> Document {
    let mut columns = vec![
        Column::integer("interval"),
        Column::text("start"),
        Column::text("group"),
    ];
    columns.extend(
        [
            "erlang",
            "required",
            "heads_required",
            "scheduled_heads",
            "over",
            "under",
            "scheduled",
        ]
        .map(Column::integer),
    );
    for staffing in ["required", "scheduled"] {
        columns.extend(CSV_KPIS.map(|k| Column::kpi_headed(k, format!("{}_{staffing}", k.key()))));
    }
    let mut table = Table::new("plan", columns);
    let set = |k: Option<&KpiSet>| CSV_KPIS.map(|kpi| Value::estimate(k.and_then(|k| k.get(kpi))));
    for interval in &r.intervals {
        for g in &interval.groups {
            let mut row = vec![
                Value::integer(interval.index as u64),
                Value::text(&interval.start),
                Value::text(&g.group),
            ];
            row.extend([g.erlang, g.required, g.heads_required].map(Value::integer));
            row.extend(
                [g.scheduled_heads, g.over, g.under, g.scheduled]
                    .map(|n| Value::Integer(n.map(u64::from))),
            );
            row.extend(set(Some(&interval.kpis.required)));
            row.extend(set(interval.kpis.scheduled.as_ref()));
            table.rows.push(row);
        }
    }
    let mut doc = Document::new(None, Lang::En);
    doc.table(table);
    doc
}

/// The HTML report's body: the criterion, shrinkage and FTE, then the agents
/// per interval and group with the service level each staffing achieves.
pub fn html(r: &StaffRecord, w: &Words) -> Document {
    let title = format!("{} — {}", w.staff_title, r.scenario.source);
    let mut doc = Document::new(Some(title), w.lang);
    doc.heading(w.summary);
    let mut facts = Facts::new("summary");
    facts
        .add(capitalize(w.scenario), r.scenario.source.as_str())
        .add(capitalize(w.criterion), w.criterion_named(&r.criterion))
        .add(
            capitalize(w.shrinkage),
            format!("{} %", w.decimal(r.shrinkage.total * 100.0, 1)),
        );
    for g in &r.groups {
        let fte = match g.fte_scheduled {
            Some(scheduled) => format!(
                "{} {} / {} {}",
                w.decimal(g.fte_required, 2),
                w.required,
                w.decimal(scheduled, 2),
                w.scheduled_staff_on_phones
            ),
            None => format!("{} {}", w.decimal(g.fte_required, 2), w.required),
        };
        facts.add(format!("{} — {}", g.group, w.fte), fte);
        if let Some(cost) = g.shift_cost {
            facts.add(
                format!("{} — {}", g.group, w.shift_cost),
                w.decimal(cost, 2),
            );
        }
    }
    doc.push(Block::Facts(facts));

    doc.heading(capitalize(w.agents_per_interval));
    let (sl, abandon) = (CallKpi::ServiceLevel, CallKpi::AbandonRate);
    let mut columns = vec![Column::label(w.interval)];
    for g in &r.groups {
        columns.push(Column::integer(format!("{}: Erlang", g.group)));
        columns.push(Column::integer(format!("{}: {}", g.group, w.required)));
        let scheduled = format!("{}: {}", g.group, w.scheduled_staff_on_phones);
        columns.push(Column::integer(scheduled));
    }
    for kpi in [sl, abandon] {
        for staffing in [w.required, w.scheduled_staff_on_phones] {
            let header = format!("{} ({staffing})", report_header(kpi, w));
            columns.push(Column::kpi_headed(kpi, header));
        }
    }
    let has_schedule = r.intervals.iter().any(|k| k.kpis.scheduled.is_some());
    if has_schedule {
        columns.push(Column::text(w.missed));
    }
    let mut plan = Table::new("plan", columns);
    for k in &r.intervals {
        let mut row = vec![Value::text(&k.start)];
        for g in &k.groups {
            row.extend([
                Value::integer(g.erlang),
                Value::integer(g.required),
                Value::Integer(g.scheduled.map(u64::from)),
            ]);
        }
        let scheduled = k.kpis.scheduled.as_ref();
        for kpi in [sl, abandon] {
            row.push(Value::estimate(k.kpis.required.get(kpi)));
            row.push(Value::estimate(scheduled.and_then(|m| m.get(kpi))));
        }
        if has_schedule {
            row.push(Value::Text(k.kpis.scheduled_misses.join("; ")));
        }
        plan.rows.push(row);
    }
    doc.table(plan);
    for g in r.groups.iter().filter(|g| !g.shifts.is_empty()) {
        doc.heading(format!("{} — {}", capitalize(w.schedule), g.group));
        let columns = vec![
            Column::label(w.shift),
            Column::text(w.start),
            Column::text(w.end),
            Column::text(w.breaks),
            Column::integer(w.agents),
            Column::number(w.cost_each, 2),
            Column::number(w.cost, 2),
        ];
        let mut schedule = Table::new("schedule", columns);
        for s in &g.shifts {
            schedule.rows.push(vec![
                Value::text(&s.shift),
                Value::text(&s.start),
                Value::text(&s.end),
                Value::Text(s.breaks.join(" ")),
                Value::integer(s.agents),
                Value::number(s.cost_each),
                Value::number(s.cost_each * f64::from(s.agents)),
            ]);
        }
        doc.table(schedule);
    }
    if !r.repairs.is_empty() || r.unrepaired.is_some() {
        doc.heading(w.schedule_repairs);
        for repair in &r.repairs {
            doc.line(format!(
                "{} {}: {} → {} {} ({})",
                repair.start,
                repair.group,
                repair.from_agents,
                repair.to_agents,
                w.repair_line,
                repair.missed
            ));
        }
        if let Some(why) = &r.unrepaired {
            doc.line(why.clone());
        }
    }
    doc
}

/// The roster for a WFM or HR system: one row per agent on the schedule,
/// with the shift's day, start, end and breaks as clock times.
pub fn roster(r: &StaffingReport) -> Document {
    let mut doc = Document::new(None, Lang::En);
    let columns = vec![
        Column::text("agent"),
        Column::text("group"),
        Column::text("shift"),
        Column::integer("day"),
        Column::text("start"),
        Column::text("end"),
        Column::text("breaks"),
        Column::number("paid_hours", 2),
        Column::number("cost", 2),
    ];
    let mut table = Table::new("roster", columns);
    for group in &r.groups {
        let mut n = 0;
        for shift in &group.shifts {
            for _ in 0..shift.agents {
                n += 1;
                table.rows.push(vec![
                    Value::Text(format!("{}-{n:03}", group.group)),
                    Value::text(&group.group),
                    Value::text(&shift.shift),
                    Value::integer(shift.day),
                    Value::text(&shift.start_clock),
                    Value::text(&shift.end),
                    Value::Text(shift.breaks.join(" ")),
                    Value::number(shift.length_min / 60.0),
                    Value::number(shift.cost_each),
                ]);
            }
        }
    }
    doc.table(table);
    doc
}
