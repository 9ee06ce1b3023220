//! The documents of `callsim erlang --compare-models`: Erlang C and Erlang A
//! on the same traffic, over agents and (at one staffing) over patience,
//! with a sentence on what the difference means; one CSV row per model and
//! staffing or patience; the HTML report's tables.

use super::{Column, Document, Kind, Table, Value};
use crate::erlang::{AgentsRow, ModelComparison, ModelPoint};
use crate::kpi::CallKpi;
use crate::lang::{Lang, Words, fill};
use crate::report::{ModelsReport, Report, TrafficSummary};
use crate::study::erlang_models::{SimulatedKpi, SimulatedModels};

impl Report for ModelsReport {
    fn table(&self, lang: Lang) -> Document {
        let w = lang.words();
        let mut doc = Document::new(None, lang);
        body(
            &mut doc,
            &self.comparison,
            self.simulation.as_ref(),
            &self.traffic,
            self.service_level_threshold_s,
            w,
        );
        doc
    }

    fn csv(&self, lang: Lang) -> Document {
        let mut columns = vec![
            Column::text("model"),
            Column::integer("agents"),
            Column::number("patience_s", 6),
            Column::number("service_level", 12),
            Column::number("asa_s", 6),
            Column::number("prob_wait", 12),
            Column::number("abandon", 12),
        ];
        // The simulation's half-widths, only when there is one (the
        // formulas' rows leave them empty).
        let simulated = self.simulation.as_ref();
        if simulated.is_some() {
            columns.extend([
                Column::number("service_level_half_width", 12),
                Column::number("asa_s_half_width", 6),
                Column::number("abandon_half_width", 12),
            ]);
        }
        let mut table = Table::new("models", columns);
        let c = &self.comparison;
        let mut push = |model: &str, agents: u32, patience: Option<f64>, p: &ModelPoint| {
            let mut row = vec![
                Value::text(model),
                Value::integer(agents),
                Value::Number(patience),
                Value::number(p.service_level),
                Value::Number(p.asa_s),
                Value::number(p.prob_wait),
                Value::number(p.abandon),
            ];
            if simulated.is_some() {
                row.extend([
                    Value::Number(None),
                    Value::Number(None),
                    Value::Number(None),
                ]);
            }
            table.rows.push(row);
        };
        for r in &c.over_agents {
            if let Some(p) = &r.erlang_c {
                push("erlang_c", r.agents, None, p);
            }
            push("erlang_a", r.agents, Some(c.patience_s), &r.erlang_a);
        }
        for r in &c.over_patience {
            push("erlang_a", c.agents, Some(r.patience_s), &r.erlang_a);
        }
        if let Some(s) = simulated {
            for r in &s.rows {
                table.rows.push(vec![
                    Value::text("simulation"),
                    Value::integer(r.agents),
                    Value::Number(Some(c.patience_s)),
                    Value::number(r.service_level.mean),
                    Value::Number(r.asa_s.map(|k| k.mean)),
                    Value::Number(None),
                    Value::number(r.abandon.mean),
                    Value::Number(r.service_level.half_width),
                    Value::Number(r.asa_s.and_then(|k| k.half_width)),
                    Value::Number(r.abandon.half_width),
                ]);
            }
        }
        let mut doc = Document::new(None, lang);
        doc.table(table);
        doc
    }
}

const PERCENT: Kind = Kind::Number {
    scale: 100.0,
    decimals: 1,
    suffix: "",
};

/// The heading, the two tables and the contrast, added to `doc` (the
/// terminal's text and the HTML report show the same).
pub fn body(
    doc: &mut Document,
    c: &ModelComparison,
    simulated: Option<&SimulatedModels>,
    t: &TrafficSummary,
    within_s: f64,
    w: &Words,
) {
    let traffic = fill(
        w.traffic_line,
        &[
            ("calls", &w.decimal(t.calls_per_hour, 2)),
            ("aht", &w.number(t.aht_s)),
            ("load", &w.decimal(t.offered_load_erlangs, 2)),
        ],
    );
    doc.line(fill(
        w.models_heading,
        &[
            ("patience", &w.number(c.patience_s)),
            ("traffic", &traffic),
            ("within", &w.number(within_s)),
        ],
    ));
    if let Some(s) = simulated {
        doc.line(simulation_line(s, w));
        if !s.is_markovian() {
            doc.line(fill(
                w.models_not_exponential,
                &[("handle", &s.handle), ("patience", &s.patience)],
            ));
        }
    }
    doc.gap().heading(w.over_agents);
    doc.table(over_agents(&c.over_agents, simulated, c.agents, w));
    doc.gap()
        .heading(fill(w.over_patience, &[("agents", &c.agents)]));
    doc.table(over_patience(c, w));
    if let (Some(at), Some(row)) = (
        c.erlang_c_at_agents,
        c.over_agents.iter().find(|r| r.agents == c.agents),
    ) {
        doc.gap().line(fill(
            w.models_contrast,
            &[
                ("agents", &c.agents),
                ("c", &w.decimal(at.service_level * 100.0, 1)),
                ("a", &w.decimal(row.erlang_a.service_level * 100.0, 1)),
                ("abandon", &w.decimal(row.erlang_a.abandon * 100.0, 1)),
                ("within", &w.number(within_s)),
            ],
        ));
    }
}

