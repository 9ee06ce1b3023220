//! A command's output as a document: a title, headings, key-value facts,
//! tables of typed columns, notes, charts and preformatted text. The
//! renderers ([`mod@super::render`]: the terminal's text, CSV, HTML) render any
//! document and know no command; each command builds its documents in one
//! module here: the terminal's and the CSV from its report, the HTML report
//! from its saved record (so `callsim plot` renders a saved result the same).
//! JSON is no document: it is the record itself.
//!
//! A command's outputs are documents of their own, not one document in
//! three formats: the terminal gets short headers and its own sections, the
//! CSV one long table at full precision, the HTML report localized labels.

pub mod compare;
mod email;
pub mod erlang;
pub mod erlang_blend;
pub mod erlang_chat;
pub mod erlang_lines;
pub mod erlang_models;
pub mod fit;
pub mod forecast;
mod outbound;
pub mod phrases;
pub mod simulate;
pub mod staff;
pub mod sweep;
pub mod verdict;

use crate::kpi::{AnyKpi, CallKpi, Kpi, Unit};
use crate::lang::{Lang, Words, capitalize};
use crate::plot::{Chart, Record};

/// The HTML report of `record`, its `charts` drawn inline, in `lang`: the
/// command's body, then the charts, then the scenario where there is one.
pub fn html(record: &Record, charts: &[Chart], lang: Lang) -> Document {
    let w = lang.words();
    let (mut doc, echo) = match record {
        Record::Simulation(r) => (simulate::html(r, w), Some(&r.scenario.content)),
        Record::Compare(r) => (compare::html(r, w), None),
        Record::Staff(r) => (staff::html(r, w), Some(&r.scenario.content)),
        Record::Sweep(r) => (sweep::html(r, w), None),
        Record::Erlang(r) => (erlang::html(r, w), None),
        Record::Lines(r) => (erlang_lines::html(r, w), None),
        Record::Models(r) => (erlang_models::html(r, w), None),
    };
    doc.heading(w.charts);
    for chart in charts {
        doc.push(Block::Chart(chart.clone()));
    }
    if let Some(content) = echo {
        doc.heading(capitalize(w.scenario));
        let text = toml::to_string_pretty(content)
            .unwrap_or_else(|_| serde_json::to_string_pretty(content).unwrap_or_default());
        doc.push(Block::Preformatted {
            id: "scenario".into(),
            text,
        });
    }
    doc
}

/// A KPI's header in the HTML report: its name and unit, "ASA (s)", "occupancy %".
pub fn report_header<K: Kpi>(kpi: K, w: &Words) -> String {
    let name = w.kpi(kpi);
    match kpi.def().unit {
        Unit::Share => format!("{name} %"),
        Unit::Seconds => format!("{name} ({})", w.seconds),
        Unit::Calls | Unit::Queue | Unit::Hours => name.to_string(),
    }
}

/// The service level's HTML header with its threshold: "service level 20 s %".
pub fn sl_header(w: &Words, answer_within_s: f64) -> String {
    format!(
        "{} {answer_within_s} {} %",
        w.kpi(CallKpi::ServiceLevel),
        w.seconds
    )
}

/// The widest a terminal table is made (see [`Document::table_within_width`]).
pub const TABLE_COLUMNS: usize = 100;

/// What a renderer renders.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The page's title (HTML `<title>` and `<h1>`); text begins with it.
    pub title: Option<String>,
    /// The language of its words (HTML `lang` and the words around the page).
    pub lang: Lang,
    pub blocks: Vec<Block>,
}

impl Document {
    pub fn new(title: Option<String>, lang: Lang) -> Self {
        Self {
            title,
            lang,
            blocks: Vec::new(),
        }
    }

    pub fn push(&mut self, block: Block) -> &mut Self {
        self.blocks.push(block);
        self
    }

    pub fn heading(&mut self, text: impl Into<String>) -> &mut Self {
        self.push(Block::Heading(text.into()))
    }

    /// A sentence of plain text.
    pub fn line(&mut self, text: impl Into<String>) -> &mut Self {
        self.push(Block::Paragraph(Rich::text(text)))
    }

