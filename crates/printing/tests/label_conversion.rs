//! Carrier PNG labels converted for thermal (ZPL) and paper (PDF) printers.

mod common;

use common::fixtures::{gray_png, png, spec};
use common::inspect::{decode_gfa, media_boxes, page_images, parse_pdf, zpl_labels, Graphic};
use packdesk_printing::{
    label_png_to_pdf, label_png_to_zpl, label_png_to_zpl_with, labels_png_to_pdf, Dpi, PrintError,
    ZplGraphics,
};
use png::{BitDepth, ColorType};

/// True when every dot left of `split` is burned and every dot from it on
/// (including the row padding) is not.
fn split_at(graphic: &Graphic, split: usize) -> bool {
    (0..graphic.rows())
        .all(|y| (0..graphic.row_bytes * 8).all(|x| graphic.dot(x, y) == (x < split)))
}

#[test]
fn a_half_black_4x6_png_becomes_a_full_label_bitmap_with_the_left_half_burned() {
    // 40 x 60 pixels: the 2:3 shape of a 4x6 label.
    let png = gray_png(40, 60, |x, _| x < 20);

    let zpl = label_png_to_zpl(&png, &spec(Dpi::D203)).unwrap();

    assert_eq!(zpl_labels(&zpl).len(), 1);
    assert!(zpl.contains("^PW812\n^LL1218"));
    let graphic = decode_gfa(&zpl);
    // 812 dots round up to 102 bytes a row; 1218 rows.
    assert_eq!(graphic.row_bytes, 102);
    assert_eq!(graphic.rows(), 1218);
    assert_eq!(graphic.total_bytes, 102 * 1218);
    assert!(split_at(&graphic, 406));
    assert!(zpl.contains("^FO0,0^GFA"));
}

#[test]
fn at_300_dpi_the_same_png_is_scaled_to_1200_by_1800_dots() {
    let png = gray_png(40, 60, |x, _| x < 20);
    let graphic = decode_gfa(&label_png_to_zpl(&png, &spec(Dpi::D300)).unwrap());
    assert_eq!((graphic.row_bytes, graphic.rows()), (150, 1800));
    assert!(split_at(&graphic, 600));
}

#[test]
fn compressed_graphics_hold_the_same_dots_in_far_fewer_bytes() {
    let png = gray_png(40, 60, |x, y| x < 20 || y % 7 == 0);
    let plain = label_png_to_zpl_with(&png, &spec(Dpi::D203), ZplGraphics::Hex).unwrap();
    let compressed =
        label_png_to_zpl_with(&png, &spec(Dpi::D203), ZplGraphics::Compressed).unwrap();

    assert_eq!(decode_gfa(&compressed), decode_gfa(&plain));
    assert!(
        compressed.len() * 20 < plain.len(),
        "{} vs {}",
        compressed.len(),
        plain.len()
    );
}

#[test]
fn a_png_of_another_shape_keeps_its_aspect_and_is_centred_across() {
    // Square: 812 x 812 dots, centred across a 4-inch label, from the top.
    let png = gray_png(10, 10, |_, _| true);
    let zpl = label_png_to_zpl(&png, &spec(Dpi::D203)).unwrap();
    let graphic = decode_gfa(&zpl);
    assert_eq!((graphic.row_bytes, graphic.rows()), (102, 812));

    // Tall and narrow: full length, a third of it wide, centred.
    let png = gray_png(10, 90, |_, _| true);
    let zpl = label_png_to_zpl(&png, &spec(Dpi::D203)).unwrap();
    let graphic = decode_gfa(&zpl);
    assert_eq!(graphic.rows(), 1218);
    assert_eq!(graphic.row_bytes, 136usize.div_ceil(8));
    assert!(
        zpl.contains(&format!("^FO{},0^GFA", (812 - 135) / 2)),
        "{:.80}",
        zpl
    );
}

#[test]
fn a_landscape_label_is_turned_to_fit_portrait_stock() {
    // 60 x 40 with the top half black: turned clockwise, the black half
    // ends up on the right.
    let png = gray_png(60, 40, |_, y| y < 20);
    let graphic = decode_gfa(&label_png_to_zpl(&png, &spec(Dpi::D203)).unwrap());
    assert_eq!(graphic.rows(), 1218);
    let row = 600;
    assert!(!graphic.dot(10, row) && graphic.dot(800, row));
}

#[test]
fn transparent_pixels_print_as_blank_paper() {
    // RGBA: left half opaque black, right half fully transparent black.
    let data: Vec<u8> = (0..60 * 40)
        .flat_map(|i| {
            if i % 40 < 20 {
                [0, 0, 0, 255]
            } else {
                [0, 0, 0, 0]
            }
        })
        .collect();
    let png = png(40, 60, ColorType::Rgba, BitDepth::Eight, None, &data);
    let graphic = decode_gfa(&label_png_to_zpl(&png, &spec(Dpi::D203)).unwrap());
    assert!(split_at(&graphic, 406));
}

