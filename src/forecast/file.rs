//! A forecast file: a CSV with one row per interval (and per queue, when a
//! `queue` column names it), as a spreadsheet saves it in any locale.
//!
//! - The separator is read from the header line: `;` (as pt-BR and most of
//!   Europe's Excel save "CSV"), a tab, or `,`.
//! - In a `;` file the decimal separator is the comma and a dot groups
//!   thousands (`1.234,5`); a dot anywhere else (`180.5`) is refused rather
//!   than guessed. In a `,` or tab file the decimal separator is the point.
//! - A UTF-8 byte-order mark (Excel's "CSV UTF-8") is skipped; lines starting
//!   with `#` and blank lines are ignored.
//! - Columns are found by name, in English or Portuguese, in any case:
//!   `calls`/`chamadas`/`volume`/`offered` (required), `aht_s`/`tma_s`/`aht`/`tma`
//!   (seconds, or `mm:ss` / `hh:mm:ss`), `interval`/`intervalo`/`hora`
//!   (a label such as `08:00`, `08:00-08:30` or `seg 08:00`), `queue`/`fila`,
//!   `date`/`data`. Other columns (the `low` and `high` bounds `callsim forecast`
//!   writes, `baixo`/`alto` in Portuguese) are ignored.
//!
//! The csv crate splits the fields; this module adds what the crate leaves
//! to its user: the locale's numbers and the column names.

use std::fmt;

pub use crate::tabular::Dialect;
pub use crate::tabular::cells::{clock_in, date, duration_s, number};

/// Rows a forecast may hold: every queue × interval of a large week.
pub const MAX_ROWS: usize = 2_000_000;

/// One row of a forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastRow {
    /// Line in the file, for messages.
    pub line: u64,
    pub date: Option<String>,
    /// The interval's label as written.
    pub label: Option<String>,
    /// The clock time the label starts with (`seg 08:00-08:30` → 08:00), minutes after midnight.
    pub clock_min: Option<u32>,
    pub queue: Option<String>,
    pub calls: f64,
    /// Average handle time, seconds; `None` where the cell is empty or there is no such column.
    pub aht_s: Option<f64>,
}

/// A forecast file as read.
#[derive(Debug, Clone)]
pub struct ForecastTable {
    pub dialect: Dialect,
    pub has_aht: bool,
    pub has_queue: bool,
    pub rows: Vec<ForecastRow>,
}

/// What is wrong with a forecast, and the line where (the caller adds the file).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct ForecastError {
    pub line: Option<u64>,
    pub message: String,
}

impl fmt::Display for ForecastError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl ForecastError {
    fn at(line: u64, message: impl Into<String>) -> Self {
        Self {
            line: Some(line),
            message: message.into(),
        }
    }

    fn whole(message: impl Into<String>) -> Self {
        Self {
            line: None,
            message: message.into(),
        }
    }
}

const CALLS: &[&str] = &[
    "calls",
    "chamadas",
    "volume",
    "offered",
    "ofertadas",
    "contacts",
    "contatos",
];
const AHT: &[&str] = &["aht_s", "tma_s", "aht", "tma"];
const LABEL: &[&str] = &[
    "interval",
    "intervalo",
    "hora",
    "horario",
    "horário",
    "time",
    "start",
    "inicio",
    "início",
];
const QUEUE: &[&str] = &["queue", "fila", "call_type", "skill"];
const DATE: &[&str] = &["date", "data", "dia", "day"];

/// Text of a forecast file: UTF-8, with or without a byte-order mark.
pub fn decode(bytes: Vec<u8>) -> Result<String, ForecastError> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        let line = e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
            + 1;
        ForecastError::at(
            line,
            "the forecast is not UTF-8 text: save it as \"CSV UTF-8\" (Excel) or UTF-8",
        )
    })
}

