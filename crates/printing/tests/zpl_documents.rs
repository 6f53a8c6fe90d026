//! ZPL documents: label framing, scaling from the DPI, escaping, pagination.

mod common;

use common::fixtures::{long_pick_list, pick_list, slip, spec};
use common::inspect::{zpl_commands, zpl_fields, zpl_labels};
use packdesk_printing::{
    packing_slip_zpl, pick_list_zpl, test_page_zpl, Dpi, LabelSize, PrinterSpec,
};

#[test]
fn a_4x6_label_is_812_dots_wide_at_203_dpi_and_1200_at_300() {
    for (dpi, width, length) in [(Dpi::D203, 812, 1218), (Dpi::D300, 1200, 1800)] {
        let zpl = packing_slip_zpl(&slip(), &spec(dpi));
        let labels = zpl_labels(&zpl);
        assert_eq!(labels.len(), 1, "{dpi:?}");
        let commands = zpl_commands(labels[0]);
        assert!(
            commands.contains(&format!("PW{width}").as_str()),
            "{dpi:?}: {commands:?}"
        );
        assert!(
            commands.contains(&format!("LL{length}").as_str()),
            "{dpi:?}: {commands:?}"
        );
    }
}

#[test]
fn the_same_slip_is_drawn_the_same_physical_size_at_either_dpi() {
    // The order number's font height in dots scales with the DPI (16 pt).
    let height_of = |dpi| {
        let zpl = packing_slip_zpl(&slip(), &spec(dpi));
        let commands = zpl_commands(&zpl);
        let field = commands
            .iter()
            .position(|c| *c == "FDOrder K7QX-00042")
            .expect("order field");
        // ^FOx,y ^A0N,h,w ^FH ^FD...
        commands[field - 2]
            .trim_start_matches("A0N,")
            .split(',')
            .next()
            .unwrap()
            .parse::<u32>()
            .unwrap()
    };
    assert_eq!(height_of(Dpi::D203), 45);
    assert_eq!(height_of(Dpi::D300), 67);
}

#[test]
fn a_packing_slip_label_carries_the_order_address_items_and_a_scannable_order_number() {
    let zpl = packing_slip_zpl(&slip(), &spec(Dpi::D203));
    let fields = zpl_fields(&zpl);
    for expected in [
        "Order K7QX-00042",
        "Zoë Martín",
        "48 Harbour Road",
        "1 x SUIT-NVY-40R",
        "Wedding suit, 40R, Navy",
        "Total items: 3",
        "Happy wedding day! Love, Gran",
        "Shipped: USPS Priority Mail - 9400111899223344556677",
        "Order K7QX-00042 - page 1 of 1",
    ] {
        assert!(
            fields.iter().any(|f| f == expected),
            "missing {expected:?} in {fields:?}"
        );
    }
    let commands = zpl_commands(&zpl);
    let barcode = commands
        .iter()
        .position(|c| c.starts_with("BCN"))
        .expect("Code 128");
    assert_eq!(commands[barcode + 2], "FDK7QX-00042");
}

#[test]
fn zpl_in_an_order_note_is_printed_as_text_not_run() {
    let mut slip = slip();
    slip.notes = "Leave at door ^XZ~JR^XA^FDgotcha".into();
    slip.customer_name = "~HS snake_case".into();

    let zpl = packing_slip_zpl(&slip, &spec(Dpi::D203));

    assert_eq!(zpl_labels(&zpl).len(), 1);
    assert!(!zpl.contains('~'), "{zpl}");
    assert!(zpl.contains("_5EXZ_7EJR_5EXA_5EFDgotcha"), "{zpl}");
    let fields = zpl_fields(&zpl);
    assert!(
        fields
            .iter()
            .any(|f| f == "Leave at door ^XZ~JR^XA^FDgotcha"),
        "{fields:?}"
    );
    assert!(fields.iter().any(|f| f == "~HS snake_case"), "{fields:?}");
}

