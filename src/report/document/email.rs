//! The e-mail part of a simulation's report: per e-mail type, the share
//! opened within its window, the response times in hours and the backlog;
//! then each type's backlog interval by interval.

use super::{Column, Document, Table, Value};
use crate::kpi::CallKpi;
use crate::lang::{Words, fill};
use crate::model::Channel;
use crate::report::simulation::SimulationReport;

/// The day's e-mail KPIs, per e-mail type.
const EMAIL_KPIS: [CallKpi; 8] = [
    CallKpi::Offered,
    CallKpi::Answered,
    CallKpi::AnsweredInWindow,
    CallKpi::ResponseMean,
    CallKpi::ResponseP90,
    CallKpi::Abandoned,
    CallKpi::BacklogAtStart,
    CallKpi::BacklogAtClose,
];

/// An e-mail type's KPIs per interval.
const INTERVAL_KPIS: [CallKpi; 6] = [
    CallKpi::BacklogAtStart,
    CallKpi::Offered,
    CallKpi::Answered,
    CallKpi::AnsweredInWindow,
    CallKpi::ResponseMean,
    CallKpi::BacklogAtClose,
];

/// The e-mail tables, where the scenario has e-mail types.
pub(super) fn email_tables(doc: &mut Document, r: &SimulationReport, w: &Words) {
    let emails: Vec<usize> = r
        .totals
        .iter()
        .enumerate()
        .filter(|(_, n)| n.channel == Some(Channel::Email))
        .map(|(t, _)| t)
        .collect();
    if emails.is_empty() {
        return;
    }
    doc.heading(w.email_heading);
    doc.line(w.email_note);
    let mut columns = vec![Column::label(w.call_type)];
    columns.extend(EMAIL_KPIS.map(|k| Column::kpi(k, w)));
    let mut table = Table::new("emails", columns);
    for &t in &emails {
        let named = &r.totals[t];
        let mut row = vec![Value::text(&named.call_type)];
        row.extend(EMAIL_KPIS.map(|k| Value::estimate(named.kpis.get(k))));
        table.rows.push(row);
    }
    doc.table(table);
    doc.gap();
    for &t in &emails {
        doc.heading(fill(w.email_intervals, &[("name", &r.totals[t].call_type)]));
        let mut columns = vec![Column::label(w.start)];
        columns.extend(INTERVAL_KPIS.map(|k| Column::kpi(k, w)));
        let mut table = Table::new(format!("email-intervals-{t}"), columns);
        for interval in &r.intervals {
            let kpis = &interval.call_types[t].kpis;
            let mut row = vec![Value::text(&interval.start)];
            row.extend(INTERVAL_KPIS.map(|k| Value::estimate(kpis.get(k))));
            table.rows.push(row);
        }
        doc.table(table);
        doc.gap();
    }
}
