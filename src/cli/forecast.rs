//! `callsim forecast`: volumes and handle times per queue and interval from
//! an ACD's history, with a backtest, prediction intervals and the
//! scenario's `day_factor_cv`.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Args;

use super::CliError;
use super::table_input::TableArgs;
use super::visuals::chart_is_svg;
use crate::forecast::forecaster::{self, Options};
use crate::forecast::history::{self, Source};
use crate::forecast::special::{self, SpecialDays};
use crate::lang::Lang;
use crate::plot;
use crate::report::{self, Format, OutputSet, output};
use crate::tabular::{Column, ColumnMap, TableReader, TabularError};

/// Forecast calls and AHT per queue and interval from history.
///
/// HISTORY is an ACD interval report (one row per queue and interval: a date
/// and an interval start, or one start date-time; calls offered; optionally
/// answered, abandoned, AHT in seconds or hh:mm:ss, ASA, service level) of any
/// interval length, several weeks long; missing days are gaps, not zeros. A
/// call-level log in the calls-log schema (`simulate --calls-log`: columns
/// arrival and outcome, no offered column) is read too: its calls are counted
/// into --interval-min intervals (the first replication only).
///
/// Two models are backtested on the last weeks: seasonal naive (the same
/// interval last week) and Holt-Winters × profile (exponential smoothing of
/// daily totals with level, trend and weekly season, split by intraday
/// profiles per weekday); the lower WAPE wins and forecasts. History shorter
/// than 14 days is refused.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  callsim forecast scenarios/history/support_history.csv --from 2026-03-16 --days 7\n  callsim forecast history.csv --from 2026-12-07 --days 7 --output week.csv --chart week.png\n  callsim forecast export.csv --from 07/12/2026 --days 14 --columns 'offered=Ofertadas,interval=Intervalo' --lang pt\n\n--columns keys: queue, date, interval, start, offered, answered, abandoned, aht, asa,\nservice_level; for a call log arrival, queue, outcome, talk_s, acw_s."
)]
pub struct ForecastArgs {
    /// The history (CSV, `,` or `;`): an ACD interval report (date + interval start, or a
    /// start date-time; offered; optional answered, abandoned, aht, asa, service_level), or
    /// a call-level log in the calls-log schema of `simulate --calls-log`, told by its
    /// `arrival` and `outcome` columns without an `offered` one: its calls are counted into
    /// --interval-min intervals (the first replication only). At least 14 days.
    history: PathBuf,

    /// First date to forecast (2026-12-07 or 07/12/2026); after the history's last date.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    from: NaiveDate,

    /// Days to forecast.
    #[arg(long, value_name = "N", default_value_t = 7)]
    days: usize,

    /// Weeks held out for the backtest (fewer when the history is short).
    #[arg(long, value_name = "N", default_value_t = 2,
          value_parser = clap::value_parser!(u32).range(1..=52))]
    holdout_weeks: u32,

    /// Nominal coverage of the prediction intervals, percent.
    #[arg(long, value_name = "PCT", default_value_t = 80.0)]
    level: f64,

    /// Special days: a CSV of `date` and `factor` (1.3, 130%) or a weekday it is
    /// like (`like Sunday`, `como domingo`, `Saturday`). Applied to the forecast and
    /// left out of the fit's weekly pattern.
    #[arg(long, value_name = "FILE.csv")]
    special_days: Option<PathBuf>,

    #[command(flatten)]
    table: TableArgs,

    /// Interval length for a call-level log, minutes (an interval report gives its own).
    #[arg(long, value_name = "MIN", default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(1..=1440))]
    interval_min: u32,

    /// Output format; default: table, or what --output's extension says (.csv, .json).
    /// csv is the forecast file: date, interval, queue, calls, aht_s, low, high.
    #[arg(long, value_enum)]
    format: Option<Format>,

    /// Write to this file (atomically); the summary table still goes to standard output
    /// when the file is CSV or JSON.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Chart of history, forecast and prediction band, PNG or SVG by extension; with
    /// several queues, one file per queue (NAME_QUEUE.png).
    #[arg(long, value_name = "FILE.png|svg")]
    chart: Option<PathBuf>,

    /// Language of the table, CSV and chart: en, or pt (`;`, decimal comma, dd/mm/yyyy).
    #[arg(long, value_enum, default_value = "en")]
    lang: Lang,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    crate::tabular::cells::date(text)
        .ok_or_else(|| format!("`{text}` is not a date: write 2026-12-07 or 07/12/2026"))
}

