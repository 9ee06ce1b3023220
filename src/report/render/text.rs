//! Aligned text for a terminal: headings and sentences as lines, facts as
//! indented pairs, tables as aligned columns; charts are left to `--plot`.
//! Numbers are written in the document's language (Portuguese: 94,5).

use std::fmt::Write as _;

use crate::lang::Lang;
use crate::report::document::{
    Align, Block, Difference, Document, Estimate, Facts, Kind, Rich, Share, Span, Table, Value,
};

/// The document as the terminal shows it.
pub fn render(doc: &Document) -> String {
    let lang = doc.lang;
    let mut out = String::new();
    if let Some(title) = &doc.title {
        out.push_str(title);
        out.push('\n');
    }
    for block in &doc.blocks {
        match block {
            Block::Heading(text) => {
                out.push_str(text);
                out.push('\n');
            }
            Block::Paragraph(rich) => {
                out.push_str(&plain(rich, lang));
                out.push('\n');
            }
            Block::Gap => out.push('\n'),
            Block::Facts(facts) => pairs(&mut out, facts, lang),
            Block::Table(table) => aligned_table(&mut out, table, lang),
            Block::Preformatted { text, .. } => {
                out.push_str(text);
                if !text.is_empty() && !text.ends_with('\n') {
                    out.push('\n');
                }
            }
            Block::Chart(_) => {}
        }
    }
    out
}

/// Rich text without its marks.
pub fn plain(rich: &Rich, lang: Lang) -> String {
    rich.0
        .iter()
        .map(|span| match span {
            Span::Text(text) | Span::Strong(text) | Span::Verdict { text, .. } => text.clone(),
            Span::Value(kind, value) => cell(*kind, value, lang),
        })
        .collect()
}

/// `label  value` lines, labels padded to the longest.
fn pairs(out: &mut String, facts: &Facts, lang: Lang) {
    let rows: Vec<(String, String)> = facts
        .rows
        .iter()
        .map(|(label, value)| (plain(label, lang), plain(value, lang)))
        .collect();
    let width = rows
        .iter()
        .map(|(k, _)| k.chars().count().min(MAX_COLUMN_WIDTH))
        .max()
        .unwrap_or(0);
    for (key, value) in rows {
        let _ = writeln!(out, "  {}  {value}", padded(&key, width, Align::Left));
    }
}

fn aligned_table(out: &mut String, table: &Table, lang: Lang) {
    let header: Vec<&str> = table.columns.iter().map(|c| c.header.as_str()).collect();
    let aligns: Vec<Align> = table.columns.iter().map(|c| c.align).collect();
    let rows: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .zip(&table.columns)
                .map(|(value, column)| cell(column.kind, value, lang))
                .collect()
        })
        .collect();
    out.push_str(&aligned(&header, &aligns, &rows));
}

/// A value as a terminal cell: scaled and rounded as its kind says, in
/// `lang`'s decimal separator, "–" where there is none. Text is as it is.
pub fn cell(kind: Kind, value: &Value, lang: Lang) -> String {
    match value {
        Value::Text(text) => text.clone(),
        Value::Flag(b) => b.map_or_else(|| "–".to_string(), |b| lang.words().flag(b).to_string()),
        // The marks around the numbers ("±", "%", "[52–71]") hold no dot.
        _ => lang.decimals(number_cell(kind, value)),
    }
}

fn number_cell(kind: Kind, value: &Value) -> String {
    let (scale, decimals) = kind.scale_decimals();
    let none = || "–".to_string();
    match value {
        Value::Text(text) => text.clone(),
        Value::Integer(n) => n.map_or_else(none, |n| n.to_string()),
        Value::Flag(b) => b.map_or_else(none, |b| b.to_string()),
        Value::Number(None) => none(),
        Value::Number(Some(v)) => match kind {
            Kind::Number { suffix, .. } => format!("{:.decimals$}{suffix}", v * scale),
            Kind::HalfWidth { .. } => format!("± {:.decimals$}", v * scale),
            _ => v.to_string(),
        },
        Value::Estimate(e) => e.map_or_else(none, |e| estimate(e, scale, decimals)),
        Value::Share(s) => s.map_or_else(none, share),
        Value::Difference(d) => d.map_or_else(none, |d| difference(d, scale, decimals)),
    }
}

