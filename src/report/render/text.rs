//! Aligned text for a terminal.

use std::io::{self, Write};

pub(crate) fn write_pairs(out: &mut dyn Write, rows: &[(String, String)]) -> io::Result<()> {
    let width = rows
        .iter()
        .map(|(k, _)| k.chars().count().min(MAX_COLUMN_WIDTH))
        .max()
        .unwrap_or(0);
    for (key, value) in rows {
        writeln!(out, "  {}  {value}", padded(key, width, Align::Left))?;
    }
    Ok(())
}

/// The widest a column other than the last may grow: a longer cell (a name
/// given in the scenario) is shortened with an ellipsis, so every table
/// stays readable whatever the names. The last column is never cut.
pub(crate) const MAX_COLUMN_WIDTH: usize = 48;

#[derive(Clone, Copy)]
pub(crate) enum Align {
    Left,
    Right,
}

/// `cell` shortened to `width` characters at most and padded to exactly
/// `width`. Padding is done by hand: a formatting width is limited to
/// 65 535 and panics beyond it.
pub(crate) fn padded(cell: &str, width: usize, align: Align) -> String {
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

/// Columns under a header, right-aligned (numbers), the first one left-aligned
/// if `label_first`.
pub(crate) fn write_aligned(
    out: &mut dyn Write,
    header: &[&str],
    rows: &[Vec<String>],
    label_first: bool,
) -> io::Result<()> {
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
            .enumerate()
            .map(|(i, (c, &w))| {
                let align = if i == 0 && label_first {
                    Align::Left
                } else {
                    Align::Right
                };
                padded(c, w, align)
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(out, "{}", line(header.to_vec()))?;
    for row in rows {
        writeln!(out, "{}", line(row.iter().map(String::as_str).collect()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aligned(header: &[&str], rows: &[Vec<String>]) -> String {
        let mut out = Vec::new();
        write_aligned(&mut out, header, rows, true).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_name_of_65536_characters_is_shortened_not_a_panic() {
        let name = "n".repeat(65_536);
        let text = aligned(
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
        let text = aligned(&["start", "missed"], &[vec!["08:00".into(), long.clone()]]);
        assert!(text.lines().nth(1).unwrap().ends_with(&long));
        let mut out = Vec::new();
        write_pairs(&mut out, &[("k".repeat(70_000), "v".into())]).unwrap();
        assert!(String::from_utf8(out).unwrap().ends_with("…  v\n"));
    }
}
