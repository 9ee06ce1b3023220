//! The documents of `callsim erlang`: the terminal's facts or staffing
//! table, one CSV row per staffing level or interval, and the HTML report.
//! Erlang's KPIs are formulas' values, not estimates: plain numbers.

use super::phrases::{PLANNING_ORDER, targets_sentence};
use super::{Block, Column, Document, Facts, Kind, Table, Value, report_header};
use crate::erlang::{Kpis, QueueModel, ServiceLevelBasis, Targets};
use crate::kpi::{CallKpi, Kpi, TargetKpi};
use crate::lang::{CsvWords, Lang, Words, capitalize, fill};
use crate::record::{ErlangKpis, ErlangRecord, ErlangResult as RecordResult};
use crate::report::{ErlangReport, ErlangResult, Report, TrafficSummary};

impl Report for ErlangReport {
    fn table(&self, lang: Lang) -> Document {
        table(self, lang)
    }

    fn csv(&self, lang: Lang) -> Document {
        csv(self, lang)
    }
}

/// A share in percent with its sign: "81.23 %".
pub(super) const PERCENT: Kind = Kind::Number {
    scale: 100.0,
    decimals: 2,
    suffix: " %",
};

pub(super) fn percent(share: f64, w: &Words) -> String {
    crate::report::render::text::cell(PERCENT, &Value::number(share), w.lang)
}

fn model_line(model: QueueModel, w: &Words) -> String {
    match model {
        QueueModel::ErlangC => w.model_c.to_string(),
        QueueModel::ErlangA { patience_s } => {
            fill(w.model_a, &[("patience", &w.number(patience_s))])
        }
    }
}

fn traffic_line(t: &TrafficSummary, w: &Words) -> String {
    fill(
        w.traffic_line,
        &[
            ("calls", &w.decimal(t.calls_per_hour, 2)),
            ("aht", &w.number(t.aht_s)),
            ("load", &w.decimal(t.offered_load_erlangs, 2)),
        ],
    )
}

/// Erlang's targets as the terminal's sentence names them.
pub(super) fn targets_line(t: &Targets, w: &Words) -> String {
    let target = |kpi| match kpi {
        TargetKpi::ServiceLevel => t.service_level.map(|sl| sl.share),
        TargetKpi::AbandonRate => t.max_abandon,
        TargetKpi::Asa => t.max_asa_s,
    };
    let within = t.service_level.map_or(0.0, |sl| sl.within_s);
    targets_sentence(&PLANNING_ORDER, target, within, t.max_occupancy, w)
}

/// The terminal's text: the explanation if asked, then the KPIs of the
/// agents given, the staffing table around the required agents, or the
/// agents per interval with the day's totals.
pub fn table(r: &ErlangReport, lang: Lang) -> Document {
    let w = lang.words();
    let mut doc = Document::new(None, lang);
    for line in &r.explanation {
        doc.line(line.as_str());
    }
    if !r.explanation.is_empty() {
        doc.gap();
    }
    let model = model_line(r.model, w);
    let targets = targets_line(&r.targets, w);
    let shrinkage_pct = w.decimal(r.shrinkage * 100.0, 0);
    match &r.result {
        ErlangResult::Evaluate {
            traffic,
            kpis,
            scheduled_staff,
            meets_targets,
            ..
        } => {
            doc.line(format!("{model}, {}", traffic_line(traffic, w)));
            let evaluated = Evaluated {
                facts: kpi_facts(kpis, r, w),
                shrinkage: r.shrinkage,
                scheduled_staff: *scheduled_staff,
                meets_targets: *meets_targets,
                targets: &r.targets,
                kpis,
            };
            evaluated.push_to(&mut doc, w);
        }
        ErlangResult::Staffing {
            traffic,
            required,
            scheduled_staff,
            table,
        } => {
            doc.line(format!("{model}, {}", traffic_line(traffic, w)));
            doc.line(fill(w.targets_line, &[("targets", &targets)]));
            let mut line = fill(w.required_line, &[("agents", &required.agents)]);
            if r.shrinkage > 0.0 {
                line.push_str(&fill(
                    w.after_shrinkage,
                    &[("staff", scheduled_staff), ("pct", &shrinkage_pct)],
                ));
            }
            doc.line(line).gap();
            let mut columns = vec![Column::text("")];
            columns.extend(kpi_columns(r.model, w));
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
            doc.line(fill(
                w.interval_minutes,
                &[("model", &model), ("minutes", &w.number(*interval_min))],
            ));
            doc.line(fill(w.targets_line, &[("targets", &targets)]))
                .gap();
            let mut columns = vec![
                Column::text(w.interval),
                Column::number(w.calls, 1),
                Column::number(w.kpi_header(CallKpi::Aht), 0),
                Column::number("Erlangs", 2),
            ];
            columns.extend(kpi_columns(r.model, w));
            columns.push(Column::integer(w.staff));
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
            doc.line(fill(
                w.erlang_total_line,
                &[
                    ("calls", &w.decimal(totals.calls, 1)),
                    ("agent_hours", &w.decimal(totals.agent_hours, 1)),
                    ("staff_hours", &w.decimal(totals.staff_hours, 1)),
                    ("peak", &totals.peak_agents),
                    ("peak_staff", &totals.peak_scheduled_staff),
                ],
            ));
        }
    }
    doc
}

