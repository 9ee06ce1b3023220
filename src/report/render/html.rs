//! The HTML report: one self-contained file (no script, no link, no font to
//! fetch).

use std::fmt::Write;

use crate::plot::font::escape_xml as esc;

pub(crate) const STYLE: &str = "body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}\
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ccc}\
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}\
th,td{border:1px solid #ddd;padding:.25em .6em;text-align:right}td{white-space:nowrap}th{background:#f3f3f3}\
td:first-child,th:first-child{text-align:left}.met{color:#067d3c}.missed{color:#b3261e;font-weight:bold}\
figure{margin:1.5em 0}figure svg{width:100%;height:auto;border:1px solid #eee}\
pre{background:#f7f7f7;padding:1em;overflow:auto;font-size:.85em}.pm{color:#777}";

/// A table: header cells, then rows of already formatted cells.
pub(crate) fn table(out: &mut String, id: &str, header: &[String], rows: &[Vec<String>]) {
    let _ = write!(out, "<table id=\"{id}\">");
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
