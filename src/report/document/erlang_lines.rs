//! The documents of `callsim erlang --max-blocking-pct`: the load, the
//! target and the lines needed, then the line counts around the answer
//! (blocking, calls lost per hour, traffic carried, line occupancy); one CSV
//! row per line count; the HTML report's summary and table.

use super::{Column, Document, Kind, Table, Value};
use crate::erlang::LineKpis;
use crate::lang::{Lang, Words, capitalize, fill};
use crate::record::LinesRecord;
use crate::report::{LinesReport, Report};

impl Report for LinesReport {
    fn table(&self, lang: Lang) -> Document {
        let w = lang.words();
        let mut doc = Document::new(None, lang);
        for line in &self.explanation {
            doc.line(line.as_str());
        }
        if !self.explanation.is_empty() {
            doc.gap();
        }
        let t = &self.traffic;
        let load = (t.calls_per_hour, t.aht_s, t.offered_load_erlangs);
        summary(&mut doc, load, self.max_blocking, self.required.lines, w);
        doc.gap();
        doc.table(levels(&self.table, self.required.lines, w));
        doc
    }

    fn csv(&self, lang: Lang) -> Document {
        let c = &lang.words().csv;
        let mut table = Table::new(
            "lines",
            vec![
                Column::integer("lines"),
                Column::number("blocking", 12),
                Column::number("lost_calls_per_hour", 6),
                Column::number("carried_erlangs", 6),
                Column::number("occupancy", 6),
                Column::new(c.required, Kind::Flag),
            ],
        );
        for k in &self.table {
            table.rows.push(vec![
                Value::integer(k.lines),
                Value::number(k.blocking),
                Value::number(k.lost_calls_per_hour),
                Value::number(k.carried_erlangs),
                Value::number(k.occupancy),
                Value::Flag(Some(k.lines == self.required.lines)),
            ]);
        }
        let mut doc = Document::new(None, lang);
        doc.table(table);
        doc
    }
}

/// The load as (calls per hour, AHT, Erlangs).
type Load = (f64, f64, f64);

fn summary(doc: &mut Document, (calls, aht, load): Load, max_blocking: f64, lines: u32, w: &Words) {
    doc.line(format!(
        "{}, {}",
        w.lines_model,
        fill(
            w.traffic_line,
            &[
                ("calls", &w.decimal(calls, 2)),
                ("aht", &w.number(aht)),
                ("load", &w.decimal(load, 2)),
            ],
        )
    ));
    doc.line(fill(
        w.lines_target,
        &[("pct", &w.number(crate::erlang::share_as_pct(max_blocking)))],
    ));
    doc.line(fill(w.lines_required, &[("lines", &lines)]));
}

/// The line counts around the answer, the answer marked.
fn levels(table: &[LineKpis], required: u32, w: &Words) -> Table {
    let percent = |decimals| Kind::Number {
        scale: 100.0,
        decimals,
        suffix: " %",
    };
    let mut levels = Table::new(
        "lines",
        vec![
            Column::text(""),
            Column::integer(w.lines),
            Column::new(w.blocking, percent(3)),
            Column::number(w.lost_per_hour, 2),
            Column::number(w.carried_erlangs, 3),
            Column::new(w.line_occupancy, percent(1)),
        ],
    );
    for k in table {
        levels.rows.push(vec![
            Value::text(if k.lines == required { "▶" } else { "" }),
            Value::integer(k.lines),
            Value::number(k.blocking),
            Value::number(k.lost_calls_per_hour),
            Value::number(k.carried_erlangs),
            Value::number(k.occupancy),
        ]);
    }
    levels
}

/// The HTML report's body: the summary, then the line counts.
pub fn html(r: &LinesRecord, w: &Words) -> Document {
    let mut doc = Document::new(Some(w.lines_title.to_string()), w.lang);
    doc.heading(w.summary);
    let t = &r.traffic;
    let load = (t.calls_per_hour, t.aht_s, t.offered_load_erlangs);
    summary(&mut doc, load, r.max_blocking, r.required.lines, w);
    doc.heading(capitalize(w.lines));
    doc.table(levels(&r.table, r.required.lines, w));
    doc
}
