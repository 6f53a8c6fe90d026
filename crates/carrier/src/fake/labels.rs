//! The fake's label files: a real 4×6 inch shipping label in PNG, PDF and ZPL,
//! drawn from one layout so the three formats show the same label.
//!
//! The desk previews PNG labels, converts them, and sends label bytes to
//! printers whose output tests compare byte for byte, so these files must be
//! genuine (a PNG that decodes to a 4×6 label, a PDF a real IPP printer
//! accepts, ZPL a Zebra prints) and deterministic: the same shipment always
//! gives the same bytes, and two shipments never give the same label, since
//! the barcode and text come from each shipment's own tracking code.
//!
//! The layout is in printer dots at 203 dpi (812 × 1218, a Zebra's 4×6
//! label). ZPL uses the dots as they are, the PDF scales them to points
//! (72 per inch, integer arithmetic: no floats), and the PNG is the dot grid
//! itself, 1 bit per pixel.

use std::fmt::Write as _;

use serde_json::Value;

/// 4 × 203 dots.
pub(super) const WIDTH_DOTS: u32 = 812;
/// 6 × 203 dots.
pub(super) const HEIGHT_DOTS: u32 = 1218;
pub(super) const DPI: u32 = 203;
/// PDF page size in points: 4 × 6 inches.
const PAGE_PT: (u32, u32) = (288, 432);

/// What a label says, taken from a bought shipment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct LabelFacts {
    pub(super) shipment_id: String,
    pub(super) carrier: String,
    pub(super) service: String,
    pub(super) tracking_code: String,
    pub(super) from: Vec<String>,
    pub(super) to: Vec<String>,
}

impl LabelFacts {
    /// `None` for a shipment without postage: it has no label yet.
    pub(super) fn of_shipment(shipment: &Value) -> Option<LabelFacts> {
        let text = |value: &Value| value.as_str().map(str::to_owned);
        let rate = &shipment["selected_rate"];
        Some(LabelFacts {
            shipment_id: text(&shipment["id"])?,
            carrier: text(&rate["carrier"])?,
            service: text(&rate["service"])?,
            tracking_code: text(&shipment["tracking_code"])?,
            from: address_lines(&shipment["from_address"]),
            to: address_lines(&shipment["to_address"]),
        })
    }
}

/// Name, company, streets and `CITY ST ZIP`, leaving out what is empty.
fn address_lines(address: &Value) -> Vec<String> {
    let part = |key: &str| {
        address[key]
            .as_str()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let place = [part("city"), part("state"), part("zip")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    [
        part("name"),
        part("company"),
        part("street1"),
        part("street2"),
    ]
    .into_iter()
    .flatten()
    .chain((!place.is_empty()).then_some(place))
    .collect()
}

/// One thing drawn on the label, in dots from the top-left corner.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Mark {
    /// A solid rectangle.
    Fill { x: u32, y: u32, w: u32, h: u32 },
    /// A rectangle outline `t` dots thick, drawn inside its bounds.
    Frame {
        x: u32,
        y: u32,
        w: u32,
        h: u32,
        t: u32,
    },
    /// A line of capitals whose cell is `h` dots tall; `white` on a filled area.
    Text {
        x: u32,
        y: u32,
        h: u32,
        text: String,
        white: bool,
    },
    /// A Code 128 symbol of `data`, `module` dots per narrow bar, `h` tall.
    Barcode {
        x: u32,
        y: u32,
        module: u32,
        h: u32,
        data: String,
    },
}

/// Text as every format can print it: capitals and printable ASCII (the
/// PNG's bitmap font has no more, ZPL reserves `^` and `~`, and the PDF uses
/// a standard font's ASCII range).
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| match c.to_ascii_uppercase() {
            '^' | '~' => ' ',
            c if c == ' ' || c.is_ascii_graphic() => c,
            _ => '?',
        })
        .collect()
}

