//! Laying text out on labels in dots, spilling onto more labels as needed.
//!
//! Sizes are given in points and converted with the printer's DPI, so a
//! layout looks the same on a 203 and a 300 dpi printer. The printer's font
//! metrics are unknown here; widths are estimated from the character count
//! with a generous average so lines stop short of the edge rather than past
//! it.

use super::writer::Zpl;
use crate::documents::paginate::paginate;
use crate::PrinterSpec;

/// Average width of a character in font 0, as a share of its height. Real
/// glyphs average about half; 0.6 leaves room for capitals.
const CHAR_WIDTH: f32 = 0.6;
/// Baseline-to-baseline distance as a share of the font height.
const LINE: f32 = 1.25;

/// Converts the units layouts think in into dots for one printer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scale {
    dpi: u32,
    pub(crate) width: u32,
    pub(crate) height: u32,
}

impl Scale {
    pub(crate) fn new(spec: &PrinterSpec) -> Self {
        Scale {
            dpi: spec.dpi.dots_per_inch(),
            width: spec.width_dots(),
            height: spec.height_dots(),
        }
    }

    /// Points (1/72 inch) to dots.
    pub(crate) fn pt(&self, points: f32) -> u32 {
        (points * self.dpi as f32 / 72.0).round() as u32
    }

    /// Space kept clear at each label edge: 0.15 inch, less on tiny labels.
    pub(crate) fn margin(&self) -> u32 {
        (self.dpi * 15 / 100)
            .min(self.width / 8)
            .min(self.height / 8)
    }

    pub(crate) fn content_width(&self) -> u32 {
        self.width.saturating_sub(2 * self.margin()).max(1)
    }

    /// Width of the narrowest Code 128 bar: 2 dots at 203 dpi, 3 at 300,
    /// the same 0.01 inch that scanners read reliably.
    pub(crate) fn barcode_module(&self) -> u32 {
        (self.dpi / 100).max(2)
    }

    /// Dots a Code 128 (subset B) barcode of `chars` characters takes: 11
    /// modules per character plus start, check digit and 13-module stop.
    pub(crate) fn code128_width(&self, chars: usize) -> u32 {
        let modules = 11 * (chars as u32 + 2) + 13;
        modules * self.barcode_module()
    }

    /// How many characters of a `size`-point font fit in `width` dots.
    pub(crate) fn chars_in(&self, width: u32, size: f32) -> usize {
        let char_dots = (self.pt(size) as f32 * CHAR_WIDTH).max(1.0);
        ((width as f32 / char_dots) as usize).max(1)
    }
}

/// One thing on a label, drawn at the left margin plus `indent` dots.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    Text {
        size: f32,
        indent: u32,
        text: String,
    },
    /// A full-width horizontal line.
    Rule,
    /// Code 128 of `data`, `height` points tall plus its text line.
    Barcode {
        data: String,
        height: f32,
    },
    Gap(f32),
}

impl Item {
    pub(crate) fn text(size: f32, indent: u32, text: impl Into<String>) -> Item {
        Item::Text {
            size,
            indent,
            text: text.into(),
        }
    }

    /// Dots of label length this item takes.
    fn height(&self, scale: &Scale) -> u32 {
        match self {
            Item::Text { size, .. } => (scale.pt(*size) as f32 * LINE).round() as u32,
            Item::Rule => scale.pt(6.0),
            Item::Barcode { height, .. } => scale.pt(*height + 14.0),
            Item::Gap(points) => scale.pt(*points),
        }
    }

    fn draw(&self, zpl: &mut Zpl, scale: &Scale, y: u32) {
        let left = scale.margin();
        match self {
            Item::Text { size, indent, text } => {
                zpl.text(left + indent, y, scale.pt(*size), text);
            }
            Item::Rule => {
                let thickness = scale.pt(1.0).max(2);
                zpl.frame(
                    left,
                    y + scale.pt(2.0),
                    scale.content_width(),
                    thickness,
                    thickness,
                );
            }
            Item::Barcode { data, height } => {
                zpl.barcode128(left, y, scale.pt(*height), scale.barcode_module(), data);
            }
            Item::Gap(_) => {}
        }
    }
}

/// Text wrapped to `width` dots at `size` points as separate lines, each
/// indented by `indent`; a word longer than a line is split. Blank text
/// gives no lines.
pub(crate) fn wrapped(scale: &Scale, size: f32, indent: u32, width: u32, text: &str) -> Vec<Item> {
    let room = scale.chars_in(width.saturating_sub(indent), size);
    wrap(text, room)
        .into_iter()
        .map(|line| Item::text(size, indent, line))
        .collect()
}

