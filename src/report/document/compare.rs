//! The documents of `callsim compare` (and `merge` of compare shards): the
//! terminal's KPI-by-scenario tables, the long CSV (shared with `sweep`),
//! and the HTML report.

use super::phrases::{replications, timing};
use super::{Block, Column, Difference, Document, Estimate, Facts, Kind, Rich, Span, Table, Value};
use crate::kpi::{CallKpi, GroupKpi, Kpi};
use crate::lang::{Lang, Words, capitalize, fill};
use crate::record::{self as records, CompareRecord};
use crate::report::{CompareReport, Report};
use crate::study::compare::{self, Comparison, KpiComparison};

impl Report for CompareReport {
    fn table(&self, lang: Lang) -> Document {
        table(self, lang)
    }

    fn csv(&self, lang: Lang) -> Document {
        let arms: Vec<[String; 2]> = self
            .scenarios
            .iter()
            .map(|s| [s.label.clone(), s.source.clone()])
            .collect();
        let c = &lang.words().csv;
        comparison_csv([c.scenario, c.source], &arms, &self.comparison, lang)
    }
}

/// Which family a set of compared KPIs is of: a call type's (or all) or a group's.
#[derive(Clone, Copy)]
pub(super) enum SetOf {
    Calls,
    Groups,
}

impl SetOf {
    /// The scale of the KPI saved under `key`: 100 for shares.
    pub(super) fn scale(self, key: &str) -> f64 {
        match self {
            SetOf::Calls => CallKpi::from_key(key).map_or(1.0, Kpi::scale),
            SetOf::Groups => GroupKpi::from_key(key).map_or(1.0, Kpi::scale),
        }
    }

    /// The KPI saved under `key` as a reader names it, with its unit:
    /// "mean wait of abandoned callers (s)", "nível de serviço (%)"; a key
    /// no family knows stays as it is.
    pub(super) fn name_in(self, key: &str, w: &Words) -> String {
        let named = match self {
            SetOf::Calls => CallKpi::from_key(key).map(|k| w.kpi_axis(k)),
            SetOf::Groups => GroupKpi::from_key(key).map(|k| w.kpi_axis(k)),
        };
        named.unwrap_or_else(|| key.to_string())
    }

    /// The KPI saved under `key` as `w` names it in CSV ("tme_s").
    pub(super) fn key_in(self, key: &str, w: &Words) -> String {
        let named = match self {
            SetOf::Calls => CallKpi::from_key(key).map(|k| w.kpi_key(k)),
            SetOf::Groups => GroupKpi::from_key(key).map(|k| w.kpi_key(k)),
        };
        named.unwrap_or(key).to_string()
    }
}

/// The estimate and difference columns of a KPI-by-arm table: two decimals
/// whatever the KPI, its rows already scaled to their KPI's unit.
fn arm_columns(first: &str, labels: &[String], welch_header: &str) -> Vec<Column> {
    let estimate = Kind::Estimate {
        scale: 1.0,
        decimals: 2,
    };
    let mut columns = vec![Column::label(first)];
    columns.extend(labels.iter().map(|l| Column::new(l.as_str(), estimate)));
    for l in labels.iter().skip(1) {
        columns.push(Column::new(
            format!("{l} − {}", labels[0]),
            Kind::Difference {
                scale: 1.0,
                decimals: 2,
            },
        ));
        columns.push(Column::new(
            welch_header,
            Kind::HalfWidth {
                scale: 1.0,
                decimals: 2,
            },
        ));
    }
    columns
}

/// One KPI's row: its label, each arm's estimate, then each later arm's
/// paired difference and Welch half-width, all multiplied by `scale`.
pub(super) fn arm_row(
    label: String,
    scenarios: impl Iterator<Item = Option<Estimate>>,
    differences: impl Iterator<Item = Option<(Difference, Option<f64>)>>,
    scale: f64,
) -> Vec<Value> {
    let mut row = vec![Value::Text(label)];
    row.extend(scenarios.map(|e| {
        Value::Estimate(e.map(|e| Estimate {
            mean: e.mean * scale,
            half_width: e.half_width.map(|h| h * scale),
        }))
    }));
    for d in differences.skip(1) {
        row.push(Value::Difference(d.map(|(d, _)| Difference {
            mean: d.mean * scale,
            half_width: d.half_width.map(|h| h * scale),
            significant: d.significant,
        })));
        row.push(Value::Number(
            d.and_then(|(_, welch)| welch).map(|h| h * scale),
        ));
    }
    row
}

