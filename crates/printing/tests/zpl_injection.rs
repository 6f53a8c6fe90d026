//! Property: whatever text an order holds, the ZPL built from it has only the
//! commands the builders write, every field closed, and never a `~` command.

mod common;

use common::inspect::{zpl_commands, zpl_labels};
use packdesk_printing::{
    packing_slip_zpl, pick_list_zpl, Dpi, LabelSize, PackingSlip, PickList, PickOrder,
    PrinterLanguage, PrinterSpec, SlipLine,
};
use proptest::prelude::*;

/// The commands the builders emit; an injected one would show up as another.
const KNOWN: [&str; 14] = [
    "XA", "XZ", "CI", "PW", "LL", "LH", "FO", "A0", "FH", "FD", "FS", "GB", "BY", "BC",
];

/// Text biased towards what could break ZPL, mixed with anything at all.
fn nasty() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(
            prop_oneof![
                Just("^XZ".to_owned()),
                Just("^XA".to_owned()),
                Just("~JR".to_owned()),
                Just("^FS".to_owned()),
                Just("_5E".to_owned()),
                Just("\n".to_owned()),
                Just("é東".to_owned()),
                "[ -~]{0,8}",
            ],
            0..12,
        )
        .prop_map(|parts| parts.concat()),
    ]
}

fn slip_line() -> impl Strategy<Value = SlipLine> {
    (nasty(), nasty(), nasty(), nasty(), any::<i64>()).prop_map(
        |(sku, product_name, size, colour, quantity)| SlipLine {
            sku,
            product_name,
            size,
            colour,
            quantity,
        },
    )
}

fn slip() -> impl Strategy<Value = PackingSlip> {
    (
        (
            nasty(),
            proptest::collection::vec(nasty(), 0..3),
            nasty(),
            nasty(),
        ),
        (
            proptest::collection::vec(nasty(), 0..4),
            proptest::collection::vec(slip_line(), 0..6),
            nasty(),
        ),
        (proptest::option::of(nasty()), proptest::option::of(nasty())),
    )
        .prop_map(
            |(
                (store_name, ship_from, order_number, customer_name),
                (ship_to, lines, notes),
                (tracking, carrier),
            )| {
                PackingSlip {
                    store_name,
                    ship_from,
                    order_number,
                    customer_name,
                    ship_to,
                    lines,
                    notes,
                    tracking_code: tracking,
                    carrier_service: carrier,
                    ..PackingSlip::default()
                }
            },
        )
}

fn pick_list() -> impl Strategy<Value = PickList> {
    let order = (
        nasty(),
        nasty(),
        proptest::collection::vec(slip_line(), 0..4),
    )
        .prop_map(|(order_number, customer_name, lines)| PickOrder {
            order_number,
            customer_name,
            lines,
        });
    (nasty(), nasty(), proptest::collection::vec(order, 0..4)).prop_map(
        |(title, generated_at, orders)| PickList {
            title,
            generated_at,
            orders,
        },
    )
}

fn spec() -> impl Strategy<Value = PrinterSpec> {
    (
        prop_oneof![Just(Dpi::D203), Just(Dpi::D300)],
        1u32..80,
        1u32..80,
    )
        .prop_map(|(dpi, width, height)| PrinterSpec {
            language: PrinterLanguage::Zpl,
            dpi,
            label: LabelSize {
                width_tenths_in: width,
                height_tenths_in: height,
            },
        })
}

/// Every label well formed, only known commands, each `^FD` closed by the
/// very next command, no `~` anywhere.
fn assert_inert(zpl: &str) -> Result<(), TestCaseError> {
    prop_assert!(!zpl.contains('~'), "a ~ reached the output");
    prop_assert!(zpl.is_ascii(), "non-ASCII reached the output");
    let labels = zpl_labels(zpl);
    prop_assert!(!labels.is_empty());
    for label in labels {
        let commands = zpl_commands(label);
        prop_assert_eq!(commands.first().copied(), Some("XA"));
        prop_assert_eq!(commands.last().copied(), Some("XZ"));
        for (index, command) in commands.iter().enumerate() {
            let name = command.get(..2).unwrap_or(command);
            prop_assert!(KNOWN.contains(&name), "unexpected command ^{}", command);
            if name == "FD" {
                prop_assert_eq!(commands.get(index + 1).copied(), Some("FS"));
            }
            if name == "XA" || name == "XZ" {
                prop_assert!(
                    index == 0 || index == commands.len() - 1,
                    "^{} inside a label",
                    name
                );
            }
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn any_packing_slip_makes_inert_zpl(slip in slip(), spec in spec()) {
        assert_inert(&packing_slip_zpl(&slip, &spec))?;
    }

    #[test]
    fn any_pick_list_makes_inert_zpl(list in pick_list(), spec in spec()) {
        assert_inert(&pick_list_zpl(&list, &spec))?;
    }

    #[test]
    fn any_text_makes_pdfs_without_panicking(slip in slip(), list in pick_list()) {
        let pdf = packdesk_printing::packing_slip_pdf(&slip);
        prop_assert!(pdf.starts_with(b"%PDF-"));
        let pdf = packdesk_printing::pick_list_pdf(&list);
        prop_assert!(pdf.starts_with(b"%PDF-"));
    }
}
