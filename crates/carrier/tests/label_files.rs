//! The label files the fake serves are real labels: the desk previews the PNG,
//! converts it, and sends label bytes to printers whose output tests compare
//! byte for byte. So each file must be a genuine 4×6 label in its format, the
//! same bytes every time for one shipment, and different between shipments.

mod common;

use common::{bought, check_pdf, client, fake, pdf_object};
use packdesk_carrier::{Carrier, CarrierError, EasyPostClient, LabelFormat, LabelRef};

async fn file(client: &EasyPostClient, shipment_id: &str, format: LabelFormat) -> Vec<u8> {
    let label = client.label(shipment_id, format).await.unwrap();
    client.download_label(&label).await.unwrap()
}

/// A decoded PNG as one byte per pixel (0 black, 1 white) and its header.
fn decode_png(bytes: &[u8]) -> (png::Info<'static>, Vec<Vec<u8>>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let info = reader.info().clone();
    let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buffer).unwrap();
    assert_eq!(
        (frame.color_type, frame.bit_depth),
        (png::ColorType::Grayscale, png::BitDepth::One)
    );
    let rows = buffer[..frame.buffer_size()]
        .chunks(frame.line_size)
        .map(|row| {
            (0..frame.width as usize)
                .map(|x| (row[x / 8] >> (7 - x % 8)) & 1)
                .collect()
        })
        .collect();
    (info.to_owned(), rows)
}

/// The part of a row inside the label's frame (4 dots at 10 dots from the edge).
fn inside(row: &[u8]) -> &[u8] {
    &row[20..row.len() - 20]
}

/// Widths of the black runs along a row, left to right.
fn bars(row: &[u8]) -> Vec<usize> {
    let mut runs = Vec::new();
    let mut run = 0;
    for &pixel in row.iter().chain(std::iter::once(&1)) {
        if pixel == 0 {
            run += 1;
        } else if run > 0 {
            runs.push(run);
            run = 0;
        }
    }
    runs
}

#[tokio::test]
async fn a_png_label_is_a_4x6_inch_label_image_at_203_dpi() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let purchase = bought(&client).await;

    let bytes = file(&client, &purchase.shipment_id, LabelFormat::Png).await;
    let (info, rows) = decode_png(&bytes);

    assert_eq!((info.width, info.height), (812, 1218));
    assert_eq!(info.width * 6, info.height * 4, "4×6 proportions");
    let dims = info.pixel_dims.unwrap();
    assert_eq!((dims.xppu, dims.unit), (7992, png::Unit::Meter), "203 dpi");
    let black: usize = rows.iter().flatten().filter(|p| **p == 0).count();
    let share = black * 100 / (812 * 1218);
    assert!(
        (5..50).contains(&share),
        "{share}% black: a drawn label, not a blank"
    );
    assert!(
        bytes.len() < 20_000,
        "1-bit and compressed: {} bytes",
        bytes.len()
    );
}

#[tokio::test]
async fn a_png_label_carries_a_code_128_symbol_of_the_tracking_code() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let purchase = bought(&client).await;
    assert_eq!(purchase.tracking_code.len(), 22);

    let (_, rows) = decode_png(&file(&client, &purchase.shipment_id, LabelFormat::Png).await);

    // A row through the barcode: 22 digits in subset C are start, 11 pairs
    // and a check symbol (3 bars each) and the stop (4 bars), 156 modules.
    let row = rows
        .iter()
        .map(|row| inside(row))
        .find(|row| bars(row).len() == 43)
        .expect("a barcode row");
    let runs = bars(row);
    let first = row.iter().position(|p| *p == 0).unwrap();
    let last = row.iter().rposition(|p| *p == 0).unwrap();
    let module = (last + 1 - first) / 156;
    assert!(module >= 2, "bars wide enough to print and scan");
    assert_eq!(last + 1 - first, 156 * module);
    assert!(runs
        .iter()
        .all(|w| w % module == 0 && (1..=4).contains(&(w / module))));
    assert!(
        first >= 10 * module && row.len() - 1 - last >= 10 * module,
        "quiet zones"
    );
}

