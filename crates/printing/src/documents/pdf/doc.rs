//! A small page-drawing layer over `pdf-writer`.
//!
//! Layout code thinks top-down (a cursor moving down the page), PDF thinks
//! bottom-up; [`Page`] takes distances from the top edge and converts, so the
//! flip lives in one place.

use miniz_oxide::deflate::compress_to_vec_zlib;
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::text::{self, Font};
use crate::documents::raster::{Channels, Raster};

/// US Letter in points: paper documents are printed on it.
pub(crate) const LETTER: (f32, f32) = (612.0, 792.0);

/// zlib level: the default trades size and speed well for text streams.
const DEFLATE_LEVEL: u8 = 6;

/// A document being drawn, page by page.
pub(crate) struct PdfDoc {
    title: String,
    pages: Vec<Page>,
}

/// One page: its size in points, its drawing operations and at most one
/// image (a label page).
pub(crate) struct Page {
    width: f32,
    height: f32,
    content: Content,
    image: Option<Raster>,
}

impl PdfDoc {
    pub(crate) fn new(title: &str) -> Self {
        PdfDoc {
            title: title.to_owned(),
            pages: Vec::new(),
        }
    }

    /// Starts a new page and returns it for drawing.
    pub(crate) fn add_page(&mut self, width: f32, height: f32) -> &mut Page {
        self.pages.push(Page {
            width,
            height,
            content: Content::new(),
            image: None,
        });
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub(crate) fn pages_mut(&mut self) -> &mut [Page] {
        &mut self.pages
    }

    /// Writes the file: catalog, page tree, the two shared fonts, each page
    /// with its compressed content stream and image.
    pub(crate) fn finish(self) -> Vec<u8> {
        let mut pdf = Pdf::new();
        let catalog_id = Ref::new(1);
        let tree_id = Ref::new(2);
        let info_id = Ref::new(3);
        let regular_id = Ref::new(4);
        let bold_id = Ref::new(5);
        let first_page_ref = 6;
        // Three ids per page: the page, its content stream, its image.
        let page_ids: Vec<Ref> = (0..self.pages.len())
            .map(|i| Ref::new(first_page_ref + 3 * i as i32))
            .collect();

        pdf.catalog(catalog_id).pages(tree_id);
        pdf.pages(tree_id)
            .kids(page_ids.iter().copied())
            .count(page_ids.len() as i32);
        pdf.document_info(info_id)
            .title(TextStr(&self.title))
            .producer(TextStr("Packdesk"));
        for (id, font) in [(regular_id, Font::Regular), (bold_id, Font::Bold)] {
            pdf.type1_font(id)
                .base_font(Name(font.base_font()))
                .encoding_predefined(Name(b"WinAnsiEncoding"));
        }

        for (page, &page_id) in self.pages.into_iter().zip(&page_ids) {
            let content_id = Ref::new(page_id.get() + 1);
            let image_id = Ref::new(page_id.get() + 2);
            let mut writer = pdf.page(page_id);
            writer
                .parent(tree_id)
                .media_box(Rect::new(0.0, 0.0, page.width, page.height))
                .contents(content_id);
            let mut resources = writer.resources();
            resources
                .fonts()
                .pair(Name(Font::Regular.resource()), regular_id)
                .pair(Name(Font::Bold.resource()), bold_id);
            if page.image.is_some() {
                resources.x_objects().pair(Name(IMAGE), image_id);
            }
            resources.finish();
            writer.finish();

            let content = compress_to_vec_zlib(&page.content.finish().into_vec(), DEFLATE_LEVEL);
            pdf.stream(content_id, &content).filter(Filter::FlateDecode);

            if let Some(raster) = page.image {
                let samples = compress_to_vec_zlib(&raster.samples, DEFLATE_LEVEL);
                let mut image = pdf.image_xobject(image_id, &samples);
                image.filter(Filter::FlateDecode);
                image
                    .width(raster.width as i32)
                    .height(raster.height as i32)
                    .bits_per_component(8)
                    // Barcodes must stay crisp when scaled up.
                    .interpolate(false);
                image.color_space_name(Name(match raster.channels {
                    Channels::Gray => b"DeviceGray",
                    Channels::Rgb => b"DeviceRGB",
                }));
            }
        }
        pdf.finish()
    }
}

/// Name of a label page's image in its resources.
const IMAGE: &[u8] = b"Im1";

impl Page {
    pub(crate) fn width(&self) -> f32 {
        self.width
    }

    pub(crate) fn height(&self) -> f32 {
        self.height
    }

    /// Text with its baseline `baseline` points below the top edge.
    pub(crate) fn text(&mut self, font: Font, size: f32, x: f32, baseline: f32, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        let y = self.height - baseline;
        self.content
            .begin_text()
            .set_font(Name(font.resource()), size)
            .next_line(x, y)
            .show(Str(bytes))
            .end_text();
    }

    /// Text ending at `right`, for numbers in a column.
    pub(crate) fn text_right(
        &mut self,
        font: Font,
        size: f32,
        right: f32,
        baseline: f32,
        bytes: &[u8],
    ) {
        let x = right - text::width(font, size, bytes);
        self.text(font, size, x, baseline, bytes);
    }

    /// A straight line between two points given from the top-left corner.
    pub(crate) fn line(&mut self, from: (f32, f32), to: (f32, f32), line_width: f32) {
        self.content
            .set_line_width(line_width)
            .move_to(from.0, self.height - from.1)
            .line_to(to.0, self.height - to.1)
            .stroke();
    }

    /// A rectangle outline; `top` is its top edge's distance from the page top.
    pub(crate) fn rect(&mut self, x: f32, top: f32, width: f32, height: f32, line_width: f32) {
        self.content
            .set_line_width(line_width)
            .rect(x, self.height - top - height, width, height)
            .stroke();
    }

    /// Places an image with its top-left corner at (`x`, `top`), drawn
    /// `width` x `height` points. A page holds one image.
    pub(crate) fn image(&mut self, raster: Raster, x: f32, top: f32, width: f32, height: f32) {
        self.content
            .save_state()
            .transform([width, 0.0, 0.0, height, x, self.height - top - height])
            .x_object(Name(IMAGE))
            .restore_state();
        self.image = Some(raster);
    }
}
