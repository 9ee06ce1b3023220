//! The HTML report: one self-contained file (no script, no link, no font to
//! fetch): headings, facts and tables, charts drawn inline as SVG, and
//! preformatted text. Every text is escaped here, once.

use std::fmt::Write;

use crate::lang::Lang;
use crate::plot::font::escape_xml as esc;
use crate::plot::{self, Chart, PlotError};
use crate::report::document::{Block, Document, Facts, Kind, Rich, Span, Table, Value};

pub(crate) const STYLE: &str = "body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}\
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ccc}\
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}\
th,td{border:1px solid #ddd;padding:.25em .6em;text-align:right}td{white-space:nowrap}th{background:#f3f3f3}\
td:first-child,th:first-child{text-align:left}.met{color:#067d3c}.missed{color:#b3261e;font-weight:bold}\
figure{margin:1.5em 0}figure svg{width:100%;height:auto;border:1px solid #eee}\
pre{background:#f7f7f7;padding:1em;overflow:auto;font-size:.85em}.pm{color:#777}";

/// The document as a self-contained HTML page.
pub fn render(doc: &Document) -> Result<String, PlotError> {
    let mut body = String::new();
    // Numbers in the document's decimal separator (94,5 in Portuguese).
    let lang = doc.lang;
    for block in &doc.blocks {
        match block {
            Block::Heading(text) => {
                let _ = writeln!(body, "<h2>{}</h2>", esc(text));
            }
            Block::Paragraph(rich) => {
                let _ = writeln!(body, "<p>{}</p>", inline(rich, lang));
            }
            Block::Gap => {}
            Block::Facts(facts) => self::facts(&mut body, facts, lang),
            Block::Table(t) => self::table(&mut body, t, lang),
            Block::Preformatted { id, text } => {
                let _ = writeln!(body, "<pre{}>{}</pre>", id_attribute(id), esc(text));
            }
            Block::Chart(chart) => figure(&mut body, chart)?,
        }
    }
    let title = esc(doc.title.as_deref().unwrap_or_default());
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n{body}<p class=\"pm\">{} {}</p>\n</body>\n</html>\n",
        doc.lang.code(),
        doc.lang.words().generated_by,
        env!("CARGO_PKG_VERSION"),
    ))
}

fn id_attribute(id: &str) -> String {
    if id.is_empty() {
        String::new()
    } else {
        format!(" id=\"{}\"", esc(id))
    }
}

/// The chart's SVG inline, scaled to the page by its view box.
fn figure(out: &mut String, chart: &Chart) -> Result<(), PlotError> {
    let svg = plot::render_svg(chart)?;
    let svg = &svg[svg.find("<svg").unwrap_or(0)..];
    let svg = if svg.contains("viewBox") {
        svg.to_string()
    } else {
        svg.replacen(
            "<svg ",
            &format!(r#"<svg viewBox="0 0 {} {}" "#, plot::WIDTH, plot::HEIGHT),
            1,
        )
    };
    let _ = writeln!(
        out,
        "<figure id=\"chart-{}\">{svg}<figcaption>{}</figcaption></figure>",
        esc(&chart.name),
        esc(&chart.title)
    );
    Ok(())
}

/// Facts as a table without header: label, value.
fn facts(out: &mut String, facts: &Facts, lang: Lang) {
    let rows: Vec<Vec<String>> = facts
        .rows
        .iter()
        .map(|(label, value)| vec![inline(label, lang), inline(value, lang)])
        .collect();
    rows_table(out, &facts.id, &[], &rows);
}

fn table(out: &mut String, table: &Table, lang: Lang) {
    let header: Vec<String> = table.columns.iter().map(|c| c.header.clone()).collect();
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
    rows_table(out, &table.id, &header, &rows);
}

/// A table: header cells (none when all are empty), then rows of cells
/// already in HTML.
fn rows_table(out: &mut String, id: &str, header: &[String], rows: &[Vec<String>]) {
    let _ = write!(out, "<table{}>", id_attribute(id));
    if header.iter().any(|h| !h.is_empty()) {
        out.push_str("<thead><tr>");
        for h in header {
            let _ = write!(out, "<th>{}</th>", esc(h));
        }
        out.push_str("</tr></thead>");
    }
    let _ = writeln!(out, "<tbody>");
    for row in rows {
        out.push_str("<tr>");
        for c in row {
            let _ = write!(out, "<td>{c}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}

/// Rich text in HTML: verdicts coloured, strong text bold.
fn inline(rich: &Rich, lang: Lang) -> String {
    rich.0
        .iter()
        .map(|span| match span {
            Span::Text(text) => esc(text),
            Span::Value(kind, value) => cell(*kind, value, lang),
            Span::Verdict { met, text } => {
                let class = if *met { "met" } else { "missed" };
                format!("<span class=\"{class}\">{}</span>", esc(text))
            }
            Span::Strong(text) => format!("<b>{}</b>", esc(text)),
        })
        .collect()
}

/// A value as an HTML cell: as in the terminal, the half-width greyed, a
/// significant difference bold.
fn cell(kind: Kind, value: &Value, lang: Lang) -> String {
    if let Value::Text(text) = value {
        return esc(text);
    }
    // The fixed markup of `number_cell` holds no dot.
    lang.decimals(number_cell(kind, value, lang))
}

fn number_cell(kind: Kind, value: &Value, lang: Lang) -> String {
    let (scale, decimals) = kind.scale_decimals();
    match value {
        Value::Text(text) => esc(text),
        Value::Estimate(Some(e)) => match e.half_width {
            Some(h) => format!(
                "{:.decimals$} <span class=\"pm\">± {:.decimals$}</span>",
                e.mean * scale,
                h * scale
            ),
            None => format!("{:.decimals$}", e.mean * scale),
        },
        Value::Share(Some(s)) => format!(
            "{:.0} % <span class=\"pm\">[{:.0}–{:.0}]</span>",
            s.share * 100.0,
            s.low * 100.0,
            s.high * 100.0
        ),
        Value::Difference(Some(d)) => {
            let text = match d.half_width {
                Some(h) => format!(
                    "{:+.decimals$} <span class=\"pm\">± {:.decimals$}</span>",
                    d.mean * scale,
                    h * scale
                ),
                None => format!("{:+.decimals$}", d.mean * scale),
            };
            if d.significant == Some(true) {
                format!("<b>{text}</b>")
            } else {
                text
            }
        }
        other => esc(&super::text::cell(kind, other, lang)),
    }
}
