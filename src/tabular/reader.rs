//! A table read one row at a time: the header resolved once, each row read
//! into one reused record, each cell parsed when asked for.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

use super::TabularError;
use super::cells::{self, Dialect};
use super::columns::{Column, ColumnMap, Zone, normalized};

/// A line (or a row whose quoted cells span lines) longer than this is no
/// row of a table (a binary file, a file of one line): refused before it
/// fills memory.
const MAX_LINE_BYTES: usize = 1 << 20;

/// The longest name a row may give (as scenario names).
pub const MAX_NAME_CHARS: usize = 100;

/// A streaming reader of a table's rows (see the module docs).
pub struct TableReader {
    csv: csv::Reader<LineLimit<Box<dyn BufRead>>>,
    record: csv::StringRecord,
    /// Where the row being read starts, in bytes: shared with the input's limit.
    row_start: Rc<Cell<u64>>,
    context: Context,
}

/// What every row needs to parse and name its cells.
struct Context {
    file: String,
    dialect: Dialect,
    /// Canonical key → column index and the header as written.
    columns: Vec<(&'static str, usize, String)>,
    date_format: Option<String>,
    time_zone: Option<Zone>,
    /// The first UTC offset a date-time carried, and its line.
    first_offset: Cell<Option<(FixedOffset, u64)>>,
}

/// One row of a table; every accessor's error names the cell.
pub struct Row<'a> {
    context: &'a Context,
    record: &'a csv::StringRecord,
}

impl TableReader {
    /// Opens `path` and finds the `wanted` columns in its header.
    pub fn open(path: &Path, wanted: &[Column], map: &ColumnMap) -> Result<Self, TabularError> {
        let name = path.display().to_string();
        regular_file(path).map_err(|problem| TabularError::whole(&name, problem))?;
        let file = File::open(path)
            .map_err(|e| TabularError::whole(&name, format!("cannot open the file: {e}")))?;
        crate::inputs::note_input(path);
        let input: Box<dyn BufRead> = Box::new(BufReader::with_capacity(1 << 16, file));
        Self::new(name, input, wanted, map)
    }

    /// A table held in memory (tests, small inputs), called `name` in messages.
    pub fn from_bytes(
        name: &str,
        bytes: Vec<u8>,
        wanted: &[Column],
        map: &ColumnMap,
    ) -> Result<Self, TabularError> {
        Self::new(
            name.to_string(),
            Box::new(io::Cursor::new(bytes)),
            wanted,
            map,
        )
    }

    fn new(
        file: String,
        mut input: Box<dyn BufRead>,
        wanted: &[Column],
        map: &ColumnMap,
    ) -> Result<Self, TabularError> {
        let dialect = sniff(&file, &mut input)?;
        let row_start = Rc::new(Cell::new(0));
        let mut csv = csv::ReaderBuilder::new()
            .delimiter(dialect.delimiter())
            .comment(Some(b'#'))
            .trim(csv::Trim::All)
            .from_reader(LineLimit {
                inner: input,
                since_newline: 0,
                read: 0,
                row_start: Rc::clone(&row_start),
            });
        let headers = csv.headers().map_err(|e| csv_error(&file, &e))?.clone();
        if headers.iter().all(str::is_empty) {
            return Err(TabularError::whole(
                &file,
                "the file is empty: it has no header line",
            ));
        }
        let header_line = headers.position().map_or(1, |p| p.line());
        let columns = resolve(&file, header_line, &headers, wanted, map)?;
        row_start.set(csv.position().byte());
        Ok(Self {
            csv,
            record: csv::StringRecord::new(),
            row_start,
            context: Context {
                file,
                dialect,
                columns,
                date_format: map.date_format.clone(),
                time_zone: map.time_zone,
                first_offset: Cell::new(None),
            },
        })
    }

    /// How the file writes its columns and numbers.
    pub fn dialect(&self) -> Dialect {
        self.context.dialect
    }

    /// Whether the file has the column `key` (an optional one).
    pub fn has(&self, key: &str) -> bool {
        self.context.index(key).is_some()
    }

    /// The header of column `key` as the file writes it.
    pub fn header(&self, key: &str) -> Option<&str> {
        self.context.header(key)
    }

    /// The next row with anything in it, or `None` at the end.
    pub fn next_row(&mut self) -> Result<Option<Row<'_>>, TabularError> {
        loop {
            let more = self
                .csv
                .read_record(&mut self.record)
                .map_err(|e| csv_error(&self.context.file, &e))?;
            if !more {
                return Ok(None);
            }
            self.row_start.set(self.csv.position().byte());
            // Excel writes emptied rows as `;;;`.
            if !self.record.iter().all(str::is_empty) {
                break;
            }
        }
        Ok(Some(Row {
            context: &self.context,
            record: &self.record,
        }))
    }
}