/// Reads a forecast's rows (see the module docs for what it accepts).
pub fn parse(text: &str) -> Result<ForecastTable, ForecastError> {
    let Some((header_index, header)) = text
        .lines()
        .enumerate()
        .find(|(_, l)| !(l.trim().is_empty() || l.trim_start().starts_with('#')))
    else {
        return Err(ForecastError::whole(
            "the forecast is empty: give a header line such as `interval,calls`, then one line per interval",
        ));
    };
    let header_line = header_index as u64 + 1;
    let dialect = Dialect::of_header(header);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(dialect.delimiter())
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| ForecastError::at(csv_line(&e).unwrap_or(header_line), csv_message(&e)))?
        .clone();
    let find = |names: &[&str]| -> Result<Option<usize>, ForecastError> {
        let found: Vec<usize> = headers
            .iter()
            .enumerate()
            .filter(|(_, h)| {
                names
                    .iter()
                    .any(|n| h.eq_ignore_ascii_case(n) || h.to_lowercase() == *n)
            })
            .map(|(i, _)| i)
            .collect();
        match found.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(*one)),
            [a, b, ..] => Err(ForecastError::at(
                header_line,
                format!(
                    "the columns `{}` and `{}` both say the same thing: keep one",
                    &headers[*a], &headers[*b]
                ),
            )),
        }
    };
    let calls_column = find(CALLS)?.ok_or_else(|| {
        ForecastError::at(
            header_line,
            format!(
                "no `calls` column (found: {}); the first line must name the columns, e.g. `interval,calls` (or `intervalo;chamadas`)",
                headers.iter().collect::<Vec<_>>().join(", ")
            ),
        )
    })?;
    let aht_column = find(AHT)?;
    let label_column = find(LABEL)?;
    let queue_column = find(QUEUE)?;
    let date_column = find(DATE)?;
    let text_cell = |record: &csv::StringRecord, column: Option<usize>| {
        column
            .and_then(|c| record.get(c))
            .filter(|cell| !cell.is_empty())
            .map(str::to_string)
    };
    let mut rows = Vec::new();
    for record in reader.records() {
        let record =
            record.map_err(|e| ForecastError::at(csv_line(&e).unwrap_or(0), csv_message(&e)))?;
        let line = record.position().map_or(0, |p| p.line());
        if rows.len() == MAX_ROWS {
            return Err(ForecastError::at(
                line,
                format!("the forecast has more than {MAX_ROWS} rows: split it"),
            ));
        }
        let cell = |column: usize| record.get(column).unwrap_or("");
        let calls = number(cell(calls_column), dialect)
            .map_err(|why| ForecastError::at(line, format!("calls: {why}")))?;
        if calls < 0.0 {
            return Err(ForecastError::at(
                line,
                format!("calls: must not be negative, got {}", cell(calls_column)),
            ));
        }
        let aht_s = match aht_column.map(cell).filter(|c| !c.is_empty()) {
            None => None,
            Some(text) => {
                let aht = duration_s(text, dialect)
                    .map_err(|why| ForecastError::at(line, format!("aht_s: {why}")))?;
                if aht <= 0.0 {
                    return Err(ForecastError::at(
                        line,
                        format!("aht_s: must be more than 0 seconds, got {text}"),
                    ));
                }
                Some(aht)
            }
        };
        let label = text_cell(&record, label_column);
        rows.push(ForecastRow {
            line,
            date: text_cell(&record, date_column),
            clock_min: label.as_deref().and_then(clock_in),
            label,
            queue: text_cell(&record, queue_column),
            calls,
            aht_s,
        });
    }
    if rows.is_empty() {
        return Err(ForecastError::whole(
            "the forecast has no intervals (a header line, then one line per interval)",
        ));
    }
    Ok(ForecastTable {
        dialect,
        has_aht: aht_column.is_some(),
        has_queue: queue_column.is_some(),
        rows,
    })
}

fn csv_line(error: &csv::Error) -> Option<u64> {
    error.position().map(|p| p.line())
}

