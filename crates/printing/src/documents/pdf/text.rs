//! Text for the standard Helvetica fonts: WinAnsi encoding, widths, wrapping.
//!
//! The 14 standard fonts need no embedding (every PDF reader has them), which
//! keeps a packing slip a few kilobytes. Their price is a single-byte
//! encoding: WinAnsi covers Western European text, and anything else prints
//! as `?` rather than as a wrong glyph.

/// The two faces documents use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Font {
    Regular,
    Bold,
}

impl Font {
    /// Name in the page resources.
    pub(crate) fn resource(self) -> &'static [u8] {
        match self {
            Font::Regular => b"F1",
            Font::Bold => b"F2",
        }
    }

    pub(crate) fn base_font(self) -> &'static [u8] {
        match self {
            Font::Regular => b"Helvetica",
            Font::Bold => b"Helvetica-Bold",
        }
    }
}

/// WinAnsi byte for one character, if it has one.
fn win_ansi(ch: char) -> Option<u8> {
    let code = u32::from(ch);
    if (0x20..=0x7e).contains(&code) || (0xa0..=0xff).contains(&code) {
        return u8::try_from(code).ok();
    }
    // WinAnsi's 0x80..=0x9F block (PDF 32000-1, annex D.2).
    let byte = match ch {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8a,
        '‹' => 0x8b,
        'Œ' => 0x8c,
        'Ž' => 0x8e,
        '\u{2018}' => 0x91,
        '\u{2019}' => 0x92,
        '\u{201c}' => 0x93,
        '\u{201d}' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9a,
        '›' => 0x9b,
        'œ' => 0x9c,
        'ž' => 0x9e,
        'Ÿ' => 0x9f,
        _ => return None,
    };
    Some(byte)
}

/// Text to WinAnsi bytes: tabs and line breaks become spaces, other control
/// characters and characters outside WinAnsi become `?`.
pub(crate) fn encode(text: &str) -> Vec<u8> {
    text.chars()
        .map(|ch| match ch {
            '\t' | '\n' | '\r' => b' ',
            ch => win_ansi(ch).unwrap_or(b'?'),
        })
        .collect()
}

/// Advance widths of `' '..='~'` in 1/1000 em, from Adobe's Helvetica AFM.
const REGULAR: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // ' '../
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0..?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @..O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P.._
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // `..o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p..~
];

/// The same for Helvetica-Bold.
const BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, // ' '../
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, // 0..?
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, // @..O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, // P.._
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, // `..o
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, // p..~
];

/// The unaccented letter an accented WinAnsi letter is as wide as.
fn base_letter(byte: u8) -> Option<u8> {
    Some(match byte {
        0xc0..=0xc5 => b'A',
        0xc7 => b'C',
        0xc8..=0xcb => b'E',
        0xcc..=0xcf => b'I',
        0xd1 => b'N',
        0xd2..=0xd6 | 0xd8 => b'O',
        0xd9..=0xdc => b'U',
        0xdd | 0x9f => b'Y',
        0xe0..=0xe5 => b'a',
        0xe7 => b'c',
        0xe8..=0xeb => b'e',
        0xec..=0xef => b't', // accented i is dotless-i wide: 278, like t
        0xf1 => b'n',
        0xf2..=0xf6 | 0xf8 => b'o',
        0xf9..=0xfc => b'u',
        0xfd | 0xff => b'y',
        0x8a => b'S',
        0x9a => b's',
        0x8e => b'Z',
        0x9e => b'z',
        0xa0 => b' ',
        _ => return None,
    })
}

/// Width of one WinAnsi byte in 1/1000 em. Symbols without a table entry
/// count as wide (an em), so estimates err towards wrapping early rather
/// than running into the next column.
fn glyph_width(font: Font, byte: u8) -> u16 {
    let table = match font {
        Font::Regular => &REGULAR,
        Font::Bold => &BOLD,
    };
    let byte = base_letter(byte).unwrap_or(byte);
    match byte {
        0x20..=0x7e => table[usize::from(byte - 0x20)],
        _ => 1000,
    }
}

/// Width of WinAnsi bytes set in `font` at `size` points, in points.
pub(crate) fn width(font: Font, size: f32, text: &[u8]) -> f32 {
    let units: u32 = text.iter().map(|&b| u32::from(glyph_width(font, b))).sum();
    units as f32 * size / 1000.0
}