fn report_row(k: &KpiComparison, of: SetOf, w: &Words) -> Vec<Value> {
    let scale = of.scale(k.kpi);
    arm_row(
        of.name_in(k.kpi, w),
        k.scenarios.iter().map(|e| e.map(Into::into)),
        k.differences
            .iter()
            .map(|d| d.map(|d| (d.into(), d.welch_half_width))),
        scale,
    )
}

/// The terminal's tables: the run, the scenarios, the notes, then each KPI
/// per scenario and its difference from the first.
pub fn table(r: &CompareReport, lang: Lang) -> Document {
    let w = lang.words();
    let mut doc = Document::new(None, lang);
    let n = r.scenarios.len();
    let one = r.replications == 1;
    if one {
        doc.line(fill(w.comparing_one, &[("n", &n), ("seed", &r.seed)]));
    } else {
        doc.line(fill(
            w.comparing_many,
            &[
                ("n", &n),
                ("seed", &r.seed),
                ("replications", &replications(r.replications, w)),
                ("pct", &w.decimal(r.confidence * 100.0, 0)),
            ],
        ));
    }
    for s in &r.scenarios {
        doc.line(format!("  {}  {}", s.label, s.source));
    }
    doc.line(if one {
        w.differences_one
    } else {
        w.differences_many
    });
    for note in r.notes.iter().skip(1) {
        doc.line(fill(w.note_line, &[("note", note)]));
    }
    doc.gap();
    super::verdict::add_verdict(&mut doc, &r.verdict, w);
    let labels: Vec<String> = r.scenarios.iter().map(|s| s.label.clone()).collect();
    let section = |doc: &mut Document, title: String, set: &compare::KpiSet, of: SetOf| {
        let mut table = Table::new("", arm_columns(w.kpi_label, &labels, "Welch ±"));
        let shown = set.kpis.iter().filter(|k| match of {
            SetOf::Calls => CallKpi::from_key(k.kpi).is_none_or(|kpi| r.features.shows(kpi)),
            SetOf::Groups => GroupKpi::from_key(k.kpi).is_none_or(|kpi| r.features.shows(kpi)),
        });
        table.rows.extend(shown.map(|k| report_row(k, of, w)));
        // Each scenario's estimate, then each difference with its Welch ±.
        let arms = labels.len();
        let units: Vec<usize> = std::iter::repeat_n(1, arms)
            .chain(std::iter::repeat_n(2, arms - 1))
            .collect();
        doc.gap()
            .heading(title)
            .table_within_width_in_units(table, 1, &units);
    };
    let c = &r.comparison;
    let several = c.day.len() > 2;
    for set in &c.day {
        if set.name == compare::ALL {
            section(&mut doc, w.day_all_types.to_string(), set, SetOf::Calls);
        } else if several {
            let title = fill(w.day_call_type, &[("name", &set.name)]);
            section(&mut doc, title, set, SetOf::Calls);
        }
    }
    for set in &c.groups {
        let title = fill(w.day_group, &[("name", &set.name)]);
        section(&mut doc, title, set, SetOf::Groups);
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

/// The long table of a comparison: one row per (section, interval, name,
/// KPI, arm), the arm named by two columns; every number as stored.
pub(super) fn comparison_csv(
    arm_header: [&str; 2],
    arms: &[[String; 2]],
    c: &Comparison,
    lang: Lang,
) -> Document {
    let w = lang.words();
    let h = &w.csv;
    let mut columns: Vec<Column> = [h.section, h.interval, h.start, h.name, h.kpi]
        .into_iter()
        .chain(arm_header)
        .map(Column::text)
        .collect();
    columns.extend(
        [
            h.mean,
            h.half_width.trim_start_matches('_'),
            h.difference,
            h.difference_half_width,
            h.welch_half_width,
        ]
        .map(|h| Column::number(h, 2)),
    );
    columns.push(Column::new(h.significant, Kind::Flag));
    columns.push(Column::integer(h.pairs));
    let mut table = Table::new("comparison", columns);
    let sets = c
        .day
        .iter()
        .map(|s| (h.day, SetOf::Calls, String::new(), String::new(), s))
        .chain(c.groups.iter().map(|s| {
            (
                h.group_section,
                SetOf::Groups,
                String::new(),
                String::new(),
                s,
            )
        }))
        .chain(c.intervals.iter().flat_map(|i| {
            i.call_types.iter().map(move |s| {
                let index = i.index.to_string();
                (h.interval, SetOf::Calls, index, i.start.clone(), s)
            })
        }));
    for (section, of, interval, start, set) in sets {
        for k in &set.kpis {
            for (i, [first, second]) in arms.iter().enumerate() {
                let e = k.scenarios[i];
                let d = k.differences[i];
                table.rows.push(vec![
                    Value::text(section),
                    Value::text(interval.as_str()),
                    Value::text(start.as_str()),
                    Value::text(all_named(&set.name, w)),
                    Value::Text(of.key_in(k.kpi, w)),
                    Value::text(first.as_str()),
                    Value::text(second.as_str()),
                    Value::Number(e.map(|e| e.mean)),
                    Value::Number(e.and_then(|e| e.half_width)),
                    Value::Number(d.map(|d| d.mean)),
                    Value::Number(d.and_then(|d| d.half_width)),
                    Value::Number(d.and_then(|d| d.welch_half_width)),
                    Value::Flag(d.and_then(|d| d.significant)),
                    Value::Integer(d.map(|d| d.pairs)),
                ]);
            }
        }
    }
    let mut doc = Document::new(None, lang);
    doc.table(table);
    doc
}

/// The HTML report shows in percent only the headline shares, and the other
/// KPIs (block rate, FCR, …) as stored: kept as it was, to keep every report
/// the same.
fn html_scale(key: &str) -> f64 {
    let headline = CallKpi::HEADLINE.iter().find(|k| k.key() == key);
    headline.map_or(1.0, |k| k.scale())
}

/// A KPI's row label in the HTML report: its name with the unit; a share
/// the report shows as stored (block rate, FCR, …) without the "(%)".
fn html_label(key: &str, of: SetOf, scale: f64, w: &Words) -> String {
    let named = of.name_in(key, w);
    if scale == 100.0 || of.scale(key) != 100.0 {
        named
    } else {
        named.trim_end_matches(" (%)").to_string()
    }
}

/// A KPI-by-arm table of the HTML report: every KPI of the set, `of` the
/// family it is of.
pub(super) fn html_comparison(
    id: String,
    set: &records::KpiSet,
    of: SetOf,
    labels: &[String],
    w: &Words,
) -> Table {
    let welch = format!("± {}", w.unpaired_interval);
    let mut table = Table::new(id, arm_columns(w.kpi_label, labels, &welch));
    for k in &set.kpis {
        let scale = html_scale(&k.kpi);
        table.rows.push(arm_row(
            html_label(&k.kpi, of, scale, w),
            k.scenarios.iter().map(|e| e.map(Into::into)),
            k.differences
                .iter()
                .map(|d| d.map(|d| (d.into(), d.welch_half_width))),
            scale,
        ));
    }
    table
}

/// "all" in the report's language; a name as it is.
pub(super) fn all_named<'a>(name: &'a str, w: &'a Words) -> &'a str {
    if name == compare::ALL { w.all } else { name }
}

/// The HTML report's body: the run and the scenarios, how to read the
/// differences, then each day set and each group.
pub fn html(r: &CompareRecord, w: &Words) -> Document {
    let mut doc = Document::new(Some(w.compare_title.to_string()), w.lang);
    doc.heading(w.summary);
    let mut facts = Facts::new("summary");
    facts
        .add(capitalize(w.seed), r.seed.to_string())
        .add(capitalize(w.replications), r.replications.to_string())
        .add(
            capitalize(w.confidence),
            format!("{:.0} %", r.confidence * 100.0),
        );
    for s in &r.scenarios {
        facts.add(s.label.as_str(), s.source.as_str());
    }
    for note in &r.notes {
        facts.add("ℹ", note.as_str());
    }
    doc.push(Block::Facts(facts));
    let first = r.scenarios.first().map_or("A", |s| s.label.as_str());
    doc.push(Block::Paragraph(
        Rich::text(format!(
            "{} {first} ± {}; ",
            capitalize(w.difference_from),
            w.paired_interval
        ))
        .push(Span::Strong(w.significant.to_string()))
        .then(format!(" (0 {}).", w.outside_interval)),
    ));
    if let Some(verdict) = &r.verdict {
        super::verdict::add_verdict(&mut doc, verdict, w);
    }
    let labels: Vec<String> = r.scenarios.iter().map(|s| s.label.clone()).collect();
    for (i, set) in r.day.iter().enumerate() {
        doc.heading(format!("{} — {}", w.day_totals, all_named(&set.name, w)));
        doc.table(html_comparison(
            format!("day-{i}"),
            set,
            SetOf::Calls,
            &labels,
            w,
        ));
    }
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
