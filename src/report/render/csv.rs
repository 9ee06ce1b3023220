//! CSV: the document's tables as rows for a spreadsheet, every number at
//! full precision as stored (shares as shares, not percent); headings,
//! sentences and charts are left out. Tables after the first follow an
//! empty line. In Portuguese, as a Brazilian spreadsheet reads it: fields
//! separated by `;`, decimal comma, and a UTF-8 byte-order mark so that
//! Excel reads the accents as UTF-8.

use std::borrow::Cow;
use std::io;

use crate::lang::{Lang, Words};
use crate::report::document::{Document, Table, Value};

/// Excel takes a CSV without it for its locale's legacy code page.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The document's tables as CSV.
pub fn render(doc: &Document) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    // A document without tables stays an empty file.
    if doc.lang == Lang::Pt && doc.tables().next().is_some() {
        out.extend_from_slice(UTF8_BOM);
    }
    for (i, table) in doc.tables().enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        write_table(&mut out, table, doc.lang)?;
    }
    Ok(out)
}

/// The field separator: a comma where the comma is no decimal separator.
fn delimiter(lang: Lang) -> u8 {
    match lang {
        Lang::En => b',',
        Lang::Pt => b';',
    }
}

fn write_table(out: &mut Vec<u8>, table: &Table, lang: Lang) -> io::Result<()> {
    let w = lang.words();
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter(lang))
        .from_writer(out);
    let header: Vec<String> = table
        .columns
        .iter()
        .flat_map(|c| {
            c.kind
                .csv_suffixes(w)
                .into_iter()
                .map(move |suffix| format!("{}{suffix}", c.header))
        })
        .collect();
    writer.write_record(&header)?;
    for row in &table.rows {
        let mut record = Vec::with_capacity(header.len());
        for (value, column) in row.iter().zip(&table.columns) {
            let mut fields = fields(value, w);
            // As many fields as the column's kind has, whatever the value.
            fields.resize(column.kind.csv_suffixes(w).len(), String::new());
            record.extend(fields);
        }
        writer.write_record(&record)?;
    }
    writer.flush()
}

/// A value's fields: stored numbers at full precision in `w`'s decimal
/// separator, empty where none.
fn fields(value: &Value, w: &Words) -> Vec<String> {
    let number = |v: Option<f64>| v.map_or(String::new(), |v| w.number(v));
    let flag = |b: Option<bool>| b.map_or(String::new(), |b| w.flag(b).to_string());
    match value {
        Value::Text(text) => vec![text_cell(text).into_owned()],
        Value::Integer(n) => vec![n.map_or(String::new(), |n| n.to_string())],
        Value::Number(v) => vec![number(*v)],
        Value::Flag(b) => vec![flag(*b)],
        Value::Estimate(e) => vec![
            number(e.map(|e| e.mean)),
            number(e.and_then(|e| e.half_width)),
        ],
        Value::Share(s) => match s {
            Some(s) => [s.share, s.low, s.high].map(|v| w.number(v)).to_vec(),
            None => vec![String::new(); 3],
        },
        Value::Difference(d) => vec![
            number(d.map(|d| d.mean)),
            number(d.and_then(|d| d.half_width)),
            flag(d.and_then(|d| d.significant)),
        ],
    }
}

/// A text cell (a name, a label, a file name) made safe to open in a
/// spreadsheet: one that begins with `=`, `+`, `-`, `@`, a tab or a carriage
/// return would be taken for a formula, so it gets a leading `'` (OWASP's
/// advice against CSV injection). A plain number such as `-5` stays as it
/// is: it cannot run anything. Numeric cells never come here. Every text
/// cell of every CSV callsim writes goes through this one function.
pub fn text_cell(text: &str) -> Cow<'_, str> {
    let risky = text
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    if risky && !is_plain_number(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// `-5`, `+0.25`, `-1.5e3`: digits with an optional sign, point and exponent.
fn is_plain_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['+', '-']).unwrap_or(e))),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            (digits(whole) || whole.is_empty())
                && (digits(fraction) || fraction.is_empty())
                && !(whole.is_empty() && fraction.is_empty())
        }
        None => digits(mantissa),
    };
    mantissa_ok && exponent.is_none_or(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_text_is_quoted_and_numbers_are_not() {
        assert_eq!(text_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text_cell("-1+2"), "'-1+2");
        assert_eq!(text_cell("+cmd"), "'+cmd");
        assert_eq!(text_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text_cell("\tx"), "'\tx");
        assert_eq!(text_cell("\rx"), "'\rx");
        assert_eq!(text_cell("-"), "'-");
        assert_eq!(text_cell("-inf"), "'-inf");
        for number in ["-5", "+0.25", "-1.5e3", "-.5", "-2.", "1E-7"] {
            assert_eq!(text_cell(number), number);
        }
        assert_eq!(text_cell("support"), "support");
        assert_eq!(text_cell("a=b"), "a=b");
        assert_eq!(text_cell(""), "");
    }
}