/// `text` cut to `max_width`, ending in an ellipsis when it was cut.
pub(crate) fn truncate(font: Font, size: f32, text: &[u8], max_width: f32) -> Vec<u8> {
    if width(font, size, text) <= max_width {
        return text.to_vec();
    }
    ellipsize(font, size, text, max_width)
}

/// `text` shortened as needed to end in an ellipsis within `max_width`: marks
/// a line after which more was left out.
pub(crate) fn ellipsize(font: Font, size: f32, text: &[u8], max_width: f32) -> Vec<u8> {
    const ELLIPSIS: u8 = 0x85;
    let room = max_width - width(font, size, &[ELLIPSIS]);
    let mut out = Vec::new();
    let mut used = 0.0;
    for &byte in text {
        let w = width(font, size, &[byte]);
        if used + w > room {
            break;
        }
        used += w;
        out.push(byte);
    }
    out.push(ELLIPSIS);
    out
}

/// Wraps text to lines no wider than `max_width`: line breaks in the text
/// start new lines, words move whole to the next line, and a word wider than
/// a line is split. Empty or blank text gives no lines.
pub(crate) fn wrap(font: Font, size: f32, text: &str, max_width: f32) -> Vec<Vec<u8>> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line: Vec<u8> = Vec::new();
        for word in encode(paragraph)
            .split(|&b| b == b' ')
            .filter(|w| !w.is_empty())
        {
            let candidate_width = if line.is_empty() {
                width(font, size, word)
            } else {
                width(font, size, &line) + width(font, size, b" ") + width(font, size, word)
            };
            if candidate_width <= max_width {
                if !line.is_empty() {
                    line.push(b' ');
                }
                line.extend_from_slice(word);
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word starts a fresh line; split it if even that is too narrow.
            for &byte in word {
                if !line.is_empty()
                    && width(font, size, &line) + width(font, size, &[byte]) > max_width
                {
                    lines.push(std::mem::take(&mut line));
                }
                line.push(byte);
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn western_european_text_keeps_its_letters_and_the_rest_becomes_question_marks() {
        assert_eq!(
            encode("Zoë – “Café”"),
            b"Zo\xeb \x96 \x93Caf\xe9\x94".to_vec()
        );
        assert_eq!(encode("東京 ok"), b"?? ok".to_vec());
        assert_eq!(encode("a\tb\u{7}"), b"a b?".to_vec());
    }

    #[test]
    fn widths_follow_the_helvetica_metrics() {
        // "Hi" = H 722 + i 222 at 10 pt.
        assert!((width(Font::Regular, 10.0, b"Hi") - 9.44).abs() < 1e-4);
        // Bold i is wider (278).
        assert!((width(Font::Bold, 10.0, b"Hi") - 10.0).abs() < 1e-4);
        // An accented letter is as wide as its base letter.
        assert_eq!(
            width(Font::Regular, 10.0, b"\xe9"),
            width(Font::Regular, 10.0, b"e")
        );
    }

    #[test]
    fn wrapping_breaks_between_words_and_never_exceeds_the_width() {
        let text = "the quick brown fox jumps over the lazy dog";
        let lines = wrap(Font::Regular, 10.0, text, 60.0);
        assert!(lines.len() > 1);
        for line in &lines {
            assert!(width(Font::Regular, 10.0, line) <= 60.0, "{line:?}");
        }
        let joined = lines.join(&b' ');
        assert_eq!(joined, text.as_bytes());
    }

    #[test]
    fn a_word_wider_than_the_line_is_split_and_line_breaks_are_kept() {
        let lines = wrap(Font::Regular, 10.0, &"W".repeat(30), 50.0);
        assert!(lines.len() >= 5);
        assert!(lines.iter().all(|l| width(Font::Regular, 10.0, l) <= 50.0));
        assert_eq!(
            wrap(Font::Regular, 10.0, "one\ntwo", 500.0),
            vec![b"one".to_vec(), b"two".to_vec()]
        );
        assert!(wrap(Font::Regular, 10.0, "  \n ", 500.0).is_empty());
    }

    #[test]
    fn truncation_marks_the_cut_with_an_ellipsis() {
        assert_eq!(
            truncate(Font::Regular, 10.0, b"short", 100.0),
            b"short".to_vec()
        );
        let cut = truncate(Font::Regular, 10.0, b"a much longer piece of text", 50.0);
        assert_eq!(cut.last(), Some(&0x85));
        assert!(width(Font::Regular, 10.0, &cut) <= 50.0);
    }
}
