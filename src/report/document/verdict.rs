//! The verdict of a comparison as a reader sees it: one narrow table (the
//! scenarios best first, the ranked KPI, its paired difference from A, and
//! each target met or missed over the day and in the worst interval), then
//! the conclusion in a sentence or two. Terminal and HTML show the same.

use super::phrases::{PLANNING_ORDER, targets_sentence};
use super::{Column, Difference, Document, Kind, Table, Value};
use crate::kpi::{CallKpi, GroupKpi, Kpi, TargetKpi, Unit};
use crate::lang::{Lang, Words, fill};
use crate::study::verdict::{Better, RankedKpi, Verdict, VerdictRow};

const MET: &str = "✓";
const MISSED: &str = "✗";

fn mark(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => MET,
        Some(false) => MISSED,
        None => "",
    }
}

/// `value` (stored) shown at `scale`, then the mark of its target.
fn marked(value: Option<f64>, scale: f64, decimals: usize, met: Option<bool>, w: &Words) -> Value {
    match value {
        None => Value::text("–"),
        Some(v) => Value::Text(
            format!("{} {}", w.decimal(v * scale, decimals), mark(met))
                .trim_end()
                .to_string(),
        ),
    }
}

struct Shown {
    name: &'static str,
    header: &'static str,
    unit: Unit,
    scale: f64,
    decimals: usize,
}

fn shown(kpi: RankedKpi, w: &Words) -> Shown {
    match kpi {
        RankedKpi::Calls(k) => Shown {
            name: w.kpi(k),
            header: w.kpi_header(k),
            unit: k.def().unit,
            scale: k.scale(),
            decimals: k.def().decimals,
        },
        RankedKpi::AgentHours => Shown {
            name: w.kpi(GroupKpi::AgentHours),
            header: w.verdict_agent_hours,
            unit: Unit::Hours,
            scale: 1.0,
            decimals: 1,
        },
    }
}

/// A difference in its unit: "+7.4 pp", "−3.7 s", "+9.0 h".
fn difference_text(mean: f64, s: &Shown, lang: Lang) -> String {
    let unit = match (s.unit, lang) {
        (Unit::Share, Lang::En) => " pp",
        (Unit::Share, Lang::Pt) => " p.p.",
        (Unit::Seconds, _) => " s",
        (Unit::Hours, _) => " h",
        _ => "",
    };
    let sign = if mean < 0.0 { "−" } else { "+" };
    let digits = lang.decimals(format!("{:.*}", s.decimals, (mean * s.scale).abs()));
    format!("{sign}{digits}{unit}")
}

/// The verdict's heading, targets, table and conclusion, added to `doc`.
pub fn add_verdict(doc: &mut Document, v: &Verdict, w: &Words) {
    let Some(kpi) = v.ranked_kpi() else {
        return;
    };
    let s = shown(kpi, w);
    let better = match v.better {
        Better::Higher => w.higher_is_better,
        Better::Lower => w.lower_is_better,
    };
    doc.heading(fill(
        w.verdict_heading,
        &[("kpi", &s.name), ("better", &better)],
    ));
    let t = &v.targets;
    let targets = targets_sentence(
        &PLANNING_ORDER,
        |k| match k {
            TargetKpi::ServiceLevel => t.service_level,
            TargetKpi::Asa => t.max_asa_s,
            TargetKpi::AbandonRate => t.max_abandon,
        },
        t.answer_within_s,
        None,
        w,
    );
    if !targets.is_empty() {
        doc.line(format!("{}: {targets}", w.targets));
    }
    if v.targets_differ {
        doc.line(w.verdict_own_targets);
    }
    doc.table(table(v, kpi, &s, w));
    for line in w.verdict_legend.lines() {
        doc.line(line);
    }
    for sentence in conclusion(v, &s, w) {
        doc.line(sentence);
    }
}