impl Context {
    fn index(&self, key: &str) -> Option<usize> {
        self.columns
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, i, _)| *i)
    }

    fn header(&self, key: &str) -> Option<&str> {
        self.columns
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, _, h)| h.as_str())
    }
}

impl Row<'_> {
    /// The row's line in the file.
    pub fn line(&self) -> u64 {
        self.record.position().map_or(0, |p| p.line())
    }

    /// The cell of column `key`, trimmed; `None` when the file has no such
    /// column or the cell is empty.
    pub fn text(&self, key: &str) -> Option<&str> {
        let index = self.context.index(key)?;
        self.record.get(index).filter(|t| !t.is_empty())
    }

    /// A name (a queue, a group, an entry): printable, at most
    /// [`MAX_NAME_CHARS`] characters, so it can be shown, written to a CSV
    /// and read back by a scenario.
    pub fn name(&self, key: &str) -> Result<Option<&str>, TabularError> {
        match self.text(key) {
            Some(name) if name.chars().any(char::is_control) => Err(TabularError {
                value: None,
                ..self.error(
                    key,
                    "a name cannot hold control characters (tabs, line breaks, escapes)",
                )
            }),
            Some(name) if name.chars().count() > MAX_NAME_CHARS => Err(TabularError {
                value: Some(name.chars().take(40).collect::<String>() + "…"),
                ..self.error(
                    key,
                    format!("a name is at most {MAX_NAME_CHARS} characters"),
                )
            }),
            other => Ok(other),
        }
    }

    /// An error at column `key`'s cell in this row.
    pub fn error(&self, key: &str, message: impl Into<String>) -> TabularError {
        TabularError {
            line: Some(self.line()),
            column: Some(self.context.header(key).unwrap_or(key).to_string()),
            value: self.text(key).map(str::to_string),
            ..TabularError::whole(&self.context.file, message)
        }
    }

    /// A finite number, as the file's dialect writes it.
    pub fn number(&self, key: &str) -> Result<Option<f64>, TabularError> {
        self.parsed(key, |cell| cells::number(cell, self.context.dialect))
    }

    /// A whole number ≥ 0 (a count of calls).
    pub fn count(&self, key: &str) -> Result<Option<u64>, TabularError> {
        match self.number(key)? {
            None => Ok(None),
            Some(v) if v < 0.0 => Err(self.error(key, "a count cannot be negative")),
            Some(v) if v.fract() != 0.0 => Err(self.error(key, "a count is a whole number")),
            Some(v) if v > 1e15 => Err(self.error(key, "the count is too large")),
            Some(v) => Ok(Some(v as u64)),
        }
    }

    /// Seconds ≥ 0, written as a number or as `mm:ss` / `hh:mm:ss`.
    pub fn duration_s(&self, key: &str) -> Result<Option<f64>, TabularError> {
        match self.parsed(key, |cell| cells::duration_s(cell, self.context.dialect))? {
            Some(v) if v < 0.0 => Err(self.error(key, "a duration cannot be negative")),
            other => Ok(other),
        }
    }

    /// A calendar date: ISO `2026-12-07`, pt-BR `07/12/2026`, or the mapping's format.
    pub fn date(&self, key: &str) -> Result<Option<NaiveDate>, TabularError> {
        self.parsed(key, |cell| {
            match self.context.date_format.as_deref() {
                // A format given is the file's only one: a cell that does
                // not match it is an error, not read some other way.
                Some(format) => NaiveDate::parse_from_str(cell, format)
                    .or_else(|_| NaiveDateTime::parse_from_str(cell, format).map(|t| t.date()))
                    .map_err(|e| format!("does not match --date-format `{format}`: {e}")),
                None => cells::date(cell).ok_or_else(|| {
                    "not a date: write 2026-12-07 or 07/12/2026, or give --date-format".to_string()
                }),
            }
        })
    }

    /// A clock time: `08:00`, `08:00:00`, `8h00`, or the start of `08:00 - 08:30`.
    pub fn time_of_day(&self, key: &str) -> Result<Option<NaiveTime>, TabularError> {
        self.parsed(key, |cell| {
            clock_time(cell).ok_or_else(|| "not a time of day: write 08:00 or 08:00:00".to_string())
        })
    }

    /// A date-time (see the module docs for the forms), at the local clock:
    /// the row's own unless the mapping gives a UTC offset to read all at.
    pub fn date_time(&self, key: &str) -> Result<Option<NaiveDateTime>, TabularError> {
        Ok(self.date_time_and_instant(key)?.map(|(local, _)| local))
    }

    /// [`Self::date_time`], and its instant (seconds since 1970) when the
    /// cell carries a UTC offset that `--time-zone` puts on the center's
    /// clock: two such rows may read the same local time an hour apart (the
    /// clock went back), or leave a local hour out (it went forward). `None`
    /// for a local time. Parsed once.
    pub fn date_time_and_instant(
        &self,
        key: &str,
    ) -> Result<Option<(NaiveDateTime, Option<f64>)>, TabularError> {
        let Some(cell) = self.text(key) else {
            return Ok(None);
        };
        if let Some(local) = self.naive_date_time(cell) {
            return Ok(Some((local, None)));
        }
        let Some(stamped) = offset_date_time(cell, self.context.date_format.as_deref()) else {
            return Err(self.error(
                key,
                match &self.context.date_format {
                    Some(format) => format!("does not match --date-format `{format}`"),
                    None => "not a date and time: write 2026-12-07 08:00:00 or 07/12/2026 08:00, or give --date-format".into(),
                },
            ));
        };
        if let Some(zone) = self.context.time_zone {
            let instant = stamped.timestamp_millis() as f64 / 1000.0;
            return Ok(Some((zone.local(&stamped), Some(instant))));
        }
        match self.context.first_offset.get() {
            None => self
                .context
                .first_offset
                .set(Some((*stamped.offset(), self.line()))),
            Some((first, line)) if first != *stamped.offset() => {
                return Err(self.error(
                    key,
                    format!(
                        "the UTC offset changes from {first} (line {line}) to {}: a clock change (daylight saving time); give --time-zone (the center's, e.g. America/Sao_Paulo, or one offset) to read every time on one clock",
                        stamped.offset()
                    ),
                ));
            }
            Some(_) => {}
        }
        Ok(Some((stamped.naive_local(), None)))
    }

    fn naive_date_time(&self, cell: &str) -> Option<NaiveDateTime> {
        const FORMATS: &[&str] = &[
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M",
            "%d/%m/%Y %H:%M:%S%.f",
            "%d/%m/%Y %H:%M",
            "%Y/%m/%d %H:%M:%S%.f",
            "%Y/%m/%d %H:%M",
            "%d-%m-%Y %H:%M:%S%.f",
            "%d-%m-%Y %H:%M",
        ];
        match &self.context.date_format {
            Some(format) => NaiveDateTime::parse_from_str(cell, format).ok(),
            None => FORMATS
                .iter()
                .find_map(|f| NaiveDateTime::parse_from_str(cell, f).ok()),
        }
    }

    fn parsed<T>(
        &self,
        key: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<Option<T>, TabularError> {
        match self.text(key) {
            None => Ok(None),
            Some(cell) => parse(cell).map(Some).map_err(|m| self.error(key, m)),
        }
    }
}