/// One line of text cut to `width` dots, ending in "..." if it was cut.
pub(crate) fn one_line(scale: &Scale, size: f32, indent: u32, width: u32, text: &str) -> Item {
    Item::text(
        size,
        indent,
        cut(scale, size, width.saturating_sub(indent), text),
    )
}

/// `text` on one line cut to `width` dots, ending in "..." if it was cut.
pub(crate) fn cut(scale: &Scale, size: f32, width: u32, text: &str) -> String {
    truncate(text, scale.chars_in(width, size))
}

fn truncate(text: &str, room: usize) -> String {
    let clean = clean(text);
    if clean.chars().count() <= room {
        return clean;
    }
    let kept: String = clean.chars().take(room.saturating_sub(3)).collect();
    format!("{}...", kept.trim_end())
}

/// Whitespace runs (including line breaks) folded to single spaces.
fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn wrap(text: &str, room: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        let mut line_chars = 0;
        for word in paragraph.split_whitespace() {
            let word_chars = word.chars().count();
            if line_chars > 0 && line_chars + 1 + word_chars <= room {
                line.push(' ');
                line.push_str(word);
                line_chars += 1 + word_chars;
                continue;
            }
            if line_chars > 0 {
                lines.push(std::mem::take(&mut line));
                line_chars = 0;
            }
            for ch in word.chars() {
                if line_chars == room {
                    lines.push(std::mem::take(&mut line));
                    line_chars = 0;
                }
                line.push(ch);
                line_chars += 1;
            }
        }
        if line_chars > 0 {
            lines.push(line);
        }
    }
    lines
}

/// A multi-label document: a header on the first label, a shorter one on
/// the rest, blocks that are never split, "page i of n" at each bottom.
pub(crate) struct Pages {
    pub(crate) first_header: Vec<Item>,
    pub(crate) next_header: Vec<Item>,
    pub(crate) blocks: Vec<Vec<Item>>,
    pub(crate) footer: String,
}

impl Pages {
    pub(crate) fn render(&self, spec: &PrinterSpec) -> String {
        let scale = Scale::new(spec);
        let stack = |items: &[Item]| items.iter().map(|item| item.height(&scale)).sum::<u32>();
        let footer_height = Item::text(7.0, 0, "").height(&scale);
        let body = scale
            .height
            .saturating_sub(2 * scale.margin() + footer_height);
        let first_room = body.saturating_sub(stack(&self.first_header));
        let next_room = body.saturating_sub(stack(&self.next_header));
        let heights: Vec<f32> = self.blocks.iter().map(|b| stack(b) as f32).collect();
        let pages = paginate(&heights, first_room as f32, next_room as f32);

        let mut zpl = Zpl::new(spec);
        let count = pages.len();
        for (index, range) in pages.into_iter().enumerate() {
            zpl.begin_label();
            let header = if index == 0 {
                &self.first_header
            } else {
                &self.next_header
            };
            let mut y = scale.margin();
            for item in header.iter().chain(self.blocks[range].iter().flatten()) {
                item.draw(&mut zpl, &scale, y);
                y += item.height(&scale);
            }
            let footer = format!("{} - page {} of {count}", self.footer, index + 1);
            let footer = one_line(&scale, 7.0, 0, scale.content_width(), &footer);
            let footer_y = scale.height.saturating_sub(scale.margin() + footer_height);
            footer.draw(&mut zpl, &scale, footer_y);
            zpl.end_label();
        }
        zpl.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_counts_characters_and_splits_long_words() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
        assert_eq!(wrap("one\n\ntwo", 10), vec!["one", "two"]);
        assert!(wrap(" \n ", 10).is_empty());
    }

    #[test]
    fn cut_text_ends_in_dots() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("a longer line", 8), "a lon...");
    }

    #[test]
    fn sizes_in_points_become_the_same_physical_size_at_any_dpi() {
        let at = |dpi| {
            Scale::new(&PrinterSpec {
                dpi,
                ..PrinterSpec::default()
            })
        };
        // 72 points is an inch.
        assert_eq!(at(crate::Dpi::D203).pt(72.0), 203);
        assert_eq!(at(crate::Dpi::D300).pt(72.0), 300);
    }
}