/// `9434600208303109842228` as `9434 6002 0830 3109 8422 28`, as carriers print it.
fn grouped(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    chars
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The label's layout: carrier and service at the top with a large service
/// letter block, sender, recipient, the tracking barcode with its number
/// printed under it, and a footer naming the shipment.
fn layout(facts: &LabelFacts) -> Vec<Mark> {
    let text = |x, y, h, text: &str| Mark::Text {
        x,
        y,
        h,
        text: printable(text),
        white: false,
    };
    let rule = |y, h| Mark::Fill {
        x: 10,
        y,
        w: WIDTH_DOTS - 20,
        h,
    };
    let service_letter = facts
        .service
        .chars()
        .find(char::is_ascii_alphanumeric)
        .unwrap_or('?')
        .to_string();
    let mut marks = vec![
        Mark::Frame {
            x: 10,
            y: 10,
            w: WIDTH_DOTS - 20,
            h: HEIGHT_DOTS - 20,
            t: 4,
        },
        Mark::Fill {
            x: 30,
            y: 30,
            w: 160,
            h: 160,
        },
        Mark::Text {
            x: 70,
            y: 46,
            h: 128,
            text: printable(&service_letter),
            white: true,
        },
        text(220, 40, 64, &facts.carrier),
        text(220, 124, 40, &facts.service),
        rule(210, 12),
        text(30, 236, 24, "FROM:"),
    ];
    for (i, line) in (0u32..).zip(facts.from.iter().take(5)) {
        marks.push(text(130, 236 + i * 30, 24, line));
    }
    marks.push(rule(400, 4));
    marks.push(text(30, 420, 28, "SHIP TO:"));
    for (i, line) in (0u32..).zip(facts.to.iter().take(5)) {
        marks.push(text(60, 462 + i * 54, 44, line));
    }
    marks.push(rule(740, 12));
    marks.push(text(30, 770, 28, &format!("{} TRACKING #", facts.carrier)));
    let data = printable(&facts.tracking_code);
    let symbol = code128::modules(&data).len();
    let quiet = 2 * code128::QUIET_ZONE;
    let module =
        ((WIDTH_DOTS - 80) / u32::try_from(symbol + quiet).unwrap_or(u32::MAX)).clamp(1, 4);
    let width = u32::try_from(symbol).unwrap_or(WIDTH_DOTS) * module;
    marks.push(Mark::Barcode {
        x: WIDTH_DOTS.saturating_sub(width) / 2,
        y: 816,
        module,
        h: 220,
        data,
    });
    marks.push(text(60, 1050, 36, &grouped(&facts.tracking_code)));
    marks.push(rule(1100, 12));
    marks.push(text(30, 1130, 24, &facts.shipment_id));
    marks.push(text(30, 1166, 24, "TEST LABEL - DO NOT MAIL"));
    marks
}

// ---- ZPL ---------------------------------------------------------------------

/// A ZPL II label for a 203 dpi Zebra: `^XA`, the page size, one field per
/// mark, `^XZ` and a newline, so labels concatenate into one print job.
pub(super) fn zpl(facts: &LabelFacts) -> String {
    let mut out = format!("^XA\n^CI0\n^PW{WIDTH_DOTS}\n^LL{HEIGHT_DOTS}\n^LH0,0\n");
    for mark in layout(facts) {
        // Writing to a String cannot fail.
        let _ = match mark {
            Mark::Fill { x, y, w, h } => {
                writeln!(out, "^FO{x},{y}^GB{w},{h},{}^FS", w.min(h))
            }
            Mark::Frame { x, y, w, h, t } => writeln!(out, "^FO{x},{y}^GB{w},{h},{t}^FS"),
            Mark::Text {
                x,
                y,
                h,
                text,
                white,
            } => {
                let reverse = if white { "^FR" } else { "" };
                writeln!(out, "^FO{x},{y}^A0N,{h},{h}{reverse}^FD{text}^FS")
            }
            // ^BC mode A: the printer picks the Code 128 subsets itself.
            Mark::Barcode {
                x,
                y,
                module,
                h,
                data,
            } => writeln!(
                out,
                "^FO{x},{y}^BY{module},3,{h}^BCN,{h},N,N,N,A^FD{data}^FS"
            ),
        };
    }
    out.push_str("^XZ\n");
    out
}

// ---- PDF ---------------------------------------------------------------------

/// Dots as PDF points with two decimals, by integer arithmetic.
fn pt(dots: u32) -> String {
    let hundredths = (u64::from(dots) * 7200 + u64::from(DPI) / 2) / u64::from(DPI);
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// A dot row from the top as a PDF y from the bottom.
fn pt_from_bottom(dots_from_top: u32) -> String {
    pt(HEIGHT_DOTS.saturating_sub(dots_from_top))
}

/// A PDF literal string: `(`, `)` and `\` escaped; the text is already ASCII.
fn pdf_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('(');
    for c in text.chars() {
        if matches!(c, '(' | ')' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push(')');
    out
}

/// A filled rectangle given in dots from the top-left.
fn rect(out: &mut String, x: u32, y: u32, w: u32, h: u32) {
    let _ = writeln!(
        out,
        "{} {} {} {} re f",
        pt(x),
        pt_from_bottom(y + h),
        pt(w),
        pt(h)
    );
}

fn page_content(facts: &LabelFacts) -> String {
    let mut out = String::from("0 g\n");
    for mark in layout(facts) {
        match mark {
            Mark::Fill { x, y, w, h } => rect(&mut out, x, y, w, h),
            Mark::Frame { x, y, w, h, t } => {
                rect(&mut out, x, y, w, t);
                rect(&mut out, x, y + h - t, w, t);
                rect(&mut out, x, y, t, h);
                rect(&mut out, x + w - t, y, t, h);
            }
            Mark::Text {
                x,
                y,
                h,
                text,
                white,
            } => {
                // Helvetica capitals are about 0.72 em tall: a cell of `h` dots
                // holds them with the baseline 80 % of the way down.
                let font = if h >= 40 { "/F2" } else { "/F1" };
                let _ = writeln!(
                    out,
                    "{}BT {font} {} Tf {} {} Td {} Tj ET{}",
                    if white { "1 g " } else { "" },
                    pt(h),
                    pt(x),
                    pt_from_bottom(y + h * 8 / 10),
                    pdf_string(&text),
                    if white { " 0 g" } else { "" },
                );
            }
            Mark::Barcode {
                x,
                y,
                module,
                h,
                data,
            } => {
                let bars = code128::modules(&data);
                let mut i = 0;
                while i < bars.len() {
                    let run = bars[i..].iter().take_while(|b| **b == bars[i]).count();
                    if bars[i] {
                        let left = x + u32::try_from(i).unwrap_or(0) * module;
                        let width = u32::try_from(run).unwrap_or(0) * module;
                        rect(&mut out, left, y, width, h);
                    }
                    i += run;
                }
            }
        }
    }
    out
}

/// A PDF with one 4×6 page per label, in order: the single label of a
/// shipment, or a batch's combined file. Text uses the standard Helvetica
/// fonts (not embedded: every PDF reader and IPP printer has them) and bars
/// are filled rectangles. The cross-reference table's byte offsets are
/// counted as the file is written, so it is exact.
pub(super) fn pdf(labels: &[LabelFacts]) -> Vec<u8> {
    // Objects 1–4 are shared; each page adds a page object and its content.
    let count = labels.len();
    let mut objects: Vec<String> = Vec::with_capacity(4 + 2 * count);
    let kids: Vec<String> = (0..count).map(|i| format!("{} 0 R", 5 + 2 * i)).collect();
    objects.push("<< /Type /Catalog /Pages 2 0 R >>".to_owned());
    objects.push(format!(
        "<< /Type /Pages /Kids [{}] /Count {count} /MediaBox [0 0 {} {}] >>",
        kids.join(" "),
        PAGE_PT.0,
        PAGE_PT.1
    ));
    for font in ["Helvetica", "Helvetica-Bold"] {
        objects.push(format!(
            "<< /Type /Font /Subtype /Type1 /BaseFont /{font} /Encoding /WinAnsiEncoding >>"
        ));
    }
    for (i, facts) in labels.iter().enumerate() {
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> \
             /Contents {} 0 R >>",
            6 + 2 * i
        ));
        let content = page_content(facts);
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ));
    }

    // A binary comment on line 2 tells transfer programs the file is binary.
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (number, body) in (1..).zip(&objects) {
        offsets.push(out.len());
        out.extend_from_slice(format!("{number} 0 obj\n{body}\nendobj\n").as_bytes());
    }
    let xref_at = out.len();
    // Each entry is exactly 20 bytes: 10 + 1 + 5 + 1 + 1 + " \n".
    let mut xref = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        // The space before the newline is part of the entry's 2-byte EOL.
        let _ = writeln!(xref, "{offset:010} 00000 n ");
    }
    let _ = write!(
        xref,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n",
        objects.len() + 1
    );
    out.extend_from_slice(xref.as_bytes());
    out
}