    pub fn gap(&mut self) -> &mut Self {
        self.push(Block::Gap)
    }

    pub fn table(&mut self, table: Table) -> &mut Self {
        self.push(Block::Table(table))
    }

    /// `table` for a terminal of [`TABLE_COLUMNS`] characters: cut into
    /// tables that fit, each repeating the first `labels` columns, a gap
    /// between them; a table that fits (or cannot be cut) stays as it is.
    pub fn table_within_width(&mut self, table: Table, labels: usize) -> &mut Self {
        let units = vec![1; table.columns.len().saturating_sub(labels)];
        self.table_within_width_in_units(table, labels, &units)
    }

    /// As [`Document::table_within_width`], the value columns cut only
    /// between `units` (their sizes in order), so that columns read
    /// together (a difference and its Welch ±) stay in one table.
    pub fn table_within_width_in_units(
        &mut self,
        table: Table,
        labels: usize,
        units: &[usize],
    ) -> &mut Self {
        let lang = self.lang;
        let width = |k: usize| -> usize {
            let header = table.columns[k].header.chars().count();
            let cells = table.rows.iter().map(|row| {
                crate::report::render::text::cell(table.columns[k].kind, &row[k], lang)
                    .chars()
                    .count()
            });
            cells.fold(header, usize::max) + 2
        };
        let label_width: usize = (0..labels).map(width).sum();
        // Groups of whole units, each filling a table up to the width.
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut used = label_width;
        let mut first = labels;
        for &size in units {
            let columns: Vec<usize> = (first..first + size).collect();
            first += size;
            let w: usize = columns.iter().map(|&k| width(k)).sum();
            match groups.last_mut() {
                Some(group) if used + w <= TABLE_COLUMNS + 2 => group.extend(columns),
                _ => {
                    groups.push(columns);
                    used = label_width;
                }
            }
            used += w;
        }
        if groups.len() <= 1 || first != table.columns.len() {
            return self.table(table);
        }
        for (n, group) in groups.iter().enumerate() {
            let keep: Vec<usize> = (0..labels).chain(group.iter().copied()).collect();
            let mut part = Table::new(
                format!("{}-{}", table.id, n + 1),
                keep.iter().map(|&k| table.columns[k].clone()).collect(),
            );
            part.rows = table
                .rows
                .iter()
                .map(|row| keep.iter().map(|&k| row[k].clone()).collect())
                .collect();
            if n > 0 {
                self.gap();
            }
            self.table(part);
        }
        self
    }

    /// The tables, in order: what a spreadsheet gets.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A section's title: a line in text, `<h2>` in HTML.
    Heading(String),
    /// A sentence or a note: a line in text, `<p>` in HTML.
    Paragraph(Rich),
    /// An empty line between parts of a terminal text; nothing in HTML.
    Gap,
    /// Labelled facts: indented pairs in text, a table without header in HTML.
    Facts(Facts),
    Table(Table),
    /// Text kept as it is (a trace, the scenario): as is in text, `<pre>` in HTML.
    Preformatted {
        id: String,
        text: String,
    },
    /// Drawn inline in HTML; the terminal and CSV leave charts to `--plot`.
    Chart(Chart),
}

/// Label–value pairs.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// The HTML table's id.
    pub id: String,
    pub rows: Vec<(Rich, Rich)>,
}

/// Rows of cells under typed columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The HTML table's id.
    pub id: String,
    pub columns: Vec<Column>,
    /// One value per column.
    pub rows: Vec<Vec<Value>>,
}

impl Table {
    pub fn new(id: impl Into<String>, columns: Vec<Column>) -> Self {
        Self {
            id: id.into(),
            columns,
            rows: Vec::new(),
        }
    }
}

/// A column: its header, how its values are shown, and the KPI it shows
/// where it is one.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    pub kind: Kind,
    pub kpi: Option<AnyKpi>,
    /// In the terminal: labels to the left, numbers to the right.
    pub align: Align,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

impl Column {
    pub fn new(header: impl Into<String>, kind: Kind) -> Self {
        Self {
            header: header.into(),
            kind,
            kpi: None,
            align: Align::Right,
        }
    }

