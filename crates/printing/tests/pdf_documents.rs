//! PDF documents, read back with lopdf.

mod common;

use common::fixtures::{line, long_pick_list, pick_list, slip, spec};
use common::inspect::{media_boxes, page_texts, parse_pdf};
use packdesk_printing::{
    packing_slip_pdf, pick_list_pdf, test_page_pdf, Dpi, LabelSize, PrinterSpec,
};

const LETTER: [f32; 4] = [0.0, 0.0, 612.0, 792.0];

#[test]
fn a_packing_slip_is_one_letter_page_with_the_order_the_address_and_the_items() {
    let doc = parse_pdf(&packing_slip_pdf(&slip()));

    assert_eq!(media_boxes(&doc), vec![LETTER]);
    let text = &page_texts(&doc)[0];
    for expected in [
        "Thread & Needle Tailors",
        "12 Mill Lane",
        "K7QX-00042",
        "14 Mar 2025",
        "Zoë Martín",
        "48 Harbour Road",
        "SUIT-NVY-40R",
        "Wedding suit, 40R, Navy",
        "Silk tie, Blue",
        "Total items: 3",
        "Happy wedding day! Love, Gran",
        "USPS Priority Mail",
        "9400111899223344556677",
        "Page 1 of 1",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

#[test]
fn a_packing_slip_shows_no_money() {
    let text = page_texts(&parse_pdf(&packing_slip_pdf(&slip()))).concat();
    assert!(
        !text.contains('$') && !text.to_lowercase().contains("price"),
        "{text}"
    );
}

#[test]
fn characters_outside_winansi_print_as_question_marks() {
    let mut slip = slip();
    slip.customer_name = "Łukasz 東京 Ørsted".into();
    let text = page_texts(&parse_pdf(&packing_slip_pdf(&slip))).concat();
    assert!(text.contains("?ukasz ?? Ørsted"), "{text}");
}

#[test]
fn a_long_packing_slip_continues_on_more_pages_with_every_line_once() {
    let mut slip = slip();
    slip.lines = (0..120)
        .map(|i| line(&format!("SKU-{i:03}"), "Shirt", "M", "Blue", 1))
        .collect();
    slip.notes = "Note line. ".repeat(300);

    let doc = parse_pdf(&packing_slip_pdf(&slip));
    let pages = page_texts(&doc);

    assert!(pages.len() >= 3, "{} pages", pages.len());
    assert!(media_boxes(&doc).iter().all(|b| *b == LETTER));
    for i in 0..120 {
        let sku = format!("SKU-{i:03}");
        let count: usize = pages.iter().map(|p| p.matches(&sku).count()).sum();
        assert_eq!(count, 1, "{sku}");
    }
    let total = pages.len();
    for (index, page) in pages.iter().enumerate() {
        assert!(
            page.contains(&format!("Page {} of {total}", index + 1)),
            "page {index}"
        );
        if index > 0 {
            assert!(page.contains("(continued)"), "page {index}");
        }
    }
    assert_eq!(
        pages
            .iter()
            .filter(|p| p.contains("Total items: 120"))
            .count(),
        1
    );
}

#[test]
fn a_pick_list_adds_up_each_sku_size_and_colour_across_orders() {
    let text = page_texts(&parse_pdf(&pick_list_pdf(&pick_list()))).concat();
    let rows: Vec<&str> = text.lines().collect();

    // Columns are separate text objects, one per line of extracted text:
    // checkbox (none), quantity, SKU, item, orders.
    let medium = rows
        .iter()
        .position(|r| *r == "Tee, M, Black")
        .expect("M row");
    assert_eq!(rows[medium - 2], "6");
    assert_eq!(rows[medium - 1], "TEE-BLK");
    assert_eq!(rows[medium + 1], "A-1, A-2, A-3");
    let large = rows
        .iter()
        .position(|r| *r == "Tee, L, Black")
        .expect("L row");
    assert_eq!(rows[large - 2], "1");
    assert_eq!(rows[large + 1], "A-2");
    // Sorted by SKU: SOCK before TEE.
    let socks = rows.iter().position(|r| *r == "SOCK-GRY").expect("socks");
    assert!(socks < medium);
    assert!(text.contains("3 orders \u{b7} 8 pieces"), "{text}");
}

#[test]
fn a_200_line_pick_list_runs_over_several_pages_without_losing_a_line() {
    let doc = parse_pdf(&pick_list_pdf(&long_pick_list(200)));
    let pages = page_texts(&doc);

    assert!(pages.len() >= 4, "{} pages", pages.len());
    for i in 0..200 {
        let sku = format!("SKU-{i:04}");
        let count: usize = pages
            .iter()
            .map(|p| p.lines().filter(|l| *l == sku).count())
            .sum();
        assert_eq!(count, 1, "{sku}");
    }
    // SKUs run in order across the pages.
    let order: Vec<&str> = pages
        .iter()
        .flat_map(|p| p.lines())
        .filter(|l| l.starts_with("SKU-"))
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
}

#[test]
fn a_test_page_is_the_size_of_the_label_and_names_the_settings() {
    let doc = parse_pdf(&test_page_pdf(&spec(Dpi::D203), "Zebra GK420d"));
    assert_eq!(media_boxes(&doc), vec![[0.0, 0.0, 288.0, 432.0]]);
    let text = &page_texts(&doc)[0];
    assert!(text.contains("Zebra GK420d"), "{text}");
    assert!(
        text.contains("4.0 x 6.0 in \u{b7} 203 dpi \u{b7} 812 x 1218 dots"),
        "{text}"
    );

    let small = PrinterSpec {
        label: LabelSize {
            width_tenths_in: 20,
            height_tenths_in: 10,
        },
        ..spec(Dpi::D300)
    };
    let doc = parse_pdf(&test_page_pdf(&small, "tiny"));
    assert_eq!(media_boxes(&doc), vec![[0.0, 0.0, 144.0, 72.0]]);
}