impl From<TabularError> for CliError {
    fn from(e: TabularError) -> Self {
        CliError::Arguments(e.to_string())
    }
}

impl From<forecaster::ForecastRunError> for CliError {
    fn from(e: forecaster::ForecastRunError) -> Self {
        CliError::Arguments(e.to_string())
    }
}

/// The format: the flag's, or the output file's extension's, or a table.
fn format_of(args: &ForecastArgs) -> Format {
    let by_extension = args
        .output
        .as_deref()
        .and_then(Path::extension)
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    args.format.unwrap_or(match by_extension.as_deref() {
        Some("csv") => Format::Csv,
        Some("json") => Format::Json,
        _ => Format::Table,
    })
}

pub fn run(args: &ForecastArgs) -> Result<(), CliError> {
    let chart_kind = match &args.chart {
        None => None,
        Some(path) => Some(chart_is_svg(path)?),
    };
    let mut files: Vec<(&'static str, &Path)> = Vec::new();
    files.extend(args.output.as_deref().map(|p| ("--output", p)));
    files.extend(args.chart.as_deref().map(|p| ("--chart", p)));
    output::check_all(&files, &[])?;
    let mut inputs = vec![args.history.as_path()];
    inputs.extend(args.special_days.as_deref());
    inputs.extend(args.table.columns_path());
    output::refuse_inputs(&files, &inputs)?;
    let map = args.table.column_map()?;
    let history = history::read(&Source::File(&args.history), &map, args.interval_min)?;
    let specials = match &args.special_days {
        Some(path) => read_special_days(path)?,
        None => SpecialDays::new(),
    };
    let options = Options {
        from: args.from,
        days: args.days,
        level: args.level / 100.0,
        holdout_weeks: args.holdout_weeks as usize,
    };
    let result = forecaster::forecast(&history, &specials, &options)?;
    let format = format_of(args);
    let bytes = report::render(&result, format, args.lang).map_err(CliError::Stdout)?;
    let mut outputs = OutputSet::new();
    match &args.output {
        Some(path) => {
            outputs.file("--output", path, bytes)?;
            if format != Format::Table {
                let table =
                    report::render(&result, Format::Table, args.lang).map_err(CliError::Stdout)?;
                outputs.stdout(table);
            }
        }
        None => {
            outputs.stdout(bytes);
        }
    }
    if let (Some(path), Some(svg)) = (&args.chart, chart_kind) {
        let charts = plot::forecast::charts(&result, args.lang);
        let several = charts.len() > 1;
        for chart in &charts {
            let target = if several {
                per_queue_path(path, &chart.name)
            } else {
                path.clone()
            };
            let bytes = if svg {
                plot::render_svg(chart)?.into_bytes()
            } else {
                plot::render_png(chart)?
            };
            outputs.file("--chart", &target, bytes)?;
        }
    }
    outputs.commit()?;
    Ok(())
}

/// `week.png` and chart `forecast_sales` → `week_sales.png`.
fn per_queue_path(path: &Path, chart_name: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("forecast");
    let queue = chart_name.strip_prefix("forecast_").unwrap_or(chart_name);
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("png");
    path.with_file_name(format!("{stem}_{queue}.{ext}"))
}

const SPECIAL_COLUMNS: [Column; 2] = [
    Column {
        key: "date",
        aliases: &["data", "dia", "day"],
        required: true,
    },
    Column {
        key: "factor",
        aliases: &["like", "como", "value", "valor", "fator", "multiplier"],
        required: true,
    },
];

/// The special-days file: `date,factor` rows.
fn read_special_days(path: &Path) -> Result<SpecialDays, CliError> {
    let mut reader = TableReader::open(path, &SPECIAL_COLUMNS, &ColumnMap::default())?;
    let mut days = SpecialDays::new();
    while let Some(row) = reader.next_row()? {
        let Some(date) = row.date("date")? else {
            return Err(row
                .error("date", "is empty: give the special day's date")
                .into());
        };
        let text = row.text("factor").unwrap_or("");
        let day = match special::parse_value(text) {
            Ok(day) => day,
            Err(problem) => return Err(row.error("factor", problem).into()),
        };
        if !days.insert(date, day) {
            return Err(row
                .error("date", "is a special day twice: keep one row per date")
                .into());
        }
    }
    Ok(days)
}
