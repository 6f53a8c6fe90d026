//! Top-to-bottom flow of paper documents over as many Letter pages as needed.
//!
//! Content is placed in blocks (a table row, a line of notes) that never
//! split across pages; a new page repeats a running header and, inside a
//! table, the column titles. Footers with "page i of n" are added once the
//! page count is known.

use super::doc::{Page, PdfDoc, LETTER};
use super::text::{self, Font};

pub(crate) const MARGIN: f32 = 48.0;
pub(crate) const BODY: f32 = 10.0;
pub(crate) const SMALL: f32 = 8.5;
/// Baseline-to-baseline distance for a font size.
pub(crate) fn leading(size: f32) -> f32 {
    size * 1.3
}

/// Room kept at the bottom of each page for the footer.
const FOOTER_ROOM: f32 = 24.0;
/// Space above and below the text in a table row.
const CELL_PAD: f32 = 4.0;
/// A cell wraps to at most this many lines; more is cut with an ellipsis, so
/// one absurd description cannot outgrow a page.
const MAX_CELL_LINES: usize = 12;

pub(crate) fn content_width() -> f32 {
    LETTER.0 - 2.0 * MARGIN
}

/// How a column shows its cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cell {
    /// An empty square for the packer or picker to tick.
    Checkbox,
    /// One line, cut with an ellipsis, right-aligned (numbers).
    Right,
    /// Wrapped onto as many lines as needed.
    Wrap,
}

pub(crate) struct Column {
    pub(crate) title: &'static str,
    pub(crate) width: f32,
    pub(crate) cell: Cell,
}

/// Columns laid side by side across the content width.
pub(crate) struct Table {
    pub(crate) columns: Vec<Column>,
}

impl Table {
    fn lefts(&self) -> impl Iterator<Item = (f32, &Column)> {
        self.columns.iter().scan(MARGIN, |x, column| {
            let left = *x;
            *x += column.width;
            Some((left, column))
        })
    }
}

pub(crate) struct Flow<'t> {
    doc: PdfDoc,
    /// Distance from the top of the current page to the next free line.
    y: f32,
    running_header: Vec<u8>,
    table: Option<&'t Table>,
}

impl<'t> Flow<'t> {
    /// Starts a document on a first Letter page; later pages begin with
    /// `running_header` (e.g. "Order #A-1 (continued)").
    pub(crate) fn new(title: &str, running_header: &str) -> Self {
        let mut doc = PdfDoc::new(title);
        doc.add_page(LETTER.0, LETTER.1);
        Flow {
            doc,
            y: MARGIN,
            running_header: text::encode(running_header),
            table: None,
        }
    }

    pub(crate) fn y(&self) -> f32 {
        self.y
    }

    pub(crate) fn set_y(&mut self, y: f32) {
        self.y = y;
    }

    pub(crate) fn advance(&mut self, by: f32) {
        self.y += by;
    }

    pub(crate) fn page(&mut self) -> &mut Page {
        let last = self.doc.pages_mut().len() - 1;
        &mut self.doc.pages_mut()[last]
    }

    /// Makes sure `height` points fit above the footer, starting a new page
    /// (with running header and table titles) when they do not.
    pub(crate) fn reserve(&mut self, height: f32) {
        if self.y + height <= LETTER.1 - MARGIN - FOOTER_ROOM {
            return;
        }
        self.doc.add_page(LETTER.0, LETTER.1);
        self.y = MARGIN;
        let header = self.running_header.clone();
        let baseline = self.y + SMALL;
        self.page()
            .text(Font::Bold, SMALL, MARGIN, baseline, &header);
        self.y += leading(SMALL) + 8.0;
        if let Some(table) = self.table {
            self.draw_titles(table);
        }
    }

    /// One line of text at the left margin (or indented by `indent`).
    pub(crate) fn line(&mut self, font: Font, size: f32, indent: f32, bytes: &[u8]) {
        self.reserve(leading(size));
        let baseline = self.y + size;
        self.page()
            .text(font, size, MARGIN + indent, baseline, bytes);
        self.y += leading(size);
    }

    /// A paragraph wrapped to the content width; it may break across pages
    /// between lines.
    pub(crate) fn paragraph(&mut self, font: Font, size: f32, text: &str) {
        for line in text::wrap(font, size, text, content_width()) {
            self.line(font, size, 0.0, &line);
        }
    }

