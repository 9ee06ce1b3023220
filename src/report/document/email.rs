//! The e-mail part of a simulation's report: per e-mail type, the share
//! opened within its window, the response times in hours and the backlog;
//! then each type's backlog interval by interval.

use super::{Column, Document, Estimate, Table, Value};
use crate::kpi::CallKpi;
use crate::lang::{Words, fill};
use crate::model::Channel;
use crate::record::SimulationRecord;
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

/// One e-mail type's numbers, from a report or a saved record.
struct EmailType<'a> {
    name: &'a str,
    day: [Option<Estimate>; EMAIL_KPIS.len()],
    /// Interval label and its KPIs.
    intervals: Vec<(&'a str, [Option<Estimate>; INTERVAL_KPIS.len()])>,
}

/// The e-mail tables, where the scenario has e-mail types.
pub(super) fn email_tables(doc: &mut Document, r: &SimulationReport, w: &Words) {
    let types: Vec<EmailType> = r
        .totals
        .iter()
        .enumerate()
        .filter(|(_, n)| n.channel == Some(Channel::Email))
        .map(|(t, named)| EmailType {
            name: &named.call_type,
            day: EMAIL_KPIS.map(|k| named.kpis.get(k).map(Into::into)),
            intervals: r
                .intervals
                .iter()
                .map(|i| {
                    let kpis = &i.call_types[t].kpis;
                    (
                        i.start.as_str(),
                        INTERVAL_KPIS.map(|k| kpis.get(k).map(Into::into)),
                    )
                })
                .collect(),
        })
        .collect();
    render(doc, &types, w);
}

/// The same tables in the HTML report, from the saved record.
pub(super) fn html_email_tables(doc: &mut Document, r: &SimulationRecord, w: &Words) {
    let types: Vec<EmailType> = r
        .totals
        .iter()
        .filter(|n| n.channel == Some(Channel::Email))
        .map(|named| EmailType {
            name: &named.call_type,
            day: EMAIL_KPIS.map(|k| named.kpis.get(k).map(Into::into)),
            intervals: r
                .intervals
                .iter()
                .filter_map(|i| {
                    let n = i
                        .call_types
                        .iter()
                        .find(|n| n.call_type == named.call_type)?;
                    let kpis = &n.kpis;
                    Some((
                        i.start.as_str(),
                        INTERVAL_KPIS.map(|k| kpis.get(k).map(Into::into)),
                    ))
                })
                .collect(),
        })
        .collect();
    render(doc, &types, w);
}

fn render(doc: &mut Document, types: &[EmailType], w: &Words) {
    if types.is_empty() {
        return;
    }
    doc.heading(w.email_heading);
    doc.line(w.email_note);
    let mut columns = vec![Column::label(w.call_type)];
    columns.extend(EMAIL_KPIS.map(|k| Column::kpi(k, w)));
    let mut table = Table::new("emails", columns);
    for t in types {
        let mut row = vec![Value::text(t.name)];
        row.extend(t.day.map(Value::estimate));
        table.rows.push(row);
    }
    doc.table(table);
    doc.gap();
    for (i, t) in types.iter().enumerate() {
        doc.heading(fill(w.email_intervals, &[("name", &t.name)]));
        let mut columns = vec![Column::label(w.start)];
        columns.extend(INTERVAL_KPIS.map(|k| Column::kpi(k, w)));
        let mut table = Table::new(format!("email-intervals-{i}"), columns);
        for (start, kpis) in &t.intervals {
            let mut row = vec![Value::text(*start)];
            row.extend(kpis.map(Value::estimate));
            table.rows.push(row);
        }
        doc.table(table);
        doc.gap();
    }
}