// ---- PNG ---------------------------------------------------------------------

/// A 1-bit canvas the size of the label; `true` is black.
struct Canvas {
    dots: Vec<bool>,
}

impl Canvas {
    fn new() -> Canvas {
        Canvas {
            dots: vec![false; (WIDTH_DOTS * HEIGHT_DOTS) as usize],
        }
    }

    /// Paints a rectangle, clipped to the label.
    fn fill(&mut self, x: u32, y: u32, w: u32, h: u32, black: bool) {
        let right = x.saturating_add(w).min(WIDTH_DOTS);
        let bottom = y.saturating_add(h).min(HEIGHT_DOTS);
        for row in y.min(bottom)..bottom {
            let start = (row * WIDTH_DOTS + x.min(right)) as usize;
            let end = (row * WIDTH_DOTS + right) as usize;
            self.dots[start..end].fill(black);
        }
    }

    /// Text in the 5×7 font: a cell of `h` dots is 8 font rows (7 and a
    /// gap), each glyph 5 columns plus 1 of spacing.
    fn text(&mut self, x: u32, y: u32, h: u32, text: &str, black: bool) {
        let scale = (h / 8).max(1);
        for (i, c) in (0u32..).zip(text.chars()) {
            let left = x + i * 6 * scale;
            for (row, bits) in (0u32..).zip(font::glyph(c)) {
                for col in 0..5u32 {
                    if bits & (0b10000 >> col) != 0 {
                        self.fill(left + col * scale, y + row * scale, scale, scale, black);
                    }
                }
            }
        }
    }