    /// Starts a table: its titles now and on every page it continues onto.
    pub(crate) fn begin_table(&mut self, table: &'t Table) {
        // Titles plus one row, so titles never sit alone at a page bottom.
        self.reserve(title_height() + leading(BODY) + 2.0 * CELL_PAD);
        self.draw_titles(table);
        self.table = Some(table);
    }

    pub(crate) fn end_table(&mut self) {
        self.table = None;
    }

    fn draw_titles(&mut self, table: &Table) {
        let baseline = self.y + CELL_PAD + SMALL;
        for (left, column) in table.lefts() {
            let title = text::encode(column.title);
            match column.cell {
                Cell::Right => self.page().text_right(
                    Font::Bold,
                    SMALL,
                    left + column.width - CELL_PAD,
                    baseline,
                    &title,
                ),
                _ => self
                    .page()
                    .text(Font::Bold, SMALL, left + CELL_PAD, baseline, &title),
            }
        }
        self.y += title_height();
        let y = self.y;
        self.page()
            .line((MARGIN, y), (MARGIN + content_width(), y), 0.8);
    }

    /// One table row; `cells` are matched to the columns in order.
    pub(crate) fn row(&mut self, table: &Table, cells: &[&str]) {
        let lines: Vec<Vec<Vec<u8>>> = table
            .columns
            .iter()
            .zip(cells.iter().chain(std::iter::repeat(&"")))
            .map(|(column, cell)| cell_lines(column, cell))
            .collect();
        let most = lines.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let height = most as f32 * leading(BODY) + 2.0 * CELL_PAD;
        self.reserve(height);
        let top = self.y;
        let first_baseline = top + CELL_PAD + BODY;
        for ((left, column), cell) in table.lefts().zip(&lines) {
            match column.cell {
                Cell::Checkbox => {
                    let side = BODY * 0.9;
                    self.page()
                        .rect(left + CELL_PAD, top + CELL_PAD + 1.0, side, side, 0.6);
                }
                Cell::Right => {
                    if let Some(line) = cell.first() {
                        let right = left + column.width - CELL_PAD;
                        self.page()
                            .text_right(Font::Regular, BODY, right, first_baseline, line);
                    }
                }
                Cell::Wrap => {
                    for (i, line) in cell.iter().enumerate() {
                        let baseline = first_baseline + i as f32 * leading(BODY);
                        self.page()
                            .text(Font::Regular, BODY, left + CELL_PAD, baseline, line);
                    }
                }
            }
        }
        self.y += height;
        let y = self.y;
        self.page()
            .line((MARGIN, y), (MARGIN + content_width(), y), 0.3);
    }

    /// Adds "`label` · Page i of n" at the bottom of every page and returns
    /// the PDF bytes.
    pub(crate) fn finish(mut self, footer_label: &str) -> Vec<u8> {
        let pages = self.doc.pages_mut();
        let count = pages.len();
        for (index, page) in pages.iter_mut().enumerate() {
            let footer = text::encode(&format!(
                "{footer_label} \u{b7} Page {} of {count}",
                index + 1
            ));
            let footer = text::truncate(Font::Regular, SMALL, &footer, content_width());
            let x = (page.width() - text::width(Font::Regular, SMALL, &footer)) / 2.0;
            let baseline = page.height() - MARGIN + SMALL;
            page.text(Font::Regular, SMALL, x, baseline, &footer);
        }
        self.doc.finish()
    }
}

fn title_height() -> f32 {
    leading(SMALL) + 2.0 * CELL_PAD
}

fn cell_lines(column: &Column, cell: &str) -> Vec<Vec<u8>> {
    let room = (column.width - 2.0 * CELL_PAD).max(1.0);
    match column.cell {
        Cell::Checkbox => Vec::new(),
        Cell::Right => vec![text::truncate(
            Font::Regular,
            BODY,
            &text::encode(cell),
            room,
        )],
        Cell::Wrap => {
            let mut lines = text::wrap(Font::Regular, BODY, cell, room);
            if lines.len() > MAX_CELL_LINES {
                lines.truncate(MAX_CELL_LINES);
                if let Some(last) = lines.last_mut() {
                    *last = text::ellipsize(Font::Regular, BODY, last, room);
                }
            }
            lines
        }
    }
}
