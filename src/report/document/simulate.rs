//! The documents of `callsim simulate` (and `merge`): the terminal's tables,
//! the CSV rows, and the HTML report.

use super::phrases::{
    estimates_phrase, own_targets_list, own_thresholds_list, targets_sentence_with, timing,
};
use super::{Block, Column, Document, Facts, Kind, Rich, Span, Table, Value};
use super::{report_header, sl_header};
use crate::kpi::{Bound, CallKpi, EntryKpi, GroupKpi, Kpi, TargetKpi, Unit};
use crate::lang::{Lang, Words, capitalize, fill};
use crate::model::Channel;
use crate::record::{KpiMap as RecordKpis, SimulationRecord};
use crate::report::Report;
use crate::report::simulation::ALL;
use crate::report::simulation::{GroupKpis, KpiMap, NamedKpis, SimulationReport};
use crate::scenario::OwnTargets;
use crate::stats::Estimator;

impl Report for SimulationReport {
    fn table(&self, lang: Lang) -> Document {
        table(self, lang)
    }

    fn csv(&self, lang: Lang) -> Document {
        csv(self, lang)
    }
}

/// The KPIs of the optional parts of the model, shown where a scenario uses them.
const FEATURE_KPIS: [CallKpi; 17] = [
    CallKpi::Blocked,
    CallKpi::BlockRate,
    CallKpi::Balked,
    CallKpi::BalkRate,
    CallKpi::ProactiveAvoided,
    CallKpi::RepeatCalls,
    CallKpi::RepeatShare,
    CallKpi::UniqueCallers,
    CallKpi::Fcr,
    CallKpi::CallbacksOffered,
    CallKpi::CallbacksAccepted,
    CallKpi::CallbackDelay,
    CallKpi::CallbacksInDeadline,
    CallKpi::TransfersIn,
    CallKpi::Transferred,
    CallKpi::TransferRate,
    CallKpi::EndToEnd,
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

/// The groups' KPIs the reports show: all of them, the split of occupancy
/// into inbound and outbound where the scenario dials.
fn group_kpis(features: &crate::record::Features) -> Vec<GroupKpi> {
    GroupKpi::ALL
        .into_iter()
        .filter(|&k| features.shows(k))
        .collect()
}

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
pub fn table(r: &SimulationReport, lang: Lang) -> Document {
    let w = lang.words();
    let mut doc = Document::new(None, lang);
    if let Some(trace) = &r.trace {
        doc.line(w.trace_heading);
        doc.push(Block::Preformatted {
            id: "trace".into(),
            text: crate::observe::trace_text(trace),
        });
        doc.gap();
    }
    let source = &r.scenario.source;
    if r.replications.count == 1 {
        doc.line(fill(
            w.simulated_one,
            &[
                ("source", source),
                ("seed", &r.seed),
                ("one_replication", &w.one_replication),
            ],
        ));
    } else {
        doc.line(fill(
            w.simulated_many,
            &[
                ("source", source),
                ("replications", &r.replications.count),
                ("seed", &r.seed),
                ("estimates", &estimates_phrase(r.estimator, w)),
                ("pct", &w.decimal(r.confidence * 100.0, 0)),
            ],
        ));
    }
    let t = &r.targets;
    let threshold = t.answer_within_s;
    let own: Vec<(&str, f64)> = r
        .totals
        .iter()
        .filter_map(|n| Some((n.call_type.as_str(), n.answer_within_s?)))
        .collect();
    let targets = targets_sentence_with(&TargetKpi::ALL, |k| k.target(t), threshold, &own, None, w);
    if !targets.is_empty() {
        doc.line(fill(w.targets_line, &[("targets", &targets)]));
    }
    let within = format!("{} {}", w.number(threshold), w.seconds);
    doc.line(fill(
        w.sl_definition,
        &[("basis", &w.basis(t.basis).replace('T', &within))],
    ));
    if !own.is_empty() {
        let list = own_thresholds_list(&own, w);
        doc.line(fill(w.own_thresholds, &[("list", &list)]));
    }
    let own_targets = own_targets_of(&r.totals);
    if !own_targets.is_empty() {
        let list = own_targets_list(&own_targets, w);
        doc.line(fill(w.own_targets, &[("list", &list)]));
    }
    doc.gap();

    // The day's headline shares and ASA with two decimals.
    let sl = CallKpi::ServiceLevel;
    let totals = vec![
        Column::kpi(CallKpi::Offered, w),
        Column::kpi(CallKpi::Answered, w),
        Column::kpi(CallKpi::AbandonRate, w),
        Column::kpi_headed(sl, w.header_within(sl, threshold)).decimals(2),
        Column::kpi(CallKpi::Asa, w).decimals(2),
        Column::kpi(CallKpi::WaitP90, w),
        Column::kpi(CallKpi::Aht, w),
        Column::kpi(CallKpi::Occupancy, w).decimals(2),
    ];
    doc.heading(totals_heading(w.day_totals, w.days_totals, r.days));
    doc.table(kpi_table("totals", w.call_type, totals, by_type(r, w)));
    doc.gap();
    target_days(&mut doc, r, w);
    feature_tables(&mut doc, r, w);
    super::email::email_tables(&mut doc, r, w);
    super::outbound::outbound_tables(&mut doc, r, w);

    doc.heading(w.per_interval_all);
    doc.table(intervals(r, threshold, w));
    doc.gap();

    let groups: Vec<Column> = group_kpis(&r.features)
        .into_iter()
        .map(|k| match k {
            GroupKpi::Occupancy => Column::kpi(k, w).decimals(2),
            _ => Column::kpi(k, w),
        })
        .collect();
    doc.heading(totals_heading(
        w.groups_whole_day,
        w.groups_all_days,
        r.days,
    ));
    let rows = r.groups.iter().map(|g| (group_label(g), &g.day));
    doc.table(kpi_table("groups", w.group, groups, rows));
    doc.gap();
    let run = &r.run;
    let timing = timing(run.calls_simulated, run.wall_time_s, Some(run.threads), w);
    doc.line(fill(
        w.throughput,
        &[
            ("timing", &timing),
            ("rate", &w.decimal(run.calls_per_second / 1e6, 2)),
        ],
    ));
    doc
}

/// Each call type's day, labelled as [`type_label`] says.
fn by_type<'r>(
    r: &'r SimulationReport,
    w: &'r Words,
) -> impl Iterator<Item = (String, &'r KpiMap)> {
    r.totals.iter().map(|n| (type_label(n, w), &n.kpis))
}