    /// Rows packed 8 dots a byte, most significant first, 1 = white (PNG's
    /// grayscale: 0 is black).
    fn packed_rows(&self) -> Vec<u8> {
        let stride = WIDTH_DOTS.div_ceil(8) as usize;
        let mut out = vec![0u8; stride * HEIGHT_DOTS as usize];
        for (row, dots) in self.dots.chunks(WIDTH_DOTS as usize).enumerate() {
            for (col, black) in dots.iter().enumerate() {
                if !black {
                    out[row * stride + col / 8] |= 0x80 >> (col % 8);
                }
            }
        }
        out
    }
}

/// The label as a 1-bit grayscale PNG, 812 × 1218 at 203 dpi (the `pHYs`
/// chunk says so, so viewers show it 4×6 inches). Typically a few kB.
pub(super) fn png(facts: &LabelFacts) -> Result<Vec<u8>, png::EncodingError> {
    let mut canvas = Canvas::new();
    for mark in layout(facts) {
        match mark {
            Mark::Fill { x, y, w, h } => canvas.fill(x, y, w, h, true),
            Mark::Frame { x, y, w, h, t } => {
                canvas.fill(x, y, w, t, true);
                canvas.fill(x, y + h - t, w, t, true);
                canvas.fill(x, y, t, h, true);
                canvas.fill(x + w - t, y, t, h, true);
            }
            Mark::Text {
                x,
                y,
                h,
                text,
                white,
            } => canvas.text(x, y, h, &text, !white),
            Mark::Barcode {
                x,
                y,
                module,
                h,
                data,
            } => {
                for (i, bar) in (0u32..).zip(code128::modules(&data)) {
                    if bar {
                        canvas.fill(x + i * module, y, module, h, true);
                    }
                }
            }
        }
    }
    let mut file = Vec::new();
    let mut encoder = png::Encoder::new(&mut file, WIDTH_DOTS, HEIGHT_DOTS);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::One);
    encoder.set_compression(png::Compression::High);
    // 203 dots per inch is 7992 per metre.
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: DPI * 10_000 / 254,
        yppu: DPI * 10_000 / 254,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&canvas.packed_rows())?;
    writer.finish()?;
    Ok(file)
}

// ---- Code 128 ----------------------------------------------------------------