fn csv_message(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("expected {expected_len} fields like the header, found {len}"),
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8 text".into(),
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pt_br_excel_file_reads_with_decimal_commas_and_a_bom() {
        let bytes = "\u{feff}intervalo;chamadas;TMA\n08:00;1.234;245,5\n08:30;12,5;04:05\n"
            .as_bytes()
            .to_vec();
        let table = parse(&decode(bytes).unwrap()).unwrap();
        assert_eq!(table.dialect, Dialect::Semicolon);
        assert!(table.has_aht && !table.has_queue);
        let calls: Vec<f64> = table.rows.iter().map(|r| r.calls).collect();
        assert_eq!(calls, vec![1234.0, 12.5]);
        assert_eq!(table.rows[0].aht_s, Some(245.5));
        assert_eq!(table.rows[1].aht_s, Some(245.0));
        assert_eq!(table.rows[1].clock_min, Some(8 * 60 + 30));
        assert_eq!(table.rows[1].line, 3);
    }

    #[test]
    fn a_dot_in_a_semicolon_file_is_refused_not_guessed() {
        let err = parse("interval;calls\n08:00;180.5\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("write 180,5"), "{}", err.message);
        assert_eq!(number("1.234.567,25", Dialect::Semicolon), Ok(1_234_567.25));
        assert!(number("0.125", Dialect::Semicolon).is_err());
        assert!(number("12,5", Dialect::Comma).is_err());
        assert_eq!(number("12.5", Dialect::Tab), Ok(12.5));
        for bad in ["inf", "NaN", "1e999", "", "12 5", "1,2,3"] {
            assert!(number(bad, Dialect::Semicolon).is_err(), "{bad}");
            assert!(number(bad, Dialect::Comma).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_prediction_bounds_of_callsim_forecast_are_read_past() {
        for text in [
            "date,interval,queue,calls,aht_s,low,high\n2026-03-16,08:00,support,19.96,293.9,14,26\n",
            "data;intervalo;fila;chamadas;tma_s;baixo;alto\n16/03/2026;08:00;support;19,96;293,9;14;26\n",
        ] {
            let table = parse(text).unwrap();
            assert_eq!(table.rows[0].calls, 19.96);
            assert_eq!(table.rows[0].aht_s, Some(293.9));
            assert_eq!(table.rows[0].queue.as_deref(), Some("support"));
        }
    }

    #[test]
    fn labels_give_their_clock_time() {
        assert_eq!(clock_in("08:00"), Some(480));
        assert_eq!(clock_in("seg 08:30-09:00"), Some(510));
        assert_eq!(clock_in("2026-12-07 8:15"), Some(495));
        assert_eq!(clock_in("07/12/2026 23:30:00"), Some(1410));
        assert_eq!(clock_in("morning"), None);
        assert_eq!(clock_in("25:00"), None);
    }

    #[test]
    fn durations_in_clock_form() {
        assert_eq!(duration_s("1:02:03", Dialect::Comma), Ok(3723.0));
        assert_eq!(duration_s("04:05", Dialect::Comma), Ok(245.0));
        assert!(duration_s("04:75", Dialect::Comma).is_err());
        assert!(duration_s("4:", Dialect::Comma).is_err());
    }

    #[test]
    fn bad_files_say_where() {
        assert!(
            parse("# only a comment\n\n")
                .unwrap_err()
                .message
                .contains("empty")
        );
        let err = parse("interval;calls\n").unwrap_err();
        assert!(err.message.contains("no intervals"), "{}", err.message);
        let err = parse("interval;calls\n08:00;-3\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        let err = parse("hora;volume;chamadas\n08:00;1;2\n").unwrap_err();
        assert!(
            err.message.contains("both say the same thing"),
            "{}",
            err.message
        );
        let err = parse("interval;count\n08:00;1\n").unwrap_err();
        assert!(
            err.message.contains("found: interval, count"),
            "{}",
            err.message
        );
        let err = parse("interval,calls\n08:00,1,2\n").unwrap_err();
        assert!(err.message.contains("expected 2 fields"), "{}", err.message);
        let err = decode(b"interval;calls\n08:00;1\nS\xe3o Paulo;2\n".to_vec()).unwrap_err();
        assert_eq!(err.line, Some(3));
    }
}