    /// A column of names labelling the rows, aligned left.
    pub fn label(header: impl Into<String>) -> Self {
        Self {
            align: Align::Left,
            ..Self::new(header, Kind::Text)
        }
    }

    /// Text aligned right, as numbers are.
    pub fn text(header: impl Into<String>) -> Self {
        Self::new(header, Kind::Text)
    }

    pub fn integer(header: impl Into<String>) -> Self {
        Self::new(header, Kind::Integer)
    }

    /// Plain numbers with `decimals`; CSV writes them at full precision.
    pub fn number(header: impl Into<String>, decimals: usize) -> Self {
        Self::new(
            header,
            Kind::Number {
                scale: 1.0,
                decimals,
                suffix: "",
            },
        )
    }

    /// Estimates of `kpi` at its scale and decimals, under the terminal
    /// header in `w`'s language.
    pub fn kpi<K: Kpi + Into<AnyKpi>>(kpi: K, w: &Words) -> Self {
        Self::kpi_headed(kpi, w.kpi_header(kpi))
    }

    /// Estimates of `kpi` at its scale and decimals, under `header`.
    pub fn kpi_headed<K: Kpi + Into<AnyKpi>>(kpi: K, header: impl Into<String>) -> Self {
        let d = kpi.def();
        Self {
            kpi: Some(kpi.into()),
            ..Self::new(
                header,
                Kind::Estimate {
                    scale: d.unit.scale(),
                    decimals: d.decimals,
                },
            )
        }
    }

    /// The same column with `decimals` where it shows numbers.
    pub fn decimals(mut self, decimals: usize) -> Self {
        match &mut self.kind {
            Kind::Number { decimals: d, .. }
            | Kind::Estimate { decimals: d, .. }
            | Kind::Difference { decimals: d, .. }
            | Kind::HalfWidth { decimals: d, .. } => *d = decimals,
            Kind::Text | Kind::Integer | Kind::Share | Kind::Flag => {}
        }
        self
    }

    /// The same column, numbers multiplied by `scale` (100: percent).
    pub fn scaled(mut self, scale: f64) -> Self {
        match &mut self.kind {
            Kind::Number { scale: s, .. }
            | Kind::Estimate { scale: s, .. }
            | Kind::Difference { scale: s, .. }
            | Kind::HalfWidth { scale: s, .. } => *s = scale,
            Kind::Text | Kind::Integer | Kind::Share | Kind::Flag => {}
        }
        self
    }

    /// The same column naming `kpi` as what it shows.
    pub fn of(mut self, kpi: impl Into<AnyKpi>) -> Self {
        self.kpi = Some(kpi.into());
        self
    }
}

/// How a column's values are shown. Text and HTML show numbers scaled and
/// rounded; CSV writes the stored values at full precision, an estimate as
/// `H` and `H_half_width`, a share as `H`, `H_low`, `H_high`, a difference as
/// `H`, `H_half_width`, `H_significant` (suffixes in the document's language).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Text,
    Integer,
    /// `suffix` follows the number in text and HTML (" %").
    Number {
        scale: f64,
        decimals: usize,
        suffix: &'static str,
    },
    /// Mean ± half-width.
    Estimate {
        scale: f64,
        decimals: usize,
    },
    /// A share of days with its interval: "62 % [52–71]".
    Share,
    /// A paired difference with its half-width, marked where significant.
    Difference {
        scale: f64,
        decimals: usize,
    },
    /// A half-width alone: "± 0.52".
    HalfWidth {
        scale: f64,
        decimals: usize,
    },
    Flag,
}

impl Kind {
    /// Its scale and decimals; 1 and 2 for kinds without them.
    pub fn scale_decimals(self) -> (f64, usize) {
        match self {
            Kind::Number {
                scale, decimals, ..
            }
            | Kind::Estimate { scale, decimals }
            | Kind::Difference { scale, decimals }
            | Kind::HalfWidth { scale, decimals } => (scale, decimals),
            Kind::Text | Kind::Integer | Kind::Share | Kind::Flag => (1.0, 2),
        }
    }

