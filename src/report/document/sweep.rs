//! The documents of `callsim sweep`: the terminal's KPI-by-point tables,
//! the long CSV (laid out as `compare`'s), and the HTML report.

use super::compare::{SetOf, comparison_csv, html_comparison};
use super::phrases::{replications, timing};
use super::{Block, Column, Document, Facts, Table, Value};
use super::{report_header, sl_header};
use crate::distribution::show;
use crate::kpi::{AnyKpi, CallKpi, GroupKpi};
use crate::lang::{Lang, Words, capitalize, fill};
use crate::record::SweepRecord;
use crate::report::{Report, SweepReport};
use crate::study::compare::{ALL, KpiComparison};

impl Report for SweepReport {
    fn table(&self, lang: Lang) -> Document {
        table(self, lang)
    }

    /// One row per KPI × point, laid out as `compare`'s rows: the varied
    /// name and value for one `--vary`, a column per varied name for a grid.
    fn csv(&self, lang: Lang) -> Document {
        let c = &lang.words().csv;
        if self.is_single() {
            let arms: Vec<[String; 2]> = self
                .points
                .iter()
                .map(|p| [self.vary.name.clone(), numeric_in(&p.value, lang)])
                .collect();
            return comparison_csv([c.vary, c.value], &arms, &self.comparison, lang);
        }
        // compare's layout with the point's index in place of its label,
        // then that column replaced by one per varied name.
        let arms: Vec<[String; 2]> = (0..self.points.len())
            .map(|i| [String::new(), i.to_string()])
            .collect();
        let mut doc = comparison_csv([c.vary, c.value], &arms, &self.comparison, lang);
        let names: Vec<&str> = self.points[0]
            .values
            .iter()
            .map(|v| v.name.as_str())
            .collect();
        for block in &mut doc.blocks {
            let Block::Table(table) = block else { continue };
            let Some(at) = table.columns.iter().position(|col| col.header == c.vary) else {
                continue;
            };
            table
                .columns
                .splice(at..at + 2, names.iter().map(|n| Column::text(*n)));
            for row in &mut table.rows {
                let point = match &row[at + 1] {
                    Value::Text(i) => i.parse::<usize>().ok(),
                    _ => None,
                };
                let values = point.map(|i| &self.points[i].values);
                let cells: Vec<Value> = (0..names.len())
                    .map(|k| {
                        values
                            .and_then(|v| v.get(k))
                            .map_or(Value::text(""), |v| Value::text(numeric_in(&v.value, lang)))
                    })
                    .collect();
                row.splice(at..at + 2, cells);
            }
        }
        doc
    }
}

