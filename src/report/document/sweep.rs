//! The documents of `callsim sweep`: the terminal's KPI-by-point tables,
//! the long CSV (laid out as `compare`'s), and the HTML report.

use super::compare::{SetOf, comparison_csv, html_comparison};
use super::phrases::{replications, timing};
use super::{Block, Column, Document, Facts, Table, Value};
use super::{report_header, sl_header};
use crate::kpi::{AnyKpi, CallKpi, GroupKpi};
use crate::lang::{Lang, Words, capitalize, fill};
use crate::record::SweepRecord;
use crate::report::{Report, SweepReport};
use crate::study::compare::{ALL, KpiComparison};

impl Report for SweepReport {
    fn table(&self, lang: Lang) -> Document {
        table(self, lang)
    }

    /// One row per KPI × point, laid out as `compare`'s rows.
    fn csv(&self, lang: Lang) -> Document {
        let arms: Vec<[String; 2]> = self
            .points
            .iter()
            .map(|p| [self.vary.name.clone(), numeric_in(&p.value, lang)])
            .collect();
        let c = &lang.words().csv;
        comparison_csv([c.vary, c.value], &arms, &self.comparison, lang)
    }
}

/// A varied value as given ("1.5", "Mon"), a number in `lang`'s decimal
/// separator, so that a spreadsheet reads it as the number it is.
fn numeric_in(value: &str, lang: Lang) -> String {
    if value.parse::<f64>().is_ok() {
        lang.decimals(value.to_string())
    } else {
        value.to_string()
    }
}

/// The day's KPIs a sweep tables against the varied value.
const POINT_KPIS: [CallKpi; 7] = [
    CallKpi::Offered,
    CallKpi::ServiceLevel,
    CallKpi::Asa,
    CallKpi::AbandonRate,
    CallKpi::Occupancy,
    CallKpi::Aht,
    CallKpi::WaitP90,
];

/// The terminal's tables: every point's KPIs, then each headline KPI's
/// difference from the first point.
pub fn table(r: &SweepReport, lang: Lang) -> Document {
    let w = lang.words();
    let mut doc = Document::new(None, lang);
    let shown: Vec<String> = r
        .points
        .iter()
        .map(|p| numeric_in(&p.value, lang))
        .collect();
    let values: Vec<&str> = shown.iter().map(String::as_str).collect();
    doc.line(format!(
        "{}: {} = {}",
        r.scenario.source,
        r.vary.name,
        values.join(", ")
    ));
    if r.replications == 1 {
        doc.line(fill(
            w.sweep_one,
            &[("seed", &r.seed), ("one_replication", &w.one_replication)],
        ));
    } else {
        doc.line(fill(
            w.sweep_many,
            &[
                ("seed", &r.seed),
                ("replications", &replications(r.replications, w)),
                ("pct", &w.decimal(r.confidence * 100.0, 0)),
            ],
        ));
    }
    let c = &r.comparison;
    let Some(all) = c.day.iter().find(|s| s.name == ALL) else {
        return doc;
    };
    let find = |set: &crate::study::compare::KpiSet, kpi: AnyKpi| -> Option<KpiComparison> {
        set.kpi(kpi).cloned()
    };
    let threshold = r.answer_within_s;
    // (column, its values): the day's KPIs, then each group's occupancy
    // when there are several groups.
    let mut columns: Vec<(Column, Option<KpiComparison>)> = POINT_KPIS
        .iter()
        .map(|&k| {
            let column = Column::kpi_headed(k, w.header_within(k, threshold)).decimals(2);
            (column, find(all, k.into()))
        })
        .collect();
    if c.groups.len() > 1 {
        let occupancy = GroupKpi::Occupancy;
        for g in &c.groups {
            let header = format!("{} {}", w.kpi_header(occupancy), g.name);
            let column = Column::kpi_headed(occupancy, header).decimals(2);
            columns.push((column, find(g, occupancy.into())));
        }
    }
    let mut header = vec![Column::label(r.vary.name.as_str())];
    header.extend(columns.iter().map(|(c, _)| c.clone()));
    let mut points = Table::new("points", header);
    for (i, v) in values.iter().enumerate() {
        let mut row = vec![Value::text(*v)];
        row.extend(
            columns
                .iter()
                .map(|(_, k)| Value::estimate(k.as_ref().and_then(|k| k.scenarios[i]))),
        );
        points.rows.push(row);
    }
    doc.gap().heading(w.day_all_types).table(points);

    let headline = &columns[1..5];
    let mut header = vec![Column::label(r.vary.name.as_str())];
    header.extend(headline.iter().map(|(c, _)| difference_column(c)));
    let mut differences = Table::new("differences", header);
    for (i, v) in values.iter().enumerate().skip(1) {
        let mut row = vec![Value::text(*v)];
        row.extend(headline.iter().map(|(_, k)| {
            Value::Difference(k.as_ref().and_then(|k| k.differences[i]).map(Into::into))
        }));
        differences.rows.push(row);
    }
    if !differences.rows.is_empty() {
        let paired = if r.replications == 1 {
            w.sweep_paired_one
        } else {
            w.sweep_paired_many
        };
        doc.gap().line(fill(
            w.difference_line,
            &[
                ("name", &r.vary.name),
                ("value", &values[0]),
                ("paired", &paired),
            ],
        ));
        doc.table(differences);
    }
    doc.gap();
    let run = &r.run;
    doc.line(timing(
        run.calls_simulated,
        run.wall_time_s,
        Some(run.threads),
        w,
    ));
    doc
}