/// "81.23 ± 0.41", or the mean alone without a half-width.
fn estimate(e: Estimate, scale: f64, decimals: usize) -> String {
    match e.half_width {
        Some(h) => format!("{:.decimals$} ± {:.decimals$}", e.mean * scale, h * scale),
        None => format!("{:.decimals$}", e.mean * scale),
    }
}

/// "62 % [52–71]": a share of days with its interval.
fn share(s: Share) -> String {
    format!(
        "{:.0} % [{:.0}–{:.0}]",
        s.share * 100.0,
        s.low * 100.0,
        s.high * 100.0
    )
}

/// "+1.25 ± 0.40 *": signed, with its half-width, `*` where significant
/// (two spaces otherwise, so the numbers stay aligned).
fn difference(d: Difference, scale: f64, decimals: usize) -> String {
    let mark = if d.significant == Some(true) {
        " *"
    } else {
        "  "
    };
    match d.half_width {
        Some(h) => format!(
            "{:+.decimals$} ± {:.decimals$}{mark}",
            d.mean * scale,
            h * scale
        ),
        None => format!("{:+.decimals$}{mark}", d.mean * scale),
    }
}

/// The widest a column other than the last may grow: a longer cell (a name
/// given in the scenario) is shortened with an ellipsis, so every table
/// stays readable whatever the names. The last column is never cut.
pub(crate) const MAX_COLUMN_WIDTH: usize = 48;

/// `cell` shortened to `width` characters at most and padded to exactly
/// `width`. Padding is done by hand: a formatting width is limited to
/// 65 535 and panics beyond it.
fn padded(cell: &str, width: usize, align: Align) -> String {
    let length = cell.chars().count();
    let (text, length) = if length > width {
        let kept: String = cell.chars().take(width.saturating_sub(1)).collect();
        let shown = kept + "…";
        let shown_length = shown.chars().count();
        (shown, shown_length)
    } else {
        (cell.to_string(), length)
    };
    let fill = " ".repeat(width.saturating_sub(length));
    match align {
        Align::Left => text + &fill,
        Align::Right => fill + &text,
    }
}

/// Columns under a header, each aligned as `aligns` says, two spaces apart,
/// lines without trailing spaces.
fn aligned(header: &[&str], aligns: &[Align], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let last = widths.len().saturating_sub(1);
    for w in &mut widths[..last] {
        *w = (*w).min(MAX_COLUMN_WIDTH);
    }
    let line = |cells: Vec<&str>| -> String {
        cells
            .iter()
            .zip(&widths)
            .zip(aligns)
            .map(|((c, &w), &align)| padded(c, w, align))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let mut out = line(header.to_vec());
    out.push('\n');
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A labelled table: the first column left, the others right.
    fn labelled(header: &[&str], rows: &[Vec<String>]) -> String {
        let mut aligns = vec![Align::Right; header.len()];
        aligns[0] = Align::Left;
        aligned(header, &aligns, rows)
    }

    #[test]
    fn a_name_of_65536_characters_is_shortened_not_a_panic() {
        let name = "n".repeat(65_536);
        let text = labelled(
            &["call type", "offered"],
            &[
                vec![name.clone(), "1.0".into()],
                vec!["short".into(), "2.0".into()],
            ],
        );
        let lines: Vec<&str> = text.lines().collect();
        let shortened = format!("{}…", "n".repeat(MAX_COLUMN_WIDTH - 1));
        assert_eq!(lines[1], format!("{shortened}      1.0"));
        assert_eq!(
            lines[2],
            format!("short{}      2.0", " ".repeat(MAX_COLUMN_WIDTH - 5))
        );
        assert!(lines.iter().all(|l| l.chars().count() < 100), "{text}");
    }

    #[test]
    fn the_last_column_is_never_cut() {
        let long = "x".repeat(70_000);
        let text = labelled(&["start", "missed"], &[vec!["08:00".into(), long.clone()]]);
        assert!(text.lines().nth(1).unwrap().ends_with(&long));
        let mut facts = Facts::new("");
        facts.add("k".repeat(70_000), "v");
        let mut out = String::new();
        pairs(&mut out, &facts, Lang::En);
        assert!(out.ends_with("…  v\n"), "{out}");
    }
}
