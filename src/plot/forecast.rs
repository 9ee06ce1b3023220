//! The chart of a forecast, one per queue: the history's last weeks of
//! daily totals, the forecast's daily totals and their prediction band,
//! against the dates.

use super::chart::{Chart, Guide, Series, XAxis};
use crate::forecast::forecaster::ForecastReport;
use crate::lang::Lang;

/// `dd/mm` (pt) or `mm-dd` (en) of an ISO date.
fn short_date(iso: &str, lang: Lang) -> String {
    match chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        Ok(d) if lang == Lang::Pt => d.format("%d/%m").to_string(),
        Ok(d) => d.format("%m-%d").to_string(),
        Err(_) => iso.to_string(),
    }
}

/// One chart per queue, named `forecast_QUEUE`.
pub fn charts(r: &ForecastReport, lang: Lang) -> Vec<Chart> {
    let level = format!("{:.0} %", r.level * 100.0);
    let (history_word, forecast_word, band_label, title_word, y_label, date_word, starts) =
        match lang {
            Lang::En => (
                "history",
                "forecast",
                format!("{level} prediction interval"),
                "history and forecast",
                "calls per day",
                "date",
                "forecast starts",
            ),
            Lang::Pt => (
                "histórico",
                "previsão",
                format!("intervalo de previsão de {level}"),
                "histórico e previsão",
                "chamadas por dia",
                "data",
                "início da previsão",
            ),
        };
    r.queues
        .iter()
        .map(|q| {
            let past: Vec<_> = r
                .recent_history
                .iter()
                .filter(|h| h.queue == q.queue)
                .collect();
            let future: Vec<_> = r.day_totals.iter().filter(|d| d.queue == q.queue).collect();
            let labels: Vec<String> = past
                .iter()
                .map(|h| short_date(&h.date, lang))
                .chain(future.iter().map(|d| short_date(&d.date, lang)))
                .collect();
            let mut history = Series::new(history_word, 6);
            history.points = past
                .iter()
                .enumerate()
                .filter_map(|(i, h)| h.calls.map(|c| (i as f64, c)))
                .collect();
            let mut forecast = Series::new(forecast_word, 0);
            for (k, d) in future.iter().enumerate() {
                let x = (past.len() + k) as f64;
                forecast.points.push((x, d.calls));
                forecast.band.push((x, d.low, d.high));
            }
            Chart {
                name: format!("forecast_{}", file_safe(&q.queue)),
                title: format!("{}: {title_word}", q.queue),
                x_label: date_word.to_string(),
                y_label: y_label.to_string(),
                x_axis: XAxis::Intervals(labels),
                y_range: None,
                series: vec![history, forecast],
                y_guides: Vec::new(),
                x_guides: vec![Guide {
                    value: past.len() as f64 - 0.5,
                    label: starts.to_string(),
                }],
                band_label: band_label.clone(),
            }
        })
        .collect()
}

/// A queue's name as a file name's part: letters, digits, `-` and `_`.
pub fn file_safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