impl SweepReport {
    /// One `--vary` of one name: laid out as before grids.
    fn is_single(&self) -> bool {
        self.axes.len() == 1 && self.axes[0].names.len() == 1
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
/// difference from the first point. A grid has a column per varied name
/// (and the agents in all when agents vary), its tables cut to fit 100
/// columns.
pub fn table(r: &SweepReport, lang: Lang) -> Document {
    let w = lang.words();
    let mut doc = Document::new(None, lang);
    let single = r.is_single();
    let names: Vec<&str> = r.points[0].values.iter().map(|v| v.name.as_str()).collect();
    // The label columns and each point's cells in them.
    let mut labels: Vec<Column> = if single {
        vec![Column::label(r.vary.name.as_str())]
    } else {
        names.iter().map(|n| Column::label(*n)).collect()
    };
    let mut label_cells: Vec<Vec<Value>> = r
        .points
        .iter()
        .map(|p| {
            if single {
                vec![Value::text(numeric_in(&p.value, lang))]
            } else {
                p.values
                    .iter()
                    .map(|v| Value::text(numeric_in(&v.value, lang)))
                    .collect()
            }
        })
        .collect();
    let agents_vary = names
        .iter()
        .any(|n| *n == "agents_pct" || n.starts_with("agent_group"));
    if !single && agents_vary {
        labels.push(Column::text(w.agents));
        for (cells, p) in label_cells.iter_mut().zip(&r.points) {
            let a = p.agents;
            cells.push(Value::text(if a.min == a.max {
                a.min.to_string()
            } else {
                format!("{}–{}", a.min, a.max)
            }));
        }
    }
    if single {
        let shown: Vec<String> = r
            .points
            .iter()
            .map(|p| numeric_in(&p.value, lang))
            .collect();
        doc.line(format!(
            "{}: {} = {}",
            r.scenario.source,
            r.vary.name,
            shown.join(", ")
        ));
    } else {
        let counts: Vec<String> = r.axes.iter().map(|a| a.points.to_string()).collect();
        let count = if counts.len() == 1 {
            r.points.len().to_string()
        } else {
            format!("{} = {}", counts.join(" × "), r.points.len())
        };
        doc.line(format!(
            "{}: {}",
            r.scenario.source,
            fill(w.sweep_points, &[("count", &count)])
        ));
        // Each axis's values, those moving together joined by &.
        let mut first = 0;
        for axis in &r.axes {
            let width = axis.names.len();
            let mut seen: Vec<String> = Vec::new();
            for p in &r.points {
                let together: Vec<String> = p.values[first..first + width]
                    .iter()
                    .map(|v| numeric_in(&v.value, lang))
                    .collect();
                let together = together.join(" & ");
                if !seen.contains(&together) {
                    seen.push(together);
                }
            }
            doc.line(format!(
                "  {} = {}",
                axis.names.join(" & "),
                seen.join(", ")
            ));
            first += width;
        }
    }
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
    ivr_shares(&mut doc, r, &labels, &label_cells, lang);
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
    // A grid's tables are narrow: its groups get a table of their own,
    // headed by their names alone.
    let mut group_columns = Vec::new();
    if c.groups.len() > 1 {
        let occupancy = GroupKpi::Occupancy;
        for g in &c.groups {
            let header = if single {
                format!("{} {}", w.kpi_header(occupancy), g.name)
            } else {
                g.name.clone()
            };
            let column = Column::kpi_headed(occupancy, header).decimals(2);
            group_columns.push((column, find(g, occupancy.into())));
        }
    }
    if single {
        columns.append(&mut group_columns);
    }
    // The label columns, then each KPI's estimate at every point.
    let estimates = |id: &str, columns: &[(Column, Option<KpiComparison>)]| {
        let mut header = labels.clone();
        header.extend(columns.iter().map(|(c, _)| c.clone()));
        let mut table = Table::new(id, header);
        for (i, cells) in label_cells.iter().enumerate() {
            let mut row = cells.clone();
            row.extend(
                columns
                    .iter()
                    .map(|(_, k)| Value::estimate(k.as_ref().and_then(|k| k.scenarios[i]))),
            );
            table.rows.push(row);
        }
        table
    };
    doc.gap().heading(w.day_all_types);
    doc.table_within_width(estimates("points", &columns), labels.len());
    if !group_columns.is_empty() {
        let groups = estimates("groups", &group_columns);
        doc.gap().heading(format!(
            "{}, {}",
            capitalize(w.kpi_header(GroupKpi::Occupancy)),
            w.agent_groups.to_lowercase()
        ));
        doc.table_within_width(groups, labels.len());
    }

    let headline = &columns[1..5];
    let mut header = labels.clone();
    header.extend(headline.iter().map(|(c, _)| difference_column(c)));
    let mut differences = Table::new("differences", header);
    for (i, cells) in label_cells.iter().enumerate().skip(1) {
        let mut row = cells.clone();
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
        let line = if single {
            fill(
                w.difference_line,
                &[
                    ("name", &r.vary.name),
                    ("value", &numeric_in(&r.points[0].value, lang)),
                    ("paired", &paired),
                ],
            )
        } else {
            // The first point is the first row of the table above.
            fill(w.sweep_difference_first, &[("paired", &paired)])
        };
        doc.gap().line(line);
        doc.table_within_width(differences, labels.len());
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

/// The widest a grid's table may be in the terminal.
/// For each IVR menu whose option share is varied: every option's share
/// at each point, as simulated.
fn ivr_shares(
    doc: &mut Document,
    r: &SweepReport,
    labels: &[Column],
    label_cells: &[Vec<Value>],
    lang: Lang,
) {
    let w = lang.words();
    for (k, node) in r.points[0].ivr_shares.iter().enumerate() {
        let mut header = labels.to_vec();
        header.extend((0..node.prob_pct.len()).map(|o| Column::text(format!("options[{o}]"))));
        let mut table = Table::new(format!("ivr-shares-{k}"), header);
        for (cells, p) in label_cells.iter().zip(&r.points) {
            let mut row = cells.clone();
            if let Some(shares) = p.ivr_shares.get(k) {
                row.extend(
                    shares
                        .prob_pct
                        .iter()
                        .map(|v| Value::text(lang.decimals(show(*v)))),
                );
            }
            table.rows.push(row);
        }
        doc.gap().line(fill(
            w.sweep_ivr_shares,
            &[("node", &node.node), ("name", &node.name)],
        ));
        doc.table_within_width(table, labels.len());
    }
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
    let axes = r.axes();
    let point_values: Vec<Vec<crate::record::SweepPointValue>> =
        (0..r.points.len()).map(|i| r.values(i)).collect();
    let mut facts = Facts::new("summary");
    facts.add(capitalize(w.scenario), r.scenario.source.as_str());
    // Each axis's values, those moving together joined by &.
    let mut first = 0;
    for axis in &axes {
        let width = axis.names.len();
        let mut seen: Vec<String> = Vec::new();
        for values in &point_values {
            let together: Vec<&str> = values[first..(first + width).min(values.len())]
                .iter()
                .map(|v| v.value.as_str())
                .collect();
            let together = together.join(" & ");
            if !seen.contains(&together) {
                seen.push(together);
            }
        }
        facts.add(axis.names.join(" & "), seen.join(", "));
        first += width;
    }
    facts
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
    let names: Vec<&str> = point_values[0].iter().map(|v| v.name.as_str()).collect();
    let mut header: Vec<Column> = names.iter().map(|n| Column::label(*n)).collect();
    header.extend(columns.iter().cloned());
    header.extend(headline.iter().map(|c| {
        let mut column = difference_column(c);
        column.header = format!("Δ {}", c.header);
        column
    }));
    let mut points = Table::new("points", header);
    for (i, values) in point_values.iter().enumerate() {
        let mut row: Vec<Value> = values
            .iter()
            .map(|v| Value::text(v.value.as_str()))
            .collect();
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
    let labels: Vec<String> = point_values
        .iter()
        .map(|values| {
            let named: Vec<String> = values
                .iter()
                .map(|v| format!("{} = {}", v.name, v.value))
                .collect();
            named.join(", ")
        })
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