/// How the simulation beside the formulas ran and what it counted.
fn simulation_line(s: &SimulatedModels, w: &Words) -> String {
    let hours = w.number((s.horizon_s / 3600.0 * 100.0).round() / 100.0);
    let counted = if s.warmup_s > 0.0 {
        fill(
            w.models_counted_warmup,
            &[
                ("hours", &hours),
                (
                    "warmup",
                    &w.number((s.warmup_s / 60.0 * 100.0).round() / 100.0),
                ),
            ],
        )
    } else {
        fill(w.models_counted_all, &[("hours", &hours)])
    };
    fill(
        w.models_simulated,
        &[
            ("prefix", &w.simulated_prefix),
            ("scenario", &s.scenario),
            ("replications", &s.replications),
            ("seed", &s.seed),
            ("counted", &counted),
            ("pct", &w.number((s.confidence * 1000.0).round() / 10.0)),
        ],
    )
}

/// `k` as "82.9 ± 0.8", scaled by `scale`; the half-width left out with one replication.
fn with_half_width(k: &SimulatedKpi, scale: f64, w: &Words) -> String {
    let mean = w.decimal(k.mean * scale, 1);
    match k.half_width {
        Some(h) => format!("{mean} ± {}", w.decimal(h * scale, 1)),
        None => mean,
    }
}

fn over_agents(
    rows: &[AgentsRow],
    simulated: Option<&SimulatedModels>,
    marked: u32,
    w: &Words,
) -> Table {
    let sl = w.kpi_header(CallKpi::ServiceLevel);
    let asa = w.kpi_header(CallKpi::Asa);
    let abandon = w.kpi_header(CallKpi::AbandonRate);
    let mut columns = vec![
        Column::text(""),
        Column::integer(w.agents),
        Column::new(format!("C: {sl}"), Kind::Text),
        Column::new(format!("C: {asa}"), Kind::Text),
        Column::new(format!("A: {sl}"), PERCENT),
        Column::number(format!("A: {asa}"), 1),
        Column::new(format!("A: {abandon}"), PERCENT),
    ];
    if simulated.is_some() {
        let sim = w.simulated_prefix;
        columns.extend([
            Column::new(format!("{sim}: {sl}"), Kind::Text),
            Column::new(format!("{sim}: {asa}"), Kind::Text),
            Column::new(format!("{sim}: {abandon}"), Kind::Text),
        ]);
    }
    let mut table = Table::new("over-agents", columns);
    for r in rows {
        let (c_sl, c_asa) = match &r.erlang_c {
            Some(p) => (
                w.decimal(p.service_level * 100.0, 1),
                p.asa_s.map_or("–".to_string(), |s| w.decimal(s, 1)),
            ),
            None => (w.unstable.to_string(), w.unstable.to_string()),
        };
        let mut row = vec![
            Value::text(if r.agents == marked { "▶" } else { "" }),
            Value::integer(r.agents),
            Value::Text(c_sl),
            Value::Text(c_asa),
            Value::number(r.erlang_a.service_level),
            Value::Number(r.erlang_a.asa_s),
            Value::number(r.erlang_a.abandon),
        ];
        if let Some(s) = simulated {
            let at = s.rows.iter().find(|row| row.agents == r.agents);
            let cell = |k: Option<&SimulatedKpi>, scale: f64| {
                Value::Text(k.map_or("–".to_string(), |k| with_half_width(k, scale, w)))
            };
            row.extend([
                cell(at.map(|a| &a.service_level), 100.0),
                cell(at.and_then(|a| a.asa_s.as_ref()), 1.0),
                cell(at.map(|a| &a.abandon), 100.0),
            ]);
        }
        table.rows.push(row);
    }
    table
}

fn over_patience(c: &ModelComparison, w: &Words) -> Table {
    let mut table = Table::new(
        "over-patience",
        vec![
            Column::text(""),
            Column::label(w.patience_s_header),
            Column::new(w.kpi_header(CallKpi::ServiceLevel), PERCENT),
            Column::number(w.kpi_header(CallKpi::Asa), 1),
            Column::new(w.kpi_header(CallKpi::AbandonRate), PERCENT),
        ],
    );
    let mut row = |marker: &str, label: String, p: &ModelPoint| {
        table.rows.push(vec![
            Value::text(marker),
            Value::Text(label),
            Value::number(p.service_level),
            Value::Number(p.asa_s),
            Value::number(p.abandon),
        ]);
    };
    for r in &c.over_patience {
        let marker = if r.patience_s == c.patience_s {
            "▶"
        } else {
            ""
        };
        row(marker, w.number(r.patience_s), &r.erlang_a);
    }
    if let Some(limit) = &c.erlang_c_at_agents {
        row("", w.no_patience_limit.to_string(), limit);
    }
    table
}

/// The HTML report's body: the same heading, tables and contrast.
pub fn html(r: &crate::record::ModelsRecord, w: &Words) -> Document {
    let mut doc = Document::new(Some(w.models_title.to_string()), w.lang);
    let t = TrafficSummary {
        calls_per_hour: r.traffic.calls_per_hour,
        aht_s: r.traffic.aht_s,
        offered_load_erlangs: r.traffic.offered_load_erlangs,
    };
    body(
        &mut doc,
        &r.comparison,
        r.simulation.as_ref(),
        &t,
        r.service_level_threshold_s,
        w,
    );
    doc
}