/// The column of the differences of `estimates`' KPI: same header, scale
/// and decimals.
fn difference_column(estimates: &Column) -> Column {
    let (scale, decimals) = estimates.kind.scale_decimals();
    let mut column = Column::new(
        estimates.header.as_str(),
        super::Kind::Difference { scale, decimals },
    );
    column.kpi = estimates.kpi;
    column
}

/// The HTML report's body: the run, every point's KPIs and the headline
/// KPIs' differences, then each group against the points.
pub fn html(r: &SweepRecord, w: &Words) -> Document {
    let title = format!("{} — {}", w.sweep_title, r.scenario.source);
    let mut doc = Document::new(Some(title), w.lang);
    doc.heading(w.summary);
    let values: Vec<&str> = r.points.iter().map(|p| p.value.as_str()).collect();
    let mut facts = Facts::new("summary");
    facts
        .add(capitalize(w.scenario), r.scenario.source.as_str())
        .add(r.vary.name.as_str(), values.join(", "))
        .add(capitalize(w.seed), r.seed.to_string())
        .add(capitalize(w.replications), r.replications.to_string())
        .add(
            capitalize(w.confidence),
            format!("{:.0} %", r.confidence * 100.0),
        );
    doc.push(Block::Facts(facts));
    let Some(all) = r.day.iter().find(|s| s.name == ALL) else {
        return doc;
    };
    let columns: Vec<Column> = POINT_KPIS
        .iter()
        .map(|&k| {
            let header = match k {
                CallKpi::ServiceLevel => sl_header(w, r.answer_within_s),
                _ => report_header(k, w),
            };
            Column::kpi_headed(k, header).decimals(2)
        })
        .collect();
    let headline = &columns[1..5];
    let mut header = vec![Column::label(r.vary.name.as_str())];
    header.extend(columns.iter().cloned());
    header.extend(headline.iter().map(|c| {
        let mut column = difference_column(c);
        column.header = format!("Δ {}", c.header);
        column
    }));
    let mut points = Table::new("points", header);
    for (i, v) in values.iter().enumerate() {
        let mut row = vec![Value::text(*v)];
        let kpi = |c: &Column| all.kpi(c.kpi.expect("a KPI column"));
        row.extend(
            columns
                .iter()
                .map(|c| Value::estimate(kpi(c).and_then(|k| k.scenarios[i]))),
        );
        row.extend(
            headline
                .iter()
                .map(|c| Value::Difference(kpi(c).and_then(|k| k.differences[i]).map(Into::into))),
        );
        points.rows.push(row);
    }
    doc.heading(format!("{} — {}", w.day_totals, w.all));
    doc.table(points);
    let labels: Vec<String> = values
        .iter()
        .map(|v| format!("{} = {v}", r.vary.name))
        .collect();
    for (i, set) in r.groups.iter().enumerate() {
        doc.heading(format!("{} — {}", w.agent_groups, set.name));
        doc.table(html_comparison(
            format!("group-{i}"),
            set,
            SetOf::Groups,
            &labels,
            w,
        ));
    }
    doc
}