/// Code 128, the symbology of USPS, UPS and FedEx package barcodes.
pub(super) mod code128 {
    /// Bar and space widths (in modules, bar first) of symbol values 0–105;
    /// the stop pattern follows separately. From the Code 128 specification.
    const PATTERNS: [&str; 106] = [
        "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212",
        "221213", "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221",
        "223211", "221132", "221231", "213212", "223112", "312131", "311222", "321122", "321221",
        "312212", "322112", "322211", "212123", "212321", "232121", "111323", "131123", "131321",
        "112313", "132113", "132311", "211313", "231113", "231311", "112133", "112331", "132131",
        "113123", "113321", "133121", "313121", "211331", "231131", "213113", "213311", "213131",
        "311123", "311321", "331121", "312113", "312311", "332111", "314111", "221411", "431111",
        "111224", "111422", "121124", "121421", "141122", "141221", "112214", "112412", "122114",
        "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111", "111242",
        "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
        "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311",
        "113141", "114131", "311141", "411131", "211412", "211214", "211232",
    ];
    const STOP: &str = "2331112";
    const START_B: usize = 104;
    const START_C: usize = 105;
    /// Blank modules a scanner needs on each side of the symbol.
    pub(in crate::fake) const QUIET_ZONE: usize = 10;

    /// Symbol values from start character to check character. An even
    /// number of digits (USPS and FedEx codes) packs two digits a symbol in
    /// subset C; anything else is subset B, one character a symbol, with
    /// characters outside printable ASCII sent as `?`.
    pub(in crate::fake) fn values(data: &str) -> Vec<usize> {
        let digits = data.bytes().all(|b| b.is_ascii_digit());
        let mut values = if digits && !data.is_empty() && data.len().is_multiple_of(2) {
            let mut values = vec![START_C];
            values.extend(
                data.as_bytes()
                    .chunks(2)
                    .map(|pair| usize::from(pair[0] - b'0') * 10 + usize::from(pair[1] - b'0')),
            );
            values
        } else {
            let mut values = vec![START_B];
            values.extend(data.bytes().map(|b| match b {
                32..=126 => usize::from(b - 32),
                _ => usize::from(b'?' - 32),
            }));
            values
        };
        let weighted: usize = values
            .iter()
            .enumerate()
            .map(|(position, value)| position.max(1) * value)
            .sum();
        values.push(weighted % 103);
        values
    }

    /// The symbol as modules, `true` for bar, without quiet zones.
    pub(in crate::fake) fn modules(data: &str) -> Vec<bool> {
        let mut out = Vec::new();
        let patterns = values(data)
            .into_iter()
            .map(|value| PATTERNS[value])
            .chain(std::iter::once(STOP));
        for pattern in patterns {
            for (i, width) in pattern.bytes().enumerate() {
                let bar = i % 2 == 0;
                out.extend(std::iter::repeat_n(bar, usize::from(width - b'0')));
            }
        }
        out
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn every_pattern_is_eleven_modules_bar_first_and_unique() {
            let mut seen = std::collections::HashSet::new();
            for pattern in PATTERNS {
                assert_eq!(pattern.len(), 6, "{pattern}");
                let modules: u32 = pattern.bytes().map(|b| u32::from(b - b'0')).sum();
                assert_eq!(modules, 11, "{pattern}");
                assert!(seen.insert(pattern), "{pattern} twice");
            }
            let stop: u32 = STOP.bytes().map(|b| u32::from(b - b'0')).sum();
            assert_eq!(stop, 13);
        }

        #[test]
        fn digits_pack_in_pairs_and_the_check_is_the_weighted_sum() {
            // Start C (105), 12, 34, check (105 + 1·12 + 2·34) mod 103 = 82.
            assert_eq!(values("1234"), [105, 12, 34, 82]);
            // Odd digit counts and letters are subset B: 'E' = 37, 'Z' = 58.
            assert_eq!(
                values("EZ1"),
                [104, 37, 58, 17, (104 + 37 + 116 + 51) % 103]
            );
        }

        #[test]
        fn a_symbol_is_start_data_check_and_stop_modules_long() {
            // 22 digits: start + 11 pairs + check = 13 symbols of 11, stop of 13.
            assert_eq!(modules("9434600208303109842228").len(), 13 * 11 + 13);
        }
    }
}

// ---- font --------------------------------------------------------------------

