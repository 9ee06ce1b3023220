//! The one font every chart uses, DejaVu Sans, compiled into the binary: PNGs
//! are rasterised from it and SVGs carry its glyph outlines as paths, so no
//! chart depends on the fonts of the machine that draws or shows it.

use std::fmt::Write;
use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, OutlineCurve, ScaleFont};
use plotters::style::{FontStyle, register_font};
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{BackendTextStyle, FontTransform};

/// The family name charts ask plotters for.
pub const FAMILY: &str = "sans-serif";

fn dejavu() -> &'static FontRef<'static> {
    static FONT: OnceLock<FontRef<'static>> = OnceLock::new();
    FONT.get_or_init(|| {
        FontRef::try_from_slice(dejavu::sans::regular()).expect("DejaVu Sans is a valid font")
    })
}

/// Registers DejaVu Sans with plotters under [`FAMILY`] (once per process).
pub fn register() {
    static REGISTERED: OnceLock<()> = OnceLock::new();
    REGISTERED.get_or_init(|| {
        // Every style maps to the regular face: charts use no bold or italic.
        for style in [FontStyle::Normal, FontStyle::Bold] {
            if register_font(FAMILY, style, dejavu::sans::regular()).is_err() {
                unreachable!("DejaVu Sans is a valid font");
            }
        }
    });
}

/// Appends an SVG `<path>` drawing `text` the way plotters' bitmap backend
/// places it (same layout box, anchor and rotation), so an SVG chart looks
/// like its PNG twin without needing any font to display.
pub fn text_as_svg_path<S: BackendTextStyle>(
    svg: &mut String,
    text: &str,
    style: &S,
    (x0, y0): (i32, i32),
) {
    let color = style.color();
    if color.alpha == 0.0 || text.is_empty() {
        return;
    }
    let size = style.size() as f32;
    let font = dejavu().as_scaled(size);
    let factor = font.scale_factor();

    // The layout box plotters uses: advance widths, height size / 1.24.
    let mut width = 0f32;
    let mut previous = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = previous {
            width += font.kern(p, id);
        }
        width += font.h_advance(id);
        previous = Some(id);
    }
    let (width, height) = (width.trunc(), (size / 1.24).trunc());
    let dx = match style.anchor().h_pos {
        HPos::Left => 0.0,
        HPos::Right => -width,
        HPos::Center => -(width / 2.0).trunc(),
    };
    let dy = match style.anchor().v_pos {
        VPos::Top => 0.0,
        VPos::Center => -(height / 2.0).trunc(),
        VPos::Bottom => -height,
    };
    let transform = style.transform();
    let place = |x: f32, y: f32| -> (f32, f32) {
        let (x, y) = (x + dx, y + dy);
        let (x, y) = match transform {
            FontTransform::None => (x, y),
            FontTransform::Rotate90 => (-y, x),
            FontTransform::Rotate180 => (-x, -y),
            FontTransform::Rotate270 => (y, -x),
        };
        (x0 as f32 + x, y0 as f32 + y)
    };

    let mut d = String::new();
    let mut pen = 0f32;
    let baseline = size / 2.0;
    let mut previous = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = previous {
            pen += font.kern(p, id);
        }
        previous = Some(id);
        if let Some(outline) = dejavu().outline(id) {
            let point = |p: ab_glyph::Point| {
                place(
                    pen + p.x * factor.horizontal,
                    baseline - p.y * factor.vertical,
                )
            };
            let mut end: Option<ab_glyph::Point> = None;
            for curve in &outline.curves {
                let start = match curve {
                    OutlineCurve::Line(a, _)
                    | OutlineCurve::Quad(a, _, _)
                    | OutlineCurve::Cubic(a, _, _, _) => *a,
                };
                if end != Some(start) {
                    if end.is_some() {
                        d.push('Z');
                    }
                    let (x, y) = point(start);
                    let _ = write!(d, "M{x:.1} {y:.1}");
                }
                end = Some(match curve {
                    OutlineCurve::Line(_, b) => {
                        let (x, y) = point(*b);
                        let _ = write!(d, "L{x:.1} {y:.1}");
                        *b
                    }
                    OutlineCurve::Quad(_, c1, b) => {
                        let ((cx, cy), (x, y)) = (point(*c1), point(*b));
                        let _ = write!(d, "Q{cx:.1} {cy:.1} {x:.1} {y:.1}");
                        *b
                    }
                    OutlineCurve::Cubic(_, c1, c2, b) => {
                        let ((ax, ay), (bx, by), (x, y)) = (point(*c1), point(*c2), point(*b));
                        let _ = write!(d, "C{ax:.1} {ay:.1} {bx:.1} {by:.1} {x:.1} {y:.1}");
                        *b
                    }
                });
            }
            if end.is_some() {
                d.push('Z');
            }
        }
        pen += font.h_advance(id);
    }
    if d.is_empty() {
        return;
    }
    let (r, g, b) = color.rgb;
    let _ = writeln!(
        svg,
        r##"<path d="{d}" fill="#{r:02X}{g:02X}{b:02X}" fill-opacity="{:.3}"><title>{}</title></path>"##,
        color.alpha,
        escape_xml(text)
    );
}

/// `text` with XML's special characters escaped.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