/// A date-time with a UTC offset: RFC 3339 (`…T08:00:00-03:00`, `…Z`), the
/// same with a space, or the mapping's format with `%z`.
fn offset_date_time(cell: &str, format: Option<&str>) -> Option<DateTime<FixedOffset>> {
    const FORMATS: &[&str] = &[
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f %:z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
    ];
    if let Some(format) = format {
        return DateTime::parse_from_str(cell, format).ok();
    }
    DateTime::parse_from_rfc3339(cell)
        .ok()
        .or_else(|| DateTime::parse_from_rfc3339(&cell.replacen(' ', "T", 1)).ok())
        .or_else(|| {
            FORMATS
                .iter()
                .find_map(|f| DateTime::parse_from_str(cell, f).ok())
        })
}

fn clock_time(cell: &str) -> Option<NaiveTime> {
    const FORMATS: &[&str] = &["%H:%M:%S%.f", "%H:%M", "%Hh%M", "%Hh"];
    let parse = |text: &str| {
        FORMATS
            .iter()
            .find_map(|f| NaiveTime::parse_from_str(text.trim(), f).ok())
    };
    parse(cell).or_else(|| {
        let (start, _) = cell.split_once(['-', '–'])?;
        parse(start)
    })
}

/// Refuses what is not a regular file before opening it: opening a pipe
/// waits for a writer, and a pipe or a device may never end.
pub(super) fn regular_file(path: &Path) -> Result<(), String> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Err("is a folder, not a file".into()),
        Ok(m) if !m.is_file() => {
            Err("is not a regular file (a pipe or a device): save the table to a file first".into())
        }
        Ok(_) => Ok(()),
        Err(e) => Err(format!("cannot open the file: {e}")),
    }
}

