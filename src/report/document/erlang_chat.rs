//! The documents of `callsim erlang --max-chats`: the chat model's facts at
//! given agents, or the staffing table around the required agents; one CSV
//! row per staffing level. The chain's values are exact: plain numbers.

use super::erlang::{
    Evaluated, PERCENT, csv_kpi_cells, csv_kpi_columns, percent, targets_line, wait_facts,
};
use super::{Column, Document, Facts, Kind, Table, Value};
use crate::erlang::{ChatKpis, ServiceLevelBasis};
use crate::kpi::CallKpi;
use crate::lang::{ChatWords, Lang, Words, fill};
use crate::report::{ChatReport, ChatResult, Report};

impl Report for ChatReport {
    fn table(&self, lang: Lang) -> Document {
        let (w, c) = (lang.words(), lang.chat_words());
        let mut doc = Document::new(None, lang);
        doc.line(model_line(self, w, c));
        doc.line(fill(
            c.traffic_line,
            &[
                ("chats", &w.decimal(self.traffic.calls_per_hour, 2)),
                ("aht", &w.number(self.traffic.aht_s)),
            ],
        ));
        let targets = targets_line(&self.targets, w);
        let shrinkage_pct = w.decimal(self.shrinkage * 100.0, 0);
        match &self.result {
            ChatResult::Evaluate {
                kpis,
                scheduled_staff,
                meets_targets,
                ..
            } => {
                let evaluated = Evaluated {
                    facts: chat_facts(kpis, self.patience_s.is_some(), w, c),
                    shrinkage: self.shrinkage,
                    scheduled_staff: *scheduled_staff,
                    meets_targets: *meets_targets,
                    targets: &self.targets,
                    kpis: &kpis.kpis,
                };
                evaluated.push_to(&mut doc, w);
            }
            ChatResult::Staffing {
                required,
                scheduled_staff,
                table,
            } => {
                doc.line(fill(w.targets_line, &[("targets", &targets)]));
                let agents = required.kpis.agents;
                let mut line = fill(w.required_line, &[("agents", &agents)]);
                if self.shrinkage > 0.0 {
                    line.push_str(&fill(
                        w.after_shrinkage,
                        &[("staff", scheduled_staff), ("pct", &shrinkage_pct)],
                    ));
                }
                doc.line(line).gap();
                doc.table(levels(table, agents, self.patience_s.is_some(), w, c));
            }
        }
        doc
    }

    fn csv(&self, lang: Lang) -> Document {
        let (w, c) = (lang.words(), lang.chat_words());
        let k = self.max_chats as usize;
        let mut columns: Vec<Column> = csv_kpi_columns(&w.csv).collect();
        columns.push(Column::number(c.csv_chats_per_agent, 2));
        for l in 0..=k {
            columns.push(Column::number(fill(c.csv_agents_at, &[("l", &l)]), 2));
        }
        columns.push(Column::integer(c.csv_states));
        columns.push(Column::integer(w.csv.scheduled_staff));
        let (rows, required): (&[ChatKpis], Option<u32>) = match &self.result {
            ChatResult::Evaluate { kpis, .. } => (std::slice::from_ref(kpis), None),
            ChatResult::Staffing {
                required, table, ..
            } => (table, Some(required.kpis.agents)),
        };
        if required.is_some() {
            columns.push(Column::new(w.csv.required, Kind::Flag));
        }
        let mut table = Table::new("kpis", columns);
        for kpis in rows {
            let mut row: Vec<Value> = csv_kpi_cells(&kpis.kpis).collect();
            row.push(Value::number(kpis.mean_chats_per_agent));
            row.extend(kpis.agent_level_shares.iter().map(|&s| Value::number(s)));
            row.push(Value::integer(kpis.states as u64));
            let staff = crate::erlang::scheduled_staff(kpis.kpis.agents, self.shrinkage);
            row.push(Value::integer(staff));
            if let Some(agents) = required {
                row.push(Value::Flag(Some(kpis.kpis.agents == agents)));
            }
            table.rows.push(row);
        }
        let mut doc = Document::new(None, lang);
        doc.table(table);
        doc
    }
}

fn model_line(r: &ChatReport, w: &Words, c: &ChatWords) -> String {
    let factors: Vec<String> = r.handle_time_factors.iter().map(|&f| w.number(f)).collect();
    let patience = match r.patience_s {
        Some(p) => fill(c.patience_part, &[("patience", &w.number(p))]),
        None => c.no_patience_part.to_string(),
    };
    fill(
        c.model_line,
        &[
            ("k", &r.max_chats),
            (
                "chats",
                &if r.max_chats == 1 {
                    c.chat_one
                } else {
                    c.chat_many
                },
            ),
            ("factors", &factors.join(" / ")),
            ("patience", &patience),
        ],
    )
}

/// The KPIs of one staffing level, labelled in words.
fn chat_facts(k: &ChatKpis, abandoning: bool, w: &Words, c: &ChatWords) -> Facts {
    let kp = &k.kpis;
    let labels = (c.asa_label, c.mean_wait_all_label);
    let mut facts = wait_facts(kp, ServiceLevelBasis::Offered, abandoning, labels, w);
    let levels: Vec<String> = (0..k.agent_level_shares.len())
        .map(|l| l.to_string())
        .collect();
    let shares: Vec<String> = k
        .agent_level_shares
        .iter()
        .map(|&s| percent(s, w))
        .collect();
    facts
        .add(c.occupancy_label, percent(kp.occupancy, w))
        .add(c.chats_per_agent, w.decimal(k.mean_chats_per_agent, 3))
        .add(
            fill(c.level_shares_label, &[("levels", &levels.join("/"))]),
            shares.join(" / "),
        )
        .add(w.mean_queue_length, w.decimal(kp.mean_queue_length, 3))
        .add(c.blocking_label, percent(kp.blocking_no_queue, w))
        .add(c.states_label, k.states.to_string());
    facts
}

/// The staffing levels around the answer, the answer marked.
fn levels(table: &[ChatKpis], required: u32, abandoning: bool, w: &Words, c: &ChatWords) -> Table {
    let mut columns = vec![
        Column::text(""),
        Column::integer(w.agents),
        Column::new(w.prob_wait, PERCENT),
        Column::new(w.sl_short, PERCENT).of(CallKpi::ServiceLevel),
        Column::number(w.asa_column, 1).of(CallKpi::Asa),
    ];
    if abandoning {
        columns.push(Column::new(w.abandon_column, PERCENT).of(CallKpi::AbandonRate));
    }
    columns.push(Column::new(w.occupancy, PERCENT).of(CallKpi::Occupancy));
    columns.push(Column::number(c.chats_per_agent_column, 2));
    columns.push(Column::number(w.queue, 2));
    let mut levels = Table::new("kpis", columns);
    for k in table {
        let kp = &k.kpis;
        let marker = if kp.agents == required { "▶" } else { "" };
        let mut row = vec![
            Value::text(marker),
            Value::integer(kp.agents),
            Value::number(kp.prob_wait),
            Value::number(kp.service_level),
            Value::Number(kp.asa_answered_s),
        ];
        if abandoning {
            row.push(Value::number(kp.prob_abandon));
        }
        row.push(Value::number(kp.occupancy));
        row.push(Value::number(k.mean_chats_per_agent));
        row.push(Value::number(kp.mean_queue_length));
        levels.rows.push(row);
    }
    levels
}
