//! Carrier PNG labels decoded to plain 8-bit samples, for both converters.

use std::io::Cursor;

use png::{ColorType, Transformations};

use crate::PrintError;

/// A 4x6 label at 300 dpi is 2.2 million pixels; this is ten times that.
/// It is checked before allocating, so a PNG header claiming a gigapixel
/// image is refused instead of exhausting memory.
const MAX_PIXELS: u64 = 24_000_000;

/// Samples per pixel after alpha has been flattened onto white paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Channels {
    Gray,
    Rgb,
}

impl Channels {
    fn count(self) -> usize {
        match self {
            Channels::Gray => 1,
            Channels::Rgb => 3,
        }
    }
}

/// An opaque 8-bit image, rows top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Raster {
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) channels: Channels,
    pub(crate) samples: Vec<u8>,
}

impl Raster {
    /// Decodes any PNG (gray, RGB, palette, with or without alpha, 1 to 16
    /// bits) to 8-bit gray or RGB on a white background. Gray is kept when
    /// every pixel is gray, which is what carrier labels are.
    pub(crate) fn from_png(png: &[u8]) -> Result<Raster, PrintError> {
        let bad = |error: png::DecodingError| {
            PrintError::Document(format!("not a readable PNG: {error}"))
        };
        let mut decoder = png::Decoder::new(Cursor::new(png));
        decoder.set_transformations(Transformations::normalize_to_color8());
        let mut reader = decoder.read_info().map_err(bad)?;
        let (width, height) = reader.info().size();
        if width == 0 || height == 0 || u64::from(width) * u64::from(height) > MAX_PIXELS {
            return Err(PrintError::Document(format!(
                "a {width}x{height} pixel PNG is not a label"
            )));
        }
        let size = reader
            .output_buffer_size()
            .ok_or_else(|| PrintError::Document("PNG too large to decode".into()))?;
        let mut buffer = vec![0; size];
        let frame = reader.next_frame(&mut buffer).map_err(bad)?;
        let stride = frame.line_size;
        let (color, _) = reader.output_color_type();
        let (input_channels, has_alpha) = match color {
            ColorType::Grayscale => (1, false),
            ColorType::GrayscaleAlpha => (2, true),
            ColorType::Rgb => (3, false),
            ColorType::Rgba => (4, true),
            ColorType::Indexed => {
                return Err(PrintError::Document("PNG palette was not expanded".into()))
            }
        };
        let mut rgb = Vec::with_capacity(width as usize * height as usize * 3);
        for row in buffer.chunks(stride).take(height as usize) {
            for pixel in row.chunks_exact(input_channels).take(width as usize) {
                let (r, g, b) = match input_channels {
                    1 | 2 => (pixel[0], pixel[0], pixel[0]),
                    _ => (pixel[0], pixel[1], pixel[2]),
                };
                let alpha = if has_alpha {
                    pixel[input_channels - 1]
                } else {
                    255
                };
                rgb.extend([r, g, b].map(|c| over_white(c, alpha)));
            }
        }
        let all_gray = rgb.chunks_exact(3).all(|p| p[0] == p[1] && p[1] == p[2]);
        let (channels, samples) = if all_gray {
            (Channels::Gray, rgb.chunks_exact(3).map(|p| p[0]).collect())
        } else {
            (Channels::Rgb, rgb)
        };
        Ok(Raster {
            width,
            height,
            channels,
            samples,
        })
    }

    /// Perceived brightness of one pixel, 0 black to 255 white (ITU-R 601).
    pub(crate) fn luma(&self, x: u32, y: u32) -> u8 {
        let index = (y as usize * self.width as usize + x as usize) * self.channels.count();
        match self.channels {
            Channels::Gray => self.samples[index],
            Channels::Rgb => {
                let [r, g, b] = [0, 1, 2].map(|i| u32::from(self.samples[index + i]));
                // Weights sum to 1000, so the result is at most 255.
                ((r * 299 + g * 587 + b * 114) / 1000) as u8
            }
        }
    }

    /// Turns the image a quarter clockwise when it is landscape on portrait
    /// stock or the other way round, as a 6x4 carrier label printed on a 4x6
    /// roll must be; otherwise returns it as it is.
    pub(crate) fn oriented_for(self, label_width: u32, label_height: u32) -> Raster {
        let image_landscape = self.width > self.height;
        let label_landscape = label_width > label_height;
        if image_landscape == label_landscape
            || self.width == self.height
            || label_width == label_height
        {
            return self;
        }
        let channels = self.channels.count();
        let (width, height) = (self.height, self.width);
        let mut samples = Vec::with_capacity(self.samples.len());
        for y in 0..height {
            for x in 0..width {
                // Clockwise: the new row y is the old column y, read bottom-up.
                let (old_x, old_y) = (y, self.height - 1 - x);
                let at = (old_y as usize * self.width as usize + old_x as usize) * channels;
                samples.extend_from_slice(&self.samples[at..at + channels]);
            }
        }
        Raster {
            width,
            height,
            channels: self.channels,
            samples,
        }
    }
}

/// Composites one sample over white paper: transparent areas print blank.
fn over_white(sample: u8, alpha: u8) -> u8 {
    let (c, a) = (u32::from(sample), u32::from(alpha));
    ((c * a + 255 * (255 - a) + 127) / 255) as u8
}

/// The largest size with the image's aspect ratio that fits the box, in
/// whole units and at least 1x1.
pub(crate) fn fit(width: u32, height: u32, box_width: u32, box_height: u32) -> (u32, u32) {
    let (w, h) = (u64::from(width.max(1)), u64::from(height.max(1)));
    let (bw, bh) = (u64::from(box_width.max(1)), u64::from(box_height.max(1)));
    // Compare w/h with bw/bh without division: the taller side decides.
    let (fw, fh) = if w * bh >= h * bw {
        (bw, h * bw / w)
    } else {
        (w * bh / h, bh)
    };
    (
        u32::try_from(fw.max(1)).unwrap_or(u32::MAX),
        u32::try_from(fh.max(1)).unwrap_or(u32::MAX),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_keeps_the_aspect_ratio() {
        assert_eq!(fit(40, 60, 812, 1218), (812, 1218));
        assert_eq!(fit(100, 100, 812, 1218), (812, 812));
        assert_eq!(fit(200, 100, 812, 1218), (812, 406));
        assert_eq!(fit(100, 400, 812, 1218), (304, 1218));
    }

    #[test]
    fn transparency_prints_as_paper() {
        assert_eq!(over_white(0, 0), 255);
        assert_eq!(over_white(0, 255), 0);
        assert_eq!(over_white(200, 255), 200);
    }

    #[test]
    fn a_landscape_image_is_turned_clockwise_for_portrait_stock() {
        // 3x2: top row black, bottom row white.
        let image = Raster {
            width: 3,
            height: 2,
            channels: Channels::Gray,
            samples: vec![0, 0, 0, 255, 255, 255],
        };
        let turned = image.oriented_for(4, 6);
        assert_eq!((turned.width, turned.height), (2, 3));
        // Turned clockwise, the old top row becomes the right column.
        assert_eq!(turned.samples, vec![255, 0, 255, 0, 255, 0]);
        let portrait = turned.clone().oriented_for(4, 6);
        assert_eq!(portrait, turned);
    }
}
