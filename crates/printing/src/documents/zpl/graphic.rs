//! Bitmaps as ZPL `^GFA` graphic fields.

use std::fmt::Write;

use crate::documents::raster::Raster;

/// How the bitmap's bytes are written in `^GFA`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ZplGraphics {
    /// Two hex digits per byte. Every ZPL printer reads it; a 4x6 label is
    /// about 250 KB.
    #[default]
    Hex,
    /// Zebra's ASCII compression of the hex: repeat counts (`G`..`Y`,
    /// `g`..`z`), `,` and `!` to fill a row with 0 or F, `:` to repeat the
    /// previous row. Shipping labels shrink about tenfold; needs a printer
    /// from the last two decades (all Link-OS and most older Zebras).
    Compressed,
}

/// A 1-bit image, 1 = a burned (black) dot, rows padded to whole bytes.
pub(crate) struct Bitmap {
    row_bytes: usize,
    data: Vec<u8>,
}

/// Pixels darker than this print as dots.
const THRESHOLD: u8 = 128;

impl Bitmap {
    /// `raster` scaled to `width` x `height` dots by nearest neighbour (each
    /// dot takes the pixel under its centre: no blur, barcodes stay sharp)
    /// and thresholded to black and white.
    pub(crate) fn sample(raster: &Raster, width: u32, height: u32) -> Bitmap {
        let row_bytes = (width as usize).div_ceil(8);
        let mut data = vec![0u8; row_bytes * height as usize];
        let source_x: Vec<u32> = (0..width)
            .map(|x| centre_sample(x, width, raster.width))
            .collect();
        for y in 0..height {
            let sy = centre_sample(y, height, raster.height);
            let row = &mut data[y as usize * row_bytes..][..row_bytes];
            for (x, &sx) in source_x.iter().enumerate() {
                if raster.luma(sx, sy) < THRESHOLD {
                    row[x / 8] |= 0x80 >> (x % 8);
                }
            }
        }
        Bitmap { row_bytes, data }
    }

    /// The complete `^GFA,total,total,row_bytes,data` command.
    pub(crate) fn to_gf(&self, encoding: ZplGraphics) -> String {
        let total = self.data.len();
        let mut out = format!("^GFA,{total},{total},{},", self.row_bytes);
        match encoding {
            ZplGraphics::Hex => {
                for byte in &self.data {
                    let _ = write!(out, "{byte:02X}");
                }
            }
            ZplGraphics::Compressed => {
                let mut previous: Option<&[u8]> = None;
                for row in self.data.chunks(self.row_bytes.max(1)) {
                    if previous == Some(row) {
                        out.push(':');
                    } else {
                        compress_row(&mut out, row);
                    }
                    previous = Some(row);
                }
            }
        }
        out
    }
}

/// Which source pixel lies under the centre of dot `dot` of `dots`.
fn centre_sample(dot: u32, dots: u32, pixels: u32) -> u32 {
    let at = (2 * u64::from(dot) + 1) * u64::from(pixels) / (2 * u64::from(dots.max(1)));
    (at as u32).min(pixels.saturating_sub(1))
}

/// One row in ZPL's ASCII compression.
fn compress_row(out: &mut String, row: &[u8]) {
    let mut hex = String::with_capacity(row.len() * 2);
    for byte in row {
        let _ = write!(hex, "{byte:02X}");
    }
    // A row ending in 0s or Fs ends with one `,` or `!` instead.
    let (body, fill) = match hex.as_bytes().last() {
        Some(b'0') => (hex.trim_end_matches('0'), Some(',')),
        Some(b'F') => (hex.trim_end_matches('F'), Some('!')),
        _ => (hex.as_str(), None),
    };
    let digits = body.as_bytes();
    let mut start = 0;
    while start < digits.len() {
        let digit = digits[start];
        let run = digits[start..].iter().take_while(|&&d| d == digit).count();
        push_run(out, char::from(digit), run);
        start += run;
    }
    if let Some(fill) = fill {
        out.push(fill);
    }
}

/// `count` copies of `digit`: a repeat prefix (`g`..`z` for 20..400 in
/// twenties, then `G`..`Y` for 1..19) before the digit; at most 419 per
/// prefix.
fn push_run(out: &mut String, digit: char, mut count: usize) {
    const MOST: usize = 419;
    while count > 0 {
        let take = count.min(MOST);
        if take == 1 {
            out.push(digit);
        } else {
            let (twenties, ones) = (take / 20, take % 20);
            if twenties > 0 {
                out.push(char::from(b'f' + twenties as u8));
            }
            if ones > 0 {
                out.push(char::from(b'F' + ones as u8));
            }
            out.push(digit);
        }
        count -= take;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compressed(row: &[u8]) -> String {
        let mut out = String::new();
        compress_row(&mut out, row);
        out
    }

    #[test]
    fn repeat_counts_use_zebras_letters() {
        let mut out = String::new();
        push_run(&mut out, 'A', 3);
        push_run(&mut out, 'B', 45);
        push_run(&mut out, 'C', 1);
        push_run(&mut out, 'D', 420);
        // 3 = I; 45 = h (40) + K (5); 420 = z (400) + Y (19), then one more D.
        assert_eq!(out, "IAhKBCzYDD");
    }

    #[test]
    fn rows_ending_blank_or_solid_are_cut_short() {
        assert_eq!(compressed(&[0, 0, 0]), ",");
        assert_eq!(compressed(&[0xff, 0xff]), "!");
        assert_eq!(compressed(&[0xf0, 0x00, 0x00]), "F,");
        assert_eq!(compressed(&[0x12, 0x34]), "1234");
    }

    #[test]
    fn a_row_equal_to_the_one_above_is_a_colon() {
        let bitmap = Bitmap {
            row_bytes: 2,
            data: vec![0xAB, 0xCD, 0xAB, 0xCD, 0x00, 0x00],
        };
        assert_eq!(bitmap.to_gf(ZplGraphics::Compressed), "^GFA,6,6,2,ABCD:,");
        assert_eq!(bitmap.to_gf(ZplGraphics::Hex), "^GFA,6,6,2,ABCDABCD0000");
    }
}