/// The dialect of the first line that is neither blank nor a `#` comment;
/// refuses UTF-16, which Excel's "Unicode text" writes.
fn sniff(file: &str, input: &mut Box<dyn BufRead>) -> Result<Dialect, TabularError> {
    let buffer = input
        .fill_buf()
        .map_err(|e| TabularError::whole(file, format!("cannot read the file: {e}")))?;
    if buffer.starts_with(&[0xFF, 0xFE]) || buffer.starts_with(&[0xFE, 0xFF]) {
        return Err(TabularError::whole(
            file,
            "the file is UTF-16 text: save it as \"CSV UTF-8\" (Excel) or UTF-8",
        ));
    }
    let text = String::from_utf8_lossy(buffer.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(buffer));
    let header = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    Ok(Dialect::of_header(header))
}

/// Finds each wanted column in the header: by the user's mapping, else by
/// its key or an alias.
fn resolve(
    file: &str,
    line: u64,
    headers: &csv::StringRecord,
    wanted: &[Column],
    map: &ColumnMap,
) -> Result<Vec<(&'static str, usize, String)>, TabularError> {
    let unknown = map.unknown_keys(wanted);
    if let Some(key) = unknown.first() {
        let keys: Vec<&str> = wanted.iter().map(|c| c.key).collect();
        return Err(TabularError::whole(
            &map.origin,
            format!(
                "`{key}` is not a column this command reads (it reads {})",
                keys.join(", ")
            ),
        ));
    }
    let written: Vec<String> = headers.iter().map(normalized).collect();
    let find = |name: &str| written.iter().position(|h| *h == normalized(name));
    let mut found = Vec::with_capacity(wanted.len());
    for column in wanted {
        let index = match map.header(column.key) {
            Some(header) => Some(find(header).ok_or_else(|| {
                TabularError::at(
                    file,
                    line,
                    format!(
                        "no column \"{header}\" (named for {} by {}); the header has {}",
                        column.key,
                        map.origin,
                        listed(headers)
                    ),
                )
            })?),
            None => std::iter::once(column.key)
                .chain(column.aliases.iter().copied())
                .find_map(find),
        };
        match index {
            Some(i) => {
                // Two columns of one name: which one is meant cannot be known.
                if let Some(j) = (i + 1..written.len()).find(|&j| written[j] == written[i]) {
                    return Err(TabularError::at(
                        file,
                        line,
                        format!(
                            "the column \"{}\" appears twice (columns {} and {}): keep one, or rename the other",
                            &headers[i],
                            i + 1,
                            j + 1
                        ),
                    ));
                }
                found.push((column.key, i, headers[i].to_string()))
            }
            None if column.required => {
                let mut names = vec![column.key];
                names.extend(column.aliases.iter().take(4));
                return Err(TabularError::at(
                    file,
                    line,
                    format!(
                        "no column for `{key}` (looked for {}); the header has {}; name yours with --columns {key}=HEADER",
                        names.join(", "),
                        listed(headers),
                        key = column.key,
                    ),
                ));
            }
            None => {}
        }
    }
    Ok(found)
}

fn listed(headers: &csv::StringRecord) -> String {
    let names: Vec<String> = headers
        .iter()
        .take(12)
        .map(|h| format!("\"{h}\""))
        .collect();
    names.join(", ")
}

fn csv_error(file: &str, error: &csv::Error) -> TabularError {
    let line = error.position().map(|p| p.line());
    let message = match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("expected {expected_len} fields like the header, found {len}"),
        csv::ErrorKind::Utf8 { .. } => {
            "not UTF-8 text: save the file as \"CSV UTF-8\" (Excel) or UTF-8".into()
        }
        csv::ErrorKind::Io(e) if e.kind() == io::ErrorKind::InvalidData => e.to_string(),
        _ => error.to_string(),
    };
    TabularError {
        line,
        ..TabularError::whole(file, message)
    }
}

/// Refuses a line, or a row, longer than [`MAX_LINE_BYTES`] as it is read.
struct LineLimit<R> {
    inner: R,
    since_newline: usize,
    /// Bytes read so far.
    read: u64,
    /// Where the row being read starts (set by the reader after each row).
    row_start: Rc<Cell<u64>>,
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        match buf[..n].iter().rposition(|&b| b == b'\n') {
            Some(at) => self.since_newline = n - at - 1,
            None => self.since_newline += n,
        }
        // The csv reader reads ahead by its buffer (8 KiB): allow for it.
        let row = self.read.saturating_sub(self.row_start.get());
        if self.since_newline > MAX_LINE_BYTES || row > (MAX_LINE_BYTES as u64) * 2 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "a line or a row longer than {} MiB (a quote left open makes the rest of the file one cell): this is not a table's row",
                    MAX_LINE_BYTES >> 20
                ),
            ));
        }
        Ok(n)
    }
}
