//! The documents of `callsim simulate` (and `merge`): the terminal's tables,
//! the CSV rows, and the HTML report.

use super::phrases::{ONE_REPLICATION, estimates_phrase, targets_sentence, timing};
use super::{Block, Column, Document, Kind, Table, Value};
use crate::kpi::{CallKpi, EntryKpi, GroupKpi, TargetKpi};
use crate::plot::Lang;
use crate::report::Report;
use crate::report::simulation::{KpiMap, NamedKpis, SimulationReport};

impl Report for SimulationReport {
    fn table(&self) -> Document {
        table(self)
    }

    fn csv(&self) -> Document {
        csv(self)
    }
}

/// The KPIs of the optional parts of the model, shown where a scenario uses them.
const FEATURE_KPIS: [CallKpi; 11] = [
    CallKpi::Blocked,
    CallKpi::BlockRate,
    CallKpi::ProactiveAvoided,
    CallKpi::RepeatCalls,
    CallKpi::RepeatShare,
    CallKpi::UniqueCallers,
    CallKpi::Fcr,
    CallKpi::CallbacksOffered,
    CallKpi::CallbacksAccepted,
    CallKpi::CallbackDelay,
    CallKpi::CallbacksInDeadline,
];

/// The entries' KPIs the reports show.
const ENTRY_KPIS: [EntryKpi; 6] = [
    EntryKpi::Calls,
    EntryKpi::BlockRate,
    EntryKpi::ContainmentRate,
    EntryKpi::IvrAbandonRate,
    EntryKpi::ToQueue,
    EntryKpi::MeanIvrTime,
];

/// The groups' KPIs the reports show: all of them.
const GROUP_KPIS: [GroupKpi; 5] = GroupKpi::ALL;

/// A table of KPI estimates: one row per (label, KPIs).
fn kpi_table<'k>(
    id: &str,
    label: &str,
    columns: Vec<Column>,
    rows: impl Iterator<Item = (String, &'k KpiMap)>,
) -> Table {
    let mut all = vec![Column::label(label)];
    all.extend(columns);
    let mut table = Table::new(id, all);
    for (name, kpis) in rows {
        let mut row = vec![Value::Text(name)];
        row.extend(
            table.columns[1..]
                .iter()
                .filter_map(|c| c.kpi)
                .map(|kpi| Value::estimate(kpis.get(kpi))),
        );
        table.rows.push(row);
    }
    table
}

/// The terminal's tables: the day per call type, the days meeting targets,
/// the optional parts, the intervals, the groups.
pub fn table(r: &SimulationReport) -> Document {
    let mut doc = Document::new(None, Lang::En);
    if let Some(trace) = &r.trace {
        doc.line("First events of replication 0:");
        doc.push(Block::Preformatted {
            id: "trace".into(),
            text: trace.clone(),
        });
        doc.gap();
    }
    let source = &r.scenario.source;
    if r.replications.count == 1 {
        doc.line(format!(
            "{source}: 1 replication (seed {}): {ONE_REPLICATION}",
            r.seed
        ));
    } else {
        doc.line(format!(
            "{source}: {} replications (seed {}), {} ± {:.0} % confidence half-widths",
            r.replications.count,
            r.seed,
            estimates_phrase(r.estimator),
            r.confidence * 100.0
        ));
    }
    let t = &r.targets;
    let threshold = t.answer_within_s;
    let targets = targets_sentence(&TargetKpi::ALL, |k| k.target(t), threshold, None);
    if !targets.is_empty() {
        doc.line(format!("targets: {targets}"));
    }
    doc.line(format!(
        "service level = {}",
        t.basis.describe().replace('T', &format!("{threshold} s"))
    ));
    doc.gap();

    // The day's headline shares and ASA with two decimals.
    let sl = CallKpi::ServiceLevel;
    let totals = vec![
        Column::kpi(CallKpi::Offered),
        Column::kpi(CallKpi::Answered),
        Column::kpi(CallKpi::AbandonRate),
        Column::kpi_headed(sl, sl.header_within(threshold)).decimals(2),
        Column::kpi(CallKpi::Asa).decimals(2),
        Column::kpi(CallKpi::WaitP90),
        Column::kpi(CallKpi::Aht),
        Column::kpi(CallKpi::Occupancy).decimals(2),
    ];
    doc.heading("Day totals");
    doc.table(kpi_table("totals", "call type", totals, by_type(r)));
    doc.gap();
    target_days(&mut doc, r);
    feature_tables(&mut doc, r);

    doc.heading("Per interval, all call types");
    doc.table(intervals(r, threshold));
    doc.gap();

    let groups = GROUP_KPIS.map(|k| match k {
        GroupKpi::Occupancy => Column::kpi(k).decimals(2),
        _ => Column::kpi(k),
    });
    doc.heading("Agent groups, whole day");
    let rows = r.groups.iter().map(|g| (g.group.clone(), &g.day));
    doc.table(kpi_table("groups", "group", groups.to_vec(), rows));
    doc.gap();
    let run = &r.run;
    doc.line(format!(
        "{} ({:.2} million calls/s)",
        timing(run.calls_simulated, run.wall_time_s, Some(run.threads)),
        run.calls_per_second / 1e6
    ));
    doc
}

fn by_type(r: &SimulationReport) -> impl Iterator<Item = (String, &KpiMap)> {
    r.totals.iter().map(|n| (n.call_type.clone(), &n.kpis))
}

