//! PDF documents, written with `pdf-writer` and the standard Helvetica fonts.
//!
//! Slips and pick lists are Letter pages; test pages and labels are pages
//! the size of the label, so a paper printer with label stock prints them 1:1.

mod doc;
mod flow;
mod labels;
mod packing_slip;
mod pick_list;
mod test_page;
mod text;

use crate::{PackingSlip, PickList, PrintError, PrinterSpec};

/// The packing slip for one order, on as many Letter pages as its lines need.
pub fn packing_slip_pdf(slip: &PackingSlip) -> Vec<u8> {
    packing_slip::render(slip)
}

/// A pick list: items added up across its orders (see [`PickList::lines`]),
/// sorted by SKU, then the orders it covers; Letter pages.
pub fn pick_list_pdf(list: &PickList) -> Vec<u8> {
    pick_list::render(list)
}

/// One page the size of the label with a border, inch rulers and the
/// printer's settings, for checking a printer prints 1:1.
pub fn test_page_pdf(spec: &PrinterSpec, printer_name: &str) -> Vec<u8> {
    test_page::render(spec, printer_name)
}

/// A carrier's PNG label on one page the size of the label, fitted to it.
pub fn label_png_to_pdf(png: &[u8], spec: &PrinterSpec) -> Result<Vec<u8>, PrintError> {
    labels::render(&[png], spec)
}

/// Several PNG labels as one PDF, a page each, so a batch is one print job.
pub fn labels_png_to_pdf(pngs: &[Vec<u8>], spec: &PrinterSpec) -> Result<Vec<u8>, PrintError> {
    let pngs: Vec<&[u8]> = pngs.iter().map(Vec::as_slice).collect();
    labels::render(&pngs, spec)
}