fn table(v: &Verdict, kpi: RankedKpi, s: &Shown, w: &Words) -> Table {
    let ranked_target = |r: &VerdictRow| match kpi {
        RankedKpi::Calls(CallKpi::ServiceLevel) => r.service_level_met,
        RankedKpi::Calls(CallKpi::AbandonRate) => r.abandon_met,
        RankedKpi::Calls(CallKpi::Asa) => r.asa_met,
        _ => None,
    };
    let sl = CallKpi::ServiceLevel;
    let abandon = CallKpi::AbandonRate;
    let asa = CallKpi::Asa;
    let show_sl = kpi != RankedKpi::Calls(sl);
    let show_abandon = kpi != RankedKpi::Calls(abandon);
    let show_asa = kpi != RankedKpi::Calls(asa) && v.rows.iter().any(|r| r.asa_met.is_some());
    let show_worst = v.rows.iter().any(|r| r.worst_interval.is_some());
    let show_hours = kpi != RankedKpi::AgentHours && v.rows.iter().any(|r| r.agent_hours.is_some());
    let mut columns = vec![
        Column::integer(w.verdict_rank),
        Column::label(w.scenario),
        Column::new(s.header, Kind::Text),
        Column::new(
            "− A",
            Kind::Difference {
                scale: s.scale,
                decimals: s.decimals,
            },
        ),
    ];
    if show_sl {
        columns.push(Column::new(w.verdict_day_sl, Kind::Text));
    }
    if show_worst {
        columns.push(Column::new(w.verdict_worst_interval, Kind::Text));
    }
    if show_abandon {
        columns.push(Column::new(w.kpi_header(abandon), Kind::Text));
    }
    if show_asa {
        columns.push(Column::new(w.kpi_header(asa), Kind::Text));
    }
    if show_hours {
        columns.push(Column::number(w.verdict_agent_hours, 1));
    }
    columns.push(Column::new(w.verdict_targets, Kind::Text));
    let mut table = Table::new("verdict", columns);
    for r in &v.rows {
        let mut row = vec![
            Value::Integer(r.rank.map(|n| n as u64)),
            Value::text(r.scenario.as_str()),
            marked(r.value, s.scale, s.decimals, ranked_target(r), w),
            Value::Difference(r.difference.map(|d| Difference {
                mean: d.mean,
                half_width: d.half_width,
                significant: d.significant,
            })),
        ];
        if show_sl {
            row.push(marked(
                r.service_level,
                sl.scale(),
                sl.def().decimals,
                r.service_level_met,
                w,
            ));
        }
        if show_worst {
            row.push(match &r.worst_interval {
                Some(i) => Value::Text(
                    format!(
                        "{} {} {}",
                        i.start,
                        w.decimal(i.service_level * sl.scale(), sl.def().decimals),
                        mark(i.met)
                    )
                    .trim_end()
                    .to_string(),
                ),
                None => Value::text("–"),
            });
        }
        if show_abandon {
            row.push(marked(
                r.abandon_rate,
                abandon.scale(),
                abandon.def().decimals,
                r.abandon_met,
                w,
            ));
        }
        if show_asa {
            row.push(marked(r.asa_s, 1.0, asa.def().decimals, r.asa_met, w));
        }
        if show_hours {
            row.push(Value::Number(r.agent_hours));
        }
        row.push(Value::text(mark(r.all_targets_met)));
        table.rows.push(row);
    }
    table
}

/// Who ranks first and whether that stands out from the noise, then who
/// meets every target.
fn conclusion(v: &Verdict, s: &Shown, w: &Words) -> Vec<String> {
    let mut sentences = Vec::new();
    if let Some(best) = v.rows.first().filter(|r| r.rank == Some(1)) {
        let name = best.scenario.as_str();
        let sentence = match best.difference {
            None => fill(
                w.verdict_reference_first,
                &[("best", &name), ("kpi", &s.name)],
            ),
            Some(d) => {
                let difference = difference_text(d.mean, s, w.lang);
                let template = match d.significant {
                    Some(true) => w.verdict_first_significant,
                    Some(false) => w.verdict_first_within_noise,
                    None => w.verdict_first_untested,
                };
                fill(
                    template,
                    &[
                        ("best", &name),
                        ("kpi", &s.name),
                        ("difference", &difference),
                    ],
                )
            }
        };
        sentences.push(sentence);
    }
    if v.rows.iter().any(|r| r.all_targets_met.is_some()) {
        let meeting: Vec<&str> = v
            .rows
            .iter()
            .filter(|r| r.all_targets_met == Some(true))
            .map(|r| r.scenario.as_str())
            .collect();
        sentences.push(if meeting.is_empty() {
            w.verdict_none_met.to_string()
        } else {
            fill(w.verdict_all_met, &[("list", &meeting.join(", "))])
        });
    }
    sentences
}
