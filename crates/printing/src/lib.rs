//! Printers and printable documents.
//!
//! Two halves that meet only in [`Document`]:
//!
//! - **Documents** ([`documents`]) are pure functions from plain data
//!   ([`PackingSlip`], [`PickList`], carrier PNG labels) to bytes: PDF for paper
//!   printers, ZPL II for thermal label printers. No I/O, no clock, so they are
//!   tested by parsing their output back.
//! - **Sending** ([`send`]) delivers one document over a [`Connection`]: raw TCP
//!   (port 9100), IPP (CUPS, network printers) or the Windows spooler. Every
//!   failure is a [`PrintError`] that says whether trying again later can help,
//!   because the desk keeps a print queue and must not retry forever a job the
//!   printer has already refused.

pub mod documents;
mod error;
mod format;
mod model;
mod printer;
mod send;

pub use documents::{
    label_png_to_pdf, label_png_to_zpl, label_png_to_zpl_with, labels_png_to_pdf, packing_slip_pdf,
    packing_slip_zpl, pick_list_pdf, pick_list_zpl, test_page_pdf, test_page_zpl, ZplGraphics,
};
pub use error::PrintError;
pub use format::{Document, DocumentFormat};
pub use model::{PackingSlip, PickLine, PickList, PickOrder, SlipLine};
pub use printer::{Connection, Dpi, LabelSize, PrinterLanguage, PrinterSpec};
pub use send::{send, Sent};

#[cfg(feature = "test-printer")]
pub mod test_printer;