#[tokio::test]
async fn png_labels_are_stable_for_a_shipment_and_differ_between_shipments() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let one = bought(&client).await;
    let two = bought(&client).await;

    let first = file(&client, &one.shipment_id, LabelFormat::Png).await;
    let again = client.download_label(&one.label).await.unwrap();
    let other = file(&client, &two.shipment_id, LabelFormat::Png).await;

    assert_eq!(first, again, "the same bytes every time");
    assert_ne!(first, other);
    let (_, first_rows) = decode_png(&first);
    let (_, other_rows) = decode_png(&other);
    let barcode = |rows: &[Vec<u8>]| {
        rows.iter()
            .map(|row| inside(row).to_vec())
            .find(|row| bars(row).len() == 43)
    };
    assert_ne!(
        barcode(&first_rows),
        barcode(&other_rows),
        "the barcodes differ, not just the text"
    );
}

#[tokio::test]
async fn a_pdf_label_is_one_4x6_page_with_an_exact_cross_reference_table() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let purchase = bought(&client).await;

    let pdf = file(&client, &purchase.shipment_id, LabelFormat::Pdf).await;

    assert!(pdf.starts_with(b"%PDF-1.4\n"));
    assert!(pdf.ends_with(b"%%EOF\n"));
    let pages = check_pdf(&pdf);
    assert_eq!(pages.len(), 1);
    assert!(
        pdf_object(&pdf, 2).contains("/MediaBox [0 0 288 432]"),
        "4×6 inches"
    );
    assert!(
        pdf_object(&pdf, 3).contains("/BaseFont /Helvetica "),
        "a standard font"
    );
    let content = pdf_object(&pdf, 6);
    let code = &purchase.tracking_code;
    let grouped = format!(
        "({} {} {} {} {} {})",
        &code[..4],
        &code[4..8],
        &code[8..12],
        &code[12..16],
        &code[16..20],
        &code[20..]
    );
    for text in ["(USPS)", "(GROUNDADVANTAGE)", grouped.as_str()] {
        assert!(content.contains(text), "{text} in {content}");
    }
    assert_eq!(
        content.matches(" re f").count(),
        4 + 1 + 4 + 43,
        "frame, letter block, four rules and the 43 bars, as rectangles"
    );
}

#[tokio::test]
async fn a_zpl_label_is_a_203_dpi_4x6_label_with_a_barcode_of_its_tracking_code() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let purchase = bought(&client).await;

    let zpl =
        String::from_utf8(file(&client, &purchase.shipment_id, LabelFormat::Zpl).await).unwrap();

    assert!(zpl.starts_with("^XA\n") && zpl.ends_with("^XZ\n"), "{zpl}");
    assert_eq!(zpl.matches("^XA").count(), 1, "one label");
    for command in [
        "^PW812\n",
        "^LL1218\n",
        "^A0N,64,64^FDUSPS^FS",
        "^FDGROUNDADVANTAGE^FS",
    ] {
        assert!(zpl.contains(command), "{command} in {zpl}");
    }
    assert!(
        zpl.contains(&format!("^BCN,220,N,N,N,A^FD{}^FS", purchase.tracking_code)),
        "{zpl}"
    );
    assert!(zpl.contains("^GB"), "boxes and rules");
}

#[tokio::test]
async fn there_is_no_label_file_for_a_shipment_without_postage() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let label = LabelRef {
        format: LabelFormat::Png,
        url: format!("{}/labels/shp_never_bought.png", fake.base_url()),
    };

    let error = client.download_label(&label).await.unwrap_err();

    assert!(
        matches!(error, CarrierError::Invalid { status: 404, .. }),
        "{error:?}"
    );
}
