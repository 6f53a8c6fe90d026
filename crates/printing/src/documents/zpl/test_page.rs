//! A ZPL test label: every measure derives from the DPI and label size, so a
//! printer set to another DPI or stock shows a clipped border, rulers that
//! disagree with a real ruler, and the settings in plain text.

use super::layout::{cut, Scale};
use super::writer::Zpl;
use crate::documents::describe_label;
use crate::PrinterSpec;

pub(crate) fn render(spec: &PrinterSpec, printer_name: &str) -> String {
    let scale = Scale::new(spec);
    let dpi = spec.dpi.dots_per_inch();
    let tenth = |tenths: u32| spec.dots(tenths);
    let line = (dpi / 100).max(2);
    let (width, height) = (scale.width, scale.height);
    let mut zpl = Zpl::new(spec);
    zpl.begin_label();

    // Border a tenth of an inch inside the label edge on all four sides.
    let inset = tenth(1);
    zpl.frame(
        inset,
        inset,
        width.saturating_sub(2 * inset),
        height.saturating_sub(2 * inset),
        line,
    );

    // Rulers measured from the label's own edges, ticks every tenth inch.
    let ruler = inset + tenth(2);
    zpl.frame(0, ruler, width, line, line);
    zpl.frame(ruler, 0, line, height, line);
    let number_size = scale.pt(7.0);
    for t in 1..=spec.label.width_tenths_in {
        let x = tenth(t);
        if x + line > width {
            break;
        }
        zpl.frame(x, ruler, line, tick(spec, t), line);
        if t % 10 == 0 {
            let top = (ruler + tick(spec, t)).saturating_sub(number_size);
            zpl.text(x + line + 2, top, number_size, &(t / 10).to_string());
        }
    }
    for t in 1..=spec.label.height_tenths_in {
        let y = tenth(t);
        if y + line > height {
            break;
        }
        zpl.frame(ruler, y, tick(spec, t), line, line);
        if t % 10 == 0 {
            zpl.text(
                ruler + tick(spec, t) + 4,
                y + line + 2,
                number_size,
                &(t / 10).to_string(),
            );
        }
    }

    // Settings, right of the vertical ruler.
    let left = ruler + tenth(4);
    let room = width.saturating_sub(left + inset * 2);
    let mut y = ruler + tenth(4);
    for (size, text) in [
        (11.0, "Packdesk test page".to_owned()),
        (9.0, printer_name.to_owned()),
        (9.0, describe_label(spec)),
        (8.0, "Ticks every 1/10 in, numbers every inch".to_owned()),
    ] {
        zpl.text(left, y, scale.pt(size), &cut(&scale, size, room, &text));
        y += scale.pt(size) * 3 / 2;
    }

    // A one-inch square where the label has room for it.
    if left + dpi + inset <= width && y + dpi + inset <= height {
        zpl.frame(left, y + tenth(1), dpi, dpi, line);
        zpl.text(left + tenth(1), y + tenth(5), scale.pt(7.0), "1 in square");
    }
    zpl.end_label();
    zpl.finish()
}

/// Inch ticks longest, half inches middle, tenths short.
fn tick(spec: &PrinterSpec, tenth: u32) -> u32 {
    let tenths = match tenth {
        t if t % 10 == 0 => 25,
        t if t % 5 == 0 => 16,
        _ => 8,
    };
    // In hundredths of an inch: tenths of a tenth.
    spec.dots(tenths) / 10
}
