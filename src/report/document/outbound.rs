//! The outbound part of a simulation's report: per campaign, its dials,
//! the persons reached, the connects (per hour), the nuisance calls and
//! their rate against the campaign's cap.

use super::simulate::totals_heading;
use super::{Column, Document, Table, Value, report_header};
use crate::kpi::{CallKpi, CampaignKpi};
use crate::lang::{Words, fill};
use crate::record::SimulationRecord;
use crate::report::simulation::{KpiMap, SimulationReport};

/// The campaigns' KPIs the reports show.
const CAMPAIGN_KPIS: [CampaignKpi; 8] = [
    CampaignKpi::Dials,
    CampaignKpi::Reached,
    CampaignKpi::ReachRate,
    CampaignKpi::Connects,
    CampaignKpi::ConnectsPerHour,
    CampaignKpi::Nuisances,
    CampaignKpi::NuisanceRate,
    CampaignKpi::Aht,
];

/// The terminal's campaign table and nuisance verdicts, where the scenario
/// has campaigns.
pub(super) fn outbound_tables(doc: &mut Document, r: &SimulationReport, w: &Words) {
    if r.campaigns.is_empty() {
        return;
    }
    doc.heading(totals_heading(
        w.outbound_heading,
        w.outbound_all_days,
        r.days,
    ));
    doc.line(w.outbound_note);
    let mut columns = vec![Column::label(w.campaign)];
    columns.extend(CAMPAIGN_KPIS.map(|k| Column::kpi(k, w)));
    let mut table = Table::new("campaigns", columns);
    for c in &r.campaigns {
        let mut row = vec![Value::text(&c.campaign)];
        row.extend(CAMPAIGN_KPIS.map(|k| Value::estimate(c.day.get(k))));
        table.rows.push(row);
    }
    doc.table(table);
    for c in &r.campaigns {
        if let Some(line) = cap_verdict(&c.campaign, c.max_nuisance, &c.day, w) {
            doc.line(line);
        }
    }
    for n in &r.totals {
        let with = n.kpis.get(CallKpi::ServiceLevel).map(|e| e.mean);
        let without = n.sl_without_outbound.map(|e| e.mean);
        let lost = n.sl_lost_to_outbound.map(|e| (e.mean, e.half_width));
        if let Some(line) = sl_lost_line(all_named(&n.call_type, w), with, without, lost, w) {
            doc.line(line);
        }
    }
    doc.gap();
}

/// The campaign table of the HTML report.
pub(super) fn html_outbound(doc: &mut Document, r: &SimulationRecord, w: &Words) {
    if r.campaigns.is_empty() {
        return;
    }
    doc.heading(totals_heading(
        w.outbound_heading,
        w.outbound_all_days,
        r.days,
    ));
    doc.line(w.outbound_note);
    let mut columns = vec![Column::label(w.campaign)];
    columns.extend(CAMPAIGN_KPIS.map(|k| Column::kpi_headed(k, report_header(k, w))));
    let mut table = Table::new("campaigns", columns);
    for c in &r.campaigns {
        let mut row = vec![Value::text(&c.campaign)];
        row.extend(CAMPAIGN_KPIS.map(|k| Value::estimate(c.day.get(k))));
        table.rows.push(row);
    }
    doc.table(table);
    for c in &r.campaigns {
        let rate = c.day.get(CampaignKpi::NuisanceRate).map(|e| e.mean);
        if let Some(line) = verdict_line(&c.campaign, c.max_nuisance, rate, w) {
            doc.line(line);
        }
    }
    for n in &r.totals {
        let with = n.kpis.get(CallKpi::ServiceLevel).map(|e| e.mean);
        let without = n.sl_without_outbound.map(|e| e.mean);
        let lost = n.sl_lost_to_outbound.map(|e| (e.mean, e.half_width));
        if let Some(line) = sl_lost_line(all_named(&n.call_type, w), with, without, lost, w) {
            doc.line(line);
        }
    }
}

/// "phone: service level 68.2 % with the campaigns, 87.5 % on the same
/// calls without them: 19.3 ± 1.0 points lost to blending".
fn sl_lost_line(
    name: &str,
    with: Option<f64>,
    without: Option<f64>,
    lost: Option<(f64, Option<f64>)>,
    w: &Words,
) -> Option<String> {
    let (with, without, (lost, half_width)) = (with?, without?, lost?);
    let lost = match half_width {
        Some(h) => format!(
            "{} ± {}",
            w.decimal(lost * 100.0, 1),
            w.decimal(h * 100.0, 1)
        ),
        None => w.decimal(lost * 100.0, 1),
    };
    Some(fill(
        w.sl_lost_line,
        &[
            ("name", &name),
            ("with", &w.decimal(with * 100.0, 1)),
            ("without", &w.decimal(without * 100.0, 1)),
            ("lost", &lost),
        ],
    ))
}

/// "all" in the report's language; a call type's name as it is.
fn all_named<'a>(name: &'a str, w: &'a Words) -> &'a str {
    if name == crate::report::simulation::ALL {
        w.all
    } else {
        name
    }
}

/// "renewals: nuisance rate 2.6 % within the cap of 3 %: met", judged on
/// the estimate; `None` without a cap or a rate.
fn cap_verdict(name: &str, cap: Option<f64>, day: &KpiMap, w: &Words) -> Option<String> {
    verdict_line(
        name,
        cap,
        day.get(CampaignKpi::NuisanceRate).map(|e| e.mean),
        w,
    )
}

fn verdict_line(name: &str, cap: Option<f64>, rate: Option<f64>, w: &Words) -> Option<String> {
    let (cap, rate) = (cap?, rate?);
    let template = if rate <= cap {
        w.nuisance_cap_met
    } else {
        w.nuisance_cap_missed
    };
    Some(fill(
        template,
        &[
            ("name", &name),
            ("rate", &w.decimal(rate * 100.0, 2)),
            ("cap", &w.decimal(cap * 100.0, 1)),
        ],
    ))
}