    /// The CSV columns one column of this kind becomes, by their suffixes
    /// in `w`'s language.
    pub fn csv_suffixes(self, w: &Words) -> Vec<&'static str> {
        let c = &w.csv;
        match self {
            Kind::Estimate { .. } => vec!["", c.half_width],
            Kind::Share => vec!["", c.low, c.high],
            Kind::Difference { .. } => vec!["", c.half_width, c.significant_suffix],
            _ => vec![""],
        }
    }
}

/// One cell. `None` is shown as "–" (empty in CSV).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Integer(Option<u64>),
    Number(Option<f64>),
    Estimate(Option<Estimate>),
    Share(Option<Share>),
    Difference(Option<Difference>),
    Flag(Option<bool>),
}

impl Value {
    pub fn text(text: impl Into<String>) -> Self {
        Value::Text(text.into())
    }

    pub fn integer(n: impl Into<u64>) -> Self {
        Value::Integer(Some(n.into()))
    }

    pub fn number(v: f64) -> Self {
        Value::Number(Some(v))
    }

    pub fn estimate(e: Option<impl Into<Estimate>>) -> Self {
        Value::Estimate(e.map(Into::into))
    }
}

/// Mean and confidence half-width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub mean: f64,
    pub half_width: Option<f64>,
}

impl From<crate::stats::Estimate> for Estimate {
    fn from(e: crate::stats::Estimate) -> Self {
        Self {
            mean: e.mean,
            half_width: e.half_width,
        }
    }
}

impl From<crate::record::Share> for Share {
    fn from(s: crate::record::Share) -> Self {
        Self {
            share: s.share,
            low: s.low,
            high: s.high,
        }
    }
}

impl From<crate::record::Estimate> for Estimate {
    fn from(e: crate::record::Estimate) -> Self {
        Self {
            mean: e.mean,
            half_width: e.half_width,
        }
    }
}

/// A share of days with its interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Share {
    pub share: f64,
    pub low: f64,
    pub high: f64,
}

impl From<crate::stats::Share> for Share {
    fn from(s: crate::stats::Share) -> Self {
        Self {
            share: s.share,
            low: s.low,
            high: s.high,
        }
    }
}

/// A paired difference from the reference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Difference {
    pub mean: f64,
    pub half_width: Option<f64>,
    /// The interval excludes 0; `None` without an interval.
    pub significant: Option<bool>,
}

impl From<crate::study::compare::Difference> for Difference {
    fn from(d: crate::study::compare::Difference) -> Self {
        Self {
            mean: d.mean,
            half_width: d.half_width,
            significant: d.significant,
        }
    }
}

impl From<crate::record::Difference> for Difference {
    fn from(d: crate::record::Difference) -> Self {
        Self {
            mean: d.mean,
            half_width: d.half_width,
            significant: d.significant,
        }
    }
}

/// Inline content: text with numbers and verdicts in it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rich(pub Vec<Span>);

#[derive(Debug, Clone, PartialEq)]
pub enum Span {
    Text(String),
    /// A value shown as a column of that kind shows it.
    Value(Kind, Value),
    /// A target met or missed (coloured in HTML).
    Verdict {
        met: bool,
        text: String,
    },
    /// Bold in HTML.
    Strong(String),
}

impl Rich {
    pub fn text(text: impl Into<String>) -> Self {
        Rich(vec![Span::Text(text.into())])
    }

    pub fn push(mut self, span: Span) -> Self {
        self.0.push(span);
        self
    }

    pub fn then(self, text: impl Into<String>) -> Self {
        self.push(Span::Text(text.into()))
    }
}

impl From<String> for Rich {
    fn from(text: String) -> Self {
        Rich::text(text)
    }
}

impl From<&str> for Rich {
    fn from(text: &str) -> Self {
        Rich::text(text)
    }
}

impl Facts {
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            rows: Vec::new(),
        }
    }

    pub fn add(&mut self, label: impl Into<Rich>, value: impl Into<Rich>) -> &mut Self {
        self.rows.push((label.into(), value.into()));
        self
    }
}