/// A call type's name, "all" in `w`'s language, for a report's tables.
fn type_label(n: &NamedKpis, w: &Words) -> String {
    labelled(&n.call_type, n.channel, n.answer_within_s, w)
}

/// `name` ("all" in `w`'s language); a chat or e-mail type says so, and a
/// type with its own service-level threshold (`own_within_s`) names it:
/// its service-level columns count within it.
fn labelled(name: &str, channel: Option<Channel>, own_within_s: Option<f64>, w: &Words) -> String {
    let name = all_named(name, w);
    let mut notes = Vec::new();
    match channel {
        Some(Channel::Chat) => notes.push("chat".to_string()),
        Some(Channel::Email) => notes.push("e-mail".to_string()),
        _ => {}
    }
    if let Some(s) = own_within_s {
        notes.push(format!("{} {} {}", w.sl_short, w.number(s), w.seconds));
    }
    if notes.is_empty() {
        name.to_string()
    } else {
        format!("{name} ({})", notes.join(", "))
    }
}

/// A group's name, with the chats its agents may hold where it serves chats
/// ("chat" is the word in Portuguese too).
fn group_label(g: &GroupKpis) -> String {
    match g.max_chats {
        Some(k) => format!("{} (≤{k} chats)", g.group),
        None => g.group.clone(),
    }
}

