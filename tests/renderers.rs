//! The three renderers on one hand-built document with every kind of block
//! and column, pinned by insta snapshots (`cargo insta review` after an
//! intended change): what each format makes of a document, whatever command
//! built it.

use callsim::kpi::{CallKpi, GroupKpi};
use callsim::plot::{Chart, Lang, XAxis};
use callsim::report::document::{
    Block, Column, Difference, Document, Estimate, Facts, Kind, Rich, Share, Span, Table, Value,
};
use callsim::report::render;

fn estimate(mean: f64, half_width: Option<f64>) -> Value {
    Value::Estimate(Some(Estimate { mean, half_width }))
}

fn difference(mean: f64, half_width: Option<f64>, significant: Option<bool>) -> Value {
    Value::Difference(Some(Difference {
        mean,
        half_width,
        significant,
    }))
}

/// A document using every block, every column kind, and missing values.
fn sample() -> Document {
    let mut doc = Document::new(Some("callsim sample <report> & co".into()), Lang::En);
    doc.line("sample.toml: 20 replications (seed 7)");
    let mut facts = Facts::new("summary");
    facts
        .add("seed", "7")
        .add(
            "target service level ≥ 80 %",
            Rich(vec![
                Span::Value(
                    Kind::Estimate {
                        scale: 100.0,
                        decimals: 1,
                    },
                    estimate(0.8123, Some(0.0041)),
                ),
                Span::Text(" % — ".into()),
                Span::Verdict {
                    met: true,
                    text: "met".into(),
                },
            ]),
        )
        .add(
            "a much longer label",
            Rich::text("missed: ").push(Span::Verdict {
                met: false,
                text: "not met".into(),
            }),
        );
    doc.push(Block::Facts(facts));
    doc.gap();
    doc.heading("Day totals");
    let columns = vec![
        Column::label("call type"),
        Column::integer("agents"),
        Column::number("calls", 1),
        Column::kpi(CallKpi::ServiceLevel, Lang::En.words()),
        Column::kpi_headed(GroupKpi::Occupancy, "occupancy %").decimals(2),
        Column::new("days met", Kind::Share),
        Column::new(
            "B − A",
            Kind::Difference {
                scale: 100.0,
                decimals: 2,
            },
        ),
        Column::new(
            "Welch ±",
            Kind::HalfWidth {
                scale: 100.0,
                decimals: 2,
            },
        ),
        Column::new("required", Kind::Flag),
    ];
    let mut table = Table::new("totals", columns);
    table.rows.push(vec![
        Value::text("support"),
        Value::integer(15u32),
        Value::number(300.25),
        estimate(0.8123, Some(0.0041)),
        estimate(0.876543, None),
        Value::Share(Some(Share {
            share: 0.62,
            low: 0.52,
            high: 0.71,
        })),
        difference(0.0125, Some(0.004), Some(true)),
        Value::number(0.0061),
        Value::Flag(Some(true)),
    ]);
    table.rows.push(vec![
        Value::text("=cmd|' /C calc'!A0 and a name longer than forty-eight characters"),
        Value::Integer(None),
        Value::Number(None),
        Value::Estimate(None),
        Value::Estimate(None),
        Value::Share(None),
        Value::Difference(None),
        Value::Number(None),
        Value::Flag(None),
    ]);
    table.rows.push(vec![
        Value::text("all"),
        Value::text("day"),
        Value::number(-5.0),
        estimate(1.0, Some(0.0)),
        estimate(0.5, Some(0.25)),
        Value::Share(Some(Share {
            share: 1.0,
            low: 0.83,
            high: 1.0,
        })),
        difference(-0.003, None, None),
        Value::Number(None),
        Value::Flag(Some(false)),
    ]);
    doc.table(table);
    doc.gap();
    doc.push(Block::Paragraph(
        Rich::text("difference from A ± paired interval; ")
            .push(Span::Strong("significant".into()))
            .then(" (0 outside the interval)."),
    ));
    let mut second = Table::new(
        "",
        vec![Column::text("interval"), Column::number("calls", 0)],
    );
    second
        .rows
        .push(vec![Value::text("08:00"), Value::number(12.5)]);
    doc.table(second);
    doc.push(Block::Preformatted {
        id: "scenario".into(),
        text: "[simulation]\nseed = 7\n".into(),
    });
    doc
}

#[test]
fn text_renders_lines_pairs_and_aligned_columns() {
    insta::assert_snapshot!(render::text::render(&sample()));
}

#[test]
fn csv_renders_the_tables_at_full_precision() {
    let bytes = render::csv::render(&sample()).unwrap();
    insta::assert_snapshot!(String::from_utf8(bytes).unwrap());
}

#[test]
fn html_renders_a_self_contained_page_with_everything_escaped() {
    insta::assert_snapshot!(render::html::render(&sample()).unwrap());
}

/// Charts are drawn inline in HTML only: the terminal and CSV leave them to
/// `--plot`.
#[test]
fn a_chart_is_a_figure_in_html_and_nothing_elsewhere() {
    let mut doc = Document::new(Some("charts".into()), Lang::Pt);
    doc.push(Block::Chart(Chart {
        name: "volumes".into(),
        title: "Offered & answered".into(),
        x_label: "interval".into(),
        y_label: "calls".into(),
        x_axis: XAxis::Numeric,
        y_range: Some((0.0, 10.0)),
        series: Vec::new(),
        y_guides: Vec::new(),
        x_guides: Vec::new(),
        band_label: String::new(),
    }));
    let html = render::html::render(&doc).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"pt-BR\">"));
    assert!(
        html.contains("<figure id=\"chart-volumes\"><svg "),
        "{html}"
    );
    assert!(html.contains("viewBox=\"0 0 "));
    assert!(html.contains("<figcaption>Offered &amp; answered</figcaption></figure>\n"));
    assert!(html.contains("gerado pelo callsim"));
    assert_eq!(render::text::render(&doc), "charts\n");
    assert!(render::csv::render(&doc).unwrap().is_empty());
}
