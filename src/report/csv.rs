use std::io::{self, Write};

use super::render::csv::text_cell;
use super::{ErlangReport, ErlangResult, Exporter};
use crate::erlang::Kpis;

/// One row per staffing level or per interval, full precision.
pub struct CsvExporter;

const KPI_COLUMNS: &[&str] = &[
    "agents",
    "offered_load_erlangs",
    "blocking_no_queue",
    "prob_wait",
    "prob_abandon",
    "service_level",
    "service_level_threshold_s",
    "asa_answered_s",
    "mean_wait_all_s",
    "occupancy",
    "mean_queue_length",
];

fn kpi_fields(k: &Kpis) -> Vec<String> {
    vec![
        k.agents.to_string(),
        k.offered_load_erlangs.to_string(),
        k.blocking_no_queue.to_string(),
        k.prob_wait.to_string(),
        k.prob_abandon.to_string(),
        k.service_level.to_string(),
        k.service_level_threshold_s.to_string(),
        k.asa_answered_s.map_or(String::new(), |v| v.to_string()),
        k.mean_wait_all_s.to_string(),
        k.occupancy.to_string(),
        k.mean_queue_length.to_string(),
    ]
}

impl Exporter for CsvExporter {
    fn erlang(&self, report: &ErlangReport, out: &mut dyn Write) -> io::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        match &report.result {
            ErlangResult::Evaluate {
                kpis,
                scheduled_staff,
                ..
            } => {
                let mut header: Vec<&str> = KPI_COLUMNS.to_vec();
                header.push("scheduled_staff");
                writer.write_record(&header)?;
                let mut row = kpi_fields(kpis);
                row.push(scheduled_staff.to_string());
                writer.write_record(&row)?;
            }
            ErlangResult::Staffing {
                required, table, ..
            } => {
                let mut header: Vec<&str> = KPI_COLUMNS.to_vec();
                header.extend(["scheduled_staff", "required"]);
                writer.write_record(&header)?;
                for kpis in table {
                    let mut row = kpi_fields(kpis);
                    row.push(
                        crate::erlang::scheduled_staff(kpis.agents, report.shrinkage).to_string(),
                    );
                    row.push((kpis.agents == required.agents).to_string());
                    writer.write_record(&row)?;
                }
            }
            ErlangResult::Intervals { rows, .. } => {
                let mut header = vec!["interval", "calls", "aht_s"];
                header.extend(KPI_COLUMNS);
                header.push("scheduled_staff");
                writer.write_record(&header)?;
                for r in rows {
                    let mut row = vec![
                        text_cell(&r.interval).into_owned(),
                        r.calls.to_string(),
                        r.traffic.aht_s.to_string(),
                    ];
                    row.extend(kpi_fields(&r.kpis));
                    row.push(r.scheduled_staff.to_string());
                    writer.write_record(&row)?;
                }
            }
        }
        writer.flush()
    }
}