/// A 5×7 bitmap font of capitals, digits and the punctuation found in
/// addresses. Each glyph is 7 rows, the 5 low bits of each row left to right.
mod font {
    pub(super) fn glyph(c: char) -> [u8; 7] {
        match c {
            'A' => [0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11],
            'B' => [0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E],
            'C' => [0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E],
            'D' => [0x1E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1E],
            'E' => [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F],
            'F' => [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10],
            'G' => [0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F],
            'H' => [0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11],
            'I' => [0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E],
            'J' => [0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C],
            'K' => [0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11],
            'L' => [0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F],
            'M' => [0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11],
            'N' => [0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11],
            'O' => [0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E],
            'P' => [0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10],
            'Q' => [0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D],
            'R' => [0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11],
            'S' => [0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E],
            'T' => [0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04],
            'U' => [0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E],
            'V' => [0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04],
            'W' => [0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A],
            'X' => [0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11],
            'Y' => [0x11, 0x11, 0x0A, 0x04, 0x04, 0x04, 0x04],
            'Z' => [0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F],
            '0' => [0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E],
            '1' => [0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E],
            '2' => [0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F],
            '3' => [0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E],
            '4' => [0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02],
            '5' => [0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E],
            '6' => [0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E],
            '7' => [0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
            '8' => [0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E],
            '9' => [0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C],
            ' ' => [0x00; 7],
            '-' => [0x00, 0x00, 0x00, 0x1F, 0x00, 0x00, 0x00],
            '.' => [0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x0C],
            ',' => [0x00, 0x00, 0x00, 0x00, 0x0C, 0x04, 0x08],
            '#' => [0x0A, 0x0A, 0x1F, 0x0A, 0x1F, 0x0A, 0x0A],
            ':' => [0x00, 0x0C, 0x0C, 0x00, 0x0C, 0x0C, 0x00],
            '/' => [0x01, 0x01, 0x02, 0x04, 0x08, 0x10, 0x10],
            '_' => [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1F],
            '\'' => [0x04, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00],
            '&' => [0x0C, 0x12, 0x14, 0x08, 0x15, 0x12, 0x0D],
            '(' => [0x02, 0x04, 0x08, 0x08, 0x08, 0x04, 0x02],
            ')' => [0x08, 0x04, 0x02, 0x02, 0x02, 0x04, 0x08],
            '@' => [0x0E, 0x11, 0x17, 0x15, 0x17, 0x10, 0x0E],
            '!' => [0x04, 0x04, 0x04, 0x04, 0x04, 0x00, 0x04],
            // '?' and anything the font lacks.
            _ => [0x0E, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04],
        }
    }

    #[cfg(test)]
    mod tests {
        use super::glyph;

        #[test]
        fn every_character_has_its_own_glyph_within_five_columns() {
            let chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -.,#:/_'&()@!?";
            let mut seen = std::collections::HashMap::new();
            for c in chars.chars() {
                let g = glyph(c);
                assert!(g.iter().all(|row| *row < 0x20), "{c}");
                if let Some(other) = seen.insert(g, c) {
                    panic!("{c} and {other} look the same");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(code: &str) -> LabelFacts {
        LabelFacts {
            shipment_id: "shp_1".to_owned(),
            carrier: "USPS".to_owned(),
            service: "GroundAdvantage".to_owned(),
            tracking_code: code.to_owned(),
            from: vec!["EASYPOST".to_owned(), "SAN FRANCISCO CA 94104".to_owned()],
            to: vec![
                "Dr. Steve Brule".to_owned(),
                "Redondo Beach CA 90277".to_owned(),
            ],
        }
    }

    #[test]
    fn points_are_dots_scaled_to_72_per_inch() {
        assert_eq!(pt(203), "72.00");
        assert_eq!(pt(WIDTH_DOTS), "288.00");
        assert_eq!(pt(HEIGHT_DOTS), "432.00");
        assert_eq!(pt(1), "0.35");
    }

    #[test]
    fn pdf_text_is_escaped_and_zpl_text_has_no_command_characters() {
        assert_eq!(pdf_string(r"A (B) \C"), r"(A \(B\) \\C)");
        assert_eq!(printable("a^b~c\u{e9}"), "A B C?");
    }

    #[test]
    fn the_barcode_fits_the_label_with_its_quiet_zones() {
        for code in [
            "9434600208303109842228",
            "1Z999AA10123456784",
            "EZ1000000001",
        ] {
            let Some(Mark::Barcode {
                x, module, data, ..
            }) = layout(&facts(code))
                .into_iter()
                .find(|m| matches!(m, Mark::Barcode { .. }))
            else {
                panic!("no barcode for {code}");
            };
            let width = u32::try_from(code128::modules(&data).len()).unwrap() * module;
            let quiet = u32::try_from(code128::QUIET_ZONE).unwrap() * module;
            assert!(
                x >= 10 + quiet && x + width + quiet <= WIDTH_DOTS - 10,
                "{code}"
            );
        }
    }
}