/// The intervals, all call types, with the share of days meeting the
/// service-level target where there is one.
fn intervals(r: &SimulationReport, threshold: f64) -> Table {
    let sl = CallKpi::ServiceLevel;
    let mut columns = vec![
        Column::label("start"),
        Column::kpi(CallKpi::Offered),
        Column::kpi_headed(sl, sl.header_within(threshold)),
        Column::kpi(CallKpi::Asa),
        Column::kpi(CallKpi::AbandonRate),
        Column::kpi(CallKpi::Occupancy),
        Column::kpi(CallKpi::MeanQueue),
        Column::kpi(CallKpi::MaxQueue),
    ];
    let sl_days = r.targets.service_level.is_some();
    if sl_days {
        columns.push(days_met_percent("days SL met %"));
    }
    let mut table = Table::new("intervals", columns);
    for i in &r.intervals {
        let all = &i.call_types[i.call_types.len() - 1];
        let mut row = vec![Value::text(&i.start)];
        row.extend(
            table.columns[1..]
                .iter()
                .filter_map(|c| c.kpi)
                .map(|kpi| Value::estimate(all.kpis.get(kpi))),
        );
        if sl_days {
            row.push(days_met_share(all));
        }
        table.rows.push(row);
    }
    table
}

/// A column of the percentage of days meeting the service-level target.
fn days_met_percent(header: &str) -> Column {
    Column::new(
        header,
        Kind::Number {
            scale: 100.0,
            decimals: 0,
            suffix: "",
        },
    )
}

fn days_met_share(named: &NamedKpis) -> Value {
    Value::Number(
        named
            .days_meeting_targets
            .get(TargetKpi::ServiceLevel)
            .map(|s| s.share),
    )
}

/// The share of days (replications) meeting each target, per call type and
/// for all, when the scenario sets targets.
fn target_days(doc: &mut Document, r: &SimulationReport) {
    let t = &r.targets;
    let set: Vec<(TargetKpi, f64)> = TargetKpi::ALL
        .iter()
        .filter_map(|&k| Some((k, k.target(t)?)))
        .collect();
    if set.is_empty() {
        return;
    }
    doc.line(format!(
        "Days meeting each target (share of replications, {:.0} % Wilson interval)",
        r.confidence * 100.0
    ));
    let mut columns = vec![Column::label("call type")];
    for &(kpi, value) in &set {
        let header = (kpi.def().days_header)(value, t.answer_within_s);
        columns.push(Column::new(header, Kind::Share).of(kpi.call_kpi()));
    }
    let mut table = Table::new("target-days", columns);
    for n in &r.totals {
        let mut row = vec![Value::text(&n.call_type)];
        row.extend(
            set.iter()
                .map(|&(kpi, _)| Value::Share(n.days_meeting_targets.get(kpi).map(Into::into))),
        );
        table.rows.push(row);
    }
    doc.table(table);
    doc.gap();
}

/// The KPIs of the optional parts the scenario uses: trunks, proactive
/// contact, repeats, callbacks, and the IVR.
fn feature_tables(doc: &mut Document, r: &SimulationReport) {
    let columns: Vec<Column> = FEATURE_KPIS
        .iter()
        .filter(|&&k| r.features.shows(k))
        .map(|&k| Column::kpi(k))
        .collect();
    if !columns.is_empty() {
        doc.heading("Day totals: lines, repeats and callbacks");
        doc.table(kpi_table("features", "call type", columns, by_type(r)));
        doc.gap();
    }
    if r.features.ivr {
        doc.heading("Entries and IVR, whole day");
        let columns = ENTRY_KPIS.map(Column::kpi).to_vec();
        let rows = r.entries.iter().map(|e| (e.entry.clone(), &e.day));
        doc.table(kpi_table("entries", "entry", columns, rows));
        doc.gap();
        let mut nodes = Table::new(
            "ivr-nodes",
            vec![Column::label("IVR node"), callers_column("callers")],
        );
        for n in &r.ivr_nodes {
            nodes
                .rows
                .push(vec![Value::text(&n.node), Value::estimate(n.day)]);
        }
        doc.table(nodes);
        doc.gap();
    }
}

/// Callers starting an IVR node's prompt: a mean with its half-width.
fn callers_column(header: &str) -> Column {
    Column::new(
        header,
        Kind::Estimate {
            scale: 1.0,
            decimals: 1,
        },
    )
}

/// One row per interval × call type (and "all"), then the day's rows: every
/// KPI's mean and half-width, then the share of days meeting each target
/// the scenario sets.
pub fn csv(r: &SimulationReport) -> Document {
    let mut doc = Document::new(None, Lang::En);
    if r.totals.is_empty() {
        return doc;
    }
    let mut columns = vec![
        Column::integer("interval"),
        Column::text("start"),
        Column::text("call_type"),
    ];
    columns.extend(CallKpi::ALL.map(|k| Column::kpi_headed(k, k.key())));
    let targets: Vec<TargetKpi> = TargetKpi::ALL
        .into_iter()
        .filter(|&k| {
            r.totals
                .iter()
                .any(|n| n.days_meeting_targets.get(k).is_some())
        })
        .collect();
    for &k in &targets {
        columns.push(Column::new(
            format!("days_meeting_{}", k.key()),
            Kind::Share,
        ));
    }
    let mut table = Table::new("kpis", columns);
    let row = |interval: Value, start: &str, named: &NamedKpis| -> Vec<Value> {
        let mut row = vec![interval, Value::text(start), Value::text(&named.call_type)];
        row.extend(CallKpi::ALL.map(|k| Value::estimate(named.kpis.get(k))));
        row.extend(
            targets
                .iter()
                .map(|&k| Value::Share(named.days_meeting_targets.get(k).map(Into::into))),
        );
        row
    };
    for interval in &r.intervals {
        for named in &interval.call_types {
            let index = Value::integer(interval.index as u64);
            table.rows.push(row(index, &interval.start, named));
        }
    }
    for named in &r.totals {
        table.rows.push(row(Value::text("day"), "", named));
    }
    doc.table(table);
    doc
}
