//! The documents of `callsim erlang`: the terminal's facts or staffing
//! table, one CSV row per staffing level or interval, and the HTML report.
//! Erlang's KPIs are formulas' values, not estimates: plain numbers.

use super::phrases::{PLANNING_ORDER, targets_sentence};
use super::{Block, Column, Document, Facts, Kind, Table, Value, report_header};
use crate::erlang::{Kpis, QueueModel, Targets};
use crate::kpi::{CallKpi, Kpi, TargetKpi};
use crate::lang::{Lang, Words, capitalize};
use crate::record::{ErlangKpis, ErlangRecord, ErlangResult as RecordResult};
use crate::report::{ErlangReport, ErlangResult, Report, TrafficSummary};

impl Report for ErlangReport {
    fn table(&self) -> Document {
        table(self)
    }

    fn csv(&self) -> Document {
        csv(self)
    }
}

/// A share in percent with its sign: "81.23 %".
const PERCENT: Kind = Kind::Number {
    scale: 100.0,
    decimals: 2,
    suffix: " %",
};

fn percent(share: f64) -> String {
    crate::report::render::text::cell(PERCENT, &Value::number(share))
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

/// Erlang's targets as the terminal's sentence names them.
fn targets_line(t: &Targets) -> String {
    let target = |kpi| match kpi {
        TargetKpi::ServiceLevel => t.service_level.map(|sl| sl.share),
        TargetKpi::AbandonRate => t.max_abandon,
        TargetKpi::Asa => t.max_asa_s,
    };
    let within = t.service_level.map_or(0.0, |sl| sl.within_s);
    targets_sentence(&PLANNING_ORDER, target, within, t.max_occupancy)
}

/// The terminal's text: the explanation if asked, then the KPIs of the
/// agents given, the staffing table around the required agents, or the
/// agents per interval with the day's totals.
pub fn table(r: &ErlangReport) -> Document {
    let mut doc = Document::new(None, Lang::En);
    for line in &r.explanation {
        doc.line(line.as_str());
    }
    if !r.explanation.is_empty() {
        doc.gap();
    }
    let model = model_line(r.model);
    let targets = targets_line(&r.targets);
    match &r.result {
        ErlangResult::Evaluate {
            traffic,
            kpis,
            scheduled_staff,
            meets_targets,
            shortfalls,
        } => {
            doc.line(format!("{model}, {}", traffic_line(traffic)));
            let mut facts = kpi_facts(kpis, r);
            if r.shrinkage > 0.0 {
                let label = format!("scheduled staff ({:.0} % shrinkage)", r.shrinkage * 100.0);
                facts.add(label, scheduled_staff.to_string());
            }
            doc.push(Block::Facts(facts));
            match meets_targets {
                Some(true) => doc.line(format!("targets ({targets}): met")),
                Some(false) => doc.line(format!(
                    "targets ({targets}): NOT met: {}",
                    shortfalls.join("; ")
                )),
                None => &mut doc,
            };
        }
        ErlangResult::Staffing {
            traffic,
            required,
            scheduled_staff,
            table,
        } => {
            doc.line(format!("{model}, {}", traffic_line(traffic)));
            doc.line(format!("targets: {targets}"));
            let mut line = format!("required: {} agents", required.agents);
            if r.shrinkage > 0.0 {
                line.push_str(&format!(
                    ", {scheduled_staff} scheduled staff after {:.0} % shrinkage",
                    r.shrinkage * 100.0
                ));
            }
            doc.line(line).gap();
            let mut columns = vec![Column::text("")];
            columns.extend(kpi_columns(r.model));
            let mut levels = Table::new("kpis", columns);
            for k in table {
                let marker = if k.agents == required.agents {
                    "▶"
                } else {
                    ""
                };
                let mut row = vec![Value::text(marker)];
                row.extend(kpi_cells(k, r.model));
                levels.rows.push(row);
            }
            doc.table(levels);
        }
        ErlangResult::Intervals {
            interval_min,
            rows,
            totals,
        } => {
            doc.line(format!("{model}, {interval_min} min intervals"));
            doc.line(format!("targets: {targets}")).gap();
            let mut columns = vec![
                Column::text("interval"),
                Column::number("calls", 1),
                Column::number("AHT s", 0),
                Column::number("Erlangs", 2),
            ];
            columns.extend(kpi_columns(r.model));
            columns.push(Column::integer("staff"));
            let mut intervals = Table::new("intervals", columns);
            for row in rows {
                let mut cells = vec![
                    Value::text(&row.interval),
                    Value::number(row.calls),
                    Value::number(row.traffic.aht_s),
                    Value::number(row.traffic.offered_load_erlangs),
                ];
                cells.extend(kpi_cells(&row.kpis, r.model));
                cells.push(Value::integer(row.scheduled_staff));
                intervals.rows.push(cells);
            }
            doc.table(intervals).gap();
            doc.line(format!(
                "total: {:.1} calls, {:.1} agent-hours on the phones, {:.1} paid staff-hours; peak {} agents ({} staff)",
                totals.calls,
                totals.agent_hours,
                totals.staff_hours,
                totals.peak_agents,
                totals.peak_scheduled_staff
            ));
        }
    }
    doc
}

/// The KPIs of one staffing level, labelled in words.
fn kpi_facts(k: &Kpis, r: &ErlangReport) -> Facts {
    let asa = k
        .asa_answered_s
        .map_or("–".to_string(), |s| format!("{s:.1}"));
    let mut facts = Facts::new("kpis");
    facts
        .add("agents", k.agents.to_string())
        .add("probability of waiting", percent(k.prob_wait))
        .add(
            format!("service level ({} s)", k.service_level_threshold_s),
            format!(
                "{} ({})",
                percent(k.service_level),
                r.service_level_basis.describe()
            ),
        )
        .add("ASA (answered callers)", format!("{asa} s"));
    if let QueueModel::ErlangA { .. } = r.model {
        facts.add("abandonment", percent(k.prob_abandon)).add(
            "mean wait (all callers)",
            format!("{:.1} s", k.mean_wait_all_s),
        );
    }
    facts
        .add("occupancy", percent(k.occupancy))
        .add("mean queue length", format!("{:.3}", k.mean_queue_length))
        .add("Erlang B (no queue)", format!("{:.6}", k.blocking_no_queue));
    facts
}

/// The terminal's KPI columns of a staffing level; abandonment under Erlang A.
fn kpi_columns(model: QueueModel) -> Vec<Column> {
    let mut columns = vec![
        Column::integer("agents"),
        Column::new("P(wait)", PERCENT),
        Column::new("SL", PERCENT).of(CallKpi::ServiceLevel),
        Column::number("ASA s", 1).of(CallKpi::Asa),
    ];
    if let QueueModel::ErlangA { .. } = model {
        columns.push(Column::new("abandon", PERCENT).of(CallKpi::AbandonRate));
    }
    columns.push(Column::new("occupancy", PERCENT).of(CallKpi::Occupancy));
    columns.push(Column::number("queue", 2));
    columns
}

fn kpi_cells(k: &Kpis, model: QueueModel) -> Vec<Value> {
    let mut cells = vec![
        Value::integer(k.agents),
        Value::number(k.prob_wait),
        Value::number(k.service_level),
        Value::Number(k.asa_answered_s),
    ];
    if let QueueModel::ErlangA { .. } = model {
        cells.push(Value::number(k.prob_abandon));
    }
    cells.push(Value::number(k.occupancy));
    cells.push(Value::number(k.mean_queue_length));
    cells
}

/// A CSV column of Erlang's KPIs: its name (the field's in JSON) and value.
type CsvKpi = (&'static str, fn(&Kpis) -> Value);

/// Erlang's KPIs in the CSV.
const CSV_KPIS: [CsvKpi; 11] = [
    ("agents", |k| Value::integer(k.agents)),
    ("offered_load_erlangs", |k| {
        Value::number(k.offered_load_erlangs)
    }),
    ("blocking_no_queue", |k| Value::number(k.blocking_no_queue)),
    ("prob_wait", |k| Value::number(k.prob_wait)),
    ("prob_abandon", |k| Value::number(k.prob_abandon)),
    ("service_level", |k| Value::number(k.service_level)),
    ("service_level_threshold_s", |k| {
        Value::number(k.service_level_threshold_s)
    }),
    ("asa_answered_s", |k| Value::Number(k.asa_answered_s)),
    ("mean_wait_all_s", |k| Value::number(k.mean_wait_all_s)),
    ("occupancy", |k| Value::number(k.occupancy)),
    ("mean_queue_length", |k| Value::number(k.mean_queue_length)),
];

fn csv_kpi_columns() -> impl Iterator<Item = Column> {
    CSV_KPIS.iter().map(|(name, _)| Column::number(*name, 2))
}

fn csv_kpi_cells(k: &Kpis) -> impl Iterator<Item = Value> + '_ {
    CSV_KPIS.iter().map(move |(_, value)| value(k))
}

/// One row per staffing level or per interval, full precision.
pub fn csv(r: &ErlangReport) -> Document {
    let mut columns = Vec::new();
    let mut rows = Vec::new();
    match &r.result {
        ErlangResult::Evaluate {
            kpis,
            scheduled_staff,
            ..
        } => {
            columns.extend(csv_kpi_columns());
            columns.push(Column::integer("scheduled_staff"));
            let mut row: Vec<Value> = csv_kpi_cells(kpis).collect();
            row.push(Value::integer(*scheduled_staff));
            rows.push(row);
        }
        ErlangResult::Staffing {
            required, table, ..
        } => {
            columns.extend(csv_kpi_columns());
            columns.push(Column::integer("scheduled_staff"));
            columns.push(Column::new("required", Kind::Flag));
            for kpis in table {
                let mut row: Vec<Value> = csv_kpi_cells(kpis).collect();
                let staff = crate::erlang::scheduled_staff(kpis.agents, r.shrinkage);
                row.push(Value::integer(staff));
                row.push(Value::Flag(Some(kpis.agents == required.agents)));
                rows.push(row);
            }
        }
        ErlangResult::Intervals {
            rows: intervals, ..
        } => {
            columns.extend([
                Column::text("interval"),
                Column::number("calls", 2),
                Column::number("aht_s", 2),
            ]);
            columns.extend(csv_kpi_columns());
            columns.push(Column::integer("scheduled_staff"));
            for i in intervals {
                let mut row = vec![
                    Value::text(&i.interval),
                    Value::number(i.calls),
                    Value::number(i.traffic.aht_s),
                ];
                row.extend(csv_kpi_cells(&i.kpis));
                row.push(Value::integer(i.scheduled_staff));
                rows.push(row);
            }
        }
    }
    let mut table = Table::new("kpis", columns);
    table.rows = rows;
    let mut doc = Document::new(None, Lang::En);
    doc.table(table);
    doc
}

/// The HTML report's body: the model, targets, load and answer, then the
/// KPIs against agents (or per interval).
pub fn html(r: &ErlangRecord, w: &Words) -> Document {
    let mut doc = Document::new(Some(w.erlang_title.to_string()), w.lang);
    doc.heading(w.summary);
    doc.push(Block::Facts(html_summary(r, w)));
    doc.heading(w.staffing_table);
    // The analytic KPIs as the simulation's are shown: scale and decimals
    // from the call KPIs' definitions.
    let analytic = |kpi: CallKpi| {
        Column::number(report_header(kpi, w), kpi.def().decimals)
            .scaled(kpi.scale())
            .of(kpi)
    };
    let kpi_columns = [
        analytic(CallKpi::ServiceLevel),
        analytic(CallKpi::Asa),
        Column::number(format!("{} %", w.prob_wait), 1).scaled(100.0),
        analytic(CallKpi::AbandonRate),
        analytic(CallKpi::Occupancy),
    ];
    let kpi_cells = |k: &ErlangKpis| {
        [
            Value::number(k.service_level),
            Value::Number(k.asa_answered_s),
            Value::number(k.prob_wait),
            Value::number(k.prob_abandon),
            Value::number(k.occupancy),
        ]
    };
    let table = match &r.result {
        RecordResult::Intervals { rows, .. } => {
            let mut columns = vec![
                Column::label(w.interval),
                Column::number(w.calls, 1),
                Column::integer(w.required),
                Column::integer(w.scheduled_staff),
            ];
            columns.extend(kpi_columns);
            let mut table = Table::new("kpis", columns);
            for row in rows {
                let mut cells = vec![
                    Value::text(&row.interval),
                    Value::number(row.calls),
                    Value::integer(row.kpis.agents),
                    Value::integer(row.scheduled_staff),
                ];
                cells.extend(kpi_cells(&row.kpis));
                table.rows.push(cells);
            }
            table
        }
        RecordResult::Evaluate { .. } | RecordResult::Staffing { .. } => {
            let curve: &[ErlangKpis] = match (&r.result, r.curve.is_empty()) {
                (RecordResult::Staffing { table, .. }, true) => table,
                _ => &r.curve,
            };
            let mut columns = vec![Column::integer(w.agents)];
            columns.extend(kpi_columns);
            let mut table = Table::new("kpis", columns);
            for k in curve {
                let mut cells = vec![Value::integer(k.agents)];
                cells.extend(kpi_cells(k));
                table.rows.push(cells);
            }
            table
        }
    };
    doc.table(table);
    doc
}

/// The model, the targets, the offered load and the answer.
fn html_summary(r: &ErlangRecord, w: &Words) -> Facts {
    let mut facts = Facts::new("summary");
    let model = match r.model.patience_s {
        Some(p) => format!("Erlang A (M/M/n+M), {} {p} s", w.patience),
        None => "Erlang C (M/M/n)".to_string(),
    };
    facts.add(capitalize(w.model), model);
    let t = &r.targets;
    let mut targets = Vec::new();
    if let Some(sl) = t.service_level {
        targets.push(format!(
            "{} {:.0} % / {} {}",
            w.kpi(CallKpi::ServiceLevel),
            sl.share * 100.0,
            sl.within_s,
            w.seconds
        ));
    }
    if let Some(v) = t.max_asa_s {
        targets.push(format!("{} ≤ {v} {}", w.kpi(CallKpi::Asa), w.seconds));
    }
    if let Some(v) = t.max_abandon {
        let name = w.kpi(CallKpi::AbandonRate);
        targets.push(format!("{name} ≤ {:.1} %", v * 100.0));
    }
    if let Some(v) = t.max_occupancy {
        let name = w.kpi(CallKpi::Occupancy);
        targets.push(format!("{name} ≤ {:.0} %", v * 100.0));
    }
    let targets = if targets.is_empty() {
        w.none.to_string()
    } else {
        targets.join("; ")
    };
    facts.add(capitalize(w.targets), targets);
    let traffic = match &r.result {
        RecordResult::Evaluate { traffic, .. } | RecordResult::Staffing { traffic, .. } => {
            Some(traffic)
        }
        RecordResult::Intervals { .. } => None,
    };
    if let Some(tr) = traffic {
        facts.add(
            capitalize(w.load),
            format!(
                "{:.2} ({:.1} {}/h × {:.1} {})",
                tr.offered_load_erlangs, tr.calls_per_hour, w.calls, tr.aht_s, w.seconds
            ),
        );
    }
    match &r.result {
        RecordResult::Evaluate {
            kpis,
            scheduled_staff,
            meets_targets,
            ..
        } => {
            facts
                .add(capitalize(w.agents), kpis.agents.to_string())
                .add(capitalize(w.scheduled_staff), scheduled_staff.to_string());
            if let Some(ok) = meets_targets {
                facts.add(capitalize(w.targets), if *ok { w.met } else { w.not_met });
            }
        }
        RecordResult::Staffing {
            required,
            scheduled_staff,
            ..
        } => {
            facts
                .add(capitalize(w.required), required.agents.to_string())
                .add(capitalize(w.scheduled_staff), scheduled_staff.to_string());
        }
        RecordResult::Intervals { .. } => {}
    }
    facts
}
