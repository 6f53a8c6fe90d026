//! A label-sized test page: if the printer scales it, the rulers show it.

use super::doc::PdfDoc;
use super::text::{self, Font};
use crate::documents::describe_label;
use crate::PrinterSpec;

/// Points per inch.
const INCH: f32 = 72.0;
/// The border sits this far inside the page edge: a tenth of an inch.
const INSET: f32 = INCH / 10.0;

pub(crate) fn render(spec: &PrinterSpec, printer_name: &str) -> Vec<u8> {
    let (width, height) = (spec.label.width_points(), spec.label.height_points());
    let mut doc = PdfDoc::new(&format!("Test page \u{2013} {printer_name}"));
    let page = doc.add_page(width, height);

    page.rect(INSET, INSET, width - 2.0 * INSET, height - 2.0 * INSET, 1.0);

    // Rulers measured from the page's own top-left corner, a quarter inch in.
    let ruler = INCH / 4.0 + INSET;
    page.line((0.0, ruler), (width, ruler), 0.5);
    page.line((ruler, 0.0), (ruler, height), 0.5);
    let tenths_across = (width / (INCH / 10.0)) as u32;
    for tenth in 1..=tenths_across {
        let x = tenth as f32 * INCH / 10.0;
        let length = tick_length(tenth);
        page.line((x, ruler), (x, ruler + length), 0.5);
        if tenth % 10 == 0 {
            let label = (tenth / 10).to_string();
            page.text(
                Font::Regular,
                7.0,
                x + 1.5,
                ruler + length,
                label.as_bytes(),
            );
        }
    }
    let tenths_down = (height / (INCH / 10.0)) as u32;
    for tenth in 1..=tenths_down {
        let y = tenth as f32 * INCH / 10.0;
        let length = tick_length(tenth);
        page.line((ruler, y), (ruler + length, y), 0.5);
        if tenth % 10 == 0 {
            let label = (tenth / 10).to_string();
            page.text(
                Font::Regular,
                7.0,
                ruler + length + 1.5,
                y + 2.5,
                label.as_bytes(),
            );
        }
    }

    // Text block right of the vertical ruler, clipped to the page width.
    let left = ruler + INCH / 2.5;
    let room = (width - left - INSET * 2.0).max(INCH / 4.0);
    let lines = [
        (Font::Bold, 11.0, "Packdesk test page".to_owned()),
        (Font::Regular, 9.0, printer_name.to_owned()),
        (Font::Regular, 9.0, describe_label(spec)),
        (
            Font::Regular,
            9.0,
            "Ticks every 1/10 in, numbers every inch".to_owned(),
        ),
    ];
    let mut baseline = ruler + INCH / 2.5 + 11.0;
    for (font, size, line) in lines {
        let line = text::truncate(font, size, &text::encode(&line), room);
        page.text(font, size, left, baseline, &line);
        baseline += size * 1.4;
    }

    // A one-inch square where there is room for it.
    if width >= 2.0 * INCH && height >= 2.5 * INCH {
        let top = baseline + 8.0;
        page.rect(left, top, INCH, INCH, 1.0);
        page.text(
            Font::Regular,
            8.0,
            left + 4.0,
            top + INCH / 2.0 + 3.0,
            b"1 in square",
        );
    }
    doc.finish()
}

/// Inch ticks longest, half inches middle, tenths short.
fn tick_length(tenth: u32) -> f32 {
    match tenth {
        t if t % 10 == 0 => INCH / 4.0,
        t if t % 5 == 0 => INCH / 6.0,
        _ => INCH / 12.0,
    }
}
