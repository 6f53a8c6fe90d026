//! Writing ZPL II commands, with every piece of caller text made inert.
//!
//! Field data is the one place outside text reaches the printer. ZPL reads
//! `^` and `~` anywhere as the start of a command, so an order note holding
//! `^XZ~JR` could end the label and reset the printer. Every field is sent
//! with `^FH` (field hex) and any byte that is not plain printable ASCII, or
//! is `^`, `~` or `_` (the hex marker itself), goes as `_XX`. The printer
//! decodes those back to text; the command parser never sees them.

use std::fmt::Write;

use crate::PrinterSpec;

/// `text` as `^FD` data for use after `^FH`: printable ASCII passes through,
/// `^ ~ _` and non-ASCII UTF-8 bytes become `_XX`, tabs and line breaks
/// become spaces, other control characters are dropped.
pub(crate) fn field_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'^' | b'~' | b'_' | 0x80..=0xff => {
                // Writing to a String cannot fail.
                let _ = write!(out, "_{byte:02X}");
            }
            b'\t' | b'\n' | b'\r' => out.push(' '),
            0x20..=0x7e => out.push(char::from(byte)),
            _ => {}
        }
    }
    out
}

/// Accumulates one or more labels (`^XA`..`^XZ`) for one printer.
pub(crate) struct Zpl {
    out: String,
    spec: PrinterSpec,
}

impl Zpl {
    pub(crate) fn new(spec: &PrinterSpec) -> Self {
        Zpl {
            out: String::new(),
            spec: *spec,
        }
    }

    /// Starts a label: UTF-8 field data (`^CI28`), print width and label
    /// length from the spec, home at the corner.
    pub(crate) fn begin_label(&mut self) {
        let _ = writeln!(
            self.out,
            "^XA\n^CI28\n^PW{}\n^LL{}\n^LH0,0",
            self.spec.width_dots(),
            self.spec.height_dots()
        );
    }

    pub(crate) fn end_label(&mut self) {
        self.out.push_str("^XZ\n");
    }

    /// Text in the scalable font 0, `height` dots tall, top-left at (x, y).
    pub(crate) fn text(&mut self, x: u32, y: u32, height: u32, text: &str) {
        let height = height.max(10);
        let _ = writeln!(
            self.out,
            "^FO{x},{y}^A0N,{height},{height}^FH^FD{}^FS",
            field_data(text)
        );
    }

    /// A box outline; a box `thickness` wide or tall is a line.
    pub(crate) fn frame(&mut self, x: u32, y: u32, width: u32, height: u32, thickness: u32) {
        let thickness = thickness.max(1);
        let _ = writeln!(
            self.out,
            "^FO{x},{y}^GB{},{},{thickness}^FS",
            width.max(thickness),
            height.max(thickness)
        );
    }

    /// Code 128 with its human-readable line below, `module` dots per bar.
    pub(crate) fn barcode128(&mut self, x: u32, y: u32, height: u32, module: u32, data: &str) {
        let _ = writeln!(
            self.out,
            "^BY{}^FO{x},{y}^BCN,{height},Y,N,N^FH^FD{}^FS",
            module.clamp(1, 10),
            field_data(data)
        );
    }

    /// A ready `^GF` command (see `graphic`) placed at (x, y).
    pub(crate) fn graphic(&mut self, x: u32, y: u32, gf: &str) {
        let _ = writeln!(self.out, "^FO{x},{y}{gf}^FS");
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_characters_in_text_are_sent_as_hex() {
        assert_eq!(field_data("^XZ~JR"), "_5EXZ_7EJR");
        assert_eq!(field_data("snake_case"), "snake_5Fcase");
    }

    #[test]
    fn non_ascii_goes_as_utf8_hex_and_control_characters_vanish() {
        assert_eq!(field_data("Zoë"), "Zo_C3_AB");
        assert_eq!(field_data("a\nb\u{7}c"), "a bc");
    }
}
