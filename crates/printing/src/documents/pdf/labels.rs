//! Carrier PNG labels placed on label-sized PDF pages, for paper printers.

use super::doc::PdfDoc;
use crate::documents::raster::Raster;
use crate::{PrintError, PrinterSpec};

pub(crate) fn render(pngs: &[&[u8]], spec: &PrinterSpec) -> Result<Vec<u8>, PrintError> {
    if pngs.is_empty() {
        return Err(PrintError::Document("no labels to put in the PDF".into()));
    }
    let (page_width, page_height) = (spec.label.width_points(), spec.label.height_points());
    let mut doc = PdfDoc::new(if pngs.len() == 1 { "Label" } else { "Labels" });
    for (index, png) in pngs.iter().enumerate() {
        let raster = Raster::from_png(png)
            .map_err(|error| match error {
                PrintError::Document(reason) if pngs.len() > 1 => {
                    PrintError::Document(format!("label {} of {}: {reason}", index + 1, pngs.len()))
                }
                other => other,
            })?
            .oriented_for(spec.label.width_tenths_in, spec.label.height_tenths_in);
        // Fill the page keeping the aspect ratio: centred across, from the top.
        let scale = (page_width / raster.width as f32).min(page_height / raster.height as f32);
        let (width, height) = (raster.width as f32 * scale, raster.height as f32 * scale);
        let page = doc.add_page(page_width, page_height);
        page.image(raster, (page_width - width) / 2.0, 0.0, width, height);
    }
    Ok(doc.finish())
}