/// The targets `kpis` misses, phrased in `w`'s language.
/// The KPIs at a given number of agents, as `erlang --agents N` shows them:
/// the facts, the scheduled staff under shrinkage, and whether the targets are met.
pub(super) struct Evaluated<'a> {
    pub(super) facts: Facts,
    pub(super) shrinkage: f64,
    pub(super) scheduled_staff: u32,
    pub(super) meets_targets: Option<bool>,
    pub(super) targets: &'a Targets,
    pub(super) kpis: &'a Kpis,
}

impl Evaluated<'_> {
    pub(super) fn push_to(mut self, doc: &mut Document, w: &Words) {
        if self.shrinkage > 0.0 {
            let pct = w.decimal(self.shrinkage * 100.0, 0);
            let label = fill(w.scheduled_staff_label, &[("pct", &pct)]);
            self.facts.add(label, self.scheduled_staff.to_string());
        }
        doc.push(Block::Facts(self.facts));
        let targets = targets_line(self.targets, w);
        match self.meets_targets {
            Some(true) => doc.line(fill(w.targets_met_line, &[("targets", &targets)])),
            Some(false) => doc.line(fill(
                w.targets_not_met_line,
                &[
                    ("targets", &targets),
                    ("shortfalls", &misses(self.targets, self.kpis, w)),
                ],
            )),
            None => doc,
        };
    }
}

pub(super) fn misses(targets: &Targets, kpis: &Kpis, w: &Words) -> String {
    let misses: Vec<String> = targets.misses(kpis).iter().map(|m| w.miss(m)).collect();
    misses.join("; ")
}

/// The KPIs of one staffing level, labelled in words.
fn kpi_facts(k: &Kpis, r: &ErlangReport, w: &Words) -> Facts {
    let abandoning = matches!(r.model, QueueModel::ErlangA { .. });
    let labels = (w.asa_answered_label, w.mean_wait_all_label);
    let mut facts = wait_facts(k, r.service_level_basis, abandoning, labels, w);
    facts
        .add(w.occupancy, percent(k.occupancy, w))
        .add(w.mean_queue_length, w.decimal(k.mean_queue_length, 3))
        .add(w.erlang_b_label, w.decimal(k.blocking_no_queue, 6));
    facts
}

/// The waiting KPIs of one staffing level, labelled in words: agents,
/// P(wait), service level, ASA (labelled `asa_label`) and, where callers
/// hang up, abandonment and the mean wait of all (`mean_wait_label`).
pub(super) fn wait_facts(
    k: &Kpis,
    basis: ServiceLevelBasis,
    abandoning: bool,
    (asa_label, mean_wait_label): (&str, &str),
    w: &Words,
) -> Facts {
    let asa = k
        .asa_answered_s
        .map_or("–".to_string(), |s| w.decimal(s, 1));
    let within = w.number(k.service_level_threshold_s);
    let mut facts = Facts::new("kpis");
    facts
        .add(w.agents, k.agents.to_string())
        .add(w.prob_waiting, percent(k.prob_wait, w))
        .add(
            fill(w.sl_within_label, &[("within", &within)]),
            format!("{} ({})", percent(k.service_level, w), w.basis(basis)),
        )
        .add(asa_label, format!("{asa} {}", w.seconds));
    if abandoning {
        facts.add(w.abandonment, percent(k.prob_abandon, w)).add(
            mean_wait_label,
            format!("{} {}", w.decimal(k.mean_wait_all_s, 1), w.seconds),
        );
    }
    facts
}

