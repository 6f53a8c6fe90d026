//! Where a printer is, and what it accepts.
//!
//! These are stored by the desk as JSON, so their serde shapes are part of the
//! contract: `snake_case`, connections tagged by `kind`, DPI as a plain number.

use serde::{Deserialize, Serialize};

/// How to reach a printer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Connection {
    /// A raw socket, usually port 9100: thermal ZPL printers and most office
    /// printers take bytes on it and print them as they are.
    RawTcp { host: String, port: u16 },
    /// An IPP printer URI such as `ipp://host:631/printers/name` (CUPS) or
    /// `ipp://printer.local/ipp/print` (IPP Everywhere). `http://` is accepted
    /// as a synonym; `ipps://` is not supported (no TLS client is built in).
    Ipp { uri: String },
    /// A printer installed in the Windows spooler, by its display name. The
    /// bytes go through as the `RAW` datatype, untouched by the driver.
    WindowsSpooler { printer_name: String },
}

/// What a printer understands, which decides which document builder to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrinterLanguage {
    /// ZPL II (Zebra and compatible thermal printers).
    #[default]
    Zpl,
    /// PDF (paper printers through CUPS/IPP, PDF-direct office printers).
    Pdf,
}

/// Print-head resolution of a thermal printer. Every ZPL coordinate is
/// computed from it, so a wrong DPI shows as a label drawn 1.5 times too big
/// or too small: the test page makes that visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub enum Dpi {
    /// 203 dpi (8 dots/mm): most desktop thermal printers.
    #[default]
    D203,
    /// 300 dpi (12 dots/mm).
    D300,
}

impl Dpi {
    pub fn dots_per_inch(self) -> u32 {
        match self {
            Dpi::D203 => 203,
            Dpi::D300 => 300,
        }
    }
}

impl From<Dpi> for u32 {
    fn from(dpi: Dpi) -> u32 {
        dpi.dots_per_inch()
    }
}

impl TryFrom<u32> for Dpi {
    type Error = String;

    fn try_from(value: u32) -> Result<Self, Self::Error> {
        match value {
            203 => Ok(Dpi::D203),
            300 => Ok(Dpi::D300),
            other => Err(format!("{other} dpi is not supported (use 203 or 300)")),
        }
    }
}

/// Label stock size in tenths of an inch: the unit label stock is sold in
/// (4x6 is 40 x 60) and exact in both dots and PDF points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LabelSize {
    pub width_tenths_in: u32,
    pub height_tenths_in: u32,
}

impl Default for LabelSize {
    /// 4 x 6 inches: the shipping label every carrier prints.
    fn default() -> Self {
        LabelSize {
            width_tenths_in: 40,
            height_tenths_in: 60,
        }
    }
}

impl LabelSize {
    /// Width in PDF points (1/72 inch).
    pub fn width_points(self) -> f32 {
        tenths_to_points(self.width_tenths_in)
    }

    /// Height in PDF points (1/72 inch).
    pub fn height_points(self) -> f32 {
        tenths_to_points(self.height_tenths_in)
    }
}

/// PDF pages are at most 14 400 units (200 inches) a side.
const MAX_PDF_TENTHS: u32 = 2000;

fn tenths_to_points(tenths: u32) -> f32 {
    // At least a tenth of an inch, so a zero in stored settings still gives a
    // page viewers can open rather than a zero-area one.
    tenths.clamp(1, MAX_PDF_TENTHS) as f32 * 7.2
}

/// The largest `^PW` / `^LL` value ZPL II accepts.
const MAX_ZPL_DOTS: u32 = 32_000;

/// Everything a document builder needs to know about the printer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct PrinterSpec {
    pub language: PrinterLanguage,
    pub dpi: Dpi,
    pub label: LabelSize,
}

impl PrinterSpec {
    /// Tenths of an inch to printer dots: `tenths * dpi / 10`.
    pub fn dots(&self, tenths_in: u32) -> u32 {
        let dots = u64::from(tenths_in) * u64::from(self.dpi.dots_per_inch()) / 10;
        u32::try_from(dots).unwrap_or(u32::MAX)
    }

    /// Label width in dots (`^PW`): 812 for 4 inches at 203 dpi. Kept
    /// within 1..=32000, the range ZPL accepts, so a bad stored size cannot
    /// make a builder allocate or loop without bound.
    pub fn width_dots(&self) -> u32 {
        self.dots(self.label.width_tenths_in).clamp(1, MAX_ZPL_DOTS)
    }

    /// Label length in dots (`^LL`): 1218 for 6 inches at 203 dpi. Kept
    /// within 1..=32000 like [`PrinterSpec::width_dots`].
    pub fn height_dots(&self) -> u32 {
        self.dots(self.label.height_tenths_in)
            .clamp(1, MAX_ZPL_DOTS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(dpi: Dpi) -> PrinterSpec {
        PrinterSpec {
            language: PrinterLanguage::Zpl,
            dpi,
            label: LabelSize::default(),
        }
    }

    #[test]
    fn a_4x6_label_is_812_by_1218_dots_at_203_and_1200_by_1800_at_300() {
        assert_eq!(
            (spec(Dpi::D203).width_dots(), spec(Dpi::D203).height_dots()),
            (812, 1218)
        );
        assert_eq!(
            (spec(Dpi::D300).width_dots(), spec(Dpi::D300).height_dots()),
            (1200, 1800)
        );
    }

    #[test]
    fn a_4x6_label_is_288_by_432_points() {
        let label = LabelSize::default();
        assert_eq!(
            (label.width_points(), label.height_points()),
            (288.0, 432.0)
        );
    }

    #[test]
    fn absurd_label_sizes_are_held_to_what_zpl_and_pdf_accept() {
        let huge = PrinterSpec {
            label: LabelSize {
                width_tenths_in: u32::MAX,
                height_tenths_in: 0,
            },
            ..spec(Dpi::D300)
        };
        assert_eq!((huge.width_dots(), huge.height_dots()), (32_000, 1));
        assert_eq!(huge.label.width_points(), 14_400.0);
        assert_eq!(huge.label.height_points(), 7.2);
    }

    #[test]
    fn connections_are_stored_tagged_by_kind() {
        let raw = Connection::RawTcp {
            host: "10.0.0.9".into(),
            port: 9100,
        };
        let json = serde_json::to_value(&raw).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "raw_tcp", "host": "10.0.0.9", "port": 9100})
        );
        let spooler: Connection = serde_json::from_value(
            serde_json::json!({"kind": "windows_spooler", "printer_name": "ZDesigner GK420d"}),
        )
        .unwrap();
        assert_eq!(
            spooler,
            Connection::WindowsSpooler {
                printer_name: "ZDesigner GK420d".into()
            }
        );
    }

    #[test]
    fn dpi_is_stored_as_a_number_and_unknown_values_are_refused() {
        let json = serde_json::to_string(&spec(Dpi::D300)).unwrap();
        assert_eq!(
            json,
            r#"{"language":"zpl","dpi":300,"label":{"width_tenths_in":40,"height_tenths_in":60}}"#
        );
        assert!(serde_json::from_str::<Dpi>("600").is_err());
        assert_eq!(serde_json::from_str::<Dpi>("203").unwrap(), Dpi::D203);
    }
}
