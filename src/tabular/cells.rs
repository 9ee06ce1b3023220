//! One cell of an exported table, read as its locale writes it: numbers
//! with a decimal point or a decimal comma, durations as seconds or clock
//! times, dates in ISO or pt-BR order. chrono parses the dates and times;
//! what no crate does is decide which separator a cell's locale means, and
//! refuse the ambiguous cases (`180.5` in a `;` file) instead of guessing.

/// How the file writes its columns and numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `,` between columns, `.` before decimals.
    Comma,
    /// `;` between columns, `,` before decimals, `.` between thousands.
    Semicolon,
    /// A tab between columns, `.` before decimals.
    Tab,
}

impl Dialect {
    pub fn of_header(header: &str) -> Self {
        if header.contains(';') {
            Dialect::Semicolon
        } else if header.contains('\t') {
            Dialect::Tab
        } else {
            Dialect::Comma
        }
    }

    pub fn delimiter(self) -> u8 {
        match self {
            Dialect::Comma => b',',
            Dialect::Semicolon => b';',
            Dialect::Tab => b'\t',
        }
    }

    /// The separator, as a message names it.
    pub fn separator(self) -> &'static str {
        match self {
            Dialect::Comma => "`,`",
            Dialect::Semicolon => "`;`",
            Dialect::Tab => "a tab",
        }
    }
}

/// A number as the dialect writes it; finite.
pub fn number(cell: &str, dialect: Dialect) -> Result<f64, String> {
    let not_a_number = || format!("`{cell}` is not a number");
    if cell.is_empty() {
        return Err("the cell is empty".into());
    }
    if !cell
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | 'e' | 'E'))
    {
        return Err(not_a_number());
    }
    let plain = match dialect {
        Dialect::Comma | Dialect::Tab => {
            if cell.contains(',') {
                return Err(format!(
                    "`{cell}` is not a number: this file separates columns with {}, so decimals take a point (a file saved with `;` may use the comma)",
                    dialect.separator()
                ));
            }
            cell.to_string()
        }
        Dialect::Semicolon => {
            let (whole, decimals) = match cell.split_once(',') {
                Some((w, d)) => (w, Some(d)),
                None => (cell, None),
            };
            if decimals.is_some_and(|d| d.contains([',', '.'])) {
                return Err(not_a_number());
            }
            let whole = if whole.contains('.') {
                if !thousands_grouped(whole) {
                    return Err(format!(
                        "`{cell}` is not a number: this file separates columns with `;`, so its decimal separator is the comma (write {})",
                        cell.replace('.', ",")
                    ));
                }
                whole.replace('.', "")
            } else {
                whole.to_string()
            };
            match decimals {
                Some(d) => format!("{whole}.{d}"),
                None => whole,
            }
        }
    };
    match plain.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(not_a_number()),
    }
}

/// `1.234` or `-12.345.678`: groups of three digits after the first.
fn thousands_grouped(whole: &str) -> bool {
    let digits = whole.strip_prefix(['-', '+']).unwrap_or(whole);
    let mut groups = digits.split('.');
    let first = groups.next().unwrap_or("");
    !first.is_empty()
        && first.len() <= 3
        && first.chars().all(|c| c.is_ascii_digit())
        && !first.starts_with('0')
        && groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
}

/// Seconds, written as a number or as `mm:ss` / `hh:mm:ss` (as ACD reports write TMA).
pub fn duration_s(cell: &str, dialect: Dialect) -> Result<f64, String> {
    if !cell.contains(':') {
        return number(cell, dialect);
    }
    let parts: Vec<&str> = cell.split(':').collect();
    let bad =
        || format!("`{cell}` is not a duration: write seconds (245) or mm:ss (04:05) or hh:mm:ss");
    if parts.len() > 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(bad());
    }
    let mut seconds = 0.0;
    for (i, part) in parts.iter().enumerate() {
        let value: f64 = part.parse().map_err(|_| bad())?;
        if i > 0 && value >= 60.0 {
            return Err(bad());
        }
        seconds = seconds * 60.0 + value;
    }
    Ok(seconds)
}

/// A date cell as a calendar date: `dd/mm/yyyy` (as a pt-BR Excel writes
/// it), `yyyy-mm-dd`, `dd-mm-yyyy` or `dd.mm.yyyy`; `None` for another text.
pub fn date(text: &str) -> Option<chrono::NaiveDate> {
    ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d"]
        .iter()
        .find_map(|format| chrono::NaiveDate::parse_from_str(text.trim(), format).ok())
}

/// The first `H:MM` or `HH:MM` in a label, as minutes after midnight.
pub fn clock_in(label: &str) -> Option<u32> {
    let bytes = label.as_bytes();
    for colon in (0..bytes.len()).filter(|&i| bytes[i] == b':') {
        let hour_start = (0..colon)
            .rev()
            .take_while(|&i| bytes[i].is_ascii_digit())
            .last()?;
        let hours = &label[hour_start..colon];
        let minutes = label.get(colon + 1..colon + 3)?;
        if hours.is_empty() || hours.len() > 2 || !minutes.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let (h, m): (u32, u32) = (hours.parse().ok()?, minutes.parse().ok()?);
        if h < 24 && m < 60 {
            return Some(h * 60 + m);
        }
    }
    None
}