/// The terminal's KPI columns of a staffing level; abandonment under Erlang A.
fn kpi_columns(model: QueueModel, w: &Words) -> Vec<Column> {
    let mut columns = vec![
        Column::integer(w.agents),
        Column::new(w.prob_wait, PERCENT),
        Column::new(w.sl_short, PERCENT).of(CallKpi::ServiceLevel),
        Column::number(w.asa_column, 1).of(CallKpi::Asa),
    ];
    if let QueueModel::ErlangA { .. } = model {
        columns.push(Column::new(w.abandon_column, PERCENT).of(CallKpi::AbandonRate));
    }
    columns.push(Column::new(w.occupancy, PERCENT).of(CallKpi::Occupancy));
    columns.push(Column::number(w.queue, 2));
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

/// A CSV column of Erlang's KPIs: its name (the field's in JSON, in English)
/// and value.
type CsvKpi = (fn(&CsvWords) -> &'static str, fn(&Kpis) -> Value);

/// Erlang's KPIs in the CSV.
const CSV_KPIS: [CsvKpi; 11] = [
    (|c| c.agents, |k| Value::integer(k.agents)),
    (
        |c| c.offered_load_erlangs,
        |k| Value::number(k.offered_load_erlangs),
    ),
    (
        |c| c.blocking_no_queue,
        |k| Value::number(k.blocking_no_queue),
    ),
    (|c| c.prob_wait, |k| Value::number(k.prob_wait)),
    (|c| c.prob_abandon, |k| Value::number(k.prob_abandon)),
    (|c| c.service_level, |k| Value::number(k.service_level)),
    (
        |c| c.service_level_threshold_s,
        |k| Value::number(k.service_level_threshold_s),
    ),
    (|c| c.asa_answered_s, |k| Value::Number(k.asa_answered_s)),
    (|c| c.mean_wait_all_s, |k| Value::number(k.mean_wait_all_s)),
    (|c| c.occupancy, |k| Value::number(k.occupancy)),
    (
        |c| c.mean_queue_length,
        |k| Value::number(k.mean_queue_length),
    ),
];

pub(super) fn csv_kpi_columns(c: &CsvWords) -> impl Iterator<Item = Column> + '_ {
    CSV_KPIS.iter().map(|(name, _)| Column::number(name(c), 2))
}

pub(super) fn csv_kpi_cells(k: &Kpis) -> impl Iterator<Item = Value> + '_ {
    CSV_KPIS.iter().map(move |(_, value)| value(k))
}

/// One row per staffing level or per interval, full precision.
pub fn csv(r: &ErlangReport, lang: Lang) -> Document {
    let c = &lang.words().csv;
    let mut columns = Vec::new();
    let mut rows = Vec::new();
    match &r.result {
        ErlangResult::Evaluate {
            kpis,
            scheduled_staff,
            ..
        } => {
            columns.extend(csv_kpi_columns(c));
            columns.push(Column::integer(c.scheduled_staff));
            let mut row: Vec<Value> = csv_kpi_cells(kpis).collect();
            row.push(Value::integer(*scheduled_staff));
            rows.push(row);
        }
        ErlangResult::Staffing {
            required, table, ..
        } => {
            columns.extend(csv_kpi_columns(c));
            columns.push(Column::integer(c.scheduled_staff));
            columns.push(Column::new(c.required, Kind::Flag));
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
                Column::text(c.interval),
                Column::number(c.calls, 2),
                Column::number(c.aht_s, 2),
            ]);
            columns.extend(csv_kpi_columns(c));
            columns.push(Column::integer(c.scheduled_staff));
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
    let mut doc = Document::new(None, lang);
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
