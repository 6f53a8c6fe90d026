//! ZPL II documents for thermal label printers.
//!
//! Every coordinate is in dots computed from the [`PrinterSpec`] (`^PW` and
//! `^LL` included), and all caller text goes through `^FH` hex escapes (see
//! `writer`), so what is printed is always text, never commands.

mod graphic;
mod layout;
mod packing_slip;
mod pick_list;
mod test_page;
mod writer;

pub use graphic::ZplGraphics;

use crate::documents::raster::{fit, Raster};
use crate::{PackingSlip, PickList, PrintError, PrinterSpec};
use graphic::Bitmap;
use writer::Zpl;

/// The packing slip as one or more labels (`^XA`..`^XZ` each).
pub fn packing_slip_zpl(slip: &PackingSlip, spec: &PrinterSpec) -> String {
    packing_slip::render(slip, spec)
}

/// The pick list (see [`PickList::lines`]) as one or more labels.
pub fn pick_list_zpl(list: &PickList, spec: &PrinterSpec) -> String {
    pick_list::render(list, spec)
}

/// One label with a border a tenth of an inch inside the edge, rulers with
/// tenth-inch ticks, a one-inch square and the settings in text.
pub fn test_page_zpl(spec: &PrinterSpec, printer_name: &str) -> String {
    test_page::render(spec, printer_name)
}

/// A carrier's PNG label as one ZPL label with a plain-hex `^GFA` graphic;
/// see [`label_png_to_zpl_with`].
pub fn label_png_to_zpl(png: &[u8], spec: &PrinterSpec) -> Result<String, PrintError> {
    label_png_to_zpl_with(png, spec, ZplGraphics::Hex)
}

/// A carrier's PNG label as one ZPL label: turned to the stock's
/// orientation, scaled by nearest neighbour to the largest size that fits
/// the label keeping its aspect ratio (a 4x6 PNG fills a 4x6 label at any
/// DPI), centred across, thresholded to black and white.
pub fn label_png_to_zpl_with(
    png: &[u8],
    spec: &PrinterSpec,
    encoding: ZplGraphics,
) -> Result<String, PrintError> {
    let (label_width, label_height) = (spec.width_dots(), spec.height_dots());
    let raster = Raster::from_png(png)?.oriented_for(label_width, label_height);
    let (width, height) = fit(raster.width, raster.height, label_width, label_height);
    let bitmap = Bitmap::sample(&raster, width, height);
    let mut zpl = Zpl::new(spec);
    zpl.begin_label();
    zpl.graphic((label_width - width) / 2, 0, &bitmap.to_gf(encoding));
    zpl.end_label();
    Ok(zpl.finish())
}