#[test]
fn something_that_is_not_a_png_is_a_document_error() {
    for bytes in [
        b"%PDF-1.7 not a png".as_slice(),
        b"",
        &[0x89, b'P', b'N', b'G'],
    ] {
        let error = label_png_to_zpl(bytes, &spec(Dpi::D203)).unwrap_err();
        assert!(matches!(error, PrintError::Document(_)), "{error:?}");
        let error = label_png_to_pdf(bytes, &spec(Dpi::D203)).unwrap_err();
        assert!(matches!(error, PrintError::Document(_)), "{error:?}");
    }
}

#[test]
fn a_png_label_becomes_one_label_sized_pdf_page_with_the_image() {
    let png = gray_png(40, 60, |x, _| x < 20);
    let doc = parse_pdf(&label_png_to_pdf(&png, &spec(Dpi::D203)).unwrap());

    assert_eq!(media_boxes(&doc), vec![[0.0, 0.0, 288.0, 432.0]]);
    let images = page_images(&doc);
    assert_eq!((images[0].width, images[0].height), (40, 60));
    assert_eq!(images[0].color_space, "DeviceGray");
    assert_eq!(
        &images[0].samples[..40],
        [[0u8; 20], [255u8; 20]].concat().as_slice()
    );
}

#[test]
fn a_batch_of_png_labels_is_one_pdf_with_a_page_each() {
    let pngs = vec![
        gray_png(40, 60, |_, _| true),
        gray_png(80, 120, |_, _| false),
        gray_png(40, 60, |x, y| (x + y) % 2 == 0),
    ];
    let doc = parse_pdf(&labels_png_to_pdf(&pngs, &spec(Dpi::D203)).unwrap());

    assert_eq!(media_boxes(&doc), vec![[0.0, 0.0, 288.0, 432.0]; 3]);
    let sizes: Vec<(u32, u32)> = page_images(&doc)
        .iter()
        .map(|i| (i.width, i.height))
        .collect();
    assert_eq!(sizes, vec![(40, 60), (80, 120), (40, 60)]);
}

#[test]
fn an_empty_batch_or_a_bad_png_in_a_batch_is_refused_and_named() {
    let error = labels_png_to_pdf(&[], &spec(Dpi::D203)).unwrap_err();
    assert!(matches!(error, PrintError::Document(_)), "{error:?}");

    let pngs = vec![gray_png(4, 6, |_, _| true), b"junk".to_vec()];
    let error = labels_png_to_pdf(&pngs, &spec(Dpi::D203)).unwrap_err();
    assert!(
        matches!(&error, PrintError::Document(m) if m.contains("label 2 of 2")),
        "{error:?}"
    );
}

#[test]
fn every_png_colour_type_is_read_as_8_bit_on_white() {
    // Each input is 2 x 1: one black pixel, one white (or transparent) pixel.
    let cases: Vec<(&str, Vec<u8>, &str, Vec<u8>)> = vec![
        (
            "1-bit gray",
            png(
                2,
                1,
                ColorType::Grayscale,
                BitDepth::One,
                None,
                &[0b0100_0000],
            ),
            "DeviceGray",
            vec![0, 255],
        ),
        (
            "16-bit gray",
            png(
                2,
                1,
                ColorType::Grayscale,
                BitDepth::Sixteen,
                None,
                &[0, 0, 255, 255],
            ),
            "DeviceGray",
            vec![0, 255],
        ),
        (
            "palette",
            png(
                2,
                1,
                ColorType::Indexed,
                BitDepth::Eight,
                Some(&[0, 0, 0, 255, 255, 255]),
                &[0, 1],
            ),
            "DeviceGray",
            vec![0, 255],
        ),
        (
            "gray + alpha",
            png(
                2,
                1,
                ColorType::GrayscaleAlpha,
                BitDepth::Eight,
                None,
                &[0, 255, 0, 0],
            ),
            "DeviceGray",
            vec![0, 255],
        ),
        (
            "rgb",
            png(
                2,
                1,
                ColorType::Rgb,
                BitDepth::Eight,
                None,
                &[255, 0, 0, 255, 255, 255],
            ),
            "DeviceRGB",
            vec![255, 0, 0, 255, 255, 255],
        ),
        (
            "rgba",
            png(
                2,
                1,
                ColorType::Rgba,
                BitDepth::Eight,
                None,
                &[0, 0, 255, 255, 0, 0, 0, 0],
            ),
            "DeviceRGB",
            vec![0, 0, 255, 255, 255, 255],
        ),
    ];
    for (name, png, colour_space, samples) in cases {
        let doc = parse_pdf(&label_png_to_pdf(&png, &spec(Dpi::D203)).unwrap());
        let image = &page_images(&doc)[0];
        assert_eq!(image.color_space, colour_space, "{name}");
        assert_eq!(image.samples, samples, "{name}");
    }
}