/// The intervals, all call types, with the share of days meeting the
/// service-level target where there is one.
fn intervals(r: &SimulationReport, threshold: f64, w: &Words) -> Table {
    let sl = CallKpi::ServiceLevel;
    let mut columns = vec![
        Column::label(w.start),
        Column::kpi(CallKpi::Offered, w),
        Column::kpi_headed(sl, w.header_within(sl, threshold)),
        Column::kpi(CallKpi::Asa, w),
        Column::kpi(CallKpi::AbandonRate, w),
        Column::kpi(CallKpi::Occupancy, w),
        Column::kpi(CallKpi::MeanQueue, w),
        Column::kpi(CallKpi::MaxQueue, w),
    ];
    // Balking changes the queue an interval shows: its share stands beside it.
    if r.features.balking {
        columns.push(Column::kpi(CallKpi::BalkRate, w));
    }
    let sl_days = r.targets.service_level.is_some();
    if sl_days {
        columns.push(days_met_percent(&format!("{} %", w.days_target_met)));
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
fn target_days(doc: &mut Document, r: &SimulationReport, w: &Words) {
    let t = &r.targets;
    let own = own_targets_of(&r.totals);
    let set: Vec<(TargetKpi, Option<f64>)> = TargetKpi::ALL
        .iter()
        .map(|&k| (k, k.target(t)))
        .filter(|&(k, value)| value.is_some() || own.iter().any(|(_, o)| k.own_target(o).is_some()))
        .collect();
    if set.is_empty() {
        return;
    }
    doc.line(fill(
        w.days_meeting_line,
        &[("pct", &w.decimal(r.confidence * 100.0, 0))],
    ));
    let mut columns = vec![Column::label(w.call_type)];
    for &(kpi, value) in &set {
        let mut header = match value {
            Some(value) => w.target_days_header(kpi, value, t.answer_within_s),
            None => report_header(kpi.call_kpi(), w),
        };
        // Some types are judged against their own: the line above says which.
        if own.iter().any(|(_, o)| kpi.own_target(o).is_some()) {
            header.push_str(" *");
        }
        columns.push(Column::new(header, Kind::Share).of(kpi.call_kpi()));
    }
    let mut table = Table::new("target-days", columns);
    for n in &r.totals {
        let mut row = vec![Value::text(type_label(n, w))];
        row.extend(
            set.iter()
                .map(|&(kpi, _)| Value::Share(n.days_meeting_targets.get(kpi).map(Into::into))),
        );
        table.rows.push(row);
    }
    doc.table(table);
    doc.gap();
}

/// The call types with targets of their own, by name.
pub(super) fn own_targets_of(totals: &[NamedKpis]) -> Vec<(&str, OwnTargets)> {
    totals
        .iter()
        .filter_map(|n| Some((n.call_type.as_str(), n.own_targets?)))
        .collect()
}

/// The KPIs of the optional parts the scenario uses: trunks, proactive
/// contact, repeats, callbacks, and the IVR.
fn feature_tables(doc: &mut Document, r: &SimulationReport, w: &Words) {
    let columns: Vec<Column> = FEATURE_KPIS
        .iter()
        .filter(|&&k| r.features.shows(k))
        .map(|&k| Column::kpi(k, w))
        .collect();
    if !columns.is_empty() {
        doc.heading(w.day_totals_features);
        doc.table(kpi_table("features", w.call_type, columns, by_type(r, w)));
        doc.gap();
    }
    if r.features.ivr {
        doc.heading(w.entries_whole_day);
        let columns = ENTRY_KPIS.map(|k| Column::kpi(k, w)).to_vec();
        let rows = r.entries.iter().map(|e| (e.entry.clone(), &e.day));
        doc.table(kpi_table("entries", w.entry, columns, rows));
        doc.gap();
        let mut nodes = Table::new(
            "ivr-nodes",
            vec![Column::label(w.ivr_node), callers_column(w.callers)],
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
pub fn csv(r: &SimulationReport, lang: Lang) -> Document {
    let w = lang.words();
    let c = &w.csv;
    let mut doc = Document::new(None, lang);
    if r.totals.is_empty() {
        return doc;
    }
    let mut columns = vec![
        Column::integer(c.interval),
        Column::text(c.start),
        Column::text(c.call_type),
    ];
    columns.extend(CallKpi::ALL.map(|k| Column::kpi_headed(k, w.kpi_key(k))));
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
            fill(c.days_meeting, &[("key", &w.kpi_key(k.call_kpi()))]),
            Kind::Share,
        ));
    }
    let mut table = Table::new("kpis", columns);
    let row = |interval: Value, start: &str, named: &NamedKpis| -> Vec<Value> {
        let call_type = all_named(&named.call_type, w);
        let mut row = vec![interval, Value::text(start), Value::text(call_type)];
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
        table.rows.push(row(Value::text(c.day), "", named));
    }
    doc.table(table);
    doc
}

/// The HTML report's body: the summary with each target's verdict, the
/// day's KPIs per call type, the optional parts, the intervals, the groups.
pub fn html(r: &SimulationRecord, w: &Words) -> Document {
    let title = format!("{} — {}", w.report_title, r.scenario.source);
    let mut doc = Document::new(Some(title), w.lang);
    doc.heading(w.summary);
    doc.push(Block::Facts(summary(r, w)));

    let threshold = r.targets.answer_within_s;
    let day_columns = |first: &str| {
        let sl = CallKpi::ServiceLevel;
        let mut columns = vec![Column::label(first)];
        columns.extend(HTML_DAY_KPIS.map(|k| match k {
            CallKpi::ServiceLevel => Column::kpi_headed(sl, sl_header(w, threshold)),
            _ => Column::kpi_headed(k, report_header(k, w)),
        }));
        columns
    };
    let day_values = |kpis: &RecordKpis| HTML_DAY_KPIS.map(|k| Value::estimate(kpis.get(k)));
    doc.heading(totals_heading(w.day_totals, w.days_totals, r.days));
    let mut totals = Table::new("totals", day_columns(w.call_type));
    for n in &r.totals {
        let label = labelled(&n.call_type, None, n.answer_within_s, w);
        let mut row = vec![Value::text(label)];
        row.extend(day_values(&n.kpis));
        totals.rows.push(row);
    }
    doc.table(totals);
    html_features(&mut doc, r, w);
    super::email::html_email_tables(&mut doc, r, w);
    super::outbound::html_outbound(&mut doc, r, w);

    doc.heading(format!("{} ({})", capitalize(w.per_interval), w.all));
    let sl_days = r.targets.service_level.is_some();
    let mut columns = day_columns(w.interval);
    let balking = r.features.balking.then_some(CallKpi::BalkRate);
    columns.extend(balking.map(|k| Column::kpi_headed(k, report_header(k, w))));
    if sl_days {
        columns.push(days_met_percent(&format!("{} %", w.days_target_met)));
    }
    let mut intervals = Table::new("intervals", columns);
    for i in &r.intervals {
        let Some(all) = i.call_types.iter().find(|n| n.call_type == ALL) else {
            continue;
        };
        let mut row = vec![Value::text(&i.start)];
        row.extend(day_values(&all.kpis));
        row.extend(balking.map(|k| Value::estimate(all.kpis.get(k))));
        if sl_days {
            let days = all.days_meeting_targets.get(TargetKpi::ServiceLevel);
            row.push(Value::Number(days.map(|s| s.share)));
        }
        intervals.rows.push(row);
    }
    doc.table(intervals);

    doc.heading(w.agent_groups);
    let mut columns = vec![Column::label(w.group)];
    let shown = group_kpis(&r.features);
    columns.extend(
        shown
            .iter()
            .map(|&k| Column::kpi_headed(k, report_header(k, w))),
    );
    let mut groups = Table::new("groups", columns);
    for g in &r.groups {
        let mut row = vec![Value::text(&g.group)];
        row.extend(shown.iter().map(|&k| Value::estimate(g.day.get(k))));
        groups.rows.push(row);
    }
    doc.table(groups);
    doc
}

/// The day's KPIs in the HTML tables.
const HTML_DAY_KPIS: [CallKpi; 8] = [
    CallKpi::Offered,
    CallKpi::Answered,
    CallKpi::AbandonRate,
    CallKpi::ServiceLevel,
    CallKpi::Asa,
    CallKpi::WaitP90,
    CallKpi::Aht,
    CallKpi::Occupancy,
];

/// "all" in the report's language; a call type's name as it is.
fn all_named<'a>(name: &'a str, w: &'a Words) -> &'a str {
    if name == ALL { w.all } else { name }
}

/// The run's facts and each target with the day's value, its verdict and
/// the share of days meeting it.
fn summary(r: &SimulationRecord, w: &Words) -> Facts {
    let mut facts = Facts::new("summary");
    facts
        .add(capitalize(w.scenario), r.scenario.source.as_str())
        .add(capitalize(w.seed), r.seed.to_string())
        .add(capitalize(w.replications), r.replications.count.to_string())
        .add(
            capitalize(w.confidence),
            format!("{:.0} %", r.confidence * 100.0),
        )
        .add(
            capitalize(w.estimates),
            match r.estimator {
                Estimator::RatioOfSums => w.ratio_of_sums,
                Estimator::DailyMean => w.daily_mean,
            },
        );
    let all = r.totals.iter().find(|n| n.call_type == ALL);
    let t = &r.targets;
    for target in TargetKpi::ALL {
        let value = match target {
            TargetKpi::ServiceLevel => t.service_level,
            TargetKpi::AbandonRate => t.max_abandon,
            TargetKpi::Asa => t.max_asa_s,
        };
        let Some(value) = value else { continue };
        let kpi = target.call_kpi();
        let shown = match target {
            TargetKpi::ServiceLevel => {
                let own: Vec<(&str, f64)> = r
                    .totals
                    .iter()
                    .filter_map(|n| Some((n.call_type.as_str(), n.answer_within_s?)))
                    .collect();
                let own = if own.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", own_thresholds_list(&own, w))
                };
                format!(
                    "≥ {:.0} % / {} {}{own}",
                    value * 100.0,
                    t.answer_within_s,
                    w.seconds
                )
            }
            TargetKpi::AbandonRate => format!("≤ {:.1} %", value * 100.0),
            TargetKpi::Asa => format!("≤ {value} {}", w.seconds),
        };
        let label = format!("{} {} {shown}", capitalize(w.target), w.kpi(kpi));
        facts.add(label, target_verdict(target, value, all, w));
    }
    // Each call type with targets of its own, judged on its own day.
    for n in &r.totals {
        let Some(own) = n.own_targets else { continue };
        for target in TargetKpi::ALL {
            let Some(value) = target.own_target(&own) else {
                continue;
            };
            let shown = match target {
                TargetKpi::ServiceLevel => format!("≥ {:.0} %", value * 100.0),
                TargetKpi::AbandonRate => format!("≤ {:.1} %", value * 100.0),
                TargetKpi::Asa => format!("≤ {value} {}", w.seconds),
            };
            let label = format!(
                "{} {} {shown} ({})",
                capitalize(w.target),
                w.kpi(target.call_kpi()),
                n.call_type
            );
            facts.add(label, target_verdict(target, value, Some(n), w));
        }
    }
    for warning in &r.warnings {
        facts.add("⚠", warning.as_str());
    }
    facts
}

/// A target's verdict on `n`'s day: the value, met or not, and the share
/// of days meeting it.
fn target_verdict(
    target: TargetKpi,
    value: f64,
    n: Option<&crate::record::NamedKpis>,
    w: &Words,
) -> Rich {
    let kpi = target.call_kpi();
    let achieved = n.and_then(|n| n.kpis.get(kpi));
    // An undefined value misses a floor (no call answered in time) and
    // keeps under a ceiling (no call abandoned or waiting).
    let met = achieved.map_or(target.def().bound == Bound::AtMost, |e| {
        target.meets_value(value, e.mean)
    });
    let unit = match kpi.def().unit {
        Unit::Seconds => w.seconds,
        _ => "%",
    };
    let mut verdict = Rich(vec![
        Span::Value(Column::kpi(kpi, w).kind, Value::estimate(achieved)),
        Span::Text(format!(" {unit} — ")),
        Span::Verdict {
            met,
            text: (if met { w.met } else { w.not_met }).to_string(),
        },
    ]);
    if let Some(s) = n.and_then(|n| n.days_meeting_targets.get(target)) {
        verdict = verdict.then(format!(
            " ({} {:.0} % {}, {:.0}–{:.0} %)",
            w.met_on,
            s.share * 100.0,
            w.of_days,
            s.low * 100.0,
            s.high * 100.0
        ));
    }
    verdict
}

/// The optional parts the scenario uses, as in the terminal's tables.
fn html_features(doc: &mut Document, r: &SimulationRecord, w: &Words) {
    let f = &r.features;
    let shown: Vec<CallKpi> = FEATURE_KPIS.into_iter().filter(|&k| f.shows(k)).collect();
    if !shown.is_empty() {
        doc.heading(w.lines_repeats_callbacks);
        let mut columns = vec![Column::label(w.call_type)];
        columns.extend(
            shown
                .iter()
                .map(|&k| Column::kpi_headed(k, report_header(k, w))),
        );
        let mut table = Table::new("features", columns);
        for n in &r.totals {
            let mut row = vec![Value::text(all_named(&n.call_type, w))];
            row.extend(shown.iter().map(|&k| Value::estimate(n.kpis.get(k))));
            table.rows.push(row);
        }
        doc.table(table);
    }
    if f.ivr {
        doc.heading(w.entries_and_ivr);
        let mut columns = vec![Column::label(w.entry)];
        columns.extend(ENTRY_KPIS.map(|k| Column::kpi_headed(k, report_header(k, w))));
        let mut entries = Table::new("entries", columns);
        for e in &r.entries {
            let mut row = vec![Value::text(&e.entry)];
            row.extend(ENTRY_KPIS.map(|k| Value::estimate(e.day.get(k))));
            entries.rows.push(row);
        }
        doc.table(entries);
        let columns = vec![Column::label(w.ivr_node), callers_column(w.callers)];
        let mut nodes = Table::new("ivr-nodes", columns);
        for n in &r.ivr_nodes {
            nodes
                .rows
                .push(vec![Value::text(&n.node), Value::estimate(n.day)]);
        }
        doc.table(nodes);
    }
}

/// A totals heading: the day's, or over a scenario's several `days`.
pub(super) fn totals_heading(one_day: &str, several: &str, days: usize) -> String {
    if days > 1 {
        fill(several, &[("days", &days)])
    } else {
        one_day.to_string()
    }
}