#[test]
fn a_pick_list_label_adds_up_quantities_across_orders() {
    let zpl = pick_list_zpl(&pick_list(), &spec(Dpi::D203));
    let fields = zpl_fields(&zpl);
    let picks: Vec<&String> = fields.iter().filter(|f| f.starts_with("[ ]")).collect();
    assert_eq!(
        picks,
        ["[ ] 1 x SOCK-GRY", "[ ] 6 x TEE-BLK", "[ ] 1 x TEE-BLK"]
    );
    assert!(
        fields.iter().any(|f| f == "for A-1, A-2, A-3"),
        "{fields:?}"
    );
    assert!(
        fields
            .iter()
            .any(|f| f == "2025-03-14 08:30 - 3 orders - 8 pieces"),
        "{fields:?}"
    );
}

#[test]
fn a_200_line_pick_list_spans_several_labels_each_framed_and_numbered() {
    let zpl = pick_list_zpl(&long_pick_list(200), &spec(Dpi::D203));
    let labels = zpl_labels(&zpl);

    assert!(labels.len() > 5, "{} labels", labels.len());
    let count = labels.len();
    for (index, label) in labels.iter().enumerate() {
        let commands = zpl_commands(label);
        assert!(
            commands.contains(&"PW812") && commands.contains(&"LL1218"),
            "label {index}"
        );
        let fields = zpl_fields(label);
        assert!(
            fields.contains(&format!("Big pick - page {} of {count}", index + 1)),
            "label {index}: {fields:?}"
        );
        // Nothing is drawn below the label's length.
        for command in commands.iter().filter_map(|c| c.strip_prefix("FO")) {
            let y: u32 = command.split(',').nth(1).unwrap().parse().unwrap();
            assert!(y < 1218, "label {index}: y {y}");
        }
    }
    let fields = zpl_fields(&zpl);
    for i in 0..200 {
        let pick = format!("[ ] 1 x SKU-{i:04}");
        assert_eq!(fields.iter().filter(|f| **f == pick).count(), 1, "{pick}");
    }
}

#[test]
fn the_test_page_border_sits_a_tenth_of_an_inch_inside_the_label_edge() {
    let at_203 = zpl_commands(&test_page_zpl(&spec(Dpi::D203), "GK420d"))
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>();
    // ^FO20,20 then a box 812 - 2*20 by 1218 - 2*20.
    let border = at_203
        .iter()
        .position(|c| c == "FO20,20")
        .expect("border origin");
    assert_eq!(at_203[border + 1], "GB772,1178,2");

    let at_300 = zpl_commands(&test_page_zpl(&spec(Dpi::D300), "GK420d"))
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>();
    let border = at_300
        .iter()
        .position(|c| c == "FO30,30")
        .expect("border origin");
    assert_eq!(at_300[border + 1], "GB1140,1740,3");
}

#[test]
fn the_test_page_ruler_has_a_long_tick_at_every_inch_and_prints_the_settings() {
    let zpl = test_page_zpl(&spec(Dpi::D203), "Zebra GK420d");
    let commands = zpl_commands(&zpl);
    // Inch ticks are 0.25 in (50 dots) long, at x = 203, 406, 609.
    for x in [203, 406, 609] {
        let at = commands
            .iter()
            .position(|c| *c == format!("FO{x},60"))
            .unwrap_or_else(|| panic!("tick at {x}"));
        assert_eq!(commands[at + 1], "GB2,50,2", "tick at {x}");
    }
    let fields = zpl_fields(&zpl);
    assert!(fields.iter().any(|f| f == "Zebra GK420d"), "{fields:?}");
    assert!(
        fields
            .iter()
            .any(|f| f == "4.0 x 6.0 in \u{b7} 203 dpi \u{b7} 812 x 1218 dots"),
        "{fields:?}"
    );
}

#[test]
fn documents_fit_a_small_label_too() {
    let small = PrinterSpec {
        label: LabelSize {
            width_tenths_in: 15,
            height_tenths_in: 10,
        },
        ..spec(Dpi::D203)
    };
    let zpl = packing_slip_zpl(&slip(), &small);
    let labels = zpl_labels(&zpl);
    assert!(labels.len() > 1);
    assert!(labels.iter().all(|l| l.contains("^PW304\n^LL203")));
    // 1.5 in is too narrow for the order number's 290-dot barcode: it is
    // left out rather than cut off.
    assert!(!zpl.contains("^BC"));
    // 2 in is wide enough.
    let two_inch = PrinterSpec {
        label: LabelSize {
            width_tenths_in: 20,
            height_tenths_in: 10,
        },
        ..small
    };
    assert!(packing_slip_zpl(&slip(), &two_inch).contains("^BC"));
}
