//! The documents of `callsim staff`: the plan's tables, its CSV rows per
//! interval and group, and the HTML report.

use super::phrases::{
    PLANNING_ORDER, own_targets_list, replications, round6, targets_sentence,
    targets_sentence_with, timing,
};
use super::{Block, Column, Document, Estimate, Facts, Table, Value, report_header};
use crate::kpi::{CallKpi, TargetKpi};
use crate::lang::{Lang, Words, capitalize, fill};
use crate::record::StaffRecord;
use crate::report::staffing::{GroupPlan, KpiSet};
use crate::report::{Report, StaffingReport};
use crate::scenario::OwnTargets;
use crate::staffing::{Criterion, MipStatus, MissedTarget};

impl Report for StaffingReport {
    fn table(&self, lang: Lang) -> Document {
        table(self, lang)
    }

    fn csv(&self, lang: Lang) -> Document {
        csv(self, lang)
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
pub fn table(r: &StaffingReport, lang: Lang) -> Document {
    let w = lang.words();
    let mut doc = Document::new(None, lang);
    let t = &r.targets;
    let own: Vec<(&str, f64)> = r
        .call_type_thresholds
        .iter()
        .map(|o| (o.call_type.as_str(), o.answer_within_s))
        .collect();
    let targets = targets_sentence_with(
        &PLANNING_ORDER,
        |k| k.target(t),
        t.answer_within_s,
        &own,
        t.max_occupancy,
        w,
    );
    let judged = match r.criterion {
        Criterion::Mean => w.judged_mean.to_string(),
        // The search takes a missing half-width as zero.
        Criterion::Bound if r.replications.count == 1 => w.judged_mean_one.to_string(),
        Criterion::Bound => fill(w.judged_bound, &[("pct", &w.number(r.confidence * 100.0))]),
    };
    doc.line(fill(
        w.staffing_line,
        &[
            ("source", &r.scenario.source),
            ("intervals", &r.intervals.len()),
            ("replications", &replications(r.replications.count, w)),
            ("seed", &r.seed),
        ],
    ));
    doc.line(fill(
        w.targets_judged,
        &[("targets", &targets), ("judged", &judged)],
    ));
    let own: Vec<(&str, OwnTargets)> = r
        .call_types
        .iter()
        .filter(|c| !c.own_targets.is_empty())
        .map(|c| (c.call_type.as_str(), c.own_targets))
        .collect();
    if !own.is_empty() {
        let list = own_targets_list(&own, w);
        doc.line(fill(w.own_targets_staffed, &[("list", &list)]));
    }
    let s = &r.shrinkage;
    if s.total > 0.0 {
        let pct = |share: f64| w.number(round6(share * 100.0));
        doc.line(fill(
            w.shrinkage_line,
            &[
                ("total", &pct(s.total)),
                ("absenteeism", &pct(s.absenteeism)),
                ("breaks", &pct(s.breaks)),
                ("training", &pct(s.training)),
                ("factor", &w.number(round6(1.0 - s.total))),
            ],
        ));
    }
    for warning in &r.warnings {
        doc.line(fill(w.warning_line, &[("warning", warning)]));
    }
    let has_shifts = r.groups.iter().any(|g| g.shift_cost.is_some());
    doc.gap().heading(capitalize(w.agents_per_interval));
    doc.table(agents(r, has_shifts, w));
    doc.gap();
    doc.line(if r.replications.count == 1 {
        fill(w.achieved_one, &[("one_replication", &w.one_replication)])
    } else {
        w.achieved_many.to_string()
    });
    doc.table(achieved(r, has_shifts, w));
    // One call type: the day's table above is its own.
    if r.call_types.len() > 1 {
        let rows: Vec<TypeRow> = r
            .call_types
            .iter()
            .map(|c| {
                let t = &c.targets;
                let targets = [t.service_level, t.max_abandon, t.max_asa_s];
                let required = TYPE_KPIS.map(|k| c.required.get(k).map(Into::into));
                let scheduled = c
                    .scheduled
                    .map(|s| TYPE_KPIS.map(|k| s.get(k).map(Into::into)));
                let targets = type_targets(targets, t.answer_within_s, w);
                TypeRow::new(&c.call_type, targets, required, scheduled)
            })
            .collect();
        doc.gap().line(w.per_type_achieved);
        doc.table(per_type_table(&rows, w));
    }
    let several = r.groups.len() > 1;
    for group in &r.groups {
        doc.gap();
        group_totals(&mut doc, r, group, several, w);
    }
    if !r.repairs.is_empty() || r.unrepaired.is_some() {
        doc.gap().heading(w.schedule_repairs);
        for repair in &r.repairs {
            doc.line(fill(
                w.repair_round,
                &[
                    ("round", &repair.round),
                    ("start", &repair.start),
                    ("group", &repair.group),
                    ("from", &repair.from_agents),
                    ("to", &repair.to_agents),
                    ("missed", &repair.miss.text(w)),
                ],
            ));
        }
        if let Some(why) = &r.unrepaired_miss {
            doc.line(fill(w.not_repaired, &[("why", &why.text(w))]));
        }
    }
    doc.gap();
    let search = &r.search;
    let timing = timing(search.calls_simulated, search.wall_time_s, None, w);
    doc.line(fill(
        w.search_line,
        &[("simulations", &search.simulations), ("timing", &timing)],
    ));
    doc
}

/// Agents per interval and group: Erlang's seed, the requirement, the
/// heads, and the schedule's where there are shifts.
fn agents(r: &StaffingReport, has_shifts: bool, w: &Words) -> Table {
    let several = r.groups.len() > 1;
    let mut columns = vec![Column::label(w.start)];
    if several {
        columns.push(Column::text(w.group));
    }
    columns.extend([w.erlang_column, w.required, w.heads].map(Column::integer));
    if has_shifts {
        columns.extend([w.on_shift, w.over, w.under, w.scheduled].map(Column::integer));
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

/// The targets missed, in `w`'s words; a record written before misses were
/// kept for any language has only their English `texts`.
fn missed_texts(missed: &[MissedTarget], texts: &[String], w: &Words) -> String {
    if missed.is_empty() {
        return texts.join("; ");
    }
    missed
        .iter()
        .map(|m| m.text(w))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The KPIs the required (and the scheduled) staffing achieve per interval
/// and for the day, with the targets the schedule misses.
fn achieved(r: &StaffingReport, has_shifts: bool, w: &Words) -> Table {
    let mut columns = vec![Column::label(w.start), Column::kpi(CallKpi::Offered, w)];
    columns.extend(ACHIEVED.map(|k| Column::kpi(k, w)));
    if has_shifts {
        columns.extend(ACHIEVED.map(|k| {
            let header = fill(w.scheduled_header, &[("header", &w.kpi_header(k))]);
            Column::kpi_headed(k, header)
        }));
        columns.push(Column::text(w.missed));
    }
    let mut table = Table::new("achieved", columns);
    let day = std::iter::once((w.day, &r.day));
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
            row.push(Value::Text(missed_texts(&kpis.scheduled_missed, &[], w)));
        }
        table.rows.push(row);
    }
    table
}

/// The KPIs of the per-call-type table.
const TYPE_KPIS: [CallKpi; 4] = [
    CallKpi::Offered,
    CallKpi::ServiceLevel,
    CallKpi::AbandonRate,
    CallKpi::Asa,
];

/// One call type in the per-type table: its targets and whole period.
struct TypeRow<'a> {
    call_type: &'a str,
    targets: String,
    required: [Option<Estimate>; 4],
    scheduled: Option<[Option<Estimate>; 4]>,
}

impl<'a> TypeRow<'a> {
    fn new(
        call_type: &'a str,
        targets: String,
        required: [Option<Estimate>; 4],
        scheduled: Option<[Option<Estimate>; 4]>,
    ) -> Self {
        Self {
            call_type,
            targets,
            required,
            scheduled,
        }
    }
}

/// A call type's targets (service level, abandonment, ASA) in one phrase;
/// a window of whole hours (an e-mail's) in hours.
fn type_targets(targets: [Option<f64>; 3], within_s: f64, w: &Words) -> String {
    let [service_level, max_abandon, max_asa_s] = targets;
    let target = |k: TargetKpi| match k {
        TargetKpi::ServiceLevel => service_level,
        TargetKpi::AbandonRate => max_abandon,
        TargetKpi::Asa => max_asa_s,
    };
    let text = targets_sentence(&PLANNING_ORDER, target, within_s, None, w);
    if within_s >= 3600.0 && within_s % 3600.0 == 0.0 {
        let seconds = format!("{} {}", w.number(within_s), w.seconds);
        text.replace(&seconds, &format!("{} h", w.number(within_s / 3600.0)))
    } else {
        text
    }
}

/// Each call type's whole period, required and scheduled, beside its targets.
fn per_type_table(rows: &[TypeRow], w: &Words) -> Table {
    let scheduled = rows.iter().any(|r| r.scheduled.is_some());
    let mut columns = vec![Column::label(w.call_type), Column::text(w.targets)];
    columns.extend(TYPE_KPIS.map(|k| Column::kpi_headed(k, report_header(k, w))));
    if scheduled {
        columns.extend(TYPE_KPIS[1..].iter().map(|&k| {
            let header = fill(w.scheduled_header, &[("header", &w.kpi_header(k))]);
            Column::kpi_headed(k, header)
        }));
    }
    let mut table = Table::new("call-types", columns);
    for r in rows {
        let mut row = vec![Value::text(r.call_type), Value::text(&r.targets)];
        row.extend(r.required.map(Value::estimate));
        if scheduled {
            let s = r.scheduled.unwrap_or([None; 4]);
            row.extend(s[1..].iter().map(|&e| Value::estimate(e)));
        }
        table.rows.push(row);
    }
    table
}

/// A group's hours and FTE, and its shifts where the MIP scheduled them.
fn group_totals(
    doc: &mut Document,
    r: &StaffingReport,
    group: &GroupPlan,
    several: bool,
    w: &Words,
) {
    let name = if several {
        format!(" \"{}\"", group.group)
    } else {
        String::new()
    };
    doc.line(fill(
        w.totals_line,
        &[
            ("name", &name),
            ("hours", &w.decimal(group.required_agent_hours, 1)),
            ("fte", &w.decimal(group.fte_required, 2)),
            ("fte_hours", &w.number(round6(r.fte_hours))),
        ],
    ));
    let (Some(cost), Some(paid), Some(fte), Some(status)) = (
        group.shift_cost,
        group.paid_hours,
        group.fte_scheduled,
        group.mip_status,
    ) else {
        return;
    };
    let mut status = match status {
        MipStatus::Optimal => w.mip_optimal,
        MipStatus::WithinGap => w.mip_within_gap,
        MipStatus::TimeLimit => w.mip_time_limit,
    }
    .to_string();
    // Stopped by the time limit: how far the cost may be from the optimum.
    // (Within the gap the solver's own bound is the closer one: the
    // relaxation's would only look looser.)
    if let Some(bound) = group.shift_cost_bound
        && group.mip_status == Some(MipStatus::TimeLimit)
        && cost > 0.0
    {
        status.push_str(&fill(
            w.mip_bound,
            &[
                ("gap", &w.decimal((cost - bound).max(0.0) / cost * 100.0, 2)),
                ("bound", &w.decimal(bound, 2)),
            ],
        ));
    }
    doc.line(fill(
        w.shifts_line,
        &[
            ("name", &name),
            ("cost", &w.decimal(cost, 2)),
            ("status", &status),
            ("paid", &w.decimal(paid, 1)),
            ("fte", &w.decimal(fte, 2)),
        ],
    ));
    let week_plans = group.shifts.iter().any(|s| !s.days_off.is_empty());
    let mut columns = shift_columns(w, week_plans);
    columns
        .extend([w.end, w.breaks, w.length_min, w.agents, w.cost_each, w.cost].map(Column::text));
    let mut shifts = Table::new("shifts", columns);
    for s in &group.shifts {
        let mut row = shift_cells(&s.shift, &s.start, &s.days_off, week_plans);
        row.extend([
            Value::text(&s.end),
            Value::Text(breaks_cell(&s.breaks, s.breaks_vary_by_day, w)),
            Value::Text(w.number(round6(s.length_min))),
            Value::integer(s.agents),
            Value::Text(w.decimal(s.cost_each, 2)),
            Value::Text(w.decimal(s.cost_each * f64::from(s.agents), 2)),
        ]);
        shifts.rows.push(row);
    }
    doc.table(shifts);
}

/// A schedule row's breaks: "–" for none; a week plan whose window breaks
/// differ by day says so after those of every day.
fn breaks_cell(breaks: &[String], vary_by_day: bool, w: &Words) -> String {
    let mut cell = breaks.join(" ");
    if vary_by_day {
        if !cell.is_empty() {
            cell.push(' ');
        }
        cell.push_str(w.breaks_by_day);
    }
    if cell.is_empty() { "–".into() } else { cell }
}

/// A schedule table's first columns: the shift, its start, and for week
/// plans their days off.
fn shift_columns(w: &Words, week_plans: bool) -> Vec<Column> {
    let mut columns = vec![Column::label(w.shift), Column::text(w.start)];
    if week_plans {
        columns.push(Column::text(w.days_off));
    }
    columns
}

/// A schedule row's first cells, for [`shift_columns`].
fn shift_cells(shift: &str, start: &str, days_off: &[String], week_plans: bool) -> Vec<Value> {
    let mut row = vec![Value::text(shift), Value::text(start)];
    if week_plans {
        row.push(Value::Text(days_off.join(" ")));
    }
    row
}

/// One row per interval × group: agents, then the KPIs (all calls) of the
/// required and of the scheduled staffing.
pub fn csv(r: &StaffingReport, lang: Lang) -> Document {
    let c = &lang.words().csv;
    let mut columns = vec![
        Column::integer(c.interval),
        Column::text(c.start),
        Column::text(c.group),
    ];
    columns.extend(
        [
            c.erlang,
            c.required,
            c.heads_required,
            c.scheduled_heads,
            c.over,
            c.under,
            c.scheduled,
        ]
        .map(Column::integer),
    );
    for staffing in [c.required, c.scheduled] {
        columns.extend(
            CSV_KPIS
                .map(|k| Column::kpi_headed(k, format!("{}_{staffing}", lang.words().kpi_key(k)))),
        );
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
    let mut doc = Document::new(None, lang);
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

    // One call type: the day's table above is its own.
    if r.call_types.len() > 1 {
        let rows: Vec<TypeRow> = r
            .call_types
            .iter()
            .map(|c| {
                let t = &c.targets;
                let targets = [t.service_level, t.max_abandon, t.max_asa_s];
                let required = TYPE_KPIS.map(|k| c.required.get(k).map(Into::into));
                let scheduled =
                    (c.scheduled.as_ref()).map(|s| TYPE_KPIS.map(|k| s.get(k).map(Into::into)));
                let targets = type_targets(targets, t.answer_within_s, w);
                TypeRow::new(&c.call_type, targets, required, scheduled)
            })
            .collect();
        doc.heading(w.per_type_achieved);
        doc.table(per_type_table(&rows, w));
    }

    doc.heading(capitalize(w.agents_per_interval));
    let (sl, abandon) = (CallKpi::ServiceLevel, CallKpi::AbandonRate);
    let mut columns = vec![Column::label(w.interval)];
    for g in &r.groups {
        columns.push(Column::integer(format!(
            "{}: {}",
            g.group, w.erlang_estimate
        )));
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
            row.push(Value::Text(missed_texts(
                &k.kpis.scheduled_missed,
                &k.kpis.scheduled_misses,
                w,
            )));
        }
        plan.rows.push(row);
    }
    doc.table(plan);
    for g in r.groups.iter().filter(|g| !g.shifts.is_empty()) {
        doc.heading(format!("{} — {}", capitalize(w.schedule), g.group));
        let week_plans = g.shifts.iter().any(|s| !s.days_off.is_empty());
        let mut columns = shift_columns(w, week_plans);
        columns.extend([
            Column::text(w.end),
            Column::text(w.breaks),
            Column::integer(w.agents),
            Column::number(w.cost_each, 2),
            Column::number(w.cost, 2),
        ]);
        let mut schedule = Table::new("schedule", columns);
        for s in &g.shifts {
            let mut row = shift_cells(&s.shift, &s.start, &s.days_off, week_plans);
            row.extend([
                Value::text(&s.end),
                Value::Text(breaks_cell(&s.breaks, s.breaks_vary_by_day, w)),
                Value::integer(s.agents),
                Value::number(s.cost_each),
                Value::number(s.cost_each * f64::from(s.agents)),
            ]);
            schedule.rows.push(row);
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
                repair
                    .miss
                    .as_ref()
                    .map_or_else(|| repair.missed.clone(), |m| m.text(w))
            ));
        }
        match (&r.unrepaired_miss, &r.unrepaired) {
            (Some(why), _) => doc.line(why.text(w)),
            (None, Some(why)) => doc.line(why.clone()),
            (None, None) => &mut doc,
        };
    }
    doc
}

