//! The documents of `callsim erlang --blend-above`: the blended center's
//! inbound and outbound facts at the dialer's threshold K, and a table over
//! the thresholds around it; one CSV row per threshold. The chain's values
//! are exact: plain numbers.

use super::erlang::{Evaluated, PERCENT, percent, wait_facts};
use super::{Column, Document, Facts, Table, Value};
use crate::erlang::{BlendKpis, ServiceLevelBasis};
use crate::kpi::CallKpi;
use crate::lang::{BlendWords, Lang, Words, fill};
use crate::report::{BlendReport, Report};

impl Report for BlendReport {
    fn table(&self, lang: Lang) -> Document {
        let (w, b) = (lang.words(), lang.blend_words());
        let mut doc = Document::new(None, lang);
        doc.line(model_line(self, w, b));
        doc.line(fill(
            b.traffic_line,
            &[
                ("calls", &w.decimal(self.traffic.calls_per_hour, 2)),
                ("aht", &w.number(self.traffic.aht_s)),
                ("erlangs", &w.decimal(self.traffic.offered_load_erlangs, 2)),
            ],
        ));
        doc.gap();
        doc.line(b.inbound_heading);
        let inbound = self.inbound();
        let abandoning = self.patience_s.is_some();
        let labels = (b.asa_label, b.mean_wait_all_label);
        let mut facts = wait_facts(&inbound, ServiceLevelBasis::Offered, abandoning, labels, w);
        let k = &self.kpis;
        facts
            .add(w.mean_queue_length, w.decimal(k.mean_queue_length, 3))
            .add(
                b.without_outbound,
                percent(k.without_outbound.service_level, w),
            )
            .add(b.sl_lost, w.decimal(k.service_level_lost * 100.0, 2));
        Evaluated {
            facts,
            shrinkage: 0.0,
            scheduled_staff: self.agents,
            meets_targets: self.meets_targets,
            targets: &self.targets,
            kpis: &inbound,
        }
        .push_to(&mut doc, w);
        doc.gap();
        doc.line(b.outbound_heading);
        doc.push(super::Block::Facts(outbound_facts(k, w, b)));
        doc.gap();
        doc.line(b.around_line);
        doc.table(thresholds(
            &self.table,
            k.dial_when_idle_agents_above,
            abandoning,
            w,
            b,
        ));
        doc
    }

    fn csv(&self, lang: Lang) -> Document {
        let b = lang.blend_words();
        let mut columns = vec![Column::integer(b.csv[0]), Column::integer(b.csv[1])];
        columns.extend(b.csv[2..].iter().map(|&name| Column::number(name, 6)));
        let mut table = Table::new("kpis", columns);
        for k in &self.table {
            table.rows.push(vec![
                Value::integer(k.dial_when_idle_agents_above),
                Value::integer(k.agents),
                Value::number(k.service_level),
                Value::number(k.prob_wait),
                Value::Number(k.asa_answered_s),
                Value::number(k.prob_abandon),
                Value::number(k.dials_per_hour),
                Value::number(k.connects_per_hour),
                Value::number(k.nuisance_per_hour),
                Value::number(k.nuisance_rate),
                Value::number(k.inbound_occupancy),
                Value::number(k.outbound_occupancy),
                Value::number(k.service_level_lost),
            ]);
        }
        let mut doc = Document::new(None, lang);
        doc.table(table);
        doc
    }
}

fn model_line(r: &BlendReport, w: &Words, b: &BlendWords) -> String {
    let patience = match r.patience_s {
        Some(p) => fill(b.patience_part, &[("patience", &w.number(p))]),
        None => b.no_patience_part.to_string(),
    };
    let d = &r.dialer;
    fill(
        b.model_line,
        &[
            ("agents", &r.agents),
            ("k", &d.dial_when_idle_agents_above),
            ("dial", &w.number(d.dial_s)),
            ("reach", &w.number(d.reach_prob * 100.0)),
            ("aht", &w.number(d.outbound_aht_s)),
            ("patience", &patience),
        ],
    )
}

fn outbound_facts(k: &BlendKpis, w: &Words, b: &BlendWords) -> Facts {
    let mut facts = Facts::new("outbound");
    facts
        .add(b.dials, w.decimal(k.dials_per_hour, 2))
        .add(b.reaches, w.decimal(k.reaches_per_hour, 2))
        .add(b.connects, w.decimal(k.connects_per_hour, 2))
        .add(b.nuisance, w.decimal(k.nuisance_per_hour, 3))
        .add(b.nuisance_rate, percent(k.nuisance_rate, w))
        .add(b.inbound_occupancy, percent(k.inbound_occupancy, w))
        .add(b.outbound_occupancy, percent(k.outbound_occupancy, w))
        .add(b.states_label, k.states.to_string());
    facts
}

/// The thresholds around K, K marked.
fn thresholds(table: &[BlendKpis], k: u32, abandoning: bool, w: &Words, b: &BlendWords) -> Table {
    let mut columns = vec![
        Column::text(""),
        Column::integer(b.k_column),
        Column::new(w.sl_short, PERCENT).of(CallKpi::ServiceLevel),
        Column::number(w.asa_column, 1).of(CallKpi::Asa),
    ];
    if abandoning {
        columns.push(Column::new(w.abandon_column, PERCENT).of(CallKpi::AbandonRate));
    }
    columns.extend([
        Column::number(b.connects_column, 1),
        Column::new(b.nuisance_column, PERCENT),
        Column::new(b.inbound_occupancy_column, PERCENT),
        Column::new(b.outbound_occupancy_column, PERCENT),
        Column::number(b.sl_lost_column, 2),
    ]);
    let mut rows = Table::new("thresholds", columns);
    for t in table {
        let marker = if t.dial_when_idle_agents_above == k {
            "▶"
        } else {
            ""
        };
        let mut row = vec![
            Value::text(marker),
            Value::integer(t.dial_when_idle_agents_above),
            Value::number(t.service_level),
            Value::Number(t.asa_answered_s),
        ];
        if abandoning {
            row.push(Value::number(t.prob_abandon));
        }
        row.extend([
            Value::number(t.connects_per_hour),
            Value::number(t.nuisance_rate),
            Value::number(t.inbound_occupancy),
            Value::number(t.outbound_occupancy),
            Value::number(t.service_level_lost * 100.0),
        ]);
        rows.rows.push(row);
    }
    rows
}
