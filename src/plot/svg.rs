//! An SVG backend whose text is glyph outlines instead of `<text>` elements:
//! plotters' own SVG backend names a font family and leaves the drawing to
//! the viewer, which shows boxes or another font where DejaVu is missing.

use std::cell::RefCell;
use std::rc::Rc;

use plotters::backend::SVGBackend;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

use super::font::text_as_svg_path;

/// Delegates shapes to [`SVGBackend`] and collects text as `<path>`s in
/// `text`, which [`finish`] appends to the document (text lies on top).
pub struct OutlinedSvg<'a> {
    inner: SVGBackend<'a>,
    text: Rc<RefCell<String>>,
}

impl<'a> OutlinedSvg<'a> {
    pub fn new(buffer: &'a mut String, size: (u32, u32), text: Rc<RefCell<String>>) -> Self {
        Self {
            inner: SVGBackend::with_string(buffer, size),
            text,
        }
    }
}

/// Inserts the collected text paths before the document's closing tag.
pub fn finish(mut svg: String, text: &str) -> String {
    if let Some(end) = svg.rfind("</svg>") {
        svg.insert_str(end, text);
    }
    svg
}

type Result<T> = std::result::Result<T, DrawingErrorKind<std::io::Error>>;

impl DrawingBackend for OutlinedSvg<'_> {
    type ErrorType = std::io::Error;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<()> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<()> {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<()> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<()> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<()> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<()> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<()> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vertices: I,
        style: &S,
    ) -> Result<()> {
        self.inner.fill_polygon(vertices, style)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<()> {
        text_as_svg_path(&mut self.text.borrow_mut(), text, style, pos);
        Ok(())
    }

    fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, style: &S) -> Result<(u32, u32)> {
        self.inner.estimate_text_size(text, style)
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Result<()> {
        self.inner.blit_bitmap(pos, size, src)
    }
}