/// The roster for a WFM or HR system: one row per agent on the schedule,
/// with the shift's day, start, end and breaks as clock times.
pub fn roster(r: &StaffingReport, lang: Lang) -> Document {
    let c = &lang.words().csv;
    let mut doc = Document::new(None, lang);
    let columns = vec![
        Column::text(c.agent),
        Column::text(c.group),
        Column::text(c.shift),
        Column::integer(c.day),
        Column::text(c.weekday),
        Column::text(c.start),
        Column::text(c.end),
        Column::text(c.breaks),
        Column::number(c.paid_hours, 2),
        Column::number(c.cost, 2),
    ];
    let mut table = Table::new("roster", columns);
    for group in &r.groups {
        let mut n = 0;
        for shift in &group.shifts {
            // A day's shift is one day; a week plan's agent has a row per day worked.
            let days: Vec<(u32, Option<&str>, &[String])> = if shift.days_worked.is_empty() {
                vec![(shift.day, shift.weekday.as_deref(), &shift.breaks)]
            } else {
                shift
                    .days_worked
                    .iter()
                    .map(|d| (d.day, d.weekday.as_deref(), d.breaks.as_slice()))
                    .collect()
            };
            let cost_per_day = shift.cost_each / days.len() as f64;
            for _ in 0..shift.agents {
                n += 1;
                for &(day, weekday, breaks) in &days {
                    table.rows.push(vec![
                        Value::Text(format!("{}-{n:03}", group.group)),
                        Value::text(&group.group),
                        Value::text(&shift.shift),
                        Value::integer(day),
                        Value::text(weekday.unwrap_or("")),
                        Value::text(&shift.start_clock),
                        Value::text(&shift.end),
                        Value::Text(breaks.join(" ")),
                        Value::number(shift.length_min / 60.0),
                        Value::number(cost_per_day),
                    ]);
                }
            }
        }
    }
    doc.table(table);
    doc
}
