//! Printable documents: pure functions from plain data to PDF or ZPL bytes.
//!
//! Paper printers get PDF (Letter pages for slips and pick lists, label-sized
//! pages for labels); thermal printers get ZPL II laid out in dots computed
//! from the [`PrinterSpec`](crate::PrinterSpec), so a label is never scaled
//! for the wrong print head.

mod paginate;
pub mod pdf;
mod raster;
pub mod zpl;

pub use pdf::{
    label_png_to_pdf, labels_png_to_pdf, packing_slip_pdf, pick_list_pdf, test_page_pdf,
};
pub use zpl::{
    label_png_to_zpl, label_png_to_zpl_with, packing_slip_zpl, pick_list_zpl, test_page_zpl,
    ZplGraphics,
};

use crate::PrinterSpec;

/// "4.0 x 6.0 in · 203 dpi · 812 x 1218 dots": what a test page prints so a
/// wrong setting can be spotted on paper.
pub(crate) fn describe_label(spec: &PrinterSpec) -> String {
    let inches = |tenths: u32| format!("{}.{}", tenths / 10, tenths % 10);
    format!(
        "{} x {} in \u{b7} {} dpi \u{b7} {} x {} dots",
        inches(spec.label.width_tenths_in),
        inches(spec.label.height_tenths_in),
        spec.dpi.dots_per_inch(),
        spec.width_dots(),
        spec.height_dots()
    )
}
